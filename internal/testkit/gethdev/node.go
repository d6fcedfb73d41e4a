package gethdev

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

const (
	// startTimeout bounds how long Start waits for geth to answer RPC, on
	// top of the caller's context.
	startTimeout = 2 * time.Minute
	// stopGrace is how long Stop waits after SIGTERM before killing geth.
	stopGrace = 30 * time.Second
	// pollInterval is the RPC polling period of Start and WaitReceipt.
	pollInterval = 50 * time.Millisecond
)

// Options configures Start.
type Options struct {
	// Binary is the geth executable. Empty means Binary(ctx).
	Binary string
	// DataDir is geth's --datadir. Empty means a fresh temporary directory
	// that Stop removes. A directory reused across Starts keeps its chain
	// and its developer key.
	DataDir string
	// Period is --dev.period. 0 seals a block as soon as a transaction
	// enters the pool; otherwise a block is sealed every Period (rounded up
	// to whole seconds), with or without transactions.
	Period time.Duration
	// Log receives geth's stdout and stderr. nil discards them. It is
	// written from another goroutine, never concurrently, and never after
	// Stop returns.
	Log io.Writer
}

// Node is a running geth --dev process.
type Node struct {
	cmd    *exec.Cmd
	out    *outputWriter
	url    string
	rpc    *rpc.Client
	eth    *ethclient.Client
	dev    common.Address
	tmpDir string

	exited  chan struct{} // closed once the process has been waited for
	waitErr error         // valid after exited is closed

	stopOnce sync.Once
	stopErr  error
}

// Start launches geth --dev and returns once it answers eth_blockNumber on
// its loopback HTTP endpoint. ctx bounds the start-up only (including a
// build by Binary when opts.Binary is empty), not the node's lifetime; call
// Stop to end the node.
func Start(ctx context.Context, opts Options) (_ *Node, err error) {
	if opts.Period < 0 {
		return nil, fmt.Errorf("gethdev: negative period %v", opts.Period)
	}
	bin := opts.Binary
	if bin == "" {
		if bin, err = Binary(ctx); err != nil {
			return nil, err
		}
	}
	n := &Node{
		out:    &outputWriter{log: opts.Log, endpoint: make(chan string, 1)},
		exited: make(chan struct{}),
	}
	dataDir := opts.DataDir
	if dataDir == "" {
		if dataDir, err = os.MkdirTemp("", "gethdev-"); err != nil {
			return nil, fmt.Errorf("gethdev: %w", err)
		}
		n.tmpDir = dataDir
	}
	defer func() {
		if err != nil {
			n.Stop()
		}
	}()

	period := uint64((opts.Period + time.Second - 1) / time.Second)
	n.cmd = exec.Command(bin,
		"--dev",
		"--dev.period", strconv.FormatUint(period, 10),
		"--datadir", dataDir,
		"--datadir.minfreedisk", "0", // no auto shut-down on a nearly full CI disk
		"--ipcdisable",
		"--http",
		"--http.addr", "127.0.0.1",
		"--http.port", "0", // the kernel picks; the port is read from the log
		"--http.api", "eth,net,web3",
		"--nodiscover",
		"--maxpeers", "0",
		"--port", "0",
		"--authrpc.port", "0", // unused in --dev, never a fixed port anyway
		"--verbosity", "3", // the endpoint is found in an INFO line
	)
	n.cmd.Stdout = n.out
	n.cmd.Stderr = n.out
	n.cmd.SysProcAttr = sysProcAttr()
	n.cmd.WaitDelay = 5 * time.Second
	if err := n.cmd.Start(); err != nil {
		return nil, fmt.Errorf("gethdev: start %s: %w", bin, err)
	}
	go func() {
		n.waitErr = n.cmd.Wait()
		close(n.exited)
	}()

	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	select {
	case ep := <-n.out.endpoint:
		n.url = "http://" + ep
	case <-n.exited:
		return nil, n.failure("geth exited during start-up: %v", n.waitErr)
	case <-ctx.Done():
		return nil, n.failure("waiting for geth's HTTP endpoint: %w", ctx.Err())
	}
	if n.rpc, err = rpc.DialContext(ctx, n.url); err != nil {
		return nil, n.failure("dial %s: %w", n.url, err)
	}
	n.eth = ethclient.NewClient(n.rpc)

	for {
		callCtx, callCancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := n.eth.BlockNumber(callCtx)
		callCancel()
		if err == nil {
			break
		}
		if err := n.sleep(ctx); err != nil {
			return nil, n.failure("waiting for eth_blockNumber at %s: %w", n.url, err)
		}
	}
	var accounts []common.Address
	if err := n.rpc.CallContext(ctx, &accounts, "eth_accounts"); err != nil {
		return nil, n.failure("eth_accounts: %w", err)
	}
	if len(accounts) == 0 {
		return nil, n.failure("eth_accounts is empty: no developer account")
	}
	n.dev = accounts[0]
	return n, nil
}

// URL is the node's HTTP JSON-RPC endpoint, e.g. http://127.0.0.1:41234.
func (n *Node) URL() string { return n.url }

// DevAccount is the unlocked, pre-funded developer account (eth_accounts[0]).
func (n *Node) DevAccount() common.Address { return n.dev }

// Fund sends wei from the developer account to addr with eth_sendTransaction
// (geth estimates gas and fees, and assigns the nonce, so concurrent calls are
// safe) and waits for a successful receipt.
func (n *Node) Fund(ctx context.Context, addr common.Address, wei *big.Int) error {
	if wei == nil || wei.Sign() < 0 {
		return fmt.Errorf("gethdev: invalid amount %v", wei)
	}
	args := map[string]any{"from": n.dev, "to": addr, "value": (*hexutil.Big)(wei)}
	var hash common.Hash
	if err := n.rpc.CallContext(ctx, &hash, "eth_sendTransaction", args); err != nil {
		return fmt.Errorf("gethdev: fund %s: eth_sendTransaction: %w", addr, err)
	}
	r, err := n.WaitReceipt(ctx, hash)
	if err != nil {
		return fmt.Errorf("gethdev: fund %s: %w", addr, err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return fmt.Errorf("gethdev: fund %s: transaction %s failed in block %v", addr, hash, r.BlockNumber)
	}
	return nil
}

// WaitReceipt polls for the receipt of the transaction hash until it is
// mined, ctx ends or the node exits. It does not check the receipt status.
// Besides "not found" it retries geth's "transaction indexing is in
// progress" error, which geth returns for unknown hashes on a fresh chain
// until shortly after block 1 is sealed (see doc.go).
func (n *Node) WaitReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	for {
		r, err := n.eth.TransactionReceipt(ctx, hash)
		if err == nil {
			return r, nil
		}
		if !errors.Is(err, ethereum.NotFound) && !isTxIndexing(err) {
			return nil, fmt.Errorf("receipt of %s: %w", hash, err)
		}
		if err := n.sleep(ctx); err != nil {
			return nil, fmt.Errorf("receipt of %s: %w", hash, err)
		}
	}
}

// Stop sends SIGTERM, waits up to 30s for geth to exit, then kills it. It
// removes the data directory if Start created it. It is idempotent and
// returns an error if geth had already died or had to be killed.
func (n *Node) Stop() error {
	n.stopOnce.Do(func() {
		if n.rpc != nil {
			n.rpc.Close()
		}
		if n.cmd != nil && n.cmd.Process != nil {
			select {
			case <-n.exited:
				n.stopErr = n.failure("geth exited before Stop: %v", n.waitErr)
			default:
				if err := n.cmd.Process.Signal(syscall.SIGTERM); err != nil {
					_ = n.cmd.Process.Kill() // e.g. Windows has no SIGTERM
				}
				select {
				case <-n.exited:
				case <-time.After(stopGrace):
					_ = n.cmd.Process.Kill()
					<-n.exited
					n.stopErr = n.failure("geth ignored SIGTERM for %v and was killed", stopGrace)
				}
			}
		}
		if n.tmpDir != "" {
			if err := os.RemoveAll(n.tmpDir); err != nil && n.stopErr == nil {
				n.stopErr = fmt.Errorf("gethdev: %w", err)
			}
		}
	})
	return n.stopErr
}

// txIndexingMsg is the message and data of geth's internal/ethapi.TxIndexingError.
const txIndexingMsg = "transaction indexing is in progress"

func isTxIndexing(err error) bool {
	var de rpc.DataError
	if errors.As(err, &de) {
		if d, ok := de.ErrorData().(string); ok && d == txIndexingMsg {
			return true
		}
	}
	return err.Error() == txIndexingMsg
}

// sleep waits one poll interval; it fails early if ctx ends or geth exits.
func (n *Node) sleep(ctx context.Context) error {
	t := time.NewTimer(pollInterval)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-n.exited:
		return fmt.Errorf("geth exited: %v", n.waitErr)
	}
}

// failure builds an error that ends with the tail of geth's output.
func (n *Node) failure(format string, args ...any) error {
	return fmt.Errorf("gethdev: "+format+"\n--- last geth output ---\n%s", append(args, n.out.tail())...)
}

// endpointRE matches geth's "HTTP server started ... endpoint=127.0.0.1:port".
var endpointRE = regexp.MustCompile(`HTTP server started\b.*\bendpoint=(\S+)`)

// outputWriter receives geth's output: it forwards it to Options.Log, keeps
// the last few KiB for error messages and reports the HTTP endpoint once.
type outputWriter struct {
	log      io.Writer
	endpoint chan string // buffered, receives exactly one value

	mu    sync.Mutex
	line  []byte // incomplete last line
	last  []byte // tail of the output
	found bool
}

const tailSize = 8 << 10

func (w *outputWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.log != nil {
		_, _ = w.log.Write(p) // never fail: geth would block on a full pipe
	}
	w.last = append(w.last, p...)
	if len(w.last) > 2*tailSize {
		w.last = append(w.last[:0], w.last[len(w.last)-tailSize:]...)
	}
	if !w.found {
		w.line = append(w.line, p...)
		for {
			i := bytes.IndexByte(w.line, '\n')
			if i < 0 {
				break
			}
			if m := endpointRE.FindSubmatch(w.line[:i]); m != nil {
				w.found = true
				w.endpoint <- string(m[1])
				w.line = nil
				break
			}
			w.line = w.line[i+1:]
		}
	}
	return len(p), nil
}

func (w *outputWriter) tail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	t := w.last
	if len(t) > tailSize {
		t = t[len(t)-tailSize:]
	}
	return string(t)
}
