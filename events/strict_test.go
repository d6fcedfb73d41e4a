package events

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func testKey(t testing.TB, b byte) nkeys.KeyPair {
	t.Helper()
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func pubOf(t testing.TB, kp nkeys.KeyPair) string {
	t.Helper()
	p, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// validHeartbeat returns a signed, canonical heartbeat and its signer.
func validHeartbeat(t testing.TB) ([]byte, nkeys.KeyPair) {
	kp := testKey(t, 7)
	ev := &Event{Src: pubOf(t, kp), Seq: 3, TimeMs: 1736154001000, Body: &NodeHeartbeatBody{GPUs: []GPUSample{
		{GPU: "GPU-1", UtilBP: 5000, MemUsedMiB: 100, TempC: 60, PowerMW: 300000},
	}}}
	msg, err := SignEncode(ev, kp)
	if err != nil {
		t.Fatal(err)
	}
	return msg, kp
}

func TestDecodeRejectsNonCanonical(t *testing.T) {
	msg, _ := validHeartbeat(t)
	if _, err := Decode(msg); err != nil {
		t.Fatalf("valid message rejected: %v\n%s", err, msg)
	}
	s := string(msg)
	mutations := map[string]string{
		"leading space":     " " + s,
		"trailing newline":  s + "\n",
		"space after colon": strings.Replace(s, `"seq":3`, `"seq": 3`, 1),
		"reordered members": strings.Replace(strings.Replace(s, `"seq":3,`, ``, 1), `"v":1}`, `"v":1,"seq":3}`, 1),
		"unknown member":    strings.Replace(s, `"v":1}`, `"v":1,"w":1}`, 1),
		"missing member":    strings.Replace(s, `,"time":1736154001000`, ``, 1),
		"float":             strings.Replace(s, `"util_bp":5000`, `"util_bp":5000.0`, 1),
		"exponent":          strings.Replace(s, `"util_bp":5000`, `"util_bp":5e3`, 1),
		"leading zero":      strings.Replace(s, `"seq":3`, `"seq":03`, 1),
		"minus zero time":   strings.Replace(s, `"time":1736154001000`, `"time":-0`, 1),
		"2^53":              strings.Replace(s, `"time":1736154001000`, `"time":9007199254740992`, 1),
		"escape":            strings.Replace(s, `"GPU-1"`, `"GPU\u002d1"`, 1),
		"non-ascii":         strings.Replace(s, `"GPU-1"`, "\"GPU\u00e91\"", 1),
		"tab in string":     strings.Replace(s, `"GPU-1"`, "\"GPU\t1\"", 1),
		"long string":       strings.Replace(s, `"GPU-1"`, `"`+strings.Repeat("x", 129)+`"`, 1),
		"duplicate member":  strings.Replace(s, `"v":1}`, `"v":1,"v":1}`, 1),
		"null":              strings.Replace(s, `"ecc_dbe":0`, `"ecc_dbe":null`, 1),
		"bool for int":      strings.Replace(s, `"ecc_dbe":0`, `"ecc_dbe":false`, 1),
		"version 2":         strings.Replace(s, `"v":1}`, `"v":2}`, 1),
		"seq 0":             strings.Replace(s, `"seq":3`, `"seq":0`, 1),
		"negative ecc":      strings.Replace(s, `"ecc_dbe":0`, `"ecc_dbe":-1`, 1),
		"util 10001":        strings.Replace(s, `"util_bp":5000`, `"util_bp":10001`, 1),
		"temp 151":          strings.Replace(s, `"temp_c":60`, `"temp_c":151`, 1),
		"unknown type":      strings.Replace(s, `"node.heartbeat"`, `"node.heartbeats"`, 1),
		"lowercase src":     strings.Replace(s, `"src":"U`, `"src":"u`, 1),
		"trailing garbage":  s + "x",
		"empty":             "",
		"sig not string":    strings.Replace(s, `"sig":"`, `"sig":1,"x":"`, 1),
	}
	for name, m := range mutations {
		if m == s {
			t.Fatalf("%s: mutation did not change the message", name)
		}
		if _, err := Decode([]byte(m)); err == nil {
			t.Errorf("%s: accepted %s", name, m)
		}
	}
	big := strings.Replace(s, `"region"`, `"region"`, 1)
	if _, err := Decode([]byte(big + strings.Repeat(" ", MaxEventBytes))); err == nil {
		t.Error("oversized message accepted")
	}
}

func TestBodySchemaRules(t *testing.T) {
	kp := testKey(t, 9)
	node := pubOf(t, kp)
	addr := "0x" + strings.Repeat("ab", 20)
	hash := "0x" + strings.Repeat("cd", 32)
	gpus := func(n int, dup bool) []GPUSpec {
		var out []GPUSpec
		for i := range n {
			id := "g" + string(rune('a'+i))
			if dup {
				id = "same"
			}
			out = append(out, GPUSpec{UUID: id, Model: "M", MemMiB: 1})
		}
		return out
	}
	cases := []struct {
		name string
		src  string
		seq  uint64
		body Body
		ok   bool
	}{
		{"registered ok", node, 1, &NodeRegisteredBody{Provider: addr, GPUs: gpus(16, false)}, true},
		{"registered 0 gpus", node, 1, &NodeRegisteredBody{Provider: addr}, false},
		{"registered 17 gpus", node, 1, &NodeRegisteredBody{Provider: addr, GPUs: gpus(17, false)}, false},
		{"registered duplicate uuid", node, 1, &NodeRegisteredBody{Provider: addr, GPUs: gpus(2, true)}, false},
		{"registered upper-case address", node, 1, &NodeRegisteredBody{Provider: strings.ToUpper(addr), GPUs: gpus(1, false)}, false},
		{"heartbeat no gpus", node, 1, &NodeHeartbeatBody{}, true},
		{"completed 0 seconds", node, 1, &TaskCompletedBody{Task: "t"}, false},
		{"failed bad fault", node, 1, &TaskFailedBody{Task: "t", Fault: "cosmic"}, false},
		{"failed ok", node, 1, &TaskFailedBody{Task: "t", Fault: FaultNetwork}, true},
		{"assigned no gpus", node, 1, &TaskAssignedBody{Task: "t", Node: node}, false},
		{"assigned bad node", node, 1, &TaskAssignedBody{Task: "t", Node: "U" + node[1:55] + "A", GPUs: []string{"g"}}, false},
		{"chain seq ok", ChainSrc, 5*MaxLogIndex + 7, &NodeAuthBody{ChainRef: ChainRef{Tx: hash, Block: 5, Log: 7}, Provider: addr, Node: node}, true},
		{"chain seq mismatch", ChainSrc, 5*MaxLogIndex + 8, &NodeAuthBody{ChainRef: ChainRef{Tx: hash, Block: 5, Log: 7}, Provider: addr, Node: node}, false},
		{"chain log too big", ChainSrc, 5*MaxLogIndex + MaxLogIndex, &NodeAuthBody{ChainRef: ChainRef{Tx: hash, Block: 5, Log: MaxLogIndex}, Provider: addr, Node: node}, false},
		{"chain largest block", ChainSrc, (maxInt / MaxLogIndex) * MaxLogIndex, &NodeAuthBody{ChainRef: ChainRef{Tx: hash, Block: maxInt / MaxLogIndex}, Provider: addr, Node: node}, true},
		{"slash bp 10001", ChainSrc, MaxLogIndex, &SlashedBody{ChainRef: ChainRef{Tx: hash, Block: 1}, Provider: addr, BP: 10001, Evidence: hash, Amount: bigInt(1)}, false},
		{"amount 2^256", ChainSrc, MaxLogIndex, &StakeBody{Kind: ChainBonded, ChainRef: ChainRef{Tx: hash, Block: 1}, Provider: addr, Staker: addr, Amount: MaxAmount()}, false},
		{"amount 2^256-1", ChainSrc, MaxLogIndex, &StakeBody{Kind: ChainBonded, ChainRef: ChainRef{Tx: hash, Block: 1}, Provider: addr, Staker: addr, Amount: bigInt(0).Sub(MaxAmount(), bigInt(1))}, true},
		{"slash proposed ok", ChainSrc, 3*MaxLogIndex + 1, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3, Log: 1}, Provider: addr, BP: 10000, Evidence: hash, ExecutableAt: 1700000000}, true},
		{"slash proposed executable_at 0", ChainSrc, 3 * MaxLogIndex, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3}, Provider: addr, BP: 1, Evidence: hash}, true},
		{"slash proposed bp 10001", ChainSrc, 3 * MaxLogIndex, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3}, Provider: addr, BP: 10001, Evidence: hash}, false},
		{"slash proposed short evidence", ChainSrc, 3 * MaxLogIndex, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3}, Provider: addr, BP: 1, Evidence: hash[:65]}, false},
		{"slash proposed bad provider", ChainSrc, 3 * MaxLogIndex, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3}, Provider: strings.ToUpper(addr), BP: 1, Evidence: hash}, false},
		{"slash proposed executable_at 2^53", ChainSrc, 3 * MaxLogIndex, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3}, Provider: addr, BP: 1, Evidence: hash, ExecutableAt: 1 << 53}, false},
		{"slash proposed seq mismatch", ChainSrc, 3*MaxLogIndex + 2, &SlashProposedBody{ChainRef: ChainRef{Tx: hash, Block: 3, Log: 1}, Provider: addr, BP: 1, Evidence: hash}, false},
		{"slash vetoed ok", ChainSrc, 4*MaxLogIndex + 9, &SlashVetoedBody{ChainRef: ChainRef{Tx: hash, Block: 4, Log: 9}, Evidence: hash}, true},
		{"slash vetoed upper-case evidence", ChainSrc, 4 * MaxLogIndex, &SlashVetoedBody{ChainRef: ChainRef{Tx: hash, Block: 4}, Evidence: strings.ToUpper(hash)}, false},
		{"slash vetoed seq mismatch", ChainSrc, 4 * MaxLogIndex, &SlashVetoedBody{ChainRef: ChainRef{Tx: hash, Block: 4, Log: 9}, Evidence: hash}, false},
		{"epoch 0", node, 1, &EpochClosedBody{Epoch: 0, EndMs: 1}, false},
		{"anchored short root", node, 1, &EpochAnchoredBody{Epoch: 1, Root: hash[:65], Tx: hash}, false},
	}
	for _, c := range cases {
		ev := &Event{Src: c.src, Seq: c.seq, Body: c.body}
		msg, err := SignEncode(ev, kp)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Decode(msg)
		if (err == nil) != c.ok {
			t.Errorf("%s: decode error %v, want ok=%v\n%s", c.name, err, c.ok, msg)
		}
	}
}

func TestAmountCanonical(t *testing.T) {
	for _, s := range []string{"", "01", "-1", "+1", "1e3", "1.0", " 1", strings.Repeat("9", 79)} {
		if _, err := ParseAmount(s); err == nil {
			t.Errorf("ParseAmount(%q) accepted", s)
		}
	}
	for _, s := range []string{"0", "1", "115792089237316195423570985008687907853269984665640564039457584007913129639935"} {
		if v, err := ParseAmount(s); err != nil || v.String() != s {
			t.Errorf("ParseAmount(%q) = %v, %v", s, v, err)
		}
	}
}

// TestMaxAmountIsACopy: a caller changing the bound it was handed changes
// nothing for anyone else.
func TestMaxAmountIsACopy(t *testing.T) {
	const max = "115792089237316195423570985008687907853269984665640564039457584007913129639936" // 2^256
	m := MaxAmount()
	if m.String() != max {
		t.Fatalf("MaxAmount() = %s, want 2^256", m)
	}
	m.SetInt64(1)
	if got := MaxAmount().String(); got != max {
		t.Fatalf("MaxAmount() after a caller changed its copy = %s", got)
	}
	if _, err := ParseAmount("5"); err != nil {
		t.Fatalf("ParseAmount(5) after a caller changed its copy: %v", err)
	}
}

func TestNodeIDMatchesNkeys(t *testing.T) {
	id := pubOf(t, testKey(t, 1))
	if !ValidNodeID(id) {
		t.Fatal("nkeys public key rejected")
	}
	bad := []string{
		id[:55],                          // short
		id + "A",                         // long
		strings.ToLower(id),              // lower case
		id[:10] + "1" + id[11:],          // not base32
		id[:20] + flip(id[20]) + id[21:], // bad CRC
	}
	acct, _ := nkeys.CreateAccount()
	apub, _ := acct.PublicKey()
	bad = append(bad, apub) // account, not user, prefix
	for _, s := range bad {
		if ValidNodeID(s) {
			t.Errorf("accepted %q", s)
		}
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

func TestSignatureStrictness(t *testing.T) {
	msg, kp := validHeartbeat(t)
	auth, err := NewAuthority(pubOf(t, testKey(t, 2)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := auth.Check(msg); c.Reason != Accepted {
		t.Fatalf("valid message: %s", c.Reason)
	}
	d, _ := Decode(msg)
	sig, _ := base64.StdEncoding.DecodeString(d.Sig)
	withSig := func(s string) []byte { return bytes.Replace(msg, []byte(d.Sig), []byte(s), 1) }
	// Re-encoding with non-zero padding bits decodes to the same bytes under a
	// lenient decoder: it must still be rejected.
	lenient := []byte(d.Sig)
	lenient[85] = base64Next(lenient[85])
	flipped := bytes.Clone(sig)
	flipped[0] ^= 1
	cases := map[string][]byte{
		"flipped bit":          withSig(base64.StdEncoding.EncodeToString(flipped)),
		"non-canonical base64": withSig(string(lenient)),
		"unpadded":             withSig(base64.RawStdEncoding.EncodeToString(sig)),
		"url alphabet":         withSig(strings.NewReplacer("+", "-", "/", "_").Replace(d.Sig) + ""),
		"other key":            resign(t, msg, testKey(t, 8)),
	}
	for name, m := range cases {
		if bytes.Equal(m, msg) && name != "url alphabet" {
			t.Fatalf("%s: no change", name)
		}
		if bytes.Equal(m, msg) {
			continue // the signature happened to hold no + or /
		}
		c := auth.Check(m)
		if c.Reason != BadSignature {
			t.Errorf("%s: reason %q, want bad_signature", name, c.Reason)
		}
	}
	long := withSig(strings.Repeat("A", 129))
	if c := auth.Check(long); c.Reason != Schema {
		t.Errorf("129-char sig: %q, want schema", c.Reason)
	}
	_ = kp
}

// base64Next returns another base64 character whose top 4 bits match c's,
// so the decoded bytes are unchanged but the encoding is not canonical.
func base64Next(c byte) byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	i := strings.IndexByte(alphabet, c)
	return alphabet[i^1]
}

func resign(t *testing.T, msg []byte, kp nkeys.KeyPair) []byte {
	d, err := Decode(msg)
	if err != nil {
		t.Fatal(err)
	}
	out, err := SignEncode(&d.Event, kp)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSourceClassBeforeSignature(t *testing.T) {
	ledger, sched := testKey(t, 2), testKey(t, 3)
	auth, err := NewAuthority(pubOf(t, ledger), []string{pubOf(t, sched)})
	if err != nil {
		t.Fatal(err)
	}
	node := testKey(t, 4)
	verified := &GPUVerifiedBody{Node: pubOf(t, node), GPU: "g", Model: "M"}
	cases := []struct {
		name   string
		src    string
		signer nkeys.KeyPair
		body   Body
		want   Reason
	}{
		{"scheduler ok", pubOf(t, sched), sched, verified, Accepted},
		{"node as scheduler", pubOf(t, node), node, verified, UnknownSrc},
		{"chain src for node event", ChainSrc, ledger, &NodeUnjailBody{}, UnknownSrc},
		{"epoch by non-ledger", pubOf(t, node), node, &EpochClosedBody{Epoch: 1, EndMs: 1}, UnknownSrc},
		{"epoch by ledger", pubOf(t, ledger), ledger, &EpochClosedBody{Epoch: 1, EndMs: 1}, Accepted},
		{"epoch signed by another", pubOf(t, ledger), node, &EpochClosedBody{Epoch: 1, EndMs: 1}, BadSignature},
		{"scheduler event forged", pubOf(t, sched), node, verified, BadSignature},
	}
	for _, c := range cases {
		ev := &Event{Src: c.src, Seq: 1, Body: c.body}
		msg, err := SignEncode(ev, c.signer)
		if err != nil {
			t.Fatal(err)
		}
		if got := auth.Check(msg).Reason; got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	msgs := [][]byte{[]byte(`{"a":1}`), {}, []byte("!bang"), []byte("cr\rinside"), []byte("nl\ninside"), []byte("plain"), []byte("\r")}
	var buf bytes.Buffer
	w := NewExportWriter(&buf)
	for _, m := range msgs {
		if err := w.Write(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\r") {
		t.Fatal("export holds a raw \\r")
	}
	got, err := ReadExport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(msgs) {
		t.Fatalf("got %d messages, want %d", len(got), len(msgs))
	}
	for i := range msgs {
		if !bytes.Equal(got[i], msgs[i]) {
			t.Errorf("message %d: %q, want %q", i, got[i], msgs[i])
		}
	}
}

func TestExportReading(t *testing.T) {
	cases := map[string][]string{
		"":              nil,
		"\n":            {""},
		"a\n\nb":        {"a", "", "b"},
		"a\r\n":         {"a\r"},
		"!YQ==\n":       {"a"},
		"a\nlast-no-nl": {"a", "last-no-nl"},
	}
	for in, want := range cases {
		got, err := ReadExport(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d messages, want %d", in, len(got), len(want))
		}
		for i := range want {
			if string(got[i]) != want[i] {
				t.Errorf("%q: message %d = %q, want %q", in, i, got[i], want[i])
			}
		}
	}
	if _, err := ReadExport(strings.NewReader("ok\n!***\n")); err == nil {
		t.Error("undecodable ! line accepted")
	}
}

// A '!' line holds the base64 and nothing else, not even a '\r' (SPEC §8):
// Go's decoder skips '\r' and '\n', so these must be refused before it.
func TestExportBangLineStrict(t *testing.T) {
	for _, in := range []string{"!YQ==\r\n", "!YQ==\r", "!YQ\r==\n", "!\rYQ==\n", "ok\n!YQ== \n", "!YQ==x\n"} {
		_, err := ReadExport(strings.NewReader(in))
		if !errors.Is(err, ErrBadExport) {
			t.Errorf("%q: err = %v, want ErrBadExport", in, err)
		}
	}
	// A '\r' in a plain line stays part of its message.
	got, err := ReadExport(strings.NewReader("x\r\n!YQ==\n"))
	if err != nil || len(got) != 2 || string(got[0]) != "x\r" || string(got[1]) != "a" {
		t.Errorf("got %q, %v", got, err)
	}
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }

// SetChainRef reaches every chain body and no other.
func TestSetChainRef(t *testing.T) {
	ref := ChainRef{Tx: "0x" + strings.Repeat("12", 32), Block: 7, Log: 3}
	for _, b := range []Body{&NodeAuthBody{}, &StakeBody{Kind: ChainBonded}, &SlashedBody{}, &ClaimedBody{}, &SlashProposedBody{}, &SlashVetoedBody{}} {
		if !SetChainRef(b, ref) {
			t.Fatalf("%T: not set", b)
		}
		if got, ok := ChainRefOf(b); !ok || got != ref {
			t.Fatalf("%T: ref %+v", b, got)
		}
	}
	for _, b := range []Body{&NodeUnjailBody{}, &EpochClosedBody{}, &EpochAnchoredBody{}} {
		if SetChainRef(b, ref) {
			t.Fatalf("%T: set a chain ref on a non-chain body", b)
		}
	}
}

// The due-process chain events (SPEC §4.3) have their wire names, the chain
// source class, and canonical bodies with exactly their members in byte
// order; decoding gives back the same body.
func TestSlashProposedVetoedCodec(t *testing.T) {
	kp := testKey(t, 4)
	for _, c := range []struct {
		typ  string
		body Body
		want string
	}{
		{"chain.slash_proposed", &SlashProposedBody{ChainRef: ChainRef{Tx: "0x" + strings.Repeat("01", 32), Block: 12, Log: 3},
			Provider: "0x" + strings.Repeat("ab", 20), BP: 50, Evidence: "0x" + strings.Repeat("cd", 32), ExecutableAt: 1700000060},
			`{"block":12,"bp":50,"evidence":"0x` + strings.Repeat("cd", 32) + `","executable_at":1700000060,"log":3,"provider":"0x` +
				strings.Repeat("ab", 20) + `","tx":"0x` + strings.Repeat("01", 32) + `"}`},
		{"chain.slash_vetoed", &SlashVetoedBody{ChainRef: ChainRef{Tx: "0x" + strings.Repeat("02", 32), Block: 13}, Evidence: "0x" + strings.Repeat("cd", 32)},
			`{"block":13,"evidence":"0x` + strings.Repeat("cd", 32) + `","log":0,"tx":"0x` + strings.Repeat("02", 32) + `"}`},
	} {
		typ := c.body.EventType()
		if typ.String() != c.typ || ParseType(c.typ) != typ || typ.Class() != ClassChain {
			t.Fatalf("%s: type %v class %v", c.typ, typ, typ.Class())
		}
		ref, _ := ChainRefOf(c.body)
		msg, err := SignEncode(&Event{Type: typ, Src: ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: c.body}, kp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(msg, []byte(`"body":`+c.want+`,`)) {
			t.Fatalf("%s: canonical body not %s in\n%s", c.typ, c.want, msg)
		}
		d, err := Decode(msg)
		if err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		if d.Type != typ || !reflect.DeepEqual(d.Body, c.body) {
			t.Fatalf("%s: decoded %v %+v", c.typ, d.Type, d.Body)
		}
	}
}
