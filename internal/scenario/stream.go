package scenario

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// ErrOrder is returned when a copied or reused event is placed before the
// event it refers to.
var ErrOrder = errors.New("scenario: an event refers to one that is not earlier in the log")

// ErrCloseRejected is returned when the ledger rejects an epoch.closed the
// scenario needs, which only a broken scenario can cause.
var ErrCloseRejected = errors.New("scenario: epoch.closed rejected")

// GenesisMs is the start of epoch 1 (2025-01-06T09:00:00Z).
const GenesisMs = 1_736_154_000_000

// chainGenesisBlock is the block of GenesisMs; blocks come every
// chainBlockMs.
const (
	chainGenesisBlock = 1_000_000
	chainBlockMs      = 2000
)

// blockAt is the chain block of time at.
func blockAt(at int64) uint64 { return chainGenesisBlock + uint64(max(0, at-GenesisMs)/chainBlockMs) }

// kind says how an item becomes a message.
type kind uint8

const (
	kindSigned kind = iota // a signed event; seq from its source's counter or its chain position
	kindRaw                // the bytes in raw, as they are
	kindCopy               // exactly the message of ref
	kindReuse              // a signed event under ref's source and seq
)

// item is one message of the log before it has its place: its time, the
// event and how to make its bytes. Items are emitted in (at, order) order.
type item struct {
	at     int64
	order  int
	kind   kind
	signer *signer
	ev     events.Event
	raw    []byte
	ref    *item
	// mutate rewrites the signed message (forgeries, malformed copies).
	mutate func([]byte) []byte
	// trusted is set when the event is built well formed and signed by the
	// key its class needs: the generator's fold takes it as built, without
	// decoding it or verifying its signature (tests replay independently).
	trusted bool

	placed  bool
	msg     []byte
	checked events.Checked
	reason  events.Reason
}

// stream turns items into the log: it orders them, gives them seqs and chain
// positions, signs them on every core and folds them into a ledger.
type stream struct {
	seed     int64
	rng      *rand.Rand
	raw      []byte // params.json
	params   *aggregates.Params
	ledger   *signer
	scheds   []*signer
	isSched  map[string]bool
	fold     *aggregates.Ledger
	auth     *events.Authority
	seqs     map[string]uint64
	block    uint64
	logIndex uint64
	pending  []*item
	order    int
	out      [][]byte
	reports  []aggregates.Report
	stakes   *stakeBook
	claimed  map[string]*big.Int // earner → cumulative of its last claim
}

func newStream(c Config) (*stream, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	s := &stream{
		seed: c.Seed, rng: rand.New(rand.NewPCG(uint64(c.Seed), 0x5eed5ca1ab1e)),
		ledger: newSigner(c.Seed, "ledger"), isSched: map[string]bool{}, seqs: map[string]uint64{},
		block: chainGenesisBlock, stakes: newStakeBook(), claimed: map[string]*big.Int{},
	}
	ids := make([]string, c.Schedulers)
	for i := range ids {
		s.scheds = append(s.scheds, newSigner(c.Seed, fmt.Sprintf("scheduler/%d", i)))
		ids[i] = s.scheds[i].id
		s.isSched[ids[i]] = true
	}
	var err error
	if s.raw, s.params, err = paramsJSON(c, s.ledger.id, ids); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if s.fold, err = aggregates.Open("", s.params); err != nil {
		return nil, err
	}
	s.auth = s.fold.Authority()
	return s, nil
}

func (s *stream) close() error { return s.fold.Close() }

// classOK reports whether sg signing as src is what body's type needs
// (SPEC §2.2, §2.3).
func (s *stream) classOK(sg *signer, src string, body events.Body) bool {
	switch body.EventType().Class() {
	case events.ClassNode:
		return src == sg.id
	case events.ClassScheduler:
		return src == sg.id && s.isSched[src]
	case events.ClassChain:
		return src == events.ChainSrc && sg == s.ledger
	case events.ClassLedger:
		return src == s.ledger.id && sg == s.ledger
	}
	return false
}

func (s *stream) push(it *item) *item {
	s.order++
	it.order = s.order
	s.pending = append(s.pending, it)
	return it
}

// add queues an event of src, signed by sg, at time at.
func (s *stream) add(at int64, sg *signer, src string, body events.Body) *item {
	return s.push(&item{at: at, kind: kindSigned, signer: sg, ev: events.Event{Src: src, Body: body},
		trusted: s.classOK(sg, src, body)})
}

// chain queues a chain event; its block, log, tx and seq are set when it
// takes its place in the log.
func (s *stream) chain(at int64, body events.Body) *item {
	return s.add(at, s.ledger, events.ChainSrc, body)
}

// ledgerEvent queues an epoch.* event of the ledger.
func (s *stream) ledgerEvent(at int64, body events.Body) *item {
	return s.add(at, s.ledger, s.ledger.id, body)
}

// rawMsg queues bytes as they are.
func (s *stream) rawMsg(at int64, raw []byte) *item {
	return s.push(&item{at: at, kind: kindRaw, raw: raw})
}

// copyOf queues an exact re-send of ref.
func (s *stream) copyOf(at int64, ref *item) *item {
	return s.push(&item{at: at, kind: kindCopy, ref: ref})
}

// reuse queues an event with ref's source, signer and seq but body.
func (s *stream) reuse(at int64, ref *item, body events.Body) *item {
	return s.push(&item{at: at, kind: kindReuse, ref: ref, signer: ref.signer,
		ev: events.Event{Src: ref.ev.Src, Body: body}, trusted: s.classOK(ref.signer, ref.ev.Src, body)})
}

// flush emits every pending item before last (and last itself), or every
// pending item when last is nil, and folds them. Items at or after last's
// time wait for the next flush.
func (s *stream) flush(last *item) error {
	var now, later []*item
	for _, it := range s.pending {
		if last == nil || it == last || it.at < last.at {
			now = append(now, it)
		} else {
			later = append(later, it)
		}
	}
	s.pending = later
	slices.SortFunc(now, func(a, b *item) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.order, b.order)
	})
	if err := s.place(now); err != nil {
		return err
	}
	if err := s.signAndFold(now); err != nil {
		return err
	}
	return s.fold.Commit()
}

// foldChunk is how many items a signing worker takes at a time.
const foldChunk = 256

// signAndFold makes the messages of items on every core and folds them in
// log order as they become ready, so folding overlaps signing. Each item is
// written by one worker; the log does not depend on scheduling.
func (s *stream) signAndFold(items []*item) error {
	chunks := (len(items) + foldChunk - 1) / foldChunk
	done := make([]chan struct{}, chunks)
	next := make(chan int, chunks)
	for c := range chunks {
		done[c] = make(chan struct{})
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	defer wg.Wait()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for c := range next {
				for _, it := range items[c*foldChunk : min((c+1)*foldChunk, len(items))] {
					s.signOne(it)
				}
				close(done[c])
			}
		})
	}
	for c := range chunks {
		<-done[c]
		for _, it := range items[c*foldChunk : min((c+1)*foldChunk, len(items))] {
			if it.kind == kindCopy {
				if it.ref.msg == nil {
					return ErrOrder
				}
				it.msg, it.checked = it.ref.msg, it.ref.checked
			}
			it.reason = s.fold.Apply(it.checked)
			s.out = append(s.out, it.msg)
		}
	}
	return nil
}

// place gives every item its seq (source counters, chain positions, or its
// reference's) and its time, in log order.
func (s *stream) place(items []*item) error {
	for _, it := range items {
		switch it.kind {
		case kindRaw:
		case kindCopy:
			if !it.ref.placed {
				return ErrOrder
			}
		case kindReuse:
			if !it.ref.placed {
				return ErrOrder
			}
			it.ev.Seq = it.ref.ev.Seq
			if ref, ok := chainRef(it.ref.ev.Body); ok {
				setChainRef(it.ev.Body, ref)
			}
		default:
			if it.ev.Src == events.ChainSrc {
				s.placeOnChain(it)
			} else {
				s.seqs[it.ev.Src]++
				it.ev.Seq = s.seqs[it.ev.Src]
			}
		}
		it.ev.TimeMs = it.at
		it.placed = true
	}
	return nil
}

// placeOnChain puts a chain event in the block of its time (or later: blocks
// never go back and hold fewer than MaxLogIndex logs), after the previous
// chain event.
func (s *stream) placeOnChain(it *item) {
	switch block := blockAt(it.at); {
	case block > s.block:
		s.block, s.logIndex = block, uint64(s.rng.IntN(3))
	case s.logIndex+2 >= events.MaxLogIndex:
		s.block, s.logIndex = s.block+1, 0
	default:
		s.logIndex += 1 + uint64(s.rng.IntN(2))
	}
	ref := events.ChainRef{Tx: hash(s.seed, fmt.Sprintf("tx/%d/%d", s.block, s.logIndex)), Block: s.block, Log: s.logIndex}
	setChainRef(it.ev.Body, ref)
	it.ev.Seq = ref.ChainSeq()
}

// signOne makes an item's message and runs the message-local checks.
func (s *stream) signOne(it *item) {
	switch it.kind {
	case kindCopy:
		return
	case kindRaw:
		it.msg = append([]byte{}, it.raw...)
	default:
		it.msg = it.signer.sign(&it.ev)
	}
	if it.mutate != nil {
		it.msg = it.mutate(it.msg)
	}
	if it.trusted && it.mutate == nil && it.kind != kindRaw {
		it.ev.Type = it.ev.Body.EventType()
		it.checked = events.Checked{Msg: it.msg, Hash: events.MessageHash(it.msg), Event: &events.Decoded{Event: it.ev}}
		return
	}
	it.checked = s.auth.Check(it.msg)
}

// closeEpoch flushes through the epoch.closed item and returns the report
// of the epoch it closed.
func (s *stream) closeEpoch(closed *item) (aggregates.Report, error) {
	if err := s.flush(closed); err != nil {
		return aggregates.Report{}, err
	}
	if closed.reason != events.Accepted {
		return aggregates.Report{}, fmt.Errorf("%w: %s", ErrCloseRejected, closed.reason)
	}
	k := closed.ev.Body.(*events.EpochClosedBody).Epoch
	rec, err := s.fold.Epoch(k)
	if err != nil {
		return aggregates.Report{}, err
	}
	var rep aggregates.Report
	if err := json.Unmarshal(rec.Report, &rep); err != nil {
		return aggregates.Report{}, err
	}
	s.reports = append(s.reports, rep)
	return rep, nil
}

// scenario flushes what is left (events after the last close) and returns
// the scenario.
func (s *stream) scenario() (*Scenario, error) {
	if err := s.flush(nil); err != nil {
		return nil, err
	}
	reports, err := s.fold.Reports()
	if err != nil {
		return nil, err
	}
	return &Scenario{Params: s.raw, Messages: s.out, Reports: reports}, nil
}

func chainRef(b events.Body) (events.ChainRef, bool) {
	switch v := b.(type) {
	case *events.NodeAuthBody:
		return v.ChainRef, true
	case *events.StakeBody:
		return v.ChainRef, true
	case *events.SlashedBody:
		return v.ChainRef, true
	case *events.ClaimedBody:
		return v.ChainRef, true
	}
	return events.ChainRef{}, false
}

func setChainRef(b events.Body, ref events.ChainRef) {
	switch v := b.(type) {
	case *events.NodeAuthBody:
		v.ChainRef = ref
	case *events.StakeBody:
		v.ChainRef = ref
	case *events.SlashedBody:
		v.ChainRef = ref
	case *events.ClaimedBody:
		v.ChainRef = ref
	}
}
