package dashboard

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sync"
	"time"
)

//go:embed static
var static embed.FS

// ContentSecurityPolicy is the policy of every response: the page's own
// origin only, no inline script or style, no framing.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
}

type asset struct {
	body        []byte
	contentType string
	etag        string
}

var loadAssets = sync.OnceValues(func() (map[string]asset, error) { return load(static) })

// Handler serves the dashboard: the page at "/" and its assets.
func Handler() http.Handler {
	assets, err := loadAssets()
	if err != nil {
		panic(err) // the embedded files are fixed at build time
	}
	return handler{assets: assets}
}

// load reads every file under static/ into an asset keyed by its URL path:
// static/index.html is "/" and "/index.html", static/assets/x is "/assets/x".
func load(fsys fs.FS) (map[string]asset, error) {
	root, err := fs.Sub(fsys, "static")
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	assets := map[string]asset{}
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		a, err := readAsset(root, name)
		if err != nil {
			return err
		}
		assets["/"+name] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	index, ok := assets["/index.html"]
	if !ok {
		return nil, fmt.Errorf("dashboard: no static/index.html")
	}
	assets["/"] = index
	return assets, nil
}

func readAsset(fsys fs.FS, name string) (asset, error) {
	ct, ok := contentTypes[path.Ext(name)]
	if !ok {
		return asset{}, fmt.Errorf("%s: no content type for its extension", name)
	}
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return asset{}, fmt.Errorf("read %s: %w", name, err)
	}
	sum := sha256.Sum256(body)
	return asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}, nil
}

type handler struct {
	assets map[string]asset
}

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	a, ok := h.assets[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", a.etag)
	http.ServeContent(w, r, r.URL.Path, time.Time{}, bytes.NewReader(a.body))
}

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}
