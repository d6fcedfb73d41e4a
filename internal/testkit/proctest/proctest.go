// Package proctest is for tests of commands: it runs a command's main from
// the test binary itself (its TestMain starts main when it sees its
// variable in the environment), keeps everything the process writes, and
// looks for secrets in that output.
package proctest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Proc is the running command, with everything it writes to stdout and
// stderr.
type Proc struct {
	Cmd  *exec.Cmd
	name string
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
}

// Start runs this test binary again, with no tests and with env added to
// the environment, as the command name; the process is killed when the
// test ends.
func Start(t testing.TB, name string, env ...string) *Proc {
	t.Helper()
	p := &Proc{Cmd: exec.Command(os.Args[0], "-test.run=^$"), name: name, done: make(chan error, 1)}
	p.Cmd.Env = append(os.Environ(), env...)
	p.Cmd.Stdout, p.Cmd.Stderr = p, p
	if err := p.Cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.Cmd.Wait() }()
	t.Cleanup(func() { p.Cmd.Process.Kill() })
	return p
}

// StartCmd starts cmd, another program, as the command name, keeping what
// it writes to stdout and stderr; the process is killed, and waited for,
// when the test ends.
func StartCmd(t testing.TB, name string, cmd *exec.Cmd) *Proc {
	t.Helper()
	p := &Proc{Cmd: cmd, name: name, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p, p
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		p.done <- cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	return p
}

func (p *Proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

// Output is what the process has written so far.
func (p *Proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Done receives the process's exit.
func (p *Proc) Done() <-chan error { return p.done }

// Wait waits up to d for the process to exit and returns how it exited; a
// process still running then fails the test.
func (p *Proc) Wait(t testing.TB, d time.Duration) error {
	t.Helper()
	select {
	case err := <-p.done:
		return err
	case <-time.After(d):
		t.Fatalf("%s still running after %s:\n%s", p.name, d, p.Output())
		return nil
	}
}

// Leaks names the secrets of which output holds any 12-character piece.
func Leaks(output string, secrets map[string]string) []string {
	var found []string
	for name, s := range secrets {
		for i := 0; i+12 <= len(s); i++ {
			if strings.Contains(output, s[i:i+12]) {
				found = append(found, fmt.Sprintf("%s (%q at offset %d)", name, s[i:i+12], i))
				break
			}
		}
	}
	return found
}
