// Package gen generates deterministic, signed Swarm logs and their
// parameters from a seed: chain authorizations and bonds, registrations and
// GPU verifications, heartbeats at per-node uptimes (some below the downtime
// threshold), tasks of every outcome, unbonds and withdrawals, unjails after
// jails expire, claims and anchors of earlier epochs, and epoch closes; with
// Adversarial, also duplicates, equivocations, stale and malformed lines,
// forged signatures and unknown sources.
//
// The same Config always yields byte-identical output: keys derive from the
// seed, randomness is a seeded PCG, times derive from a fixed genesis, and
// Ed25519 signatures are deterministic. Signing runs on every core; the
// order of the log does not depend on it.
package gen
