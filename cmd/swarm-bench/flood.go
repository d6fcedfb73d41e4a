package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
	"github.com/swarm-ledger/swarm/internal/testkit/cputime"
)

// floodConfig shapes the flooding figures (--flood): one node key
// publishing as fast as the server acknowledges, on top of the other
// nodes' steady load (--steady-rate), next to a window of the steady load
// alone from the same run.
type floodConfig struct {
	enabled  bool
	duration time.Duration // each window's publishing time
	max      int           // pre-signed valid flood messages (the valid window stops early when they run out)
}

// floodWindow is what one window measured. Other nodes' messages are the
// steady load's, less the flooding node's own (its honest heartbeats, which
// its flood makes stale).
type floodWindow struct {
	name                   string
	otherSent, otherAcc    int // other nodes' messages published in the window, accepted
	hbSent, hbAcc          int // of which heartbeats
	latP50, latP99, latMax time.Duration
	floodSent              int // flood messages acknowledged by the stream
	floodVerdicts          map[events.Reason]int
	floodFor               time.Duration // how long the flood published
	maxLag                 int64         // stream's last acknowledged sequence − ledger checkpoint
	drain                  time.Duration // from the window's end until everything published was folded
	cpu                    time.Duration // process CPU from the window's start until drained
	earner, catalog        summary
}

// runFlood measures the flooding figures on the real service (the query
// phases' set-up: an external JetStream server, swarmd's service with its
// read API): it folds a prefix of the log, then runs three windows of
// q.steadyRate events/s of the log's own traffic: alone, with one
// registered node flooding valid heartbeats, and with the same node
// flooding replays of an accepted event, a message with a broken signature
// and malformed bytes.
func runFlood(n int, seed uint64, dir string, q queryConfig, f floodConfig) error {
	if q.steadyRate <= 0 || f.duration <= 0 || f.max <= 0 {
		return fmt.Errorf("--flood needs --steady-rate, --flood-duration and --flood-max positive")
	}
	dir, cleanup, err := workDir(dir)
	if err != nil {
		return err
	}
	defer cleanup()
	c := genConfig(n, seed)
	s, params, err := generate(c, n)
	if err != nil {
		return err
	}
	msgs := s.Messages
	s.Messages = nil
	prefix := min(q.prefix, len(msgs)/3)
	perWindow := int(float64(q.steadyRate) * f.duration.Seconds())
	if len(msgs)-prefix < 3*perWindow {
		return fmt.Errorf("--flood: the log's %d events after the prefix of %d are fewer than three windows of %d; raise --events", len(msgs)-prefix, prefix, perWindow)
	}
	flooder := gen.DeriveKey("swarm-gen", seed, "node/0")
	fid := gen.PublicID(flooder)
	fmt.Fprintf(os.Stderr, "flood: signing %d heartbeats of node %s…\n", f.max, fid)
	valid, err := floodHeartbeats(flooder, f.max)
	if err != nil {
		return err
	}
	junk, err := floodJunk(msgs[:prefix], fid)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := startQueryBench(ctx, filepath.Join(dir, "flood"), params, q)
	if err != nil {
		return err
	}
	defer b.close()
	if _, err := b.foldPrefix(ctx, msgs[:prefix]); err != nil {
		return err
	}
	t, err := b.pickTargets(ctx)
	if err != nil {
		return err
	}
	rest := msgs[prefix:]
	var out []floodWindow
	for i, w := range []struct {
		name  string
		flood func() ([]byte, error)
	}{
		{"steady load alone (baseline)", nil},
		{"+ one node flooding valid heartbeats", sliceReader(valid)},
		{"+ one node flooding replays, bad signatures, garbage", cycleFlood(junk)},
	} {
		fmt.Fprintf(os.Stderr, "flood window %q: %d events at %d/s for %s…\n", w.name, perWindow, q.steadyRate, f.duration)
		r, err := b.floodWindow(ctx, t, q, f, rest[i*perWindow:(i+1)*perWindow], w.flood, fid, params)
		if err != nil {
			return err
		}
		r.name = w.name
		out = append(out, r)
	}
	costs, err := b.checkCosts(ctx, valid, junk)
	if err != nil {
		return err
	}
	printFlood(os.Stdout, q, f, fid, out)
	printCheckCosts(os.Stdout, costs)
	return nil
}

// checkCost is the CPU the ledger's message-local checks take per message
// of one kind, as the fold's pipeline runs them (CheckKnown against the
// committed state).
type checkCost struct {
	kind    string
	verdict events.Reason
	perMsg  time.Duration
}

// checkCostRounds is how many messages of each kind checkCosts checks.
const checkCostRounds = 20_000

// checkCosts stops the fold and times, on one goroutine, the checks of
// each kind of flood message against the service's own ledger: the
// process's CPU time (not wall time) per message.
func (b *queryBench) checkCosts(ctx context.Context, valid, junk [][]byte) ([]checkCost, error) {
	if err := b.stop(); err != nil {
		return nil, err
	}
	defer b.start(ctx)
	l := b.svc.Ledger()
	// Heartbeats not yet in the stream: signed afresh for this (the
	// flood's own are folded by now, so they would be duplicates).
	kp := gen.DeriveKey("swarm-gen", 0, "flood-cost")
	fresh, err := floodHeartbeats(kp, min(checkCostRounds, len(valid)))
	if err != nil {
		return nil, err
	}
	kinds := []struct {
		kind string
		msgs [][]byte
	}{
		{"new valid heartbeat (verified)", fresh},
		{"copy of an accepted event (duplicate)", junk[:1]},
		{"repeat of a broken signature", junk[1:2]},
		{"malformed bytes", junk[2:3]},
	}
	auth := l.Authority()
	var out []checkCost
	for _, k := range kinds {
		c := auth.CheckKnown(k.msgs[0], l.AcceptedCommitted) // warm: a failed signature is remembered from here on
		start := cputime.Process()
		for i := range checkCostRounds {
			auth.CheckKnown(k.msgs[i%len(k.msgs)], l.AcceptedCommitted)
		}
		out = append(out, checkCost{k.kind, c.Reason, (cputime.Process() - start) / checkCostRounds})
	}
	return out, nil
}

func printCheckCosts(w io.Writer, cs []checkCost) {
	fmt.Fprintf(w, "\nledger checks per flood message (decode, hash, signature or what replaces it), CPU time on one goroutine, %d messages each:\n", checkCostRounds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "message\tcheck verdict\tCPU per message\t")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%.1f µs\t\n", c.kind, reasonName(c.verdict), float64(c.perMsg)/1e3)
	}
	tw.Flush()
}

// reasonName is r, or "accepted" (the checks passed: the fold decides).
func reasonName(r events.Reason) string {
	if r == events.Accepted {
		return "accepted"
	}
	return string(r)
}

func verdictCounts(m map[events.Reason]int) string {
	if len(m) == 0 {
		return "—"
	}
	var keys []string
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	var out bytes.Buffer
	for i, k := range keys {
		if i > 0 {
			out.WriteString(", ")
		}
		fmt.Fprintf(&out, "%s %d", reasonName(events.Reason(k)), m[events.Reason(k)])
	}
	return out.String()
}

// floodHeartbeats signs n heartbeats of kp with sequences far above any
// the log uses, so each is accepted while the node is registered.
func floodHeartbeats(kp nkeys.KeyPair, n int) ([][]byte, error) {
	id := gen.PublicID(kp)
	out := make([][]byte, n)
	for i := range out {
		ev := &events.Event{Src: id, Seq: 1<<40 + uint64(i), TimeMs: 1_800_000_000_000 + int64(i),
			Body: &events.NodeHeartbeatBody{GPUs: []events.GPUSample{}}}
		m, err := events.SignEncode(ev, kp)
		if err != nil {
			return nil, fmt.Errorf("flood: %w", err)
		}
		out[i] = m
	}
	return out, nil
}

// floodJunk is what a node sends that costs no signature verification once
// seen: an exact copy of its accepted registration (duplicate), that
// registration with one signature character changed (bad_signature), and
// bytes that are not an event (schema).
func floodJunk(head [][]byte, id string) ([][]byte, error) {
	for _, m := range head {
		d, err := events.Decode(m)
		if err != nil || d.Src != id || d.Type != events.NodeRegistered {
			continue
		}
		bad := bytes.Clone(m)
		i := bytes.Index(bad, []byte(`"sig":"`)) + len(`"sig":"`) + 10
		bad[i] = map[bool]byte{true: 'B', false: 'A'}[bad[i] == 'A']
		return [][]byte{m, bad, []byte(`{"v":1,"type":"node.heartbeat","junk":true}`)}, nil
	}
	return nil, fmt.Errorf("flood: node %s has no registration in the folded prefix", id)
}

func cycleFlood(msgs [][]byte) func() ([]byte, error) {
	i := 0
	return func() ([]byte, error) { i++; return msgs[i%len(msgs)], nil }
}

// floodWindow publishes steady at q.steadyRate and, when flood is set,
// flood's messages as fast as the stream acknowledges them for f.duration,
// measures the queries meanwhile, waits until everything is folded, and
// reads the verdicts.
func (b *queryBench) floodWindow(ctx context.Context, t *targets, q queryConfig, f floodConfig, steady [][]byte,
	flood func() ([]byte, error), fid string, params *aggregates.Params) (floodWindow, error) {
	var r floodWindow
	var lastAck atomic.Uint64
	bump := func(s uint64) {
		for {
			cur := lastAck.Load()
			if s <= cur || lastAck.CompareAndSwap(cur, s) {
				return
			}
		}
	}
	bump(b.svc.Checkpoint())
	// The fold's progress, every millisecond: when each checkpoint was reached.
	type point struct {
		at time.Time
		cp uint64
	}
	var progress []point
	var maxLag atomic.Int64
	trackCtx, stopTrack := context.WithCancel(ctx)
	tracked := make(chan struct{})
	go func() {
		defer close(tracked)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			cp := b.svc.Checkpoint()
			if len(progress) == 0 || cp > progress[len(progress)-1].cp {
				progress = append(progress, point{time.Now(), cp})
			}
			if lag := int64(lastAck.Load()) - int64(cp); lag > maxLag.Load() {
				maxLag.Store(lag)
			}
			select {
			case <-trackCtx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	start, cpu0 := time.Now(), cputime.Process()
	acks := make([]ackedSeq, 0, len(steady))
	steadyDone := make(chan error, 1)
	go func() {
		steadyDone <- b.publishAcked(ctx, eventlog.SubjectPrefix+"bench", sliceReader(steady), q.steadyRate, time.Time{},
			func(a ackedSeq) { acks = append(acks, a); bump(a.seq) })
	}()
	floodDone := make(chan error, 1)
	var floodSeqs []uint64
	if flood != nil {
		go func() {
			err := b.publishAcked(ctx, eventlog.SubjectPrefix+"flood", flood, 0, start.Add(f.duration),
				func(a ackedSeq) { floodSeqs = append(floodSeqs, a.seq); bump(a.seq) })
			r.floodFor = time.Since(start)
			floodDone <- err
		}()
	} else {
		floodDone <- nil
	}
	r.earner, r.catalog = b.measure(ctx, t, q, f.duration)
	if err := errors.Join(<-steadyDone, <-floodDone); err != nil {
		stopTrack()
		<-tracked
		return r, err
	}
	end := time.Now()
	if err := b.waitFolded(ctx, lastAck.Load()); err != nil {
		stopTrack()
		<-tracked
		return r, err
	}
	r.cpu, r.drain = cputime.Process()-cpu0, time.Since(end)
	stopTrack()
	<-tracked
	if cp := b.svc.Checkpoint(); len(progress) == 0 || cp > progress[len(progress)-1].cp {
		// Folded between the tracker's last sample and its stop.
		progress = append(progress, point{end.Add(r.drain), cp})
	}
	r.maxLag, r.floodSent = maxLag.Load(), len(floodSeqs)

	// Latency of each steady message: from its acknowledgement to the
	// first checkpoint at or past it.
	var lat []time.Duration
	for _, a := range acks {
		i := sort.Search(len(progress), func(i int) bool { return progress[i].cp >= a.seq })
		if i == len(progress) {
			return r, fmt.Errorf("flood: message %d acknowledged but never seen folded", a.seq)
		}
		lat = append(lat, max(0, progress[i].at.Sub(a.at)))
	}
	slices.Sort(lat)
	r.latP50, r.latP99 = percentile(lat, 500), percentile(lat, 990)
	if len(lat) > 0 {
		r.latMax = lat[len(lat)-1]
	}
	return r, b.floodVerdicts(ctx, &r, steady, acks, floodSeqs, fid)
}

// floodVerdicts stops the fold (the ledger's journal is read only while
// nothing folds), counts the verdicts of the window's messages (read in one
// range: the window's messages are the stream's from its first to its last
// acknowledged one), and starts the fold again.
func (b *queryBench) floodVerdicts(ctx context.Context, r *floodWindow, steady [][]byte, acks []ackedSeq, floodSeqs []uint64, fid string) error {
	if err := b.stop(); err != nil {
		return err
	}
	defer b.start(ctx)
	r.floodVerdicts = map[events.Reason]int{}
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for _, a := range acks {
		lo, hi = min(lo, a.seq), max(hi, a.seq)
	}
	for _, s := range floodSeqs {
		lo, hi = min(lo, s), max(hi, s)
	}
	if hi == 0 {
		return nil
	}
	vs, err := b.svc.Ledger().Verdicts(lo, hi)
	if err != nil {
		return err
	}
	for i, a := range acks {
		d, derr := events.Decode(steady[i])
		if derr == nil && d.Src == fid {
			continue
		}
		hb := derr == nil && d.Type == events.NodeHeartbeat
		r.otherSent++
		if hb {
			r.hbSent++
		}
		if vs[a.seq-lo] == events.Accepted {
			r.otherAcc++
			if hb {
				r.hbAcc++
			}
		}
	}
	for _, s := range floodSeqs {
		r.floodVerdicts[vs[s-lo]]++
	}
	return nil
}

func printFlood(w io.Writer, q queryConfig, f floodConfig, fid string, ws []floodWindow) {
	fmt.Fprintf(w, "\nflooding by one authorized node (%s), each window %s of the log's traffic at %d events/s, queries at %d+%d req/s\n",
		fid, f.duration, q.steadyRate, q.earnerRate, q.catalogRate)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "window\tother nodes' heartbeats accepted\tother messages accepted\tingest p50 / p99 / max (ack → folded)\tmax lag\tdrain\tflood events (/s)\tflood verdicts\tCPU per flood event\tearnings p99\tcatalog p99\t")
	base := ws[0]
	for _, r := range ws {
		perFlood := "—"
		if r.floodSent > 0 {
			perFlood = fmt.Sprintf("%.1f µs", float64(r.cpu-base.cpu)/float64(r.floodSent)/1e3)
		}
		rate := "—"
		if r.floodSent > 0 {
			rate = fmt.Sprintf("%d (%.0f/s)", r.floodSent, float64(r.floodSent)/r.floodFor.Seconds())
		}
		fmt.Fprintf(tw, "%s\t%d / %d\t%d / %d\t%s / %s / %s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.name, r.hbAcc, r.hbSent, r.otherAcc, r.otherSent,
			ms(r.latP50), ms(r.latP99), ms(r.latMax), r.maxLag, r.drain.Round(time.Millisecond), rate, verdictCounts(r.floodVerdicts),
			perFlood, ms(r.earner.p99), ms(r.catalog.p99))
	}
	tw.Flush()
	fmt.Fprintf(w, "CPU per flood event: the whole process's CPU (NATS server, publishers, fold, projections, queries) from the window's start until everything was folded, less the baseline window's, ÷ flood events\n")
}
