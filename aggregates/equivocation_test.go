package aggregates

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

// logBuilder signs small hand-written logs for rule tests.
type logBuilder struct {
	t      testing.TB
	ledger nkeys.KeyPair
	sched  nkeys.KeyPair
	params *Params
	msgs   [][]byte
	block  uint64
	nowMs  uint64
}

func testKey(t testing.TB, name string) nkeys.KeyPair {
	seed := sha256.Sum256([]byte(name))
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, seed[:])
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func pub(t testing.TB, kp nkeys.KeyPair) string {
	s, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const testModel = "NVIDIA H100 80GB HBM3"

func newLogBuilder(t testing.TB) *logBuilder {
	b := &logBuilder{t: t, ledger: testKey(t, "ledger"), sched: testKey(t, "sched"), block: 100, nowMs: 1_700_000_000_000}
	raw, _ := json.Marshal(map[string]any{
		"chain_id": 1337, "ledger": pub(t, b.ledger), "schedulers": []string{pub(t, b.sched)},
		"heartbeat_interval_s": 30, "base_emission": "1000000", "scale_min_bp": 5000,
		"weight_compute_bp": 7000, "weight_avail_bp": 3000, "gpu_weights_milli": map[string]int{testModel: 1000},
		"min_stake_per_gpu": "1", "commission_bp": 1000, "downtime_threshold_bp": 5000,
		"downtime_slash_bp": 50, "downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 3, "max_stakers_per_provider": 64,
	})
	p, err := ParseParams(raw)
	if err != nil {
		t.Fatal(err)
	}
	b.params = p
	return b
}

// add signs an event of src at seq and appends it; it returns the message.
func (b *logBuilder) add(kp nkeys.KeyPair, src string, seq uint64, body events.Body) []byte {
	b.t.Helper()
	ev := &events.Event{Type: body.EventType(), Src: src, Seq: seq, TimeMs: int64(b.nowMs), Body: body}
	msg, err := events.SignEncode(ev, kp)
	if err != nil {
		b.t.Fatal(err)
	}
	b.msgs = append(b.msgs, msg)
	return msg
}

func (b *logBuilder) chain(body events.Body) {
	b.block++
	ref := events.ChainRef{Tx: fmt.Sprintf("0x%064x", b.block), Block: b.block, Log: 0}
	switch x := body.(type) {
	case *events.NodeAuthBody:
		x.ChainRef = ref
	case *events.StakeBody:
		x.ChainRef = ref
	}
	b.add(b.ledger, "chain", ref.ChainSeq(), body)
}

func (b *logBuilder) closeEpoch(k uint64) {
	start := b.nowMs
	b.nowMs += 600_000
	b.add(b.ledger, pub(b.t, b.ledger), k, &events.EpochClosedBody{Epoch: k, StartMs: start, EndMs: b.nowMs})
}

func (b *logBuilder) fold() (*Ledger, []events.Reason) {
	b.t.Helper()
	l, err := Open("", b.params)
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() { l.Close() })
	var rs []events.Reason
	for _, m := range b.msgs {
		r, err := l.ApplyMessage(m)
		if err != nil {
			b.t.Fatal(err)
		}
		rs = append(rs, r)
	}
	if err := l.Commit(); err != nil {
		b.t.Fatal(err)
	}
	return l, rs
}

func (b *logBuilder) report(l *Ledger, k uint64) Report {
	b.t.Helper()
	rec, err := l.Epoch(k)
	if err != nil {
		b.t.Fatal(err)
	}
	var r Report
	if err := json.Unmarshal(rec.Report, &r); err != nil {
		b.t.Fatal(err)
	}
	return r
}

func heartbeat() *events.NodeHeartbeatBody {
	return &events.NodeHeartbeatBody{GPUs: []events.GPUSample{}}
}

// TestEquivocationOfNodeMessageFromAnyID: SPEC §6.4 jails the src of a
// node.* message rejected as equivocation as a node, whatever the type of the
// accepted event of that id and whether or not the id ever registered; a
// second equivocation on another seq tombstones it; a never-registered id is
// not slashed; a registered node's provider is, once per id.
func TestEquivocationOfNodeMessageFromAnyID(t *testing.T) {
	b := newLogBuilder(t)
	node, sched := testKey(t, "node"), b.sched
	nodeID, schedID := pub(t, node), pub(t, sched)
	provider := "0x00000000000000000000000000000000000000aa"
	b.chain(&events.NodeAuthBody{Provider: provider, Node: nodeID})
	b.add(node, nodeID, 1, &events.NodeRegisteredBody{Provider: provider, Region: "eu",
		GPUs: []events.GPUSpec{{UUID: "GPU-1", Model: testModel, MemMiB: 80}}})
	// The scheduler key's gpu.verified at seq 1, then a node.heartbeat with
	// the same src/seq: an equivocation of a node.* message.
	b.add(sched, schedID, 1, &events.GPUVerifiedBody{Node: nodeID, GPU: "GPU-1", Model: testModel})
	b.add(sched, schedID, 1, heartbeat())                                                     // jails schedID
	b.add(sched, schedID, 1, &events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: "x"}}}) // same id: no effect
	b.add(node, nodeID, 2, heartbeat())
	b.add(node, nodeID, 2, &events.NodeUnjailBody{}) // the node equivocates: jail + slash
	b.closeEpoch(1)
	// Epoch 2: the scheduler key equivocates again on another seq: tombstone.
	b.add(sched, schedID, 2, &events.GPUVerifiedBody{Node: nodeID, GPU: "GPU-1", Model: testModel})
	b.add(sched, schedID, 2, heartbeat())
	b.add(sched, schedID, 3, &events.NodeRegisteredBody{Provider: provider, Region: "eu",
		GPUs: []events.GPUSpec{{UUID: "GPU-9", Model: testModel, MemMiB: 80}}})
	b.closeEpoch(2)
	l, rs := b.fold()
	want := []events.Reason{events.Accepted, events.Accepted, events.Accepted, events.Equivocation, events.Equivocation,
		events.Accepted, events.Equivocation, events.Accepted,
		events.Accepted, events.Equivocation, events.Tombstoned, events.Accepted}
	for i := range want {
		if rs[i] != want[i] {
			t.Errorf("message %d: %q, want %q", i+1, rs[i], want[i])
		}
	}
	r1 := b.report(l, 1)
	wantJailed := []JailDecision{{Node: nodeID, Until: 1 + 3}, {Node: schedID, Until: 1 + 3}}
	if nodeID > schedID {
		wantJailed[0], wantJailed[1] = wantJailed[1], wantJailed[0]
	}
	if fmt.Sprint(r1.Jailed) != fmt.Sprint(wantJailed) {
		t.Errorf("epoch 1 jailed %v, want %v", r1.Jailed, wantJailed)
	}
	wantSlashes := []ReportSlash{{ID: "equivocation:" + nodeID + ":2", Provider: provider, Reason: "equivocation", BP: 500}}
	if fmt.Sprint(r1.Slashes) != fmt.Sprint(wantSlashes) {
		t.Errorf("epoch 1 slashes %v, want %v (none for the never-registered scheduler key)", r1.Slashes, wantSlashes)
	}
	r2 := b.report(l, 2)
	if fmt.Sprint(r2.Jailed) != fmt.Sprint([]JailDecision{{Node: schedID, Until: 2 + 3}}) || len(r2.Slashes) != 0 {
		t.Errorf("epoch 2 jailed %v slashes %v, want the scheduler key jailed to 5 and no slash", r2.Jailed, r2.Slashes)
	}
	if n := l.nodes[schedID]; n == nil || !n.Tombstoned || !n.Jailed || n.Registered {
		t.Errorf("scheduler key as a node: %+v, want tombstoned", n)
	}
}

// TestTombstonedNodeNotPenalizedAgain: after its tombstone a node's further
// equivocations change nothing.
func TestTombstonedNodeNotPenalizedAgain(t *testing.T) {
	b := newLogBuilder(t)
	node := testKey(t, "node")
	nodeID := pub(t, node)
	provider := "0x00000000000000000000000000000000000000aa"
	b.chain(&events.NodeAuthBody{Provider: provider, Node: nodeID})
	b.add(node, nodeID, 1, &events.NodeRegisteredBody{Provider: provider, Region: "eu",
		GPUs: []events.GPUSpec{{UUID: "GPU-1", Model: testModel, MemMiB: 80}}})
	for seq := uint64(2); seq <= 4; seq++ {
		b.add(node, nodeID, seq, heartbeat())
		b.add(node, nodeID, seq, &events.NodeUnjailBody{})
	}
	b.closeEpoch(1)
	l, _ := b.fold()
	r := b.report(l, 1)
	if len(r.Slashes) != 2 || r.Slashes[1].ID != "equivocation:"+nodeID+":3" {
		t.Errorf("slashes %v, want seqs 2 and 3 only", r.Slashes)
	}
}
