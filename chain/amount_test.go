package chain

import (
	"errors"
	"math/big"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]string{
		"0":                           "0",
		"1":                           "1000000000000000000",
		"1500":                        "1500000000000000000000",
		"1500.25":                     "1500250000000000000000",
		"1500.25 SWARM":               "1500250000000000000000",
		" 1500.25 swarm ":             "1500250000000000000000",
		"0.000000000000000001":        "1",
		"000012.500":                  "12500000000000000000",
		"115792089237316195423570985": "115792089237316195423570985000000000000000000",
	} {
		got, err := ParseAmount(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "+1", "1e18", "1.", ".5", "1..2", "1.2.3", "0x10", "1,5", "1 ETH",
		"1 SWARM extra", "0.0000000000000000001", "NaN", "Inf", "1_000"} {
		if got, err := ParseAmount(in); !errors.Is(err, ErrBadAmount) {
			t.Errorf("ParseAmount(%q) = %v, %v; want ErrBadAmount", in, got, err)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0 SWARM", "1": "0.000000000000000001 SWARM", "1500250000000000000000": "1500.25 SWARM",
		"1000000000000000000": "1 SWARM",
	} {
		x, _ := new(big.Int).SetString(in, 10)
		if got := FormatAmount(x); got != want {
			t.Errorf("FormatAmount(%s) = %q, want %q", in, got, want)
		}
		back, err := ParseAmount(FormatAmount(x))
		if err != nil || back.Cmp(x) != 0 {
			t.Errorf("ParseAmount(FormatAmount(%s)) = %v, %v", in, back, err)
		}
	}
}
