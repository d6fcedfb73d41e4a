package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/projections"
)

var slashReasons = []string{"downtime", "faults", "equivocation"}

var slashStatuses = []projections.SlashStatus{projections.SlashDecided, projections.SlashProposed, projections.SlashExecuted, projections.SlashVetoed}

// slashesFlags are the flags of `swarmctl slashes`: the slash filters, or
// with --jails the jail filters.
type slashesFlags struct {
	provider, reason string
	from             uint64
	jails, active    bool
	node             string
	status           string
	ids              bool
}

// filtered: --status and --ids filter on the client, over every page.
func (f *slashesFlags) filtered() bool { return f.status != "" || f.ids }

func (f *slashesFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.provider, "provider", "", "only this provider's slashes")
	c.Flags().StringVar(&f.reason, "reason", "", "only slashes for this reason: downtime, faults or equivocation")
	c.Flags().Uint64Var(&f.from, "from", 0, "first epoch (default 1)")
	c.Flags().BoolVar(&f.jails, "jails", false, "list jail decisions and their release instead")
	c.Flags().StringVar(&f.node, "node", "", "with --jails: only this node's jails")
	c.Flags().BoolVar(&f.active, "active", false, "with --jails: only jails not released")
	c.Flags().StringVar(&f.status, "status", "", "only slashes with this status: decided, proposed, executed or vetoed (filters every page)")
	c.Flags().BoolVar(&f.ids, "ids", false, "print only the slash ids, one per line, in list order (every page)")
}

// query validates the flags and returns the API's parameters.
func (f *slashesFlags) query(c *cobra.Command) (url.Values, error) {
	q := url.Values{}
	if err := fromFlag(c, f.from, q); err != nil {
		return nil, err
	}
	if f.jails {
		return f.jailQuery(q)
	}
	if f.node != "" || f.active {
		return nil, usageError{errors.New("--node and --active select jails: add --jails")}
	}
	if f.status != "" && !slices.Contains(slashStatuses, projections.SlashStatus(f.status)) {
		return nil, usageError{fmt.Errorf("--status %q: want decided, proposed, executed or vetoed", f.status)}
	}
	if f.provider != "" {
		p, err := addressParam("provider", f.provider)
		if err != nil {
			return nil, err
		}
		q.Set("provider", p)
	}
	if f.reason != "" {
		if !slices.Contains(slashReasons, f.reason) {
			return nil, usageError{fmt.Errorf("--reason %q: want downtime, faults or equivocation", f.reason)}
		}
		q.Set("reason", f.reason)
	}
	return q, nil
}

func (f *slashesFlags) jailQuery(q url.Values) (url.Values, error) {
	if f.provider != "" || f.reason != "" || f.filtered() {
		return nil, usageError{errors.New("--provider, --reason, --status and --ids select slashes, not --jails")}
	}
	if f.node != "" {
		n, err := parseNode(f.node)
		if err != nil {
			return nil, err
		}
		q.Set("node", n)
	}
	if f.active {
		q.Set("active", "true")
	}
	return q, nil
}

func slashesCmd() *cobra.Command {
	var rf readFlags
	var pf pageFlags
	var sf slashesFlags
	c := &cobra.Command{
		Use:   "slashes [--provider ADDR] [--reason R] [--status S] [--ids] | --jails [--node ID] [--active]",
		Short: "List slashes decided at epoch closes with their status on chain (decided, proposed, executed, vetoed) and when they become executable, or jail decisions (read API)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := sf.query(cmd)
			if err != nil {
				return err
			}
			if sf.jails {
				return listPages(cmd, &rf, &pf, "/v1/jails", q,
					func(l *projections.JailList) (string, string) { return "cursor", l.Next },
					func(acc, page *projections.JailList) {
						acc.Jails, acc.Next = append(acc.Jails, page.Jails...), page.Next
					}, printJails)
			}
			if sf.filtered() {
				return filteredSlashes(cmd, &rf, &pf, &sf, q)
			}
			return listPages(cmd, &rf, &pf, "/v1/slashes", q,
				func(l *projections.SlashList) (string, string) { return "cursor", l.Next },
				func(acc, page *projections.SlashList) {
					acc.Slashes, acc.Next = append(acc.Slashes, page.Slashes...), page.Next
				}, printSlashes)
		},
	}
	rf.register(c)
	pf.register(c, "records")
	sf.register(c)
	return c
}

// filteredSlashes lists the slashes of every page (the API filters by
// provider, reason and epoch; the status is filtered here), then prints
// those with --status, or only their ids with --ids.
func filteredSlashes(cmd *cobra.Command, rf *readFlags, pf *pageFlags, sf *slashesFlags, q url.Values) error {
	if sf.ids && rf.asJSON {
		return usageError{errors.New("--ids prints ids, not --json")}
	}
	if err := pf.set(cmd, q); err != nil {
		return err
	}
	api, err := rf.api.client()
	if err != nil {
		return err
	}
	list, _, err := getPages(cmd.Context(), api, "/v1/slashes", q, true,
		func(l *projections.SlashList) (string, string) { return "cursor", l.Next },
		func(acc, page *projections.SlashList) {
			acc.Slashes, acc.Next = append(acc.Slashes, page.Slashes...), page.Next
		})
	if err != nil {
		return err
	}
	if sf.status != "" {
		kept := []projections.SlashRecord{}
		for _, s := range list.Slashes {
			if s.Status == projections.SlashStatus(sf.status) {
				kept = append(kept, s)
			}
		}
		list.Slashes = kept
	}
	w := cmd.OutOrStdout()
	if sf.ids {
		for _, s := range list.Slashes {
			if _, err := fmt.Fprintln(w, s.ID); err != nil {
				return err
			}
		}
		return nil
	}
	return emit(w, rf.asJSON, nil, list, func(w io.Writer) error { return printSlashes(w, list) })
}

func printSlashes(w io.Writer, l projections.SlashList) error {
	if len(l.Slashes) == 0 {
		_, err := fmt.Fprintln(w, "no slashes")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "STATUS\tEXECUTABLE AT (UTC)\tEPOCH\tID\tPROVIDER\tREASON\tSLASH\tEXECUTED\tAMOUNT (SWARM)\tTX")
	for _, s := range l.Slashes {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Status, executableAt(s.ExecutableAt), s.Epoch, s.ID, shortAddr(s.Provider), s.Reason, bpPercent(s.BP),
			yesNo(s.Executed), swarmOrDash(s.Amount), orDash(shortHash(s.Tx)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if l.Next != "" {
		return more(w, "slashes", "--limit")
	}
	return nil
}

// executableAt shows a proposed slash's executable time in UTC, "-" before
// its proposal.
func executableAt(s uint64) string {
	if s == 0 {
		return "-"
	}
	return time.Unix(int64(s), 0).UTC().Format(time.DateTime)
}

func printJails(w io.Writer, l projections.JailList) error {
	if len(l.Jails) == 0 {
		_, err := fmt.Fprintln(w, "no jails")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "EPOCH\tNODE\tUNTIL EPOCH\tRELEASED")
	for _, j := range l.Jails {
		released := "no"
		if j.Released {
			released = fmt.Sprintf("yes (epoch %d)", j.ReleasedEpoch)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\n", j.Epoch, j.Node, j.Until, released)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if l.Next != "" {
		return more(w, "jails", "--limit")
	}
	return nil
}
