package projections

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/swarm-ledger/swarm/aggregates"
)

// Statements (SPEC §9.1) are computed and kept by the ledger at each epoch
// close; the epochs projection indexes each provider's and each earner's
// part of them, newest epoch first, so a provider or staker can page
// through its own history without reading whole statements.

// ProviderEpochStatement is a provider's part of one epoch's statement:
// exactly its member of the statement's providers list.
type ProviderEpochStatement struct {
	Epoch     uint64          `json:"epoch"`
	Statement json.RawMessage `json:"statement"`
}

// ProviderStatements is GET /v1/providers/{address}/statements?cursor=C&limit=N,
// newest epoch first. Next, when set, is the cursor of the next (older) page.
type ProviderStatements struct {
	Provider   string                   `json:"provider"`
	LastClosed uint64                   `json:"last_closed"`
	Statements []ProviderEpochStatement `json:"statements"`
	Next       string                   `json:"next,omitempty"`
}

// EarnerAsProvider is what an earner earned as a provider in an epoch:
// reward_p, its commission and provider_amount (commission + the remainder
// of R after the stakers' cuts).
type EarnerAsProvider struct {
	Reward         string `json:"reward"`
	Commission     string `json:"commission"`
	ProviderAmount string `json:"provider_amount"`
}

// EarnerStake is what an earner earned as a staker of one provider in an
// epoch: amount = ⌊(reward − commission) · active / active_stake⌋.
type EarnerStake struct {
	Provider    string `json:"provider"`
	Reward      string `json:"reward"`       // the provider's reward_p
	Commission  string `json:"commission"`   // the provider's commission
	ActiveStake string `json:"active_stake"` // the provider's A_p
	Active      string `json:"active"`       // this staker's a_{s,p}
	Amount      string `json:"amount"`
}

// EarnerEpochStatement is one earner's part of one epoch's statement.
// Amount is the sum of its provider_amount and stake amounts: its amount in
// the epoch's report.
type EarnerEpochStatement struct {
	Epoch    uint64            `json:"epoch"`
	Amount   string            `json:"amount"`
	Provider *EarnerAsProvider `json:"provider,omitempty"`
	Stakes   []EarnerStake     `json:"stakes"`
}

// EarnerStatements is GET /v1/earners/{address}/statements?cursor=C&limit=N,
// newest epoch first. Next, when set, is the cursor of the next (older) page.
type EarnerStatements struct {
	Address    string                 `json:"address"`
	LastClosed uint64                 `json:"last_closed"`
	Statements []EarnerEpochStatement `json:"statements"`
	Next       string                 `json:"next,omitempty"`
}

// newestFirst is the index key suffix of epoch k: later epochs sort first.
func newestFirst(k uint64) string { return be8(^k) }

// indexStatement writes the provider and earner parts of epoch k's
// statement, read from the ledger's committed state.
func indexStatement(tx *Tx, k uint64) error {
	st, err := tx.Ledger().CommittedStatement(k)
	if errors.Is(err, aggregates.ErrNoStatement) {
		// A state folded before the ledger kept statements: nothing to index
		// (the epoch's statement endpoint answers 404).
		return nil
	}
	if err != nil {
		return err
	}
	earners := map[string]*EarnerEpochStatement{}
	earner := func(addr string) *EarnerEpochStatement {
		e := earners[addr]
		if e == nil {
			e = &EarnerEpochStatement{Epoch: k, Stakes: []EarnerStake{}}
			earners[addr] = e
		}
		return e
	}
	for i := range st.Providers {
		p := &st.Providers[i]
		// Kept byte for byte as the statement writes it: no HTML escaping.
		var v bytes.Buffer
		enc := json.NewEncoder(&v)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ProviderEpochStatement{Epoch: k, Statement: p.Canonical()}); err != nil {
			return err
		}
		if err := tx.Set("p/"+p.Provider+"/"+newestFirst(k), bytes.TrimSuffix(v.Bytes(), []byte("\n"))); err != nil {
			return err
		}
		if p.Reward.Sign() > 0 || p.ProviderAmount.Sign() > 0 {
			earner(p.Provider).Provider = &EarnerAsProvider{Reward: p.Reward.String(), Commission: p.Commission.String(),
				ProviderAmount: p.ProviderAmount.String()}
		}
		for _, s := range p.Stakers {
			e := earner(s.Address)
			e.Stakes = append(e.Stakes, EarnerStake{Provider: p.Provider, Reward: p.Reward.String(),
				Commission: p.Commission.String(), ActiveStake: p.ActiveStake.String(), Active: s.Active.String(),
				Amount: s.Amount.String()})
		}
	}
	for _, addr := range slices.Sorted(maps.Keys(earners)) {
		e := earners[addr]
		total := new(big.Int)
		if e.Provider != nil {
			total.Add(total, amount(e.Provider.ProviderAmount))
		}
		for _, s := range e.Stakes {
			total.Add(total, amount(s.Amount))
		}
		e.Amount = total.String()
		if err := putJSON(tx, "a/"+addr+"/"+newestFirst(k), e); err != nil {
			return err
		}
	}
	return nil
}

// EpochStatement returns epoch k's statement line (SPEC §9.1), as the
// ledger committed it, once the epochs projection has the epoch.
func (q *Queries) EpochStatement(k uint64) (json.RawMessage, error) {
	if _, err := q.Epoch(k); err != nil {
		return nil, err
	}
	st, err := q.ledger.CommittedStatement(k)
	if errors.Is(err, aggregates.ErrNoStatement) {
		return nil, notFound("epoch %d has no statement", k)
	}
	if err != nil {
		return nil, err
	}
	return st.Canonical(), nil
}

// statementCursor is the index key a page starts at.
func statementCursor(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	k, err := hex.DecodeString(cursor)
	if err != nil || len(k) != 8 {
		return "", badRequest("cursor %q: not a cursor this API returned", cursor)
	}
	return string(k), nil
}

// statementPage scans one address's index from the cursor, newest first.
func (q *Queries) statementPage(prefix, cursor string, limit int, each func(v []byte) error) (last uint64, next string, err error) {
	start, err := statementCursor(cursor)
	if err != nil {
		return 0, "", err
	}
	n := 0
	err = q.eng.Read("epochs", func(r Reader) error {
		var m epochsMeta
		if _, err := getJSON(r, "m", &m); err != nil {
			return err
		}
		last = m.LastClosed
		return r.ScanFrom(prefix, start, func(k string, v []byte) error {
			if n == limit {
				next = hex.EncodeToString([]byte(k[len(prefix):]))
				return errStop
			}
			n++
			return each(v)
		})
	})
	return last, next, err
}

// ProviderStatementsPage lists a provider's part of each epoch's
// statement, newest first.
func (q *Queries) ProviderStatementsPage(provider, cursor string, limit int) (ProviderStatements, error) {
	out := ProviderStatements{Provider: provider, Statements: []ProviderEpochStatement{}}
	var err error
	out.LastClosed, out.Next, err = q.statementPage("p/"+provider+"/", cursor, limit, func(v []byte) error {
		var s ProviderEpochStatement
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("provider statement: %w", err)
		}
		out.Statements = append(out.Statements, s)
		return nil
	})
	return out, err
}

// EarnerStatementsPage lists an earner's part of each epoch's statement,
// newest first.
func (q *Queries) EarnerStatementsPage(addr, cursor string, limit int) (EarnerStatements, error) {
	out := EarnerStatements{Address: addr, Statements: []EarnerEpochStatement{}}
	var err error
	out.LastClosed, out.Next, err = q.statementPage("a/"+addr+"/", cursor, limit, func(v []byte) error {
		var s EarnerEpochStatement
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("earner statement: %w", err)
		}
		out.Statements = append(out.Statements, s)
		return nil
	})
	return out, err
}
