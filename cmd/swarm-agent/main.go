// Command swarm-agent runs on a GPU host: it reads telemetry through NVML
// (or a simulated source), registers the node and publishes signed
// heartbeats to NATS JetStream with a durable spool.
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
	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/agent"
	"github.com/swarm-ledger/swarm/agent/nvidia"
	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/keyfile"
)

type options struct {
	natsURL, keyFile, provider, region, source, spool, models, ca, cert, certKey, metrics string
	gpus                                                                                  int
	seed                                                                                  int64
	interval                                                                              time.Duration
	natsAuth                                                                              bool
}

func main() {
	var o options
	cmd := &cobra.Command{
		Use:           "swarm-agent --key node.nk --provider 0x… --spool DIR",
		Short:         "Swarm node agent: GPU telemetry to signed heartbeats on NATS JetStream",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := providerAddress(o.provider)
			if err != nil {
				return err
			}
			o.provider = p
			return run(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.natsURL, "nats", "nats://127.0.0.1:4222", "NATS server URL(s), comma-separated")
	f.StringVar(&o.keyFile, "key", "", "the node's nkey seed file (its id is the node id; it also authenticates to NATS)")
	f.StringVar(&o.provider, "provider", "", "provider address that authorized this node on chain (0x…)")
	f.StringVar(&o.region, "region", "", "region label")
	f.StringVar(&o.source, "source", "nvml", "telemetry: nvml (the host's GPUs) or sim")
	f.IntVar(&o.gpus, "sim-gpus", 4, "sim: number of GPUs")
	f.StringVar(&o.models, "sim-models", "NVIDIA H100 80GB HBM3", "sim: comma-separated GPU models")
	f.Int64Var(&o.seed, "sim-seed", 1, "sim: seed")
	f.DurationVar(&o.interval, "interval", 30*time.Second, "heartbeat interval (the network's heartbeat_interval_s)")
	f.StringVar(&o.spool, "spool", "", "directory of the durable spool (sequence numbers and unacknowledged events)")
	f.BoolVar(&o.natsAuth, "nats-auth", false, "authenticate to NATS with the node key (servers started with --nats-auth)")
	f.StringVar(&o.ca, "nats-ca", "", "CA to verify the NATS server (TLS)")
	f.StringVar(&o.cert, "nats-cert", "", "client certificate (mutual TLS)")
	f.StringVar(&o.certKey, "nats-cert-key", "", "client certificate key")
	f.StringVar(&o.metrics, "metrics", "", "Prometheus /metrics listen address, e.g. 127.0.0.1:9465 (empty disables)")
	for _, n := range []string{"key", "provider", "spool"} {
		cmd.MarkFlagRequired(n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "swarm-agent:", err)
		os.Exit(1)
	}
}

// providerAddress accepts an EVM address in any letter case (as wallets
// print them) and returns SPEC §1's form: 0x and 40 lowercase hex digits.
func providerAddress(s string) (string, error) {
	a, err := events.NormalizeAddress(s)
	if err != nil {
		return "", fmt.Errorf("--provider %q: want an address, 0x and 40 hex digits", s)
	}
	return a, nil
}

func openSource(o options) (agent.Source, error) {
	switch o.source {
	case "nvml":
		src, err := nvidia.NewSystemNVML()
		if errors.Is(err, nvidia.ErrNoNVML) {
			return nil, fmt.Errorf("%w (no NVIDIA driver or GPU on this host; --source sim simulates one)", err)
		}
		return src, err
	case "sim":
		return agent.NewSim(o.seed, strings.Split(o.models, ","), o.gpus)
	}
	return nil, fmt.Errorf("--source must be nvml or sim, not %q", o.source)
}

func run(ctx context.Context, o options) error {
	kp, err := keyfile.UserSeed(o.keyFile)
	if err != nil {
		return fmt.Errorf("--key: %w", err)
	}
	src, err := openSource(o)
	if err != nil {
		return err
	}
	defer src.Close()
	opts := []nats.Option{nats.Name("swarm-agent"), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second),
		nats.RetryOnFailedConnect(true)}
	if o.natsAuth {
		auth, err := eventlog.NkeyOption(kp)
		if err != nil {
			return err
		}
		opts = append(opts, auth)
	}
	if o.ca != "" {
		opts = append(opts, nats.RootCAs(o.ca))
	}
	if o.cert != "" {
		opts = append(opts, nats.ClientCert(o.cert, o.certKey))
	}
	nc, err := nats.Connect(o.natsURL, opts...)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", eventlog.Redact(o.natsURL), err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	pub, err := publisher.Open(publisher.Config{Dir: o.spool, Key: kp}, js)
	if err != nil {
		return err
	}
	defer pub.Close()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if o.metrics != "" {
		url, stop, err := serveMetrics(o.metrics, pub)
		if err != nil {
			return err
		}
		defer stop()
		log.Info("metrics", "url", url)
	}
	drained := make(chan struct{})
	go func() { pub.Run(ctx); close(drained) }()
	id, _ := kp.PublicKey()
	log.Info("swarm-agent up", "node", id, "source", o.source, "nats", eventlog.Redact(o.natsURL), "next_seq", pub.NextSeq())
	st, err := agent.Run(ctx, src, pub, agent.RunConfig{Provider: o.provider, Region: o.region, Interval: o.interval, Log: log})
	<-drained
	log.Info("swarm-agent stopped", "heartbeats", st.Heartbeats, "sample_errors", st.SampleErrors,
		"spool_rejected", st.SpoolRejected, "still_spooled", pub.Spooled())
	return err
}
