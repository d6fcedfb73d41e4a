package projections

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/micro"
)

// The NATS micro service answers the read API's queries for schedulers that
// live on NATS. Each endpoint takes a JSON object of the HTTP endpoint's
// parameters (an empty body is an empty object) and answers with the very
// bytes the HTTP endpoint would. Errors carry micro's error headers with
// the HTTP status as code ("400", "404", "500") and an APIError body.

// Identity of the micro service.
const (
	MicroName          = "swarm-ledger"
	MicroVersion       = "1.0.0"
	MicroDefaultPrefix = "swarm.ledger.v1"
	microDescription   = "Swarm Ledger read API: the scheduler catalog, earnings, staking, epochs, slashes and jails (the JSON of the HTTP /v1 API)"
)

// MicroConfig configures the micro service. The zero value serves under
// MicroDefaultPrefix, as MicroVersion, on micro's default queue group.
type MicroConfig struct {
	// Prefix is the subject prefix of the endpoints (default
	// MicroDefaultPrefix): the nodes endpoint answers on Prefix+".nodes".
	Prefix string
	// Version is the service's semver (default MicroVersion).
	Version string
	// Now is the clock health is judged by (default time.Now).
	Now func() time.Time
	// QueueGroup is the endpoints' queue group (default micro's "q"):
	// instances on the same queue group share the requests.
	QueueGroup string
	// StreamLast returns the log's last sequence, for the overview's lag
	// (nil: the lag is reported as 0).
	StreamLast func(ctx context.Context) (uint64, error)
	// Log receives internal errors (default slog.Default()).
	Log *slog.Logger
}

func (c MicroConfig) withDefaults() MicroConfig {
	if c.Prefix == "" {
		c.Prefix = MicroDefaultPrefix
	}
	if c.Version == "" {
		c.Version = MicroVersion
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	return c
}

// StartMicro adds the micro service to nc: its endpoints (see
// microEndpoints) under cfg.Prefix, and micro's $SRV.PING, $SRV.INFO and
// $SRV.STATS. Stop the returned service (or close nc) to end it.
func StartMicro(nc *nats.Conn, q *Queries, cfg MicroConfig) (micro.Service, error) {
	if nc == nil || q == nil {
		return nil, errors.New("projections: micro service needs a NATS connection and queries")
	}
	cfg = cfg.withDefaults()
	if err := validPrefix(cfg.Prefix); err != nil {
		return nil, err
	}
	svc, err := micro.AddService(nc, micro.Config{
		Name:        MicroName,
		Version:     cfg.Version,
		Description: microDescription,
		QueueGroup:  cfg.QueueGroup,
		Metadata:    map[string]string{"prefix": cfg.Prefix, "format": "application/json", "http": "/v1 (see /v1/openapi.json)"},
	})
	if err != nil {
		return nil, fmt.Errorf("projections: start micro service: %w", err)
	}
	h := microHandler{rd: reads{q: q, now: cfg.Now, streamLast: cfg.StreamLast}, log: cfg.Log}
	if err := addEndpoints(svc.AddGroup(cfg.Prefix), h); err != nil {
		_ = svc.Stop()
		return nil, err
	}
	return svc, nil
}

func validPrefix(prefix string) error {
	for _, tok := range strings.Split(prefix, ".") {
		if tok == "" || strings.ContainsAny(tok, "*> \t\r\n") {
			return fmt.Errorf("projections: micro subject prefix %q: want dot-separated tokens without wildcards or spaces", prefix)
		}
	}
	return nil
}

func addEndpoints(g micro.Group, h microHandler) error {
	for _, e := range microEndpoints() {
		md, err := e.metadata()
		if err != nil {
			return fmt.Errorf("projections: micro endpoint %s: %w", e.name, err)
		}
		if err := g.AddEndpoint(e.name, h.handle(e), micro.WithEndpointMetadata(md)); err != nil {
			return fmt.Errorf("projections: micro endpoint %s: %w", e.name, err)
		}
	}
	return nil
}

// ---- endpoints ----

// microEndpoint is one endpoint of the micro service and the HTTP route
// it mirrors.
type microEndpoint struct {
	name     string
	summary  string
	http     string   // the HTTP route answering the same
	fields   []string // accepted request fields
	required []string // fields that must be given
	bodies   []any    // values of the answer's possible types
	answer   func(rd reads, in url.Values) (any, error)
}

func microEndpoints() []microEndpoint {
	return []microEndpoint{
		{"nodes", "The scheduler catalog: nodes ranked for placing work, filtered.", "GET /v1/nodes",
			[]string{"model", "min_mem_mib", "region", "health", "provider", "verified", "offset", "limit"}, nil,
			[]any{NodeList{}}, reads.nodes},
		{"node", "One catalog node.", "GET /v1/nodes/{id}", []string{"id"}, []string{"id"},
			[]any{CatalogNode{}}, func(rd reads, in url.Values) (any, error) { return rd.node(in.Get("id")) }},
		{"earnings", "An earner's totals, claims and per-epoch history.", "GET /v1/earners/{address}",
			[]string{"address", "from", "limit"}, []string{"address"},
			[]any{EarnerHistory{}}, func(rd reads, in url.Values) (any, error) { return rd.earner(in.Get("address"), in) }},
		{"top_earners", "Top earners by cumulative earnings.", "GET /v1/earners", []string{"limit"}, nil,
			[]any{EarnerList{}}, reads.earners},
		{"stake", "A provider's stakers and totals (provider), or a staker's positions (staker): give one.",
			"GET /v1/providers/{address}/stake, GET /v1/stakers/{address}", []string{"provider", "staker"}, nil,
			[]any{ProviderStake{}, StakerStake{}}, stake},
		{"epochs", "Closed epochs, ascending from `from`.", "GET /v1/epochs", []string{"from", "limit"}, nil,
			[]any{EpochList{}}, reads.epochs},
		{"epoch", "One closed epoch and its canonical report.", "GET /v1/epochs/{epoch}", []string{"epoch"}, []string{"epoch"},
			[]any{EpochDetail{}}, func(rd reads, in url.Values) (any, error) { return rd.epoch(in.Get("epoch")) }},
		{"statement", "An epoch's statement (SPEC §9.1), byte for byte.", "GET /v1/epochs/{epoch}/statement",
			[]string{"epoch"}, []string{"epoch"}, []any{json.RawMessage{}},
			func(rd reads, in url.Values) (any, error) { return rd.epochStatement(in.Get("epoch")) }},
		{"statements", "A provider's (provider) or an earner's (earner) part of each epoch's statement, newest first: give one.",
			"GET /v1/providers/{address}/statements, GET /v1/earners/{address}/statements",
			[]string{"provider", "earner", "cursor", "limit"}, nil, []any{ProviderStatements{}, EarnerStatements{}}, statements},
		{"slashes", "Slashes decided at epoch closes and their due process on chain.", "GET /v1/slashes",
			[]string{"provider", "reason", "from", "cursor", "limit"}, nil, []any{SlashList{}}, reads.slashes},
		{"slash", "One slash by id or evidence: its status and when it becomes executable.", "GET /v1/slashes/{slash}",
			[]string{"slash"}, []string{"slash"},
			[]any{SlashRecord{}}, func(rd reads, in url.Values) (any, error) { return rd.slash(in.Get("slash")) }},
		{"jails", "Jail decisions and their release.", "GET /v1/jails",
			[]string{"node", "active", "from", "cursor", "limit"}, nil, []any{JailList{}}, reads.jails},
		{"overview", "The network at a glance.", "GET /v1/overview", nil, nil,
			[]any{Overview{}}, func(rd reads, _ url.Values) (any, error) { return rd.overview(context.Background()) }},
	}
}

// stake answers a provider's stake or a staker's, whichever is asked.
func stake(rd reads, in url.Values) (any, error) {
	switch {
	case in.Has("provider") && in.Has("staker"):
		return nil, badRequest("give provider or staker, not both")
	case in.Has("provider"):
		return rd.providerStake(in.Get("provider"))
	case in.Has("staker"):
		return rd.stakerStake(in.Get("staker"))
	}
	return nil, badRequest("want provider or staker")
}

// statements answers a provider's statements or an earner's, whichever is
// asked.
func statements(rd reads, in url.Values) (any, error) {
	switch {
	case in.Has("provider") && in.Has("earner"):
		return nil, badRequest("give provider or earner, not both")
	case in.Has("provider"):
		return rd.providerStatements(in.Get("provider"), in)
	case in.Has("earner"):
		return rd.earnerStatements(in.Get("earner"), in)
	}
	return nil, badRequest("want provider or earner")
}

// run decodes a request and answers it.
func (e microEndpoint) run(rd reads, data []byte) (any, error) {
	in, err := decodeRequest(data, e.fields)
	if err != nil {
		return nil, err
	}
	for _, name := range e.required {
		if !in.Has(name) {
			return nil, badRequest("field %q is required", name)
		}
	}
	return e.answer(rd, in)
}

// ---- requests ----

// decodeRequest turns a request's JSON object into the parameters the HTTP
// endpoint would have been given: numbers keep their literal text, booleans
// become true or false, the health list is joined with commas, and null is
// the same as leaving a field out.
func decodeRequest(data []byte, allowed []string) (url.Values, error) {
	in := url.Values{}
	if len(bytes.TrimSpace(data)) == 0 {
		return in, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, badRequest("malformed request: want a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		name, raw, err := nextField(dec)
		if err != nil {
			return nil, err
		}
		if err := checkField(name, allowed, seen); err != nil {
			return nil, err
		}
		v, ok, err := fieldValue(name, raw)
		if err != nil {
			return nil, err
		}
		if ok {
			in.Set(name, v)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest("malformed request: data after the JSON object")
	}
	return in, nil
}

func nextField(dec *json.Decoder) (string, json.RawMessage, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", nil, malformed(err)
	}
	name, _ := tok.(string)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return "", nil, malformed(fmt.Errorf("field %q: %w", name, err))
	}
	return name, raw, nil
}

func malformed(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return badRequest("malformed request: unexpected end of JSON")
	}
	return badRequest("malformed request: %v", err)
}

func checkField(name string, allowed []string, seen map[string]bool) error {
	switch {
	case !slices.Contains(allowed, name) && len(allowed) == 0:
		return badRequest("unknown field %q (this endpoint takes none)", name)
	case !slices.Contains(allowed, name):
		return badRequest("unknown field %q (want %s)", name, strings.Join(allowed, ", "))
	case seen[name]:
		return badRequest("field %q given twice", name)
	}
	seen[name] = true
	return nil
}

// fieldValue is a field's value as a query parameter's text; ok is false
// for null.
func fieldValue(name string, raw json.RawMessage) (string, bool, error) {
	if string(raw) == "null" {
		return "", false, nil
	}
	typ := fieldType(name)
	switch {
	case typ == "string" && raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, badRequest("field %q: %v", name, err)
		}
		return s, true, nil
	case typ == "integer" && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		return string(raw), true, nil
	case typ == "boolean" && (string(raw) == "true" || string(raw) == "false"):
		return string(raw), true, nil
	case typ == "array" && raw[0] == '[':
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return "", false, badRequest("field %q: want an array of strings", name)
		}
		return strings.Join(list, ","), true, nil
	}
	return "", false, badRequest("field %q: want %s", name, fieldTypeDoc[typ])
}

// fieldType is a request field's JSON type.
func fieldType(name string) string {
	switch name {
	case "health":
		return "array"
	case "staker", "earner":
		return "string"
	}
	return paramDocs[name].typ
}

var fieldTypeDoc = map[string]string{"string": "a string", "integer": "an integer", "boolean": "true or false", "array": "an array of strings"}

// fieldDocs overrides the HTTP parameters' descriptions where a request
// field differs.
var fieldDocs = map[string]string{
	"health":  "healths, any of healthy, degraded, stale, jailed, unregistered, tombstoned",
	"staker":  "staker address (0x and 40 hex digits, any letter case)",
	"earner":  "earner address (0x and 40 hex digits, any letter case)",
	"address": "earner address (0x and 40 hex digits, any letter case)",
}

func fieldDoc(name string) string {
	if d, ok := fieldDocs[name]; ok {
		return d
	}
	return paramDocs[name].doc
}

// ---- responses ----

// microHandler answers the endpoints' requests.
type microHandler struct {
	rd  reads
	log *slog.Logger
}

func (h microHandler) handle(e microEndpoint) micro.HandlerFunc {
	return func(req micro.Request) {
		v, err := e.run(h.rd, req.Data())
		if err != nil {
			h.fail(req, e.name, err)
			return
		}
		body, err := encodeBody(v)
		if err != nil {
			h.fail(req, e.name, fmt.Errorf("encode %s answer: %w", e.name, err))
			return
		}
		_ = req.Respond(body)
	}
}

// fail answers err with micro's error headers: the HTTP status as code,
// Message(err) as description, and the HTTP API's error body.
func (h microHandler) fail(req micro.Request, endpoint string, err error) {
	code := "500"
	switch {
	case errors.Is(err, ErrBadRequest):
		code = "400"
	case errors.Is(err, ErrNotFound):
		code = "404"
	default:
		h.log.Error("micro service", "endpoint", endpoint, "err", err)
	}
	msg := Message(err)
	body, _ := encodeBody(APIError{Message: msg})
	desc := strings.NewReplacer("\r", " ", "\n", " ").Replace(msg)
	if desc == "" {
		desc = "internal error"
	}
	_ = req.Error(code, desc, body)
}

// encodeBody encodes v as the HTTP API does: no HTML escaping, a trailing
// newline.
func encodeBody(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode JSON: %w", err)
	}
	return buf.Bytes(), nil
}

// ---- metadata ----

// metadata describes the endpoint for $SRV.INFO: a summary, the HTTP
// route it mirrors, the request's JSON schema and the response's type and
// JSON schema (in the OpenAPI document's terms).
func (e microEndpoint) metadata() (map[string]string, error) {
	req, err := json.Marshal(e.requestSchema())
	if err != nil {
		return nil, fmt.Errorf("request schema: %w", err)
	}
	schemas := map[string]any{}
	var names []string
	var alts []any
	for _, b := range e.bodies {
		alts = append(alts, schemaOf(reflect.TypeOf(b), schemas))
		names = append(names, reflect.TypeOf(b).Name())
	}
	resp := map[string]any{"components": map[string]any{"schemas": schemas}}
	if len(alts) == 1 {
		resp["$ref"] = alts[0].(map[string]any)["$ref"]
	} else {
		resp["oneOf"] = alts
	}
	respJSON, err := json.Marshal(resp)
	if err != nil {
		return nil, fmt.Errorf("response schema: %w", err)
	}
	return map[string]string{
		"description":     e.summary,
		"http":            e.http,
		"request_schema":  string(req),
		"response":        strings.Join(names, " | "),
		"response_schema": string(respJSON),
	}, nil
}

// requestSchema is the JSON schema of the endpoint's request object.
func (e microEndpoint) requestSchema() map[string]any {
	props := map[string]any{}
	for _, name := range e.fields {
		p := map[string]any{"type": fieldType(name), "description": fieldDoc(name)}
		if name == "health" {
			p["items"] = map[string]any{"type": "string", "enum": []string{HealthHealthy, HealthDegraded, HealthStale, HealthJailed, HealthUnregistered, HealthTombstoned}}
		}
		props[name] = p
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(e.required) > 0 {
		s["required"] = e.required
	}
	if e.name == "stake" {
		s["oneOf"] = []any{map[string]any{"required": []string{"provider"}}, map[string]any{"required": []string{"staker"}}}
	}
	return s
}
