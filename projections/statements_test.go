package projections_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/projections"
)

// TestStatementsAPI runs a live ledger over a generated log and checks the
// statement endpoints against an auditor's replay of the exported stream:
// GET /v1/epochs/{k}/statement is byte for byte the line of `replay
// --statements`; a provider's pages, newest first, are its members of those
// statements; an earner's pages add up to its amount in each report.
func TestStatementsAPI(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc := startLedger(ctx, t)
	nc := connect(t, svc.NATSURL())
	js, err := jetstream.New(nc)
	must(t, err)
	stream, err := js.Stream(ctx, eventlog.StreamName)
	must(t, err)
	var buf bytes.Buffer
	w := events.NewExportWriter(&buf)
	_, err = eventlog.Export(ctx, stream, w)
	must(t, err)
	logPath := filepath.Join(t.TempDir(), "log.ndjson")
	must(t, os.WriteFile(logPath, buf.Bytes(), 0o644))

	// The auditor's side: a fresh fold of the export.
	msgs, err := events.ReadExportFile(logPath)
	must(t, err)
	audit, err := aggregates.Open("", svc.Ledger().Params())
	must(t, err)
	defer audit.Close()
	for _, m := range msgs {
		_, err := audit.ApplyMessage(m)
		must(t, err)
	}
	must(t, audit.Commit())
	statements, err := audit.Statements()
	must(t, err)
	reports, err := audit.Reports()
	must(t, err)
	if len(statements) < 3 {
		t.Fatalf("%d statements", len(statements))
	}

	for _, st := range statements {
		status, body := httpGet(t, fmt.Sprintf("%s/v1/epochs/%d/statement", svc.APIURL, st.Epoch))
		if want := append(st.Canonical(), '\n'); status != http.StatusOK || !bytes.Equal(body, want) {
			t.Fatalf("epoch %d statement: %d\n%s\nwant\n%s", st.Epoch, status, body, want)
		}
	}
	if status, _ := httpGet(t, fmt.Sprintf("%s/v1/epochs/%d/statement", svc.APIURL, len(statements)+1)); status != http.StatusNotFound {
		t.Fatalf("statement of an open epoch: %d", status)
	}

	// Every slash shown by /v1/slashes carries its statement's evidence.
	var slashes projections.SlashList
	getJSON(t, svc.APIURL+"/v1/slashes?limit=1000", &slashes)
	if len(slashes.Slashes) == 0 {
		t.Fatal("no slashes in the generated log")
	}
	for _, sl := range slashes.Slashes {
		var want []byte
		for _, s := range statements[sl.Epoch-1].Provider(sl.Provider).Slashes {
			if s.ID == sl.ID {
				want = s.EvidenceCanonical()
			}
		}
		got, _ := json.Marshal(sl.Detail)
		if want == nil || !bytes.Equal(got, want) {
			t.Fatalf("slash %s: evidence %s, statement %s", sl.ID, got, want)
		}
	}

	// Every provider's pages, two at a time, newest first.
	providers := map[string]bool{}
	for _, st := range statements {
		for _, p := range st.Providers {
			providers[p.Provider] = true
		}
	}
	for p := range providers {
		var want []projections.ProviderEpochStatement
		for i := len(statements) - 1; i >= 0; i-- {
			if ps := statements[i].Provider(p); ps != nil {
				want = append(want, projections.ProviderEpochStatement{Epoch: statements[i].Epoch, Statement: ps.Canonical()})
			}
		}
		var got []projections.ProviderEpochStatement
		for cursor, pages := "", 0; ; pages++ {
			var page projections.ProviderStatements
			getJSON(t, fmt.Sprintf("%s/v1/providers/%s/statements?limit=2&cursor=%s", svc.APIURL, p, cursor), &page)
			if page.Provider != p || page.LastClosed != uint64(len(statements)) || len(page.Statements) > 2 || pages > len(statements) {
				t.Fatalf("provider page: %+v", page)
			}
			got = append(got, page.Statements...)
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if len(got) != len(want) {
			t.Fatalf("provider %s: %d statements, want %d", p, len(got), len(want))
		}
		for i := range want {
			if got[i].Epoch != want[i].Epoch || !bytes.Equal(got[i].Statement, want[i].Statement) {
				t.Fatalf("provider %s item %d: epoch %d %s\nwant epoch %d %s", p, i, got[i].Epoch, got[i].Statement, want[i].Epoch, want[i].Statement)
			}
		}
	}

	// Every earner of the last report: its parts add up to its amounts.
	var last aggregates.Report
	must(t, json.Unmarshal(reports[len(reports)-1], &last))
	stakers := 0
	for _, e := range last.Earners {
		var page projections.EarnerStatements
		getJSON(t, fmt.Sprintf("%s/v1/earners/%s/statements?limit=%d", svc.APIURL, e.Address, projections.MaxPage), &page)
		byEpoch := map[uint64]projections.EarnerEpochStatement{}
		for i, s := range page.Statements {
			if i > 0 && page.Statements[i-1].Epoch <= s.Epoch {
				t.Fatalf("earner %s: statements not newest first", e.Address)
			}
			byEpoch[s.Epoch] = s
			sum := new(big.Int)
			if s.Provider != nil {
				sum.Add(sum, amountOf(t, s.Provider.ProviderAmount))
			}
			for _, st := range s.Stakes {
				sum.Add(sum, amountOf(t, st.Amount))
				stakers++
				ps := statements[s.Epoch-1].Provider(st.Provider)
				if ps == nil || ps.ActiveStake.String() != st.ActiveStake || ps.Reward.String() != st.Reward {
					t.Fatalf("earner %s epoch %d: stake %+v does not match the statement", e.Address, s.Epoch, st)
				}
			}
			if sum.String() != s.Amount {
				t.Fatalf("earner %s epoch %d: parts sum to %s, amount %s", e.Address, s.Epoch, sum, s.Amount)
			}
		}
		for k, raw := range reports {
			var rep aggregates.Report
			must(t, json.Unmarshal(raw, &rep))
			for _, re := range rep.Earners {
				if re.Address == e.Address && re.Amount != "0" && byEpoch[uint64(k+1)].Amount != re.Amount {
					t.Fatalf("earner %s epoch %d: statements say %q, report %s", e.Address, k+1, byEpoch[uint64(k+1)].Amount, re.Amount)
				}
			}
		}
	}
	if stakers == 0 {
		t.Fatal("no staker earned in the generated log")
	}
}

func amountOf(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("amount %q", s)
	}
	return v
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	status, body := httpGet(t, url)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
