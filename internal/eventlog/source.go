package eventlog

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrGap is returned when the stream delivers a sequence other than the next
// one: a message would be lost (or folded twice) if the ledger went on.
var ErrGap = errors.New("eventlog: stream sequence gap")

// LogSource reads the stream in order from a start sequence with an ordered
// consumer, asserting that stream sequences are contiguous.
type LogSource struct {
	stream jetstream.Stream
	pull   int
	next   uint64 // stream sequence expected next
	linger time.Duration

	// mu guards the fields below: Renew and Stop may come from another
	// goroutine than NextBatch.
	mu       sync.Mutex
	iter     jetstream.MessagesContext
	renew    bool // Renew stopped iter; NextBatch opens a fresh consumer
	stopped  bool
	renewals int
}

// NewLogSource starts an ordered consumer at stream sequence from (the
// ledger's checkpoint + 1).
func NewLogSource(ctx context.Context, s jetstream.Stream, from uint64, pull int) (*LogSource, error) {
	iter, err := consume(ctx, s, from, pull)
	if err != nil {
		return nil, err
	}
	return newLogSource(s, from, pull, iter), nil
}

// OpenLogSource is NewLogSource retried with backoff while ctx lasts (see
// consumeRetrying); retrying, when set, is told of each failed attempt.
func OpenLogSource(ctx context.Context, s jetstream.Stream, from uint64, pull int, retrying func(err error, wait time.Duration)) (*LogSource, error) {
	iter, err := consumeRetrying(ctx, s, from, pull, retrying)
	if err != nil {
		return nil, err
	}
	return newLogSource(s, from, pull, iter), nil
}

func newLogSource(s jetstream.Stream, from uint64, pull int, iter jetstream.MessagesContext) *LogSource {
	return &LogSource{stream: s, pull: pull, iter: iter, next: from, linger: 2 * time.Millisecond}
}

// consumeRetrying is consume retried with backoff (100 ms doubling to 5 s)
// until it succeeds or ctx ends: right after a cluster fault the JetStream
// API answers "temporarily unavailable" for a while.
func consumeRetrying(ctx context.Context, s jetstream.Stream, from uint64, pull int, retrying func(err error, wait time.Duration)) (jetstream.MessagesContext, error) {
	wait := 100 * time.Millisecond
	for {
		iter, err := consume(ctx, s, from, pull)
		if err == nil || ctx.Err() != nil {
			return iter, err
		}
		if retrying != nil {
			retrying(err, wait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

func consume(ctx context.Context, s jetstream.Stream, from uint64, pull int) (jetstream.MessagesContext, error) {
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		DeliverPolicy:     jetstream.DeliverByStartSequencePolicy,
		OptStartSeq:       from,
		ReplayPolicy:      jetstream.ReplayInstantPolicy,
		InactiveThreshold: time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("eventlog: ordered consumer: %w", err)
	}
	iter, err := cons.Messages(jetstream.PullMaxMessages(pull))
	if err != nil {
		return nil, fmt.Errorf("eventlog: consume: %w", err)
	}
	return iter, nil
}

// NextBatch returns 1..max messages: it blocks for the first, then takes what
// arrives within a short linger.
func (s *LogSource) NextBatch(ctx context.Context, max int) ([][]byte, error) {
	iter, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for len(out) < max {
		opt := jetstream.NextContext(ctx)
		if len(out) > 0 {
			opt = jetstream.NextMaxWait(s.linger)
		}
		msg, err := iter.Next(opt)
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) && s.renewing() {
				if len(out) > 0 {
					return out, nil // the next call renews
				}
				if iter, err = s.current(ctx); err != nil {
					return out, err
				}
				continue
			}
			if len(out) > 0 && !errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return out, nil // linger expired: fold what we have
			}
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			return out, fmt.Errorf("eventlog: next: %w", err)
		}
		md, err := msg.Metadata()
		if err != nil {
			return out, fmt.Errorf("eventlog: metadata: %w", err)
		}
		if md.Sequence.Stream != s.next {
			return out, fmt.Errorf("%w: expected %d, got %d", ErrGap, s.next, md.Sequence.Stream)
		}
		s.next++
		out = append(out, msg.Data())
	}
	return out, nil
}

// Renew replaces the consumer with a fresh ordered consumer starting at
// the next expected sequence, from any goroutine: a NextBatch waiting on
// the old one returns what it has, and the fresh one delivers the rest. A consumer can stay silent at
// a message the server cannot read back (a damaged block record) where a
// fresh one is handed the next message at once, and so surfaces the gap.
func (s *LogSource) Renew() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.renew || s.stopped {
		return
	}
	s.renew = true
	s.iter.Stop()
}

// Renewals is how many fresh consumers Renew has led to.
func (s *LogSource) Renewals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renewals
}

func (s *LogSource) renewing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renew && !s.stopped
}

// current is the consumer to read, a fresh one at the next expected
// sequence when Renew asked for it (consumeRetrying: the JetStream API can
// be briefly unavailable).
func (s *LogSource) current(ctx context.Context) (jetstream.MessagesContext, error) {
	s.mu.Lock()
	iter, renew := s.iter, s.renew && !s.stopped
	s.mu.Unlock()
	if !renew {
		return iter, nil
	}
	fresh, err := consumeRetrying(ctx, s.stream, s.next, s.pull, nil)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		fresh.Stop()
	}
	s.iter, s.renew = fresh, false
	s.renewals++
	return fresh, nil
}

// Stop ends the consumer.
func (s *LogSource) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	s.iter.Stop()
}
