// Package perf measures the ledger's throughput figures in one run, each
// next to the baseline it is judged against (these machines are noisy, so
// only ratios measured in the same run mean much). cmd/swarm-bench prints
// them; `make bench` runs it.
package perf
