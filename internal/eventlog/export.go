package eventlog

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/events"
)

// Export writes every message of the stream, from sequence 1 to its last
// sequence when the export starts, in the SPEC §8 format. A gap in the
// stream fails the export (ErrGap): an export with a hole would not replay to
// the ledger's state.
func Export(ctx context.Context, s jetstream.Stream, w *events.ExportWriter) (uint64, error) {
	info, err := s.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("eventlog: stream info: %w", err)
	}
	last := info.State.LastSeq
	if last == 0 {
		return 0, w.Flush()
	}
	src, err := NewLogSource(ctx, s, 1, 1024)
	if err != nil {
		return 0, err
	}
	defer src.Stop()
	var n uint64
	for n < last {
		batch, err := src.NextBatch(ctx, int(min(1024, last-n)))
		for _, m := range batch {
			if err := w.Write(m); err != nil {
				return n, err
			}
			n++
		}
		if err != nil {
			return n, err
		}
	}
	return n, w.Flush()
}
