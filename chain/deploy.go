package chain

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/swarm-ledger/swarm/chain/bindings"
)

// DeployConfig parameterizes a deployment. Zero role addresses default to
// the deployer.
type DeployConfig struct {
	UnbondingPeriod       time.Duration
	MaxStakersPerProvider uint32
	ActivationDelay       time.Duration
	Settler               common.Address // SETTLER_ROLE on rewards, SLASHER_ROLE on staking
	Guardian              common.Address // GUARDIAN_ROLE on rewards
}

// DefaultDeployConfig is a mainnet-like configuration.
var DefaultDeployConfig = DeployConfig{
	UnbondingPeriod:       7 * 24 * time.Hour,
	MaxStakersPerProvider: 64,
	ActivationDelay:       time.Hour,
}

// Deploy deploys SwarmToken, SwarmStaking and SwarmRewards from s, gives
// SwarmRewards the token's MINTER_ROLE and grants the settler and guardian
// roles. s keeps DEFAULT_ADMIN_ROLE on all three and MINTER_ROLE.
func Deploy(ctx context.Context, b Backend, s *Signer, cfg DeployConfig) (Addresses, error) {
	var a Addresses
	id, err := b.ChainID(ctx)
	if err != nil {
		return a, fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	c := newClient(b, id, Addresses{ChainID: id.Uint64()})
	if cfg.Settler == (common.Address{}) {
		cfg.Settler = s.addr
	}
	if cfg.Guardian == (common.Address{}) {
		cfg.Guardian = s.addr
	}
	deploy := func(name string, bin string, args []byte) (common.Address, uint64, error) {
		code := append(common.FromHex(bin), args...)
		r, err := c.Send(ctx, s, nil, code)
		if err != nil {
			return common.Address{}, 0, fmt.Errorf("chain: deploy %s: %w", name, err)
		}
		return r.ContractAddress, r.BlockNumber.Uint64(), nil
	}
	var first uint64
	if a.Token, first, err = deploy("SwarmToken", bindings.SwarmTokenMetaData.Bin, c.token.PackConstructor(s.addr)); err != nil {
		return a, err
	}
	if a.Staking, _, err = deploy("SwarmStaking", bindings.SwarmStakingMetaData.Bin,
		c.staking.PackConstructor(a.Token, uint64(cfg.UnbondingPeriod/time.Second), cfg.MaxStakersPerProvider)); err != nil {
		return a, err
	}
	if a.Rewards, _, err = deploy("SwarmRewards", bindings.SwarmRewardsMetaData.Bin,
		c.rewards.PackConstructor(a.Token, uint64(cfg.ActivationDelay/time.Second))); err != nil {
		return a, err
	}
	a.ChainID, a.DeployBlock = id.Uint64(), first
	c.Addr = a
	grants := []struct {
		what string
		to   common.Address
		data []byte
	}{
		{"token MINTER_ROLE to rewards", a.Token, c.token.PackGrantRole(role("MINTER_ROLE"), a.Rewards)},
		{"staking SLASHER_ROLE", a.Staking, c.staking.PackGrantRole(role("SLASHER_ROLE"), cfg.Settler)},
		{"rewards SETTLER_ROLE", a.Rewards, c.rewards.PackGrantRole(role("SETTLER_ROLE"), cfg.Settler)},
		{"rewards GUARDIAN_ROLE", a.Rewards, c.rewards.PackGrantRole(role("GUARDIAN_ROLE"), cfg.Guardian)},
	}
	for _, g := range grants {
		if _, err := c.Send(ctx, s, &g.to, g.data); err != nil {
			return a, fmt.Errorf("chain: grant %s: %w", g.what, err)
		}
	}
	return a, nil
}

// role is an OpenZeppelin AccessControl role id.
func role(name string) [32]byte { return crypto.Keccak256Hash([]byte(name)) }
