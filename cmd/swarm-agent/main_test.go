package main

import "testing"

// TestProviderAddress: addresses as wallets print them (checksummed mixed
// case) become SPEC §1's lowercase form; anything else is refused.
func TestProviderAddress(t *testing.T) {
	got, err := providerAddress("0x8966818530EfD8c0f2B64E9A46A3f8C99A681586")
	if err != nil || got != "0x8966818530efd8c0f2b64e9a46a3f8c99a681586" {
		t.Fatalf("checksummed address: %q, %v", got, err)
	}
	for _, bad := range []string{"", "0x1234", "8966818530efd8c0f2b64e9a46a3f8c99a68158600",
		"0x8966818530efd8c0f2b64e9a46a3f8c99a68158g", "0x8966818530efd8c0f2b64e9a46a3f8c99a6815861"} {
		if _, err := providerAddress(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
