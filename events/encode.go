package events

import (
	"math/big"
	"strconv"
)

// enc appends canonical JSON. Callers pass members in sorted order; the codec
// tests check that Decode accepts every encoding, which proves the order.
type enc struct{ b []byte }

func (e *enc) key(first bool, k string) {
	if !first {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, k...)
	e.b = append(e.b, '"', ':')
}

func (e *enc) str(first bool, k, v string) {
	e.key(first, k)
	e.b = append(e.b, '"')
	e.b = append(e.b, v...)
	e.b = append(e.b, '"')
}

func (e *enc) uint(first bool, k string, v uint64) {
	e.key(first, k)
	e.b = strconv.AppendUint(e.b, v, 10)
}

func (e *enc) amount(first bool, k string, v *big.Int) {
	e.key(first, k)
	e.b = append(e.b, '"')
	if v == nil {
		e.b = append(e.b, '0')
	} else {
		e.b = v.Append(e.b, 10)
	}
	e.b = append(e.b, '"')
}

func (e *enc) open()  { e.b = append(e.b, '{') }
func (e *enc) close() { e.b = append(e.b, '}') }

func (b *NodeRegisteredBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.key(true, "gpus")
	e.b = append(e.b, '[')
	for i, g := range b.GPUs {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.open()
		e.uint(true, "mem_mib", g.MemMiB)
		e.str(false, "model", g.Model)
		e.str(false, "uuid", g.UUID)
		e.close()
	}
	e.b = append(e.b, ']')
	e.str(false, "provider", b.Provider)
	e.str(false, "region", b.Region)
	e.close()
	return e.b
}

func (b *NodeHeartbeatBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.key(true, "gpus")
	e.b = append(e.b, '[')
	for i, g := range b.GPUs {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.open()
		e.uint(true, "ecc_dbe", g.ECCDBE)
		e.str(false, "gpu", g.GPU)
		e.uint(false, "mem_used_mib", g.MemUsedMiB)
		e.uint(false, "power_mw", g.PowerMW)
		e.uint(false, "temp_c", g.TempC)
		e.uint(false, "util_bp", g.UtilBP)
		e.uint(false, "xid", g.XID)
		e.close()
	}
	e.b = append(e.b, ']')
	e.close()
	return e.b
}

func (*NodeUnjailBody) appendCanonical(out []byte) []byte { return append(out, '{', '}') }

func (b *GPUVerifiedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.str(true, "gpu", b.GPU)
	e.str(false, "model", b.Model)
	e.str(false, "node", b.Node)
	e.close()
	return e.b
}

func (b *TaskAssignedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.key(true, "gpus")
	e.b = append(e.b, '[')
	for i, g := range b.GPUs {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = append(e.b, '"')
		e.b = append(e.b, g...)
		e.b = append(e.b, '"')
	}
	e.b = append(e.b, ']')
	e.str(false, "node", b.Node)
	e.str(false, "task", b.Task)
	e.close()
	return e.b
}

func (b *TaskCompletedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.uint(true, "gpu_seconds", b.GPUSeconds)
	e.str(false, "task", b.Task)
	e.close()
	return e.b
}

func (b *TaskFailedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.str(true, "fault", b.Fault)
	e.str(false, "task", b.Task)
	e.close()
	return e.b
}

func (b *NodeAuthBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.uint(true, "block", b.Block)
	e.uint(false, "log", b.Log)
	e.str(false, "node", b.Node)
	e.str(false, "provider", b.Provider)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

func (b *StakeBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.amount(true, "amount", b.Amount)
	e.uint(false, "block", b.Block)
	e.uint(false, "log", b.Log)
	e.str(false, "provider", b.Provider)
	if b.Kind == ChainUnbondRequested {
		e.uint(false, "release_at", b.ReleaseAt)
	}
	e.str(false, "staker", b.Staker)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

func (b *SlashedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.amount(true, "amount", b.Amount)
	e.uint(false, "block", b.Block)
	e.uint(false, "bp", b.BP)
	e.str(false, "evidence", b.Evidence)
	e.uint(false, "log", b.Log)
	e.str(false, "provider", b.Provider)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

func (b *SlashProposedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.uint(true, "block", b.Block)
	e.uint(false, "bp", b.BP)
	e.str(false, "evidence", b.Evidence)
	e.uint(false, "executable_at", b.ExecutableAt)
	e.uint(false, "log", b.Log)
	e.str(false, "provider", b.Provider)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

func (b *SlashVetoedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.uint(true, "block", b.Block)
	e.str(false, "evidence", b.Evidence)
	e.uint(false, "log", b.Log)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

func (b *ClaimedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.amount(true, "amount", b.Amount)
	e.uint(false, "block", b.Block)
	e.amount(false, "cumulative", b.Cumulative)
	e.str(false, "earner", b.Earner)
	e.uint(false, "log", b.Log)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

func (b *EpochClosedBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.uint(true, "end_ms", b.EndMs)
	e.uint(false, "epoch", b.Epoch)
	e.uint(false, "start_ms", b.StartMs)
	e.close()
	return e.b
}

func (b *EpochAnchoredBody) appendCanonical(out []byte) []byte {
	e := enc{out}
	e.open()
	e.uint(true, "block", b.Block)
	e.uint(false, "epoch", b.Epoch)
	e.str(false, "root", b.Root)
	e.str(false, "tx", b.Tx)
	e.close()
	return e.b
}

// appendEvent appends the canonical bytes of ev, with its sig member when
// withSig is set.
func appendEvent(out []byte, ev *Event, withSig bool) []byte {
	out = append(out, `{"body":`...)
	out = ev.Body.appendCanonical(out)
	e := enc{out}
	e.uint(false, "seq", ev.Seq)
	if withSig {
		e.str(false, "sig", ev.Sig)
	}
	e.str(false, "src", ev.Src)
	e.key(false, "time")
	e.b = strconv.AppendInt(e.b, ev.TimeMs, 10)
	e.str(false, "type", ev.Body.EventType().String())
	e.b = append(e.b, `,"v":1}`...)
	return e.b
}

// Encode returns the canonical message bytes of ev. It does not validate ev;
// Decode(Encode(ev)) does.
func Encode(ev *Event) []byte { return appendEvent(nil, ev, true) }

// SigningPayload returns the bytes a signature covers: the domain prefix
// followed by the canonical encoding of ev without its sig member.
func SigningPayload(ev *Event) []byte {
	return appendEvent([]byte(Domain), ev, false)
}
