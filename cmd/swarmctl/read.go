package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/projections"
)

// readCmds are the commands that show the ledger's read API to people
// (tables) and scripts (--json: the API's answer, indented).
func readCmds() []*cobra.Command {
	return []*cobra.Command{nodesCmd(), epochsCmd(), slashesCmd(), projectionsCmd(), stateCmd(), statementCmd()}
}

// readFlags are the flags every read command takes.
type readFlags struct {
	api    apiFlags
	asJSON bool
}

func (f *readFlags) register(c *cobra.Command) {
	f.api.register(c)
	c.Flags().BoolVar(&f.asJSON, "json", false, "print the API's JSON answer, indented (amounts in atto-SWARM)")
}

// pageFlags are the paging flags of the list commands.
type pageFlags struct {
	limit int
	all   bool
}

func (p *pageFlags) register(c *cobra.Command, what string) {
	c.Flags().IntVar(&p.limit, "limit", 0, fmt.Sprintf("%s per page, 1..%d (default: the API's, %d)", what, projections.MaxPage, projections.DefaultPage))
	c.Flags().BoolVar(&p.all, "all", false, "follow the pages to the end")
}

// set validates the flags and sets the page size in q.
func (p *pageFlags) set(c *cobra.Command, q url.Values) error {
	if c.Flags().Changed("limit") && (p.limit < 1 || p.limit > projections.MaxPage) {
		return usageError{fmt.Errorf("--limit %d: want 1..%d", p.limit, projections.MaxPage)}
	}
	switch {
	case p.limit > 0:
		q.Set("limit", strconv.Itoa(p.limit))
	case p.all:
		q.Set("limit", strconv.Itoa(projections.MaxPage))
	}
	return nil
}

// fetch GETs path, decodes the answer into out and returns it as sent.
func (a *ledgerAPI) fetch(ctx context.Context, path string, out any) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := a.get(ctx, path, &raw); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("%w: GET %s%s: unreadable answer: %w", errAPI, a.base, path, err)
	}
	return raw, nil
}

// post POSTs to path (no body), decodes the answer into out and returns
// it as sent.
func (a *ledgerAPI) post(ctx context.Context, path string, out any) (json.RawMessage, error) {
	u := a.base + path
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errAPI, u, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w at %s: %w", errAPIUnreachable, a.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		msg := strings.TrimSpace(string(raw))
		var e projections.APIError
		if json.Unmarshal(raw, &e) == nil && e.Message != "" {
			msg = e.Message
		}
		return nil, fmt.Errorf("%w: POST %s: %s: %s", errAPI, u, resp.Status, msg)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIResponse))
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: POST %s: unreadable answer: %w", errAPI, u, err)
	}
	return raw, nil
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// getPages GETs path?q into a T and, with all, the following pages:
// next names the page parameter and its value for the page after acc (""
// when there is none), merge appends a page to acc. The raw answer is
// returned only when there was a single page.
func getPages[T any](ctx context.Context, a *ledgerAPI, path string, q url.Values, all bool,
	next func(acc *T) (string, string), merge func(acc, page *T)) (T, json.RawMessage, error) {
	var acc T
	raw, err := a.fetch(ctx, withQuery(path, q), &acc)
	if err != nil || !all {
		return acc, raw, err
	}
	for {
		param, v := next(&acc)
		if v == "" {
			return acc, raw, nil
		}
		if q.Get(param) == v {
			return acc, nil, fmt.Errorf("%w: GET %s: the page after %s=%s is the same page", errAPI, path, param, v)
		}
		q.Set(param, v)
		var page T
		if _, err := a.fetch(ctx, withQuery(path, q), &page); err != nil {
			return acc, nil, err
		}
		merge(&acc, &page)
		raw = nil
	}
}

// showOne fetches one answer and prints it as a table or, with --json, as
// the API sent it.
func showOne[T any](cmd *cobra.Command, rf *readFlags, path string, table func(io.Writer, T) error) error {
	api, err := rf.api.client()
	if err != nil {
		return err
	}
	var v T
	raw, err := api.fetch(cmd.Context(), path, &v)
	if err != nil {
		return err
	}
	return emit(cmd.OutOrStdout(), rf.asJSON, raw, v, func(w io.Writer) error { return table(w, v) })
}

// listPages fetches a paged list (every page with --all) after checking the
// page flags, and prints it as a table or, with --json, as the API sent it.
func listPages[T any](cmd *cobra.Command, rf *readFlags, pf *pageFlags, path string, q url.Values,
	next func(acc *T) (string, string), merge func(acc, page *T), table func(io.Writer, T) error) error {
	if err := pf.set(cmd, q); err != nil {
		return err
	}
	api, err := rf.api.client()
	if err != nil {
		return err
	}
	list, raw, err := getPages(cmd.Context(), api, path, q, pf.all, next, merge)
	if err != nil {
		return err
	}
	return emit(cmd.OutOrStdout(), rf.asJSON, raw, list, func(w io.Writer) error { return table(w, list) })
}

// emit prints the API's answer: raw (or, when nil, v) as indented JSON,
// or the table.
func emit(w io.Writer, asJSON bool, raw json.RawMessage, v any, table func(w io.Writer) error) error {
	if !asJSON {
		return table(w)
	}
	if raw == nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		raw = buf.Bytes()
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(raw), "", "  "); err != nil {
		return fmt.Errorf("%w: unreadable answer: %w", errAPI, err)
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// ---- arguments ----

// parseNode validates a node id (an nkey public key).
func parseNode(s string) (string, error) {
	if !events.ValidNodeID(s) {
		return "", usageError{fmt.Errorf("%q is not a node id (an nkey public key, 56 characters starting with U)", s)}
	}
	return s, nil
}

// parseEpoch validates an epoch number.
func parseEpoch(s string) (uint64, error) {
	k, err := strconv.ParseUint(s, 10, 64)
	if err != nil || k == 0 {
		return 0, usageError{fmt.Errorf("%q is not an epoch (a positive integer)", s)}
	}
	return k, nil
}

// addressParam validates an address flag and returns its API form.
func addressParam(flag, s string) (string, error) {
	a, err := parseAddress(s)
	if err != nil {
		return "", usageError{fmt.Errorf("--%s: %w", flag, err)}
	}
	return events.Address(a).String(), nil
}

// fromFlag validates a --from epoch flag and sets it in q.
func fromFlag(c *cobra.Command, from uint64, q url.Values) error {
	if !c.Flags().Changed("from") {
		return nil
	}
	if from == 0 {
		return usageError{errors.New("--from must be a positive epoch number")}
	}
	q.Set("from", strconv.FormatUint(from, 10))
	return nil
}

// ---- formatting ----

func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }

// short keeps the head and tail of a long identifier.
func short(s string, head, tail int) string {
	if len(s) <= head+tail+1 {
		return s
	}
	return s[:head] + "…" + s[len(s)-tail:]
}

func shortAddr(a string) string  { return short(a, 6, 4) }
func shortNode(id string) string { return short(id, 8, 4) }
func shortHash(h string) string  { return short(h, 10, 4) }

// bpPercent shows basis points as a percentage: 10000 → "100%", 4520 →
// "45.2%", 5 → "0.05%".
func bpPercent(bp uint64) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".") + "%"
}

// utcMs shows a unix millisecond time in UTC.
func utcMs(ms uint64) string {
	return time.UnixMilli(int64(ms)).UTC().Format(time.DateTime)
}

// period shows [start, end) in UTC, the end's date only when it differs.
func period(startMs, endMs uint64) string {
	start, end := utcMs(startMs), utcMs(endMs)
	if start[:10] == end[:10] {
		end = end[11:]
	}
	return start + " – " + end
}

// age shows a duration in milliseconds to the second, in its two largest
// units.
func age(ms uint64) string {
	s := ms / 1000
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	case s < 86400:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd%02dh", s/86400, s%86400/3600)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// orDash shows "-" for an empty value.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// swarmOrDash shows an optional amount in SWARM.
func swarmOrDash(atto string) string {
	if atto == "" {
		return "-"
	}
	return swarmDigits(atto)
}

// more tells people how to see the rest of a paged list.
func more(w io.Writer, what, how string) error {
	_, err := fmt.Fprintf(w, "more %s with %s or --all\n", what, how)
	return err
}
