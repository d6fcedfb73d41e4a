package main

import (
	"context"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/spf13/cobra"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/devnet"
)

// chainFlags are what a command that talks to the chain needs: --rpc and
// --contracts (connection flags, see conn.go), its own --timeout and, where
// it sends transactions, --key.
type chainFlags struct {
	rpc       string
	contracts string
	key       string
	timeout   time.Duration
}

func (f *chainFlags) register(c *cobra.Command, needKey bool) {
	onConnect(c, func(cmd *cobra.Command) { f.rpc, f.contracts = conn(cmd, "rpc"), conn(cmd, "contracts") })
	c.Flags().DurationVar(&f.timeout, "timeout", 2*time.Minute, "how long to wait for a receipt")
	if needKey {
		c.Flags().StringVar(&f.key, "key", "", "file holding the sender's hex private key (mode 0600)")
		_ = c.MarkFlagRequired("key")
	}
}

// client dials the node and checks the deployment.
func (f *chainFlags) client(ctx context.Context) (*chain.Client, error) {
	a, err := chain.LoadAddresses(f.contracts)
	if err != nil {
		return nil, err
	}
	b, _, err := chain.Dial(ctx, f.rpc)
	if err != nil {
		return nil, err
	}
	c, err := chain.NewClient(ctx, b, a)
	if err != nil {
		b.Close()
		return nil, err
	}
	c.ReceiptTimeout = f.timeout
	return c, nil
}

func (f *chainFlags) signer() (*chain.Signer, error) {
	k, err := chain.LoadKey(f.key)
	if err != nil {
		return nil, err
	}
	return chain.NewSigner(k), nil
}

func parseAddress(s string) (common.Address, error) {
	if !common.IsHexAddress(s) || len(s) != 42 {
		return common.Address{}, usageError{fmt.Errorf("%q is not an address (0x + 40 hex digits)", s)}
	}
	return common.HexToAddress(s), nil
}

func parseAmountArg(s string) (*big.Int, error) {
	a, err := chain.ParseAmount(s)
	if err != nil {
		return nil, usageError{err}
	}
	if a.Sign() == 0 {
		return nil, usageError{fmt.Errorf("amount must be positive")}
	}
	return a, nil
}

// providerAmount parses the PROVIDER AMOUNT arguments of stake commands.
func providerAmount(args []string) (common.Address, *big.Int, error) {
	p, err := parseAddress(args[0])
	if err != nil {
		return p, nil, err
	}
	amt, err := parseAmountArg(args[1])
	return p, amt, err
}

func printReceipt(w io.Writer, what string, r *types.Receipt) {
	fmt.Fprintf(w, "%s\n  tx %s  block %d  gas %d\n", what, r.TxHash.Hex(), r.BlockNumber.Uint64(), r.GasUsed)
}

func chainCmd() *cobra.Command {
	c := &cobra.Command{Use: "chain", Short: "Deploy the contracts, run a development chain, manage Ethereum keys"}
	c.AddCommand(chainDevCmd(), chainDeployCmd(), chainKeyCmd())
	return c
}

func chainDevCmd() *cobra.Command {
	var listen, dir string
	var accounts int
	var blockTime, slashDelay time.Duration
	c := &cobra.Command{
		Use:   "dev",
		Short: "Run an embedded development chain with the contracts deployed and funded accounts (until interrupted)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg := devnet.Config{HTTPAddr: listen, Accounts: accounts, BlockInterval: blockTime, Dir: dir, WallClock: true}
			cfg.Deploy = chain.DefaultDeployConfig
			cfg.Deploy.UnbondingPeriod, cfg.Deploy.ActivationDelay = 10*time.Minute, time.Minute
			cfg.Deploy.SlashDelay, cfg.Deploy.Epoch = slashDelay, time.Minute
			n, err := devnet.Start(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer n.Close()
			printDevnet(cmd.OutOrStdout(), n, dir)
			<-cmd.Context().Done()
			return nil
		},
	}
	c.Flags().StringVar(&listen, "listen", "127.0.0.1:8545", "JSON-RPC listen address (loopback)")
	c.Flags().StringVar(&dir, "dir", ".swarm-dev", "where to write addresses.json and the development key files")
	c.Flags().IntVar(&accounts, "accounts", 5, "development accounts to fund")
	c.Flags().DurationVar(&blockTime, "block-time", time.Second, "seal a block at least this often")
	c.Flags().DurationVar(&slashDelay, "slash-delay", time.Minute, "how long a proposed slash waits before anyone can execute it")
	return c
}

func printDevnet(w io.Writer, n *devnet.Net, dir string) {
	fmt.Fprintf(w, "Development chain (chain id %d, mainnet gas rules)\nJSON-RPC: %s\n\n", n.Addresses.ChainID, n.URL())
	fmt.Fprintf(w, "Contracts (%s/addresses.json):\n  SwarmToken   %s\n  SwarmStaking %s\n  SwarmRewards %s\n\n", dir,
		n.Addresses.Token.Hex(), n.Addresses.Staking.Hex(), n.Addresses.Rewards.Hex())
	fmt.Fprintf(w, "Accounts, each with %s ETH and %s (account 0 deployed the contracts and holds every role: settler, slasher and guardian, so its key vetoes slashes).\n",
		new(big.Int).Div(devnet.FundETH, big.NewInt(1e18)), chain.FormatAmount(devnet.FundSWARM))
	fmt.Fprintln(w, "WARNING: these keys are public; never use them on a real network.")
	for i, a := range n.Accounts {
		fmt.Fprintf(w, "  (%d) %s  key 0x%x  file %s\n", i, a.Address.Hex(), crypto.FromECDSA(a.Key), a.KeyFile)
	}
}

func chainDeployCmd() *cobra.Command {
	var f chainFlags
	var out, settler, guardian string
	cfg := chain.DefaultDeployConfig
	c := &cobra.Command{
		Use:   "deploy",
		Short: "Deploy SwarmToken, SwarmStaking and SwarmRewards to any JSON-RPC endpoint and write an addresses file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, r := range []struct {
				s   string
				dst *common.Address
			}{{settler, &cfg.Settler}, {guardian, &cfg.Guardian}} {
				if r.s != "" {
					a, err := parseAddress(r.s)
					if err != nil {
						return err
					}
					*r.dst = a
				}
			}
			s, err := f.signer()
			if err != nil {
				return err
			}
			b, _, err := chain.Dial(cmd.Context(), f.rpc)
			if err != nil {
				return err
			}
			defer b.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), 10*f.timeout)
			defer cancel()
			a, err := chain.Deploy(ctx, b, s, cfg)
			if err != nil {
				return err
			}
			if err := chain.WriteAddresses(out, a); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "deployed on chain %d from %s (block %d)\n  SwarmToken   %s\n  SwarmStaking %s\n  SwarmRewards %s\nwrote %s\n",
				a.ChainID, s.Address().Hex(), a.DeployBlock, a.Token.Hex(), a.Staking.Hex(), a.Rewards.Hex(), out)
			return nil
		},
	}
	f.register(c, true)
	c.Flags().StringVar(&out, "out", "addresses.json", "addresses file to write")
	c.Flags().DurationVar(&cfg.UnbondingPeriod, "unbonding", cfg.UnbondingPeriod, "unbonding period")
	c.Flags().Uint32Var(&cfg.MaxStakersPerProvider, "max-stakers", cfg.MaxStakersPerProvider, "stakers per provider (bounds slash gas; match the ledger parameters)")
	c.Flags().DurationVar(&cfg.ActivationDelay, "activation-delay", cfg.ActivationDelay, "delay before a submitted root can be claimed against")
	c.Flags().DurationVar(&cfg.SlashDelay, "slash-delay", cfg.SlashDelay, "how long a proposed slash waits before anyone can execute it (the guardian may veto it meanwhile)")
	c.Flags().DurationVar(&cfg.Epoch, "epoch", chain.DefaultEpoch, "the ledger's epoch length: the unbonding period must exceed the slash delay plus one epoch")
	c.Flags().StringVar(&settler, "settler", "", "address given SETTLER_ROLE and SLASHER_ROLE (default: the deployer)")
	c.Flags().StringVar(&guardian, "guardian", "", "address given GUARDIAN_ROLE on both contracts: vetoes slashes, disables roots (default: the deployer)")
	return c
}

func chainKeyCmd() *cobra.Command {
	c := &cobra.Command{Use: "key", Short: "Ethereum (secp256k1) key files"}
	c.AddCommand(&cobra.Command{
		Use:   "new FILE",
		Short: "Write a new key to FILE (mode 0600) and print its address",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := crypto.GenerateKey()
			if err != nil {
				return err
			}
			if err := chain.WriteKey(args[0], k); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), crypto.PubkeyToAddress(k.PublicKey).Hex())
			return nil
		},
	}, &cobra.Command{
		Use:   "show FILE",
		Short: "Print the address of a key file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := chain.LoadKey(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), crypto.PubkeyToAddress(k.PublicKey).Hex())
			return nil
		},
	})
	return c
}

// txCmd builds a command that sends one transaction.
func txCmd(use, short string, nargs int, send func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error)) *cobra.Command {
	var f chainFlags
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(nargs),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.signer()
			if err != nil {
				return err
			}
			c, err := f.client(cmd.Context())
			if err != nil {
				return err
			}
			what, r, err := send(cmd.Context(), c, s, args)
			if err != nil {
				return err
			}
			printReceipt(cmd.OutOrStdout(), what, r)
			return nil
		},
	}
	f.register(c, true)
	return c
}

func stakeCmd() *cobra.Command {
	c := &cobra.Command{Use: "stake", Short: "Bond, unbond and withdraw SWARM behind a provider; show positions"}
	c.AddCommand(
		txCmd("bond PROVIDER AMOUNT", `Bond AMOUNT ("1500", "1500.25" or "1500.25 SWARM") behind PROVIDER (approves the staking contract as needed)`, 2,
			func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error) {
				p, amt, err := providerAmount(args)
				if err != nil {
					return "", nil, err
				}
				r, err := c.Bond(ctx, s, p, amt)
				return fmt.Sprintf("bonded %s behind %s", chain.FormatAmount(amt), p.Hex()), r, err
			}),
		txCmd("unbond PROVIDER AMOUNT", "Start unbonding AMOUNT from PROVIDER (adds to the pending entry and restarts its unbonding period)", 2,
			func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error) {
				p, amt, err := providerAmount(args)
				if err != nil {
					return "", nil, err
				}
				r, err := c.RequestUnbond(ctx, s, p, amt)
				if err != nil {
					return "", nil, err
				}
				total, release, err := c.UnbondingOf(ctx, s.Address(), p)
				if err != nil {
					return "", nil, err
				}
				return fmt.Sprintf("unbonding %s from %s (pending %s, released at %s)", chain.FormatAmount(amt), p.Hex(),
					chain.FormatAmount(total), time.Unix(int64(release), 0).UTC().Format(time.RFC3339)), r, nil
			}),
		txCmd("withdraw PROVIDER", "Withdraw the released unbonding entry for PROVIDER", 1,
			func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error) {
				p, err := parseAddress(args[0])
				if err != nil {
					return "", nil, err
				}
				amt, _, err := c.UnbondingOf(ctx, s.Address(), p)
				if err != nil {
					return "", nil, err
				}
				r, err := c.Withdraw(ctx, s, p)
				return fmt.Sprintf("withdrew %s from %s", chain.FormatAmount(amt), p.Hex()), r, err
			}),
		stakeShowCmd(),
	)
	return c
}

func stakeShowCmd() *cobra.Command {
	var f chainFlags
	c := &cobra.Command{
		Use:   "show STAKER PROVIDER",
		Short: "Show a staker's bonded and unbonding stake behind a provider, as the contract holds it",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			staker, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			p, err := parseAddress(args[1])
			if err != nil {
				return err
			}
			c, err := f.client(cmd.Context())
			if err != nil {
				return err
			}
			bonded, err := c.BondedOf(cmd.Context(), staker, p)
			if err != nil {
				return err
			}
			unb, release, err := c.UnbondingOf(cmd.Context(), staker, p)
			if err != nil {
				return err
			}
			bal, err := c.BalanceOf(cmd.Context(), staker)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "staker    %s\nprovider  %s\nbonded    %s\nunbonding %s", staker.Hex(), p.Hex(), chain.FormatAmount(bonded), chain.FormatAmount(unb))
			if unb.Sign() > 0 {
				fmt.Fprintf(w, " (released at %s)", time.Unix(int64(release), 0).UTC().Format(time.RFC3339))
			}
			fmt.Fprintf(w, "\nbalance   %s\n", chain.FormatAmount(bal))
			return nil
		},
	}
	f.register(c, false)
	return c
}

func nodeCmd() *cobra.Command {
	c := &cobra.Command{Use: "node", Short: "Authorize and revoke node keys as a provider"}
	c.AddCommand(
		txCmd("authorize NODE_ID", "Authorize a node (its nkey public key, U...) under the sender as provider", 1,
			func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error) {
				if _, err := chain.NodeKey(args[0]); err != nil {
					return "", nil, usageError{err}
				}
				r, err := c.AuthorizeNode(ctx, s, args[0])
				return fmt.Sprintf("authorized %s under %s", args[0], s.Address().Hex()), r, err
			}),
		txCmd("revoke NODE_ID", "Revoke the sender's authorization of a node", 1,
			func(ctx context.Context, c *chain.Client, s *chain.Signer, args []string) (string, *types.Receipt, error) {
				if _, err := chain.NodeKey(args[0]); err != nil {
					return "", nil, usageError{err}
				}
				r, err := c.RevokeNode(ctx, s, args[0])
				return fmt.Sprintf("revoked %s", args[0]), r, err
			}),
	)
	return c
}
