package devstack

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Stable names under a data directory.
const (
	// CurrentLink is the symlink to the newest started run (run-NNN),
	// replaced once a run is up.
	CurrentLink = "current"
	// EnvFile, in each run directory, sets the shell variables for it:
	// `source DATA/current/env`.
	EnvFile = "env"
)

// publishRun writes the run's env file and points DataDir/current at the
// run. The env file names the run through DataDir/current, so it stays
// right for whichever run is current.
func (s *Stack) publishRun() error {
	cur, err := filepath.Abs(filepath.Join(s.cfg.DataDir, CurrentLink))
	if err != nil {
		return fmt.Errorf("devstack: %w", err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, EnvFile), []byte(s.env(cur)), 0o644); err != nil {
		return fmt.Errorf("devstack: env file: %w", err)
	}
	tmp := filepath.Join(s.cfg.DataDir, "."+CurrentLink+"-"+filepath.Base(s.Dir))
	_ = os.Remove(tmp)
	if err := os.Symlink(filepath.Base(s.Dir), tmp); err != nil {
		return fmt.Errorf("devstack: %s link: %w", CurrentLink, err)
	}
	if err := os.Rename(tmp, filepath.Join(s.cfg.DataDir, CurrentLink)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("devstack: %s link: %w", CurrentLink, err)
	}
	return nil
}

// EnvPath is the path to source for the current run, as the data
// directory was given.
func (s *Stack) EnvPath() string { return filepath.Join(s.cfg.DataDir, CurrentLink, EnvFile) }

// env is the env file of the run: swarmctl's connection variables, D (the
// run directory, through the current link) and each development account's
// address and key file by role.
func (s *Stack) env(cur string) string {
	var b strings.Builder
	q := func(v string) string { return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'" }
	key := func(file string) string { return q(filepath.Join(cur, ChainDir, "keys", filepath.Base(file))) }
	fmt.Fprintf(&b, "# swarmd dev: %s. Source it (. %s) to point swarmctl at the current run.\n", filepath.Base(s.Dir), s.EnvPath())
	fmt.Fprintf(&b, "# The development keys are public: never use them on a real network.\n")
	fmt.Fprintf(&b, "export D=%s\n", q(cur))
	fmt.Fprintf(&b, "export SWARM_API=%s\n", q(s.APIURL))
	fmt.Fprintf(&b, "export SWARM_RPC=%s\n", q(s.RPCURL))
	fmt.Fprintf(&b, "export SWARM_CONTRACTS=%s\n", q(filepath.Join(cur, ChainDir, "addresses.json")))
	fmt.Fprintf(&b, "export SWARM_NATS=%s\n", q(s.NATSURL))
	fmt.Fprintf(&b, "# deployer: deployed the contracts, settles (SETTLER_ROLE, SLASHER_ROLE), guardian (GUARDIAN_ROLE)\n")
	fmt.Fprintf(&b, "export DEPLOYER=%s DEPLOYER_KEY=%s\n", q(s.Deployer), key(s.DeployerKey))
	for i, p := range s.Providers {
		fmt.Fprintf(&b, "# %s: authorized %d GPUs' nodes on chain\n", p.Name, p.GPUs)
		fmt.Fprintf(&b, "export PROVIDER%s=%s PROVIDER%s_KEY=%s\n", suffix(i), q(p.Address), suffix(i), key(p.KeyFile))
	}
	for i, st := range s.Stakers {
		fmt.Fprintf(&b, "# %s: bonded behind %s\n", st.Name, s.bondedBehind(st))
		fmt.Fprintf(&b, "export STAKER%s=%s STAKER%s_KEY=%s\n", suffix(i), q(st.Address), suffix(i), key(st.KeyFile))
	}
	return b.String()
}

// suffix numbers the second and later accounts of a role: PROVIDER,
// PROVIDER2, PROVIDER3.
func suffix(i int) string {
	if i == 0 {
		return ""
	}
	return fmt.Sprint(i + 1)
}
