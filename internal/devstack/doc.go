// Package devstack is the one-command demo network behind `swarmd dev`: in
// one process, on loopback, it runs the ledger service (embedded NATS
// JetStream and Pebble, package ledgerd) settling short epochs on a
// development chain (package chain/devnet, the contracts deployed), with
// generated keys and parameters, providers that authorize their nodes on
// chain, stakers bonded behind them, simulated GPU node agents (agent.Run
// on agent.SimSource, spread over providers, regions and GPU models) and
// the scheduler simulator (agent/schedsim).
//
// Contract:
//   - Start returns once every node's authorization is in the committed
//     ledger and the agents and the scheduler run; a failed Start stops
//     what it started and removes its run directory. The context given to
//     Start bounds the start only.
//   - Runs: the development chain lives in memory and cannot outlive the
//     process, and a ledger cannot settle against a chain that forgot its
//     roots and stakes. So a stack never resumes: each Start makes a new
//     run directory DataDir/run-NNN (keys, params.json, devchain/, the
//     ledger's ledger/ and nats/, the agents' spool/), and earlier runs stay
//     on disk for inspection (`swarmd run --data DIR/run-NNN --params
//     DIR/run-NNN/params.json` serves one's read API again, without a
//     chain). Start refuses a data directory that holds the state of a
//     `swarmd run` (ErrDataDir).
//   - Once a run is up, DataDir/current (a relative symlink) points at it,
//     and its env file (DataDir/current/env, EnvFile) sets swarmctl's
//     connection variables (SWARM_API, SWARM_RPC, SWARM_CONTRACTS,
//     SWARM_NATS), D (DataDir/current, absolute) and every development
//     account by role (DEPLOYER, PROVIDER, PROVIDER2…, STAKER, STAKER2…,
//     each with its _KEY file), all through the current link, so a shell
//     that sourced it follows the next run. A failed Start leaves current
//     where it was.
//   - The development chain's block times follow the wall clock
//     (simchain.Config.WallClock): release and activation times it shows
//     are wall-clock times.
//   - Close stops the agents and the scheduler, then the ledger service,
//     then the chain, and leaves the run directory; calling it again does
//     nothing. Progress returns when the stack closes.
//   - The ledger is read only through its committed reads (View,
//     CommittedEpoch, CommittedNode), which are safe while it folds.
//
// The development accounts' keys are public (chain/devnet); the stack is
// for local demos and tests only.
//
// StartChain, ChainDeploy and ChainConfirmations are also how `swarmd run
// --dev-chain` starts its development chain.
package devstack
