package eventlog

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ErrNotReady is returned when an embedded server does not come up in time.
var ErrNotReady = errors.New("eventlog: embedded server not ready")

// ServerConfig configures an embedded NATS server with JetStream.
type ServerConfig struct {
	Name     string
	Host     string // default 127.0.0.1: loopback only
	Port     int    // -1 picks a free port
	StoreDir string // JetStream file store
	// EncryptionKey, when set, encrypts the store at rest (ChaCha20-Poly1305).
	EncryptionKey string
	// Cluster, when set, joins a JetStream cluster on loopback routes.
	Cluster *ClusterConfig
	// Auth, when set, requires nkey authentication with per-subject
	// publish permissions.
	Auth *Auth
	// TLS, when set, serves clients over TLS (mutual with a client CA).
	TLS *TLSConfig
	// Logging turns on the server's own log lines.
	Logging bool
	// NoSync leaves fsync to the server's periodic sync instead of syncing
	// every write (SyncAlways). A crash can then lose acknowledged
	// messages: only for loading benchmark logs (swarm-bench), never for a
	// ledger's stream.
	NoSync bool
	// ReadyTimeout bounds the wait for the server to accept clients
	// (default 10 minutes). A restart recovers the stream first, and
	// rebuilds its dedupe index from every message inside the duplicate
	// window: seconds for millions of recent messages.
	ReadyTimeout time.Duration
	// Waiting, when set, is called every 10 s while the server is not
	// ready yet.
	Waiting func(elapsed time.Duration)
}

// ClusterConfig joins an embedded server to a cluster.
type ClusterConfig struct {
	Name   string
	Host   string
	Port   int
	Routes []string // nats-route://host:port of the other servers
}

// StartServer starts an embedded server and waits until it accepts clients.
func StartServer(cfg ServerConfig) (*server.Server, error) {
	opts, err := cfg.options()
	if err != nil {
		return nil, err
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("eventlog: new server: %w", err)
	}
	if cfg.Logging {
		s.ConfigureLogger()
	}
	go s.Start()
	limit := cfg.ReadyTimeout
	if limit <= 0 {
		limit = 10 * time.Minute
	}
	start := time.Now()
	for !s.ReadyForConnections(min(10*time.Second, limit-time.Since(start))) {
		if time.Since(start) >= limit {
			s.Shutdown()
			return nil, fmt.Errorf("%w after %s", ErrNotReady, limit)
		}
		if cfg.Waiting != nil {
			cfg.Waiting(time.Since(start))
		}
	}
	return s, nil
}

func (cfg ServerConfig) options() (*server.Options, error) {
	if cfg.StoreDir == "" {
		return nil, errors.New("eventlog: embedded server needs a store directory")
	}
	host := cfg.Host
	if host == "" {
		host = "127.0.0.1"
	}
	opts := &server.Options{
		ServerName:         cfg.Name,
		Host:               host,
		Port:               cfg.Port,
		JetStream:          true,
		StoreDir:           cfg.StoreDir,
		SyncAlways:         !cfg.NoSync, // the default syncs every 2 minutes and can lose acknowledged writes
		JetStreamMaxMemory: 256 << 20,
		JetStreamMaxStore:  -1,
		MaxPayload:         1 << 20,
		NoSigs:             true,
		NoLog:              !cfg.Logging,
	}
	if cfg.EncryptionKey != "" {
		opts.JetStreamKey = cfg.EncryptionKey
		opts.JetStreamCipher = server.ChaCha
	}
	if cfg.Auth != nil {
		opts.Nkeys = cfg.Auth.users()
	}
	if cfg.TLS != nil {
		tc, err := cfg.TLS.build()
		if err != nil {
			return nil, err
		}
		opts.TLSConfig, opts.TLS, opts.TLSVerify = tc, true, cfg.TLS.ClientCAFile != ""
		opts.TLSTimeout = 5
	}
	if c := cfg.Cluster; c != nil {
		opts.Cluster = server.ClusterOpts{Name: c.Name, Host: c.Host, Port: c.Port}
		opts.Routes = server.RoutesFromStr(strings.Join(c.Routes, ","))
	}
	return opts, nil
}
