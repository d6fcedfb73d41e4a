package main

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/projections"
)

var healths = []string{projections.HealthHealthy, projections.HealthDegraded, projections.HealthStale,
	projections.HealthJailed, projections.HealthUnregistered, projections.HealthTombstoned}

// nodesFilter is the catalog's filters as flags.
type nodesFilter struct {
	model, region, health, provider string
	minMem                          uint64
	verified                        bool
}

func (f *nodesFilter) register(c *cobra.Command) {
	c.Flags().StringVar(&f.model, "model", "", `GPU model, e.g. "NVIDIA H100 80GB HBM3"`)
	c.Flags().StringVar(&f.region, "region", "", "region")
	c.Flags().StringVar(&f.health, "health", "", "comma-separated healths: "+strings.Join(healths, ", "))
	c.Flags().StringVar(&f.provider, "provider", "", "provider address")
	c.Flags().Uint64Var(&f.minMem, "min-mem", 0, "least GPU memory in MiB")
	c.Flags().BoolVar(&f.verified, "verified", false, "only verified GPUs match --model and --min-mem")
}

// query validates the filters and returns them as the API's parameters.
func (f *nodesFilter) query() (url.Values, error) {
	q := url.Values{}
	for name, v := range map[string]string{"model": f.model, "region": f.region} {
		if v != "" {
			q.Set(name, v)
		}
	}
	if f.health != "" {
		hs := strings.Split(f.health, ",")
		for i, h := range hs {
			if hs[i] = strings.TrimSpace(h); !slices.Contains(healths, hs[i]) {
				return nil, usageError{fmt.Errorf("--health %q: %q is not one of %s", f.health, hs[i], strings.Join(healths, ", "))}
			}
		}
		q.Set("health", strings.Join(hs, ","))
	}
	if f.provider != "" {
		p, err := addressParam("provider", f.provider)
		if err != nil {
			return nil, err
		}
		q.Set("provider", p)
	}
	if f.minMem > 0 {
		q.Set("min_mem_mib", strconv.FormatUint(f.minMem, 10))
	}
	if f.verified {
		q.Set("verified", "true")
	}
	return q, nil
}

func nodesCmd() *cobra.Command {
	var rf readFlags
	var pf pageFlags
	var nf nodesFilter
	c := &cobra.Command{
		Use:   "nodes",
		Short: "List the scheduler catalog: nodes ranked for placing work, filtered (read API)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := nf.query()
			if err != nil {
				return err
			}
			return listPages(cmd, &rf, &pf, "/v1/nodes", q, nodesNext, mergeNodes, printNodes)
		},
	}
	rf.register(c)
	pf.register(c, "nodes")
	nf.register(c)
	c.AddCommand(nodeShowCmd())
	return c
}

func nodesNext(l *projections.NodeList) (string, string) {
	if l.Next == 0 {
		return "offset", ""
	}
	return "offset", strconv.Itoa(l.Next)
}

func mergeNodes(acc, page *projections.NodeList) {
	acc.Nodes = append(acc.Nodes, page.Nodes...)
	acc.Total, acc.Next = page.Total, page.Next
}

func printNodes(w io.Writer, l projections.NodeList) error {
	if len(l.Nodes) == 0 {
		_, err := fmt.Fprintf(w, "no nodes match (%d in the filtered catalog)\n", l.Total)
		return err
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "RANK\tNODE\tPROVIDER\tREGION\tHEALTH\tGPUS\tUTIL\tTEMP\tRELIABILITY\tSTAKE FACTOR\tHEARTBEAT")
	for _, n := range l.Nodes {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", n.Rank, shortNode(n.Node), shortAddr(n.Provider),
			orDash(n.Region), healthText(n), gpuSummary(n.GPUs), utilText(n.GPUs), tempText(n.GPUs),
			bpPercent(n.ReliabilityBP), bpPercent(n.StakeFactorBP), heartbeatText(n))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if l.Next != 0 {
		return more(w, fmt.Sprintf("of the %d nodes", l.Total), "--limit")
	}
	_, err := fmt.Fprintf(w, "%d nodes, health judged at %s UTC\n", l.Total, utcMs(l.AtMs))
	return err
}

// healthText is a node's health and its failed checks.
func healthText(n projections.CatalogNode) string {
	if len(n.Checks) == 0 {
		return n.Health
	}
	return n.Health + " (" + strings.Join(n.Checks, ",") + ")"
}

// gpuSummary counts a node's GPUs by model and verification: "2× H100
// 80GB HBM3 ✓, 1× T4".
func gpuSummary(gpus []projections.CatalogGPU) string {
	type kind struct {
		model    string
		verified bool
	}
	var order []kind
	count := map[kind]int{}
	for _, g := range gpus {
		k := kind{strings.TrimPrefix(g.Model, "NVIDIA "), g.Verified}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
	}
	parts := make([]string, 0, len(order))
	for _, k := range order {
		s := fmt.Sprintf("%d× %s", count[k], k.model)
		if k.verified {
			s += " ✓"
		}
		parts = append(parts, s)
	}
	return orDash(strings.Join(parts, ", "))
}

// utilText is the mean utilization of a node's GPUs.
func utilText(gpus []projections.CatalogGPU) string {
	if len(gpus) == 0 {
		return "-"
	}
	var sum uint64
	for _, g := range gpus {
		sum += g.UtilBP
	}
	return bpPercent(sum / uint64(len(gpus)))
}

// tempText is the hottest GPU's temperature.
func tempText(gpus []projections.CatalogGPU) string {
	var hottest uint64
	for _, g := range gpus {
		hottest = max(hottest, g.TempC)
	}
	if hottest == 0 {
		return "-"
	}
	return fmt.Sprintf("%d°C", hottest)
}

func heartbeatText(n projections.CatalogNode) string {
	if n.LastSeenMs == 0 {
		return "never"
	}
	return age(n.HeartbeatAgeMs) + " ago"
}

func nodeShowCmd() *cobra.Command {
	var rf readFlags
	c := &cobra.Command{
		Use:   "show NODE_ID",
		Short: "Show one catalog node with each GPU's last telemetry (read API)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseNode(args[0])
			if err != nil {
				return err
			}
			return showOne(cmd, &rf, "/v1/nodes/"+url.PathEscape(id), printNode)
		},
	}
	rf.register(c)
	return c
}

func printNode(w io.Writer, n projections.CatalogNode) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "node\t%s\n", n.Node)
	fmt.Fprintf(tw, "provider\t%s\n", orDash(n.Provider))
	fmt.Fprintf(tw, "region\t%s\n", orDash(n.Region))
	fmt.Fprintf(tw, "health\t%s\n", healthText(n))
	fmt.Fprintf(tw, "registered\t%s\n", yesNo(n.Registered))
	jailed := yesNo(n.Jailed)
	if n.Jailed {
		jailed += fmt.Sprintf(" (until epoch %d)", n.JailUntil)
	}
	fmt.Fprintf(tw, "jailed\t%s\n", jailed)
	fmt.Fprintf(tw, "tombstoned\t%s\n", yesNo(n.Tombstoned))
	if n.LastSeenMs == 0 {
		fmt.Fprintf(tw, "last heartbeat\tnever\n")
	} else {
		fmt.Fprintf(tw, "last heartbeat\t%s UTC (%s ago)\n", utcMs(n.LastSeenMs), age(n.HeartbeatAgeMs))
	}
	fmt.Fprintf(tw, "spare capacity\t%s\n", bpPercent(n.SpareBP))
	fmt.Fprintf(tw, "reliability\t%s\n", bpPercent(n.ReliabilityBP))
	fmt.Fprintf(tw, "stake factor\t%s\n", bpPercent(n.StakeFactorBP))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(n.GPUs) == 0 {
		_, err := fmt.Fprintln(w, "no GPUs")
		return err
	}
	fmt.Fprintln(tw, "GPU\tMODEL\tMEM (MiB)\tVERIFIED\tUTIL\tMEM USED (MiB)\tTEMP\tPOWER\tECC DBE\tXID")
	for _, g := range n.GPUs {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%d\t%d°C\t%s\t%d\t%d\n", g.UUID, g.Model, g.MemMiB, yesNo(g.Verified),
			bpPercent(g.UtilBP), g.MemUsedMiB, g.TempC, watts(g.PowerMW), g.EccDBE, g.Xid)
	}
	return tw.Flush()
}

// watts shows milliwatts as watts: 350000 → "350 W", 72500 → "72.5 W".
func watts(mw uint64) string {
	s := strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%d.%03d", mw/1000, mw%1000), "0"), ".")
	return s + " W"
}
