package serve

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	seedPage = "/2025/08/15/k8s-pod/"
	nsPage   = "/2025/08/16/namespace/"
	seedFile = "source/_posts/k8s-pod.md"
	nsFile   = "source/_posts/namespace.md"
)

func decodeStatus(tb testing.TB, m message) pageStatus {
	tb.Helper()
	var st pageStatus
	if err := json.Unmarshal(m.data, &st); err != nil {
		tb.Fatalf("status %s: %v", m.data, err)
	}
	return st
}

func TestServeSeed(t *testing.T) {
	r := start(t, writeSite(t, "site.txtar"), Options{})
	tests := []struct {
		name, path string
		code       int
		want       []string
	}{
		{"seed post", seedPage, 200, []string{`<div class="note info">`, "<table>", "Pod 特性", `data-gen="`, `<script src="/__docbuild/client.js`}},
		{"home", "/", 200, []string{"K8S 深入学习", "Namespaces first"}},
		{"page", "/about/", 200, []string{"About this blog."}},
		{"asset", "/css/extra.css", 200, []string{"letter-spacing"}},
		{"client", "/__docbuild/client.js", 200, []string{"EventSource"}},
		{"missing", "/no/such/page/", 404, []string{`data-gen="missing:`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := r.get(t, tt.path)
			if code != tt.code {
				t.Fatalf("GET %s: %d, want %d", tt.path, code, tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: no %q", tt.path, w)
				}
			}
			if strings.HasSuffix(tt.path, ".css") && strings.Contains(body, "client.js") {
				t.Errorf("client script injected into %s", tt.path)
			}
		})
	}
	// The client script goes in once, right before </body>.
	_, body := r.get(t, seedPage)
	if n := strings.Count(body, "/__docbuild/client.js"); n != 1 {
		t.Errorf("%d client scripts", n)
	}
	if i, j := strings.Index(body, "/__docbuild/client.js"), strings.LastIndex(body, "</body>"); i > j {
		t.Errorf("client script after </body>")
	}
}

func TestRedirectAndRevalidate(t *testing.T) {
	r := start(t, writeSite(t, "site.txtar"), Options{})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(r.url + strings.TrimSuffix(seedPage, "/") + "?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != seedPage+"?x=1" {
		t.Errorf("directory without slash: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, p := range []string{seedPage, "/css/extra.css"} {
		resp, err := http.Get(r.url + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		etag := resp.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", p)
		}
		req, _ := http.NewRequest(http.MethodGet, r.url+p, nil)
		req.Header.Set("If-None-Match", etag)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: %d, want 304", p, resp.StatusCode)
		}
	}
	resp, err = http.Post(r.url+seedPage, "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// TestReloadOnlyChangedPages edits one post: its page reloads, a page whose bytes did not
// change only gets the new status; a stylesheet change refreshes stylesheets without a
// reload.
func TestReloadOnlyChangedPages(t *testing.T) {
	dir := writeSite(t, "site.txtar")
	r := start(t, dir, Options{})
	seed := r.subscribe(t, seedPage, "")
	ns := r.subscribe(t, nsPage, "")
	seed.next(t, "status")
	ns.next(t, "status")

	src := readFile(t, dir, seedFile)
	writeFile(t, dir, seedFile, strings.Replace(src, "## 二、 Pod 特性", "## 二、 Pod 的特性", 1))
	if m := seed.next(t, "reload", "status", "css"); m.event != "reload" {
		t.Fatalf("edited page got %s, want reload", m.event)
	}
	if m := ns.next(t, "reload", "status", "css"); m.event != "status" {
		t.Fatalf("unchanged page got %s, want status", m.event)
	}
	if _, body := r.get(t, seedPage); !strings.Contains(body, "Pod 的特性") {
		t.Error("the edit is not served")
	}
	if log := r.log.String(); !strings.Contains(log, "Rebuilt in ") || !strings.Contains(log, seedPage) {
		t.Errorf("log does not name the rebuilt page:\n%s", log)
	}

	// The reloaded page reconnects; a stylesheet change only refreshes styles.
	seed = r.subscribe(t, seedPage, "")
	seed.next(t, "status")
	writeFile(t, dir, "source/css/extra.css", ".post-body { letter-spacing: .01em; }\n")
	for _, e := range []*events{seed, ns} {
		m := e.next(t, "reload", "css")
		if m.event != "css" {
			t.Fatalf("stylesheet change: %s, want css", m.event)
		}
		var paths []string
		if err := json.Unmarshal(m.data, &paths); err != nil || len(paths) != 1 || paths[0] != "/css/extra.css" {
			t.Errorf("css event %s", m.data)
		}
	}
}

// TestStaleVersionReloads: a page loaded before a build reloads as soon as it connects.
func TestStaleVersionReloads(t *testing.T) {
	dir := writeSite(t, "site.txtar")
	r := start(t, dir, Options{})
	sn := r.s.snap.Load()
	gen := sn.files["2025/08/15/k8s-pod/index.html"].gen
	ev := r.subscribe(t, seedPage, gen)
	if m := ev.next(t, "reload", "status"); m.event != "status" {
		t.Fatalf("current version: %s", m.event)
	}
	ev2 := r.subscribe(t, seedPage, "old."+gen)
	if m := ev2.next(t, "reload", "status"); m.event != "reload" {
		t.Fatalf("old version: %s, want reload", m.event)
	}
	// A missing page reloads when it appears.
	missing := r.subscribe(t, "/2025/08/20/later/", "missing:"+sn.files["404.html"].gen)
	missing.next(t, "status")
	writeFile(t, dir, "source/_posts/later.md", "---\ntitle: Later\ndate: 2025-08-20 10:00:00\n---\nNew.\n")
	if m := missing.next(t, "reload", "status"); m.event != "reload" {
		t.Fatalf("new page: %s, want reload", m.event)
	}
	if code, body := r.get(t, "/2025/08/20/later/"); code != 200 || !strings.Contains(body, "New.") {
		t.Errorf("new post: %d", code)
	}
}

// TestBrokenPostKeepsLastGood breaks the seed post in several ways: the overlay gets the
// error with its file and line, the page stays as it last built, and fixing it clears both.
func TestBrokenPostKeepsLastGood(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(string) string
		line    int
		msg     string
	}{
		{
			name:    "unclosed note",
			breakIt: func(s string) string { return strings.Replace(s, "{% endnote %}", "", 1) },
			line:    25, msg: "note",
		},
		{
			name: "unknown tag",
			breakIt: func(s string) string {
				return strings.Replace(s, "## 二、 Pod 特性", "## 二、 Pod 特性\n\n{% nosuchtag %}", 1)
			},
			line: 33, msg: "nosuchtag",
		},
		{
			name:    "front matter",
			breakIt: func(s string) string { return strings.Replace(s, "date: 2025-08-15 15:37:00", "date: [2025", 1) },
			line:    3, msg: "YAML",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, "site.txtar")
			r := start(t, dir, Options{})
			_, good := r.get(t, seedPage)
			ev := r.subscribe(t, seedPage, "")
			ev.next(t, "status")
			src := readFile(t, dir, seedFile)
			writeFile(t, dir, seedFile, tt.breakIt(src))
			st := decodeStatus(t, ev.next(t, "status"))
			if len(st.Problems) == 0 {
				t.Fatal("no problem reported")
			}
			p := st.Problems[0]
			if !strings.HasSuffix(p.File, filepath.FromSlash(seedFile)) || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("problem %+v", p)
			}
			if tt.line > 0 && (p.Line != tt.line || !strings.HasSuffix(p.Pos, ":"+strconv.Itoa(tt.line))) {
				t.Errorf("problem at %s, want line %d", p.Pos, tt.line)
			}
			t.Logf("overlay: %s: %s", p.Pos, p.Msg)
			if !st.Kept {
				t.Error("status does not say the page is the last good one")
			}
			if _, body := r.get(t, seedPage); body != good {
				t.Error("the broken post's page changed")
			}
			writeFile(t, dir, seedFile, src)
			st = decodeStatus(t, ev.next(t, "status"))
			if len(st.Problems) != 0 || st.Kept {
				t.Errorf("after the fix: %+v", st)
			}
		})
	}
}

// TestConfigAndThemeChanges: the configuration is re-read (every page reloads) and a bad
// configuration keeps the last good site.
func TestConfigChange(t *testing.T) {
	dir := writeSite(t, "site.txtar")
	r := start(t, dir, Options{})
	ev := r.subscribe(t, "/about/", "")
	ev.next(t, "status")
	cfg := readFile(t, dir, "_config.yml")
	writeFile(t, dir, "_config.yml", strings.Replace(cfg, "title: 运维笔记", "title: 新标题", 1))
	if m := ev.next(t, "reload", "status"); m.event != "reload" {
		t.Fatalf("config change: %s", m.event)
	}
	if _, body := r.get(t, "/about/"); !strings.Contains(body, "新标题") {
		t.Error("new title not served")
	}
	ev = r.subscribe(t, "/about/", "")
	ev.next(t, "status")
	writeFile(t, dir, "_config.yml", cfg+"per_page: [oops\n")
	st := decodeStatus(t, ev.next(t, "status"))
	if !st.Fatal || len(st.Problems) == 0 || !strings.Contains(st.Problems[0].Pos, "_config.yml") {
		t.Errorf("bad config: %+v", st)
	}
	if code, body := r.get(t, "/about/"); code != 200 || !strings.Contains(body, "新标题") {
		t.Errorf("last good site not served: %d", code)
	}
}

// blockingChecker is a checker whose checks last until their context ends: a check in
// flight at shutdown.
type blockingChecker struct{ started chan string }

func (b blockingChecker) Check(ctx context.Context, file string, _ []byte) *Report {
	b.started <- file
	<-ctx.Done()
	return nil
}

// TestShutdown cancels a server with open event streams and a check in flight: Run returns,
// and the goroutines it started are gone.
func TestShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := writeSite(t, "site.txtar")
	started := make(chan string, 16)
	r := start(t, dir, Options{Checker: blockingChecker{started}})
	for _, p := range []string{seedPage, nsPage, "/"} {
		r.subscribe(t, p, "").next(t, "status")
	}
	select {
	case <-started:
	case <-time.After(time.Minute):
		t.Fatal("no check started")
	}
	writeFile(t, dir, nsFile, readFile(t, dir, nsFile)+"\nMore.\n")
	r.stop(t)
	if n := r.s.hub.count(); n != 0 {
		t.Errorf("%d clients left", n)
	}
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(30 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

func TestHostCheck(t *testing.T) {
	r := start(t, writeSite(t, "site.txtar"), Options{})
	tests := []struct {
		host string
		code int
	}{
		{"127.0.0.1", 200}, {"localhost:4000", 200}, {"[::1]:80", 200}, {"docs.localhost", 200},
		{"evil.example.com", 403}, {"127.0.0.1.nip.io", 403}, {"10.0.0.1", 403},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, r.url+"/", nil)
		req.Host = tt.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("Host %s: %d, want %d", tt.host, resp.StatusCode, tt.code)
		}
	}
}

func TestNewDirectoryPickedUp(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "fsnotify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			dir := writeSite(t, "site.txtar")
			o := Options{}
			if poll {
				o.Poll = 50 * time.Millisecond
			}
			r := start(t, dir, o)
			ev := r.subscribe(t, "/2025/08/21/deep/", "")
			ev.next(t, "status")
			if err := os.MkdirAll(filepath.Join(dir, "source/_posts/a/b"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "source/_posts/a/b/deep.md", "---\ntitle: Deep\ndate: 2025-08-21 10:00:00\npermalink: 2025/08/21/deep/\n---\nDeep down.\n")
			if m := ev.next(t, "reload"); m.event != "reload" {
				t.Fatal(m.event)
			}
			if code, body := r.get(t, "/2025/08/21/deep/"); code != 200 || !strings.Contains(body, "Deep down.") {
				t.Fatalf("post in a new directory: %d", code)
			}
			// A second file in the new directory: it is watched now.
			ev = r.subscribe(t, "/2025/08/21/deep/", "")
			ev.next(t, "status")
			writeFile(t, dir, "source/_posts/a/b/deep.md", "---\ntitle: Deep\ndate: 2025-08-21 10:00:00\npermalink: 2025/08/21/deep/\n---\nDeeper.\n")
			ev.next(t, "reload")
			if _, body := r.get(t, "/2025/08/21/deep/"); !strings.Contains(body, "Deeper.") {
				t.Fatal("edit in the new directory not served")
			}
		})
	}
}

// TestDraftsAndFuture: drafts and future posts are shown when asked (docbuild serve asks by
// default), hidden otherwise.
func TestDraftsAndFuture(t *testing.T) {
	tests := []struct {
		name           string
		drafts, future bool
	}{
		{"both", true, true},
		{"drafts only", true, false},
		{"neither", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := start(t, writeSite(t, "site.txtar"), Options{Drafts: tt.drafts, Future: tt.future})
			_, home := r.get(t, "/")
			if got := strings.Contains(home, "Work in progress"); got != tt.drafts {
				t.Errorf("draft listed: %v, want %v", got, tt.drafts)
			}
			if got := strings.Contains(home, "From the future"); got != tt.future {
				t.Errorf("future post listed: %v, want %v", got, tt.future)
			}
		})
	}
}

func TestListen(t *testing.T) {
	taken, err := Listen("127.0.0.1", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := taken.Addr().(*net.TCPAddr).Port
	tests := []struct {
		name    string
		bind    string
		tryNext bool
		ok      bool
	}{
		{"taken, --port given", "127.0.0.1", false, false},
		{"taken, default port", "127.0.0.1", true, true},
		{"default bind", "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ln, err := Listen(tt.bind, port, tt.tryNext)
			if (err == nil) != tt.ok {
				t.Fatalf("Listen: %v", err)
			}
			if ln == nil {
				return
			}
			defer ln.Close()
			a := ln.Addr().(*net.TCPAddr)
			if !a.IP.IsLoopback() || a.Port == port {
				t.Errorf("listening on %v", a)
			}
		})
	}
}
