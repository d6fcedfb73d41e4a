package aggregates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"regexp"
	"sort"
	"strconv"

	"github.com/swarm-ledger/swarm/events"
)

// ErrParams is wrapped by every error about a parameters file.
var ErrParams = errors.New("invalid parameters")

// Params are the economics of SPEC §3.
type Params struct {
	ChainID                uint64
	Ledger                 string
	Schedulers             []string
	HeartbeatIntervalS     uint64
	BaseEmission           *big.Int
	ScaleMinBP             uint64
	WeightComputeBP        uint64
	WeightAvailBP          uint64
	GPUWeightsMilli        map[string]*big.Int
	MinStakePerGPU         *big.Int
	CommissionBP           uint64
	DowntimeThresholdBP    uint64
	DowntimeSlashBP        uint64
	DowntimeJailEpochs     uint64
	FaultSlashBP           uint64
	FaultSlashCapBP        uint64
	EquivocationSlashBP    uint64
	EquivocationJailEpochs uint64
	MaxStakersPerProvider  uint64

	// Canonical is the canonical JSON of the parameters; its hash binds a
	// persisted state to the parameters that built it.
	Canonical []byte
}

var intLiteral = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// LoadParams reads and validates a parameters file.
func LoadParams(path string) (*Params, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrParams, err)
	}
	p, err := ParseParams(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// paramReader decodes members of a parameters object, remembering the first
// error.
type paramReader struct {
	m   map[string]json.RawMessage
	err error
}

func (r *paramReader) fail(name, format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s: %s", ErrParams, name, fmt.Sprintf(format, args...))
	}
}

func (r *paramReader) get(name string) json.RawMessage {
	v, ok := r.m[name]
	if !ok {
		r.fail(name, "missing")
		return nil
	}
	delete(r.m, name)
	return v
}

// maxParamInt is 2^53−1, the largest integer SPEC §3 allows.
const maxParamInt = 1<<53 - 1

// parseParamInt reads a JSON integer literal in 0..2^53−1 written without a
// sign, fraction or exponent.
func parseParamInt(v []byte) (uint64, bool) {
	if !intLiteral.Match(v) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	return n, err == nil && n <= maxParamInt
}

func (r *paramReader) uint(name string) uint64 {
	v := r.get(name)
	if v == nil {
		return 0
	}
	n, ok := parseParamInt(v)
	if !ok {
		r.fail(name, "want an integer literal in 0..2^53-1 without sign, fraction or exponent, got %s", v)
	}
	return n
}

func (r *paramReader) bp(name string) uint64 {
	n := r.uint(name)
	if n > 10000 {
		r.fail(name, "basis points must be in 0..10000, got %d", n)
	}
	return n
}

func (r *paramReader) amount(name string) *big.Int {
	v := r.get(name)
	var s string
	if v == nil {
		return new(big.Int)
	}
	if err := json.Unmarshal(v, &s); err != nil {
		r.fail(name, "want an amount string, got %s", v)
		return new(big.Int)
	}
	a, err := events.ParseAmount(s)
	if err != nil {
		r.fail(name, "%v", err)
		return new(big.Int)
	}
	return a
}

func (r *paramReader) id(name string, s string) {
	if !events.ValidNodeID(s) {
		r.fail(name, "not an nkey user public key: %q", s)
	}
}

// ParseParams validates a parameters document: every member required, no
// unknown members, integers as plain literals.
func ParseParams(raw []byte) (*Params, error) {
	r := &paramReader{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&r.m); err != nil || r.m == nil {
		return nil, fmt.Errorf("%w: not a JSON object: %v%s", ErrParams, err, syntaxContext(raw, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the object", ErrParams)
	}
	p := &Params{GPUWeightsMilli: map[string]*big.Int{}}
	p.ChainID = r.uint("chain_id")
	if v := r.get("ledger"); v != nil {
		if err := json.Unmarshal(v, &p.Ledger); err != nil {
			r.fail("ledger", "want a string")
		}
		r.id("ledger", p.Ledger)
	}
	if v := r.get("schedulers"); v != nil {
		if err := json.Unmarshal(v, &p.Schedulers); err != nil || p.Schedulers == nil {
			r.fail("schedulers", "want an array of ids")
		}
		for _, s := range p.Schedulers {
			r.id("schedulers", s)
		}
	}
	p.HeartbeatIntervalS = r.uint("heartbeat_interval_s")
	if r.err == nil && p.HeartbeatIntervalS == 0 {
		r.fail("heartbeat_interval_s", "must be > 0")
	}
	p.BaseEmission = r.amount("base_emission")
	p.ScaleMinBP = r.bp("scale_min_bp")
	p.WeightComputeBP = r.bp("weight_compute_bp")
	p.WeightAvailBP = r.bp("weight_avail_bp")
	r.weights(p)
	p.MinStakePerGPU = r.amount("min_stake_per_gpu")
	p.CommissionBP = r.bp("commission_bp")
	p.DowntimeThresholdBP = r.bp("downtime_threshold_bp")
	p.DowntimeSlashBP = r.bp("downtime_slash_bp")
	p.DowntimeJailEpochs = r.uint("downtime_jail_epochs")
	p.FaultSlashBP = r.bp("fault_slash_bp")
	p.FaultSlashCapBP = r.bp("fault_slash_cap_bp")
	p.EquivocationSlashBP = r.bp("equivocation_slash_bp")
	p.EquivocationJailEpochs = r.uint("equivocation_jail_epochs")
	p.MaxStakersPerProvider = r.uint("max_stakers_per_provider")
	if r.err == nil && p.WeightComputeBP+p.WeightAvailBP != 10000 {
		r.fail("weight_compute_bp", "weight_compute_bp + weight_avail_bp must be 10000, got %d", p.WeightComputeBP+p.WeightAvailBP)
	}
	if r.err == nil && len(r.m) > 0 {
		var unknown []string
		for k := range r.m {
			unknown = append(unknown, k)
		}
		sort.Strings(unknown)
		return nil, fmt.Errorf("%w: unknown members %v", ErrParams, unknown)
	}
	if r.err != nil {
		return nil, r.err
	}
	p.Canonical = p.canonical()
	return p, nil
}

func (r *paramReader) weights(p *Params) {
	v := r.get("gpu_weights_milli")
	if v == nil {
		return
	}
	// Raw values, not json.Number: a json.Number also takes a quoted number.
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil || m == nil {
		r.fail("gpu_weights_milli", "want an object of model: integer")
		return
	}
	for _, model := range sortedKeys(m) {
		n, ok := parseParamInt(m[model])
		if !ok || n < 1 {
			r.fail("gpu_weights_milli", "%q: want an integer literal in 1..2^53-1, got %s", model, m[model])
			return
		}
		p.GPUWeightsMilli[model] = new(big.Int).SetUint64(n)
	}
}

// canonical writes the parameters as canonical JSON (sorted members).
func (p *Params) canonical() []byte {
	m := map[string]any{
		"chain_id": p.ChainID, "ledger": p.Ledger, "schedulers": p.Schedulers,
		"heartbeat_interval_s": p.HeartbeatIntervalS, "base_emission": p.BaseEmission.String(),
		"scale_min_bp": p.ScaleMinBP, "weight_compute_bp": p.WeightComputeBP,
		"weight_avail_bp": p.WeightAvailBP, "gpu_weights_milli": p.GPUWeightsMilli,
		"min_stake_per_gpu": p.MinStakePerGPU.String(), "commission_bp": p.CommissionBP,
		"downtime_threshold_bp": p.DowntimeThresholdBP, "downtime_slash_bp": p.DowntimeSlashBP,
		"downtime_jail_epochs": p.DowntimeJailEpochs, "fault_slash_bp": p.FaultSlashBP,
		"fault_slash_cap_bp": p.FaultSlashCapBP, "equivocation_slash_bp": p.EquivocationSlashBP,
		"equivocation_jail_epochs": p.EquivocationJailEpochs,
		"max_stakers_per_provider": p.MaxStakersPerProvider,
	}
	b, err := json.Marshal(m) // maps marshal with sorted keys
	if err != nil {
		panic(err) // every value above is marshalable
	}
	return b
}

// weightMilli returns the weight of model, or nil when it has none.
func (p *Params) weightMilli(model string) *big.Int { return p.GPUWeightsMilli[model] }

// syntaxContext locates a JSON syntax error: its line and column and, when
// the error sits in a member's value (such as `+30` or `030`), that
// member's name. It never echoes the file's other bytes: a file given as the
// parameters by mistake may be a secret (a key seed), and error messages end
// up in logs.
func syntaxContext(raw []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) || se.Offset <= 0 || se.Offset > int64(len(raw)) {
		return ""
	}
	at := int(se.Offset) - 1
	start := bytes.LastIndexByte(raw[:at], '\n') + 1
	line := bytes.Count(raw[:start], []byte("\n")) + 1
	if name := memberBefore(raw[start:at]); name != "" {
		return fmt.Sprintf(" (line %d, column %d, in the value of %q)", line, at-start+1, name)
	}
	return fmt.Sprintf(" (line %d, column %d)", line, at-start+1)
}

// memberBefore returns the name of the last `"name":` in b, or "" when b
// holds none. Only a name of letters, digits and underscores counts.
func memberBefore(b []byte) string {
	colon := bytes.LastIndexByte(b, ':')
	if colon < 0 {
		return ""
	}
	q := bytes.TrimSpace(b[:colon])
	if len(q) < 2 || q[len(q)-1] != '"' {
		return ""
	}
	open := bytes.LastIndexByte(q[:len(q)-1], '"')
	if open < 0 {
		return ""
	}
	name := q[open+1 : len(q)-1]
	for _, c := range name {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return ""
		}
	}
	return string(name)
}
