package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/projections"
)

// withStakeReads adds the ledger's views of stake to the stake command
// group (whose show subcommand reads the contract).
func withStakeReads(c *cobra.Command) *cobra.Command {
	c.AddCommand(stakePositionsCmd(), stakeListCmd())
	return c
}

func stakePositionsCmd() *cobra.Command {
	var rf readFlags
	var staker string
	c := &cobra.Command{
		Use:   "positions PROVIDER | --staker ADDR",
		Short: "Show a provider's stakers, or a staker's positions, with bonded, unbonding and active stake as the ledger holds them (read API)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (len(args) == 1) == (staker != "") {
				return usageError{errors.New("give either PROVIDER or --staker ADDR")}
			}
			if staker != "" {
				return showStaker(cmd, &rf, staker)
			}
			return showProviderStake(cmd, &rf, args[0])
		},
	}
	rf.register(c)
	c.Flags().StringVar(&staker, "staker", "", "show this staker's positions with every provider")
	return c
}

func showProviderStake(cmd *cobra.Command, rf *readFlags, provider string) error {
	p, err := addressParam("provider", provider)
	if err != nil {
		return err
	}
	return showOne(cmd, rf, "/v1/providers/"+p+"/stake", func(w io.Writer, ps projections.ProviderStake) error {
		fmt.Fprintf(w, "provider %s\n\n", ps.Provider)
		return printPositions(w, "STAKER", ps.Stakers, func(p projections.StakePosition) string { return p.Staker },
			ps.Bonded, ps.Unbonding, ps.Active)
	})
}

func showStaker(cmd *cobra.Command, rf *readFlags, staker string) error {
	s, err := addressParam("staker", staker)
	if err != nil {
		return err
	}
	return showOne(cmd, rf, "/v1/stakers/"+s, func(w io.Writer, ss projections.StakerStake) error {
		fmt.Fprintf(w, "staker %s\n\n", ss.Staker)
		return printPositions(w, "PROVIDER", ss.Positions, func(p projections.StakePosition) string { return p.Provider },
			ss.Bonded, ss.Unbonding, ss.Active)
	})
}

// printPositions prints stake positions keyed by the staker or the
// provider, and their totals.
func printPositions(w io.Writer, key string, rows []projections.StakePosition, keyOf func(projections.StakePosition) string,
	bonded, unbonding, active string) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no stake")
		return err
	}
	tw := newTable(w)
	fmt.Fprintf(tw, "%s\tBONDED (SWARM)\tUNBONDING (SWARM)\tRELEASE (UTC)\tACTIVE (SWARM)\n", key)
	for _, p := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", keyOf(p), swarmDigits(p.Bonded), swarmDigits(p.Unbonding),
			releaseText(p.ReleaseAtS), swarmDigits(p.Active))
	}
	fmt.Fprintf(tw, "total (%d)\t%s\t%s\t\t%s\n", len(rows), swarmDigits(bonded), swarmDigits(unbonding), swarmDigits(active))
	return tw.Flush()
}

func releaseText(s uint64) string {
	if s == 0 {
		return "-"
	}
	return time.Unix(int64(s), 0).UTC().Format(time.DateTime)
}

func stakeListCmd() *cobra.Command {
	var rf readFlags
	var pf pageFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the providers with stake, their stakers and totals, by address (read API)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return listPages(cmd, &rf, &pf, "/v1/stake", url.Values{},
				func(l *projections.StakeList) (string, string) { return "cursor", l.Next },
				func(acc, page *projections.StakeList) {
					acc.Providers, acc.Next = append(acc.Providers, page.Providers...), page.Next
				}, printStakeList)
		},
	}
	rf.register(c)
	pf.register(c, "providers")
	return c
}

func printStakeList(w io.Writer, l projections.StakeList) error {
	if len(l.Providers) == 0 {
		_, err := fmt.Fprintln(w, "no provider has stake")
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "PROVIDER\tSTAKERS\tBONDED (SWARM)\tUNBONDING (SWARM)\tACTIVE (SWARM)")
	for _, p := range l.Providers {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", p.Provider, p.Stakers, swarmDigits(p.Bonded), swarmDigits(p.Unbonding), swarmDigits(p.Active))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if l.Next != "" {
		return more(w, "providers", "--limit")
	}
	return nil
}
