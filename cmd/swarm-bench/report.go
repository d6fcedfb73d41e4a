package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/swarm-ledger/swarm/cmd/swarm-bench/internal/perf"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// Names of the figures perf produces that the report pairs with their
// baselines.
const (
	figCeiling       = "Ed25519 verification ceiling"
	figReplayDisk    = "replay, on-disk Pebble"
	figReplayMem     = "replay, in-memory Pebble"
	figReplayRatio   = "replay (disk) ÷ verification ceiling, wall clock"
	figReplayCPU     = "CPU per verification ÷ CPU per replayed event"
	figRaw           = "raw JetStream ordered consumer"
	figIngest        = "ingest: stream → swarmd's fold"
	figIngestRatio   = "ingest ÷ min(raw consumer, verification ceiling)"
	figIngestCPU     = "CPU per verification ÷ CPU per ingested event"
	figPubDedupe     = "publish with Nats-Msg-Id, PubAck (the agent)"
	figPubPlain      = "publish without Nats-Msg-Id, PubAck"
	figPubRatio      = "publish with dedupe ÷ without"
	figMerkle100k    = "root + all proofs, 100k earners"
	ceilingRatioGoal = 0.8
	figVoiCeiling    = perf.VoiCeilingFigure
	// Replay on disk against the crypto/ed25519 ceiling and against the
	// fastest verifier with its verdicts; ingest against that replay.
	replayStdlibGoal = 1.5
	replayVoiGoal    = 0.75
	ingestReplayGoal = 0.9
	dedupeRatioGoal  = 0.65
	merkleGoal       = time.Second
)

// row is one line of the report's table, formatted.
type row struct {
	figure, value, baseline, ratio, target, verdict string
}

// Verdicts.
const (
	met     = "met"
	missed  = "**missed**"
	noGoal  = "–"
	noValue = "–"
)

func verdictOf(ok bool) string {
	if ok {
		return met
	}
	return missed
}

// runInfo is the report's header: when, where and how the run was made.
type runInfo struct {
	date                 time.Time
	command              string
	cpu                  string
	cores                int
	memory               string
	os, kernel           string
	goVersion            string
	revision             string
	deps                 [][2]string // module, version
	eventsFlag           int
	seed                 uint64
	throughput, querying bool
}

// reportDeps are the modules whose versions the header names.
var reportDeps = []string{
	"github.com/nats-io/nats-server/v2",
	"github.com/cockroachdb/pebble/v2",
	"github.com/cockroachdb/pebble",
	"github.com/ethereum/go-ethereum",
}

func newRunInfo(events int, seed uint64, throughput bool, q queryConfig) runInfo {
	ri := runInfo{
		date:       time.Now().UTC(),
		command:    strings.Join(append([]string{"bin/swarm-bench"}, os.Args[1:]...), " "),
		cpu:        procField("/proc/cpuinfo", "model name"),
		cores:      runtime.NumCPU(),
		memory:     memTotal(),
		os:         osName(),
		kernel:     strings.TrimSpace(readFile("/proc/sys/kernel/osrelease")),
		goVersion:  runtime.Version(),
		eventsFlag: events,
		seed:       seed,
		throughput: throughput,
		querying:   q.enabled,
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ri
	}
	found := map[string]string{}
	for _, d := range bi.Deps {
		m := d
		if d.Replace != nil {
			m = d.Replace
		}
		found[d.Path] = m.Version
	}
	for _, p := range reportDeps {
		if v, ok := found[p]; ok {
			ri.deps = append(ri.deps, [2]string{p, v})
		}
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			ri.revision = s.Value + ri.revision
		case "vcs.modified":
			if s.Value == "true" {
				ri.revision += " (with uncommitted changes)"
			}
		}
	}
	return ri
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// procField is the value of the first "key : value" line named key.
func procField(path, key string) string {
	sc := bufio.NewScanner(strings.NewReader(readFile(path)))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func memTotal() string {
	f := strings.Fields(procField("/proc/meminfo", "MemTotal"))
	if len(f) == 0 {
		return "unknown"
	}
	kb, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", kb/(1<<20))
}

func osName() string {
	for _, l := range strings.Split(readFile("/etc/os-release"), "\n") {
		if v, ok := strings.CutPrefix(l, "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`) + ", " + runtime.GOOS + "/" + runtime.GOARCH
		}
	}
	return runtime.GOOS + "/" + runtime.GOARCH
}

// writeReportFile writes the report to path, creating its directory.
func writeReportFile(path string, ri runInfo, res *results) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := writeReport(f, ri, res); err != nil {
		f.Close()
		return fmt.Errorf("report: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(os.Stderr, "report written to %s\n", path)
	return nil
}

// writeReport renders the Markdown report: header, one table of every
// figure, how to rerun.
func writeReport(w io.Writer, ri runInfo, res *results) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# Performance\n\n")
	p("Generated by `make bench` (`swarm-bench --report`); do not edit by hand.\n\n")
	p("| | |\n|---|---|\n")
	p("| date | %s |\n", ri.date.Format("2006-01-02 15:04 MST"))
	p("| command | `%s` |\n", ri.command)
	p("| machine | %s, %d cores, %s memory |\n", ri.cpu, ri.cores, ri.memory)
	p("| OS / kernel | %s / Linux %s |\n", ri.os, ri.kernel)
	p("| Go | %s |\n", ri.goVersion)
	for _, d := range ri.deps {
		p("| %s | %s |\n", d[0], d[1])
	}
	if ri.revision != "" {
		p("| revision | %s |\n", ri.revision)
	}
	p("\n")
	p("%s\n\n", runSummary(ri, res))
	p("Every baseline is measured in the same run, on the same machine, as the figure it divides.\n\n")
	p("| figure | value | baseline (same run) | ratio | target | met? |\n")
	p("|---|---:|---|---:|---|---|\n")
	for _, r := range reportRows(res) {
		p("| %s | %s | %s | %s | %s | %s |\n", cell(r.figure), cell(r.value), cell(r.baseline), cell(r.ratio), cell(r.target), r.verdict)
	}
	p("\n## How to rerun\n\n")
	p("```\nmake bench\n```\n\n")
	p("builds `bin/swarm-bench`, runs `bin/swarm-bench --events 1000000 --queries --restart 10000000 --report docs/PERFORMANCE.md` ")
	p("(this file) and then the Merkle Go benchmarks (`go test -run '^$' -bench . -benchtime 3x ./merkle`). ")
	p("A smaller log is quicker: `go build -o bin/ ./cmd/swarm-bench && bin/swarm-bench --events 300000 --queries --report docs/PERFORMANCE.md`; ")
	p("`make bench BENCH_RESTART=1000000` measures the restart after 1M events instead of 10M. ")
	p("`--profile DIR` writes CPU profiles of the replay, the ingest and the restarts.\n\n")
	p("## Reading the figures\n\n")
	p("The machine is shared with other jobs and noisy: stolen CPU time moves absolute numbers by 2× or more between runs. ")
	p("The evidence is the ratios, each against a baseline taken in the same run (and the CPU-time ratios, which stolen time does not affect), ")
	p("not the absolute events/s or milliseconds.\n")
	return bw.Flush()
}

func runSummary(ri runInfo, res *results) string {
	s := fmt.Sprintf("Log: %s generated events (`--events %d`, seed %d; `make bench` uses 1,000,000).", num(float64(res.events)), ri.eventsFlag, ri.seed)
	if res.throughput != nil {
		s += fmt.Sprintf(" Replays use the whole log; the live-pipeline figures push its first %s events through an embedded JetStream.", num(float64(res.streamed)))
	}
	if qr := res.queries; qr != nil {
		s += fmt.Sprintf(" Query latency: open loop at %d earnings and %d catalog requests/s, %s per phase, idle after folding %s events",
			res.q.earnerRate, res.q.catalogRate, res.q.duration, num(float64(qr.prefix)))
		if qr.steadyN > 0 {
			s += fmt.Sprintf(", then while %s events are published at %s events/s (a large network's steady rate; the fold's rate in that phase is a row below)", num(float64(qr.steadyN)), num(float64(res.q.steadyRate)))
		}
		s += fmt.Sprintf(", then while the other %s are ingested at full speed.", num(float64(qr.rest-qr.steadyN)))
	}
	if len(res.restart) == 2 {
		s += fmt.Sprintf(" Restart: the same network generated at %s events (`--restart`) and at %s (the baseline), each loaded into a swarmd data directory's stream files, folded once by swarmd, then restarted %d times once the whole log is older than the %s duplicate window; the big log's last %s events (the window's worth at %s events/s) are then appended, folded, and swarmd restarted %d times more inside the window.",
			num(float64(res.restart[1].events)), num(float64(res.restart[0].events)), restartRuns, eventlog.DefaultDuplicateWindow, num(float64(res.restart[1].windowTail)), num(windowRate), restartRuns)
	}
	return s
}

func cell(s string) string {
	if s == "" {
		return noValue
	}
	return strings.ReplaceAll(s, "|", `\|`)
}

// reportRows is every figure of the run, throughput then query latency.
func reportRows(res *results) []row {
	var rows []row
	if res.throughput != nil {
		rows = append(rows, throughputRows(res.throughput)...)
	}
	if res.queries != nil {
		rows = append(rows, queryRows(res.queries, res.q)...)
	}
	if len(res.restart) == 2 {
		rows = append(rows, restartRows(res.restart[0], res.restart[1])...)
	}
	return rows
}

// restartGoal is the target for a restart to caught-up after 10M events.
const restartGoal = 2 * time.Second

// restartRows reports the restart after the big log against the restart
// after the baseline log (the same network, generated smaller) and
// against folding the big log from the start: once with the whole log
// older than the duplicate window, once right after a window's worth of
// traffic was appended.
func restartRows(base, big restartResult) []row {
	sec := func(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
	after := func(r restartResult) string { return "after " + num(float64(r.events)) + " events" }
	window := eventlog.DefaultDuplicateWindow.String()
	m, b := big.median(), base.median()
	ph := big.phases[0]
	rows := []row{
		{figure: "swarmd restart to caught-up (`/readyz` 200), " + after(big) + ", all older than the " + window + " duplicate window (a log that grew over days)",
			value:    sec(m) + " (median of " + fmt.Sprint(restartRuns) + ": " + durations(big.restarts) + ")",
			baseline: "restart " + after(base) + " " + sec(b), ratio: ratio(m, b), target: "< " + sec(restartGoal), verdict: verdictOf(m < restartGoal)},
		{figure: "… of which `Start` (embedded JetStream recovers the stream, no message inside the duplicate window; Pebble opens; checks)",
			value: sec(ph.start), baseline: noValue, ratio: noValue, target: noGoal, verdict: noGoal},
	}
	if big.windowTail > 0 {
		h := big.hotMedian()
		rows = append(rows,
			row{figure: "swarmd restart " + after(big) + ", the last " + num(float64(big.windowTail)) + " appended just before (the " + window + " window full at " + num(windowRate) + " events/s)",
				value:    sec(h) + " (median of " + fmt.Sprint(restartRuns) + ": " + durations(big.hot) + ")",
				baseline: "restart " + after(base) + " " + sec(b), ratio: ratio(h, b), target: "< " + sec(restartGoal), verdict: verdictOf(h < restartGoal)},
			row{figure: "… of which `Start` (embedded JetStream rebuilds its dedupe index from the " + num(float64(big.windowTail)) + " messages inside the window)",
				value: sec(big.hotPhases[0].start), baseline: noValue, ratio: noValue, target: noGoal, verdict: noGoal})
	}
	return append(rows, row{figure: "swarmd restart " + after(big) + " vs folding them from the start", value: sec(m),
		baseline: "first start, folding " + num(float64(big.events-big.windowTail)) + " " + sec(big.fold), ratio: ratio(m, big.fold), target: noGoal, verdict: noGoal})
}

func durations(ds []time.Duration) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%.2f", d.Seconds()))
	}
	return strings.Join(parts, " / ") + " s"
}

// throughputRows pairs each perf figure with its baseline; a ratio figure
// becomes the ratio of the row it measures. Figures it does not know stay
// rows of their own.
func throughputRows(r *perf.Report) []row {
	byName := map[string]perf.Figure{}
	for _, f := range r.Figures {
		byName[f.Name] = f
	}
	used := map[string]bool{}
	get := func(name string) (perf.Figure, bool) {
		f, ok := byName[name]
		if ok {
			used[name] = true
		}
		return f, ok
	}
	ceiling, haveCeiling := byName[figCeiling]
	var rows []row
	for _, f := range r.Figures {
		if used[f.Name] {
			continue
		}
		rw := row{figure: f.Name, value: figValue(f), verdict: noGoal}
		switch f.Name {
		case figReplayDisk, figReplayMem:
			if !haveCeiling {
				break
			}
			rw.baseline = "Ed25519 ceiling " + figValue(ceiling)
			ratio := f.Value / ceiling.Value
			if f.Name == figReplayDisk {
				if rf, ok := get(figReplayRatio); ok {
					ratio = rf.Value
				}
				rw.baseline = "crypto/ed25519 ceiling " + figValue(ceiling)
				rw.target = fmt.Sprintf("≥ %.2f", replayStdlibGoal)
				rw.verdict = verdictOf(ratio >= replayStdlibGoal)
			}
			rw.ratio = fmt.Sprintf("%.3f", ratio)
			if voiC, ok := byName[figVoiCeiling]; ok && f.Name == figReplayDisk {
				rows = append(rows, rw)
				vr := f.Value / voiC.Value
				rw = row{figure: f.Name + ", against the fastest verdict-identical verifier", value: figValue(f),
					baseline: "curve25519-voi ceiling " + figValue(voiC), ratio: fmt.Sprintf("%.3f", vr),
					target: fmt.Sprintf("≥ %.2f", replayVoiGoal), verdict: verdictOf(vr >= replayVoiGoal)}
			}
		case figReplayCPU, figIngestCPU:
			what := map[string]string{figReplayCPU: "CPU per replayed event", figIngestCPU: "CPU per ingested event"}[f.Name]
			rw = cpuRow(what, f.Value, r.VerifyCPU)
		case figIngest:
			raw, okRaw := byName[figRaw]
			if !okRaw || !haveCeiling {
				break
			}
			base := min(raw.Value, ceiling.Value)
			rw.baseline = fmt.Sprintf("min(raw consumer %s, Ed25519 ceiling %s)", num(raw.Value), num(ceiling.Value))
			ratio := f.Value / base
			if rf, ok := get(figIngestRatio); ok {
				ratio = rf.Value
			}
			rw.ratio = fmt.Sprintf("%.3f", ratio)
			rw.target = fmt.Sprintf("≥ %.2f", ceilingRatioGoal)
			rw.verdict = verdictOf(ratio >= ceilingRatioGoal)
			if disk, ok := byName[figReplayDisk]; ok {
				rows = append(rows, rw)
				ir := f.Value / disk.Value
				rw = row{figure: f.Name + ", against the on-disk replay", value: figValue(f),
					baseline: "replay, on-disk Pebble " + figValue(disk), ratio: fmt.Sprintf("%.3f", ir),
					target: fmt.Sprintf("≥ %.2f", ingestReplayGoal), verdict: verdictOf(ir >= ingestReplayGoal)}
			}
		case figPubDedupe:
			plain, ok := byName[figPubPlain]
			if !ok {
				break
			}
			rw.baseline = "without Nats-Msg-Id " + figValue(plain)
			ratio := f.Value / plain.Value
			if rf, ok := get(figPubRatio); ok {
				ratio = rf.Value
			}
			rw.ratio = fmt.Sprintf("%.3f", ratio)
			rw.target = fmt.Sprintf("≥ %.2f", dedupeRatioGoal)
			rw.verdict = verdictOf(ratio >= dedupeRatioGoal)
		case figMerkle100k:
			rw.target = "< 1 s"
			rw.verdict = verdictOf(f.Value < merkleGoal.Seconds())
		case figReplayRatio, figIngestRatio, figPubRatio:
			// Reached only when the figure it is the ratio of is missing.
			rw.ratio, rw.value = fmt.Sprintf("%.3f", f.Value), noValue
		}
		rows = append(rows, rw)
	}
	return rows
}

// cpuRow is a CPU-time ratio: CPU seconds per verification ÷ per event.
func cpuRow(what string, ratio, verifyCPU float64) row {
	rw := row{figure: what + " (CPU time, immune to stolen time)", ratio: fmt.Sprintf("%.3f", ratio),
		target: fmt.Sprintf("≥ %.2f", ceilingRatioGoal), verdict: verdictOf(ratio >= ceilingRatioGoal)}
	if ratio > 0 && verifyCPU > 0 {
		rw.value = fmt.Sprintf("%.1f µs", verifyCPU/ratio*1e6)
		rw.baseline = fmt.Sprintf("CPU per Ed25519 verification %.1f µs", verifyCPU*1e6)
	}
	return rw
}

// queryRows are the latency phases: each query during ingest against the
// same query idle, the service time, and the fold's rates.
func queryRows(qr *queryResult, q queryConfig) []row {
	var rows []row
	queries := []struct {
		name                 string
		rate                 int
		idle, steady, loaded summary
		service              time.Duration
	}{
		{"`GET /v1/earners/{address}`", q.earnerRate, qr.idle.earner, qr.steady.earner, qr.loaded.earner, qr.service[0]},
		{fmt.Sprintf("`GET /v1/nodes?model&health&limit=20` (%d nodes)", qr.targets.nodes), q.catalogRate, qr.idle.catalog, qr.steady.catalog, qr.loaded.catalog, qr.service[1]},
	}
	steady := q.steadyRate > 0 && qr.steadyN > 0
	for _, x := range queries {
		if x.rate <= 0 {
			continue
		}
		type pctl struct {
			name       string
			idle, load time.Duration
			goal       bool
		}
		if steady {
			for _, pc := range []pctl{{"p50", x.idle.p50, x.steady.p50, false}, {"p99", x.idle.p99, x.steady.p99, true}, {"max", x.idle.mx, x.steady.mx, false}} {
				rw := row{figure: fmt.Sprintf("%s %s while ingesting at %s events/s", x.name, pc.name, num(float64(q.steadyRate))), value: ms(pc.load),
					baseline: "idle " + ms(pc.idle), ratio: ratio(pc.load, pc.idle), verdict: noGoal}
				if pc.goal {
					rw.target = "< " + ms(p99Target)
					rw.verdict = verdictOf(pc.load < p99Target)
				}
				rows = append(rows, rw)
			}
			rows = append(rows, row{figure: fmt.Sprintf("%s unserved + errors while ingesting at %s events/s", x.name, num(float64(q.steadyRate))),
				value: requestsLost(x.steady, q.duration), baseline: "idle " + requestsLost(x.idle, q.duration), verdict: noGoal})
		}
		for _, pc := range []pctl{{"p50", x.idle.p50, x.loaded.p50, false}, {"p99", x.idle.p99, x.loaded.p99, true}, {"max", x.idle.mx, x.loaded.mx, false}} {
			rw := row{figure: fmt.Sprintf("%s %s during ingest", x.name, pc.name), value: ms(pc.load),
				baseline: "idle " + ms(pc.idle), ratio: ratio(pc.load, pc.idle), verdict: noGoal}
			if pc.goal {
				rw.target = "< " + ms(p99FullTarget)
				rw.verdict = verdictOf(pc.load < p99FullTarget)
			}
			rows = append(rows, rw)
		}
		rows = append(rows,
			row{figure: x.name + " unserved + errors during ingest", value: requestsLost(x.loaded, q.duration),
				baseline: "idle " + requestsLost(x.idle, q.duration), verdict: noGoal},
			row{figure: x.name + " service time, one request at a time, idle", value: ms(x.service), verdict: noGoal})
	}
	preloaded := "preloaded stream, no queries " + num(qr.prefixFold) + " events/s"
	if steady {
		rows = append(rows, row{figure: fmt.Sprintf("fold while ingesting at %s events/s, with the queries", num(float64(q.steadyRate))),
			value: num(qr.steady.rates.ledger) + " events/s", baseline: fmt.Sprintf("published %s events/s", num(float64(q.steadyRate))),
			ratio: frac(qr.steady.rates.ledger, float64(q.steadyRate)), verdict: noGoal})
	}
	rows = append(rows,
		row{figure: "fold during the ingest phase, with the queries", value: num(qr.loaded.rates.ledger) + " events/s",
			baseline: preloaded, ratio: frac(qr.loaded.rates.ledger, qr.prefixFold), verdict: noGoal},
		row{figure: "fold right after, no queries", value: num(qr.quiet.ledger) + " events/s",
			baseline: preloaded, ratio: frac(qr.quiet.ledger, qr.prefixFold), verdict: noGoal},
		row{figure: "Go scheduler latency p99 during ingest", value: qr.loaded.rates.load.schedP99.Round(time.Microsecond).String(),
			baseline: "idle " + qr.idle.rates.load.schedP99.Round(time.Microsecond).String(),
			ratio:    ratio(qr.loaded.rates.load.schedP99, qr.idle.rates.load.schedP99), verdict: noGoal},
		row{figure: "process CPU during ingest", value: fmt.Sprintf("%.2f cores", qr.loaded.rates.load.cores),
			baseline: fmt.Sprintf("idle %.2f cores", qr.idle.rates.load.cores), verdict: noGoal},
	)
	return rows
}

func requestsLost(s summary, d time.Duration) string {
	total := s.n + s.errs + s.dropped
	return fmt.Sprintf("%d + %s of %d (%.0f served/s)", s.dropped, errCount(s), total, float64(s.n)/d.Seconds())
}

// figValue is a figure's value with its unit.
func figValue(f perf.Figure) string {
	switch f.Unit {
	case "ratio":
		return fmt.Sprintf("%.3f", f.Value)
	case "s":
		return fmt.Sprintf("%.3f s", f.Value)
	case "MiB":
		return fmt.Sprintf("%.0f MiB", f.Value)
	}
	return num(f.Value) + " " + f.Unit
}

// num is v rounded, with thousands separators; three decimals below 100.
func num(v float64) string {
	if v < 100 {
		return fmt.Sprintf("%.3f", v)
	}
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
