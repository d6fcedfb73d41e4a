package settlement

import "errors"

// EpochState is where a closed epoch stands in the settlement.
type EpochState string

// Epoch states, in order.
const (
	EpochClosed    EpochState = "closed"    // closed in the log, no root on chain
	EpochSubmitted EpochState = "submitted" // root on chain, not final
	EpochFinal     EpochState = "final"     // root final, anchoring not yet in the log
	EpochAnchored  EpochState = "anchored"  // epoch.anchored folded
)

// EpochStatus is one epoch's settlement state.
type EpochStatus struct {
	Epoch uint64     `json:"epoch"`
	State EpochState `json:"state"`
	Tx    string     `json:"tx,omitempty"`
	Block uint64     `json:"block,omitempty"`
}

// Status is what the settler knows, for operators.
type Status struct {
	EpochLengthMs uint64 `json:"epoch_length_ms"`
	NextCloseMs   uint64 `json:"next_close_ms"`
	LastClosed    uint64 `json:"last_closed"`
	ChainLast     uint64 `json:"chain_last_epoch"` // newest root on chain
	LastAnchored  uint64 `json:"last_anchored"`    // every epoch up to it is anchored
	// Epochs lists the most recent epochs (at most statusEpochs).
	Epochs          []EpochStatus `json:"epochs"`
	SlashesDecided  uint64        `json:"slashes_decided"`  // in the reports read so far
	SlashesExecuted uint64        `json:"slashes_executed"` // executed as of the final block (or bp 0)
	SlashesVetoed   uint64        `json:"slashes_vetoed"`   // vetoed as of the final block
	SlashesPending  []string      `json:"slashes_pending"`  // to propose, waiting out the delay, or not final yet
	// SlashesOverdue counts the slashes still proposed at the chain's head
	// past their executableAt after the last pass: execution is failing
	// or held back (swarm_slash_overdue).
	SlashesOverdue uint64 `json:"slashes_overdue"`
	LastError      string `json:"last_error,omitempty"`
}

const statusEpochs = 32

// Status returns a copy of the settler's status.
func (s *Settler) Status() Status {
	v := s.cfg.Ledger.View()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.LastClosed = v.LastClosed
	st.Epochs = []EpochStatus{}
	for k := v.LastClosed; k >= 1 && len(st.Epochs) < statusEpochs; k-- {
		e, ok := s.epochState[k]
		if !ok {
			e = EpochStatus{Epoch: k, State: EpochClosed}
		}
		st.Epochs = append(st.Epochs, e)
	}
	st.SlashesPending = append([]string{}, s.status.SlashesPending...)
	return st
}

func (s *Settler) setEpoch(k uint64, st EpochState, tx string, block uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.epochState[k] = EpochStatus{Epoch: k, State: st, Tx: tx, Block: block}
	if st == EpochAnchored && k == s.status.LastAnchored+1 {
		s.status.LastAnchored = k
	}
	// Keep the map bounded: forget epochs well below the window.
	if k > 4*statusEpochs {
		delete(s.epochState, k-4*statusEpochs)
	}
}

func (s *Settler) setChainLast(k uint64) {
	s.mu.Lock()
	s.status.ChainLast = k
	s.mu.Unlock()
}

// addSettled counts a slash the pass advanced past: vetoed, or executed
// (or of bp 0, which has nothing to execute).
func (s *Settler) addSettled(vetoed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if vetoed {
		s.status.SlashesVetoed++
	} else {
		s.status.SlashesExecuted++
	}
}

func (s *Settler) setSlashes(pending []string, overdue uint64) {
	s.mu.Lock()
	s.status.SlashesPending, s.status.SlashesOverdue = pending, overdue
	s.mu.Unlock()
}

func (s *Settler) setError(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rootConflict = errors.Is(err, ErrRootConflict)
	if err == nil {
		s.status.LastError = ""
		return
	}
	s.status.LastError = err.Error()
}

// RootConflict reports whether the settler's last step found a root on
// chain that differs from the ledger's (anchoring has stopped).
func (s *Settler) RootConflict() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rootConflict
}
