// gen.mjs writes ../merkle_vectors.json: rewards-tree test vectors produced by
// the reference implementation, @openzeppelin/merkle-tree's StandardMerkleTree
// with leaf encoding ["address", "uint256"] and its default sortLeaves: true.
//
// Output is deterministic: every value comes from a fixed-seed splitmix64
// generator, so re-running the script must reproduce the file byte for byte.
//
// Zero leaves are not covered: StandardMerkleTree.of throws on an empty input.
// The rule "no earners => root is 32 zero bytes" is the project's own (SPEC §7)
// and is tested on the Go side only.
//
// Usage: npm ci && node gen.mjs

import { writeFileSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

const here = dirname(fileURLToPath(import.meta.url));
const outPath = join(here, "..", "merkle_vectors.json");
const ozVersion = JSON.parse(
  readFileSync(join(here, "node_modules", "@openzeppelin", "merkle-tree", "package.json"), "utf8"),
).version;

const LEAF_ENCODING = ["address", "uint256"];
const MASK64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;
const SIZES = [1, 2, 3, 4, 5, 7, 8, 16, 33, 100, 257];

// splitmix64 returns a deterministic generator of 64-bit BigInts.
function splitmix64(seed) {
  let state = BigInt(seed) & MASK64;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

// randomBits returns a uniformly random non-negative BigInt below 2^bits.
function randomBits(next, bits) {
  let v = 0n;
  for (let have = 0; have < bits; have += 64) v = (v << 64n) | next();
  return v & ((1n << BigInt(bits)) - 1n);
}

function randomInt(next, n) {
  return Number(next() % BigInt(n));
}

function hexAddress(v) {
  return "0x" + v.toString(16).padStart(40, "0");
}

// Amounts that every case cycles through before falling back to random ones:
// extremes, powers of two and values whose 32-byte encoding has many leading
// zero bytes.
const SPECIAL_AMOUNTS = [
  1n,
  MAX_UINT256,
  2n,
  255n,
  256n,
  10n ** 18n,
  1n << 64n,
  (1n << 255n),
  MAX_UINT256 - 1n,
  0x0100n,
  0x00ff00ff00ff00ffn,
];

// Addresses that every case cycles through: tiny values (many leading zero
// bytes), the maximum and a value with only the top byte set.
const SPECIAL_ADDRESSES = [
  1n,
  (1n << 160n) - 1n,
  0x1234n,
  0xffn << 152n,
  2n,
  1n << 80n,
];

function amountFor(next, i, offset) {
  if (i < SPECIAL_AMOUNTS.length) {
    return SPECIAL_AMOUNTS[(i + offset) % SPECIAL_AMOUNTS.length];
  }
  switch (randomInt(next, 3)) {
    case 0:
      return randomBits(next, 256) || 1n;
    case 1: // one to 31 leading zero bytes
      return randomBits(next, 8 * (1 + randomInt(next, 31))) || 1n;
    default: // realistic token amounts, up to ~1e30 base units
      return (randomBits(next, 100) % 10n ** 30n) + 1n;
  }
}

function addressFor(next, i, offset) {
  if (i % 5 === 0) {
    return SPECIAL_ADDRESSES[(i / 5 + offset) % SPECIAL_ADDRESSES.length];
  }
  if (i % 5 === 1) {
    return randomBits(next, 8 * (1 + randomInt(next, 19))); // leading zero bytes
  }
  return randomBits(next, 160);
}

function makeCase(size, caseIndex) {
  const next = splitmix64(0x5eed0000 + caseIndex);
  const seen = new Set();
  const values = [];
  for (let i = 0; values.length < size; i++) {
    const address = hexAddress(addressFor(next, i, caseIndex));
    if (seen.has(address)) continue;
    seen.add(address);
    values.push([address, amountFor(next, values.length, caseIndex).toString()]);
  }

  const tree = StandardMerkleTree.of(values, LEAF_ENCODING);
  const leaves = [];
  for (const [i, [address, amount]] of tree.entries()) {
    const proof = tree.getProof(i);
    if (!StandardMerkleTree.verify(tree.root, LEAF_ENCODING, [address, amount], proof)) {
      throw new Error(`case ${size}: proof ${i} does not verify`);
    }
    leaves.push({ address, amount, leafHash: tree.leafHash([address, amount]), proof });
  }
  return { name: `leaves=${size}`, root: tree.root, leaves };
}

const vectors = {
  description:
    'StandardMerkleTree.of(values, ["address", "uint256"]) vectors; leaves are listed in input (unsorted) order. ' +
    "Zero leaves are unsupported by the library; the zero-root rule for an empty tree is the project's (SPEC §7).",
  generator: `@openzeppelin/merkle-tree@${ozVersion}`,
  leafEncoding: LEAF_ENCODING,
  cases: SIZES.map(makeCase),
};

writeFileSync(outPath, JSON.stringify(vectors, null, 1) + "\n");
console.log(`wrote ${outPath}: ${vectors.cases.length} cases`);
