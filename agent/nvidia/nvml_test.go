//go:build cgo

package nvidia

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/NVIDIA/go-nvml/pkg/nvml"
	"github.com/NVIDIA/go-nvml/pkg/nvml/mock"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/agent"
	"github.com/swarm-ledger/swarm/events"
)

const (
	a100Name  = "NVIDIA A100-SXM4-80GB"
	a100Bytes = 80 << 30
	gib       = 1 << 30
)

// machine is an 8×A100 host in the shape of go-nvml's mock/dgxa100 server,
// built from the mock package's Interface, Device and EventSet with
// telemetry that dgxa100 does not provide. Its fields are the readings the
// devices return; tests change them between calls.
type machine struct {
	lib  *mock.Interface
	devs []*mock.Device
	set  *mock.EventSet

	mu     sync.Mutex
	util   []uint32 // percent
	used   []uint64 // bytes
	tempC  []uint32
	powMW  []uint32
	ecc    []uint64
	eccRet nvml.Return
	queue  []nvml.EventData
}

func newMachine() *machine {
	const n = 8
	m := &machine{
		util: make([]uint32, n), used: make([]uint64, n), tempC: make([]uint32, n),
		powMW: make([]uint32, n), ecc: make([]uint64, n), eccRet: nvml.SUCCESS,
	}
	m.set = &mock.EventSet{WaitFunc: m.wait, FreeFunc: func() nvml.Return { return nvml.SUCCESS }}
	for i := range n {
		m.devs = append(m.devs, m.device(i))
	}
	m.lib = &mock.Interface{
		InitFunc:           func() nvml.Return { return nvml.SUCCESS },
		ShutdownFunc:       func() nvml.Return { return nvml.SUCCESS },
		DeviceGetCountFunc: func() (int, nvml.Return) { return n, nvml.SUCCESS },
		DeviceGetHandleByIndexFunc: func(i int) (nvml.Device, nvml.Return) {
			if i < 0 || i >= n {
				return nil, nvml.ERROR_INVALID_ARGUMENT
			}
			return m.devs[i], nvml.SUCCESS
		},
		EventSetCreateFunc: func() (nvml.EventSet, nvml.Return) { return m.set, nvml.SUCCESS },
	}
	return m
}

func uuidOf(i int) string { return fmt.Sprintf("GPU-%08x-1111-2222-3333-%012x", i, i) }

// device returns mock device i, reading the machine's fields.
func (m *machine) device(i int) *mock.Device {
	return &mock.Device{
		GetUUIDFunc: func() (string, nvml.Return) { return uuidOf(i), nvml.SUCCESS },
		GetNameFunc: func() (string, nvml.Return) { return a100Name, nvml.SUCCESS },
		GetMemoryInfoFunc: func() (nvml.Memory, nvml.Return) {
			m.mu.Lock()
			defer m.mu.Unlock()
			return nvml.Memory{Total: a100Bytes, Used: m.used[i], Free: a100Bytes - m.used[i]}, nvml.SUCCESS
		},
		GetUtilizationRatesFunc: func() (nvml.Utilization, nvml.Return) {
			m.mu.Lock()
			defer m.mu.Unlock()
			return nvml.Utilization{Gpu: m.util[i]}, nvml.SUCCESS
		},
		GetTemperatureFunc: func(sensor nvml.TemperatureSensors) (uint32, nvml.Return) {
			if sensor != nvml.TEMPERATURE_GPU {
				return 0, nvml.ERROR_INVALID_ARGUMENT
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			return m.tempC[i], nvml.SUCCESS
		},
		GetPowerUsageFunc: func() (uint32, nvml.Return) {
			m.mu.Lock()
			defer m.mu.Unlock()
			return m.powMW[i], nvml.SUCCESS
		},
		GetTotalEccErrorsFunc: func(typ nvml.MemoryErrorType, counter nvml.EccCounterType) (uint64, nvml.Return) {
			if typ != nvml.MEMORY_ERROR_TYPE_UNCORRECTED || counter != nvml.VOLATILE_ECC {
				return 0, nvml.ERROR_INVALID_ARGUMENT
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			return m.ecc[i], m.eccRet
		},
		RegisterEventsFunc: func(types uint64, set nvml.EventSet) nvml.Return {
			if types != nvml.EventTypeXidCriticalError || set != m.set {
				return nvml.ERROR_INVALID_ARGUMENT
			}
			return nvml.SUCCESS
		},
	}
}

// wait pops the next queued event, as a non-blocking EventSetWait does.
func (m *machine) wait(timeoutMs uint32) (nvml.EventData, nvml.Return) {
	if timeoutMs != 0 {
		return nvml.EventData{}, nvml.ERROR_INVALID_ARGUMENT
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.queue) == 0 {
		return nvml.EventData{}, nvml.ERROR_TIMEOUT
	}
	ev := m.queue[0]
	m.queue = m.queue[1:]
	return ev, nvml.SUCCESS
}

// xid queues a critical XID event on device i.
func (m *machine) xid(i int, code uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queue = append(m.queue, nvml.EventData{Device: m.devs[i], EventType: nvml.EventTypeXidCriticalError, EventData: code})
}

func open(t *testing.T, m *machine) *NVMLSource {
	t.Helper()
	s, err := NewNVML(m.lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func sample(t *testing.T, s *NVMLSource) []agent.Sample {
	t.Helper()
	smp, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	return smp
}

func TestEnumerate(t *testing.T) {
	m := newMachine()
	s := open(t, m)
	gpus, err := s.GPUs()
	if err != nil {
		t.Fatal(err)
	}
	if len(gpus) != 8 {
		t.Fatalf("%d GPUs, want 8", len(gpus))
	}
	for i, g := range gpus {
		want := agent.GPUInfo{UUID: uuidOf(i), Model: a100Name, MemMiB: 81920}
		if g != want {
			t.Errorf("GPU %d = %+v, want %+v", i, g, want)
		}
		if n := len(m.devs[i].RegisterEventsCalls()); n != 1 {
			t.Errorf("GPU %d: RegisterEvents called %d times", i, n)
		}
	}
	if len(m.lib.InitCalls()) != 1 || len(m.lib.ShutdownCalls()) != 0 {
		t.Fatalf("Init called %d times, Shutdown %d", len(m.lib.InitCalls()), len(m.lib.ShutdownCalls()))
	}
}

func TestSampleConversions(t *testing.T) {
	m := newMachine()
	for i := range m.devs {
		m.util[i] = uint32(i * 14)              // 0..98 %
		m.used[i] = uint64(i)*gib + (1<<20 - 1) // a MiB short of i GiB + 1 MiB
		m.tempC[i] = uint32(30 + i*25)          // 30..205 °C
		m.powMW[i] = uint32(60000 + i*45000)    // 60..375 W
		m.ecc[i] = uint64(i)
	}
	m.util[7] = 101 // a driver glitch above 100%
	s := open(t, m)
	for i, g := range sample(t, s) {
		want := agent.Sample{
			UUID:       uuidOf(i),
			UtilBP:     min(uint64(m.util[i])*100, 10000),
			MemUsedMiB: uint64(i) * 1024,
			TempC:      min(uint64(m.tempC[i]), 150),
			PowerMW:    uint64(m.powMW[i]),
			ECCDBE:     uint64(i),
		}
		if g != want {
			t.Errorf("GPU %d = %+v, want %+v", i, g, want)
		}
	}
}

func TestECCNotSupported(t *testing.T) {
	m := newMachine()
	m.ecc[3], m.eccRet = 5, nvml.ERROR_NOT_SUPPORTED
	s := open(t, m)
	for i, g := range sample(t, s) {
		if g.ECCDBE != 0 {
			t.Errorf("GPU %d: ECCDBE %d, want 0 when ECC is not supported", i, g.ECCDBE)
		}
	}
}

func TestXIDDeliveredOnce(t *testing.T) {
	m := newMachine()
	s := open(t, m)
	m.xid(2, 48)
	m.xid(5, 13)
	m.xid(2, 79) // the last one per GPU wins
	m.mu.Lock()
	m.queue = append(m.queue, nvml.EventData{Device: m.devs[1], EventType: nvml.EventTypeSingleBitEccError, EventData: 7})
	m.mu.Unlock()
	want := map[int]uint64{2: 79, 5: 13}
	for i, g := range sample(t, s) {
		if g.XID != want[i] {
			t.Errorf("GPU %d: XID %d, want %d", i, g.XID, want[i])
		}
	}
	for i, g := range sample(t, s) {
		if g.XID != 0 {
			t.Errorf("GPU %d: XID %d reported twice", i, g.XID)
		}
	}
}

func TestXIDKeptAcrossFailedSample(t *testing.T) {
	m := newMachine()
	s := open(t, m)
	m.xid(4, 79)
	m.devs[6].GetPowerUsageFunc = func() (uint32, nvml.Return) { return 0, nvml.ERROR_UNKNOWN }
	if _, err := s.Sample(); !errors.Is(err, nvml.ERROR_UNKNOWN) {
		t.Fatalf("Sample: %v, want ERROR_UNKNOWN", err)
	}
	m.devs[6].GetPowerUsageFunc = func() (uint32, nvml.Return) { return 1000, nvml.SUCCESS }
	if got := sample(t, s)[4].XID; got != 79 {
		t.Fatalf("XID after a failed sample: %d, want 79", got)
	}
}

func TestXIDBounded(t *testing.T) {
	m := newMachine()
	s := open(t, m)
	for range maxEventsPerSample + 3 {
		m.xid(0, 31)
	}
	sample(t, s)
	m.mu.Lock()
	defer m.mu.Unlock()
	if left := len(m.queue); left != 3 {
		t.Fatalf("%d events left after one sample, want 3", left)
	}
}

func TestXIDNotSupported(t *testing.T) {
	t.Run("EventSetCreate", func(t *testing.T) {
		m := newMachine()
		m.lib.EventSetCreateFunc = func() (nvml.EventSet, nvml.Return) { return nil, nvml.ERROR_NOT_SUPPORTED }
		sample(t, open(t, m))
		if n := len(m.devs[0].RegisterEventsCalls()); n != 0 {
			t.Fatalf("RegisterEvents called %d times without an event set", n)
		}
	})
	t.Run("RegisterEvents", func(t *testing.T) {
		m := newMachine()
		m.devs[3].RegisterEventsFunc = func(uint64, nvml.EventSet) nvml.Return { return nvml.ERROR_NOT_SUPPORTED }
		s := open(t, m)
		m.xid(1, 79)
		if got := sample(t, s)[1].XID; got != 79 {
			t.Fatalf("XID %d on a supported GPU, want 79", got)
		}
	})
	t.Run("EventSetWait", func(t *testing.T) {
		m := newMachine()
		m.set.WaitFunc = func(uint32) (nvml.EventData, nvml.Return) { return nvml.EventData{}, nvml.ERROR_NOT_SUPPORTED }
		for _, g := range sample(t, open(t, m)) {
			if g.XID != 0 {
				t.Fatalf("XID %d", g.XID)
			}
		}
	})
}

// TestOpenErrors breaks one call at a time while opening and checks the
// error names it and NVML is released.
func TestOpenErrors(t *testing.T) {
	const ret = nvml.ERROR_GPU_IS_LOST
	tests := []struct {
		call    string
		breakIt func(m *machine)
	}{
		{"DeviceGetCount", func(m *machine) { m.lib.DeviceGetCountFunc = func() (int, nvml.Return) { return 0, ret } }},
		{"DeviceGetHandleByIndex(device 0)", func(m *machine) {
			m.lib.DeviceGetHandleByIndexFunc = func(int) (nvml.Device, nvml.Return) { return nil, ret }
		}},
		{"GetUUID(device 3)", func(m *machine) { m.devs[3].GetUUIDFunc = func() (string, nvml.Return) { return "", ret } }},
		{"GetName(device 4)", func(m *machine) { m.devs[4].GetNameFunc = func() (string, nvml.Return) { return "", ret } }},
		{"GetMemoryInfo(device 5)", func(m *machine) {
			m.devs[5].GetMemoryInfoFunc = func() (nvml.Memory, nvml.Return) { return nvml.Memory{}, ret }
		}},
		{"EventSetCreate", func(m *machine) {
			m.lib.EventSetCreateFunc = func() (nvml.EventSet, nvml.Return) { return nil, ret }
		}},
		{"RegisterEvents(device 6, " + uuidOf(6) + ")", func(m *machine) {
			m.devs[6].RegisterEventsFunc = func(uint64, nvml.EventSet) nvml.Return { return ret }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			m := newMachine()
			tt.breakIt(m)
			s, err := NewNVML(m.lib)
			checkCallError(t, err, tt.call, ret)
			freed := 0
			if strings.HasPrefix(tt.call, "RegisterEvents") {
				freed = 1 // the event set existed
			}
			if s != nil || len(m.lib.ShutdownCalls()) != 1 || len(m.set.FreeCalls()) != freed {
				t.Fatalf("source %v returned, Shutdown called %d times, Free %d", s, len(m.lib.ShutdownCalls()), len(m.set.FreeCalls()))
			}
		})
	}
}

// TestSampleErrors breaks one call at a time while sampling.
func TestSampleErrors(t *testing.T) {
	const ret = nvml.ERROR_GPU_IS_LOST
	on := func(i int) string { return fmt.Sprintf("(device %d, %s)", i, uuidOf(i)) }
	tests := []struct {
		call    string
		breakIt func(m *machine)
	}{
		{"GetUtilizationRates" + on(1), func(m *machine) {
			m.devs[1].GetUtilizationRatesFunc = func() (nvml.Utilization, nvml.Return) { return nvml.Utilization{}, ret }
		}},
		{"GetMemoryInfo" + on(2), func(m *machine) {
			m.devs[2].GetMemoryInfoFunc = func() (nvml.Memory, nvml.Return) { return nvml.Memory{}, ret }
		}},
		{"GetTemperature" + on(3), func(m *machine) {
			m.devs[3].GetTemperatureFunc = func(nvml.TemperatureSensors) (uint32, nvml.Return) { return 0, ret }
		}},
		{"GetPowerUsage" + on(4), func(m *machine) {
			m.devs[4].GetPowerUsageFunc = func() (uint32, nvml.Return) { return 0, ret }
		}},
		{"GetTotalEccErrors" + on(0), func(m *machine) { m.eccRet = ret }},
		{"EventSetWait", func(m *machine) {
			m.set.WaitFunc = func(uint32) (nvml.EventData, nvml.Return) { return nvml.EventData{}, ret }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			m := newMachine()
			s := open(t, m)
			tt.breakIt(m)
			smp, err := s.Sample()
			checkCallError(t, err, tt.call, ret)
			if smp != nil {
				t.Fatalf("partial sample %v", smp)
			}
		})
	}
}

func checkCallError(t *testing.T, err error, call string, ret nvml.Return) {
	t.Helper()
	if !errors.Is(err, ErrNVML) || !errors.Is(err, ret) || errors.Is(err, ErrNoNVML) {
		t.Fatalf("error %v does not wrap ErrNVML and %v", err, ret)
	}
	if msg := err.Error(); !strings.Contains(msg, call+": ") || !strings.Contains(msg, ret.Error()) {
		t.Fatalf("error %q does not name %s and %s", msg, call, ret.Error())
	}
}

func TestInitFailure(t *testing.T) {
	for _, tt := range []struct {
		ret    nvml.Return
		absent bool
	}{
		{nvml.ERROR_LIBRARY_NOT_FOUND, true},
		{nvml.ERROR_DRIVER_NOT_LOADED, true},
		{nvml.ERROR_NO_PERMISSION, false},
		{nvml.ERROR_LIB_RM_VERSION_MISMATCH, false},
	} {
		t.Run(tt.ret.Error(), func(t *testing.T) {
			m := newMachine()
			m.lib.InitFunc = func() nvml.Return { return tt.ret }
			s, err := NewNVML(m.lib)
			if s != nil || !errors.Is(err, tt.ret) || errors.Is(err, ErrNoNVML) != tt.absent ||
				errors.Is(err, ErrNVML) == tt.absent || !strings.Contains(err.Error(), "Init: ") {
				t.Fatalf("NewNVML = %v, %v", s, err)
			}
			if len(m.lib.ShutdownCalls()) != 0 || len(m.lib.DeviceGetCountCalls()) != 0 {
				t.Fatal("NVML used after a failed Init")
			}
		})
	}
}

func TestClose(t *testing.T) {
	m := newMachine()
	s := open(t, m)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if len(m.set.FreeCalls()) != 1 || len(m.lib.ShutdownCalls()) != 1 {
		t.Fatalf("Free called %d times, Shutdown %d", len(m.set.FreeCalls()), len(m.lib.ShutdownCalls()))
	}
	if _, err := s.Sample(); !errors.Is(err, agent.ErrClosed) {
		t.Fatalf("Sample after Close: %v", err)
	}
	if _, err := s.GPUs(); !errors.Is(err, agent.ErrClosed) {
		t.Fatalf("GPUs after Close: %v", err)
	}
}

func TestCloseErrors(t *testing.T) {
	m := newMachine()
	m.set.FreeFunc = func() nvml.Return { return nvml.ERROR_UNKNOWN }
	m.lib.ShutdownFunc = func() nvml.Return { return nvml.ERROR_UNINITIALIZED }
	s, err := NewNVML(m.lib)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Close()
	for _, want := range []string{"EventSetFree: ERROR_UNKNOWN", "Shutdown: ERROR_UNINITIALIZED"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Close: %v, want it to mention %q", err, want)
		}
	}
}

// TestBodiesFromNVML runs the mock machine's readings through the
// converters, signing and events.Decode.
func TestBodiesFromNVML(t *testing.T) {
	m := newMachine()
	for i := range m.devs {
		m.util[i], m.tempC[i], m.used[i] = 100, 500, a100Bytes
	}
	m.xid(7, 79)
	s := open(t, m)
	gpus, err := s.GPUs()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := agent.RegisteredBody("0x00112233445566778899aabbccddeeff00112233", "us-east", gpus)
	if err != nil {
		t.Fatal(err)
	}
	hb, err := agent.HeartbeatBody(sample(t, s))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	src, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	for seq, body := range []events.Body{reg, hb} {
		msg, err := events.SignEncode(&events.Event{Type: body.EventType(), Src: src, Seq: uint64(seq + 1), Body: body}, kp)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := events.Decode(msg); err != nil {
			t.Fatalf("Decode(%s): %v", msg, err)
		}
	}
}

func TestConcurrentSamples(t *testing.T) {
	m := newMachine()
	s := open(t, m)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 100 {
				m.xid(i, 79)
				if _, err := s.Sample(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
