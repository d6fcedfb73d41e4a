package aggregates

import (
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

// chain.slash_proposed and chain.slash_vetoed (SPEC §4.3) are accepted with
// no rule of their own: an unknown evidence, a veto of nothing and a veto
// after chain.slashed all pass, stake moves only with chain.slashed, and
// each is recorded for dedupe and counted in the digest.
func TestSlashProposedVetoedHaveNoRule(t *testing.T) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	ledgerID, _ := kp.PublicKey()
	raw, err := os.ReadFile("../testdata/conformance/s1/params.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["ledger"] = ledgerID
	raw, _ = json.Marshal(m)
	params, err := ParseParams(raw)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	prov, staker := "0x"+strings.Repeat("0a", 20), "0x"+strings.Repeat("0b", 20)
	ev := events.Keccak256([]byte("downtime:1:U")).String()
	other := events.Keccak256([]byte("never proposed")).String()
	tx := "0x" + strings.Repeat("77", 32)
	block := uint64(10)
	sign := func(b events.Body) []byte {
		block++
		events.SetChainRef(b, events.ChainRef{Tx: tx, Block: block})
		ref, _ := events.ChainRefOf(b)
		msg, err := events.SignEncode(&events.Event{Src: events.ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: b}, kp)
		if err != nil {
			t.Fatal(err)
		}
		return msg
	}
	bonded := func() string {
		tb := l.TrialBalance()
		v := tb["bonded:"+staker+":"+prov]
		if v == nil {
			return "0"
		}
		return v.String()
	}
	apply := func(name string, msg []byte, want events.Reason) {
		t.Helper()
		before := l.Digest()
		r, err := l.ApplyMessage(msg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r != want {
			t.Fatalf("%s: %v, want %v", name, r, want)
		}
		if after := l.Digest(); after != events.NextDigest(before, events.MessageHash(msg)) {
			t.Fatalf("%s: the digest did not count the message", name)
		}
		if err := l.CheckInvariants(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	apply("bond", sign(&events.StakeBody{Kind: events.ChainBonded, Staker: staker, Provider: prov, Amount: big.NewInt(10000)}), events.Accepted)
	proposed := sign(&events.SlashProposedBody{Provider: prov, BP: 5000, Evidence: ev, ExecutableAt: 1700000060})
	apply("proposed", proposed, events.Accepted)
	if got := bonded(); got != "10000" {
		t.Fatalf("bonded %s after chain.slash_proposed, want 10000", got)
	}
	apply("proposed again", proposed, events.Duplicate)
	apply("veto of an evidence never proposed", sign(&events.SlashVetoedBody{Evidence: other}), events.Accepted)
	vetoed := sign(&events.SlashVetoedBody{Evidence: ev})
	apply("vetoed", vetoed, events.Accepted)
	apply("vetoed again", vetoed, events.Duplicate)
	if got := bonded(); got != "10000" {
		t.Fatalf("bonded %s after chain.slash_vetoed, want 10000", got)
	}
	// Only chain.slashed moves stake, whatever the recorded status.
	apply("slashed", sign(&events.SlashedBody{Provider: prov, BP: 5000, Evidence: ev, Amount: big.NewInt(5000)}), events.Accepted)
	if got := bonded(); got != "5000" {
		t.Fatalf("bonded %s after chain.slashed, want 5000", got)
	}
	apply("veto after execution", sign(&events.SlashVetoedBody{Evidence: ev}), events.Accepted)
	// A re-signed copy of the same id with other bytes is an equivocation
	// of the chain source, like any chain event's.
	changed := bytes.Replace(proposed, []byte(`"bp":5000`), []byte(`"bp":5001`), 1)
	d, err := events.Decode(changed)
	if err != nil {
		t.Fatal(err)
	}
	resigned, err := events.SignEncode(&d.Event, kp)
	if err != nil {
		t.Fatal(err)
	}
	apply("conflicting copy", resigned, events.Equivocation)
}
