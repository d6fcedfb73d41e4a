package events

import (
	"math/big"
)

// Type is an event type of SPEC §4.
type Type uint8

// The event types, in SPEC §4 order.
const (
	TypeInvalid Type = iota
	NodeRegistered
	NodeHeartbeat
	NodeUnjail
	GPUVerified
	TaskAssigned
	TaskCompleted
	TaskFailed
	ChainNodeAuthorized
	ChainNodeRevoked
	ChainBonded
	ChainUnbondRequested
	ChainWithdrawn
	ChainSlashed
	ChainClaimed
	ChainSlashProposed
	ChainSlashVetoed
	EpochClosed
	EpochAnchored
	numTypes
)

var typeNames = [numTypes]string{
	"", "node.registered", "node.heartbeat", "node.unjail", "gpu.verified",
	"task.assigned", "task.completed", "task.failed",
	"chain.node_authorized", "chain.node_revoked", "chain.bonded",
	"chain.unbond_requested", "chain.withdrawn", "chain.slashed", "chain.claimed",
	"chain.slash_proposed", "chain.slash_vetoed",
	"epoch.closed", "epoch.anchored",
}

// String returns the wire name of t.
func (t Type) String() string {
	if t >= numTypes {
		return ""
	}
	return typeNames[t]
}

// ParseType returns the Type named s, or TypeInvalid.
func ParseType(s string) Type {
	for i := Type(1); i < numTypes; i++ {
		if typeNames[i] == s {
			return i
		}
	}
	return TypeInvalid
}

// AllTypes lists every valid type in SPEC order.
func AllTypes() []Type {
	out := make([]Type, 0, numTypes-1)
	for i := Type(1); i < numTypes; i++ {
		out = append(out, i)
	}
	return out
}

// Class is the source class a type requires (SPEC §2.3).
type Class uint8

// Source classes.
const (
	ClassNode Class = iota + 1
	ClassScheduler
	ClassChain
	ClassLedger
)

// Class returns the source class events of type t need.
func (t Type) Class() Class {
	switch {
	case t >= NodeRegistered && t <= NodeUnjail:
		return ClassNode
	case t >= GPUVerified && t <= TaskFailed:
		return ClassScheduler
	case t >= ChainNodeAuthorized && t <= ChainSlashVetoed:
		return ClassChain
	case t == EpochClosed || t == EpochAnchored:
		return ClassLedger
	}
	return 0
}

// ChainSrc is the literal src of chain events.
const ChainSrc = "chain"

// Event is one decoded event. Body holds a pointer to the type's body struct.
type Event struct {
	Type   Type
	Src    string
	Seq    uint64
	TimeMs int64
	Body   Body
	Sig    string
}

// ID returns the event id, src + "/" + seq (SPEC §2.3).
func (e *Event) ID() string { return ID(e.Src, e.Seq) }

// Body is implemented by every body type.
type Body interface {
	// EventType is the type this body belongs to.
	EventType() Type
	appendCanonical(b []byte) []byte
}

// GPUSpec is one GPU of a node registration.
type GPUSpec struct {
	UUID   string
	Model  string
	MemMiB uint64
}

// NodeRegisteredBody is node.registered.
type NodeRegisteredBody struct {
	Provider string
	Region   string
	GPUs     []GPUSpec
}

// GPUSample is one GPU's telemetry in a heartbeat.
type GPUSample struct {
	GPU        string
	UtilBP     uint64
	MemUsedMiB uint64
	TempC      uint64
	PowerMW    uint64
	ECCDBE     uint64
	XID        uint64
}

// NodeHeartbeatBody is node.heartbeat.
type NodeHeartbeatBody struct {
	GPUs []GPUSample
}

// NodeUnjailBody is node.unjail.
type NodeUnjailBody struct{}

// GPUVerifiedBody is gpu.verified.
type GPUVerifiedBody struct {
	Node  string
	GPU   string
	Model string
}

// TaskAssignedBody is task.assigned.
type TaskAssignedBody struct {
	Task string
	Node string
	GPUs []string
}

// TaskCompletedBody is task.completed.
type TaskCompletedBody struct {
	Task       string
	GPUSeconds uint64
}

// Fault values of task.failed.
const (
	FaultProvider  = "provider"
	FaultRequester = "requester"
	FaultNetwork   = "network"
)

// TaskFailedBody is task.failed.
type TaskFailedBody struct {
	Task  string
	Fault string
}

// ChainRef locates a contract log: its transaction, block and log index.
type ChainRef struct {
	Tx    string
	Block uint64
	Log   uint64
}

// ChainSeq is the seq a chain event at (block, log) must carry.
func (r ChainRef) ChainSeq() uint64 { return r.Block*MaxLogIndex + r.Log }

// MaxLogIndex bounds a chain event's log index (exclusive).
const MaxLogIndex = 100000

// NodeAuthBody is chain.node_authorized and chain.node_revoked.
type NodeAuthBody struct {
	ChainRef
	Revoked  bool // chain.node_revoked when true
	Provider string
	Node     string
}

// StakeBody is chain.bonded, chain.unbond_requested and chain.withdrawn.
type StakeBody struct {
	ChainRef
	Kind      Type // ChainBonded, ChainUnbondRequested or ChainWithdrawn
	Staker    string
	Provider  string
	Amount    *big.Int
	ReleaseAt uint64 // chain.unbond_requested only
}

// SlashedBody is chain.slashed.
type SlashedBody struct {
	ChainRef
	Provider string
	BP       uint64
	Evidence string
	Amount   *big.Int
}

// SlashProposedBody is chain.slash_proposed: a slash proposed on chain,
// executable from ExecutableAt (Unix seconds) unless vetoed (SPEC §6.6).
type SlashProposedBody struct {
	ChainRef
	Provider     string
	BP           uint64
	Evidence     string
	ExecutableAt uint64
}

// SlashVetoedBody is chain.slash_vetoed: the guardian vetoed the proposed
// slash with this evidence.
type SlashVetoedBody struct {
	ChainRef
	Evidence string
}

// ClaimedBody is chain.claimed.
type ClaimedBody struct {
	ChainRef
	Earner     string
	Amount     *big.Int
	Cumulative *big.Int
}

// EpochClosedBody is epoch.closed.
type EpochClosedBody struct {
	Epoch   uint64
	StartMs uint64
	EndMs   uint64
}

// EpochAnchoredBody is epoch.anchored.
type EpochAnchoredBody struct {
	Epoch uint64
	Root  string
	Tx    string
	Block uint64
}

func (*NodeRegisteredBody) EventType() Type { return NodeRegistered }
func (*NodeHeartbeatBody) EventType() Type  { return NodeHeartbeat }
func (*NodeUnjailBody) EventType() Type     { return NodeUnjail }
func (*GPUVerifiedBody) EventType() Type    { return GPUVerified }
func (*TaskAssignedBody) EventType() Type   { return TaskAssigned }
func (*TaskCompletedBody) EventType() Type  { return TaskCompleted }
func (*TaskFailedBody) EventType() Type     { return TaskFailed }
func (*SlashedBody) EventType() Type        { return ChainSlashed }
func (*ClaimedBody) EventType() Type        { return ChainClaimed }
func (*SlashProposedBody) EventType() Type  { return ChainSlashProposed }
func (*SlashVetoedBody) EventType() Type    { return ChainSlashVetoed }
func (*EpochClosedBody) EventType() Type    { return EpochClosed }
func (*EpochAnchoredBody) EventType() Type  { return EpochAnchored }

// EventType is chain.node_revoked or chain.node_authorized.
func (b *NodeAuthBody) EventType() Type {
	if b.Revoked {
		return ChainNodeRevoked
	}
	return ChainNodeAuthorized
}

// EventType is the stake event's kind.
func (b *StakeBody) EventType() Type { return b.Kind }

// chained is implemented by every chain body through its embedded ChainRef.
type chained interface{ ref() *ChainRef }

func (r *ChainRef) ref() *ChainRef { return r }

// ChainRefOf returns the chain reference of a chain body (chain.*), if it has one.
func ChainRefOf(b Body) (ChainRef, bool) {
	if c, ok := b.(chained); ok {
		return *c.ref(), true
	}
	return ChainRef{}, false
}

// SetChainRef sets the chain reference of a chain body (chain.*). It
// reports false, changing nothing, for any other body.
func SetChainRef(b Body, r ChainRef) bool {
	c, ok := b.(chained)
	if ok {
		*c.ref() = r
	}
	return ok
}
