package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/cmd/swarm-bench/internal/perf"
)

func testResults(replayRatio float64, merkle float64, loadedP99 time.Duration) *results {
	ceiling := 30_000.0
	r := &perf.Report{Events: 300_000, Ceiling: ceiling, VerifyCPU: 60e-6, Figures: []perf.Figure{
		{Name: "canonical decode", Value: 250_000, Unit: "events/s"},
		{Name: figCeiling, Value: ceiling, Unit: "verifications/s"},
		{Name: figVoiCeiling, Value: 2 * ceiling, Unit: "verifications/s"},
		{Name: figReplayDisk, Value: ceiling * replayRatio, Unit: "events/s"},
		{Name: figReplayMem, Value: 27_000, Unit: "events/s"},
		{Name: figReplayRatio, Value: replayRatio, Unit: "ratio"},
		{Name: figReplayCPU, Value: 0.85, Unit: "ratio"},
		{Name: figMerkle100k, Value: merkle, Unit: "s"},
		{Name: "root + all proofs, 1M earners", Value: 1.2, Unit: "s"},
		{Name: figRaw, Value: 160_000, Unit: "events/s"},
		{Name: figIngest, Value: 21_000, Unit: "events/s"},
		{Name: figIngestRatio, Value: 0.7, Unit: "ratio"},
		{Name: figIngestCPU, Value: 0.9, Unit: "ratio"},
		{Name: figPubDedupe, Value: 2_000, Unit: "events/s"},
		{Name: figPubPlain, Value: 2_010, Unit: "events/s"},
		{Name: figPubRatio, Value: 2_000.0 / 2_010, Unit: "ratio"},
		{Name: "publish, fire and forget (context)", Value: 90_000, Unit: "events/s"},
		{Name: "ledger heap per 100k registered nodes", Value: 80, Unit: "MiB"},
		{Name: "a figure the report does not know", Value: 7, Unit: "widgets"},
	}}
	q := queryConfig{enabled: true, earnerRate: 200, catalogRate: 200, duration: 10 * time.Second, steadyRate: 3300}
	qr := &queryResult{events: 300_000, prefix: 100_000, rest: 200_000, steadyN: 46_200, prefixFold: 20_000,
		targets: &targets{nodes: 750},
		service: [2]time.Duration{200 * time.Microsecond, time.Millisecond},
		idle: phaseResult{
			earner:  summary{n: 2000, p50: time.Millisecond, p99: 2 * time.Millisecond, mx: 3 * time.Millisecond},
			catalog: summary{n: 2000, p50: time.Millisecond, p99: 2 * time.Millisecond, mx: 3 * time.Millisecond},
		},
		steady: phaseResult{
			earner:  summary{n: 2000, p50: time.Millisecond, p99: 4 * time.Millisecond, mx: 9 * time.Millisecond},
			catalog: summary{n: 2000, p50: time.Millisecond, p99: 6 * time.Millisecond, mx: 9 * time.Millisecond},
			rates:   rates{ledger: 3_300},
		},
		loaded: phaseResult{
			earner:  summary{n: 2000, p50: time.Millisecond, p99: loadedP99, mx: 3 * loadedP99},
			catalog: summary{n: 1990, dropped: 10, p50: 2 * time.Millisecond, p99: unserved, mx: unserved},
			rates:   rates{ledger: 15_000},
		},
		quiet: rates{ledger: 19_000},
	}
	return &results{events: 300_000, streamed: 200_000, throughput: r, queries: qr, q: q}
}

func render(t *testing.T, res *results) string {
	t.Helper()
	var b bytes.Buffer
	ri := runInfo{date: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), command: "bin/swarm-bench --events 300000",
		cpu: "Test CPU", cores: 2, memory: "4.0 GiB", os: "TestOS", kernel: "6.0", goVersion: "go1.26",
		deps: [][2]string{{"github.com/nats-io/nats-server/v2", "v2.15.2"}}, eventsFlag: 300_000, seed: 1}
	if err := writeReport(&b, ri, res); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// tableRow is the first table row whose figure cell starts with prefix.
func tableRow(t *testing.T, report, prefix string) []string {
	t.Helper()
	for _, l := range strings.Split(report, "\n") {
		if !strings.HasPrefix(l, "| "+prefix) {
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), " | ")
		if len(cells) != 6 {
			t.Fatalf("row %q has %d cells, want 6", l, len(cells))
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	t.Fatalf("no row for %q in\n%s", prefix, report)
	return nil
}

func TestReportHasEveryFigureWithItsVerdict(t *testing.T) {
	res := testResults(1.6, 0.2, 3*time.Millisecond)
	out := render(t, res)
	for _, want := range []string{"2026-01-02 03:04 UTC", "Test CPU, 2 cores, 4.0 GiB memory", "TestOS / Linux 6.0", "go1.26",
		"nats-server/v2 | v2.15.2", "300,000 generated events (`--events 300000`", "## How to rerun", "make bench", "ratios"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// Every figure is a row, except the ratio figures, which become the
	// ratio of the row they measure.
	folded := map[string]bool{figReplayRatio: true, figIngestRatio: true, figPubRatio: true,
		figReplayCPU: true, figIngestCPU: true}
	for _, f := range res.throughput.Figures {
		if !folded[f.Name] {
			tableRow(t, out, f.Name)
		}
	}
	cases := []struct {
		figure, ratio, verdict string
	}{
		{figReplayDisk, "1.600", met},
		{figReplayDisk + ", against the fastest", "0.800", met},
		{figIngest + ", against the on-disk replay", "0.438", missed},
		{figReplayMem, "0.900", noGoal},
		{"CPU per replayed event", "0.850", met},
		{figMerkle100k, "–", met},
		{"root + all proofs, 1M earners", "–", noGoal},
		{figIngest, "0.700", missed},
		{"CPU per ingested event", "0.900", met},
		{figPubDedupe, "0.995", met},
		{"`GET /v1/earners/{address}` p99 during ingest", "1.50", met},
		{"`GET /v1/nodes?model&health&limit=20` (750 nodes) p99 during ingest", "–", missed},
		{"`GET /v1/earners/{address}` p50 during ingest", "1.00", noGoal},
		{"`GET /v1/earners/{address}` p99 while ingesting at 3,300 events/s", "2.00", met},
		{"`GET /v1/nodes?model&health&limit=20` (750 nodes) p99 while ingesting at 3,300 events/s", "3.00", missed},
		{"fold while ingesting at 3,300 events/s", "1.000", noGoal},
		{"fold during the ingest phase", "0.750", noGoal},
		{"fold right after", "0.950", noGoal},
		{"a figure the report does not know", "–", noGoal},
	}
	for _, c := range cases {
		cells := tableRow(t, out, c.figure)
		if cells[3] != c.ratio || cells[5] != c.verdict {
			t.Errorf("%s: ratio %q verdict %q, want %q %q", c.figure, cells[3], cells[5], c.ratio, c.verdict)
		}
	}
	if cells := tableRow(t, out, figIngest); !strings.Contains(cells[2], "28,000") && !strings.Contains(cells[2], "30,000") {
		t.Errorf("ingest baseline %q names neither the raw consumer nor the ceiling", cells[2])
	}
	if n := strings.Count(out, "\n| figure | value |"); n != 1 {
		t.Errorf("%d figure tables, want one", n)
	}
}

func TestReportVerdictsFollowTheTargets(t *testing.T) {
	out := render(t, testResults(0.5, 1.5, 30*time.Millisecond))
	for _, figure := range []string{figReplayDisk, figReplayDisk + ", against the fastest", figMerkle100k, "`GET /v1/earners/{address}` p99 during ingest"} {
		if v := tableRow(t, out, figure)[5]; v != missed {
			t.Errorf("%s: verdict %q, want %q", figure, v, missed)
		}
	}
}

func TestReportWithoutQueries(t *testing.T) {
	res := testResults(0.9, 0.2, time.Millisecond)
	res.queries = nil
	out := render(t, res)
	if strings.Contains(out, "during ingest |") || strings.Contains(out, "Query latency") || strings.Contains(out, "while ingesting at") {
		t.Errorf("report without --queries has query rows:\n%s", out)
	}
	tableRow(t, out, figReplayDisk)
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0.5: "0.500", 99.4: "99.400", 100: "100", 1234.4: "1,234", 1234567: "1,234,567", 28511.6: "28,512"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

// The restart row is judged against 2 s (5 s before the duplicate window
// was shortened: 4 s now misses) and divided by the baseline's median
// restart and by the first fold.
func TestRestartRows(t *testing.T) {
	base := restartResult{events: 100_000, fold: 8 * time.Second, restarts: []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 900 * time.Millisecond},
		phases: []restartPhases{{start: 150 * time.Millisecond, ready: 200 * time.Millisecond}}}
	for _, tc := range []struct {
		median  time.Duration
		verdict string
	}{{1500 * time.Millisecond, met}, {4 * time.Second, missed}, {6 * time.Second, missed}} {
		big := restartResult{events: 10_000_000, fold: 800 * time.Second, restarts: []time.Duration{time.Second, tc.median, 9 * time.Second},
			phases: []restartPhases{{start: tc.median - time.Second, ready: tc.median}}}
		rows := restartRows(base, big)
		if rows[0].verdict != tc.verdict || rows[0].ratio != fmt.Sprintf("%.2f", tc.median.Seconds()/0.2) {
			t.Errorf("median %s: verdict %q ratio %q", tc.median, rows[0].verdict, rows[0].ratio)
		}
		if !strings.Contains(rows[0].value, "1.00 / ") || !strings.Contains(rows[0].figure, "10,000,000 events") {
			t.Errorf("row %+v", rows[0])
		}
		if rows[2].ratio != fmt.Sprintf("%.2f", tc.median.Seconds()/800) {
			t.Errorf("vs fold: %q", rows[2].ratio)
		}
		// With the hot restarts: two more rows, judged on their own median.
		big.windowTail, big.hot = 396_000, []time.Duration{time.Second, 3 * time.Second, 4 * time.Second}
		big.hotPhases = []restartPhases{{start: 2 * time.Second, ready: 3 * time.Second}}
		rows = restartRows(base, big)
		if len(rows) != 5 || rows[2].verdict != missed || rows[2].ratio != "15.00" || !strings.Contains(rows[2].figure, "396,000") ||
			rows[3].value != "2.00 s" || rows[0].verdict != tc.verdict {
			t.Errorf("hot rows %+v", rows)
		}
	}
}

// A restart figure measured for real on a small log: swarmd folds it once,
// restarts and is ready at the same state hash each time.
func TestRestartOne(t *testing.T) {
	c := genConfig(3000, 7)
	s, params, err := generate(c, 3000)
	if err != nil {
		t.Fatal(err)
	}
	r, err := restartOne(s.Messages, params, t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.events != len(s.Messages) || len(r.restarts) != restartRuns || r.fold <= 0 || len(r.phases) != 1 {
		t.Fatalf("result %+v", r)
	}
	if r.windowTail != 0 || len(r.hot) != 0 {
		t.Fatalf("hot restarts without a tail: %+v", r)
	}
	for i := 1; i < len(r.restarts); i++ {
		if r.restarts[i] < r.restarts[i-1] {
			t.Fatalf("restarts not sorted: %v", r.restarts)
		}
	}
	if ph := r.phases[0]; ph.start <= 0 || ph.ready < ph.start {
		t.Fatalf("phases %+v", ph)
	}
}

// The hot restart: the log's last messages are appended after the first
// restarts, swarmd folds them, and restarts again at the new state hash
// while they are inside the duplicate window.
func TestRestartWindowTail(t *testing.T) {
	c := genConfig(3000, 7)
	s, params, err := generate(c, 3000)
	if err != nil {
		t.Fatal(err)
	}
	const tail = 500
	r, err := restartOne(s.Messages, params, t.TempDir(), tail)
	if err != nil {
		t.Fatal(err)
	}
	if r.events != len(s.Messages) || r.windowTail != tail || len(r.restarts) != restartRuns || len(r.hot) != restartRuns || len(r.hotPhases) != 1 {
		t.Fatalf("result %+v", r)
	}
	if ph := r.hotPhases[0]; ph.start <= 0 || ph.ready < ph.start {
		t.Fatalf("hot phases %+v", ph)
	}
}
