package aggregates

import (
	"math/big"
	"strconv"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/settlement/merkle"
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
	n        *node
	jailed   bool
	hb       uint64
	verified uint64   // |V_n|
	availNum *big.Int // avail_n × availScale
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
	amounts, distributed := l.rewards(m, pool)

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
	slashes := l.decideSlashes(m)
	rec := l.buildRecord(m, b, u, pool, distributed, amounts, slashes)
	l.put(epochKey(m.k), rec.encode())
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
	na := nodeAtClose{n: n, jailed: n.Jailed, hb: l.hb[n.ID], availNum: new(big.Int)}
	weight := new(big.Int)
	for _, g := range n.GPUs {
		if w := l.params.weightMilli(g.Model); g.Verified && w != nil {
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

// rewards computes reward_p for every provider with nodes at close and splits
// it between the provider and its stakers. It returns the earners' amounts.
func (l *Ledger) rewards(m *epochMath, pool *big.Int) (map[string]*big.Int, *big.Int) {
	amounts, distributed := map[string]*big.Int{}, new(big.Int)
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
	poolRat := new(big.Rat).SetInt(pool)
	for _, p := range sortedKeys(m.byProvider) {
		share := m.share(p, l.params)
		if share.Sign() == 0 {
			continue
		}
		active, total := l.activeStake(p)
		sf := l.stakeFactor(total, m.gpus[p])
		if sf.Sign() == 0 {
			continue
		}
		var completed, faults uint64
		if acc := l.provAccs[p]; acc != nil {
			completed, faults = acc.Completed, acc.Faults
		}
		rel := new(big.Rat).SetFrac(new(big.Int).SetUint64(completed+1), new(big.Int).SetUint64(completed+faults+1))
		r := new(big.Rat).Mul(poolRat, share)
		reward := floor(r.Mul(r, rel).Mul(r, sf))
		distributed.Add(distributed, reward)
		commission := bpOf(reward, l.params.CommissionBP)
		rest := new(big.Int).Sub(reward, commission)
		toProvider := new(big.Int).Set(rest)
		for _, s := range sortedKeys(active) {
			cut := new(big.Int).Mul(rest, active[s])
			cut.Quo(cut, total)
			credit(s, cut)
			toProvider.Sub(toProvider, cut)
		}
		credit(p, commission.Add(commission, toProvider))
	}
	return amounts, distributed
}

// share is wc·compute_p/ΣC + wa·avail_p/ΣA.
func (m *epochMath) share(p string, params *Params) *big.Rat {
	share := new(big.Rat)
	if m.sumCompute.Sign() > 0 {
		t := new(big.Rat).SetFrac(m.computeNum[p], m.sumCompute)
		share.Add(share, t.Mul(t, bpRat(params.WeightComputeBP)))
	}
	if m.sumAvail.Sign() > 0 {
		t := new(big.Rat).SetFrac(m.availNum[p], m.sumAvail)
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

// stakeFactor is sf_p = min(1, A_p / (min_stake_per_gpu · G_p)), 0 if the
// requirement is 0.
func (l *Ledger) stakeFactor(total *big.Int, gpus uint64) *big.Rat {
	req := new(big.Int).Mul(l.params.MinStakePerGPU, new(big.Int).SetUint64(gpus))
	if req.Sign() == 0 {
		return new(big.Rat)
	}
	sf := new(big.Rat).SetFrac(total, req)
	if sf.Cmp(big.NewRat(1, 1)) > 0 {
		sf.SetInt64(1)
	}
	return sf
}

// decideSlashes runs SPEC §6.1–6.2 and returns the epoch's slashes in report
// order: equivocations in log order, downtime by node, faults by provider.
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
			Reason: "downtime", BP: l.params.DowntimeSlashBP})
	}
	for _, p := range sortedKeys(l.provAccs) {
		if f := l.provAccs[p].Faults; f > 0 {
			slashes = append(slashes, Slash{ID: "faults:" + k + ":" + p, Provider: p, Reason: "faults",
				BP: min(f*l.params.FaultSlashBP, l.params.FaultSlashCapBP)})
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
		UtilizationBP: floor(new(big.Rat).Mul(u, big.NewRat(10000, 1))).Uint64(),
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
		a, err := merkle.ParseAddress(addr)
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
	for p := range l.provAccs {
		l.del(pfxProvAcc + p)
	}
	clear(l.hb)
	clear(l.provAccs)
	l.epoch = newEpochAcc()
	l.epochDirty = true
	l.meta.LastClosed, l.meta.PrevEndMs = b.Epoch, b.EndMs
}
