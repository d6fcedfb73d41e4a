package eventlog

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

// Auth is who may connect to an embedded server and what each may publish.
// Nodes publish only on their own subject of each node event type
// (NodeSubjects: swarm.v1.node.<their id>.node_registered, .node_heartbeat,
// .node_unjail) and connect only as plain clients (no WebSocket, MQTT or
// leaf node connections); schedulers only on
// swarm.v1.sched.<their id>.> and the read service's requests (QuerySubjects:
// swarmd's NATS micro service, projections.MicroDefaultPrefix, and micro's
// $SRV discovery); services (swarmd, operators' swarmctl) may use everything.
// A node or scheduler may subscribe only to its own inbox, InboxPrefix(id),
// which NkeyOption makes the connection's inbox prefix: it receives its
// PubAcks and replies and nobody else's. It is also the authorization
// file's JSON object (LoadAuth).
type Auth struct {
	Nodes      []string `json:"nodes"`
	Schedulers []string `json:"schedulers"`
	Services   []string `json:"services"`
}

func (a *Auth) users() []*server.NkeyUser {
	var out []*server.NkeyUser
	add := func(id string, allow ...string) *server.NkeyUser {
		u := &server.NkeyUser{Nkey: id, Permissions: &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: allow},
			Subscribe: &server.SubjectPermission{Allow: []string{InboxPrefix(id) + ".>"}}}}
		out = append(out, u)
		return u
	}
	for _, n := range a.Nodes {
		u := add(n, NodeSubjects(n)...)
		u.AllowedConnectionTypes = map[string]struct{}{jwt.ConnectionTypeStandard: {}}
	}
	for _, s := range a.Schedulers {
		add(s, append([]string{SubjectPrefix + "sched." + s + ".>"}, QuerySubjects...)...)
	}
	for _, s := range a.Services {
		out = append(out, &server.NkeyUser{Nkey: s}) // no permissions: everything
	}
	return out
}

// NodeSubjects are the subjects node id may publish on: one per node event
// type (Subject). Each distinct subject costs the stream an entry in its
// subject index, kept forever with the log; a node is held to these three
// instead of the unbounded swarm.v1.node.<id>.>.
func NodeSubjects(id string) []string {
	var out []string
	for _, t := range events.AllTypes() {
		if t.Class() == events.ClassNode {
			out = append(out, Subject(t, id))
		}
	}
	return out
}

// QuerySubjects are the request subjects of swarmd's read service that
// schedulers may use.
var QuerySubjects = []string{"swarm.ledger.v1.>", "$SRV.>"}

// InboxPrefix is the inbox of the client authenticated as id: the only
// subjects a node or scheduler may subscribe to are under it.
func InboxPrefix(id string) string { return "_INBOX_" + id }

// NkeyOption authenticates a client connection with an nkey user seed and
// sets its inbox prefix to InboxPrefix of the key's id, where the server
// lets it (and only it) receive replies.
func NkeyOption(kp nkeys.KeyPair) (nats.Option, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	nkey, inbox := nats.Nkey(pub, kp.Sign), nats.CustomInboxPrefix(InboxPrefix(pub))
	return func(o *nats.Options) error {
		if err := nkey(o); err != nil {
			return err
		}
		return inbox(o)
	}, nil
}

// TLSConfig is the server side of TLS; with ClientCAFile set, clients must
// present a certificate signed by it (mutual TLS).
type TLSConfig struct {
	CertFile, KeyFile string
	ClientCAFile      string
}

// ErrTLS wraps TLS setup failures.
var ErrTLS = errors.New("eventlog: TLS")

func (c *TLSConfig) build() (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("%w: server certificate: %w", ErrTLS, err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if c.ClientCAFile != "" {
		pem, err := os.ReadFile(c.ClientCAFile)
		if err != nil {
			return nil, fmt.Errorf("%w: client CA: %w", ErrTLS, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%w: client CA %s holds no certificate", ErrTLS, c.ClientCAFile)
		}
		cfg.ClientCAs, cfg.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}
