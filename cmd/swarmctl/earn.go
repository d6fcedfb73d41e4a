package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/merkle"
	"github.com/swarm-ledger/swarm/projections"
)

// Errors of the earner commands.
var (
	errAPIUnreachable = errors.New("ledger API unreachable")
	errAPI            = errors.New("ledger API")
	errNoActiveRoot   = errors.New("no active root on chain")
	errNoRoot         = errors.New("no root on chain")
	errRootDisabled   = errors.New("root disabled on chain")
	errRootMismatch   = errors.New("root mismatch")
	errNoEarnings     = errors.New("no earnings")
	errNothingToClaim = errors.New("nothing to claim")
)

const (
	defaultAPI = "http://127.0.0.1:8080"
	// apiTimeout bounds one request to the read API.
	apiTimeout = time.Minute
	// maxAPIResponse bounds what is read of one answer (a report lists
	// every earner).
	maxAPIResponse = 1 << 30
)

func earnCmds() []*cobra.Command {
	return []*cobra.Command{earningsCmd(), proofCmd(), claimCmd()}
}

// apiFlags is the --api connection flag (see conn.go) of the commands that
// read the ledger.
type apiFlags struct{ url string }

func (f *apiFlags) register(c *cobra.Command) {
	onConnect(c, func(cmd *cobra.Command) { f.url = conn(cmd, "api") })
}

// ledgerAPI is a client of swarmd's read API.
type ledgerAPI struct {
	base string
	http *http.Client
}

func (f *apiFlags) client() (*ledgerAPI, error) {
	u, err := url.Parse(f.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, usageError{fmt.Errorf("--api %q: want an http:// or https:// base URL such as %s", f.url, defaultAPI)}
	}
	return &ledgerAPI{base: strings.TrimSuffix(f.url, "/"), http: &http.Client{Timeout: apiTimeout}}, nil
}

// get GETs path and decodes the JSON answer into out. A transport failure
// wraps errAPIUnreachable, an error status errAPI with the API's message.
func (a *ledgerAPI) get(ctx context.Context, path string, out any) error {
	u := a.base + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", errAPI, u, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("%w at %s: %w", errAPIUnreachable, a.base, err)
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, maxAPIResponse)
	if resp.StatusCode/100 != 2 {
		raw, _ := io.ReadAll(io.LimitReader(body, 4096))
		var e projections.APIError
		msg := strings.TrimSpace(string(raw))
		if json.Unmarshal(raw, &e) == nil && e.Message != "" {
			msg = e.Message
		}
		return fmt.Errorf("%w: GET %s: %s: %s", errAPI, u, resp.Status, msg)
	}
	if err := json.NewDecoder(body).Decode(out); err != nil {
		return fmt.Errorf("%w: GET %s: unreadable answer: %w", errAPI, u, err)
	}
	return nil
}

func (a *ledgerAPI) earner(ctx context.Context, earner common.Address) (projections.EarnerHistory, error) {
	h := projections.EarnerHistory{Epochs: []projections.EarnerEpoch{}}
	for from := uint64(1); ; {
		var page projections.EarnerHistory
		if err := a.get(ctx, fmt.Sprintf("/v1/earners/%s?from=%d&limit=%d", events.Address(earner).String(), from, projections.MaxPage), &page); err != nil {
			return h, err
		}
		epochs := append(h.Epochs, page.Epochs...)
		h, h.Epochs = page, epochs
		if page.Next == 0 {
			return h, nil
		}
		if page.Next <= from {
			return h, fmt.Errorf("%w: page from %d points back to %d", errAPI, from, page.Next)
		}
		from = page.Next
	}
}

func (a *ledgerAPI) epoch(ctx context.Context, k uint64) (projections.EpochDetail, *aggregates.Report, error) {
	var d projections.EpochDetail
	if err := a.get(ctx, fmt.Sprintf("/v1/epochs/%d", k), &d); err != nil {
		return d, nil, err
	}
	rep, err := aggregates.DecodeReport(d.Report)
	if err != nil {
		return d, nil, fmt.Errorf("%w: the report of epoch %d: %w", errAPI, k, err)
	}
	if rep.Epoch != k || d.Epoch != k {
		return d, rep, fmt.Errorf("%w: asked for epoch %d, got epoch %d (report %d)", errAPI, k, d.Epoch, rep.Epoch)
	}
	return d, rep, nil
}

// epochsFrom lists the closed epochs from `from` on, following the pages.
func (a *ledgerAPI) epochsFrom(ctx context.Context, from uint64) (map[uint64]projections.EpochSummary, error) {
	out := map[uint64]projections.EpochSummary{}
	for from != 0 {
		var page projections.EpochList
		if err := a.get(ctx, fmt.Sprintf("/v1/epochs?from=%d&limit=%d", from, projections.MaxPage), &page); err != nil {
			return nil, err
		}
		for _, e := range page.Epochs {
			out[e.Epoch] = e
		}
		if page.Next != 0 && page.Next <= from {
			return nil, fmt.Errorf("%w: page from %d points back to %d", errAPI, from, page.Next)
		}
		from = page.Next
	}
	return out, nil
}

// ---- proofs ----

// earnerProof is an earner's claim material for one epoch's root.
type earnerProof struct {
	epoch      uint64
	earner     common.Address
	cumulative *big.Int
	root       [32]byte
	proof      [][32]byte
}

// proofJSON is what `swarmctl proof` prints.
type proofJSON struct {
	Epoch      uint64   `json:"epoch"`
	Earner     string   `json:"earner"`
	Cumulative string   `json:"cumulative"`
	Root       string   `json:"root"`
	Proof      []string `json:"proof"`
}

func (p *earnerProof) json() proofJSON {
	out := proofJSON{Epoch: p.epoch, Earner: events.Address(p.earner).String(), Cumulative: p.cumulative.String(),
		Root: events.Hash(p.root).String(), Proof: make([]string, len(p.proof))}
	for i, h := range p.proof {
		out.Proof[i] = events.Hash(h).String()
	}
	return out
}

// buildProof rebuilds epoch k's rewards tree (k = 0: the chain's latest
// active epoch) from the ledger's report, refuses unless its root equals
// both the report's and the chain's enabled root, and returns earner's
// proof.
func buildProof(ctx context.Context, api *ledgerAPI, c *chain.Client, earner common.Address, k uint64) (*earnerProof, error) {
	if k == 0 {
		active, err := c.LatestActiveEpoch(ctx)
		if err != nil {
			return nil, err
		}
		if active == 0 {
			return nil, fmt.Errorf("%w: no submitted root has reached its activation time yet", errNoActiveRoot)
		}
		k = active
	}
	onChain, err := c.RootOf(ctx, k)
	if err != nil {
		return nil, err
	}
	if onChain.ActivatesAt == 0 {
		last, err := c.LastEpoch(ctx)
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w for epoch %d (the last submitted is %d)", errNoRoot, k, last)
	}
	if onChain.Disabled {
		return nil, fmt.Errorf("%w: the guardian disabled the root of epoch %d (%s); it cannot be claimed against", errRootDisabled, k, events.Hash(onChain.Root).String())
	}
	detail, rep, err := api.epoch(ctx, k)
	if err != nil {
		return nil, err
	}
	tree, err := rep.Tree()
	switch {
	case errors.Is(err, aggregates.ErrReportRoot):
		return nil, fmt.Errorf("%w: epoch %d: %w", errRootMismatch, k, err)
	case err != nil:
		return nil, fmt.Errorf("%w: the report of epoch %d: %w", errAPI, k, err)
	}
	root := events.Hash(tree.Root())
	if summary, err := events.ParseHash(detail.Root); err != nil || summary != root {
		return nil, fmt.Errorf("%w: epoch %d: the tree of the ledger's report has root %s, but the epoch's summary says %s",
			errRootMismatch, k, root, detail.Root)
	}
	if chainRoot := events.Hash(onChain.Root); root != chainRoot {
		return nil, fmt.Errorf("%w: epoch %d: the ledger's root is %s, the chain's is %s; refusing to build a proof",
			errRootMismatch, k, root, chainRoot)
	}
	var cumulative *big.Int
	for _, e := range rep.Earners {
		if a, err := events.ParseAddress(e.Address); err == nil && a == events.Address(earner) {
			cumulative, _ = new(big.Int).SetString(e.Cumulative, 10) // Tree parsed every cumulative
		}
	}
	proof, ok := tree.Proof(events.Address(earner))
	if !ok || cumulative == nil {
		return nil, fmt.Errorf("%w in epoch %d for %s", errNoEarnings, k, events.Address(earner).String())
	}
	if !merkle.VerifyProof(tree.Root(), merkle.LeafHash(events.Address(earner), cumulative), proof) {
		panic("swarmctl: a proof from the tree does not verify against its root")
	}
	return &earnerProof{epoch: k, earner: earner, cumulative: cumulative, root: tree.Root(), proof: proof}, nil
}

// ---- commands ----

func proofCmd() *cobra.Command {
	var f chainFlags
	var af apiFlags
	var epoch uint64
	c := &cobra.Command{
		Use:   "proof ADDR [--epoch K]",
		Short: "Print an earner's Merkle proof (JSON) for epoch K's root, checked against the ledger's report and the chain (default: the latest active epoch)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			earner, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("epoch") && epoch == 0 {
				return usageError{errors.New("--epoch must be a positive epoch number")}
			}
			api, err := af.client()
			if err != nil {
				return err
			}
			c, err := f.client(cmd.Context())
			if err != nil {
				return err
			}
			p, err := buildProof(cmd.Context(), api, c, earner, epoch)
			if err != nil {
				return err
			}
			return writeJSONLine(cmd.OutOrStdout(), p.json())
		},
	}
	f.register(c, false)
	af.register(c)
	c.Flags().Uint64Var(&epoch, "epoch", 0, "epoch whose root to prove against (default: the chain's latest active epoch)")
	return c
}

// earnings is what `swarmctl earnings` reports.
type earnings struct {
	Earner            string `json:"earner"`
	LedgerLastClosed  uint64 `json:"ledger_last_closed"`
	Cumulative        string `json:"cumulative"`
	LatestActiveEpoch uint64 `json:"latest_active_epoch"`
	// CumulativeAtActive is the cumulative in the latest active epoch's
	// report: what a claim can reach now.
	CumulativeAtActive string          `json:"cumulative_at_active"`
	Claimed            string          `json:"claimed"`
	Claimable          string          `json:"claimable"`
	Notes              []string        `json:"notes,omitempty"`
	Epochs             []earningsEpoch `json:"epochs"`
}

type earningsEpoch struct {
	Epoch      uint64 `json:"epoch"`
	Amount     string `json:"amount"`
	Cumulative string `json:"cumulative"`
	Anchored   bool   `json:"anchored"` // the ledger has folded the epoch's anchoring
}

func earningsCmd() *cobra.Command {
	var f chainFlags
	var af apiFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "earnings ADDR",
		Short: "Show an earner's cumulative earnings (ledger), what it has claimed and can claim (chain), and its history per epoch",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			earner, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			api, err := af.client()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			hist, err := api.earner(ctx, earner)
			if err != nil {
				return err
			}
			c, err := f.client(ctx)
			if err != nil {
				return err
			}
			e, err := gatherEarnings(ctx, api, c, earner, hist)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(cmd.OutOrStdout(), e)
			}
			return printEarnings(cmd.OutOrStdout(), e)
		},
	}
	f.register(c, false)
	af.register(c)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON (amounts in atto-SWARM)")
	return c
}

func gatherEarnings(ctx context.Context, api *ledgerAPI, c *chain.Client, earner common.Address, hist projections.EarnerHistory) (*earnings, error) {
	e := &earnings{Earner: events.Address(earner).String(), LedgerLastClosed: hist.LastClosed, Cumulative: hist.Cumulative,
		CumulativeAtActive: "0", Epochs: []earningsEpoch{}}
	var err error
	if e.LatestActiveEpoch, err = c.LatestActiveEpoch(ctx); err != nil {
		return nil, err
	}
	claimed, err := c.Claimed(ctx, earner)
	if err != nil {
		return nil, err
	}
	e.Claimed = claimed.String()
	atActive := new(big.Int)
	if k := e.LatestActiveEpoch; k == 0 {
		e.Notes = append(e.Notes, "no root is active on chain yet: nothing can be claimed")
	} else {
		detail, rep, err := api.epoch(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("the chain's latest active epoch is %d: %w", k, err)
		}
		for _, x := range rep.Earners {
			if x.Address == e.Earner {
				if _, ok := atActive.SetString(x.Cumulative, 10); !ok {
					return nil, fmt.Errorf("%w: the report of epoch %d: cumulative %q is not an amount", errAPI, k, x.Cumulative)
				}
			}
		}
		e.CumulativeAtActive = atActive.String()
		root, err := c.RootOf(ctx, k)
		if err != nil {
			return nil, err
		}
		if ledgerRoot, err := events.ParseHash(detail.Root); err != nil || ledgerRoot != events.Hash(root.Root) {
			e.Notes = append(e.Notes, fmt.Sprintf("WARNING: epoch %d's root on chain (%s) differs from the ledger's (%s): no proof can be built", k, events.Hash(root.Root), detail.Root))
		}
	}
	claimable := new(big.Int).Sub(atActive, claimed)
	if claimable.Sign() < 0 {
		e.Notes = append(e.Notes, fmt.Sprintf("claimed (%s) exceeds the cumulative at epoch %d (%s): nothing to claim",
			chain.FormatAmount(claimed), e.LatestActiveEpoch, chain.FormatAmount(atActive)))
		claimable.SetInt64(0)
	}
	e.Claimable = claimable.String()
	if len(hist.Epochs) == 0 {
		return e, nil
	}
	summaries, err := api.epochsFrom(ctx, hist.Epochs[0].Epoch)
	if err != nil {
		return nil, err
	}
	for _, h := range hist.Epochs {
		e.Epochs = append(e.Epochs, earningsEpoch{Epoch: h.Epoch, Amount: h.Amount, Cumulative: h.Cumulative, Anchored: summaries[h.Epoch].Anchored})
	}
	return e, nil
}

func printEarnings(w io.Writer, e *earnings) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "earner\t%s\n", e.Earner)
	fmt.Fprintf(tw, "cumulative\t%s\t(ledger, epochs 1..%d)\n", showAmount(e.Cumulative), e.LedgerLastClosed)
	if e.LatestActiveEpoch == 0 {
		fmt.Fprintf(tw, "latest active epoch\tnone\t(chain)\n")
	} else {
		fmt.Fprintf(tw, "latest active epoch\t%d\t(chain)\n", e.LatestActiveEpoch)
		fmt.Fprintf(tw, "cumulative at epoch %d\t%s\n", e.LatestActiveEpoch, showAmount(e.CumulativeAtActive))
	}
	fmt.Fprintf(tw, "claimed\t%s\t(chain)\n", showAmount(e.Claimed))
	fmt.Fprintf(tw, "claimable\t%s\n", showAmount(e.Claimable))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range e.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintln(w)
	if len(e.Epochs) == 0 {
		_, err := fmt.Fprintf(w, "no earnings in epochs 1..%d\n", e.LedgerLastClosed)
		return err
	}
	fmt.Fprintln(tw, "EPOCH\tAMOUNT (SWARM)\tCUMULATIVE (SWARM)\tANCHORED")
	for _, h := range e.Epochs {
		anchored := "no"
		if h.Anchored {
			anchored = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", h.Epoch, swarmDigits(h.Amount), swarmDigits(h.Cumulative), anchored)
	}
	return tw.Flush()
}

// showAmount shows an atto-SWARM decimal string as SWARM and atto.
func showAmount(atto string) string {
	return fmt.Sprintf("%s (%s atto)", chain.FormatAmount(mustAmount(atto)), atto)
}

// swarmDigits shows an atto-SWARM decimal string as SWARM without the unit.
func swarmDigits(atto string) string {
	return strings.TrimSuffix(chain.FormatAmount(mustAmount(atto)), " SWARM")
}

// mustAmount parses an amount the commands have already validated or taken
// from the API's decimal strings; a bad one shows as 0 rather than panic.
func mustAmount(s string) *big.Int {
	x, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return new(big.Int)
	}
	return x
}

// claimResult is what `swarmctl claim --json` prints.
type claimResult struct {
	Epoch      uint64 `json:"epoch"`
	Earner     string `json:"earner"`
	Amount     string `json:"amount"`
	Cumulative string `json:"cumulative"`
	Tx         string `json:"tx"`
	Block      uint64 `json:"block"`
	Balance    string `json:"balance"`
}

func claimCmd() *cobra.Command {
	var f chainFlags
	var af apiFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "claim [ADDR] --key FILE",
		Short: "Claim an earner's rewards against the latest active root (ADDR defaults to the key's address; the key pays the gas, the earner gets the tokens)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var earner common.Address
			if len(args) == 1 {
				var err error
				if earner, err = parseAddress(args[0]); err != nil {
					return err
				}
			}
			api, err := af.client()
			if err != nil {
				return err
			}
			s, err := f.signer()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				earner = s.Address()
			}
			ctx := cmd.Context()
			c, err := f.client(ctx)
			if err != nil {
				return err
			}
			who := events.Address(earner).String()
			notice := cmd.OutOrStdout()
			if asJSON {
				notice = cmd.ErrOrStderr()
			}
			var p *earnerProof
			var r *types.Receipt
			// The contract checks the proof against the newest active root
			// when the transaction executes; a root that activates between
			// the proof and the block makes the proof stale. Such a claim
			// is built again against the new root, a few times at most.
			for attempt := 1; ; attempt++ {
				if p, err = buildProof(ctx, api, c, earner, 0); errors.Is(err, errNoEarnings) {
					return fmt.Errorf("%w: %w", errNothingToClaim, err)
				} else if err != nil {
					return err
				}
				claimed, err := c.Claimed(ctx, earner)
				if err != nil {
					return err
				}
				if p.cumulative.Cmp(claimed) <= 0 {
					return fmt.Errorf("%w for %s: it has claimed %s of the %s earned up to epoch %d",
						errNothingToClaim, who, chain.FormatAmount(claimed), chain.FormatAmount(p.cumulative), p.epoch)
				}
				amount := new(big.Int).Sub(p.cumulative, claimed)
				fmt.Fprintf(notice, "claiming %s for %s against the root of epoch %d (cumulative %s, claimed so far %s); gas paid by %s\n",
					showAmount(amount.String()), who, p.epoch, chain.FormatAmount(p.cumulative), chain.FormatAmount(claimed), events.Address(s.Address()).String())
				r, err = c.Claim(ctx, s, earner, p.cumulative, p.proof)
				if err == nil {
					break
				}
				if attempt < maxClaimAttempts && rootMoved(ctx, c, p.epoch, err) {
					fmt.Fprintf(notice, "a newer root became active (the proof was for epoch %d); claiming again\n", p.epoch)
					continue
				}
				return fmt.Errorf("claim for %s: %w", who, err)
			}
			ev, err := claimedEvent(r, c.Addr.Rewards, earner)
			if err != nil {
				return err
			}
			bal, err := c.BalanceOf(ctx, earner)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSONLine(cmd.OutOrStdout(), claimResult{Epoch: p.epoch, Earner: who, Amount: ev.Amount.String(),
					Cumulative: ev.Cumulative.String(), Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(), Balance: bal.String()})
			}
			w := cmd.OutOrStdout()
			printReceipt(w, fmt.Sprintf("claimed %s for %s (cumulative %s)", showAmount(ev.Amount.String()), who, chain.FormatAmount(ev.Cumulative)), r)
			_, err = fmt.Fprintf(w, "balance %s\n", showAmount(bal.String()))
			return err
		},
	}
	f.register(c, true)
	af.register(c)
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON (amounts in atto-SWARM)")
	return c
}

// maxClaimAttempts bounds the claims built again after a root activated
// under them.
const maxClaimAttempts = 3

// rootMoved reports a claim that failed with InvalidProof because the
// newest active root is no longer the one of epoch.
func rootMoved(ctx context.Context, c *chain.Client, epoch uint64, err error) bool {
	var re *chain.RevertError
	if !errors.As(err, &re) || re.Name != "InvalidProof" {
		return false
	}
	active, aerr := c.LatestActiveEpoch(ctx)
	return aerr == nil && active != epoch
}

// claimedEvent decodes the rewards contract's Claimed event for earner from
// a claim's receipt.
func claimedEvent(r *types.Receipt, rewards, earner common.Address) (*bindings.SwarmRewardsClaimed, error) {
	b := bindings.NewSwarmRewards()
	for _, l := range r.Logs {
		if l.Address != rewards {
			continue
		}
		ev, err := b.UnpackClaimedEvent(l)
		if errors.Is(err, bind.ErrEventSignatureMismatch) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("transaction %s: decode Claimed: %w", r.TxHash.Hex(), err)
		}
		if ev.Earner == earner {
			return ev, nil
		}
	}
	return nil, fmt.Errorf("transaction %s succeeded but has no Claimed event for %s", r.TxHash.Hex(), events.Address(earner).String())
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
