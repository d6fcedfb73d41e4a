package ledgerd

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/agent/schedsim"
	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// The scheduler simulator verifies registered GPUs and runs tasks that the
// ledger accepts: gpu.verified, task.assigned, task.completed and
// task.failed all appear as accepted events.
func TestSchedulerSimulator(t *testing.T) {
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t), nodes: []nkeys.KeyPair{mustKey(t), mustKey(t)}}
	params := e2eParams(t, k)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := startRunning(ctx, t, Config{Params: params})
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	nc, _ := nats.Connect(s.NATSURL())
	defer nc.Close()
	js, _ := jetstream.New(nc)
	stream, _ := js.Stream(ctx, eventlog.StreamName)
	for i, kp := range k.nodes {
		chainEvent(t, ctx, js, k, uint64(10+i), &events.NodeAuthBody{Provider: addr(i), Node: pub(t, kp)})
		p, _ := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: kp}, js)
		go p.Run(runCtx)
		p.Publish(&events.NodeRegisteredBody{Provider: addr(i), Region: "eu", GPUs: []events.GPUSpec{
			{UUID: fmt.Sprintf("G%d-0", i), Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559},
			{UUID: fmt.Sprintf("G%d-1", i), Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559}}})
	}
	sp, _ := publisher.Open(publisher.Config{Dir: t.TempDir(), Key: k.sched}, js)
	go sp.Run(runCtx)
	sim := schedsim.New(schedsim.Config{Seed: 1, TaskInterval: 20 * time.Millisecond, TaskDuration: 50 * time.Millisecond,
		FailBP: 3000, ProviderBP: 5000}, sp)
	go sim.Run(runCtx, stream)
	waitFor(t, "tasks to complete and fail", func() bool {
		st := sim.Stats()
		return st.Verified == 4 && st.Completed >= 3 && st.Failed >= 2
	})
	waitFor(t, "the scheduler to drain", func() bool { return sp.Spooled() == 0 })
	stop()
	var buf strings.Builder
	if _, err := eventlog.Export(ctx, stream, events.NewExportWriter(&buf)); err != nil {
		t.Fatal(err)
	}
	l, _ := aggregates.Open("", params)
	defer l.Close()
	msgs, _ := events.ReadExport(strings.NewReader(buf.String()))
	accepted := map[events.Type]int{}
	for _, m := range msgs {
		c := l.Authority().Check(m)
		r, err := l.Apply(c)
		if err != nil {
			t.Fatal(err)
		}
		if r == events.Accepted {
			accepted[c.Event.Type]++
		}
	}
	for _, typ := range []events.Type{events.GPUVerified, events.TaskAssigned, events.TaskCompleted, events.TaskFailed} {
		if accepted[typ] == 0 {
			t.Errorf("no accepted %s (accepted: %v)", typ, accepted)
		}
	}
}
