package projections

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/merkle"
)

// Slashes is the slashes and jails projection: every slash decided at a
// close with its due process on chain (chain.slash_proposed,
// chain.slash_vetoed and chain.slashed, matched by evidence =
// keccak256(id)), and every jail decision with its release by node.unjail.
// Chain events of an evidence no report decided change nothing here.
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
	case *events.SlashProposedBody:
		return updateSlash(tx, b.Evidence, func(s *SlashRecord) {
			s.ExecutableAt, s.ProposalTx = b.ExecutableAt, b.Tx
			if s.Status == SlashDecided {
				s.Status = SlashProposed
			}
		})
	case *events.SlashVetoedBody:
		return updateSlash(tx, b.Evidence, func(s *SlashRecord) {
			// The contract refuses a veto after execution; the log may
			// still hold one (SPEC §4.3), and an executed slash stays so.
			if s.Status != SlashExecuted {
				s.Status, s.VetoTx = SlashVetoed, b.Tx
			}
		})
	case *events.SlashedBody:
		return updateSlash(tx, b.Evidence, func(s *SlashRecord) {
			// Only chain.slashed moves stake, whatever the recorded status.
			s.Status = SlashExecuted
			s.Executed, s.Amount, s.Tx, s.Block = true, bigString(b.Amount), b.Tx, b.Block
		})
	case *events.NodeUnjailBody:
		return releaseJails(tx, r.Event.Src)
	}
	return nil
}

// defaultStatus fills the status of a record written before statuses
// existed: executed if its chain.slashed was folded, else decided.
func (s *SlashRecord) defaultStatus() {
	switch {
	case s.Status != "":
	case s.Executed:
		s.Status = SlashExecuted
	default:
		s.Status = SlashDecided
	}
}

// updateSlash changes the record of the slash with this evidence, if a
// report decided one.
func updateSlash(tx *Tx, evidence string, f func(*SlashRecord)) error {
	key, ok, err := tx.Get("x/" + evidence)
	if err != nil || !ok {
		return err
	}
	var s SlashRecord
	if _, err := getJSON(tx, string(key), &s); err != nil {
		return err
	}
	s.defaultStatus()
	f(&s)
	return putJSON(tx, string(key), s)
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
		ev := merkle.Evidence(s.ID)
		evHex := "0x" + hex.EncodeToString(ev[:])
		rec := SlashRecord{ID: s.ID, Evidence: evHex, Epoch: k, Provider: s.Provider, Reason: s.Reason, BP: s.BP, Status: SlashDecided, Detail: evidence[s.ID]}
		if err := putJSON(tx, key, rec); err != nil {
			return err
		}
		if err := tx.Set("x/"+evHex, []byte(key)); err != nil {
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
			s.defaultStatus()
			list.Slashes = append(list.Slashes, s)
			return nil
		})
	})
	return list, err
}

// Slash returns one slash by its id (e.g. "downtime:3:U…") or its
// evidence (0x + the 64 hex digits of keccak256(id)).
func (q *Queries) Slash(idOrEvidence string) (SlashRecord, error) {
	var s SlashRecord
	evidence := strings.ToLower(idOrEvidence)
	if !isEvidence(evidence) {
		ev := merkle.Evidence(idOrEvidence)
		evidence = "0x" + hex.EncodeToString(ev[:])
	}
	found := false
	err := q.eng.Read("slashes", func(r Reader) error {
		key, ok, err := r.Get("x/" + evidence)
		if err != nil || !ok {
			return err
		}
		v, ok, err := r.Get(string(key))
		if err != nil || !ok {
			return err
		}
		found = true
		return json.Unmarshal(v, &s)
	})
	if err != nil {
		return s, err
	}
	if !found {
		return s, notFound("no slash %s was decided (or the projection has not reached it)", idOrEvidence)
	}
	s.defaultStatus()
	return s, nil
}

// isEvidence reports whether s is 0x and 64 lowercase hex digits.
func isEvidence(s string) bool {
	if len(s) != 66 || s[:2] != "0x" {
		return false
	}
	_, err := hex.DecodeString(s[2:])
	return err == nil
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
