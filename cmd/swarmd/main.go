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

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
)

func main() {
	root := &cobra.Command{Use: "swarmd", Short: "Swarm ledger service", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(runCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "swarmd:", err)
		os.Exit(1)
	}
}

func runCmd() *cobra.Command {
	var cfg ledgerd.Config
	var paramsPath, natsURLs, keyFile string
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
				raw, err := os.ReadFile(keyFile)
				if err != nil {
					return fmt.Errorf("encryption key: %w", err)
				}
				cfg.EncryptionKey = strings.TrimSpace(string(raw))
			}
			cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			s, err := ledgerd.Start(ctx, cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			cfg.Log.Info("swarmd up", "nats", s.NATSURL(), "metrics", s.MetricsURL, "checkpoint", s.Checkpoint())
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
	f.IntVar(&cfg.Replicas, "replicas", 1, "stream replicas (3 on a cluster)")
	f.DurationVar(&cfg.DuplicateWindow, "duplicate-window", 2*time.Hour, "JetStream duplicate window (≥ the agents' longest retry)")
	f.StringVar(&cfg.MetricsAddr, "metrics", "127.0.0.1:9464", "Prometheus /metrics listen address (empty disables)")
	f.IntVar(&cfg.BatchSize, "batch", 1024, "messages per fold batch and Pebble commit")
	c.MarkFlagRequired("data")
	c.MarkFlagRequired("params")
	return c
}
