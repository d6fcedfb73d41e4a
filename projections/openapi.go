package projections

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// route is one GET endpoint of the read API: the mux and the OpenAPI
// document are both built from this table, so they cannot drift apart.
type route struct {
	path    string
	summary string
	query   []string // accepted query parameters
	h       func(r *http.Request, q url.Values) (any, error)
	body    any // a value of the answer's type
}

func (s *server) routes() []route {
	return []route{
		{"/v1/openapi.json", "This document.", nil, s.openapi, map[string]any{}},
		{"/v1/state", "Committed checkpoint, events digest, state hash, lag and projection progress.", nil, s.state, State{}},
		{"/v1/overview", "The network at a glance.", nil, s.overview, Overview{}},
		{"/v1/projections", "Every projection's generation, checkpoint, lag and rebuild.", nil, s.projections, []ProjectionStatus{}},
		{"/v1/epochs", "Closed epochs, ascending from `from`.", []string{"from", "limit"}, s.epochs, EpochList{}},
		{"/v1/epochs/{epoch}", "One closed epoch and its canonical report.", nil, s.epoch, EpochDetail{}},
		{"/v1/epochs/{epoch}/statement", "The epoch's statement (SPEC §9.1): every intermediate value of its close per provider, with the evidence of its slashes; the line `swarmctl replay --statements` prints.", nil, s.epochStatement, json.RawMessage{}},
		{"/v1/earners", "Top earners by cumulative earnings.", []string{"limit"}, s.earners, EarnerList{}},
		{"/v1/earners/{address}", "An earner's totals, claims and per-epoch history.", []string{"from", "limit"}, s.earner, EarnerHistory{}},
		{"/v1/earners/{address}/statements", "An earner's part of each epoch's statement, newest first: what it earned as a provider and, per provider it stakes with, its active stake and cut.", []string{"cursor", "limit"}, s.earnerStatements, EarnerStatements{}},
		{"/v1/providers/{address}/stake", "A provider's stakers and stake totals.", nil, s.providerStake, ProviderStake{}},
		{"/v1/providers/{address}/statements", "A provider's part of each epoch's statement (SPEC §9.1), newest first.", []string{"cursor", "limit"}, s.providerStatements, ProviderStatements{}},
		{"/v1/stakers/{address}", "A staker's positions with every provider.", nil, s.stakerStake, StakerStake{}},
		{"/v1/stake", "Providers with stake, by address.", []string{"cursor", "limit"}, s.stake, StakeList{}},
		{"/v1/slashes", "Slashes decided at epoch closes and their due process on chain: status decided, proposed (executable_at), executed or vetoed.", []string{"provider", "reason", "from", "cursor", "limit"}, s.slashes, SlashList{}},
		{"/v1/slashes/{slash}", "One slash by id (downtime:3:U…) or evidence (0x keccak256 of the id): its status and when it becomes executable.", nil, s.slash, SlashRecord{}},
		{"/v1/jails", "Jail decisions and their release.", []string{"node", "active", "from", "cursor", "limit"}, s.jails, JailList{}},
		{"/v1/nodes", "The scheduler catalog: nodes ranked for placing work, filtered.", []string{"model", "min_mem_mib", "region", "health", "provider", "verified", "offset", "limit"}, s.nodes, NodeList{}},
		{"/v1/nodes/{id}", "One catalog node.", nil, s.node, CatalogNode{}},
	}
}

// paramDocs describes every query and path parameter.
var paramDocs = map[string]struct{ typ, doc string }{
	"from":        {"integer", "first epoch (default 1)"},
	"limit":       {"integer", "page size, 1..1000 (default 100)"},
	"cursor":      {"string", "the `next` of the previous page"},
	"provider":    {"string", "provider address (0x and 40 hex digits)"},
	"reason":      {"string", "downtime, faults or equivocation"},
	"node":        {"string", "node id (nkey public key)"},
	"active":      {"boolean", "only jails not released"},
	"model":       {"string", "GPU model, e.g. H100-SXM5-80GB"},
	"min_mem_mib": {"integer", "least GPU memory in MiB"},
	"region":      {"string", "region"},
	"health":      {"string", "comma-separated healths: healthy, degraded, stale, jailed, unregistered, tombstoned"},
	"verified":    {"boolean", "only verified GPUs match model and memory"},
	"offset":      {"integer", "nodes to skip (the `next` of the previous page)"},
	"epoch":       {"integer", "epoch number (≥ 1)"},
	"address":     {"string", "address (0x and 40 hex digits, any letter case)"},
	"id":          {"string", "node id (nkey public key)"},
	"slash":       {"string", "slash id (e.g. downtime:3:U…) or its evidence (0x and 64 hex digits)"},
}

// openapi serves the OpenAPI 3.1 document of the read API.
func (s *server) openapi(*http.Request, url.Values) (any, error) {
	schemas := map[string]any{}
	paths := map[string]any{}
	for _, rt := range s.routes() {
		var params []any
		for _, seg := range strings.Split(rt.path, "/") {
			if strings.HasPrefix(seg, "{") {
				name := strings.Trim(seg, "{}")
				params = append(params, param(name, "path", true))
			}
		}
		for _, name := range rt.query {
			params = append(params, param(name, "query", false))
		}
		paths[rt.path] = map[string]any{"get": map[string]any{
			"summary":    rt.summary,
			"parameters": params,
			"responses": map[string]any{
				"200": content("OK (ETag set; If-None-Match answers 304)", schemaOf(reflect.TypeOf(rt.body), schemas)),
				"304": map[string]any{"description": "Not modified"},
				"400": content("Bad request", ref("APIError")),
				"404": content("Not found", ref("APIError")),
			},
		}}
	}
	schemaOf(reflect.TypeOf(APIError{}), schemas)
	paths["/v1/projections/{name}/rebuild"] = map[string]any{"post": map[string]any{
		"summary":    "Rebuild a projection from the start of the log while the old one serves (loopback only).",
		"parameters": []any{map[string]any{"name": "name", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
		"responses": map[string]any{
			"202": map[string]any{"description": "Rebuild started"},
			"403": content("Not from loopback", ref("APIError")),
			"404": content("No such projection", ref("APIError")),
			"409": content("A rebuild is running", ref("APIError")),
		},
	}}
	probe := func(summary string) map[string]any {
		return map[string]any{"get": map[string]any{"summary": summary, "responses": map[string]any{"200": map[string]any{"description": "OK"}, "503": map[string]any{"description": "Not ready"}}}}
	}
	paths["/healthz"] = probe("Liveness.")
	paths["/readyz"] = probe("Ready once the ledger and every projection have caught up with the log.")
	paths["/metrics"] = probe("Prometheus metrics.")
	paths["/v1/settlement"] = probe("The settler's view of epochs and slashes (404 without settlement).")
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Swarm Ledger read API", "version": "1",
			"description": "Amounts are decimal strings of atto-SWARM; addresses and hashes lowercase 0x hex; ratios in basis points."},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas},
	}, nil
}

func param(name, in string, required bool) map[string]any {
	d := paramDocs[name]
	return map[string]any{"name": name, "in": in, "required": required, "description": d.doc, "schema": map[string]any{"type": d.typ}}
}

func content(desc string, schema any) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

var rawMessage = reflect.TypeOf(json.RawMessage{})

// schemaOf returns the JSON schema of t, adding named structs to schemas.
func schemaOf(t reflect.Type, schemas map[string]any) any {
	switch {
	case t == rawMessage:
		return map[string]any{"type": "object", "description": "canonical JSON, byte for byte"}
	case t.Kind() == reflect.Pointer:
		return schemaOf(t.Elem(), schemas)
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Interface:
		return map[string]any{}
	case t.Kind() == reflect.Struct:
		if _, ok := schemas[t.Name()]; !ok {
			schemas[t.Name()] = nil // reserve: recursion stops here
			props, required := map[string]any{}, []string{}
			structFields(t, schemas, props, &required)
			schemas[t.Name()] = map[string]any{"type": "object", "properties": props, "required": required}
		}
		return ref(t.Name())
	}
	return map[string]any{}
}

func structFields(t reflect.Type, schemas, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			structFields(f.Type, schemas, props, required)
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
		if !strings.Contains(opts, "omitempty") {
			*required = append(*required, name)
		}
	}
}
