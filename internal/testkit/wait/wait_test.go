package wait

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// fakeT records a failure instead of ending the test.
type fakeT struct {
	testing.TB
	failed string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Fatalf(format string, args ...any) { f.failed = fmt.Sprintf(format, args...) }

func TestForReturnsOnceTheConditionHolds(t *testing.T) {
	calls := 0
	For(t, time.Minute, time.Millisecond, func() error {
		if calls++; calls < 3 {
			return errors.New("not yet")
		}
		return nil
	})
	if calls != 3 {
		t.Fatalf("f called %d times, want 3", calls)
	}
}

func TestForFailsWithTheLastError(t *testing.T) {
	ft := &fakeT{}
	calls := 0
	For(ft, 0, time.Millisecond, func() error {
		calls++
		return fmt.Errorf("attempt %d", calls)
	})
	if !strings.Contains(ft.failed, fmt.Sprintf("attempt %d", calls)) || calls < 1 {
		t.Fatalf("failure %q after %d calls, want the last error", ft.failed, calls)
	}
}

func TestUntilNamesTheCondition(t *testing.T) {
	ft := &fakeT{}
	Until(ft, 0, time.Millisecond, "the moon", func() bool { return false })
	if !strings.Contains(ft.failed, "waiting for the moon") {
		t.Fatalf("failure %q does not name the condition", ft.failed)
	}
	ft = &fakeT{}
	Until(ft, 0, time.Millisecond, "the sun", func() bool { return true })
	if ft.failed != "" {
		t.Fatalf("a holding condition failed: %q", ft.failed)
	}
}
