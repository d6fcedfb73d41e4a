#!/usr/bin/env bash
# The settlement loop on one machine, from the binaries: swarmd with an
# embedded development chain and short epochs, a provider authorizing a node
# on chain, a staker bonding, a simulated GPU node and the scheduler
# simulator. It waits until EPOCHS epochs are anchored on chain, then the
# provider reads its earnings, checks its proof and claims; finally an
# auditor exports the stream and audits it against the chain.
# Usage: scripts/settle.sh [epochs] [epoch-length]
set -euo pipefail
epochs=${1:-3}
len=${2:-5s}
bin="$(cd "$(dirname "$0")/.." && pwd)/bin"
. "$(dirname "$0")/params.sh"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
port=$((20000 + RANDOM % 20000)); mport=$((port + 1)); aport=$((port + 2)); rport=$((port + 3))
ledger=$("$bin/swarmctl" keys new ledger --out ledger.nk)
sched=$("$bin/swarmctl" keys new scheduler --out sched.nk)
node=$("$bin/swarmctl" keys new node --out node.nk)
write_params "$ledger" "$sched"
nats=nats://127.0.0.1:$port
rpc=http://127.0.0.1:$rport
"$bin/swarmd" run --data ./data --params params.json --ledger-key ledger.nk --dev-chain "127.0.0.1:$rport" \
  --epoch "$len" --nats-port "$port" --metrics "127.0.0.1:$mport" --api "127.0.0.1:$aport" 2> swarmd.log &
api=http://127.0.0.1:$aport
# The development chain's blocks follow the wall clock (one a second), so
# deploying the contracts takes some seconds.
for _ in $(seq 600); do curl -sf "$api/v1/settlement" >/dev/null && break; sleep 0.1; done
curl -sf "$api/v1/settlement" >/dev/null || { echo "settle.sh: swarmd did not come up"; tail -20 swarmd.log; exit 1; }
echo "== swarmd up: NATS $nats, chain $rpc, API $api"
C="--rpc $rpc --contracts data/devchain/addresses.json"
keys=data/devchain/keys
provider=$("$bin/swarmctl" chain key show "$keys/dev1.key")
"$bin/swarmctl" node authorize "$node" $C --key "$keys/dev1.key"
"$bin/swarmctl" stake bond "$provider" "4000 SWARM" $C --key "$keys/dev2.key"
# The node registers once its authorization is in the ledger: wait until the
# watcher has published both chain events and the fold has caught up.
for _ in $(seq 200); do
  m=$(curl -sf "127.0.0.1:$mport/metrics")
  pub=$(echo "$m" | sed -n 's/^swarm_chain_events_published_total \([0-9]*\).*/\1/p')
  lag=$(echo "$m" | sed -n 's/^swarm_ledger_lag_messages \([0-9]*\).*/\1/p')
  [ "${pub:-0}" -ge 2 ] && [ "${lag:-1}" = 0 ] && break
  sleep 0.1
done
"$bin/swarm-agent" --key node.nk --provider "$provider" --spool ./agent --source sim --sim-gpus 4 --interval 200ms --nats "$nats" 2> agent.log &
"$bin/swarmctl" sched-sim --key sched.nk --spool ./sched --nats "$nats" --task-interval 200ms --task-duration 300ms 2> sched.log &
echo "== node agent and scheduler running; waiting for $epochs anchored epochs"
for _ in $(seq 600); do
  anchored=$(curl -sf "$api/v1/settlement" | sed -n 's/.*"last_anchored":\([0-9]*\).*/\1/p')
  [ "${anchored:-0}" -ge "$epochs" ] && break
  sleep 0.5
done
curl -sf "$api/v1/settlement" | head -c 600; echo
[ "${anchored:-0}" -ge "$epochs" ] || { echo "settle.sh: only ${anchored:-0} epochs anchored"; tail -20 swarmd.log; exit 1; }
echo "== provider $provider: waiting for a root with its earnings to activate (activation delay = epoch length)"
for _ in $(seq 120); do
  "$bin/swarmctl" proof "$provider" --api "$api" $C > proof.json 2>/dev/null && break
  sleep 0.5
done
"$bin/swarmctl" earnings "$provider" --api "$api" $C
head -c 300 proof.json; echo " …"
"$bin/swarmctl" claim --api "$api" $C --key "$keys/dev1.key"
echo "== auditor"
"$bin/swarmctl" export --nats "$nats" --out export.ndjson
"$bin/swarmctl" audit --params params.json --log export.ndjson $C
