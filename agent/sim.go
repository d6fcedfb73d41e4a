package agent

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/swarm-ledger/swarm/events"
)

// XIDFallenOffBus is the XID a GPU reports when it has fallen off the bus.
const XIDFallenOffBus = 79

// simStream is the PCG stream of every SimSource; the seed picks the state.
const simStream = 0x5357_4152_4d5f_5349 // "SWARM_SI"

// Errors of the simulated source.
var (
	// ErrSimConfig is returned by NewSim for an impossible configuration.
	ErrSimConfig = errors.New("agent: invalid simulation")
	// ErrSimulatedFailure is returned by SimSource.Sample when it simulates
	// a transient driver failure.
	ErrSimulatedFailure = errors.New("agent: simulated driver failure")
)

// SimFaults sets how often a SimSource fails, in basis points (1/10000).
type SimFaults struct {
	ECCDBEBP      uint64 // per GPU and sample: one more uncorrected ECC error
	XIDBP         uint64 // per GPU and sample: XID 79, the GPU fell off the bus and was reset
	SampleErrorBP uint64 // per Sample call: a transient driver failure
}

// DefaultSimFaults are rare failures: sampled every 30 s, an 8-GPU node sees
// two or three of each kind a day.
var DefaultSimFaults = SimFaults{ECCDBEBP: 1, XIDBP: 1, SampleErrorBP: 10}

// SimOption configures NewSim.
type SimOption func(*SimSource)

// WithFaults sets the failure rates (default DefaultSimFaults).
func WithFaults(f SimFaults) SimOption {
	return func(s *SimSource) { s.faults = f }
}

// modelProfile is what the simulation knows about a GPU model.
type modelProfile struct {
	memMiB       int64
	idleW, maxW  int64
	idleC, loadC int64 // temperature at idle and at full load
}

// simModels are the profiles of well-known models, keyed by NVML name.
var simModels = map[string]modelProfile{
	"NVIDIA H100 80GB HBM3":   {memMiB: 81559, idleW: 70, maxW: 700, idleC: 32, loadC: 78},
	"NVIDIA A100-SXM4-80GB":   {memMiB: 81920, idleW: 55, maxW: 400, idleC: 30, loadC: 74},
	"NVIDIA L40S":             {memMiB: 46068, idleW: 35, maxW: 350, idleC: 30, loadC: 80},
	"NVIDIA GeForce RTX 4090": {memMiB: 24564, idleW: 25, maxW: 450, idleC: 30, loadC: 76},
}

// defaultProfile is used for any other model.
var defaultProfile = modelProfile{memMiB: 16384, idleW: 30, maxW: 300, idleC: 30, loadC: 80}

// simGPU is the state of one simulated GPU.
type simGPU struct {
	info    GPUInfo
	prof    modelProfile
	utilBP  int64
	tempC   int64
	memMiB  int64
	powerMW int64
	eccDBE  uint64
}

// SimSource is a deterministic simulated Source: the same seed, models, n
// and faults give the same GPUs and the same sequence of samples and
// failures. It reads no clock; randomness comes only from a PCG seeded by
// seed. Utilization follows a random walk with occasional jumps (jobs
// starting and ending); temperature, power and memory follow the load.
// It is safe for concurrent use.
type SimSource struct {
	mu     sync.Mutex
	rng    *rand.Rand
	faults SimFaults
	gpus   []simGPU
	closed bool
}

var _ Source = (*SimSource)(nil)

// NewSim returns n simulated GPUs (1..16), GPU i of model
// models[i%len(models)]. Known models get their real memory size and power
// envelope, any other model a generic one (16384 MiB, 300 W). An impossible
// configuration returns an error wrapping ErrSimConfig.
func NewSim(seed int64, models []string, n int, opts ...SimOption) (*SimSource, error) {
	if n < 1 || n > events.MaxGPUs {
		return nil, fmt.Errorf("%w: %d GPUs, want 1 to %d", ErrSimConfig, n, events.MaxGPUs)
	}
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: no models", ErrSimConfig)
	}
	for i, m := range models {
		if err := checkString("model", m, false); err != nil {
			return nil, fmt.Errorf("%w: model %d: %w", ErrSimConfig, i, err)
		}
	}
	s := &SimSource{rng: rand.New(rand.NewPCG(uint64(seed), simStream)), faults: DefaultSimFaults}
	for _, opt := range opts {
		opt(s)
	}
	if err := s.faults.check(); err != nil {
		return nil, err
	}
	for i := range n {
		s.gpus = append(s.gpus, s.newGPU(models[i%len(models)]))
	}
	return s, nil
}

// check rejects rates above 10000 bp.
func (f SimFaults) check() error {
	if f.ECCDBEBP > 10000 || f.XIDBP > 10000 || f.SampleErrorBP > 10000 {
		return fmt.Errorf("%w: fault rates %+v exceed 10000 bp", ErrSimConfig, f)
	}
	return nil
}

// newGPU creates one idle-ish GPU of model.
func (s *SimSource) newGPU(model string) simGPU {
	prof, ok := simModels[model]
	if !ok {
		prof = defaultProfile
	}
	g := simGPU{
		info:   GPUInfo{UUID: s.uuid(), Model: model, MemMiB: uint64(prof.memMiB)},
		prof:   prof,
		utilBP: s.rng.Int64N(3000),
		tempC:  prof.idleC,
	}
	g.follow(s.rng)
	return g
}

// uuid returns a random NVML-style uuid.
func (s *SimSource) uuid() string {
	a, b := s.rng.Uint64(), s.rng.Uint64()
	return fmt.Sprintf("GPU-%08x-%04x-%04x-%04x-%012x",
		a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// GPUs returns the simulated GPUs.
func (s *SimSource) GPUs() ([]GPUInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	out := make([]GPUInfo, len(s.gpus))
	for i, g := range s.gpus {
		out[i] = g.info
	}
	return out, nil
}

// Sample advances the simulation one step and returns its readings, or, at
// the SampleErrorBP rate, ErrSimulatedFailure without advancing.
func (s *SimSource) Sample() ([]Sample, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if s.chance(s.faults.SampleErrorBP) {
		return nil, fmt.Errorf("%w: transient NVML error", ErrSimulatedFailure)
	}
	out := make([]Sample, len(s.gpus))
	for i := range s.gpus {
		out[i] = s.step(&s.gpus[i])
	}
	return out, nil
}

// Close stops the simulation.
func (s *SimSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// chance reports true with probability bp/10000.
func (s *SimSource) chance(bp uint64) bool {
	return bp > 0 && s.rng.Uint64N(10000) < bp
}

// step moves g one sample forward and returns the reading.
func (s *SimSource) step(g *simGPU) Sample {
	g.walk(s.rng)
	var xid uint64
	if s.chance(s.faults.ECCDBEBP) {
		g.eccDBE++
	}
	if s.chance(s.faults.XIDBP) {
		xid = XIDFallenOffBus
		g.utilBP = 0 // the reset killed the running job
	}
	g.follow(s.rng)
	return Sample{
		UUID:       g.info.UUID,
		UtilBP:     uint64(g.utilBP),
		MemUsedMiB: uint64(g.memMiB),
		TempC:      uint64(g.tempC),
		PowerMW:    uint64(g.powerMW),
		ECCDBE:     g.eccDBE,
		XID:        xid,
	}
}

// walk moves utilization: mostly small steps, sometimes a jump to a new
// level as a job starts or ends.
func (g *simGPU) walk(rng *rand.Rand) {
	if rng.Uint64N(100) < 3 {
		g.utilBP = rng.Int64N(MaxUtilBP + 1)
		return
	}
	g.utilBP = clamp(g.utilBP+rng.Int64N(1601)-800, 0, MaxUtilBP)
}

// follow moves temperature, power and memory toward what the load implies.
func (g *simGPU) follow(rng *rand.Rand) {
	p := g.prof
	targetC := p.idleC + (p.loadC-p.idleC)*g.utilBP/MaxUtilBP
	g.tempC = clamp(g.tempC+(targetC-g.tempC)/4+rng.Int64N(3)-1, 0, MaxTempC)
	targetMW := 1000 * (p.idleW + (p.maxW-p.idleW)*g.utilBP/MaxUtilBP)
	noiseMW := 20 * p.maxW // ±2% of the power limit
	g.powerMW = max(targetMW+rng.Int64N(2*noiseMW+1)-noiseMW, 0)
	usedMiB := p.memMiB * g.utilBP / (MaxUtilBP + 2000)
	g.memMiB = clamp(usedMiB+rng.Int64N(p.memMiB/100+1), 0, p.memMiB)
}

// clamp returns v bounded to lo..hi.
func clamp(v, lo, hi int64) int64 { return max(lo, min(v, hi)) }
