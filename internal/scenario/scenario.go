package scenario

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

// Scenario is a log and the parameters it is replayed with.
type Scenario struct {
	// Params is the content of params.json.
	Params []byte
	// Messages is the log, in order, as raw message bytes.
	Messages [][]byte
	// Reports are the canonical epoch reports of the generator's own fold
	// of Messages; an independent replay gives the same.
	Reports [][]byte
}

// WriteLog writes the messages in the export format of SPEC §8.
func (s *Scenario) WriteLog(w io.Writer) error {
	x := events.NewExportWriter(w)
	for _, m := range s.Messages {
		if err := x.Write(m); err != nil {
			return err
		}
	}
	return x.Flush()
}

// WriteDir writes params.json and log.ndjson into dir, creating it.
func (s *Scenario) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "params.json"), s.Params, 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "log.ndjson"))
	if err != nil {
		return err
	}
	if err := s.WriteLog(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ExpectedReports is the content of expected.ndjson: one report per line.
func ExpectedReports(reports [][]byte) []byte {
	var buf bytes.Buffer
	for _, r := range reports {
		buf.Write(r)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// Check replays s on a fresh ledger and counts the rejection reasons and
// the types of accepted events.
func Check(s *Scenario) (map[events.Reason]int, map[events.Type]int, error) {
	reasons, accepted := map[events.Reason]int{}, map[events.Type]int{}
	_, err := Replay(s.Params, s.Messages, func(c events.Checked, r events.Reason, _ *aggregates.Ledger) error {
		if r == events.Accepted {
			accepted[c.Event.Type]++
		} else {
			reasons[r]++
		}
		return nil
	})
	return reasons, accepted, err
}

// Replay folds msgs on a fresh in-memory ledger, calling each (when not
// nil) after every message, and returns the canonical reports. The
// message-local checks run on every core; the fold runs in log order.
func Replay(params []byte, msgs [][]byte, each func(c events.Checked, r events.Reason, l *aggregates.Ledger) error) ([][]byte, error) {
	p, err := aggregates.ParseParams(params)
	if err != nil {
		return nil, err
	}
	l, err := aggregates.Open("", p)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	const chunk = 4096
	for start := 0; start < len(msgs); start += chunk {
		checked := checkAll(l.Authority(), msgs[start:min(start+chunk, len(msgs))])
		for i, c := range checked {
			r := l.Apply(c)
			if each == nil {
				continue
			}
			if err := each(c, r, l); err != nil {
				return nil, fmt.Errorf("message %d: %w", start+i+1, err)
			}
		}
		if err := l.Commit(); err != nil {
			return nil, err
		}
	}
	return l.Reports()
}

func checkAll(auth *events.Authority, msgs [][]byte) []events.Checked {
	out := make([]events.Checked, len(msgs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(msgs); i += workers {
				out[i] = auth.Check(msgs[i])
			}
		})
	}
	wg.Wait()
	return out
}
