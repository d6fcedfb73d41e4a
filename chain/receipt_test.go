package chain

import (
	"errors"
	"math/big"
	"testing"
	"time"
)

// TestReceiptTimeout: a transaction that is not mined within the deadline
// is reported with its hash; once mined, the signer's next send follows it.
func TestReceiptTimeout(t *testing.T) {
	e := newEnv(t, FinalityConfirmations, 1)
	e.c.ReceiptTimeout = 200 * time.Millisecond
	s, to := e.users[0], e.users[1].Address()
	_, err := e.c.Transfer(e.ctx, s, to, big.NewInt(1))
	if !errors.Is(err, ErrReceiptTimeout) {
		t.Fatalf("unmined transfer: %v, want ErrReceiptTimeout", err)
	}
	e.c.ReceiptTimeout = time.Minute
	e.mined(func() error { _, err := e.c.Transfer(e.ctx, s, to, big.NewInt(2)); return err })
	n, err := e.sim.Client().NonceAt(e.ctx, s.Address(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("nonce %d after two transfers, want 2", n)
	}
}
