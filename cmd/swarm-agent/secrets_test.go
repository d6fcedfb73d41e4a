package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
)

// TestMain lets the test binary run as swarm-agent (SWARM_AGENT_ARGS: its
// arguments as a JSON array).
func TestMain(m *testing.M) {
	if raw := os.Getenv("SWARM_AGENT_ARGS"); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			fmt.Fprintln(os.Stderr, "SWARM_AGENT_ARGS:", err)
			os.Exit(2)
		}
		os.Args = append([]string{"swarm-agent"}, args...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func startAgent(t *testing.T, args ...string) *proctest.Proc {
	t.Helper()
	raw, _ := json.Marshal(args)
	return proctest.Start(t, "swarm-agent", "SWARM_AGENT_ARGS="+string(raw))
}

func params(t *testing.T, ledger string) *aggregates.Params {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{
		"chain_id": 1337, "ledger": ledger, "schedulers": []string{},
		"heartbeat_interval_s": 1, "base_emission": "1000000000000000000000", "scale_min_bp": 5000,
		"weight_compute_bp": 7000, "weight_avail_bp": 3000, "gpu_weights_milli": map[string]int{"NVIDIA H100 80GB HBM3": 1000},
		"min_stake_per_gpu": "1000", "commission_bp": 1000, "downtime_threshold_bp": 5000,
		"downtime_slash_bp": 50, "downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 24, "max_stakers_per_provider": 64,
	})
	p, err := aggregates.ParseParams(raw)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// swarm-agent, authenticating to NATS with its node key and signing its
// registration and heartbeats with it, and refused with a damaged or
// misplaced key, never prints the seed, or any 12-character piece of it.
func TestAgentPrintsNoSecrets(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ledger, _ := nkeys.CreateUser()
	node, _ := nkeys.CreateUser()
	ledgerID, _ := ledger.PublicKey()
	nodeID, _ := node.PublicKey()
	seed, _ := node.Seed()
	other, _ := crypto.GenerateKey()
	otherHex := hex.EncodeToString(crypto.FromECDSA(other))
	secrets := map[string]string{"node seed": string(seed), "hex key": otherHex}

	svc, err := ledgerd.Start(ctx, ledgerd.Config{DataDir: t.TempDir(), Params: params(t, ledgerID), NATSPort: -1,
		Auth: &eventlog.Auth{Nodes: []string{nodeID}}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(runCtx) }()
	defer func() { stop(); <-done; svc.Close() }()

	dir := t.TempDir()
	for name, content := range map[string]string{"node.nk": string(seed), "other.key": otherHex,
		"bad-seed.nk": string(seed[:len(seed)-4]) + "AAAA"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := func(key string) []string {
		return []string{"--key", filepath.Join(dir, key), "--provider", "0x" + strings.Repeat("ab", 20), "--spool", t.TempDir(),
			"--source", "sim", "--sim-gpus", "2", "--interval", "100ms", "--nats", svc.NATSURL(), "--nats-auth"}
	}
	p := startAgent(t, args("node.nk")...)
	for svc.Checkpoint() < 4 {
		select {
		case err := <-p.Done():
			t.Fatalf("swarm-agent exited (%v):\n%s", err, p.Output())
		case <-ctx.Done():
			t.Fatalf("the ledger folded %d of the agent's messages:\n%s", svc.Checkpoint(), p.Output())
		case <-time.After(20 * time.Millisecond):
		}
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	if err := p.Wait(t, 15*time.Second); err != nil || !strings.Contains(p.Output(), "swarm-agent up") {
		t.Fatalf("swarm-agent: %v\n%s", err, p.Output())
	}
	outputs := map[string]string{"run": p.Output()}
	if err := os.WriteFile(filepath.Join(dir, "open.nk"), append(seed, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "open.nk"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, want string }{
		{"open.nk", "accessible by others"},
		{"bad-seed.nk", "not an nkey user seed"},
		{"other.key", "not an nkey user seed"},
		{"missing.nk", "no such file"},
	} {
		q := startAgent(t, args(c.key)...)
		if err := q.Wait(t, 15*time.Second); err == nil || !strings.Contains(q.Output(), c.want) {
			t.Errorf("--key %s: %v, want an error naming %q:\n%s", c.key, err, c.want, q.Output())
		}
		outputs[c.key] = q.Output()
	}
	for name, out := range outputs {
		if l := proctest.Leaks(out, secrets); len(l) > 0 {
			t.Errorf("%s: the output holds %s:\n%s", name, strings.Join(l, ", "), out)
		}
	}
}

// A NATS URL may carry a user and password (or a token): swarm-agent must
// not print them.
func TestAgentPrintsNoNATSURLCredentials(t *testing.T) {
	password := "Pa55-in-the-URL-0123456789"
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(),
		Username: "agent", Password: password, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	defer srv.Shutdown()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	url := strings.Replace(srv.ClientURL(), "nats://", "nats://agent:"+password+"@", 1)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if _, err := eventlog.EnsureStream(context.Background(), js, eventlog.StreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	node, _ := nkeys.CreateUser()
	seed, _ := node.Seed()
	key := filepath.Join(t.TempDir(), "node.nk")
	if err := os.WriteFile(key, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	p := startAgent(t, "--key", key, "--provider", "0x"+strings.Repeat("ab", 20), "--spool", t.TempDir(),
		"--source", "sim", "--interval", "100ms", "--nats", url)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.Output(), "registered"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("swarm-agent did not start:\n%s", p.Output())
		}
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	p.Wait(t, 15*time.Second)
	if l := proctest.Leaks(p.Output(), map[string]string{"password": password}); len(l) > 0 {
		t.Errorf("the output holds the URL's %s:\n%s", strings.Join(l, ", "), p.Output())
	}
}
