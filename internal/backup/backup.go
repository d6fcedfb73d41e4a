package backup

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// FormatVersion is the version of the backup layout and manifest.
const FormatVersion = 1

// Files and directories of a backup.
const (
	ManifestFile = "manifest.json"
	SumsFile     = "SHA256SUMS"
	StreamFile   = "stream.ndjson"
	StateDir     = "state"
)

// Sentinel errors.
var (
	// ErrInvalid marks a backup that fails verification: a checksum, a
	// missing or extra file, the manifest, the stream or a checkpoint.
	ErrInvalid = errors.New("backup: invalid backup")
	// ErrDestination marks an output or data directory that is not empty.
	ErrDestination = errors.New("backup: destination is not empty")
	// ErrInconsistent marks a backup whose stream is not the log the
	// checkpoint was folded from.
	ErrInconsistent = errors.New("backup: the stream is not the log the checkpoint was folded from")
)

// Manifest describes a backup.
type Manifest struct {
	Format int `json:"format"`
	Stream struct {
		First        uint64 `json:"first_seq"`     // 1, or 0 for an empty stream
		Last         uint64 `json:"last_seq"`      // S
		EventsDigest string `json:"events_digest"` // the digest at S
	} `json:"stream"`
	Ledger struct {
		Position     uint64 `json:"position"` // P ≤ S
		EventsDigest string `json:"events_digest"`
		StateHash    string `json:"state_hash"`
		LastClosed   uint64 `json:"last_closed"`
	} `json:"ledger"`
	Projections map[string]uint64 `json:"projections"`
	Chain       bool              `json:"chain"` // addresses.json (and the cursor, if any) are in state/
	Cursor      bool              `json:"chain_cursor"`
	Versions    Versions          `json:"versions"`
}

// Versions names the software that wrote a backup.
type Versions struct {
	Module string `json:"module"`
	VCS    string `json:"vcs_revision,omitempty"`
	Go     string `json:"go"`
}

func currentVersions() Versions {
	v := Versions{Module: "(unknown)", Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		v.Module = bi.Main.Path + "@" + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				v.VCS = s.Value
			}
		}
	}
	return v
}

// Checkpointer asks the running swarmd to write its state checkpoint into
// dir (an absolute path that does not exist yet).
type Checkpointer func(ctx context.Context, dir string) (StateCheckpoint, error)

// Create writes a backup into out, which must not exist or be an empty
// directory: the state checkpoint (by checkpoint), then the stream from
// sequence 1 to its last sequence, the manifest and the checksums. On
// failure it removes what it wrote.
func Create(ctx context.Context, out string, checkpoint Checkpointer, stream jetstream.Stream) (m *Manifest, err error) {
	out, err = filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := prepareEmpty(out); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			clearDir(out)
		}
	}()
	cp, err := checkpoint(ctx, filepath.Join(out, StateDir))
	if err != nil {
		return nil, fmt.Errorf("backup: checkpoint: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(out, StreamFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	n, err := eventlog.Export(ctx, stream, events.NewExportWriter(f))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("backup: export the stream: %w", err)
	}
	m = &Manifest{Format: FormatVersion, Projections: cp.Projections, Chain: cp.Addresses != nil, Cursor: cp.Cursor != nil, Versions: currentVersions()}
	m.Ledger.Position, m.Ledger.EventsDigest, m.Ledger.StateHash, m.Ledger.LastClosed = cp.Position, cp.Digest, cp.StateHash, cp.LastClosed
	last, atPos, digest, err := digestStream(filepath.Join(out, StreamFile), cp.Position)
	if err != nil {
		return nil, err
	}
	if last != n {
		return nil, fmt.Errorf("backup: exported %d messages, the file holds %d", n, last)
	}
	if last < cp.Position {
		return nil, fmt.Errorf("%w: the checkpoint is at %d, the stream ends at %d", ErrInconsistent, cp.Position, last)
	}
	if atPos.String() != cp.Digest {
		return nil, fmt.Errorf("%w: events digest at %d is %s, the checkpoint's is %s", ErrInconsistent, cp.Position, atPos, cp.Digest)
	}
	m.Stream.Last, m.Stream.EventsDigest = last, digest.String()
	if last > 0 {
		m.Stream.First = 1
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeSynced(filepath.Join(out, ManifestFile), append(raw, '\n')); err != nil {
		return nil, err
	}
	if err := writeSums(out); err != nil {
		return nil, err
	}
	return m, nil
}

// digestStream reads an export file and returns its message count, the
// events digest at position pos (when the file reaches it) and at its end.
func digestStream(path string, pos uint64) (n uint64, atPos, last events.Hash, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, atPos, last, err
	}
	defer f.Close()
	x := events.NewExportReader(f)
	for {
		msg, err := x.Next()
		if err == io.EOF {
			return n, atPos, last, nil
		}
		if err != nil {
			return n, atPos, last, err
		}
		last = events.NextDigest(last, events.MessageHash(msg))
		if n++; n == pos {
			atPos = last
		}
	}
}

// prepareEmpty creates dir, or accepts an existing empty directory.
func prepareEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("%w: %s: %w", ErrDestination, dir, err)
	case len(entries) > 0:
		return fmt.Errorf("%w: %s holds %d entries (refusing to overwrite anything)", ErrDestination, dir, len(entries))
	}
	return nil
}

// clearDir removes everything inside dir, leaving it empty.
func clearDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// listFiles returns every regular file under dir but SumsFile, as sorted
// slash-separated relative paths; anything else (a symlink, a device) is
// an error.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if !d.Type().IsRegular() {
			return fmt.Errorf("%w: %s is not a regular file", ErrInvalid, rel)
		}
		if rel != SumsFile {
			out = append(out, rel)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeSums writes SumsFile: "HEX  PATH" per file, sorted by path.
func writeSums(dir string) error {
	files, err := listFiles(dir)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for _, rel := range files {
		sum, err := fileSum(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, rel)
	}
	return writeSynced(filepath.Join(dir, SumsFile), b.Bytes())
}

// checkSums verifies that dir holds exactly the files SumsFile lists,
// each with its checksum.
func checkSums(dir string) error {
	raw, err := os.ReadFile(filepath.Join(dir, SumsFile))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	want := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for line := 1; sc.Scan(); line++ {
		sum, rel, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || rel == "" || !fs.ValidPath(rel) || rel == SumsFile {
			return fmt.Errorf("%w: %s line %d is malformed", ErrInvalid, SumsFile, line)
		}
		if _, dup := want[rel]; dup {
			return fmt.Errorf("%w: %s lists %s twice", ErrInvalid, SumsFile, rel)
		}
		want[rel] = sum
	}
	if len(want) == 0 {
		return fmt.Errorf("%w: %s lists no file", ErrInvalid, SumsFile)
	}
	files, err := listFiles(dir)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	have := map[string]bool{}
	for _, rel := range files {
		have[rel] = true
		sum, ok := want[rel]
		if !ok {
			return fmt.Errorf("%w: %s is not listed in %s", ErrInvalid, rel, SumsFile)
		}
		got, err := fileSum(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		if got != sum {
			return fmt.Errorf("%w: %s: checksum mismatch (SHA-256 %s, %s says %s): the file was changed or truncated", ErrInvalid, rel, got, SumsFile, sum)
		}
	}
	var missing []string
	for rel := range want {
		if !have[rel] {
			missing = append(missing, rel)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("%w: missing file(s) listed in %s: %s", ErrInvalid, SumsFile, strings.Join(missing, ", "))
	}
	return nil
}
