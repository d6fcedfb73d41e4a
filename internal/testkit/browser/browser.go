package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by Start when no Chromium executable is found.
var ErrNoChromium = errors.New("browser: no chromium executable (install Debian's chromium package, or set SWARM_CHROMIUM to its path)")

// Window size of the browser, in CSS pixels.
const (
	WindowWidth  = 1440
	WindowHeight = 900
)

// Browser is a running headless Chromium. Its pages are tabs.
type Browser struct {
	ctx         context.Context // the first tab: its context owns the browser
	cancelTab   context.CancelFunc
	cancelAlloc context.CancelFunc
	dir         string
}

// Start launches a headless Chromium that lives until Close or until ctx
// ends.
func Start(ctx context.Context) (*Browser, error) {
	path, err := ExecPath()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "swarm-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: user data dir: %w", err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocatorOptions(path, dir)...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: tabCtx, cancelTab: cancelTab, cancelAlloc: cancelAlloc, dir: dir}
	if err := chromedp.Do(tabCtx); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("browser: start %s: %w", path, err)
	}
	return b, nil
}

// ExecPath returns the Chromium executable Start runs, or ErrNoChromium.
func ExecPath() (string, error) {
	if p := os.Getenv("SWARM_CHROMIUM"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("browser: SWARM_CHROMIUM=%s: %w", p, err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", ErrNoChromium
}

func allocatorOptions(path, dir string) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.DisableGPU,
		chromedp.WindowSize(WindowWidth, WindowHeight),
		chromedp.Flag("lang", "en-US"),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	return opts
}

// Close stops the browser and removes its user data directory.
func (b *Browser) Close() error {
	b.cancelTab()
	b.cancelAlloc()
	if err := os.RemoveAll(b.dir); err != nil {
		return fmt.Errorf("browser: remove %s: %w", b.dir, err)
	}
	return nil
}
