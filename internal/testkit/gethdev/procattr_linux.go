//go:build linux

package gethdev

import "syscall"

// sysProcAttr makes the kernel kill geth if the test process dies without
// calling Stop. Pdeathsig fires when the forking OS thread exits, and Go only
// retires the thread of a goroutine that exits while locked with
// runtime.LockOSThread: do not call Start from such a goroutine.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
