package contracttests

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// TestFixtureWiring checks the deployment the other tests rely on: SPEC
// §10.1's token metadata, the constructor parameters and every role.
func TestFixtureWiring(t *testing.T) {
	e := newEnv(t, config{})
	if got := view(e, e.token, tokenABI.PackName(), tokenABI.UnpackName); got != "Swarm" {
		t.Errorf("name = %q, want Swarm", got)
	}
	if got := view(e, e.token, tokenABI.PackSymbol(), tokenABI.UnpackSymbol); got != "SWARM" {
		t.Errorf("symbol = %q, want SWARM", got)
	}
	if got := view(e, e.token, tokenABI.PackDecimals(), tokenABI.UnpackDecimals); got != 18 {
		t.Errorf("decimals = %d, want 18", got)
	}
	if got := view(e, e.staking, stakingABI.PackToken(), stakingABI.UnpackToken); got != e.tokenAddr {
		t.Errorf("staking token = %s, want %s", got, e.tokenAddr)
	}
	if got := view(e, e.staking, stakingABI.PackUnbondingPeriod(), stakingABI.UnpackUnbondingPeriod); got != unbondingPeriod {
		t.Errorf("unbondingPeriod = %d, want %d", got, unbondingPeriod)
	}
	if got := view(e, e.staking, stakingABI.PackSlashDelay(), stakingABI.UnpackSlashDelay); got != slashDelay {
		t.Errorf("slashDelay = %d, want %d", got, slashDelay)
	}
	if got := view(e, e.staking, stakingABI.PackMaxStakersPerProvider(), stakingABI.UnpackMaxStakersPerProvider); got != defaultMaxStakers {
		t.Errorf("maxStakersPerProvider = %d, want %d", got, defaultMaxStakers)
	}
	if got := view(e, e.staking, stakingABI.PackBPDENOMINATOR(), stakingABI.UnpackBPDENOMINATOR); got != 10000 {
		t.Errorf("BP_DENOMINATOR = %d, want 10000", got)
	}
	if got := view(e, e.staking, stakingABI.PackTreasury(), stakingABI.UnpackTreasury); got != e.treasury.addr {
		t.Errorf("treasury = %s, want %s", got, e.treasury.addr)
	}
	if got := view(e, e.rewards, rewardsABI.PackToken(), rewardsABI.UnpackToken); got != e.tokenAddr {
		t.Errorf("rewards token = %s, want %s", got, e.tokenAddr)
	}
	if got := view(e, e.rewards, rewardsABI.PackActivationDelay(), rewardsABI.UnpackActivationDelay); got != activationDelay {
		t.Errorf("activationDelay = %d, want %d", got, activationDelay)
	}
	if got := view(e, e.rewards, rewardsABI.PackLastEpoch(), rewardsABI.UnpackLastEpoch); got != 0 {
		t.Errorf("lastEpoch = %d, want 0", got)
	}

	// The role constants are the keccak256 of their names.
	for _, c := range []struct {
		name string
		got  [32]byte
		want common.Hash
	}{
		{"MINTER_ROLE", view(e, e.token, tokenABI.PackMINTERROLE(), tokenABI.UnpackMINTERROLE), minterRole},
		{"SLASHER_ROLE", view(e, e.staking, stakingABI.PackSLASHERROLE(), stakingABI.UnpackSLASHERROLE), slasherRole},
		{"SETTLER_ROLE", view(e, e.rewards, rewardsABI.PackSETTLERROLE(), rewardsABI.UnpackSETTLERROLE), settlerRole},
		{"GUARDIAN_ROLE", view(e, e.rewards, rewardsABI.PackGUARDIANROLE(), rewardsABI.UnpackGUARDIANROLE), guardianRole},
		{"staking GUARDIAN_ROLE", view(e, e.staking, stakingABI.PackGUARDIANROLE(), stakingABI.UnpackGUARDIANROLE), guardianRole},
	} {
		if c.got != c.want {
			t.Errorf("%s = %x, want %x", c.name, c.got, c.want)
		}
	}

	type holder struct {
		contract string
		role     [32]byte
		who      common.Address
		want     bool
	}
	hasRole := func(h holder) bool {
		switch h.contract {
		case "token":
			return view(e, e.token, tokenABI.PackHasRole(h.role, h.who), tokenABI.UnpackHasRole)
		case "staking":
			return view(e, e.staking, stakingABI.PackHasRole(h.role, h.who), stakingABI.UnpackHasRole)
		default:
			return view(e, e.rewards, rewardsABI.PackHasRole(h.role, h.who), rewardsABI.UnpackHasRole)
		}
	}
	for _, h := range []holder{
		{"token", adminRole, e.admin.addr, true},
		{"token", minterRole, e.admin.addr, true},
		{"token", minterRole, e.rewardsAddr, true},
		{"token", minterRole, e.settler.addr, false},
		{"staking", adminRole, e.admin.addr, true},
		{"staking", slasherRole, e.slasher.addr, true},
		{"staking", slasherRole, e.admin.addr, false},
		{"staking", guardianRole, e.guardian.addr, true},
		{"staking", guardianRole, e.slasher.addr, false},
		{"staking", slasherRole, e.guardian.addr, false},
		{"rewards", adminRole, e.admin.addr, true},
		{"rewards", settlerRole, e.settler.addr, true},
		{"rewards", settlerRole, e.guardian.addr, false},
		{"rewards", guardianRole, e.guardian.addr, true},
		{"rewards", guardianRole, e.settler.addr, false},
	} {
		if got := hasRole(h); got != h.want {
			t.Errorf("%s hasRole(%x, %s) = %v, want %v", h.contract, h.role[:4], h.who, got, h.want)
		}
	}
	for _, s := range e.stakers {
		wantInt(t, "staker balance", e.balance(s.addr), stakerFund)
		wantInt(t, "staker allowance", view(e, e.token, tokenABI.PackAllowance(s.addr, e.stakingAddr), tokenABI.UnpackAllowance), maxUint256)
	}
}

// TestConstructorsRejectZero covers the constructors' guards: a zero admin,
// token or staker bound.
func TestConstructorsRejectZero(t *testing.T) {
	e := newEnv(t, config{})
	creation := func(bin string, args []byte) []byte {
		return append(common.FromHex(bin), args...)
	}
	raw := e.revertData(e.admin.addr, nil, creation(bindings.SwarmTokenMetaData.Bin, tokenABI.PackConstructor(common.Address{})))
	decodeError[bindings.SwarmTokenZeroAdmin](t, tokenABI.UnpackError, raw)

	raw = e.revertData(e.admin.addr, nil, creation(bindings.SwarmStakingMetaData.Bin,
		stakingABI.PackConstructor(common.Address{}, unbondingPeriod, 1, slashDelay)))
	decodeError[bindings.SwarmStakingZeroAddress](t, stakingABI.UnpackError, raw)

	raw = e.revertData(e.admin.addr, nil, creation(bindings.SwarmStakingMetaData.Bin,
		stakingABI.PackConstructor(e.tokenAddr, unbondingPeriod, 0, slashDelay)))
	decodeError[bindings.SwarmStakingZeroAmount](t, stakingABI.UnpackError, raw)

	raw = e.revertData(e.admin.addr, nil, creation(bindings.SwarmRewardsMetaData.Bin,
		rewardsABI.PackConstructor(common.Address{}, activationDelay)))
	decodeError[bindings.SwarmRewardsZeroAddress](t, rewardsABI.UnpackError, raw)
}

// TestTokenMintIsRestricted: only MINTER_ROLE mints, and minting credits
// exactly the amount.
func TestTokenMintIsRestricted(t *testing.T) {
	e := newEnv(t, config{})
	amount := big.NewInt(123456789)
	got := reverts[bindings.SwarmTokenAccessControlUnauthorizedAccount](e, e.outsider, e.token,
		tokenABI.PackMint(e.outsider.addr, amount), tokenABI.UnpackError)
	if got.Account != e.outsider.addr || got.NeededRole != minterRole {
		t.Fatalf("AccessControlUnauthorizedAccount%+v, want (%s, MINTER_ROLE)", got, e.outsider.addr)
	}
	// A settler of the rewards has no power over the token either.
	reverts[bindings.SwarmTokenAccessControlUnauthorizedAccount](e, e.settler, e.token,
		tokenABI.PackMint(e.settler.addr, amount), tokenABI.UnpackError)
	wantInt(t, "outsider balance", e.balance(e.outsider.addr), big.NewInt(0))

	supply := view(e, e.token, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply)
	r := e.exec(e.admin, e.token, tokenABI.PackMint(e.outsider.addr, amount))
	ev := event(t, r, e.tokenAddr, tokenABI.UnpackTransferEvent)
	if ev.From != (common.Address{}) || ev.To != e.outsider.addr || ev.Value.Cmp(amount) != 0 {
		t.Fatalf("Transfer%+v, want mint of %v to %s", ev, amount, e.outsider.addr)
	}
	wantInt(t, "outsider balance", e.balance(e.outsider.addr), amount)
	wantInt(t, "totalSupply", view(e, e.token, tokenABI.PackTotalSupply(), tokenABI.UnpackTotalSupply), add(supply, amount))
}
