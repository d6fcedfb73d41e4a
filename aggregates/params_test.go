package aggregates

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestParamsRules: SPEC §3's integers are JSON integer literals in
// 0..2^53−1 without a sign, heartbeat_interval_s > 0, every _bp in
// 0..10000 and every gpu_weights_milli value ≥ 1; the error names the member.
func TestParamsRules(t *testing.T) {
	raw, err := os.ReadFile("../testdata/conformance/s1/params.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseParams(raw); err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		if !bytes.Contains(raw, []byte(old)) {
			t.Fatalf("fixture lacks %q", old)
		}
		return bytes.Replace(raw, []byte(old), []byte(new), 1)
	}
	bad := []struct {
		old, new, member string
	}{
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": -0`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": 30.0`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": 3e1`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": -30`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": +30`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": 030`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": "30"`, "heartbeat_interval_s"},
		{`"heartbeat_interval_s": 30`, `"heartbeat_interval_s": 0`, "heartbeat_interval_s"},
		{`"chain_id": 1337`, `"chain_id": 9007199254740992`, "chain_id"},
		{`"chain_id": 1337`, `"chain_id": 18446744073709551615`, "chain_id"},
		{`"downtime_jail_epochs": 1`, `"downtime_jail_epochs": 9007199254740992`, "downtime_jail_epochs"},
		{`"max_stakers_per_provider": 64`, `"max_stakers_per_provider": 1e2`, "max_stakers_per_provider"},
		{`"commission_bp": 1250`, `"commission_bp": 10001`, "commission_bp"},
		{`"fault_slash_cap_bp": 100`, `"fault_slash_cap_bp": 100.0`, "fault_slash_cap_bp"},
		{`"NVIDIA L40S": 413`, `"NVIDIA L40S": 0`, "gpu_weights_milli"},
		{`"NVIDIA L40S": 413`, `"NVIDIA L40S": -413`, "gpu_weights_milli"},
		{`"NVIDIA L40S": 413`, `"NVIDIA L40S": 413.0`, "gpu_weights_milli"},
		{`"NVIDIA L40S": 413`, `"NVIDIA L40S": "413"`, "gpu_weights_milli"},
		{`"NVIDIA L40S": 413`, `"NVIDIA L40S": 9007199254740992`, "gpu_weights_milli"},
	}
	for _, c := range bad {
		_, err := ParseParams(edit(c.old, c.new))
		if !errors.Is(err, ErrParams) || !strings.Contains(err.Error(), c.member) {
			t.Errorf("%s: err = %v, want ErrParams naming %s", c.new, err, c.member)
		}
	}
	good := []struct{ old, new string }{
		{`"chain_id": 1337`, `"chain_id": 9007199254740991`},
		{`"chain_id": 1337`, `"chain_id": 0`},
		{`"NVIDIA L40S": 413`, `"NVIDIA L40S": 9007199254740991`},
		{`"commission_bp": 1250`, `"commission_bp": 10000`},
	}
	for _, c := range good {
		if _, err := ParseParams(edit(c.old, c.new)); err != nil {
			t.Errorf("%s: %v", c.new, err)
		}
	}
}
