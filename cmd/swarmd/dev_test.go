package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// `swarmd dev` prints the URLs and progress lines, and on SIGINT stops
// cleanly, exits 0 and says where the run's data is.
func TestDevInterrupted(t *testing.T) {
	data := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SWARMD_AS_MAIN=1", "SWARMD_ARGS=dev --data "+data+
		" --epoch 2s --api 127.0.0.1:0 --metrics 127.0.0.1:0 --rpc 127.0.0.1:0 --nats-port -1 --duration 2m")
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var mu sync.Mutex
	var out strings.Builder
	progress := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			mu.Lock()
			out.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if strings.Contains(sc.Text(), "epochs closed") {
				select {
				case progress <- struct{}{}:
				default:
				}
			}
		}
	}()
	output := func() string { mu.Lock(); defer mu.Unlock(); return out.String() }
	select {
	case <-progress:
	case <-done:
		t.Fatalf("swarmd dev exited early:\n%s", output())
	case <-time.After(30 * time.Second):
		t.Fatalf("no progress line within 30s:\n%s", output())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { <-done; exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGINT: %v\n%s", err, output())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("still running 20s after SIGINT:\n%s", output())
	}
	run := filepath.Join(data, "run-001")
	for _, want := range []string{"dashboard  http://127.0.0.1:", "chain RPC  http://127.0.0.1:", "bin/swarmctl earnings 0x",
		"Stopped. This run's data is in " + run} {
		if !strings.Contains(output(), want) {
			t.Errorf("output lacks %q:\n%s", want, output())
		}
	}
	if _, err := os.Stat(filepath.Join(run, "ledger")); err != nil {
		t.Errorf("the run's ledger: %v", err)
	}
}
