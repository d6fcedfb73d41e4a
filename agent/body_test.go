package agent

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

const testProvider = "0x00112233445566778899aabbccddeeff00112233"

// signDecode signs body as event seq 1 of a fresh node key and decodes the
// message back, failing the test if events.Decode or the signature rejects
// it.
func signDecode(t *testing.T, body events.Body) events.Body {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	src, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	ev := &events.Event{Type: body.EventType(), Src: src, Seq: 1, TimeMs: 1700000000000, Body: body}
	msg, err := events.SignEncode(ev, kp)
	if err != nil {
		t.Fatal(err)
	}
	d, err := events.Decode(msg)
	if err != nil {
		t.Fatalf("Decode(%s): %v", msg, err)
	}
	pub, err := events.PublicKey(src)
	if err != nil || !d.VerifySig(msg, pub) {
		t.Fatalf("signature of %s does not verify (%v)", msg, err)
	}
	return d.Body
}

// longest returns a printable string of exactly events.MaxString bytes.
func longest(prefix string) string {
	return prefix + strings.Repeat("x", events.MaxString-len(prefix))
}

func testGPUs(n int) []GPUInfo {
	gpus := make([]GPUInfo, n)
	for i := range gpus {
		gpus[i] = GPUInfo{UUID: longest(fmt.Sprintf("GPU-%02d-", i)), Model: longest("NVIDIA H100 80GB HBM3 "), MemMiB: 81559}
	}
	return gpus
}

func TestRegisteredBodyDecodes(t *testing.T) {
	for _, n := range []int{1, events.MaxGPUs} {
		body, err := RegisteredBody(testProvider, longest("eu-west-"), testGPUs(n))
		if err != nil {
			t.Fatal(err)
		}
		got := signDecode(t, body).(*events.NodeRegisteredBody)
		if got.Provider != body.Provider || got.Region != body.Region || !slices.Equal(got.GPUs, body.GPUs) {
			t.Fatalf("decoded %+v, want %+v", got, body)
		}
	}
}

func TestRegisteredBodyErrors(t *testing.T) {
	dup := testGPUs(3)
	dup[2].UUID = dup[0].UUID
	tests := []struct {
		name, provider, region string
		gpus                   []GPUInfo
		want                   string
	}{
		{"17 GPUs", testProvider, "", testGPUs(17), "17 GPUs"},
		{"no GPUs", testProvider, "", nil, "0 GPUs"},
		{"duplicate uuid", testProvider, "", dup, "appears at 0 and 2"},
		{"checksummed provider", "0x00112233445566778899AABBCCDDEEFF00112233", "", testGPUs(1), "provider"},
		{"short provider", "0x0011", "", testGPUs(1), "provider"},
		{"region newline", testProvider, "eu\n", testGPUs(1), "region"},
		{"uuid too long", testProvider, "", []GPUInfo{{UUID: longest("GPU-") + "x", Model: "m"}}, "129 bytes"},
		{"empty uuid", testProvider, "", []GPUInfo{{Model: "m"}}, "empty uuid"},
		{"model quote", testProvider, "", []GPUInfo{{UUID: "GPU-1", Model: `A"B`}}, "model"},
		{"model non-ASCII", testProvider, "", []GPUInfo{{UUID: "GPU-1", Model: "Tésla"}}, "model"},
		{"model backslash", testProvider, "", []GPUInfo{{UUID: "GPU-1", Model: `A\B`}}, "model"},
		{"memory 2^53", testProvider, "", []GPUInfo{{UUID: "GPU-1", Model: "m", MemMiB: 1 << 53}}, "mem_mib"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := RegisteredBody(tt.provider, tt.region, tt.gpus)
			if !errors.Is(err, ErrInvalidBody) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("RegisteredBody = %+v, %v; want ErrInvalidBody mentioning %q", body, err, tt.want)
			}
		})
	}
}

func testSamples(n int) []Sample {
	samples := make([]Sample, n)
	for i := range samples {
		samples[i] = Sample{UUID: longest(fmt.Sprintf("GPU-%02d-", i)), UtilBP: 5000, MemUsedMiB: 1024, TempC: 60, PowerMW: 350000, ECCDBE: 1, XID: 79}
	}
	return samples
}

func TestHeartbeatBodyDecodes(t *testing.T) {
	for _, n := range []int{0, 1, events.MaxGPUs} {
		body, err := HeartbeatBody(testSamples(n))
		if err != nil {
			t.Fatal(err)
		}
		if got := signDecode(t, body).(*events.NodeHeartbeatBody); !slices.Equal(got.GPUs, body.GPUs) {
			t.Fatalf("decoded %+v, want %+v", got, body)
		}
	}
}

// TestHeartbeatBodySaturates also covers the largest heartbeat: 16 GPUs,
// 128-character uuids, every reading at its bound.
func TestHeartbeatBodySaturates(t *testing.T) {
	const huge = ^uint64(0)
	samples := testSamples(events.MaxGPUs)
	for i := range samples {
		samples[i] = Sample{UUID: samples[i].UUID, UtilBP: 10001, MemUsedMiB: huge, TempC: 151, PowerMW: huge, ECCDBE: huge, XID: huge}
	}
	body, err := HeartbeatBody(samples)
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range body.GPUs {
		want := events.GPUSample{GPU: samples[i].UUID, UtilBP: 10000, MemUsedMiB: maxJSONInt, TempC: 150, PowerMW: maxJSONInt, ECCDBE: maxJSONInt, XID: maxJSONInt}
		if got != want {
			t.Fatalf("GPU %d: got %+v, want %+v", i, got, want)
		}
	}
	signDecode(t, body)
}

func TestHeartbeatBodyErrors(t *testing.T) {
	dup := testSamples(2)
	dup[1].UUID = dup[0].UUID
	tests := []struct {
		name    string
		samples []Sample
		want    string
	}{
		{"17 samples", testSamples(17), "17 samples"},
		{"duplicate uuid", dup, "appears at 0 and 1"},
		{"empty uuid", []Sample{{}}, "empty uuid"},
		{"control byte", []Sample{{UUID: "GPU-\x00"}}, "byte 0x00"},
		{"uuid too long", []Sample{{UUID: longest("GPU-") + "x"}}, "129 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := HeartbeatBody(tt.samples)
			if !errors.Is(err, ErrInvalidBody) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("HeartbeatBody = %+v, %v; want ErrInvalidBody mentioning %q", body, err, tt.want)
			}
		})
	}
}
