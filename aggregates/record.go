package aggregates

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/merkle"
)

// EpochRecord is what the ledger keeps of a closed epoch: its canonical
// report (SPEC §9, byte-exact: the bytes projections serve and auditors
// compare), the rewards root and total cumulative the close computed, the
// carry, and the anchoring once epoch.anchored is folded.
//
// It is the one typed form of a closed epoch for every reader: Decoded is
// the report decoded (once), Tree the rewards tree of its earners (built
// once, on demand), Anchor what settlement submits on chain. No reader
// parses the report's JSON itself. Decoded and Tree fill the record in: a
// record is for one goroutine (CommittedEpoch returns a new one per call).
type EpochRecord struct {
	Epoch           uint64
	Report          []byte // canonical report JSON
	Root            events.Hash
	TotalCumulative *big.Int
	Carry           *big.Int
	Anchored        bool
	AnchorTx        string
	AnchorBlock     uint64

	rep  *Report      // Report decoded, on demand
	tree *merkle.Tree // the rewards tree, on demand
}

// Decoded returns the epoch's report decoded (once; the result is shared
// by later calls and must not be changed).
func (e *EpochRecord) Decoded() (*Report, error) {
	if e.rep == nil {
		r, err := DecodeReport(e.Report)
		if err != nil {
			return nil, fmt.Errorf("aggregates: epoch %d: %w", e.Epoch, err)
		}
		e.rep = r
	}
	return e.rep, nil
}

// Tree returns the rewards tree of the report's earners (SPEC §7), built
// once; its root is the record's Root (ErrReportRoot otherwise).
func (e *EpochRecord) Tree() (*merkle.Tree, error) {
	if e.tree != nil {
		return e.tree, nil
	}
	r, err := e.Decoded()
	if err != nil {
		return nil, err
	}
	t, err := r.Tree()
	if err != nil {
		return nil, fmt.Errorf("aggregates: epoch %d: %w", e.Epoch, err)
	}
	if events.Hash(t.Root()) != e.Root {
		return nil, fmt.Errorf("%w: epoch %d: the earners' tree has root %s, the record %s",
			ErrReportRoot, e.Epoch, events.Hash(t.Root()), e.Root)
	}
	e.tree = t
	return t, nil
}

// Anchor returns what settlement submits on chain for the epoch: the
// record's root and total cumulative, and the report's events digest.
func (e *EpochRecord) Anchor() (Anchor, error) {
	r, err := e.Decoded()
	if err != nil {
		return Anchor{}, err
	}
	digest, err := events.ParseHash(r.EventsDigest)
	if err != nil {
		return Anchor{}, fmt.Errorf("%w: epoch %d: events_digest %q: %w", ErrBadReport, e.Epoch, r.EventsDigest, err)
	}
	return Anchor{Epoch: e.Epoch, Root: e.Root, TotalCumulative: e.TotalCumulative, EventsDigest: digest}, nil
}

// Errors of reports and records.
var (
	// ErrBadReport: report bytes that are not a well-formed SPEC §9 report.
	ErrBadReport = errors.New("aggregates: malformed epoch report")
	// ErrReportRoot: a report's earners do not hash to the root it states.
	ErrReportRoot = errors.New("aggregates: the report's earners do not hash to its root")
	// ErrRecordFormat: a stored epoch record of a format this build does
	// not know (written by a newer one).
	ErrRecordFormat = errors.New("aggregates: unknown epoch record format")
)

// DecodeReport decodes a report's JSON (the canonical bytes of
// Report.Canonical, as the ledger stores and the API serves them).
func DecodeReport(b []byte) (*Report, error) {
	r := &Report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadReport, err)
	}
	return r, nil
}

// Tree builds the rewards tree of the report's earners (SPEC §7) and
// checks that it has the root the report states (ErrReportRoot).
func (r *Report) Tree() (*merkle.Tree, error) {
	leaves := make([]merkle.Leaf, len(r.Earners))
	for i, e := range r.Earners {
		a, err := events.ParseAddress(e.Address)
		if err != nil {
			return nil, fmt.Errorf("%w: earner %q: %w", ErrBadReport, e.Address, err)
		}
		cum, ok := new(big.Int).SetString(e.Cumulative, 10)
		if !ok {
			return nil, fmt.Errorf("%w: cumulative %q of %s is not an amount", ErrBadReport, e.Cumulative, e.Address)
		}
		leaves[i] = merkle.Leaf{Earner: a, Cumulative: cum}
	}
	t, err := merkle.BuildTree(leaves)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadReport, err)
	}
	if root := events.Hash(t.Root()); root.String() != r.Root {
		return nil, fmt.Errorf("%w: the earners hash to %s, the report says %s", ErrReportRoot, root, r.Root)
	}
	return t, nil
}

// Anchor is what the rewards contract's submitRoot records for a closed
// epoch (SPEC §10.3): the epoch, the rewards root, the total cumulative and
// the events digest. The ledger's and the chain's are compared as Anchors.
type Anchor struct {
	Epoch           uint64
	Root            events.Hash
	TotalCumulative *big.Int // nil reads as 0
	EventsDigest    events.Hash
}

// Equal reports whether a and b anchor the same thing.
func (a Anchor) Equal(b Anchor) bool {
	return a.Epoch == b.Epoch && a.Root == b.Root && a.EventsDigest == b.EventsDigest &&
		bigOrZero(a.TotalCumulative).Cmp(bigOrZero(b.TotalCumulative)) == 0
}

// String is the anchor's canonical form: "epoch K root 0x… total N digest
// 0x…" (hashes as SPEC §1 hex, the total in decimal).
func (a Anchor) String() string {
	return fmt.Sprintf("epoch %d root %s total %s digest %s", a.Epoch, a.Root, bigOrZero(a.TotalCumulative), a.EventsDigest)
}

// The stored form of an EpochRecord. Format 1 is the layout every ledger
// has written so far, written bare (its first field is the epoch, ≥ 1, as
// a uvarint, so its first byte is never 0): keeping it byte-identical keeps
// existing stores readable and StateHash unchanged. A later format is
// written as 0x00, uvarint(format), then its fields; decoding refuses a
// format it does not know with ErrRecordFormat rather than misread it.
const (
	epochRecordFormat  = 1    // the format encode writes
	epochRecordVersion = 0x00 // the first byte of a record that names its format
)

func (e *EpochRecord) encode() []byte {
	var w wbuf
	w.u(e.Epoch)
	w.bytes(e.Report)
	w.bytes(e.Root[:])
	w.big(e.TotalCumulative)
	w.big(e.Carry)
	w.flag(e.Anchored)
	w.s(e.AnchorTx)
	w.u(e.AnchorBlock)
	return w
}

func decodeEpochRecord(b []byte) (*EpochRecord, error) {
	if len(b) > 0 && b[0] == epochRecordVersion {
		r := rbuf{buf: b[1:]}
		f := r.u()
		if r.bad {
			return nil, errCorrupt
		}
		// Format 1 is never written with a prefix; every prefixed format
		// is newer than this build.
		return nil, fmt.Errorf("%w: the record names format %d; this build reads format %d only", ErrRecordFormat, f, epochRecordFormat)
	}
	r := rbuf{buf: b}
	e := &EpochRecord{Epoch: r.u(), Report: r.bytes()}
	copy(e.Root[:], r.bytes())
	e.TotalCumulative, e.Carry = r.big(), r.big()
	e.Anchored, e.AnchorTx, e.AnchorBlock = r.flag(), r.s(), r.u()
	return e, r.done()
}
