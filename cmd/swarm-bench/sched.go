package main

import (
	"github.com/swarm-ledger/swarm/internal/testkit/cputime"
	"math"
	"runtime/metrics"
	"time"
)

// usage is the process's CPU time and the Go scheduler's latency histogram
// (time goroutines spend runnable before running) at an instant.
type usage struct {
	at    time.Time
	cpu   time.Duration
	sched *metrics.Float64Histogram
}

func readUsage() usage {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	return usage{at: time.Now(), cpu: cputime.Process(), sched: s[0].Value.Float64Histogram()}
}

// load is what the process did between two readings.
type load struct {
	cores              float64 // CPU time ÷ wall time
	schedP50, schedP99 time.Duration
}

func (u usage) until(v usage) load {
	counts := make([]uint64, len(v.sched.Counts))
	for i := range counts {
		counts[i] = v.sched.Counts[i] - u.sched.Counts[i]
	}
	return load{cores: float64(v.cpu-u.cpu) / float64(v.at.Sub(u.at)),
		schedP50: histPercentile(counts, v.sched.Buckets, 500), schedP99: histPercentile(counts, v.sched.Buckets, 990)}
}

// histPercentile is the nearest-rank percentile of a histogram, reported
// as the upper bound of its bucket (the lower one for an unbounded last
// bucket); 0 when empty.
func histPercentile(counts []uint64, buckets []float64, perMille int) time.Duration {
	var n uint64
	for _, c := range counts {
		n += c
	}
	if n == 0 {
		return 0
	}
	rank := max((uint64(perMille)*n+999)/1000, 1)
	var seen uint64
	for i, c := range counts {
		if seen += c; seen >= rank {
			return seconds(buckets[i], buckets[i+1])
		}
	}
	return seconds(buckets[len(buckets)-2], buckets[len(buckets)-1])
}

func seconds(lo, hi float64) time.Duration {
	if math.IsInf(hi, 1) {
		hi = lo
	}
	return time.Duration(hi * float64(time.Second))
}
