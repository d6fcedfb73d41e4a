package devstack

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/swarm-ledger/swarm/chain"
)

// DefaultProgressEvery is the interval of Progress when none is given.
const DefaultProgressEvery = 3 * time.Second

// Progress writes the banner (WriteBanner), then one status line every
// `every` until ctx ends or the stack closes (it returns nil), the ledger
// stops folding (it returns Err) or a write fails.
func (s *Stack) Progress(ctx context.Context, w io.Writer, every time.Duration) error {
	if every <= 0 {
		every = DefaultProgressEvery
	}
	if err := s.WriteBanner(w); err != nil {
		return err
	}
	t := time.NewTicker(every)
	defer t.Stop()
	mark := progressMark{at: time.Now(), pos: s.svc.Checkpoint()}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.stopped:
			return nil
		case <-s.foldDone:
			return s.Err()
		case <-t.C:
		}
		line, next, ok := s.statusLine(ctx, mark)
		if !ok {
			return nil
		}
		mark = next
		if _, err := io.WriteString(w, line); err != nil {
			return fmt.Errorf("devstack: progress: %w", err)
		}
	}
}

// progressMark is the checkpoint at a time, for the ingest rate.
type progressMark struct {
	at  time.Time
	pos uint64
}

// statusLine reads the committed state and the settlement; ok is false
// once the stack is closing.
func (s *Stack) statusLine(ctx context.Context, prev progressMark) (string, progressMark, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return "", prev, false
	}
	now := progressMark{at: time.Now(), pos: s.svc.Checkpoint()}
	ms := max(now.at.Sub(prev.at).Milliseconds(), 1)
	rate := (now.pos - min(prev.pos, now.pos)) * 1000 / uint64(ms)
	v := s.svc.Ledger().View()
	var b strings.Builder
	fmt.Fprintf(&b, "%s  ingest %d ev/s  checkpoint %d (lag %s)  epochs closed %d",
		now.at.Format(time.TimeOnly), rate, now.pos, s.lag(ctx, now.pos), v.LastClosed)
	if st, ok := s.svc.Settlement(); ok {
		fmt.Fprintf(&b, ", anchored %d", st.LastAnchored)
		if st.SlashesDecided > 0 {
			fmt.Fprintf(&b, "  slashes executed %d, vetoed %d, pending %d", st.SlashesExecuted, st.SlashesVetoed, len(st.SlashesPending))
		}
		if st.LastError != "" {
			fmt.Fprintf(&b, " (settlement retrying: %s)", shorten(st.LastError, 80))
		}
	}
	fmt.Fprintf(&b, "  top earners: %s\n", s.topEarners(v.LastClosed, 3))
	return b.String(), now, true
}

// lag is how many stream messages the fold has yet to commit.
func (s *Stack) lag(ctx context.Context, pos uint64) string {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	info, err := s.stream.Info(ctx)
	if err != nil {
		return "?"
	}
	return fmt.Sprint(info.State.LastSeq - min(pos, info.State.LastSeq))
}

// earner is one line of a report's earners.
type earner struct {
	address    string
	cumulative *big.Int
}

// topEarners lists the n largest cumulative earnings in epoch's report.
func (s *Stack) topEarners(epoch uint64, n int) string {
	if epoch == 0 {
		return "none yet (no epoch closed)"
	}
	rec, err := s.svc.Ledger().CommittedEpoch(epoch)
	if err != nil {
		return "? (" + err.Error() + ")"
	}
	rep, err := rec.Decoded()
	if err != nil {
		return "? (report: " + err.Error() + ")"
	}
	var all []earner
	for _, e := range rep.Earners {
		if c, ok := new(big.Int).SetString(e.Cumulative, 10); ok {
			all = append(all, earner{e.Address, c})
		}
	}
	if len(all) == 0 {
		return "none yet"
	}
	slices.SortFunc(all, func(a, b earner) int {
		return cmp.Or(b.cumulative.Cmp(a.cumulative), strings.Compare(a.address, b.address))
	})
	parts := make([]string, 0, n)
	for _, e := range all[:min(n, len(all))] {
		parts = append(parts, s.name(e.address)+" "+swarmAmount(e.cumulative))
	}
	return strings.Join(parts, ", ")
}

// name is an account's name in the stack, or its shortened address.
func (s *Stack) name(addr string) string {
	for _, p := range s.Providers {
		if p.Address == addr {
			return p.Name
		}
	}
	for _, st := range s.Stakers {
		if st.Address == addr {
			return st.Name
		}
	}
	if len(addr) > 12 {
		return addr[:8] + "…" + addr[len(addr)-4:]
	}
	return addr
}

// swarmAmount shows atto-SWARM rounded to two decimals, for the eye; the
// API and swarmctl give the exact amounts.
func swarmAmount(atto *big.Int) string {
	return decimal.NewFromBigInt(atto, -chain.Decimals).StringFixed(2) + " SWARM"
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// WriteBanner writes where to look: the dashboard, the API, metrics, NATS
// and the chain, the development accounts, and swarmctl commands to paste.
func (s *Stack) WriteBanner(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Swarm Ledger dev stack: %d simulated GPU nodes of %d providers, %s epochs, slashes executable %s after their proposal\n\n",
		len(s.Nodes), len(s.Providers), s.cfg.EpochLength, s.slashDelay())
	fmt.Fprintf(&b, "  dashboard  %s/\n", s.APIURL)
	fmt.Fprintf(&b, "  API        %s/v1/epochs  %s/v1/earners/{address}  %s/v1/settlement\n", s.APIURL, s.APIURL, s.APIURL)
	fmt.Fprintf(&b, "  metrics    %s\n", s.MetricsURL)
	fmt.Fprintf(&b, "  NATS       %s\n", s.NATSURL)
	fmt.Fprintf(&b, "  chain RPC  %s (chain id %d)\n", s.RPCURL, s.net.Addresses.ChainID)
	fmt.Fprintf(&b, "  data       %s, also %s (contracts %s, params %s)\n\n", s.Dir,
		filepath.Join(s.cfg.DataDir, CurrentLink), s.Contracts, s.ParamsFile)
	fmt.Fprintf(&b, "For swarmctl in another shell (sets SWARM_API, SWARM_RPC, SWARM_CONTRACTS, SWARM_NATS, D, PROVIDER…, STAKER…):\n")
	fmt.Fprintf(&b, "  source %s\n\n", s.EnvPath())
	s.writeAccounts(&b)
	s.writeCommands(&b)
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("devstack: banner: %w", err)
	}
	return nil
}

// slashDelay is the development chain's slash delay.
func (s *Stack) slashDelay() time.Duration { return orDefault(s.cfg.SlashDelay, DefaultSlashDelay) }

func (s *Stack) writeAccounts(b *strings.Builder) {
	fmt.Fprintf(b, "Accounts by role (development keys in %s: public, never use them on a real network)\n", s.KeysDir)
	fmt.Fprintf(b, "  %-11s %s  %s  deployed the contracts; settler (SETTLER_ROLE, SLASHER_ROLE) and guardian (GUARDIAN_ROLE: may veto a proposed slash)\n",
		"deployer", s.Deployer, filepath.Base(s.DeployerKey))
	for _, p := range s.Providers {
		nodes := 0
		for _, n := range s.Nodes {
			if n.Provider == p.Address {
				nodes++
			}
		}
		fmt.Fprintf(b, "  %-11s %s  %s  %d nodes, %d GPUs\n", p.Name, p.Address, filepath.Base(p.KeyFile), nodes, p.GPUs)
	}
	for _, st := range s.Stakers {
		fmt.Fprintf(b, "  %-11s %s  %s  bonded %s\n", st.Name, st.Address, filepath.Base(st.KeyFile), s.bondedBehind(st))
	}
	fmt.Fprintf(b, "  ledger and scheduler nkeys: %s/keys/ledger.nk, scheduler.nk (new each run)\n", s.Dir)
	b.WriteString("\n")
}

// bondedBehind lists a staker's bonds at start.
func (s *Stack) bondedBehind(st Staker) string {
	var bonds []string
	for _, bd := range st.Bonds {
		bonds = append(bonds, chain.FormatAmount(bd.Amount)+" behind "+s.name(bd.Provider))
	}
	return strings.Join(bonds, ", ")
}

func (s *Stack) writeCommands(b *strings.Builder) {
	fmt.Fprintf(b, "Try (after the source line above)\n")
	p, st := s.Providers[0], s.Stakers[0]
	fmt.Fprintf(b, "  bin/swarmctl earnings %s\n", p.Address)
	fmt.Fprintf(b, "  bin/swarmctl stake bond %s 500 --key %s\n", s.Providers[len(s.Providers)-1].Address, st.KeyFile)
	fmt.Fprintf(b, "  bin/swarmctl claim --key %s\n", p.KeyFile)
	fmt.Fprintf(b, "(a claim needs a root with the earnings active on chain: about an epoch after it is anchored)\n")
	fmt.Fprintf(b, "  bin/swarmctl slashes\n")
	fmt.Fprintf(b, "  bin/swarmctl slash veto SLASH_ID --key %s\n", s.DeployerKey)
	fmt.Fprintf(b, "(a proposed slash can be vetoed by the guardian until it executes, %s after its proposal)\n\n", s.slashDelay())
}
