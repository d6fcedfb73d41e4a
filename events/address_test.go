package events

import (
	"errors"
	"testing"
)

func TestParseAddress(t *testing.T) {
	const good = "0x00000000000000000000000000000000000012ab"
	a, err := ParseAddress(good)
	if err != nil {
		t.Fatal(err)
	}
	if a != [20]byte{18: 0x12, 19: 0xab} {
		t.Fatalf("parsed %x", a)
	}
	if got := a.String(); got != good {
		t.Fatalf("String %s, want %s", got, good)
	}
	for _, s := range []string{
		"",
		"0x",
		"00000000000000000000000000000000000012ab",
		"0X00000000000000000000000000000000000012ab",
		"0x00000000000000000000000000000000000012AB",
		"0x00000000000000000000000000000000000012a",
		"0x00000000000000000000000000000000000012abc",
		"0x00000000000000000000000000000000000012ag",
		"0x 0000000000000000000000000000000000012ab",
	} {
		if _, err := ParseAddress(s); !errors.Is(err, ErrBadAddress) {
			t.Errorf("ParseAddress(%q) err %v, want ErrBadAddress", s, err)
		}
		if ValidAddress(s) {
			t.Errorf("ValidAddress(%q) holds, ParseAddress refuses it", s)
		}
	}
	// An address is a map key: equal bytes, one entry.
	m := map[Address]int{a: 1}
	b, _ := ParseAddress(good)
	if m[b] != 1 {
		t.Errorf("map lookup by an equal address: %d", m[b])
	}
}

// TestNormalizeAddress: any letter case in, lowercase out; anything that is
// not 0x and 40 hex digits is ErrBadAddress.
func TestNormalizeAddress(t *testing.T) {
	got, err := NormalizeAddress("0x8966818530EfD8c0f2B64E9A46A3f8C99A681586")
	if err != nil || got != "0x8966818530efd8c0f2b64e9a46a3f8c99a681586" {
		t.Fatalf("checksummed: %q, %v", got, err)
	}
	for _, bad := range []string{"", "0x12", "1x8966818530efd8c0f2b64e9a46a3f8c99a681586",
		"0x8966818530efd8c0f2b64e9a46a3f8c99a68158g", "0x8966818530efd8c0f2b64e9a46a3f8c99a6815860"} {
		if _, err := NormalizeAddress(bad); !errors.Is(err, ErrBadAddress) {
			t.Errorf("%q: %v, want ErrBadAddress", bad, err)
		}
	}
}
