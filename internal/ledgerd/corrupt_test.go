package ledgerd

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// nodeLog returns total messages the ledger accepts: the chain's
// authorization of a node, the node's registration, then its heartbeats.
func nodeLog(t *testing.T, k e2eKeys, node nkeys.KeyPair, total int) [][]byte {
	t.Helper()
	id := pub(t, node)
	ref := events.ChainRef{Tx: "0x" + strings.Repeat("cd", 32), Block: 7}
	auth := &events.NodeAuthBody{Provider: addr(0), Node: id}
	events.SetChainRef(auth, ref)
	out := []*events.Event{
		{Src: events.ChainSrc, Seq: ref.ChainSeq(), TimeMs: 1, Body: auth},
		{Src: id, Seq: 1, TimeMs: 2, Body: &events.NodeRegisteredBody{Provider: addr(0), Region: "eu",
			GPUs: []events.GPUSpec{{UUID: "GPU-c-0", Model: "NVIDIA H100 80GB HBM3", MemMiB: 81559}}}},
	}
	for i := uint64(2); len(out) < total; i++ {
		out = append(out, &events.Event{Src: id, Seq: i, TimeMs: int64(i), Body: &events.NodeHeartbeatBody{
			GPUs: []events.GPUSample{{GPU: "GPU-c-0", UtilBP: i % 10001, TempC: 61}}}})
	}
	msgs := make([][]byte, len(out))
	for i, ev := range out {
		signer := node
		if ev.Src == events.ChainSrc {
			signer = k.ledger
		}
		m, err := events.SignEncode(ev, signer)
		if err != nil {
			t.Fatal(err)
		}
		msgs[i] = m
	}
	return msgs
}

// publishLog publishes msgs as their sources would: on their subjects, with
// Nats-Msg-Id set to the event id.
func publishLog(ctx context.Context, js jetstream.JetStream, msgs [][]byte) error {
	for _, m := range msgs {
		d, err := events.Decode(m)
		if err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		if _, err := js.Publish(ctx, eventlog.Subject(d.Type, d.Src), m, jetstream.WithMsgID(d.ID())); err != nil {
			return fmt.Errorf("publish %s: %w", d.ID(), err)
		}
	}
	return nil
}

// corruptFixture is a stopped swarmd data directory: the embedded
// JetStream store holds msgs, the ledger has folded the first folded; next
// is the node's following heartbeat, not yet published.
type corruptFixture struct {
	dir    string
	params *aggregates.Params
	msgs   [][]byte
	next   []byte
	folded uint64
}

func newCorruptFixture(ctx context.Context, t *testing.T, total, folded int) *corruptFixture {
	t.Helper()
	k := e2eKeys{ledger: mustKey(t), sched: mustKey(t)}
	log := nodeLog(t, k, mustKey(t), total+1)
	f := &corruptFixture{dir: t.TempDir(), params: e2eParams(t, k), msgs: log[:total], next: log[total], folded: uint64(folded)}
	r := startRunning(ctx, t, Config{DataDir: f.dir, Params: f.params})
	nc, err := nats.Connect(r.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if err := publishLog(ctx, js, f.msgs[:folded]); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first fold", func() bool { return r.Checkpoint() == f.folded })
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if err := publishLog(ctx, js, f.msgs[folded:]); err != nil {
		t.Fatal(err)
	}
	r.Close()
	return f
}

// digest is the events digest of the fixture's first n messages.
func (f *corruptFixture) digest(n uint64) events.Hash {
	var d events.Hash
	for _, m := range f.msgs[:n] {
		d = events.NextDigest(d, events.MessageHash(m))
	}
	return d
}

// clone copies the fixture's data directory for one trial.
func (f *corruptFixture) clone(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(f.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(f.dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// blkRecord is one message's record in a JetStream block file (the
// filestore's layout: total length and flags, sequence, timestamp, subject
// length, subject, header length and headers when present, payload, an
// 8-byte checksum).
type blkRecord struct {
	file    string
	start   int
	regions map[string][2]int // field name → [from, to) in the file
}

const (
	blkHeaderSize = 22
	blkHeadersBit = 1 << 31
	blkChecksum   = 8
)

// findRecord locates stream sequence seq in the SWARM stream's block files.
func findRecord(t *testing.T, dataDir string, seq uint64) blkRecord {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dataDir, "nats", "jetstream", "$G", "streams", eventlog.StreamName, "msgs", "*.blk"))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off+blkHeaderSize <= len(raw); {
			rl := binary.LittleEndian.Uint32(raw[off:])
			if binary.LittleEndian.Uint64(raw[off+4:]) == seq {
				return blkRecord{file: file, start: off, regions: recordRegions(raw[off:], off)}
			}
			off += int(rl &^ blkHeadersBit)
		}
	}
	t.Fatalf("no record of sequence %d in %v", seq, files)
	return blkRecord{}
}

// recordRegions names the fields of the record at the start of rec, which
// begins at offset base of its file.
func recordRegions(rec []byte, base int) map[string][2]int {
	rl := binary.LittleEndian.Uint32(rec)
	slen := int(binary.LittleEndian.Uint16(rec[20:]))
	end := int(rl &^ blkHeadersBit)
	at := func(from, to int) [2]int { return [2]int{base + from, base + to} }
	r := map[string][2]int{"timestamp": at(12, 20), "subject": at(blkHeaderSize, blkHeaderSize+slen), "checksum": at(end-blkChecksum, end)}
	body := blkHeaderSize + slen
	if rl&blkHeadersBit != 0 {
		hlen := int(binary.LittleEndian.Uint32(rec[body:]))
		r["header length"] = at(body, body+4)
		r["headers"] = at(body+4, body+4+hlen)
		body += 4 + hlen
	}
	r["payload"] = at(body, end-blkChecksum)
	return r
}

// flip xors one byte of a file.
func flip(t *testing.T, file string, off int, mask byte) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	raw[off] ^= mask
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// corruption is one flipped byte and what became of it.
type corruption struct {
	seq     uint64
	region  string
	outcome string // "gap", "rejected <reason>", "intact", "refused to start: …"
	failure string // empty when the ledger neither folded past the message nor accepted it corrupted
}

// trial restarts swarmd on dir, whose message seq was corrupted, and
// judges what the ledger did.
func (f *corruptFixture) trial(ctx context.Context, t *testing.T, dir string, seq uint64) corruption {
	t.Helper()
	s, err := Start(ctx, Config{DataDir: dir, Params: f.params, NATSPort: -1, MetricsAddr: "127.0.0.1:0",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return corruption{seq: seq, outcome: "swarmd refused to start: " + err.Error()}
	}
	defer s.Close()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	total, quiet := uint64(len(f.msgs)), 5*time.Second
	if seq == total {
		// The fold reaches the message before the last one at once and
		// waits there; with no traffic behind the missing message, the
		// stall probe must find the gap by itself.
		if ended, err := f.await(s, done, seq-1, 5*time.Second); ended {
			return f.stopped(t, s, seq, err)
		}
		quiet = 2*stallProbe + 5*time.Second
	}
	switch ended, err := f.await(s, done, total, quiet); {
	case ended:
		return f.stopped(t, s, seq, err)
	case s.Checkpoint() == total:
		cancel()
		if err := <-done; err != nil {
			return f.stopped(t, s, seq, err)
		}
		return f.foldedAll(t, s, seq)
	case seq == total && s.Checkpoint() == seq-1:
		return f.lastCorrupted(ctx, t, s, seq, done)
	}
	cancel()
	<-done
	return f.stalled(ctx, s, seq)
}

// await waits up to within for Run to end or the checkpoint to reach want.
func (f *corruptFixture) await(s *Service, done <-chan error, want uint64, within time.Duration) (ended bool, err error) {
	deadline := time.After(within)
	for s.Checkpoint() != want {
		select {
		case err := <-done:
			return true, err
		case <-deadline:
			return false, nil
		case <-time.After(10 * time.Millisecond):
		}
	}
	return false, nil
}

// lastCorrupted judges a fold still waiting after the message before the
// corrupted one, which was the stream's last, after the stall probe had
// time to find the gap: a failure. The node's next heartbeat is published,
// as live traffic would, to tell how the ledger fares then.
func (f *corruptFixture) lastCorrupted(ctx context.Context, t *testing.T, s *Service, seq uint64, done <-chan error) corruption {
	t.Helper()
	nc, err := nats.Connect(s.NATSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if err := publishLog(ctx, js, [][]byte{f.next}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		c := f.stopped(t, s, seq, err)
		if c.outcome == "gap" {
			c.outcome = "gap at the next message"
			c.failure = fmt.Sprintf("no alarm in %s while the stream's last message was missing; the gap was only seen when the next message arrived", 2*stallProbe+5*time.Second)
		}
		return c
	case <-time.After(10 * time.Second):
		return corruption{seq: seq, outcome: "stalled", failure: fmt.Sprintf("a message after the corrupted last one, and still no alarm at %d", s.Checkpoint())}
	}
}

// stopped judges a fold that stopped by itself: at a gap, the ledger must
// hold exactly the messages before the corrupted one and say so in metrics.
func (f *corruptFixture) stopped(t *testing.T, s *Service, seq uint64, err error) corruption {
	t.Helper()
	c := corruption{seq: seq, outcome: "stopped: " + err.Error()}
	if !errors.Is(err, eventlog.ErrGap) {
		return c
	}
	c.outcome = "gap"
	v := s.Ledger().View()
	gaps, folding := metricValue(t, s.MetricsURL, "swarm_ledger_gaps_total"), metricValue(t, s.MetricsURL, "swarm_ledger_folding")
	switch {
	case v.Position != seq-1:
		c.failure = fmt.Sprintf("stopped at %d, the corrupted message is %d", v.Position, seq)
	case v.Digest != f.digest(seq-1):
		c.failure = "the messages folded before the gap differ from those published"
	case gaps != 1 || folding != 0:
		c.failure = fmt.Sprintf("swarm_ledger_gaps_total %v, swarm_ledger_folding %v", gaps, folding)
	}
	return c
}

// foldedAll judges a fold that reached the end of the stream: the
// corrupted message must have been delivered as other bytes and rejected,
// or delivered intact; every other message stays accepted.
func (f *corruptFixture) foldedAll(t *testing.T, s *Service, seq uint64) corruption {
	t.Helper()
	l := s.Ledger()
	verdicts, err := l.Verdicts(f.folded+1, uint64(len(f.msgs)))
	if err != nil {
		t.Fatal(err)
	}
	c := corruption{seq: seq}
	for i, r := range verdicts {
		if pos := f.folded + 1 + uint64(i); pos != seq && r != events.Accepted {
			c.failure = fmt.Sprintf("message %d, not corrupted, was rejected as %s", pos, r)
		}
	}
	r := verdicts[seq-f.folded-1]
	switch {
	case l.View().Digest == f.digest(uint64(len(f.msgs))):
		c.outcome = "intact"
	case r == events.Accepted:
		c.outcome, c.failure = "accepted", fmt.Sprintf("message %d was delivered corrupted and accepted as valid", seq)
	default:
		c.outcome = "rejected " + string(r)
	}
	return c
}

// stalled judges a fold that neither stopped nor reached the stream's
// original end: messages vanished without the ledger noticing.
func (f *corruptFixture) stalled(ctx context.Context, s *Service, seq uint64) corruption {
	last := "unknown"
	if info, err := s.stream.Info(ctx); err == nil {
		last = strconv.FormatUint(info.State.LastSeq, 10)
	}
	return corruption{seq: seq, outcome: "stalled",
		failure: fmt.Sprintf("the ledger waits at %d without an alarm; the stream ends at %s of %d published", s.Checkpoint(), last, len(f.msgs))}
}

// metricValue reads one unlabelled series from a /metrics page.
func metricValue(t *testing.T, url, name string) float64 {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("%s lacks %s", url, name)
	return 0
}

// flipper picks the byte of a region [from, to) to flip and its mask.
type flipper func(span [2]int) (off int, mask byte)

// middleOf flips bit 4 of a region's middle byte; firstOf of its first.
func middleOf(span [2]int) (int, byte) { return (span[0] + span[1]) / 2, 0x10 }
func firstOf(span [2]int) (int, byte)  { return span[0], 0x10 }

// anyOf flips a random byte of the region with a random mask.
func anyOf(rng *rand.Rand) flipper {
	return func(span [2]int) (int, byte) { return span[0] + rng.IntN(span[1]-span[0]), byte(1 + rng.IntN(255)) }
}

// corruptAt flips one byte of region of message seq in a clone of the
// fixture and runs the trial.
func (f *corruptFixture) corruptAt(ctx context.Context, t *testing.T, seq uint64, region string, pick flipper) corruption {
	t.Helper()
	dir := f.clone(t)
	rec := findRecord(t, dir, seq)
	span, ok := rec.regions[region]
	if !ok {
		t.Fatalf("message %d has no %s", seq, region)
	}
	off, mask := pick(span)
	flip(t, rec.file, off, mask)
	c := f.trial(ctx, t, dir, seq)
	c.region = region
	os.RemoveAll(dir)
	return c
}

// corruptRegions are the parts of a stored message a random flip hits,
// weighted by their size: its subject, headers and payload as published,
// the timestamp and header length the server adds, and the checksum. The
// record's length, sequence and subject-length fields are framing and left
// out: nats-server 2.15 truncates the block at a record whose lengths are
// wrong (the stream then simply ends before it), and a wrong sequence can
// make it allocate gigabytes while it starts.
var corruptRegions = []string{"timestamp", "subject", "header length", "headers", "payload", "checksum"}

// randomRegion picks a region of message seq with probability proportional
// to its size.
func randomRegion(t *testing.T, rec blkRecord, rng *rand.Rand) string {
	t.Helper()
	total := 0
	for _, r := range corruptRegions {
		total += rec.regions[r][1] - rec.regions[r][0]
	}
	n := rng.IntN(total)
	for _, r := range corruptRegions {
		if n -= rec.regions[r][1] - rec.regions[r][0]; n < 0 {
			return r
		}
	}
	return corruptRegions[len(corruptRegions)-1]
}

// One byte flipped inside a message of the stream's block file, the
// embedded server stopped cleanly beforehand and restarted after: whatever
// nats-server makes of it (drops the message when its checksum fails, or
// delivers other bytes), the ledger must stop at the gap or reject the
// message, never fold past it nor accept it. Three fixed flips always run
// (a payload byte, the header length's low byte, a payload byte of the
// stream's last message); SWARM_CHAOS_CORRUPT_TRIALS adds that many flips
// of random bytes of random messages.
func TestCorruptedBlockIsDetected(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	const total, folded = 60, 20
	f := newCorruptFixture(ctx, t, total, folded)
	results := []corruption{
		f.corruptAt(ctx, t, 40, "payload", middleOf),
		f.corruptAt(ctx, t, 41, "header length", firstOf),
		f.corruptAt(ctx, t, total, "payload", middleOf),
	}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 5))
	for range envCount(t, "SWARM_CHAOS_CORRUPT_TRIALS") {
		seq := uint64(folded + 1 + rng.IntN(total-folded))
		region := randomRegion(t, findRecord(t, f.dir, seq), rng)
		results = append(results, f.corruptAt(ctx, t, seq, region, anyOf(rng)))
	}
	t.Logf("CHAOS: a flipped byte in a JetStream block file: %s", corruptionFigure(results))
	for _, c := range results {
		if c.failure != "" {
			t.Errorf("message %d, %s byte flipped (seed %d): %s: %s", c.seq, c.region, seed, c.outcome, c.failure)
		}
	}
}

// corruptionFigure summarizes the trials: how many were caught, and how.
func corruptionFigure(results []corruption) string {
	caught, kinds := 0, map[string]int{}
	for _, c := range results {
		if c.failure == "" {
			caught++
		}
		kinds[c.outcome]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		parts = append(parts, fmt.Sprintf("%d %s", kinds[k], describeOutcome(k)))
	}
	return fmt.Sprintf("%d/%d detected, %d folded past or accepted (%s)",
		caught, len(results), len(results)-caught, strings.Join(parts, "; "))
}

func describeOutcome(k string) string {
	switch {
	case k == "gap":
		return "dropped by nats-server on read (checksum or record check) → gap, the ledger stopped folding (swarm_ledger_gaps_total 1)"
	case k == "gap at the next message":
		return "the stream's last message, dropped the same way → no alarm (lag 1) until the next message arrived, then gap, stopped"
	case strings.HasPrefix(k, "rejected "):
		return "delivered corrupted by nats-server → rejected by the ledger as " + strings.TrimPrefix(k, "rejected ")
	case k == "intact":
		return "delivered intact"
	}
	return k
}

// envCount reads a non-negative count from the environment (default 0).
func envCount(t *testing.T, name string) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a count", name, v)
	}
	return n
}
