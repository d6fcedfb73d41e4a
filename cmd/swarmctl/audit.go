package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/settlement/audit"
)

// auditFailure is a completed audit that found a mismatch (exit 3).
type auditFailure struct{ error }

func (e auditFailure) Unwrap() error { return e.error }

func auditCmd() *cobra.Command {
	var f chainFlags
	var paramsPath, logPath string
	c := &cobra.Command{
		Use:   "audit --params PARAMS.json --log LOG.ndjson --rpc URL --contracts ADDRESSES",
		Short: "Replay an exported log and check every epoch's digest, root and total against the chain's RootSubmitted records",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			params, err := aggregates.LoadParams(paramsPath)
			if err != nil {
				return err
			}
			msgs, err := events.ReadExportFile(logPath)
			if err != nil {
				return err
			}
			c, err := f.client(cmd.Context())
			if err != nil {
				return err
			}
			anchors, err := audit.Anchors(cmd.Context(), c.Backend(), c.Addr)
			if err != nil {
				return err
			}
			res, err := audit.Check(cmd.Context(), params, msgs, anchors)
			if err != nil {
				return err
			}
			if err := printAudit(cmd.OutOrStdout(), res); err != nil {
				return err
			}
			if !res.Pass() {
				for _, r := range res.Rows {
					if r.Epoch == res.FirstBad {
						return auditFailure{fmt.Errorf("audit FAILED at epoch %d: %s", r.Epoch, r.Problem())}
					}
				}
			}
			return nil
		},
	}
	f.register(c, false)
	c.Flags().StringVar(&paramsPath, "params", "", "parameters file (SPEC §3)")
	c.Flags().StringVar(&logPath, "log", "", "exported log (SPEC §8)")
	_ = c.MarkFlagRequired("params")
	_ = c.MarkFlagRequired("log")
	return c
}

func printAudit(w io.Writer, res audit.Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EPOCH\tDIGEST\tROOT\tTOTAL\tTX")
	mark := func(anchored, ok bool) string {
		switch {
		case !anchored:
			return "not anchored"
		case ok:
			return "match"
		}
		return "MISMATCH"
	}
	anchored, pending := 0, 0
	for _, r := range res.Rows {
		tx := "-"
		if r.Chain != nil {
			tx = r.Chain.Tx.Hex()
			anchored++
		} else {
			pending++
		}
		if r.Digest == "" {
			fmt.Fprintf(tw, "%d\tnot in the log\tnot in the log\tnot in the log\t%s\n", r.Epoch, tx)
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Epoch, mark(r.Chain != nil, r.DigestMatch), mark(r.Chain != nil, r.RootMatch),
			mark(r.Chain != nil, r.TotalMatch), tx)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if res.Pass() {
		_, err := fmt.Fprintf(w, "PASS: %d anchored epochs match the log (%d closed, not yet anchored)\n", anchored, pending)
		return err
	}
	_, err := fmt.Fprintf(w, "FAIL: first bad epoch %d\n", res.FirstBad)
	return err
}
