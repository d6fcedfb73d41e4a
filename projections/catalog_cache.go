package projections

import (
	"encoding/json"
	"math"
	"slices"
	"sync"
	"time"
)

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
	gp := providerGPUs(params, s.rows)
	for _, row := range s.rows {
		p := row.Node.Provider
		if _, done := s.prov[p]; done {
			continue
		}
		s.prov[p] = scoreProvider(params, provs[p], gp[p])
	}
	return s, nil
}
