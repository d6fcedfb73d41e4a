package ledgerd

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// Raw messages published straight to the stream's subjects — garbage,
// oversized, non-canonical JSON, forged signatures — are rejected with their
// reasons, counted in metrics, and the ledger keeps folding.
func TestBadInputOnTheWire(t *testing.T) {
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	node := mustKey(t)
	params := e2eParams(t, k)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := startRunning(ctx, t, Config{Params: params, MetricsAddr: "127.0.0.1:0"})
	nc, _ := nats.Connect(s.NATSURL())
	defer nc.Close()
	js, _ := nc.JetStream()

	nodeID := pub(t, node)
	valid := &events.Event{Src: nodeID, Seq: 1, Body: &events.NodeUnjailBody{}}
	good, _ := events.SignEncode(valid, node)
	forged, _ := events.SignEncode(&events.Event{Src: nodeID, Seq: 2, Body: &events.NodeUnjailBody{}}, mustKey(t))
	subj := eventlog.Subject(events.NodeUnjail, nodeID)
	bad := map[string][]byte{
		"garbage":       {0x00, 0xff, 0x13, 0x37},
		"oversized":     []byte(`{"body":{"x":"` + strings.Repeat("a", events.MaxEventBytes) + `"}}`),
		"non-canonical": []byte(strings.Replace(string(good), `"seq":1`, `"seq": 1`, 1)),
		"forged":        forged,
		"empty":         {},
	}
	for _, m := range bad {
		if _, err := js.Publish(subj, m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := js.Publish(subj, good); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the fold", func() bool { return s.Checkpoint() == uint64(len(bad)+1) })
	resp, err := http.Get(s.MetricsURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`swarm_ledger_events_total{result="schema"} 4`,
		`swarm_ledger_events_total{result="bad_signature"} 1`,
		`swarm_ledger_events_total{result="not_jailed"} 1`, // the valid event, judged on its merits
		"swarm_ledger_folding 1",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}
