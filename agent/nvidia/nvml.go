//go:build cgo

package nvidia

import (
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/NVIDIA/go-nvml/pkg/nvml"

	"github.com/swarm-ledger/swarm/agent"
)

// maxEventsPerSample bounds the XID events one Sample drains; the rest wait
// for the next Sample.
const maxEventsPerSample = 64

// bytesPerMiB converts NVML's byte counts.
const bytesPerMiB = 1 << 20

// NVMLSource is an agent.Source reading GPUs through NVML.
type NVMLSource struct {
	mu      sync.Mutex
	lib     nvml.Interface
	devices []nvml.Device
	gpus    []agent.GPUInfo
	events  nvml.EventSet // nil when XID events are not supported
	xid     []uint64      // last XID per GPU since the previous Sample
	closed  bool
}

var _ agent.Source = (*NVMLSource)(nil)

// NewSystemNVML opens the system's NVML library (libnvidia-ml.so.1). On a
// machine without the library or the driver it returns an error wrapping
// ErrNoNVML.
func NewSystemNVML() (*NVMLSource, error) {
	return NewNVML(nvml.New())
}

// NewNVML initializes lib, enumerates its GPUs and registers for critical
// XID events. On failure lib is shut down again (if Init succeeded).
func NewNVML(lib nvml.Interface) (*NVMLSource, error) {
	if ret := lib.Init(); ret != nvml.SUCCESS {
		return nil, initError(ret)
	}
	s := &NVMLSource{lib: lib}
	if err := s.open(); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// initError classifies a failed Init.
func initError(ret nvml.Return) error {
	if ret == nvml.ERROR_LIBRARY_NOT_FOUND || ret == nvml.ERROR_DRIVER_NOT_LOADED {
		return fmt.Errorf("%w: Init: %w", ErrNoNVML, ret)
	}
	return callError("Init", ret)
}

// callError is the error of an NVML call that did not succeed.
func callError(call string, ret nvml.Return) error {
	return fmt.Errorf("%w: %s: %w", ErrNVML, call, ret)
}

// deviceError is callError for a call on GPU i.
func (s *NVMLSource) deviceError(call string, i int, ret nvml.Return) error {
	if i < len(s.gpus) {
		return callError(fmt.Sprintf("%s(device %d, %s)", call, i, s.gpus[i].UUID), ret)
	}
	return callError(fmt.Sprintf("%s(device %d)", call, i), ret)
}

// open enumerates the GPUs and subscribes to their XID events.
func (s *NVMLSource) open() error {
	n, ret := s.lib.DeviceGetCount()
	if ret != nvml.SUCCESS {
		return callError("DeviceGetCount", ret)
	}
	for i := range n {
		if err := s.addDevice(i); err != nil {
			return err
		}
	}
	s.xid = make([]uint64, n)
	return s.watchXID()
}

// addDevice enumerates device i: handle, uuid, name and memory.
func (s *NVMLSource) addDevice(i int) error {
	dev, ret := s.lib.DeviceGetHandleByIndex(i)
	if ret != nvml.SUCCESS {
		return s.deviceError("DeviceGetHandleByIndex", i, ret)
	}
	uuid, ret := dev.GetUUID()
	if ret != nvml.SUCCESS {
		return s.deviceError("GetUUID", i, ret)
	}
	name, ret := dev.GetName()
	if ret != nvml.SUCCESS {
		return s.deviceError("GetName", i, ret)
	}
	mem, ret := dev.GetMemoryInfo()
	if ret != nvml.SUCCESS {
		return s.deviceError("GetMemoryInfo", i, ret)
	}
	s.devices = append(s.devices, dev)
	s.gpus = append(s.gpus, agent.GPUInfo{UUID: uuid, Model: name, MemMiB: mem.Total / bytesPerMiB})
	return nil
}

// watchXID creates the event set and registers every GPU that supports
// critical XID events.
func (s *NVMLSource) watchXID() error {
	set, ret := s.lib.EventSetCreate()
	if ret == nvml.ERROR_NOT_SUPPORTED {
		return nil
	}
	if ret != nvml.SUCCESS {
		return callError("EventSetCreate", ret)
	}
	s.events = set
	for i, dev := range s.devices {
		ret := dev.RegisterEvents(nvml.EventTypeXidCriticalError, set)
		if ret != nvml.SUCCESS && ret != nvml.ERROR_NOT_SUPPORTED {
			return s.deviceError("RegisterEvents", i, ret)
		}
	}
	return nil
}

// GPUs returns the GPUs enumerated when the source was opened.
func (s *NVMLSource) GPUs() ([]agent.GPUInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, agent.ErrClosed
	}
	return append([]agent.GPUInfo(nil), s.gpus...), nil
}

// Sample reads every GPU once. Any failed call fails the whole Sample.
func (s *NVMLSource) Sample() ([]agent.Sample, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, agent.ErrClosed
	}
	if err := s.drainXID(); err != nil {
		return nil, err
	}
	out := make([]agent.Sample, len(s.devices))
	for i := range s.devices {
		smp, err := s.read(i)
		if err != nil {
			return nil, err
		}
		smp.XID = s.xid[i]
		out[i] = smp
	}
	clear(s.xid)
	return out, nil
}

// read samples GPU i, all but its XID.
func (s *NVMLSource) read(i int) (agent.Sample, error) {
	dev := s.devices[i]
	util, ret := dev.GetUtilizationRates()
	if ret != nvml.SUCCESS {
		return agent.Sample{}, s.deviceError("GetUtilizationRates", i, ret)
	}
	mem, ret := dev.GetMemoryInfo()
	if ret != nvml.SUCCESS {
		return agent.Sample{}, s.deviceError("GetMemoryInfo", i, ret)
	}
	tempC, ret := dev.GetTemperature(nvml.TEMPERATURE_GPU)
	if ret != nvml.SUCCESS {
		return agent.Sample{}, s.deviceError("GetTemperature", i, ret)
	}
	powerMW, ret := dev.GetPowerUsage()
	if ret != nvml.SUCCESS {
		return agent.Sample{}, s.deviceError("GetPowerUsage", i, ret)
	}
	ecc, ret := dev.GetTotalEccErrors(nvml.MEMORY_ERROR_TYPE_UNCORRECTED, nvml.VOLATILE_ECC)
	if ret == nvml.ERROR_NOT_SUPPORTED {
		ecc, ret = 0, nvml.SUCCESS
	}
	if ret != nvml.SUCCESS {
		return agent.Sample{}, s.deviceError("GetTotalEccErrors", i, ret)
	}
	return agent.Sample{
		UUID:       s.gpus[i].UUID,
		UtilBP:     min(uint64(util.Gpu)*100, agent.MaxUtilBP),
		MemUsedMiB: mem.Used / bytesPerMiB,
		TempC:      min(uint64(tempC), agent.MaxTempC),
		PowerMW:    uint64(powerMW),
		ECCDBE:     ecc,
	}, nil
}

// drainXID collects pending critical XID events without blocking.
func (s *NVMLSource) drainXID() error {
	if s.events == nil {
		return nil
	}
	for range maxEventsPerSample {
		data, ret := s.events.Wait(0)
		switch ret {
		case nvml.SUCCESS:
			s.recordXID(data)
		case nvml.ERROR_TIMEOUT, nvml.ERROR_NOT_SUPPORTED:
			return nil
		default:
			return callError("EventSetWait", ret)
		}
	}
	return nil
}

// recordXID keeps the XID code of a critical XID event for its GPU.
func (s *NVMLSource) recordXID(data nvml.EventData) {
	if data.EventType&nvml.EventTypeXidCriticalError == 0 || data.EventData == 0 {
		return
	}
	for i, dev := range s.devices {
		if sameDevice(dev, data.Device) {
			s.xid[i] = data.EventData
			return
		}
	}
}

// sameDevice reports whether a and b are the same handle, without the
// panic == raises on handles of an incomparable type.
func sameDevice(a, b nvml.Device) bool {
	if a == nil || b == nil {
		return false
	}
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// Close frees the event set and shuts NVML down. It is idempotent.
func (s *NVMLSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	if s.events != nil {
		if ret := s.events.Free(); ret != nvml.SUCCESS {
			errs = append(errs, callError("EventSetFree", ret))
		}
	}
	if ret := s.lib.Shutdown(); ret != nvml.SUCCESS {
		errs = append(errs, callError("Shutdown", ret))
	}
	return errors.Join(errs...)
}
