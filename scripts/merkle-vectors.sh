#!/usr/bin/env bash
# Regenerates merkle/testdata/merkle_vectors.json with the reference
# implementation, @openzeppelin/merkle-tree, at the version pinned in
# merkle/testdata/ozmerkle/package-lock.json. Needs Node.js and npm.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/merkle/testdata/ozmerkle"
cd "$dir"
npm ci --no-audit --no-fund
node gen.mjs
