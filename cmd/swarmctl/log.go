package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

func logCmd() *cobra.Command {
	lg := &cobra.Command{Use: "log", Short: "Inspect exported logs"}
	var paramsPath string
	verify := &cobra.Command{
		Use:   "verify --params PARAMS.json LOG.ndjson",
		Short: "Fold a log and print its digest, accepted events by type and rejections by reason",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			params, err := aggregates.LoadParams(paramsPath)
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			l, err := aggregates.Open("", params)
			if err != nil {
				return err
			}
			defer l.Close()
			counts, err := countLog(cmd.Context(), l, events.NewExportReader(f))
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			return counts.print(cmd, l)
		},
	}
	verify.Flags().StringVar(&paramsPath, "params", "", "parameters file (SPEC §3)")
	verify.MarkFlagRequired("params")
	lg.AddCommand(verify)
	return lg
}

type logCounts struct {
	messages uint64
	accepted map[events.Type]uint64
	rejected map[events.Reason]uint64
}

func countLog(ctx context.Context, l *aggregates.Ledger, r *events.ExportReader) (*logCounts, error) {
	c := &logCounts{accepted: map[events.Type]uint64{}, rejected: map[events.Reason]uint64{}}
	for {
		msg, err := r.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return c, l.Commit()
			}
			return nil, err
		}
		checked := l.Authority().Check(msg)
		reason, err := l.Apply(checked)
		if err != nil {
			return nil, err
		}
		c.messages++
		if reason == events.Accepted {
			c.accepted[checked.Event.Type]++
		} else {
			c.rejected[reason]++
		}
	}
}

func (c *logCounts) print(cmd *cobra.Command, l *aggregates.Ledger) error {
	w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "messages\t%d\n", c.messages)
	fmt.Fprintf(w, "digest\t%s\n", l.Digest())
	fmt.Fprintf(w, "closed epochs\t%d\n", l.LastClosed())
	fmt.Fprintln(w, "\naccepted by type\t")
	for _, t := range events.AllTypes() {
		if n := c.accepted[t]; n > 0 {
			fmt.Fprintf(w, "  %s\t%d\n", t, n)
		}
	}
	fmt.Fprintln(w, "\nrejected by reason\t")
	for _, r := range events.AllReasons() {
		if n := c.rejected[r]; n > 0 {
			fmt.Fprintf(w, "  %s\t%d\n", r, n)
		}
	}
	return w.Flush()
}
