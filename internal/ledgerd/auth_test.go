package ledgerd

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
	sjs "github.com/swarm-ledger/swarm/internal/jetstream"
)

// With authentication on, swarmd connects with its own in-process key, an
// authorized node publishes and is folded, and the node cannot publish as
// another node.
func TestServiceWithAuth(t *testing.T) {
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	a, b := mustKey(t), mustKey(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := startRunning(ctx, t, Config{Params: e2eParams(t, k), Auth: &sjs.Auth{Nodes: []string{pub(t, a), pub(t, b)}}})
	opt, _ := sjs.NkeyOption(a)
	nc, err := nats.Connect(s.NATSURL(), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	msg, _ := events.SignEncode(&events.Event{Src: pub(t, a), Seq: 1, Body: &events.NodeUnjailBody{}}, a)
	if _, err := js.Publish(ctx, sjs.Subject(events.NodeUnjail, pub(t, a)), msg); err != nil {
		t.Fatal(err)
	}
	pctx, pcancel := context.WithTimeout(ctx, time.Second)
	defer pcancel()
	if _, err := js.Publish(pctx, sjs.Subject(events.NodeUnjail, pub(t, b)), msg); err == nil {
		t.Fatal("node a published on node b's subject")
	}
	waitFor(t, "the fold", func() bool { return s.Checkpoint() == 1 })
	time.Sleep(100 * time.Millisecond)
	if s.Checkpoint() != 1 {
		t.Fatalf("checkpoint %d: the refused publish reached the log", s.Checkpoint())
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}
