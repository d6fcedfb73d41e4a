package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

func exportCmd() *cobra.Command {
	var natsURL, out string
	c := &cobra.Command{
		Use:   "export --nats URL --out LOG.ndjson",
		Short: "Write the SWARM stream in the SPEC §8 export format (the auditor's input)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			nc, _, s, err := commandStream(cmd, natsURL)
			if err != nil {
				return err
			}
			defer nc.Close()
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			n, err := eventlog.Export(cmd.Context(), s, events.NewExportWriter(f))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "exported %d messages to %s\n", n, out)
			return nil
		},
	}
	onConnect(c, func(cmd *cobra.Command) { natsURL = conn(cmd, "nats") })
	c.Flags().StringVar(&out, "out", "", "export file to write")
	c.MarkFlagRequired("out")
	return c
}

// connectStream connects to NATS and opens the SWARM stream.
func connectStream(ctx context.Context, url string, opts ...nats.Option) (*nats.Conn, jetstream.JetStream, jetstream.Stream, error) {
	nc, err := dial(url, opts...)
	if err != nil {
		return nil, nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, nil, err
	}
	s, err := js.Stream(ctx, eventlog.StreamName)
	if err != nil {
		nc.Close()
		return nil, nil, nil, fmt.Errorf("stream %s: %w", eventlog.StreamName, err)
	}
	return nc, js, s, nil
}

// dial connects to the NATS server at url (the error names it, redacted).
func dial(url string, opts ...nats.Option) (*nats.Conn, error) {
	nc, err := nats.Connect(url, append(opts, nats.Timeout(10*time.Second))...)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", eventlog.Redact(url), err)
	}
	return nc, nil
}

// commandStream is connectStream with the command's NATS security flags
// and its name as the client name, then opts.
func commandStream(cmd *cobra.Command, url string, opts ...nats.Option) (*nats.Conn, jetstream.JetStream, jetstream.Stream, error) {
	sec, err := natsSecurity(cmd)
	if err != nil {
		return nil, nil, nil, err
	}
	return connectStream(cmd.Context(), url, append(sec, opts...)...)
}
