package main

import (
	"fmt"
	"os"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/internal/eventlog"
)

// connFlag is one of the connection flags every swarmctl command takes.
// Its value is, in this order: the flag, the environment variable, the
// default. `swarmd dev` writes the variables for its run to .demo/env.
type connFlag struct {
	name, env, def, usage string
}

var connFlags = []connFlag{
	{"api", "SWARM_API", defaultAPI, "the ledger's read API (swarmd --api)"},
	{"rpc", "SWARM_RPC", "http://127.0.0.1:8545", "Ethereum JSON-RPC endpoint"},
	{"contracts", "SWARM_CONTRACTS", "addresses.json", "addresses file written by swarmctl chain deploy, swarmctl chain dev or swarmd dev"},
	{"nats", "SWARM_NATS", "nats://127.0.0.1:4222", "NATS server URL(s), comma-separated"},
	{"nats-ca", "SWARM_NATS_CA", "", "CA certificate (PEM) verifying the NATS servers' TLS certificates (deploy/nats: TLS on every client port)"},
	{"nats-key", "SWARM_NATS_KEY", "", "nkey seed file to authenticate to NATS with (servers with nkey authorization: swarmd --nats-auth, deploy/nats)"},
}

// registerConnFlags gives root and every command under it the connection
// flags, with their defaults taken from the environment where it sets them.
func registerConnFlags(root *cobra.Command) {
	for _, f := range connFlags {
		def := f.def
		if v := os.Getenv(f.env); v != "" {
			def = v
		}
		root.PersistentFlags().String(f.name, def, fmt.Sprintf("%s (env %s; built-in default %s)", f.usage, f.env, f.def))
	}
}

// conn returns the value of connection flag name for cmd.
func conn(cmd *cobra.Command, name string) string {
	v, err := cmd.Flags().GetString(name)
	if err != nil {
		panic(fmt.Sprintf("connection flag --%s is not registered: %v", name, err))
	}
	return v
}

// natsSecurity is the TLS and authentication of a NATS connection, from
// the --nats-ca and --nats-key connection flags.
func natsSecurity(cmd *cobra.Command) ([]nats.Option, error) {
	opts := []nats.Option{nats.Name(cmd.CommandPath())}
	if ca := conn(cmd, "nats-ca"); ca != "" {
		opts = append(opts, nats.RootCAs(ca))
	}
	if key := conn(cmd, "nats-key"); key != "" {
		kp, err := loadKey(key)
		if err != nil {
			return nil, fmt.Errorf("--nats-key: %w", err)
		}
		auth, err := eventlog.NkeyOption(kp)
		if err != nil {
			return nil, err
		}
		opts = append(opts, auth)
	}
	return opts, nil
}

// onConnect has set read the connection flags into a command's own
// fields before it runs.
func onConnect(c *cobra.Command, set func(cmd *cobra.Command)) {
	prev := c.PreRunE
	c.PreRunE = func(cmd *cobra.Command, args []string) error {
		set(cmd)
		if prev != nil {
			return prev(cmd, args)
		}
		return nil
	}
}
