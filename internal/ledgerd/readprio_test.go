package ledgerd

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	sjs "github.com/swarm-ledger/swarm/internal/jetstream"
)

// With read priority, the service runs one check worker per core on one P
// more, turns it off and on while running, and a fold with read API
// requests in flight all along serves every one of them and ends in the
// conformance vector's reports.
func TestReadPriority(t *testing.T) {
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile(s1 + "log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	base := baseProcs()
	t.Cleanup(func() { setSpareP(false) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Config{DataDir: t.TempDir(), Params: params, NATSPort: -1, APIAddr: "127.0.0.1:0", BatchSize: 3,
		ReadPriority: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := runtime.GOMAXPROCS(0); got != base+1 || s.cfg.CheckWorkers != base || !s.ReadPriority() {
		t.Fatalf("GOMAXPROCS %d, check workers %d, on %v; want %d, %d, true", got, s.cfg.CheckWorkers, s.ReadPriority(), base+1, base)
	}
	s.SetReadPriority(false)
	if got := runtime.GOMAXPROCS(0); got != base || s.ReadPriority() {
		t.Fatalf("off: GOMAXPROCS %d, on %v; want %d, false", got, s.ReadPriority(), base)
	}
	s.SetReadPriority(true)
	nc, err := nats.Connect(s.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := nc.JetStream()
	for _, m := range msgs {
		if _, err := js.Publish(sjs.SubjectPrefix+"raw", m); err != nil {
			t.Fatal(err)
		}
	}
	// Readers keep requests in flight from before the fold starts until it
	// has caught up.
	stopReads := make(chan struct{})
	type tally struct{ ok, bad int }
	reads := make(chan tally)
	for range 3 {
		go func() {
			var n tally
			defer func() { reads <- n }()
			for {
				select {
				case <-stopReads:
					return
				default:
				}
				resp, err := http.Get(s.APIURL + "/v1/earners?limit=5")
				if err != nil {
					n.bad++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					n.ok++
				} else {
					n.bad++
				}
			}
		}()
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(t, "the fold to catch up", func() bool { return s.Checkpoint() == uint64(len(msgs)) })
	close(stopReads)
	var total tally
	for range 3 {
		n := <-reads
		total.ok += n.ok
		total.bad += n.bad
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if total.ok == 0 || total.bad != 0 {
		t.Errorf("%d reads answered 200, %d failed; want some, none", total.ok, total.bad)
	}
	got, _ := s.Ledger().Reports()
	exp, _ := os.ReadFile(s1 + "expected.ndjson")
	if !bytes.Equal(append(bytes.Join(got, []byte("\n")), '\n'), exp) {
		t.Error("reports differ from expected.ndjson")
	}
}
