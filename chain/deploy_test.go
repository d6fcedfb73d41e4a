package chain

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// SPEC §10.2: deployments choose unbondingPeriod > slashDelay + one epoch;
// Deploy refuses any other before sending anything.
func TestDeployConfigValidate(t *testing.T) {
	ok := DeployConfig{UnbondingPeriod: 10 * time.Minute, MaxStakersPerProvider: 4, SlashDelay: time.Minute, Epoch: 10 * time.Second}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := DefaultDeployConfig.Validate(); err != nil {
		t.Fatalf("the default deployment: %v", err)
	}
	for name, mod := range map[string]func(*DeployConfig){
		"unbonding = delay + epoch":  func(c *DeployConfig) { c.UnbondingPeriod = 70 * time.Second },
		"unbonding < delay":          func(c *DeployConfig) { c.SlashDelay = time.Hour },
		"default epoch exceeds room": func(c *DeployConfig) { c.Epoch = 0 }, // one hour
		"fractional slash delay":     func(c *DeployConfig) { c.SlashDelay = 1500 * time.Millisecond },
		"negative slash delay":       func(c *DeployConfig) { c.SlashDelay = -time.Second },
		"no stakers":                 func(c *DeployConfig) { c.MaxStakersPerProvider = 0 },
	} {
		c := ok
		mod(&c)
		err := c.Validate()
		if !errors.Is(err, ErrBadDeployConfig) {
			t.Errorf("%s: %v, want ErrBadDeployConfig", name, err)
		}
	}
	c := ok
	c.UnbondingPeriod = 70 * time.Second
	if err := c.Validate(); !strings.Contains(err.Error(), "must exceed slash delay 1m0s + one epoch 10s") {
		t.Errorf("unclear message: %v", err)
	}
}
