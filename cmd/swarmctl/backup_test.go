package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/backup"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

// backupNode is a swarmd (embedded JetStream, Pebble, read API) folding in
// the background.
type backupNode struct {
	svc  *ledgerd.Service
	js   jetstream.JetStream
	stop func()
}

func startBackupNode(ctx context.Context, t *testing.T, dir string, params *aggregates.Params, encryptionKey string) *backupNode {
	t.Helper()
	svc, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: dir, Params: params, NATSPort: -1, APIAddr: "127.0.0.1:0", EncryptionKey: encryptionKey,
		BatchSize: 64, Now: func() time.Time { return time.UnixMilli(1_736_200_000_000) },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	nc, err := nats.Connect(svc.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	n := &backupNode{svc: svc, js: js}
	n.stop = func() {
		if stopped {
			return
		}
		stopped = true
		nc.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("ledger: %v", err)
		}
		svc.Close()
	}
	t.Cleanup(n.stop)
	return n
}

// publish appends msgs as raw messages on their subjects (no message id,
// so that the stream holds exactly msgs in order).
func (n *backupNode) publish(ctx context.Context, msgs [][]byte) error {
	for _, m := range msgs {
		subject := eventlog.SubjectPrefix + "undecodable"
		if d, err := events.Decode(m); err == nil {
			subject = eventlog.Subject(d.Type, d.Src)
		}
		if _, err := n.js.Publish(ctx, subject, m); err != nil {
			return err
		}
	}
	return nil
}

// caughtUp waits until the ledger and every projection have folded total.
func (n *backupNode) caughtUp(t *testing.T, total uint64) {
	t.Helper()
	wait.Until(t, 2*time.Minute, 20*time.Millisecond, "the fold and the projections", func() bool {
		if n.svc.Checkpoint() != total {
			return false
		}
		resp, err := http.Get(n.svc.APIURL + "/v1/projections")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var sts []struct {
			Checkpoint uint64 `json:"checkpoint"`
		}
		if json.NewDecoder(resp.Body).Decode(&sts) != nil || len(sts) == 0 {
			return false
		}
		for _, st := range sts {
			if st.Checkpoint != total {
				return false
			}
		}
		// The API's view of the stream's end is cached briefly.
		resp, err = http.Get(n.svc.APIURL + "/v1/state")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var st struct {
			StreamLast uint64 `json:"stream_last"`
		}
		return json.NewDecoder(resp.Body).Decode(&st) == nil && st.StreamLast == total
	})
}

// answers reads the read API's answers that must not depend on how the
// state was reached.
func (n *backupNode) answers(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range []string{"/v1/state", "/v1/projections", "/v1/epochs?limit=1000", "/v1/earners?limit=1000", "/v1/stake?limit=1000",
		"/v1/slashes?limit=1000", "/v1/jails?limit=1000", "/v1/nodes?limit=1000"} {
		resp, err := http.Get(n.svc.APIURL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s: %s", p, resp.Status, body)
		}
		out[p] = string(body)
	}
	return out
}

func (n *backupNode) stateHash(t *testing.T) events.Hash {
	t.Helper()
	_, _, h, err := n.svc.Ledger().CommittedStateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestBackupMidIngestRestore backs up a live ledger while messages are
// still being published and folded, destroys its data directory, restores
// the backup with swarmctl restore, keeps ingesting, and compares the
// state hash and the read API with an uninterrupted run of the same log.
// Damaged backups are refused with nothing written.
func TestBackupMidIngestRestore(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sc, params, err := gen.GenerateParsed(gen.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	msgs := sc.Messages
	total := uint64(len(msgs))
	// The log holds messages that do not decode and event ids that repeat:
	// the restore must put both back where they were.
	undecodable, repeated, seen := 0, 0, map[string]bool{}
	for _, m := range msgs {
		d, err := events.Decode(m)
		if err != nil {
			undecodable++
			continue
		}
		if seen[d.ID()] {
			repeated++
		}
		seen[d.ID()] = true
	}
	if undecodable == 0 || repeated == 0 {
		t.Fatalf("the generated log has %d undecodable messages and %d repeated ids; the test needs both", undecodable, repeated)
	}

	// The uninterrupted run.
	a := startBackupNode(ctx, t, t.TempDir(), params, "")
	if err := a.publish(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	a.caughtUp(t, total)
	wantHash, wantAnswers := a.stateHash(t), a.answers(t)
	a.stop()

	// The run that is backed up mid-ingest and destroyed.
	root := t.TempDir()
	dataB := filepath.Join(root, "b")
	b := startBackupNode(ctx, t, dataB, params, "")
	third := len(msgs) / 3
	if err := b.publish(ctx, msgs[:third]); err != nil {
		t.Fatal(err)
	}
	published := make(chan error, 1)
	go func() { published <- b.publish(ctx, msgs[third:2*third]) }()
	bk := filepath.Join(root, "backup")
	expectRun(t, []string{"backup", "--out", bk, "--api", b.svc.APIURL, "--nats", b.svc.NATSURL()}, 0, "ledger checkpoint")
	if err := <-published; err != nil {
		t.Fatal(err)
	}
	// A second backup into the same directory is refused before anything
	// is asked of swarmd.
	expectRun(t, []string{"backup", "--out", bk, "--api", b.svc.APIURL, "--nats", b.svc.NATSURL()}, 1, "destination is not empty")
	if entries, _ := os.ReadDir(filepath.Join(bk, backup.StateDir)); len(entries) == 0 {
		t.Fatal("the refused backup removed the first one's state")
	}
	adminRefusals(t, b.svc.APIURL, root)
	b.stop()
	if err := os.RemoveAll(dataB); err != nil {
		t.Fatal(err)
	}
	m, err := backup.Verify(bk)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup: stream 1..%d, ledger checkpoint %d, projections %v", m.Stream.Last, m.Ledger.Position, m.Projections)
	if m.Stream.Last < uint64(third) || m.Ledger.Position > m.Stream.Last {
		t.Fatalf("backup stream ends at %d (published %d before it), ledger checkpoint %d", m.Stream.Last, third, m.Ledger.Position)
	}

	damaged(t, root, bk)

	// Restore into empty storage, the stream's store encrypted at rest, and
	// keep ingesting.
	dataC := filepath.Join(root, "c")
	keyFile := filepath.Join(root, "nats.key")
	if err := os.WriteFile(keyFile, []byte("restored-store-key-0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	expectRun(t, []string{"restore", "--from", bk, "--data", dataC, "--nats-encryption-key-file", keyFile}, 0, "restored")
	paramsC, err := aggregates.LoadParams(filepath.Join(dataC, "params.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: dataC, Params: paramsC, NATSPort: -1,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}); !errors.Is(err, ledgerd.ErrLogMismatch) {
		t.Fatalf("the restored store opened without its encryption key: %v", err)
	}
	c := startBackupNode(ctx, t, dataC, paramsC, "restored-store-key-0123456789abcdef")
	if got := c.svc.Checkpoint(); got != m.Ledger.Position {
		t.Fatalf("restored ledger resumes at %d, the backup's checkpoint is %d", got, m.Ledger.Position)
	}
	info, err := c.js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		t.Fatal(err)
	}
	if st := info.CachedInfo().State; st.FirstSeq != 1 || st.LastSeq != m.Stream.Last {
		t.Fatalf("restored stream %d..%d, backup 1..%d", st.FirstSeq, st.LastSeq, m.Stream.Last)
	}
	if err := c.publish(ctx, msgs[m.Stream.Last:]); err != nil {
		t.Fatal(err)
	}
	c.caughtUp(t, total)
	if got := c.stateHash(t); got != wantHash {
		t.Fatalf("state hash after backup, restore and more ingest %s, uninterrupted %s", got, wantHash)
	}
	got := c.answers(t)
	for p, want := range wantAnswers {
		if got[p] != want {
			t.Errorf("GET %s after restore:\n%s\nuninterrupted:\n%s", p, got[p], want)
		}
	}
	// The restored stream is the original log: its export is the log.
	exp := filepath.Join(root, "after.ndjson")
	expectRun(t, []string{"export", "--nats", c.svc.NATSURL(), "--out", exp}, 0, "exported")
	again, err := events.ReadExportFile(exp)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(msgs) {
		t.Fatalf("restored stream holds %d messages, the log %d", len(again), len(msgs))
	}
	for i := range msgs {
		if !bytes.Equal(again[i], msgs[i]) {
			t.Fatalf("message %d differs after restore", i+1)
		}
	}
}

// damaged runs swarmctl restore on damaged copies of the backup bk: each
// is refused with a clear message and the destination stays absent (no
// temporary directory left behind either).
func damaged(t *testing.T, root, bk string) {
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string
	}{
		{"tampered stream", func(t *testing.T, dir string) {
			p := filepath.Join(dir, backup.StreamFile)
			raw, _ := os.ReadFile(p)
			raw[len(raw)/2] ^= 0x01
			os.WriteFile(p, raw, 0o644)
		}, "stream.ndjson: checksum mismatch"},
		{"truncated ledger file", func(t *testing.T, dir string) {
			p := largestFile(t, filepath.Join(dir, backup.StateDir, "ledger"))
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()/2)
		}, "checksum mismatch"},
		{"missing parameters", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, backup.StateDir, "params.json"))
		}, "missing file(s) listed in SHA256SUMS: state/params.json"},
		{"extra file", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
		}, "notes.txt is not listed in SHA256SUMS"},
		{"wrong manifest version", func(t *testing.T, dir string) {
			p := filepath.Join(dir, backup.ManifestFile)
			var m map[string]any
			raw, _ := os.ReadFile(p)
			json.Unmarshal(raw, &m)
			m["format"] = 2
			raw, _ = json.Marshal(m)
			os.WriteFile(p, raw, 0o644)
			resum(t, dir)
		}, "format version 2"},
		{"stream and checkpoint disagree", func(t *testing.T, dir string) {
			// A consistent set of checksums over a stream missing its last
			// message: only the manifest's figures can catch it.
			p := filepath.Join(dir, backup.StreamFile)
			msgs, err := events.ReadExportFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.Remove(p)
			if err := events.WriteExportFile(p, msgs[:len(msgs)-1]); err != nil {
				t.Fatal(err)
			}
			resum(t, dir)
		}, "stream.ndjson holds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bk")
			copyDir(t, bk, dir)
			tc.damage(t, dir)
			parent := t.TempDir()
			dest := filepath.Join(parent, "data")
			expectRun(t, []string{"restore", "--from", dir, "--data", dest}, 1, tc.want)
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Fatalf("a refused restore left %d entries in %s", len(entries), parent)
			}
		})
	}
	t.Run("non-empty destination", func(t *testing.T) {
		dest := t.TempDir()
		os.WriteFile(filepath.Join(dest, "keep"), []byte("mine"), 0o644)
		expectRun(t, []string{"restore", "--from", bk, "--data", dest}, 1, "restore only into empty storage")
		if raw, _ := os.ReadFile(filepath.Join(dest, "keep")); string(raw) != "mine" {
			t.Fatal("the destination's file changed")
		}
		if entries, _ := os.ReadDir(dest); len(entries) != 1 {
			t.Fatalf("the destination holds %d entries", len(entries))
		}
	})
}

// resum rewrites SHA256SUMS as swarmctl backup would.
func resum(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == backup.SumsFile {
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		b.WriteString(sha256Hex(raw) + "  " + filepath.ToSlash(rel) + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, backup.SumsFile), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func largestFile(t *testing.T, dir string) string {
	t.Helper()
	var best string
	var size int64 = -1
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if st, _ := d.Info(); st != nil && st.Size() > size {
				best, size = path, st.Size()
			}
		}
		return nil
	})
	if size <= 0 {
		t.Fatalf("no file with data under %s", dir)
	}
	return best
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// adminRefusals: the checkpoint endpoint takes POST only, refuses a request
// relayed by a proxy, a relative directory and an existing one.
func adminRefusals(t *testing.T, api, root string) {
	t.Helper()
	post := func(body string, header ...string) int {
		req, _ := http.NewRequest(http.MethodPost, api+ledgerd.CheckpointPath, strings.NewReader(body))
		if len(header) == 2 {
			req.Header.Set(header[0], header[1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	dir := filepath.Join(root, "admin")
	if resp, err := http.Get(api + ledgerd.CheckpointPath); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET checkpoint: %v %v", resp, err)
	}
	for _, c := range []struct {
		body   string
		header []string
		want   int
	}{
		{`{"dir":"` + dir + `"}`, []string{"X-Forwarded-For", "203.0.113.9"}, http.StatusForbidden},
		{`{"dir":"relative/dir"}`, nil, http.StatusBadRequest},
		{`{"dir":"` + root + `"}`, nil, http.StatusBadRequest},
	} {
		if got := post(c.body, c.header...); got != c.want {
			t.Errorf("POST %s %v: %d, want %d", c.body, c.header, got, c.want)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("a refused checkpoint request wrote", dir)
	}
}

// TestBackupOfAnEmptyDeployment: a swarmd that has folded nothing backs up
// and restores (an empty stream, a ledger with no batch committed), and the
// restored ledger then folds a log like a fresh one.
func TestBackupOfAnEmptyDeployment(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sc, params, err := gen.GenerateParsed(gen.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	a := startBackupNode(ctx, t, filepath.Join(root, "a"), params, "")
	bk := filepath.Join(root, "backup")
	expectRun(t, []string{"backup", "--out", bk, "--api", a.svc.APIURL, "--nats", a.svc.NATSURL()}, 0, "stream 1..0")
	a.stop()
	dataB := filepath.Join(root, "b")
	expectRun(t, []string{"restore", "--from", bk, "--data", dataB}, 0, "ledger checkpoint 0")
	b := startBackupNode(ctx, t, dataB, params, "")
	if err := b.publish(ctx, sc.Messages); err != nil {
		t.Fatal(err)
	}
	b.caughtUp(t, uint64(len(sc.Messages)))
	fresh, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := ingest.RunBatches(ctx, fresh, ingest.Batched(ingest.Messages(sc.Messages)), ingest.Options{}, ingest.Stats{}); err != nil {
		t.Fatal(err)
	}
	want, _ := fresh.StateHash()
	if got := b.stateHash(t); got != want {
		t.Fatalf("restored empty deployment folded to %s, a fresh fold %s", got, want)
	}
}
