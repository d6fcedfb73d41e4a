package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/nats-io/nkeys"
	"github.com/spf13/cobra"
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
	keys.AddCommand(newCmd, showCmd)
	return keys
}

// errNotUserSeed is returned for key files that hold no nkey user seed.
var errNotUserSeed = errors.New("not an nkey user seed (SU…)")

// loadKey reads an nkey user seed from a file.
func loadKey(path string) (nkeys.KeyPair, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	kp, err := nkeys.FromSeed(bytes.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, errNotUserSeed)
	}
	if pub, err := kp.PublicKey(); err != nil || pub[0] != 'U' {
		return nil, fmt.Errorf("key file %s: %w", path, errNotUserSeed)
	}
	return kp, nil
}
