package jetstream

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// Auth is who may connect to an embedded server and what each may publish.
// Nodes publish only on swarm.v1.node.<their id>.>, schedulers only on
// swarm.v1.sched.<their id>.> and the read service's requests (QuerySubjects:
// swarmd's NATS micro service, projections.MicroDefaultPrefix, and micro's
// $SRV discovery); services (swarmd, operators' swarmctl) may use everything.
// Every client may receive replies on its inbox.
type Auth struct {
	Nodes      []string
	Schedulers []string
	Services   []string
}

func (a *Auth) users() []*server.NkeyUser {
	inbox := &server.SubjectPermission{Allow: []string{"_INBOX.>"}}
	var out []*server.NkeyUser
	add := func(id string, allow ...string) {
		out = append(out, &server.NkeyUser{Nkey: id, Permissions: &server.Permissions{
			Publish: &server.SubjectPermission{Allow: allow}, Subscribe: inbox}})
	}
	for _, n := range a.Nodes {
		add(n, SubjectPrefix+"node."+n+".>")
	}
	for _, s := range a.Schedulers {
		add(s, append([]string{SubjectPrefix + "sched." + s + ".>"}, QuerySubjects...)...)
	}
	for _, s := range a.Services {
		out = append(out, &server.NkeyUser{Nkey: s}) // no permissions: everything
	}
	return out
}

// QuerySubjects are the request subjects of swarmd's read service that
// schedulers may use.
var QuerySubjects = []string{"swarm.ledger.v1.>", "$SRV.>"}

// NkeyOption authenticates a client connection with an nkey user seed.
func NkeyOption(kp nkeys.KeyPair) (nats.Option, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	return nats.Nkey(pub, kp.Sign), nil
}

// TLSConfig is the server side of TLS; with ClientCAFile set, clients must
// present a certificate signed by it (mutual TLS).
type TLSConfig struct {
	CertFile, KeyFile string
	ClientCAFile      string
}

// ErrTLS wraps TLS setup failures.
var ErrTLS = errors.New("jetstream: TLS")

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
