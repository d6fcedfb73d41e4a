package ledgerd

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

const s1 = "../../testdata/conformance/s1/"

// waitFor is this package's wait: up to 30 s, polling every 10 ms.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	wait.Until(t, 30*time.Second, 10*time.Millisecond, what, cond)
}

// swarmd's service folds what is published to its embedded JetStream, serves
// metrics, and after a restart resumes from its checkpoint: the reports equal
// the conformance vector's.
func TestServiceFoldsAndResumes(t *testing.T) {
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile(s1 + "log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := Config{DataDir: dir, Params: params, NATSPort: -1, MetricsAddr: "127.0.0.1:0",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	half := len(msgs) / 2
	for round, part := range [][][]byte{msgs[:half], msgs[half:]} {
		ctx, cancel := context.WithCancel(context.Background())
		s, err := Start(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if round == 1 && s.Checkpoint() != uint64(half) {
			t.Fatalf("restarted at checkpoint %d, want %d", s.Checkpoint(), half)
		}
		nc, err := nats.Connect(s.NATSURL())
		if err != nil {
			t.Fatal(err)
		}
		js, _ := nc.JetStream()
		for _, m := range part {
			if _, err := js.Publish(eventlog.SubjectPrefix+"raw", m); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()
		want := uint64(half)
		if round == 1 {
			want = uint64(len(msgs))
		}
		waitFor(t, "the fold to catch up", func() bool { return s.Checkpoint() == want })
		resp, err := http.Get(s.MetricsURL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, series := range []string{"swarm_ledger_events_total{result=\"accepted\"}", "swarm_ledger_checkpoint", "swarm_ledger_folding 1"} {
			if !strings.Contains(string(body), series) {
				t.Errorf("metrics lack %s", series)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if round == 1 {
			got, _ := s.Ledger().Reports()
			exp, _ := os.ReadFile(s1 + "expected.ndjson")
			if !bytes.Equal(append(bytes.Join(got, []byte("\n")), '\n'), exp) {
				t.Error("reports differ from expected.ndjson")
			}
		}
		nc.Close()
		s.Close()
	}
}
