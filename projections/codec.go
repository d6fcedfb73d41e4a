package projections

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
)

// Values are stored as JSON: the projections are small read models, and
// the same shapes are what the API serves.

type getter interface {
	Get(k string) ([]byte, bool, error)
}

func getJSON(g getter, k string, v any) (bool, error) {
	raw, ok, err := g.Get(k)
	if err != nil || !ok {
		return false, err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("projections: decode %q: %w", k, err)
	}
	return true, nil
}

func putJSON(tx *Tx, k string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("projections: encode %q: %w", k, err)
	}
	return tx.Set(k, raw)
}

// be8 is a sortable key part for a number.
func be8(n uint64) string { return string(binary.BigEndian.AppendUint64(nil, n)) }

func fromBE8(s string) uint64 {
	if len(s) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64([]byte(s[:8]))
}

// amount parses a stored decimal amount ("" is zero).
func amount(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return new(big.Int)
	}
	return v
}

func bigString(v *big.Int) string {
	if v == nil {
		return "0"
	}
	return v.String()
}
