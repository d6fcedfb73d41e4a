// Package audit proves, from an exported log (SPEC §8) and the parameters
// alone, that the roots anchored on chain are right: it replays the log,
// and compares each closed epoch's events digest, rewards root and total
// cumulative with the chain's RootSubmitted record of that epoch.
//
// Verdict rules:
//   - an epoch anchored on chain whose digest, root or total differ from the
//     replay is bad;
//   - an epoch closed in the log but not yet on chain is pending, not bad
//     (anchoring trails closing);
//   - a root on chain for an epoch after the log's last closed epoch is not
//     covered by this export (the export was taken before that epoch
//     closed): reported, not bad; an auditor who needs the whole chain
//     covered treats it as a failure (swarmctl audit
//     --require-full-coverage);
//   - a root on chain for epoch 0 is bad (no log can close it).
//
// A parameters file that is not the log's (its ledger key did not sign the
// log's epoch.closed events) is an error, ErrParamsMismatch, not a verdict:
// every epoch would otherwise look unclosed.
//
// The first bad epoch names where the log and the chain part ways: digests
// chain, so an altered, dropped or reordered line makes its own epoch the
// first bad one.
package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/settlement"
)

// ErrParamsMismatch marks a parameters file that is not the one of the
// audited log.
var ErrParamsMismatch = errors.New("audit: the parameters file does not belong to this log")

// Anchor is one RootSubmitted record.
type Anchor = chain.RootRecord

// Anchors reads every RootSubmitted log of the rewards contract.
func Anchors(ctx context.Context, b chain.Backend, a chain.Addresses) (map[uint64]Anchor, error) {
	recs, err := chain.RootRecords(ctx, b, a, 0)
	if err != nil {
		return nil, err
	}
	out := map[uint64]Anchor{}
	for _, r := range recs {
		out[r.Epoch] = r
	}
	return out, nil
}

// Row is one epoch of the audit.
type Row struct {
	Epoch        uint64
	Digest, Root string   // from the replay ("" for a root only on chain)
	Total        *big.Int // from the replay
	Chain        *Anchor  // nil: not anchored
	DigestMatch  bool
	RootMatch    bool
	TotalMatch   bool
	// Uncovered: anchored on chain after the log's last closed epoch (the
	// export predates it).
	Uncovered bool
}

// Bad reports a row that fails the audit.
func (r Row) Bad() bool {
	return r.Chain != nil && !r.Uncovered && !(r.DigestMatch && r.RootMatch && r.TotalMatch)
}

// Result is the audit of a log against a chain.
type Result struct {
	Rows     []Row  // every epoch closed in the log or anchored on chain, ascending
	FirstBad uint64 // 0 when the audit passes
}

// Pass reports whether every anchored epoch the log closed matches it.
func (r Result) Pass() bool { return r.FirstBad == 0 }

// Uncovered lists the epochs anchored on chain after the log's last closed
// epoch, ascending.
func (r Result) Uncovered() []uint64 {
	var ks []uint64
	for _, row := range r.Rows {
		if row.Uncovered {
			ks = append(ks, row.Epoch)
		}
	}
	return ks
}

// Check replays msgs with params and compares every epoch with anchors.
func Check(ctx context.Context, params *aggregates.Params, msgs [][]byte, anchors map[uint64]Anchor) (Result, error) {
	var res Result
	if err := checkSigner(params, msgs); err != nil {
		return res, err
	}
	l, err := aggregates.Open("", params)
	if err != nil {
		return res, err
	}
	defer l.Close()
	if _, err := ingest.Run(ctx, l, ingest.Messages(msgs), ingest.Options{}); err != nil {
		return res, fmt.Errorf("audit: replay: %w", err)
	}
	for k := uint64(1); k <= l.LastClosed(); k++ {
		rec, err := l.Epoch(k)
		if err != nil {
			return res, err
		}
		want, err := rec.Anchor()
		if err != nil {
			return res, fmt.Errorf("audit: %w", err)
		}
		row := Row{Epoch: k, Digest: want.EventsDigest.String(), Root: want.Root.String(), Total: want.TotalCumulative}
		if a, ok := anchors[k]; ok {
			got := settlement.ChainAnchor(a)
			row.Chain = &a
			row.DigestMatch = got.EventsDigest == want.EventsDigest
			row.RootMatch = got.Root == want.Root
			row.TotalMatch = got.TotalCumulative.Cmp(want.TotalCumulative) == 0
		}
		res.Rows = append(res.Rows, row)
	}
	var extra []uint64
	for k := range anchors {
		if k > l.LastClosed() || k == 0 {
			extra = append(extra, k)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	for _, k := range extra {
		a := anchors[k]
		res.Rows = append(res.Rows, Row{Epoch: k, Chain: &a, Uncovered: k > l.LastClosed()})
	}
	for _, r := range res.Rows {
		if r.Bad() && (res.FirstBad == 0 || r.Epoch < res.FirstBad) {
			res.FirstBad = r.Epoch
		}
	}
	return res, nil
}

// Problem describes what is wrong with a bad row.
func (r Row) Problem() string {
	switch {
	case r.Chain == nil:
		return ""
	case r.Digest == "":
		return "a root is on chain for an epoch the log never closed"
	case !r.DigestMatch:
		return fmt.Sprintf("events digest differs: log %s, chain %s", r.Digest, r.Chain.EventsDigest.Hex())
	case !r.RootMatch:
		return fmt.Sprintf("root differs: log %s, chain %s%s", r.Root, r.Chain.Root.Hex(), sameLog)
	case !r.TotalMatch:
		return fmt.Sprintf("total cumulative differs: log %s, chain %s%s", r.Total, r.Chain.TotalCumulative, sameLog)
	}
	return ""
}

// sameLog explains a root or total that differs under a matching digest.
const sameLog = " (the events digest matches, so the log is the one anchored: do the parameters' economics differ from the ledger's?)"

// checkSigner finds a log whose epoch.closed events are all signed by
// another ledger key than the parameters': the parameters are then another
// network's, and the replay would reject every close.
func checkSigner(params *aggregates.Params, msgs [][]byte) error {
	marker := []byte(`"type":"` + events.EpochClosed.String() + `"`)
	other := ""
	for _, m := range msgs {
		if !bytes.Contains(m, marker) {
			continue
		}
		d, err := events.Decode(m)
		if err != nil || d.Type != events.EpochClosed {
			continue
		}
		if d.Src == params.Ledger {
			return nil
		}
		if other == "" {
			other = d.Src
		}
	}
	if other != "" {
		return fmt.Errorf("%w: the log's epoch.closed events are signed by ledger %s, the parameters name ledger %s (wrong --params?)",
			ErrParamsMismatch, other, params.Ledger)
	}
	return nil
}
