package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	sjs "github.com/swarm-ledger/swarm/internal/jetstream"
	"github.com/swarm-ledger/swarm/internal/replay"
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

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

type daemon struct {
	cmd         *exec.Cmd
	natsPort    int
	metricsPort int
}

func startDaemon(t *testing.T, dir string, natsPort, metricsPort int) *daemon {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SWARMD_AS_MAIN=1", fmt.Sprintf(
		"SWARMD_ARGS=run --data %s --params %sparams.json --nats-port %d --metrics 127.0.0.1:%d --api= --batch 1",
		dir, s1, natsPort, metricsPort))
	cmd.Stderr = os.Stderr
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	} else {
		cmd.Stderr = nil
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &daemon{cmd, natsPort, metricsPort}
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

// swarmd is SIGKILLed at random points while it ingests; after each restart
// it resumes from its checkpoint, and the final state hash equals a
// fault-free fold of the same stream: nothing lost, nothing applied twice.
func TestSIGKILLDuringIngest(t *testing.T) {
	kills := 4
	if v := os.Getenv("SWARM_CRASH_KILLS"); v != "" {
		kills, _ = strconv.Atoi(v)
	}
	params, err := aggregates.LoadParams(s1 + "params.json")
	if err != nil {
		t.Fatal(err)
	}
	msgs, _ := events.ReadExportFile(s1 + "log.ndjson")
	fill := 4000
	if v := os.Getenv("SWARM_CRASH_FILLER"); v != "" {
		fill, _ = strconv.Atoi(v)
	}
	msgs = append(msgs, filler(t, fill)...)

	dir := t.TempDir()
	d := startDaemon(t, dir, freePort(t), freePort(t))
	waitUp(t, d)
	nc, err := nats.Connect(fmt.Sprintf("nats://127.0.0.1:%d", d.natsPort))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := nc.JetStream(nats.PublishAsyncMaxPending(4096))
	for i, m := range msgs {
		if _, err := js.PublishAsync(sjs.SubjectPrefix+"raw", m); err != nil {
			t.Fatal(err)
		}
		if i%2000 == 1999 || i == len(msgs)-1 {
			select {
			case <-js.PublishAsyncComplete():
			case <-time.After(60 * time.Second):
				t.Fatal("publishing timed out")
			}
		}
	}
	nc.Close()
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 3))
	t.Logf("seed %d", seed)
	var killedAt []uint64
	for range kills {
		time.Sleep(time.Duration(20+rng.IntN(150)) * time.Millisecond)
		cp, _ := d.checkpoint()
		if cp >= uint64(len(msgs)) {
			break
		}
		d.kill()
		killedAt = append(killedAt, cp)
		d = startDaemon(t, dir, d.natsPort, d.metricsPort)
		waitUp(t, d)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if cp, _ := d.checkpoint(); cp == uint64(len(msgs)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the ledger did not catch up after the kills")
		}
		time.Sleep(20 * time.Millisecond)
	}
	d.stop()
	t.Logf("killed at checkpoints %v", killedAt)
	if len(killedAt) == 0 {
		t.Fatal("no kill happened mid-ingest")
	}

	crashed, err := aggregates.Open(dir+"/ledger", params)
	if err != nil {
		t.Fatal(err)
	}
	defer crashed.Close()
	clean, _ := aggregates.Open("", params)
	defer clean.Close()
	if _, err := replay.Run(context.Background(), clean, replay.Messages(msgs), replay.Options{}); err != nil {
		t.Fatal(err)
	}
	h1, _ := crashed.StateHash()
	h2, _ := clean.StateHash()
	if h1 != h2 || crashed.Position() != uint64(len(msgs)) {
		t.Fatalf("after %d kills (seed %d): state %s at %d, fault-free %s", len(killedAt), seed, h1, crashed.Position(), h2)
	}
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
