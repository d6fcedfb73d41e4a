// Package browser drives a headless Chromium for tests, through the
// DevTools protocol (github.com/chromedp/chromedp).
//
// Start launches one browser: headless, --disable-gpu, a fresh user-data
// directory removed by Close, and --no-sandbox when the process runs as
// root (Chromium refuses to sandbox as root). The executable is $SWARM_CHROMIUM
// when set, else the first of chromium and chromium-browser on PATH (Debian's
// package chromium installs /usr/bin/chromium); without one Start fails with
// ErrNoChromium.
//
// Browser.Page opens a tab at a URL for one test. Its helpers wait (up to
// Page.Timeout) and fail the test on error, so a test reads as a list of
// steps: WaitVisible, WaitFor, Text, Texts, Click, Type, Eval and
// Screenshot (a full-page PNG). The page's console is recorded
// (Page.Console); an uncaught exception in the page fails the test when the
// tab closes at the end of the test.
package browser
