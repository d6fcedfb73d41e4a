package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/internal/gen"
)

func genCmd() *cobra.Command {
	c := gen.DefaultConfig()
	var out string
	cmd := &cobra.Command{
		Use:   "gen --out DIR",
		Short: "Generate a deterministic signed log and its parameters from a seed (test data, demos, benchmarks)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := gen.Generate(c)
			if err != nil {
				return usageError{err}
			}
			if err := s.WriteDir(out); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d messages over %d epochs to %s/log.ndjson (+ params.json)\n", len(s.Messages), c.Epochs, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&c.Seed, "seed", c.Seed, "seed: the same seed and flags give byte-identical output")
	f.IntVar(&c.Epochs, "epochs", c.Epochs, "epochs to close")
	f.IntVar(&c.Nodes, "nodes", c.Nodes, "GPU nodes")
	f.IntVar(&c.Providers, "providers", c.Providers, "providers")
	f.IntVar(&c.Stakers, "stakers", c.Stakers, "stakers")
	f.Uint64Var(&c.EpochMs, "epoch-ms", c.EpochMs, "epoch length in ms")
	f.Uint64Var(&c.IntervalS, "heartbeat-s", c.IntervalS, "heartbeat interval in seconds")
	f.IntVar(&c.TasksPerEpoch, "tasks", c.TasksPerEpoch, "tasks per epoch")
	f.BoolVar(&c.Anchor, "anchor", c.Anchor, "publish claims and epoch.anchored with the real roots (folds while generating)")
	f.BoolVar(&c.Adversarial, "adversarial", false, "mix in duplicates, equivocations, forgeries, malformed lines and other bad traffic")
	f.BoolVar(&c.DueProcess, "due-process", false, "publish each slash's due process: chain.slash_proposed, then chain.slashed or (about one in three) chain.slash_vetoed")
	f.StringVar(&out, "out", "", "directory to write params.json and log.ndjson to")
	cmd.MarkFlagRequired("out")
	return cmd
}
