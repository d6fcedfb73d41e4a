package agent

import (
	"errors"
	"fmt"

	"github.com/swarm-ledger/swarm/events"
)

// maxJSONInt is the largest integer an event may carry (SPEC §2: below 2^53).
const maxJSONInt = 1<<53 - 1

// ErrInvalidBody is returned when telemetry cannot form a body that
// events.Decode accepts. The wrapped message names the offending field.
var ErrInvalidBody = errors.New("agent: invalid event body")

// RegisteredBody builds the node.registered body for gpus. It never rewrites
// identity: a provider that is not 0x + 40 lowercase hex digits, a region,
// uuid or model that is not printable ASCII (without '"' or '\') of at most
// 128 characters, an empty uuid or model, a duplicate uuid, a memory size of
// 2^53 MiB or more, or a GPU count outside 1..16 returns an error wrapping
// ErrInvalidBody.
func RegisteredBody(provider, region string, gpus []GPUInfo) (*events.NodeRegisteredBody, error) {
	if !events.ValidAddress(provider) {
		return nil, fmt.Errorf("%w: provider %q is not 0x + 40 lowercase hex digits", ErrInvalidBody, provider)
	}
	if err := checkString("region", region, true); err != nil {
		return nil, err
	}
	if len(gpus) < 1 || len(gpus) > events.MaxGPUs {
		return nil, fmt.Errorf("%w: %d GPUs, a registration needs 1 to %d", ErrInvalidBody, len(gpus), events.MaxGPUs)
	}
	body := &events.NodeRegisteredBody{Provider: provider, Region: region, GPUs: make([]events.GPUSpec, len(gpus))}
	for i, g := range gpus {
		if err := checkGPU(g); err != nil {
			return nil, fmt.Errorf("gpu %d: %w", i, err)
		}
		body.GPUs[i] = events.GPUSpec{UUID: g.UUID, Model: g.Model, MemMiB: g.MemMiB}
	}
	if err := checkUnique(len(gpus), func(i int) string { return gpus[i].UUID }); err != nil {
		return nil, err
	}
	return body, nil
}

// HeartbeatBody builds the node.heartbeat body for samples. A heartbeat is
// the node's liveness signal, so out-of-range readings never drop it: UtilBP
// saturates at 10000, TempC at 150 and the other readings at 2^53-1. What
// cannot be repaired returns an error wrapping ErrInvalidBody: more than 16
// samples, a duplicate uuid, or a uuid that is empty, not printable ASCII
// (without '"' or '\') or longer than 128 characters.
func HeartbeatBody(samples []Sample) (*events.NodeHeartbeatBody, error) {
	if len(samples) > events.MaxGPUs {
		return nil, fmt.Errorf("%w: %d samples, a heartbeat carries at most %d", ErrInvalidBody, len(samples), events.MaxGPUs)
	}
	body := &events.NodeHeartbeatBody{GPUs: make([]events.GPUSample, len(samples))}
	for i, s := range samples {
		if err := checkString("uuid", s.UUID, false); err != nil {
			return nil, fmt.Errorf("sample %d: %w", i, err)
		}
		body.GPUs[i] = gpuSample(s)
	}
	if err := checkUnique(len(samples), func(i int) string { return samples[i].UUID }); err != nil {
		return nil, err
	}
	return body, nil
}

// gpuSample converts s, saturating every reading at its SPEC bound.
func gpuSample(s Sample) events.GPUSample {
	return events.GPUSample{
		GPU:        s.UUID,
		UtilBP:     min(s.UtilBP, MaxUtilBP),
		MemUsedMiB: min(s.MemUsedMiB, maxJSONInt),
		TempC:      min(s.TempC, MaxTempC),
		PowerMW:    min(s.PowerMW, maxJSONInt),
		ECCDBE:     min(s.ECCDBE, maxJSONInt),
		XID:        min(s.XID, maxJSONInt),
	}
}

// checkGPU checks one registered GPU.
func checkGPU(g GPUInfo) error {
	if err := checkString("uuid", g.UUID, false); err != nil {
		return err
	}
	if err := checkString("model", g.Model, false); err != nil {
		return err
	}
	if g.MemMiB > maxJSONInt {
		return fmt.Errorf("%w: mem_mib %d is not below 2^53", ErrInvalidBody, g.MemMiB)
	}
	return nil
}

// checkString reports whether s may appear in an event (SPEC §2): printable
// ASCII without '"' or '\', at most events.MaxString characters, and not
// empty unless emptyOK.
func checkString(field, s string, emptyOK bool) error {
	if s == "" && !emptyOK {
		return fmt.Errorf("%w: empty %s", ErrInvalidBody, field)
	}
	if len(s) > events.MaxString {
		return fmt.Errorf("%w: %s is %d bytes, at most %d allowed", ErrInvalidBody, field, len(s), events.MaxString)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return fmt.Errorf("%w: %s %q has byte 0x%02x at %d; only printable ASCII without '\"' or '\\' is allowed", ErrInvalidBody, field, s, c, i)
		}
	}
	return nil
}

// checkUnique returns an error if two of the n keys are equal.
func checkUnique(n int, key func(int) string) error {
	seen := make(map[string]int, n)
	for i := range n {
		k := key(i)
		if j, dup := seen[k]; dup {
			return fmt.Errorf("%w: uuid %q appears at %d and %d", ErrInvalidBody, k, j, i)
		}
		seen[k] = i
	}
	return nil
}
