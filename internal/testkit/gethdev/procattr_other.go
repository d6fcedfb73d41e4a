//go:build !linux

package gethdev

import "syscall"

// sysProcAttr: outside Linux there is no parent-death signal; a test process
// that dies without calling Stop leaves geth running.
func sysProcAttr() *syscall.SysProcAttr { return nil }
