//go:build linux

package deploytest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/swarm-ledger/swarm/chain"
	"github.com/swarm-ledger/swarm/chain/bindings"
	"github.com/swarm-ledger/swarm/events"
	"github.com/swarm-ledger/swarm/internal/backup"
	"github.com/swarm-ledger/swarm/internal/eventlog"
	"github.com/swarm-ledger/swarm/internal/keyfile"
	"github.com/swarm-ledger/swarm/internal/testkit/gethdev"
	"github.com/swarm-ledger/swarm/internal/testkit/proctest"
	"github.com/swarm-ledger/swarm/internal/testkit/wait"
)

// The epoch length of the test network (swarmd --epoch and the contracts'
// epoch): short, so several epochs close and anchor in a minute.
const epoch = 4 * time.Second

// net is the deployment under test: three hosts each running nats-server
// and swarmd, GPU hosts running agents, one host running the scheduler.
type network struct {
	t        *testing.T
	ctx      context.Context
	repo     string // the repository: deploy/ and scripts/ are read from it
	bin      string // built binaries, standing in for /usr/local/bin
	work     string
	hosts    [3]*host
	rpc      string
	addrs    chain.Addresses
	backend  chain.Backend
	client   *chain.Client
	natsURLs []string // every server's client URL, tls://
	ca       string
	mu       sync.Mutex
	services []*service
}

// host is one machine: HOST/etc is its /etc/swarm, HOST/state its
// /var/lib; its processes by unit.
type host struct {
	i                                int
	dir                              string
	natsPort, routePort, monitorPort int
	apiPort, metricsPort             int
	swarmdID                         string // its swarmd's NATS identity
	procs                            map[string]*service
}

func (h *host) name() string { return fmt.Sprintf("swarm-%d", h.i+1) }
func (h *host) api() string  { return fmt.Sprintf("http://127.0.0.1:%d", h.apiPort) }

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// run runs a command to completion in dir and returns its stdout.
func (n *network) run(dir, name string, args ...string) string {
	n.t.Helper()
	cmd := exec.CommandContext(n.ctx, name, args...)
	cmd.Dir = dir
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		n.t.Fatalf("%s %s: %v\n%s%s", filepath.Base(name), strings.Join(args, " "), err, out, errOut.String())
	}
	return string(out)
}

func (n *network) swarmctl(dir string, args ...string) string {
	n.t.Helper()
	return strings.TrimSpace(n.run(dir, filepath.Join(n.bin, "swarmctl"), args...))
}

// shipped finds a file shipped under deploy/ by its base name.
func (n *network) shipped(base string) string {
	n.t.Helper()
	for _, d := range []string{"deploy/systemd", "deploy/nats"} {
		p := filepath.Join(n.repo, d, base)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	n.t.Fatalf("%s is not shipped under deploy/", base)
	return ""
}

// localize maps a path of a real host onto the host directory dir.
func (n *network) localize(dir, s string) string {
	s = strings.ReplaceAll(s, "/usr/local/bin/", n.bin+"/")
	s = strings.ReplaceAll(s, "/etc/swarm/", dir+"/etc/")
	return strings.ReplaceAll(s, "/var/lib/", dir+"/state/")
}

// service is one unit on one host, supervised as systemd does with
// Restart=always: a process that exits is started again after RestartSec,
// unless the test killed it (the host is down) and has not restarted it.
type service struct {
	n       *network
	name    string
	args    []string
	env     []string
	dir     string
	restart time.Duration
	mu      sync.Mutex
	proc    *proctest.Proc
	down    bool
	starts  int
	done    chan struct{} // closed when the supervising goroutine ends
}

// start starts unit on the host directory dir as systemd would: its env
// file as shipped, with overrides (each must be a variable the shipped file
// sets), STATE_DIRECTORY, and its ExecStart expanded.
func (n *network) start(dir, unit string, overrides map[string]string) *service {
	n.t.Helper()
	u, err := ParseUnit(filepath.Join(n.repo, "deploy/systemd", unit))
	if err != nil {
		n.t.Fatal(err)
	}
	for _, must := range []string{"User", "StateDirectory", "Restart", "RestartSec", "LimitNOFILE", "NoNewPrivileges", "ProtectSystem"} {
		if len(u.Fields[must]) == 0 {
			n.t.Fatalf("%s: no %s=", unit, must)
		}
	}
	if u.Fields["Restart"][0] != "always" {
		n.t.Fatalf("%s: Restart=%s, want always", unit, u.Fields["Restart"][0])
	}
	restart, err := strconv.Atoi(u.Fields["RestartSec"][0])
	if err != nil {
		n.t.Fatalf("%s: RestartSec=%s: %v", unit, u.Fields["RestartSec"][0], err)
	}
	shippedEnv := n.shipped(filepath.Base(u.EnvironmentFile))
	env, err := ParseEnv(shippedEnv)
	if err != nil {
		n.t.Fatal(err)
	}
	for k, v := range overrides {
		if _, ok := env[k]; !ok {
			n.t.Fatalf("override %s: %s does not set it", k, shippedEnv)
		}
		env[k] = v
	}
	for k, v := range env {
		env[k] = n.localize(dir, v)
	}
	state := filepath.Join(dir, "state", u.StateDirectory)
	if err := os.MkdirAll(state, 0o700); err != nil {
		n.t.Fatal(err)
	}
	env["STATE_DIRECTORY"] = state
	args, err := u.Command(env)
	if err != nil {
		n.t.Fatal(err)
	}
	for i := range args {
		args[i] = n.localize(dir, args[i])
	}
	svc := &service{n: n, name: filepath.Base(dir) + "/" + unit, args: args, dir: dir, restart: time.Duration(restart) * time.Second, env: os.Environ()}
	for k, v := range env {
		svc.env = append(svc.env, k+"="+v)
	}
	svc.up()
	n.mu.Lock()
	n.services = append(n.services, svc)
	n.mu.Unlock()
	return svc
}

// up starts the process and supervises it.
func (s *service) up() {
	s.mu.Lock()
	s.down = false
	s.done = make(chan struct{})
	p := s.launch()
	s.mu.Unlock()
	go func() {
		defer close(s.done)
		for {
			<-p.Done()
			s.mu.Lock()
			down := s.down
			s.mu.Unlock()
			if down || s.n.ctx.Err() != nil {
				return
			}
			s.n.t.Logf("%s exited (%s); restarting in %s", s.name, lastLines(p.Output(), 2), s.restart)
			select {
			case <-time.After(s.restart):
			case <-s.n.ctx.Done():
				return
			}
			s.mu.Lock()
			if s.down {
				s.mu.Unlock()
				return
			}
			p = s.launch()
			s.mu.Unlock()
		}
	}()
}

// launch starts one process (s.mu held).
func (s *service) launch() *proctest.Proc {
	cmd := exec.Command(s.args[0], s.args[1:]...)
	cmd.Dir, cmd.Env = s.dir, s.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	s.proc = proctest.StartCmd(s.n.t, s.name, cmd)
	s.starts++
	return s.proc
}

// signal sends sig to the process and keeps it down until up.
func (s *service) signal(sig syscall.Signal) {
	s.mu.Lock()
	s.down = true
	p := s.proc
	s.mu.Unlock()
	p.Cmd.Process.Signal(sig)
	select {
	case <-s.done: // the supervisor saw the exit
	case <-time.After(30 * time.Second):
		s.n.t.Fatalf("%s still running 30 s after %v", s.name, sig)
	}
}

// output is what the current (or last) process wrote.
func (s *service) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.proc.Output()
}

func (n *network) startNATS(h *host) {
	n.t.Helper()
	routes := map[string]string{}
	for j, o := range n.hosts {
		routes[fmt.Sprintf("SWARM_NATS_ROUTE_%d", j+1)] = fmt.Sprintf("nats-route://127.0.0.1:%d", o.routePort)
	}
	ov := map[string]string{
		"SWARM_NATS_NAME": fmt.Sprintf("nats-%d", h.i+1), "SWARM_NATS_HOST": "127.0.0.1", "SWARM_NATS_PORT": strconv.Itoa(h.natsPort),
		"SWARM_NATS_MONITOR": fmt.Sprintf("127.0.0.1:%d", h.monitorPort), "SWARM_NATS_ROUTE_HOST": "127.0.0.1",
		"SWARM_NATS_ROUTE_PORT": strconv.Itoa(h.routePort),
	}
	for k, v := range routes {
		ov[k] = v
	}
	if old := h.procs["nats"]; old != nil {
		old.up()
		return
	}
	h.procs["nats"] = n.start(h.dir, "nats-server.service", ov)
}

func (n *network) startSwarmd(h *host) {
	n.t.Helper()
	if old := h.procs["swarmd"]; old != nil {
		old.up()
		return
	}
	h.procs["swarmd"] = n.start(h.dir, "swarmd.service", map[string]string{
		"SWARMD_REPLICA_ID": h.name(),
		// The host's own server: the replica is connected to it until it dies.
		"SWARMD_NATS":      fmt.Sprintf("tls://127.0.0.1:%d", h.natsPort),
		"SWARMD_LEASE_TTL": "2s",
		"SWARMD_API":       fmt.Sprintf("127.0.0.1:%d", h.apiPort), "SWARMD_METRICS": fmt.Sprintf("127.0.0.1:%d", h.metricsPort),
		"SWARMD_RPC":   n.rpc,
		"SWARMD_EPOCH": epoch.String(),
		// geth --dev finalizes every 32 blocks: confirmations settle faster.
		"SWARMD_EXTRA": "--finality confirmations --confirmations 2 --chain-poll 250ms --settle-poll 250ms",
	})
}

// probe is the client of every request to a replica: one that accepts a
// connection and never answers cannot hold a wait past its limit.
var replicaClient = http.Client{Timeout: 2 * time.Second}

// getJSON GETs url into v; false when it does not answer 200.
func getJSON(url string, v any) bool {
	resp, err := replicaClient.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return false
	}
	return json.NewDecoder(resp.Body).Decode(v) == nil
}

type settlementStatus struct {
	Replica      string `json:"replica"`
	Leader       bool   `json:"leader"`
	LastClosed   uint64 `json:"last_closed"`
	LastAnchored uint64 `json:"last_anchored"`
	ChainLast    uint64 `json:"chain_last_epoch"`
	LastError    string `json:"last_error"`
}

type state struct {
	Checkpoint  uint64 `json:"checkpoint"`
	StateHash   string `json:"state_hash"`
	StateHashAt uint64 `json:"state_hash_at"`
	LastClosed  uint64 `json:"last_closed"`
	StreamLast  uint64 `json:"stream_last"`
}

func (n *network) settlement(h *host) (settlementStatus, bool) {
	var s settlementStatus
	ok := getJSON(h.api()+"/v1/settlement", &s)
	return s, ok
}

// leader is the host whose replica says it leads, or nil.
func (n *network) leader() *host {
	var found *host
	for _, h := range n.hosts {
		if s, ok := n.settlement(h); ok && s.Leader {
			if found != nil {
				return nil // a handover in progress
			}
			found = h
		}
	}
	return found
}

// waitFor polls cond (internal/testkit/wait) until it holds, failing the
// test with what it last said after limit.
func (n *network) waitFor(limit time.Duration, what string, cond func() (bool, string)) {
	n.t.Helper()
	wait.For(n.t, limit, 200*time.Millisecond, func() error {
		if ok, detail := cond(); !ok {
			return fmt.Errorf("%s (%s)", what, detail)
		}
		return nil
	})
}

// anchoredOnChain is the newest epoch with a root on chain.
func (n *network) anchoredOnChain() uint64 {
	n.t.Helper()
	last, err := n.client.LastEpoch(n.ctx)
	if err != nil {
		n.t.Fatal(err)
	}
	return last
}

// connectedServer is the host whose NATS server holds the connection
// authenticated as id (the server's /connz).
func (n *network) connectedServer(id string) *host {
	n.t.Helper()
	for _, h := range n.hosts {
		var cz struct {
			Connections []struct {
				AuthorizedUser string `json:"authorized_user"`
				Name           string `json:"name"`
			} `json:"connections"`
		}
		if !getJSON(fmt.Sprintf("http://127.0.0.1:%d/connz?auth=true&limit=1024", h.monitorPort), &cz) {
			continue
		}
		for _, c := range cz.Connections {
			if c.AuthorizedUser == id {
				return h
			}
		}
	}
	return nil
}

// probe publishes node.unjail events signed by a node key through the node
// role of the cluster's authorization, retrying each until it is
// acknowledged, and records the acknowledged ids.
type probe struct {
	mu    sync.Mutex
	acked []string
	dups  int
	stop  chan struct{}
	done  chan struct{}
}

func (n *network) startProbe(seedFile string) *probe {
	n.t.Helper()
	kp, err := keyfile.UserSeed(seedFile)
	if err != nil {
		n.t.Fatal(err)
	}
	auth, err := eventlog.NkeyOption(kp)
	if err != nil {
		n.t.Fatal(err)
	}
	nc, err := nats.Connect(strings.Join(n.natsURLs, ","), auth, nats.RootCAs(n.ca), nats.MaxReconnects(-1),
		nats.ReconnectWait(100*time.Millisecond), nats.Name("deploy probe"))
	if err != nil {
		n.t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		n.t.Fatal(err)
	}
	id, _ := kp.PublicKey()
	p := &probe{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer nc.Close()
		for seq := uint64(1); ; seq++ {
			ev := &events.Event{Src: id, Seq: seq, TimeMs: time.Now().UnixMilli(), Body: &events.NodeUnjailBody{}}
			msg, err := events.SignEncode(ev, kp)
			if err != nil {
				panic(err)
			}
			for {
				select {
				case <-p.stop:
					return
				default:
				}
				pctx, cancel := context.WithTimeout(n.ctx, 2*time.Second)
				ack, err := js.Publish(pctx, eventlog.Subject(events.NodeUnjail, id), msg, jetstream.WithMsgID(ev.ID()))
				cancel()
				if err == nil {
					p.mu.Lock()
					p.acked = append(p.acked, ev.ID())
					if ack.Duplicate {
						p.dups++
					}
					p.mu.Unlock()
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			select {
			case <-p.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return p
}

func (p *probe) finish() []string {
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.acked
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, raw, mode); err != nil {
		t.Fatal(err)
	}
}

// TestDeployment runs deploy/ on loopback: the guide's steps from empty
// hosts to a settling network, then SIGKILLs of the settlement leader's
// swarmd and of the NATS server it is connected to.
func TestDeployment(t *testing.T) {
	kills := 1
	if s := os.Getenv("SWARM_DEPLOY_KILLS"); s != "" {
		k, err := strconv.Atoi(s)
		if err != nil || k < 1 {
			t.Fatalf("SWARM_DEPLOY_KILLS=%q: want a positive count", s)
		}
		kills = k
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute) // a cold geth build takes minutes
	defer cancel()
	n := &network{t: t, ctx: ctx, repo: repoRoot(t), work: t.TempDir()}
	n.bin = filepath.Join(n.work, "bin")
	t.Cleanup(func() {
		if t.Failed() {
			for _, s := range n.services {
				t.Logf("%s (%d starts): %s", s.name, s.starts, lastLines(s.output(), 12))
			}
		}
	})

	// Binaries: the repository's commands and nats-server from the pinned
	// module; geth --dev from the pinned go-ethereum (built once, cached).
	build := exec.CommandContext(ctx, "go", "build", "-o", n.bin+"/", "./cmd/swarmd", "./cmd/swarmctl", "./cmd/swarm-agent",
		"github.com/nats-io/nats-server/v2")
	build.Dir = n.repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	geth, err := gethdev.Start(ctx, gethdev.Options{DataDir: filepath.Join(n.work, "geth"), Period: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer geth.Stop()
	n.rpc = geth.URL()

	ops := filepath.Join(n.work, "operator") // the operator's workstation
	os.MkdirAll(filepath.Join(ops, "keys"), 0o700)
	for i := range n.hosts {
		h := &host{i: i, dir: filepath.Join(n.work, fmt.Sprintf("swarm-%d", i+1)), procs: map[string]*service{},
			natsPort: proctest.FreePort(t), routePort: proctest.FreePort(t), monitorPort: proctest.FreePort(t), apiPort: proctest.FreePort(t), metricsPort: proctest.FreePort(t)}
		n.hosts[i] = h
		n.natsURLs = append(n.natsURLs, fmt.Sprintf("tls://127.0.0.1:%d", h.natsPort))
	}

	// Identities (DEPLOY.md, "Keys"): the ledger key, one NATS key per
	// swarmd, the operator's, the scheduler's signing and reading keys,
	// the nodes'.
	key := func(kind, name string) string {
		return n.swarmctl(ops, "keys", "new", kind, "--out", filepath.Join("keys", name+".nk"))
	}
	ledgerID := key("ledger", "ledger")
	operatorID := key("ledger", "operator")
	schedID := key("scheduler", "sched")
	schedReaderID := key("ledger", "sched-reader")
	var services []string
	for _, h := range n.hosts {
		h.swarmdID = key("ledger", h.name()+"-swarmd")
		services = append(services, h.swarmdID)
	}
	var nodes []string
	for _, name := range []string{"gpu-1", "gpu-2", "probe"} {
		nodes = append(nodes, key("node", name))
	}
	services = append(services, operatorID, schedReaderID)
	authJSON, _ := json.Marshal(map[string][]string{"nodes": nodes, "schedulers": {schedID}, "services": services})
	writeFile(t, filepath.Join(ops, "auth.json"), string(authJSON))
	n.swarmctl(ops, "keys", "nats-config", "auth.json", "--out", "auth.conf")

	// Certificates (DEPLOY.md, "TLS"): one CA, one certificate per server.
	var certArgs []string
	for _, h := range n.hosts {
		certArgs = append(certArgs, fmt.Sprintf("nats-%d=127.0.0.1", h.i+1))
	}
	n.run(ops, filepath.Join(n.repo, "deploy/tls/gen-certs.sh"), append([]string{"tls"}, certArgs...)...)
	n.ca = filepath.Join(ops, "tls/ca.pem")

	// Parameters (scripts/params.sh's example economics).
	n.run(ops, "bash", "-c", `. "$0"; write_params "$1" "$2"`, filepath.Join(n.repo, "scripts/params.sh"), ledgerID, schedID)

	// Contracts (DEPLOY.md, "Contracts"): a funded deployer; the settler
	// account gets SETTLER_ROLE and SLASHER_ROLE.
	deployer := n.swarmctl(ops, "chain", "key", "new", "keys/deployer.key")
	settler := n.swarmctl(ops, "chain", "key", "new", "keys/settler.key")
	provider := n.swarmctl(ops, "chain", "key", "new", "keys/provider.key")
	eth := new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))
	for _, a := range []string{deployer, settler, provider} {
		if err := geth.Fund(ctx, common.HexToAddress(a), eth); err != nil {
			t.Fatal(err)
		}
	}
	n.swarmctl(ops, "chain", "deploy", "--rpc", n.rpc, "--key", "keys/deployer.key", "--out", "addresses.json",
		"--settler", settler, "--epoch", epoch.String(), "--activation-delay", epoch.String(), "--slash-delay", "1m", "--unbonding", "1h")
	C := []string{"--rpc", n.rpc, "--contracts", "addresses.json"}
	for _, id := range nodes {
		n.swarmctl(ops, append([]string{"node", "authorize", id, "--key", "keys/provider.key"}, C...)...)
	}
	if n.addrs, err = chain.LoadAddresses(filepath.Join(ops, "addresses.json")); err != nil {
		t.Fatal(err)
	}
	b, _, err := chain.Dial(ctx, n.rpc)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n.backend = b
	if n.client, err = chain.NewClient(ctx, b, n.addrs); err != nil {
		t.Fatal(err)
	}

	// Each server host's /etc/swarm: the shipped nats.conf as it is, the
	// rendered auth.conf, its certificate, the shared files, its own keys.
	for _, h := range n.hosts {
		etc := filepath.Join(h.dir, "etc")
		copyFile(t, filepath.Join(n.repo, "deploy/nats/nats.conf"), filepath.Join(etc, "nats/nats.conf"), 0o644)
		copyFile(t, filepath.Join(ops, "auth.conf"), filepath.Join(etc, "nats/auth.conf"), 0o644)
		copyFile(t, filepath.Join(ops, "tls/ca.pem"), filepath.Join(etc, "tls/ca.pem"), 0o644)
		copyFile(t, filepath.Join(ops, fmt.Sprintf("tls/nats-%d.pem", h.i+1)), filepath.Join(etc, "tls/nats.pem"), 0o644)
		copyFile(t, filepath.Join(ops, fmt.Sprintf("tls/nats-%d-key.pem", h.i+1)), filepath.Join(etc, "tls/nats-key.pem"), 0o600)
		copyFile(t, filepath.Join(ops, "params.json"), filepath.Join(etc, "params.json"), 0o644)
		copyFile(t, filepath.Join(ops, "addresses.json"), filepath.Join(etc, "addresses.json"), 0o644)
		copyFile(t, filepath.Join(ops, "keys/ledger.nk"), filepath.Join(etc, "keys/ledger.nk"), 0o600)
		copyFile(t, filepath.Join(ops, "keys", h.name()+"-swarmd.nk"), filepath.Join(etc, "keys/swarmd.nk"), 0o600)
		copyFile(t, filepath.Join(ops, "keys/settler.key"), filepath.Join(etc, "keys/settler.key"), 0o600)
	}

	// Starting order (DEPLOY.md): the three NATS servers, then swarmd.
	for _, h := range n.hosts {
		n.startNATS(h)
	}
	n.waitNATS()
	for _, h := range n.hosts {
		n.startSwarmd(h)
	}
	n.waitReady()

	// Agents on two GPU hosts and the scheduler, from their units.
	var agents []*service
	for k, name := range []string{"gpu-1", "gpu-2"} {
		dir := filepath.Join(n.work, name)
		copyFile(t, filepath.Join(ops, "keys", name+".nk"), filepath.Join(dir, "etc/keys/node.nk"), 0o600)
		copyFile(t, filepath.Join(ops, "tls/ca.pem"), filepath.Join(dir, "etc/tls/ca.pem"), 0o644)
		agents = append(agents, n.start(dir, "swarm-agent.service", map[string]string{
			"AGENT_PROVIDER": provider, "AGENT_NATS": strings.Join(n.natsURLs, ","), "AGENT_INTERVAL": "1s",
			"AGENT_METRICS": fmt.Sprintf("127.0.0.1:%d", proctest.FreePort(t)), "AGENT_EXTRA": fmt.Sprintf("--source sim --sim-gpus 2 --sim-seed %d", k+1),
		}))
	}
	schedDir := filepath.Join(n.work, "scheduler")
	copyFile(t, filepath.Join(ops, "keys/sched.nk"), filepath.Join(schedDir, "etc/keys/sched.nk"), 0o600)
	copyFile(t, filepath.Join(ops, "keys/sched-reader.nk"), filepath.Join(schedDir, "etc/keys/sched-reader.nk"), 0o600)
	copyFile(t, filepath.Join(ops, "tls/ca.pem"), filepath.Join(schedDir, "etc/tls/ca.pem"), 0o644)
	sched := n.start(schedDir, "swarm-scheduler.service", map[string]string{
		"SCHED_NATS": strings.Join(n.natsURLs, ","), "SCHED_EXTRA": "--task-interval 300ms --task-duration 500ms",
	})
	probe := n.startProbe(filepath.Join(ops, "keys/probe.nk"))

	anchored := func(min uint64) func() (bool, string) {
		return func() (bool, string) {
			last := n.anchoredOnChain()
			return last >= min, fmt.Sprintf("chain's last epoch %d", last)
		}
	}
	n.waitFor(3*time.Minute, "two epochs anchored", anchored(2))

	for round := range kills {
		var leader *host
		n.waitFor(time.Minute, "one leader", func() (bool, string) { leader = n.leader(); return leader != nil, "" })
		server := n.connectedServer(leader.swarmdID)
		if server == nil {
			t.Fatalf("round %d: the leader %s is connected to no server", round, leader.name())
		}
		before := n.anchoredOnChain()
		t.Logf("round %d: killing swarmd on %s (leader) and nats-server on %s (its connection); %d epochs anchored",
			round, leader.name(), server.name(), before)
		leader.procs["swarmd"].signal(syscall.SIGKILL)
		server.procs["nats"].signal(syscall.SIGKILL)

		// Settlement goes on without them: another replica takes the lease
		// and anchors the next epochs.
		n.waitFor(2*time.Minute, "another replica to lead", func() (bool, string) {
			l := n.leader()
			return l != nil && l != leader, "no new leader yet"
		})
		n.waitFor(2*time.Minute, "two more epochs anchored while the leader is down", anchored(before+2))

		// Restarted, as Restart=always would.
		n.startNATS(server)
		n.startSwarmd(leader)
		n.waitFor(2*time.Minute, "the restarted replica to catch up", func() (bool, string) {
			var st state
			if !getJSON(leader.api()+"/v1/state", &st) {
				return false, lastLines(leader.procs["swarmd"].output(), 5)
			}
			return st.StreamLast > 0 && st.Checkpoint >= st.StreamLast, fmt.Sprintf("checkpoint %d of %d", st.Checkpoint, st.StreamLast)
		})
	}
	n.waitFor(2*time.Minute, "one more epoch anchored with every replica back", anchored(n.anchoredOnChain()+1))

	// Quiesce: stop the publishers (SIGTERM, as systemctl stop).
	acked := probe.finish()
	for _, p := range append(agents, sched) {
		p.signal(syscall.SIGTERM)
	}

	final := n.converged()

	// Every acknowledged event is in the stream exactly once, and the
	// stream holds no event id twice.
	operatorKey := filepath.Join(ops, "keys/operator.nk")
	ids := n.streamIDs(operatorKey, final.Checkpoint)
	seen := map[string]int{}
	for _, id := range ids {
		seen[id]++
		if seen[id] > 1 {
			t.Fatalf("event %s is in the stream twice", id)
		}
	}
	for _, id := range acked {
		if seen[id] != 1 {
			t.Fatalf("acknowledged event %s is in the stream %d times", id, seen[id])
		}
	}

	// Every closed epoch anchored once, in order; no slash proposed twice.
	roots, slashes := n.settledOnce(final)
	if len(roots) < 2*kills+3 {
		t.Fatalf("%d roots on chain after %d kills", len(roots), kills)
	}
	t.Logf("%d kill rounds; %d probe events acknowledged (%d as duplicates), %d messages, %d epochs closed, %d anchored once each, %d slashes proposed",
		kills, len(acked), probe.dups, len(ids), final.LastClosed, len(roots), len(slashes))

	// Backup and restore into an empty cluster (DEPLOY.md, step 9): back up
	// from swarm-1, stop everything, wipe every data directory, start the
	// empty cluster, restore on swarm-1, start the replicas.
	h1 := n.hosts[0]
	backupDir := filepath.Join(n.work, "backup")
	sec := []string{"--nats", fmt.Sprintf("tls://127.0.0.1:%d", h1.natsPort),
		"--nats-ca", filepath.Join(h1.dir, "etc/tls/ca.pem"), "--nats-key", filepath.Join(h1.dir, "etc/keys/swarmd.nk")}
	n.swarmctl(h1.dir, append([]string{"backup", "--out", backupDir, "--api", h1.api()}, sec...)...)
	for _, h := range n.hosts {
		h.procs["swarmd"].signal(syscall.SIGTERM)
	}
	m, err := backup.Verify(backupDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range n.hosts {
		h.procs["nats"].signal(syscall.SIGTERM)
	}
	for _, h := range n.hosts {
		for _, d := range []string{"state/nats", "state/swarmd"} {
			if err := os.RemoveAll(filepath.Join(h.dir, d)); err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(h.dir, d), 0o700)
		}
	}
	for _, h := range n.hosts {
		n.startNATS(h)
	}
	n.waitNATS()
	n.swarmctl(h1.dir, append([]string{"restore", "--from", backupDir, "--data", filepath.Join(h1.dir, "state/swarmd"), "--cluster-replicas", "3"}, sec...)...)
	anchoredAtRestore := n.anchoredOnChain()
	for _, h := range n.hosts {
		n.startSwarmd(h)
	}
	n.waitReady()
	n.waitFor(2*time.Minute, "the next epoch anchored after the restore", anchored(anchoredAtRestore+1))
	restored := n.converged()
	again := n.streamIDs(operatorKey, m.Stream.Last)
	for i := range again {
		if i < len(ids) && again[i] != ids[i] {
			t.Fatalf("restored stream message %d is %s, was %s", i+1, again[i], ids[i])
		}
	}
	roots, _ = n.settledOnce(restored)
	t.Logf("restored %d messages (checkpoint %d) into the empty cluster; %d epochs anchored once each", m.Stream.Last, m.Ledger.Position, len(roots))
}

// converged waits until every replica reports the state hash at one
// position equal to the stream's end and checks that the hashes are one
// (the leader keeps closing epochs, so it retries until a quiet moment).
func (n *network) converged() state {
	n.t.Helper()
	var final state
	n.waitFor(2*time.Minute, "every replica at the stream's end with one state hash", func() (bool, string) {
		var sts [3]state
		for i, h := range n.hosts {
			if !getJSON(h.api()+"/v1/state", &sts[i]) {
				return false, h.name() + " unreachable"
			}
		}
		for i := range sts {
			if sts[i].StateHashAt != sts[0].StateHashAt || sts[i].Checkpoint != sts[i].StreamLast || sts[i].StateHashAt != sts[i].Checkpoint {
				return false, fmt.Sprintf("%+v", sts)
			}
		}
		for i := range sts {
			if sts[i].StateHash != sts[0].StateHash {
				n.t.Fatalf("replicas differ at position %d: %+v", sts[0].StateHashAt, sts)
			}
		}
		final = sts[0]
		return true, ""
	})
	return final
}

// settledOnce checks the chain: the roots are for epochs 1, 2, 3… each
// once, none for an epoch the ledger has not closed, and no slash was
// proposed twice.
func (n *network) settledOnce(st state) ([]chain.RootRecord, map[string]int) {
	n.t.Helper()
	roots, err := chain.RootRecords(n.ctx, n.backend, n.addrs, n.addrs.DeployBlock)
	if err != nil {
		n.t.Fatal(err)
	}
	for i, r := range roots {
		if r.Epoch != uint64(i+1) {
			n.t.Fatalf("root %d on chain is for epoch %d: %+v", i, r.Epoch, roots)
		}
	}
	if uint64(len(roots)) > st.LastClosed {
		n.t.Fatalf("%d roots on chain, %d epochs closed", len(roots), st.LastClosed)
	}
	slashes := n.slashProposals()
	for ev, c := range slashes {
		if c != 1 {
			n.t.Fatalf("slash %s proposed %d times", ev, c)
		}
	}
	return roots, slashes
}

func (n *network) waitNATS() {
	n.t.Helper()
	n.waitFor(time.Minute, "the NATS cluster to be healthy with JetStream", func() (bool, string) {
		for _, h := range n.hosts {
			var hz map[string]any
			if !getJSON(fmt.Sprintf("http://127.0.0.1:%d/healthz", h.monitorPort), &hz) {
				return false, h.name() + ": " + lastLines(h.procs["nats"].output(), 5)
			}
		}
		return true, ""
	})
}

func (n *network) waitReady() {
	n.t.Helper()
	n.waitFor(2*time.Minute, "every replica ready and one leader", func() (bool, string) {
		for _, h := range n.hosts {
			resp, err := replicaClient.Get(h.api() + "/readyz")
			if err != nil {
				return false, h.name() + ": " + lastLines(h.procs["swarmd"].output(), 5)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return false, h.name() + " /readyz " + resp.Status
			}
		}
		return n.leader() != nil, "no single leader"
	})
}

// streamIDs reads the stream's event ids up to last as the operator.
func (n *network) streamIDs(operatorKey string, last uint64) []string {
	n.t.Helper()
	kp, err := keyfile.UserSeed(operatorKey)
	if err != nil {
		n.t.Fatal(err)
	}
	auth, _ := eventlog.NkeyOption(kp)
	nc, err := nats.Connect(strings.Join(n.natsURLs, ","), auth, nats.RootCAs(n.ca))
	if err != nil {
		n.t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	s, err := js.Stream(n.ctx, eventlog.StreamName)
	if err != nil {
		n.t.Fatal(err)
	}
	cons, err := s.OrderedConsumer(n.ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		n.t.Fatal(err)
	}
	var ids []string
	// An empty fetch is retried for a minute: right after servers restart,
	// the stream's leader may move and an ordered consumer re-create itself.
	idle := time.Now()
	for uint64(len(ids)) < last {
		batch, err := cons.Fetch(256, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			n.t.Fatal(err)
		}
		got := 0
		for m := range batch.Messages() {
			got++
			meta, _ := m.Metadata()
			if meta.Sequence.Stream > last {
				return ids
			}
			d, err := events.Decode(m.Data())
			if err != nil {
				n.t.Fatalf("stream message %d: %v", meta.Sequence.Stream, err)
			}
			ids = append(ids, d.ID())
		}
		if got > 0 {
			idle = time.Now()
		} else if time.Since(idle) > time.Minute {
			n.t.Fatalf("the stream ended at %d messages, want %d (last fetch: %v)", len(ids), last, batch.Error())
		}
	}
	return ids
}

// slashProposals counts the staking contract's SlashProposed logs by
// evidence.
func (n *network) slashProposals() map[string]int {
	n.t.Helper()
	st := bindings.NewSwarmStaking()
	logs, err := n.backend.FilterLogs(n.ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(n.addrs.DeployBlock), Addresses: []common.Address{n.addrs.Staking},
		Topics: [][]common.Hash{{st.GetABI().Events["SlashProposed"].ID}}})
	if err != nil {
		n.t.Fatal(err)
	}
	out := map[string]int{}
	for i := range logs {
		e, err := st.UnpackSlashProposedEvent(&logs[i])
		if err != nil {
			n.t.Fatal(err)
		}
		out[common.Hash(e.Evidence).Hex()]++
	}
	return out
}

func lastLines(s string, k int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > k {
		lines = lines[len(lines)-k:]
	}
	return strings.Join(lines, " | ")
}
