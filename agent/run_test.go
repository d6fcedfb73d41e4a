package agent

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// The agent loop over a simulated source and the real publisher: one
// registration, then one heartbeat per tick carrying every GPU, all landing
// in the stream in order and passing the schema.
func TestRunPublishesRegistrationAndHeartbeats(t *testing.T) {
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "t", Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	nc, _ := nats.Connect(srv.ClientURL())
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	kp, _ := nkeys.CreateUser()
	pub, err := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: kp}, js)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	go pub.Run(ctx)
	src, err := NewSim(3, []string{"NVIDIA H100 80GB HBM3", "NVIDIA L40S"}, 4)
	if err != nil {
		t.Fatal(err)
	}
	ticks := make(chan time.Time)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan Stats, 1)
	go func() {
		st, err := Run(runCtx, src, pub, RunConfig{Provider: "0x" + "11223344556677889900aabbccddeeff00112233", Region: "eu", Ticks: ticks})
		if err != nil {
			t.Error(err)
		}
		done <- st
	}()
	for range 5 {
		ticks <- time.Now()
	}
	stop()
	st := <-done
	if st.Heartbeats != 5 {
		t.Fatalf("%d heartbeats, want 5", st.Heartbeats)
	}
	for pub.Spooled() > 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	info, _ := stream.Info(ctx)
	if info.State.Msgs != 6 {
		t.Fatalf("stream holds %d messages, want 6", info.State.Msgs)
	}
	for seq := uint64(1); seq <= 6; seq++ {
		m, _ := stream.GetMsg(ctx, seq)
		d, err := events.Decode(m.Data)
		if err != nil || d.Seq != seq {
			t.Fatalf("message %d: %v (seq %d)", seq, err, d.Seq)
		}
		if hb, ok := d.Body.(*events.NodeHeartbeatBody); ok && len(hb.GPUs) != 4 && st.SampleErrors == 0 {
			t.Fatalf("heartbeat carries %d GPUs, want 4", len(hb.GPUs))
		}
	}
}
