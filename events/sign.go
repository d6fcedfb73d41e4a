package events

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/nats-io/nkeys"
)

// Domain prefixes every signed payload (SPEC §2.2).
const Domain = "swarm.event.v1\n"

// SigLen is the length of a canonical signature string.
const SigLen = 88

// ErrNotUserKey is returned when a key pair is not an nkey user key.
var ErrNotUserKey = errors.New("events: signing key is not an nkey user key")

// Sign sets ev.Src's signature: ev.Sig = base64(Ed25519(kp, payload)). The
// caller sets every other field first. The key must be a user seed.
func Sign(ev *Event, kp nkeys.KeyPair) error {
	seed, err := kp.Seed()
	if err != nil {
		return fmt.Errorf("events: sign: %w", err)
	}
	prefix, raw, err := nkeys.DecodeSeed(seed)
	if err != nil {
		return fmt.Errorf("events: sign: %w", err)
	}
	if prefix != nkeys.PrefixByteUser {
		return ErrNotUserKey
	}
	priv := ed25519.NewKeyFromSeed(raw)
	ev.Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, SigningPayload(ev)))
	return nil
}

// SignEncode signs ev with kp and returns its message bytes.
func SignEncode(ev *Event, kp nkeys.KeyPair) ([]byte, error) {
	if err := Sign(ev, kp); err != nil {
		return nil, err
	}
	return Encode(ev), nil
}

// decodeSig returns the 64 signature bytes of a canonical sig string.
func decodeSig(s string) ([]byte, bool) {
	if len(s) != SigLen {
		return nil, false
	}
	var buf [66]byte
	n, err := base64.StdEncoding.Decode(buf[:], []byte(s))
	if err != nil || n != ed25519.SignatureSize {
		return nil, false
	}
	// Go's decoder ignores non-zero padding bits; re-encoding catches them.
	var re [SigLen]byte
	base64.StdEncoding.Encode(re[:], buf[:n])
	if string(re[:]) != s {
		return nil, false
	}
	return buf[:n], true
}

// VerifySig reports whether msg (a Decoded message) carries a valid signature
// by the key pub, under exactly crypto/ed25519.Verify's rules (see Verify).
func (d *Decoded) VerifySig(msg []byte, pub []byte) bool {
	return d.verifySig(msg, pub, Verify)
}

// verifySig judges d's signature with verify (Verify or a KeyCache's).
func (d *Decoded) verifySig(msg, pub []byte, verify func(pub, msg, sig []byte) bool) bool {
	sig, ok := decodeSig(d.Sig)
	if !ok || len(pub) != ed25519.PublicKeySize {
		return false
	}
	return verify(pub, d.payload(msg), sig)
}

// SignatureParts returns the decoded signature and the signed payload of a
// decoded message, for callers that verify signatures themselves (the
// benchmark's verification ceiling).
func (d *Decoded) SignatureParts(msg []byte) (sig, payload []byte, ok bool) {
	sig, ok = decodeSig(d.Sig)
	if !ok {
		return nil, nil, false
	}
	return sig, d.payload(msg), true
}

func (d *Decoded) payload(msg []byte) []byte {
	payload := make([]byte, 0, len(Domain)+len(msg))
	payload = append(payload, Domain...)
	payload = append(payload, msg[:d.sigStart]...)
	return append(payload, msg[d.sigEnd:]...)
}
