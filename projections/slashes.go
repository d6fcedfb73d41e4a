package projections

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/settlement"
)

// Slashes is the slashes and jails projection: every slash decided at a
// close with its execution on chain (matched by evidence = keccak256(id)),
// and every jail decision with its release by node.unjail.
//
//	s/<epoch>/<index>       SlashRecord, in report order
//	x/<evidence>            the s/ key of the slash with that evidence
//	j/<epoch>/<node>        JailRecord
//	n/<node>/<epoch>        marker: the node's jails, by epoch
//	m                       slashesMeta
type Slashes struct{}

type slashesMeta struct {
	LastClosed uint64 `json:"last_closed"`
}

// Name implements Projection.
func (Slashes) Name() string { return "slashes" }

// Apply implements Projection.
func (Slashes) Apply(tx *Tx, r Record) error {
	if !r.Accepted() {
		return nil
	}
	switch b := r.Event.Body.(type) {
	case *events.EpochClosedBody:
		return closeSlashes(tx, b.Epoch)
	case *events.SlashedBody:
		key, ok, err := tx.Get("x/" + b.Evidence)
		if err != nil || !ok {
			return err
		}
		var s SlashRecord
		if _, err := getJSON(tx, string(key), &s); err != nil {
			return err
		}
		s.Executed, s.Amount, s.Tx, s.Block = true, bigString(b.Amount), b.Tx, b.Block
		return putJSON(tx, string(key), s)
	case *events.NodeUnjailBody:
		return releaseJails(tx, r.Event.Src)
	}
	return nil
}

func closeSlashes(tx *Tx, k uint64) error {
	rep, err := reportOf(tx.Ledger(), k)
	if err != nil {
		return err
	}
	evidence, err := slashEvidence(tx.Ledger(), k)
	if err != nil {
		return err
	}
	for i, s := range rep.Slashes {
		key := "s/" + be8(k) + "/" + string(binary.BigEndian.AppendUint32(nil, uint32(i)))
		ev := settlement.Evidence(s.ID)
		rec := SlashRecord{ID: s.ID, Epoch: k, Provider: s.Provider, Reason: s.Reason, BP: s.BP, Evidence: evidence[s.ID]}
		if err := putJSON(tx, key, rec); err != nil {
			return err
		}
		if err := tx.Set("x/0x"+hex.EncodeToString(ev[:]), []byte(key)); err != nil {
			return err
		}
	}
	for _, j := range rep.Jailed {
		if err := putJSON(tx, "j/"+be8(k)+"/"+j.Node, JailRecord{Node: j.Node, Epoch: k, Until: j.Until}); err != nil {
			return err
		}
		if err := tx.Set("n/"+j.Node+"/"+be8(k), nil); err != nil {
			return err
		}
	}
	return putJSON(tx, "m", slashesMeta{LastClosed: k})
}

// slashEvidence maps the id of each slash decided in epoch k to its
// evidence, from the ledger's committed statement (empty for a state folded
// before the ledger kept statements).
func slashEvidence(l Ledger, k uint64) (map[string]*SlashEvidence, error) {
	out := map[string]*SlashEvidence{}
	st, err := l.CommittedStatement(k)
	if errors.Is(err, aggregates.ErrNoStatement) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, p := range st.Providers {
		for _, s := range p.Slashes {
			e := s.Evidence
			switch s.Reason {
			case aggregates.ReasonEquivocation:
				out[s.ID] = &SlashEvidence{Accepted: e.Accepted.String(), Conflicting: e.Conflicting.String(), Node: e.Node, Seq: e.Seq}
			case aggregates.ReasonDowntime:
				out[s.ID] = &SlashEvidence{Expected: e.Expected, Heartbeats: &e.Heartbeats, Node: e.Node}
			default:
				out[s.ID] = &SlashEvidence{Tasks: e.Tasks}
			}
		}
	}
	return out, nil
}

// releaseJails marks a node's unreleased jails released in the current
// epoch.
func releaseJails(tx *Tx, node string) error {
	var m slashesMeta
	if _, err := getJSON(tx, "m", &m); err != nil {
		return err
	}
	var keys []string
	if err := tx.Scan("n/"+node+"/", func(k string, _ []byte) error {
		keys = append(keys, "j/"+k[len("n/"+node+"/"):]+"/"+node)
		return nil
	}); err != nil {
		return err
	}
	for _, key := range keys {
		var j JailRecord
		if _, err := getJSON(tx, key, &j); err != nil {
			return err
		}
		if !j.Released {
			j.Released, j.ReleasedEpoch = true, m.LastClosed+1
			if err := putJSON(tx, key, j); err != nil {
				return err
			}
		}
	}
	return nil
}

// SlashFilter selects slashes. Cursor, when set, is a page's Next and
// overrides From.
type SlashFilter struct {
	Provider string
	Reason   string
	From     uint64 // first epoch
	Cursor   string
	Limit    int
}

// SlashesPage lists slashes in epoch and report order.
func (q *Queries) SlashesPage(f SlashFilter) (SlashList, error) {
	list := SlashList{Slashes: []SlashRecord{}}
	start, err := startKey(f.Cursor, f.From)
	if err != nil {
		return list, err
	}
	err = q.eng.Read("slashes", func(r Reader) error {
		return r.ScanFrom("s/", start, func(k string, v []byte) error {
			var s SlashRecord
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			if (f.Provider != "" && s.Provider != f.Provider) || (f.Reason != "" && s.Reason != f.Reason) {
				return nil
			}
			if len(list.Slashes) == f.Limit {
				list.Next = hex.EncodeToString([]byte(k[2:]))
				return errStop
			}
			list.Slashes = append(list.Slashes, s)
			return nil
		})
	})
	return list, err
}

// JailFilter selects jails. Cursor, when set, is a page's Next and
// overrides From.
type JailFilter struct {
	Node   string
	Active bool // only jails not released
	From   uint64
	Cursor string
	Limit  int
}

// JailsPage lists jail decisions in epoch order.
func (q *Queries) JailsPage(f JailFilter) (JailList, error) {
	list := JailList{Jails: []JailRecord{}}
	start, err := startKey(f.Cursor, f.From)
	if err != nil {
		return list, err
	}
	err = q.eng.Read("slashes", func(r Reader) error {
		return r.ScanFrom("j/", start, func(k string, v []byte) error {
			var j JailRecord
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if (f.Node != "" && j.Node != f.Node) || (f.Active && j.Released) {
				return nil
			}
			if len(list.Jails) == f.Limit {
				list.Next = hex.EncodeToString([]byte(k[2:]))
				return errStop
			}
			list.Jails = append(list.Jails, j)
			return nil
		})
	})
	return list, err
}

// startKey is where a page starts: the cursor (hex of a key) or an epoch.
func startKey(cursor string, from uint64) (string, error) {
	if cursor == "" {
		return be8(from), nil
	}
	k, err := hex.DecodeString(cursor)
	if err != nil || len(k) < 8 {
		return "", badRequest("cursor %q: not a cursor this API returned", cursor)
	}
	return string(k), nil
}
