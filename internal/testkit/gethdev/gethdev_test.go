package gethdev

import (
	"bytes"
	"context"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// syncBuffer collects geth's output; it is printed only if the test fails.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestGethDev(t *testing.T) {
	// A cold build of geth takes several minutes on two cores.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()

	start := time.Now()
	bin, err := Binary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Binary: %s (%v)", bin, time.Since(start).Round(time.Millisecond))

	var gethLog syncBuffer
	start = time.Now()
	node, err := Start(ctx, Options{Binary: bin, DataDir: t.TempDir(), Log: &gethLog})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start: %s dev=%s (%v)", node.URL(), node.DevAccount().Hex(), time.Since(start).Round(time.Millisecond))
	stopped := false
	defer func() {
		if !stopped {
			node.Stop()
		}
		if t.Failed() {
			t.Logf("geth output:\n%s", gethLog.String())
		}
	}()

	ec, err := ethclient.DialContext(ctx, node.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()

	// Fund a fresh key from the developer account.
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	funding := big.NewInt(params.Ether)
	if err := node.Fund(ctx, from, funding); err != nil {
		t.Fatal(err)
	}
	if bal, err := ec.BalanceAt(ctx, from, nil); err != nil {
		t.Fatal(err)
	} else if bal.Cmp(funding) != 0 {
		t.Fatalf("funded balance = %v, want %v", bal, funding)
	}

	// A plain transfer signed locally by the fresh key.
	to := common.HexToAddress("0x000000000000000000000000000000000000bEEF")
	value := big.NewInt(params.Ether / 10)
	chainID, err := ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nonce, err := ec.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	tip, err := ec.SuggestGasTipCap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	head, err := ec.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{
		ChainID:   chainID,
		Nonce:     nonce,
		GasTipCap: tip,
		GasFeeCap: feeCap,
		Gas:       params.TxGas,
		To:        &to,
		Value:     value,
	}), types.LatestSignerForChainID(chainID), key)
	if err != nil {
		t.Fatal(err)
	}
	if err := ec.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	receipt, err := node.WaitReceipt(ctx, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("transfer failed: %+v", receipt)
	}
	if bal, err := ec.BalanceAt(ctx, to, nil); err != nil {
		t.Fatal(err)
	} else if bal.Cmp(value) != 0 {
		t.Fatalf("recipient balance = %v, want %v", bal, value)
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(receipt.GasUsed), receipt.EffectiveGasPrice)
	want := new(big.Int).Sub(new(big.Int).Sub(funding, value), fee)
	if bal, err := ec.BalanceAt(ctx, from, nil); err != nil {
		t.Fatal(err)
	} else if bal.Cmp(want) != 0 {
		t.Fatalf("sender balance = %v, want %v", bal, want)
	}

	// Dev-mode block tags: safe is the head, finalized is the last multiple
	// of 32 (see doc.go). Mine past block 32 to see finalized move.
	checkTags := func() (latest uint64) {
		t.Helper()
		head := func() *types.Header {
			h, err := ec.HeaderByNumber(ctx, big.NewInt(int64(rpc.LatestBlockNumber)))
			if err != nil {
				t.Fatal(err)
			}
			return h
		}
		// The tags are read between two reads of the head; a block sealed
		// in between (the node seals on its own too) makes the reads
		// disagree without a wrong tag, so they are read again.
		var l, s, f *types.Header
		for range 20 {
			l = head()
			var err error
			if s, err = ec.HeaderByNumber(ctx, big.NewInt(int64(rpc.SafeBlockNumber))); err != nil {
				t.Fatalf("safe tag: %v", err)
			}
			if f, err = ec.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber))); err != nil {
				t.Fatalf("finalized tag: %v", err)
			}
			if head().Hash() == l.Hash() {
				break
			}
		}
		latest = l.Number.Uint64()
		if s.Number.Uint64() != latest {
			t.Errorf("safe = %v, want latest %d", s.Number, latest)
		}
		if want := latest / 32 * 32; f.Number.Uint64() != want {
			t.Errorf("finalized = %v at latest %d, want %d", f.Number, latest, want)
		}
		return latest
	}
	latest := checkTags()
	t.Logf("after transfer: latest=%d", latest)
	start = time.Now()
	for latest < 33 {
		if err := node.Fund(ctx, to, big.NewInt(1)); err != nil {
			t.Fatal(err)
		}
		latest = checkTags()
	}
	t.Logf("mined to block %d in %v", latest, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	stopped = true
	if err := node.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Stop: %v", time.Since(start).Round(time.Millisecond))
	if _, err := ec.BlockNumber(ctx); err == nil {
		t.Fatal("node still answers after Stop")
	}
}
