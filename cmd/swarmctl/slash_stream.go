package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/projections"
)

// streamMsg is one message of the SWARM stream.
type streamMsg struct {
	seq     uint64
	subject string
	data    []byte
}

// findMessages reads the stream's messages on subject (a filter, ">"
// wildcards allowed) from the first and returns those whose keccak256
// (SPEC §9.1's message hash) is wanted, stopping once all are found or the
// stream's end (as of the read) is reached.
func findMessages(ctx context.Context, s jetstream.Stream, subject string, want []events.Hash) (map[events.Hash]streamMsg, error) {
	found := map[events.Hash]streamMsg{}
	wanted := map[events.Hash]bool{}
	for _, h := range want {
		wanted[h] = true
	}
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}, DeliverPolicy: jetstream.DeliverAllPolicy})
	if err != nil {
		return nil, fmt.Errorf("stream %s: consumer on %s: %w", eventlog.StreamName, subject, err)
	}
	for len(found) < len(wanted) {
		batch, err := cons.Fetch(512, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return nil, fmt.Errorf("stream %s: read %s: %w", eventlog.StreamName, subject, err)
		}
		n := 0
		var pending uint64
		for m := range batch.Messages() {
			n++
			meta, err := m.Metadata()
			if err != nil {
				return nil, fmt.Errorf("stream %s: %w", eventlog.StreamName, err)
			}
			pending = meta.NumPending
			if h := events.MessageHash(m.Data()); wanted[h] {
				if _, dup := found[h]; !dup {
					found[h] = streamMsg{seq: meta.Sequence.Stream, subject: m.Subject(), data: m.Data()}
				}
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return nil, fmt.Errorf("stream %s: read %s: %w", eventlog.StreamName, subject, err)
		}
		if n == 0 || pending == 0 {
			break
		}
	}
	return found, nil
}

// printEquivocationMessages fetches the two messages of an equivocation
// slash from the SWARM stream at natsURL: first on the node's subjects,
// then, when none is there (the log may carry them elsewhere, as an
// exported log replayed onto one subject does), over the whole stream. If
// NATS cannot be read it warns on errw and prints nothing more: the rest
// of the slash is already printed.
func printEquivocationMessages(ctx context.Context, w, errw io.Writer, natsURL string, d *projections.SlashEvidence, sec ...nats.Option) error {
	accepted, err := events.ParseHash(d.Accepted)
	if err != nil {
		return fmt.Errorf("%w: %w", errAPI, err)
	}
	conflicting, err := events.ParseHash(d.Conflicting)
	if err != nil {
		return fmt.Errorf("%w: %w", errAPI, err)
	}
	warn := func(err error) error {
		_, werr := fmt.Fprintf(errw, "warning: the conflicting messages were not read from the stream: %v\n", err)
		return werr
	}
	nc, _, s, err := connectStream(ctx, natsURL, append(sec, nats.NoReconnect())...)
	if err != nil {
		return warn(err)
	}
	defer nc.Close()
	want := []events.Hash{accepted, conflicting}
	found, err := findMessages(ctx, s, eventlog.SubjectPrefix+"node."+d.Node+".>", want)
	if err == nil && len(found) == 0 {
		found, err = findMessages(ctx, s, eventlog.SubjectPrefix+">", want)
	}
	if err != nil {
		return warn(err)
	}
	for _, m := range []struct {
		name string
		hash events.Hash
	}{{"accepted", accepted}, {"conflicting", conflicting}} {
		msg, ok := found[m.hash]
		if !ok {
			if _, err := fmt.Fprintf(w, "%s message %s: not in the stream\n", m.name, m.hash); err != nil {
				return err
			}
			continue
		}
		text, enc := messageText(msg.data)
		if _, err := fmt.Fprintf(w, "%s message %s: stream seq %d, subject %s (%s):\n%s\n", m.name, m.hash, msg.seq, msg.subject, enc, text); err != nil {
			return err
		}
	}
	return nil
}

// messageText is a message as printed: its bytes when they are printable
// UTF-8 (a signed event is canonical JSON), else base64.
func messageText(b []byte) (string, string) {
	if !utf8.Valid(b) {
		return base64.StdEncoding.EncodeToString(b), "base64"
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) && r != ' ' {
			return base64.StdEncoding.EncodeToString(b), "base64"
		}
	}
	return string(b), "canonical JSON"
}
