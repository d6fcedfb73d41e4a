package ledgerd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/projections"
)

type (
	EpochList     = projections.EpochList
	EpochSummary  = projections.EpochSummary
	EpochDetail   = projections.EpochDetail
	EarnerHistory = projections.EarnerHistory
	EarnerEpoch   = projections.EarnerEpoch
	APIError      = projections.APIError
)

// apiCall makes one request to the read API and checks that the answer,
// whatever its status, is JSON.
func apiCall(t *testing.T, method, url string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %s: Content-Type %q, want application/json", method, url, ct)
	}
	return resp.StatusCode, resp.Header, body
}

// apiGetJSON GETs url, wants 200 and decodes the body into out.
func apiGetJSON(t *testing.T, url string, out any) []byte {
	t.Helper()
	status, _, body := apiCall(t, http.MethodGet, url)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, status, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
	return body
}

// apiFixture is a ledger service that has folded a generated log, and the
// same log replayed offline.
type apiFixture struct {
	svc     *running
	offline *aggregates.Ledger
	epochs  uint64
}

// startAPIFixture publishes a generated multi-epoch log (with anchors,
// claims and adversarial traffic) to a service serving the read API and
// waits, polling the API itself while the fold runs, until every epoch is
// closed and every message folded.
func startAPIFixture(ctx context.Context, t *testing.T) apiFixture {
	t.Helper()
	g := gen.DefaultConfig()
	sc, params, err := gen.GenerateParsed(g)
	if err != nil {
		t.Fatal(err)
	}
	at := time.UnixMilli(1_800_000_000_000)
	r := startRunning(ctx, t, Config{Params: params, BatchSize: 64, APIAddr: "127.0.0.1:0", Now: func() time.Time { return at }})
	if r.APIURL == "" {
		t.Fatal("no API URL")
	}
	nc, err := nats.Connect(r.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	published := make(chan error, 1)
	go func() {
		// Asynchronous publishes on one connection keep their order.
		acks := make([]nats.PubAckFuture, len(sc.Messages))
		for i, m := range sc.Messages {
			var err error
			if acks[i], err = js.PublishAsync(eventlog.SubjectPrefix+"raw", m); err != nil {
				published <- err
				return
			}
		}
		for i, a := range acks {
			select {
			case ack := <-a.Ok():
				if ack.Sequence != uint64(i+1) {
					published <- fmt.Errorf("message %d stored at stream sequence %d", i, ack.Sequence)
					return
				}
			case err := <-a.Err():
				published <- err
				return
			case <-ctx.Done():
				published <- ctx.Err()
				return
			}
		}
		published <- nil
	}()
	want := uint64(g.Epochs)
	deadline := time.Now().Add(30 * time.Second)
	for {
		// Reads while the fold commits: every page is a consistent prefix.
		var list EpochList
		apiGetJSON(t, r.APIURL+"/v1/epochs", &list)
		if uint64(len(list.Epochs)) != list.LastClosed {
			t.Fatalf("mid-fold page lists %d epochs with last_closed %d", len(list.Epochs), list.LastClosed)
		}
		for i, e := range list.Epochs {
			if e.Epoch != uint64(i+1) {
				t.Fatalf("mid-fold page: epoch %d at position %d", e.Epoch, i)
			}
		}
		if list.LastClosed == want && r.Checkpoint() == uint64(len(sc.Messages)) && r.Ledger().View().LastClosed == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fold did not finish: last closed %d (want %d), checkpoint %d of %d", list.LastClosed, want, r.Checkpoint(), len(sc.Messages))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := <-published; err != nil {
		t.Fatal(err)
	}

	off, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { off.Close() })
	if _, err := ingest.Run(ctx, off, ingest.Messages(sc.Messages), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return apiFixture{svc: r, offline: off, epochs: want}
}

// wantSummary is the summary of epoch k built from the offline replay.
func (f apiFixture) wantSummary(t *testing.T, k uint64) (EpochSummary, []byte) {
	t.Helper()
	rec, err := f.offline.Epoch(k)
	if err != nil {
		t.Fatal(err)
	}
	var rep aggregates.Report
	if err := json.Unmarshal(rec.Report, &rep); err != nil {
		t.Fatal(err)
	}
	state, rejected := "closed", rep.Rejected
	if rec.Anchored {
		state = "anchored"
	}
	if rejected == nil {
		rejected = map[string]uint64{}
	}
	return EpochSummary{Epoch: k, StartMs: rep.StartMs, EndMs: rep.EndMs, Root: rep.Root, EventsDigest: rep.EventsDigest,
		TotalCumulative: rec.TotalCumulative.String(), Pool: rep.Pool, Distributed: rep.Distributed, Carry: rep.Carry,
		UtilizationBP: rep.UtilizationBP, Earners: len(rep.Earners), Slashes: len(rep.Slashes), Jailed: len(rep.Jailed),
		Rejected: rejected, State: state, Anchored: rec.Anchored, AnchorTx: rec.AnchorTx, AnchorBlock: rec.AnchorBlock}, rec.Report
}

// TestAPI serves a generated log's epochs and earners exactly as an offline
// replay of the log computes them, pages the epoch list, and answers every
// malformed request with a JSON error.
func amountOf(t *testing.T, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("amount %q", s)
	}
	return v
}

func TestAPI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	f := startAPIFixture(ctx, t)
	base := f.svc.APIURL

	t.Run("Epochs", func(t *testing.T) {
		var list EpochList
		apiGetJSON(t, base+"/v1/epochs", &list)
		if list.LastClosed != f.epochs || len(list.Epochs) != int(f.epochs) || list.Next != 0 {
			t.Fatalf("default page: last_closed %d, %d epochs, next %d", list.LastClosed, len(list.Epochs), list.Next)
		}
		anchored := 0
		for i, got := range list.Epochs {
			want, report := f.wantSummary(t, uint64(i+1))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("epoch %d summary:\n got %+v\nwant %+v", i+1, got, want)
			}
			var detail EpochDetail
			raw := apiGetJSON(t, fmt.Sprintf("%s/v1/epochs/%d", base, i+1), &detail)
			if !reflect.DeepEqual(detail.EpochSummary, want) {
				t.Errorf("epoch %d detail summary:\n got %+v\nwant %+v", i+1, detail.EpochSummary, want)
			}
			if !bytes.Equal(detail.Report, report) || !bytes.Contains(raw, append([]byte(`"report":`), report...)) {
				t.Errorf("epoch %d: the report is not the replay's canonical report byte for byte", i+1)
			}
			if want.Anchored {
				anchored++
			}
		}
		// The generated log anchors every epoch but the last.
		if anchored == 0 || anchored == len(list.Epochs) {
			t.Errorf("%d of %d epochs anchored: want both kinds covered", anchored, len(list.Epochs))
		}
	})

	t.Run("Pages", func(t *testing.T) {
		n := f.epochs // 4
		cases := []struct {
			query      string
			first, len uint64
			next       uint64
		}{
			{"?from=2&limit=2", 2, 2, 4},
			{"?from=3&limit=1", 3, 1, 4},
			{"?from=4&limit=1", 4, 1, 0},
			{fmt.Sprintf("?limit=%d", n-1), 1, n - 1, n},
			{fmt.Sprintf("?limit=%d", n), 1, n, 0},
			{"?limit=1000", 1, n, 0},
			{fmt.Sprintf("?from=%d", n), n, 1, 0},
			{fmt.Sprintf("?from=%d", n+1), 0, 0, 0},
			{"?from=18446744073709551615&limit=1000", 0, 0, 0},
		}
		for _, c := range cases {
			var list EpochList
			raw := apiGetJSON(t, base+"/v1/epochs"+c.query, &list)
			if list.LastClosed != n || uint64(len(list.Epochs)) != c.len || list.Next != c.next {
				t.Errorf("%s: last_closed %d, %d epochs, next %d; want %d epochs, next %d", c.query, list.LastClosed, len(list.Epochs), list.Next, c.len, c.next)
				continue
			}
			for i, e := range list.Epochs {
				if e.Epoch != c.first+uint64(i) {
					t.Errorf("%s: epoch %d at position %d", c.query, e.Epoch, i)
				}
			}
			if c.len == 0 && !bytes.Contains(raw, []byte(`"epochs":[]`)) {
				t.Errorf("%s: an empty page must be [], got %s", c.query, raw)
			}
			if c.next == 0 && bytes.Contains(raw, []byte(`"next"`)) {
				t.Errorf("%s: next present on the last page: %s", c.query, raw)
			}
		}
		// Following next one epoch at a time visits every epoch once.
		var seen []uint64
		for q := "?limit=1"; ; {
			var list EpochList
			apiGetJSON(t, base+"/v1/epochs"+q, &list)
			for _, e := range list.Epochs {
				seen = append(seen, e.Epoch)
			}
			if list.Next == 0 {
				break
			}
			q = fmt.Sprintf("?from=%d&limit=1", list.Next)
		}
		if len(seen) != int(n) || seen[0] != 1 || seen[len(seen)-1] != n {
			t.Errorf("paging with next visited %v", seen)
		}
	})

	t.Run("Earners", func(t *testing.T) {
		reports, err := f.offline.Reports()
		if err != nil {
			t.Fatal(err)
		}
		parsed := make([]aggregates.Report, len(reports))
		for i := range reports {
			if err := json.Unmarshal(reports[i], &parsed[i]); err != nil {
				t.Fatal(err)
			}
		}
		last := parsed[len(parsed)-1]
		if len(last.Earners) < 2 {
			t.Fatalf("the generated log has %d earners", len(last.Earners))
		}
		partial := 0 // earners that did not earn in every epoch they are listed in
		claimed, claimable := 0, 0
		for _, e := range last.Earners {
			st, err := f.offline.CommittedEarner(e.Address)
			if err != nil {
				t.Fatal(err)
			}
			want := EarnerHistory{Address: e.Address, LastClosed: f.epochs, Cumulative: e.Cumulative, Claimed: st.Claimed.String(),
				Claimable: "0", AnchoredCumulative: "0", Epochs: []EarnerEpoch{}}
			listed := 0
			for _, rep := range parsed {
				for _, x := range rep.Earners {
					if x.Address != e.Address {
						continue
					}
					listed++
					if rec, _ := f.offline.Epoch(rep.Epoch); rec.Anchored {
						want.AnchoredEpoch, want.AnchoredCumulative = rep.Epoch, x.Cumulative
					}
					if x.Amount != "0" {
						want.Epochs = append(want.Epochs, EarnerEpoch{Epoch: rep.Epoch, Amount: x.Amount, Cumulative: x.Cumulative})
					}
				}
			}
			if c := new(big.Int).Sub(amountOf(t, want.AnchoredCumulative), st.Claimed); c.Sign() > 0 {
				want.Claimable = c.String()
				claimable++
			}
			if st.Claimed.Sign() > 0 {
				claimed++
			}
			if listed != len(want.Epochs) {
				partial++
			}
			var got EarnerHistory
			apiGetJSON(t, base+"/v1/earners/"+e.Address, &got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("earner %s:\n got %+v\nwant %+v", e.Address, got, want)
			}
		}
		t.Logf("%d earners, %d with an epoch of amount 0, %d claimed, %d with a claimable balance", len(last.Earners), partial, claimed, claimable)
		if claimed == 0 || claimable == 0 {
			t.Errorf("the generated log should cover claims and claimable balances")
		}

		// Mixed case in, lowercase out.
		e := last.Earners[0]
		var got EarnerHistory
		apiGetJSON(t, base+"/v1/earners/0x"+strings.ToUpper(e.Address[2:]), &got)
		if got.Address != e.Address || got.Cumulative != e.Cumulative {
			t.Errorf("upper-case request: %+v", got)
		}
		// An address that never earned.
		never := "0x" + strings.Repeat("0", 39) + "1"
		raw := apiGetJSON(t, base+"/v1/earners/"+never, &got)
		if got.Address != never || got.Cumulative != "0" || got.LastClosed != f.epochs || len(got.Epochs) != 0 || !bytes.Contains(raw, []byte(`"epochs":[]`)) {
			t.Errorf("an address that never earned: %s", raw)
		}
	})

	t.Run("RebuildWhileServing", func(t *testing.T) {
		// Every projection is rebuilt from the stream while readers poll:
		// each answer stays byte for byte what it was, throughout.
		paths := []string{"/v1/epochs", "/v1/earners?limit=1000", "/v1/nodes?limit=1000", "/v1/stake?limit=1000",
			"/v1/slashes?limit=1000", "/v1/jails?limit=1000", "/v1/epochs/2"}
		var top projections.EarnerList
		apiGetJSON(t, base+"/v1/earners?limit=5", &top)
		for _, e := range top.Earners {
			paths = append(paths, "/v1/earners/"+e.Address, "/v1/providers/"+e.Address+"/stake", "/v1/stakers/"+e.Address)
		}
		want := map[string]string{}
		for _, p := range paths {
			_, _, body := apiCall(t, http.MethodGet, base+p)
			want[p] = string(body)
		}
		before := f.svc.Queries().Engine().Status()
		for _, st := range before {
			if status, _, body := apiCall(t, http.MethodPost, base+"/v1/projections/"+st.Name+"/rebuild"); status != http.StatusAccepted {
				t.Fatalf("rebuild %s: %d %s", st.Name, status, body)
			}
		}
		// A second rebuild while the first runs is refused (409). The catalog
		// is small and may finish first: then a second rebuild is a new one
		// (202), and only then, so its generation must already have moved.
		wantGen := map[string]uint64{}
		for _, st := range before {
			wantGen[st.Name] = st.Generation + 1
		}
		switch status, _, body := apiCall(t, http.MethodPost, base+"/v1/projections/catalog/rebuild"); status {
		case http.StatusConflict:
		case http.StatusAccepted:
			for _, st := range f.svc.Queries().Engine().Status() {
				if st.Name == "catalog" && st.Generation < wantGen["catalog"] {
					t.Errorf("a second rebuild of catalog was accepted while the first ran (generation %d)", st.Generation)
				}
			}
			wantGen["catalog"]++
		default:
			t.Errorf("a second rebuild of catalog: %d %s, want 409 (or 202 once the first finished)", status, body)
		}
		polls, rebuilding := 0, true
		for rebuilding {
			rebuilding = false
			for _, st := range f.svc.Queries().Engine().Status() {
				if st.Generation < wantGen[st.Name] {
					rebuilding = true
				}
			}
			for _, p := range paths {
				if _, _, body := apiCall(t, http.MethodGet, base+p); string(body) != want[p] {
					t.Fatalf("GET %s changed during the rebuild:\n got %s\nwant %s", p, body, want[p])
				}
			}
			polls++
		}
		t.Logf("%d polls of %d endpoints while %d projections rebuilt", polls, len(paths), len(before))
	})

	t.Run("Errors", func(t *testing.T) {
		earner := "/v1/earners/0x" + strings.Repeat("ab", 20)
		cases := []struct {
			method, path string
			status       int
			msg          string
		}{
			{"GET", "/v1/earners/0x1234", 400, "40 hex digits"},
			{"GET", "/v1/earners/0x" + strings.Repeat("g", 40), 400, "40 hex digits"},
			{"GET", "/v1/earners/" + strings.Repeat("ab", 21), 400, "40 hex digits"},
			{"GET", "/v1/earners/0X" + strings.Repeat("ab", 20), 400, "40 hex digits"},
			{"GET", "/v1/earners/0x" + strings.Repeat("ab", 20) + "00", 400, "40 hex digits"},
			{"GET", "/v1/epochs/0", 400, "positive integer"},
			{"GET", "/v1/epochs/-1", 400, "positive integer"},
			{"GET", "/v1/epochs/+1", 400, "positive integer"},
			{"GET", "/v1/epochs/one", 400, "positive integer"},
			{"GET", "/v1/epochs/18446744073709551616", 400, "positive integer"},
			{"GET", fmt.Sprintf("/v1/epochs/%d", f.epochs+1), 404, fmt.Sprintf("epoch %d is not closed (last closed: %d)", f.epochs+1, f.epochs)},
			{"GET", "/v1/epochs/18446744073709551615", 404, "not closed"},
			{"GET", "/v1/epochs?from=0", 400, "from=\"0\": want a positive integer"},
			{"GET", "/v1/epochs?from=x", 400, "want a positive integer"},
			{"GET", "/v1/epochs?from=", 400, "want a positive integer"},
			{"GET", "/v1/epochs?limit=0", 400, "want a positive integer"},
			{"GET", "/v1/epochs?limit=-5", 400, "want a positive integer"},
			{"GET", "/v1/epochs?limit=1001", 400, "at most 1000"},
			{"GET", "/v1/epochs?limit=1&limit=2", 400, "given 2 times"},
			{"GET", "/v1/epochs?frm=2", 400, "unknown query parameter \"frm\""},
			{"GET", "/v1/epochs?from=%zz", 400, "malformed query"},
			{"GET", "/", 404, "no such endpoint"},
			{"GET", "/v1", 404, "no such endpoint"},
			{"GET", "/v1/epochs/", 404, "no such endpoint"},
			{"GET", "/v1/epochs/1/report", 404, "no such endpoint"},
			{"POST", "/v1/epochs", 405, "method POST not allowed"},
			{"DELETE", "/v1/epochs/1", 405, "method DELETE not allowed"},
			{"PUT", earner, 405, "method PUT not allowed"},
		}
		for _, c := range cases {
			status, header, body := apiCall(t, c.method, base+c.path)
			var e APIError
			if err := json.Unmarshal(body, &e); err != nil || status != c.status || !strings.Contains(e.Message, c.msg) {
				t.Errorf("%s %s: %d %s; want %d with %q", c.method, c.path, status, body, c.status, c.msg)
			}
			if status == 405 && header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q", c.method, c.path, header.Get("Allow"))
			}
		}
		// HEAD is GET without a body.
		if status, _, body := apiCall(t, "HEAD", base+earner); status != 200 || len(body) != 0 {
			t.Errorf("HEAD %s: %d, %d bytes", earner, status, len(body))
		}
	})
}
