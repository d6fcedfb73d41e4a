package projections

import (
	"encoding/json"
	"math"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Catalog is the scheduler catalog, the network's service registry: every
// node the ledger knows with its provider, region and GPUs (as the ledger
// holds them: aggregates.CommittedNode), its last accepted heartbeat's
// telemetry, and per provider the task record and active stake behind
// reliability and stake factor. Health and ranking are judged at query
// time (heartbeat age needs a clock, which no projection reads).
//
//	n/<node>        catalogRow
//	g/<node>        provider of the node's last accepted registration
//	t/<task>        provider the open task is attributed to
//	r/<provider>    providerRow
type Catalog struct{}

type catalogRow struct {
	Node       aggregates.NodeState        `json:"node"`
	LastSeenMs uint64                      `json:"last_seen_ms"`
	Samples    map[string]events.GPUSample `json:"samples"` // GPU uuid → last sample
}

// providerRow is a provider's lifetime task record (tasks attributed at
// assignment, SPEC §4.2) and its active stake after the last refresh.
type providerRow struct {
	Completed uint64 `json:"completed"`
	Faults    uint64 `json:"faults"` // failed with fault = provider
	Active    string `json:"active"`
}

// Name implements Projection.
func (Catalog) Name() string { return "catalog" }

// Apply implements Projection.
func (Catalog) Apply(tx *Tx, r Record) error {
	if r.Event == nil {
		return nil
	}
	ev := r.Event
	if !r.Accepted() {
		// An equivocation jails (or tombstones) the node at once.
		if r.Verdict == events.Equivocation && ev.Type.Class() == events.ClassNode {
			return refreshNode(tx, ev.Src)
		}
		return nil
	}
	switch b := ev.Body.(type) {
	case *events.NodeHeartbeatBody:
		return heartbeat(tx, ev, b)
	case *events.NodeRegisteredBody:
		// Attribution follows the log, not the ledger's state (which may
		// be ahead of this record): an accepted task.assigned is the
		// provider of the node's registration at that point (SPEC §4.2).
		if err := tx.Set("g/"+ev.Src, []byte(b.Provider)); err != nil {
			return err
		}
		return refreshNode(tx, ev.Src)
	case *events.NodeUnjailBody:
		return refreshNode(tx, ev.Src)
	case *events.GPUVerifiedBody:
		return refreshNode(tx, b.Node)
	case *events.NodeAuthBody:
		if err := refreshNode(tx, b.Node); err != nil {
			return err
		}
		return refreshActive(tx, b.Provider)
	case *events.TaskAssignedBody:
		p, _, err := tx.Get("g/" + b.Node)
		if err != nil {
			return err
		}
		return tx.Set("t/"+b.Task, p)
	case *events.TaskCompletedBody:
		return closeTask(tx, b.Task, false)
	case *events.TaskFailedBody:
		return closeTask(tx, b.Task, b.Fault == "provider")
	case *events.StakeBody:
		return refreshActive(tx, b.Provider)
	case *events.SlashedBody:
		return refreshActive(tx, b.Provider)
	case *events.EpochClosedBody:
		return refreshAll(tx)
	}
	return nil
}

func heartbeat(tx *Tx, ev *events.Event, b *events.NodeHeartbeatBody) error {
	row, ok, err := getCached[catalogRow](tx, "n/"+ev.Src)
	if err != nil {
		return err
	}
	if !ok {
		if err := refreshNode(tx, ev.Src); err != nil {
			return err
		}
		if row, _, err = getCached[catalogRow](tx, "n/"+ev.Src); err != nil {
			return err
		}
	}
	if ev.TimeMs > 0 {
		row.LastSeenMs = max(row.LastSeenMs, uint64(ev.TimeMs))
	}
	if row.Samples == nil {
		row.Samples = map[string]events.GPUSample{}
	}
	for _, s := range b.GPUs {
		row.Samples[s.GPU] = s
	}
	return putCached(tx, "n/"+ev.Src, row)
}

// refreshNode copies the ledger's view of a node, keeping its telemetry
// for the GPUs it still has.
func refreshNode(tx *Tx, id string) error {
	n, err := tx.Ledger().CommittedNode(id)
	if err != nil || n == nil {
		return err
	}
	row, _, err := getCached[catalogRow](tx, "n/"+id)
	if err != nil {
		return err
	}
	row.Node = *n
	for uuid := range row.Samples {
		if !slices.ContainsFunc(n.GPUs, func(g aggregates.GPUState) bool { return g.UUID == uuid }) {
			delete(row.Samples, uuid)
		}
	}
	if p := n.Provider; p != "" {
		if err := ensureProvider(tx, p); err != nil {
			return err
		}
	}
	return putCached(tx, "n/"+id, row)
}

func ensureProvider(tx *Tx, p string) error {
	_, ok, err := tx.Get("r/" + p)
	if err != nil || ok {
		return err
	}
	return refreshActive(tx, p)
}

func closeTask(tx *Tx, task string, fault bool) error {
	p, ok, err := tx.Get("t/" + task)
	if err != nil || !ok {
		return err
	}
	if err := tx.Delete("t/" + task); err != nil {
		return err
	}
	return updateProvider(tx, string(p), func(row *providerRow) {
		if fault {
			row.Faults++
		} else {
			row.Completed++
		}
	})
}

func updateProvider(tx *Tx, p string, f func(*providerRow)) error {
	row := providerRow{Active: "0"}
	if _, err := getJSON(tx, "r/"+p, &row); err != nil {
		return err
	}
	f(&row)
	return putJSON(tx, "r/"+p, row)
}

// refreshActive reads the provider's active stake from the ledger.
func refreshActive(tx *Tx, p string) error {
	st, err := tx.Ledger().CommittedStakes(p)
	if err != nil {
		return err
	}
	total := new(big.Int)
	for _, s := range st {
		total.Add(total, s.Active)
	}
	return updateProvider(tx, p, func(row *providerRow) { row.Active = total.String() })
}

// refreshAll follows a close: jails decided and active stake moved.
func refreshAll(tx *Tx) error {
	var nodes, providers []string
	if err := tx.Scan("n/", func(k string, _ []byte) error {
		nodes = append(nodes, k[2:])
		return nil
	}); err != nil {
		return err
	}
	if err := tx.Scan("r/", func(k string, _ []byte) error {
		providers = append(providers, k[2:])
		return nil
	}); err != nil {
		return err
	}
	for _, n := range nodes {
		if err := refreshNode(tx, n); err != nil {
			return err
		}
	}
	for _, p := range providers {
		if err := refreshActive(tx, p); err != nil {
			return err
		}
	}
	return nil
}

// Telemetry thresholds of the passive health checks.
const (
	// StaleHeartbeats is how many heartbeat intervals without a heartbeat
	// make a node stale.
	StaleHeartbeats = 3
	// HotTempC is the GPU temperature that fails the temperature check.
	HotTempC = 90
)

// NodeFilter selects catalog nodes; zero fields select everything.
type NodeFilter struct {
	Model     string
	MinMemMiB uint64
	Region    string
	Health    []string
	Provider  string
	Verified  bool // only nodes with a verified GPU matching Model / MinMemMiB
	Offset    int
	Limit     int
}

var healthOrder = map[string]int{HealthHealthy: 0, HealthDegraded: 1, HealthStale: 2, HealthJailed: 3,
	HealthUnregistered: 4, HealthTombstoned: 5}

// Nodes returns the ranked, filtered catalog at time now.
func (q *Queries) Nodes(f NodeFilter, now time.Time) (NodeList, error) {
	all, err := q.catalog(now)
	if err != nil {
		return NodeList{}, err
	}
	list := NodeList{Nodes: []CatalogNode{}, AtMs: uint64(now.UnixMilli())}
	for _, n := range all {
		if f.match(n) {
			list.Total++
			if list.Total > f.Offset && len(list.Nodes) < f.Limit {
				list.Nodes = append(list.Nodes, n.at(now))
			}
		}
	}
	if f.Offset+len(list.Nodes) < list.Total {
		list.Next = f.Offset + len(list.Nodes)
	}
	return list, nil
}

// Node returns one catalog node (Rank 0: it is not ranked alone).
func (q *Queries) Node(id string, now time.Time) (CatalogNode, error) {
	all, err := q.catalog(now)
	if err != nil {
		return CatalogNode{}, err
	}
	for _, n := range all {
		if n.Node == id {
			return n.at(now), nil
		}
	}
	return CatalogNode{}, notFound("node %s is not in the catalog", id)
}

func (f NodeFilter) match(n CatalogNode) bool {
	if (f.Region != "" && n.Region != f.Region) || (f.Provider != "" && n.Provider != f.Provider) {
		return false
	}
	if len(f.Health) > 0 && !slices.Contains(f.Health, n.Health) {
		return false
	}
	if f.Model == "" && f.MinMemMiB == 0 && !f.Verified {
		return true
	}
	return slices.ContainsFunc(n.GPUs, func(g CatalogGPU) bool {
		return (f.Model == "" || g.Model == f.Model) && g.MemMiB >= f.MinMemMiB && (!f.Verified || g.Verified)
	})
}

// catalog judges every node at now and ranks them. The nodes' heartbeat
// ages are those of the moment the ranking was made: callers set them for
// now with at. The slice is shared; callers must not change it.
func (q *Queries) catalog(now time.Time) ([]CatalogNode, error) {
	d, err := q.catalogData()
	if err != nil {
		return nil, err
	}
	nowMs := uint64(max(now.UnixMilli(), 0))
	if r := q.ranked.Load(); r != nil && r.snap == d && nowMs >= r.fromMs && nowMs < r.untilMs {
		return r.nodes, nil
	}
	r := &rankedCatalog{snap: d, fromMs: nowMs, untilMs: math.MaxUint64, nodes: make([]CatalogNode, 0, len(d.rows))}
	staleMs := StaleHeartbeats * q.ledger.Params().HeartbeatIntervalS * 1000
	for _, row := range d.rows {
		n := q.judge(row, d.prov[row.Node.Provider], now)
		if n.HeartbeatAgeMs <= staleMs && row.LastSeenMs > 0 {
			// Fresh until its age passes staleMs: the first moment any
			// node's judgement changes ends this ranking.
			r.untilMs = min(r.untilMs, row.LastSeenMs+staleMs+1)
		}
		r.nodes = append(r.nodes, n)
	}
	slices.SortFunc(r.nodes, rankCompare)
	for i := range r.nodes {
		r.nodes[i].Rank = i + 1
	}
	q.ranked.Store(r)
	return r.nodes, nil
}

// rankedCatalog is the catalog judged and ranked for a snapshot. Health,
// and so the ranking, depends on the clock only through heartbeat age
// crossing the stale limit: the ranking made at fromMs holds until untilMs,
// the first moment a fresh node turns stale (a clock that goes back makes
// a new one).
type rankedCatalog struct {
	snap            *catalogSnap
	fromMs, untilMs uint64
	nodes           []CatalogNode
}

// at returns n with its heartbeat age at now.
func (n CatalogNode) at(now time.Time) CatalogNode {
	n.HeartbeatAgeMs = 0
	if nowMs := uint64(max(now.UnixMilli(), 0)); n.LastSeenMs > 0 && nowMs > n.LastSeenMs {
		n.HeartbeatAgeMs = nowMs - n.LastSeenMs
	}
	return n
}

// catalogSnap is the catalog projection decoded, with each provider's
// reliability and stake factor: what every catalog query needs before the
// clock comes in.
type catalogSnap struct {
	gen, ckpt uint64
	at        time.Time
	rows      []catalogRow
	prov      map[string]providerFactors
}

type providerFactors struct{ reliabilityBP, stakeFactorBP uint64 }

// catalogCache keeps the last catalogSnap. With a max age of 0 every query
// sees the catalog's latest checkpoint. With a max age A no answer comes
// from a snapshot taken more than A before the query: a snapshot younger
// than A is served as it is (and, once half of A has passed, a newer one
// is decoded in the background, so a catalog polled under full-speed
// ingest rarely waits); an older one is never served, the query waits for
// a decode taken within A of it, however long the catalog was idle. A
// catalog under full-speed ingest so costs about one decode per A/2, not
// one per query.
type catalogCache struct {
	mu     sync.Mutex
	maxAge time.Duration
	snap   *catalogSnap
	build  *catalogBuild // the decode in flight, nil if none
}

// catalogBuild is a decode in flight; done closes when snap or err is set.
type catalogBuild struct {
	at   time.Time // when its snapshot was taken
	done chan struct{}
	snap *catalogSnap
	err  error
}

// SetCatalogMaxAge sets how stale a catalog answer may be (0: never).
func (q *Queries) SetCatalogMaxAge(d time.Duration) {
	q.cat.mu.Lock()
	defer q.cat.mu.Unlock()
	q.cat.maxAge = d
}

func (q *Queries) catalogData() (*catalogSnap, error) {
	gen, ckpt := q.eng.checkpoint("catalog")
	c := &q.cat
	c.mu.Lock()
	if s := c.snap; s != nil && s.gen == gen && s.ckpt == ckpt {
		c.mu.Unlock()
		return s, nil
	}
	if c.maxAge <= 0 {
		c.mu.Unlock()
		return q.storeCatalog(q.loadCatalog(gen, ckpt))
	}
	now := time.Now()
	if s := c.snap; s != nil && now.Sub(s.at) < c.maxAge {
		if c.build == nil && now.Sub(s.at) >= c.maxAge/2 {
			c.build = q.startCatalogBuild(gen, ckpt, now)
		}
		c.mu.Unlock()
		return s, nil
	}
	// The snapshot is too old for this query: share a decode taken within
	// the max age of now, or take one.
	b := c.build
	if b == nil || now.Sub(b.at) >= c.maxAge {
		b = q.startCatalogBuild(gen, ckpt, now)
		c.build = b
	}
	c.mu.Unlock()
	<-b.done
	return b.snap, b.err
}

// startCatalogBuild decodes the catalog in the background; the caller
// holds q.cat.mu.
func (q *Queries) startCatalogBuild(gen, ckpt uint64, at time.Time) *catalogBuild {
	b := &catalogBuild{at: at, done: make(chan struct{})}
	go func() {
		b.snap, b.err = q.storeCatalog(q.loadCatalog(gen, ckpt))
		q.cat.mu.Lock()
		if q.cat.build == b {
			q.cat.build = nil
		}
		q.cat.mu.Unlock()
		close(b.done)
	}()
	return b
}

// storeCatalog keeps s as the cached snapshot unless a newer one is there.
func (q *Queries) storeCatalog(s *catalogSnap, err error) (*catalogSnap, error) {
	if err != nil {
		return nil, err
	}
	q.cat.mu.Lock()
	defer q.cat.mu.Unlock()
	if old := q.cat.snap; old == nil || !old.at.After(s.at) {
		q.cat.snap = s
	}
	return s, nil
}

// loadCatalog decodes the catalog projection and each provider's factors.
func (q *Queries) loadCatalog(gen, ckpt uint64) (*catalogSnap, error) {
	s := &catalogSnap{gen: gen, ckpt: ckpt, at: time.Now(), prov: map[string]providerFactors{}}
	provs := map[string]providerRow{}
	err := q.eng.Read("catalog", func(r Reader) error {
		if err := r.Scan("n/", func(_ string, v []byte) error {
			var row catalogRow
			if err := json.Unmarshal(v, &row); err != nil {
				return err
			}
			s.rows = append(s.rows, row)
			return nil
		}); err != nil {
			return err
		}
		return r.Scan("r/", func(k string, v []byte) error {
			var p providerRow
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			provs[k[2:]] = p
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	params := q.ledger.Params()
	gp := map[string]int64{} // G_p: verified weighted GPUs of p's unjailed registered nodes
	for _, row := range s.rows {
		if row.Node.Registered && !row.Node.Jailed {
			for _, g := range row.Node.GPUs {
				if _, weighted := params.GPUWeightsMilli[g.Model]; weighted && g.Verified {
					gp[row.Node.Provider]++
				}
			}
		}
	}
	for _, row := range s.rows {
		p := row.Node.Provider
		if _, done := s.prov[p]; done {
			continue
		}
		pr := provs[p]
		s.prov[p] = providerFactors{
			reliabilityBP: (pr.Completed + 1) * 10000 / (pr.Completed + pr.Faults + 1),
			stakeFactorBP: stakeFactorBP(amount(pr.Active), params.MinStakePerGPU, gp[p]),
		}
	}
	return s, nil
}

func rankCompare(a, b CatalogNode) int {
	switch {
	case healthOrder[a.Health] != healthOrder[b.Health]:
		return healthOrder[a.Health] - healthOrder[b.Health]
	case a.SpareBP != b.SpareBP:
		return cmpDesc(a.SpareBP, b.SpareBP)
	case a.ReliabilityBP != b.ReliabilityBP:
		return cmpDesc(a.ReliabilityBP, b.ReliabilityBP)
	case a.StakeFactorBP != b.StakeFactorBP:
		return cmpDesc(a.StakeFactorBP, b.StakeFactorBP)
	}
	return strings.Compare(a.Node, b.Node)
}

func cmpDesc(a, b uint64) int {
	if a > b {
		return -1
	}
	return 1
}

// judge builds a catalog node: health from heartbeat age and telemetry,
// spare capacity, reliability (C+1)/(C+F+1) and stake factor
// min(1, A_p / (min_stake_per_gpu · G_p)), the last two as in SPEC §5 but
// over the provider's lifetime task record.
func (q *Queries) judge(row catalogRow, f providerFactors, now time.Time) CatalogNode {
	n := row.Node
	c := CatalogNode{Node: n.ID, Provider: n.Provider, Region: n.Region, LastSeenMs: row.LastSeenMs,
		Jailed: n.Jailed, JailUntil: n.JailUntil, Tombstoned: n.Tombstoned, Registered: n.Registered,
		GPUs: []CatalogGPU{}, Checks: []string{}}
	if c.Provider == "" {
		c.Provider = n.LastRegProvider
	}
	nowMs := uint64(max(now.UnixMilli(), 0))
	if row.LastSeenMs > 0 && nowMs > row.LastSeenMs {
		c.HeartbeatAgeMs = nowMs - row.LastSeenMs
	}
	var spare, sampled uint64
	for _, g := range n.GPUs {
		cg := CatalogGPU{UUID: g.UUID, Model: g.Model, MemMiB: g.MemMiB, Verified: g.Verified}
		if s, ok := row.Samples[g.UUID]; ok {
			cg.UtilBP, cg.MemUsedMiB, cg.TempC, cg.PowerMW, cg.EccDBE, cg.Xid = s.UtilBP, s.MemUsedMiB, s.TempC, s.PowerMW, s.ECCDBE, s.XID
			spare += 10000 - min(s.UtilBP, 10000)
			sampled++
			c.Checks = appendCheck(c.Checks, s.ECCDBE > 0, "ecc_dbe")
			c.Checks = appendCheck(c.Checks, s.XID > 0, "xid")
			c.Checks = appendCheck(c.Checks, s.TempC >= HotTempC, "temperature")
		}
		c.GPUs = append(c.GPUs, cg)
	}
	if sampled > 0 {
		c.SpareBP = spare / sampled
	}
	staleMs := StaleHeartbeats * q.ledger.Params().HeartbeatIntervalS * 1000
	fresh := row.LastSeenMs > 0 && c.HeartbeatAgeMs <= staleMs
	if !fresh {
		c.Checks = append([]string{"heartbeat_age"}, c.Checks...)
	}
	switch {
	case n.Tombstoned:
		c.Health = HealthTombstoned
	case !n.Registered:
		c.Health = HealthUnregistered
	case n.Jailed:
		c.Health = HealthJailed
	case !fresh:
		c.Health = HealthStale
	case len(c.Checks) > 0:
		c.Health = HealthDegraded
	default:
		c.Health = HealthHealthy
	}
	c.ReliabilityBP, c.StakeFactorBP = f.reliabilityBP, f.stakeFactorBP
	return c
}

func appendCheck(checks []string, failed bool, name string) []string {
	if !failed || slices.Contains(checks, name) {
		return checks
	}
	return append(checks, name)
}

func stakeFactorBP(active, perGPU *big.Int, gpus int64) uint64 {
	if perGPU == nil || perGPU.Sign() == 0 || gpus == 0 {
		return 0
	}
	req := new(big.Int).Mul(perGPU, big.NewInt(gpus))
	bp := new(big.Int).Mul(active, big.NewInt(10000))
	bp.Quo(bp, req)
	if bp.Cmp(big.NewInt(10000)) > 0 {
		return 10000
	}
	return bp.Uint64()
}
