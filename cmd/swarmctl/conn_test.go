package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestConnectionFlagsEverywhere: every command takes the same connection
// flags, so one `$C` works with all of them.
func TestConnectionFlagsEverywhere(t *testing.T) {
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		if c.Runnable() {
			n++
			for _, f := range connFlags {
				if c.Flags().Lookup(f.name) == nil && c.InheritedFlags().Lookup(f.name) == nil {
					t.Errorf("%s has no --%s", c.CommandPath(), f.name)
				}
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(rootCmd())
	if n < 30 {
		t.Fatalf("walked only %d commands", n)
	}
	// The three that lacked --api exit for the chain, not for a flag.
	for _, args := range [][]string{
		{"stake", "bond", "0x00000000000000000000000000000000000000aa", "1", "--key", "missing.key"},
		{"stake", "unbond", "0x00000000000000000000000000000000000000aa", "1", "--key", "missing.key"},
		{"audit", "--params", "missing.json", "--log", "missing.ndjson"},
	} {
		args = append(args, "--api", "http://127.0.0.1:1", "--rpc", "http://127.0.0.1:1", "--contracts", "missing.json", "--nats", "nats://127.0.0.1:1")
		_, errOut, code := swarmctl(t, args...)
		if code != 1 || strings.Contains(errOut, "unknown flag") {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
}

// TestConnectionFlagPrecedence: the flag, then the environment, then the
// built-in default.
func TestConnectionFlagPrecedence(t *testing.T) {
	_, errOut, code := swarmctl(t, "state", "--api", "http://127.0.0.1:1")
	if code != 1 || !strings.Contains(errOut, "unreachable at http://127.0.0.1:1") {
		t.Fatalf("flag: exit %d: %s", code, errOut)
	}
	t.Setenv("SWARM_API", "http://127.0.0.1:2")
	_, errOut, code = swarmctl(t, "state")
	if code != 1 || !strings.Contains(errOut, "unreachable at http://127.0.0.1:2") {
		t.Fatalf("env: exit %d: %s", code, errOut)
	}
	_, errOut, code = swarmctl(t, "state", "--api", "http://127.0.0.1:1")
	if code != 1 || !strings.Contains(errOut, "unreachable at http://127.0.0.1:1") {
		t.Fatalf("flag over env: exit %d: %s", code, errOut)
	}
	t.Setenv("SWARM_NATS", "nats://127.0.0.1:3")
	_, errOut, code = swarmctl(t, "export", "--out", t.TempDir()+"/x.ndjson")
	if code != 1 || !strings.Contains(errOut, "127.0.0.1:3") {
		t.Fatalf("SWARM_NATS: exit %d: %s", code, errOut)
	}
	t.Setenv("SWARM_RPC", "http://127.0.0.1:4")
	t.Setenv("SWARM_CONTRACTS", "/nonexistent/addresses.json")
	_, errOut, code = swarmctl(t, "stake", "show", "0x00000000000000000000000000000000000000aa", "0x00000000000000000000000000000000000000bb")
	if code != 1 || !strings.Contains(errOut, "/nonexistent/addresses.json") {
		t.Fatalf("SWARM_CONTRACTS: exit %d: %s", code, errOut)
	}
}
