package ledgerd

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/eventlogtest"
)

// swarmd on a three-server cluster with an R3 stream: a server dies while a
// node publishes; every acknowledged event reaches the ledger and the ledger
// keeps folding.
func TestLedgerOnClusterSurvivesServerLoss(t *testing.T) {
	servers := eventlogtest.Cluster(t)
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.ClientURL())
	}
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	node := mustKey(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	var svc *Service
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		sctx, scancel := context.WithTimeout(ctx, 3*time.Second)
		svc, err = Start(sctx, Config{DataDir: t.TempDir(), Params: e2eParams(t, k), NATSURLs: urls, Replicas: 3,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		scancel()
		if err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()

	nc, err := nats.Connect(strings.Join(urls, ","), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	id := pub(t, node)
	acked := 0
	for i := range 400 {
		if i == 150 {
			eventlogtest.KillConnected(t, servers, nc.ConnectedUrl())
		}
		ev := &events.Event{Src: id, Seq: uint64(i + 1), Body: &events.NodeUnjailBody{}}
		msg, _ := events.SignEncode(ev, node)
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := js.Publish(pctx, eventlog.Subject(events.NodeUnjail, id), msg, jetstream.WithMsgID(ev.ID()))
		pcancel()
		if err == nil {
			acked++
		}
	}
	if acked < 300 {
		t.Fatalf("only %d of 400 publishes acknowledged with two of three servers up", acked)
	}
	stream, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs < uint64(acked) {
		t.Fatalf("stream holds %d messages, %d were acknowledged", info.State.Msgs, acked)
	}
	waitFor(t, "the ledger to fold everything after the loss", func() bool { return svc.Checkpoint() == info.State.LastSeq })
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	t.Logf("%d acknowledged, %d folded after losing a server", acked, svc.Checkpoint())
}
