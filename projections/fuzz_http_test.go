package projections_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/projections"
)

// memLog is the log in memory, for an Engine without NATS: it yields the
// messages from a position, then blocks like a live stream.
type memLog struct {
	msgs [][]byte
	next int
}

func (m *memLog) NextBatch(ctx context.Context, max int) ([][]byte, error) {
	if m.next >= len(m.msgs) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	end := min(m.next+max, len(m.msgs))
	out := m.msgs[m.next:end]
	m.next = end
	return out, nil
}

func (m *memLog) Stop() {}

var fuzzAPI struct {
	once sync.Once
	h    http.Handler
	err  error
}

// fuzzHandler is the read API over a real Engine fed a small generated
// multi-epoch log (anchors, claims, adversarial traffic) folded by an
// in-memory ledger; built once per test process.
func fuzzHandler(tb testing.TB) http.Handler {
	tb.Helper()
	fuzzAPI.once.Do(func() { fuzzAPI.h, fuzzAPI.err = buildFuzzHandler() })
	if fuzzAPI.err != nil {
		tb.Fatal(fuzzAPI.err)
	}
	return fuzzAPI.h
}

func buildFuzzHandler() (http.Handler, error) {
	g := gen.Config{Seed: 3, Epochs: 2, Nodes: 4, Providers: 2, Stakers: 2, EpochMs: 60_000, IntervalS: 30,
		TasksPerEpoch: 4, Anchor: true, Adversarial: true}
	sc, err := gen.Generate(g)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	params, err := aggregates.ParseParams(sc.Params)
	if err != nil {
		return nil, fmt.Errorf("params: %w", err)
	}
	l, err := aggregates.Open("", params)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(sc.Messages), ingest.Options{}); err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	eng, err := projections.Open(projections.Config{Ledger: l, Projections: projections.All(), Log: discard,
		OpenLog: func(_ context.Context, from uint64) (projections.LogReader, error) {
			return &memLog{msgs: sc.Messages, next: int(from - 1)}, nil
		}})
	if err != nil {
		return nil, fmt.Errorf("projections: %w", err)
	}
	go eng.Run(context.Background())
	for deadline := time.Now().Add(10 * time.Second); !eng.CaughtUp(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("projections did not catch up: %+v", eng.Status())
		}
	}
	now := time.UnixMilli(int64(g.EpochMs) * 3)
	return projections.NewHandler(projections.HTTPConfig{Queries: projections.NewQueries(eng), Log: discard,
		Now: func() time.Time { return now },
		State: func() (projections.State, error) {
			v := l.View()
			return projections.State{Checkpoint: v.Position, EventsDigest: v.Digest.String(), LastClosed: v.LastClosed}, nil
		}}), nil
}

// FuzzHTTPQuery sends arbitrary methods and request targets (paths and
// queries) to the read API: every request net/http can parse is answered
// without a 5xx, with a JSON body; ServeMux answers three kinds itself: a
// redirect to the cleaned path on this server, an empty 400 to the asterisk
// form and a plain 404 to an authority-form target.
func FuzzHTTPQuery(f *testing.F) {
	for _, s := range []struct{ method, target string }{
		{"GET", "/v1/epochs?from=1&limit=2"},
		{"GET", "/v1/epochs/1"},
		{"GET", "/v1/earners?limit=1000"},
		{"GET", "/v1/earners/0x0000000000000000000000000000000000000001?from=2"},
		{"GET", "/v1/nodes?health=healthy,jailed&verified=true&offset=3&limit=1"},
		{"GET", "/v1/nodes/UNOTANODE"},
		{"GET", "/v1/slashes?reason=equivocation&cursor=zz"},
		{"GET", "/v1/jails?active=1&node=U"},
		{"GET", "/v1/stake?cursor=0x00"},
		{"GET", "/v1/state"},
		{"GET", "/v1/overview"},
		{"GET", "/v1/openapi.json"},
		{"GET", "/readyz"},
		{"GET", "/v1/nodes/..%2f..%2fetc%2fpasswd"},
		{"GET", "/v1/epochs?limit=99999999999999999999&from=-1"},
		{"GET", "/v1/epochs?from=%ff%00"},
		{"GET", "//v1/../epochs"},
		{"HEAD", "/v1/stakers/0xABCDEFabcdef0123456789abcdef0123456789ab"},
		{"POST", "/v1/projections/catalog/rebuild"},
		{"TRACE", "/v1/epochs"},
		{"CONNECT", "/v1/epochs"},
		{"GET", "*"},
		{"CONNECT", "evil.example:443"},
	} {
		f.Add(s.method, s.target)
	}
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, method, target string) {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(method + " " + target + " HTTP/1.1\r\nHost: api\r\n\r\n")))
		if err != nil || req.Method != method {
			return // net/http's server answers 400 itself
		}
		req.RemoteAddr = "192.0.2.1:1234" // not loopback: no rebuilds
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		res := w.Result()
		body := w.Body.Bytes()
		switch {
		case res.StatusCode >= 500:
			t.Fatalf("%s %q: %d %s", method, target, res.StatusCode, body)
		case req.RequestURI == "*" && res.StatusCode == http.StatusBadRequest && len(body) == 0:
			// ServeMux's own answer to the asterisk form.
		case !strings.HasPrefix(req.URL.Path, "/") && res.StatusCode == http.StatusNotFound:
			// ServeMux's plain 404 to an authority-form target (CONNECT host:port).
		case res.StatusCode == http.StatusMovedPermanently || res.StatusCode == http.StatusTemporaryRedirect:
			if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				t.Fatalf("%s %q: redirect to %q", method, target, loc)
			}
		case res.Header.Get("Content-Type") != "application/json":
			t.Fatalf("%s %q: %d with Content-Type %q", method, target, res.StatusCode, res.Header.Get("Content-Type"))
		case method == http.MethodHead:
		case !json.Valid(body):
			t.Fatalf("%s %q: %d, invalid JSON %q", method, target, res.StatusCode, body)
		case res.StatusCode >= 400:
			var e projections.APIError
			if err := json.Unmarshal(body, &e); err != nil || e.Message == "" {
				t.Fatalf("%s %q: %d without an error message: %s", method, target, res.StatusCode, body)
			}
		}
	})
}
