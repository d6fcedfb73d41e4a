package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain/devnet"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
)

func startSwarmd(t *testing.T, args ...string) *proctest.Proc {
	t.Helper()
	return proctest.Start(t, "swarmd", "SWARMD_AS_MAIN=1", "SWARMD_ARGS="+strings.Join(args, " "))
}

func writeSecret(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content+"\n"), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func randomHex(t *testing.T) string {
	t.Helper()
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func newUser(t *testing.T) (nkeys.KeyPair, string, string) {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := kp.Seed()
	id, _ := kp.PublicKey()
	return kp, string(seed), id
}

// The real swarmd, run with every secret it takes (nkey auth, an encrypted
// store, the ledger key signing chain and ledger events, a settler key
// sending roots) and then refused with each secret damaged or misplaced,
// never writes a secret, or any 12-character piece of one, to its stdout
// or stderr.
func TestSwarmdLogsNoSecrets(t *testing.T) {
	dir := t.TempDir()
	_, ledgerSeed, ledgerID := newUser(t)
	node, nodeSeed, nodeID := newUser(t)
	_, schedSeed, schedID := newUser(t)
	_, svcSeed, svcID := newUser(t)
	settlerHex := hex.EncodeToString(crypto.FromECDSA(devnet.DevKey(0)))
	otherHex := hex.EncodeToString(crypto.FromECDSA(devnet.DevKey(7)))
	encKey, wrongEncKey := randomHex(t), randomHex(t)
	secrets := map[string]string{"ledger seed": ledgerSeed, "node seed": nodeSeed, "scheduler seed": schedSeed,
		"service seed": svcSeed, "settler key": settlerHex, "other key": otherHex, "encryption key": encKey, "wrong encryption key": wrongEncKey}

	params := map[string]any{
		"chain_id": 1337, "ledger": ledgerID, "schedulers": []string{schedID},
		"heartbeat_interval_s": 1, "base_emission": "1000000000000000000000", "scale_min_bp": 5000,
		"weight_compute_bp": 7000, "weight_avail_bp": 3000, "gpu_weights_milli": map[string]int{"NVIDIA H100 80GB HBM3": 1000},
		"min_stake_per_gpu": "1000", "commission_bp": 1000, "downtime_threshold_bp": 5000,
		"downtime_slash_bp": 50, "downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 24, "max_stakers_per_provider": 64,
	}
	auth := map[string]any{"nodes": []string{nodeID}, "schedulers": []string{schedID}, "services": []string{svcID}}
	files := map[string]string{}
	for name, v := range map[string]any{"params.json": params, "auth.json": auth} {
		raw, _ := json.Marshal(v)
		files[name] = writeSecret(t, dir, name, string(raw), 0o644)
	}
	for name, content := range map[string]string{"ledger.nk": ledgerSeed, "settler.key": settlerHex, "enc.key": encKey,
		"wrong-enc.key": wrongEncKey, "node.nk": nodeSeed, "other.key": "0x" + otherHex,
		"bad-seed.nk": ledgerSeed[:len(ledgerSeed)-3] + "AAA", "bad-hex.key": otherHex[:40] + "zz" + otherHex[42:]} {
		files[name] = writeSecret(t, dir, name, content, 0o600)
	}
	files["open.key"] = writeSecret(t, dir, "open.key", otherHex, 0o644)
	files["open.nk"] = writeSecret(t, dir, "open.nk", ledgerSeed, 0o640)
	files["open-enc.key"] = writeSecret(t, dir, "open-enc.key", encKey, 0o644)

	data, natsAddr := filepath.Join(dir, "data"), proctest.FreeAddr(t)
	_, natsPort, _ := net.SplitHostPort(natsAddr)
	base := []string{"run", "--data", data, "--params", files["params.json"], "--metrics=", "--api", proctest.FreeAddr(t),
		"--nats-port", natsPort, "--nats-auth", files["auth.json"], "--nats-encryption-key-file", files["enc.key"]}
	with := func(args ...string) []string { return slices.Concat(base, args) }
	p := startSwarmd(t, with("--ledger-key", files["ledger.nk"], "--dev-chain", proctest.FreeAddr(t),
		"--settler-key", files["settler.key"], "--epoch", "1s", "--settle-poll", "100ms")...)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	publishAsNode(ctx, t, p, natsAddr, node, nodeID)
	svc, err := nkeys.FromSeed([]byte(svcSeed))
	if err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(p.Output(), "root submitted") {
		select {
		case err := <-p.Done():
			t.Fatalf("swarmd exited (%v):\n%s", err, p.Output())
		case <-ctx.Done():
			t.Fatalf("no root submitted:\n%s", p.Output())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if got := streamMsgs(ctx, t, natsAddr, svc); got == 0 {
		t.Fatal("the run stored nothing")
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	if err := p.Wait(t, 15*time.Second); err != nil {
		t.Fatalf("swarmd: %v\n%s", err, p.Output())
	}
	outputs := map[string]string{"run with every secret": p.Output()}

	refusals := []struct {
		name string
		args []string
		want string
	}{
		{"restart with another encryption key", []string{"run", "--data", data, "--params", files["params.json"], "--metrics=", "--api=",
			"--nats-port", natsPort, "--nats-encryption-key-file", files["wrong-enc.key"]}, "server did not load them"},
		{"--nats-key with a damaged seed", with("--nats", "nats://"+natsAddr, "--nats-key", files["bad-seed.nk"]), "not an nkey user seed"},
		{"--nats-key holding a hex key", with("--nats", "nats://"+natsAddr, "--nats-key", files["other.key"]), "not an nkey user seed"},
		{"--ledger-key with a damaged seed", with("--ledger-key", files["bad-seed.nk"], "--dev-chain", proctest.FreeAddr(t)), "not an nkey user seed"},
		{"--ledger-key holding a hex key", with("--ledger-key", files["other.key"], "--dev-chain", proctest.FreeAddr(t)), "not an nkey user seed"},
		{"--ledger-key readable by its group", with("--ledger-key", files["open.nk"], "--dev-chain", proctest.FreeAddr(t)), "accessible by others"},
		{"--nats-key readable by its group", with("--nats", "nats://"+natsAddr, "--nats-key", files["open.nk"]), "accessible by others"},
		{"--nats-encryption-key-file readable by others", []string{"run", "--data", data, "--params", files["params.json"], "--metrics=", "--api=",
			"--nats-port", natsPort, "--nats-encryption-key-file", files["open-enc.key"]}, "accessible by others"},
		{"--settler-key readable by others", with("--ledger-key", files["ledger.nk"], "--dev-chain", proctest.FreeAddr(t),
			"--settler-key", files["open.key"]), "accessible by others"},
		{"--settler-key with a damaged key", with("--ledger-key", files["ledger.nk"], "--dev-chain", proctest.FreeAddr(t),
			"--settler-key", files["bad-hex.key"]), "not a hex secp256k1 key"},
		{"--settler-key holding an nkey seed", with("--ledger-key", files["ledger.nk"], "--dev-chain", proctest.FreeAddr(t),
			"--settler-key", files["node.nk"]), "not a hex secp256k1 key"},
	}
	for _, r := range refusals {
		if r.name != refusals[0].name {
			r.args[2] = filepath.Join(t.TempDir(), "data")
		}
		q := startSwarmd(t, r.args...)
		err := q.Wait(t, 15*time.Second)
		if err == nil || !strings.Contains(q.Output(), r.want) {
			t.Errorf("%s: exit %v, want an error naming %q:\n%s", r.name, err, r.want, q.Output())
		}
		outputs[r.name] = q.Output()
	}
	for name, out := range outputs {
		if l := proctest.Leaks(out, secrets); len(l) > 0 {
			t.Errorf("%s: the output holds %s:\n%s", name, strings.Join(l, ", "), out)
		}
	}
}

// publishAsNode connects with the node key and publishes a heartbeat on the
// node's subject, so the run has authenticated traffic.
func publishAsNode(ctx context.Context, t *testing.T, p *proctest.Proc, addr string, kp nkeys.KeyPair, id string) {
	t.Helper()
	opt, err := eventlog.NkeyOption(kp)
	if err != nil {
		t.Fatal(err)
	}
	var nc *nats.Conn
	for nc == nil {
		if nc, err = nats.Connect("nats://"+addr, opt, nats.Timeout(time.Second)); err != nil {
			nc = nil
			select {
			case <-ctx.Done():
				t.Fatalf("connect as the node: %v\n%s", err, p.Output())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ev := &events.Event{Src: id, Seq: 1, TimeMs: time.Now().UnixMilli(), Body: &events.NodeHeartbeatBody{}}
	msg, err := events.SignEncode(ev, kp)
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := js.Publish(ctx, eventlog.Subject(events.NodeHeartbeat, id), msg, jetstream.WithMsgID(ev.ID()))
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("publish as the node: %v\n%s", err, p.Output())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// streamMsgs is the number of messages in the SWARM stream, read with a
// service key once the server answers.
func streamMsgs(ctx context.Context, t *testing.T, addr string, kp nkeys.KeyPair) uint64 {
	t.Helper()
	opt, err := eventlog.NkeyOption(kp)
	if err != nil {
		t.Fatal(err)
	}
	for {
		nc, err := nats.Connect("nats://"+addr, opt, nats.Timeout(time.Second))
		if err == nil {
			js, _ := jetstream.New(nc)
			s, err := js.Stream(ctx, eventlog.StreamName)
			nc.Close()
			if err == nil {
				return s.CachedInfo().State.Msgs
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("stream info: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// A NATS URL may carry a user and password (or a token): swarmd must not
// print them, neither once connected nor when the server refuses them.
func TestSwarmdLogsNoNATSURLCredentials(t *testing.T) {
	password, wrong := "Pa55-in-the-URL-"+hex.EncodeToString(crypto.Keccak256([]byte(t.Name()))[:8]), "Wr0ng-in-the-URL-0123456789"
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(),
		Username: "swarmd", Password: password, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	defer srv.Shutdown()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server not ready")
	}
	_, _, ledgerID := newUser(t)
	raw, _ := json.Marshal(map[string]any{
		"chain_id": 1337, "ledger": ledgerID, "schedulers": []string{},
		"heartbeat_interval_s": 1, "base_emission": "1000000000000000000000", "scale_min_bp": 5000,
		"weight_compute_bp": 7000, "weight_avail_bp": 3000, "gpu_weights_milli": map[string]int{"NVIDIA H100 80GB HBM3": 1000},
		"min_stake_per_gpu": "1000", "commission_bp": 1000, "downtime_threshold_bp": 5000,
		"downtime_slash_bp": 50, "downtime_jail_epochs": 1, "fault_slash_bp": 10, "fault_slash_cap_bp": 200,
		"equivocation_slash_bp": 500, "equivocation_jail_epochs": 24, "max_stakers_per_provider": 64,
	})
	params := writeSecret(t, t.TempDir(), "params.json", string(raw), 0o644)
	host := strings.TrimPrefix(srv.ClientURL(), "nats://")
	for _, pw := range []string{password, wrong} {
		p := startSwarmd(t, "run", "--data", t.TempDir(), "--params", params, "--metrics=", "--api=",
			"--nats", "nats://swarmd:"+pw+"@"+host)
		if pw == password {
			for !strings.Contains(p.Output(), "swarmd up") {
				select {
				case err := <-p.Done():
					t.Fatalf("swarmd exited (%v):\n%s", err, p.Output())
				case <-time.After(20 * time.Millisecond):
				}
			}
			p.Cmd.Process.Signal(syscall.SIGTERM)
		}
		p.Wait(t, 15*time.Second)
		if l := proctest.Leaks(p.Output(), map[string]string{"password": pw}); len(l) > 0 {
			t.Errorf("the output holds the URL's %s:\n%s", strings.Join(l, ", "), p.Output())
		}
	}
}
