package chain

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/crypto"
)

func TestDecodeRevert(t *testing.T) {
	u256, _ := abi.NewType("uint256", "", nil)
	args := abi.Arguments{{Type: u256}, {Type: u256}}
	enc, err := args.Pack(big.NewInt(5), big.NewInt(7))
	if err != nil {
		t.Fatal(err)
	}
	data := append(crypto.Keccak256([]byte("InsufficientBonded(uint256,uint256)"))[:4], enc...)
	r := DecodeRevert(data)
	if r.Name != "InsufficientBonded" || strings.Join(r.Args, ",") != "bonded=5,requested=7" {
		t.Fatalf("decoded %+v", r)
	}
	if !errors.Is(r, ErrReverted) || !strings.Contains(r.Error(), "less is bonded than requested") {
		t.Fatalf("error %q", r.Error())
	}
	// Every custom error of every contract is known, OpenZeppelin's included.
	for _, name := range []string{"NodeKeyTaken", "NotNodeProvider", "TooManyStakers", "NothingToWithdraw", "NotReleased",
		"InvalidBasisPoints", "EvidenceUsed", "NonConsecutiveEpoch", "UnknownEpoch", "RootAlreadyActive", "RootAlreadyDisabled",
		"NoActiveRoot", "InvalidProof", "NothingToClaim", "ExceedsRootTotal", "AccessControlUnauthorizedAccount",
		"ERC20InsufficientBalance", "ERC20InsufficientAllowance", "SafeERC20FailedOperation", "ReentrancyGuardReentrantCall"} {
		found := false
		for _, e := range errorsByID {
			found = found || e.Name == name
		}
		if !found {
			t.Errorf("custom error %s is not decodable", name)
		}
	}
	// require strings and unknown data
	str, _ := abi.NewType("string", "", nil)
	enc, _ = abi.Arguments{{Type: str}}.Pack("boom")
	if r := DecodeRevert(append(crypto.Keccak256([]byte("Error(string)"))[:4], enc...)); r.Name != "Error" || r.Args[0] != `"boom"` {
		t.Fatalf("Error(string) decoded as %+v", r)
	}
	if r := DecodeRevert([]byte{1, 2, 3, 4, 5}); r.Name != "" || !strings.Contains(r.Error(), "unknown data 0x0102030405") {
		t.Fatalf("unknown data decoded as %+v", r)
	}
}

func TestNodeKeyRoundTrip(t *testing.T) {
	var k [32]byte
	copy(k[:], crypto.Keccak256([]byte("node")))
	id := NodeID(k)
	back, err := NodeKey(id)
	if err != nil || back != k || id[0] != 'U' || len(id) != 56 {
		t.Fatalf("NodeID/NodeKey: %s %x %v", id, back, err)
	}
	for _, bad := range []string{"", "UABC", "N" + id[1:], strings.ToLower(id)} {
		if _, err := NodeKey(bad); err == nil {
			t.Errorf("NodeKey(%q) accepted", bad)
		}
	}
}
