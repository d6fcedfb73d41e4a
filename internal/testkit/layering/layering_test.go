package layering

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/swarm-ledger/swarm"

// rule forbids pkg (a package, or with a trailing "/..." a package and
// every package below it) to depend, directly or through other packages,
// on any package of the repository that matches one of deny, or, when only
// is set, on any package of the repository outside only.
type rule struct {
	pkg  string
	deny []string
	only []string
	why  string
}

var rules = []rule{
	{pkg: "events", only: []string{}, why: "the event model is the bottom of the tree"},
	{pkg: "merkle", only: []string{"events"}, why: "the chain-bound hashes sit just above the event model"},
	{pkg: "aggregates", deny: []string{"settlement/...", "projections/...", "chain/...", "cmd/..."},
		why: "the fold owns its tree and its factors; it never reaches up to settlement, the chain or the read models"},
	{pkg: "projections/...", deny: []string{"settlement/..."},
		why: "the read models hash evidence with merkle, not through the settler"},
}

// match reports whether path (relative to the module) is pattern or, for a
// pattern ending in "/...", below it.
func match(pattern, path string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

// violations checks deps (package → its transitive dependencies inside the
// module, both relative to the module) against rules.
func violations(deps map[string][]string, rules []rule) []string {
	var out []string
	for _, r := range rules {
		seen := false
		for pkg, ds := range deps {
			if !match(r.pkg, pkg) {
				continue
			}
			seen = true
			for _, d := range ds {
				bad := slices.ContainsFunc(r.deny, func(p string) bool { return match(p, d) })
				if r.only != nil && !slices.ContainsFunc(r.only, func(p string) bool { return match(p, d) }) {
					bad = true
				}
				if bad {
					out = append(out, fmt.Sprintf("%s depends on %s: %s", pkg, d, r.why))
				}
			}
		}
		if !seen {
			out = append(out, fmt.Sprintf("no package matches %s: the rule checks nothing", r.pkg))
		}
	}
	slices.Sort(out)
	return out
}

// moduleDeps lists, with go list, every package of the module and its
// transitive non-test dependencies inside the module.
func moduleDeps(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	deps := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		pkg, ok := strings.CutPrefix(f[0], module+"/")
		if !ok {
			continue
		}
		deps[pkg] = []string{}
		for _, d := range f[1:] {
			if rel, ok := strings.CutPrefix(d, module+"/"); ok {
				deps[pkg] = append(deps[pkg], rel)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return deps
}

// TestImportsRunDownward: no package of the repository depends on one the
// rules put above it.
func TestImportsRunDownward(t *testing.T) {
	deps := moduleDeps(t)
	if len(deps["aggregates"]) == 0 || !slices.Contains(deps["aggregates"], "merkle") {
		t.Fatalf("go list found aggregates without its dependency on merkle: %v", deps["aggregates"])
	}
	for _, v := range violations(deps, rules) {
		t.Error(v)
	}
}

// TestViolations: the check reports what the rules forbid, directly or
// through another package, and a rule that matches no package.
func TestViolations(t *testing.T) {
	deps := map[string][]string{
		"events":          {"merkle"},
		"merkle":          {"events"},
		"aggregates":      {"events", "merkle", "settlement", "chain"},
		"projections":     {"aggregates", "events", "merkle"},
		"projections/sub": {"internal/x", "settlement/audit"},
	}
	got := violations(deps, rules)
	want := []string{
		"aggregates depends on chain: " + rules[2].why,
		"aggregates depends on settlement: " + rules[2].why,
		"events depends on merkle: " + rules[0].why,
		"projections/sub depends on settlement/audit: " + rules[3].why,
	}
	if !slices.Equal(got, want) {
		t.Errorf("violations:\n got %q\nwant %q", got, want)
	}
	delete(deps, "merkle")
	if got := violations(deps, rules[1:2]); len(got) != 1 || !strings.Contains(got[0], "checks nothing") {
		t.Errorf("a rule matching no package: %q", got)
	}
}
