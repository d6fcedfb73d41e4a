package main

import (
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/projections"
)

func epochsCmd() *cobra.Command {
	var rf readFlags
	var pf pageFlags
	var from uint64
	c := &cobra.Command{
		Use:   "epochs [--from K] [--limit N]",
		Short: "List closed epochs: period, pool, distribution, utilization, earners, slashes, anchoring (read API)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := url.Values{}
			if err := fromFlag(cmd, from, q); err != nil {
				return err
			}
			return listPages(cmd, &rf, &pf, "/v1/epochs", q, epochsNext, mergeEpochs, printEpochs)
		},
	}
	rf.register(c)
	pf.register(c, "epochs")
	c.Flags().Uint64Var(&from, "from", 0, "first epoch (default 1)")
	c.AddCommand(epochShowCmd())
	return c
}

func epochsNext(l *projections.EpochList) (string, string) {
	if l.Next == 0 {
		return "from", ""
	}
	return "from", strconv.FormatUint(l.Next, 10)
}

func mergeEpochs(acc, page *projections.EpochList) {
	acc.Epochs = append(acc.Epochs, page.Epochs...)
	acc.LastClosed, acc.Next = page.LastClosed, page.Next
}

func printEpochs(w io.Writer, l projections.EpochList) error {
	if len(l.Epochs) == 0 {
		_, err := fmt.Fprintf(w, "no closed epochs in this range (last closed: %d)\n", l.LastClosed)
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "EPOCH\tPERIOD (UTC)\tPOOL (SWARM)\tDISTRIBUTED (SWARM)\tCARRY (SWARM)\tUTIL\tEARNERS\tSLASHES\tSTATE\tROOT")
	for _, e := range l.Epochs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", e.Epoch, period(e.StartMs, e.EndMs),
			swarmDigits(e.Pool), swarmDigits(e.Distributed), swarmDigits(e.Carry), bpPercent(e.UtilizationBP),
			e.Earners, e.Slashes, e.State, shortHash(e.Root))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if l.Next != 0 {
		return more(w, "epochs", fmt.Sprintf("--from %d", l.Next))
	}
	return nil
}

func epochShowCmd() *cobra.Command {
	var rf readFlags
	c := &cobra.Command{
		Use:   "show K",
		Short: "Show one closed epoch: its summary and its report's earners, slashes and jails (read API)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := parseEpoch(args[0])
			if err != nil {
				return err
			}
			api, err := rf.api.client()
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if rf.asJSON {
				var d projections.EpochDetail
				raw, err := api.fetch(cmd.Context(), fmt.Sprintf("/v1/epochs/%d", k), &d)
				if err != nil {
					return err
				}
				return emit(w, true, raw, d, nil)
			}
			d, rep, err := api.epoch(cmd.Context(), k)
			if err != nil {
				return err
			}
			return printEpoch(w, d.EpochSummary, *rep)
		},
	}
	rf.register(c)
	return c
}

func printEpoch(w io.Writer, e projections.EpochSummary, rep aggregates.Report) error {
	if err := printEpochSummary(w, e); err != nil {
		return err
	}
	for _, section := range []func(io.Writer, aggregates.Report) error{printReportEarners, printReportSlashes, printReportJails} {
		fmt.Fprintln(w)
		if err := section(w, rep); err != nil {
			return err
		}
	}
	return nil
}

func printEpochSummary(w io.Writer, e projections.EpochSummary) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "epoch\t%d\n", e.Epoch)
	fmt.Fprintf(tw, "period\t%s UTC\n", period(e.StartMs, e.EndMs))
	state := e.State
	if e.Anchored {
		state += fmt.Sprintf(" (tx %s, block %d)", e.AnchorTx, e.AnchorBlock)
	}
	fmt.Fprintf(tw, "state\t%s\n", state)
	fmt.Fprintf(tw, "root\t%s\n", e.Root)
	fmt.Fprintf(tw, "events digest\t%s\n", e.EventsDigest)
	fmt.Fprintf(tw, "pool\t%s\n", showAmount(e.Pool))
	fmt.Fprintf(tw, "distributed\t%s\n", showAmount(e.Distributed))
	fmt.Fprintf(tw, "carry\t%s\n", showAmount(e.Carry))
	fmt.Fprintf(tw, "total cumulative\t%s\n", showAmount(e.TotalCumulative))
	fmt.Fprintf(tw, "utilization\t%s\n", bpPercent(e.UtilizationBP))
	fmt.Fprintf(tw, "earners\t%d\n", e.Earners)
	fmt.Fprintf(tw, "slashes\t%d\n", e.Slashes)
	fmt.Fprintf(tw, "jailed\t%d\n", e.Jailed)
	fmt.Fprintf(tw, "rejected\t%s\n", rejectedText(e.Rejected))
	return tw.Flush()
}

// rejectedText lists rejection counts by reason.
func rejectedText(r map[string]uint64) string {
	parts := make([]string, 0, len(r))
	for _, reason := range slices.Sorted(maps.Keys(r)) {
		parts = append(parts, fmt.Sprintf("%s %d", reason, r[reason]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func printReportEarners(w io.Writer, rep aggregates.Report) error {
	if len(rep.Earners) == 0 {
		_, err := fmt.Fprintln(w, "no earners")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "EARNER\tAMOUNT (SWARM)\tCUMULATIVE (SWARM)")
	for _, e := range rep.Earners {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Address, swarmDigits(e.Amount), swarmDigits(e.Cumulative))
	}
	return tw.Flush()
}

func printReportSlashes(w io.Writer, rep aggregates.Report) error {
	if len(rep.Slashes) == 0 {
		_, err := fmt.Fprintln(w, "no slashes")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "SLASH\tPROVIDER\tREASON\tSLASH %")
	for _, s := range rep.Slashes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.ID, s.Provider, s.Reason, bpPercent(s.BP))
	}
	return tw.Flush()
}

func printReportJails(w io.Writer, rep aggregates.Report) error {
	if len(rep.Jailed) == 0 {
		_, err := fmt.Fprintln(w, "no jails")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "JAILED NODE\tUNTIL EPOCH")
	for _, j := range rep.Jailed {
		fmt.Fprintf(tw, "%s\t%d\n", j.Node, j.Until)
	}
	return tw.Flush()
}
