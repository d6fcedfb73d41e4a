package ledgerd

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/swarm-ledger/swarm/projections"
)

// With max reads in flight, one more /v1 request is answered 503 with
// Retry-After at once and counted; probes pass; once the reads in flight
// end, every one of them has been answered and new reads are served again.
func TestAdmitReads(t *testing.T) {
	const max = 2
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/slow" {
			entered <- struct{}{}
			<-release
		}
		w.Write([]byte("ok"))
	})
	var shed atomic.Int64
	srv := httptest.NewServer(admitReads(h, max, func() { shed.Add(1) }))
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	slow := make(chan int, max)
	for range max {
		go func() {
			resp, err := http.Get(srv.URL + "/v1/slow")
			if err != nil {
				slow <- 0
				return
			}
			resp.Body.Close()
			slow <- resp.StatusCode
		}()
		<-entered
	}
	resp, body := get("/v1/fast")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("with %d reads in flight: %s, Retry-After %q; want 503, 1", max, resp.Status, resp.Header.Get("Retry-After"))
	}
	var e projections.APIError
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Message == "" {
		t.Fatalf("503 body %q: want a JSON error", body)
	}
	if shed.Load() != 1 {
		t.Fatalf("shed %d, want 1", shed.Load())
	}
	if resp, _ := get("/readyz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("a probe with the reads full: %s", resp.Status)
	}
	close(release)
	for range max {
		if code := <-slow; code != http.StatusOK {
			t.Fatalf("a read in flight ended with %d", code)
		}
	}
	if resp, _ := get("/v1/fast"); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the reads ended: %s", resp.Status)
	}
	if shed.Load() != 1 {
		t.Fatalf("shed %d, want 1", shed.Load())
	}
}

// Without a limit every read goes through.
func TestAdmitReadsUnlimited(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	rec := httptest.NewRecorder()
	admitReads(h, 0, func() { t.Fatal("shed") }).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/x", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d", rec.Code)
	}
}
