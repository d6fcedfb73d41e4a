package main

import (
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"
)

// print writes the latency table and the fold rates as Markdown.
func (r *queryResult) print(w io.Writer, q queryConfig) {
	r.printHeader(w, q)
	r.printLatencies(w, q)
	r.printRates(w)
	printErrors(w, r)
	if q.profile != "" {
		fmt.Fprintf(w, "\nprofiles in %s (profiling perturbs the figures)\n", q.profile)
	}
}

func (r *queryResult) printHeader(w io.Writer, q queryConfig) {
	fmt.Fprintf(w, "\nread API latency, %s, %d cores, %s: open loop (latency from the scheduled send), %s per phase\n",
		runtime.Version(), runtime.NumCPU(), runtime.GOARCH, q.duration)
	fmt.Fprintf(w, "stream: in-process JetStream without per-message fsync (swarmd's embedded server fsyncs each one)\n")
	fmt.Fprintf(w, "log: %d events; %d folded before the idle phase; of the other %d, %d published at %d/s during the steady phase, %d preloaded with the fold stopped, the rest published as fast as possible during the ingest phase\n",
		r.events, r.prefix, r.rest, r.steadyN, q.steadyRate, r.backlog)
	fmt.Fprintf(w, "earnings: %d earners in turn, %d req/s; catalog: %d nodes, %d filters in turn (e.g. %s), %d req/s\n\n",
		len(r.targets.earners), q.earnerRate, r.targets.nodes, len(r.targets.catalog), r.targets.catalog[0], q.catalogRate)
}

func (r *queryResult) printLatencies(w io.Writer, q queryConfig) {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| query\t| phase\t| requests\t| served/s\t| unserved\t| errors\t| p50\t| p99\t| p99.9\t| max\t| p50 ÷ idle\t| p99 ÷ idle\t| max ÷ idle\t|")
	fmt.Fprintln(tw, "|---\t|---\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|---:\t|")
	if q.earnerRate > 0 {
		latencyRows(tw, "earnings GET /v1/earners/{address}", q.duration, r.steadyN > 0, r.idle.earner, r.steady.earner, r.loaded.earner)
	}
	if q.catalogRate > 0 {
		latencyRows(tw, "catalog GET /v1/nodes?model&health&limit=20", q.duration, r.steadyN > 0, r.idle.catalog, r.steady.catalog, r.loaded.catalog)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nunserved: due while half a second of that query's requests were outstanding (the server saturated), so not sent; ranked as infinitely slow\n")
	fmt.Fprintf(w, "service time, idle, one request at a time (median of %d): earnings %s, catalog %s\n", serviceSamples, ms(r.service[0]), ms(r.service[1]))
	fmt.Fprintf(w, "process CPU and Go scheduler latency (runnable → running) p50 / p99: idle %s; ingest %s; right after, no queries %s\n",
		r.idle.rates.load, r.loaded.rates.load, r.quiet.load)
	if r.steadyN > 0 {
		fmt.Fprintf(w, "p99 while ingesting at %d events/s, target < %s:", q.steadyRate, ms(p99Target))
		if q.earnerRate > 0 {
			fmt.Fprintf(w, " earnings %s", verdict(r.steady.earner.p99, p99Target))
		}
		if q.catalogRate > 0 {
			fmt.Fprintf(w, " catalog %s", verdict(r.steady.catalog.p99, p99Target))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "p99 during full-speed ingest, target < %s:", ms(p99FullTarget))
	if q.earnerRate > 0 {
		fmt.Fprintf(w, " earnings %s", verdict(r.loaded.earner.p99, p99FullTarget))
	}
	if q.catalogRate > 0 {
		fmt.Fprintf(w, " catalog %s", verdict(r.loaded.catalog.p99, p99FullTarget))
	}
	fmt.Fprintf(w, "\n\n")
}

func latencyRows(w io.Writer, name string, d time.Duration, withSteady bool, idle, steady, loaded summary) {
	phases := []struct {
		phase string
		s     summary
	}{{"idle", idle}, {"steady", steady}, {"ingest", loaded}}
	if !withSteady {
		phases = append(phases[:1], phases[2])
	}
	for _, p := range phases {
		s := p.s
		fmt.Fprintf(w, "| %s\t| %s\t| %d\t| %.0f\t| %d\t| %d\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t| %s\t|\n",
			name, p.phase, s.n+s.errs+s.dropped, float64(s.n)/d.Seconds(), s.dropped, s.errs,
			ms(s.p50), ms(s.p99), ms(s.p999), ms(s.mx), ratio(s.p50, idle.p50), ratio(s.p99, idle.p99), ratio(s.mx, idle.mx))
	}
}

// errCount is a phase's errors, with the 503s of the service's admission
// control among them said apart.
func errCount(s summary) string {
	if s.shed == 0 {
		return fmt.Sprint(s.errs)
	}
	return fmt.Sprintf("%d (%d shed, 503)", s.errs, s.shed)
}

func (r *queryResult) printRates(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprintln(tw, "| fold\t| ledger events/s\t| ÷ preloaded\t| ÷ right after\t| projections events/s\t| note\t|")
	fmt.Fprintln(tw, "|---\t|---:\t|---:\t|---:\t|---:\t|---\t|")
	fmt.Fprintf(tw, "| preloaded stream, no queries\t| %.0f\t| 1.000\t| \t| \t| the first %d events, as the throughput run's ingest figure\t|\n", r.prefixFold, r.prefix)
	for _, row := range []struct {
		name string
		r    rates
	}{{"steady phase, with the queries", r.steady.rates}, {"ingest phase, with the queries", r.loaded.rates}, {"right after, no queries", r.quiet}} {
		fmt.Fprintf(tw, "| %s\t| %.0f\t| %s\t| %s\t| %.0f\t| %s\t|\n",
			row.name, row.r.ledger, frac(row.r.ledger, r.prefixFold), frac(row.r.ledger, r.quiet.ledger), row.r.proj, row.r.note())
	}
	tw.Flush()
}

func (r rates) note() string {
	s := fmt.Sprintf("at the end: %d published, not folded; projections %d behind the ledger", max(r.backlog, 0), r.projLag)
	if r.backlog <= 0 {
		s += "; THE FOLD RAN OUT OF LOG"
	}
	if r.publishing {
		s += "; publisher still running"
	}
	return s
}

func printErrors(w io.Writer, r *queryResult) {
	for _, s := range []summary{r.idle.earner, r.idle.catalog, r.steady.earner, r.steady.catalog, r.loaded.earner, r.loaded.catalog} {
		if s.firstErr != nil {
			fmt.Fprintf(w, "first error: %v\n", s.firstErr)
		}
	}
}

func verdict(p99, target time.Duration) string {
	if p99 < target {
		return "met (" + ms(p99) + ")"
	}
	return "MISSED (" + ms(p99) + ")"
}

func ms(d time.Duration) string {
	if d == unserved {
		return "unserved"
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func frac(v, base float64) string {
	if base <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f", v/base)
}

func ratio(d, base time.Duration) string {
	if base <= 0 || d == unserved || base == unserved {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(d)/float64(base))
}

func (l load) String() string {
	return fmt.Sprintf("%.2f cores, %v / %v", l.cores, l.schedP50.Round(time.Microsecond), l.schedP99.Round(time.Microsecond))
}
