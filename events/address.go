package events

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Address is an EVM address (SPEC §1): 20 bytes, written as 0x and 40
// lowercase hex digits in events, reports and the API. It is comparable and
// usable as a map key. Events and reports keep addresses as the strings
// SPEC writes (ValidAddress checks them); Address is what code that needs
// the bytes parses them into: the rewards tree, the chain-bound encodings,
// the command-line tools.
//
// go-ethereum's common.Address has the same 20 bytes and converts with a
// plain conversion, common.Address(a) and Address(c); this repository makes
// it only at the chain boundary, where values cross into or out of
// go-ethereum calls. Never format a common.Address with its String method
// for SPEC: it writes EIP-55 mixed case. Address(c).String() is SPEC's form.
type Address [20]byte

// ParseAddress parses an address written as SPEC §1 writes it: 0x and 40
// lowercase hex digits. Anything else is ErrBadAddress.
func ParseAddress(s string) (Address, error) {
	var a Address
	if !ValidAddress(s) {
		return a, fmt.Errorf("%w: %q", ErrBadAddress, s)
	}
	if _, err := hex.Decode(a[:], []byte(s[2:])); err != nil {
		panic(err) // ValidAddress admits only hex digits
	}
	return a, nil
}

// NormalizeAddress accepts 0x and 40 hex digits in any letter case (as
// wallets print EIP-55 checksummed addresses; the checksum is not checked)
// and returns SPEC §1's form, with lowercase digits.
func NormalizeAddress(s string) (string, error) {
	if len(s) != 42 || s[:2] != "0x" {
		return "", fmt.Errorf("%w: %q", ErrBadAddress, s)
	}
	a, err := ParseAddress("0x" + strings.ToLower(s[2:]))
	if err != nil {
		return "", fmt.Errorf("%w: %q", ErrBadAddress, s)
	}
	return a.String(), nil
}

// String writes a as SPEC §1 does: 0x and 40 lowercase hex digits.
func (a Address) String() string { return "0x" + hex.EncodeToString(a[:]) }
