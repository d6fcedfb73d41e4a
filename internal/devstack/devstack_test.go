package devstack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testLog writes warnings and errors to the test log.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

func testConfig(t *testing.T, dir string) Config {
	return Config{DataDir: dir, EpochLength: 3 * time.Second, APIAddr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0",
		NATSPort: -1, RPCAddr: "127.0.0.1:0", Log: testLog(t)}
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// The stack settles on its own: epochs close and are anchored on chain, a
// provider earns, the progress reporter shows the URLs and the epochs, and
// a restart on the same data directory begins a new run beside the first.
func TestStackSettles(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	data := t.TempDir()
	st, err := Start(ctx, testConfig(t, data))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t.Logf("up in %s: %s", time.Since(start).Round(time.Millisecond), st.Dir)
	var out syncBuffer
	progressDone := make(chan error, 1)
	go func() { progressDone <- st.Progress(ctx, &out, 500*time.Millisecond) }()

	rpc, _, err := chain.Dial(ctx, st.RPCURL)
	if err != nil {
		t.Fatal(err)
	}
	defer rpc.Close()
	addrs, err := chain.LoadAddresses(st.Contracts)
	if err != nil {
		t.Fatal(err)
	}
	client, err := chain.NewClient(ctx, rpc, addrs)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(40 * time.Second)
	wait.For(t, time.Until(deadline), 100*time.Millisecond, func() error {
		last, err := client.LastEpoch(ctx)
		s, _ := st.Service().Settlement()
		if !(err == nil && last >= 2 && s.LastAnchored >= 2) {
			return fmt.Errorf("waiting for two epochs anchored on chain (last: %s)", out.String())
		}
		return nil
	})
	provider := st.Providers[0].Address
	wait.For(t, time.Until(deadline), 100*time.Millisecond, func() error {
		var h struct {
			Cumulative string `json:"cumulative"`
		}
		err := getJSON(st.APIURL+"/v1/earners/"+provider, &h)
		if !(err == nil && h.Cumulative != "" && h.Cumulative != "0") {
			return fmt.Errorf("waiting for the provider's earnings (last: %s)", h.Cumulative)
		}
		return nil
	})
	wait.For(t, time.Until(deadline), 100*time.Millisecond, func() error {
		if !regexp.MustCompile(`anchored [1-9].*top earners: \S+ [0-9]`).MatchString(out.String()) {
			return fmt.Errorf("waiting for a progress line with anchored epochs and earners (last: %s)", out.String())
		}
		return nil
	})
	for _, want := range []string{st.APIURL + "/", st.APIURL + "/v1/", st.MetricsURL, st.NATSURL, st.RPCURL,
		"bin/swarmctl earnings " + provider, st.Contracts, "epochs closed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("progress output lacks %q:\n%s", want, out.String())
		}
	}
	t.Logf("settled in %s:\n%s", time.Since(start).Round(time.Millisecond), out.String())

	if err := st.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := <-progressDone; err != nil {
		t.Fatalf("progress: %v", err)
	}
	restart(ctx, t, data, st.Dir)
	t.Logf("total %s", time.Since(start).Round(time.Millisecond))
}

// restart starts the stack again on data: a new run beside first, which
// keeps its ledger.
func restart(ctx context.Context, t *testing.T, data, first string) {
	t.Helper()
	st, err := Start(ctx, testConfig(t, data))
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	defer st.Close()
	if filepath.Dir(st.Dir) != data || st.Dir == first {
		t.Fatalf("restart ran in %s, want a new run in %s beside %s", st.Dir, data, first)
	}
	if _, err := os.Stat(filepath.Join(first, "ledger")); err != nil {
		t.Fatalf("the first run's ledger is gone: %v", err)
	}
	checkCurrent(t, st)
	var list struct {
		LastClosed *uint64 `json:"last_closed"`
	}
	if err := getJSON(st.APIURL+"/v1/epochs", &list); err != nil {
		t.Fatalf("restarted API: %v", err)
	}
	if list.LastClosed == nil {
		t.Fatal("restarted API: no last_closed in GET /v1/epochs")
	}
	if err := st.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// checkCurrent: DataDir/current is the running stack's run, and its env
// file, sourced by a shell, names that run's endpoints and accounts.
func checkCurrent(t *testing.T, st *Stack) {
	t.Helper()
	if target, err := os.Readlink(filepath.Join(st.cfg.DataDir, CurrentLink)); err != nil || target != filepath.Base(st.Dir) {
		t.Fatalf("%s -> %q (%v), want %s", CurrentLink, target, err, filepath.Base(st.Dir))
	}
	out, err := exec.Command("sh", "-c", `. "$1" && printf '%s\n' "$SWARM_API" "$SWARM_RPC" "$SWARM_NATS" "$SWARM_CONTRACTS" "$D" "$DEPLOYER" "$PROVIDER" "$PROVIDER_KEY" "$STAKER" "$STAKER2_KEY"`,
		"sh", st.EnvPath()).CombinedOutput()
	if err != nil {
		t.Fatalf("source %s: %v: %s", st.EnvPath(), err, out)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	cur, _ := filepath.Abs(filepath.Join(st.cfg.DataDir, CurrentLink))
	want := []string{st.APIURL, st.RPCURL, st.NATSURL, filepath.Join(cur, ChainDir, "addresses.json"), cur, st.Deployer,
		st.Providers[0].Address, filepath.Join(cur, ChainDir, "keys", filepath.Base(st.Providers[0].KeyFile)),
		st.Stakers[0].Address, filepath.Join(cur, ChainDir, "keys", filepath.Base(st.Stakers[1].KeyFile))}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("env file gives\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range []string{want[3], want[7], want[9]} {
		if _, err := os.Stat(f); err != nil {
			t.Fatal(err)
		}
	}
}

// Start refuses what it cannot run: a `swarmd run` data directory and
// impossible configurations. Nothing is left behind.
func TestStartRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "ledger"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Start(ctx, testConfig(t, dir)); !errors.Is(err, ErrDataDir) {
		t.Errorf("swarmd run data dir: %v, want ErrDataDir", err)
	}
	for _, mod := range []func(*Config){
		func(c *Config) { c.DataDir = "" },
		func(c *Config) { c.Nodes, c.Providers = 2, 3 },
		func(c *Config) { c.EpochLength = 10 * time.Millisecond },
		func(c *Config) { c.Nodes = -1 },
	} {
		cfg := testConfig(t, t.TempDir())
		mod(&cfg)
		if _, err := Start(ctx, cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: %v, want ErrConfig", cfg, err)
		}
	}
}

// A failed start removes its run directory: here the API address is taken.
func TestFailedStartCleansUp(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	busy, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.APIAddr = busy.Addr().String()
	if _, err := Start(ctx, cfg); err == nil {
		t.Fatal("started with the API address taken")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("left %v behind", entries)
	}
}
