package readmetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/internal/testkit/browser"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
)

// natsShimEnv makes the test binary act as the `nats` CLI's `req` (see
// TestMain) where natscli is not installed.
const natsShimEnv = "SWARM_README_NATS_SHIM"

func TestMain(m *testing.M) {
	if os.Getenv(natsShimEnv) == "1" {
		os.Exit(natsReq(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// natsReq does what `nats --server URL req SUBJECT BODY` does: one request,
// the reply's body on stdout.
func natsReq(args []string) int {
	if len(args) != 5 || args[0] != "--server" || args[2] != "req" {
		fmt.Fprintf(os.Stderr, "nats shim: want --server URL req SUBJECT BODY, got %q\n", args)
		return 2
	}
	nc, err := nats.Connect(args[1], nats.Timeout(10*time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "nats shim:", err)
		return 1
	}
	defer nc.Close()
	msg, err := nc.Request(args[3], []byte(args[4]), 30*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, "nats shim:", err)
		return 1
	}
	if code := msg.Header.Get("Nats-Service-Error-Code"); code != "" {
		fmt.Fprintf(os.Stderr, "nats shim: service error %s: %s\n", code, msg.Header.Get("Nats-Service-Error"))
		return 1
	}
	fmt.Printf("%s\n", msg.Data)
	return 0
}

// block is one README block the test runs.
type block struct {
	line int // of its opening fence
	text string
}

// walkthrough reads the ```sh blocks that follow a `<!-- readme-test`
// comment in README.md.
func walkthrough(t *testing.T, readme string) []block {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []block
	lines := strings.Split(string(raw), "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "<!-- readme-test") {
			continue
		}
		if i+1 >= len(lines) || lines[i+1] != "```sh" {
			t.Fatalf("README.md:%d: a readme-test mark must come right before a ```sh block", i+1)
		}
		b := block{line: i + 2}
		for i += 2; i < len(lines) && lines[i] != "```"; i++ {
			b.text += lines[i] + "\n"
		}
		blocks = append(blocks, b)
	}
	if len(blocks) < 6 {
		t.Fatalf("README.md has %d readme-test blocks, want the walkthrough's six or more", len(blocks))
	}
	return blocks
}

func TestREADMEWalkthrough(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("the README's commands need bash")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the README's commands need curl")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	blocks := walkthrough(t, filepath.Join(root, "README.md"))
	if _, err := browser.ExecPath(); err != nil {
		t.Fatalf("the README's screenshots need Chromium: %v", err)
	}
	browserCh := make(chan *browser.Browser, 1)
	go func() { // starts while the binaries build
		b, err := browser.Start(context.Background())
		if err != nil {
			t.Errorf("chromium: %v", err)
		}
		browserCh <- b
	}()
	t.Cleanup(func() {
		if b := <-browserCh; b != nil {
			b.Close()
		}
	})
	work := t.TempDir()
	t0 := time.Now()
	build(t, root, filepath.Join(work, "bin"))
	t.Logf("built swarmd and swarmctl in %s", time.Since(t0).Round(time.Millisecond))
	path := natsOnPath(t, work)

	t0 = time.Now()
	d := startDemo(t, work)
	env := waitReady(t, work, "")
	t.Logf("demo up, epoch 3 anchored and a root with earnings active after %s", time.Since(t0).Round(time.Millisecond))
	run(t, work, path, env, blocks, "first run")
	b := <-browserCh
	browserCh <- b
	if b == nil {
		t.FailNow()
	}
	screenshots(t, b, env)

	// An idle spell longer than the catalog's stale limit (three 1 s
	// heartbeat intervals), then the scheduler's queries first: the first
	// answer after idle time must show the healthy nodes. (Before it, the
	// provider's next earnings must be claimable, which reads no catalog.)
	waitSettled(t, work, env, time.Now().Add(2*time.Minute))
	time.Sleep(5 * time.Second)
	idle := append([]block{blocks[0]}, schedulerFirst(t, blocks[1:])...)
	run(t, work, path, env, idle, "after an idle spell")

	// kill -9 and start again: a new run, which .demo/data/current and its
	// env follow.
	first := env["D_TARGET"]
	if err := d.Cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-d.Done()
	t0 = time.Now()
	startDemo(t, work)
	env = waitReady(t, work, first)
	t.Logf("restarted demo ready after %s", time.Since(t0).Round(time.Millisecond))
	run(t, work, path, env, blocks, "after a restart")
}

// build builds swarmd and swarmctl into bin.
func build(t *testing.T, root, bin string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", bin+string(os.PathSeparator), "./cmd/swarmd", "./cmd/swarmctl")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

// natsOnPath returns the PATH the commands run with: natscli's `nats` when
// it is installed, else a `nats` that sends the same request with nats.go
// (the test binary itself).
func natsOnPath(t *testing.T, work string) string {
	t.Helper()
	if p, err := exec.LookPath("nats"); err == nil {
		t.Logf("nats: natscli at %s", p)
		return os.Getenv("PATH")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "nats-shim")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf("#!/bin/sh\n%s=1 exec %q \"$@\"\n", natsShimEnv, self)
	if err := os.WriteFile(filepath.Join(dir, "nats"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Log("nats: natscli is not installed; `nats … req` is the same request sent with nats.go")
	return dir + string(os.PathListSeparator) + os.Getenv("PATH")
}

// startDemo runs bin/swarmd dev in work on free ports, with 3 s epochs
// for speed, or the demo's own 10 s when it takes the README's images. Its
// slash delay is 10 minutes (the demo's is 60 s): a slash proposed before
// the guardian's block cannot execute before its veto, and no slash
// execution moves a stake while the test runs.
func startDemo(t *testing.T, work string) *proctest.Proc {
	t.Helper()
	epoch := "3s"
	if os.Getenv("SWARM_README_IMAGES") != "" {
		epoch = "10s"
	}
	cmd := exec.Command("bin/swarmd", "dev", "--api", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--rpc", "127.0.0.1:0",
		"--nats-port", "-1", "--epoch", epoch, "--slash-delay", "10m")
	cmd.Dir = work
	p := proctest.StartCmd(t, "swarmd dev", cmd)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("swarmd dev output:\n%s", p.Output())
		}
	})
	return p
}

// waitReady waits until .demo/data/current names a run other than prev,
// with its env file, and that run has anchored epoch 3 and the provider
// has earnings to claim against an active root. It returns the env file's
// variables (and D_TARGET, the run current links).
func waitReady(t *testing.T, work, prev string) map[string]string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	link := filepath.Join(work, ".demo", "data", "current")
	var env map[string]string
	for {
		if target, err := os.Readlink(link); err == nil && target != prev {
			if _, err := os.Stat(filepath.Join(link, "env")); err == nil {
				env = readEnv(t, work)
				env["D_TARGET"] = target
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("swarmd dev did not publish a new current run")
		}
		time.Sleep(200 * time.Millisecond)
	}
	waitSettled(t, work, env, deadline)
	return env
}

// waitSettled waits until the run has anchored epoch 3 and the provider has
// earnings to claim against an active root.
func waitSettled(t *testing.T, work string, env map[string]string, deadline time.Time) {
	t.Helper()
	for {
		var st struct {
			LastAnchored uint64 `json:"last_anchored"`
		}
		var earn struct {
			Claimable string `json:"claimable"`
		}
		if getJSON(env["SWARM_API"]+"/v1/settlement", &st) == nil && st.LastAnchored >= 3 &&
			swarmctlJSON(work, env, &earn, "earnings", env["PROVIDER"], "--json") == nil && earn.Claimable != "" && earn.Claimable != "0" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not anchor epoch 3 and activate a root with earnings (anchored %d, claimable %q)", st.LastAnchored, earn.Claimable)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// readEnv sources .demo/data/current/env as the README does and returns
// its variables.
func readEnv(t *testing.T, work string) map[string]string {
	t.Helper()
	cmd := exec.Command("bash", "-c", `source .demo/data/current/env && env -0`)
	cmd.Dir = work
	cmd.Env = []string{}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("source .demo/data/current/env: %v", err)
	}
	env := map[string]string{}
	for _, kv := range strings.Split(string(out), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	for _, k := range []string{"D", "SWARM_API", "SWARM_RPC", "SWARM_CONTRACTS", "SWARM_NATS", "PROVIDER", "PROVIDER_KEY", "STAKER", "STAKER_KEY", "DEPLOYER"} {
		if env[k] == "" {
			t.Fatalf("the env file sets no %s", k)
		}
	}
	return env
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func swarmctlJSON(work string, env map[string]string, v any, args ...string) error {
	cmd := exec.Command(filepath.Join(work, "bin", "swarmctl"), args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "SWARM_API="+env["SWARM_API"], "SWARM_RPC="+env["SWARM_RPC"], "SWARM_CONTRACTS="+env["SWARM_CONTRACTS"])
	out, err := cmd.Output()
	if err != nil {
		return err
	}
	return json.Unmarshal(out, v)
}

// schedulerFirst moves the block with the catalog queries to the front.
func schedulerFirst(t *testing.T, blocks []block) []block {
	t.Helper()
	for i, b := range blocks {
		if strings.Contains(b.text, "/v1/nodes?") {
			return append([]block{b}, append(append([]block{}, blocks[:i]...), blocks[i+1:]...)...)
		}
	}
	t.Fatal("no README block queries /v1/nodes")
	return nil
}

// run runs the blocks' commands in bash, as a reader pasting them in order
// would, from work (where bin/ holds the binaries), and checks that every
// command exits 0, that the catalog queries find healthy nodes and that the
// guardian's veto holds (see checkVeto).
func run(t *testing.T, work, path string, env map[string]string, blocks []block, what string) {
	t.Helper()
	g := slices.IndexFunc(blocks, func(b block) bool { return strings.Contains(b.text, "slash veto ") })
	if g < 0 {
		t.Fatalf("%s: no README block vetoes a slash", what)
	}
	// The guardian's block runs last, on its own (after the env block), once
	// a proposed slash exists; the stake of the slash's provider is read
	// right before it and right after.
	rest := slices.Delete(slices.Clone(blocks), g, g+1)
	outputs := runScript(t, work, path, rest, what)
	waitProposed(t, work, env, what)
	before := map[string]*big.Int{}
	for k, v := range env {
		if regexp.MustCompile(`^PROVIDER[0-9]*$`).MatchString(k) {
			before[strings.ToLower(v)] = providerStake(t, work, env, v)
		}
	}
	guardian := runScript(t, work, path, []block{blocks[0], blocks[g]}, what+" (guardian)")
	for c, out := range guardian {
		outputs[c] += out
	}
	checkOutputs(t, what, outputs, env)
	checkStatements(t, what, outputs, work)
	checkVeto(t, work, env, what, guardian, before)
}

// waitProposed waits until the read API lists a proposed slash (the demo's
// scheduler simulator fails some tasks with provider fault: faults slashes
// are decided at epoch closes and proposed on chain).
func waitProposed(t *testing.T, work string, env map[string]string, what string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var l struct {
			Slashes []json.RawMessage `json:"slashes"`
		}
		if swarmctlJSON(work, env, &l, "slashes", "--status", "proposed", "--json") == nil && len(l.Slashes) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no slash was proposed on chain in 2 minutes", what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// providerStake reads provider's stake on the staking contract (so no fold
// lag hides a bond the README just made): the bonded and unbonding stake
// of each of the demo's stakers (STAKER, STAKER2, … in the env file).
func providerStake(t *testing.T, work string, env map[string]string, provider string) *big.Int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	contracts := env["SWARM_CONTRACTS"]
	if !filepath.IsAbs(contracts) {
		contracts = filepath.Join(work, contracts)
	}
	a, err := chain.LoadAddresses(contracts)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := chain.Dial(ctx, env["SWARM_RPC"])
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c, err := chain.NewClient(ctx, b, a)
	if err != nil {
		t.Fatal(err)
	}
	p := common.HexToAddress(provider)
	total, stakers := new(big.Int), 0
	for k, v := range env {
		if k != "STAKER" && !regexp.MustCompile(`^STAKER[0-9]+$`).MatchString(k) {
			continue
		}
		stakers++
		s := common.HexToAddress(v)
		bonded, err := c.BondedOf(ctx, s, p)
		if err != nil {
			t.Fatal(err)
		}
		unbonding, _, err := c.UnbondingOf(ctx, s, p)
		if err != nil {
			t.Fatal(err)
		}
		total.Add(total, bonded).Add(total, unbonding)
	}
	if stakers == 0 {
		t.Fatal("the env file names no STAKER")
	}
	return total
}

var slashRowRe = regexp.MustCompile(`(?m)^slash\s+(\S+)$`)

// checkVeto holds the guardian's block to what the README says: the slash
// it vetoed is vetoed on chain and, once the ledger has folded the veto, in
// the read API, never executed, and its provider's stake did not move.
func checkVeto(t *testing.T, work string, env map[string]string, what string, outputs map[string]string, before map[string]*big.Int) {
	t.Helper()
	find := func(cmd string) string {
		out, ok := outputs[cmd]
		if !ok {
			t.Fatalf("%s: no output of %q", what, cmd)
		}
		return out
	}
	m := slashRowRe.FindStringSubmatch(find("bin/swarmctl slash show $SLASH"))
	if m == nil {
		t.Fatalf("%s: slash show printed no slash row:\n%s", what, find("bin/swarmctl slash show $SLASH"))
	}
	id := m[1]
	if out := find("bin/swarmctl slash show $SLASH --chain"); !regexp.MustCompile(`(?m)^status\s+vetoed$`).MatchString(out) {
		t.Errorf("%s: slash %s is not vetoed on chain:\n%s", what, id, out)
	}
	deadline := time.Now().Add(time.Minute)
	var rec struct {
		Provider string `json:"provider"`
		Status   string `json:"status"`
		Executed bool   `json:"executed"`
		Amount   string `json:"amount"`
	}
	for {
		if err := getJSON(env["SWARM_API"]+"/v1/slashes/"+url.PathEscape(id), &rec); err == nil && rec.Status == "vetoed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the read API does not show slash %s vetoed (status %q)", what, id, rec.Status)
		}
		time.Sleep(250 * time.Millisecond)
	}
	if rec.Executed || (rec.Amount != "" && rec.Amount != "0") {
		t.Errorf("%s: vetoed slash %s: executed %v, amount %q", what, id, rec.Executed, rec.Amount)
	}
	p := strings.ToLower(rec.Provider)
	was, ok := before[p]
	if !ok {
		t.Fatalf("%s: slash %s's provider %s is none of the env file's PROVIDER…", what, id, rec.Provider)
	}
	if now := providerStake(t, work, env, rec.Provider); now.Cmp(was) != 0 {
		t.Errorf("%s: provider %s's stake moved from %s to %v across the veto of %s", what, rec.Provider, was, now, id)
	}
	t.Logf("%s: vetoed slash %s of %s; its stake stayed %s", what, id, rec.Provider, was)
}

// runScript runs the blocks' commands in one bash, as a reader pasting them
// in order would, and returns each command's output.
func runScript(t *testing.T, work, path string, blocks []block, what string) map[string]string {
	t.Helper()
	var script strings.Builder
	// Each command is announced on stdout before it runs; the first one
	// that fails ends the script with its line.
	script.WriteString("set -eo pipefail\ntrap 'printf \"\\n@@@ %s\\n\" \"$BASH_COMMAND\"' DEBUG\n")
	script.WriteString("trap 'echo \"README command failed (exit $?): $BASH_COMMAND\" >&2' ERR\n")
	for _, b := range blocks {
		fmt.Fprintf(&script, "# README.md:%d\n%s", b.line, b.text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script.String())
	cmd.Dir = work
	cmd.Env = []string{"PATH=" + path, "HOME=" + work}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: the README's walkthrough failed: %v\nstderr:\n%s\nstdout:\n%s", what, err, stderr.String(), stdout.String())
	}
	outputs := split(stdout.String())
	t.Logf("%s: %d commands ran in %s", what, len(outputs), time.Since(start).Round(time.Millisecond))
	return outputs
}

// split cuts the script's stdout at the command announcements.
func split(out string) map[string]string {
	m := map[string]string{}
	var cur string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 1<<26)
	for sc.Scan() {
		if c, ok := strings.CutPrefix(sc.Text(), "@@@ "); ok {
			cur = c
			continue
		}
		m[cur] += sc.Text() + "\n"
	}
	return m
}

var totalRe = regexp.MustCompile(`"total":\s*([0-9]+)`)

// checkOutputs holds the answers to what the README says they show.
func checkOutputs(t *testing.T, what string, outputs map[string]string, env map[string]string) {
	t.Helper()
	find := func(prefix string) string {
		for c, out := range outputs {
			if strings.HasPrefix(c, prefix) {
				return out
			}
		}
		t.Fatalf("%s: no output of a command starting %q", what, prefix)
		return ""
	}
	// The catalog queries (the README has other curl commands: prefixes
	// that match one command only, or map order would pick among them).
	for _, prefix := range []string{`curl -s "$SWARM_API/v1/nodes?`, "nats --server "} {
		out := find(prefix)
		m := totalRe.FindStringSubmatch(out)
		if m == nil || m[1] == "0" || !strings.Contains(out, `"health":"healthy"`) {
			t.Errorf("%s: %s… found no healthy node:\n%s", what, prefix, out)
		}
	}
	if out := find("bin/swarmctl nodes --model "); !strings.Contains(out, "healthy") {
		t.Errorf("%s: swarmctl nodes --health healthy listed no healthy node:\n%s", what, out)
	}
	if out := find("bin/swarmctl audit "); !strings.Contains(out, "PASS") {
		t.Errorf("%s: the audit did not pass:\n%s", what, out)
	}
	if out := find("bin/swarmctl claim "); !strings.Contains(strings.ToLower(out), "claim") {
		t.Errorf("%s: claim printed nothing about the claim:\n%s", what, out)
	}
	if out := find("bin/swarmctl stake positions "); !strings.Contains(out, env["PROVIDER"]) {
		t.Errorf("%s: the staker's positions do not name %s:\n%s", what, env["PROVIDER"], out)
	}
}

// checkStatements holds the auditor's statement commands to SPEC §9.1:
// the API's statement of epoch 3 is, byte for byte, the third line that
// `swarmctl replay --statements` printed for the export.
func checkStatements(t *testing.T, what string, outputs map[string]string, work string) {
	t.Helper()
	var api string
	for c, out := range outputs {
		if strings.HasPrefix(c, "curl -s $SWARM_API/v1/epochs/3/statement") {
			api = strings.TrimSpace(out)
		}
	}
	if !strings.HasPrefix(api, `{"epoch":3,"network":`) {
		t.Fatalf("%s: GET /v1/epochs/3/statement answered %q", what, api)
	}
	raw, err := os.ReadFile(filepath.Join(work, "statements.ndjson"))
	if err != nil {
		t.Fatalf("%s: replay --statements: %v", what, err)
	}
	lines := strings.Split(string(raw), "\n")
	if len(lines) < 3 || lines[2] != api {
		t.Errorf("%s: the API's statement of epoch 3 differs from replay --statements' third line:\napi    %s\nreplay %.300s", what, api, lines[min(2, len(lines)-1)])
	}
}

// screenshots takes the README's images of the demo's dashboard: the
// overview once the badge says Live, and the first provider's page. They go
// to $SWARM_README_IMAGES (`make readme-images` sets docs/img), else to a
// temporary directory.
func screenshots(t *testing.T, b *browser.Browser, env map[string]string) {
	t.Helper()
	dir := os.Getenv("SWARM_README_IMAGES")
	if dir == "" {
		dir = t.TempDir()
	}
	p := b.Page(t, env["SWARM_API"]+"/#/")
	p.WaitFor(`document.getElementById('view').dataset.state === 'ready'`)
	p.WaitFor(`document.getElementById('refresh-status').dataset.state === 'ok'`)
	p.WaitFor(`document.querySelectorAll('[data-testid="overview-earners"] tr[data-roles]').length >= 3`)
	p.Screenshot(filepath.Join(dir, "dashboard.png"))
	p.Eval(fmt.Sprintf(`location.hash = %q`, "#/providers/"+env["PROVIDER"]), nil)
	p.WaitFor(`document.getElementById('view').dataset.route === 'provider' && document.getElementById('view').dataset.state === 'ready'`)
	p.Screenshot(filepath.Join(dir, "dashboard-provider.png"))
	t.Logf("dashboard screenshots of the demo in %s", dir)
}
