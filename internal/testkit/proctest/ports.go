package proctest

import (
	"net"
	"strconv"
	"sync"
	"testing"
)

// handedOut holds every address FreeAddr returned: a port freed by its
// probe listener may be offered again by the kernel, and two processes
// configured with one port would fight over it for the rest of a test.
var handedOut sync.Map

// FreeAddr returns a loopback address (127.0.0.1:port) free when probed and
// never returned before in this test binary, for a process to listen on.
func FreeAddr(t testing.TB) string {
	t.Helper()
	for {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		if _, taken := handedOut.LoadOrStore(addr, true); !taken {
			return addr
		}
	}
}

// FreePort is FreeAddr's port.
func FreePort(t testing.TB) int {
	t.Helper()
	_, p, err := net.SplitHostPort(FreeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return port
}
