package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveSiteFiles is a small native site: a post, a draft and a post dated in the future.
func serveSiteFiles() map[string]string {
	return map[string]string{
		"docbuild.yaml":            "title: Serve test\ntimezone: UTC\n",
		"content/_posts/a.md":      "---\ntitle: Alpha\ndate: 2025-08-15 15:37:00\n---\nHello from alpha.\n",
		"content/_drafts/draft.md": "---\ntitle: Draft post\ndate: 2025-08-16\n---\nNot yet.\n",
		"content/_posts/future.md": "---\ntitle: Future post\ndate: 2999-01-01\n---\nLater.\n",
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runServe runs `docbuild serve ARGS` in the background and returns the URL it prints and
// a function that stops it (Ctrl-C) and returns its error.
func runServe(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the highlight cache, not the user's
	dir := t.TempDir()
	for name, content := range serveSiteFiles() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := newServeCmd()
	out := &syncBuffer{}
	cmd.SetOut(out)
	cmd.SetErr(out)
	cmd.SetArgs(append([]string{"--source", dir}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	re := regexp.MustCompile(`Serving (http://\S+)`)
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			stop := func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(30 * time.Second):
					t.Fatal("serve did not stop")
					return nil
				}
			}
			t.Cleanup(func() { cancel() })
			return m[1], stop
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("no URL printed:\n%s", out.String())
	return "", nil
}

func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	return string(b)
}

func TestServeCommand(t *testing.T) {
	tests := []struct {
		name           string
		args           []string
		drafts, future bool
	}{
		{"defaults show drafts and future posts", []string{"--port", "0", "--no-check"}, true, true},
		{"hidden on request", []string{"--port", "0", "--no-check", "--drafts=false", "--future=false"}, false, false},
		{"with check, polling", []string{"--port", "0", "--poll"}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, stop := runServe(t, tt.args...)
			if !strings.HasPrefix(url, "http://127.0.0.1:") {
				t.Errorf("URL %s: not loopback", url)
			}
			home := fetch(t, url)
			if !strings.Contains(home, "Alpha") || !strings.Contains(home, "/__docbuild/client.js") {
				t.Errorf("home page without the post or the client script")
			}
			if got := strings.Contains(home, "Draft post"); got != tt.drafts {
				t.Errorf("draft shown: %v, want %v", got, tt.drafts)
			}
			if got := strings.Contains(home, "Future post"); got != tt.future {
				t.Errorf("future post shown: %v, want %v", got, tt.future)
			}
			if err := stop(); err != nil {
				t.Errorf("after Ctrl-C: %v", err)
			}
			if _, err := http.Get(url); err == nil {
				t.Error("still serving after Ctrl-C")
			}
		})
	}
}

func TestServePortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cmd := newServeCmd()
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SetArgs([]string{"--source", t.TempDir(), "--no-check", "--port", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)})
	err = cmd.Execute()
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("explicit port taken: %v", err)
	}
}
