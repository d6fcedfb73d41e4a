package simchain

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// burst sends n transfers one after the other, each once the previous one
// is mined, as a deployment does, and returns the head's time afterwards
// with the wall clock read after it.
func burst(t *testing.T, c *Chain, n int) (head uint64, now int64) {
	t.Helper()
	ctx := context.Background()
	key, _ := crypto.ToECDSA(crypto.Keccak256([]byte("simchain test")))
	from := crypto.PubkeyToAddress(key.PublicKey)
	signer := types.LatestSignerForChainID(big.NewInt(ChainID))
	nonce, err := c.Client().PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: big.NewInt(ChainID), Nonce: nonce + uint64(i),
			GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &common.Address{1}, Value: big.NewInt(1)})
		if err := c.Client().SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if r, err := c.Client().TransactionReceipt(ctx, tx.Hash()); err == nil && r.Status == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("transfer %d not mined", i)
			}
		}
	}
	h, err := c.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h.Time, time.Now().Unix()
}

func newChain(t *testing.T, wallClock bool) *Chain {
	t.Helper()
	key, _ := crypto.ToECDSA(crypto.Keccak256([]byte("simchain test")))
	alloc := types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): {Balance: big.NewInt(1e18)}}
	c, err := New(Config{Alloc: alloc, AutoMine: true, BlockInterval: 100 * time.Millisecond, WallClock: wallClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestWallClock: a chain that seals on every transaction and every 100 ms
// runs ahead of the wall clock; with WallClock its block times never pass
// the wall clock, stay strictly increasing, and AdjustTime's shift is kept
// without stopping the interval blocks.
func TestWallClock(t *testing.T) {
	const n = 4
	fast := newChain(t, false)
	if head, now := burst(t, fast, n); int64(head) <= now {
		t.Fatalf("control: without WallClock %d quick blocks left the head at %d, not ahead of the wall clock %d", n, head, now)
	}

	c := newChain(t, true)
	head, now := burst(t, c, n)
	if int64(head) > now {
		t.Fatalf("head time %d is ahead of the wall clock %d", head, now)
	}
	ctx := context.Background()
	var prev uint64
	for i := int64(0); ; i++ {
		h, err := c.Client().HeaderByNumber(ctx, big.NewInt(i))
		if err != nil {
			break
		}
		if i > 0 && h.Time <= prev {
			t.Fatalf("block %d time %d not after its parent's %d", i, h.Time, prev)
		}
		prev = h.Time
	}

	if err := c.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	shifted, err := c.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		h, err := c.Client().HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if h.Number.Cmp(shifted.Number) > 0 {
			if lead := int64(h.Time) - time.Now().Unix(); lead > 3600 {
				t.Fatalf("after a one-hour shift the head is %d s ahead of the wall clock", lead)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no interval block after AdjustTime")
		}
	}
}
