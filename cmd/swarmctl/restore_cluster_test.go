package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/backup"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/eventlogtest"
)

// restore --cluster-replicas re-creates the stream in an empty external
// cluster (three replicas, the same messages in the same order) and writes
// the checkpoints; a cluster that already holds the stream is refused with
// nothing written. (internal/testkit/deploytest runs swarmd on it.)
func TestRestoreIntoCluster(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sc, params, err := gen.GenerateParsed(gen.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	msgs := sc.Messages
	root := t.TempDir()
	a := startBackupNode(ctx, t, filepath.Join(root, "a"), params, "")
	if err := a.publish(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	a.caughtUp(t, uint64(len(msgs)))
	bk := filepath.Join(root, "backup")
	expectRun(t, []string{"backup", "--out", bk, "--api", a.svc.APIURL, "--nats", a.svc.NATSURL()}, 0, "ledger checkpoint")
	a.stop()
	m, err := backup.Verify(bk)
	if err != nil {
		t.Fatal(err)
	}

	servers := eventlogtest.Cluster(t)
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.ClientURL())
	}
	cluster := strings.Join(urls, ",")
	data := filepath.Join(root, "restored")
	expectRun(t, []string{"restore", "--from", bk, "--data", data, "--cluster-replicas", "3", "--nats", cluster}, 0, "restored")
	if _, err := os.Stat(filepath.Join(data, "nats")); !os.IsNotExist(err) {
		t.Fatalf("a restore into a cluster made an embedded store: %v", err)
	}
	for _, name := range []string{backup.CheckpointLedgerDir, backup.CheckpointProjectionsDir, backup.CheckpointParamsFile} {
		if _, err := os.Stat(filepath.Join(data, name)); err != nil {
			t.Fatalf("restored data directory: %v", err)
		}
	}

	nc, err := nats.Connect(cluster)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	s, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	info := s.CachedInfo()
	if info.Config.Replicas != 3 || info.State.FirstSeq != 1 || info.State.LastSeq != m.Stream.Last || m.Stream.Last != uint64(len(msgs)) {
		t.Fatalf("restored stream: %d replicas, %d..%d; backup 1..%d of %d messages", info.Config.Replicas, info.State.FirstSeq, info.State.LastSeq, m.Stream.Last, len(msgs))
	}
	exp := filepath.Join(root, "after.ndjson")
	expectRun(t, []string{"export", "--nats", cluster, "--out", exp}, 0, "exported")
	again, err := events.ReadExportFile(exp)
	if err != nil {
		t.Fatal(err)
	}
	for i := range msgs {
		if !bytes.Equal(again[i], msgs[i]) {
			t.Fatalf("message %d differs after the restore into the cluster", i+1)
		}
	}

	// Again into the same cluster: refused, nothing written, the stream
	// untouched.
	data2 := filepath.Join(root, "again")
	expectRun(t, []string{"restore", "--from", bk, "--data", data2, "--cluster-replicas", "3", "--nats", cluster}, 1, "already holds the SWARM stream")
	if _, err := os.Stat(data2); !os.IsNotExist(err) {
		t.Fatalf("a refused restore wrote %s: %v", data2, err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("left behind: %v", names)
	}
	if st, err := s.Info(ctx); err != nil || st.State.LastSeq != m.Stream.Last {
		t.Fatalf("the stream after a refused restore: %v %v", st, err)
	}
}
