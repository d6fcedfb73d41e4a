package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/ingest"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
	"github.com/swarm-ledger/swarm/projections"
)

// TestMain lets the test binary run as swarmd, so crash tests can SIGKILL a
// real swarmd process.
func TestMain(m *testing.M) {
	if os.Getenv("SWARMD_AS_MAIN") == "1" {
		os.Args = append([]string{"swarmd"}, strings.Fields(os.Getenv("SWARMD_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const s1 = "../../testdata/conformance/s1/"

type daemon struct {
	cmd         *exec.Cmd
	natsPort    int
	metricsPort int
	apiPort     int
}

func startDaemon(t *testing.T, dir string, natsPort, metricsPort, apiPort int) *daemon {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SWARMD_AS_MAIN=1", fmt.Sprintf(
		"SWARMD_ARGS=run --data %s --params %sparams.json --nats-port %d --metrics 127.0.0.1:%d --api 127.0.0.1:%d --batch 1",
		dir, s1, natsPort, metricsPort, apiPort))
	if os.Getenv("SWARM_CRASH_DAEMON_LOG") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemon{cmd, natsPort, metricsPort, apiPort}
	t.Cleanup(d.kill) // a failed test leaves no swarmd behind
	return d
}

// restart starts a new swarmd on the same data directory and ports.
func (d *daemon) restart(t *testing.T, dir string) *daemon {
	t.Helper()
	n := startDaemon(t, dir, d.natsPort, d.metricsPort, d.apiPort)
	waitUp(t, n)
	return n
}

// checkpoint reads swarm_ledger_checkpoint from the daemon's metrics.
func (d *daemon) checkpoint() (uint64, bool) {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", d.metricsPort))
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "swarm_ledger_checkpoint "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return uint64(f), err == nil
		}
	}
	return 0, false
}

// committedHash reads the committed state hash and the checkpoint it is of
// from GET /v1/state, polling while the API listener comes up.
func (d *daemon) committedHash() (uint64, string, error) {
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var st projections.State
		if st, err = d.state(); err == nil && st.StateHash != "" {
			return st.StateHashAt, st.StateHash, nil
		}
	}
	return 0, "", fmt.Errorf("no state hash from swarmd: %w", err)
}

func (d *daemon) state() (projections.State, error) {
	var st projections.State
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/v1/state", d.apiPort))
	if err != nil {
		return st, fmt.Errorf("GET /v1/state: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /v1/state: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("GET /v1/state: %w", err)
	}
	return st, nil
}

func (d *daemon) kill() {
	d.cmd.Process.Signal(syscall.SIGKILL)
	d.cmd.Wait()
}

func (d *daemon) stop() {
	d.cmd.Process.Signal(syscall.SIGTERM)
	d.cmd.Wait()
}

func waitUp(t *testing.T, d *daemon) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok := d.checkpoint(); ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("swarmd did not come up")
}

// waitCheckpoint polls until the checkpoint reaches at least pos.
func waitCheckpoint(t *testing.T, d *daemon, pos uint64, within time.Duration) uint64 {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if cp, _ := d.checkpoint(); cp >= pos {
			return cp
		}
		if time.Now().After(deadline) {
			t.Fatalf("the checkpoint did not reach %d within %s", pos, within)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// restartState is what one restarted swarmd had committed: its state hash
// at a checkpoint, read before it folded further.
type restartState struct {
	killedAt, at uint64
	hash         string
}

// swarmd is SIGKILLed at random points while it ingests a stream already in
// its JetStream store (SWARM_CRASH_KILLS kill points, drawn uniformly over
// the conformance log plus SWARM_CRASH_FILLER messages). After each restart
// the committed state hash equals a fault-free fold of the same prefix, and
// the final state equals a fault-free fold of the whole stream: nothing
// lost, nothing applied twice.
func TestSIGKILLDuringIngest(t *testing.T) {
	kills := envInt(t, "SWARM_CRASH_KILLS", 4)
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := events.ReadExportFile(s1 + "log.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	msgs = append(msgs, filler(t, envInt(t, "SWARM_CRASH_FILLER", 4000))...)
	dir := t.TempDir()
	prepublish(t, dir+"/nats", msgs)
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	start := time.Now()
	restarts := killDuringIngest(t, dir, uint64(len(msgs)), killPoints(seed, kills, uint64(len(msgs))))
	t.Logf("ingest with %d kills took %s; killed at / restarted at: %s", len(restarts), time.Since(start).Round(time.Second), positions(restarts))
	if len(restarts) != kills {
		t.Fatalf("seed %d: %d of %d kills happened mid-ingest", seed, len(restarts), kills)
	}
	crashed, err := aggregates.Open(dir+"/ledger", params)
	if err != nil {
		t.Fatal(err)
	}
	defer crashed.Close()
	final, err := crashed.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	match := matchFaultFree(t, params, msgs, append(restarts, restartState{at: crashed.Position(), hash: final.String()}))
	good := 0
	for _, ok := range match[:kills] {
		if ok {
			good++
		}
	}
	verdict := "equals"
	if !match[kills] {
		verdict = "DIFFERS from"
	}
	t.Logf("CHAOS: swarmd SIGKILL during a %d-event ingest: %d/%d restarts reached the fault-free state hash; the final state (%d/%d folded) %s the fault-free fold",
		len(msgs), good, kills, crashed.Position(), len(msgs), verdict)
	if good != kills || !match[kills] || crashed.Position() != uint64(len(msgs)) {
		t.Fatalf("seed %d: %d/%d restarts and the final state (%v, at %d) equal the fault-free fold", seed, good, kills, match[kills], crashed.Position())
	}
}

func positions(rs []restartState) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, " %d/%d", r.killedAt, r.at)
	}
	return strings.TrimSpace(b.String())
}

// prepublish writes msgs to the SWARM stream of a JetStream store, so
// swarmd's whole ingest of them can be killed into. The server syncs on
// shutdown rather than on every message: only the setup is faster, the
// store swarmd opens is the same.
func prepublish(t *testing.T, storeDir string, msgs [][]byte) {
	t.Helper()
	srv, err := server.NewServer(&server.Options{ServerName: "swarmd", Host: "127.0.0.1", Port: -1,
		JetStream: true, StoreDir: storeDir, NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("JetStream server for the stream not ready")
	}
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if err := publishAll(nc, msgs); err != nil {
		t.Fatal(err)
	}
}

func publishAll(nc *nats.Conn, msgs [][]byte) error {
	jsm, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := eventlog.EnsureStream(ctx, jsm, eventlog.StreamConfig(1, 2*time.Hour)); err != nil {
		return err
	}
	js, _ := nc.JetStream(nats.PublishAsyncMaxPending(4096))
	for i, m := range msgs {
		if _, err := js.PublishAsync(eventlog.SubjectPrefix+"raw", m); err != nil {
			return fmt.Errorf("publish %d: %w", i+1, err)
		}
		if i%2000 == 1999 || i == len(msgs)-1 {
			select {
			case <-js.PublishAsyncComplete():
			case <-ctx.Done():
				return fmt.Errorf("publishing: %w", ctx.Err())
			}
		}
	}
	info, err := js.StreamInfo(eventlog.StreamName)
	if err != nil {
		return fmt.Errorf("stream info: %w", err)
	}
	if info.State.LastSeq != uint64(len(msgs)) {
		return fmt.Errorf("stream holds %d messages, %d published", info.State.LastSeq, len(msgs))
	}
	return nil
}

// killPoints draws n checkpoints, sorted, over the first 90% of a stream of
// total messages (the rest leaves room for the kill's jitter).
func killPoints(seed uint64, n int, total uint64) []uint64 {
	rng := rand.New(rand.NewPCG(seed, 3))
	span := max(total*9/10, 2)
	pts := make([]uint64, n)
	for i := range pts {
		pts[i] = 1 + rng.Uint64N(span-1)
	}
	slices.Sort(pts)
	return pts
}

// killDuringIngest runs swarmd over dir, SIGKILLs it once its checkpoint
// passes each kill point (after a random jitter of up to 10 ms), restarts it
// and records the restarted state; then waits for the whole stream to fold
// and stops swarmd.
func killDuringIngest(t *testing.T, dir string, total uint64, points []uint64) []restartState {
	t.Helper()
	d := startDaemon(t, dir, proctest.FreePort(t), proctest.FreePort(t), proctest.FreePort(t))
	waitUp(t, d)
	jitter := rand.New(rand.NewPCG(points[0], uint64(len(points))))
	var out []restartState
	for _, p := range points {
		waitCheckpoint(t, d, p, 2*time.Minute)
		time.Sleep(time.Duration(jitter.IntN(10_000)) * time.Microsecond)
		cp, _ := d.checkpoint()
		if cp >= total {
			break
		}
		d.kill()
		d = d.restart(t, dir)
		at, hash, err := d.committedHash()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, restartState{killedAt: cp, at: at, hash: hash})
	}
	waitCheckpoint(t, d, total, 5*time.Minute)
	d.stop()
	return out
}

// matchFaultFree folds msgs on a fresh in-memory ledger, stopping at every
// position a state was recorded at, and reports for each state whether its
// hash equals the fault-free one.
func matchFaultFree(t *testing.T, params *aggregates.Params, msgs [][]byte, states []restartState) []bool {
	t.Helper()
	order := make([]int, len(states))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(states[a].at, states[b].at) })
	clean, err := aggregates.Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	defer clean.Close()
	match := make([]bool, len(states))
	for _, i := range order {
		s := states[i]
		src := ingest.Batched(ingest.Messages(msgs[clean.Position():s.at]))
		if _, err := ingest.RunBatches(context.Background(), clean, src, ingest.Options{}, ingest.Stats{}); err != nil {
			t.Fatal(err)
		}
		h, err := clean.StateHash()
		if err != nil {
			t.Fatal(err)
		}
		if match[i] = s.hash == h.String(); !match[i] {
			t.Errorf("killed at %d, restarted at %d: state %s, fault-free %s", s.killedAt, s.at, s.hash, h)
		}
	}
	return match
}

// filler returns n signed heartbeats of a node the ledger does not know:
// valid messages that the ledger folds (as unknown_node rejections), to make
// ingest long enough to kill at random points.
func filler(t *testing.T, n int) [][]byte {
	t.Helper()
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	src, _ := kp.PublicKey()
	out := make([][]byte, n)
	for i := range out {
		ev := &events.Event{Src: src, Seq: uint64(i + 1), TimeMs: int64(i), Body: &events.NodeHeartbeatBody{}}
		if out[i], err = events.SignEncode(ev, kp); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
