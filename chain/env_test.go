package chain

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/swarm-ledger/swarm/chain/simchain"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/gen"
)

var swarm = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

func testKey(i int) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("swarm chain test key %d", i))))
	if err != nil {
		panic(err)
	}
	return k
}

// env is a simulated chain with the contracts deployed, a real embedded
// JetStream server with the SWARM stream, and a watcher publishing into it.
type env struct {
	t       *testing.T
	ctx     context.Context
	sim     *simchain.Chain
	c       *Client
	admin   *Signer
	users   []*Signer
	key     nkeys.KeyPair
	js      jetstream.JetStream
	stream  jetstream.Stream
	sink    *recordingSink
	dir     string
	watcher *Watcher
}

func newEnv(t *testing.T, finality Finality, confirmations uint64) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	alloc := types.GenesisAlloc{}
	e := &env{t: t, ctx: ctx, dir: t.TempDir()}
	eth := new(big.Int).Mul(big.NewInt(1000), swarm)
	e.admin = NewSigner(testKey(0))
	alloc[e.admin.Address()] = types.Account{Balance: eth}
	for i := 1; i <= 4; i++ {
		s := NewSigner(testKey(i))
		e.users = append(e.users, s)
		alloc[s.Address()] = types.Account{Balance: eth}
	}
	sim, err := simchain.New(simchain.Config{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	e.sim = sim
	var addrs Addresses
	e.mined(func() error {
		addrs, err = Deploy(ctx, sim.Client(), e.admin, DeployConfig{UnbondingPeriod: time.Hour, MaxStakersPerProvider: 8, ActivationDelay: time.Minute,
			SlashDelay: testSlashDelay, Epoch: time.Minute})
		return err
	})
	if e.c, err = NewClient(ctx, sim.Client(), addrs); err != nil {
		t.Fatal(err)
	}
	for _, u := range e.users {
		e.mined(func() error {
			_, err := e.c.Mint(ctx, e.admin, u.Address(), new(big.Int).Mul(big.NewInt(10000), swarm))
			return err
		})
	}
	srv, err := eventlog.StartServer(eventlog.ServerConfig{Name: "w", Port: -1, StoreDir: filepath.Join(e.dir, "nats")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	if e.js, err = jetstream.New(nc); err != nil {
		t.Fatal(err)
	}
	if e.stream, err = eventlog.EnsureStream(ctx, e.js, eventlog.StreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	e.key = gen.DefaultConfig().LedgerKey()
	e.sink = &recordingSink{next: eventlog.Publisher{JS: e.js}}
	e.watcher = e.newWatcher(finality, confirmations, FileCursor(filepath.Join(e.dir, "cursor.json")))
	return e
}

// testSlashDelay is the slash delay of the test deployment.
const testSlashDelay = 10 * time.Minute

func (e *env) newWatcher(f Finality, conf uint64, cur Cursor) *Watcher {
	w, err := NewWatcher(WatcherConfig{
		Backend: e.sim.Client(), Addresses: e.c.Addr, Key: e.key, Sink: e.sink, Cursor: cur,
		Finality: f, Confirmations: conf, MaxRange: 7,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// mined runs f (which waits for receipts) while sealing blocks until it returns.
func (e *env) mined(f func() error) {
	e.t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	for {
		select {
		case err := <-done:
			if err != nil {
				e.t.Fatal(err)
			}
			return
		case <-time.After(5 * time.Millisecond):
			e.sim.Commit()
		}
	}
}

// send submits a transaction without sealing a block.
func (e *env) send(s *Signer, to common.Address, data []byte) *types.Transaction {
	e.t.Helper()
	tx, err := submit(e.ctx, e.sim.Client(), e.c.chainID, s, &to, data, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return tx
}

// allMined reports whether every one of txs has a receipt.
func (e *env) allMined(txs []*types.Transaction) bool {
	e.t.Helper()
	for _, tx := range txs {
		if _, err := e.sim.Client().TransactionReceipt(e.ctx, tx.Hash()); err != nil {
			if errors.Is(err, ethereum.NotFound) {
				return false
			}
			e.t.Fatal(err)
		}
	}
	return true
}

func (e *env) head() *types.Header {
	h, err := e.sim.Client().HeaderByNumber(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

func (e *env) step() int {
	e.t.Helper()
	n, err := e.watcher.Step(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// streamMessages returns every message in the stream, in order.
func (e *env) streamMessages() [][]byte {
	e.t.Helper()
	var buf bytes.Buffer
	w := events.NewExportWriter(&buf)
	if _, err := eventlog.Export(e.ctx, e.stream, w); err != nil {
		e.t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		e.t.Fatal(err)
	}
	msgs, err := events.ReadExport(&buf)
	if err != nil {
		e.t.Fatal(err)
	}
	return msgs
}

// canonicalFinal is what the log must hold: the signed event of every
// watched log in canonical blocks up to the final block, in chain order.
func (e *env) canonicalFinal(w *Watcher) [][]byte {
	e.t.Helper()
	final, err := w.Final(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	from := e.c.Addr.DeployBlock
	if final < from {
		return nil
	}
	logs, err := e.sim.Client().FilterLogs(e.ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(final),
		Addresses: []common.Address{e.c.Addr.Staking, e.c.Addr.Rewards}, Topics: [][]common.Hash{w.topics},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	var out [][]byte
	for i := range logs {
		ev, err := w.event(e.ctx, &logs[i], map[uint64]uint64{})
		if err != nil {
			e.t.Fatal(err)
		}
		msg, err := events.SignEncode(ev, e.key)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, msg)
	}
	return out
}

// assertLogIsCanonicalFinal checks the stream holds exactly the canonical
// final events, each once, in order.
func (e *env) assertLogIsCanonicalFinal(w *Watcher) {
	e.t.Helper()
	got, want := e.streamMessages(), e.canonicalFinal(w)
	if len(got) != len(want) {
		e.t.Fatalf("stream holds %d events, the canonical final chain has %d", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			e.t.Fatalf("stream message %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

// recordingSink forwards to JetStream and remembers what it was given.
type recordingSink struct {
	next Sink
	mu   sync.Mutex
	msgs [][]byte
}

func (r *recordingSink) Publish(ctx context.Context, ev *events.Event, msg []byte) error {
	if err := r.next.Publish(ctx, ev, msg); err != nil {
		return err
	}
	r.mu.Lock()
	r.msgs = append(r.msgs, append([]byte(nil), msg...))
	r.mu.Unlock()
	return nil
}

func (r *recordingSink) take() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.msgs
	r.msgs = nil
	return m
}
