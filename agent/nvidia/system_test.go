package nvidia

import (
	"errors"
	"testing"
)

// TestSystemNVML opens the machine's real NVML. Without a driver (or without
// cgo) it must fail with ErrNoNVML and not panic; with one, enumeration and
// sampling must work.
func TestSystemNVML(t *testing.T) {
	s, err := NewSystemNVML()
	if err != nil {
		if !errors.Is(err, ErrNoNVML) {
			t.Fatalf("NewSystemNVML: %v, want an error wrapping ErrNoNVML", err)
		}
		t.Logf("no NVML on this machine: %v", err)
		return
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}()
	gpus, err := s.GPUs()
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range gpus {
		if g.UUID == "" || g.Model == "" || g.MemMiB == 0 {
			t.Errorf("GPU %d enumerated as %+v", i, g)
		}
	}
	samples, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != len(gpus) {
		t.Fatalf("%d samples for %d GPUs", len(samples), len(gpus))
	}
	for i, smp := range samples {
		if smp.UUID != gpus[i].UUID || smp.UtilBP > 10000 || smp.TempC > 150 {
			t.Errorf("sample %d = %+v", i, smp)
		}
	}
}
