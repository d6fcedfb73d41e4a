// Package schedsim is a scheduler simulator for demos and tests: it follows
// node registrations on the SWARM stream, attests each registered GPU with
// gpu.verified, and runs simulated workloads on the nodes (task.assigned,
// then task.completed or task.failed with a chosen fault), signing every
// event with the scheduler's key through the durable publisher.
package schedsim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// Config tunes the workload.
type Config struct {
	Seed         uint64
	TaskInterval time.Duration // between task assignments; default 500ms
	TaskDuration time.Duration // until a task closes; default 2s
	FailBP       uint64        // share of tasks that fail, in basis points
	ProviderBP   uint64        // share of failures blamed on the provider
}

type nodeInfo struct {
	id   string
	gpus []string
}

// Sim is a running scheduler simulator.
type Sim struct {
	cfg   Config
	pub   *publisher.Publisher
	rng   *rand.Rand
	mu    sync.Mutex
	nodes map[string]nodeInfo
	next  int
	stats Stats
	// inflight counts completions scheduled and not yet done.
	inflight sync.WaitGroup
	// stopped (under mu) is set when Run returns: the consumer's callback
	// and the completion timers publish only under mu and not once it is
	// set, so the caller may close the spool as soon as Run has returned.
	stopped bool
}

// Stats counts what the simulator published.
type Stats struct {
	Verified, Assigned, Completed, Failed int
}

// New returns a simulator publishing through pub.
func New(cfg Config, pub *publisher.Publisher) *Sim {
	if cfg.TaskInterval <= 0 {
		cfg.TaskInterval = 500 * time.Millisecond
	}
	if cfg.TaskDuration <= 0 {
		cfg.TaskDuration = 2 * time.Second
	}
	return &Sim{cfg: cfg, pub: pub, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed)), nodes: map[string]nodeInfo{}}
}

// Stats returns a copy of the counters.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Run follows registrations on the stream and drives workloads until ctx ends.
func (s *Sim) Run(ctx context.Context, stream jetstream.Stream) error {
	cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{eventlog.SubjectPrefix + "node.*.node_registered"},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return fmt.Errorf("schedsim: consumer: %w", err)
	}
	cc, err := cons.Consume(func(m jetstream.Msg) { s.onRegistered(m.Data()) })
	if err != nil {
		return fmt.Errorf("schedsim: consume: %w", err)
	}
	defer cc.Stop()
	// Completions scheduled but not yet published finish (or see ctx
	// ended and do nothing) before Run returns, so the caller may close
	// the publisher's spool as soon as it has.
	defer s.inflight.Wait()
	defer s.halt()
	tick := time.NewTicker(s.cfg.TaskInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if err := s.assign(ctx); err != nil {
				return err
			}
		}
	}
}

// onRegistered verifies the GPUs of a well-formed registration. The ledger
// judges whether the registration itself was accepted; a verification of a
// rejected one is simply rejected in turn.
func (s *Sim) onRegistered(msg []byte) {
	d, err := events.Decode(msg)
	if err != nil {
		return
	}
	b, ok := d.Body.(*events.NodeRegisteredBody)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	info := nodeInfo{id: d.Src}
	for _, g := range b.GPUs {
		info.gpus = append(info.gpus, g.UUID)
		if _, err := s.pub.Publish(&events.GPUVerifiedBody{Node: d.Src, GPU: g.UUID, Model: g.Model}); err == nil {
			s.stats.Verified++
		}
	}
	s.nodes[d.Src] = info
}

// halt stops all publishing; Run calls it on its way out.
func (s *Sim) halt() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

func (s *Sim) assign(ctx context.Context) error {
	s.mu.Lock()
	if len(s.nodes) == 0 {
		s.mu.Unlock()
		return nil
	}
	ids := make([]string, 0, len(s.nodes))
	for id := range s.nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	n := s.nodes[ids[s.rng.IntN(len(ids))]]
	s.next++
	task := fmt.Sprintf("sim-%d-%d", s.cfg.Seed, s.next)
	gpus := n.gpus[:1+s.rng.IntN(len(n.gpus))]
	fail := uint64(s.rng.IntN(10000)) < s.cfg.FailBP
	fault := events.FaultRequester
	if uint64(s.rng.IntN(10000)) < s.cfg.ProviderBP {
		fault = events.FaultProvider
	}
	seconds := uint64(s.cfg.TaskDuration/time.Second)*uint64(len(gpus)) + 1
	_, err := s.pub.Publish(&events.TaskAssignedBody{Task: task, Node: n.id, GPUs: gpus})
	if err == nil {
		s.stats.Assigned++
	}
	s.mu.Unlock()
	if err != nil {
		return nil // spool full: skip this task, the simulator keeps going
	}
	s.inflight.Add(1)
	time.AfterFunc(s.cfg.TaskDuration, func() {
		defer s.inflight.Done()
		if ctx.Err() != nil {
			return
		}
		var body events.Body = &events.TaskCompletedBody{Task: task, GPUSeconds: seconds}
		if fail {
			body = &events.TaskFailedBody{Task: task, Fault: fault}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.stopped {
			return
		}
		if _, err := s.pub.Publish(body); err == nil {
			if fail {
				s.stats.Failed++
			} else {
				s.stats.Completed++
			}
		}
	})
	return nil
}
