// Compiles src/*.sol with the pinned solc-js and OpenZeppelin from
// node_modules into deterministic artifacts: <Name>.abi (JSON) and <Name>.bin
// (creation bytecode, hex). Usage: node compile.js [OUTDIR]  (default: artifacts)
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const here = __dirname;
const out = path.resolve(process.argv[2] || path.join(here, "artifacts"));
const contracts = ["SwarmToken", "SwarmStaking", "SwarmRewards"];

const sources = {};
for (const name of contracts) {
  const unit = `src/${name}.sol`;
  sources[unit] = { content: fs.readFileSync(path.join(here, unit), "utf8") };
}

function findImports(unit) {
  const file = path.join(here, "node_modules", unit);
  if (!unit.startsWith("@openzeppelin/contracts/") || !fs.existsSync(file)) {
    return { error: `import not found: ${unit}` };
  }
  return { contents: fs.readFileSync(file, "utf8") };
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    evmVersion: "prague",
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
for (const e of output.errors || []) process.stderr.write(e.formattedMessage + "\n");
if (errors.length > 0) process.exit(1);

fs.mkdirSync(out, { recursive: true });
for (const name of contracts) {
  const c = output.contracts[`src/${name}.sol`][name];
  fs.writeFileSync(path.join(out, `${name}.abi`), JSON.stringify(c.abi, null, 2) + "\n");
  fs.writeFileSync(path.join(out, `${name}.bin`), c.evm.bytecode.object + "\n");
}
fs.writeFileSync(path.join(out, "VERSION"), `solc ${solc.version()}\n`);
