package aggregates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/swarm-ledger/swarm/events"
)

// Report is the epoch report of SPEC §9. Fields are declared in member-name
// order so that its JSON encoding is canonical.
type Report struct {
	Carry         string            `json:"carry"`
	Distributed   string            `json:"distributed"`
	Earners       []EarnerAmount    `json:"earners"`
	EndMs         uint64            `json:"end_ms"`
	Epoch         uint64            `json:"epoch"`
	EventsDigest  string            `json:"events_digest"`
	Jailed        []JailDecision    `json:"jailed"`
	Pool          string            `json:"pool"`
	Rejected      map[string]uint64 `json:"rejected"`
	Root          string            `json:"root"`
	Slashes       []ReportSlash     `json:"slashes"`
	StartMs       uint64            `json:"start_ms"`
	UtilizationBP uint64            `json:"utilization_bp"`
}

// EarnerAmount is one earner of a report: this epoch's amount and the
// cumulative total after it.
type EarnerAmount struct {
	Address    string `json:"address"`
	Amount     string `json:"amount"`
	Cumulative string `json:"cumulative"`
}

// JailDecision is a jail decided in the epoch.
type JailDecision struct {
	Node  string `json:"node"`
	Until uint64 `json:"until"`
}

// ReportSlash is a slash decided in the epoch.
type ReportSlash struct {
	BP       uint64 `json:"bp"`
	ID       string `json:"id"`
	Provider string `json:"provider"`
	Reason   string `json:"reason"`
}

// Canonical returns the report's canonical JSON (no trailing newline).
func (r *Report) Canonical() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		panic(err) // a Report always marshals
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Epoch returns the record of a closed epoch.
func (l *Ledger) Epoch(k uint64) (*EpochRecord, error) {
	v, ok, err := l.read(epochKey(k))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("aggregates: epoch %d is not closed", k)
	}
	return decodeEpochRecord(v)
}

// Reports returns the canonical report of every closed epoch, in order.
func (l *Ledger) Reports() ([][]byte, error) {
	out := make([][]byte, 0, l.meta.LastClosed)
	for k := uint64(1); k <= l.meta.LastClosed; k++ {
		e, err := l.Epoch(k)
		if err != nil {
			return nil, err
		}
		out = append(out, e.Report)
	}
	return out, nil
}

// lastCarry is the carry of the last closed epoch, 0 before the first.
func (l *Ledger) lastCarry() (*big.Int, error) {
	if l.meta.LastClosed == 0 {
		return new(big.Int), nil
	}
	e, err := l.Epoch(l.meta.LastClosed)
	if err != nil {
		return nil, err
	}
	return e.Carry, nil
}

// closedEpoch is Epoch inside the fold, for an epoch the state has closed:
// its record missing or not decoding is the store failing.
func (l *Ledger) closedEpoch(k uint64) *EpochRecord {
	e, err := l.Epoch(k)
	if err != nil {
		if !errors.Is(err, ErrStore) {
			err = fmt.Errorf("%w: %w", ErrStore, err)
		}
		fail(err)
	}
	return e
}

// anchored applies epoch.anchored.
func (l *Ledger) anchored(b *events.EpochAnchoredBody) events.Reason {
	if b.Epoch > l.meta.LastClosed {
		return events.BadEpoch
	}
	e := l.closedEpoch(b.Epoch)
	if e.Anchored {
		return events.BadEpoch
	}
	if e.Root.String() != b.Root {
		return events.RootMismatch
	}
	e.Anchored, e.AnchorTx, e.AnchorBlock = true, b.Tx, b.Block
	l.put(epochKey(b.Epoch), e.encode())
	return events.Accepted
}
