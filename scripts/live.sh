#!/usr/bin/env bash
# The live pipeline on one machine, from the binaries: swarmd (embedded NATS
# JetStream + Pebble), a chain authorization signed by hand with the ledger
# key, a simulated GPU node agent and the scheduler simulator; then the
# stream is exported and verified. Usage: scripts/live.sh [seconds]
set -euo pipefail
secs=${1:-5}
bin="$(cd "$(dirname "$0")/.." && pwd)/bin"
. "$(dirname "$0")/params.sh"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
port=$((20000 + RANDOM % 20000)); mport=$((port + 1))
ledger=$("$bin/swarmctl" keys new ledger --out ledger.nk)
sched=$("$bin/swarmctl" keys new scheduler --out sched.nk)
node=$("$bin/swarmctl" keys new node --out node.nk)
provider=0x00000000000000000000000000000000000000aa
write_params "$ledger" "$sched"
nats=nats://127.0.0.1:$port
"$bin/swarmd" run --data ./data --params params.json --nats-port "$port" --metrics "127.0.0.1:$mport" --api= 2> swarmd.log &
for _ in $(seq 50); do curl -sf "127.0.0.1:$mport/metrics" >/dev/null && break; sleep 0.1; done
echo "== swarmd up: $nats, metrics http://127.0.0.1:$mport/metrics"
tx=0x$(printf 'ab%.0s' $(seq 32))
"$bin/swarmctl" event sign --key ledger.nk --src chain --type chain.node_authorized --seq 100000 --time 1 \
  --body "{\"block\":1,\"log\":0,\"node\":\"$node\",\"provider\":\"$provider\",\"tx\":\"$tx\"}" |
  "$bin/swarmctl" event publish --nats "$nats"
"$bin/swarm-agent" --key node.nk --provider "$provider" --spool ./agent --source sim --sim-gpus 4 --interval 200ms --nats "$nats" 2> agent.log &
agent=$!
"$bin/swarmctl" sched-sim --key sched.nk --spool ./sched --nats "$nats" --task-interval 200ms --task-duration 300ms 2> sched.log &
simpid=$!
echo "== agent and scheduler running for ${secs}s"
sleep "$secs"
kill "$agent" "$simpid"; wait "$agent" "$simpid" 2>/dev/null || true
sleep 0.5
curl -s "127.0.0.1:$mport/metrics" | grep -E '^swarm_ledger_(events_total|checkpoint|lag_messages|folding)'
"$bin/swarmctl" export --nats "$nats" --out export.ndjson
"$bin/swarmctl" log verify --params params.json export.ndjson
