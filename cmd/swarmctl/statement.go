package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/projections"
)

func statementCmd() *cobra.Command {
	var rf readFlags
	var epoch uint64
	var asCSV bool
	c := &cobra.Command{
		Use:   "statement ADDRESS [--epoch K] [--csv]",
		Short: "Explain an earner's amount in an epoch step by step (SPEC §5 and §9.1), as provider and as staker (read API)",
		Long: "Reads the epoch's statement (GET /v1/epochs/{k}/statement, the last closed epoch by default) and\n" +
			"shows, in SPEC §5's order, every value that made ADDRESS's amount: the network's pool and\n" +
			"utilization, then as a provider its nodes, compute, availability, reliability, stake factor,\n" +
			"share, reward, commission and stakers' cuts, and as a staker each provider's reward and its cut.\n" +
			"Exact values (rationals n/d, atto-SWARM integers) stand beside decimal SWARM. --csv writes one\n" +
			"row per step; --json the statement as the API sent it.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, err := addressParam("address", args[0])
			if err != nil {
				return usageError{fmt.Errorf("ADDRESS: %w", err)}
			}
			if rf.asJSON && asCSV {
				return usageError{fmt.Errorf("--json and --csv: choose one")}
			}
			if cmd.Flags().Changed("epoch") && epoch == 0 {
				return usageError{fmt.Errorf("--epoch must be a positive epoch number")}
			}
			api, err := rf.api.client()
			if err != nil {
				return err
			}
			if epoch == 0 {
				var list projections.EpochList
				if _, err := api.fetch(cmd.Context(), "/v1/epochs?limit=1", &list); err != nil {
					return err
				}
				if list.LastClosed == 0 {
					return fmt.Errorf("%w: no closed epoch yet", errAPI)
				}
				epoch = list.LastClosed
			}
			var raw json.RawMessage
			if err := api.get(cmd.Context(), fmt.Sprintf("/v1/epochs/%d/statement", epoch), &raw); err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if rf.asJSON {
				return emit(w, true, raw, nil, nil)
			}
			st, err := aggregates.ParseStatement(raw)
			if err != nil {
				return fmt.Errorf("%w: %w", errAPI, err)
			}
			steps := statementSteps(st, addr)
			if asCSV {
				return writeStepsCSV(w, st.Epoch, addr, steps)
			}
			return printSteps(w, st.Epoch, addr, steps)
		},
	}
	rf.register(c)
	c.Flags().Uint64Var(&epoch, "epoch", 0, "the epoch (default: the last closed)")
	c.Flags().BoolVar(&asCSV, "csv", false, "one CSV row per step: epoch,address,section,provider,step,formula,exact,swarm")
	return c
}

// step is one line of the breakdown: a value with how it is computed.
type step struct {
	section  string // network, provider, node, staker, stake, slash, total
	provider string
	name     string
	formula  string
	exact    string // "n/d", an integer, or atto-SWARM for amounts
	swarm    string // decimal SWARM for amounts, else ""
}

func amountStep(section, provider, name, formula string, v *big.Int) step {
	return step{section, provider, name, formula, v.String(), swarmDigits(v.String())}
}

func valueStep(section, provider, name, formula, exact string) step {
	return step{section, provider, name, formula, exact, ""}
}

// ratShow writes a rational exactly and, when not an integer, with six
// decimals for reading.
func ratShow(r *big.Rat) string {
	if r.IsInt() {
		return r.String()
	}
	return r.String() + " ≈ " + r.FloatString(6)
}

// statementSteps lists, in SPEC §5's order, what made addr's amount.
func statementSteps(st *aggregates.Statement, addr string) []step {
	n := st.Network
	steps := []step{
		valueStep("network", "", "D", "(end_ms − start_ms)/1000 seconds", ratShow(n.Seconds)),
		valueStep("network", "", "E", "⌊D / heartbeat_interval_s⌋ expected heartbeats", strconv.FormatUint(n.ExpectedHeartbeats, 10)),
		valueStep("network", "", "ΣC", "Σ compute_p", ratShow(n.Compute)),
		valueStep("network", "", "ΣA", "Σ avail_p", ratShow(n.Avail)),
		valueStep("network", "", "U", "min(1, ΣC/ΣA)", ratShow(n.Utilization)),
		amountStep("network", "", "carry_in", "the previous epoch's carry", n.CarryIn),
		amountStep("network", "", "pool", "⌊base_emission · (s + (1 − s)·U)⌋ + carry_in", n.Pool),
	}
	total := new(big.Int)
	if p := st.Provider(addr); p != nil {
		steps = append(steps, providerSteps(p)...)
		total.Add(total, p.ProviderAmount)
	}
	for _, p := range st.Providers {
		for _, s := range p.Stakers {
			if s.Address != addr {
				continue
			}
			r := new(big.Int).Sub(p.Reward, p.Commission)
			steps = append(steps,
				amountStep("stake", p.Provider, "reward_p", "the provider's reward", p.Reward),
				amountStep("stake", p.Provider, "R", "reward_p − commission", r),
				amountStep("stake", p.Provider, "A_p", "the provider's active stake", p.ActiveStake),
				amountStep("stake", p.Provider, "a_s", "your active stake: min(bonded at the previous close, bonded now)", s.Active),
				amountStep("stake", p.Provider, "amount", "⌊R · a_s / A_p⌋", s.Amount))
			total.Add(total, s.Amount)
		}
	}
	return append(steps, amountStep("total", "", "amount", "provider_amount + Σ staker amounts: the report's amount", total))
}

func providerSteps(p *aggregates.ProviderStatement) []step {
	var steps []step
	for _, nd := range p.Nodes {
		jailed := "no"
		if nd.Jailed {
			jailed = "yes (avail 0)"
		}
		steps = append(steps,
			valueStep("node", p.Provider, nd.Node+" jailed", "jailed at close, before this close's decisions", jailed),
			valueStep("node", p.Provider, nd.Node+" hb", "accepted heartbeats", strconv.FormatUint(nd.Heartbeats, 10)),
			valueStep("node", p.Provider, nd.Node+" uptime", "min(1, hb/E)", ratShow(nd.Uptime)),
			valueStep("node", p.Provider, nd.Node+" |V|", "verified GPUs of a weighted model", strconv.FormatUint(nd.VerifiedGPUs, 10)),
			valueStep("node", p.Provider, nd.Node+" weight", "Σ w(g)", ratShow(nd.Weight)),
			valueStep("node", p.Provider, nd.Node+" avail", "weight · uptime · D (0 if jailed)", ratShow(nd.Avail)))
	}
	steps = append(steps,
		valueStep("provider", p.Provider, "C_p", "tasks completed in the epoch", strconv.FormatUint(p.Completed, 10)),
		valueStep("provider", p.Provider, "F_p", "tasks failed with fault = provider", strconv.FormatUint(p.Failed, 10)),
		valueStep("provider", p.Provider, "compute_p", "Σ gpu_seconds · w_t over completed tasks of unjailed nodes at close", ratShow(p.Compute)),
		valueStep("provider", p.Provider, "avail_p", "Σ avail_n over unjailed nodes", ratShow(p.Avail)),
		valueStep("provider", p.Provider, "G_p", "Σ |V_n| over unjailed nodes", strconv.FormatUint(p.GPUs, 10)),
		valueStep("provider", p.Provider, "rel_p", "(C_p + 1)/(C_p + F_p + 1)", ratShow(p.Reliability)),
		amountStep("provider", p.Provider, "A_p", "Σ active stake", p.ActiveStake),
		amountStep("provider", p.Provider, "req_p", "min_stake_per_gpu · G_p", p.RequiredStake),
		valueStep("provider", p.Provider, "sf_p", "min(1, A_p/req_p), 0 if req_p = 0", ratShow(p.StakeFactor)),
		valueStep("provider", p.Provider, "share_p", "wc·compute_p/ΣC + wa·avail_p/ΣA", ratShow(p.Share)),
		amountStep("provider", p.Provider, "reward_p", "⌊pool · share_p · rel_p · sf_p⌋", p.Reward),
		amountStep("provider", p.Provider, "commission", "⌊reward_p · commission_bp/10000⌋", p.Commission),
		amountStep("provider", p.Provider, "R", "reward_p − commission", new(big.Int).Sub(p.Reward, p.Commission)))
	for _, s := range p.Stakers {
		steps = append(steps, amountStep("staker", p.Provider, s.Address, "⌊R · active / A_p⌋, active "+s.Active.String(), s.Amount))
	}
	steps = append(steps, amountStep("provider", p.Provider, "provider_amount", "commission + what R leaves after the stakers' cuts", p.ProviderAmount))
	for i := range p.Slashes {
		s := &p.Slashes[i]
		steps = append(steps, valueStep("slash", p.Provider, s.ID, fmt.Sprintf("%s, %d bp", s.Reason, s.BP), string(s.EvidenceCanonical())))
	}
	return steps
}

func printSteps(w io.Writer, epoch uint64, addr string, steps []step) error {
	fmt.Fprintf(w, "statement of %s, epoch %d (SPEC §5, §9.1)\n", addr, epoch)
	title := ""
	tw := newTable(w)
	for _, s := range steps {
		if t := sectionTitle(s, addr); t != title {
			if err := tw.Flush(); err != nil {
				return err
			}
			title = t
			fmt.Fprintln(w)
			fmt.Fprintln(w, title)
		}
		value := s.exact
		if s.swarm != "" {
			value = s.swarm + " SWARM (" + s.exact + " atto)"
		}
		fmt.Fprintf(tw, "  %s\t= %s\t%s\n", s.name, value, s.formula)
	}
	return tw.Flush()
}

func sectionTitle(s step, addr string) string {
	switch s.section {
	case "network":
		return "network"
	case "node":
		return "your nodes at close (provider " + s.provider + ")"
	case "provider", "staker", "slash":
		if s.provider == addr {
			return "as provider " + s.provider
		}
		return "provider " + s.provider
	case "stake":
		return "as staker of " + s.provider
	}
	return "total"
}

func writeStepsCSV(w io.Writer, epoch uint64, addr string, steps []step) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"epoch", "address", "section", "provider", "step", "formula", "exact", "swarm"})
	k := strconv.FormatUint(epoch, 10)
	for _, s := range steps {
		cw.Write([]string{k, addr, s.section, s.provider, s.name, s.formula, s.exact, s.swarm})
	}
	cw.Flush()
	return cw.Error()
}
