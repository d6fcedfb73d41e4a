package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nkeys"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
)

func readSecret(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(raw))
}

// Every swarmctl command that handles a key (keys, chain key, event sign,
// stake bond, node authorize, claim), run as users run them and with keys
// damaged, misplaced or readable by others, never prints a secret, or any
// 12-character piece of one, on stdout or stderr.
func TestCommandsPrintNoSecrets(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := startEarnLedger(ctx, t)
	n, contracts := startEarnDevnet(ctx, t, time.Second)
	last := uint64(len(l.epochs))
	for k := uint64(1); k < last; k++ {
		submitRoot(ctx, t, n, l, k, nil)
	}
	activate(ctx, t, n, 2*time.Second, last-1)
	var earner string
	for _, e := range l.reports[last-2].Earners {
		if e.Cumulative != "0" {
			earner = e.Address
			break
		}
	}
	if earner == "" {
		t.Fatal("no earner in the anchored epochs")
	}

	dir := t.TempDir()
	file := func(name string) string { return filepath.Join(dir, name) }
	other, _ := crypto.GenerateKey()
	otherHex := hex.EncodeToString(crypto.FromECDSA(other))
	otherSeed, _ := nkeys.CreateUser()
	seed, _ := otherSeed.Seed()
	for name, content := range map[string]string{"other.key": "0x" + otherHex, "other.nk": string(seed),
		"bad-hex.key": otherHex[:30] + "zz" + otherHex[32:], "bad-seed.nk": string(seed[:len(seed)-4]) + "AAAA"} {
		if err := os.WriteFile(file(name), []byte(content+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(file("open.key"), []byte(otherHex+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file("open.nk"), append(seed, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	staker, provider, payer := n.Accounts[1], n.Accounts[0], n.Accounts[1]
	secrets := map[string]string{"other hex key": otherHex, "other seed": string(seed)}
	for i, a := range n.Accounts {
		secrets[fmt.Sprintf("dev key %d", i)] = hex.EncodeToString(crypto.FromECDSA(a.Key))
	}
	nodeID := ""
	onChain := func(args ...string) []string { return append(args, "--rpc", n.URL(), "--contracts", contracts) }
	with := func(args ...string) []string { return onChain(append(args, "--api", l.svc.APIURL)...) }
	heartbeat := `{"gpus":[{"gpu":"GPU-0","util_bp":10,"mem_used_mib":1,"temp_c":40,"power_mw":1,"ecc_dbe":0,"xid":0}]}`
	sign := func(key, body string) []string {
		return []string{"event", "sign", "--key", key, "--type", "node.heartbeat", "--seq", "1", "--body", body}
	}
	bond := func(key string) []string { return onChain("stake", "bond", provider.Address.Hex(), "10", "--key", key) }

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"keys new", []string{"keys", "new", "node", "--out", file("node.nk")}, 0, "U"},
		{"keys show", []string{"keys", "show", file("node.nk")}, 0, "U"},
		{"keys new over an existing file", []string{"keys", "new", "ledger", "--out", file("node.nk")}, 1, "exists"},
		{"keys show a hex key", []string{"keys", "show", file("other.key")}, 1, "not an nkey user seed"},
		{"keys show a damaged seed", []string{"keys", "show", file("bad-seed.nk")}, 1, "not an nkey user seed"},
		{"chain key new", []string{"chain", "key", "new", file("eth.key")}, 0, "0x"},
		{"chain key show", []string{"chain", "key", "show", file("eth.key")}, 0, "0x"},
		{"chain key show an nkey seed", []string{"chain", "key", "show", file("node.nk")}, 1, "not a hex secp256k1 key"},
		{"chain key show a damaged key", []string{"chain", "key", "show", file("bad-hex.key")}, 1, "not a hex secp256k1 key"},
		{"keys show a seed readable by others", []string{"keys", "show", file("open.nk")}, 1, "accessible by others"},
		{"event sign with a seed readable by others", sign(file("open.nk"), heartbeat), 1, "accessible by others"},
		{"chain key show a key readable by others", []string{"chain", "key", "show", file("open.key")}, 1, "accessible by others"},
		{"event sign", sign(file("node.nk"), heartbeat), 0, `"sig":"`},
		{"event sign with a hex key", sign(file("other.key"), heartbeat), 1, "not an nkey user seed"},
		{"event sign with a key file as the body", sign(file("node.nk"), "@"+file("other.nk")), 2, "--body"},
		{"event sign with a hex key as the body", sign(file("node.nk"), "@"+file("other.key")), 2, "schema"},
		{"replay with a seed as the parameters", []string{"replay", "--params", file("node.nk"), s1 + "log.ndjson"}, 1, "invalid parameters"},
		{"stake bond", bond(staker.KeyFile), 0, "bonded 10 SWARM"},
		{"stake bond with a damaged key", bond(file("bad-hex.key")), 1, "not a hex secp256k1 key"},
		{"stake bond with an nkey seed", bond(file("node.nk")), 1, "not a hex secp256k1 key"},
		{"stake bond with a key readable by others", bond(file("open.key")), 1, "accessible by others"},
		{"stake bond from an account without funds", bond(file("eth.key")), 1, ""},
		{"node authorize", onChain("node", "authorize", "{node}", "--key", provider.KeyFile), 0, "authorized"},
		{"claim", with("claim", earner, "--key", payer.KeyFile), 0, "claimed"},
		{"claim again", with("claim", earner, "--key", payer.KeyFile), 1, "nothing to claim"},
		{"claim with a key readable by others", with("claim", earner, "--key", file("open.key")), 1, "accessible by others"},
		{"claim with a damaged key", with("claim", earner, "--key", file("bad-hex.key")), 1, "not a hex secp256k1 key"},
		{"chain deploy with a damaged key", []string{"chain", "deploy", "--rpc", n.URL(), "--key", file("bad-hex.key")}, 1, "not a hex secp256k1 key"},
	}
	outputs := map[string]string{}
	for _, c := range cases {
		args := slices.Clone(c.args)
		if i := slices.Index(args, "{node}"); i >= 0 {
			args[i] = nodeID
		}
		out, errOut, code := swarmctl(t, args...)
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%s: exit %d (want %d), output %q (want %q)", c.name, code, c.code, out+errOut, c.want)
		}
		outputs[c.name] = out + errOut
		switch c.name {
		case "keys new":
			nodeID = strings.TrimSpace(out)
			secrets["new seed"] = readSecret(t, file("node.nk"))
		case "chain key new":
			secrets["new hex key"] = strings.TrimPrefix(readSecret(t, file("eth.key")), "0x")
		}
	}
	if len(secrets["new seed"]) < 50 || len(secrets["new hex key"]) != 64 {
		t.Fatalf("the new keys: %q, %q", secrets["new seed"], secrets["new hex key"])
	}
	for name, out := range outputs {
		if l := proctest.Leaks(out, secrets); len(l) > 0 {
			t.Errorf("%s: the output holds %s:\n%s", name, strings.Join(l, ", "), out)
		}
	}
}
