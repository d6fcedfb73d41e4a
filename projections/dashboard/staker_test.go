package dashboard_test

import (
	"fmt"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/internal/testkit/browser"
	"github.com/swarm-ledger/swarm/projections"
)

// stakerWant is what the read API serves about one staker, as the staker
// page reads it.
type stakerWant struct {
	Address    string
	Stake      projections.StakerStake
	History    projections.EarnerHistory
	Statements projections.EarnerStatements
	Slashes    []projections.SlashRecord // of the providers it backs, in epoch order
}

// stakerFromAPI reads the API the way the staker page does.
func stakerFromAPI(t *testing.T, base, addr string) stakerWant {
	t.Helper()
	w := stakerWant{Address: addr}
	p := url.PathEscape(addr)
	fetch(t, base, "/v1/stakers/"+p, &w.Stake)
	fetch(t, base, "/v1/earners/"+p+"?limit=1", &w.History)
	fetch(t, base, "/v1/earners/"+p+"/statements?limit=30", &w.Statements)
	var providers []string
	for _, pos := range w.Stake.Positions {
		providers = append(providers, pos.Provider)
	}
	for _, e := range w.Statements.Statements {
		for _, s := range e.Stakes {
			providers = append(providers, s.Provider)
		}
	}
	slices.Sort(providers)
	for _, prov := range slices.Compact(providers) {
		var l projections.SlashList
		fetch(t, base, "/v1/slashes?limit=100&provider="+url.QueryEscape(prov), &l)
		w.Slashes = append(w.Slashes, l.Slashes...)
	}
	slices.SortStableFunc(w.Slashes, func(a, b projections.SlashRecord) int { return int(a.Epoch) - int(b.Epoch) })
	return w
}

// epochSlashesFromAPI is the slashes decided in epoch k, as the epoch page
// reads them.
func epochSlashesFromAPI(t *testing.T, base string, k uint64) []projections.SlashRecord {
	t.Helper()
	var l projections.SlashList
	fetch(t, base, fmt.Sprintf("/v1/slashes?from=%d&limit=100", k), &l)
	var out []projections.SlashRecord
	for _, s := range l.Slashes {
		if s.Epoch == k {
			out = append(out, s)
		}
	}
	return out
}

// checkEarnerLinks: every top earner's link leads to the page of what it
// is: a provider's page for a provider, the staker page for a staker that
// is not one.
func checkEarnerLinks(t *testing.T, p *browser.Page, list projections.EarnerList) {
	t.Helper()
	var hrefs map[string]string
	p.Eval(`Object.fromEntries(Array.from(document.querySelectorAll('[data-testid="overview-earners"] a[data-testid="earner-link"]'),
		a => [a.dataset.address, a.getAttribute('href')]))`, &hrefs)
	for _, e := range list.Earners {
		want := "#/earners/" + e.Address
		switch {
		case slices.Contains(e.Roles, "provider"):
			want = "#/providers/" + e.Address
		case slices.Contains(e.Roles, "staker"):
			want = "#/stakers/" + e.Address
		}
		expectEqual(t, "top earner "+e.Address+" link", hrefs[e.Address], want)
	}
}

// checkStaker checks the staker page against what the API serves: the
// address, totals, positions, statements (which providers paid it, its
// active stake behind each, the amount exactly and in SWARM) and the
// slashes of the providers it backs with their evidence and status.
func checkStaker(t *testing.T, p *browser.Page, w stakerWant) {
	t.Helper()
	waitView(p, "staker", "#/stakers/"+w.Address)
	expectText(t, p, `[data-testid="staker-address"]`, w.Address)
	expectText(t, p, `[data-testid="staker-cumulative"]`, fmtSWARM(w.History.Cumulative)+" SWARM")
	expectText(t, p, `[data-testid="staker-claimable"]`, fmtSWARM(w.History.Claimable)+" SWARM")
	expectText(t, p, `[data-testid="staker-bonded"]`, fmtSWARM(w.Stake.Bonded)+" SWARM")
	expectText(t, p, `[data-testid="staker-unbonding"]`, fmtSWARM(w.Stake.Unbonding)+" SWARM")
	expectText(t, p, `[data-testid="staker-active"]`, fmtSWARM(w.Stake.Active)+" SWARM")

	p.WaitVisible(`[data-testid="staker-positions"]`)
	rows := colRows(p, `[data-testid="staker-positions"]`)
	if len(rows) != len(w.Stake.Positions) {
		t.Fatalf("staker positions: %d rows, want %d", len(rows), len(w.Stake.Positions))
	}
	for i, pos := range w.Stake.Positions {
		r := rows[i]
		what := "position with " + pos.Provider + " "
		expectEqual(t, what+"provider", r.Data["provider"], pos.Provider)
		expectEqual(t, what+"link", r.Links[0], "#/providers/"+pos.Provider)
		expectEqual(t, what+"bonded", r.Cols["bonded"], fmtSWARM(pos.Bonded))
		expectEqual(t, what+"pending unbond", r.Cols["unbonding"], fmtSWARM(pos.Unbonding))
		expectEqual(t, what+"active", r.Cols["active"], fmtSWARM(pos.Active))
	}

	p.WaitVisible(`[data-testid="staker-statements"]`)
	rows = colRows(p, `[data-testid="staker-statements"]`)
	var n int
	for _, e := range w.Statements.Statements {
		for _, s := range e.Stakes {
			if n >= len(rows) {
				t.Fatalf("staker statements: %d rows, want more", len(rows))
			}
			r := rows[n]
			n++
			what := fmt.Sprintf("epoch %d paid by %s ", e.Epoch, s.Provider)
			expectEqual(t, what+"epoch", r.Data["epoch"], strconv.FormatUint(e.Epoch, 10))
			expectEqual(t, what+"provider", r.Data["provider"], s.Provider)
			expectEqual(t, what+"kind", r.Data["kind"], "stake")
			expectEqual(t, what+"reward", r.Cols["reward"], fmtSWARM(s.Reward))
			expectEqual(t, what+"commission", r.Cols["commission"], fmtSWARM(s.Commission))
			expectEqual(t, what+"provider's active stake", r.Cols["active-stake"], fmtSWARM(s.ActiveStake))
			expectEqual(t, what+"its active stake", r.Cols["active"], fmtSWARM(s.Active))
			expectEqual(t, what+"amount (atto)", r.Cols["atto"], s.Amount)
			expectEqual(t, what+"amount (SWARM)", r.Cols["swarm"], "= "+exactSWARM(s.Amount)+" SWARM")
		}
		if e.Provider != nil {
			if n >= len(rows) {
				t.Fatalf("staker statements: %d rows, want more", len(rows))
			}
			r := rows[n]
			n++
			expectEqual(t, fmt.Sprintf("epoch %d own nodes", e.Epoch), r.Data["kind"], "provider")
			expectEqual(t, fmt.Sprintf("epoch %d provider amount", e.Epoch), r.Cols["atto"], e.Provider.ProviderAmount)
		}
	}
	if n != len(rows) {
		t.Errorf("staker statements: %d rows, want %d", len(rows), n)
	}
	var totals []string
	p.Eval(`Array.from(document.querySelectorAll('[data-testid="staker-statements"] [data-col="epoch-amount"]'), e => e.dataset.atto)`, &totals)
	var wantTotals []string
	for _, e := range w.Statements.Statements {
		if len(e.Stakes) > 0 || e.Provider != nil {
			wantTotals = append(wantTotals, e.Amount)
		}
	}
	if !slices.Equal(totals, wantTotals) {
		t.Errorf("staker statements: epoch totals %v, want %v", totals, wantTotals)
	}

	p.WaitVisible(`[data-testid="staker-slashes"]`)
	checkSlashRows(t, p, `[data-testid="staker-slashes"]`, w.Slashes)
}

// colRow is a table row: its data-* attributes, the text of every
// [data-col] element in it, and its links' hrefs.
type colRow struct {
	Data  map[string]string `json:"data"`
	Cols  map[string]string `json:"cols"`
	Links []string          `json:"links"`
}

func colRows(p *browser.Page, sel string) []colRow {
	var rows []colRow
	p.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%q), tr => ({
		data: {...tr.dataset},
		cols: Object.fromEntries(Array.from(tr.querySelectorAll('[data-col]'), e => [e.dataset.col, e.innerText.trim()])),
		links: Array.from(tr.querySelectorAll('a[href]'), a => a.getAttribute('href')),
	}))`, sel+" tbody tr:not(:has(td.empty))"), &rows)
	return rows
}

// slashRow is what a slash table row shows.
type slashRow struct {
	ID          string   `json:"id"`
	Provider    string   `json:"provider"`
	Reason      string   `json:"reason"`
	Share       string   `json:"share"`
	Status      string   `json:"status"`
	Key         string   `json:"key"`
	Accepted    string   `json:"accepted"`
	Conflicting string   `json:"conflicting"`
	Heartbeats  string   `json:"heartbeats"`
	Tasks       []string `json:"tasks"`
	Amount      string   `json:"amount"`
	Tx          string   `json:"tx"`
	VetoTx      string   `json:"vetoTx"`
	CountdownAt string   `json:"countdownAt"`
	Countdown   string   `json:"countdown"`
}

// checkSlashRows checks a table of slash records: one row per slash in
// order, its reason and share, its evidence (key, and the detail of its
// reason) and its status (executed with its amount and transaction, vetoed
// with the veto's, proposed with a countdown to executable_at, decided).
func checkSlashRows(t *testing.T, p *browser.Page, sel string, want []projections.SlashRecord) {
	t.Helper()
	var rows []slashRow
	p.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%q), tr => {
		const q = s => tr.querySelector(s);
		const text = s => (q(s) ? q(s).textContent.trim() : '');
		const full = s => (q(s) ? q(s).dataset.full : '');
		return {
			id: tr.dataset.slash, provider: tr.dataset.provider || '',
			reason: text('[data-col="reason"]'), share: text('[data-col="share"]'),
			status: text('[data-testid="slash-status"]'), key: full('[data-testid="slash-evidence"]'),
			accepted: full('[data-testid="evidence-accepted"]'), conflicting: full('[data-testid="evidence-conflicting"]'),
			heartbeats: text('[data-testid="evidence-heartbeats"]'),
			tasks: Array.from(tr.querySelectorAll('[data-testid="evidence-tasks"] .chip'), c => c.textContent),
			amount: text('[data-testid="slash-amount"]'), tx: full('[data-testid="slash-tx"]'),
			vetoTx: full('[data-testid="slash-veto-tx"]'),
			countdownAt: q('[data-testid="slash-countdown"]') ? q('[data-testid="slash-countdown"]').dataset.executableAt : '',
			countdown: text('[data-testid="slash-countdown"]'),
		};
	})`, sel+" tbody tr[data-slash]"), &rows)
	if len(rows) != len(want) {
		t.Fatalf("%s: %d slashes shown, want %d", sel, len(rows), len(want))
	}
	for i, s := range want {
		r := rows[i]
		what := fmt.Sprintf("%s slash %s ", sel, s.ID)
		expectEqual(t, what+"id", r.ID, s.ID)
		expectEqual(t, what+"reason", r.Reason, s.Reason)
		expectEqual(t, what+"share", r.Share, fmtBP(s.BP))
		expectEqual(t, what+"status", r.Status, string(s.Status))
		expectEqual(t, what+"evidence key", r.Key, s.Evidence)
		if d := s.Detail; d != nil {
			switch s.Reason {
			case "equivocation":
				expectEqual(t, what+"accepted event", r.Accepted, d.Accepted)
				expectEqual(t, what+"conflicting event", r.Conflicting, d.Conflicting)
				if d.Accepted == "" || d.Conflicting == "" {
					t.Errorf("%sthe API has no conflicting hashes: %+v", what, d)
				}
			case "downtime":
				var hb uint64
				if d.Heartbeats != nil {
					hb = *d.Heartbeats
				}
				expectEqual(t, what+"heartbeats", r.Heartbeats, fmt.Sprintf("%s of %s heartbeats", fmtInt(hb), fmtInt(d.Expected)))
			default:
				if !slices.Equal(r.Tasks, d.Tasks) {
					t.Errorf("%sfailed tasks %q, want %q", what, r.Tasks, d.Tasks)
				}
			}
		} else {
			t.Errorf("%sthe API keeps no evidence for it", what)
		}
		switch s.Status {
		case projections.SlashExecuted:
			expectEqual(t, what+"tx", r.Tx, s.Tx)
			if s.Amount != "" {
				expectEqual(t, what+"amount", r.Amount, fmtSWARM(s.Amount)+" SWARM")
			}
		case projections.SlashVetoed:
			expectEqual(t, what+"veto tx", r.VetoTx, s.VetoTx)
		case projections.SlashProposed:
			expectEqual(t, what+"countdown executable_at", r.CountdownAt, strconv.FormatUint(s.ExecutableAt, 10))
			if !strings.HasPrefix(r.Countdown, "executable in ") && r.Countdown != "executable now" {
				t.Errorf("%scountdown %q", what, r.Countdown)
			}
		}
		if s.Status != projections.SlashProposed && r.CountdownAt != "" {
			t.Errorf("%sa %s slash shows a countdown", what, s.Status)
		}
	}
}

// exactSWARM is every decimal of an atto-SWARM amount in SWARM, grouped.
func exactSWARM(s string) string {
	v := atto(s)
	neg := v.Sign() < 0
	whole, rest := new(big.Int).QuoRem(new(big.Int).Abs(v), attoPerSWARM, new(big.Int))
	frac := strings.TrimRight(fmt.Sprintf("%018s", rest.String()), "0")
	out := group(whole.String())
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
