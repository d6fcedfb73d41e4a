# Sourced by the scripts: write_params LEDGER_ID SCHEDULER_ID writes
# params.json, the network parameters (SPEC §3) of the local runs:
# one-second heartbeats and the example economics.
write_params() {
  cat > params.json <<JSON
{"chain_id":1337,"ledger":"$1","schedulers":["$2"],"heartbeat_interval_s":1,
 "base_emission":"1000000000000000000000","scale_min_bp":5000,"weight_compute_bp":7000,"weight_avail_bp":3000,
 "gpu_weights_milli":{"NVIDIA H100 80GB HBM3":1000},"min_stake_per_gpu":"1000000000000000000000",
 "commission_bp":1000,"downtime_threshold_bp":5000,"downtime_slash_bp":50,"downtime_jail_epochs":1,
 "fault_slash_bp":10,"fault_slash_cap_bp":200,"equivocation_slash_bp":500,"equivocation_jail_epochs":24,
 "max_stakers_per_provider":64}
JSON
}
