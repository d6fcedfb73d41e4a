package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func ms1(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestPercentileNearestRank(t *testing.T) {
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, ms1(i))
	}
	cases := []struct {
		sorted   []time.Duration
		perMille int
		want     time.Duration
	}{
		{nil, 990, 0},
		{[]time.Duration{ms1(7)}, 0, ms1(7)},
		{[]time.Duration{ms1(7)}, 990, ms1(7)},
		{hundred, 500, ms1(50)},
		{hundred, 990, ms1(99)},
		{hundred, 999, ms1(100)},
		{hundred, 1000, ms1(100)},
		{hundred, 0, ms1(1)},
		{hundred, 1, ms1(1)},
		{hundred, 11, ms1(2)},
		// p99 of 1000 samples is the 990th; one slow outlier in ten
		// samples is the p99 (rank ceil(9.9) = 10).
		{[]time.Duration{1, 1, 1, 1, 1, 1, 1, 1, 1, ms1(50)}, 990, ms1(50)},
		{[]time.Duration{1, 1, 1, 1, 1, 1, 1, 1, 1, ms1(50)}, 900, 1},
	}
	for _, c := range cases {
		if got := percentile(c.sorted, c.perMille); got != c.want {
			t.Errorf("percentile(%d samples, %d‰) = %v, want %v", len(c.sorted), c.perMille, got, c.want)
		}
	}
}

func TestSummaryCountsErrorsApart(t *testing.T) {
	l := newLatencies(4)
	for _, d := range []time.Duration{ms1(3), ms1(1), ms1(2)} {
		l.add(d, nil)
	}
	l.add(ms1(100), errors.New("boom"))
	s := l.summary()
	if s.n != 3 || s.errs != 1 || s.p50 != ms1(2) || s.mx != ms1(3) || s.firstErr == nil {
		t.Fatalf("summary = %+v", s)
	}
}

func TestScheduleTimes(t *testing.T) {
	start := time.Unix(1000, 0)
	s := newSchedule(start, 300, 2*time.Second)
	if s.n != 600 {
		t.Fatalf("n = %d, want 600", s.n)
	}
	// 1/300 s is not a whole number of nanoseconds: times come from start,
	// so the 300th send is exactly one second in.
	if got := s.at(300).Sub(start); got != time.Second {
		t.Fatalf("at(300) = start+%v, want start+1s", got)
	}
	if got := s.at(1).Sub(start); got != 3333333 {
		t.Fatalf("at(1) = start+%v", got)
	}
}

// fakeClock jumps to the time slept until plus a fixed lateness (a
// scheduler that always wakes up late). With settle, it first waits until
// every send started so far has read the clock once (has completed), so
// completions are read at the time they happened.
type fakeClock struct {
	mu     sync.Mutex
	cond   *sync.Cond
	now    time.Time
	late   time.Duration
	settle bool
	sleeps int
	reads  int
}

func newFakeClock(late time.Duration, settle bool) *fakeClock {
	c := &fakeClock{now: time.Unix(0, 0), late: late, settle: settle}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	c.cond.Broadcast()
	return c.now
}

func (c *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.settle && c.reads < c.sleeps {
		c.cond.Wait()
	}
	c.sleeps++
	if t.Add(c.late).After(c.now) {
		c.now = t.Add(c.late)
	}
	return ctx.Err()
}

func TestOpenLoopMeasuresFromTheSchedule(t *testing.T) {
	c := newFakeClock(ms1(7), true)
	s := newSchedule(time.Unix(0, 0), 100, time.Second)
	lat := openLoop(context.Background(), c, s, s.n, func(int) error { return nil })
	sum := lat.summary()
	// Each send returns at once, but the scheduler woke 7 ms late: the
	// latency from the scheduled time includes that.
	if sum.n != 100 || sum.p50 != ms1(7) || sum.mx != ms1(7) {
		t.Fatalf("summary = %+v, want 100 samples of 7ms", sum)
	}
}

func TestOpenLoopDoesNotWaitForCompletions(t *testing.T) {
	c := newFakeClock(0, false)
	s := newSchedule(time.Unix(0, 0), 1000, 50*time.Millisecond)
	var mu sync.Mutex
	var started []int
	release := make(chan struct{})
	done := make(chan *latencies, 1)
	go func() {
		done <- openLoop(context.Background(), c, s, s.n, func(i int) error {
			mu.Lock()
			started = append(started, i)
			if len(started) == s.n {
				close(release)
			}
			mu.Unlock()
			<-release // no send completes before every send has started
			return nil
		})
	}()
	select {
	case lat := <-done:
		if got := lat.summary().n; got != s.n {
			t.Fatalf("%d samples, want %d", got, s.n)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("sends waited for earlier ones to complete (closed loop)")
	}
	slices.Sort(started)
	for i, v := range started {
		if v != i {
			t.Fatalf("send indices %v, want 0..%d once each", started, s.n-1)
		}
	}
}

func TestOpenLoopStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lat := openLoop(ctx, wallClock{}, newSchedule(time.Now().Add(time.Hour), 10, time.Hour), 1, func(int) error { return nil })
	if n := lat.summary().n; n != 0 {
		t.Fatalf("%d sends after the context ended", n)
	}
}

func TestOpenLoopCountsSendsPastTheCapUnserved(t *testing.T) {
	c := newFakeClock(0, false)
	s := newSchedule(time.Unix(0, 0), 1000, 10*time.Millisecond)
	release := make(chan struct{})
	var calls atomic.Int64
	done := make(chan *latencies, 1)
	go func() {
		done <- openLoop(context.Background(), c, s, 3, func(int) error {
			calls.Add(1)
			<-release
			return nil
		})
	}()
	// The first three sends never complete before the schedule ends: the
	// other seven are not made, and rank above every served request.
	for calls.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	sum := (<-done).summary()
	if calls.Load() != 3 || sum.n != 3 || sum.dropped != 7 {
		t.Fatalf("%d sends, summary %+v; want 3 sent, 7 unserved", calls.Load(), sum)
	}
	if sum.p50 != unserved || sum.p99 != unserved || sum.mx != unserved {
		t.Fatalf("summary %+v: percentiles above the served share must be unserved", sum)
	}
}

func TestHistPercentile(t *testing.T) {
	buckets := []float64{0, 0.001, 0.002, 0.004, math.Inf(1)}
	counts := []uint64{0, 5, 0, 5}
	if got := histPercentile(counts, buckets, 500); got != 2*time.Millisecond {
		t.Errorf("p50 = %v, want the upper bound of the second bucket, 2ms", got)
	}
	if got := histPercentile(counts, buckets, 990); got != 4*time.Millisecond {
		t.Errorf("p99 = %v, want the lower bound of the unbounded bucket, 4ms", got)
	}
	if got := histPercentile(counts, buckets, 0); got != 2*time.Millisecond {
		t.Errorf("p0 = %v, want the first sample's bucket, 2ms", got)
	}
	if got := histPercentile([]uint64{0, 0, 0, 0}, buckets, 990); got != 0 {
		t.Errorf("empty p99 = %v, want 0", got)
	}
}

// A 503 from the service's admission control is an error, counted apart
// too.
func TestSummaryCountsShedApart(t *testing.T) {
	l := newLatencies(4)
	l.add(time.Millisecond, nil)
	l.add(0, fmt.Errorf("GET /v1/x: %w", errShed))
	l.add(0, fmt.Errorf("GET /v1/x: %w", errShed))
	l.add(0, errors.New("GET /v1/x: 500 Internal Server Error"))
	s := l.summary()
	if s.n != 1 || s.errs != 3 || s.shed != 2 {
		t.Fatalf("served %d, errors %d, shed %d; want 1, 3, 2", s.n, s.errs, s.shed)
	}
	if got := errCount(s); got != "3 (2 shed, 503)" {
		t.Fatalf("errCount %q", got)
	}
}
