package chain

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// RevertError is a contract revert decoded into its custom error.
type RevertError struct {
	Name string   // custom error name, "Error" for require strings, "" if unknown
	Args []string // "name=value" for each argument
	Data []byte   // raw revert data
}

func (e *RevertError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("reverted with unknown data 0x%x", e.Data)
	}
	msg := fmt.Sprintf("reverted: %s(%s)", e.Name, strings.Join(e.Args, ", "))
	if h := hints[e.Name]; h != "" {
		msg += ": " + h
	}
	return msg
}

// Is makes errors.Is(err, ErrReverted) true for every revert.
func (e *RevertError) Is(target error) bool { return target == ErrReverted }

var hints = map[string]string{
	"NodeKeyTaken":                     "the node key is already authorized by a provider",
	"NotNodeProvider":                  "only the provider that authorized the node can revoke it",
	"TooManyStakers":                   "the provider has the maximum number of stakers",
	"InsufficientBonded":               "less is bonded than requested",
	"NothingToWithdraw":                "nothing is unbonding for this provider",
	"NotReleased":                      "the unbonding period has not ended (releaseAt is a unix time)",
	"EvidenceUsed":                     "a slash with this evidence was already proposed",
	"SlashNotProposed":                 "the slash is not pending (state 0 none, 2 vetoed, 3 executed)",
	"SlashNotExecutable":               "the slash's delay has not passed (executableAt is a unix time)",
	"NonConsecutiveEpoch":              "roots are submitted for consecutive epochs only",
	"NoActiveRoot":                     "no rewards root is active yet",
	"InvalidProof":                     "the proof does not match the active root for this earner and cumulative amount",
	"NothingToClaim":                   "everything up to this cumulative amount was already claimed",
	"AccessControlUnauthorizedAccount": "the sender lacks the role",
	"ERC20InsufficientAllowance":       "approve the contract to spend the tokens first",
	"ERC20InsufficientBalance":         "the account holds too few SWARM",
}

// errorsByID holds every custom error of the three contracts.
var errorsByID = func() map[[4]byte]abi.Error {
	m := map[[4]byte]abi.Error{}
	for _, md := range []*bind.MetaData{&bindings.SwarmTokenMetaData, &bindings.SwarmStakingMetaData, &bindings.SwarmRewardsMetaData} {
		a, err := md.ParseABI()
		if err != nil {
			panic(err) // generated ABI; a test covers it
		}
		for _, e := range a.Errors {
			var id [4]byte
			copy(id[:], e.ID[:4])
			m[id] = e
		}
	}
	return m
}()

// DecodeRevert decodes revert data into a RevertError.
func DecodeRevert(data []byte) *RevertError {
	r := &RevertError{Data: data}
	if len(data) < 4 {
		return r
	}
	if reason, err := abi.UnpackRevert(data); err == nil {
		r.Name, r.Args = "Error", []string{fmt.Sprintf("%q", reason)}
		return r
	}
	var id [4]byte
	copy(id[:], data[:4])
	e, ok := errorsByID[id]
	if !ok {
		return r
	}
	vals, err := e.Inputs.Unpack(data[4:])
	if err != nil {
		return r
	}
	r.Name = e.Name
	for i, in := range e.Inputs {
		r.Args = append(r.Args, in.Name+"="+showValue(vals[i]))
	}
	return r
}

func showValue(v any) string {
	switch x := v.(type) {
	case *big.Int:
		return x.String()
	case common.Address:
		return strings.ToLower(x.Hex())
	case [32]byte:
		return hexutil.Encode(x[:])
	default:
		return fmt.Sprint(x)
	}
}

// revertFrom extracts a revert from an RPC error (eth_call/eth_estimateGas
// return the revert data as the error's data), or returns nil.
func revertFrom(err error) *RevertError {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil
	}
	data, derr := hexutil.Decode(s)
	if derr != nil {
		return nil
	}
	return DecodeRevert(data)
}
