package aggregates

import (
	"math/big"
	"strconv"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/merkle"
)

// closeEpochEvent checks and applies epoch.closed (SPEC §4.4).
func (l *Ledger) closeEpochEvent(b *events.EpochClosedBody) events.Reason {
	if b.Epoch != l.meta.LastClosed+1 ||
		(b.Epoch > 1 && b.StartMs != l.meta.PrevEndMs) || b.EndMs <= b.StartMs {
		return events.BadEpoch
	}
	l.closeEpoch(b)
	return events.Accepted
}

// nodeAtClose is what SPEC §5 needs of a node registered at close.
type nodeAtClose struct {
	n           *node
	jailed      bool
	hb          uint64
	verified    uint64   // |V_n|
	weightMilli *big.Int // Σ_{g∈V_n} w(g) × 1000
	availNum    *big.Int // avail_n × availScale
}

// epochMath holds one close's exact quantities. Compute amounts are kept as
// integers over computeScale and availability over availScale = 10^6·E, so
// sums are exact integers and only the network ratios need big.Rat.
type epochMath struct {
	k, deltaMs, expected uint64
	nodes                []nodeAtClose
	byProvider           map[string][]int // provider → indexes into nodes
	computeNum           map[string]*big.Int
	availNum             map[string]*big.Int
	gpus                 map[string]uint64
	sumCompute, sumAvail *big.Int
}

func (l *Ledger) closeEpoch(b *events.EpochClosedBody) {
	m := l.epochMath(b)
	carryIn := new(big.Int).Set(l.meta.Pool)
	u := m.utilization()
	emission := l.emission(u)
	pool := new(big.Int).Add(emission, carryIn)
	slashes := l.decideSlashes(m)
	st := l.statement(m, u, carryIn, pool, slashes)
	amounts, distributed := st.earnerAmounts(), st.Network.Distributed

	post(l.meta.Emission, l.meta.Pool, emission, true)
	earnerAddrs := sortedKeys(amounts)
	for _, addr := range earnerAddrs {
		e := l.earners[addr]
		if e == nil {
			e = newEarner()
			l.earners[addr] = e
		}
		post(l.meta.Pool, e.Unclaimed, amounts[addr], false)
		e.Cumulative.Add(e.Cumulative, amounts[addr])
		l.put(pfxEarner+addr, e.encode())
	}
	rec := l.buildRecord(m, b, u, pool, distributed, amounts, slashes)
	l.put(epochKey(m.k), rec.encode())
	if !l.discardStatements {
		l.put(statementKey(m.k), st.encode())
	}
	l.resetEpoch(b)
}

func (l *Ledger) epochMath(b *events.EpochClosedBody) *epochMath {
	m := &epochMath{
		k: b.Epoch, deltaMs: b.EndMs - b.StartMs,
		byProvider: map[string][]int{}, computeNum: map[string]*big.Int{},
		availNum: map[string]*big.Int{}, gpus: map[string]uint64{},
		sumCompute: new(big.Int), sumAvail: new(big.Int),
	}
	m.expected = m.deltaMs / (1000 * l.params.HeartbeatIntervalS)
	for _, id := range sortedKeys(l.nodes) {
		n := l.nodes[id]
		if !n.Registered {
			continue
		}
		m.byProvider[n.Provider] = append(m.byProvider[n.Provider], len(m.nodes))
		m.nodes = append(m.nodes, l.nodeAtClose(m, n))
	}
	for _, p := range sortedKeys(m.byProvider) {
		compute, avail, acc := new(big.Int), new(big.Int), l.provAccs[p]
		for _, i := range m.byProvider[p] {
			na := m.nodes[i]
			if na.jailed {
				continue
			}
			avail.Add(avail, na.availNum)
			m.gpus[p] += na.verified
			if acc != nil && acc.Compute[na.n.ID] != nil {
				compute.Add(compute, acc.Compute[na.n.ID])
			}
		}
		m.computeNum[p], m.availNum[p] = compute, avail
		m.sumCompute.Add(m.sumCompute, compute)
		m.sumAvail.Add(m.sumAvail, avail)
	}
	return m
}

func (l *Ledger) nodeAtClose(m *epochMath, n *node) nodeAtClose {
	weight := new(big.Int)
	na := nodeAtClose{n: n, jailed: n.Jailed, hb: l.hb[n.ID], weightMilli: weight, availNum: new(big.Int)}
	for _, g := range n.GPUs {
		if w := l.params.verifiedWeight(g.Model, g.Verified); w != nil {
			na.verified++
			weight.Add(weight, w)
		}
	}
	if !na.jailed && m.expected > 0 {
		// avail_n = (weight/1000)·(min(hb,E)/E)·(Δms/1000), scaled by 10^6·E.
		na.availNum.Mul(weight, new(big.Int).SetUint64(min(na.hb, m.expected)))
		na.availNum.Mul(na.availNum, new(big.Int).SetUint64(m.deltaMs))
	}
	return na
}

// utilization is U = min(1, ΣC/ΣA), 0 when ΣA = 0.
func (m *epochMath) utilization() *big.Rat {
	if m.sumAvail.Sign() == 0 {
		return new(big.Rat)
	}
	num := new(big.Int).Mul(m.sumCompute, big.NewInt(1_000_000))
	num.Mul(num, new(big.Int).SetUint64(m.expected))
	den := new(big.Int).Mul(m.sumAvail, computeScale)
	u := new(big.Rat).SetFrac(num, den)
	if u.Cmp(big.NewRat(1, 1)) > 0 {
		u.SetInt64(1)
	}
	return u
}

func bpRat(bp uint64) *big.Rat { return new(big.Rat).SetFrac64(int64(bp), 10000) }

func floor(r *big.Rat) *big.Int { return new(big.Int).Quo(r.Num(), r.Denom()) }

// emission is ⌊base_emission · (s + (1 − s)·U)⌋.
func (l *Ledger) emission(u *big.Rat) *big.Int {
	s := bpRat(l.params.ScaleMinBP)
	f := new(big.Rat).Sub(big.NewRat(1, 1), s)
	f.Mul(f, u).Add(f, s)
	return floor(f.Mul(f, new(big.Rat).SetInt(l.params.BaseEmission)))
}

// share is wc·compute_p/ΣC + wa·avail_p/ΣA.
func (m *epochMath) share(p string, params *Params) *big.Rat {
	share := new(big.Rat)
	if c := m.computeNum[p]; c != nil && m.sumCompute.Sign() > 0 {
		t := new(big.Rat).SetFrac(c, m.sumCompute)
		share.Add(share, t.Mul(t, bpRat(params.WeightComputeBP)))
	}
	if a := m.availNum[p]; a != nil && m.sumAvail.Sign() > 0 {
		t := new(big.Rat).SetFrac(a, m.sumAvail)
		share.Add(share, t.Mul(t, bpRat(params.WeightAvailBP)))
	}
	return share
}

// activeStake returns a_{s,p} > 0 per staker and A_p.
func (l *Ledger) activeStake(p string) (map[string]*big.Int, *big.Int) {
	active, total := map[string]*big.Int{}, new(big.Int)
	for s, pos := range l.stakes[p] {
		a := pos.Snap
		if pos.Bonded.Cmp(a) < 0 {
			a = pos.Bonded
		}
		if a.Sign() > 0 {
			active[s] = a
			total.Add(total, a)
		}
	}
	return active, total
}

// decideSlashes runs SPEC §6.1–6.2 and returns the epoch's slashes in report
// order: equivocations in log order, downtime by node, faults by provider.
// Its jails change nodes, not m: §5's jailed_n was taken before them.
func (l *Ledger) decideSlashes(m *epochMath) []Slash {
	slashes := append([]Slash(nil), l.epoch.EqvSlashes...)
	k := strconv.FormatUint(m.k, 10)
	for _, na := range m.nodes {
		n := na.n
		if na.jailed || na.verified == 0 || n.FirstRegEpoch >= m.k || m.expected == 0 ||
			min(na.hb, m.expected)*10000 >= l.params.DowntimeThresholdBP*m.expected {
			continue
		}
		l.jail(n, m.k+l.params.DowntimeJailEpochs)
		slashes = append(slashes, Slash{ID: "downtime:" + k + ":" + n.ID, Provider: n.Provider,
			Reason: ReasonDowntime, BP: l.params.DowntimeSlashBP,
			Evidence: Evidence{Node: n.ID, Heartbeats: na.hb, Expected: m.expected}})
	}
	for _, p := range sortedKeys(l.provAccs) {
		acc := l.provAccs[p]
		if f := acc.Faults(); f > 0 {
			slashes = append(slashes, Slash{ID: "faults:" + k + ":" + p, Provider: p, Reason: ReasonFaults,
				BP:       min(f*l.params.FaultSlashBP, l.params.FaultSlashCapBP),
				Evidence: Evidence{Tasks: append([]string(nil), acc.FaultTasks...)}})
		}
	}
	return slashes
}

func (l *Ledger) buildRecord(m *epochMath, b *events.EpochClosedBody, u *big.Rat, pool, distributed *big.Int,
	amounts map[string]*big.Int, slashes []Slash) *EpochRecord {
	carry := new(big.Int).Sub(pool, distributed)
	rep := &Report{
		Carry: carry.String(), Distributed: distributed.String(), EndMs: b.EndMs, Epoch: m.k,
		EventsDigest: l.meta.Digest.String(), Pool: pool.String(), StartMs: b.StartMs,
		UtilizationBP: BasisPoints(u),
		Earners:       []EarnerAmount{}, Jailed: []JailDecision{}, Slashes: []ReportSlash{},
		Rejected: map[string]uint64{},
	}
	total := new(big.Int)
	var leaves []merkle.Leaf
	for _, addr := range sortedKeys(l.earners) {
		e := l.earners[addr]
		if e.Cumulative.Sign() == 0 {
			continue
		}
		rep.Earners = append(rep.Earners, EarnerAmount{Address: addr,
			Amount: bigOrZero(amounts[addr]).String(), Cumulative: e.Cumulative.String()})
		total.Add(total, e.Cumulative)
		a, err := events.ParseAddress(addr)
		if err != nil {
			panic(err) // earners come from validated addresses
		}
		leaves = append(leaves, merkle.Leaf{Earner: a, Cumulative: e.Cumulative})
	}
	tree, err := merkle.BuildTree(leaves)
	if err != nil {
		panic(err) // unique, in-range leaves by construction
	}
	for _, n := range sortedKeys(l.epoch.Jailed) {
		rep.Jailed = append(rep.Jailed, JailDecision{Node: n, Until: l.epoch.Jailed[n]})
	}
	for _, s := range slashes {
		rep.Slashes = append(rep.Slashes, ReportSlash{BP: s.BP, ID: s.ID, Provider: s.Provider, Reason: s.Reason})
	}
	for r, c := range l.epoch.Rejected {
		rep.Rejected[string(r)] = c
	}
	rec := &EpochRecord{Epoch: m.k, Root: tree.Root(), TotalCumulative: total, Carry: carry}
	rep.Root = rec.Root.String()
	rec.Report = rep.Canonical()
	return rec
}

// resetEpoch snapshots stake for the next close's active stake and clears
// the per-epoch accumulators.
func (l *Ledger) resetEpoch(b *events.EpochClosedBody) {
	for _, p := range sortedKeys(l.stakes) {
		for _, s := range sortedKeys(l.stakes[p]) {
			pos := l.stakes[p][s]
			if pos.Snap.Cmp(pos.Bonded) != 0 {
				pos.Snap = new(big.Int).Set(pos.Bonded)
				l.savePosition(p, s, pos)
			}
		}
	}
	for n := range l.hb {
		l.del(pfxHB + n)
	}
	for p, a := range l.provAccs {
		l.del(pfxProvAcc + p)
		for i := range a.FaultTasks {
			l.del(faultTaskKey(p, i))
		}
	}
	clear(l.hb)
	clear(l.provAccs)
	l.epoch = newEpochAcc()
	l.epochDirty = true
	l.meta.LastClosed, l.meta.PrevEndMs = b.Epoch, b.EndMs
}

// statement builds the epoch's SPEC §9.1 statement: §5's values for every
// provider of the epoch (nodes at close, attributed tasks, stake positions,
// slashes), their rewards and splits, and the slashes with their evidence.
// The earners' amounts are read off it, so what is paid is what is shown.
// Its nodes hold only the integers their rationals derive from: it is meant
// to be stored, and Ledger.Statement reads it back complete.
func (l *Ledger) statement(m *epochMath, u *big.Rat, carryIn, pool *big.Int, slashes []Slash) *Statement {
	st := &Statement{Epoch: m.k, Network: NetworkStatement{
		deltaMs:            m.deltaMs,
		ExpectedHeartbeats: m.expected,
		Compute:            computeRat(m.sumCompute), Avail: m.availRat(m.sumAvail), Utilization: u,
		CarryIn: carryIn, Pool: pool,
	}}
	providers := map[string]bool{}
	for p := range m.byProvider {
		providers[p] = true
	}
	for p := range l.provAccs {
		providers[p] = true
	}
	for p := range l.stakes {
		providers[p] = true
	}
	bySlash := map[string][]StatementSlash{}
	for _, s := range slashes {
		providers[s.Provider] = true
		bySlash[s.Provider] = append(bySlash[s.Provider], StatementSlash{ID: s.ID, Reason: s.Reason, BP: s.BP, Evidence: s.Evidence})
	}
	poolRat := new(big.Rat).SetInt(pool)
	distributed := new(big.Int)
	st.Providers = make([]ProviderStatement, 0, len(providers))
	for _, p := range sortedKeys(providers) {
		ps := l.providerStatement(m, p, poolRat)
		ps.Slashes = bySlash[p]
		distributed.Add(distributed, ps.Reward)
		st.Providers = append(st.Providers, ps)
	}
	st.Network.Distributed = distributed
	st.Network.Carry = new(big.Int).Sub(pool, distributed)
	return st
}

// providerStatement computes SPEC §5 for provider p: reward_p and its split
// between p (commission and the remainder) and its stakers.
func (l *Ledger) providerStatement(m *epochMath, p string, pool *big.Rat) ProviderStatement {
	ps := ProviderStatement{Provider: p, GPUs: m.gpus[p]}
	for _, i := range m.byProvider[p] {
		na := m.nodes[i]
		// Stored as integers; the rationals are derived when it is read.
		ps.Nodes = append(ps.Nodes, NodeStatement{Node: na.n.ID, Jailed: na.jailed, Heartbeats: na.hb,
			VerifiedGPUs: na.verified, weightMilli: na.weightMilli})
	}
	if acc := l.provAccs[p]; acc != nil {
		ps.Completed, ps.Failed = acc.Completed, acc.Faults()
	}
	ps.Compute, ps.Avail = computeRat(m.computeNum[p]), m.availRat(m.availNum[p])
	ps.Reliability = Reliability(ps.Completed, ps.Failed)
	active, total := l.activeStake(p)
	ps.ActiveStake = total
	ps.RequiredStake = l.params.RequiredStake(ps.GPUs)
	ps.StakeFactor = l.params.StakeFactor(total, ps.GPUs)
	ps.Share = m.share(p, l.params)
	r := new(big.Rat).Mul(pool, ps.Share)
	ps.Reward = floor(r.Mul(r, ps.Reliability).Mul(r, ps.StakeFactor))
	ps.Commission = bpOf(ps.Reward, l.params.CommissionBP)
	rest := new(big.Int).Sub(ps.Reward, ps.Commission)
	remainder := new(big.Int).Set(rest)
	for _, s := range sortedKeys(active) {
		cut := new(big.Int).Mul(rest, active[s])
		cut.Quo(cut, total)
		ps.Stakers = append(ps.Stakers, StakerStatement{Address: s, Active: active[s], Amount: cut})
		remainder.Sub(remainder, cut)
	}
	ps.ProviderAmount = remainder.Add(remainder, ps.Commission)
	return ps
}

// earnerAmounts sums, per address, the statement's provider amounts and
// staker amounts (SPEC §9.1); zero amounts are left out.
func (s *Statement) earnerAmounts() map[string]*big.Int {
	amounts := map[string]*big.Int{}
	credit := func(addr string, v *big.Int) {
		if v.Sign() == 0 {
			return
		}
		if cur := amounts[addr]; cur != nil {
			cur.Add(cur, v)
		} else {
			amounts[addr] = new(big.Int).Set(v)
		}
	}
	for i := range s.Providers {
		p := &s.Providers[i]
		for _, st := range p.Stakers {
			credit(st.Address, st.Amount)
		}
		credit(p.Provider, p.ProviderAmount)
	}
	return amounts
}

// computeRat is a compute numerator over computeScale as a rational.
func computeRat(num *big.Int) *big.Rat {
	if num == nil {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac(num, computeScale)
}

// availRat is an availability numerator over availScale = 10^6·E.
func (m *epochMath) availRat(num *big.Int) *big.Rat {
	if num == nil || m.expected == 0 {
		return new(big.Rat)
	}
	den := new(big.Int).SetUint64(m.expected)
	return new(big.Rat).SetFrac(num, den.Mul(den, big.NewInt(1_000_000)))
}
