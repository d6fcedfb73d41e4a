// Command bindgen writes chain/bindings/bindings.go from the artifacts in
// chain/contracts/artifacts. Usage: bindgen ARTIFACTS_DIR OUT_FILE
package main

import (
	"fmt"
	"os"

	"github.com/swarm-ledger/swarm/chain/internal/bindgen"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bindgen ARTIFACTS_DIR OUT_FILE")
		os.Exit(2)
	}
	code, err := bindgen.Generate(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], []byte(code), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
