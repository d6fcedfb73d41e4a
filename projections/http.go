package projections

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/swarm-ledger/swarm/events"
)

// Page sizes of the list endpoints.
const (
	DefaultPage = 100
	MaxPage     = 1000
)

// HTTPConfig wires the read API to what lives outside the projections.
type HTTPConfig struct {
	Queries *Queries
	// Now is the clock health is judged by (default time.Now).
	Now func() time.Time
	// StreamLast returns the log's last sequence, for the lag.
	StreamLast func(ctx context.Context) (uint64, error)
	// State returns the committed checkpoint, digest and state hash (and
	// the checkpoint the hash is of).
	State func() (State, error)
	// Settlement answers GET /v1/settlement (nil: the route does not
	// exist); an error wrapping ErrNotFound is a 404.
	Settlement func() (any, error)
	Metrics    http.Handler // GET /metrics (nil: 404)
	Dashboard  http.Handler // everything outside /v1 and the probes (nil: 404)
	// MaxLag is how far the ledger may trail the stream and still be ready.
	MaxLag uint64
	Log    *slog.Logger
}

type server struct {
	cfg HTTPConfig
	q   *Queries
	rd  reads
}

// NewHandler serves the read API (see openapi.json, served at
// /v1/openapi.json), the probes /healthz and /readyz, /metrics and the
// dashboard.
func NewHandler(cfg HTTPConfig) http.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	s := &server{cfg: cfg, q: cfg.Queries, rd: reads{q: cfg.Queries, now: cfg.Now, streamLast: cfg.StreamLast}}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.HandleFunc("GET "+rt.path, s.json(rt.h, rt.query))
		mux.HandleFunc(rt.path, methodNotAllowed("GET, HEAD"))
	}
	mux.HandleFunc("POST /v1/projections/{name}/rebuild", s.rebuild)
	mux.HandleFunc("/v1/projections/{name}/rebuild", methodNotAllowed("POST"))
	if cfg.Settlement != nil {
		mux.HandleFunc("GET /v1/settlement", s.json(func(*http.Request, url.Values) (any, error) { return cfg.Settlement() }, nil))
		mux.HandleFunc("/v1/settlement", methodNotAllowed("GET, HEAD"))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	if cfg.Metrics != nil {
		mux.Handle("GET /metrics", cfg.Metrics)
	}
	mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "no such endpoint: %s (see /v1/openapi.json)", r.URL.Path)
	})
	if cfg.Dashboard != nil {
		mux.Handle("/", cfg.Dashboard)
	} else {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, http.StatusNotFound, "no such endpoint: %s (see /v1/openapi.json)", r.URL.Path)
		})
	}
	return mux
}

func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, r, http.StatusMethodNotAllowed, "method %s not allowed on %s (use %s)", r.Method, r.URL.Path, strings.Split(allow, ",")[0])
	}
}

// json validates the query against the endpoint's parameters, runs h and
// writes its answer (or error) as JSON with an ETag.
func (s *server) json(h func(r *http.Request, q url.Values) (any, error), params []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			err = badRequest("malformed query %q: %v", r.URL.RawQuery, err)
		} else {
			err = checkParams(q, params)
		}
		var v any
		if err == nil {
			v, err = h(r, q)
		}
		switch {
		case err == nil:
			writeJSON(w, r, http.StatusOK, v)
		case errors.Is(err, ErrBadRequest):
			writeError(w, r, http.StatusBadRequest, "%s", Message(err))
		case errors.Is(err, ErrNotFound):
			writeError(w, r, http.StatusNotFound, "%s", Message(err))
		case errors.Is(err, ErrUnknownProjection):
			writeError(w, r, http.StatusNotFound, "%v", err)
		default:
			s.cfg.Log.Error("read API", "path", r.URL.Path, "err", err)
			writeError(w, r, http.StatusInternalServerError, "internal error: %v", err)
		}
	}
}

func checkParams(q url.Values, allowed []string) error {
	for name, vals := range q {
		if !slices.Contains(allowed, name) {
			if len(allowed) == 0 {
				return badRequest("unknown query parameter %q (this endpoint takes none)", name)
			}
			return badRequest("unknown query parameter %q (want %s)", name, strings.Join(allowed, ", "))
		}
		if len(vals) != 1 {
			return badRequest("query parameter %q given %d times", name, len(vals))
		}
	}
	return nil
}

// ---- parameters ----

func uintParam(q url.Values, name string, def, lo, hi uint64) (uint64, error) {
	s, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseUint(s[0], 10, 64)
	switch {
	case (err != nil || n < lo) && lo == 1:
		return 0, badRequest("query parameter %s=%q: want a positive integer", name, s[0])
	case err != nil || n < lo:
		return 0, badRequest("query parameter %s=%q: want an integer ≥ %d", name, s[0], lo)
	case n > hi:
		return 0, badRequest("query parameter %s=%d: at most %d", name, n, hi)
	}
	return n, nil
}

func limitParam(q url.Values) (int, error) {
	n, err := uintParam(q, "limit", DefaultPage, 1, MaxPage)
	return int(n), err
}

func addressParam(s, what string) (string, error) {
	a, err := events.NormalizeAddress(s)
	if err != nil {
		return "", badRequest("%s %q: want 0x and 40 hex digits", what, s)
	}
	return a, nil
}

func optAddress(q url.Values, name string) (string, error) {
	if s, ok := q[name]; ok {
		return addressParam(s[0], name)
	}
	return "", nil
}

func nodeParam(s string) (string, error) {
	if !events.ValidNodeID(s) {
		return "", badRequest("node %q: want a node id (an nkey public key, 56 characters starting with U)", s)
	}
	return s, nil
}

func boolParam(q url.Values, name string) (bool, error) {
	s, ok := q[name]
	if !ok {
		return false, nil
	}
	switch s[0] {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, badRequest("query parameter %s=%q: want true or false", name, s[0])
}

func epochParam(s string) (uint64, error) {
	k, err := strconv.ParseUint(s, 10, 64)
	if err != nil || k == 0 {
		return 0, badRequest("epoch %q: want a positive integer", s)
	}
	return k, nil
}

// ---- handlers ----

func (s *server) state(r *http.Request, _ url.Values) (any, error) {
	st, err := s.cfg.State()
	if err != nil {
		return nil, err
	}
	if s.cfg.StreamLast != nil {
		if last, err := s.cfg.StreamLast(r.Context()); err == nil {
			st.StreamLast = last
			if last > st.Checkpoint {
				st.Lag = last - st.Checkpoint
			}
		}
	}
	st.Projections = s.q.eng.Status()
	return st, nil
}

func (s *server) overview(r *http.Request, _ url.Values) (any, error) {
	return s.rd.overview(r.Context())
}

func (s *server) projections(*http.Request, url.Values) (any, error) {
	return s.q.eng.Status(), nil
}

func (s *server) epochs(_ *http.Request, q url.Values) (any, error) { return s.rd.epochs(q) }

func (s *server) epoch(r *http.Request, _ url.Values) (any, error) {
	return s.rd.epoch(r.PathValue("epoch"))
}

func (s *server) earners(_ *http.Request, q url.Values) (any, error) { return s.rd.earners(q) }

func (s *server) epochStatement(r *http.Request, _ url.Values) (any, error) {
	return s.rd.epochStatement(r.PathValue("epoch"))
}

func (s *server) earnerStatements(r *http.Request, q url.Values) (any, error) {
	return s.rd.earnerStatements(r.PathValue("address"), q)
}

func (s *server) providerStatements(r *http.Request, q url.Values) (any, error) {
	return s.rd.providerStatements(r.PathValue("address"), q)
}

func (s *server) earner(r *http.Request, q url.Values) (any, error) {
	return s.rd.earner(r.PathValue("address"), q)
}

func (s *server) providerStake(r *http.Request, _ url.Values) (any, error) {
	return s.rd.providerStake(r.PathValue("address"))
}

func (s *server) stakerStake(r *http.Request, _ url.Values) (any, error) {
	return s.rd.stakerStake(r.PathValue("address"))
}

func (s *server) stake(_ *http.Request, q url.Values) (any, error)   { return s.rd.stake(q) }
func (s *server) slashes(_ *http.Request, q url.Values) (any, error) { return s.rd.slashes(q) }
func (s *server) jails(_ *http.Request, q url.Values) (any, error)   { return s.rd.jails(q) }
func (s *server) slash(r *http.Request, _ url.Values) (any, error) {
	return s.rd.slash(r.PathValue("slash"))
}
func (s *server) nodes(_ *http.Request, q url.Values) (any, error) { return s.rd.nodes(q) }

func (s *server) node(r *http.Request, _ url.Values) (any, error) {
	return s.rd.node(r.PathValue("id"))
}

// ---- the read endpoints, shared by both transports ----

// reads parses and validates the read endpoints' parameters and answers
// them. The HTTP API passes its query and path values; the NATS micro
// service passes the fields of its request as the same url.Values, so
// both transports accept and reject exactly the same inputs.
type reads struct {
	q          *Queries
	now        func() time.Time
	streamLast func(ctx context.Context) (uint64, error) // nil: lag 0
}

func (rd reads) overview(ctx context.Context) (any, error) {
	var last uint64
	if rd.streamLast != nil {
		last, _ = rd.streamLast(ctx)
	}
	return rd.q.Overview(rd.now(), last)
}

func (rd reads) epochs(q url.Values) (any, error) {
	from, err := uintParam(q, "from", 1, 1, math.MaxUint64)
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(q)
	if err != nil {
		return nil, err
	}
	return rd.q.EpochsPage(from, uint64(limit))
}

func (rd reads) epoch(epoch string) (any, error) {
	k, err := epochParam(epoch)
	if err != nil {
		return nil, err
	}
	return rd.q.Epoch(k)
}

func (rd reads) epochStatement(epoch string) (any, error) {
	k, err := epochParam(epoch)
	if err != nil {
		return nil, err
	}
	return rd.q.EpochStatement(k)
}

func (rd reads) earnerStatements(address string, q url.Values) (any, error) {
	addr, err := addressParam(address, "address")
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(q)
	if err != nil {
		return nil, err
	}
	return rd.q.EarnerStatementsPage(addr, q.Get("cursor"), limit)
}

func (rd reads) providerStatements(address string, q url.Values) (any, error) {
	addr, err := addressParam(address, "provider")
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(q)
	if err != nil {
		return nil, err
	}
	return rd.q.ProviderStatementsPage(addr, q.Get("cursor"), limit)
}

func (rd reads) earners(q url.Values) (any, error) {
	limit, err := limitParam(q)
	if err != nil {
		return nil, err
	}
	return rd.q.TopEarners(limit)
}

func (rd reads) earner(address string, q url.Values) (any, error) {
	addr, err := addressParam(address, "address")
	if err != nil {
		return nil, err
	}
	from, err := uintParam(q, "from", 1, 1, math.MaxUint64)
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(q)
	if err != nil {
		return nil, err
	}
	return rd.q.Earner(addr, from, uint64(limit))
}

func (rd reads) providerStake(address string) (any, error) {
	addr, err := addressParam(address, "provider")
	if err != nil {
		return nil, err
	}
	return rd.q.ProviderStake(addr)
}

func (rd reads) stakerStake(address string) (any, error) {
	addr, err := addressParam(address, "staker")
	if err != nil {
		return nil, err
	}
	return rd.q.StakerStake(addr)
}

func (rd reads) stake(q url.Values) (any, error) {
	cursor, err := optAddress(q, "cursor")
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(q)
	if err != nil {
		return nil, err
	}
	return rd.q.StakePage(cursor, limit)
}

func (rd reads) slashes(q url.Values) (any, error) {
	var f SlashFilter
	var err error
	if f.Provider, err = optAddress(q, "provider"); err != nil {
		return nil, err
	}
	if f.From, err = uintParam(q, "from", 1, 1, math.MaxUint64); err != nil {
		return nil, err
	}
	if f.Limit, err = limitParam(q); err != nil {
		return nil, err
	}
	f.Cursor = q.Get("cursor")
	if r := q.Get("reason"); r != "" {
		if !slices.Contains([]string{"downtime", "faults", "equivocation"}, r) {
			return nil, badRequest("query parameter reason=%q: want downtime, faults or equivocation", r)
		}
		f.Reason = r
	}
	return rd.q.SlashesPage(f)
}

func (rd reads) slash(id string) (any, error) {
	if id == "" || len(id) > events.MaxString {
		return nil, badRequest("slash %q: want a slash id or its evidence hash", id)
	}
	return rd.q.Slash(id)
}

func (rd reads) jails(q url.Values) (any, error) {
	var f JailFilter
	var err error
	if n := q.Get("node"); n != "" {
		if f.Node, err = nodeParam(n); err != nil {
			return nil, err
		}
	}
	if f.Active, err = boolParam(q, "active"); err != nil {
		return nil, err
	}
	if f.From, err = uintParam(q, "from", 1, 1, math.MaxUint64); err != nil {
		return nil, err
	}
	if f.Limit, err = limitParam(q); err != nil {
		return nil, err
	}
	f.Cursor = q.Get("cursor")
	return rd.q.JailsPage(f)
}

func (rd reads) nodes(q url.Values) (any, error) {
	f, err := nodeFilter(q)
	if err != nil {
		return nil, err
	}
	return rd.q.Nodes(f, rd.now())
}

// nodeFilter parses the catalog's filters.
func nodeFilter(q url.Values) (NodeFilter, error) {
	f := NodeFilter{Model: q.Get("model"), Region: q.Get("region")}
	var err error
	if f.MinMemMiB, err = uintParam(q, "min_mem_mib", 0, 0, 1<<40); err != nil {
		return f, err
	}
	if f.Provider, err = optAddress(q, "provider"); err != nil {
		return f, err
	}
	if f.Verified, err = boolParam(q, "verified"); err != nil {
		return f, err
	}
	if h := q.Get("health"); h != "" {
		for _, v := range strings.Split(h, ",") {
			if _, ok := healthOrder[v]; !ok {
				return f, badRequest("query parameter health=%q: %q is not one of healthy, degraded, stale, jailed, unregistered, tombstoned", h, v)
			}
			f.Health = append(f.Health, v)
		}
	}
	off, err := uintParam(q, "offset", 0, 0, 1<<31)
	if err != nil {
		return f, err
	}
	f.Offset = int(off)
	f.Limit, err = limitParam(q)
	return f, err
}

func (rd reads) node(id string) (any, error) {
	id, err := nodeParam(id)
	if err != nil {
		return nil, err
	}
	return rd.q.Node(id, rd.now())
}

// rebuild starts a projection rebuild. It changes no ledger state and is
// accepted only from the loopback interface (an operator on the host).
func (s *server) rebuild(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		writeError(w, r, http.StatusForbidden, "rebuilds are accepted from the loopback interface only")
		return
	}
	gen, err := s.q.eng.Rebuild(r.PathValue("name"))
	switch {
	case errors.Is(err, ErrUnknownProjection):
		writeError(w, r, http.StatusNotFound, "%v", err)
	case errors.Is(err, ErrRebuilding):
		writeError(w, r, http.StatusConflict, "%v", err)
	case err != nil:
		writeError(w, r, http.StatusInternalServerError, "%v", err)
	default:
		writeJSON(w, r, http.StatusAccepted, map[string]any{"name": r.PathValue("name"), "generation": gen})
	}
}

func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	var reasons []string
	v := s.q.ledger.View()
	if s.cfg.StreamLast != nil {
		last, err := s.cfg.StreamLast(r.Context())
		switch {
		case err != nil:
			reasons = append(reasons, fmt.Sprintf("stream unreachable: %v", err))
		case last > v.Position+s.cfg.MaxLag:
			reasons = append(reasons, fmt.Sprintf("ledger at %d of %d", v.Position, last))
		}
	}
	for _, st := range s.q.eng.Status() {
		if st.Lag > s.cfg.MaxLag {
			reasons = append(reasons, fmt.Sprintf("projection %s at %d of %d", st.Name, st.Checkpoint, v.Position))
		}
	}
	if len(reasons) > 0 {
		writeJSON(w, r, http.StatusServiceUnavailable, map[string]any{"status": "catching up", "reasons": reasons})
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]any{"status": "ready", "checkpoint": v.Position})
}

// ---- responses ----

func writeError(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	writeJSON(w, r, status, APIError{Message: fmt.Sprintf(format, args...)})
}

// writeJSON writes v with a trailing newline. Successful answers carry an
// ETag (a hash of the body) and answer a matching If-None-Match with 304,
// so polling clients pay for a body only when it changed.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error: encode response"}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	if status == http.StatusOK {
		sum := sha256.Sum256(buf.Bytes())
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		h.Set("ETag", etag)
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
