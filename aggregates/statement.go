package aggregates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/swarm-ledger/swarm/events"
)

// Statement is the epoch statement of SPEC §9.1: every intermediate value of
// an epoch close (§5) and of its slashing (§6), per provider. The close
// builds it from the quantities it computes anyway and stores it with the
// epoch; Canonical writes SPEC's line.
type Statement struct {
	Epoch     uint64
	Network   NetworkStatement
	Providers []ProviderStatement // ascending provider
}

// NetworkStatement is the network part of a statement.
type NetworkStatement struct {
	Seconds            *big.Rat // D
	ExpectedHeartbeats uint64   // E
	Compute            *big.Rat // ΣC
	Avail              *big.Rat // ΣA
	Utilization        *big.Rat // U
	CarryIn            *big.Int
	Pool               *big.Int
	Distributed        *big.Int
	Carry              *big.Int

	deltaMs uint64 // end_ms − start_ms: D is stored as this integer
}

// ProviderStatement is one provider's part of a statement.
type ProviderStatement struct {
	Provider       string
	Nodes          []NodeStatement // p's nodes at close, ascending id
	Completed      uint64          // C_p
	Failed         uint64          // F_p
	GPUs           uint64          // G_p
	Compute        *big.Rat
	Avail          *big.Rat
	Reliability    *big.Rat
	ActiveStake    *big.Int // A_p
	RequiredStake  *big.Int // req_p
	StakeFactor    *big.Rat
	Share          *big.Rat
	Reward         *big.Int
	Commission     *big.Int
	Stakers        []StakerStatement // a_{s,p} > 0, ascending
	ProviderAmount *big.Int          // commission + the remainder of R
	Slashes        []StatementSlash  // decided against p in the epoch, report order
}

// NodeStatement is one node at close. Only the integers are stored (the
// close writes hundreds of nodes per epoch and should not build three
// rationals for each): Uptime, Weight and Avail are derived from them and
// the network's D and E when the statement is read.
type NodeStatement struct {
	Node         string
	Jailed       bool
	Heartbeats   uint64
	Uptime       *big.Rat // min(1, hb/E), 0 if E = 0
	VerifiedGPUs uint64
	Weight       *big.Rat // Σ_{g∈V_n} w(g)
	Avail        *big.Rat // 0 if jailed, else weight · uptime · D

	weightMilli *big.Int // Weight × 1000
}

// StakerStatement is one staker's active stake with a provider and its cut.
type StakerStatement struct {
	Address string
	Active  *big.Int
	Amount  *big.Int
}

// StatementSlash is a slash decided against a provider, with its evidence.
type StatementSlash struct {
	ID       string
	Reason   string
	BP       uint64
	Evidence Evidence
}

// Evidence is what a slash was decided on (SPEC §9.1); which members apply
// depends on the slash's reason.
type Evidence struct {
	Node        string      // equivocation, downtime
	Seq         uint64      // equivocation
	Accepted    events.Hash // equivocation: hash of the accepted event of the id
	Conflicting events.Hash // equivocation: hash of the rejected message
	Heartbeats  uint64      // downtime: hb_n
	Expected    uint64      // downtime: E
	Tasks       []string    // faults: task ids counted in F_p, log order
}

// Slash reasons.
const (
	ReasonEquivocation = "equivocation"
	ReasonDowntime     = "downtime"
	ReasonFaults       = "faults"
)

// ErrNoStatement is returned for an epoch without a stored statement.
var ErrNoStatement = errors.New("aggregates: no statement for epoch")

// statementFormat versions the stored encoding.
const statementFormat = 1

func statementKey(epoch uint64) string { return pfxStatement + epochKey(epoch)[len(pfxReport):] }

// Statement returns the statement of closed epoch k (fold goroutine).
func (l *Ledger) Statement(k uint64) (*Statement, error) {
	v, ok, err := l.read(statementKey(k))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w %d", ErrNoStatement, k)
	}
	return decodeStatement(v)
}

// Statements returns the statement of every closed epoch, in order.
func (l *Ledger) Statements() ([]*Statement, error) {
	out := make([]*Statement, 0, l.meta.LastClosed)
	for k := uint64(1); k <= l.meta.LastClosed; k++ {
		s, err := l.Statement(k)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// CommittedStatement returns the committed statement of epoch k. Safe
// concurrently with the fold; a statement never changes once written.
func (l *Ledger) CommittedStatement(k uint64) (*Statement, error) {
	v, ok, err := l.committedGet(statementKey(k))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w %d: %w", ErrNoStatement, k, ErrNotClosed)
	}
	return decodeStatement(v)
}

// Provider returns p's part of the statement, nil when p is not listed.
func (s *Statement) Provider(p string) *ProviderStatement {
	for i := range s.Providers {
		if s.Providers[i].Provider == p {
			return &s.Providers[i]
		}
	}
	return nil
}

// derive computes a stored node's rationals as SPEC §5 defines them (the
// close computes avail_n the same way, as an integer over 10^6·E).
func (n *NodeStatement) derive(net *NetworkStatement) {
	e := new(big.Int).SetUint64(net.ExpectedHeartbeats)
	n.Weight = new(big.Rat).SetFrac(n.weightMilli, big.NewInt(1000))
	n.Uptime, n.Avail = new(big.Rat), new(big.Rat)
	if e.Sign() == 0 {
		return
	}
	up := new(big.Int).SetUint64(min(n.Heartbeats, net.ExpectedHeartbeats))
	n.Uptime.SetFrac(up, e)
	if !n.Jailed {
		num := new(big.Int).Mul(n.weightMilli, up)
		num.Mul(num, new(big.Int).SetUint64(net.deltaMs))
		n.Avail.SetFrac(num, new(big.Int).Mul(e, big.NewInt(1_000_000)))
	}
}

// ratString writes a rational as "n/d" in lowest terms (big.Rat is kept
// normalized), "0/1" for zero.
func ratString(r *big.Rat) string {
	if r == nil {
		return "0/1"
	}
	return r.String()
}

func amountString(v *big.Int) string { return bigOrZero(v).String() }

// The JSON shapes below declare members in name order, so encoding/json
// writes them canonically.
type (
	jsonStatement struct {
		Epoch     uint64         `json:"epoch"`
		Network   jsonNetwork    `json:"network"`
		Providers []jsonProvider `json:"providers"`
	}
	jsonNetwork struct {
		Avail              string `json:"avail"`
		Carry              string `json:"carry"`
		CarryIn            string `json:"carry_in"`
		Compute            string `json:"compute"`
		Distributed        string `json:"distributed"`
		ExpectedHeartbeats uint64 `json:"expected_heartbeats"`
		Pool               string `json:"pool"`
		Seconds            string `json:"seconds"`
		Utilization        string `json:"utilization"`
	}
	jsonProvider struct {
		ActiveStake    string       `json:"active_stake"`
		Avail          string       `json:"avail"`
		Commission     string       `json:"commission"`
		Completed      uint64       `json:"completed"`
		Compute        string       `json:"compute"`
		Failed         uint64       `json:"failed"`
		GPUs           uint64       `json:"gpus"`
		Nodes          []jsonNode   `json:"nodes"`
		Provider       string       `json:"provider"`
		ProviderAmount string       `json:"provider_amount"`
		Reliability    string       `json:"reliability"`
		RequiredStake  string       `json:"required_stake"`
		Reward         string       `json:"reward"`
		Share          string       `json:"share"`
		Slashes        []jsonSlash  `json:"slashes"`
		StakeFactor    string       `json:"stake_factor"`
		Stakers        []jsonStaker `json:"stakers"`
	}
	jsonNode struct {
		Avail        string `json:"avail"`
		Heartbeats   uint64 `json:"heartbeats"`
		Jailed       bool   `json:"jailed"`
		Node         string `json:"node"`
		Uptime       string `json:"uptime"`
		VerifiedGPUs uint64 `json:"verified_gpus"`
		Weight       string `json:"weight"`
	}
	jsonStaker struct {
		Active  string `json:"active"`
		Address string `json:"address"`
		Amount  string `json:"amount"`
	}
	jsonSlash struct {
		BP       uint64 `json:"bp"`
		Evidence any    `json:"evidence"`
		ID       string `json:"id"`
		Reason   string `json:"reason"`
	}
	jsonEquivocation struct {
		Accepted    string `json:"accepted"`
		Conflicting string `json:"conflicting"`
		Node        string `json:"node"`
		Seq         uint64 `json:"seq"`
	}
	jsonDowntime struct {
		Expected   uint64 `json:"expected"`
		Heartbeats uint64 `json:"heartbeats"`
		Node       string `json:"node"`
	}
	jsonFaults struct {
		Tasks []string `json:"tasks"`
	}
)

// EvidenceJSON returns the SPEC §9.1 evidence object of a slash of reason.
func (e *Evidence) EvidenceJSON(reason string) any {
	switch reason {
	case ReasonEquivocation:
		return jsonEquivocation{Accepted: e.Accepted.String(), Conflicting: e.Conflicting.String(), Node: e.Node, Seq: e.Seq}
	case ReasonDowntime:
		return jsonDowntime{Expected: e.Expected, Heartbeats: e.Heartbeats, Node: e.Node}
	}
	tasks := e.Tasks
	if tasks == nil {
		tasks = []string{}
	}
	return jsonFaults{Tasks: tasks}
}

func (p *ProviderStatement) toJSON() jsonProvider {
	out := jsonProvider{
		ActiveStake: amountString(p.ActiveStake), Avail: ratString(p.Avail), Commission: amountString(p.Commission),
		Completed: p.Completed, Compute: ratString(p.Compute), Failed: p.Failed, GPUs: p.GPUs,
		Nodes: []jsonNode{}, Provider: p.Provider, ProviderAmount: amountString(p.ProviderAmount),
		Reliability: ratString(p.Reliability), RequiredStake: amountString(p.RequiredStake),
		Reward: amountString(p.Reward), Share: ratString(p.Share), Slashes: []jsonSlash{},
		StakeFactor: ratString(p.StakeFactor), Stakers: []jsonStaker{},
	}
	for _, n := range p.Nodes {
		out.Nodes = append(out.Nodes, jsonNode{Avail: ratString(n.Avail), Heartbeats: n.Heartbeats, Jailed: n.Jailed,
			Node: n.Node, Uptime: ratString(n.Uptime), VerifiedGPUs: n.VerifiedGPUs, Weight: ratString(n.Weight)})
	}
	for _, s := range p.Stakers {
		out.Stakers = append(out.Stakers, jsonStaker{Active: amountString(s.Active), Address: s.Address, Amount: amountString(s.Amount)})
	}
	for _, s := range p.Slashes {
		out.Slashes = append(out.Slashes, jsonSlash{BP: s.BP, Evidence: s.Evidence.EvidenceJSON(s.Reason), ID: s.ID, Reason: s.Reason})
	}
	return out
}

func canonicalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // the JSON shapes always marshal
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Canonical returns the statement's SPEC §9.1 line (no trailing newline).
func (s *Statement) Canonical() []byte {
	n := &s.Network
	out := jsonStatement{Epoch: s.Epoch, Providers: []jsonProvider{}, Network: jsonNetwork{
		Avail: ratString(n.Avail), Carry: amountString(n.Carry), CarryIn: amountString(n.CarryIn),
		Compute: ratString(n.Compute), Distributed: amountString(n.Distributed),
		ExpectedHeartbeats: n.ExpectedHeartbeats, Pool: amountString(n.Pool), Seconds: ratString(n.Seconds),
		Utilization: ratString(n.Utilization),
	}}
	for i := range s.Providers {
		out.Providers = append(out.Providers, s.Providers[i].toJSON())
	}
	return canonicalJSON(out)
}

// EvidenceCanonical returns the slash's evidence object as the statement
// writes it.
func (s *StatementSlash) EvidenceCanonical() []byte {
	return canonicalJSON(s.Evidence.EvidenceJSON(s.Reason))
}

// Canonical returns one provider's member of the statement's providers
// list, as Statement.Canonical writes it.
func (p *ProviderStatement) Canonical() []byte { return canonicalJSON(p.toJSON()) }

// Encoding. Rationals are stored as numerator and denominator; a statement
// is written once, at its epoch's close.

func (w *wbuf) rat(r *big.Rat) {
	if r == nil {
		r = new(big.Rat)
	}
	w.big(r.Num())
	w.big(r.Denom())
}

func (r *rbuf) rat() *big.Rat {
	num, den := r.big(), r.big()
	if den.Sign() <= 0 {
		r.bad = true
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac(num, den)
}

func (s *Statement) encode() []byte {
	var w wbuf
	w.u(statementFormat)
	w.u(s.Epoch)
	n := &s.Network
	w.u(n.deltaMs)
	w.u(n.ExpectedHeartbeats)
	w.rat(n.Compute)
	w.rat(n.Avail)
	w.rat(n.Utilization)
	w.big(n.CarryIn)
	w.big(n.Pool)
	w.big(n.Distributed)
	w.big(n.Carry)
	w.u(uint64(len(s.Providers)))
	for i := range s.Providers {
		s.Providers[i].encode(&w)
	}
	return w
}

func (p *ProviderStatement) encode(w *wbuf) {
	w.s(p.Provider)
	w.u(uint64(len(p.Nodes)))
	for _, n := range p.Nodes {
		w.s(n.Node)
		w.flag(n.Jailed)
		w.u(n.Heartbeats)
		w.u(n.VerifiedGPUs)
		w.big(n.weightMilli)
	}
	w.u(p.Completed)
	w.u(p.Failed)
	w.u(p.GPUs)
	w.rat(p.Compute)
	w.rat(p.Avail)
	w.rat(p.Reliability)
	w.big(p.ActiveStake)
	w.big(p.RequiredStake)
	w.rat(p.StakeFactor)
	w.rat(p.Share)
	w.big(p.Reward)
	w.big(p.Commission)
	w.u(uint64(len(p.Stakers)))
	for _, s := range p.Stakers {
		w.s(s.Address)
		w.big(s.Active)
		w.big(s.Amount)
	}
	w.big(p.ProviderAmount)
	w.u(uint64(len(p.Slashes)))
	for _, s := range p.Slashes {
		w.s(s.ID)
		w.s(s.Reason)
		w.u(s.BP)
		s.Evidence.encode(w)
	}
}

func (e *Evidence) encode(w *wbuf) {
	w.s(e.Node)
	w.u(e.Seq)
	w.bytes(e.Accepted[:])
	w.bytes(e.Conflicting[:])
	w.u(e.Heartbeats)
	w.u(e.Expected)
	w.u(uint64(len(e.Tasks)))
	for _, t := range e.Tasks {
		w.s(t)
	}
}

func (r *rbuf) evidence() Evidence {
	e := Evidence{Node: r.s(), Seq: r.u()}
	r.hash(&e.Accepted)
	r.hash(&e.Conflicting)
	e.Heartbeats, e.Expected = r.u(), r.u()
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		e.Tasks = append(e.Tasks, r.s())
	}
	return e
}

func (r *rbuf) hash(h *events.Hash) {
	b := r.bytes()
	if len(b) != len(h) {
		r.bad = true
		return
	}
	copy(h[:], b)
}

func decodeStatement(b []byte) (*Statement, error) {
	r := rbuf{buf: b}
	if v := r.u(); v != statementFormat {
		return nil, fmt.Errorf("%w: statement format %d", errCorrupt, v)
	}
	s := &Statement{Epoch: r.u()}
	n := &s.Network
	n.deltaMs, n.ExpectedHeartbeats = r.u(), r.u()
	n.Seconds = new(big.Rat).SetFrac(new(big.Int).SetUint64(n.deltaMs), big.NewInt(1000))
	n.Compute, n.Avail, n.Utilization = r.rat(), r.rat(), r.rat()
	n.CarryIn, n.Pool, n.Distributed, n.Carry = r.big(), r.big(), r.big(), r.big()
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		s.Providers = append(s.Providers, r.provider(n))
	}
	return s, r.done()
}

func (r *rbuf) provider(net *NetworkStatement) ProviderStatement {
	p := ProviderStatement{Provider: r.s()}
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		n := NodeStatement{Node: r.s(), Jailed: r.flag(), Heartbeats: r.u(), VerifiedGPUs: r.u(), weightMilli: r.big()}
		n.derive(net)
		p.Nodes = append(p.Nodes, n)
	}
	p.Completed, p.Failed, p.GPUs = r.u(), r.u(), r.u()
	p.Compute, p.Avail, p.Reliability = r.rat(), r.rat(), r.rat()
	p.ActiveStake, p.RequiredStake = r.big(), r.big()
	p.StakeFactor, p.Share = r.rat(), r.rat()
	p.Reward, p.Commission = r.big(), r.big()
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		p.Stakers = append(p.Stakers, StakerStatement{Address: r.s(), Active: r.big(), Amount: r.big()})
	}
	p.ProviderAmount = r.big()
	for i, k := 0, r.u(); uint64(i) < k && !r.bad; i++ {
		p.Slashes = append(p.Slashes, StatementSlash{ID: r.s(), Reason: r.s(), BP: r.u(), Evidence: r.evidence()})
	}
	return p
}

// ErrBadStatement is returned by ParseStatement for a line that is not a
// statement as Canonical writes it.
var ErrBadStatement = errors.New("aggregates: not a statement line")

// statementIn mirrors the line for decoding; evidence is decoded by reason.
type statementIn struct {
	jsonStatement
	Providers []struct {
		jsonProvider
		Slashes []struct {
			jsonSlash
			Evidence json.RawMessage `json:"evidence"`
		} `json:"slashes"`
	} `json:"providers"`
}

// ParseStatement reads a statement line (SPEC §9.1) back into a Statement:
// what a client of the API does. It re-encodes the result and requires the
// same bytes, so a line that is not canonical is refused.
func ParseStatement(line []byte) (*Statement, error) {
	var in statementIn
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadStatement, err)
	}
	p := &statementParser{}
	n := in.Network
	s := &Statement{Epoch: in.Epoch, Network: NetworkStatement{
		Seconds: p.rat(n.Seconds), ExpectedHeartbeats: n.ExpectedHeartbeats, Compute: p.rat(n.Compute),
		Avail: p.rat(n.Avail), Utilization: p.rat(n.Utilization), CarryIn: p.amount(n.CarryIn), Pool: p.amount(n.Pool),
		Distributed: p.amount(n.Distributed), Carry: p.amount(n.Carry),
	}}
	s.Network.deltaMs = p.integer(new(big.Rat).Mul(s.Network.Seconds, big.NewRat(1000, 1))).Uint64()
	for _, jp := range in.Providers {
		ps := ProviderStatement{Provider: jp.Provider, Completed: jp.Completed, Failed: jp.Failed, GPUs: jp.GPUs,
			Compute: p.rat(jp.Compute), Avail: p.rat(jp.Avail), Reliability: p.rat(jp.Reliability),
			ActiveStake: p.amount(jp.ActiveStake), RequiredStake: p.amount(jp.RequiredStake),
			StakeFactor: p.rat(jp.StakeFactor), Share: p.rat(jp.Share), Reward: p.amount(jp.Reward),
			Commission: p.amount(jp.Commission), ProviderAmount: p.amount(jp.ProviderAmount)}
		for _, n := range jp.Nodes {
			nd := NodeStatement{Node: n.Node, Jailed: n.Jailed, Heartbeats: n.Heartbeats,
				Uptime: p.rat(n.Uptime), VerifiedGPUs: n.VerifiedGPUs, Weight: p.rat(n.Weight), Avail: p.rat(n.Avail)}
			nd.weightMilli = p.integer(new(big.Rat).Mul(nd.Weight, big.NewRat(1000, 1)))
			ps.Nodes = append(ps.Nodes, nd)
		}
		for _, st := range jp.Stakers {
			ps.Stakers = append(ps.Stakers, StakerStatement{Address: st.Address, Active: p.amount(st.Active), Amount: p.amount(st.Amount)})
		}
		for _, sl := range jp.Slashes {
			ps.Slashes = append(ps.Slashes, StatementSlash{ID: sl.ID, Reason: sl.Reason, BP: sl.BP, Evidence: p.evidence(sl.Reason, sl.Evidence)})
		}
		s.Providers = append(s.Providers, ps)
	}
	if p.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadStatement, p.err)
	}
	if !bytes.Equal(s.Canonical(), bytes.TrimSpace(line)) {
		return nil, fmt.Errorf("%w: not in canonical form", ErrBadStatement)
	}
	return s, nil
}

// statementParser converts a line's strings, remembering the first error.
type statementParser struct{ err error }

func (p *statementParser) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *statementParser) rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		p.fail(fmt.Errorf("rational %q", s))
		return new(big.Rat)
	}
	return r
}

// integer is r when it is an integer (D in ms, a weight in milli).
func (p *statementParser) integer(r *big.Rat) *big.Int {
	if !r.IsInt() || r.Sign() < 0 || !r.Num().IsUint64() {
		p.fail(fmt.Errorf("%s is not a whole number of milli-units", r))
		return new(big.Int)
	}
	return new(big.Int).Set(r.Num())
}

func (p *statementParser) amount(s string) *big.Int {
	v, err := events.ParseAmount(s)
	if err != nil {
		p.fail(err)
		return new(big.Int)
	}
	return v
}

func (p *statementParser) hash(s string, h *events.Hash) {
	v, err := events.ParseHash(s)
	if err != nil {
		p.fail(err)
		return
	}
	*h = v
}

func (p *statementParser) evidence(reason string, raw json.RawMessage) Evidence {
	var e Evidence
	var err error
	switch reason {
	case ReasonEquivocation:
		var in jsonEquivocation
		err = json.Unmarshal(raw, &in)
		e.Node, e.Seq = in.Node, in.Seq
		p.hash(in.Accepted, &e.Accepted)
		p.hash(in.Conflicting, &e.Conflicting)
	case ReasonDowntime:
		var in jsonDowntime
		err = json.Unmarshal(raw, &in)
		e.Node, e.Heartbeats, e.Expected = in.Node, in.Heartbeats, in.Expected
	case ReasonFaults:
		var in jsonFaults
		err = json.Unmarshal(raw, &in)
		e.Tasks = in.Tasks
	default:
		err = fmt.Errorf("slash reason %q", reason)
	}
	if err != nil {
		p.fail(err)
	}
	return e
}
