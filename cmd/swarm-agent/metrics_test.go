package main

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nkeys"
)

// spoolDepth reads swarm_agent_spool_messages from url; ok is false while
// the listener is not up.
func spoolDepth(url string) (float64, bool) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "swarm_agent_spool_messages "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

// swarm-agent with --metrics and no NATS server to reach: its /metrics
// shows the spool filling with heartbeats it cannot publish.
func TestMetricsShowSpoolWithNATSDown(t *testing.T) {
	kp, _ := nkeys.CreateUser()
	seed, _ := kp.Seed()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "node.nk")
	if err := os.WriteFile(keyFile, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	// Two free loopback ports: one nobody listens on (NATS down), one for
	// the metrics listener.
	free := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().String()
	}
	natsAddr, metricsAddr := free(), free()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	o := options{natsURL: "nats://" + natsAddr, keyFile: keyFile, provider: "0x" + strings.Repeat("11", 20),
		source: "sim", gpus: 1, models: "NVIDIA H100 80GB HBM3", seed: 1, interval: 10 * time.Millisecond,
		spool: filepath.Join(dir, "spool"), metrics: metricsAddr}
	done := make(chan error, 1)
	runCtx, stop := context.WithCancel(ctx)
	go func() { done <- run(runCtx, o) }()
	url := "http://" + metricsAddr + "/metrics"
	for {
		if n, ok := spoolDepth(url); ok && n >= 20 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("swarm-agent ended: %v", err)
		case <-ctx.Done():
			t.Fatal("the spool never filled while NATS was down")
		case <-time.After(20 * time.Millisecond):
		}
	}
	stop()
	<-done
}
