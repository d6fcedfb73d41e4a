package ledgerd

import (
	"net/http"
	"runtime"
	"strings"
	"sync"
)

// Read priority (Config.ReadPriority, swarmd --read-priority): while the
// fold saturates every core, a read API request is not left to queue
// behind the signature checks. It is off by default: swarm-bench measures
// the ingest phase's reads with it on and off in alternate seconds of the
// same run, and on the shared benchmark machine the difference has been
// within the noise so far.
//
// Two things delay a request then. First, the Go scheduler notices a
// socket that became readable only when a P runs out of runnable
// goroutines or, failing that, when its monitor thread polls (every 10 ms):
// check workers that yield with runtime.Gosched keep every P busy, so each
// network hop of a request (the request reaching the server, the response
// reaching the client) can wait up to 10 ms. Second, once read, the
// request's goroutine waits for a P among the check workers'. Read
// priority runs the check workers on one P fewer than GOMAXPROCS (one per
// core as before, plus a spare P that polls the network whenever it is
// idle), and while any /v1 request is in flight every check worker but
// the first gives way at its next yield point, for at most a few
// milliseconds (replay.Readers), so the request has a core. The fold's
// verdicts and state do not depend on it; only its speed while reads are
// in flight does.

// procs is the process's GOMAXPROCS before read priority raised it.
var procs struct {
	mu   sync.Mutex
	base int // 0 until first read
}

// baseProcs is GOMAXPROCS without the spare P: the default number of check
// workers.
func baseProcs() int {
	procs.mu.Lock()
	defer procs.mu.Unlock()
	if procs.base == 0 {
		procs.base = runtime.GOMAXPROCS(0)
	}
	return procs.base
}

// setSpareP sets GOMAXPROCS to baseProcs, plus one when on. GOMAXPROCS is
// the process's: a swarmd process runs one service.
func setSpareP(on bool) {
	n := baseProcs()
	if on {
		n++
	}
	runtime.GOMAXPROCS(n)
}

// SetReadPriority turns read priority on or off while the service runs
// (swarm-bench compares both in one run). It sets the process's
// GOMAXPROCS.
func (s *Service) SetReadPriority(on bool) {
	s.readPriority.Store(on)
	setSpareP(on)
}

// ReadPriority reports whether read priority is on.
func (s *Service) ReadPriority() bool { return s.readPriority.Load() }

// prioritizeReads counts the /v1 requests in flight for the fold's check
// workers (replay.Readers) while read priority is on.
func (s *Service) prioritizeReads(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.readPriority.Load() && strings.HasPrefix(r.URL.Path, "/v1/") {
			s.readers.Enter()
			defer s.readers.Leave()
		}
		h.ServeHTTP(w, r)
	})
}
