package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/events"
)

const s1 = "../../testdata/conformance/s1/"

func swarmctl(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestReplayConformance(t *testing.T) {
	out, stderr, code := swarmctl(t, "replay", "--params", s1+"params.json", s1+"log.ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, _ := os.ReadFile(s1 + "expected.ndjson")
	if out != string(want) {
		t.Fatalf("reports differ from expected.ndjson:\n%s", out)
	}
	table, _, code := swarmctl(t, "replay", "--format", "table", "--params", s1+"params.json", s1+"log.ndjson")
	if code != 0 || !strings.Contains(table, "top earners") || strings.Count(table, "\n") < 6 {
		t.Fatalf("table output (exit %d):\n%s", code, table)
	}
}

func TestReplayStatementsConformance(t *testing.T) {
	out, stderr, code := swarmctl(t, "replay", "--statements", "--params", s1+"params.json", s1+"log.ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, _ := os.ReadFile(s1 + "statements.ndjson")
	if len(want) == 0 || out != string(want) {
		t.Fatalf("statements differ from statements.ndjson:\n%s", out)
	}
	if _, _, code := swarmctl(t, "replay", "--statements", "--format", "table", "--params", s1+"params.json", s1+"log.ndjson"); code != 2 {
		t.Fatalf("--statements --format table: exit %d, want 2", code)
	}
}

func TestReplayErrors(t *testing.T) {
	dir := t.TempDir()
	badParams := filepath.Join(dir, "p.json")
	os.WriteFile(badParams, []byte(`{"chain_id": 1, "surprise": true}`), 0o644)
	badLog := filepath.Join(dir, "bad.ndjson")
	os.WriteFile(badLog, []byte("ok\n!%%%\n"), 0o644)
	s1Params, _ := os.ReadFile(s1 + "params.json")
	bigChain := filepath.Join(dir, "big.json")
	os.WriteFile(bigChain, bytes.Replace(s1Params, []byte(`"chain_id": 1337`), []byte(`"chain_id": 9007199254740992`), 1), 0o644)
	signedHB := filepath.Join(dir, "signed.json")
	os.WriteFile(signedHB, bytes.Replace(s1Params, []byte(`"heartbeat_interval_s": 30`), []byte(`"heartbeat_interval_s": +30`), 1), 0o644)
	crlf := filepath.Join(dir, "crlf.ndjson")
	os.WriteFile(crlf, []byte("ok\r\n!YQ==\r\n"), 0o644)
	garbage := filepath.Join(dir, "garbage.ndjson")
	os.WriteFile(garbage, []byte("\x00\xff garbage\n{}\n\n"), 0o644)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"replay", "--params", s1 + "params.json", filepath.Join(dir, "missing")}, 1, "no such file"},
		{[]string{"replay", "--params", filepath.Join(dir, "missing.json"), s1 + "log.ndjson"}, 1, "invalid parameters"},
		{[]string{"replay", "--params", badParams, s1 + "log.ndjson"}, 1, "invalid parameters"},
		{[]string{"replay", "--params", s1 + "params.json", badLog}, 1, "bad base64"},
		{[]string{"replay", "--params", bigChain, s1 + "log.ndjson"}, 1, "chain_id: want an integer literal in 0..2^53-1"},
		{[]string{"replay", "--params", signedHB, s1 + "log.ndjson"}, 1, `in the value of "heartbeat_interval_s"`},
		{[]string{"replay", "--params", s1 + "params.json", crlf}, 1, "line 2"},
		{[]string{"replay", s1 + "log.ndjson"}, 2, "required flag"},
		{[]string{"replay", "--format", "xml", "--params", s1 + "params.json", s1 + "log.ndjson"}, 2, "--format"},
		{[]string{"replay", "--params", s1 + "params.json", garbage}, 0, ""}, // bad lines are data
	}
	for _, c := range cases {
		_, stderr, code := swarmctl(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d (%q), want %d with %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}

// --state keeps the fold; a second run resumes from its checkpoint and
// prints the same reports.
func TestReplayStateResumes(t *testing.T) {
	state := t.TempDir()
	args := []string{"replay", "--state", state, "--params", s1 + "params.json", s1 + "log.ndjson"}
	first, _, code := swarmctl(t, args...)
	if code != 0 {
		t.Fatal("first run failed")
	}
	second, stderr, code := swarmctl(t, args...)
	if code != 0 || second != first {
		t.Fatalf("resumed run differs (exit %d): %s", code, stderr)
	}
	// The statements are kept in the state: a resumed run, which folds
	// nothing, prints every closed epoch's statement.
	sts, stderr, code := swarmctl(t, append([]string{"replay", "--statements"}, args[1:]...)...)
	want, _ := os.ReadFile(s1 + "statements.ndjson")
	if code != 0 || sts != string(want) {
		t.Fatalf("statements from a resumed state (exit %d, %s):\n%s", code, stderr, sts)
	}
}

func TestKeysAndSign(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "node.nk")
	pub, _, code := swarmctl(t, "keys", "new", "node", "--out", keyFile)
	pub = strings.TrimSpace(pub)
	if code != 0 || !events.ValidNodeID(pub) {
		t.Fatalf("keys new: %q exit %d", pub, code)
	}
	if info, _ := os.Stat(keyFile); info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", info.Mode())
	}
	if _, _, code := swarmctl(t, "keys", "new", "node", "--out", keyFile); code == 0 {
		t.Fatal("overwrote an existing key file")
	}
	shown, _, _ := swarmctl(t, "keys", "show", keyFile)
	if strings.TrimSpace(shown) != pub {
		t.Fatal("keys show differs from keys new")
	}
	msg, stderr, code := swarmctl(t, "event", "sign", "--key", keyFile, "--type", "node.heartbeat", "--seq", "4",
		"--time", "1736154001000", "--body", `{ "gpus": [ {"gpu":"GPU-0","util_bp":10,"mem_used_mib":1,"temp_c":40,"power_mw":1,"ecc_dbe":0,"xid":0} ] }`)
	if code != 0 {
		t.Fatalf("event sign: %s", stderr)
	}
	auth, _ := events.NewAuthority(pub, nil)
	c := auth.Check([]byte(strings.TrimSuffix(msg, "\n")))
	if c.Reason != events.Accepted || c.Event.Src != pub || c.Event.Seq != 4 {
		t.Fatalf("signed event does not verify: %q %+v", c.Reason, c.Event)
	}
	_, stderr, code = swarmctl(t, "event", "sign", "--key", keyFile, "--type", "node.heartbeat", "--seq", "4", "--body", `{"gpus":[{"gpu":"x"}]}`)
	if code != 2 || !strings.Contains(stderr, "schema") {
		t.Fatalf("invalid body: exit %d %q", code, stderr)
	}
}

func TestLogVerify(t *testing.T) {
	out, stderr, code := swarmctl(t, "log", "verify", "--params", s1+"params.json", s1+"log.ndjson")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"messages", "1492", "digest", "node.heartbeat", "root_mismatch"} {
		if !strings.Contains(out, want) {
			t.Errorf("log verify output lacks %q:\n%s", want, out)
		}
	}
}
