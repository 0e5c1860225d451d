package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const secret = "TOP-SECRET-5f0c1e"

// rawGet sends a request line as written (no client-side cleaning) and returns the status
// and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestNeverOutsideTheSite asks for files outside the site in every spelling; the secret
// next to the site, and behind symbolic links inside it, is never served.
func TestNeverOutsideTheSite(t *testing.T) {
	outer := t.TempDir()
	if err := os.WriteFile(filepath.Join(outer, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(outer, "secretdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outer, "secretdir", "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, "site.txtar")
	for link, target := range map[string]string{
		"source/secret-link.txt":       filepath.Join(outer, "secret.txt"),
		"source/linkdir":               filepath.Join(outer, "secretdir"),
		"source/_posts/k8s-pod/s.txt":  filepath.Join(outer, "secret.txt"),
		"source/_posts/passwd-link.md": "/etc/passwd",
		"source/css/rel-secret.css":    "../../../" + filepath.Base(outer) + "/secret.txt",
	} {
		p := filepath.Join(dir, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	r := start(t, dir, Options{})
	addr := strings.TrimPrefix(r.url, "http://")
	rel, err := filepath.Rel(dir, outer)
	if err != nil {
		t.Fatal(err)
	}
	up := strings.Repeat("../", strings.Count(filepath.ToSlash(rel), "/")+2)
	tests := []struct {
		target string
		code   int
	}{
		{"/" + up + "secret.txt", 400},
		{"/../../../../../../etc/passwd", 400},
		{"/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 400},
		{"/%2E%2E/%2E%2E/etc/passwd", 400},
		{"/..%2f..%2f..%2fetc%2fpasswd", 400},
		{"/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 400},
		{"/%252e%252e/%252e%252e/etc/passwd", 400},
		{"/css/../../" + rel + "/secret.txt", 400},
		{"/..\\..\\..\\etc\\passwd", 400},
		{"/%5c..%5c..%5cetc%5cpasswd", 400},
		{"/css%5c..%5c..%5csecret.txt", 400},
		{"//etc/passwd", 400},
		{"/./index.html", 400},
		{"/index.html/..", 400},
		{"/css//extra.css", 400},
		{"/%00", 400},
		{"/index.html%00.css", 400},
		{"http://127.0.0.1/../../etc/passwd", 400},
		{"/etc/passwd", 404},
		{"/secret.txt", 404},
		{"/secret-link.txt", 404},
		{"/linkdir/secret.txt", 404},
		{"/2025/08/15/k8s-pod/s.txt", 404},
		{"/css/rel-secret.css", 404},
		{"/" + filepath.ToSlash(outer) + "/secret.txt", 400},
		{"/" + strings.TrimPrefix(filepath.ToSlash(outer), "/") + "/secret.txt", 404},
		{"/css/extra.css", 200},
	}
	for _, tt := range tests {
		code, body := rawGet(t, addr, tt.target)
		if code != tt.code {
			t.Errorf("GET %s: %d, want %d", tt.target, code, tt.code)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "root:x:0:0") {
			t.Errorf("GET %s: served a file outside the site", tt.target)
		}
	}
	for p, e := range r.s.snap.Load().files {
		if bytes.Contains(e.raw, []byte(secret)) {
			t.Errorf("%s: the build copied a linked file", p)
		}
	}
}

// TestResolve covers the mapping of paths below a site root other than "/".
func TestResolve(t *testing.T) {
	sn := &snapshot{root: "/blog/", files: map[string]*entry{
		"index.html": {}, "a/index.html": {}, "a/b.css": {}, "中文/index.html": {},
	}}
	tests := []struct {
		path, want string
		code       int
	}{
		{"/blog/", "index.html", 200},
		{"/blog", "/blog/", 301},
		{"/blog/a/", "a/index.html", 200},
		{"/blog/a", "/blog/a/", 301},
		{"/blog/a/b.css", "a/b.css", 200},
		{"/blog/%E4%B8%AD%E6%96%87/", "中文/index.html", 200},
		{"/blog/%E4%B8%AD%E6%96%87", "/blog/%E4%B8%AD%E6%96%87/", 301},
		{"/a/", "", 404},
		{"/", "", 404},
		{"/blog/nope", "nope", 404},
		{"/blog/../blog/", "", 400},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		got, code := resolve(sn, u)
		if code != tt.code || (tt.want != "" && got != tt.want) {
			t.Errorf("resolve(%s) = %q, %d; want %q, %d", tt.path, got, code, tt.want, tt.code)
		}
	}
}

// TestLoad: 20,000 requests from 50 goroutines while the sources change and the site is
// rebuilt: no 5xx, and every response is the complete bytes of one build.
func TestLoad(t *testing.T) {
	dir := writeSite(t, "site.txtar")
	paths := map[string]string{ // URL path → output path
		seedPage:         "2025/08/15/k8s-pod/index.html",
		nsPage:           "2025/08/16/namespace/index.html",
		"/":              "index.html",
		"/css/extra.css": "css/extra.css",
		"/about/":        "about/index.html",
	}
	ln, err := Listen("127.0.0.1", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	// Every version of every tested file, as the server would send it.
	var mu sync.Mutex
	versions := map[string]map[string]bool{}
	var s *Server
	builds := 0
	record := func(_, next *snapshot, _ []string) {
		mu.Lock()
		defer mu.Unlock()
		builds++
		for u, p := range paths {
			e := next.files[p]
			if e == nil {
				continue
			}
			if versions[u] == nil {
				versions[u] = map[string]bool{}
			}
			body := e.raw
			if e.at >= 0 {
				body = append(append(append([]byte{}, e.raw[:e.at]...), s.tag(e.gen)...), e.raw[e.at:]...)
			}
			versions[u][string(body)] = true
		}
	}
	s, err = New(Options{Dir: dir, Listener: ln, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	s.afterSwap = record
	r := &running{s: s, url: s.base, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- s.Run(ctx) }()
	<-s.Ready()
	defer r.stop(t)

	// The writer edits the posts and the stylesheet until the readers are done, saving
	// like most editors do (a new file renamed over the old one).
	stop := make(chan struct{})
	var writes atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		seed := readFile(t, dir, seedFile)
		ns := readFile(t, dir, nsFile)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			switch i % 3 {
			case 0:
				saveFile(t, dir, seedFile, strings.Replace(seed, "Pod 概念", fmt.Sprintf("Pod 概念 %d", i), 1))
			case 1:
				saveFile(t, dir, nsFile, ns+fmt.Sprintf("\nEdit %d.\n", i))
			case 2:
				saveFile(t, dir, "source/css/extra.css", fmt.Sprintf(".post-body { letter-spacing: .%03dem; }\n", i))
			}
			writes.Add(1)
			time.Sleep(15 * time.Millisecond)
		}
	})

	const total, workers = 20000, 50
	urls := make([]string, 0, len(paths))
	for u := range paths {
		urls = append(urls, u)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: workers}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	var bad atomic.Int64
	type got struct{ url, body string }
	results := make(chan got, 1024)
	var readers sync.WaitGroup
	for range workers {
		readers.Go(func() {
			for {
				i := next.Add(1)
				if i > total {
					return
				}
				u := urls[int(i)%len(urls)]
				resp, err := client.Get(r.url + u)
				if err != nil {
					t.Errorf("GET %s: %v", u, err)
					bad.Add(1)
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("GET %s: %d %v", u, resp.StatusCode, err)
					bad.Add(1)
					continue
				}
				results <- got{u, string(b)}
			}
		})
	}
	go func() { readers.Wait(); close(results) }()
	n, torn := 0, 0
	var pending []got
	for g := range results {
		n++
		pending = append(pending, g)
	}
	close(stop)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, g := range pending {
		if !versions[g.url][g.body] {
			torn++
			if torn < 3 {
				t.Errorf("GET %s: a response that is no build's bytes (%d bytes)", g.url, len(g.body))
			}
		}
	}
	t.Logf("%d responses, %d torn, %d writes, %d builds, %d bad", n, torn, writes.Load(), builds, bad.Load())
	if n != total {
		t.Errorf("%d responses, want %d", n, total)
	}
	if builds < 3 {
		t.Errorf("only %d builds during the load: the test did not exercise rebuilds", builds)
	}
}
