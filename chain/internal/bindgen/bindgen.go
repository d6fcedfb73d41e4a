// Package bindgen turns the compiled contract artifacts into go-ethereum
// abigen (v2) bindings. `make contracts` runs it through cmd/bindgen, and the
// drift test in chain/bindings runs it again to prove the checked-in bindings
// match the checked-in artifacts.
package bindgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
)

// Contracts lists the contracts bound, in file order.
var Contracts = []string{"SwarmToken", "SwarmStaking", "SwarmRewards"}

// Generate returns the Go source of package bindings for the artifacts in
// dir (<Name>.abi and <Name>.bin for each of Contracts).
func Generate(dir string) (string, error) {
	var abis, bins []string
	for _, name := range Contracts {
		abi, err := os.ReadFile(filepath.Join(dir, name+".abi"))
		if err != nil {
			return "", fmt.Errorf("bindgen: %w", err)
		}
		bin, err := os.ReadFile(filepath.Join(dir, name+".bin"))
		if err != nil {
			return "", fmt.Errorf("bindgen: %w", err)
		}
		abis = append(abis, string(abi))
		bins = append(bins, strings.TrimSpace(string(bin)))
	}
	code, err := abigen.BindV2(Contracts, abis, bins, "bindings", map[string]string{}, map[string]string{})
	if err != nil {
		return "", fmt.Errorf("bindgen: %w", err)
	}
	return code, nil
}
