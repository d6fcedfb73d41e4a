package ledgerd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/backup"
	"github.com/swarm-ledger/swarm/settlement"
)

// TestRestoredSettlerSettlesOnce backs up a settling ledger after epoch 2
// closed and before its root was sent; the original then anchors epoch 2
// and executes its slashes on chain, and its data directory is destroyed.
// The restored ledger's settler picks up where the chain is: it anchors
// epoch 2 from the root already on chain and counts its slashes executed,
// sending neither again, and settles epoch 3 as usual. The settler's nonce
// counts exactly one transaction per root and per slash.
func TestRestoredSettlerSettlesOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	e := newSettleEnv(ctx, t)
	root := t.TempDir()
	dirA := filepath.Join(root, "a")
	var armed atomic.Bool
	reached, release := make(chan struct{}), make(chan struct{})
	r := startRunning(ctx, t, e.config(dirA, func(s settlement.Step) error {
		if s == settlement.StepSubmit && armed.CompareAndSwap(true, false) {
			close(reached)
			select {
			case <-release:
			case <-ctx.Done():
			}
		}
		return nil
	}))
	js := e.settleOneEpoch(r)
	armed.Store(true)
	e.clock.Add(settleEpoch)
	select {
	case <-reached:
	case <-time.After(time.Minute):
		t.Fatal("the settler never got to submit epoch 2's root")
	}
	bk := filepath.Join(root, "backup")
	m, err := backup.Create(ctx, bk, r.WriteCheckpoint, r.stream)
	close(release)
	if err != nil {
		t.Fatal(err)
	}
	e.epoch++
	e.waitSettled(r.ledger, js, 2)
	if last, err := e.net.Client.LastEpoch(ctx); err != nil || last != 2 {
		t.Fatalf("chain's last epoch %d, %v", last, err)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if err := os.RemoveAll(dirA); err != nil {
		t.Fatal(err)
	}
	if !m.Chain || !m.Cursor {
		t.Fatalf("the backup holds no chain addresses or cursor: %+v", m)
	}

	dirB := filepath.Join(root, "b")
	if _, err := backup.Restore(ctx, bk, dirB, backup.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	r = startRunning(ctx, t, e.config(dirB, nil))
	if got := r.Checkpoint(); got != m.Ledger.Position {
		t.Fatalf("restored ledger at %d, backup checkpoint %d", got, m.Ledger.Position)
	}
	js = e.connect(r.NATSURL())
	e.waitSettled(r.ledger, js, 2)
	e.closeDue(r)
	e.work(js)
	e.nextEpoch(r.ledger.View)
	e.waitSettled(r.ledger, js, 3)
	epochs, slashes := e.checkExactlyOnce(r.ledger, js)
	if epochs != 3 || slashes != 4 { // faults in 1, 2, 3; downtime of node 1 in 2
		t.Fatalf("%d epochs, %d slashes; want 3 and 4", epochs, slashes)
	}
	t.Logf("backup: stream 1..%d, ledger checkpoint %d; after restore %d epochs anchored and %d slashes executed, each once", m.Stream.Last, m.Ledger.Position, epochs, slashes)
}

// TestRestoreBehindTheChainSendsNothing: a backup taken before epoch 2
// closed, after which a message is published (it is not in the backup) and
// the original closes and anchors epoch 2 on chain. The restored log can
// never reproduce that close: the restored settler closes epoch 2 over a
// different log, finds the chain's root differs, and stops anchoring with
// ErrRootConflict (shown in /v1/settlement) without sending a root or a
// slash: the operator restores a newer backup.
func TestRestoreBehindTheChainSendsNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	e := newSettleEnv(ctx, t)
	root := t.TempDir()
	dirA := filepath.Join(root, "a")
	r := startRunning(ctx, t, e.config(dirA, nil))
	js := e.settleOneEpoch(r)
	waitFor(t, "epoch 2's work to fold", func() bool { return r.Checkpoint() >= e.streamLast(js) })
	bk := filepath.Join(root, "backup")
	m, err := backup.Create(ctx, bk, r.WriteCheckpoint, r.stream)
	if err != nil {
		t.Fatal(err)
	}
	e.emit(js, e.nodes[0], &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "GPU-0", TempC: 61}}})
	e.nextEpoch(r.ledger.View)
	e.waitSettled(r.ledger, js, 2)
	sent, err := e.net.Client.Backend().PendingNonceAt(ctx, e.settler.Address())
	if err != nil {
		t.Fatal(err)
	}
	r.stop()
	r.Close()
	if err := os.RemoveAll(dirA); err != nil {
		t.Fatal(err)
	}

	dirB := filepath.Join(root, "b")
	if _, err := backup.Restore(ctx, bk, dirB, backup.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	r = startRunning(ctx, t, e.config(dirB, nil))
	var st settlement.Status
	waitFor(t, "the root conflict", func() bool {
		st, _ = r.Settlement()
		return strings.Contains(st.LastError, settlement.ErrRootConflict.Error())
	})
	if v := r.ledger.View(); v.LastClosed != 2 || st.LastAnchored != 1 {
		t.Fatalf("restored ledger closed %d, anchored %d; want 2 closed, 1 anchored", v.LastClosed, st.LastAnchored)
	}
	last, err := e.net.Client.LastEpoch(ctx)
	if err != nil || last != 2 {
		t.Fatalf("chain's last epoch %d, %v", last, err)
	}
	if now, err := e.net.Client.Backend().PendingNonceAt(ctx, e.settler.Address()); err != nil || now != sent {
		t.Fatalf("the restored settler sent %d transactions (%v)", now-sent, err)
	}
	t.Logf("backup at %d; restored settler: %s", m.Ledger.Position, st.LastError)
}

// settleOneEpoch sets the scene on r (authorizations, stake, nodes),
// settles epoch 1 and publishes epoch 2's work.
func (e *settleEnv) settleOneEpoch(r *running) jetstream.JetStream {
	e.t.Helper()
	js := e.connect(r.NATSURL())
	waitFor(e.t, "leadership", r.IsLeader)
	e.setup(js, r.ledger.View)
	e.work(js)
	e.nextEpoch(r.ledger.View)
	e.waitSettled(r.ledger, js, 1)
	e.work(js)
	return js
}
