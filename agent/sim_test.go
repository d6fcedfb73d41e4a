package agent

import (
	"errors"
	"slices"
	"testing"
)

var allModels = []string{"NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB", "NVIDIA L40S", "NVIDIA GeForce RTX 4090", "Acme X1"}

func newSim(t *testing.T, seed int64, n int, opts ...SimOption) *SimSource {
	t.Helper()
	s, err := NewSim(seed, allModels, n, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func gpus(t *testing.T, s Source) []GPUInfo {
	t.Helper()
	g, err := s.GPUs()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// run takes n samples, returning the successful ones and the error count.
func run(t *testing.T, s *SimSource, n int) ([][]Sample, int) {
	t.Helper()
	var out [][]Sample
	failed := 0
	for range n {
		smp, err := s.Sample()
		if errors.Is(err, ErrSimulatedFailure) {
			failed++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, smp)
	}
	return out, failed
}

func TestSimDeterministic(t *testing.T) {
	faults := WithFaults(SimFaults{ECCDBEBP: 100, XIDBP: 100, SampleErrorBP: 500})
	a, b := newSim(t, 7, 8, faults), newSim(t, 7, 8, faults)
	if !slices.Equal(gpus(t, a), gpus(t, b)) {
		t.Fatal("same seed, different GPUs")
	}
	for i := range 2000 {
		sa, ea := a.Sample()
		sb, eb := b.Sample()
		if !slices.Equal(sa, sb) || (ea == nil) != (eb == nil) {
			t.Fatalf("sample %d differs: %v %v / %v %v", i, sa, ea, sb, eb)
		}
	}
	other := gpus(t, newSim(t, 8, 8, faults))
	for _, g := range gpus(t, a) {
		if slices.ContainsFunc(other, func(o GPUInfo) bool { return o.UUID == g.UUID }) {
			t.Fatalf("seeds 7 and 8 share uuid %s", g.UUID)
		}
	}
}

func TestSimModels(t *testing.T) {
	want := []GPUInfo{
		{Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559},
		{Model: "NVIDIA A100-SXM4-80GB", MemMiB: 81920},
		{Model: "NVIDIA L40S", MemMiB: 46068},
		{Model: "NVIDIA GeForce RTX 4090", MemMiB: 24564},
		{Model: "Acme X1", MemMiB: 16384},
		{Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559},
	}
	got := gpus(t, newSim(t, 1, len(want)))
	for i, g := range got {
		if g.Model != want[i].Model || g.MemMiB != want[i].MemMiB || len(g.UUID) != 40 {
			t.Errorf("GPU %d = %+v, want %+v with a 40-character uuid", i, g, want[i])
		}
	}
	if _, err := RegisteredBody(testProvider, "sim", got); err != nil {
		t.Fatal(err)
	}
}

// TestSimRanges checks every reading against SPEC's bounds and the GPU's
// own limits, and that a sample of them pass events.Decode once signed.
func TestSimRanges(t *testing.T) {
	faults := WithFaults(SimFaults{ECCDBEBP: 50, XIDBP: 50, SampleErrorBP: 100})
	for seed := range int64(4) {
		s := newSim(t, seed, 16, faults)
		info := gpus(t, s)
		samples, _ := run(t, s, 5000)
		for k, smp := range samples {
			for i, g := range smp {
				checkReading(t, info[i], g)
			}
			if k%500 == 0 {
				body, err := HeartbeatBody(smp)
				if err != nil {
					t.Fatal(err)
				}
				signDecode(t, body)
			}
		}
	}
}

func checkReading(t *testing.T, info GPUInfo, g Sample) {
	t.Helper()
	prof, ok := simModels[info.Model]
	if !ok {
		prof = defaultProfile
	}
	maxMW := uint64(prof.maxW) * 1020
	if g.UUID != info.UUID || g.UtilBP > MaxUtilBP || g.TempC > MaxTempC ||
		g.MemUsedMiB > info.MemMiB || g.PowerMW > maxMW || (g.XID != 0 && g.XID != XIDFallenOffBus) {
		t.Fatalf("reading %+v out of range for %+v", g, info)
	}
}

// TestSimDrifts checks that load moves and temperature and power follow it.
func TestSimDrifts(t *testing.T) {
	s := newSim(t, 3, 4, WithFaults(SimFaults{}))
	samples, _ := run(t, s, 5000)
	levels := map[uint64]bool{}
	var hot, cold stats
	for _, smp := range samples {
		g := smp[0] // an H100
		levels[g.UtilBP/1000] = true
		switch {
		case g.UtilBP >= 8000:
			hot.add(g)
		case g.UtilBP <= 2000:
			cold.add(g)
		}
	}
	if len(levels) < 10 || hot.n == 0 || cold.n == 0 {
		t.Fatalf("utilization did not drift: %d levels, %d hot, %d cold samples", len(levels), hot.n, cold.n)
	}
	if hot.tempC/hot.n <= cold.tempC/cold.n+20 || hot.powerMW/hot.n <= cold.powerMW/cold.n+300000 {
		t.Fatalf("temperature or power does not follow load: hot %+v, cold %+v", hot, cold)
	}
}

type stats struct{ n, tempC, powerMW uint64 }

func (s *stats) add(g Sample) { s.n, s.tempC, s.powerMW = s.n+1, s.tempC+g.TempC, s.powerMW+g.PowerMW }

// TestSimFaultRates checks that failures appear at about their rates.
func TestSimFaultRates(t *testing.T) {
	const calls, gpusN = 20000, 8
	f := SimFaults{ECCDBEBP: 100, XIDBP: 50, SampleErrorBP: 200}
	s := newSim(t, 42, gpusN, WithFaults(f))
	samples, failed := run(t, s, calls)
	var ecc, xid uint64
	prev := make([]uint64, gpusN)
	for _, smp := range samples {
		for i, g := range smp {
			if g.ECCDBE < prev[i] || g.ECCDBE > prev[i]+1 {
				t.Fatalf("GPU %d: ECC counter went from %d to %d", i, prev[i], g.ECCDBE)
			}
			ecc += g.ECCDBE - prev[i]
			prev[i] = g.ECCDBE
			if g.XID != 0 {
				xid++
			}
		}
	}
	readings := uint64(len(samples) * gpusN)
	near(t, "sample errors", uint64(failed), calls*f.SampleErrorBP/10000)
	near(t, "ECC errors", ecc, readings*f.ECCDBEBP/10000)
	near(t, "XIDs", xid, readings*f.XIDBP/10000)
}

// near fails unless got is within 20% of want.
func near(t *testing.T, what string, got, want uint64) {
	t.Helper()
	if got*10 < want*8 || got*10 > want*12 {
		t.Errorf("%s: %d, want about %d", what, got, want)
	}
	t.Logf("%s: %d (expected %d)", what, got, want)
}

func TestSimNoFaults(t *testing.T) {
	s := newSim(t, 5, 16, WithFaults(SimFaults{}))
	samples, failed := run(t, s, 2000)
	for _, smp := range samples {
		for _, g := range smp {
			if g.ECCDBE != 0 || g.XID != 0 {
				t.Fatalf("fault without a fault rate: %+v", g)
			}
		}
	}
	if failed != 0 {
		t.Fatalf("%d sample errors without a fault rate", failed)
	}
}

func TestSimConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		models []string
		n      int
		faults SimFaults
	}{
		{"no GPUs", allModels, 0, SimFaults{}},
		{"17 GPUs", allModels, 17, SimFaults{}},
		{"no models", nil, 1, SimFaults{}},
		{"bad model", []string{"caf\u00e9"}, 1, SimFaults{}},
		{"rate above 100%", allModels, 1, SimFaults{XIDBP: 10001}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewSim(1, tt.models, tt.n, WithFaults(tt.faults)); !errors.Is(err, ErrSimConfig) {
				t.Fatalf("NewSim: %v, want ErrSimConfig", err)
			}
		})
	}
}

func TestSimClosed(t *testing.T) {
	s := newSim(t, 1, 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sample(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Sample after Close: %v", err)
	}
	if _, err := s.GPUs(); !errors.Is(err, ErrClosed) {
		t.Fatalf("GPUs after Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestSimConcurrent(t *testing.T) {
	s := newSim(t, 9, 4)
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 200 {
				_, _ = s.Sample()
				_, _ = s.GPUs()
			}
		}()
	}
	for range 4 {
		<-done
	}
}
