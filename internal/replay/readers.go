package replay

import (
	"sync"
	"time"
)

// readerPause bounds how long a check worker waits at one yield point while
// reads are in flight, so that a steady stream of requests slows the fold
// down but never stops it.
const readerPause = 5 * time.Millisecond

// Readers counts the read requests a service is answering beside the fold
// (Options.Readers). While any is in flight, every check worker but the
// first waits at its next yield point until none is, or readerPause has
// passed: the fold keeps going on one core and the others are left to the
// reads. The zero value is ready to use; it is safe for concurrent use.
type Readers struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to zero
}

// Enter records a read request starting; Leave must follow.
func (r *Readers) Enter() {
	r.mu.Lock()
	if r.n == 0 {
		r.idle = make(chan struct{})
	}
	r.n++
	r.mu.Unlock()
}

// Leave records a read request finished.
func (r *Readers) Leave() {
	r.mu.Lock()
	if r.n--; r.n == 0 {
		close(r.idle)
	}
	r.mu.Unlock()
}

// waiting returns a channel closed once no read is in flight, or nil when
// none is now.
func (r *Readers) waiting() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == 0 {
		return nil
	}
	return r.idle
}

// giveWay is called by check worker w between checks: a worker other than
// the first waits while reads are in flight, at most readerPause. It
// reports whether it waited.
func (r *Readers) giveWay(w int, timer *time.Timer) bool {
	if r == nil || w == 0 {
		return false
	}
	ch := r.waiting()
	if ch == nil {
		return false
	}
	timer.Reset(readerPause)
	select {
	case <-ch:
		timer.Stop() // Go 1.23 timers: no stale value is left to drain
	case <-timer.C:
	}
	return true
}
