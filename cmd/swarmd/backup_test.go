package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/backup"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
)

// startDaemonWith starts swarmd run on dir with the parameters at params.
func startDaemonWith(t *testing.T, dir, params string, natsPort, metricsPort, apiPort int) *daemon {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SWARMD_AS_MAIN=1", fmt.Sprintf(
		"SWARMD_ARGS=run --data %s --params %s --nats-port %d --metrics 127.0.0.1:%d --api 127.0.0.1:%d --batch 1",
		dir, params, natsPort, metricsPort, apiPort))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemon{cmd, natsPort, metricsPort, apiPort}
	t.Cleanup(d.kill)
	return d
}

// TestBackupOfRunningSwarmd: a swarmd process is backed up through its
// admin endpoint while it folds a stream already in its store (as
// swarmctl backup does), stopped, its data directory removed, the backup
// restored, and swarmd run started on the restored directory with its
// params.json (the README's commands): it resumes from the checkpoint and
// its final state hash equals a fault-free fold of the log.
func TestBackupOfRunningSwarmd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile(s1 + "log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	msgs = append(msgs, filler(t, 1000)...)
	root := t.TempDir()
	dataA := filepath.Join(root, "a")
	prepublish(t, dataA+"/nats", msgs)
	d := startDaemon(t, dataA, proctest.FreePort(t), proctest.FreePort(t), proctest.FreePort(t))
	waitUp(t, d)
	waitCheckpoint(t, d, 200, time.Minute)

	nc, err := nats.Connect(fmt.Sprintf("nats://127.0.0.1:%d", d.natsPort))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := jetstream.New(nc)
	stream, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	bk := filepath.Join(root, "backup")
	m, err := backup.Create(ctx, bk, func(ctx context.Context, dir string) (backup.StateCheckpoint, error) {
		var cp backup.StateCheckpoint
		body, _ := json.Marshal(backup.CheckpointRequest{Dir: dir})
		resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d%s", d.apiPort, ledgerd.CheckpointPath), "application/json", bytes.NewReader(body))
		if err != nil {
			return cp, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return cp, fmt.Errorf("checkpoint: %s", resp.Status)
		}
		return cp, json.NewDecoder(resp.Body).Decode(&cp)
	}, stream)
	nc.Close()
	if err != nil {
		t.Fatal(err)
	}
	d.stop()
	if err := os.RemoveAll(dataA); err != nil {
		t.Fatal(err)
	}
	t.Logf("backup of a running swarmd: stream 1..%d, ledger checkpoint %d", m.Stream.Last, m.Ledger.Position)
	if m.Stream.Last != uint64(len(msgs)) || m.Ledger.Position < 200 {
		t.Fatalf("backup stream 1..%d of %d messages, ledger checkpoint %d", m.Stream.Last, len(msgs), m.Ledger.Position)
	}

	dataB := filepath.Join(root, "b")
	if _, err := backup.Restore(ctx, bk, dataB, backup.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	r := startDaemonWith(t, dataB, filepath.Join(dataB, "params.json"), proctest.FreePort(t), proctest.FreePort(t), proctest.FreePort(t))
	waitUp(t, r)
	waitCheckpoint(t, r, uint64(len(msgs)), 2*time.Minute)
	r.stop()

	clean, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer clean.Close()
	if _, err := ingest.RunBatches(ctx, clean, ingest.Batched(ingest.Messages(msgs)), ingest.Options{}, ingest.Stats{}); err != nil {
		t.Fatal(err)
	}
	want, _ := clean.StateHash()
	restored, err := aggregates.Open(filepath.Join(dataB, "ledger"), params)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	got, _ := restored.StateHash()
	if restored.Position() != uint64(len(msgs)) || got != want {
		t.Fatalf("restored swarmd folded %d of %d, state hash %s, fault-free %s", restored.Position(), len(msgs), got, want)
	}
}
