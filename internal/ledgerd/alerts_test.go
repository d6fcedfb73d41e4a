package ledgerd

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/util/teststorage"

	"github.com/swarm-ledger/swarm/settlement"
)

const alertRulesFile = "../../deploy/prometheus/swarm-alerts.yml"

// promqlParser is Prometheus's PromQL parser with its default options.
var promqlParser = parser.NewParser(parser.Options{})

// externalMetrics are named by the rules but exported by another binary
// or not by swarmd yet: swarm-agent's spool depth, and the slash gauge of
// the on-chain slash due process.
var externalMetrics = map[string]string{
	"swarm_agent_spool_messages": "swarm-agent",
	"swarm_slash_overdue":        "the slash due process (not yet exported)",
}

// alertRules parses the rules file with Prometheus's rule parser and every
// expression with its PromQL parser, and returns the expression of each
// alert.
func alertRules(t *testing.T) map[string]string {
	t.Helper()
	groups, errs := rulefmt.ParseFile(alertRulesFile, false, model.UTF8Validation, promqlParser, slog.New(slog.DiscardHandler))
	if len(errs) > 0 {
		t.Fatalf("%s: %v", alertRulesFile, errs)
	}
	rules := map[string]string{}
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" {
				continue
			}
			if _, err := promqlParser.ParseExpr(r.Expr); err != nil {
				t.Fatalf("alert %s: %v", r.Alert, err)
			}
			if r.Labels["severity"] == "" || r.Annotations["runbook"] == "" || r.For == 0 && r.Labels["severity"] != "critical" {
				t.Fatalf("alert %s lacks a severity, a runbook or a for: duration", r.Alert)
			}
			rules[r.Alert] = r.Expr
		}
	}
	return rules
}

// exprMetrics returns the metric names an expression reads.
func exprMetrics(t *testing.T, expr string) []string {
	t.Helper()
	e, err := promqlParser.ParseExpr(expr)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	parser.Inspect(e, func(n parser.Node, _ []parser.Node) error {
		if vs, ok := n.(*parser.VectorSelector); ok && !slices.Contains(names, vs.Name) {
			names = append(names, vs.Name)
		}
		return nil
	})
	sort.Strings(names)
	return names
}

func TestAlertRulesParseAndRunbook(t *testing.T) {
	rules := alertRules(t)
	want := []string{"SwarmFoldStopped", "SwarmFoldGap", "SwarmLagGrowing", "SwarmEpochNotClosed", "SwarmEpochNotAnchored",
		"SwarmRootConflict", "SwarmNoSettlementLeader", "SwarmSlashOverdue", "SwarmSlashMismatch", "SwarmClaimMismatch",
		"SwarmAgentSpoolBacklog"}
	book, err := os.ReadFile("../../docs/RUNBOOK.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range want {
		if rules[a] == "" {
			t.Errorf("no alert %s", a)
		}
		// Each alert has its section: "## SwarmFoldStopped" is the anchor #swarmfoldstopped.
		if !slices.Contains(splitLines(string(book)), "## "+a) {
			t.Errorf("docs/RUNBOOK.md has no section %q", "## "+a)
		}
	}
	if len(rules) != len(want) {
		t.Errorf("%d alerts, want %d", len(rules), len(want))
	}
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}

// promRig is an in-memory Prometheus: scraped samples go into a test
// storage and alert expressions run on the PromQL engine.
type promRig struct {
	t      *testing.T
	st     *teststorage.TestStorage
	engine *promql.Engine
}

func newPromRig(t *testing.T) *promRig {
	st := teststorage.New(t)
	t.Cleanup(func() { st.Close() })
	return &promRig{t: t, st: st, engine: promql.NewEngine(promql.EngineOpts{
		MaxSamples: 1_000_000, Timeout: time.Minute, LookbackDelta: 5 * time.Minute})}
}

// scrape reads url's exposition and stores every sample at ts with the
// target's job and instance labels; it returns the metric families' names.
func (p *promRig) scrape(url string, ts time.Time) map[string]bool {
	p.t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	tp := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := tp.TextToMetricFamilies(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	app := p.st.Appender(context.Background())
	names := map[string]bool{}
	add := func(name string, m *dto.Metric, extra []string, v float64) {
		lb := labels.NewScratchBuilder(8)
		lb.Add("__name__", name)
		lb.Add("job", "swarmd")
		lb.Add("instance", "ledger")
		for _, l := range m.GetLabel() {
			lb.Add(l.GetName(), l.GetValue())
		}
		for i := 0; i+1 < len(extra); i += 2 {
			lb.Add(extra[i], extra[i+1])
		}
		lb.Sort()
		if _, err := app.Append(0, lb.Labels(), ts.UnixMilli(), v); err != nil {
			p.t.Fatal(err)
		}
	}
	for name, f := range fams {
		names[name] = true
		for _, m := range f.GetMetric() {
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				add(name, m, nil, m.GetCounter().GetValue())
			case dto.MetricType_GAUGE:
				add(name, m, nil, m.GetGauge().GetValue())
			case dto.MetricType_UNTYPED:
				add(name, m, nil, m.GetUntyped().GetValue())
			case dto.MetricType_HISTOGRAM:
				h := m.GetHistogram()
				add(name+"_count", m, nil, float64(h.GetSampleCount()))
				add(name+"_sum", m, nil, h.GetSampleSum())
			case dto.MetricType_SUMMARY:
				add(name+"_count", m, nil, float64(m.GetSummary().GetSampleCount()))
				add(name+"_sum", m, nil, m.GetSummary().GetSampleSum())
			}
		}
	}
	if err := app.Commit(); err != nil {
		p.t.Fatal(err)
	}
	return names
}

// firing evaluates expr at ts and reports whether it returns any sample
// (an alert's expression is true for each sample it returns).
func (p *promRig) firing(expr string, ts time.Time) bool {
	p.t.Helper()
	q, err := p.engine.NewInstantQuery(context.Background(), p.st, nil, expr, ts)
	if err != nil {
		p.t.Fatal(err)
	}
	defer q.Close()
	res := q.Exec(context.Background())
	if res.Err != nil {
		p.t.Fatalf("%s: %v", expr, res.Err)
	}
	switch v := res.Value.(type) {
	case promql.Vector:
		return len(v) > 0
	case promql.Scalar:
		return true
	default:
		p.t.Fatalf("%s: result %T", expr, res.Value)
		return false
	}
}

// startWithMetrics starts e's service with its metrics on a free loopback
// port, so the rules' expressions can be evaluated against a scrape.
func startWithMetrics(ctx context.Context, t *testing.T, e *settleEnv, dir string, hook func(settlement.Step) error) *running {
	t.Helper()
	cfg := e.config(dir, hook)
	cfg.MetricsAddr = "127.0.0.1:0"
	return startRunning(ctx, t, cfg)
}

// startSettlingWithMetrics starts a settling ledger with its metrics served,
// waits for its leadership and publishes the network's set-up and an
// epoch's work.
func startSettlingWithMetrics(ctx context.Context, t *testing.T) (*settleEnv, *running, jetstream.JetStream) {
	t.Helper()
	e := newSettleEnv(ctx, t)
	r := startWithMetrics(ctx, t, e, "", nil)
	js := e.connect(r.NATSURL())
	waitFor(t, "leadership", r.IsLeader)
	e.setup(js, r.ledger.View)
	e.work(js)
	return e, r, js
}

// TestAlertsFireOnLedgerFaults runs a settling ledger on the development
// chain, checks that every metric the rules read is in its /metrics (or is
// another binary's), and that stopping it makes the fold, leader and epoch
// alerts true where they were false while it ran.
func TestAlertsFireOnLedgerFaults(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rules := alertRules(t)
	e, r, _ := startSettlingWithMetrics(ctx, t)
	e.nextEpoch(r.ledger.View)

	prom := newPromRig(t)
	t0 := e.clock.Now()
	names := prom.scrape(r.MetricsURL, t0)
	for a, expr := range rules {
		for _, m := range exprMetrics(t, expr) {
			if !names[m] && externalMetrics[m] == "" {
				t.Errorf("alert %s reads %s, which swarmd does not export", a, m)
			}
		}
	}
	faults := []string{"SwarmFoldStopped", "SwarmNoSettlementLeader", "SwarmEpochNotClosed"}
	healthy := append(slices.Clone(faults), "SwarmFoldGap", "SwarmLagGrowing", "SwarmEpochNotAnchored", "SwarmRootConflict",
		"SwarmSlashMismatch", "SwarmClaimMismatch")
	for _, a := range healthy {
		if prom.firing(rules[a], t0) {
			t.Errorf("%s is true on a healthy ledger", a)
		}
	}

	// The fault: the service stops (folding, leading and settling end)
	// while the metrics listener stays up, and three epoch lengths pass.
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(3 * settleEpoch)
	t1 := e.clock.Now()
	prom.scrape(r.MetricsURL, t1)
	for _, a := range faults {
		if !prom.firing(rules[a], t1) {
			t.Errorf("%s is false after the ledger stopped", a)
		}
	}
}
