package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
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
