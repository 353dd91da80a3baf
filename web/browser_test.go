package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is a headless Chromium tab at phone width, with a browser
// profile of its own (its own cookies).
type browser struct {
	t   *testing.T
	ctx context.Context
}

// chromium finds the browser the tests drive: $HRBOT_CHROMIUM, else
// chromium on PATH (scripts/test.sh installs Debian's when missing).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HRBOT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium on PATH: install Debian's chromium (scripts/test.sh does) or set HRBOT_CHROMIUM")
	return ""
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("accept-lang", "en-US"), // pages before sign-in follow the browser's language
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(375, 812),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx}
}

// run runs steps, failing the test on error.
func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// open goes to url and waits for the page's main content.
func (b *browser) open(url string) {
	b.t.Helper()
	b.run(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main")))
}

// click clicks the first element matching sel and waits for wait to show.
func (b *browser) click(sel, wait string) {
	b.t.Helper()
	b.run(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(wait)))
}

// set types value into the form field sel.
func (b *browser) set(sel, value string) {
	b.t.Helper()
	b.run(chromedp.SetValue(chromedp.CSS(sel), value))
}

// eval runs a script on the page.
func (b *browser) eval(js string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](js)); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// text is the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

// location is the page's path.
func (b *browser) location() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return s
}

// mustSee fails unless the page's main content shows every want.
func (b *browser) mustSee(wants ...string) {
	b.t.Helper()
	got := b.text("main")
	for _, w := range wants {
		if !strings.Contains(got, w) {
			b.t.Errorf("page %s does not show %q; it shows:\n%s", b.location(), w, got)
		}
	}
}

// screenshot saves the whole page as PNG under the test artifacts
// ($HRBOT_ARTIFACTS, default artifacts/ at the repository's root).
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	dir := os.Getenv("HRBOT_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("browser: screenshot: %v", err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return path
}

// signIn opens a sign-in link and waits for the page it lands on.
func (b *browser) signIn(link string) {
	b.t.Helper()
	b.run(chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("header.top")))
}
