//go:build !cgo

package nvidia

import (
	"fmt"

	"github.com/swarm-ledger/swarm/agent"
)

// NVMLSource is the NVML-backed agent.Source; without cgo it cannot be
// created.
type NVMLSource struct{}

var _ agent.Source = (*NVMLSource)(nil)

// NewSystemNVML returns an error wrapping ErrNoNVML: go-nvml needs cgo.
func NewSystemNVML() (*NVMLSource, error) {
	return nil, fmt.Errorf("%w: built without cgo", ErrNoNVML)
}

// GPUs returns ErrNoNVML.
func (*NVMLSource) GPUs() ([]agent.GPUInfo, error) { return nil, ErrNoNVML }

// Sample returns ErrNoNVML.
func (*NVMLSource) Sample() ([]agent.Sample, error) { return nil, ErrNoNVML }

// Close does nothing.
func (*NVMLSource) Close() error { return nil }
