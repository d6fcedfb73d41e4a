// Package wait is the tests' one way to wait for a condition that another
// goroutine or process makes true (nats-server's checkFor): poll it every
// step, and fail the test with what it last said once total has passed.
// It bounds a wait; it never measures speed, and no test asserts on how long
// a wait took.
package wait

import (
	"errors"
	"testing"
	"time"
)

// For calls f until it returns nil, sleeping step between calls, and fails
// t with f's last error once total has passed. f is called at least once,
// and once more after the deadline, so a condition that holds by then
// passes.
func For(t testing.TB, total, step time.Duration, f func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %v", total, err)
			return
		}
		time.Sleep(step)
	}
}

// Until is For over a condition without a reason: it fails with "waiting
// for what".
func Until(t testing.TB, total, step time.Duration, what string, cond func() bool) {
	t.Helper()
	For(t, total, step, func() error {
		if cond() {
			return nil
		}
		return errors.New("waiting for " + what)
	})
}
