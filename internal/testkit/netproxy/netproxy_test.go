package netproxy

import (
	"bufio"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// echo starts an upstream that echoes each line back.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	return ln.Addr().String()
}

func start(t *testing.T, upstream string) *Proxy {
	t.Helper()
	p, err := New(upstream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// roundTrip sends a line through c and reads it back.
func roundTrip(c net.Conn, line string) error {
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.WriteString(c, line+"\n"); err != nil {
		return err
	}
	got, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if got != line+"\n" {
		return errors.New("echo differs: " + got)
	}
	return nil
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestForwardsBothWays(t *testing.T) {
	p := start(t, echo(t))
	c := dial(t, p)
	for _, line := range []string{"one", "two", "three"} {
		if err := roundTrip(c, line); err != nil {
			t.Fatal(err)
		}
	}
	if acc, ref := p.Stats(); acc != 1 || ref != 0 {
		t.Fatalf("stats %d accepted %d refused, want 1 and 0", acc, ref)
	}
}

// Cut closes open connections and refuses new ones; Heal lets new ones
// through again.
func TestCutAndHeal(t *testing.T) {
	p := start(t, echo(t))
	old := dial(t, p)
	if err := roundTrip(old, "before"); err != nil {
		t.Fatal(err)
	}
	p.Cut()
	if !p.IsCut() {
		t.Fatal("IsCut false after Cut")
	}
	if err := roundTrip(old, "during"); err == nil {
		t.Fatal("an open connection survived the cut")
	}
	if err := roundTrip(dial(t, p), "refused"); err == nil {
		t.Fatal("a new connection passed a cut proxy")
	}
	p.Heal()
	if err := roundTrip(dial(t, p), "after"); err != nil {
		t.Fatalf("after heal: %v", err)
	}
	if _, ref := p.Stats(); ref != 1 {
		t.Fatalf("%d connections refused, want 1", ref)
	}
}

// A dead upstream closes the accepted connection.
func TestUpstreamDown(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	p := start(t, addr)
	if err := roundTrip(dial(t, p), "nobody"); err == nil {
		t.Fatal("a connection to a dead upstream carried data")
	}
}

// Close ends every connection and returns once the proxy's goroutines have.
func TestClose(t *testing.T) {
	p := start(t, echo(t))
	c := dial(t, p)
	if err := roundTrip(c, "x"); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := roundTrip(c, "y"); err == nil {
		t.Fatal("a connection survived Close")
	}
	if _, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		t.Fatal("a closed proxy still listens")
	}
}
