package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/browser"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
	"github.com/swarm-ledger/swarm/projections"
	"github.com/swarm-ledger/swarm/projections/dashboard"
)

// ---------------------------------------------------------------- Handler

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(dashboard.Handler())
	defer srv.Close()

	for path, ct := range map[string]string{
		"/":                   "text/html; charset=utf-8",
		"/index.html":         "text/html; charset=utf-8",
		"/assets/app.js":      "text/javascript; charset=utf-8",
		"/assets/style.css":   "text/css; charset=utf-8",
		"/assets/favicon.svg": "image/svg+xml",
	} {
		res := get(t, srv.URL+path, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", path, res.StatusCode)
		}
		for name, want := range map[string]string{
			"Content-Type":            ct,
			"Content-Security-Policy": dashboard.ContentSecurityPolicy,
			"Cache-Control":           "no-cache",
			"X-Content-Type-Options":  "nosniff",
		} {
			if got := res.Header.Get(name); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, name, got, want)
			}
		}
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Errorf("GET %s: no ETag", path)
			continue
		}
		if res := get(t, srv.URL+path, http.Header{"If-None-Match": {etag}}); res.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match: status %d, want 304", path, res.StatusCode)
		}
	}
	if res := get(t, srv.URL+"/assets/nope.js", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /assets/nope.js: status %d, want 404", res.StatusCode)
	}
	res, err := http.Post(srv.URL+"/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", res.StatusCode)
	}
}

// TestAssetsSelfContained: the page loads nothing from another origin. It
// reads static/, the directory the package embeds, from the source tree.
func TestAssetsSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	var files int
	err := fs.WalkDir(os.DirFS("."), "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		body, err := fs.ReadFile(os.DirFS("."), name)
		if err != nil {
			return err
		}
		for _, m := range external.FindAllString(string(body), -1) {
			if m != "http://www.w3.org" { // the SVG namespace, not a fetch
				t.Errorf("%s refers to another origin: %s", name, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 {
		t.Errorf("static/ holds %d files, want the page, its script, style and icon", files)
	}
}

func get(t *testing.T, u string, h http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// ---------------------------------------------------------------- the browser test

// TestDashboard drives the dashboard served by a real ledger service (the
// read API of ledgerd, its projections folded from a generated log) and
// checks every page against what that API answers.
func TestDashboard(t *testing.T) {
	if _, err := browser.ExecPath(); err != nil {
		t.Fatalf("the dashboard test needs Chromium: %v", err)
	}
	b := startBrowser(t) // starts while the ledger folds
	base, nowMs := startLedger(t)

	want := wantFromAPI(t, base)
	checkCoverage(t, want)
	checkDashboard(t, b(), base, want)
	checkStaleBadge(t, b(), base, nowMs)
}

// checkStaleBadge: with every heartbeat older than the stale limit (a
// ledger restarted with no traffic), the badge says so instead of "Live".
func checkStaleBadge(t *testing.T, b *browser.Browser, base string, nowMs *atomic.Int64) {
	t.Helper()
	fresh := nowMs.Load()
	nowMs.Store(fresh + time.Hour.Milliseconds())
	defer nowMs.Store(fresh)
	var ov projections.Overview
	fetch(t, base, "/v1/overview", &ov)
	if ov.Nodes == 0 || ov.NodesByHealth[projections.HealthHealthy]+ov.NodesByHealth[projections.HealthDegraded] != 0 {
		t.Fatalf("an hour later the API still counts fresh nodes: %+v", ov.NodesByHealth)
	}
	p := b.Page(t, base+"/#/")
	waitView(p, "overview", "")
	p.WaitFor(`document.getElementById('refresh-status').dataset.state !== 'loading'`)
	p.WaitFor(`document.getElementById('refresh-status').dataset.state === 'stale'`)
	expectPrefix(t, "stale badge", p.Text(`[data-testid="refresh-status"]`), "Stale · no fresh heartbeat from "+fmtInt(ov.Nodes)+" nodes")
}

// startBrowser starts Chromium in the background; the function it returns
// waits for it. The browser closes when the test ends.
func startBrowser(t *testing.T) func() *browser.Browser {
	type started struct {
		b   *browser.Browser
		err error
	}
	ch := make(chan started, 1)
	go func() {
		b, err := browser.Start(context.Background())
		ch <- started{b, err}
	}()
	wait := sync.OnceValue(func() started { return <-ch })
	t.Cleanup(func() {
		if s := wait(); s.b != nil {
			if err := s.b.Close(); err != nil {
				t.Error(err)
			}
		}
	})
	return func() *browser.Browser {
		t.Helper()
		s := wait()
		if s.err != nil {
			t.Fatal(s.err)
		}
		return s.b
	}
}

// dashboardLog is the generated log the dashboard is shown: eight epochs
// (all but the last anchored, with claims), sixteen nodes of four
// providers and five GPU models, stakers (who earn too) and unbonds,
// slashes (executed on chain, and pending) and jails, a tombstone, and
// adversarial traffic the ledger rejects. checkCoverage holds it to that.
func dashboardLog() gen.Config {
	c := gen.DefaultConfig()
	c.Epochs = 8
	c.Nodes = 16
	return c
}

// startLedger runs a ledger service with the dashboard, publishes the
// generated log to its embedded JetStream, waits until the ledger and every
// projection have applied all of it, and fixes the API's clock just after
// the last heartbeat, so heartbeat ages (and so health) stay put. It
// returns the base URL of the API and dashboard.
func startLedger(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	c := dashboardLog()
	sc, params, err := gen.GenerateParsed(c)
	if err != nil {
		t.Fatal(err)
	}
	nowMs := new(atomic.Int64) // the API's clock; fixed once the log is folded
	svc := runLedger(context.Background(), t, ledgerd.Config{
		DataDir:   t.TempDir(),
		Params:    params,
		NATSPort:  -1,
		APIAddr:   "127.0.0.1:0",
		BatchSize: 256,
		Dashboard: dashboard.Handler(),
		Log:       slog.New(slog.DiscardHandler),
		Now:       func() time.Time { return time.UnixMilli(nowMs.Load()) },
	})

	publish(t, svc.NATSURL(), sc.Messages)
	last := uint64(len(sc.Messages)) // the stream held nothing before
	wait.Until(t, 30*time.Second, 20*time.Millisecond, "the ledger and its projections to apply the log", func() bool {
		if svc.Checkpoint() < last || !svc.Queries().Engine().CaughtUp() {
			return false
		}
		res, err := http.Get(svc.APIURL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	foldedAt := time.Now()
	var epochs projections.EpochList
	fetch(t, svc.APIURL, "/v1/epochs?limit=1", &epochs)
	if epochs.LastClosed != uint64(c.Epochs) {
		t.Fatalf("the ledger closed %d epochs, the log %d", epochs.LastClosed, c.Epochs)
	}

	var nodes projections.NodeList
	fetch(t, svc.APIURL, "/v1/nodes?limit=1000", &nodes)
	var lastSeen uint64
	for _, n := range nodes.Nodes {
		lastSeen = max(lastSeen, n.LastSeenMs)
	}
	if lastSeen == 0 {
		t.Fatal("no node has sent a heartbeat")
	}
	nowMs.Store(int64(lastSeen) + 1000)

	// events_per_sec is the mean over the last few complete wall-clock
	// seconds (five) of the records applied: it is 0 once the second the
	// fold ended has left that window.
	time.Sleep(time.Until(time.Unix(foldedAt.Unix()+5, 0)))
	wait.Until(t, 10*time.Second, 20*time.Millisecond, "events_per_sec to settle at 0", func() bool {
		var ov projections.Overview
		fetch(t, svc.APIURL, "/v1/overview", &ov)
		return ov.EventsPerSec == 0 && ov.Lag == 0
	})
	return svc.APIURL, nowMs
}

// runLedger starts a ledger service with cfg (ctx bounds its start) and
// runs it until the test ends.
func runLedger(ctx context.Context, t *testing.T, cfg ledgerd.Config) *ledgerd.Service {
	t.Helper()
	svc, err := ledgerd.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("ledger: %v", err)
		}
		svc.Close()
	})
	return svc
}

// publish publishes the log's messages, in order, to the stream.
func publish(t *testing.T, natsURL string, msgs [][]byte) {
	t.Helper()
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		t.Fatal(err)
	}
	// Asynchronous publishes on one connection keep their order.
	acks := make([]jetstream.PubAckFuture, len(msgs))
	for i, m := range msgs {
		if acks[i], err = js.PublishAsync(eventlog.SubjectPrefix+"raw", m); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range acks {
		select {
		case ack := <-a.Ok():
			if ack.Sequence != uint64(i+1) {
				t.Fatalf("message %d stored at stream sequence %d", i, ack.Sequence)
			}
		case err := <-a.Err():
			t.Fatalf("publish message %d: %v", i, err)
		case <-time.After(30 * time.Second):
			t.Fatalf("publish message %d: no ack", i)
		}
	}
}

// checkCoverage fails unless the data shown gives every page real content,
// so that the page checks check something.
func checkCoverage(t *testing.T, w dashboardWant) {
	t.Helper()
	var anchored, closed int
	for _, e := range w.Epochs.Epochs {
		if e.Anchored {
			anchored++
		} else {
			closed++
		}
	}
	var nodeHealths []string
	for _, n := range w.Nodes.Nodes {
		if !slices.Contains(nodeHealths, n.Health) {
			nodeHealths = append(nodeHealths, n.Health)
		}
	}
	var historyEarned int
	for _, e := range w.History.Epochs {
		if e.Amount != "0" {
			historyEarned++
		}
	}
	for what, ok := range map[string]bool{
		"several epochs":                  len(w.Epochs.Epochs) >= 5,
		"anchored epochs":                 anchored > 0,
		"closed epochs not yet anchored":  closed > 0,
		"an anchored epoch in detail":     w.Epoch.Anchored,
		"several earners":                 len(w.Earners.Earners) >= 3,
		"claims":                          w.History.Claimed != "0",
		"epochs the provider earned in":   historyEarned >= 3,
		"stakers of the provider":         len(w.Stake.Stakers) >= 1,
		"slashes of the provider":         len(w.Slashes.Slashes) >= 1,
		"nodes of the provider":           len(w.ProvNodes.Nodes) >= 1,
		"nodes of several health states":  len(nodeHealths) >= 3,
		"healthy nodes":                   w.Overview.NodesByHealth[projections.HealthHealthy] > 0,
		"GPUs of several models":          len(w.Overview.GPUsByModel) >= 3,
		"a model filter that drops nodes": w.Model != "" && w.Filtered.Total > 0 && w.Filtered.Total < w.Nodes.Total,
		"stake":                           w.Overview.TotalStake != "0",
		"earnings":                        w.Overview.TotalEarned != "0",
		"a staker paid in statements":     len(w.Staker.Statements.Statements) >= 2 && len(w.Staker.Stake.Positions) >= 1,
		"slashes of a staker's providers": len(w.Staker.Slashes) >= 1,
		"an epoch that decided slashes":   len(w.EpochSlash) >= 1,
	} {
		if !ok {
			t.Errorf("the generated log gives the dashboard no %s", what)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// screenshotDir is $SWARM_SCREENSHOTS, else a temporary directory.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("SWARM_SCREENSHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// dashboardWant is what the read API at a base URL serves, as the dashboard
// reads it: the pages must show exactly this.
type dashboardWant struct {
	Overview   projections.Overview
	Earners    projections.EarnerList
	Epochs     projections.EpochList // the newest page, ascending
	Epoch      projections.EpochDetail
	Provider   string // a top earner that runs nodes, slashed if one was
	History    projections.EarnerHistory
	ChartFrom  uint64
	Stake      projections.ProviderStake
	Slashes    projections.SlashList // the provider's
	Statements projections.ProviderStatements
	ProvNodes  projections.NodeList
	Nodes      projections.NodeList
	Model      string // the filter tried on the node table: the last GPU node's
	Filtered   projections.NodeList
	BadAddress string     // a provider address the API refuses
	Staker     stakerWant // a staker of the provider, paid in its statements
	SlashEpoch uint64     // an epoch whose close decided slashes
	EpochSlash []projections.SlashRecord
}

// wantFromAPI reads the API the way the dashboard does.
func wantFromAPI(t *testing.T, base string) dashboardWant {
	t.Helper()
	var w dashboardWant
	fetch(t, base, "/v1/overview", &w.Overview)
	fetch(t, base, "/v1/earners?limit=10", &w.Earners)
	var head projections.EpochList
	fetch(t, base, "/v1/epochs?limit=1", &head)
	if last := head.LastClosed; last > 0 {
		from := uint64(max(1, int64(last)-19))
		fetch(t, base, fmt.Sprintf("/v1/epochs?from=%d&limit=%d", from, last-from+1), &w.Epochs)
		fetch(t, base, fmt.Sprintf("/v1/epochs/%d", detailEpoch(w.Epochs)), &w.Epoch)
	}
	fetch(t, base, "/v1/nodes?limit=50", &w.Nodes)
	if w.Provider = pickProvider(t, base, w); w.Provider != "" {
		p := url.PathEscape(w.Provider)
		var first projections.EarnerHistory
		fetch(t, base, "/v1/earners/"+p+"?limit=1", &first)
		w.ChartFrom = uint64(max(1, int64(first.LastClosed)-29))
		fetch(t, base, fmt.Sprintf("/v1/earners/%s?from=%d&limit=30", p, w.ChartFrom), &w.History)
		fetch(t, base, "/v1/providers/"+p+"/stake", &w.Stake)
		fetch(t, base, "/v1/providers/"+p+"/statements?limit=30", &w.Statements)
		fetch(t, base, "/v1/slashes?limit=100&provider="+url.QueryEscape(w.Provider), &w.Slashes)
		fetch(t, base, "/v1/nodes?limit=50&provider="+url.QueryEscape(w.Provider), &w.ProvNodes)
		w.Staker = pickStaker(t, base, w.Stake)
	}
	w.SlashEpoch = pickSlashEpoch(t, base)
	if w.SlashEpoch > 0 {
		w.EpochSlash = epochSlashesFromAPI(t, base, w.SlashEpoch)
	}
	for _, n := range slices.Backward(w.Nodes.Nodes) {
		if len(n.GPUs) > 0 {
			w.Model = n.GPUs[0].Model
			fetch(t, base, "/v1/nodes?limit=50&model="+url.QueryEscape(w.Model), &w.Filtered)
			break
		}
	}
	w.BadAddress = "0xnot-an-address"
	return w
}

// pickProvider is the provider page shown: the highest-earning of the top
// earners that runs nodes (stakers earn too) and has been slashed, else the
// highest-earning that runs nodes, else the top earner.
func pickProvider(t *testing.T, base string, w dashboardWant) string {
	t.Helper()
	var providers []string
	for _, e := range w.Earners.Earners {
		if slices.ContainsFunc(w.Nodes.Nodes, func(n projections.CatalogNode) bool { return n.Provider == e.Address }) {
			providers = append(providers, e.Address)
		}
	}
	for _, p := range providers {
		var slashes projections.SlashList
		fetch(t, base, "/v1/slashes?limit=1&provider="+url.QueryEscape(p), &slashes)
		if len(slashes.Slashes) > 0 {
			return p
		}
	}
	if len(providers) > 0 {
		return providers[0]
	}
	if len(w.Earners.Earners) > 0 {
		return w.Earners.Earners[0].Address
	}
	return ""
}

// pickStaker is the provider's staker with the most epoch statements.
func pickStaker(t *testing.T, base string, stake projections.ProviderStake) stakerWant {
	t.Helper()
	var best stakerWant
	for _, s := range stake.Stakers {
		w := stakerFromAPI(t, base, s.Staker)
		if best.Address == "" || len(w.Statements.Statements) > len(best.Statements.Statements) {
			best = w
		}
	}
	return best
}

// pickSlashEpoch is the epoch whose slashes have the most reasons (the
// earliest of those), 0 if no slash was decided.
func pickSlashEpoch(t *testing.T, base string) uint64 {
	t.Helper()
	var all projections.SlashList
	fetch(t, base, "/v1/slashes?limit=1000", &all)
	reasons := map[uint64]map[string]bool{}
	var best uint64
	for _, s := range all.Slashes {
		if reasons[s.Epoch] == nil {
			reasons[s.Epoch] = map[string]bool{}
		}
		reasons[s.Epoch][s.Reason] = true
		if best == 0 || len(reasons[s.Epoch]) > len(reasons[best]) {
			best = s.Epoch
		}
	}
	return best
}

// detailEpoch is the newest anchored epoch of the page, else its newest.
func detailEpoch(list projections.EpochList) uint64 {
	for _, e := range slices.Backward(list.Epochs) {
		if e.Anchored {
			return e.Epoch
		}
	}
	return list.Epochs[len(list.Epochs)-1].Epoch
}

func fetch(t *testing.T, base, path string, out any) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", path, res.Status, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// checkDashboard drives the dashboard at baseURL through its pages and
// checks that each shows what want says the API serves.
func checkDashboard(t *testing.T, b *browser.Browser, baseURL string, want dashboardWant) {
	t.Helper()
	shots := screenshotDir(t)
	p := b.Page(t, baseURL+"/#/")

	checkOverview(t, p, want)
	checkEarnerLinks(t, p, want.Earners)
	p.Screenshot(filepath.Join(shots, "overview.png"))

	p.Click(`[data-testid="nav-epochs"]`)
	checkEpochs(t, p, want)
	p.Screenshot(filepath.Join(shots, "epochs.png"))
	if want.SlashEpoch > 0 {
		p.Eval(fmt.Sprintf(`location.hash = '#/epochs/%d'`, want.SlashEpoch), nil)
		waitView(p, "epochs", fmt.Sprintf("#/epochs/%d", want.SlashEpoch))
		p.WaitVisible(`[data-testid="epoch-slashes"]`)
		checkSlashRows(t, p, `[data-testid="epoch-slashes"]`, want.EpochSlash)
		p.Screenshot(filepath.Join(shots, "epoch-slashes.png"))
	}

	if want.Provider != "" {
		p.Click(`[data-testid="nav-overview"]`)
		p.Click(`[data-testid="overview-earners"] a[data-address="` + want.Provider + `"]`)
		checkProvider(t, p, want)
		p.Screenshot(filepath.Join(shots, "provider.png"))
		p.Click(`[data-testid="provider-stakers"] a[data-address="` + want.Staker.Address + `"]`)
		checkStaker(t, p, want.Staker)
		p.Screenshot(filepath.Join(shots, "staker.png"))
	}

	p.Click(`[data-testid="nav-nodes"]`)
	checkNodes(t, p, want.Nodes)
	p.Screenshot(filepath.Join(shots, "nodes.png"))
	if want.Model != "" {
		p.Type("#filter-model", want.Model)
		p.Click("#filter-apply")
		waitView(p, "nodes", "model=")
		checkNodes(t, p, want.Filtered)
		for _, r := range tableRows(p, `[data-testid="nodes-table"]`) {
			if !strings.Contains(r.Cells[5], want.Model) {
				t.Errorf("filtered by model %q, the node table shows %q", want.Model, r.Cells[5])
			}
		}
		p.Screenshot(filepath.Join(shots, "nodes-filtered.png"))
	}

	checkErrorBanner(t, p, want)
	p.Screenshot(filepath.Join(shots, "error.png"))

	// Back on the overview, the page revalidates what it read before: the
	// data has not changed, so the API answers 304 Not Modified.
	p.Eval(`performance.clearResourceTimings()`, nil)
	p.Click(`[data-testid="nav-overview"]`)
	p.WaitFor(`document.getElementById('error-banner').hidden`)
	checkOverview(t, p, want)
	var revalidated []string
	p.Eval(`performance.getEntriesByType('resource')
		.filter(e => new URL(e.name).pathname.startsWith('/v1/') && e.responseStatus === 304)
		.map(e => new URL(e.name).pathname)`, &revalidated)
	if !slices.Contains(revalidated, "/v1/overview") {
		t.Errorf("back on the overview, the dashboard revalidated %q: want /v1/overview answered 304", revalidated)
	}

	for _, m := range p.Console() {
		if strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("CSP violation: %s", m.Text)
		}
	}
	t.Logf("screenshots in %s", shots)
}

// waitView waits until the view of route has loaded, its hash holding
// hashPart.
func waitView(p *browser.Page, route, hashPart string) {
	p.WaitFor(fmt.Sprintf(`location.hash.includes(%q) && document.getElementById('view').dataset.route === %q && document.getElementById('view').dataset.state !== 'loading'`, hashPart, route))
}

func checkOverview(t *testing.T, p *browser.Page, want dashboardWant) {
	t.Helper()
	ov := want.Overview
	waitView(p, "overview", "")
	p.WaitVisible(`[data-testid="overview-nodes"]`)
	expectText(t, p, `[data-testid="overview-nodes"]`, fmtInt(ov.Nodes))
	expectText(t, p, `[data-testid="overview-gpus"]`, fmtInt(ov.GPUs))
	expectText(t, p, `[data-testid="overview-utilization"]`, fmtBP(ov.UtilizationBP))
	expectText(t, p, `[data-testid="overview-events"]`, fmtInt(ov.EventsPerSec))
	expectText(t, p, `[data-testid="overview-lag"]`, fmtInt(ov.Lag))
	expectText(t, p, `[data-testid="overview-last-closed"]`, fmtInt(ov.LastClosed))
	expectText(t, p, `[data-testid="overview-last-anchored"]`, fmtInt(ov.LastAnchored))
	expectText(t, p, `[data-testid="overview-stake"]`, fmtSWARM(ov.TotalStake)+" SWARM")
	expectText(t, p, `[data-testid="overview-earned"]`, fmtSWARM(ov.TotalEarned)+" SWARM")
	// Every health state has its row, 0 where the API counts none.
	healths := []string{projections.HealthHealthy, projections.HealthDegraded, projections.HealthStale,
		projections.HealthJailed, projections.HealthUnregistered, projections.HealthTombstoned}
	for health := range ov.NodesByHealth {
		if !slices.Contains(healths, health) {
			healths = append(healths, health)
		}
	}
	for _, health := range healths {
		sel := fmt.Sprintf(`[data-testid="overview-health"] li[data-health=%q]`, health)
		expectText(t, p, sel+" .count", fmtInt(ov.NodesByHealth[health]))
		expectText(t, p, sel+` [data-testid="health-badge"]`, health)
	}
	if got := len(p.Texts(`[data-testid="overview-health"] li[data-health]`)); got != len(healths) {
		t.Errorf("overview: %d node health rows, want %d", got, len(healths))
	}
	for model, n := range ov.GPUsByModel {
		expectText(t, p, fmt.Sprintf(`[data-testid="overview-gpu-models-table"] tr[data-model=%q] .count`, model), fmtInt(n))
	}
	if got := len(p.Texts(`[data-testid="overview-gpu-models-table"] tr[data-model]`)); got != len(ov.GPUsByModel) {
		t.Errorf("overview: %d GPU model rows, want %d", got, len(ov.GPUsByModel))
	}
	rows := tableRows(p, `[data-testid="overview-earners"]`)
	if len(rows) != len(want.Earners.Earners) {
		t.Fatalf("overview: %d top earners shown, want %d", len(rows), len(want.Earners.Earners))
	}
	for i, e := range want.Earners.Earners {
		r := rows[i]
		expectEqual(t, "top earner address", r.Data["address"], e.Address)
		expectEqual(t, "top earner link", r.Cells[1], short(e.Address))
		expectEqual(t, "top earner cumulative", r.Cells[2], fmtSWARM(e.Cumulative))
		expectEqual(t, "top earner claimed", r.Cells[3], fmtSWARM(e.Claimed))
		expectEqual(t, "top earner roles", r.Data["roles"], strings.Join(e.Roles, " "))
		for _, role := range e.Roles {
			expectSubstring(t, "top earner role cell", r.Cells[5], role)
		}
		if len(e.Roles) == 0 {
			expectEqual(t, "top earner role cell", r.Cells[5], "—")
		}
	}
	roles := map[string]bool{}
	for _, e := range want.Earners.Earners {
		for _, r := range e.Roles {
			roles[r] = true
		}
	}
	if !roles["provider"] || !roles["staker"] {
		t.Errorf("the top earners' roles %v lack a provider or a staker: the role column is not shown both", roles)
	}
	expectSubstring(t, "commission note", p.Text(`[data-testid="earners-commission"]`),
		"keeps its "+fmtBP(ov.CommissionBP)+" commission")
	var state string
	p.Eval(`document.getElementById('refresh-status').dataset.state`, &state)
	expectEqual(t, "badge state with fresh nodes", state, "ok")
}

func checkEpochs(t *testing.T, p *browser.Page, want dashboardWant) {
	t.Helper()
	waitView(p, "epochs", "/epochs")
	p.WaitVisible(`[data-testid="epochs-table"]`)
	rows := tableRows(p, `[data-testid="epochs-table"]`)
	epochs := slices.Clone(want.Epochs.Epochs)
	slices.Reverse(epochs)
	if len(rows) != len(epochs) {
		t.Fatalf("epochs: %d rows, want %d", len(rows), len(epochs))
	}
	for i, e := range epochs {
		r := rows[i]
		what := fmt.Sprintf("epoch %d ", e.Epoch)
		expectEqual(t, what+"number", r.Cells[0], fmtInt(e.Epoch))
		expectPrefix(t, what+"period", r.Cells[1], time.UnixMilli(int64(e.StartMs)).UTC().Format("2006-01-02 15:04"))
		expectEqual(t, what+"pool", r.Cells[2], fmtSWARM(e.Pool))
		expectEqual(t, what+"distributed", r.Cells[3], fmtSWARM(e.Distributed))
		expectEqual(t, what+"carry", r.Cells[4], fmtSWARM(e.Carry))
		expectEqual(t, what+"utilization", r.Cells[5], fmtBP(e.UtilizationBP))
		expectEqual(t, what+"earners", r.Cells[6], fmtInt(e.Earners))
		expectEqual(t, what+"slashes", r.Cells[7], fmtInt(e.Slashes))
		expectEqual(t, what+"root", r.Cells[8], short(e.Root))
		expectEqual(t, what+"root title", r.Full[0], e.Root)
		if e.Anchored {
			expectPrefix(t, what+"anchoring", r.Cells[9], "anchored "+short(e.AnchorTx))
			expectEqual(t, what+"anchor tx", r.Full[1], e.AnchorTx)
		} else {
			expectEqual(t, what+"anchoring", r.Cells[9], e.State)
		}
	}

	d := want.Epoch
	if d.Epoch == 0 {
		return
	}
	p.Click(fmt.Sprintf(`[data-testid="epoch-row-%d"]`, d.Epoch))
	waitView(p, "epochs", fmt.Sprintf("#/epochs/%d", d.Epoch))
	p.WaitVisible(`[data-testid="epoch-detail"]`)
	expectText(t, p, `[data-testid="epoch-root"]`, d.Root)
	expectText(t, p, `[data-testid="epoch-digest"]`, d.EventsDigest)
	expectText(t, p, `[data-testid="epoch-pool"]`, fmtSWARM(d.Pool)+" SWARM")
	expectText(t, p, `[data-testid="epoch-distributed"]`, fmtSWARM(d.Distributed)+" SWARM")
	expectText(t, p, `[data-testid="epoch-total"]`, fmtSWARM(d.TotalCumulative)+" SWARM")
	if d.Anchored {
		expectContains(t, p, `[data-testid="epoch-anchoring"]`, d.AnchorTx)
	}
	var report struct {
		Earners []struct {
			Address string `json:"address"`
			Amount  string `json:"amount"`
		} `json:"earners"`
	}
	if err := json.Unmarshal(d.Report, &report); err != nil {
		t.Fatalf("epoch %d report: %v", d.Epoch, err)
	}
	var earning int
	for _, e := range report.Earners {
		if e.Amount != "0" {
			earning++
		}
	}
	if earning > 0 {
		if got := len(tableRows(p, `[data-testid="epoch-report-earners"]`)); got != min(earning, 50) {
			t.Errorf("epoch %d detail: %d earners shown, want %d", d.Epoch, got, min(earning, 50))
		}
	}
}

func checkProvider(t *testing.T, p *browser.Page, want dashboardWant) {
	t.Helper()
	h := want.History
	waitView(p, "provider", "#/providers/")
	expectText(t, p, `[data-testid="provider-address"]`, want.Provider)
	expectText(t, p, `[data-testid="provider-cumulative"]`, fmtSWARM(h.Cumulative)+" SWARM")
	expectText(t, p, `[data-testid="provider-anchored"]`, fmtSWARM(h.AnchoredCumulative)+" SWARM")
	expectText(t, p, `[data-testid="provider-claimed"]`, fmtSWARM(h.Claimed)+" SWARM")
	expectText(t, p, `[data-testid="provider-claimable"]`, fmtSWARM(h.Claimable)+" SWARM")

	p.WaitVisible(`[data-testid="provider-chart"]`)
	var bars []struct {
		Epoch  uint64  `json:"epoch"`
		Amount string  `json:"amount"`
		Height float64 `json:"height"`
	}
	p.Eval(`Array.from(document.querySelectorAll('[data-testid="provider-chart"] [data-testid="chart-bar"]'),
		r => ({epoch: +r.dataset.epoch, amount: r.dataset.amount, height: r.getBBox().height}))`, &bars)
	var earned []projections.EarnerEpoch
	for _, e := range h.Epochs {
		if e.Epoch >= want.ChartFrom && e.Amount != "0" {
			earned = append(earned, e)
		}
	}
	if len(bars) != len(earned) {
		t.Fatalf("provider chart: %d bars, want one per epoch with an amount: %d", len(bars), len(earned))
	}
	tallest, most := 0.0, new(big.Int)
	for i, e := range earned {
		expectEqual(t, "chart bar epoch", strconv.FormatUint(bars[i].Epoch, 10), strconv.FormatUint(e.Epoch, 10))
		expectEqual(t, "chart bar amount", bars[i].Amount, e.Amount)
		if bars[i].Height <= 0 {
			t.Errorf("chart bar of epoch %d has no height", e.Epoch)
		}
		if a := atto(e.Amount); a.Cmp(most) > 0 {
			most, tallest = a, bars[i].Height
		}
	}
	for _, bar := range bars {
		if bar.Height > tallest+0.01 {
			t.Errorf("chart bar of epoch %d (%s) is taller than the largest amount's", bar.Epoch, bar.Amount)
		}
	}

	rows := tableRows(p, `[data-testid="provider-epochs"]`)
	if len(rows) != len(h.Epochs) {
		t.Fatalf("provider history: %d rows, want %d", len(rows), len(h.Epochs))
	}
	for i, e := range h.Epochs {
		r := rows[len(rows)-1-i]
		expectEqual(t, "history epoch", r.Cells[0], fmtInt(e.Epoch))
		expectEqual(t, "history amount", r.Cells[1], fmtSWARM(e.Amount))
		expectEqual(t, "history cumulative", r.Cells[2], fmtSWARM(e.Cumulative))
	}

	expectText(t, p, `[data-testid="stake-bonded"]`, fmtSWARM(want.Stake.Bonded)+" SWARM")
	expectText(t, p, `[data-testid="stake-active"]`, fmtSWARM(want.Stake.Active)+" SWARM")
	rows = tableRows(p, `[data-testid="provider-stakers"]`)
	if len(rows) != len(want.Stake.Stakers) {
		t.Fatalf("provider stakers: %d rows, want %d", len(rows), len(want.Stake.Stakers))
	}
	for i, s := range want.Stake.Stakers {
		r := rows[i]
		expectEqual(t, "staker", r.Data["staker"], s.Staker)
		expectEqual(t, "staker bonded", r.Cells[1], fmtSWARM(s.Bonded))
		expectEqual(t, "staker unbonding", r.Cells[2], fmtSWARM(s.Unbonding))
		expectEqual(t, "staker active", r.Cells[3], fmtSWARM(s.Active))
		if s.ReleaseAtS == 0 {
			expectEqual(t, "staker release", r.Cells[4], "—")
		} else {
			expectPrefix(t, "staker release", r.Cells[4], time.Unix(int64(s.ReleaseAtS), 0).UTC().Format("2006-01-02 15:04"))
		}
	}
	rows = tableRows(p, `[data-testid="provider-slashes"]`)
	if len(rows) != len(want.Slashes.Slashes) {
		t.Fatalf("provider slashes: %d rows, want %d", len(rows), len(want.Slashes.Slashes))
	}
	for i, s := range want.Slashes.Slashes {
		r := rows[i]
		expectEqual(t, "slash epoch", r.Cells[0], fmtInt(s.Epoch))
		expectEqual(t, "slash reason", r.Cells[1], s.Reason)
		expectEqual(t, "slash share", r.Cells[2], fmtBP(s.BP))
		if s.Executed {
			expectPrefix(t, "slash execution", r.Cells[3], "executed")
			if s.Amount != "" {
				expectSubstring(t, "slash execution", r.Cells[3], fmtSWARM(s.Amount)+" SWARM")
			}
		} else {
			expectEqual(t, "slash execution", r.Cells[3], "pending")
		}
	}
	checkNodeRows(t, p, `[data-testid="provider-nodes"]`, want.ProvNodes, true)
	checkWhy(t, p, want.Statements)
}

// checkWhy: the "why this amount" panel shows the newest epoch's statement
// of the provider, step by step, and another epoch once it is chosen.
func checkWhy(t *testing.T, p *browser.Page, list projections.ProviderStatements) {
	t.Helper()
	if len(list.Statements) < 2 {
		t.Fatalf("the provider has %d statements, want at least 2", len(list.Statements))
	}
	p.WaitVisible(`[data-testid="provider-why"]`)
	var options []string
	p.Eval(`Array.from(document.querySelectorAll('[data-testid="why-epoch"] option'), o => o.value)`, &options)
	if len(options) != len(list.Statements) {
		t.Fatalf("why panel: %d epochs to choose, want %d", len(options), len(list.Statements))
	}
	check := func(item projections.ProviderEpochStatement) {
		t.Helper()
		var st map[string]any
		if err := json.Unmarshal(item.Statement, &st); err != nil {
			t.Fatal(err)
		}
		field := func(name string) string { v, _ := st[name].(string); return v }
		cells := map[string]string{}
		for _, r := range tableRows(p, `[data-testid="provider-why"]`) {
			cells[r.Data["step"]] = r.Cells[2]
		}
		for _, name := range []string{"reward", "commission", "provider_amount", "active_stake", "required_stake"} {
			expectEqual(t, fmt.Sprintf("epoch %d %s", item.Epoch, name), cells[name], fmtSWARM(field(name))+" SWARM")
		}
		for _, name := range []string{"reliability", "stake_factor", "share", "compute", "avail"} {
			if r := field(name); strings.HasSuffix(r, "/1") {
				expectEqual(t, fmt.Sprintf("epoch %d %s", item.Epoch, name), cells[name], strings.TrimSuffix(r, "/1"))
			} else {
				expectPrefix(t, fmt.Sprintf("epoch %d %s", item.Epoch, name), cells[name], r+" ≈ ")
			}
		}
	}
	var chosen string
	p.Eval(`(() => { const s = document.querySelector('[data-testid="why-epoch"]'); return s.options[s.selectedIndex].text; })()`, &chosen)
	expectEqual(t, "why epoch", chosen, fmt.Sprintf("Epoch %d", list.Statements[0].Epoch))
	check(list.Statements[0])
	older := list.Statements[len(list.Statements)-1]
	p.Eval(fmt.Sprintf(`(() => { const s = document.querySelector('[data-testid="why-epoch"]');
		s.value = %q; s.dispatchEvent(new Event('change')); return true; })()`, strconv.FormatUint(older.Epoch, 10)), new(bool))
	check(older)
}

func checkNodes(t *testing.T, p *browser.Page, want projections.NodeList) {
	t.Helper()
	waitView(p, "nodes", "/nodes")
	p.WaitVisible(`[data-testid="nodes-table"]`)
	expectContains(t, p, `[data-testid="nodes-summary"]`, "of "+fmtInt(want.Total)+" nodes")
	checkNodeRows(t, p, `[data-testid="nodes-table"]`, want, false)
}

// checkNodeRows checks a node table; the provider page's has no rank and
// no provider column.
func checkNodeRows(t *testing.T, p *browser.Page, sel string, want projections.NodeList, providerPage bool) {
	t.Helper()
	rows := tableRows(p, sel)
	if len(rows) != len(want.Nodes) {
		t.Fatalf("%s: %d rows, want %d", sel, len(rows), len(want.Nodes))
	}
	for i, n := range want.Nodes {
		r := rows[i]
		cells := r.Cells
		if !providerPage {
			expectEqual(t, "node rank", cells[0], fmtInt(n.Rank))
			cells = cells[1:]
		}
		what := "node " + short(n.Node) + " "
		expectEqual(t, what+"id", r.Data["node"], n.Node)
		expectEqual(t, what+"short id", cells[0], short(n.Node))
		expectEqual(t, what+"health", r.Data["health"], n.Health)
		expectPrefix(t, what+"health badge", cells[1], n.Health)
		if !providerPage {
			expectEqual(t, what+"provider", cells[2], short(n.Provider))
			cells = append(cells[:2:2], cells[3:]...)
		}
		expectEqual(t, what+"region", cells[2], n.Region)
		for _, g := range n.GPUs {
			expectSubstring(t, what+"gpus", cells[3], g.Model+" · "+fmtGiB(g.MemMiB))
		}
		if len(n.GPUs) > 0 {
			expectEqual(t, what+"utilization", cells[4], fmtBP(meanUtil(n.GPUs)))
			expectEqual(t, what+"temperature", cells[5], fmt.Sprintf("%d °C", maxTemp(n.GPUs)))
		}
		expectEqual(t, what+"reliability", cells[6], fmtBP(n.ReliabilityBP))
		expectEqual(t, what+"stake factor", cells[7], fmtBP(n.StakeFactorBP))
	}
	var badges int
	p.Eval(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel+` [data-testid="health-badge"]`), &badges)
	if badges != len(want.Nodes) {
		t.Errorf("%s: %d health badges, want %d", sel, badges, len(want.Nodes))
	}
}

func checkErrorBanner(t *testing.T, p *browser.Page, want dashboardWant) {
	t.Helper()
	p.Eval(fmt.Sprintf(`location.hash = %q`, "#/providers/"+want.BadAddress), nil)
	p.WaitVisible(`[data-testid="error-banner"]`)
	text := p.Text(`[data-testid="error-banner"]`)
	if !regexp.MustCompile(`GET /v1/\S+ → 4\d\d: \S`).MatchString(text) {
		t.Errorf("error banner: %q, want the failed request, its 4xx status and the API's message", text)
	}
	if !strings.Contains(text, url.PathEscape(want.BadAddress)) {
		t.Errorf("error banner: %q does not name %s", text, want.BadAddress)
	}
}

// ---------------------------------------------------------------- DOM reading

type tableRow struct {
	Data  map[string]string `json:"data"`  // the row's data-* attributes
	Cells []string          `json:"cells"` // each cell's innerText
	Full  []string          `json:"full"`  // data-full of the row's shortened hashes
}

func tableRows(p *browser.Page, sel string) []tableRow {
	var rows []tableRow
	p.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%q), tr => ({
		data: {...tr.dataset},
		cells: Array.from(tr.cells, td => td.innerText.trim()),
		full: Array.from(tr.querySelectorAll('[data-full]'), e => e.dataset.full),
	}))`, sel+" tbody tr:not(:has(td.empty))"), &rows)
	return rows
}

func expectText(t *testing.T, p *browser.Page, sel, want string) {
	t.Helper()
	if got := strings.TrimSpace(p.Text(sel)); got != want {
		t.Errorf("%s shows %q, want %q", sel, got, want)
	}
}

func expectContains(t *testing.T, p *browser.Page, sel, want string) {
	t.Helper()
	expectSubstring(t, sel, p.Text(sel), want)
}

func expectEqual(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %q, want %q", what, got, want)
	}
}

func expectPrefix(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.HasPrefix(got, want) {
		t.Errorf("%s: %q, want it to start with %q", what, got, want)
	}
}

func expectSubstring(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s: %q, want it to contain %q", what, got, want)
	}
}

// ---------------------------------------------------------------- formatting, as the page does

var attoPerSWARM = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

func atto(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("malformed amount " + s)
	}
	return v
}

// fmtSWARM is atto-SWARM in SWARM, truncated to 4 decimals, grouped.
func fmtSWARM(s string) string {
	v := atto(s)
	neg := v.Sign() < 0
	a := new(big.Int).Abs(v)
	whole, rest := new(big.Int).QuoRem(a, attoPerSWARM, new(big.Int))
	frac := new(big.Int).Quo(rest, big.NewInt(1e14)).Int64()
	if whole.Sign() == 0 && frac == 0 && a.Sign() > 0 {
		if neg {
			return ">-0.0001"
		}
		return "<0.0001"
	}
	out := group(whole.String())
	if frac > 0 {
		out += "." + strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	}
	if neg {
		out = "-" + out
	}
	return out
}

func group(digits string) string {
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func fmtInt[T int | uint64](n T) string { return group(strconv.FormatUint(uint64(n), 10)) }

func fmtBP(bp uint64) string { return fmt.Sprintf("%s.%02d%%", fmtInt(bp/100), bp%100) }

func fmtGiB(mib uint64) string { return fmt.Sprintf("%d GiB", (mib+512)/1024) }

func short(hex string) string {
	if len(hex) <= 14 {
		return hex
	}
	n := 6
	if strings.HasPrefix(hex, "0x") {
		n = 8
	}
	return hex[:n] + "…" + hex[len(hex)-4:]
}

func meanUtil(gpus []projections.CatalogGPU) uint64 {
	var sum uint64
	for _, g := range gpus {
		sum += g.UtilBP
	}
	return sum / uint64(len(gpus))
}

func maxTemp(gpus []projections.CatalogGPU) uint64 {
	var m uint64
	for _, g := range gpus {
		m = max(m, g.TempC)
	}
	return m
}
