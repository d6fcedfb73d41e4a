// Package merkle holds the chain-bound hashes of SPEC §6.5 and §7: the
// rewards Merkle tree, which turns the ledger's per-epoch cumulative earnings
// into a root anchored on chain and the proofs earners claim with, and the
// evidence hash a slash is proposed and executed with.
//
// It is a leaf package, below the fold: the fold (aggregates) computes each
// epoch's root with it (SPEC §7), settlement and the command-line tools build
// proofs with it, and the projections name slashes by their evidence. It
// imports nothing of this repository but events (for events.Address, the
// earner of a leaf), so each of those can depend on it without depending on
// the others. It lives at the top of the tree,
// not under events, because it is the encoding the contracts verify
// (abi.encode, keccak256, OpenZeppelin's tree), not part of the event model,
// and not under settlement, which the fold and the projections must not
// import.
//
// # Slash evidence
//
// Evidence(id) is keccak256 of the slash id's bytes: the bytes32 that
// proposeSlash, vetoSlash, executeSlash and slashOf take (SPEC §6.5, §10.2).
//
// # Rewards tree
//
// The rewards root of an epoch (SPEC §7) is the root of an OpenZeppelin
// StandardMerkleTree with leaf encoding ["address", "uint256"] over
// (earner, cumulative) for every earner whose cumulative reward is positive.
// Tree reproduces @openzeppelin/merkle-tree byte for byte, so roots and proofs
// verify with OpenZeppelin's MerkleProof library on chain. Its invariants:
//
//   - A leaf hash is keccak256(keccak256(abi.encode(earner, cumulative))),
//     where abi.encode gives 12 zero bytes, the 20 address bytes and the
//     32-byte big-endian amount, and keccak256 is legacy Keccak-256.
//   - Amounts are uint256: BuildTree rejects negative amounts and amounts of
//     2^256 or more, and each earner appears at most once.
//   - Leaf hashes are sorted in ascending byte order, so the root does not
//     depend on the order of BuildTree's input.
//   - Nodes are stored in OpenZeppelin's array layout: 2n-1 nodes, node 0 is
//     the root, node i has children 2i+1 and 2i+2, and the k-th smallest leaf
//     hash is node 2n-2-k. An internal node is the keccak256 of its two
//     children concatenated in ascending byte order.
//   - A proof lists the siblings from the leaf up to the root; a single-leaf
//     tree has the leaf hash as its root and an empty proof.
//   - A tree with no leaves has the all-zero root. OpenZeppelin refuses to
//     build an empty tree; the zero root is this project's rule.
//   - A built Tree never changes and does not share memory with its input.
//
// The test vectors in testdata/merkle_vectors.json are produced by the npm
// library itself (testdata/ozmerkle/gen.mjs, scripts/merkle-vectors.sh).
package merkle
