package eventlog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
)

// StreamName is the name of the log's stream.
const StreamName = "SWARM"

// SubjectPrefix prefixes every subject of the log.
const SubjectPrefix = "swarm.v1."

// DefaultDuplicateWindow is the stream's duplicate window: how long
// JetStream remembers a Nats-Msg-Id and drops a second publish of it.
//
// It only needs to cover a publisher's retry of one message; the ledger
// itself never forgets an accepted id (SPEC §2.3), so a retry that comes
// later is stored again and judged a duplicate, with no effect. An agent
// (agent/publisher) publishes one message at a time and waits for its
// PubAck up to AckTimeout (5 s); after a failed attempt it waits 50 ms,
// doubling to at most 2 s, and republishes the same bytes with the same id.
// A message stored whose PubAck was lost therefore comes again within about
// 7 s while NATS is reachable. Two minutes covers that many times over, and
// an outage of up to two minutes (the reliability tests' agent outage) with
// no duplicate reaching the log. It is short on purpose: at start the server
// rebuilds its dedupe index from every message inside the window, so the
// window bounds the restart's work by the last two minutes of traffic, not
// the log's age or size.
const DefaultDuplicateWindow = 2 * time.Minute

// ErrUnsafeStream is returned when an existing stream's configuration could
// lose or rewrite the log.
var ErrUnsafeStream = errors.New("eventlog: existing SWARM stream is configured unsafely")

// StreamConfig returns the stream's configuration with every field that
// matters for durability set explicitly.
func StreamConfig(replicas int, duplicateWindow time.Duration) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:              StreamName,
		Description:       "Swarm ledger event log (SPEC §2); never deleted, never purged",
		Subjects:          []string{SubjectPrefix + ">"},
		Retention:         jetstream.LimitsPolicy,
		MaxConsumers:      -1,
		MaxMsgs:           -1,
		MaxBytes:          -1,
		Discard:           jetstream.DiscardNew,
		MaxAge:            0,
		MaxMsgsPerSubject: -1,
		MaxMsgSize:        events.MaxEventBytes * 4, // oversize messages still reach the ledger as schema rejections
		Storage:           jetstream.FileStorage,
		Replicas:          replicas,
		NoAck:             false,
		Duplicates:        duplicateWindow,
		DenyDelete:        true,
		DenyPurge:         true,
		AllowRollup:       false,
		Compression:       jetstream.NoCompression,
		AllowDirect:       true,
	}
}

// EnsureStream creates the stream, or verifies that an existing one is safe.
// It never weakens an existing stream's configuration.
func EnsureStream(ctx context.Context, js jetstream.JetStream, want jetstream.StreamConfig) (jetstream.Stream, error) {
	s, err := js.Stream(ctx, want.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		s, err = js.CreateStream(ctx, want)
		if err != nil {
			return nil, fmt.Errorf("eventlog: create stream: %w", err)
		}
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("eventlog: stream info: %w", err)
	}
	if problems := unsafe(s.CachedInfo().Config, want); len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrUnsafeStream, strings.Join(problems, "; "))
	}
	return s, nil
}

// unsafe lists the ways have is weaker than want.
func unsafe(have, want jetstream.StreamConfig) []string {
	var p []string
	check := func(bad bool, format string, args ...any) {
		if bad {
			p = append(p, fmt.Sprintf(format, args...))
		}
	}
	check(have.Storage != jetstream.FileStorage, "storage is %s, want file", have.Storage)
	check(have.Retention != jetstream.LimitsPolicy, "retention is %s, want limits", have.Retention)
	check(have.MaxAge != 0, "max age %s would expire the log", have.MaxAge)
	check(have.MaxMsgs > 0 || have.MaxBytes > 0 || have.MaxMsgsPerSubject > 0, "message or byte limits would drop the log")
	check(!have.DenyDelete, "deny_delete is off")
	check(!have.DenyPurge, "deny_purge is off")
	check(have.AllowRollup, "rollups are allowed")
	check(have.NoAck, "no_ack is on")
	check(have.Duplicates < want.Duplicates, "duplicate window %s is shorter than %s", have.Duplicates, want.Duplicates)
	check(have.Replicas < want.Replicas, "replicas %d, want at least %d", have.Replicas, want.Replicas)
	check(len(have.Subjects) != 1 || have.Subjects[0] != SubjectPrefix+">", "subjects %v, want [%s>]", have.Subjects, SubjectPrefix)
	return p
}

// Subject returns the subject an event of type t from src is published on.
func Subject(t events.Type, src string) string {
	typ := strings.ReplaceAll(t.String(), ".", "_")
	switch t.Class() {
	case events.ClassNode:
		return SubjectPrefix + "node." + src + "." + typ
	case events.ClassScheduler:
		return SubjectPrefix + "sched." + src + "." + typ
	case events.ClassChain:
		return SubjectPrefix + "chain." + typ
	default:
		return SubjectPrefix + "ledger." + typ
	}
}

// HasMessage asks the stream's leader (the JetStream API, not a direct get,
// which a lagging replica may answer) whether it holds message seq. It
// returns false, nil only when the leader answers that the message is not
// there.
func HasMessage(ctx context.Context, nc *nats.Conn, stream string, seq uint64) (bool, error) {
	req, _ := json.Marshal(map[string]uint64{"seq": seq})
	msg, err := nc.RequestWithContext(ctx, "$JS.API.STREAM.MSG.GET."+stream, req)
	if err != nil {
		return false, err
	}
	var resp struct {
		Error *struct {
			Code        int    `json:"code"`
			ErrCode     int    `json:"err_code"`
			Description string `json:"description"`
		} `json:"error"`
		Message *struct {
			Seq uint64 `json:"seq"`
		} `json:"message"`
	}
	if err := json.Unmarshal(msg.Data, &resp); err != nil {
		return false, fmt.Errorf("eventlog: message get response: %w", err)
	}
	switch {
	case resp.Error != nil && resp.Error.ErrCode == int(jetstream.JSErrCodeMessageNotFound):
		return false, nil
	case resp.Error != nil:
		return false, fmt.Errorf("eventlog: message get: %d %s", resp.Error.Code, resp.Error.Description)
	case resp.Message == nil || resp.Message.Seq != seq:
		return false, fmt.Errorf("eventlog: message get %d: unexpected answer", seq)
	}
	return true, nil
}
