package perf

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/internal/testkit/cputime"
	"github.com/swarm-ledger/swarm/merkle"
)

// Figure is one measured number with its unit.
type Figure struct {
	Name  string
	Value float64
	Unit  string
	Note  string
}

// Log is a signed log and its parameters.
type Log struct {
	Params   *aggregates.Params
	Messages [][]byte
}

// Report is the result of Run.
type Report struct {
	Events  int
	Figures []Figure
	// Ceiling is the median crypto/ed25519 verification-ceiling reading
	// (verifications/s) and VerifyCPU the CPU seconds one such verification
	// takes. VoiCeiling is the same ceiling with curve25519-voi's
	// crypto/ed25519-compatible verification and every key expanded
	// beforehand: the fastest verifier with crypto/ed25519's verdicts.
	Ceiling, VerifyCPU, VoiCeiling float64
}

// Run measures everything on log. dir holds the on-disk Pebble state.
func Run(log *Log, dir string, progress io.Writer) (*Report, error) {
	r := &Report{Events: len(log.Messages)}
	say := func(format string, args ...any) { fmt.Fprintf(progress, format+"\n", args...) }

	say("decoding %d messages (single goroutine)…", len(log.Messages))
	decodeRate, decoded, err := decodeRate(log.Messages)
	if err != nil {
		return nil, err
	}
	jobs := sigJobs(log, decoded)
	expanded, err := expandKeys(jobs)
	if err != nil {
		return nil, err
	}
	decoded = nil
	// Replays stream the log from an export file, as swarmctl replay does,
	// so the heap holds the batches in flight, not the whole log.
	logFile := filepath.Join(dir, "log.ndjson")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := events.WriteExportFile(logFile, log.Messages); err != nil {
		return nil, err
	}
	runtime.GC()
	// The machine is shared and noisy: the ceiling is measured right before
	// and right after each replay, and each ratio uses the higher reading.
	var verifyCPU, verifies float64
	var voiReadings []float64
	ceiling := func() float64 {
		say("Ed25519 verification ceilings (crypto/ed25519, curve25519-voi) on %d cores…", runtime.GOMAXPROCS(0))
		cpu := cpuSeconds()
		rate := verifyCeiling(jobs, func(j *sigJob, _ int) bool { return ed25519.Verify(j.pub, j.msg, j.sig) })
		verifyCPU, verifies = verifyCPU+cpuSeconds()-cpu, verifies+float64(len(jobs))
		voiReadings = append(voiReadings, verifyCeiling(jobs, func(j *sigJob, i int) bool {
			return voi.VerifyExpandedWithOptions(expanded[i], j.msg, j.sig, voiStdlib)
		}))
		return rate
	}
	c0 := ceiling()
	say("replay into on-disk Pebble (synced batches)…")
	stopProfile, err := StartProfile("replay")
	if err != nil {
		return nil, err
	}
	cpu := cpuSeconds()
	diskRate, err := replayRate(log.Params, logFile, filepath.Join(dir, "state"))
	if err != nil {
		return nil, err
	}
	stopProfile()
	diskCPU := (cpuSeconds() - cpu) / float64(len(log.Messages))
	c1 := ceiling()
	say("replay into in-memory Pebble…")
	memRate, err := replayRate(log.Params, logFile, "")
	if err != nil {
		return nil, err
	}
	c2 := ceiling()
	median := c0 + c1 + c2 - max(c0, c1, c2) - min(c0, c1, c2)
	v0, v1, v2 := voiReadings[0], voiReadings[1], voiReadings[2]
	voiMedian := v0 + v1 + v2 - max(v0, v1, v2) - min(v0, v1, v2)
	perVerify := verifyCPU / verifies
	r.Ceiling, r.VerifyCPU, r.VoiCeiling = median, perVerify, voiMedian
	r.Figures = append(r.Figures,
		Figure{"canonical decode", decodeRate, "events/s", "one goroutine"},
		Figure{"Ed25519 verification ceiling", median, "verifications/s",
			fmt.Sprintf("crypto/ed25519.Verify alone on %d cores; median of readings %.0f / %.0f / %.0f", runtime.GOMAXPROCS(0), c0, c1, c2)},
		Figure{VoiCeilingFigure, voiMedian, "verifications/s",
			fmt.Sprintf("curve25519-voi VerifyOptionsStdLib, keys expanded beforehand, alone on %d cores; median of readings %.0f / %.0f / %.0f", runtime.GOMAXPROCS(0), v0, v1, v2)},
		Figure{"replay, on-disk Pebble", diskRate, "events/s", "read, decode, hash, verify on all cores; fold on one; pebble.Sync per 1024"},
		Figure{"replay, in-memory Pebble", memRate, "events/s", ""},
		Figure{"replay (disk) ÷ verification ceiling, wall clock", diskRate / median, "ratio", "target ≥ 1.5; noisy on a shared VM"},
		Figure{"CPU per verification ÷ CPU per replayed event", perVerify / diskCPU, "ratio",
			fmt.Sprintf("%.1f µs vs %.1f µs of CPU; immune to stolen time", perVerify*1e6, diskCPU*1e6)},
	)
	for _, n := range []int{100_000, 1_000_000} {
		say("Merkle root and every proof for %d earners…", n)
		d, err := merkleTime(n)
		if err != nil {
			return nil, err
		}
		r.Figures = append(r.Figures, Figure{fmt.Sprintf("root + all proofs, %s earners", map[int]string{100_000: "100k", 1_000_000: "1M"}[n]), d.Seconds(), "s", map[int]string{100_000: "target < 1 s"}[n]})
	}
	return r, nil
}

func decodeRate(msgs [][]byte) (float64, []*events.Decoded, error) {
	out := make([]*events.Decoded, len(msgs))
	start := time.Now()
	for i, m := range msgs {
		d, err := events.Decode(m)
		if err == nil {
			out[i] = d
		}
	}
	return float64(len(msgs)) / time.Since(start).Seconds(), out, nil
}

type sigJob struct {
	pub, msg, sig []byte
}

// ceilingSample bounds the signatures one ceiling reading verifies.
const ceilingSample = 200_000

// sigJobs extracts up to ceilingSample (key, payload, signature) triples.
func sigJobs(log *Log, decoded []*events.Decoded) []sigJob {
	ledgerPub, _ := events.PublicKey(log.Params.Ledger)
	jobs := make([]sigJob, 0, len(decoded))
	for i, d := range decoded {
		if d == nil {
			continue
		}
		pub := ledgerPub
		if d.Type.Class() == events.ClassNode || d.Type.Class() == events.ClassScheduler {
			p, err := events.PublicKey(d.Src)
			if err != nil {
				continue
			}
			pub = p
		}
		sig, payload, ok := d.SignatureParts(log.Messages[i])
		if !ok {
			continue
		}
		jobs = append(jobs, sigJob{pub, payload, sig})
		if len(jobs) == ceilingSample {
			break
		}
	}
	return jobs
}

// VoiCeilingFigure names the fastest verdict-identical ceiling.
const VoiCeilingFigure = "Ed25519 verification ceiling, curve25519-voi, expanded keys"

// voiStdlib is curve25519-voi's crypto/ed25519-compatible verification
// (the one events.Verify uses).
var voiStdlib = &voi.Options{Verify: voi.VerifyOptionsStdLib}

// expandKeys returns each job's expanded key (one expansion per distinct
// key), so the voi ceiling times verification alone.
func expandKeys(jobs []sigJob) ([]*voi.ExpandedPublicKey, error) {
	byKey := map[string]*voi.ExpandedPublicKey{}
	out := make([]*voi.ExpandedPublicKey, len(jobs))
	for i, j := range jobs {
		x := byKey[string(j.pub)]
		if x == nil {
			var err error
			if x, err = voi.NewExpandedPublicKey(voi.PublicKey(j.pub)); err != nil {
				return nil, fmt.Errorf("perf: expand key %x: %w", j.pub, err)
			}
			byKey[string(j.pub)] = x
		}
		out[i] = x
	}
	return out, nil
}

// verifyCeiling times verify alone over the jobs on every core: no decode,
// no hashing, no fold.
func verifyCeiling(jobs []sigJob, verify func(j *sigJob, i int) bool) float64 {
	workers := runtime.GOMAXPROCS(0)
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(jobs)) {
					return
				}
				verify(&jobs[i], int(i))
			}
		}()
	}
	wg.Wait()
	return float64(len(jobs)) / time.Since(start).Seconds()
}

func replayRate(params *aggregates.Params, logFile, stateDir string) (float64, error) {
	if stateDir != "" {
		if err := os.RemoveAll(stateDir); err != nil {
			return 0, err
		}
	}
	f, err := os.Open(logFile)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	l, err := aggregates.Open(stateDir, params)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	start := time.Now()
	st, err := ingest.Run(context.Background(), l, events.NewExportReader(f), ingest.Options{})
	if err != nil {
		return 0, err
	}
	return float64(st.Applied) / time.Since(start).Seconds(), nil
}

func merkleTime(n int) (time.Duration, error) {
	leaves := make([]merkle.Leaf, n)
	for i := range leaves {
		var a [20]byte
		for j := range 8 {
			a[j] = byte(uint64(i*2654435761+7) >> (8 * j))
		}
		a[19] = byte(i)
		leaves[i] = merkle.Leaf{Earner: a, Cumulative: big.NewInt(int64(i + 1))}
	}
	start := time.Now()
	t, err := merkle.BuildTree(leaves)
	if err != nil {
		return 0, err
	}
	var proofs int
	err = t.AllProofs(func(merkle.Leaf, [][32]byte) error { proofs++; return nil })
	return time.Since(start), err
}

// Print writes the report as a Markdown table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\n%d events, %s, %d cores, %s\n\n", r.Events, runtime.Version(), runtime.NumCPU(), runtime.GOARCH)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| figure\t| value\t| unit\t| note\t|")
	fmt.Fprintln(tw, "|---\t|---:\t|---\t|---\t|")
	for _, f := range r.Figures {
		v := fmt.Sprintf("%.0f", f.Value)
		if f.Value < 100 {
			v = fmt.Sprintf("%.3f", f.Value)
		}
		fmt.Fprintf(tw, "| %s\t| %s\t| %s\t| %s\t|\n", f.Name, v, f.Unit, f.Note)
	}
	tw.Flush()
}

// ProfileDir, when set, receives CPU profiles of the measured phases: the
// on-disk replay (replay.pprof), the ingest (ingest.pprof) and swarm-bench's
// restarts (restart-N.pprof).
var ProfileDir string

// StartProfile starts a CPU profile NAME.pprof in ProfileDir (nothing when
// it is unset) and returns its stop.
func StartProfile(name string) (func(), error) {
	if ProfileDir == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(ProfileDir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(ProfileDir, name+".pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// cpuSeconds is the process's user + system CPU time.
func cpuSeconds() float64 { return cputime.Process().Seconds() }
