package projections

import (
	"math/big"
	"slices"

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
