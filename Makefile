# Swarm Ledger. `make demo` needs Go (1.26+); `make test` also needs Node.js/npm
# and Chromium (Debian: apt-get install nodejs npm chromium; .ci/run installs them)
# (solc-js recompiles the contracts to prove the committed artifacts current).
GO        ?= go
BIN       ?= bin
FUZZTIME  ?= 30s
DEMO_DIR  ?= .demo
DEMO_SEED ?= 42

.PHONY: all build test vet demo replay-demo live settle bench fuzz chaos crash vectors clean contracts contracts-deps geth-e2e readme-images deploy-test

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

vet:
	$(GO) vet ./...

# The test suite CI runs. Long soak, fuzz and benchmark runs have their own targets.
test: vet contracts-deps
	$(GO) test -count=1 -timeout 15m ./...

# Long crash soak: swarmd SIGKILLed at 50+ random points during ingest.
crash:
	SWARM_CRASH_KILLS=60 SWARM_CRASH_FILLER=40000 $(GO) test -count=1 -timeout 30m -run SIGKILL -v ./cmd/swarmd

# The whole network on this machine until interrupted: the ledger settling
# 10 s epochs on a development chain, simulated GPU nodes, providers,
# stakers and a scheduler; it prints the URLs to open (dashboard, API,
# metrics) and swarmctl commands to try. Each run keeps its data in a new
# $(DEMO_DIR)/data/run-NNN.
demo: build
	$(BIN)/swarmd dev --data $(DEMO_DIR)/data

# The README's walkthrough against a live `swarmd dev` (what make test runs
# too), keeping its dashboard screenshots as the README's images.
readme-images:
	SWARM_README_IMAGES=$(CURDIR)/docs/img $(GO) test -count=1 -run TestREADMEWalkthrough -v ./internal/testkit/readmetest

# Replays a generated multi-epoch scenario (adversarial traffic included) and
# prints its epoch reports as a table.
replay-demo: build
	@rm -rf $(DEMO_DIR)/replay && mkdir -p $(DEMO_DIR)/replay
	$(BIN)/swarmctl gen --seed $(DEMO_SEED) --epochs 6 --nodes 40 --stakers 12 --tasks 300 --adversarial --out $(DEMO_DIR)/replay
	@echo
	$(BIN)/swarmctl log verify --params $(DEMO_DIR)/replay/params.json $(DEMO_DIR)/replay/log.ndjson
	@echo
	$(BIN)/swarmctl replay --format table --params $(DEMO_DIR)/replay/params.json $(DEMO_DIR)/replay/log.ndjson

# The live pipeline from the binaries: swarmd, a simulated agent and the
# scheduler simulator for a few seconds, then export and verify the stream.
live: build
	scripts/live.sh 5

# The settlement loop from the binaries: swarmd with a development chain and
# 5 s epochs, an agent, the scheduler simulator, a staker; 3 epochs anchored,
# then the provider's earnings, proof and claim, and an audit of the export.
settle: build
	scripts/settle.sh 3 5s

# Performance figures on a generated 1M-event log, each with its baseline
# measured in the same run (see README, "Performance").
# BENCH_RESTART: the log size of the restart figure (10M: about half an
# hour on 2 cores, most of it generating and folding the log once).
BENCH_RESTART ?= 10000000
bench: build
	GOMEMLIMIT=16GiB $(BIN)/swarm-bench --events 1000000 --queries --restart $(BENCH_RESTART) --report docs/PERFORMANCE.md
	$(GO) test -run '^$$' -bench . -benchtime 3x ./merkle
	$(GO) test -run '^$$' -bench '^BenchmarkFoldStatements$$' -benchtime 3x ./aggregates

# Runs every fuzz target for FUZZTIME each.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./events
	$(GO) test -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./events
	$(GO) test -run '^$$' -fuzz '^FuzzExport$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./events
	$(GO) test -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./events
	$(GO) test -run '^$$' -fuzz '^FuzzApply$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./aggregates
	$(GO) test -run '^$$' -fuzz '^FuzzHTTPQuery$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./projections

# The fault battery (docs/RELIABILITY.md): each fault prints a CHAOS: line
# with its figure; thousands of simulation seeds, SIGKILLs, partitions,
# outages, a corrupted block file, fixed-count fuzzing.
chaos: build
	GO=$(GO) scripts/chaos.sh

# Installs the pinned solc-js and OpenZeppelin (chain/contracts/package-lock.json).
contracts-deps: chain/contracts/node_modules/.package-lock.json

chain/contracts/node_modules/.package-lock.json: chain/contracts/package-lock.json
	cd chain/contracts && npm ci --no-audit --no-fund --loglevel=error

# Recompiles the Solidity sources into chain/contracts/artifacts and
# regenerates the abigen (v2) bindings in chain/bindings.
contracts: contracts-deps
	cd chain/contracts && node compile.js artifacts
	$(GO) run ./chain/internal/bindgen/cmd/bindgen chain/contracts/artifacts chain/bindings/bindings.go

# The end-to-end test against a real geth --dev built from the pinned
# go-ethereum module (also part of `make test`; the first build of geth takes
# minutes and is cached under the user cache directory).
geth-e2e:
	$(GO) test -count=1 -v -run 'TestGethDev' ./internal/testkit/gethdev ./internal/ledgerd

# The multi-host deployment (deploy/, docs/DEPLOY.md) on loopback: three
# nats-server processes built from the pinned module, three swarmd replicas,
# agents, the scheduler and geth --dev, from the shipped units and configs;
# SWARM_DEPLOY_KILLS rounds of SIGKILLing the settlement leader's swarmd and
# the NATS server it is connected to, then a backup restored into an empty
# cluster. `make test` runs it with one round.
DEPLOY_KILLS ?= 3
deploy-test:
	SWARM_DEPLOY_KILLS=$(DEPLOY_KILLS) $(GO) test -count=1 -timeout 30m -v -run TestDeployment ./internal/testkit/deploytest

# Regenerates the Merkle test vectors with @openzeppelin/merkle-tree (needs npm).
vectors:
	scripts/merkle-vectors.sh

clean:
	rm -rf $(BIN) $(DEMO_DIR)
