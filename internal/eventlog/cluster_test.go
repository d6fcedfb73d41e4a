package eventlog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/eventlogtest"
)

// Three servers, an R3 stream; one server is killed mid-stream. Every
// acknowledged message is in the stream, in order, and the log can still be
// read from a surviving server.
func TestClusterLosesNothingAcknowledged(t *testing.T) {
	servers := eventlogtest.Cluster(t)
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.ClientURL())
	}
	nc, err := nats.Connect(strings.Join(urls, ","), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var s jetstream.Stream
	deadline := time.Now().Add(30 * time.Second)
	for { // the meta leader needs a moment after start
		actx, acancel := context.WithTimeout(ctx, 2*time.Second)
		s, err = eventlog.EnsureStream(actx, js, eventlog.StreamConfig(3, time.Hour))
		acancel()
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		for _, srv := range servers {
			t.Logf("%s: clustered=%v routes=%d js=%v", srv.Name(), srv.JetStreamIsClustered(), srv.NumRoutes(), srv.JetStreamEnabled())
		}
		t.Fatal(err)
	}
	acked := map[string]bool{}
	for i := range 600 {
		msg := fmt.Sprintf("m%04d", i)
		if i == 200 {
			// Kill the server the client is connected to: the hardest case.
			eventlogtest.KillConnected(t, servers, nc.ConnectedUrl())
		}
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := js.Publish(pctx, eventlog.SubjectPrefix+"raw", []byte(msg), jetstream.WithMsgID(msg))
		pcancel()
		if err == nil {
			acked[msg] = true
		}
	}
	if len(acked) < 500 {
		t.Fatalf("only %d of 600 publishes acknowledged with two of three servers up", len(acked))
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src, err := eventlog.NewLogSource(ctx, s, 1, 256)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Stop()
	seen := map[string]bool{}
	var last string
	for uint64(len(seen)) < info.State.Msgs {
		batch, err := src.NextBatch(ctx, 256)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range batch {
			if seen[string(m)] {
				t.Fatalf("%s delivered twice", m)
			}
			if string(m) <= last {
				t.Fatalf("%s after %s: out of order", m, last)
			}
			seen[string(m)], last = true, string(m)
		}
	}
	for m := range acked {
		if !seen[m] {
			t.Errorf("acknowledged %s is missing", m)
		}
	}
	t.Logf("%d acknowledged, %d in the stream after losing a server", len(acked), len(seen))
}
