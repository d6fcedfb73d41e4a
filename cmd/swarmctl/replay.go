package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/signal"
	"slices"
	"text/tabwriter"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/ingest"
)

func replayCmd() *cobra.Command {
	var paramsPath, stateDir, format string
	var workers, batch int
	var statements bool
	c := &cobra.Command{
		Use:   "replay [--statements] --params PARAMS.json LOG.ndjson",
		Short: "Replay an exported log and print one epoch report (SPEC §9) or statement (§9.1) per closed epoch",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "table" {
				return usageError{fmt.Errorf("--format must be json or table, not %q", format)}
			}
			if statements && format != "json" {
				return usageError{fmt.Errorf("--statements prints canonical JSON lines only (no --format %s)", format)}
			}
			l, closeAll, err := openReplay(paramsPath, stateDir, args[0], workers, batch)
			if err != nil {
				return err
			}
			defer closeAll()
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			if statements {
				sts, err := l.Statements()
				if err != nil {
					return err
				}
				for _, s := range sts {
					out.Write(s.Canonical())
					out.WriteByte('\n')
				}
				return nil
			}
			reports, err := l.Reports()
			if err != nil {
				return err
			}
			if format == "table" {
				return printTable(out, reports)
			}
			for _, r := range reports {
				out.Write(r)
				out.WriteByte('\n')
			}
			return nil
		},
	}
	c.Flags().StringVar(&paramsPath, "params", "", "parameters file (SPEC §3)")
	c.Flags().StringVar(&stateDir, "state", "", "keep the Pebble state in DIR and resume from its checkpoint (default: in memory)")
	c.Flags().StringVar(&format, "format", "json", "json (canonical report lines) or table")
	c.Flags().BoolVar(&statements, "statements", false, "print the epoch statements (SPEC §9.1) instead of the reports")
	c.Flags().IntVar(&workers, "workers", 0, "signature-checking goroutines (default: all cores)")
	c.Flags().IntVar(&batch, "batch", 1024, "messages per check batch and Pebble commit")
	c.MarkFlagRequired("params")
	return c
}

// openReplay loads parameters, opens the state and folds the whole log.
func openReplay(paramsPath, stateDir, logPath string, workers, batch int) (*aggregates.Ledger, func(), error) {
	params, err := aggregates.LoadParams(paramsPath)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(logPath)
	if err != nil {
		return nil, nil, err
	}
	l, err := aggregates.Open(stateDir, params)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	closeAll := func() { l.Close(); f.Close() }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := ingest.Run(ctx, l, events.NewExportReader(f), ingest.Options{Workers: workers, BatchSize: batch}); err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("%s: %w", logPath, err)
	}
	return l, closeAll, nil
}

func printTable(w io.Writer, reports [][]byte) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "epoch\tutil %\tpool\tdistributed\tcarry\tearners\tslashes\tjailed\trejected\troot\t")
	var last aggregates.Report
	for _, raw := range reports {
		r, err := aggregates.DecodeReport(raw)
		if err != nil {
			return err
		}
		var rejected uint64
		for _, n := range r.Rejected {
			rejected += n
		}
		earning := 0
		for _, e := range r.Earners {
			if e.Amount != "0" {
				earning++
			}
		}
		fmt.Fprintf(tw, "%d\t%d.%02d\t%s\t%s\t%s\t%d/%d\t%d\t%d\t%d\t%s…\t\n", r.Epoch, r.UtilizationBP/100, r.UtilizationBP%100,
			swarm(r.Pool), swarm(r.Distributed), swarm(r.Carry), earning, len(r.Earners), len(r.Slashes), len(r.Jailed), rejected, r.Root[:12])
		last = *r
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(reports) == 0 {
		fmt.Fprintln(w, "no closed epochs")
		return nil
	}
	fmt.Fprintf(w, "\ntop earners after epoch %d (cumulative):\n", last.Epoch)
	for _, e := range topEarners(last.Earners, 5) {
		fmt.Fprintf(w, "  %s  %s SWARM\n", e.Address, swarm(e.Cumulative))
	}
	return nil
}

// swarm shows an atto-SWARM amount in SWARM.
func swarm(atto string) string {
	v, ok := new(big.Int).SetString(atto, 10)
	if !ok {
		return atto
	}
	return decimal.NewFromBigInt(v, -18).String()
}

// topEarners returns the n largest cumulatives, ties by address.
func topEarners(all []aggregates.EarnerAmount, n int) []aggregates.EarnerAmount {
	sorted := slices.Clone(all)
	slices.SortStableFunc(sorted, func(a, b aggregates.EarnerAmount) int {
		x, _ := new(big.Int).SetString(a.Cumulative, 10)
		y, _ := new(big.Int).SetString(b.Cumulative, 10)
		return y.Cmp(x)
	})
	return sorted[:min(n, len(sorted))]
}
