package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/merkle"
	"github.com/swarm-ledger/swarm/projections"
)

// slashCmd is `swarmctl slash`: one slash's due process (SPEC §6.6).
func slashCmd() *cobra.Command {
	c := &cobra.Command{Use: "slash", Short: "One slash's due process: show its status, veto it (guardian)"}
	c.AddCommand(slashVetoCmd(), slashShowCmd())
	return c
}

// slashRef is a slash named on the command line: its id, when given, and
// its evidence, keccak256(id).
type slashRef struct {
	id       string // "" when given as an evidence hash
	evidence [32]byte
}

func (r slashRef) String() string {
	ev := "0x" + hex.EncodeToString(r.evidence[:])
	if r.id == "" {
		return ev
	}
	return fmt.Sprintf("%s (evidence %s)", r.id, ev)
}

// parseSlashRef reads a slash id ("downtime:3:U…", "faults:3:0x…",
// "equivocation:U…:12") or an evidence hash (0x + 64 hex digits).
func parseSlashRef(s string) (slashRef, error) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		b, err := hex.DecodeString(s[2:])
		if err != nil || len(b) != 32 {
			return slashRef{}, usageError{fmt.Errorf("%q is not an evidence hash (0x + 64 hex digits)", s)}
		}
		return slashRef{evidence: [32]byte(b)}, nil
	}
	reason, _, ok := strings.Cut(s, ":")
	if !ok || (reason != "downtime" && reason != "faults" && reason != "equivocation") || len(s) > events.MaxString {
		return slashRef{}, usageError{fmt.Errorf("%q is neither a slash id (downtime:K:NODE, faults:K:PROVIDER, equivocation:NODE:SEQ) nor an evidence hash (0x + 64 hex digits)", s)}
	}
	return slashRef{id: s, evidence: merkle.Evidence(s)}, nil
}

// errSlashNotPending: the veto was not sent because the contract would
// refuse it.
var errSlashNotPending = errors.New("the slash is not pending")

func slashVetoCmd() *cobra.Command {
	c := txCmd("veto EVIDENCE",
		"Veto a proposed slash before it executes (GUARDIAN_ROLE); EVIDENCE is the slash id or its 0x keccak256 hash", 1,
		func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error) {
			ref, err := parseSlashRef(args[0])
			if err != nil {
				return "", nil, err
			}
			rec, err := c.SlashOf(ctx, ref.evidence)
			if err != nil {
				return "", nil, err
			}
			if rec.State != chain.SlashProposed {
				return "", nil, fmt.Errorf("%w: slash %s is %s on chain; only a proposed slash can be vetoed", errSlashNotPending, ref, rec.State)
			}
			r, err := c.VetoSlash(ctx, s, ref.evidence)
			if err != nil {
				return "", nil, err
			}
			return fmt.Sprintf("vetoed slash %s of %s (%s), which was executable from %s",
				ref, rec.Provider.Hex(), bpPercent(uint64(rec.BP)), unixUTC(rec.ExecutableAt)), r, nil
		})
	c.Long = `Veto a proposed slash before it executes (SPEC §6.6). The key must hold
GUARDIAN_ROLE on the staking contract (on a development chain: account 0).
EVIDENCE is the slash id as the epoch reports and swarmctl slashes show it
(e.g. downtime:3:UNODE…) or its evidence, 0x + keccak256(id). A vetoed slash
is never executed and its stake is never cut; the veto lifts no jail.`
	return c
}

func slashShowCmd() *cobra.Command {
	var rf readFlags
	var f chainFlags
	var onChain, noStream bool
	var natsURL string
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show a slash's status (decided, proposed, executed, vetoed) and when it becomes executable: from the read API, or with --chain from the contract",
		Long: `Show a slash's status and when it becomes executable. ID is the slash id
(e.g. downtime:3:UNODE…) or its evidence (0x + keccak256(id)).

By default it asks the ledger's read API (--api), which follows the slash
from the epoch report that decided it through the chain events the ledger
has folded. With --chain it asks the staking contract instead (--rpc,
--contracts): slashOf(evidence), as of the chain's head.

For an equivocation slash the table also prints the two conflicting
messages themselves, read from the SWARM stream (--nats): each with its
stream sequence and subject, as canonical JSON (base64 if not printable).
They are looked up by their keccak256 hashes on the node's subjects, then
over the whole stream if none is there. If the stream cannot be read the
command warns on stderr and still prints the rest (exit 0); --no-stream
skips the stream. --json prints the API's answer only.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseSlashRef(args[0])
			if err != nil {
				return err
			}
			if onChain {
				return showSlashOnChain(cmd.Context(), cmd.OutOrStdout(), &f, ref)
			}
			// The table goes on with an equivocation's messages from the
			// stream; --json is the API's answer alone.
			return showOne(cmd, &rf, "/v1/slashes/"+url.PathEscape(args[0]), func(w io.Writer, rec projections.SlashRecord) error {
				if err := printSlash(w, rec); err != nil {
					return err
				}
				if noStream || rec.Detail == nil || rec.Detail.Accepted == "" {
					return nil
				}
				sec, err := natsSecurity(cmd)
				if err != nil {
					return err
				}
				return printEquivocationMessages(cmd.Context(), w, cmd.ErrOrStderr(), natsURL, rec.Detail, sec...)
			})
		},
	}
	onConnect(c, func(cmd *cobra.Command) { natsURL = conn(cmd, "nats") })
	c.Flags().BoolVar(&noStream, "no-stream", false, "do not read an equivocation's messages from the stream (--nats)")
	rf.register(c)
	f.register(c, false)
	c.Flags().BoolVar(&onChain, "chain", false, "read the staking contract (--rpc, --contracts) instead of the read API")
	return c
}

func printSlash(w io.Writer, s projections.SlashRecord) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "slash\t%s\n", s.ID)
	fmt.Fprintf(tw, "evidence\t%s\n", s.Evidence)
	fmt.Fprintf(tw, "decided\tepoch %d (%s)\n", s.Epoch, s.Reason)
	fmt.Fprintf(tw, "provider\t%s\n", s.Provider)
	fmt.Fprintf(tw, "cut\t%s (%d bp) of every staker's bonded and unbonding stake\n", bpPercent(s.BP), s.BP)
	printSlashEvidence(tw, s.Detail)
	fmt.Fprintf(tw, "status\t%s\n", s.Status)
	if s.ExecutableAt > 0 {
		fmt.Fprintf(tw, "executable at\t%s\n", unixUTC(s.ExecutableAt))
		fmt.Fprintf(tw, "proposal tx\t%s\n", s.ProposalTx)
	}
	if s.VetoTx != "" {
		fmt.Fprintf(tw, "veto tx\t%s\n", s.VetoTx)
	}
	if s.Executed {
		fmt.Fprintf(tw, "amount (SWARM)\t%s\n", swarmDigits(s.Amount))
		fmt.Fprintf(tw, "execution tx\t%s (block %d)\n", s.Tx, s.Block)
	}
	return tw.Flush()
}

func showSlashOnChain(ctx context.Context, w io.Writer, f *chainFlags, ref slashRef) error {
	c, err := f.client(ctx)
	if err != nil {
		return err
	}
	rec, err := c.SlashOf(ctx, ref.evidence)
	if err != nil {
		return err
	}
	tw := newTable(w)
	fmt.Fprintf(tw, "slash\t%s\n", ref)
	fmt.Fprintf(tw, "status\t%s\n", rec.State)
	if rec.State == chain.SlashNone {
		fmt.Fprintln(tw, "\tnever proposed on this contract")
		return tw.Flush()
	}
	fmt.Fprintf(tw, "provider\t%s\n", rec.Provider.Hex())
	fmt.Fprintf(tw, "cut\t%s (%d bp) of every staker's bonded and unbonding stake\n", bpPercent(uint64(rec.BP)), rec.BP)
	fmt.Fprintf(tw, "executable at\t%s", unixUTC(rec.ExecutableAt))
	if rec.State == chain.SlashProposed {
		h, err := c.Backend().HeaderByNumber(ctx, nil)
		if err != nil {
			return fmt.Errorf("%w: head: %w", chain.ErrUnreachable, err)
		}
		if h.Time >= rec.ExecutableAt {
			fmt.Fprint(tw, " (executable now: anyone may execute it)")
		} else {
			fmt.Fprintf(tw, " (in %s of chain time; the guardian may veto it until it executes)", time.Duration(rec.ExecutableAt-h.Time)*time.Second)
		}
	}
	fmt.Fprintln(tw)
	return tw.Flush()
}

// unixUTC shows Unix seconds as UTC and as the number itself.
func unixUTC(s uint64) string {
	return fmt.Sprintf("%s UTC (%d)", time.Unix(int64(s), 0).UTC().Format(time.DateTime), s)
}

// printSlashEvidence writes what the slash was decided on (SPEC §9.1), as
// the epoch's statement records it.
func printSlashEvidence(w io.Writer, d *projections.SlashEvidence) {
	switch {
	case d == nil:
		fmt.Fprintf(w, "grounds\t(not recorded: the epoch was folded before statements existed)\n")
	case d.Accepted != "":
		fmt.Fprintf(w, "grounds\tnode %s signed two different events with seq %d\n", d.Node, d.Seq)
		fmt.Fprintf(w, "accepted event\t%s\n", d.Accepted)
		fmt.Fprintf(w, "conflicting message\t%s\n", d.Conflicting)
	case d.Heartbeats != nil:
		fmt.Fprintf(w, "grounds\tnode %s sent %d heartbeats of %d expected\n", d.Node, *d.Heartbeats, d.Expected)
	default:
		fmt.Fprintf(w, "grounds\t%d provider-fault task failures: %s\n", len(d.Tasks), strings.Join(d.Tasks, ", "))
	}
}
