package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const testPage = `<!doctype html>
<html><head><title>t</title></head><body>
<h1 id="title">Hello</h1>
<input id="name">
<button id="go">Go</button>
<p id="out" hidden></p>
<ul><li>a</li><li>b</li></ul>
<script>
document.getElementById('go').addEventListener('click', () => {
  const out = document.getElementById('out');
  out.textContent = 'hi ' + document.getElementById('name').value;
  out.hidden = false;
});
</script>
</body></html>`

func TestPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(testPage))
	}))
	defer srv.Close()

	b, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	}()

	p := b.Page(t, srv.URL)
	if got := p.Text("#title"); got != "Hello" {
		t.Errorf("Text(#title) = %q, want Hello", got)
	}
	if got := p.Texts("li"); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("Texts(li) = %q, want [a b]", got)
	}
	p.Type("#name", "swarm")
	p.Click("#go")
	p.WaitVisible("#out")
	if got := p.Text("#out"); got != "hi swarm" {
		t.Errorf("Text(#out) = %q, want %q", got, "hi swarm")
	}
	var sum int
	p.Eval(`Promise.resolve(40 + 2)`, &sum)
	if sum != 42 {
		t.Errorf("Eval = %d, want 42", sum)
	}
	p.WaitFor(`document.querySelectorAll('li').length === 2`)

	shot := filepath.Join(t.TempDir(), "shots", "page.png")
	p.Screenshot(shot)
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("screenshot is not a PNG: % x", png[:min(8, len(png))])
	}
}

func TestExecPathMissing(t *testing.T) {
	t.Setenv("SWARM_CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	if _, err := ExecPath(); !errors.Is(err, ErrNoChromium) {
		t.Fatalf("ExecPath() error = %v, want ErrNoChromium", err)
	}
	if _, err := Start(context.Background()); !errors.Is(err, ErrNoChromium) {
		t.Fatalf("Start() error = %v, want ErrNoChromium", err)
	}
}

// recorder is a testing.TB whose cleanups run on demand and whose errors
// are collected.
type recorder struct {
	testing.TB
	cleanups []func()
	errs     []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }

func (r *recorder) close() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestPageReportsExceptions(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><p id="p">x</p><script>setTimeout(() => { throw new Error('boom') })</script>`))
	}))
	defer srv.Close()
	b, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	r := &recorder{TB: t}
	p := b.Page(r, srv.URL)
	p.WaitVisible("#p")
	deadline := time.Now().Add(DefaultTimeout)
	for !slices.ContainsFunc(p.Console(), func(m chromedp.ConsoleMessage) bool { return m.IsException() }) {
		if time.Now().After(deadline) {
			t.Fatal("the page's exception never reached the console")
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.close()
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "boom") {
		t.Fatalf("errors reported at cleanup: %q, want the uncaught exception", r.errs)
	}
}
