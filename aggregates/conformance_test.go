package aggregates

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/swarm-ledger/swarm/events"
)

func replayFile(t testing.TB, params *Params, logPath string) *Ledger {
	t.Helper()
	msgs, err := events.ReadExportFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Open("", params)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	for _, m := range msgs {
		if _, err := l.ApplyMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestConformanceS1(t *testing.T) {
	params, err := LoadParams("../testdata/conformance/s1/params.json")
	if err != nil {
		t.Fatal(err)
	}
	l := replayFile(t, params, "../testdata/conformance/s1/log.ndjson")
	got, err := l.Reports()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../testdata/conformance/s1/expected.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	wantLines := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	if len(got) != len(wantLines) {
		t.Errorf("got %d reports, want %d", len(got), len(wantLines))
	}
	t.Logf("comparing %d reports", len(got))
	for i := range min(len(got), len(wantLines)) {
		if !bytes.Equal(got[i], wantLines[i]) {
			t.Errorf("epoch %d:\n got %s\nwant %s", i+1, got[i], wantLines[i])
		}
	}
}

// TestConformanceS1Statements: the statements of the conformance log equal
// statements.ndjson byte for byte (SPEC §9.1).
func TestConformanceS1Statements(t *testing.T) {
	params, err := LoadParams("../testdata/conformance/s1/params.json")
	if err != nil {
		t.Fatal(err)
	}
	l := replayFile(t, params, "../testdata/conformance/s1/log.ndjson")
	sts, err := l.Statements()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../testdata/conformance/s1/statements.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	wantLines := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	if len(sts) != len(wantLines) {
		t.Errorf("got %d statements, want %d", len(sts), len(wantLines))
	}
	for i := range min(len(sts), len(wantLines)) {
		if got := sts[i].Canonical(); !bytes.Equal(got, wantLines[i]) {
			t.Errorf("epoch %d:\n got %s\nwant %s", i+1, got, wantLines[i])
		}
	}
	// A client reads the lines back to the same values.
	for i, line := range wantLines {
		st, err := ParseStatement(line)
		if err != nil || !bytes.Equal(st.Canonical(), line) {
			t.Errorf("line %d does not parse back: %v", i+1, err)
		}
	}
	for _, bad := range []string{`{}`, `{"epoch":1,"network":{},"providers":[],"x":1}`,
		strings.Replace(string(wantLines[0]), `"epoch":1`, `"epoch": 1`, 1),
		strings.Replace(string(wantLines[0]), `"carry_in":"0"`, `"carry_in":"00"`, 1)} {
		if _, err := ParseStatement([]byte(bad)); !errors.Is(err, ErrBadStatement) {
			t.Errorf("%.60s…: err = %v, want ErrBadStatement", bad, err)
		}
	}
}
