//go:build unix

// Package cputime reads the process's CPU time, the measure benchmarks on a
// shared machine divide by: stolen time does not move it.
package cputime

import (
	"syscall"
	"time"
)

// Process is the process's user and system CPU time so far, or 0 where it
// cannot be read.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
