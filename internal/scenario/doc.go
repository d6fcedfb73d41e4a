// Package scenario builds deterministic, signed Swarm event logs and their
// parameters from a seed: the test data, demos and benchmark inputs of the
// ledger.
//
// Two ways to build a scenario share one pipeline:
//
//   - Generate models a network from a Config: chain authorizations before
//     registrations, registrations of 1–8 GPUs with scheduler verification,
//     heartbeats at per-node uptimes (some node-epochs fall below the
//     downtime threshold), tasks of every outcome, bonds, unbonds and
//     withdrawals, execution of the ledger's slashes, unjails once jails
//     expire, claims, anchoring of closed epochs and contiguous epoch
//     closes. With Adversarial it mixes in hostile and broken traffic that,
//     together, hits every rejection reason of SPEC §4.
//   - Builder writes a hand-shaped scenario event by event; the golden
//     scenarios that show one rule each are written with it.
//
// Determinism: the same Config (or the same Builder calls) yields
// byte-identical output. Keys derive from the seed through
// nkeys.FromRawSeed, randomness is a PCG seeded from the seed, times derive
// from a fixed genesis, nothing iterates a map, and Ed25519 signatures are
// deterministic. Signing runs on every core; log order never depends on it.
//
// The pipeline folds each epoch through aggregates as soon as it is written,
// so the generator reads what the ledger decided (jails, slashes, earners,
// roots) and publishes what a network would publish next: executed slashes,
// claims of real cumulatives, unjails after the jail and the anchoring of
// the real root.
package scenario
