// Command swarmctl is the operator, auditor, provider and staker tool of
// Swarm Ledger.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run executes one command line and returns the process exit code: 0 on
// success, 1 on an operating error (unreadable file, invalid parameters),
// 2 on a usage error, 3 when an audit finds a mismatch.
func run(args []string, stdout, stderr io.Writer) int {
	root := rootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "swarmctl:", err)
	var ue usageError
	if errors.As(err, &ue) || (cmd != nil && isFlagError(err)) {
		return 2
	}
	var af auditFailure
	if errors.As(err, &af) {
		return 3
	}
	return 1
}

// rootCmd is swarmctl with every command.
func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "swarmctl",
		Short:         "Swarm Ledger: replay and audit logs, manage keys, sign events",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	registerConnFlags(root)
	root.AddCommand(replayCmd(), keysCmd(), eventCmd(), logCmd(), exportCmd(), genCmd(), schedSimCmd(),
		chainCmd(), withStakeReads(stakeCmd()), nodeCmd(), slashCmd(), auditCmd(), backupCmd(), restoreCmd())
	root.AddCommand(earnCmds()...)
	root.AddCommand(readCmds()...)
	return root
}

// usageError marks errors in how a command was called.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// isFlagError reports cobra's argument and flag errors, which carry no type.
func isFlagError(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "required flag", "accepts ", "flag needs", "invalid argument"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
