// Package contracttests is the contract test suite of the Swarm contracts
// (SPEC §10): SwarmToken, SwarmStaking and SwarmRewards, deployed from the
// abigen v2 bindings in chain/bindings onto the simulated chain of
// chain/simchain (mainnet gas rules, blocks sealed only by the tests).
//
// The tests cover node authorization, bonding, unbonding and withdrawal,
// the staker bound, SPEC §6.5's slash arithmetic, root submission,
// activation and disabling, and claims proven with merkle proofs
// (SPEC §7). Every revert is asserted by decoding the contract's custom error
// from the revert data, never by matching messages.
//
// TestGasTable measures the gas of every state-changing function and keeps
// docs/GAS.md in step with it: regenerate the document with
//
//	go test ./chain/contracttests -run TestGasTable -update
//
// The package holds no code outside its tests.
package contracttests
