package main

import (
	"fmt"
	"os"

	"github.com/nats-io/nkeys"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/internal/atomicfile"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/keyfile"
)

func keysCmd() *cobra.Command {
	keys := &cobra.Command{Use: "keys", Short: "Create and inspect nkey identities"}
	var out string
	newCmd := &cobra.Command{
		Use:   "new node|scheduler|ledger --out FILE",
		Short: "Create an Ed25519 nkey user key; write its seed to FILE (0600) and print its public id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch args[0] {
			case "node", "scheduler", "ledger":
			default:
				return usageError{fmt.Errorf("key kind must be node, scheduler or ledger, not %q", args[0])}
			}
			kp, err := nkeys.CreateUser()
			if err != nil {
				return err
			}
			seed, err := kp.Seed()
			if err != nil {
				return err
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return fmt.Errorf("key file: %w", err)
			}
			if _, err := f.Write(append(seed, '\n')); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			pub, _ := kp.PublicKey()
			fmt.Fprintln(cmd.OutOrStdout(), pub)
			return nil
		},
	}
	newCmd.Flags().StringVar(&out, "out", "", "seed file to create (never overwritten)")
	newCmd.MarkFlagRequired("out")
	showCmd := &cobra.Command{
		Use:   "show FILE",
		Short: "Print the public id of a seed file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kp, err := loadKey(args[0])
			if err != nil {
				return err
			}
			pub, _ := kp.PublicKey()
			fmt.Fprintln(cmd.OutOrStdout(), pub)
			return nil
		},
	}
	keys.AddCommand(newCmd, showCmd, natsConfigCmd())
	return keys
}

func natsConfigCmd() *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "nats-config AUTH.json --out auth.conf",
		Short: "Render an authorization file (swarmd run --nats-auth) as a nats-server configuration block for an external cluster",
		Long: "Reads AUTH.json, {\"nodes\": [...], \"schedulers\": [...], \"services\": [...]} of nkey ids, and writes the\n" +
			"nats-server `authorization` block giving each the same permissions as swarmd's embedded server:\n" +
			"nodes publish only on their own subjects, schedulers on theirs and the read service's, services\n" +
			"everything. deploy/nats/nats.conf includes it as auth.conf; reload the servers after a change\n" +
			"(systemctl reload nats-server). The file is replaced atomically.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := eventlog.LoadAuth(args[0])
			if err != nil {
				return err
			}
			conf, err := a.ServerConfig()
			if err != nil {
				return err
			}
			if err := atomicfile.Write(out, []byte(conf), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d nodes, %d schedulers, %d services\n", out, len(a.Nodes), len(a.Schedulers), len(a.Services))
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "auth.conf", "configuration file to write (public ids only: no secret)")
	return c
}

// loadKey reads an nkey user seed from a file only its owner may access.
func loadKey(path string) (nkeys.KeyPair, error) {
	kp, err := keyfile.UserSeed(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	return kp, nil
}
