package bindings_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/swarm-ledger/swarm/chain/internal/bindgen"
)

const contractsDir = "../contracts"

// TestBindingsMatchArtifacts regenerates the Go bindings from the checked-in
// artifacts and compares them with bindings.go.
func TestBindingsMatchArtifacts(t *testing.T) {
	want, err := bindgen.Generate(filepath.Join(contractsDir, "artifacts"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("bindings.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte(want)) {
		t.Fatal("chain/bindings/bindings.go drifted from chain/contracts/artifacts: run `make contracts`")
	}
}

// TestArtifactsMatchSources recompiles the Solidity sources with the pinned
// solc-js (npm, installed by `make contracts-deps`, which `make test` runs)
// and compares every artifact byte for byte.
func TestArtifactsMatchSources(t *testing.T) {
	if _, err := os.Stat(filepath.Join(contractsDir, "node_modules", "solc")); err != nil {
		t.Fatal("solc-js is not installed: run `make contracts-deps` (npm ci in chain/contracts)")
	}
	out := t.TempDir()
	cmd := exec.Command("node", "compile.js", out)
	cmd.Dir = contractsDir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("compile: %v\n%s", err, msg)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadDir(filepath.Join(contractsDir, "artifacts"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(committed) {
		t.Fatalf("compiler wrote %d artifacts, %d are checked in: run `make contracts`", len(entries), len(committed))
	}
	for _, e := range entries {
		fresh, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		old, err := os.ReadFile(filepath.Join(contractsDir, "artifacts", e.Name()))
		if err != nil {
			t.Fatalf("%s: %v: run `make contracts`", e.Name(), err)
		}
		if !bytes.Equal(fresh, old) {
			t.Errorf("artifact %s drifted from the Solidity sources: run `make contracts`", e.Name())
		}
	}
}
