//go:build !unix

package gethdev

// lockDir is a no-op where flock is unavailable: concurrent cold callers
// may each build, and the last rename wins with an identical binary.
func lockDir(string) (func(), error) { return func() {}, nil }
