package scenario

import (
	"bytes"
	"errors"
	"math/big"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/events"
)

func generate(t *testing.T, c Config) *Scenario {
	t.Helper()
	s, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func adversarialConfig(seed int64) Config {
	c := DefaultConfig()
	c.Seed, c.Epochs, c.Adversarial = seed, 4, true
	return c
}

func sameScenario(a, b *Scenario) bool {
	return bytes.Equal(a.Params, b.Params) && slices.EqualFunc(a.Messages, b.Messages, bytes.Equal) &&
		slices.EqualFunc(a.Reports, b.Reports, bytes.Equal)
}

// The same config gives byte-identical output whatever the number of
// signing workers; another seed gives another log.
func TestDeterminism(t *testing.T) {
	c := adversarialConfig(3)
	a := generate(t, c)
	prev := runtime.GOMAXPROCS(1)
	b := generate(t, c)
	runtime.GOMAXPROCS(prev)
	if !sameScenario(a, b) {
		t.Fatal("two generations of one config differ")
	}
	c.Seed++
	other := generate(t, c)
	if bytes.Equal(a.Params, other.Params) || slices.EqualFunc(a.Messages, other.Messages, bytes.Equal) {
		t.Fatal("different seeds gave the same scenario")
	}
	g1, err := Goldens()[1].Build()
	if err != nil {
		t.Fatal(err)
	}
	g2, err := Goldens()[1].Build()
	if err != nil {
		t.Fatal(err)
	}
	if !sameScenario(g1, g2) {
		t.Fatal("two builds of a builder scenario differ")
	}
}

// Honest traffic is never rejected, and a few epochs of it accept every
// event type.
func TestHonestTrafficAccepted(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		c := DefaultConfig()
		c.Seed, c.Epochs, c.ChurnBP = seed, 5, 1500
		reasons, accepted, err := Check(generate(t, c))
		if err != nil {
			t.Fatal(err)
		}
		if len(reasons) != 0 {
			t.Errorf("seed %d: honest traffic rejected: %v", seed, reasons)
		}
		for _, typ := range events.AllTypes() {
			if accepted[typ] == 0 {
				t.Errorf("seed %d: no %s accepted", seed, typ)
			}
		}
	}
}

// Adversarial traffic hits every rejection reason, and the generator's own
// fold (which skips verifying the signatures it made) agrees with an
// independent replay.
func TestAdversarialTraffic(t *testing.T) {
	for _, seed := range []int64{11, 12} {
		s := generate(t, adversarialConfig(seed))
		reasons, _, err := Check(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range events.AllReasons() {
			if reasons[r] == 0 {
				t.Errorf("seed %d: nothing rejected as %s", seed, r)
			}
		}
		// Only the two over-asks per epoch: the generator's mirror of the
		// staking contract never drifts from the ledger's.
		if c := adversarialConfig(seed); reasons[events.InsufficientStake] != 2*c.Epochs {
			t.Errorf("seed %d: %d insufficient_stake, want %d", seed, reasons[events.InsufficientStake], 2*c.Epochs)
		}
		reports, err := Replay(s.Params, s.Messages, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(reports, s.Reports, bytes.Equal) {
			t.Errorf("seed %d: the generator's fold disagrees with a replay", seed)
		}
	}
}

// WriteLog escapes messages holding '\n' or '\r' or starting with '!', and
// reading the export back gives the messages.
func TestExportRoundTrip(t *testing.T) {
	s := generate(t, adversarialConfig(5))
	var buf bytes.Buffer
	if err := s.WriteLog(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("\n!")) {
		t.Error("no '!' line in an adversarial export")
	}
	back, err := events.ReadExport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back, s.Messages, bytes.Equal) {
		t.Fatal("export round trip changed the messages")
	}
	dir := t.TempDir()
	if err := s.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
}

// The signer's spliced messages are exactly events.SignEncode's.
func TestSignerMatchesEvents(t *testing.T) {
	sg := newSigner(9, "node/x")
	raw := derive(9, "key", "node/x")
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, raw[:])
	if err != nil {
		t.Fatal(err)
	}
	addr, tx := address(9, "a"), hash(9, "t")
	bodies := []events.Body{
		&events.NodeRegisteredBody{Provider: addr, Region: "r", GPUs: []events.GPUSpec{{UUID: "g", Model: "m", MemMiB: 1}}},
		telemetry(rand.New(rand.NewPCG(1, 2)), []events.GPUSpec{{UUID: "g"}}),
		&events.NodeUnjailBody{},
		&events.StakeBody{Kind: events.ChainUnbondRequested, ChainRef: events.ChainRef{Tx: tx, Block: 3, Log: 1},
			Staker: addr, Provider: addr, Amount: big.NewInt(5), ReleaseAt: 9},
		&events.EpochClosedBody{Epoch: 1, StartMs: 1, EndMs: 2},
	}
	for _, body := range bodies {
		src := sg.id
		if _, ok := chainRef(body); ok {
			src = events.ChainSrc
		}
		ev := events.Event{Src: src, Seq: 300001, TimeMs: 42, Body: body}
		got := sg.sign(&ev)
		want, err := events.SignEncode(&events.Event{Src: src, Seq: 300001, TimeMs: 42, Body: body}, kp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", body.EventType(), got, want)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	bad := []func(*Config){
		func(c *Config) { c.Epochs = 0 },
		func(c *Config) { c.Nodes = 0 },
		func(c *Config) { c.Schedulers = 0 },
		func(c *Config) { c.HeartbeatIntervalS = 0 },
		func(c *Config) { c.EpochMs = 1000 },
		func(c *Config) { c.DowntimeBP = 10001 },
		func(c *Config) { c.Adversarial, c.Nodes = true, 2 },
		func(c *Config) { c.Economics.WeightAvailBP = 1 },
		func(c *Config) { c.Economics.Models = c.Economics.Models[4:] },
	}
	for i, mutate := range bad {
		c := DefaultConfig()
		mutate(&c)
		if _, err := Generate(c); !errors.Is(err, ErrConfig) {
			t.Errorf("case %d: got %v, want ErrConfig", i, err)
		}
	}
}

// A builder refuses more events than fit in one epoch.
func TestBuilderEpochFull(t *testing.T) {
	b, err := NewBuilder(builderConfig(1))
	if err != nil {
		t.Fatal(err)
	}
	n := b.NewNode("a", b.Provider(0), h100)
	b.Heartbeats(n, int(b.cfg.EpochMs/builderStepMs))
	if _, err := b.Close(); !errors.Is(err, ErrEpochFull) {
		t.Fatalf("got %v, want ErrEpochFull", err)
	}
	if _, err := b.Scenario(); !errors.Is(err, ErrEpochFull) {
		t.Fatalf("got %v, want ErrEpochFull", err)
	}
}
