package chain

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// Decimals of SWARM (SPEC §1).
const Decimals = 18

// oneSwarm is 10^Decimals: one SWARM in atto-SWARM.
var oneSwarm = new(big.Int).Exp(big.NewInt(10), big.NewInt(Decimals), nil)

// Swarm returns n whole SWARM in atto-SWARM (a new value).
func Swarm(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), oneSwarm) }

// ErrBadAmount marks an amount that is not a non-negative SWARM quantity
// with at most 18 decimals.
var ErrBadAmount = errors.New("chain: bad amount")

// ParseAmount converts a human amount ("1500", "1500.25", "1500.25 SWARM",
// "0.000000000000000001 swarm") to atto-SWARM exactly. It refuses signs,
// exponents, more than 18 decimals and zero is allowed (callers that need a
// positive amount check it).
func ParseAmount(s string) (*big.Int, error) {
	t := strings.TrimSpace(s)
	if f := strings.Fields(t); len(f) == 2 && strings.EqualFold(f[1], "SWARM") {
		t = f[0]
	} else if len(f) != 1 {
		return nil, fmt.Errorf("%w: %q (want e.g. \"1500\", \"1500.25\" or \"1500.25 SWARM\")", ErrBadAmount, s)
	}
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' {
			return nil, fmt.Errorf("%w: %q (digits and one decimal point only)", ErrBadAmount, s)
		}
	}
	if strings.Count(t, ".") > 1 || t == "." || strings.HasPrefix(t, ".") || strings.HasSuffix(t, ".") {
		return nil, fmt.Errorf("%w: %q", ErrBadAmount, s)
	}
	if i := strings.IndexByte(t, '.'); i >= 0 && len(t)-i-1 > Decimals {
		return nil, fmt.Errorf("%w: %q has more than %d decimals", ErrBadAmount, s, Decimals)
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrBadAmount, s, err)
	}
	atto := d.Shift(Decimals)
	if !atto.IsInteger() {
		return nil, fmt.Errorf("%w: %q has more than %d decimals", ErrBadAmount, s, Decimals)
	}
	return atto.BigInt(), nil
}

// FormatAmount shows atto-SWARM as decimal SWARM without trailing zeros,
// e.g. "1500.25 SWARM".
func FormatAmount(atto *big.Int) string {
	return decimal.NewFromBigInt(atto, -Decimals).String() + " SWARM"
}
