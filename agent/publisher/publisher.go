package publisher

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/pebblelog"
)

// ErrSpoolFull is returned by Publish when MaxSpooled messages await
// acknowledgement.
var ErrSpoolFull = errors.New("publisher: spool full")

var keyNext = []byte("next")

// Config configures a Publisher.
type Config struct {
	Dir        string        // spool directory (Pebble)
	Key        nkeys.KeyPair // the source's signing key
	Src        string        // default: the key's public id
	MaxSpooled int           // default 100000
	AckTimeout time.Duration // per publish attempt; default 5s
	// Clock gives event times (Unix ms); default time.Now. Times are
	// informational only (SPEC §2).
	Clock func() int64
}

// Publisher signs, spools and publishes one source's events.
type Publisher struct {
	cfg     Config
	db      *pebble.DB
	js      jetstream.JetStream
	mu      sync.Mutex // guards next and spooled
	next    uint64
	spooled int
	wake    chan struct{}
	done    chan struct{}
	stats   Stats
}

// Stats counts what the publisher did.
type Stats struct {
	mu        sync.Mutex
	Published uint64 // acknowledged by JetStream
	Retries   uint64 // failed attempts (disconnects, timeouts)
	Duplicate uint64 // acknowledged as duplicates (already in the stream)
}

// Snapshot returns a copy of the counters.
func (s *Stats) Snapshot() (published, retries, duplicate uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Published, s.Retries, s.Duplicate
}

// Open opens the spool and starts draining it to js.
func Open(cfg Config, js jetstream.JetStream) (*Publisher, error) {
	if cfg.MaxSpooled <= 0 {
		cfg.MaxSpooled = 100000
	}
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = 5 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = func() int64 { return time.Now().UnixMilli() }
	}
	if cfg.Src == "" {
		pub, err := cfg.Key.PublicKey()
		if err != nil {
			return nil, fmt.Errorf("publisher: key: %w", err)
		}
		cfg.Src = pub
	}
	db, err := pebble.Open(cfg.Dir, &pebble.Options{Logger: pebblelog.Logger{Store: "publisher spool"}})
	if err != nil {
		return nil, fmt.Errorf("publisher: open spool: %w", err)
	}
	p := &Publisher{cfg: cfg, db: db, js: js, next: 1, wake: make(chan struct{}, 1), done: make(chan struct{})}
	if err := p.load(); err != nil {
		db.Close()
		return nil, err
	}
	return p, nil
}

func (p *Publisher) load() error {
	v, closer, err := p.db.Get(keyNext)
	if err == nil {
		p.next = binary.BigEndian.Uint64(v)
		closer.Close()
	} else if !errors.Is(err, pebble.ErrNotFound) {
		return fmt.Errorf("publisher: read next seq: %w", err)
	}
	it, err := p.db.NewIter(&pebble.IterOptions{LowerBound: []byte("m/"), UpperBound: []byte("m0")})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		p.spooled++
	}
	return it.Error()
}

func msgKey(seq uint64) []byte { return binary.BigEndian.AppendUint64([]byte("m/"), seq) }

// Publish signs body as the next event of the source and spools it durably.
// It returns once the message is on disk; delivery follows asynchronously,
// in order. The caller may use the returned message (tests compare bytes).
func (p *Publisher) Publish(body events.Body) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.spooled >= p.cfg.MaxSpooled {
		return nil, ErrSpoolFull
	}
	ev := &events.Event{Src: p.cfg.Src, Seq: p.next, TimeMs: p.cfg.Clock(), Body: body}
	msg, err := events.SignEncode(ev, p.cfg.Key)
	if err != nil {
		return nil, err
	}
	b := p.db.NewBatch()
	b.Set(msgKey(ev.Seq), msg, nil)
	b.Set(keyNext, binary.BigEndian.AppendUint64(nil, ev.Seq+1), nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return nil, fmt.Errorf("publisher: spool: %w", err)
	}
	p.next++
	p.spooled++
	select {
	case p.wake <- struct{}{}:
	default:
	}
	return msg, nil
}

// Spooled is the number of messages awaiting acknowledgement.
func (p *Publisher) Spooled() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.spooled
}

// NextSeq is the seq the next Publish will use.
func (p *Publisher) NextSeq() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.next
}

// Stats returns the publisher's counters.
func (p *Publisher) Stats() *Stats { return &p.stats }

// Run drains the spool until ctx ends.
func (p *Publisher) Run(ctx context.Context) {
	defer close(p.done)
	backoff := 50 * time.Millisecond
	for {
		n, err := p.drain(ctx)
		if err == nil && n == 0 {
			backoff = 50 * time.Millisecond
			select {
			case <-ctx.Done():
				return
			case <-p.wake:
			}
			continue
		}
		if err != nil {
			p.stats.mu.Lock()
			p.stats.Retries++
			p.stats.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 2*time.Second)
		}
	}
}

// drain publishes spooled messages in seq order until the spool is empty or
// a publish fails.
func (p *Publisher) drain(ctx context.Context) (int, error) {
	it, err := p.db.NewIter(&pebble.IterOptions{LowerBound: []byte("m/"), UpperBound: []byte("m0")})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	n := 0
	for it.First(); it.Valid(); it.Next() {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		seq := binary.BigEndian.Uint64(it.Key()[2:])
		msg := bytes.Clone(it.Value())
		if err := p.publishOne(ctx, seq, msg); err != nil {
			return n, err
		}
		// Deleting without sync is safe: a republish after a crash is a
		// duplicate to JetStream (within its window) and to the ledger.
		if err := p.db.Delete(msgKey(seq), pebble.NoSync); err != nil {
			return n, err
		}
		p.mu.Lock()
		p.spooled--
		p.mu.Unlock()
		n++
	}
	return n, it.Error()
}

func (p *Publisher) publishOne(ctx context.Context, seq uint64, msg []byte) error {
	d, err := events.Decode(msg)
	if err != nil {
		return fmt.Errorf("publisher: spooled message %d does not decode: %w", seq, err)
	}
	actx, cancel := context.WithTimeout(ctx, p.cfg.AckTimeout)
	defer cancel()
	ack, err := p.js.Publish(actx, eventlog.Subject(d.Type, d.Src), msg, jetstream.WithMsgID(events.ID(d.Src, seq)))
	if err != nil {
		return err
	}
	p.stats.mu.Lock()
	p.stats.Published++
	if ack.Duplicate {
		p.stats.Duplicate++
	}
	p.stats.mu.Unlock()
	return nil
}

// Close stops using the spool; call after Run has returned.
func (p *Publisher) Close() error { return p.db.Close() }
