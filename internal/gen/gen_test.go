package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/swarm-ledger/swarm/internal/ingest"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
)

func fold(t *testing.T, s *Scenario, each func(*aggregates.Ledger)) (*aggregates.Ledger, map[events.Reason]int, map[events.Type]int) {
	t.Helper()
	p, err := aggregates.ParseParams(s.Params)
	if err != nil {
		t.Fatal(err)
	}
	l, err := aggregates.Open("", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	reasons, types := map[events.Reason]int{}, map[events.Type]int{}
	for _, m := range s.Messages {
		c := l.Authority().Check(m)
		r, err := l.Apply(c)
		if err != nil {
			t.Fatal(err)
		}
		if r == events.Accepted {
			types[c.Event.Type]++
		} else {
			reasons[r]++
		}
		if each != nil {
			each(l)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	return l, reasons, types
}

func TestDeterministic(t *testing.T) {
	c := DefaultConfig()
	a, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(c)
	if !bytes.Equal(a.Params, b.Params) || len(a.Messages) != len(b.Messages) {
		t.Fatal("same config, different output")
	}
	for i := range a.Messages {
		if !bytes.Equal(a.Messages[i], b.Messages[i]) {
			t.Fatalf("message %d differs", i)
		}
	}
	c.Seed++
	d, _ := Generate(c)
	if bytes.Equal(d.Messages[0], a.Messages[0]) {
		t.Fatal("different seeds, same log")
	}
}

// Properties over generated adversarial logs, each seed logged: the same log
// gives the same state hash; re-delivered accepted messages change no money;
// export → import → replay is identical; a fold crashed at a random point
// (unsynced writes dropped) and resumed ends in the same state.
func TestPropertiesOverGeneratedLogs(t *testing.T) {
	for range 3 {
		seed := rand.Uint64()
		t.Logf("seed %d", seed)
		c := DefaultConfig()
		c.Seed, c.Nodes, c.Epochs = seed, 8+int(seed%8), 3
		s, err := Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		a, _, _ := fold(t, s, nil)
		b, _, _ := fold(t, s, nil)
		want := stateHash(t, a)
		if stateHash(t, b) != want {
			t.Fatalf("seed %d: two folds differ", seed)
		}
		redeliveryChangesNoMoney(t, seed, s, a)
		var buf bytes.Buffer
		w := events.NewExportWriter(&buf)
		for _, m := range s.Messages {
			w.Write(m)
		}
		w.Flush()
		again, err := events.ReadExport(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if c, _, _ := fold(t, &Scenario{Params: s.Params, Messages: again}, nil); stateHash(t, c) != want {
			t.Fatalf("seed %d: export → import → replay differs", seed)
		}
		if got := crashAndResume(t, seed, s); got != want {
			t.Fatalf("seed %d: crashed and resumed fold differs", seed)
		}
	}
}

func stateHash(t *testing.T, l *aggregates.Ledger) events.Hash {
	t.Helper()
	h, err := l.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func moneyView(t *testing.T, l *aggregates.Ledger) string {
	raw, _ := l.Reports()
	var out []aggregates.Report
	for _, r := range raw {
		var rep aggregates.Report
		json.Unmarshal(r, &rep)
		rep.EventsDigest, rep.Rejected = "", nil
		out = append(out, rep)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func redeliveryChangesNoMoney(t *testing.T, seed uint64, s *Scenario, base *aggregates.Ledger) {
	t.Helper()
	p, _ := aggregates.ParseParams(s.Params)
	l, _ := aggregates.Open("", p)
	defer l.Close()
	var accepted []int
	for i, m := range s.Messages {
		r, err := l.ApplyMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		if r == events.Accepted {
			accepted = append(accepted, i)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 9))
	after := map[int][][]byte{}
	for range 100 {
		src := accepted[rng.IntN(len(accepted))]
		at := src + rng.IntN(len(s.Messages)-src)
		after[at] = append(after[at], s.Messages[src])
	}
	var log [][]byte
	for i, m := range s.Messages {
		log = append(log, m)
		log = append(log, after[i]...)
	}
	r, reasons, _ := fold(t, &Scenario{Params: s.Params, Messages: log}, nil)
	if moneyView(t, r) != moneyView(t, base) {
		t.Fatalf("seed %d: redelivery changed money, stake, jails or slashes", seed)
	}
	if reasons[events.Duplicate] < 100 {
		t.Fatalf("seed %d: %d duplicates for 100 re-deliveries", seed, reasons[events.Duplicate])
	}
}

func crashAndResume(t *testing.T, seed uint64, s *Scenario) events.Hash {
	t.Helper()
	p, _ := aggregates.ParseParams(s.Params)
	fs := vfs.NewCrashableMem()
	rng := rand.New(rand.NewPCG(seed, 11))
	l, err := aggregates.OpenFS(fs, "state", p)
	if err != nil {
		t.Fatal(err)
	}
	stop := uint64(1 + rng.IntN(len(s.Messages)-1))
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(s.Messages), ingest.Options{BatchSize: 1 + rng.IntN(100), StopAfter: stop}); err != nil {
		t.Fatal(err)
	}
	crashed := fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: 50, RNG: rand.New(rand.NewPCG(seed, 12))})
	l.Close()
	l, err = aggregates.OpenFS(crashed, "state", p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := ingest.Run(context.Background(), l, ingest.Messages(s.Messages), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return stateHash(t, l)
}

// With DueProcess every decided slash of positive bp is proposed, those
// Vetoed names are vetoed instead of executed, the ledger accepts
// all of them, and the log without it is unchanged (TestGolden).
func TestDueProcessLogs(t *testing.T) {
	c := DefaultConfig()
	c.DueProcess = true
	s, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	l, _, types := fold(t, s, nil)
	if err := l.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	raw, err := l.Reports()
	if err != nil {
		t.Fatal(err)
	}
	var proposed, vetoed, executed int
	for _, r := range raw[:len(raw)-1] { // the last epoch's slashes are published after its close, outside the log
		var rep aggregates.Report
		if err := json.Unmarshal(r, &rep); err != nil {
			t.Fatal(err)
		}
		for i, sl := range rep.Slashes {
			if sl.BP == 0 {
				continue
			}
			proposed++
			if Vetoed(rep.Epoch, i) {
				vetoed++
			} else {
				executed++
			}
		}
	}
	if vetoed == 0 || executed == 0 {
		t.Fatalf("%d vetoed and %d executed slashes: want both", vetoed, executed)
	}
	if types[events.ChainSlashProposed] != proposed || types[events.ChainSlashVetoed] != vetoed || types[events.ChainSlashed] != executed {
		t.Fatalf("accepted %d proposed, %d vetoed, %d slashed; want %d, %d, %d", types[events.ChainSlashProposed],
			types[events.ChainSlashVetoed], types[events.ChainSlashed], proposed, vetoed, executed)
	}
	plain, err := Generate(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range plain.Messages {
		if bytes.Contains(m, []byte(`"type":"chain.slash_`)) {
			t.Fatalf("a log without DueProcess holds %s", m)
		}
	}
}
