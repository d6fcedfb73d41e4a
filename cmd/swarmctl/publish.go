package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
)

func publishCmd() *cobra.Command {
	var natsURL string
	c := &cobra.Command{
		Use:   "publish [FILE]",
		Short: "Publish signed event messages (one per line, as `event sign` prints them; - or no FILE reads stdin) with Nats-Msg-Id",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var in io.Reader = cmd.InOrStdin()
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			nc, js, _, err := commandStream(cmd, natsURL)
			if err != nil {
				return err
			}
			defer nc.Close()
			sc := bufio.NewScanner(in)
			sc.Buffer(make([]byte, 0, events.MaxEventBytes), 4*events.MaxEventBytes)
			for n := 1; sc.Scan(); n++ {
				d, err := events.Decode(sc.Bytes())
				if err != nil {
					return usageError{fmt.Errorf("line %d is not a canonical event (sign it with `swarmctl event sign`)", n)}
				}
				ack, err := js.Publish(cmd.Context(), eventlog.Subject(d.Type, d.Src), sc.Bytes(), jetstream.WithMsgID(d.ID()))
				if err != nil {
					return fmt.Errorf("line %d: %w", n, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s -> stream seq %d%s\n", d.ID(), ack.Sequence, map[bool]string{true: " (duplicate)"}[ack.Duplicate])
			}
			return sc.Err()
		},
	}
	onConnect(c, func(cmd *cobra.Command) { natsURL = conn(cmd, "nats") })
	return c
}
