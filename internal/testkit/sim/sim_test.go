package sim

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/swarm-ledger/swarm/aggregates"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/pebblelog"
	"github.com/swarm-ledger/swarm/settlement"
)

var (
	seedFlag  = flag.Uint64("seed", 0, "TestSim runs only this seed")
	stepsFlag = flag.Int("steps", 0, "steps per seed (0: DefaultSteps)")
)

// Seeds TestSim runs: SWARM_SIM_SEEDS of them from SWARM_SIM_FIRST_SEED.
const (
	defaultSeeds = 200
	shortSeeds   = 25
)

func envUint(t *testing.T, name string, def uint64) uint64 {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, s, err)
	}
	return v
}

func seeds(t *testing.T) []uint64 {
	if *seedFlag != 0 {
		return []uint64{*seedFlag}
	}
	n := uint64(defaultSeeds)
	if testing.Short() {
		n = shortSeeds
	}
	n = envUint(t, "SWARM_SIM_SEEDS", n)
	first := envUint(t, "SWARM_SIM_FIRST_SEED", 1)
	out := make([]uint64, 0, n)
	for i := range n {
		out = append(out, first+i)
	}
	return out
}

// runAll runs every seed on all cores and returns results and errors in
// seed order.
func runAll(list []uint64, steps int) ([]Result, []error) {
	res, errs := make([]Result, len(list)), make([]error, len(list))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				res[i], errs[i] = Run(Config{Seed: list[i], Steps: steps})
			}
		}()
	}
	for i := range list {
		next <- i
	}
	close(next)
	wg.Wait()
	return res, errs
}

// TestSim runs the simulation over many seeds. A failure names its seed;
// `go test ./internal/testkit/sim -run 'TestSim$' -seed=N` replays it alone.
func TestSim(t *testing.T) {
	list := seeds(t)
	start := time.Now()
	res, errs := runAll(list, *stepsFlag)
	failed := 0
	for _, err := range errs {
		if err == nil {
			continue
		}
		if failed++; failed <= 10 {
			t.Error(err)
		}
	}
	if failed > 10 {
		t.Errorf("... %d seeds failed in all", failed)
	}
	t.Log(summary(res, time.Since(start)))
	if failed == 0 {
		t.Logf("CHAOS: deterministic simulation: %d/%d seeds passed every per-step check and equal a clean replay at the end", len(list), len(list))
	}
	if len(list) == 1 {
		t.Logf("seed %d: %+v", list[0], res[0])
	}
}

func summary(res []Result, took time.Duration) string {
	var s Result
	s.Verdicts = map[events.Reason]int{}
	for _, r := range res {
		s.Steps += r.Steps
		s.Messages += r.Messages
		s.Epochs += r.Epochs
		s.Anchored += r.Anchored
		s.SlashesProposed += r.SlashesProposed
		s.SlashesExecuted += r.SlashesExecuted
		s.LedgerCrashes += r.LedgerCrashes
		s.MidBatchCrashes += r.MidBatchCrashes
		s.PowerLosses += r.PowerLosses
		s.Reorgs += r.Reorgs
		s.WindowDrops += r.WindowDrops
		s.LostAcks += r.LostAcks
		s.Fenced += r.Fenced
		s.Replays += r.Replays
		s.Equivocations += r.Equivocations
		s.CursorLosses += r.CursorLosses
		for k, v := range r.Verdicts {
			s.Verdicts[k] += v
		}
	}
	var reasons []string
	for k, v := range s.Verdicts {
		if k != events.Accepted {
			reasons = append(reasons, fmt.Sprintf("%s=%d", k, v))
		}
	}
	slices.Sort(reasons)
	return fmt.Sprintf("%d seeds in %s: %d steps, %d messages (%d accepted), %d epochs closed (%d anchored), "+
		"slashes on chain: %d executed, %d proposed; "+
		"ledger crashes: %d process, %d power loss (%d of them inside a batch); %d reorgs; "+
		"duplicates: %d dropped by the window, %d reached the log; %d lost PubAcks, %d fenced appends, "+
		"%d replays, %d equivocations, %d watcher cursor losses; rejections: %s",
		len(res), took.Round(time.Millisecond), s.Steps, s.Messages, s.Verdicts[events.Accepted], s.Epochs, s.Anchored,
		s.SlashesExecuted, s.SlashesProposed,
		s.LedgerCrashes, s.PowerLosses, s.MidBatchCrashes, s.Reorgs,
		s.WindowDrops, s.Verdicts[events.Duplicate], s.LostAcks, s.Fenced,
		s.Replays, s.Equivocations, s.CursorLosses, strings.Join(reasons, " "))
}

// The same seed gives the same run: the same log, the same counts.
func TestSimDeterministic(t *testing.T) {
	const seed = 7
	a, err := Run(Config{Seed: seed, Steps: 800})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(Config{Seed: seed, Steps: 800})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Fatalf("seed %d ran twice differently:\n%+v\n%+v", seed, a, b)
	}
	c, err := Run(Config{Seed: seed + 1, Steps: 800})
	if err != nil {
		t.Fatal(err)
	}
	if c.LogDigest == a.LogDigest {
		t.Fatal("two seeds produced the same log")
	}
}

// expectFailure runs seeds with a bug injected until one is caught, and
// checks the failure names its seed, its step and the expected check.
func expectFailure(t *testing.T, hooks func() Hooks, want ...Check) {
	t.Helper()
	for seed := uint64(1); seed <= 10; seed++ {
		_, err := Run(Config{Seed: seed, Steps: 1200, Hooks: hooks()})
		if err == nil {
			continue
		}
		var f *Failure
		if !errors.As(err, &f) {
			t.Fatalf("seed %d: not a *Failure: %v", seed, err)
		}
		if f.Seed != seed || f.Step == 0 || !slices.Contains(want, f.Check) {
			t.Fatalf("seed %d: got %+v, want a failure of %v at some step", seed, f, want)
		}
		for _, s := range []string{fmt.Sprintf("seed %d,", seed), fmt.Sprintf("step %d:", f.Step), fmt.Sprintf("-seed=%d", seed)} {
			if !strings.Contains(err.Error(), s) {
				t.Fatalf("failure message %q does not contain %q", err, s)
			}
		}
		t.Logf("caught: %v", err)
		return
	}
	t.Fatal("the injected bug went unnoticed for 10 seeds")
}

// The settler the simulation runs is settlement.Settler itself: over a few
// seeds it closes, anchors every epoch it can and takes slashes through
// their due process on the simulated chain.
func TestSimRunsTheSettler(t *testing.T) {
	var anchored uint64
	var executed int
	for seed := uint64(1); seed <= 3; seed++ {
		r, err := Run(Config{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if r.Epochs == 0 || r.Anchored == 0 || r.Anchored > r.Epochs {
			t.Fatalf("seed %d: %d epochs closed, %d anchored", seed, r.Epochs, r.Anchored)
		}
		anchored += r.Anchored
		executed += r.SlashesExecuted
	}
	if executed == 0 {
		t.Fatalf("no slash executed in 3 seeds (%d epochs anchored)", anchored)
	}
}

// A chain that records another root than the settler submitted: the
// settler's own check (ErrRootConflict) stops anchoring, and the
// simulation reports it.
func TestSimCatchesWrongRoot(t *testing.T) {
	expectFailure(t, func() Hooks {
		return Hooks{Contracts: func(c settlement.Contracts) settlement.Contracts { return wrongRoot{c} }}
	}, CheckRun)
}

// wrongRoot submits epoch 2's root with its first byte changed.
type wrongRoot struct{ settlement.Contracts }

func (w wrongRoot) SubmitRoot(ctx context.Context, a aggregates.Anchor) (*types.Transaction, error) {
	if a.Epoch == 2 {
		a.Root[0] ^= 1
	}
	return w.Contracts.SubmitRoot(ctx, a)
}

// A fold that applies one message of a batch twice.
func TestSimCatchesDoubleApply(t *testing.T) {
	expectFailure(t, func() Hooks {
		calls := 0
		return Hooks{Fold: func(l *aggregates.Ledger, batch [][]byte, stopAfter uint64) error {
			if calls++; calls == 40 {
				batch = append([][]byte{batch[0]}, batch...)
			}
			return Fold(l, batch, stopAfter)
		}}
	}, CheckPosition)
}

// A disk that acknowledges fsync without syncing: commits do not survive a
// power loss.
func TestSimCatchesLostCommit(t *testing.T) {
	expectFailure(t, func() Hooks {
		return Hooks{Storage: func(fs vfs.FS) vfs.FS { return noSyncFS{fs} }}
	}, CheckLost)
}

// A restore that loses the per-source seq records: the ledger then takes
// redelivered events for new ones.
func TestSimCatchesLostSeqRecords(t *testing.T) {
	expectFailure(t, func() Hooks {
		return Hooks{Reopen: dropKeys("s/")}
	}, CheckTwice, CheckDuplicate)
}

// A restore that loses the open epoch's accumulators (rejection counts,
// jail and slash decisions so far): no step notices, the epoch report does.
func TestSimCatchesLostEpochState(t *testing.T) {
	expectFailure(t, func() Hooks {
		return Hooks{Reopen: dropKeys("x/epoch")}
	}, CheckReplay)
}

// dropKeys deletes every key under prefix from the ledger's store.
func dropKeys(prefix string) func(vfs.FS) error {
	return func(fs vfs.FS) error {
		db, err := pebble.Open("", &pebble.Options{FS: fs, Logger: pebblelog.Logger{Store: "sim"}})
		if err != nil {
			return err
		}
		end := []byte(prefix)
		end[len(end)-1]++
		if err := db.DeleteRange([]byte(prefix), end, pebble.Sync); err != nil {
			db.Close()
			return err
		}
		return db.Close()
	}
}

// noSyncFS drops every sync.
type noSyncFS struct{ vfs.FS }

func (fs noSyncFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return noSync(fs.FS.Create(name, c))
}

func (fs noSyncFS) OpenReadWrite(name string, c vfs.DiskWriteCategory, opts ...vfs.OpenOption) (vfs.File, error) {
	return noSync(fs.FS.OpenReadWrite(name, c, opts...))
}

func (fs noSyncFS) OpenDir(name string) (vfs.File, error) { return noSync(fs.FS.OpenDir(name)) }

func (fs noSyncFS) ReuseForWrite(oldname, newname string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return noSync(fs.FS.ReuseForWrite(oldname, newname, c))
}

func noSync(f vfs.File, err error) (vfs.File, error) {
	if err != nil {
		return nil, err
	}
	return noSyncFile{f}, nil
}

type noSyncFile struct{ vfs.File }

func (noSyncFile) Sync() error                { return nil }
func (noSyncFile) SyncData() error            { return nil }
func (noSyncFile) SyncTo(int64) (bool, error) { return false, nil }
