package readmetest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// specPath is the protocol specification: $SWARM_SPEC, else ../shared/SPEC.md
// beside the repository.
func specPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SWARM_SPEC"); p != "" {
		return p
	}
	p, err := filepath.Abs("../../../../shared/SPEC.md")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProtocolDocument holds docs/PROTOCOL.md to the specification: every
// event type, rejection reason and parameter the specification names
// appears in it, in backquotes, and it names none the specification does
// not.
func TestProtocolDocument(t *testing.T) {
	raw, err := os.ReadFile(specPath(t))
	if err != nil {
		t.Fatalf("the protocol specification (set SWARM_SPEC to its path): %v", err)
	}
	spec := string(raw)
	doc, err := os.ReadFile("../../../docs/PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	quoted := func(text string, re *regexp.Regexp) []string {
		var out []string
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		slices.Sort(out)
		return out
	}
	typeRe := regexp.MustCompile("`((?:node|gpu|task|chain|epoch)\\.[a-z_]+)`")
	types := quoted(spec, typeRe)

	// Reasons: "(`reason`)" after a rule, "rejected as `reason`", and the
	// order of checks of section 2.3.
	reasons := quoted(spec, regexp.MustCompile("\\(`([a-z_]+)`\\)"))
	reasons = append(reasons, quoted(spec, regexp.MustCompile("rejected\\s+as\\s+`([a-z_]+)`"))...)
	order := spec[strings.Index(spec, "Checks run in this order"):]
	order = order[:strings.Index(order, "\n\n")]
	reasons = append(reasons, quoted(order, regexp.MustCompile("`([a-z_]+)`"))...)
	slices.Sort(reasons)
	reasons = slices.Compact(reasons)

	params := spec[strings.Index(spec, "## 3. Parameters"):]
	params = params[:strings.Index(params, "\n## 4.")]
	names := quoted(params, regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|"))

	if len(types) < 17 || len(reasons) < 20 || len(names) < 19 {
		t.Fatalf("read %d event types, %d reasons, %d parameters from the specification: its layout changed", len(types), len(reasons), len(names))
	}
	for what, list := range map[string][]string{"event type": types, "rejection reason": reasons, "parameter": names} {
		for _, name := range list {
			if !strings.Contains(string(doc), "`"+name+"`") {
				t.Errorf("docs/PROTOCOL.md does not name the %s `%s`", what, name)
			}
		}
	}
	for _, name := range quoted(string(doc), typeRe) {
		if !slices.Contains(types, name) {
			t.Errorf("docs/PROTOCOL.md names the event type `%s`, which the specification does not", name)
		}
	}
}
