package aggregates

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/swarm-ledger/swarm/events"
)

// View is a summary of the committed state. Unlike the rest of the Ledger,
// View and CommittedEpoch are safe to call from any goroutine while another
// folds: they read only what Commit has made durable.
type View struct {
	Position   uint64      // messages folded and committed
	Digest     events.Hash // event digest at Position
	LastClosed uint64      // last closed epoch, 0 before any
	PrevEndMs  uint64      // end_ms of the last closed epoch
	// LedgerSeq is the highest accepted seq of the ledger id (epoch.*
	// events); the ledger's next event uses LedgerSeq+1.
	LedgerSeq uint64
	// SlashMismatch and ClaimMismatch count chain.slashed events whose
	// amount differed from the fold's and chain.claimed events above the
	// earnings or below an earlier claim.
	SlashMismatch, ClaimMismatch uint64
}

// View returns the summary of the last commit (or of the state as opened).
func (l *Ledger) View() View {
	if v := l.view.Load(); v != nil {
		return *v
	}
	return View{}
}

// publishView records the committed state's summary; fold goroutine only.
func (l *Ledger) publishView() {
	v := &View{Position: l.meta.Position, Digest: l.meta.Digest, LastClosed: l.meta.LastClosed, PrevEndMs: l.meta.PrevEndMs,
		SlashMismatch: l.meta.SlashMismatch, ClaimMismatch: l.meta.ClaimMismatch}
	if s := l.sources[l.params.Ledger]; s != nil {
		v.LedgerSeq = s.MaxSeq
	}
	l.view.Store(v)
}

// ErrNotClosed is returned for an epoch the committed state has not closed.
var ErrNotClosed = errors.New("aggregates: epoch is not closed")

// CommittedEpoch returns the committed record of epoch k. Safe concurrently
// with the fold; a record changes only when epoch.anchored k is folded.
func (l *Ledger) CommittedEpoch(k uint64) (*EpochRecord, error) {
	v, closer, err := l.db.Get([]byte(epochKey(k)))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("%w: %d", ErrNotClosed, k)
	}
	if err != nil {
		return nil, fmt.Errorf("aggregates: read epoch %d: %w", k, err)
	}
	b := bytes.Clone(v) // the record's slices alias its buffer
	closer.Close()
	return decodeEpochRecord(b)
}
