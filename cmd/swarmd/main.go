// Command swarmd runs the Swarm ledger service: NATS JetStream (embedded or
// external), the ordered fold of the SWARM stream into Pebble, and metrics.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/keyfile"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
	"github.com/swarm-ledger/swarm/projections/dashboard"
)

func main() {
	root := &cobra.Command{Use: "swarmd", Short: "Swarm ledger service", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(runCmd(), devCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "swarmd:", err)
		os.Exit(1)
	}
}

func runCmd() *cobra.Command {
	var cfg ledgerd.Config
	var paramsPath, natsURLs, keyFile, authFile, clientKey string
	var tlsCfg eventlog.TLSConfig
	var caFile, clientCert, clientCertKey string
	var cf chainFlags
	c := &cobra.Command{
		Use:   "run --data DIR --params PARAMS.json",
		Short: "Fold the SWARM stream into the ledger state (embedded NATS unless --nats is given)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			params, err := aggregates.LoadParams(paramsPath)
			if err != nil {
				return err
			}
			cfg.Params = params
			if natsURLs != "" {
				cfg.NATSURLs = strings.Split(natsURLs, ",")
			}
			if keyFile != "" {
				raw, err := keyfile.ReadSecret(keyFile)
				if err != nil {
					return fmt.Errorf("--nats-encryption-key-file: %w", err)
				}
				cfg.EncryptionKey = string(raw)
			}
			if err := security(&cfg, authFile, clientKey, tlsCfg, caFile, clientCert, clientCertKey); err != nil {
				return err
			}
			cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
			cfg.Dashboard = dashboard.Handler()
			cfg.CatalogMaxAge = time.Second
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			closeChain, err := cf.configure(ctx, &cfg)
			if err != nil {
				return err
			}
			defer closeChain()
			s, err := ledgerd.Start(ctx, cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			cfg.Log.Info("swarmd up", "nats", eventlog.Redact(s.NATSURL()), "metrics", s.MetricsURL, "api", s.APIURL, "checkpoint", s.Checkpoint())
			err = s.Run(ctx)
			if err != nil && ctx.Err() == nil {
				// Keep serving metrics so the alarm is visible until an operator acts.
				cfg.Log.Error("folding stopped; serving metrics until interrupted", "err", err)
				<-ctx.Done()
				return errors.Join(errors.New("folding stopped"), err)
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.DataDir, "data", "", "data directory (Pebble state, embedded JetStream store)")
	f.StringVar(&paramsPath, "params", "", "parameters file (SPEC §3)")
	f.StringVar(&natsURLs, "nats", "", "external NATS server or cluster URLs, comma-separated (default: embedded server)")
	f.StringVar(&cfg.NATSHost, "nats-host", "127.0.0.1", "embedded server: listen host")
	f.IntVar(&cfg.NATSPort, "nats-port", 4222, "embedded server: client port")
	f.StringVar(&keyFile, "nats-encryption-key-file", "", "embedded server: file holding the JetStream encryption-at-rest key")
	f.StringVar(&authFile, "nats-auth", "", "embedded server: JSON file {nodes, schedulers, services} of nkey ids allowed to connect; nodes and schedulers publish only on their own subjects")
	f.StringVar(&clientKey, "nats-key", "", "external NATS: nkey seed file swarmd authenticates with")
	f.StringVar(&tlsCfg.CertFile, "tls-cert", "", "embedded server: TLS certificate (PEM)")
	f.StringVar(&tlsCfg.KeyFile, "tls-key", "", "embedded server: TLS key (PEM)")
	f.StringVar(&tlsCfg.ClientCAFile, "tls-client-ca", "", "embedded server: require client certificates signed by this CA (mutual TLS)")
	f.StringVar(&caFile, "nats-ca", "", "external NATS: CA to verify the server")
	f.StringVar(&clientCert, "nats-cert", "", "external NATS: client certificate (mutual TLS)")
	f.StringVar(&clientCertKey, "nats-cert-key", "", "external NATS: client certificate key")
	f.IntVar(&cfg.Replicas, "replicas", 1, "stream replicas (3 on a cluster)")
	f.DurationVar(&cfg.DuplicateWindow, "duplicate-window", eventlog.DefaultDuplicateWindow, "JetStream duplicate window (covers an agent's retry of one message; later retries are the ledger's duplicates)")
	f.StringVar(&cfg.MetricsAddr, "metrics", "127.0.0.1:9464", "Prometheus /metrics listen address (empty disables)")
	f.StringVar(&cfg.APIAddr, "api", "127.0.0.1:8080", "read API (/v1) listen address (empty disables)")
	f.IntVar(&cfg.BatchSize, "batch", 1024, "messages per fold batch and Pebble commit")
	f.IntVar(&cfg.CheckWorkers, "check-workers", 0, "goroutines verifying signatures ahead of the fold (0: one per core; fewer keeps cores for the read API while a backlog is folded)")
	f.IntVar(&cfg.MaxReads, "max-reads", 64, "read API (/v1) requests answered at once; more are answered 503 with Retry-After: 1 at once instead of queueing (0: no limit)")
	f.DurationVar(&cfg.LeaseTTL, "lease-ttl", 10*time.Second, "leader lease period: of the replicas folding one stream, the lease holder runs the chain watcher and settlement; a dead leader is replaced within about two periods")
	f.StringVar(&cfg.ReplicaID, "replica-id", "", "this replica's name in the leader lease (default host/pid/random)")
	cf.register(f)
	c.MarkFlagRequired("data")
	c.MarkFlagRequired("params")
	return c
}

// security turns the NATS security flags into the service's configuration.
func security(cfg *ledgerd.Config, authFile, clientKey string, tlsCfg eventlog.TLSConfig, caFile, cert, certKey string) error {
	if authFile != "" {
		a, err := eventlog.LoadAuth(authFile)
		if err != nil {
			return fmt.Errorf("--nats-auth: %w", err)
		}
		cfg.Auth = a
	}
	if clientKey != "" {
		kp, err := keyfile.UserSeed(clientKey)
		if err != nil {
			return fmt.Errorf("--nats-key: %w", err)
		}
		cfg.ClientKey = kp
	}
	if tlsCfg.CertFile != "" || tlsCfg.KeyFile != "" {
		cfg.TLS = &tlsCfg
	}
	if caFile != "" {
		cfg.ClientTLS = append(cfg.ClientTLS, nats.RootCAs(caFile))
	}
	if cert != "" {
		cfg.ClientTLS = append(cfg.ClientTLS, nats.ClientCert(cert, certKey))
	}
	return nil
}
