package merkle

import (
	"encoding/hex"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
)

// TestEvidence: a slash's evidence is keccak256 of its id's bytes, as
// go-ethereum computes it and as the contract is called with (SPEC §6.5).
func TestEvidence(t *testing.T) {
	const empty = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
	if ev := Evidence(""); hex.EncodeToString(ev[:]) != empty {
		t.Fatalf("Evidence(\"\") = %x, want %s", ev, empty)
	}
	for _, id := range []string{"faults:1:0x00000000000000000000000000000000000000aa",
		"downtime:7:UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4",
		"equivocation:UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4:12"} {
		if got, want := Evidence(id), crypto.Keccak256Hash([]byte(id)); got != want {
			t.Errorf("Evidence(%q) = %x, want %x", id, got, want)
		}
	}
}
