package sim

import (
	"errors"

	"github.com/swarm-ledger/swarm/events"
)

// errFenced is the stream refusing a ledger event because another ledger
// event was appended after the head its writer read (JetStream's
// expected-last-sequence-for-subject check).
var errFenced = errors.New("sim: the stream's ledger head moved")

// stream is the JetStream stream SWARM as the ledger sees it: an append-only
// sequence of messages, a duplicate window over Nats-Msg-Id measured on the
// simulation clock, and the last sequence of the ledger subjects.
type stream struct {
	windowMs uint64
	msgs     []streamMsg
	ids      map[string]storedID
	// digests[i] is the event digest of the first i messages (SPEC §7).
	digests []events.Hash
	// ledgerHead is the sequence of the newest epoch.* message.
	ledgerHead uint64
	// dropped counts publishes the duplicate window dropped.
	dropped int
}

type streamMsg struct {
	data  []byte
	msgID string
	hash  events.Hash
	// evID is the event id when the message decodes, else "".
	evID string
	// class is the source class of a decoded event's type.
	class events.Class
}

type storedID struct{ seq, atMs uint64 }

func newStream(windowMs uint64) *stream {
	return &stream{windowMs: windowMs, ids: map[string]storedID{}, digests: []events.Hash{{}}}
}

// len is the last stream sequence.
func (s *stream) len() uint64 { return uint64(len(s.msgs)) }

// msg returns the message at stream sequence seq (1-based).
func (s *stream) msg(seq uint64) *streamMsg { return &s.msgs[seq-1] }

// digestAt is the event digest after the first pos messages.
func (s *stream) digestAt(pos uint64) events.Hash { return s.digests[pos] }

// duplicateOf returns the sequence of an earlier message with msgID still
// inside the duplicate window. An empty id is never deduplicated.
func (s *stream) duplicateOf(now uint64, msgID string) (uint64, bool) {
	if msgID == "" {
		return 0, false
	}
	st, ok := s.ids[msgID]
	if !ok || now >= st.atMs+s.windowMs {
		return 0, false
	}
	return st.seq, true
}

// publish stores data unless its msgID is inside the duplicate window, and
// returns its sequence (the earlier one for a duplicate).
func (s *stream) publish(now uint64, msgID string, data []byte, ledgerEvent bool) (seq uint64, dup bool) {
	if seq, ok := s.duplicateOf(now, msgID); ok {
		s.dropped++
		return seq, true
	}
	m := streamMsg{data: data, msgID: msgID, hash: events.MessageHash(data)}
	if d, err := events.Decode(data); err == nil {
		m.evID, m.class = d.ID(), d.Type.Class()
	}
	s.msgs = append(s.msgs, m)
	seq = s.len()
	s.digests = append(s.digests, events.NextDigest(s.digests[seq-1], m.hash))
	if msgID != "" {
		s.ids[msgID] = storedID{seq: seq, atMs: now}
	}
	if ledgerEvent {
		s.ledgerHead = seq
	}
	return seq, false
}

// appendFenced publishes a ledger event only if the newest ledger event is
// still at head. As in JetStream, the duplicate check runs first: a
// duplicate returns the earlier sequence whatever the head.
func (s *stream) appendFenced(now uint64, msgID string, data []byte, head uint64) (uint64, error) {
	if seq, ok := s.duplicateOf(now, msgID); ok {
		s.dropped++
		return seq, nil
	}
	if s.ledgerHead != head {
		return 0, errFenced
	}
	seq, _ := s.publish(now, msgID, data, true)
	return seq, nil
}

// outbox is one publisher's queue: it publishes its head, waits for the
// PubAck, and only then moves to the next message, so the stream holds each
// source's messages in the source's order.
type outbox struct {
	queue []pubMsg
	// blockedUntil: the publisher is down or cut off until then.
	blockedUntil uint64
}

type pubMsg struct {
	msgID string
	data  []byte
}

func (o *outbox) push(msgID string, data []byte) {
	o.queue = append(o.queue, pubMsg{msgID: msgID, data: data})
}

// ready reports whether the outbox can attempt a publish now.
func (o *outbox) ready(now uint64) bool { return len(o.queue) > 0 && now >= o.blockedUntil }
