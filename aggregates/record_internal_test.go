package aggregates

import (
	"bytes"
	"errors"
	"math/big"
	"testing"

	"github.com/swarm-ledger/swarm/events"
)

// TestEpochRecordFormat1 pins the stored layout of format 1, the one every
// existing store holds: epoch, report, root, total cumulative, carry,
// anchored, anchor tx, anchor block, each as wbuf writes it, with no
// prefix. Changing it would make existing stores unreadable and change
// StateHash.
func TestEpochRecordFormat1(t *testing.T) {
	rec := &EpochRecord{Epoch: 300, Report: []byte(`{"epoch":300}`), Root: events.Hash{1, 2, 3},
		TotalCumulative: big.NewInt(0x0102), Carry: new(big.Int), Anchored: true, AnchorTx: "0xab", AnchorBlock: 7}
	want := []byte{0xac, 0x02} // uvarint 300
	want = append(want, 13)
	want = append(want, `{"epoch":300}`...)
	want = append(want, 32, 1, 2, 3)
	want = append(want, make([]byte, 29)...)
	want = append(want, 1, 2, 0x01, 0x02) // positive, 2 bytes
	want = append(want, 0)                // carry 0
	want = append(want, 1)                // anchored
	want = append(want, 4)
	want = append(want, "0xab"...)
	want = append(want, 7)
	got := rec.encode()
	if !bytes.Equal(got, want) {
		t.Fatalf("format 1 encoding\n got %x\nwant %x", got, want)
	}
	back, err := decodeEpochRecord(got)
	if err != nil {
		t.Fatal(err)
	}
	if back.Epoch != 300 || !bytes.Equal(back.Report, rec.Report) || back.Root != rec.Root || back.TotalCumulative.Cmp(rec.TotalCumulative) != 0 ||
		back.Carry.Sign() != 0 || !back.Anchored || back.AnchorTx != "0xab" || back.AnchorBlock != 7 {
		t.Fatalf("decoded %+v", back)
	}
}

// TestEpochRecordUnknownFormat: a record that names its format (0x00
// prefix) is refused with ErrRecordFormat naming the format, never misread
// as format 1; a truncated one is corrupt.
func TestEpochRecordUnknownFormat(t *testing.T) {
	body := (&EpochRecord{Epoch: 1, Report: []byte(`{}`), TotalCumulative: new(big.Int), Carry: new(big.Int)}).encode()
	for _, f := range []byte{1, 2, 9} {
		b := append([]byte{epochRecordVersion, f}, body...)
		_, err := decodeEpochRecord(b)
		if !errors.Is(err, ErrRecordFormat) || !bytes.Contains([]byte(err.Error()), []byte("format "+string('0'+f))) {
			t.Fatalf("format %d: %v", f, err)
		}
	}
	if _, err := decodeEpochRecord([]byte{epochRecordVersion}); !errors.Is(err, errCorrupt) {
		t.Fatalf("truncated prefix: %v", err)
	}
	if _, err := decodeEpochRecord(body[:len(body)-1]); !errors.Is(err, errCorrupt) {
		t.Fatalf("truncated format 1: %v", err)
	}
}

func TestAnchorEqualAndString(t *testing.T) {
	a := Anchor{Epoch: 2, Root: events.Hash{0xaa}, TotalCumulative: big.NewInt(5), EventsDigest: events.Hash{0xbb}}
	if !a.Equal(a) || !a.Equal(Anchor{Epoch: 2, Root: events.Hash{0xaa}, TotalCumulative: big.NewInt(5), EventsDigest: events.Hash{0xbb}}) {
		t.Fatal("an anchor differs from its copy")
	}
	for name, b := range map[string]Anchor{
		"epoch":  {Epoch: 3, Root: a.Root, TotalCumulative: a.TotalCumulative, EventsDigest: a.EventsDigest},
		"root":   {Epoch: 2, Root: events.Hash{0xab}, TotalCumulative: a.TotalCumulative, EventsDigest: a.EventsDigest},
		"total":  {Epoch: 2, Root: a.Root, TotalCumulative: big.NewInt(6), EventsDigest: a.EventsDigest},
		"digest": {Epoch: 2, Root: a.Root, TotalCumulative: a.TotalCumulative, EventsDigest: events.Hash{0xbc}},
	} {
		if a.Equal(b) || b.Equal(a) {
			t.Fatalf("anchors differing in %s are equal", name)
		}
	}
	if !(Anchor{Epoch: 1}).Equal(Anchor{Epoch: 1, TotalCumulative: new(big.Int)}) {
		t.Fatal("a nil total differs from 0")
	}
	want := "epoch 2 root 0xaa" + zeros(62) + " total 5 digest 0xbb" + zeros(62)
	if a.String() != want {
		t.Fatalf("String %q, want %q", a, want)
	}
}

func zeros(n int) string { return string(bytes.Repeat([]byte{'0'}, n)) }
