// Package genledger is for tests that fold a generated network: it
// generates a scenario with internal/gen and opens an empty ledger (real
// Pebble, in the test's temporary directory) with the scenario's
// parameters. The caller folds the messages and closes the ledger.
package genledger

import (
	"testing"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/gen"
)

// Open generates cfg's scenario and opens an empty ledger for it in a
// temporary directory of t; it fails t on any error.
func Open(t testing.TB, cfg gen.Config) (*gen.Scenario, *aggregates.Params, *aggregates.Ledger) {
	t.Helper()
	sc, params, err := gen.GenerateParsed(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := aggregates.Open(t.TempDir(), params)
	if err != nil {
		t.Fatal(err)
	}
	return sc, params, l
}
