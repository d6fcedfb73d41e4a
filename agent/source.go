package agent

import "errors"

// Telemetry bounds of SPEC §4.1 (node.heartbeat).
const (
	// MaxUtilBP is full utilization in basis points.
	MaxUtilBP = 10000
	// MaxTempC is the highest temperature a heartbeat may carry.
	MaxTempC = 150
)

// ErrClosed is returned by a Source used after Close.
var ErrClosed = errors.New("agent: source closed")

// GPUInfo describes one GPU as enumerated by a Source.
type GPUInfo struct {
	UUID   string // NVML uuid, "GPU-…"
	Model  string // NVML product name, e.g. "NVIDIA H100 80GB HBM3"
	MemMiB uint64 // total framebuffer memory
}

// Sample is one telemetry reading of one GPU. Every field is an integer
// with its unit in its name. UtilBP is in 0..MaxUtilBP and TempC in
// 0..MaxTempC; the other fields are reported as read. ECCDBE is the
// volatile count of uncorrected (double-bit) ECC errors; XID is the last
// critical XID code seen since the previous successful sample, 0 if none.
type Sample struct {
	UUID       string
	UtilBP     uint64
	MemUsedMiB uint64
	TempC      uint64
	PowerMW    uint64
	ECCDBE     uint64
	XID        uint64
}

// Source is where the agent reads GPU telemetry: real NVML, go-nvml's mock,
// or a simulation.
type Source interface {
	// GPUs enumerates the GPUs: uuid, model and total memory. The list is
	// fixed for the life of the Source.
	GPUs() ([]GPUInfo, error)
	// Sample reads one Sample per GPU, in the order of GPUs. A failed
	// Sample loses nothing: events seen before the failure (XIDs) are
	// reported by the next successful one.
	Sample() ([]Sample, error)
	// Close releases the Source; later calls return ErrClosed. Close is
	// idempotent.
	Close() error
}
