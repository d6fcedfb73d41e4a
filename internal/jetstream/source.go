package jetstream

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrGap is returned when the stream delivers a sequence other than the next
// one: a message would be lost (or folded twice) if the ledger went on.
var ErrGap = errors.New("jetstream: stream sequence gap")

// LogSource reads the stream in order from a start sequence with an ordered
// consumer, asserting that stream sequences are contiguous.
type LogSource struct {
	iter   jetstream.MessagesContext
	next   uint64 // stream sequence expected next
	linger time.Duration
}

// NewLogSource starts an ordered consumer at stream sequence from (the
// ledger's checkpoint + 1).
func NewLogSource(ctx context.Context, s jetstream.Stream, from uint64, pull int) (*LogSource, error) {
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		DeliverPolicy:     jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:       from,
		ReplayPolicy:      jetstream.ReplayInstantPolicy,
		InactiveThreshold: time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("jetstream: ordered consumer: %w", err)
	}
	iter, err := cons.Messages(jetstream.PullMaxMessages(pull))
	if err != nil {
		return nil, fmt.Errorf("jetstream: consume: %w", err)
	}
	return &LogSource{iter: iter, next: from, linger: 2 * time.Millisecond}, nil
}

// NextBatch returns 1..max messages: it blocks for the first, then takes what
// arrives within a short linger.
func (s *LogSource) NextBatch(ctx context.Context, max int) ([][]byte, error) {
	var out [][]byte
	for len(out) < max {
		opt := jetstream.NextContext(ctx)
		if len(out) > 0 {
			opt = jetstream.NextMaxWait(s.linger)
		}
		msg, err := s.iter.Next(opt)
		if err != nil {
			if len(out) > 0 && !errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return out, nil // linger expired: fold what we have
			}
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			return out, fmt.Errorf("jetstream: next: %w", err)
		}
		md, err := msg.Metadata()
		if err != nil {
			return out, fmt.Errorf("jetstream: metadata: %w", err)
		}
		if md.Sequence.Stream != s.next {
			return out, fmt.Errorf("%w: expected %d, got %d", ErrGap, s.next, md.Sequence.Stream)
		}
		s.next++
		out = append(out, msg.Data())
	}
	return out, nil
}

// Next is the stream sequence the source expects next.
func (s *LogSource) Next() uint64 { return s.next }

// Stop ends the consumer.
func (s *LogSource) Stop() { s.iter.Stop() }
