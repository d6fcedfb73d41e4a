package events

// Reason is a rejection reason, spelled exactly as SPEC names it.
type Reason string

// Rejection reasons. Accepted is the empty reason.
const (
	Accepted          Reason = ""
	Schema            Reason = "schema"
	UnknownSrc        Reason = "unknown_src"
	BadSignature      Reason = "bad_signature"
	Duplicate         Reason = "duplicate"
	Equivocation      Reason = "equivocation"
	StaleSeq          Reason = "stale_seq"
	Tombstoned        Reason = "tombstoned"
	Unauthorized      Reason = "unauthorized"
	GPUConflict       Reason = "gpu_conflict"
	UnknownNode       Reason = "unknown_node"
	UnknownGPU        Reason = "unknown_gpu"
	NotJailed         Reason = "not_jailed"
	JailActive        Reason = "jail_active"
	ModelMismatch     Reason = "model_mismatch"
	DuplicateTask     Reason = "duplicate_task"
	Jailed            Reason = "jailed"
	UnknownTask       Reason = "unknown_task"
	NotAssigner       Reason = "not_assigner"
	InsufficientStake Reason = "insufficient_stake"
	BadEpoch          Reason = "bad_epoch"
	RootMismatch      Reason = "root_mismatch"
)

// AllReasons lists every rejection reason SPEC names.
func AllReasons() []Reason {
	return []Reason{Schema, UnknownSrc, BadSignature, Duplicate, Equivocation,
		StaleSeq, Tombstoned, Unauthorized, GPUConflict, UnknownNode, UnknownGPU,
		NotJailed, JailActive, ModelMismatch, DuplicateTask, Jailed, UnknownTask,
		NotAssigner, InsufficientStake, BadEpoch, RootMismatch}
}
