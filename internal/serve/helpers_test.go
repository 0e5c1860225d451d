package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/verify"
)

// now is the moment the test sites are built at (the seed post is then in the past).
func now() time.Time { return time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC) }

// writeSite extracts a txtar site into a new temporary directory.
func writeSite(tb testing.TB, name string) string {
	tb.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// writeFile replaces a file of the site the way an editor's plain save does.
func writeFile(tb testing.TB, dir, rel, content string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// saveFile replaces a file atomically, as editors' safe write does: a temporary file in the
// same directory, renamed over the old one.
func saveFile(tb testing.TB, dir, rel, content string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+"___jb_tmp___")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		tb.Fatal(err)
	}
}

func readFile(tb testing.TB, dir, rel string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// running is a server started by a test.
type running struct {
	s      *Server
	url    string // base address, "http://127.0.0.1:port"
	cancel context.CancelFunc
	done   chan error
	log    *lockedBuffer
}

// start runs a server on the site in dir on a free loopback port until the test ends.
func start(tb testing.TB, dir string, opts Options) *running {
	tb.Helper()
	ln, err := Listen("127.0.0.1", 0, false)
	if err != nil {
		tb.Fatal(err)
	}
	opts.Dir, opts.Listener = dir, ln
	if opts.Now == nil {
		opts.Now = now
	}
	buf := &lockedBuffer{}
	if opts.Log == nil {
		opts.Log = buf
	}
	s, err := New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{s: s, url: s.base, cancel: cancel, done: make(chan error, 1), log: buf}
	go func() { r.done <- s.Run(ctx) }()
	select {
	case <-s.Ready():
	case err := <-r.done:
		tb.Fatalf("server stopped before serving: %v", err)
	case <-time.After(60 * time.Second):
		tb.Fatal("server not ready after a minute")
	}
	tb.Cleanup(func() { r.stop(tb) })
	return r
}

// stop cancels the server and waits for Run to return.
func (r *running) stop(tb testing.TB) {
	tb.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			tb.Errorf("Run: %v", err)
		}
		r.done <- nil // later stops return at once
	case <-time.After(30 * time.Second):
		tb.Error("Run did not return after cancellation")
	}
}

// get fetches a path of the server.
func (r *running) get(tb testing.TB, path string) (int, string) {
	tb.Helper()
	resp, err := http.Get(r.url + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// events is a connection to the event stream of one page.
type events struct {
	ch     chan message
	cancel context.CancelFunc
}

// subscribe opens the event stream as the page at path does (gen "" skips the version
// comparison).
func (r *running) subscribe(tb testing.TB, path, gen string) *events {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	q := url.Values{"path": {path}, "gen": {gen}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url+prefix+"events?"+q.Encode(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	ev := &events{ch: make(chan message, 64), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(ev.ch)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		var m message
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if m.event != "" {
					m.data = []byte(strings.Join(data, "\n"))
					ev.ch <- m
				}
				m, data = message{}, nil
			case strings.HasPrefix(line, "event: "):
				m.event = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[len("data: "):])
			}
		}
	}()
	tb.Cleanup(cancel)
	return ev
}

// next returns the next event of one of the kinds (others are skipped), failing the test
// when the stream ends or nothing comes within a minute.
func (e *events) next(tb testing.TB, kinds ...string) message {
	tb.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case m, ok := <-e.ch:
			if !ok {
				tb.Fatalf("event stream closed while waiting for %v", kinds)
			}
			for _, k := range kinds {
				if m.event == k {
					return m
				}
			}
		case <-deadline:
			tb.Fatalf("no %v event within a minute", kinds)
		}
	}
}

// lockedBuffer is a log safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// realChecker is the checker of `docbuild check`.
func realChecker() Checker {
	return VerifyChecker(verify.New(verify.Options{Cluster: verify.Simulator()}), false)
}
