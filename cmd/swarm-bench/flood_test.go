package main

import (
	"testing"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// The flood's messages are what the figures say they are: valid heartbeats
// of the flooding node with distinct ids, and junk that is a copy of its
// registration, that registration with a broken signature, and malformed
// bytes.
func TestFloodMessages(t *testing.T) {
	c := genConfig(2000, 1)
	s, params, err := gen.GenerateParsed(c)
	if err != nil {
		t.Fatal(err)
	}
	kp := gen.DeriveKey("swarm-gen", 1, "node/0")
	id := gen.PublicID(kp)
	auth, err := events.NewAuthority(params.Ledger, params.Schedulers)
	if err != nil {
		t.Fatal(err)
	}
	valid, err := floodHeartbeats(kp, 3)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range valid {
		c := auth.Check(m)
		if c.Reason != events.Accepted || c.Event.Src != id || c.Event.Type != events.NodeHeartbeat {
			t.Fatalf("flood heartbeat %s: %q", m, c.Reason)
		}
		ids[c.Event.ID()] = true
	}
	if len(ids) != len(valid) {
		t.Fatal("flood heartbeats share ids")
	}
	junk, err := floodJunk(s.Messages, id)
	if err != nil {
		t.Fatal(err)
	}
	want := []events.Reason{events.Accepted, events.BadSignature, events.Schema}
	for i, m := range junk {
		if c := auth.Check(m); c.Reason != want[i] {
			t.Errorf("junk %d: %q, want %q", i, c.Reason, want[i])
		}
	}
	if _, err := floodJunk(s.Messages, gen.PublicID(gen.DeriveKey("swarm-gen", 1, "nobody"))); err == nil {
		t.Error("junk for a node that never registered")
	}
	if got := verdictCounts(map[events.Reason]int{events.Accepted: 2, events.Duplicate: 1}); got != "accepted 2, duplicate 1" {
		t.Errorf("verdictCounts: %s", got)
	}
}
