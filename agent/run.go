package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/events"
)

// Publisher durably publishes the node's events (agent/publisher).
type Publisher interface {
	Publish(body events.Body) ([]byte, error)
}

// RunConfig configures the agent loop.
type RunConfig struct {
	Provider string        // the provider that authorized this node on chain
	Region   string        // free-form region label
	Interval time.Duration // heartbeat_interval_s of the network
	Log      *slog.Logger
	// Ticks, when set, replaces the interval timer (tests).
	Ticks <-chan time.Time
}

// Stats counts what the loop did.
type Stats struct {
	Heartbeats    int
	SampleErrors  int // heartbeats sent without telemetry after a failed sample
	SpoolRejected int // heartbeats dropped because the spool was full
}

// Run registers the node with the GPUs src enumerates, then publishes a
// heartbeat with every GPU's sample each interval until ctx ends. A failed
// sample still sends a heartbeat, without telemetry: liveness does not
// depend on the driver. The registration is accepted by the ledger only
// once the provider has authorized the node key on chain.
func Run(ctx context.Context, src Source, pub Publisher, cfg RunConfig) (Stats, error) {
	var st Stats
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	gpus, err := src.GPUs()
	if err != nil {
		return st, fmt.Errorf("agent: enumerate GPUs: %w", err)
	}
	reg, err := RegisteredBody(cfg.Provider, cfg.Region, gpus)
	if err != nil {
		return st, err
	}
	if _, err := pub.Publish(reg); err != nil {
		return st, fmt.Errorf("agent: register: %w", err)
	}
	cfg.Log.Info("registered", "gpus", len(gpus), "provider", cfg.Provider)
	ticks := cfg.Ticks
	if ticks == nil {
		t := time.NewTicker(cfg.Interval)
		defer t.Stop()
		ticks = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return st, nil
		case <-ticks:
		}
		if err := beat(src, pub, &st, cfg.Log); err != nil {
			return st, err
		}
	}
}

func beat(src Source, pub Publisher, st *Stats, log *slog.Logger) error {
	samples, err := src.Sample()
	if err != nil {
		log.Warn("sample failed; heartbeat without telemetry", "err", err)
		st.SampleErrors++
		samples = nil
	}
	body, err := HeartbeatBody(samples)
	if err != nil {
		return err
	}
	if _, err := pub.Publish(body); err != nil {
		if errors.Is(err, publisher.ErrSpoolFull) {
			st.SpoolRejected++
			log.Warn("spool full; heartbeat dropped", "err", err)
			return nil
		}
		return fmt.Errorf("agent: heartbeat: %w", err)
	}
	st.Heartbeats++
	return nil
}
