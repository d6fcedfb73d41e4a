package main

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/agent/publisher"
	"github.com/swarm-ledger/swarm/agent/schedsim"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

func schedSimCmd() *cobra.Command {
	var natsURL, keyFile, spool string
	var natsAuth bool
	var cfg schedsim.Config
	c := &cobra.Command{
		Use:   "sched-sim --key sched.nk --spool DIR",
		Short: "Run a scheduler simulator: verify registered GPUs and run tasks of every outcome (demos, tests)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kp, err := loadKey(keyFile)
			if err != nil {
				return err
			}
			opts := []nats.Option{nats.MaxReconnects(-1)}
			if natsAuth {
				auth, err := eventlog.NkeyOption(kp)
				if err != nil {
					return err
				}
				opts = append(opts, auth)
			}
			nc, js, stream, err := commandStream(cmd, natsURL, opts...)
			if err != nil {
				return err
			}
			defer nc.Close()
			pub, err := publisher.Open(publisher.Config{Dir: spool, Key: kp}, js)
			if err != nil {
				return err
			}
			defer pub.Close()
			go pub.Run(cmd.Context())
			sim := schedsim.New(cfg, pub)
			err = sim.Run(cmd.Context(), stream)
			st := sim.Stats()
			fmt.Fprintf(cmd.ErrOrStderr(), "verified %d GPUs; tasks: %d assigned, %d completed, %d failed\n",
				st.Verified, st.Assigned, st.Completed, st.Failed)
			return err
		},
	}
	f := c.Flags()
	onConnect(c, func(cmd *cobra.Command) { natsURL = conn(cmd, "nats") })
	f.StringVar(&keyFile, "key", "", "the scheduler's nkey seed file (must be in the parameters' schedulers)")
	f.StringVar(&spool, "spool", "", "durable spool directory")
	f.BoolVar(&natsAuth, "nats-auth", false, "authenticate to NATS with the scheduler key (servers started with --nats-auth)")
	f.Uint64Var(&cfg.Seed, "seed", 1, "workload seed")
	f.DurationVar(&cfg.TaskInterval, "task-interval", 500*time.Millisecond, "time between task assignments")
	f.DurationVar(&cfg.TaskDuration, "task-duration", 2*time.Second, "time until a task closes")
	f.Uint64Var(&cfg.FailBP, "fail-bp", 1000, "share of tasks that fail, in basis points")
	f.Uint64Var(&cfg.ProviderBP, "provider-fault-bp", 5000, "share of failures blamed on the provider, in basis points")
	c.MarkFlagRequired("key")
	c.MarkFlagRequired("spool")
	return c
}
