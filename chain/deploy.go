package chain

import (
	"context"
	"errors"
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
	// SlashDelay is how long a proposed slash waits on chain before anyone
	// may execute it; the guardian may veto it meanwhile (SPEC §6.6).
	SlashDelay time.Duration
	// Epoch is the ledger's epoch length, used only to check SPEC §10.2's
	// unbondingPeriod > slashDelay + one epoch (zero: DefaultEpoch).
	Epoch    time.Duration
	Settler  common.Address // SETTLER_ROLE on rewards, SLASHER_ROLE on staking
	Guardian common.Address // GUARDIAN_ROLE on rewards and on staking
}

// DefaultEpoch is the epoch length Validate assumes when DeployConfig.Epoch
// is zero.
const DefaultEpoch = time.Hour

// DefaultDeployConfig is a mainnet-like configuration.
var DefaultDeployConfig = DeployConfig{
	UnbondingPeriod:       7 * 24 * time.Hour,
	MaxStakersPerProvider: 64,
	ActivationDelay:       time.Hour,
	SlashDelay:            2 * 24 * time.Hour,
}

// ErrBadDeployConfig is returned for a deployment configuration the
// protocol does not allow.
var ErrBadDeployConfig = errors.New("chain: bad deploy configuration")

// Validate checks cfg before anything is sent: no negative duration, a
// slash delay of whole seconds, at least one staker per provider, and SPEC §10.2's unbondingPeriod > slashDelay + one
// epoch, so that stake cannot leave before a slash decided at the next
// epoch close has waited out its delay.
func (cfg DeployConfig) Validate() error {
	epoch := cfg.Epoch
	if epoch == 0 {
		epoch = DefaultEpoch
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"unbonding period", cfg.UnbondingPeriod}, {"activation delay", cfg.ActivationDelay}, {"slash delay", cfg.SlashDelay}} {
		if d.v < 0 {
			return fmt.Errorf("%w: negative %s %s", ErrBadDeployConfig, d.name, d.v)
		}
	}
	if cfg.SlashDelay%time.Second != 0 {
		return fmt.Errorf("%w: slash delay %s is not a whole number of seconds (the contract counts seconds)", ErrBadDeployConfig, cfg.SlashDelay)
	}
	if epoch < 0 {
		return fmt.Errorf("%w: negative epoch %s", ErrBadDeployConfig, epoch)
	}
	if cfg.MaxStakersPerProvider == 0 {
		return fmt.Errorf("%w: max stakers per provider must be at least 1", ErrBadDeployConfig)
	}
	if cfg.UnbondingPeriod <= cfg.SlashDelay+epoch {
		return fmt.Errorf("%w: unbonding period %s must exceed slash delay %s + one epoch %s (SPEC §10.2), or stake can leave before a slash executes",
			ErrBadDeployConfig, cfg.UnbondingPeriod, cfg.SlashDelay, epoch)
	}
	return nil
}

// Deploy deploys SwarmToken, SwarmStaking and SwarmRewards from s, gives
// SwarmRewards the token's MINTER_ROLE and grants the settler and guardian
// roles (the guardian may veto slashes and disable roots). It first
// validates cfg (ErrBadDeployConfig). s keeps DEFAULT_ADMIN_ROLE on all three and MINTER_ROLE.
func Deploy(ctx context.Context, b Backend, s *Signer, cfg DeployConfig) (Addresses, error) {
	var a Addresses
	if err := cfg.Validate(); err != nil {
		return a, err
	}
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
		c.staking.PackConstructor(a.Token, uint64(cfg.UnbondingPeriod/time.Second), cfg.MaxStakersPerProvider,
			uint64(cfg.SlashDelay/time.Second))); err != nil {
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
		{"staking GUARDIAN_ROLE", a.Staking, c.staking.PackGrantRole(role("GUARDIAN_ROLE"), cfg.Guardian)},
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
