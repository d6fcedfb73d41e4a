// Package netproxy forwards TCP connections on loopback to an upstream
// address so tests can break the network between real servers: Cut closes
// every connection through the proxy and refuses new ones until Heal.
//
// A proxy stands for one direction of one link (clients to a server, or one
// server's routes to another); cutting both directions of every link of a
// server isolates it.
package netproxy

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// dialTimeout bounds a connection attempt to the upstream.
const dialTimeout = 2 * time.Second

// Proxy accepts connections and copies bytes both ways between each and a
// new connection to the upstream address.
type Proxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	cut      bool
	closed   bool
	pairs    map[*pair]struct{}
	wg       sync.WaitGroup
	accepted int
	refused  int
}

// pair is one proxied connection: the accepted side and the upstream side.
type pair struct{ down, up net.Conn }

func (p *pair) close() {
	p.down.Close()
	p.up.Close()
}

// New listens on a free loopback port and forwards to upstream.
func New(upstream string) (*Proxy, error) { return Listen("127.0.0.1:0", upstream) }

// Listen listens on addr and forwards to upstream.
func Listen(addr, upstream string) (*Proxy, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("netproxy: listen %s: %w", addr, err)
	}
	p := &Proxy{ln: ln, upstream: upstream, pairs: map[*pair]struct{}{}}
	p.wg.Add(1)
	go p.acceptLoop()
	return p, nil
}

// Addr is the proxy's listen address (host:port).
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Cut closes every open connection through the proxy and refuses new ones
// (accepted and closed at once) until Heal.
func (p *Proxy) Cut() {
	p.mu.Lock()
	p.cut = true
	pairs := p.takePairs()
	p.mu.Unlock()
	for _, c := range pairs {
		c.close()
	}
}

// Heal lets connections through again.
func (p *Proxy) Heal() {
	p.mu.Lock()
	p.cut = false
	p.mu.Unlock()
}

// IsCut reports whether the proxy refuses connections.
func (p *Proxy) IsCut() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut
}

// Stats returns how many connections were forwarded and refused so far.
func (p *Proxy) Stats() (accepted, refused int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted, p.refused
}

// Close stops listening, closes every connection and waits for the
// proxy's goroutines.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	pairs := p.takePairs()
	p.mu.Unlock()
	err := p.ln.Close()
	for _, c := range pairs {
		c.close()
	}
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// takePairs empties the set of open pairs; p.mu must be held.
func (p *Proxy) takePairs() []*pair {
	out := make([]*pair, 0, len(p.pairs))
	for c := range p.pairs {
		out = append(out, c)
	}
	clear(p.pairs)
	return out
}

func (p *Proxy) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		p.wg.Add(1)
		go p.serve(c)
	}
}

// serve forwards one accepted connection until either side closes.
func (p *Proxy) serve(down net.Conn) {
	defer p.wg.Done()
	if !p.admit() {
		down.Close()
		return
	}
	up, err := net.DialTimeout("tcp", p.upstream, dialTimeout)
	if err != nil {
		down.Close()
		return
	}
	c := &pair{down: down, up: up}
	if !p.register(c) {
		c.close()
		return
	}
	done := make(chan struct{})
	go func() {
		io.Copy(up, down)
		c.close()
		close(done)
	}()
	io.Copy(down, up)
	c.close()
	<-done
	p.unregister(c)
}

// admit counts an accepted connection and reports whether it may pass.
func (p *Proxy) admit() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut || p.closed {
		p.refused++
		return false
	}
	p.accepted++
	return true
}

// register records an open pair unless the proxy was cut or closed while
// it dialed.
func (p *Proxy) register(c *pair) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cut || p.closed {
		return false
	}
	p.pairs[c] = struct{}{}
	return true
}

func (p *Proxy) unregister(c *pair) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.pairs, c)
}
