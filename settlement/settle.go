package settlement

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/merkle"
)

// Ledger is what the settler reads of the fold; *aggregates.Ledger has it,
// safe while another goroutine folds.
type Ledger interface {
	View() aggregates.View
	CommittedEpoch(k uint64) (*aggregates.EpochRecord, error)
}

// Log is the ledger's write access to the event log.
type Log interface {
	// LedgerHead is the log position (stream sequence) of the newest
	// ledger event, 0 if none.
	LedgerHead(ctx context.Context) (uint64, error)
	// Append appends msg (the canonical bytes of ev) unless a ledger event
	// was appended after head (ErrFenced), and returns its log position. A
	// duplicate of an event already in the log returns that event's
	// position.
	Append(ctx context.Context, ev *events.Event, msg []byte, head uint64) (uint64, error)
}

// Errors.
var (
	// ErrFenced: another writer appended a ledger event since the settler
	// looked; the next step decides again.
	ErrFenced = errors.New("settlement: the log's ledger head moved")
	// ErrRootConflict: the chain holds a root for an epoch that differs
	// from the ledger's. Anchoring stops; an operator must look.
	ErrRootConflict = errors.New("settlement: the chain's root differs from the ledger's")
	// ErrChainBehind: the ledger anchored epochs the chain does not hold
	// (other contracts, or a reorg of a final block).
	ErrChainBehind = errors.New("settlement: the chain lacks roots the ledger anchored")
	// ErrRejected: the ledger rejected an event the settler published.
	ErrRejected = errors.New("settlement: the ledger rejected the settler's event")
	// ErrFoldBehind: the fold did not reach the log position in time.
	ErrFoldBehind = errors.New("settlement: the fold did not catch up in time")
	// ErrInterrupted wraps a Hook's error: the settler stopped at a step.
	ErrInterrupted = errors.New("settlement: interrupted")
)

// Step names a point of the loop where Config.Hook is called: the places a
// crash can fall between.
type Step string

// The loop's steps, in order of one epoch's life.
const (
	StepClose        Step = "close"         // epoch.closed built, not published
	StepClosed       Step = "closed"        // epoch.closed published, fold not awaited
	StepSubmit       Step = "submit"        // before sending submitRoot
	StepSubmitted    Step = "submitted"     // submitRoot sent, not mined
	StepSubmitMined  Step = "submit-mined"  // submitRoot mined, not yet final
	StepAnchor       Step = "anchor"        // root final, epoch.anchored built, not published
	StepAnchored     Step = "anchored"      // epoch.anchored published, fold not awaited
	StepPropose      Step = "propose"       // before sending proposeSlash
	StepProposeSent  Step = "propose-sent"  // proposeSlash sent, not mined
	StepProposeMined Step = "propose-mined" // proposeSlash mined, not yet final
	StepSlash        Step = "slash"         // before sending executeSlash
	StepSlashSent    Step = "slash-sent"    // executeSlash sent, not mined
	StepSlashMined   Step = "slash-mined"   // executeSlash mined, not yet final
)

// Steps lists every step.
var Steps = []Step{StepClose, StepClosed, StepSubmit, StepSubmitted, StepSubmitMined,
	StepAnchor, StepAnchored, StepPropose, StepProposeSent, StepProposeMined, StepSlash, StepSlashSent, StepSlashMined}

// Config configures a Settler.
type Config struct {
	Ledger    Ledger
	EventLog  Log
	LedgerKey nkeys.KeyPair // the parameters' ledger key; signs epoch.* events
	// Contracts is the chain the settler reads and transacts on: in a
	// deployment OnClient(client, signer, finality, confirmations).
	Contracts Contracts
	// EpochLength is the epoch timer; 0 closes no epochs (anchoring and
	// slashing still run).
	EpochLength time.Duration
	Poll        time.Duration // between steps, default 1s
	// FoldWait is the longest wait for the fold, default 30s; NoWait looks
	// once (a step that finds the fold behind fails with ErrFoldBehind),
	// for a caller that folds between steps.
	FoldWait time.Duration
	// MaxSendsPerStep bounds the slash transactions (proposals and
	// executions) one step sends (default 32).
	MaxSendsPerStep int
	Now             func() time.Time // default time.Now
	// Hook, when set, is called at every Step; an error stops the settler
	// there (ErrInterrupted), as a crash would.
	Hook func(Step) error
	Log  *slog.Logger
}

// NoWait as Config.FoldWait: never wait for the fold.
const NoWait time.Duration = -1

// Settler runs the settlement loop. Step and Run are for one goroutine;
// Status is safe from any.
type Settler struct {
	cfg      Config
	ledgerID string
	lengthMs uint64
	// sinceMs is when this settler began: epoch 1 ends after it.
	sinceMs uint64
	// rootConflict: the last step failed with ErrRootConflict (under mu).
	rootConflict bool

	// Hints only (correctness never depends on them): the lowest epoch
	// that may be unanchored, and the first slash not known final.
	anchorHint uint64
	slashEpoch uint64
	slashIdx   int
	slashes    map[uint64][]aggregates.ReportSlash

	mu         sync.Mutex
	status     Status
	epochState map[uint64]EpochStatus
}

// New validates cfg and returns a settler.
func New(cfg Config) (*Settler, error) {
	if cfg.Ledger == nil || cfg.EventLog == nil || cfg.LedgerKey == nil || cfg.Contracts == nil {
		return nil, errors.New("settlement: need a ledger, a log, the ledger key and the contracts")
	}
	if cfg.EpochLength < 0 || (cfg.EpochLength > 0 && cfg.EpochLength < time.Millisecond) {
		return nil, fmt.Errorf("settlement: epoch length %s", cfg.EpochLength)
	}
	id, err := cfg.LedgerKey.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("settlement: ledger key: %w", err)
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.FoldWait == 0 {
		cfg.FoldWait = 30 * time.Second
	}
	if cfg.MaxSendsPerStep <= 0 {
		cfg.MaxSendsPerStep = 32
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &Settler{cfg: cfg, ledgerID: id, lengthMs: uint64(cfg.EpochLength / time.Millisecond),
		sinceMs: uint64(cfg.Now().UnixMilli()), anchorHint: 1, slashEpoch: 1, slashes: map[uint64][]aggregates.ReportSlash{},
		epochState: map[uint64]EpochStatus{}}
	s.status.EpochLengthMs = s.lengthMs
	return s, nil
}

// Run steps until ctx ends (nil) or a Hook interrupts it.
func (s *Settler) Run(ctx context.Context) error {
	var last string
	for {
		err := s.Step(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrInterrupted):
			return err
		case err != nil:
			// Log a persisting problem once, not every poll.
			if msg := err.Error(); msg != last {
				level := slog.LevelWarn
				if errors.Is(err, ErrRootConflict) || errors.Is(err, ErrChainBehind) || errors.Is(err, ErrRejected) {
					level = slog.LevelError
				}
				s.cfg.Log.Log(ctx, level, "settlement: step failed; retrying", "err", err)
				last = msg
			}
		default:
			last = ""
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(s.cfg.Poll):
		}
	}
}

// Step does whatever the log and the chain say is due: close the current
// epoch, anchor closed epochs, propose decided slashes and execute the
// proposed ones whose delay has passed.
func (s *Settler) Step(ctx context.Context) error {
	err := s.closeDue(ctx)
	if errors.Is(err, ErrInterrupted) {
		return err
	}
	aerr := s.anchor(ctx)
	if errors.Is(aerr, ErrInterrupted) {
		return aerr
	}
	serr := s.executeSlashes(ctx)
	if errors.Is(serr, ErrInterrupted) {
		return serr
	}
	err = errors.Join(err, aerr, serr)
	s.setError(err)
	return err
}

func (s *Settler) hook(st Step) error {
	if s.cfg.Hook == nil {
		return nil
	}
	if err := s.cfg.Hook(st); err != nil {
		return fmt.Errorf("%w at %s: %w", ErrInterrupted, st, err)
	}
	return nil
}

// ---- the log ----

// waitFold waits until the fold has committed log position pos.
func (s *Settler) waitFold(ctx context.Context, pos uint64) (aggregates.View, error) {
	var deadline time.Time
	if s.cfg.FoldWait > 0 {
		deadline = time.Now().Add(s.cfg.FoldWait)
	}
	for {
		v := s.cfg.Ledger.View()
		if v.Position >= pos {
			return v, nil
		}
		if s.cfg.FoldWait < 0 || time.Now().After(deadline) {
			return v, fmt.Errorf("%w: at %d, waiting for %d", ErrFoldBehind, v.Position, pos)
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// decision is a ledger event body and its time, or nothing to do.
type decision func(v aggregates.View) (body events.Body, timeMs int64, err error)

// appendLedgerEvent builds the event decide returns from a view caught up
// with the log's ledger head, appends it fenced on that head, and waits
// until the fold has accepted it. It reports whether it appended.
func (s *Settler) appendLedgerEvent(ctx context.Context, before, after Step, decide decision) (bool, error) {
	head, err := s.cfg.EventLog.LedgerHead(ctx)
	if err != nil {
		return false, err
	}
	v, err := s.waitFold(ctx, head)
	if err != nil {
		return false, err
	}
	body, timeMs, err := decide(v)
	if err != nil || body == nil {
		return false, err
	}
	ev := &events.Event{Type: body.EventType(), Src: s.ledgerID, Seq: v.LedgerSeq + 1, TimeMs: timeMs, Body: body}
	msg, err := events.SignEncode(ev, s.cfg.LedgerKey)
	if err != nil {
		return false, fmt.Errorf("settlement: sign %s: %w", ev.ID(), err)
	}
	if err := s.hook(before); err != nil {
		return false, err
	}
	pos, err := s.cfg.EventLog.Append(ctx, ev, msg, head)
	if err != nil {
		return false, err
	}
	if err := s.hook(after); err != nil {
		return false, err
	}
	v, err = s.waitFold(ctx, pos)
	if err != nil {
		return false, err
	}
	if v.LedgerSeq < ev.Seq {
		return false, fmt.Errorf("%w: %s %s (see the epoch report's rejected counts)", ErrRejected, ev.Type, ev.ID())
	}
	return true, nil
}

// ---- closing ----

// closeDue publishes epoch.closed when the timer says the current epoch
// is over.
func (s *Settler) closeDue(ctx context.Context) error {
	if s.lengthMs == 0 {
		return nil
	}
	closed, err := s.appendLedgerEvent(ctx, StepClose, StepClosed, func(v aggregates.View) (events.Body, int64, error) {
		b, due := s.nextClose(v)
		s.mu.Lock()
		s.status.NextCloseMs = b.EndMs
		s.mu.Unlock()
		if !due {
			return nil, 0, nil
		}
		return b, int64(b.EndMs), nil
	})
	if closed {
		s.cfg.Log.Info("epoch closed", "epoch", s.cfg.Ledger.View().LastClosed)
	}
	return err
}

// nextClose returns the close of the current epoch on the grid, and
// whether it is due now.
func (s *Settler) nextClose(v aggregates.View) (*events.EpochClosedBody, bool) {
	L := s.lengthMs
	now := uint64(max(s.cfg.Now().UnixMilli(), 0))
	grid := now / L * L
	k := v.LastClosed + 1
	if k == 1 {
		first := (s.sinceMs/L + 1) * L // the first grid point after the start
		end := max(first, grid)
		return &events.EpochClosedBody{Epoch: 1, StartMs: end - min(L, end), EndMs: end}, now >= first
	}
	start := v.PrevEndMs
	end := max(start+L, grid)
	return &events.EpochClosedBody{Epoch: k, StartMs: start, EndMs: end}, now >= start+L
}

// ---- anchoring ----

// anchor works through the closed epochs not yet anchored, in order,
// until one is not final yet.
func (s *Settler) anchor(ctx context.Context) error {
	for {
		v := s.cfg.Ledger.View()
		k, rec, err := s.nextUnanchored(v)
		if err != nil || k == 0 {
			return err
		}
		done, err := s.anchorEpoch(ctx, rec)
		if err != nil || !done {
			return err
		}
	}
}

// nextUnanchored returns the lowest closed epoch not anchored in the
// committed state (0 if none).
func (s *Settler) nextUnanchored(v aggregates.View) (uint64, *aggregates.EpochRecord, error) {
	for k := s.anchorHint; k <= v.LastClosed; k++ {
		rec, err := s.cfg.Ledger.CommittedEpoch(k)
		if err != nil {
			return 0, nil, err
		}
		if !rec.Anchored {
			s.anchorHint = k
			return k, rec, nil
		}
		s.setEpoch(k, EpochAnchored, rec.AnchorTx, rec.AnchorBlock)
	}
	s.anchorHint = v.LastClosed + 1
	return 0, nil, nil
}

// anchorEpoch brings epoch rec.Epoch one step further: submit its root,
// or, once the root is final, record the anchoring in the log. It reports
// whether the epoch is anchored.
func (s *Settler) anchorEpoch(ctx context.Context, rec *aggregates.EpochRecord) (bool, error) {
	k := rec.Epoch
	want, err := rec.Anchor()
	if err != nil {
		return false, err
	}
	last, err := s.cfg.Contracts.LastEpoch(ctx)
	if err != nil {
		return false, err
	}
	s.setChainLast(last)
	switch {
	case last+1 < k:
		return false, fmt.Errorf("%w: the chain's last root is epoch %d, the ledger anchored up to %d", ErrChainBehind, last, k-1)
	case last+1 == k:
		if err := s.submit(ctx, want); err != nil {
			return false, err
		}
	}
	from := uint64(0)
	if k > 1 {
		if prev, err := s.cfg.Ledger.CommittedEpoch(k - 1); err == nil {
			from = prev.AnchorBlock
		}
	}
	rr, err := s.cfg.Contracts.FindRootSubmitted(ctx, k, from)
	if err != nil {
		return false, err
	}
	if got := ChainAnchor(rr); !got.Equal(want) {
		return false, fmt.Errorf("%w: chain %s (tx %s); ledger %s", ErrRootConflict, got, rr.Tx.Hex(), want)
	}
	final, err := s.cfg.Contracts.FinalBlock(ctx)
	if err != nil {
		return false, err
	}
	if rr.Block > final {
		s.setEpoch(k, EpochSubmitted, rr.Tx.Hex(), rr.Block)
		return false, nil
	}
	s.setEpoch(k, EpochFinal, rr.Tx.Hex(), rr.Block)
	hdr, err := s.cfg.Contracts.HeaderByNumber(ctx, new(big.Int).SetUint64(rr.Block))
	if err != nil {
		return false, fmt.Errorf("%w: block %d: %w", chain.ErrUnreachable, rr.Block, err)
	}
	if hdr.Hash() != rr.BlockHash {
		return false, fmt.Errorf("settlement: block %d of epoch %d's root is no longer canonical", rr.Block, k)
	}
	_, err = s.appendLedgerEvent(ctx, StepAnchor, StepAnchored, func(v aggregates.View) (events.Body, int64, error) {
		cur, err := s.cfg.Ledger.CommittedEpoch(k)
		if err != nil || cur.Anchored {
			return nil, 0, err
		}
		return &events.EpochAnchoredBody{Epoch: k, Root: rec.Root.String(), Tx: rr.Tx.Hex(), Block: rr.Block}, int64(hdr.Time) * 1000, nil
	})
	if err != nil {
		return false, err
	}
	cur, err := s.cfg.Ledger.CommittedEpoch(k)
	if err != nil {
		return false, err
	}
	if cur.Anchored {
		s.setEpoch(k, EpochAnchored, cur.AnchorTx, cur.AnchorBlock)
		s.cfg.Log.Info("epoch anchored", "epoch", k, "root", rec.Root.String(), "tx", rr.Tx.Hex(), "block", rr.Block)
	}
	return cur.Anchored, nil
}

// submit sends submitRoot for an epoch the chain does not hold yet.
func (s *Settler) submit(ctx context.Context, a aggregates.Anchor) error {
	if err := s.hook(StepSubmit); err != nil {
		return err
	}
	tx, err := s.cfg.Contracts.SubmitRoot(ctx, a)
	if err != nil {
		var rev *chain.RevertError
		if errors.As(err, &rev) && rev.Name == "NonConsecutiveEpoch" {
			// Another settler submitted it in between; look again.
			return fmt.Errorf("settlement: epoch %d was submitted concurrently: %w", a.Epoch, err)
		}
		return fmt.Errorf("settlement: submitRoot %d: %w", a.Epoch, err)
	}
	s.setEpoch(a.Epoch, EpochSubmitted, tx.Hash().Hex(), 0)
	if err := s.hook(StepSubmitted); err != nil {
		return err
	}
	r, err := s.cfg.Contracts.Wait(ctx, tx)
	if err != nil {
		return fmt.Errorf("settlement: submitRoot %d: %w", a.Epoch, err)
	}
	s.cfg.Log.Info("root submitted", "epoch", a.Epoch, "root", a.Root.String(), "tx", tx.Hash().Hex(), "block", r.BlockNumber, "gas", r.GasUsed)
	return s.hook(StepSubmitMined)
}

// ChainAnchor is the anchor a RootSubmitted record holds, to compare with
// the ledger's (aggregates.EpochRecord.Anchor).
func ChainAnchor(r chain.RootRecord) aggregates.Anchor {
	return aggregates.Anchor{Epoch: r.Epoch, Root: events.Hash(r.Root), TotalCumulative: r.TotalCumulative, EventsDigest: events.Hash(r.EventsDigest)}
}

// ---- slashes ----

// slashState is where one decided slash stands on chain.
type slashState int

const (
	slashUnsent  slashState = iota // not proposed yet
	slashPending                   // proposed, or executed or vetoed in a block not final yet
	slashFinal                     // executed as of the final block
	slashVetoed                    // vetoed as of the final block
	slashVoid                      // bp 0: nothing to propose (the contract refuses bp 0)
)

// slashHead is the chain's head as the slash pass reads it: the final
// block number, and the head block's timestamp, which the next block's
// cannot precede.
type slashHead struct {
	final *big.Int
	time  uint64
}

// executeSlashes brings every decided slash one step further on chain
// (SPEC §6.5, §6.6): propose it once, execute it once its delay has passed
// unless the guardian vetoed it, and advance past the ones executed or
// vetoed as of the final block.
func (s *Settler) executeSlashes(ctx context.Context) error {
	v := s.cfg.Ledger.View()
	final, err := s.cfg.Contracts.FinalBlock(ctx)
	if err != nil {
		return err
	}
	hdr, err := s.cfg.Contracts.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: head: %w", chain.ErrUnreachable, err)
	}
	head := slashHead{final: new(big.Int).SetUint64(final), time: hdr.Time}
	sends, contiguous := 0, true
	var pending []string
	var overdue uint64
	for e := s.slashEpoch; e <= v.LastClosed; e++ {
		list, err := s.epochSlashes(e)
		if err != nil {
			return err
		}
		start := 0
		if e == s.slashEpoch {
			start = s.slashIdx
		}
		for i := start; i < len(list); i++ {
			st, late, err := s.slashOnChain(ctx, list[i], head, &sends)
			if late {
				overdue++
			}
			done := st == slashFinal || st == slashVetoed || st == slashVoid
			if err != nil {
				if !done {
					pending = append(pending, list[i].ID)
				}
				s.setSlashes(pending, overdue)
				return err
			}
			if done {
				if contiguous {
					s.slashEpoch, s.slashIdx = e, i+1
					s.addSettled(st == slashVetoed)
				}
				continue
			}
			contiguous = false
			pending = append(pending, list[i].ID)
		}
		if contiguous {
			s.slashEpoch, s.slashIdx = e+1, 0
		}
	}
	s.setSlashes(pending, overdue)
	return nil
}

// epochSlashes returns the slashes decided in closed epoch e, in report
// order.
func (s *Settler) epochSlashes(e uint64) ([]aggregates.ReportSlash, error) {
	if l, ok := s.slashes[e]; ok {
		return l, nil
	}
	rec, err := s.cfg.Ledger.CommittedEpoch(e)
	if err != nil {
		return nil, err
	}
	r, err := rec.Decoded()
	if err != nil {
		return nil, err
	}
	s.slashes[e] = r.Slashes
	s.mu.Lock()
	s.status.SlashesDecided += uint64(len(r.Slashes))
	s.mu.Unlock()
	return r.Slashes, nil
}

// slashOnChain returns where sl stands after doing what is due for it:
// proposing it when the chain's head has no record of its evidence, or
// executing it when the head holds it proposed and executable. Every
// decision reads slashOf afresh, so a settler that crashed anywhere, or a
// rival, never proposes or executes a slash twice (the contract would
// refuse it anyway). Sends count against MaxSendsPerStep. late reports a
// slash still proposed at the head past its executableAt after this call:
// overdue for execution.
func (s *Settler) slashOnChain(ctx context.Context, sl aggregates.ReportSlash, head slashHead, sends *int) (st slashState, late bool, err error) {
	if sl.BP == 0 {
		return slashVoid, false, nil
	}
	ev := merkle.Evidence(sl.ID)
	rec, err := s.cfg.Contracts.SlashOfAt(ctx, ev, head.final)
	if err != nil {
		return slashUnsent, false, err
	}
	switch rec.State {
	case chain.SlashExecuted:
		return slashFinal, false, nil
	case chain.SlashVetoed:
		return slashVetoed, false, nil
	}
	if rec, err = s.cfg.Contracts.SlashOfAt(ctx, ev, nil); err != nil {
		return slashUnsent, false, err
	}
	switch rec.State {
	case chain.SlashExecuted, chain.SlashVetoed:
		return slashPending, false, nil
	case chain.SlashProposed:
		if head.time < rec.ExecutableAt {
			return slashPending, false, nil
		}
		if *sends >= s.cfg.MaxSendsPerStep {
			return slashPending, true, nil
		}
		*sends++
		if err := s.execute(ctx, sl, ev); err != nil {
			return slashPending, true, err
		}
		return slashPending, false, nil
	}
	if *sends >= s.cfg.MaxSendsPerStep {
		return slashUnsent, false, nil
	}
	provider, err := events.ParseAddress(sl.Provider)
	if err != nil {
		return slashUnsent, false, fmt.Errorf("settlement: slash %s: %w", sl.ID, err)
	}
	if err := s.hook(StepPropose); err != nil {
		return slashUnsent, false, err
	}
	*sends++
	tx, err := s.cfg.Contracts.ProposeSlash(ctx, common.Address(provider), uint16(sl.BP), ev)
	if err != nil {
		var rev *chain.RevertError
		if errors.As(err, &rev) && rev.Name == "EvidenceUsed" {
			return slashPending, false, nil // proposed concurrently
		}
		return slashUnsent, false, fmt.Errorf("settlement: propose slash %s: %w", sl.ID, err)
	}
	if err := s.hook(StepProposeSent); err != nil {
		return slashPending, false, err
	}
	r, err := s.cfg.Contracts.Wait(ctx, tx)
	if err != nil {
		return slashPending, false, fmt.Errorf("settlement: propose slash %s: %w", sl.ID, err)
	}
	s.cfg.Log.Info("slash proposed", "id", sl.ID, "provider", sl.Provider, "bp", sl.BP, "tx", tx.Hash().Hex(), "block", r.BlockNumber)
	return slashPending, false, s.hook(StepProposeMined)
}

// execute sends executeSlash for a proposed slash whose delay has passed.
func (s *Settler) execute(ctx context.Context, sl aggregates.ReportSlash, ev [32]byte) error {
	if err := s.hook(StepSlash); err != nil {
		return err
	}
	tx, err := s.cfg.Contracts.ExecuteSlash(ctx, ev)
	if err != nil {
		var rev *chain.RevertError
		if errors.As(err, &rev) && rev.Name == "SlashNotProposed" {
			return nil // executed or vetoed concurrently; the next step sees which
		}
		return fmt.Errorf("settlement: execute slash %s: %w", sl.ID, err)
	}
	if err := s.hook(StepSlashSent); err != nil {
		return err
	}
	r, err := s.cfg.Contracts.Wait(ctx, tx)
	if err != nil {
		return fmt.Errorf("settlement: execute slash %s: %w", sl.ID, err)
	}
	s.cfg.Log.Info("slash executed", "id", sl.ID, "provider", sl.Provider, "bp", sl.BP, "tx", tx.Hash().Hex(), "block", r.BlockNumber)
	return s.hook(StepSlashMined)
}
