package events

import (
	"errors"
	"math/big"
)

// ErrSchema is the error of a message that is not exactly the canonical
// encoding of a well-formed event.
var ErrSchema = errors.New("events: schema")

// Decoded is an event together with the spans of its message that signing
// needs.
type Decoded struct {
	Event
	// sigStart and sigEnd bound `"sig":"…",` inside the message; the signed
	// payload is the message without that span.
	sigStart, sigEnd int
	// srcKey is the Ed25519 key inside Src (nil for chain), decoded once.
	srcKey []byte
}

// Decode parses msg, accepting exactly the canonical bytes of a well-formed
// event (SPEC §2, §2.1, §4). Any other input returns ErrSchema.
func Decode(msg []byte) (*Decoded, error) {
	if len(msg) > MaxEventBytes {
		return nil, ErrSchema
	}
	p := parser{b: msg}
	d := &Decoded{}
	p.lit(`{"body":`)
	bodyStart := p.i
	p.skipObject()
	bodyEnd := p.i
	p.lit(`,"seq":`)
	d.Seq = p.uint()
	d.sigStart = p.i + 1
	p.lit(`,"sig":`)
	d.Sig = p.str()
	d.sigEnd = p.i + 1
	p.lit(`,"src":`)
	d.Src = p.str()
	p.lit(`,"time":`)
	d.TimeMs = p.int()
	p.lit(`,"type":`)
	d.Type = ParseType(p.str())
	p.lit(`,"v":1}`)
	if p.bad || p.i != len(msg) || d.Type == TypeInvalid || d.Seq < 1 {
		return nil, ErrSchema
	}
	if d.Src != ChainSrc {
		key, err := PublicKey(d.Src)
		if err != nil {
			return nil, ErrSchema
		}
		d.srcKey = key
	}
	bp := parser{b: msg[:bodyEnd], i: bodyStart}
	d.Body = decodeBody(&bp, d.Type)
	if bp.bad || bp.i != bodyEnd || d.Body == nil {
		return nil, ErrSchema
	}
	if ref, ok := ChainRefOf(d.Body); ok {
		if ref.Log >= MaxLogIndex || ref.Block > maxInt/MaxLogIndex || ref.ChainSeq() != d.Seq {
			return nil, ErrSchema
		}
	}
	return d, nil
}

// parser is a strict cursor over canonical JSON. The first failure sets bad;
// later calls are no-ops returning zero values, so decoders read as straight
// lines and check bad once.
type parser struct {
	b   []byte
	i   int
	bad bool
}

func (p *parser) fail() { p.bad = true }

// lit consumes the literal s.
func (p *parser) lit(s string) {
	if p.bad || len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		p.fail()
		return
	}
	p.i += len(s)
}

// peek reports whether the next byte is c.
func (p *parser) peek(c byte) bool { return !p.bad && p.i < len(p.b) && p.b[p.i] == c }

// str consumes a string of printable ASCII without '"' or '\', at most
// MaxString characters.
func (p *parser) str() string {
	if !p.peek('"') {
		p.fail()
		return ""
	}
	start := p.i + 1
	for j := start; j < len(p.b) && j-start <= MaxString; j++ {
		c := p.b[j]
		if c == '"' {
			p.i = j + 1
			return string(p.b[start:j])
		}
		if c < 0x20 || c > 0x7e || c == '\\' {
			break
		}
	}
	p.fail()
	return ""
}

// uint consumes a canonical non-negative integer below 2^53.
func (p *parser) uint() uint64 {
	if p.bad || p.i >= len(p.b) {
		p.fail()
		return 0
	}
	if p.b[p.i] == '0' {
		p.i++
		if p.i < len(p.b) && isDigit(p.b[p.i]) {
			p.fail()
		}
		return 0
	}
	if !isDigit(p.b[p.i]) {
		p.fail()
		return 0
	}
	var v uint64
	for p.i < len(p.b) && isDigit(p.b[p.i]) {
		v = v*10 + uint64(p.b[p.i]-'0')
		if v >= maxInt {
			p.fail()
			return 0
		}
		p.i++
	}
	return v
}

// int consumes a canonical integer with absolute value below 2^53.
func (p *parser) int() int64 {
	if p.peek('-') {
		p.i++
		v := p.uint()
		if v == 0 {
			p.fail() // "-0" is not canonical
		}
		return -int64(v)
	}
	return int64(p.uint())
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipObject consumes one object without validating its members (the typed
// decoder does that); strings cannot hold escapes, so bracket matching is
// enough to find its end.
func (p *parser) skipObject() {
	if !p.peek('{') {
		p.fail()
		return
	}
	depth := 0
	for j := p.i; j < len(p.b); j++ {
		switch p.b[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				p.i = j + 1
				return
			}
		case '"':
			for j++; j < len(p.b) && p.b[j] != '"'; j++ {
				if p.b[j] == '\\' {
					p.fail()
					return
				}
			}
		}
	}
	p.fail()
}

// list consumes an array of at most maxLen elements, calling elem for each,
// and returns how many it read.
func (p *parser) list(maxLen int, elem func()) int {
	p.lit("[")
	if p.peek(']') {
		p.i++
		return 0
	}
	n := 0
	for !p.bad {
		if n++; n > maxLen {
			p.fail()
			return n
		}
		elem()
		if p.peek(',') {
			p.i++
			continue
		}
		p.lit("]")
		break
	}
	return n
}

func (p *parser) nodeID() string {
	s := p.str()
	if !p.bad && !ValidNodeID(s) {
		p.fail()
	}
	return s
}

func (p *parser) address() string {
	s := p.str()
	if !p.bad && !ValidAddress(s) {
		p.fail()
	}
	return s
}

func (p *parser) hash() string {
	s := p.str()
	if !p.bad && !ValidHash(s) {
		p.fail()
	}
	return s
}

func (p *parser) amount() *big.Int {
	s := p.str()
	if p.bad {
		return nil
	}
	v, err := ParseAmount(s)
	if err != nil {
		p.fail()
	}
	return v
}

// max consumes an unsigned integer no greater than limit.
func (p *parser) max(limit uint64) uint64 {
	v := p.uint()
	if v > limit {
		p.fail()
	}
	return v
}

// MaxGPUs bounds the GPU lists of registrations, heartbeats and tasks.
const MaxGPUs = 16

func decodeBody(p *parser, t Type) Body {
	switch t {
	case NodeRegistered:
		return decodeRegistered(p)
	case NodeHeartbeat:
		return decodeHeartbeat(p)
	case NodeUnjail:
		p.lit("{}")
		return &NodeUnjailBody{}
	case GPUVerified:
		b := &GPUVerifiedBody{}
		p.lit(`{"gpu":`)
		b.GPU = p.str()
		p.lit(`,"model":`)
		b.Model = p.str()
		p.lit(`,"node":`)
		b.Node = p.nodeID()
		p.lit("}")
		return b
	case TaskAssigned:
		return decodeAssigned(p)
	case TaskCompleted:
		b := &TaskCompletedBody{}
		p.lit(`{"gpu_seconds":`)
		b.GPUSeconds = p.uint()
		p.lit(`,"task":`)
		b.Task = p.str()
		p.lit("}")
		if b.GPUSeconds == 0 {
			p.fail()
		}
		return b
	case TaskFailed:
		b := &TaskFailedBody{}
		p.lit(`{"fault":`)
		b.Fault = p.str()
		p.lit(`,"task":`)
		b.Task = p.str()
		p.lit("}")
		if b.Fault != FaultProvider && b.Fault != FaultRequester && b.Fault != FaultNetwork {
			p.fail()
		}
		return b
	case ChainNodeAuthorized, ChainNodeRevoked:
		b := &NodeAuthBody{Revoked: t == ChainNodeRevoked}
		p.lit(`{"block":`)
		b.Block = p.uint()
		p.lit(`,"log":`)
		b.Log = p.uint()
		p.lit(`,"node":`)
		b.Node = p.nodeID()
		p.lit(`,"provider":`)
		b.Provider = p.address()
		p.lit(`,"tx":`)
		b.Tx = p.hash()
		p.lit("}")
		return b
	case ChainBonded, ChainUnbondRequested, ChainWithdrawn:
		return decodeStake(p, t)
	case ChainSlashed:
		b := &SlashedBody{}
		p.lit(`{"amount":`)
		b.Amount = p.amount()
		p.lit(`,"block":`)
		b.Block = p.uint()
		p.lit(`,"bp":`)
		b.BP = p.max(10000)
		p.lit(`,"evidence":`)
		b.Evidence = p.hash()
		p.lit(`,"log":`)
		b.Log = p.uint()
		p.lit(`,"provider":`)
		b.Provider = p.address()
		p.lit(`,"tx":`)
		b.Tx = p.hash()
		p.lit("}")
		return b
	case ChainSlashProposed:
		b := &SlashProposedBody{}
		p.lit(`{"block":`)
		b.Block = p.uint()
		p.lit(`,"bp":`)
		b.BP = p.max(10000)
		p.lit(`,"evidence":`)
		b.Evidence = p.hash()
		p.lit(`,"executable_at":`)
		b.ExecutableAt = p.uint()
		p.lit(`,"log":`)
		b.Log = p.uint()
		p.lit(`,"provider":`)
		b.Provider = p.address()
		p.lit(`,"tx":`)
		b.Tx = p.hash()
		p.lit("}")
		return b
	case ChainSlashVetoed:
		b := &SlashVetoedBody{}
		p.lit(`{"block":`)
		b.Block = p.uint()
		p.lit(`,"evidence":`)
		b.Evidence = p.hash()
		p.lit(`,"log":`)
		b.Log = p.uint()
		p.lit(`,"tx":`)
		b.Tx = p.hash()
		p.lit("}")
		return b
	case ChainClaimed:
		b := &ClaimedBody{}
		p.lit(`{"amount":`)
		b.Amount = p.amount()
		p.lit(`,"block":`)
		b.Block = p.uint()
		p.lit(`,"cumulative":`)
		b.Cumulative = p.amount()
		p.lit(`,"earner":`)
		b.Earner = p.address()
		p.lit(`,"log":`)
		b.Log = p.uint()
		p.lit(`,"tx":`)
		b.Tx = p.hash()
		p.lit("}")
		return b
	case EpochClosed:
		b := &EpochClosedBody{}
		p.lit(`{"end_ms":`)
		b.EndMs = p.uint()
		p.lit(`,"epoch":`)
		b.Epoch = p.uint()
		p.lit(`,"start_ms":`)
		b.StartMs = p.uint()
		p.lit("}")
		if b.Epoch < 1 {
			p.fail()
		}
		return b
	case EpochAnchored:
		b := &EpochAnchoredBody{}
		p.lit(`{"block":`)
		b.Block = p.uint()
		p.lit(`,"epoch":`)
		b.Epoch = p.uint()
		p.lit(`,"root":`)
		b.Root = p.hash()
		p.lit(`,"tx":`)
		b.Tx = p.hash()
		p.lit("}")
		if b.Epoch < 1 {
			p.fail()
		}
		return b
	}
	return nil
}

func decodeRegistered(p *parser) Body {
	b := &NodeRegisteredBody{}
	p.lit(`{"gpus":`)
	n := p.list(MaxGPUs, func() {
		var g GPUSpec
		p.lit(`{"mem_mib":`)
		g.MemMiB = p.uint()
		p.lit(`,"model":`)
		g.Model = p.str()
		p.lit(`,"uuid":`)
		g.UUID = p.str()
		p.lit("}")
		b.GPUs = append(b.GPUs, g)
	})
	if n < 1 {
		p.fail()
	}
	for i := range b.GPUs {
		for j := 0; j < i; j++ {
			if b.GPUs[i].UUID == b.GPUs[j].UUID {
				p.fail()
			}
		}
	}
	p.lit(`,"provider":`)
	b.Provider = p.address()
	p.lit(`,"region":`)
	b.Region = p.str()
	p.lit("}")
	return b
}

func decodeHeartbeat(p *parser) Body {
	b := &NodeHeartbeatBody{}
	p.lit(`{"gpus":`)
	p.list(MaxGPUs, func() {
		var g GPUSample
		p.lit(`{"ecc_dbe":`)
		g.ECCDBE = p.uint()
		p.lit(`,"gpu":`)
		g.GPU = p.str()
		p.lit(`,"mem_used_mib":`)
		g.MemUsedMiB = p.uint()
		p.lit(`,"power_mw":`)
		g.PowerMW = p.uint()
		p.lit(`,"temp_c":`)
		g.TempC = p.max(150)
		p.lit(`,"util_bp":`)
		g.UtilBP = p.max(10000)
		p.lit(`,"xid":`)
		g.XID = p.uint()
		p.lit("}")
		b.GPUs = append(b.GPUs, g)
	})
	for i := range b.GPUs {
		for j := 0; j < i; j++ {
			if b.GPUs[i].GPU == b.GPUs[j].GPU {
				p.fail()
			}
		}
	}
	p.lit("}")
	return b
}

func decodeAssigned(p *parser) Body {
	b := &TaskAssignedBody{}
	p.lit(`{"gpus":`)
	n := p.list(MaxGPUs, func() { b.GPUs = append(b.GPUs, p.str()) })
	if n < 1 {
		p.fail()
	}
	for i := range b.GPUs {
		for j := 0; j < i; j++ {
			if b.GPUs[i] == b.GPUs[j] {
				p.fail()
			}
		}
	}
	p.lit(`,"node":`)
	b.Node = p.nodeID()
	p.lit(`,"task":`)
	b.Task = p.str()
	p.lit("}")
	return b
}

func decodeStake(p *parser, t Type) Body {
	b := &StakeBody{Kind: t}
	p.lit(`{"amount":`)
	b.Amount = p.amount()
	p.lit(`,"block":`)
	b.Block = p.uint()
	p.lit(`,"log":`)
	b.Log = p.uint()
	p.lit(`,"provider":`)
	b.Provider = p.address()
	if t == ChainUnbondRequested {
		p.lit(`,"release_at":`)
		b.ReleaseAt = p.uint()
	}
	p.lit(`,"staker":`)
	b.Staker = p.address()
	p.lit(`,"tx":`)
	b.Tx = p.hash()
	p.lit("}")
	return b
}
