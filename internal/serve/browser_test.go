package serve

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts Debian's chromium headless through chromedp. A missing chromium fails the
// test: CI installs it.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Fatal("chromium is not installed (apt-get install chromium); the browser tests need it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// artifacts is where the screenshots go (kept after the test): $DOCBUILD_ARTIFACTS or a
// new temporary directory.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DOCBUILD_ARTIFACTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "docbuild-serve-screens-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// eval runs JavaScript in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor evaluates a predicate every 10 ms until it holds (navigations and reloads in
// between are fine) and returns how long that took; it fails the test after timeout.
func waitFor(t *testing.T, ctx context.Context, what, js string, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	var last error
	for time.Since(start) < timeout {
		c, cancel := context.WithTimeout(ctx, time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool]("!!("+js+")"))
		cancel()
		if err == nil && ok {
			return time.Since(start)
		}
		last = err
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: not within %v (last error: %v)", what, timeout, last)
	return 0
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	// The client is connected once it has shown the status pill.
	waitFor(t, ctx, "live client on "+url, `document.getElementById("docbuild-status")`, time.Minute)
}

// TestBrowser drives chromium through the writing loop: the seed post renders (notes,
// tables), an edit on disk reloads the page within a second keeping the scroll position,
// a stylesheet edit restyles the page without a reload, a broken transcript shows its
// stale badge, diff and overlay with file:line, a broken post shows the build error with
// file:line over its last good version, and each fix makes the overlay go away.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	shots := artifacts(t)
	dir := writeSite(t, "site.txtar")
	r := start(t, dir, Options{Checker: realChecker(), CheckWorkers: 2, CheckTimeout: 20 * time.Second})

	// The seed post.
	navigate(t, ctx, r.url+seedPage)
	if n := eval[int](t, ctx, `document.querySelectorAll("div.note.info").length`); n != 2 {
		t.Errorf("%d info notes, want 2", n)
	}
	if s := eval[string](t, ctx, `document.querySelector("div.note.info").innerText`); !strings.Contains(s, "Pod 通常不是直接创建的") {
		t.Errorf("first note: %q", s)
	}
	rows := eval[[]int](t, ctx, `Array.from(document.querySelectorAll(".post-body table, article table")).map(t => t.querySelectorAll("tbody tr").length)`)
	if fmt.Sprint(rows) != "[4 5]" {
		t.Errorf("table rows %v, want [4 5]", rows)
	}
	if s := eval[string](t, ctx, `document.querySelector("table td").innerText`); s != "网络共享" {
		t.Errorf("first cell %q", s)
	}
	screenshot(t, ctx, shots, "1-seed")

	// Edit the post on disk: the page reloads with the new text within a second, at the
	// same scroll position.
	eval[bool](t, ctx, `window.scrollTo({top: 1600, behavior: "instant"}), window.__before = true`)
	y0 := eval[float64](t, ctx, `window.scrollY`)
	t.Logf("scrolled to %v", y0)
	src := readFile(t, dir, seedFile)
	writeFile(t, dir, seedFile, strings.Replace(src, "### 3.1 Pod 阶段", "### 3.1 Pod 阶段（已编辑）", 1))
	took := waitFor(t, ctx, "edited text", `!window.__before && document.body.innerText.includes("Pod 阶段（已编辑）")`, 10*time.Second)
	t.Logf("edit → new text in the page: %v", took)
	if took > time.Second {
		t.Errorf("the page showed the edit after %v, want within 1 s", took)
	}
	if y0 < 1500 {
		t.Fatalf("scrolled to %v, want 1600", y0)
	}
	waitFor(t, ctx, "scroll restored", fmt.Sprintf(`Math.abs(window.scrollY - %f) < 40`, y0), 10*time.Second)
	t.Logf("scroll after the reload: %v", eval[float64](t, ctx, `window.scrollY`))
	screenshot(t, ctx, shots, "2-seed-edited")

	// A stylesheet change restyles the page without reloading it.
	navigate(t, ctx, r.url+"/about/")
	eval[bool](t, ctx, `window.__before = true`)
	writeFile(t, dir, "source/css/extra.css", ".post-body, main { outline: 3px solid rgb(255, 0, 0); }\n")
	waitFor(t, ctx, "new style", `getComputedStyle(document.querySelector("main")).outlineColor === "rgb(255, 0, 0)"`, 10*time.Second)
	if !eval[bool](t, ctx, `window.__before === true`) {
		t.Error("a stylesheet change reloaded the page")
	}

	// The small post: accurate, then a broken transcript, then fixed.
	navigate(t, ctx, r.url+nsPage)
	badge := `document.querySelector('figure[data-line="10"] .docbuild-badge')`
	waitFor(t, ctx, "accurate badge", badge+` && `+badge+`.dataset.badge === "accurate"`, time.Minute)
	if eval[bool](t, ctx, `!!document.getElementById("docbuild-overlay")`) {
		t.Error("overlay on an accurate post")
	}
	screenshot(t, ctx, shots, "3-accurate")

	ns := readFile(t, dir, nsFile)
	writeFile(t, dir, nsFile, strings.Replace(ns, "namespace/demo created", "namespace/demo configured", 1))
	waitFor(t, ctx, "stale badge", badge+` && `+badge+`.dataset.badge === "stale"`, time.Minute)
	pos := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#docbuild-overlay .docbuild-pos")).map(e => e.textContent)`)
	if len(pos) != 1 || !strings.HasSuffix(pos[0], filepath.FromSlash(nsFile)+":12") {
		t.Errorf("overlay positions %q, want …%s:12", pos, nsFile)
	}
	if s := eval[string](t, ctx, `document.getElementById("docbuild-overlay").innerText`); !strings.Contains(s, "stale-output") || !strings.Contains(s, "kubectl create namespace demo") {
		t.Errorf("overlay text %q", s)
	}
	if eval[bool](t, ctx, `!document.querySelector(".docbuild-diff").hidden`) {
		t.Error("diff shown before a click")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`figure[data-line="10"] .docbuild-badge`))); err != nil {
		t.Fatal(err)
	}
	diff := eval[string](t, ctx, `(() => { const d = document.querySelector(".docbuild-diff"); return d.hidden ? "" : d.innerText })()`)
	if !strings.Contains(diff, "namespace/demo configured") || !strings.Contains(diff, "namespace/demo created") {
		t.Errorf("diff after a click: %q", diff)
	}
	screenshot(t, ctx, shots, "4-stale-transcript")

	writeFile(t, dir, nsFile, ns)
	waitFor(t, ctx, "accurate again", badge+` && `+badge+`.dataset.badge === "accurate"`, time.Minute)
	waitFor(t, ctx, "overlay gone", `!document.getElementById("docbuild-overlay")`, 10*time.Second)
	screenshot(t, ctx, shots, "5-fixed")

	// A build error in the seed post: every page shows it; the post keeps its last good
	// version; the fix clears it.
	seed := readFile(t, dir, seedFile)
	writeFile(t, dir, seedFile, strings.Replace(seed, "## 二、 Pod 特性", "## 二、 Pod 特性\n\n{% nosuchtag %}", 1))
	waitFor(t, ctx, "build error overlay", `document.querySelector("#docbuild-overlay .docbuild-pos")`, 10*time.Second)
	pos = eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#docbuild-overlay .docbuild-pos")).map(e => e.textContent)`)
	if len(pos) == 0 || !strings.HasSuffix(pos[0], filepath.FromSlash(seedFile)+":33") {
		t.Errorf("build error at %q, want …%s:33", pos, seedFile)
	}
	navigate(t, ctx, r.url+seedPage)
	waitFor(t, ctx, "overlay on the broken post", `document.querySelector("#docbuild-overlay .docbuild-kept")`, 10*time.Second)
	if !eval[bool](t, ctx, `document.querySelector("main").innerText.includes("Pod 阶段（已编辑）") && !document.querySelector("main").innerText.includes("nosuchtag")`) {
		t.Error("the broken post does not show its last good version")
	}
	waitFor(t, ctx, "check of the broken post", `document.getElementById("docbuild-status").dataset.state === "done"`, time.Minute)
	if n := eval[int](t, ctx, `document.querySelectorAll(".docbuild-badge").length`); n != 0 {
		t.Errorf("%d badges on the last good version (the check is of the broken source)", n)
	}
	screenshot(t, ctx, shots, "6-build-error")
	writeFile(t, dir, seedFile, seed)
	// The seed post's own stale outputs may keep an overlay: the build's part goes.
	waitFor(t, ctx, "build error gone after the fix",
		`!document.querySelector('#docbuild-overlay [data-source="build"], #docbuild-overlay .docbuild-kept')`, 10*time.Second)
	screenshot(t, ctx, shots, "7-build-fixed")
}
