// Package gethdev runs a real `geth --dev` node for end-to-end tests.
//
// The node is built with `go build` from the go-ethereum version that this
// module's go.mod pins (go.mod declares `tool .../cmd/geth`), so no Docker
// and no downloaded binaries are involved:
//
//	bin, err := gethdev.Binary(ctx)                      // build once per machine
//	node, err := gethdev.Start(ctx, gethdev.Options{Binary: bin, DataDir: t.TempDir()})
//	defer node.Stop()
//	err = node.Fund(ctx, addr, big.NewInt(params.Ether)) // from the dev account
//	client, err := ethclient.DialContext(ctx, node.URL())
//
// # Binary
//
//   - The executable lives at
//     <os.UserCacheDir()>/swarm-ledger/geth-<version>-<GOOS>-<GOARCH>/geth,
//     where <version> is `go list -m -f {{.Version}} github.com/ethereum/go-ethereum`
//     run in the module root (the nearest go.mod above the working
//     directory). A replace directive for go-ethereum adds a hash of the
//     replacement to the key; edits inside a local-directory replacement are
//     NOT detected: delete the cache directory.
//   - A present file is reused without any check beyond "regular and
//     executable". The file is only ever created by renaming a complete build
//     output (a unique temp name in the same directory), so it is never
//     partial. Concurrent cold callers in several processes serialize on a
//     lock file in the cache directory (flock): one builds, the others wait
//     and reuse its binary.
//   - The build inherits the environment (GOFLAGS, CGO_ENABLED, GOPROXY…);
//     the go command must be on PATH.
//
// # Node
//
//   - geth runs with --dev, --dev.period <Options.Period in whole seconds>,
//     --datadir <Options.DataDir>, HTTP JSON-RPC on 127.0.0.1 only with the
//     eth, net and web3 APIs, no IPC, no WebSocket, no p2p (no discovery, no
//     listener, 0 peers; --dev forces this anyway) and no engine API (--dev
//     registers none, so no authrpc listener is opened). Several nodes can
//     run at once.
//   - The HTTP port is chosen by the kernel (--http.port 0) and read from
//     geth's "HTTP server started ... endpoint=" log line, so there is no
//     port race. Start then polls eth_blockNumber until it answers, within
//     the caller's ctx and at most two minutes.
//   - Stop sends SIGTERM, waits up to 30s, then kills. Options.Log is never
//     written after Stop returns. On Linux geth also gets SIGKILL if the test
//     process dies without calling Stop (Pdeathsig).
//   - An empty DataDir means a temporary directory removed by Stop. A reused
//     DataDir keeps its chain and keystore across restarts.
//
// # Developer account
//
// In a fresh data directory geth imports a fixed, well-known key
// (cmd/utils.DeveloperKey, b71c71a6…f291, address
// 0x71562b71999873DB5b286dF957af199Ec94617F7) into <datadir>/keystore with
// an empty password, unlocks it, makes it the fee recipient and gives it a
// genesis balance of 2^256-9 wei. It is eth_accounts[0] (Node.DevAccount).
// eth_sendTransaction from it works over HTTP in v1.17.10 (verified; no
// --unlock or --password needed), which is what Node.Fund uses; geth fills
// in gas, fees and the nonce, so concurrent Fund calls are safe. Chain ID is
// 1337, the genesis gas limit is 11,500,000, all forks are active at genesis
// and the miner accepts a 1 wei tip.
//
// # Receipts right after start
//
// On a fresh chain geth's transaction indexer only runs once block 1 has been
// sealed; until it finishes (tens of milliseconds after block 1),
// eth_getTransactionReceipt for a hash it does not know fails with
// "transaction indexing is in progress" (code -32000) instead of returning
// null. Node.WaitReceipt and Node.Fund retry that error; code polling
// ethclient.TransactionReceipt itself must treat it like ethereum.NotFound
// (bind.WaitMined retries every error, so it is fine).
//
// # Block production
//
// With Period 0 a block is sealed as soon as a transaction enters the pool
// (one block per transaction in practice when sent one by one), and no block
// is produced otherwise. With Period > 0 a block, possibly empty, is sealed
// every Period.
//
// # "safe" and "finalized" tags (eth/catalyst/simulated_beacon.go)
//
// The simulated beacon sets, after sealing block N:
//
//   - safe = latest = N (always the head);
//   - finalized = N/32*32, the last multiple of devEpochLength = 32: the
//     genesis block (number 0) until block 32 is sealed, then 32 up to
//     block 63, then 64, and so on.
//
// Both tags always answer (at genesis both are block 0); verified with
// eth_getBlockByNumber("finalized"/"safe") on v1.17.10. Consequence for
// tests: code that waits for finality sees a transaction finalized only
// once the chain reaches the next multiple of 32, so with Period 0 it must
// send up to 32 more transactions (or use Period > 0 and wait up to 32
// periods). After a restart on a reused DataDir, safe is reported as the
// persisted finalized block (not the head) until the next block is sealed.
package gethdev
