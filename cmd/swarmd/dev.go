package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/internal/devstack"
)

// devCmd is `swarmd dev`, the whole network in one process (internal/devstack).
func devCmd() *cobra.Command {
	var cfg devstack.Config
	var duration time.Duration
	var verbose bool
	c := &cobra.Command{
		Use:   "dev",
		Short: "Run a demo network in this process: the ledger settling on a development chain, simulated GPU nodes and a scheduler",
		Long: `Run a demo network in this process, on loopback: the ledger service (embedded NATS
JetStream and Pebble) settling short epochs on a development chain with the
contracts deployed, providers that authorize their nodes on chain, stakers
bonded behind them, simulated GPU node agents and the scheduler simulator.
It prints the URLs to open, then a progress line every few seconds, until
interrupted (or --duration). Logs go to stderr.

The development chain lives in memory, so every start begins a new run in
a directory of its own under --data (run-001, run-002, …); earlier runs
stay there for inspection.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			level := slog.LevelWarn
			if verbose {
				level = slog.LevelInfo
			}
			cfg.Log = slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if duration > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, duration)
				defer cancel()
			}
			// A second interrupt during the shutdown kills the process.
			go func() { <-ctx.Done(); stop() }()
			return runDev(ctx, cmd.OutOrStdout(), cfg)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.DataDir, "data", ".demo/data", "directory of the runs (each start makes a new run-NNN in it)")
	f.IntVar(&cfg.Nodes, "nodes", devstack.DefaultNodes, "simulated GPU nodes")
	f.IntVar(&cfg.Providers, "providers", devstack.DefaultProviders, "providers the nodes are spread over")
	f.IntVar(&cfg.Stakers, "stakers", devstack.DefaultStakers, "stakers bonded behind the providers")
	f.DurationVar(&cfg.EpochLength, "epoch", devstack.DefaultEpochLength, "epoch length")
	f.DurationVar(&cfg.SlashDelay, "slash-delay", devstack.DefaultSlashDelay, "how long a proposed slash waits on the development chain before it can be executed (the guardian, account 0, may veto it meanwhile)")
	f.StringVar(&cfg.APIAddr, "api", devstack.DefaultAPIAddr, "read API and dashboard listen address")
	f.StringVar(&cfg.MetricsAddr, "metrics", devstack.DefaultMetricsAddr, "Prometheus /metrics listen address")
	f.StringVar(&cfg.RPCAddr, "rpc", devstack.DefaultRPCAddr, "development chain JSON-RPC listen address")
	f.IntVar(&cfg.NATSPort, "nats-port", devstack.DefaultNATSPort, "embedded NATS client port on 127.0.0.1 (-1: any free port)")
	f.DurationVar(&duration, "duration", 0, "stop after this long (0: run until SIGINT or SIGTERM)")
	f.BoolVar(&verbose, "verbose", false, "log at Info level (default: warnings and errors only)")
	return c
}

// runDev runs the stack until ctx ends, printing its progress to out.
func runDev(ctx context.Context, out io.Writer, cfg devstack.Config) error {
	fmt.Fprintf(out, "Starting the dev stack under %s …\n", cfg.DataDir)
	st, err := devstack.Start(ctx, cfg)
	if err != nil {
		return err
	}
	perr := st.Progress(ctx, out, devstack.DefaultProgressEvery)
	fmt.Fprintln(out, "\nStopping …")
	cerr := st.Close()
	fmt.Fprintf(out, "Stopped. This run's data is in %s (ledger state, JetStream log, keys, params.json).\n", st.Dir)
	fmt.Fprintf(out, "The development chain lived in memory: the next `swarmd dev --data %s` starts a new run beside it.\n", cfg.DataDir)
	return errors.Join(perr, cerr)
}
