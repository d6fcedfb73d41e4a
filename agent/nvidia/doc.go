// Package nvidia is the agent.Source backed by NVIDIA's NVML through
// github.com/NVIDIA/go-nvml, which loads libnvidia-ml.so.1 with dlopen at run
// time and needs cgo to build. Without cgo the package still builds, and
// NewSystemNVML returns ErrNoNVML, so a pure-Go binary can fall back to the
// simulated source.
//
// Contracts:
//   - NewNVML and NewSystemNVML never panic on a missing library or driver;
//     they return an error wrapping ErrNoNVML (Init reported
//     ERROR_LIBRARY_NOT_FOUND or ERROR_DRIVER_NOT_LOADED).
//   - Every other NVML return that is not SUCCESS is an error wrapping both
//     ErrNVML and the nvml.Return itself (errors.Is works with either), and
//     its message names the call and the GPU. The only returns read as a
//     value are ERROR_NOT_SUPPORTED from GetTotalEccErrors (0 errors) and
//     from the XID event calls (XID 0), and ERROR_TIMEOUT from a
//     non-blocking EventSetWait (no event pending).
//   - Units: utilization percent becomes basis points (×100, at most
//     10000), memory bytes become MiB (rounded down), temperature is clamped
//     to 0..150 °C, power is NVML's milliwatts, ECC is the volatile count
//     of uncorrected errors.
//   - XID: each Sample drains at most 64 pending critical XID events
//     without blocking and reports, per GPU, the last XID code seen since the
//     previous successful Sample; a failed Sample keeps them for the next one.
//   - An NVMLSource is safe for concurrent use. Close frees the event set
//     and shuts NVML down once; later calls return agent.ErrClosed.
package nvidia
