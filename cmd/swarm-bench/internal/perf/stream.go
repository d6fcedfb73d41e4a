package perf

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"path/filepath"
	"runtime"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
)

// StreamFigures measures the live pipeline on an embedded JetStream server:
// the raw ordered-consumer rate, end-to-end ingest into the ledger, and the
// agent's publish rate with Nats-Msg-Id and PubAck against fire-and-forget.
// ceiling and verifyCPU come from Run, measured in the same process.
func StreamFigures(log *Log, dir string, ceiling, verifyCPU float64, progress io.Writer) ([]Figure, error) {
	say := func(format string, args ...any) { fmt.Fprintf(progress, format+"\n", args...) }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: filepath.Join(dir, "swarmd"), Params: log.Params, NATSPort: -1,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	nc, err := nats.Connect(s.NATSURL())
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	say("loading %d messages into the stream…", len(log.Messages))
	if err := Load(ctx, nc, log.Messages); err != nil {
		return nil, err
	}
	stream, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		return nil, err
	}
	say("raw ordered consumer…")
	raw, err := rawConsumer(ctx, stream, len(log.Messages))
	if err != nil {
		return nil, err
	}
	say("ingest into the ledger (swarmd's fold from the stream)…")
	stopProfile, err := StartProfile("ingest")
	if err != nil {
		return nil, err
	}
	cpu := cpuSeconds()
	start := time.Now()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	for s.Checkpoint() < uint64(len(log.Messages)) {
		time.Sleep(5 * time.Millisecond)
	}
	ingest := float64(len(log.Messages)) / time.Since(start).Seconds()
	ingestCPU := (cpuSeconds() - cpu) / float64(len(log.Messages))
	stopProfile()
	stop()
	if err := <-done; err != nil {
		return nil, err
	}
	say("publish rates…")
	dedupe, plain, fire, err := publishRates(ctx, nc, js, 3000)
	if err != nil {
		return nil, err
	}
	return []Figure{
		{"raw JetStream ordered consumer", raw, "events/s", fmt.Sprintf("%d messages, no checks", len(log.Messages))},
		{"ingest: stream → swarmd's fold", ingest, "events/s", fmt.Sprintf("%.1f µs of CPU per event", ingestCPU*1e6)},
		{"ingest ÷ min(raw consumer, verification ceiling)", ingest / min(raw, ceiling), "ratio", "target ≥ 0.8; wall clock, noisy"},
		{"CPU per verification ÷ CPU per ingested event", verifyCPU / ingestCPU, "ratio", "the embedded NATS server shares the process"},
		{"publish with Nats-Msg-Id, PubAck (the agent)", dedupe, "events/s", "one at a time, each ack awaited (SyncAlways)"},
		{"publish without Nats-Msg-Id, PubAck", plain, "events/s", "same, no dedupe"},
		{"publish with dedupe ÷ without", dedupe / plain, "ratio", "target ≥ 0.65"},
		{"publish, fire and forget (context)", fire, "events/s", "no id, no ack, one flush at the end"},
	}, nil
}

// Load publishes msgs in order to the log's stream, a few thousand
// acknowledgements in flight at a time.
func Load(ctx context.Context, nc *nats.Conn, msgs [][]byte) error {
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		return err
	}
	for i, m := range msgs {
		if _, err := js.PublishAsync(eventlog.SubjectPrefix+"bench", m); err != nil {
			return err
		}
		if i%2000 == 1999 || i == len(msgs)-1 {
			select {
			case <-js.PublishAsyncComplete():
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

func rawConsumer(ctx context.Context, stream jetstream.Stream, n int) (float64, error) {
	src, err := eventlog.NewLogSource(ctx, stream, 1, 1024)
	if err != nil {
		return 0, err
	}
	defer src.Stop()
	start := time.Now()
	for got := 0; got < n; {
		b, err := src.NextBatch(ctx, 1024)
		if err != nil {
			return 0, err
		}
		got += len(b)
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// publishRates publishes n signed heartbeats of one node three ways: with
// Nats-Msg-Id awaiting each PubAck (the agent), the same without the id,
// and fire-and-forget. The two acknowledged runs alternate in rounds so
// machine noise falls on both alike.
func publishRates(ctx context.Context, nc *nats.Conn, js jetstream.JetStream, n int) (dedupe, plain, fire float64, err error) {
	kp, _ := nkeys.CreateUser()
	id, _ := kp.PublicKey()
	subj := eventlog.Subject(events.NodeHeartbeat, id)
	msgs := make([][]byte, 3*n)
	for i := range msgs {
		if msgs[i], err = events.SignEncode(&events.Event{Src: id, Seq: uint64(i + 1), Body: &events.NodeHeartbeatBody{}}, kp); err != nil {
			return 0, 0, 0, err
		}
	}
	var withID, without time.Duration
	const rounds = 10
	for r := range rounds {
		part := n / rounds
		a, b := r*part, n+r*part
		start := time.Now()
		for i := a; i < a+part; i++ {
			if _, err := js.Publish(ctx, subj, msgs[i], jetstream.WithMsgID(events.ID(id, uint64(i+1)))); err != nil {
				return 0, 0, 0, err
			}
		}
		withID += time.Since(start)
		start = time.Now()
		for i := b; i < b+part; i++ {
			if _, err := js.Publish(ctx, subj, msgs[i]); err != nil {
				return 0, 0, 0, err
			}
		}
		without += time.Since(start)
	}
	start := time.Now()
	for _, m := range msgs[2*n:] {
		if err := nc.Publish(subj, m); err != nil {
			return 0, 0, 0, err
		}
	}
	if err := nc.Flush(); err != nil {
		return 0, 0, 0, err
	}
	done := float64(n / rounds * rounds)
	return done / withID.Seconds(), done / without.Seconds(), float64(n) / time.Since(start).Seconds(), nil
}

// MemoryPerNodes folds authorizations and registrations of n nodes (4 GPUs
// each) into an on-disk ledger under dir and reports the live heap they add,
// in MiB per 100k nodes.
func MemoryPerNodes(params *aggregates.Params, ledgerKey nkeys.KeyPair, dir string, n int) (float64, error) {
	l, err := aggregates.Open(dir, params)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	provider := "0x" + fmt.Sprintf("%040x", 1)
	tx := "0x" + fmt.Sprintf("%064x", 1)
	for i := range n {
		seed := make([]byte, 32)
		big.NewInt(int64(i + 1)).FillBytes(seed)
		kp, _ := nkeys.FromRawSeed(nkeys.PrefixByteUser, seed)
		id, _ := kp.PublicKey()
		auth := &events.Event{Src: events.ChainSrc, Seq: uint64(i+1) * events.MaxLogIndex,
			Body: &events.NodeAuthBody{ChainRef: events.ChainRef{Tx: tx, Block: uint64(i + 1)}, Provider: provider, Node: id}}
		m, err := events.SignEncode(auth, ledgerKey)
		if err != nil {
			return 0, err
		}
		if _, err := l.ApplyMessage(m); err != nil {
			return 0, err
		}
		var gpus []events.GPUSpec
		for g := range 4 {
			gpus = append(gpus, events.GPUSpec{UUID: fmt.Sprintf("GPU-%08d-%d", i, g), Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559})
		}
		m, err = events.SignEncode(&events.Event{Src: id, Seq: 1, Body: &events.NodeRegisteredBody{Provider: provider, Region: "eu-west", GPUs: gpus}}, kp)
		if err != nil {
			return 0, err
		}
		if r, err := l.ApplyMessage(m); err != nil {
			return 0, err
		} else if r != events.Accepted {
			return 0, fmt.Errorf("registration rejected: %s", r)
		}
		if i%4096 == 4095 {
			if err := l.Commit(); err != nil {
				return 0, err
			}
		}
	}
	if err := l.Commit(); err != nil {
		return 0, err
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(l)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n) * 100_000 / (1 << 20), nil
}
