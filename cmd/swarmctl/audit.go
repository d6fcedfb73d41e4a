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
	var fullCoverage bool
	c := &cobra.Command{
		Use:   "audit --params PARAMS.json --log LOG.ndjson --rpc URL --contracts ADDRESSES",
		Short: "Replay an exported log and check every epoch's digest, root and total against the chain's RootSubmitted records",
		Long: `Replay an exported log and check every epoch it closed against the chain's
RootSubmitted record of that epoch: events digest, root and total cumulative.

Exit status: 0 PASS (every anchored epoch the log closed matches; epochs the
log closed that are not anchored yet are pending, epochs anchored after the
log's last closed epoch are listed as not covered by this export); 3 FAIL
(names the first bad epoch; with --require-full-coverage also when an
anchored epoch is not covered); 1 an operating error (unreadable file,
invalid parameters, parameters of another network, unreachable chain);
2 a usage error.`,
		Args: cobra.NoArgs,
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
			if params.ChainID != c.Addr.ChainID {
				return fmt.Errorf("%w: the parameters are for chain %d, the contracts (%s) are on chain %d (wrong --params or --contracts?)",
					audit.ErrParamsMismatch, params.ChainID, f.contracts, c.Addr.ChainID)
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
			if un := res.Uncovered(); fullCoverage && len(un) > 0 {
				for _, r := range res.Rows {
					if r.Epoch == un[0] {
						return auditFailure{fmt.Errorf("audit FAILED at epoch %d: %s (--require-full-coverage)", r.Epoch, r.Problem())}
					}
				}
			}
			return nil
		},
	}
	f.register(c, false)
	c.Flags().StringVar(&paramsPath, "params", "", "parameters file (SPEC §3)")
	c.Flags().StringVar(&logPath, "log", "", "exported log (SPEC §8)")
	c.Flags().BoolVar(&fullCoverage, "require-full-coverage", false, "fail (exit 3) when an epoch anchored on chain is not covered by the log")
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
	anchored, pending, uncovered := 0, 0, 0
	for _, r := range res.Rows {
		tx := "-"
		switch {
		case r.Uncovered:
			tx = r.Chain.Tx.Hex()
			uncovered++
		case r.Chain != nil:
			tx = r.Chain.Tx.Hex()
			anchored++
		default:
			pending++
		}
		if r.Uncovered {
			fmt.Fprintf(tw, "%d\tnot in this export\tnot in this export\tnot in this export\t%s\n", r.Epoch, tx)
			continue
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
		if err == nil && uncovered > 0 {
			un := res.Uncovered()
			_, err = fmt.Fprintf(w, "not covered by this export: %d epochs anchored after its last closed epoch (%d..%d); export again to audit them\n",
				uncovered, un[0], un[len(un)-1])
		}
		return err
	}
	_, err := fmt.Fprintf(w, "FAIL: first bad epoch %d\n", res.FirstBad)
	return err
}
