// Command swarmctl is the operator, auditor, provider and staker tool of
// Swarm Ledger.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	root := &cobra.Command{
		Use:           "swarmctl",
		Short:         "Swarm Ledger: replay and audit logs, manage keys, sign events",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(replayCmd(), keysCmd(), eventCmd(), logCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "swarmctl:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError marks errors in how a command was called.
type usageError struct{ error }
