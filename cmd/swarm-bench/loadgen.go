package main

import (
	"context"
	"errors"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// clock is the time source of the open-loop generator (a fake one in tests).
type clock interface {
	Now() time.Time
	// SleepUntil returns at t or later, or with ctx's error once it ends.
	SleepUntil(ctx context.Context, t time.Time) error
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) SleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// schedule is an open-loop send schedule: n sends at rate per second from
// start.
type schedule struct {
	start time.Time
	rate  int
	n     int
}

func newSchedule(start time.Time, rate int, d time.Duration) schedule {
	return schedule{start: start, rate: rate, n: int(int64(rate) * int64(d) / int64(time.Second))}
}

// at is the i-th send time, computed from start so rounding never
// accumulates.
func (s schedule) at(i int) time.Time {
	return s.start.Add(time.Duration(int64(i) * int64(time.Second) / int64(s.rate)))
}

// openLoop calls send(i) at each scheduled time, each in its own goroutine,
// whether or not earlier sends have completed, and records each latency
// from the scheduled time: a stalled server or a late wake-up of the
// scheduler counts against the figures (no coordinated omission). A send
// due while maxInFlight are outstanding is not made and counts as never
// served (the server is saturated; this bounds the backlog left to drain).
// It returns once every send made has completed; sends not yet due when
// ctx ends are not made.
func openLoop(ctx context.Context, c clock, s schedule, maxInFlight int, send func(i int) error) *latencies {
	lat := newLatencies(s.n)
	var wg sync.WaitGroup
	var inFlight atomic.Int64
	for i := range s.n {
		at := s.at(i)
		if c.SleepUntil(ctx, at) != nil {
			break
		}
		if inFlight.Load() >= int64(maxInFlight) {
			lat.drop()
			continue
		}
		inFlight.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := send(i)
			lat.add(c.Now().Sub(at), err)
			inFlight.Add(-1)
		}()
	}
	wg.Wait()
	return lat
}

// latencies collects the outcome of every request of one phase.
type latencies struct {
	mu       sync.Mutex
	samples  []time.Duration
	errs     int
	shed     int // of errs, answered 503 (the service's admission control)
	dropped  int
	firstErr error
}

func newLatencies(n int) *latencies { return &latencies{samples: make([]time.Duration, 0, n)} }

func (l *latencies) add(d time.Duration, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.errs++
		if errors.Is(err, errShed) {
			l.shed++
		}
		if l.firstErr == nil {
			l.firstErr = err
		}
		return
	}
	l.samples = append(l.samples, d)
}

func (l *latencies) drop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropped++
}

// errShed is a request the service refused with 503 (its admission
// control, swarmd --max-reads): an error, counted apart.
var errShed = errors.New("503: shed by the service")

// unserved is the latency of a request never made because the server was
// saturated: it ranks above every served one.
const unserved = time.Duration(math.MaxInt64)

// summary is the distribution of one phase's requests: the successful
// ones and the unserved ones, errors apart.
type summary struct {
	n, errs, dropped   int
	shed               int // of errs, answered 503
	firstErr           error
	p50, p99, p999, mx time.Duration
}

func (l *latencies) summary() summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	sorted := slices.Clone(l.samples)
	slices.Sort(sorted)
	for range l.dropped {
		sorted = append(sorted, unserved)
	}
	return summary{n: len(l.samples), errs: l.errs, shed: l.shed, dropped: l.dropped, firstErr: l.firstErr,
		p50: percentile(sorted, 500), p99: percentile(sorted, 990), p999: percentile(sorted, 999), mx: percentile(sorted, 1000)}
}

// percentile is the nearest-rank percentile of sorted samples, perMille
// thousandths (990: p99): the smallest sample with at least that share of
// the samples at or below it, as HDR histograms report. 0 when empty.
func percentile(sorted []time.Duration, perMille int) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := (perMille*n + 999) / 1000
	return sorted[min(max(rank, 1), n)-1]
}
