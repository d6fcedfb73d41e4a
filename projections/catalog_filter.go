package projections

import (
	"slices"
	"time"
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
