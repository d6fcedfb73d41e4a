#!/usr/bin/env bash
# The fault battery behind `make chaos`. Each step injects one kind of fault
# into real processes and servers and prints one figure line (prefix
# "CHAOS:"); every step runs even if an earlier one failed, and the run ends
# with a summary and a non-zero exit status if any step failed. Full logs
# are kept in $CHAOS_LOG_DIR (default: a new temporary directory).
#
# Sizes (environment, defaults for `make chaos`):
#   CHAOS_SIM_SEEDS=3000                   deterministic simulation seeds
#   CHAOS_KILLS=200 CHAOS_FILLER=200000    swarmd SIGKILLs, filler messages
#   CHAOS_CLUSTER_ROUNDS=3 CHAOS_CLUSTER_HOLD=15s
#                                          rounds of kill/partition/pause, and
#                                          each fault's length (past the Raft
#                                          election timeout, so leaders move)
#   CHAOS_OUTAGE=2m                        an agent's time without NATS
#   CHAOS_CORRUPT_TRIALS=200               random flipped bytes, beside two fixed
#   CHAOS_FUZZ_EXECS=200000                executions per codec fuzz target
#   CHAOS_FUZZ_APPLY_EXECS=20000           executions of FuzzApply (each folds
#                                          hundreds of events: ~200/s on 2 cores)
set -u
cd "$(dirname "$0")/.."

GO=${GO:-go}
LOG_DIR=${CHAOS_LOG_DIR:-$(mktemp -d -t swarm-chaos.XXXXXX)}
mkdir -p "$LOG_DIR"

names=() statuses=() times=() figures=()
failed=0

# record NAME RC SECONDS FIGURE: prints the step's result and keeps it for
# the summary.
record() {
	local name=$1 rc=$2 secs=$3 figure=$4 status=ok
	if [ "$rc" -ne 0 ] || [ -z "$figure" ]; then
		status=FAIL
		failed=$((failed + 1))
		[ -n "$figure" ] || figure="CHAOS: $name: no figure (see $LOG_DIR/$name.log)"
	fi
	echo "$figure"
	if [ "$status" = FAIL ]; then
		echo "   FAILED after ${secs}s; the end of $LOG_DIR/$name.log:"
		grep -E -- 'FAIL|panic|Failing input|[Ee]rror|_test.go:[0-9]+:' "$LOG_DIR/$name.log" | grep -v 'CHAOS:' | tail -15 | sed 's/^/   | /'
	fi
	names+=("$name") statuses+=("$status") times+=("$secs") figures+=("$figure")
}

# gotest NAME ENV... -- GO TEST ARGS: runs one test with -v and takes its
# CHAOS line as the figure.
gotest() {
	local name=$1
	shift
	local envs=()
	while [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	shift
	local log="$LOG_DIR/$name.log" start=$SECONDS rc=0
	echo "== $name"
	env "${envs[@]}" "$GO" test -count=1 -v "$@" >"$log" 2>&1 || rc=$?
	local lines
	lines=$(grep -o 'CHAOS: .*' "$log")
	if [ "$(printf '%s' "$lines" | grep -c 'CHAOS:')" -gt 1 ]; then
		[ "$rc" -ne 0 ] || rc=1
		echo "   more than one figure line in $log"
	fi
	record "$name" "$rc" $((SECONDS - start)) "$(printf '%s' "$lines" | tail -1)"
}

# fuzz NAME TARGET PACKAGE EXECS: runs a fuzz target for a fixed number of
# executions; a failure leaves its input under the package's testdata/fuzz.
fuzz() {
	local name=$1 target=$2 pkg=$3 execs=$4
	local log="$LOG_DIR/$name.log" start=$SECONDS rc=0
	echo "== $name"
	"$GO" test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" -fuzzminimizetime 5s "$pkg" >"$log" 2>&1 || rc=$?
	local done_execs figure
	# executions so far: the last progress line (the corpus' baseline counts)
	done_execs=$(grep -oE 'execs: [0-9]+|coverage: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
	if [ "$rc" -eq 0 ]; then
		figure="CHAOS: fuzz $target ($pkg): ${done_execs:-0}/$execs executions, 0 panics or failed properties"
		[ "${done_execs:-0}" -ge "$execs" ] || rc=1
	else
		local why
		why=$(grep -m1 -o 'Failing input written to .*' "$log" || grep -m1 -E 'panic:|--- FAIL|FAIL' "$log")
		figure="CHAOS: fuzz $target ($pkg): FAILED after ${done_execs:-0} executions: $why"
	fi
	record "$name" "$rc" $((SECONDS - start)) "$figure"
}

# main runs every step; the whole script is read before anything runs.
main() {
	echo "swarm chaos battery; logs in $LOG_DIR"

	gotest simulation \
		SWARM_SIM_SEEDS="${CHAOS_SIM_SEEDS:-3000}" -- \
		-timeout 60m -run 'TestSim$' ./internal/testkit/sim

	gotest swarmd-sigkill \
		SWARM_CRASH_KILLS="${CHAOS_KILLS:-200}" SWARM_CRASH_FILLER="${CHAOS_FILLER:-200000}" -- \
		-timeout 60m -run '^TestSIGKILLDuringIngest$' ./cmd/swarmd

	gotest cluster-faults \
		SWARM_CHAOS_CLUSTER_ROUNDS="${CHAOS_CLUSTER_ROUNDS:-3}" SWARM_CHAOS_CLUSTER_HOLD="${CHAOS_CLUSTER_HOLD:-15s}" -- \
		-timeout 30m -run '^TestClusterFaultsLoseNothingAcknowledged$' ./internal/ledgerd

	gotest agent-outage \
		SWARM_CHAOS_OUTAGE="${CHAOS_OUTAGE:-2m}" -- \
		-timeout 30m -run '^TestLongOutageSpoolsAndDrains$' ./agent/publisher

	gotest settlement-steps \
		-- -timeout 10m -run '^TestSettlementCrashAtEveryStep$' ./internal/ledgerd

	gotest corrupted-block \
		SWARM_CHAOS_CORRUPT_TRIALS="${CHAOS_CORRUPT_TRIALS:-200}" -- \
		-timeout 30m -run '^TestCorruptedBlockIsDetected$' ./internal/ledgerd

	fuzz fuzz-decode FuzzDecode ./events "${CHAOS_FUZZ_EXECS:-200000}"
	fuzz fuzz-check FuzzCheck ./events "${CHAOS_FUZZ_EXECS:-200000}"
	fuzz fuzz-export FuzzExport ./events "${CHAOS_FUZZ_EXECS:-200000}"
	fuzz fuzz-apply FuzzApply ./aggregates "${CHAOS_FUZZ_APPLY_EXECS:-20000}"

	echo
	echo "== summary"
	total=0
	for i in "${!names[@]}"; do
		total=$((total + times[i]))
		printf '%-4s %-17s %5ss  %s\n' "${statuses[i]}" "${names[i]}" "${times[i]}" "${figures[i]#CHAOS: }"
	done
	echo "${#names[@]} steps, $failed failed, ${total}s; logs in $LOG_DIR"
	[ "$failed" -eq 0 ]
}

main "$@"
