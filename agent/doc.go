// Package agent is the GPU telemetry layer of the node agent swarm-agent:
// the Source interface it reads GPUs through, a deterministic simulated
// Source, and the converters from telemetry to the node.registered and
// node.heartbeat bodies of SPEC §4.1. The NVML-backed Source lives in
// agent/nvidia, which needs cgo; this package is pure Go.
//
// Contracts:
//   - A Source enumerates a fixed list of GPUs and returns one Sample per
//     GPU, in that order, per successful Sample call. Samples carry integers
//     only, units in the field names; UtilBP is in 0..10000 and TempC in
//     0..150, clamped by the Source.
//   - RegisteredBody and HeartbeatBody return bodies that events.Decode
//     accepts once signed, or an error wrapping ErrInvalidBody that names
//     the offending field. Strings (provider, region, uuids, models) are
//     never rewritten: a string that SPEC §2 does not allow is an error, so
//     a GPU's identity is exactly what its driver reported. Numeric readings
//     in a heartbeat are saturated at their SPEC bounds instead, because a
//     heartbeat is the node's liveness signal and must not be dropped for an
//     odd reading.
//   - SimSource is a pure function of its seed, models, GPU count and fault
//     rates: it reads no clock and draws randomness only from its own PCG.
//   - Sources here are safe for concurrent use; nothing in this package
//     publishes, signs or persists (agent/publisher does).
package agent
