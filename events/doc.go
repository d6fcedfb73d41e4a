// Package events is the Swarm event model of SPEC §1–2, §4, §7 and §8: the
// typed bodies, the strict canonical codec, signing and verification with nkey
// user keys, event ids and hashes, the running event digest and the export
// format.
//
// Invariants:
//   - Decode accepts exactly the canonical bytes of a well-formed event and
//     nothing else: Encode(Decode(b)) == b for every b that Decode accepts.
//   - Every rule that can be checked on a message alone (SPEC §2, "schema") is
//     checked by Decode, except the form of sig and the source class, which
//     Check reports as bad_signature and unknown_src in SPEC's order.
//   - A signature's verdict is exactly crypto/ed25519.Verify's (SPEC §2.2).
//     Verify computes it with curve25519-voi's crypto/ed25519-compatible
//     options, and Authority.Check through a bounded cache of expanded keys
//     (KeyCache); TestEd25519Vectors (Go's 768 edge-case vectors) and
//     FuzzVerify's corpus hold both to crypto/ed25519's verdicts in every
//     test run. Batch and cofactored verification never decide a verdict.
//   - Check skips Ed25519 only where the verdict is already fixed by the
//     bytes: a message identical to one whose signature failed (a bounded
//     set of message hashes) and, through CheckKnown, a message identical to
//     the accepted event of its id (a duplicate). SigStats counts verified
//     and skipped signatures; verdicts never depend on what is remembered.
//   - Nothing here knows about NATS, Pebble or ledger state (CheckKnown asks
//     its caller); every function gives the same verdict for the same input
//     and is safe for concurrent use.
package events
