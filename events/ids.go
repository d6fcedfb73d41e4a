package events

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/nats-io/nkeys"
)

// MaxString is the longest string allowed inside an event.
const MaxString = 128

// MaxEventBytes bounds an event's canonical encoding (SPEC §2).
const MaxEventBytes = 16 << 10

// maxInt is the exclusive bound on JSON integers' absolute value (2^53).
const maxInt = 1 << 53

// maxAmount is the exclusive bound on amounts, 2^256. Never handed out: a
// caller could change it (MaxAmount returns a copy).
var maxAmount = new(big.Int).Lsh(big.NewInt(1), 256)

// MaxAmount returns the exclusive bound on amounts, 2^256 (SPEC §2), as a
// new value the caller may change.
func MaxAmount() *big.Int { return new(big.Int).Set(maxAmount) }

// Errors returned by the parsers of identities and amounts.
var (
	ErrBadNodeID  = errors.New("events: not an nkey user public key")
	ErrBadAddress = errors.New("events: not a 0x-prefixed 40-digit lowercase hex address")
	ErrBadHash    = errors.New("events: not a 0x-prefixed 64-digit lowercase hex hash")
	ErrBadAmount  = errors.New("events: not a canonical amount below 2^256")
)

// ID joins a source and a sequence into an event id.
func ID(src string, seq uint64) string { return src + "/" + strconv.FormatUint(seq, 10) }

// ValidNodeID reports whether s is an nkey user public key as SPEC §2 defines
// it: 56 characters of upper-case RFC 4648 base32 carrying the user prefix
// byte, 32 key bytes and a valid CRC-16/XMODEM.
func ValidNodeID(s string) bool {
	if len(s) != 56 {
		return false
	}
	raw, err := nkeys.Decode(nkeys.PrefixByteUser, []byte(s))
	return err == nil && len(raw) == 32
}

// PublicKey returns the 32-byte Ed25519 key inside a node id.
func PublicKey(id string) ([]byte, error) {
	if len(id) != 56 {
		return nil, fmt.Errorf("%w: %q", ErrBadNodeID, id)
	}
	raw, err := nkeys.Decode(nkeys.PrefixByteUser, []byte(id))
	if err != nil || len(raw) != 32 {
		return nil, fmt.Errorf("%w: %q", ErrBadNodeID, id)
	}
	return raw, nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ValidAddress reports whether s is an EVM address as SPEC §1 writes it.
func ValidAddress(s string) bool {
	return len(s) == 42 && s[0] == '0' && s[1] == 'x' && isLowerHex(s[2:])
}

// ValidHash reports whether s is a hash as SPEC §1 writes it.
func ValidHash(s string) bool {
	return len(s) == 66 && s[0] == '0' && s[1] == 'x' && isLowerHex(s[2:])
}

// ParseHash parses a hash written as SPEC §1 writes it: 0x and 64
// lowercase hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if !ValidHash(s) {
		return h, fmt.Errorf("%w: %q", ErrBadHash, s)
	}
	if _, err := hex.Decode(h[:], []byte(s[2:])); err != nil {
		panic(err) // ValidHash admits only hex digits
	}
	return h, nil
}

// ParseAmount parses a canonical amount string: base-10 digits without sign,
// leading zeros or exponent ("0" for zero), below 2^256.
func ParseAmount(s string) (*big.Int, error) {
	if len(s) == 0 || len(s) > 78 || (s[0] == '0' && len(s) > 1) {
		return nil, fmt.Errorf("%w: %q", ErrBadAmount, s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil, fmt.Errorf("%w: %q", ErrBadAmount, s)
		}
	}
	v, ok := new(big.Int).SetString(s, 10)
	if !ok || v.Cmp(maxAmount) >= 0 {
		return nil, fmt.Errorf("%w: %q", ErrBadAmount, s)
	}
	return v, nil
}
