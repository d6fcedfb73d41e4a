package projections

import "encoding/json"

// The JSON shapes of the read API (/v1, and the same bodies on the NATS
// micro service). Amounts are decimal strings of atto-SWARM; addresses and
// hashes are lowercase 0x hex; node ids are nkey public keys; times are unix
// milliseconds (`_ms`) or seconds (`_s`); ratios are basis points (`_bp`,
// 10000 = 1), integers, never floats.

// APIError is the body of every error response.
type APIError struct {
	Message string `json:"error"`
}

// ---- epochs projection ----

// EpochSummary is a closed epoch: its period, digest, root and money, and
// its anchoring. State is "closed" until the ledger folds epoch.anchored,
// then "anchored" (AnchorTx and AnchorBlock set).
type EpochSummary struct {
	Epoch           uint64            `json:"epoch"`
	StartMs         uint64            `json:"start_ms"`
	EndMs           uint64            `json:"end_ms"`
	Root            string            `json:"root"`
	EventsDigest    string            `json:"events_digest"`
	TotalCumulative string            `json:"total_cumulative"`
	Pool            string            `json:"pool"`
	Distributed     string            `json:"distributed"`
	Carry           string            `json:"carry"`
	UtilizationBP   uint64            `json:"utilization_bp"`
	Earners         int               `json:"earners"`
	Slashes         int               `json:"slashes"`
	Jailed          int               `json:"jailed"`
	Rejected        map[string]uint64 `json:"rejected"`
	State           string            `json:"state"`
	Anchored        bool              `json:"anchored"`
	AnchorTx        string            `json:"anchor_tx"`
	AnchorBlock     uint64            `json:"anchor_block"`
}

// EpochDetail is GET /v1/epochs/{epoch}: the summary and the epoch's
// canonical report (SPEC §9), embedded byte for byte.
type EpochDetail struct {
	EpochSummary
	Report json.RawMessage `json:"report"`
}

// EpochList is GET /v1/epochs?from=K&limit=N (ascending from K). Next,
// when set, is the from of the next page.
type EpochList struct {
	LastClosed uint64         `json:"last_closed"`
	Epochs     []EpochSummary `json:"epochs"`
	Next       uint64         `json:"next,omitempty"`
}

// ---- earnings projection ----

// EarnerHistory is GET /v1/earners/{address}?from=K&limit=N: the earner's
// cumulative as of the last closed epoch, what it has claimed on chain,
// what it can claim (cumulative as of the last anchored epoch minus
// claimed; the chain pays it once that root is active) and, paginated by
// epoch, every epoch in which it earned (amount > 0). An address that never
// earned has cumulative "0" and no epochs.
type EarnerHistory struct {
	Address            string        `json:"address"`
	LastClosed         uint64        `json:"last_closed"`
	Cumulative         string        `json:"cumulative"`
	AnchoredEpoch      uint64        `json:"anchored_epoch"`
	AnchoredCumulative string        `json:"anchored_cumulative"`
	Claimed            string        `json:"claimed"`
	Claimable          string        `json:"claimable"`
	Epochs             []EarnerEpoch `json:"epochs"`
	Next               uint64        `json:"next,omitempty"`
}

// EarnerEpoch is one epoch of an earner's history: that epoch's amount and
// the cumulative after it.
type EarnerEpoch struct {
	Epoch      uint64 `json:"epoch"`
	Amount     string `json:"amount"`
	Cumulative string `json:"cumulative"`
}

// EarnerList is GET /v1/earners?limit=N: the top earners by cumulative
// (ties by address), with their totals.
type EarnerList struct {
	LastClosed uint64          `json:"last_closed"`
	Earners    []EarnerSummary `json:"earners"`
}

// EarnerSummary is one row of EarnerList.
type EarnerSummary struct {
	Address    string `json:"address"`
	Cumulative string `json:"cumulative"`
	Claimed    string `json:"claimed"`
	LastEpoch  uint64 `json:"last_epoch"` // last epoch with an amount > 0
	// Roles is what the earner is, ascending: "provider" (it runs nodes or
	// has stake behind it; it earns its commission_bp of its nodes'
	// reward and, without stake, all of it), "staker" (it has bonded
	// behind a provider; stakers share the rest by active stake). Empty
	// when neither is known any more.
	Roles []string `json:"roles"`
}

// ---- staking projection ----

// ProviderStake is GET /v1/providers/{address}/stake: every staker's
// position with the provider, and the totals. Active is SPEC §5's active
// stake (the smaller of bonded now and at the last close).
type ProviderStake struct {
	Provider  string          `json:"provider"`
	Bonded    string          `json:"bonded"`
	Unbonding string          `json:"unbonding"`
	Active    string          `json:"active"`
	Stakers   []StakePosition `json:"stakers"`
}

// StakePosition is one (staker, provider) position. ReleaseAtS is when the
// latest unbond request's tokens can be withdrawn (0: none pending).
type StakePosition struct {
	Staker     string `json:"staker"`
	Provider   string `json:"provider"`
	Bonded     string `json:"bonded"`
	Unbonding  string `json:"unbonding"`
	ReleaseAtS uint64 `json:"release_at_s"`
	Active     string `json:"active"`
}

// StakerStake is GET /v1/stakers/{address}: the staker's positions with
// every provider, and its totals.
type StakerStake struct {
	Staker    string          `json:"staker"`
	Bonded    string          `json:"bonded"`
	Unbonding string          `json:"unbonding"`
	Active    string          `json:"active"`
	Positions []StakePosition `json:"positions"`
}

// StakeList is GET /v1/stake?cursor=ADDR&limit=N: providers with stake in
// ascending address order, their totals and staker counts. Next, when set,
// is the cursor of the next page.
type StakeList struct {
	Providers []ProviderStakeSummary `json:"providers"`
	Next      string                 `json:"next,omitempty"`
}

// ProviderStakeSummary is one row of StakeList.
type ProviderStakeSummary struct {
	Provider  string `json:"provider"`
	Stakers   int    `json:"stakers"`
	Bonded    string `json:"bonded"`
	Unbonding string `json:"unbonding"`
	Active    string `json:"active"`
}

// ---- slashes projection ----

// SlashRecord is a slash decided at an epoch close (SPEC §6) and its due
// process on chain (SPEC §6.6), from the folded chain events matched by
// evidence: Status is decided → proposed (ExecutableAt set) → executed or
// vetoed.
type SlashRecord struct {
	ID       string      `json:"id"`
	Evidence string      `json:"evidence"` // keccak256(id), the contract's key
	Epoch    uint64      `json:"epoch"`
	Provider string      `json:"provider"`
	Reason   string      `json:"reason"`
	BP       uint64      `json:"bp"`
	Status   SlashStatus `json:"status"`
	// ExecutableAt is when anyone may execute the proposed slash (Unix
	// seconds, chain time); ProposalTx the proposal's transaction.
	ExecutableAt uint64 `json:"executable_at,omitempty"`
	ProposalTx   string `json:"proposal_tx,omitempty"`
	VetoTx       string `json:"veto_tx,omitempty"`
	Executed     bool   `json:"executed"`
	Amount       string `json:"amount,omitempty"` // slashed on chain
	Tx           string `json:"tx,omitempty"`     // the execution's transaction
	Block        uint64 `json:"block,omitempty"`
	// Detail is the evidence the slash was decided on, as the epoch's statement
	// (SPEC §9.1) writes it; absent for a state folded before statements.
	Detail *SlashEvidence `json:"evidence_detail,omitempty"`
}

// SlashEvidence is a slash's evidence (SPEC §9.1), members by reason:
// equivocation {accepted, conflicting, node, seq}, downtime {expected,
// heartbeats, node}, faults {tasks}. Members are in name order, so it
// encodes as the statement writes it.
type SlashEvidence struct {
	Accepted    string   `json:"accepted,omitempty"`
	Conflicting string   `json:"conflicting,omitempty"`
	Expected    uint64   `json:"expected,omitempty"`
	Heartbeats  *uint64  `json:"heartbeats,omitempty"`
	Node        string   `json:"node,omitempty"`
	Seq         uint64   `json:"seq,omitempty"`
	Tasks       []string `json:"tasks,omitempty"`
}

// SlashStatus is where a slash stands in its due process (SPEC §6.6).
type SlashStatus string

// The slash statuses.
const (
	SlashDecided  SlashStatus = "decided"  // in a report, not proposed on chain yet
	SlashProposed SlashStatus = "proposed" // proposed, waiting for ExecutableAt (or its execution)
	SlashExecuted SlashStatus = "executed" // chain.slashed folded: stake cut
	SlashVetoed   SlashStatus = "vetoed"   // the guardian vetoed it: never executed
)

// SlashList is GET /v1/slashes?provider=ADDR&reason=R&from=K&cursor=C&limit=N,
// in (epoch, report) order from epoch K. Next, when set, is the cursor of
// the next page.
type SlashList struct {
	Slashes []SlashRecord `json:"slashes"`
	Next    string        `json:"next,omitempty"`
}

// JailRecord is a jail decision (reported at the close of Epoch) and its
// end: Until is jail_until; Released is set once an accepted node.unjail
// follows (ReleasedEpoch is the epoch it was folded in).
type JailRecord struct {
	Node          string `json:"node"`
	Epoch         uint64 `json:"epoch"`
	Until         uint64 `json:"until"`
	Released      bool   `json:"released"`
	ReleasedEpoch uint64 `json:"released_epoch,omitempty"`
}

// JailList is GET /v1/jails?node=ID&active=true&from=K&cursor=C&limit=N, in
// epoch order. Next, when set, is the cursor of the next page.
type JailList struct {
	Jails []JailRecord `json:"jails"`
	Next  string       `json:"next,omitempty"`
}

// ---- catalog projection ----

// Health of a node, worst last in ranking order.
const (
	HealthHealthy      = "healthy"      // fresh heartbeat, no telemetry alarm
	HealthDegraded     = "degraded"     // fresh heartbeat, a passive check failed
	HealthStale        = "stale"        // no heartbeat within the stale window
	HealthJailed       = "jailed"       // jailed: cannot take tasks
	HealthUnregistered = "unregistered" // revoked or never registered
	HealthTombstoned   = "tombstoned"   // tombstoned for a second equivocation
)

// CatalogNode is one node of the scheduler catalog.
type CatalogNode struct {
	Rank           int          `json:"rank"` // 1-based position in the ranking of this query
	Node           string       `json:"node"`
	Provider       string       `json:"provider"`
	Region         string       `json:"region"`
	Health         string       `json:"health"`
	Checks         []string     `json:"checks"`       // failed checks: "heartbeat_age", "ecc_dbe", "xid", "temperature"
	LastSeenMs     uint64       `json:"last_seen_ms"` // time of the last accepted heartbeat, 0 never
	HeartbeatAgeMs uint64       `json:"heartbeat_age_ms"`
	GPUs           []CatalogGPU `json:"gpus"`
	SpareBP        uint64       `json:"spare_bp"` // mean of 10000 − util_bp over the last sample's GPUs
	ReliabilityBP  uint64       `json:"reliability_bp"`
	StakeFactorBP  uint64       `json:"stake_factor_bp"`
	Jailed         bool         `json:"jailed"`
	JailUntil      uint64       `json:"jail_until"`
	Tombstoned     bool         `json:"tombstoned"`
	Registered     bool         `json:"registered"`
}

// CatalogGPU is one GPU of a catalog node with its last telemetry sample.
type CatalogGPU struct {
	UUID       string `json:"uuid"`
	Model      string `json:"model"`
	MemMiB     uint64 `json:"mem_mib"`
	Verified   bool   `json:"verified"`
	UtilBP     uint64 `json:"util_bp"`
	MemUsedMiB uint64 `json:"mem_used_mib"`
	TempC      uint64 `json:"temp_c"`
	PowerMW    uint64 `json:"power_mw"`
	EccDBE     uint64 `json:"ecc_dbe"`
	Xid        uint64 `json:"xid"`
}

// NodeList is GET /v1/nodes?model=M&min_mem_mib=N&region=R&health=H[,H]&
// provider=ADDR&verified=true&offset=N&limit=N: the catalog ranked for
// placing work (health, then spare capacity, reliability, stake factor,
// node id), filtered, paginated by offset. Total counts the filtered nodes.
type NodeList struct {
	Total int           `json:"total"`
	Nodes []CatalogNode `json:"nodes"`
	Next  int           `json:"next,omitempty"` // offset of the next page
	AtMs  uint64        `json:"at_ms"`          // the time health was judged at
}

// ---- overview, state, projections ----

// Overview is GET /v1/overview: the network at a glance.
type Overview struct {
	Nodes         int            `json:"nodes"` // registered
	NodesByHealth map[string]int `json:"nodes_by_health"`
	GPUs          int            `json:"gpus"`
	GPUsByModel   map[string]int `json:"gpus_by_model"`
	UtilizationBP uint64         `json:"utilization_bp"` // mean util over the registered nodes' GPUs' last samples
	Providers     int            `json:"providers"`
	EventsPerSec  uint64         `json:"events_per_sec"` // folded, over the last few seconds
	Checkpoint    uint64         `json:"checkpoint"`
	Lag           uint64         `json:"lag"`
	LastClosed    uint64         `json:"last_closed"`
	LastAnchored  uint64         `json:"last_anchored"`
	TotalStake    string         `json:"total_stake"`   // bonded
	TotalEarned   string         `json:"total_earned"`  // cumulative of all earners at the last close
	CommissionBP  uint64         `json:"commission_bp"` // the parameters' provider commission
}

// State is GET /v1/state: the committed checkpoint and its digest, the
// state hash of the committed state (StateHashAt is the checkpoint it was
// computed at: it is recomputed at most every few seconds), the stream's
// last sequence and the lag behind it.
type State struct {
	Checkpoint   uint64             `json:"checkpoint"`
	EventsDigest string             `json:"events_digest"`
	StateHash    string             `json:"state_hash"`
	StateHashAt  uint64             `json:"state_hash_at"`
	LastClosed   uint64             `json:"last_closed"`
	StreamLast   uint64             `json:"stream_last"`
	Lag          uint64             `json:"lag"`
	Projections  []ProjectionStatus `json:"projections"`
}

// ProjectionStatus is one projection's progress: the generation serving
// reads, its checkpoint and lag behind the ledger, and a rebuild in
// progress (RebuildGeneration > 0) with its checkpoint.
type ProjectionStatus struct {
	Name              string `json:"name"`
	Generation        uint64 `json:"generation"`
	Checkpoint        uint64 `json:"checkpoint"`
	Lag               uint64 `json:"lag"`
	RebuildGeneration uint64 `json:"rebuild_generation,omitempty"`
	RebuildCheckpoint uint64 `json:"rebuild_checkpoint,omitempty"`
}
