package eventlog

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
)

func startJS(t *testing.T) (jetstream.JetStream, func()) {
	t.Helper()
	s, err := StartServer(ServerConfig{Name: "t", Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js, func() { nc.Close(); s.Shutdown() }
}

func TestEnsureStreamCreatesAndDedupes(t *testing.T) {
	js, stop := startJS(t)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	want := StreamConfig(1, 10*time.Minute)
	if _, err := EnsureStream(ctx, js, want); err != nil {
		t.Fatal(err)
	}
	// A second ensure verifies the stream it made.
	s, err := EnsureStream(ctx, js, want)
	if err != nil {
		t.Fatal(err)
	}
	subj := Subject(events.NodeHeartbeat, "UNODE")
	for range 3 {
		if _, err := js.Publish(ctx, subj, []byte("m"), jetstream.WithMsgID("UNODE/1")); err != nil {
			t.Fatal(err)
		}
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 1 {
		t.Fatalf("stream holds %d messages after 3 publishes of one id, want 1", info.State.Msgs)
	}
	if err := s.DeleteMsg(ctx, 1); err == nil {
		t.Fatal("deleting a message from the log succeeded")
	}
	if err := s.Purge(ctx); err == nil {
		t.Fatal("purging the log succeeded")
	}
}

func TestEnsureStreamRefusesUnsafe(t *testing.T) {
	js, stop := startJS(t)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	weak := StreamConfig(1, time.Minute)
	weak.DenyPurge = false
	weak.MaxAge = time.Hour
	if _, err := js.CreateStream(ctx, weak); err != nil {
		t.Fatal(err)
	}
	_, err := EnsureStream(ctx, js, StreamConfig(1, 10*time.Minute))
	if !errors.Is(err, ErrUnsafeStream) {
		t.Fatalf("unsafe stream accepted: %v", err)
	}
	t.Log(err)
}

func TestSubjects(t *testing.T) {
	cases := map[string]string{
		Subject(events.NodeHeartbeat, "UA"):  "swarm.v1.node.UA.node_heartbeat",
		Subject(events.TaskFailed, "US"):     "swarm.v1.sched.US.task_failed",
		Subject(events.ChainBonded, "chain"): "swarm.v1.chain.chain_bonded",
		Subject(events.EpochClosed, "UL"):    "swarm.v1.ledger.epoch_closed",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("subject %q, want %q", got, want)
		}
	}
}

// HasMessage asks the leader: true for a stored message, false (no error)
// for one the stream does not hold, an error for a stream that is not there.
func TestHasMessage(t *testing.T) {
	js, stop := startJS(t)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := EnsureStream(ctx, js, StreamConfig(1, time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, Subject(events.NodeHeartbeat, "UNODE"), []byte("m")); err != nil {
		t.Fatal(err)
	}
	nc := js.Conn()
	if ok, err := HasMessage(ctx, nc, StreamName, 1); !ok || err != nil {
		t.Fatalf("message 1: %v %v, want true", ok, err)
	}
	if ok, err := HasMessage(ctx, nc, StreamName, 2); ok || err != nil {
		t.Fatalf("message 2: %v %v, want false without an error", ok, err)
	}
	if ok, err := HasMessage(ctx, nc, "NOPE", 1); ok || err == nil {
		t.Fatalf("a missing stream: %v %v, want an error", ok, err)
	}
}
