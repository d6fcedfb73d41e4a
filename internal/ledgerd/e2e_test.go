package ledgerd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ingest"
)

type e2eKeys struct {
	ledger, sched nkeys.KeyPair
	nodes         []nkeys.KeyPair
}

func pub(t *testing.T, kp nkeys.KeyPair) string {
	t.Helper()
	p, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func e2eParams(t *testing.T, k e2eKeys) *aggregates.Params {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{
		"chain_id": 1337, "ledger": pub(t, k.ledger), "schedulers": []string{pub(t, k.sched)},
		"heartbeat_interval_s": 1, "base_emission": "1000000000000000000000", "scale_min_bp": 5000,
		"weight_compute_bp": 7000, "weight_avail_bp": 3000,
		"gpu_weights_milli": map[string]int{"NVIDIA H100 80GB HBM3": 1000},
		"min_stake_per_gpu": "1000", "commission_bp": 1000, "downtime_threshold_bp": 5000,
		"downtime_slash_bp": 50, "downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 24, "max_stakers_per_provider": 64,
	})
	p, err := aggregates.ParseParams(raw)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func addr(i int) string { return fmt.Sprintf("0x%040x", i+1) }

// chainEvent publishes a ledger-signed chain event, as the watcher will.
func chainEvent(t *testing.T, ctx context.Context, js jetstream.JetStream, k e2eKeys, block uint64, body events.Body) {
	t.Helper()
	ref := events.ChainRef{Tx: "0x" + strings.Repeat("ab", 32), Block: block}
	if !events.SetChainRef(body, ref) {
		t.Fatalf("%T is not a chain body", body)
	}
	ev := &events.Event{Src: events.ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: body}
	msg, err := events.SignEncode(ev, k.ledger)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, eventlog.Subject(ev.Body.EventType(), ev.Src), msg, jetstream.WithMsgID(ev.ID())); err != nil {
		t.Fatal(err)
	}
}

// Node agents, a scheduler and the chain publish to the embedded JetStream;
// swarmd's service folds the stream; the exported stream replayed offline
// reaches exactly the service's state hash and reports.
func TestAgentsToLedgerEqualsReplayOfExport(t *testing.T) {
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	for range 4 {
		k.nodes = append(k.nodes, mustKey(t))
	}
	params := e2eParams(t, k)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s := startRunning(ctx, t, Config{Params: params})

	nc, _ := nats.Connect(s.NATSURL())
	defer nc.Close()
	js, _ := jetstream.New(nc)
	open := func(kp nkeys.KeyPair) *publisher.Publisher {
		p, err := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: kp}, js)
		if err != nil {
			t.Fatal(err)
		}
		go p.Run(ctx)
		return p
	}
	drained := func(ps ...*publisher.Publisher) {
		waitFor(t, "publishers to drain", func() bool {
			for _, p := range ps {
				if p.Spooled() > 0 {
					return false
				}
			}
			return true
		})
	}
	var nodes []*publisher.Publisher
	for i, kp := range k.nodes {
		chainEvent(t, ctx, js, k, uint64(100+2*i), &events.NodeAuthBody{Provider: addr(i % 2), Node: pub(t, kp)})
		chainEvent(t, ctx, js, k, uint64(101+2*i), &events.StakeBody{Kind: events.ChainBonded, Staker: addr(10 + i), Provider: addr(i % 2), Amount: bigAmount(5000)})
		nodes = append(nodes, open(kp))
	}
	for i, p := range nodes {
		if _, err := p.Publish(&events.NodeRegisteredBody{Provider: addr(i % 2), Region: "eu", GPUs: []events.GPUSpec{
			{UUID: fmt.Sprintf("GPU-%d-0", i), Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559}}}); err != nil {
			t.Fatal(err)
		}
	}
	drained(nodes...)
	sched, ledger := open(k.sched), open(k.ledger)
	for i, kp := range k.nodes {
		sched.Publish(&events.GPUVerifiedBody{Node: pub(t, kp), GPU: fmt.Sprintf("GPU-%d-0", i), Model: "NVIDIA H100 80GB HBM3"})
	}
	drained(sched)
	start := uint64(1_736_154_000_000)
	for epoch := uint64(1); epoch <= 3; epoch++ {
		var wg sync.WaitGroup
		for i, p := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for h := range 10 + 5*i {
					p.Publish(&events.NodeHeartbeatBody{GPUs: []events.GPUSample{{GPU: fmt.Sprintf("GPU-%d-0", i), UtilBP: uint64(h * 100), TempC: 60}}})
				}
			}()
		}
		task := fmt.Sprintf("task-%d", epoch)
		sched.Publish(&events.TaskAssignedBody{Task: task, Node: pub(t, k.nodes[0]), GPUs: []string{"GPU-0-0"}})
		wg.Wait()
		drained(append(nodes, sched)...)
		sched.Publish(&events.TaskCompletedBody{Task: task, GPUSeconds: 600})
		drained(sched)
		ledger.Publish(&events.EpochClosedBody{Epoch: epoch, StartMs: start + (epoch-1)*30_000, EndMs: start + epoch*30_000})
		drained(ledger)
	}
	stream, _ := js.Stream(ctx, eventlog.StreamName)
	info, _ := stream.Info(ctx)
	waitFor(t, "the ledger to fold the stream", func() bool { return s.Checkpoint() == info.State.LastSeq })
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	live := s.Ledger()
	liveHash, _ := live.StateHash()
	liveReports, _ := live.Reports()
	if len(liveReports) != 3 {
		t.Fatalf("%d epochs closed, want 3", len(liveReports))
	}
	var rep aggregates.Report
	json.Unmarshal(liveReports[2], &rep)
	if rep.Distributed == "0" || len(rep.Earners) == 0 {
		t.Fatalf("epoch 3 paid nothing:\n%s", bytes.Join(liveReports, []byte("\n")))
	}

	var buf strings.Builder
	n, err := eventlog.Export(ctx, stream, events.NewExportWriter(&buf))
	if err != nil || n != info.State.LastSeq {
		t.Fatalf("export: %d messages, %v", n, err)
	}
	offline, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer offline.Close()
	if _, err := ingest.Run(ctx, offline, events.NewExportReader(strings.NewReader(buf.String())), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	offHash, _ := offline.StateHash()
	offReports, _ := offline.Reports()
	if offHash != liveHash {
		t.Fatal("offline replay of the export differs from the live ledger")
	}
	for i := range liveReports {
		if string(liveReports[i]) != string(offReports[i]) {
			t.Fatalf("epoch %d report differs", i+1)
		}
	}
}

func mustKey(t *testing.T) nkeys.KeyPair {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func bigAmount(v int64) *big.Int { return big.NewInt(v) }

// running is a Service folding in the background for a test.
type running struct {
	*Service
	stop  func() error    // stops folding; returns Run's error
	ended <-chan struct{} // closed when Run returns by itself or by stop
}

// startRunning starts a service (embedded server unless cfg names URLs, a
// temporary data dir, quiet logs) and folds in the background until stop or
// the end of the test.
func startRunning(ctx context.Context, t *testing.T, cfg Config) *running {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	if len(cfg.NATSURLs) == 0 && cfg.NATSPort == 0 {
		cfg.NATSPort = -1
	}
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("SWARM_TEST_LOG") != "" {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done, ended := make(chan error, 1), make(chan struct{})
	go func() { done <- s.Run(runCtx); close(ended) }()
	var once sync.Once
	var runErr error
	r := &running{Service: s, ended: ended, stop: func() error {
		once.Do(func() { cancel(); runErr = <-done })
		return runErr
	}}
	t.Cleanup(func() { r.stop(); s.Close() })
	return r
}
