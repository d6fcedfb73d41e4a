package projections_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
	"github.com/swarm-ledger/swarm/projections"
)

// TestCatalogFreshAfterIdle holds the first catalog answer after an idle
// spell to the promised freshness: with a max age A, a query that comes A
// or more after the cached snapshot was taken answers from the catalog's
// current checkpoint, not from the old snapshot while a new one is decoded.
func TestCatalogFreshAfterIdle(t *testing.T) {
	const maxAge = time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sc, params, err := gen.GenerateParsed(gen.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: t.TempDir(), Params: params, NATSPort: -1,
		BatchSize: 64, Log: discard, CatalogMaxAge: maxAge})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	defer func() { stop(); <-done; svc.Close() }()

	q := svc.Queries()
	latest := projections.NewQueries(q.Engine()) // max age 0: always the latest checkpoint
	all := projections.NodeFilter{Limit: projections.MaxPage}
	half := len(sc.Messages) / 2
	publish(t, svc.NATSURL(), sc.Messages[:half])
	waitFolded(t, svc, uint64(half))
	now := catalogNow(t, latest)
	before := nodesJSON(t, q, all, now)

	publish(t, svc.NATSURL(), sc.Messages[half:])
	waitFolded(t, svc, uint64(len(sc.Messages)))
	want := nodesJSON(t, latest, all, now)
	if want == before {
		t.Fatal("the second half of the log did not change the catalog; the test could not fail")
	}
	time.Sleep(maxAge) // idle: the cached snapshot is now older than the max age
	if got := nodesJSON(t, q, all, now); got != want {
		t.Fatalf("first query after %v idle answered from a snapshot older than the max age:\n got %.300s\nwant %.300s", maxAge, got, want)
	}
	if got := nodesJSON(t, q, all, now); got != want {
		t.Fatalf("second query after idle differs from the latest catalog:\n got %.300s\nwant %.300s", got, want)
	}
	// Within the max age the cached snapshot may be served; it is the
	// latest one here, since nothing was published since.
	n, err := q.Node(firstNode(t, latest, now), now)
	if err != nil {
		t.Fatal(err)
	}
	m, err := latest.Node(n.Node, now)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustJSON(t, n), mustJSON(t, m); a != b {
		t.Fatalf("node answer differs from the latest catalog:\n got %s\nwant %s", a, b)
	}
}

func waitFolded(t *testing.T, svc *ledgerd.Service, messages uint64) {
	t.Helper()
	wait.For(t, 10*time.Second, 10*time.Millisecond, func() error {
		if svc.Checkpoint() != messages || !svc.Queries().Engine().CaughtUp() {
			return fmt.Errorf("fold did not finish: checkpoint %d of %d", svc.Checkpoint(), messages)
		}
		return nil
	})
}

func nodesJSON(t *testing.T, q *projections.Queries, f projections.NodeFilter, now time.Time) string {
	t.Helper()
	list, err := q.Nodes(f, now)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, list)
}

func firstNode(t *testing.T, q *projections.Queries, now time.Time) string {
	t.Helper()
	list, err := q.Nodes(projections.NodeFilter{Limit: 1}, now)
	if err != nil || len(list.Nodes) == 0 {
		t.Fatalf("no node in the catalog: %v", err)
	}
	return list.Nodes[0].Node
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
