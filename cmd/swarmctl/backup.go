package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/internal/backup"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/keyfile"
	"github.com/swarm-ledger/swarm/internal/ledgerd"
)

func backupCmd() *cobra.Command {
	var natsURL, apiURL, out string
	c := &cobra.Command{
		Use:   "backup --out DIR [--api URL] [--nats URL]",
		Short: "Back up a running deployment: state checkpoints by swarmd, the stream, parameters, addresses, manifest and checksums",
		Long: "Asks the swarmd at --api (from this host: the admin endpoint answers loopback clients only) to checkpoint\n" +
			"its ledger and projections into DIR/state, exports the SWARM stream from --nats up to at least that\n" +
			"checkpoint into DIR/stream.ndjson, and writes DIR/manifest.json and DIR/SHA256SUMS. DIR must not exist or be empty.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			nc, _, s, err := commandStream(cmd, natsURL)
			if err != nil {
				return err
			}
			defer nc.Close()
			m, err := backup.Create(cmd.Context(), out, httpCheckpointer(apiURL), s)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backup %s: stream 1..%d (events digest %s), ledger checkpoint %d (state hash %s)\n",
				out, m.Stream.Last, m.Stream.EventsDigest, m.Ledger.Position, m.Ledger.StateHash)
			return nil
		},
	}
	// --api (a loopback address of this host: the checkpoint endpoint
	// answers loopback clients only) and --nats are the shared connection flags.
	onConnect(c, func(cmd *cobra.Command) { natsURL, apiURL = conn(cmd, "nats"), conn(cmd, "api") })
	c.Flags().StringVar(&out, "out", "", "backup directory to create (must not exist or be empty)")
	c.MarkFlagRequired("out")
	return c
}

// httpCheckpointer asks swarmd's admin endpoint for a state checkpoint.
func httpCheckpointer(apiURL string) backup.Checkpointer {
	return func(ctx context.Context, dir string) (backup.StateCheckpoint, error) {
		var cp backup.StateCheckpoint
		body, _ := json.Marshal(backup.CheckpointRequest{Dir: dir})
		url := strings.TrimSuffix(apiURL, "/") + ledgerd.CheckpointPath
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return cp, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := (&http.Client{Timeout: 10 * time.Minute}).Do(req)
		if err != nil {
			return cp, fmt.Errorf("POST %s: %w", url, err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return cp, err
		}
		if resp.StatusCode != http.StatusOK {
			var e struct {
				Error string `json:"error"`
			}
			json.Unmarshal(raw, &e)
			return cp, fmt.Errorf("POST %s: %s: %s", url, resp.Status, e.Error)
		}
		if err := json.Unmarshal(raw, &cp); err != nil {
			return cp, fmt.Errorf("POST %s: %w", url, err)
		}
		return cp, nil
	}
}

func restoreCmd() *cobra.Command {
	var from, data, keyFile, natsURL string
	var window time.Duration
	var clusterReplicas int
	c := &cobra.Command{
		Use:   "restore --from BACKUP --data DIR [--cluster-replicas N --nats URL]",
		Short: "Rebuild a data directory for swarmd run (embedded JetStream, or an empty external NATS cluster) from a backup, into empty storage",
		Long: "Verifies the backup (checksums, manifest, stream, checkpoints) and refuses it, writing nothing, when anything\n" +
			"is wrong. Then builds DIR (which must not exist or be empty): the SWARM stream re-created with the same\n" +
			"messages in the same order, the ledger and projections checkpoints, params.json, addresses.json and the\n" +
			"chain watcher's cursor. Start it with: swarmd run --data DIR --params DIR/params.json [chain flags].\n" +
			"With --cluster-replicas N the stream is re-created instead in the external NATS cluster at --nats\n" +
			"(--nats-ca, --nats-key), which must not hold the SWARM stream yet, with N replicas; DIR then holds the\n" +
			"checkpoints only, for swarmd run --nats on one host (the other replicas start empty and fold the stream).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := backup.RestoreOptions{DuplicateWindow: window, Log: slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))}
			if keyFile != "" {
				raw, err := keyfile.ReadSecret(keyFile)
				if err != nil {
					return fmt.Errorf("--nats-encryption-key-file: %w", err)
				}
				opts.EncryptionKey = string(raw)
			}
			if clusterReplicas > 0 {
				if keyFile != "" {
					return usageError{fmt.Errorf("--nats-encryption-key-file encrypts an embedded store; the cluster's servers encrypt their own (--cluster-replicas)")}
				}
				sec, err := natsSecurity(cmd)
				if err != nil {
					return err
				}
				nc, err := dial(natsURL, sec...)
				if err != nil {
					return err
				}
				defer nc.Close()
				opts.Cluster, opts.Replicas = nc, clusterReplicas
			}
			m, err := backup.Restore(cmd.Context(), from, data, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "restored %s into %s: stream 1..%d, ledger checkpoint %d (state hash %s)\n",
				from, data, m.Stream.Last, m.Ledger.Position, m.Ledger.StateHash)
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "", "backup directory (swarmctl backup --out)")
	c.Flags().StringVar(&data, "data", "", "data directory to create for swarmd run (must not exist or be empty)")
	c.Flags().StringVar(&keyFile, "nats-encryption-key-file", "", "encrypt the new JetStream store at rest with this key (as swarmd run's flag)")
	c.Flags().DurationVar(&window, "duplicate-window", eventlog.DefaultDuplicateWindow, "the re-created stream's duplicate window (as swarmd run's flag)")
	c.Flags().IntVar(&clusterReplicas, "cluster-replicas", 0, "re-create the stream in the external NATS cluster at --nats with this many replicas (swarmd --replicas) instead of an embedded store")
	onConnect(c, func(cmd *cobra.Command) { natsURL = conn(cmd, "nats") })
	c.MarkFlagRequired("from")
	c.MarkFlagRequired("data")
	return c
}
