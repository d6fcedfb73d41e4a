package dashboard

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/internal/browser"
	"github.com/swarm-ledger/swarm/projections"
)

// ---------------------------------------------------------------- Handler

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(Handler())
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
			"Content-Security-Policy": ContentSecurityPolicy,
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

// TestAssetsSelfContained: the page loads nothing from another origin.
func TestAssetsSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	err := fs.WalkDir(static, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(static, name)
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

func TestDashboard(t *testing.T) {
	fixture := newAPIFixture(time.Now())
	mux := http.NewServeMux()
	mux.Handle("/v1/", fixture)
	mux.Handle("/", Handler())
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b, err := browser.Start(context.Background())
	if err != nil {
		t.Fatalf("%v (the dashboard test needs Chromium: apt-get install chromium)", err)
	}
	defer func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	}()

	want := wantFromAPI(t, srv.URL)
	checkDashboard(t, b, srv.URL, want)

	if fixture.notModified.Load() == 0 {
		t.Error("the dashboard never revalidated a response (no 304 served)")
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
	Provider   string // the top earner
	History    projections.EarnerHistory
	ChartFrom  uint64
	Stake      projections.ProviderStake
	Slashes    projections.SlashList // the provider's
	ProvNodes  projections.NodeList
	Nodes      projections.NodeList
	Model      string // the filter tried on the node table
	Filtered   projections.NodeList
	BadAddress string // a provider address the API refuses
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
	if len(w.Earners.Earners) > 0 {
		w.Provider = w.Earners.Earners[0].Address
		p := url.PathEscape(w.Provider)
		var first projections.EarnerHistory
		fetch(t, base, "/v1/earners/"+p+"?limit=1", &first)
		w.ChartFrom = uint64(max(1, int64(first.LastClosed)-29))
		fetch(t, base, fmt.Sprintf("/v1/earners/%s?from=%d&limit=30", p, w.ChartFrom), &w.History)
		fetch(t, base, "/v1/providers/"+p+"/stake", &w.Stake)
		fetch(t, base, "/v1/slashes?limit=100&provider="+url.QueryEscape(w.Provider), &w.Slashes)
		fetch(t, base, "/v1/nodes?limit=50&provider="+url.QueryEscape(w.Provider), &w.ProvNodes)
	}
	fetch(t, base, "/v1/nodes?limit=50", &w.Nodes)
	if len(w.Nodes.Nodes) > 0 && len(w.Nodes.Nodes[len(w.Nodes.Nodes)-1].GPUs) > 0 {
		w.Model = w.Nodes.Nodes[len(w.Nodes.Nodes)-1].GPUs[0].Model
		fetch(t, base, "/v1/nodes?limit=50&model="+url.QueryEscape(w.Model), &w.Filtered)
	}
	w.BadAddress = "0xnot-an-address"
	return w
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
	p.Screenshot(filepath.Join(shots, "overview.png"))

	p.Click(`[data-testid="nav-epochs"]`)
	checkEpochs(t, p, want)
	p.Screenshot(filepath.Join(shots, "epochs.png"))

	if want.Provider != "" {
		p.Click(`[data-testid="nav-overview"]`)
		p.Click(`[data-testid="overview-earners"] a[data-address="` + want.Provider + `"]`)
		checkProvider(t, p, want)
		p.Screenshot(filepath.Join(shots, "provider.png"))
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

	p.Click(`[data-testid="nav-overview"]`)
	p.WaitFor(`document.getElementById('error-banner').hidden`)
	checkOverview(t, p, want)

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
	for health, n := range ov.NodesByHealth {
		sel := fmt.Sprintf(`[data-testid="overview-health"] li[data-health=%q]`, health)
		expectText(t, p, sel+" .count", fmtInt(n))
		expectText(t, p, sel+` [data-testid="health-badge"]`, health)
	}
	for model, n := range ov.GPUsByModel {
		expectText(t, p, fmt.Sprintf(`[data-testid="overview-gpu-models-table"] tr[data-model=%q] .count`, model), fmtInt(n))
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
	}
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

// ---------------------------------------------------------------- API fixture

// apiFixture is a stand-in read API for the browser test: fixed bodies of
// the projections types for a small network (4 earners, 42 closed epochs,
// 40 anchored, 12 nodes), served with ETags, and the API's 400s for
// unknown query parameters and malformed addresses.
type apiFixture struct {
	mux         *http.ServeMux
	notModified atomic.Int64

	overview   projections.Overview
	state      projections.State
	settlement map[string]any
	epochs     []projections.EpochSummary // epoch k at k-1
	reports    []json.RawMessage
	earners    []projections.EarnerSummary
	slashes    []projections.SlashRecord
	histories  map[string]projections.EarnerHistory
	stakes     map[string]projections.ProviderStake
	nodes      []projections.CatalogNode // ranked
	now        time.Time
}

const (
	fixtureLastClosed   = 42
	fixtureLastAnchored = 40
	fixtureEpochMs      = 3_600_000
)

var fixtureEpoch0 = time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC).UnixMilli()

// fixtureBases are the earners' base amounts per epoch (atto-SWARM).
var fixtureBases = []string{"15432109876543210987", "9876543210987654321", "4321098765432109876", "1234567890123456789"}

func newAPIFixture(now time.Time) *apiFixture {
	f := &apiFixture{now: now, histories: map[string]projections.EarnerHistory{}, stakes: map[string]projections.ProviderStake{}}
	f.buildEpochs()
	f.buildStakes()
	f.buildNodes()
	f.buildOverview()
	f.routes()
	return f
}

func fixtureHex(parts ...any) string {
	sum := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	return "0x" + hex.EncodeToString(sum[:])
}

func fixtureAddress(name string) string { return fixtureHex("address", name)[:42] }

func fixtureNodeID(name string) string {
	sum := sha512.Sum512([]byte("node " + name))
	return "U" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])[:55]
}

func fixtureProviders() []string {
	return []string{fixtureAddress("atlas"), fixtureAddress("borealis"), fixtureAddress("cumulus"), fixtureAddress("dorado")}
}

// fixtureAmount is earner i's amount in epoch k: zero in a gap every 9
// epochs, and for the last earner before epoch 10.
func fixtureAmount(i, k int) *big.Int {
	if (k+i)%9 == 4 || (i == 3 && k < 10) {
		return new(big.Int)
	}
	m := big.NewInt(int64(4 + (k*5+i*3)%9))
	v := new(big.Int).Mul(atto(fixtureBases[i]), m)
	return v.Quo(v, big.NewInt(8))
}

type reportEarner struct {
	Address    string `json:"address"`
	Amount     string `json:"amount"`
	Cumulative string `json:"cumulative"`
}

type reportSlash struct {
	ID       string `json:"id"`
	Provider string `json:"provider"`
	Reason   string `json:"reason"`
	BP       uint64 `json:"bp"`
}

func (f *apiFixture) buildEpochs() {
	providers := fixtureProviders()
	cum := make([]*big.Int, len(providers))
	for i := range cum {
		cum[i] = new(big.Int)
	}
	hist := make([][]projections.EarnerEpoch, len(providers))
	claimedAt := []int{25, 30, 12, 0}
	claimed := make([]string, len(providers))
	anchored := make([]string, len(providers))
	lastEpoch := make([]uint64, len(providers))
	for k := 1; k <= fixtureLastClosed; k++ {
		distributed, total := new(big.Int), new(big.Int)
		var earners []reportEarner
		for i, p := range providers {
			a := fixtureAmount(i, k)
			cum[i].Add(cum[i], a)
			total.Add(total, cum[i])
			distributed.Add(distributed, a)
			if a.Sign() > 0 {
				hist[i] = append(hist[i], projections.EarnerEpoch{Epoch: uint64(k), Amount: a.String(), Cumulative: cum[i].String()})
				lastEpoch[i] = uint64(k)
			}
			if cum[i].Sign() > 0 {
				earners = append(earners, reportEarner{Address: p, Amount: a.String(), Cumulative: cum[i].String()})
			}
			if k == claimedAt[i] {
				claimed[i] = cum[i].String()
			}
			if k == fixtureLastAnchored {
				anchored[i] = cum[i].String()
			}
		}
		f.addEpoch(k, distributed, total, earners, providers)
	}
	for i, p := range providers {
		if claimed[i] == "" {
			claimed[i] = "0"
		}
		claimable := new(big.Int).Sub(atto(anchored[i]), atto(claimed[i]))
		f.histories[p] = projections.EarnerHistory{
			Address: p, LastClosed: fixtureLastClosed, Cumulative: cum[i].String(),
			AnchoredEpoch: fixtureLastAnchored, AnchoredCumulative: anchored[i],
			Claimed: claimed[i], Claimable: claimable.String(), Epochs: hist[i],
		}
		f.earners = append(f.earners, projections.EarnerSummary{
			Address: p, Cumulative: cum[i].String(), Claimed: claimed[i], LastEpoch: lastEpoch[i],
		})
	}
	sort.Slice(f.earners, func(a, b int) bool {
		if c := atto(f.earners[a].Cumulative).Cmp(atto(f.earners[b].Cumulative)); c != 0 {
			return c > 0
		}
		return f.earners[a].Address < f.earners[b].Address
	})
}

func (f *apiFixture) addEpoch(k int, distributed, total *big.Int, earners []reportEarner, providers []string) {
	carry := big.NewInt(int64(k) * 987_654_321_012_345)
	if k == fixtureLastClosed {
		carry = big.NewInt(37) // less than the smallest amount shown
	}
	pool := new(big.Int).Add(distributed, carry)
	var slashes []reportSlash
	if k%10 == 7 {
		sl := reportSlash{ID: fixtureHex("slash", k), Provider: providers[(k/10)%3], Reason: "downtime", BP: 500}
		slashes = append(slashes, sl)
		rec := projections.SlashRecord{ID: sl.ID, Epoch: uint64(k), Provider: sl.Provider, Reason: sl.Reason, BP: sl.BP}
		if k < 30 {
			rec.Executed, rec.Amount, rec.Tx, rec.Block = true, "1875000000000000000000", fixtureHex("slash tx", k), uint64(18_204_000+k*300+40)
		}
		f.slashes = append(f.slashes, rec)
	}
	rejected := map[string]uint64{}
	if k%5 == 0 {
		rejected = map[string]uint64{"bad_signature": 2, "duplicate": uint64(k % 7)}
	}
	var paid int
	for _, e := range earners {
		if e.Amount != "0" {
			paid++
		}
	}
	e := projections.EpochSummary{
		Epoch: uint64(k), StartMs: uint64(fixtureEpoch0 + int64(k-1)*fixtureEpochMs), EndMs: uint64(fixtureEpoch0 + int64(k)*fixtureEpochMs),
		Root: fixtureHex("root", k), EventsDigest: fixtureHex("digest", k), TotalCumulative: total.String(),
		Pool: pool.String(), Distributed: distributed.String(), Carry: carry.String(),
		UtilizationBP: uint64(5800 + (k*379)%3700), Earners: paid, Slashes: len(slashes), Jailed: len(slashes),
		Rejected: rejected, State: "closed",
	}
	if k <= fixtureLastAnchored {
		e.State, e.Anchored, e.AnchorTx, e.AnchorBlock = "anchored", true, fixtureHex("tx", k), uint64(18_204_000+k*300)
	}
	report, err := json.Marshal(map[string]any{
		"epoch": e.Epoch, "start_ms": e.StartMs, "end_ms": e.EndMs, "events_digest": e.EventsDigest, "root": e.Root,
		"pool": e.Pool, "distributed": e.Distributed, "carry": e.Carry, "utilization_bp": e.UtilizationBP,
		"earners": earners, "slashes": slashesOrEmpty(slashes), "jailed": []any{}, "rejected": rejected,
	})
	if err != nil {
		panic(err)
	}
	f.epochs = append(f.epochs, e)
	f.reports = append(f.reports, report)
}

func slashesOrEmpty(s []reportSlash) []reportSlash {
	if s == nil {
		return []reportSlash{}
	}
	return s
}

func (f *apiFixture) buildStakes() {
	providers := fixtureProviders()
	now := uint64(f.now.Unix())
	positions := [][]projections.StakePosition{
		{
			{Staker: fixtureAddress("staker-1"), Bonded: "250000000000000000000000", Unbonding: "0", Active: "250000000000000000000000"},
			{Staker: fixtureAddress("staker-2"), Bonded: "120500000000000000000000", Unbonding: "30000000000000000000000", ReleaseAtS: now + 3*86400 + 5*3600, Active: "120500000000000000000000"},
			{Staker: fixtureAddress("staker-3"), Bonded: "7777777777777777777777", Unbonding: "1000000000000000000000", ReleaseAtS: now - 3600, Active: "6666666666666666666666"},
		},
		{{Staker: fixtureAddress("staker-4"), Bonded: "90000000000000000000000", Unbonding: "0", Active: "90000000000000000000000"}},
		{{Staker: fixtureAddress("staker-5"), Bonded: "42000000000000000000000", Unbonding: "0", Active: "42000000000000000000000"}},
		{},
	}
	for i, p := range providers {
		st := projections.ProviderStake{Provider: p, Bonded: "0", Unbonding: "0", Active: "0", Stakers: []projections.StakePosition{}}
		for _, pos := range positions[i] {
			pos.Provider = p
			st.Bonded = add(st.Bonded, pos.Bonded)
			st.Unbonding = add(st.Unbonding, pos.Unbonding)
			st.Active = add(st.Active, pos.Active)
			st.Stakers = append(st.Stakers, pos)
		}
		f.stakes[p] = st
	}
}

func add(a, b string) string { return new(big.Int).Add(atto(a), atto(b)).String() }

type fixtureGPU struct {
	model string
	mem   uint64
	n     int
}

var (
	gpuH100 = fixtureGPU{"NVIDIA H100 80GB HBM3", 81559, 1}
	gpuA100 = fixtureGPU{"NVIDIA A100-SXM4-40GB", 40960, 1}
	gpu4090 = fixtureGPU{"NVIDIA GeForce RTX 4090", 24564, 1}
	gpuL40S = fixtureGPU{"NVIDIA L40S", 46068, 1}
)

func (g fixtureGPU) times(n int) fixtureGPU { g.n = n; return g }

func (f *apiFixture) buildNodes() {
	p := fixtureProviders()
	type spec struct {
		name, provider, region, health string
		checks                         []string
		gpu                            fixtureGPU
		util, temp                     uint64
		verified                       bool
		reliability, stake             uint64
	}
	specs := []spec{
		{"atlas-1", p[0], "eu-west-1", projections.HealthHealthy, nil, gpuH100.times(8), 2100, 61, true, 9990, 10000},
		{"borealis-1", p[1], "us-east-1", projections.HealthHealthy, nil, gpuA100.times(4), 3500, 58, true, 9870, 9500},
		{"cumulus-1", p[2], "ap-southeast-1", projections.HealthHealthy, nil, gpuL40S.times(2), 4200, 66, true, 9720, 9000},
		{"atlas-2", p[0], "eu-west-1", projections.HealthHealthy, nil, gpuA100.times(4), 5100, 63, true, 9950, 10000},
		{"dorado-1", p[3], "us-west-2", projections.HealthHealthy, nil, gpu4090.times(2), 6800, 71, false, 9400, 5000},
		{"borealis-2", p[1], "us-east-1", projections.HealthHealthy, nil, gpuH100.times(4), 8800, 74, true, 9910, 9500},
		{"atlas-3", p[0], "eu-central-1", projections.HealthDegraded, []string{"temperature"}, gpu4090.times(2), 9300, 91, true, 9100, 10000},
		{"cumulus-2", p[2], "ap-southeast-1", projections.HealthDegraded, []string{"xid", "ecc_dbe"}, gpuA100.times(1), 4000, 60, true, 8800, 9000},
		{"atlas-4", p[0], "eu-west-1", projections.HealthStale, []string{"heartbeat_age"}, gpuL40S.times(1), 0, 40, true, 8200, 10000},
		{"cumulus-3", p[2], "ap-southeast-1", projections.HealthJailed, nil, gpuH100.times(2), 0, 35, true, 6100, 9000},
		{"dorado-2", p[3], "us-west-2", projections.HealthUnregistered, nil, gpu4090.times(1), 0, 30, false, 5000, 5000},
		{"borealis-3", p[1], "us-east-1", projections.HealthTombstoned, nil, gpuA100.times(2), 0, 30, true, 0, 0},
	}
	nowMs := uint64(f.now.UnixMilli())
	for i, s := range specs {
		age := uint64(1200 + 900*i)
		if s.health == projections.HealthStale {
			age = 412_000
		}
		n := projections.CatalogNode{
			Node: fixtureNodeID(s.name), Provider: s.provider, Region: s.region, Health: s.health,
			Checks: s.checks, LastSeenMs: nowMs - age, HeartbeatAgeMs: age, SpareBP: 10000 - s.util,
			ReliabilityBP: s.reliability, StakeFactorBP: s.stake,
			Jailed: s.health == projections.HealthJailed, Tombstoned: s.health == projections.HealthTombstoned,
			Registered: s.health != projections.HealthUnregistered,
		}
		if n.Checks == nil {
			n.Checks = []string{}
		}
		if n.Jailed {
			n.JailUntil = fixtureLastClosed + 3
		}
		for g := range s.gpu.n {
			n.GPUs = append(n.GPUs, projections.CatalogGPU{
				UUID: "GPU-" + fixtureHex("gpu", s.name, g)[2:34], Model: s.gpu.model, MemMiB: s.gpu.mem, Verified: s.verified,
				UtilBP: s.util + uint64(g*37)%200, MemUsedMiB: s.gpu.mem * s.util / 10000, TempC: s.temp + uint64(g%3),
				PowerMW: 250_000 + s.util*30,
			})
		}
		f.nodes = append(f.nodes, n)
	}
}

func (f *apiFixture) buildOverview() {
	ov := projections.Overview{
		NodesByHealth: map[string]int{}, GPUsByModel: map[string]int{}, Providers: len(fixtureProviders()),
		EventsPerSec: 1834, Checkpoint: 1_284_113, Lag: 3, LastClosed: fixtureLastClosed, LastAnchored: fixtureLastAnchored,
		TotalStake: "1234567890123456789012345678901", // past 2^53 SWARM digits: floats would round it
	}
	var utilSum, utilN uint64
	for _, n := range f.nodes {
		ov.NodesByHealth[n.Health]++
		if !n.Registered {
			continue
		}
		ov.Nodes++
		for _, g := range n.GPUs {
			ov.GPUs++
			ov.GPUsByModel[g.Model]++
			utilSum += g.UtilBP
			utilN++
		}
	}
	ov.UtilizationBP = utilSum / utilN
	total := "0"
	for _, e := range f.earners {
		total = add(total, e.Cumulative)
	}
	ov.TotalEarned = total
	f.overview = ov
	f.state = projections.State{
		Checkpoint: ov.Checkpoint, EventsDigest: fixtureHex("digest", "head"), StateHash: fixtureHex("state"),
		StateHashAt: ov.Checkpoint - 211, LastClosed: fixtureLastClosed, StreamLast: ov.Checkpoint + ov.Lag, Lag: ov.Lag,
		Projections: []projections.ProjectionStatus{
			{Name: "catalog", Generation: 3, Checkpoint: ov.Checkpoint, Lag: 0},
			{Name: "earnings", Generation: 2, Checkpoint: ov.Checkpoint, Lag: 0},
			{Name: "epochs", Generation: 2, Checkpoint: ov.Checkpoint, Lag: 0},
			{Name: "slashes", Generation: 1, Checkpoint: ov.Checkpoint - 2, Lag: 2},
			{Name: "staking", Generation: 4, Checkpoint: ov.Checkpoint, Lag: 0, RebuildGeneration: 5, RebuildCheckpoint: 803_442},
		},
	}
	f.settlement = map[string]any{
		"replica": "swarmd-eu-1", "leader": true, "epoch_length_ms": fixtureEpochMs,
		"next_close_ms": fixtureEpoch0 + (fixtureLastClosed+1)*fixtureEpochMs, "last_closed": fixtureLastClosed,
		"chain_last_epoch": fixtureLastClosed - 1, "last_anchored": fixtureLastAnchored, "epochs": []any{},
		"slashes_decided": 4, "slashes_executed": 4, "slashes_pending": []string{},
	}
}

// ---- fixture routes

func (f *apiFixture) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.mux.ServeHTTP(w, r) }

func (f *apiFixture) routes() {
	f.mux = http.NewServeMux()
	f.mux.HandleFunc("GET /v1/overview", f.fixed(func() any { return f.overview }))
	f.mux.HandleFunc("GET /v1/state", f.fixed(func() any { return f.state }))
	f.mux.HandleFunc("GET /v1/settlement", f.fixed(func() any { return f.settlement }))
	f.mux.HandleFunc("GET /v1/epochs", f.epochList)
	f.mux.HandleFunc("GET /v1/epochs/{epoch}", f.epochDetail)
	f.mux.HandleFunc("GET /v1/earners", f.earnerList)
	f.mux.HandleFunc("GET /v1/earners/{address}", f.earnerHistory)
	f.mux.HandleFunc("GET /v1/providers/{address}/stake", f.providerStake)
	f.mux.HandleFunc("GET /v1/nodes", f.nodeList)
	f.mux.HandleFunc("GET /v1/slashes", f.slashList)
	f.mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		f.fail(w, http.StatusNotFound, "no such endpoint: %s", r.URL.Path)
	})
}

func (f *apiFixture) fixed(body func() any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := f.params(r); err != nil {
			f.fail(w, http.StatusBadRequest, "%v", err)
			return
		}
		f.reply(w, r, body())
	}
}

func (f *apiFixture) epochList(w http.ResponseWriter, r *http.Request) {
	q, err := f.params(r, "from", "limit")
	if err != nil {
		f.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	from, limit := q.uint("from", 1), q.uint("limit", 100)
	list := projections.EpochList{LastClosed: fixtureLastClosed, Epochs: []projections.EpochSummary{}}
	for k := from; k < from+limit && k <= fixtureLastClosed; k++ {
		list.Epochs = append(list.Epochs, f.epochs[k-1])
	}
	if from+limit <= fixtureLastClosed {
		list.Next = from + limit
	}
	f.reply(w, r, list)
}

func (f *apiFixture) epochDetail(w http.ResponseWriter, r *http.Request) {
	k, err := strconv.ParseUint(r.PathValue("epoch"), 10, 64)
	if err != nil || k == 0 {
		f.fail(w, http.StatusBadRequest, "epoch %q: want a positive integer", r.PathValue("epoch"))
		return
	}
	if k > fixtureLastClosed {
		f.fail(w, http.StatusNotFound, "epoch %d is not closed", k)
		return
	}
	f.reply(w, r, projections.EpochDetail{EpochSummary: f.epochs[k-1], Report: f.reports[k-1]})
}

func (f *apiFixture) earnerList(w http.ResponseWriter, r *http.Request) {
	q, err := f.params(r, "limit")
	if err != nil {
		f.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	n := min(int(q.uint("limit", 100)), len(f.earners))
	f.reply(w, r, projections.EarnerList{LastClosed: fixtureLastClosed, Earners: f.earners[:n]})
}

func (f *apiFixture) earnerHistory(w http.ResponseWriter, r *http.Request) {
	addr, ok := f.address(w, r)
	if !ok {
		return
	}
	q, err := f.params(r, "from", "limit")
	if err != nil {
		f.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	h, ok := f.histories[addr]
	if !ok {
		h = projections.EarnerHistory{Address: addr, LastClosed: fixtureLastClosed, Cumulative: "0",
			AnchoredEpoch: fixtureLastAnchored, AnchoredCumulative: "0", Claimed: "0", Claimable: "0"}
	}
	from, limit := q.uint("from", 1), q.uint("limit", 100)
	page := []projections.EarnerEpoch{}
	h.Next = 0
	for _, e := range h.Epochs {
		if e.Epoch < from {
			continue
		}
		if uint64(len(page)) == limit {
			h.Next = e.Epoch
			break
		}
		page = append(page, e)
	}
	h.Epochs = page
	f.reply(w, r, h)
}

func (f *apiFixture) providerStake(w http.ResponseWriter, r *http.Request) {
	addr, ok := f.address(w, r)
	if !ok {
		return
	}
	st, ok := f.stakes[addr]
	if !ok {
		st = projections.ProviderStake{Provider: addr, Bonded: "0", Unbonding: "0", Active: "0", Stakers: []projections.StakePosition{}}
	}
	f.reply(w, r, st)
}

func (f *apiFixture) nodeList(w http.ResponseWriter, r *http.Request) {
	q, err := f.params(r, "model", "min_mem_mib", "region", "health", "provider", "verified", "offset", "limit")
	if err != nil {
		f.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if p := q.Get("provider"); p != "" && !addressRE.MatchString(p) {
		f.fail(w, http.StatusBadRequest, "malformed address %q", p)
		return
	}
	var match []projections.CatalogNode
	for _, n := range f.nodes {
		if nodeMatches(n, q) {
			n.Rank = len(match) + 1
			match = append(match, n)
		}
	}
	offset, limit := int(q.uint("offset", 0)), int(q.uint("limit", 100))
	list := projections.NodeList{Total: len(match), Nodes: []projections.CatalogNode{}, AtMs: uint64(f.now.UnixMilli())}
	if offset < len(match) {
		list.Nodes = match[offset:min(len(match), offset+limit)]
	}
	if offset+limit < len(match) {
		list.Next = offset + limit
	}
	f.reply(w, r, list)
}

func (f *apiFixture) slashList(w http.ResponseWriter, r *http.Request) {
	q, err := f.params(r, "provider", "reason", "from", "cursor", "limit")
	if err != nil {
		f.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if p := q.Get("provider"); p != "" && !addressRE.MatchString(p) {
		f.fail(w, http.StatusBadRequest, "malformed address %q", p)
		return
	}
	from, start, limit := q.uint("from", 1), int(q.uint("cursor", 0)), int(q.uint("limit", 100))
	list := projections.SlashList{Slashes: []projections.SlashRecord{}}
	for i, s := range f.slashes[min(start, len(f.slashes)):] {
		if s.Epoch < from || (q.Get("provider") != "" && s.Provider != q.Get("provider")) || (q.Get("reason") != "" && s.Reason != q.Get("reason")) {
			continue
		}
		if len(list.Slashes) == limit {
			list.Next = strconv.Itoa(start + i) // the fixture's cursor: an index
			break
		}
		list.Slashes = append(list.Slashes, s)
	}
	f.reply(w, r, list)
}

func nodeMatches(n projections.CatalogNode, q fixtureQuery) bool {
	if p := q.Get("provider"); p != "" && n.Provider != p {
		return false
	}
	if rg := q.Get("region"); rg != "" && n.Region != rg {
		return false
	}
	if hs := q.Get("health"); hs != "" && !slices.Contains(strings.Split(hs, ","), n.Health) {
		return false
	}
	model, minMem, verified := q.Get("model"), q.uint("min_mem_mib", 0), q.Get("verified") == "true"
	return slices.ContainsFunc(n.GPUs, func(g projections.CatalogGPU) bool {
		return (model == "" || g.Model == model) && g.MemMiB >= minMem && (!verified || g.Verified)
	})
}

var addressRE = regexp.MustCompile(`^0x[0-9a-f]{40}$`)

func (f *apiFixture) address(w http.ResponseWriter, r *http.Request) (string, bool) {
	a := strings.ToLower(r.PathValue("address"))
	if !addressRE.MatchString(a) {
		f.fail(w, http.StatusBadRequest, "malformed address %q: want 0x and 40 hex digits", r.PathValue("address"))
		return "", false
	}
	return a, true
}

type fixtureQuery struct{ url.Values }

func (q fixtureQuery) uint(name string, def uint64) uint64 {
	v, err := strconv.ParseUint(q.Get(name), 10, 64)
	if err != nil {
		return def
	}
	return v
}

// params refuses query parameters other than allowed, or malformed
// numbers, as the read API does.
func (f *apiFixture) params(r *http.Request, allowed ...string) (fixtureQuery, error) {
	q := r.URL.Query()
	for name, vals := range q {
		if !slices.Contains(allowed, name) {
			return fixtureQuery{}, fmt.Errorf("unknown query parameter %q", name)
		}
		if len(vals) != 1 || vals[0] == "" {
			return fixtureQuery{}, fmt.Errorf("query parameter %q: want one value", name)
		}
		switch name {
		case "from", "limit", "offset", "min_mem_mib":
			if _, err := strconv.ParseUint(vals[0], 10, 64); err != nil {
				return fixtureQuery{}, fmt.Errorf("query parameter %s=%q: want an integer", name, vals[0])
			}
		}
	}
	return fixtureQuery{q}, nil
}

func (f *apiFixture) reply(w http.ResponseWriter, r *http.Request, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		f.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		f.notModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func (f *apiFixture) fail(w http.ResponseWriter, status int, format string, args ...any) {
	body, _ := json.Marshal(projections.APIError{Message: fmt.Sprintf(format, args...)})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
