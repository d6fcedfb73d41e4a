package backup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/projections"
)

// Verify checks a backup without writing anything: every checksum, no file
// missing or extra, the manifest's format version, the stream's length and
// its digests at the checkpoint and at its end, and the ledger's and the
// projections' checkpoints against the manifest. Any failure wraps
// ErrInvalid.
func Verify(dir string) (*Manifest, error) {
	if err := checkSums(dir); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalid, ManifestFile, err)
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("%w: %s has format version %d; this swarmctl reads version %d", ErrInvalid, ManifestFile, m.Format, FormatVersion)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	n, atPos, digest, err := digestStream(filepath.Join(dir, StreamFile), m.Ledger.Position)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInvalid, StreamFile, err)
	}
	switch {
	case n != m.Stream.Last:
		return nil, bad("%s holds %d messages, the manifest says %d", StreamFile, n, m.Stream.Last)
	case m.Stream.First != min(n, 1):
		return nil, bad("the manifest's first sequence is %d", m.Stream.First)
	case digest.String() != m.Stream.EventsDigest:
		return nil, bad("%s's events digest is %s, the manifest says %s", StreamFile, digest, m.Stream.EventsDigest)
	case m.Ledger.Position > n:
		return nil, bad("the ledger checkpoint is at %d, past the stream's end %d", m.Ledger.Position, n)
	case m.Ledger.Position > 0 && atPos.String() != m.Ledger.EventsDigest:
		return nil, bad("%s's events digest at %d is %s, the ledger checkpoint's is %s", StreamFile, m.Ledger.Position, atPos, m.Ledger.EventsDigest)
	}
	state := filepath.Join(dir, StateDir)
	info, err := aggregates.InspectCheckpoint(filepath.Join(state, CheckpointLedgerDir))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if info.Position != m.Ledger.Position || info.Digest.String() != m.Ledger.EventsDigest || info.StateHash.String() != m.Ledger.StateHash {
		return nil, bad("the ledger checkpoint is at %d (digest %s, state hash %s), the manifest says %d (%s, %s)",
			info.Position, info.Digest, info.StateHash, m.Ledger.Position, m.Ledger.EventsDigest, m.Ledger.StateHash)
	}
	params, err := aggregates.LoadParams(filepath.Join(state, CheckpointParamsFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if info.Params != nil && !bytes.Equal(params.Canonical, info.Params) {
		return nil, bad("%s/%s are not the parameters the ledger checkpoint was folded with", StateDir, CheckpointParamsFile)
	}
	names := make([]string, 0, len(m.Projections))
	for name := range m.Projections {
		names = append(names, name)
	}
	ckpts, err := projections.InspectCheckpoint(filepath.Join(state, CheckpointProjectionsDir), names)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	for _, name := range names {
		if ckpts[name] != m.Projections[name] || ckpts[name] > m.Ledger.Position {
			return nil, bad("projection %s's checkpoint is %d, the manifest says %d (ledger at %d)", name, ckpts[name], m.Projections[name], m.Ledger.Position)
		}
	}
	for _, f := range []struct {
		name string
		want bool
	}{{CheckpointAddressesFile, m.Chain}, {CheckpointCursorFile, m.Cursor}} {
		_, err := os.Stat(filepath.Join(state, f.name))
		if have := err == nil; have != f.want {
			return nil, bad("%s/%s present: %v, the manifest says %v", StateDir, f.name, have, f.want)
		}
	}
	return &m, nil
}

// RestoreOptions configures Restore.
type RestoreOptions struct {
	// EncryptionKey encrypts the new JetStream store at rest (swarmd's
	// --nats-encryption-key-file).
	EncryptionKey string
	// DuplicateWindow of the re-created stream (default swarmd's).
	DuplicateWindow time.Duration
	Log             *slog.Logger
	// Cluster, when set, re-creates the stream in that external NATS
	// cluster, with Replicas replicas, instead of an embedded store under
	// the data directory, which then holds the checkpoints only. The
	// cluster must not hold the SWARM stream yet; a restore that fails
	// deletes the stream it created.
	Cluster  *nats.Conn
	Replicas int
}

// ErrStreamExists is returned when a restore into a cluster finds the
// SWARM stream there already: it restores into an empty cluster only.
var ErrStreamExists = errors.New("backup: the cluster already holds the SWARM stream")

// Restore verifies the backup in from and builds a data directory for
// swarmd run at dataDir, which must not exist or be an empty directory. It
// writes nothing when the backup fails verification; otherwise it works in
// a temporary sibling of dataDir, renamed into place at the end.
func Restore(ctx context.Context, from, dataDir string, opts RestoreOptions) (_ *Manifest, err error) {
	if opts.DuplicateWindow <= 0 {
		opts.DuplicateWindow = eventlog.DefaultDuplicateWindow
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if dataDir, err = filepath.Abs(dataDir); err != nil {
		return nil, err
	}
	if err := checkEmpty(dataDir); err != nil {
		return nil, err
	}
	m, err := Verify(from)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dataDir), "."+filepath.Base(dataDir)+".restore-")
	if err != nil {
		return nil, fmt.Errorf("backup: restore: %w", err)
	}
	done, created := false, false // created: the stream in opts.Cluster
	defer func() {
		if !done {
			os.RemoveAll(tmp)
			if created {
				err = errors.Join(err, deleteStream(opts.Cluster))
			}
		}
	}()
	if opts.Cluster != nil {
		created, err = restoreIntoCluster(ctx, filepath.Join(from, StreamFile), m, opts)
	} else {
		err = restoreStream(ctx, filepath.Join(from, StreamFile), tmp, m, opts)
	}
	if err != nil {
		return nil, err
	}
	state := filepath.Join(from, StateDir)
	for _, name := range []string{CheckpointLedgerDir, CheckpointProjectionsDir, CheckpointParamsFile, CheckpointAddressesFile, CheckpointCursorFile} {
		if err := copyTree(filepath.Join(state, name), filepath.Join(tmp, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("backup: restore %s: %w", name, err)
		}
	}
	// The copy is checked once more where swarmd will open it.
	info, err := aggregates.InspectCheckpoint(filepath.Join(tmp, CheckpointLedgerDir))
	if err != nil {
		return nil, err
	}
	if info.StateHash.String() != m.Ledger.StateHash {
		return nil, fmt.Errorf("backup: restored ledger state hash %s, the manifest says %s", info.StateHash, m.Ledger.StateHash)
	}
	if err := checkEmpty(dataDir); err != nil {
		return nil, err
	}
	os.Remove(dataDir) // an empty directory, or nothing
	if err := os.Rename(tmp, dataDir); err != nil {
		return nil, fmt.Errorf("backup: restore: %w", err)
	}
	done = true
	return m, nil
}

// checkEmpty accepts a missing path or an empty directory.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%w: %s: %w", ErrDestination, dir, err)
	case len(entries) > 0:
		return fmt.Errorf("%w: %s holds %d entries; restore only into empty storage", ErrDestination, dir, len(entries))
	}
	return nil
}

// undecodableSubject carries the messages that do not decode as events
// (the export does not keep subjects; the ledger reads every subject).
const undecodableSubject = eventlog.SubjectPrefix + "undecodable"

// restoreStream starts an embedded JetStream server on dataDir/nats,
// creates the SWARM stream and publishes the export's messages in order,
// checking that each lands at its original sequence.
func restoreStream(ctx context.Context, export, dataDir string, m *Manifest, opts RestoreOptions) error {
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "swarm-restore", Host: "127.0.0.1", Port: -1,
		StoreDir: filepath.Join(dataDir, "nats"), EncryptionKey: opts.EncryptionKey})
	if err != nil {
		return err
	}
	defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
	nc, err := nats.Connect(srv.ClientURL(), nats.Name("swarmctl restore"))
	if err != nil {
		return fmt.Errorf("backup: restore: connect: %w", err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(1024))
	if err != nil {
		return err
	}
	s, err := eventlog.EnsureStream(ctx, js, eventlog.StreamConfig(1, opts.DuplicateWindow))
	if err != nil {
		return err
	}
	return fillStream(ctx, export, js, s, m, opts)
}

// restoreIntoCluster creates the SWARM stream in the external cluster of
// opts.Cluster and fills it. created says whether it created the stream,
// which Restore deletes when the restore fails.
func restoreIntoCluster(ctx context.Context, export string, m *Manifest, opts RestoreOptions) (created bool, err error) {
	js, err := jetstream.New(opts.Cluster, jetstream.WithPublishAsyncMaxPending(1024))
	if err != nil {
		return false, err
	}
	// A cluster started moments ago answers JetStream requests only once
	// it has elected its meta leader: retry what times out, for a minute.
	for deadline := time.Now().Add(time.Minute); ; {
		actx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err = js.Stream(actx, eventlog.StreamName)
		cancel()
		if err == nil {
			return false, ErrStreamExists
		}
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			break
		}
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, nats.ErrNoResponders) && !errors.Is(err, nats.ErrTimeout) ||
			ctx.Err() != nil || time.Now().After(deadline) {
			return false, fmt.Errorf("backup: restore: stream info: %w", err)
		}
		opts.Log.Info("waiting for the cluster's JetStream", "err", err)
		time.Sleep(500 * time.Millisecond)
	}
	replicas := max(opts.Replicas, 1)
	s, err := js.CreateStream(ctx, eventlog.StreamConfig(replicas, opts.DuplicateWindow))
	if err != nil {
		return false, fmt.Errorf("backup: restore: create stream: %w", err)
	}
	return true, fillStream(ctx, export, js, s, m, opts)
}

// deleteStream deletes the SWARM stream a failed restore created in the
// cluster of nc.
func deleteStream(nc *nats.Conn) error {
	js, err := jetstream.New(nc)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = js.DeleteStream(ctx, eventlog.StreamName)
	}
	if err != nil {
		return fmt.Errorf("backup: restore: deleting the partial stream: %w", err)
	}
	return nil
}

// fillStream publishes the export's messages into the new, empty stream s
// in order, checking that each lands at its original sequence.
func fillStream(ctx context.Context, export string, js jetstream.JetStream, s jetstream.Stream, m *Manifest, opts RestoreOptions) error {
	if info, err := s.Info(ctx); err != nil || info.State.Msgs != 0 {
		return fmt.Errorf("backup: restore: the new stream is not empty (%v)", err)
	}
	f, err := os.Open(export)
	if err != nil {
		return err
	}
	defer f.Close()
	x := events.NewExportReader(f)
	seen := map[string]struct{}{}
	var pending []jetstream.PubAckFuture
	var seq uint64
	var digest events.Hash
	settle := func() error {
		for _, a := range pending {
			select {
			case ack := <-a.Ok():
				seq++
				if ack.Sequence != seq || ack.Duplicate {
					return fmt.Errorf("backup: restore: message %d stored at sequence %d (duplicate %v)", seq, ack.Sequence, ack.Duplicate)
				}
			case err := <-a.Err():
				return fmt.Errorf("backup: restore: publish message %d: %w", seq+1, err)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		pending = pending[:0]
		return nil
	}
	for {
		msg, err := x.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		digest = events.NextDigest(digest, events.MessageHash(msg))
		subject, id := undecodableSubject, ""
		if d, derr := events.Decode(msg); derr == nil {
			subject = eventlog.Subject(d.Type, d.Src)
			// A message id only once: JetStream would drop a second message
			// with the same id (stored in the original stream after its
			// duplicate window), and the log would change.
			if _, dup := seen[d.ID()]; !dup {
				seen[d.ID()], id = struct{}{}, d.ID()
			}
		}
		var popts []jetstream.PublishOpt
		if id != "" {
			popts = append(popts, jetstream.WithMsgID(id))
		}
		a, err := js.PublishMsgAsync(&nats.Msg{Subject: subject, Data: msg}, popts...)
		if err != nil {
			return fmt.Errorf("backup: restore: publish message %d: %w", seq+uint64(len(pending))+1, err)
		}
		if pending = append(pending, a); len(pending) == 512 {
			if err := settle(); err != nil {
				return err
			}
		}
	}
	if err := settle(); err != nil {
		return err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return fmt.Errorf("backup: restore: stream info: %w", err)
	}
	firstOK := info.State.FirstSeq == m.Stream.First || m.Stream.Last == 0 // an empty stream reports first 0 or 1
	if !firstOK || info.State.LastSeq != m.Stream.Last || info.State.Msgs != m.Stream.Last || digest.String() != m.Stream.EventsDigest {
		return fmt.Errorf("backup: restore: the new stream holds %d messages %d..%d (digest %s), the manifest says %d..%d (%s)",
			info.State.Msgs, info.State.FirstSeq, info.State.LastSeq, digest, m.Stream.First, m.Stream.Last, m.Stream.EventsDigest)
	}
	opts.Log.Info("stream re-created", "messages", seq)
	return nil
}

// copyTree copies a file or a directory tree, syncing each file.
func copyTree(src, dst string) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return copyFile(src, dst, st.Mode().Perm())
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(path, target, 0o644)
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
