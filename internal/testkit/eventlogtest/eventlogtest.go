// Package eventlogtest starts real NATS JetStream servers for tests: a three-server
// cluster on loopback routes.
package eventlogtest

import (
	"fmt"
	"net"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// Cluster starts three JetStream servers on loopback, routed to each other,
// and shuts them down when the test ends.
func Cluster(t testing.TB) []*server.Server {
	t.Helper()
	ports := make([]int, 3)
	routes := make([]string, 3)
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		routes[i] = fmt.Sprintf("nats-route://127.0.0.1:%d", ports[i])
	}
	servers := make([]*server.Server, 3)
	errs := make(chan error, 3)
	for i := range servers {
		go func() {
			s, err := eventlog.StartServer(eventlog.ServerConfig{
				Name: fmt.Sprintf("n%d", i), Port: -1, StoreDir: t.TempDir(),
				Cluster: &eventlog.ClusterConfig{Name: "swarm", Host: "127.0.0.1", Port: ports[i], Routes: routes},
			})
			servers[i] = s
			errs <- err
		}()
	}
	for range servers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, s := range servers {
			if s != nil {
				s.Shutdown()
			}
		}
	})
	return servers
}

// KillConnected shuts down the one server whose client URL is url (the
// server a client is connected to) and returns it. The victim is chosen
// before anything stops, so a client that fails over mid-call cannot draw a
// second server into the kill.
func KillConnected(t testing.TB, servers []*server.Server, url string) *server.Server {
	t.Helper()
	for _, s := range servers {
		if s.ClientURL() == url {
			s.Shutdown()
			return s
		}
	}
	t.Fatalf("no server serves %s", url)
	return nil
}
