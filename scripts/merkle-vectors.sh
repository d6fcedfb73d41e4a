#!/usr/bin/env bash
# Regenerates settlement/merkle/testdata/merkle_vectors.json with the reference
# implementation, @openzeppelin/merkle-tree, at the version pinned in
# settlement/merkle/testdata/ozmerkle/package-lock.json. Needs Node.js and npm.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/settlement/merkle/testdata/ozmerkle"
cd "$dir"
npm ci --no-audit --no-fund
node gen.mjs
