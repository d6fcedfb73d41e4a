package scenario

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

// derive returns 32 bytes determined by the seed, a domain and a label.
func derive(seed int64, domain, label string) [32]byte {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seed))
	h.Write([]byte("swarm-scenario\x00"))
	h.Write(b[:])
	h.Write([]byte("\x00" + domain + "\x00" + label))
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// signer is a deterministic identity: its nkey user id and the Ed25519 key
// that signs its events. Keeping the expanded private key makes signing
// twice as fast as going through the nkeys seed on every event.
type signer struct {
	id   string
	priv ed25519.PrivateKey
}

// newSigner derives the identity labelled label from the seed.
func newSigner(seed int64, label string) *signer {
	raw := derive(seed, "key", label)
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, raw[:])
	if err != nil {
		panic(fmt.Sprintf("scenario: nkeys rejected a 32-byte seed: %v", err))
	}
	id, err := kp.PublicKey()
	if err != nil {
		panic(fmt.Sprintf("scenario: nkeys public key: %v", err))
	}
	return &signer{id: id, priv: ed25519.NewKeyFromSeed(raw[:])}
}

// srcMember starts the member that follows sig in a canonical event; no
// body holds it, as body strings cannot hold '"'.
var srcMember = []byte(`,"src":"`)

// sign sets ev.Sig as events.Sign does and returns the message, the same
// bytes as events.Encode, spliced from the signed payload rather than
// encoded twice.
func (s *signer) sign(ev *events.Event) []byte {
	payload := events.SigningPayload(ev)
	sig := ed25519.Sign(s.priv, payload)
	unsigned := payload[len(events.Domain):]
	at := bytes.LastIndex(unsigned, srcMember)
	msg := make([]byte, 0, len(unsigned)+len(`,"sig":""`)+events.SigLen)
	msg = append(msg, unsigned[:at]...)
	msg = append(msg, `,"sig":"`...)
	msg = base64.StdEncoding.AppendEncode(msg, sig)
	ev.Sig = string(msg[len(msg)-events.SigLen:])
	msg = append(msg, '"')
	return append(msg, unsigned[at:]...)
}

// address derives an EVM address (0x + 40 lowercase hex digits).
func address(seed int64, label string) string {
	h := derive(seed, "address", label)
	return "0x" + hex.EncodeToString(h[:20])
}

// hash derives a 0x-prefixed 32-byte hash (transaction ids, wrong roots).
func hash(seed int64, label string) string {
	h := derive(seed, "hash", label)
	return "0x" + hex.EncodeToString(h[:])
}
