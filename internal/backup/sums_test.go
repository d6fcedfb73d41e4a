package backup

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSums: the checksum file written for a directory verifies, and
// every way a listing can lie or escape is refused as ErrInvalid.
func TestCheckSums(t *testing.T) {
	mk := func(t *testing.T) string {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "state", "ledger"), 0o755)
		os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{}\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "state", "ledger", "000001.sst"), []byte("table"), 0o644)
		if err := writeSums(dir); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	if err := checkSums(mk(t)); err != nil {
		t.Fatalf("a fresh listing: %v", err)
	}
	sums := func(dir string) string { b, _ := os.ReadFile(filepath.Join(dir, SumsFile)); return string(b) }
	for _, c := range []struct {
		name   string
		damage func(dir string)
		want   string
	}{
		{"escaping path", func(dir string) {
			os.WriteFile(filepath.Join(dir, SumsFile), []byte(sums(dir)+strings.Repeat("0", 64)+"  ../outside\n"), 0o644)
		}, "malformed"},
		{"absolute path", func(dir string) {
			os.WriteFile(filepath.Join(dir, SumsFile), []byte(sums(dir)+strings.Repeat("0", 64)+"  /etc/passwd\n"), 0o644)
		}, "malformed"},
		{"listed twice", func(dir string) {
			line := strings.SplitAfter(sums(dir), "\n")[0]
			os.WriteFile(filepath.Join(dir, SumsFile), []byte(sums(dir)+line), 0o644)
		}, "twice"},
		{"empty listing", func(dir string) { os.WriteFile(filepath.Join(dir, SumsFile), nil, 0o644) }, "lists no file"},
		{"no listing", func(dir string) { os.Remove(filepath.Join(dir, SumsFile)) }, "SHA256SUMS"},
		{"symlink", func(dir string) {
			os.Symlink("/etc/hostname", filepath.Join(dir, "state", "link"))
		}, "not a regular file"},
		{"changed byte", func(dir string) {
			os.WriteFile(filepath.Join(dir, "state", "ledger", "000001.sst"), []byte("tablf"), 0o644)
		}, "state/ledger/000001.sst: checksum mismatch"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := mk(t)
			c.damage(dir)
			err := checkSums(dir)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrInvalid mentioning %q", err, c.want)
			}
		})
	}
}
