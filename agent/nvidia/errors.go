package nvidia

import "errors"

var (
	// ErrNoNVML is returned when the NVML library or the NVIDIA driver is
	// not installed, or the binary was built without cgo.
	ErrNoNVML = errors.New("nvidia: NVML library or NVIDIA driver not available")
	// ErrNVML is wrapped by every error an NVML call returned.
	ErrNVML = errors.New("nvidia: NVML call failed")
)
