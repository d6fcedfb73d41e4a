package ledgerd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/settlement"
	"github.com/swarm-ledger/swarm/settlement/merkle"
)

// The read API (/v1) serves the committed ledger as JSON while Run folds.
// Amounts are decimal strings of atto-SWARM, addresses and hashes lowercase
// 0x hex (SPEC §1). Every response, errors included, is application/json;
// an error body is {"error": "..."}: 400 for a malformed address, epoch or
// query parameter, 404 for an epoch not closed or an unknown route, 405 for
// a method other than GET (or HEAD).
//
//	GET /v1/epochs?from=K&limit=N   EpochList, ascending from K (default 1), N ≤ MaxEpochPage
//	GET /v1/epochs/{epoch}          EpochDetail: the summary and the canonical report
//	GET /v1/earners/{address}       EarnerHistory

// Page sizes of GET /v1/epochs.
const (
	DefaultEpochPage = 100
	MaxEpochPage     = 1000
)

// EpochSummary is a closed epoch: its report's period, digest and root, the
// total for submitRoot, and whether the ledger has folded its anchoring.
// AnchorTx is "" and AnchorBlock 0 until the epoch is anchored.
type EpochSummary struct {
	Epoch           uint64 `json:"epoch"`
	StartMs         uint64 `json:"start_ms"`
	EndMs           uint64 `json:"end_ms"`
	Root            string `json:"root"`
	EventsDigest    string `json:"events_digest"`
	TotalCumulative string `json:"total_cumulative"`
	Anchored        bool   `json:"anchored"`
	AnchorTx        string `json:"anchor_tx"`
	AnchorBlock     uint64 `json:"anchor_block"`
}

// EpochDetail is GET /v1/epochs/{epoch}: the summary and the epoch's
// canonical report (SPEC §9), embedded byte for byte.
type EpochDetail struct {
	EpochSummary
	Report json.RawMessage `json:"report"`
}

// EpochList is GET /v1/epochs. Next, when set, is the from of the next page.
type EpochList struct {
	LastClosed uint64         `json:"last_closed"`
	Epochs     []EpochSummary `json:"epochs"`
	Next       uint64         `json:"next,omitempty"`
}

// EarnerHistory is GET /v1/earners/{address}: the earner's cumulative as of
// the last closed epoch and every epoch in which it earned (amount > 0).
// An address that never earned has cumulative "0" and no epochs.
type EarnerHistory struct {
	Address    string        `json:"address"`
	LastClosed uint64        `json:"last_closed"`
	Cumulative string        `json:"cumulative"`
	Epochs     []EarnerEpoch `json:"epochs"`
}

// EarnerEpoch is one epoch of an earner's history: that epoch's amount and
// the cumulative after it.
type EarnerEpoch struct {
	Epoch      uint64 `json:"epoch"`
	Amount     string `json:"amount"`
	Cumulative string `json:"cumulative"`
}

// APIError is the body of every error response.
type APIError struct {
	Message string `json:"error"`
}

// committedReader is the part of the Ledger that is safe to use while
// another goroutine folds; the API sees nothing else.
type committedReader interface {
	View() aggregates.View
	CommittedEpoch(k uint64) (*aggregates.EpochRecord, error)
}

type api struct {
	ledger committedReader
	log    *slog.Logger
}

// apiHandler serves the read API under /v1.
func (s *Service) apiHandler() http.Handler {
	h := newAPIHandler(s.ledger, s.cfg.Log).(*http.ServeMux)
	h.HandleFunc("GET /v1/settlement", s.settlementStatus)
	return h
}

// SettlementStatus is GET /v1/settlement: whether this replica leads, and
// its settler's view of the epochs and slashes.
type SettlementStatus struct {
	Replica string `json:"replica"`
	Leader  bool   `json:"leader"`
	settlement.Status
}

func (s *Service) settlementStatus(w http.ResponseWriter, r *http.Request) {
	st, ok := s.Settlement()
	if !ok {
		writeError(w, http.StatusNotFound, "this replica runs no settlement (start swarmd with a chain and --settler-key)")
		return
	}
	writeJSON(w, http.StatusOK, SettlementStatus{Replica: s.cfg.ReplicaID, Leader: s.IsLeader(), Status: st})
}

func newAPIHandler(l committedReader, log *slog.Logger) http.Handler {
	a := &api{ledger: l, log: log}
	mux := http.NewServeMux()
	routes := []struct {
		path string
		h    http.HandlerFunc
	}{
		{"/v1/epochs", a.epochs},
		{"/v1/epochs/{epoch}", a.epoch},
		{"/v1/earners/{address}", a.earner},
	}
	for _, rt := range routes {
		mux.HandleFunc("GET "+rt.path, rt.h)
		// The method-less pattern is less specific: it gets every other method.
		mux.HandleFunc(rt.path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method %s not allowed on %s (use GET)", r.Method, r.URL.Path)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: %s (see /v1/epochs, /v1/epochs/{epoch}, /v1/earners/{address})", r.URL.Path)
	})
	return mux
}

// epochs serves GET /v1/epochs?from=K&limit=N.
func (a *api) epochs(w http.ResponseWriter, r *http.Request) {
	from, limit, err := pageParams(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	v := a.ledger.View()
	list := EpochList{LastClosed: v.LastClosed, Epochs: []EpochSummary{}}
	k := from
	for ; k <= v.LastClosed && uint64(len(list.Epochs)) < limit; k++ {
		rec, err := a.ledger.CommittedEpoch(k)
		if err != nil {
			a.internal(w, r, err)
			return
		}
		sum, err := summarize(rec)
		if err != nil {
			a.internal(w, r, err)
			return
		}
		list.Epochs = append(list.Epochs, sum)
	}
	if k <= v.LastClosed {
		list.Next = k
	}
	writeJSON(w, http.StatusOK, list)
}

// epoch serves GET /v1/epochs/{epoch}.
func (a *api) epoch(w http.ResponseWriter, r *http.Request) {
	k, err := parseEpoch(r.PathValue("epoch"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	rec, err := a.ledger.CommittedEpoch(k)
	if errors.Is(err, aggregates.ErrNotClosed) {
		writeError(w, http.StatusNotFound, "epoch %d is not closed (last closed: %d)", k, a.ledger.View().LastClosed)
		return
	}
	if err != nil {
		a.internal(w, r, err)
		return
	}
	sum, err := summarize(rec)
	if err != nil {
		a.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, EpochDetail{EpochSummary: sum, Report: rec.Report})
}

// earner serves GET /v1/earners/{address}. It reads every closed epoch's
// report; a projection with its own index will replace the scan.
func (a *api) earner(w http.ResponseWriter, r *http.Request) {
	addr, err := parseAPIAddress(r.PathValue("address"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	v := a.ledger.View()
	h := EarnerHistory{Address: addr, LastClosed: v.LastClosed, Cumulative: "0", Epochs: []EarnerEpoch{}}
	for k := uint64(1); k <= v.LastClosed; k++ {
		rec, err := a.ledger.CommittedEpoch(k)
		if err != nil {
			a.internal(w, r, err)
			return
		}
		var rep struct {
			Earners []aggregates.EarnerAmount `json:"earners"`
		}
		if err := json.Unmarshal(rec.Report, &rep); err != nil {
			a.internal(w, r, fmt.Errorf("epoch %d report: %w", k, err))
			return
		}
		// The earners are in ascending address order (SPEC §9).
		i, ok := slices.BinarySearchFunc(rep.Earners, addr, func(e aggregates.EarnerAmount, target string) int {
			return strings.Compare(e.Address, target)
		})
		if !ok {
			continue
		}
		e := rep.Earners[i]
		if e.Amount != "0" {
			h.Epochs = append(h.Epochs, EarnerEpoch{Epoch: k, Amount: e.Amount, Cumulative: e.Cumulative})
		}
		if k == v.LastClosed {
			h.Cumulative = e.Cumulative
		}
	}
	writeJSON(w, http.StatusOK, h)
}

// summarize reads the summary of a record and its report.
func summarize(rec *aggregates.EpochRecord) (EpochSummary, error) {
	var head struct {
		StartMs      uint64 `json:"start_ms"`
		EndMs        uint64 `json:"end_ms"`
		EventsDigest string `json:"events_digest"`
	}
	if err := json.Unmarshal(rec.Report, &head); err != nil {
		return EpochSummary{}, fmt.Errorf("epoch %d report: %w", rec.Epoch, err)
	}
	return EpochSummary{
		Epoch: rec.Epoch, StartMs: head.StartMs, EndMs: head.EndMs, Root: rec.Root.String(),
		EventsDigest: head.EventsDigest, TotalCumulative: rec.TotalCumulative.String(),
		Anchored: rec.Anchored, AnchorTx: rec.AnchorTx, AnchorBlock: rec.AnchorBlock,
	}, nil
}

// pageParams parses the query of GET /v1/epochs: from (≥ 1, default 1) and
// limit (1..MaxEpochPage, default DefaultEpochPage), each at most once;
// anything else is refused.
func pageParams(raw string) (from, limit uint64, err error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return 0, 0, fmt.Errorf("malformed query %q: %v", raw, err)
	}
	from, limit = 1, DefaultEpochPage
	for name, vals := range q {
		if name != "from" && name != "limit" {
			return 0, 0, fmt.Errorf("unknown query parameter %q (want from, limit)", name)
		}
		if len(vals) != 1 {
			return 0, 0, fmt.Errorf("query parameter %q given %d times", name, len(vals))
		}
		n, err := strconv.ParseUint(vals[0], 10, 64)
		if err != nil || n == 0 {
			return 0, 0, fmt.Errorf("query parameter %s=%q: want a positive integer", name, vals[0])
		}
		if name == "limit" && n > MaxEpochPage {
			return 0, 0, fmt.Errorf("query parameter limit=%d: at most %d", n, MaxEpochPage)
		}
		if name == "from" {
			from = n
		} else {
			limit = n
		}
	}
	return from, limit, nil
}

func parseEpoch(s string) (uint64, error) {
	k, err := strconv.ParseUint(s, 10, 64)
	if err != nil || k == 0 {
		return 0, fmt.Errorf("epoch %q: want a positive integer", s)
	}
	return k, nil
}

// parseAPIAddress accepts an address in any letter case and returns it in
// lowercase.
func parseAPIAddress(s string) (string, error) {
	a, err := merkle.NormalizeAddress(s)
	if err != nil {
		return "", fmt.Errorf("address %q: want 0x and 40 hex digits", s)
	}
	return a, nil
}

// internal answers 500 for a committed record that cannot be read: a
// damaged store, not a bad request.
func (a *api) internal(w http.ResponseWriter, r *http.Request, err error) {
	a.log.Error("read API", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal error: %v", err)
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, APIError{Message: fmt.Sprintf(format, args...)})
}

// writeJSON writes v (which always marshals: the API's own shapes, and
// reports the ledger wrote as canonical JSON) with a trailing newline.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error: encode response"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
