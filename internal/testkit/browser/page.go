package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultTimeout bounds each step of a Page.
const DefaultTimeout = 10 * time.Second

// Page is a browser tab driven by one test. Its methods fail the test on
// error.
type Page struct {
	t       testing.TB
	ctx     context.Context
	Timeout time.Duration // bound of each step; DefaultTimeout

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// Page opens a new tab at url. The tab closes when the test ends; an
// uncaught exception in it then fails the test.
func (b *Browser) Page(t testing.TB, url string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	p := &Page{t: t, ctx: ctx, Timeout: DefaultTimeout}
	messages := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			p.record(m)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		p.reportExceptions()
	})
	p.Navigate(url)
	return p
}

func (p *Page) record(m chromedp.ConsoleMessage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.console = append(p.console, m)
}

// Console returns the messages the page has written to its console so
// far: console API calls, uncaught exceptions and browser log entries.
func (p *Page) Console() []chromedp.ConsoleMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), p.console...)
}

func (p *Page) reportExceptions() {
	for _, m := range p.Console() {
		if m.IsException() {
			p.t.Errorf("browser: uncaught exception in the page at %s:%d: %s", m.URL, m.Line+1, m.Text)
		}
	}
}

// do runs steps within the page's timeout and fails the test on error.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout())
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browser: %s: %v", what, err)
	}
}

func (p *Page) timeout() time.Duration {
	if p.Timeout <= 0 {
		return DefaultTimeout
	}
	return p.Timeout
}

// Navigate loads url in the tab and waits for its load event.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	p.do("navigate to "+url, chromedp.Navigate(url))
}

// WaitVisible waits until an element matching the CSS selector is
// visible.
func (p *Page) WaitVisible(sel string) {
	p.t.Helper()
	p.do("wait for "+sel+" to be visible", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// WaitFor waits until the JavaScript expression is truthy.
func (p *Page) WaitFor(expr string) {
	p.t.Helper()
	p.do("wait for `"+expr+"`", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[json.RawMessage](expr, chromedp.WithPollingTimeout(p.timeout()))(ctx, t)
		return err
	}))
}

// Text waits until an element matching the CSS selector is visible and
// returns its rendered text (innerText).
func (p *Page) Text(sel string) string {
	p.t.Helper()
	p.WaitVisible(sel)
	var s string
	p.Eval(fmt.Sprintf(`document.querySelector(%s).innerText`, jsString(sel)), &s)
	return s
}

// Texts returns the rendered text of every element matching the CSS
// selector, in document order; none waits for nothing.
func (p *Page) Texts(sel string) []string {
	p.t.Helper()
	var s []string
	p.Eval(fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.innerText)`, jsString(sel)), &s)
	return s
}

// Click waits until an element matching the CSS selector is visible and
// clicks its center with the mouse.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Type replaces the value of the input matching the CSS selector by
// typing text into it.
func (p *Page) Type(sel, text string) {
	p.t.Helper()
	p.do("type into "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Clear(chromedp.CSS(sel)),
		chromedp.SendKeys(chromedp.CSS(sel), text),
	)
}

// Eval evaluates the JavaScript expression (a promise is awaited) and
// decodes its JSON value into out, unless out is nil.
func (p *Page) Eval(expr string, out any) {
	p.t.Helper()
	var raw []byte
	p.do("evaluate `"+expr+"`", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		raw, err = chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise)(ctx, t)
		return err
	}))
	if out == nil {
		return
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p.t.Fatalf("browser: evaluate `%s`: decode %s: %v", expr, raw, err)
	}
}

// Screenshot saves a PNG of the whole page (beyond the viewport) to path,
// creating its directory.
func (p *Page) Screenshot(path string) {
	p.t.Helper()
	var png []byte
	p.do("screenshot", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		png, err = chromedp.FullScreenshot(100)(ctx, t)
		return err
	}))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatalf("browser: screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatalf("browser: screenshot: %v", err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
