package eventlog

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
)

// Publisher appends signed events to the SWARM stream with Nats-Msg-Id set
// to the event id and waits for the PubAck, so a republish inside the
// duplicate window is dropped by the server (and outside it by the
// ledger's dedupe).
type Publisher struct {
	JS jetstream.JetStream
}

// Publish appends msg, the canonical bytes of ev.
func (p Publisher) Publish(ctx context.Context, ev *events.Event, msg []byte) error {
	if _, err := p.JS.Publish(ctx, Subject(ev.Type, ev.Src), msg, jetstream.WithMsgID(ev.ID())); err != nil {
		return fmt.Errorf("eventlog: publish %s: %w", ev.ID(), err)
	}
	return nil
}
