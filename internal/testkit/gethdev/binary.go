package gethdev

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

const (
	gethModule = "github.com/ethereum/go-ethereum"
	gethPkg    = gethModule + "/cmd/geth"
)

var (
	binMu   sync.Mutex
	binPath string // memoised result of a successful Binary call in this process
)

// Binary returns the path of a geth executable built from the go-ethereum
// version pinned in this module's go.mod, building it on first use.
//
// The executable is cached at
//
//	<os.UserCacheDir()>/swarm-ledger/geth-<version>-<GOOS>-<GOARCH>/geth
//
// and reused by every later call on the machine. Cold callers in several
// processes take a lock file in that directory (flock on Unix), so one builds
// and the others wait and reuse its binary. A build writes to a unique
// temporary file and renames it into place, so no caller ever observes a
// partially written file.
func Binary(ctx context.Context) (string, error) {
	binMu.Lock()
	defer binMu.Unlock()
	if binPath != "" && isExecutable(binPath) {
		return binPath, nil
	}

	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("gethdev: the go command is needed to build geth: %w", err)
	}
	key, err := gethCacheKey(ctx, goTool, root)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("gethdev: %w", err)
	}
	dir := filepath.Join(cache, "swarm-ledger", "geth-"+key+"-"+runtime.GOOS+"-"+runtime.GOARCH)
	dst := filepath.Join(dir, "geth"+exeSuffix())
	if isExecutable(dst) {
		binPath = dst
		return dst, nil
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("gethdev: %w", err)
	}
	// One builder at a time across processes (go test runs packages in
	// parallel): the others wait for it and reuse its binary.
	unlock, err := lockDir(dir)
	if err != nil {
		return "", err
	}
	defer unlock()
	if isExecutable(dst) {
		binPath = dst
		return dst, nil
	}
	f, err := os.CreateTemp(dir, ".geth-build-*"+exeSuffix())
	if err != nil {
		return "", fmt.Errorf("gethdev: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp) // no-op after a successful rename

	cmd := exec.CommandContext(ctx, goTool, "build", "-o", tmp, gethPkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return "", fmt.Errorf("gethdev: go build %s (in %s): %w\n%s", gethPkg, root, err, out)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("gethdev: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		// On platforms where renaming over a file in use fails, a concurrent
		// builder may already have put an identical binary in place.
		if !isExecutable(dst) {
			return "", fmt.Errorf("gethdev: %w", err)
		}
	}
	binPath = dst
	return dst, nil
}

// moduleRoot returns the directory holding the go.mod of the enclosing
// module, found by walking up from the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("gethdev: %w", err)
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && st.Mode().IsRegular() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("gethdev: no go.mod found in the working directory or its parents")
		}
		dir = parent
	}
}

// gethCacheKey returns the go-ethereum version selected by the module graph,
// extended with a short hash of the replacement when go.mod replaces it.
func gethCacheKey(ctx context.Context, goTool, root string) (string, error) {
	cmd := exec.CommandContext(ctx, goTool, "list", "-m", "-f",
		"{{.Version}}{{with .Replace}} {{.Path}}@{{.Version}}{{end}}", gethModule)
	cmd.Dir = root
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("gethdev: go list -m %s: %w\n%s", gethModule, err, stderr.String())
	}
	version, replace, replaced := strings.Cut(strings.TrimSpace(string(out)), " ")
	if version == "" || strings.ContainsAny(version, `/\:`) {
		return "", fmt.Errorf("gethdev: unexpected go-ethereum version %q", out)
	}
	if replaced {
		sum := sha256.Sum256([]byte(replace))
		version += "-replaced-" + hex.EncodeToString(sum[:6])
	}
	return version, nil
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	return runtime.GOOS == "windows" || st.Mode().Perm()&0o111 != 0
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}
