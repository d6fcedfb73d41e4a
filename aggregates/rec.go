package aggregates

import (
	"encoding/binary"
	"errors"
	"math/big"
)

// errCorrupt is returned when a persisted record does not decode.
var errCorrupt = errors.New("aggregates: corrupt state record")

// wbuf appends a record's fields in a fixed order: the persisted encoding is
// deterministic, so the state hash over it is too.
type wbuf []byte

func (w *wbuf) u(v uint64) { *w = binary.AppendUvarint(*w, v) }

func (w *wbuf) s(v string) {
	w.u(uint64(len(v)))
	*w = append(*w, v...)
}

func (w *wbuf) flag(v bool) {
	if v {
		w.u(1)
	} else {
		w.u(0)
	}
}

func (w *wbuf) big(v *big.Int) {
	if v == nil || v.Sign() == 0 {
		w.u(0)
		return
	}
	if v.Sign() < 0 {
		// Only external and emission go negative: sign marker 2.
		w.u(2)
		w.bytes(new(big.Int).Neg(v).Bytes())
		return
	}
	w.u(1)
	w.bytes(v.Bytes())
}

func (w *wbuf) bytes(v []byte) {
	w.u(uint64(len(v)))
	*w = append(*w, v...)
}

// rbuf reads what wbuf wrote; the first failure sets bad.
type rbuf struct {
	buf []byte
	bad bool
}

func (r *rbuf) u() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *rbuf) bytes() []byte {
	n := r.u()
	if r.bad || uint64(len(r.buf)) < n {
		r.bad = true
		return nil
	}
	v := r.buf[:n]
	r.buf = r.buf[n:]
	return v
}

func (r *rbuf) s() string { return string(r.bytes()) }

func (r *rbuf) flag() bool { return r.u() == 1 }

func (r *rbuf) big() *big.Int {
	switch r.u() {
	case 0:
		return new(big.Int)
	case 1:
		return new(big.Int).SetBytes(r.bytes())
	case 2:
		return new(big.Int).Neg(new(big.Int).SetBytes(r.bytes()))
	}
	r.bad = true
	return new(big.Int)
}

func (r *rbuf) done() error {
	if r.bad || len(r.buf) != 0 {
		return errCorrupt
	}
	return nil
}
