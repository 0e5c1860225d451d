package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestIgnored(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"content/_posts/pod.md", false},
		{"content/_posts/.pod.md.swp", true},
		{"content/_posts/.pod.md.swo", true},
		{"content/_posts/.pod.md.swx", true},
		{"content/_posts/pod.md.swpx", true},
		{"content/_posts/.pod.md.svz", true},
		{"content/_posts/4913", true},
		{"content/_posts/pod.md~", true},
		{"content/_posts/#pod.md#", true},
		{"content/_posts/.#pod.md", true},
		{"content/_posts/pod.md___jb_tmp___", true},
		{"content/_posts/pod.md___jb_old___", true},
		{"content/_posts/.DS_Store", true},
		{"content/_posts/pod.md.kate-swp", true},
		{"content/_posts/.goutputstream-AB12CD", true},
		{"content/_posts/pod.md.crswap", true},
		{"content/images/a.swf", false}, // a Flash file, not a vim swap file
		{"content/images/a.sw", false},
		{"content/_posts/#hash.md", false},
		{"content/_posts/4913.md", false},
		{"content/images/screen.svg", false},
	}
	for _, tt := range tests {
		if got := Ignored(filepath.FromSlash(tt.path)); got != tt.want {
			t.Errorf("Ignored(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// site makes a directory with a content tree, a theme tree and a config file.
func site(t *testing.T) (dir string, opts Options) {
	t.Helper()
	dir = t.TempDir()
	for _, d := range []string{"content/_posts", "theme/layout", "public", "content/.git"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "docbuild.yaml"), "title: x\n")
	write(t, filepath.Join(dir, "content/_posts/a.md"), "a\n")
	return dir, Options{
		Trees: []string{filepath.Join(dir, "content"), filepath.Join(dir, "theme")},
		Files: []string{filepath.Join(dir, "docbuild.yaml"), filepath.Join(dir, "_config.yml")},
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for a batch (failing after a minute: the test is stuck, not slow).
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b, ok := <-w.Batches():
		if !ok {
			t.Fatal("watcher stopped")
		}
		return b
	case <-time.After(time.Minute):
		t.Fatal("no batch within a minute")
	}
	return Batch{}
}

// until collects batches until one holds want, and returns every path seen.
func until(t *testing.T, w *Watcher, want string) []string {
	t.Helper()
	var seen []string
	for !slices.Contains(seen, want) {
		seen = append(seen, next(t, w).Paths...)
	}
	return seen
}

type mode struct {
	name string
	set  func(*Options)
}

func modes() []mode {
	return []mode{
		{"fsnotify", func(*Options) {}},
		{"poll", func(o *Options) { o.ForcePoll, o.Poll = true, 20*time.Millisecond }},
	}
}

func TestWatch(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			dir, opts := site(t)
			m.set(&opts)
			w, err := New(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if w.Mode() != m.name {
				t.Fatalf("mode %s", w.Mode())
			}
			p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

			steps := []struct {
				name string
				do   func()
				want string   // a path the batch must hold
				not  []string // paths no batch may hold
			}{
				{"edit", func() { write(t, p("content/_posts/a.md"), "a2\n") }, p("content/_posts/a.md"), nil},
				{"editor files", func() {
					for _, f := range []string{".a.md.swp", "4913", "a.md~", "#a.md#", ".#a.md", "a.md___jb_tmp___", ".DS_Store"} {
						write(t, p("content/_posts/"+f), "x")
					}
					write(t, p("content/_posts/b.md"), "b\n")
				}, p("content/_posts/b.md"), []string{"swp", "4913", "~", "#", "jb_tmp", "DS_Store"}},
				{"config", func() { write(t, p("docbuild.yaml"), "title: y\n") }, p("docbuild.yaml"), nil},
				{"config created", func() { write(t, p("_config.yml"), "title: y\n") }, p("_config.yml"), nil},
				{"outside the trees", func() {
					write(t, p("public/index.html"), "x")
					write(t, p("content/.git/HEAD"), "x")
					write(t, p("notes.txt"), "x")
					write(t, p("theme/layout/post.html"), "x")
				}, p("theme/layout/post.html"), []string{"public", ".git", "notes.txt"}},
				{"new directory", func() {
					if err := os.MkdirAll(p("content/_posts/2025/08"), 0o755); err != nil {
						t.Fatal(err)
					}
					write(t, p("content/_posts/2025/08/c.md"), "c\n")
				}, p("content/_posts/2025/08/c.md"), nil},
				{"in the new directory", func() { write(t, p("content/_posts/2025/08/c.md"), "c2\n") }, p("content/_posts/2025/08/c.md"), nil},
				{"removal", func() {
					if err := os.Remove(p("content/_posts/b.md")); err != nil {
						t.Fatal(err)
					}
				}, p("content/_posts/b.md"), nil},
			}
			for _, st := range steps {
				st.do()
				seen := until(t, w, st.want)
				for _, s := range seen {
					for _, n := range st.not {
						if strings.Contains(s, n) {
							t.Errorf("%s: %s reported", st.name, s)
						}
					}
				}
			}
		})
	}
}

// TestBatching: the events of many writes come in few batches, each sorted and without
// duplicates.
func TestBatching(t *testing.T) {
	dir, opts := site(t)
	opts.Quiet = 50 * time.Millisecond
	opts.MaxDelay = time.Hour
	w, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var want []string
	for i := range 20 {
		f := filepath.Join(dir, "content/_posts", "p"+string(rune('a'+i))+".md")
		want = append(want, f)
		write(t, f, "1")
		write(t, f, "2")
	}
	var got []string
	batches := 0
	for len(got) < len(want) {
		b := next(t, w)
		batches++
		if !slices.IsSorted(b.Paths) || len(slices.Compact(slices.Clone(b.Paths))) != len(b.Paths) {
			t.Errorf("batch not sorted or with duplicates: %v", b.Paths)
		}
		got = append(got, b.Paths...)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if batches >= len(want) {
		t.Errorf("%d batches for %d files: not batched", batches, len(want))
	}
}

// TestWatchLimit: when the system refuses more watches, the watcher polls and still sees
// every change, at start and when a new directory hits the limit later.
func TestWatchLimit(t *testing.T) {
	tests := []struct {
		name    string
		limitAt int // the n-th watch fails
	}{
		{"at start", 2},
		{"new directory", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, opts := site(t)
			var mu sync.Mutex
			n := 0
			var logs []string
			opts.Poll = 20 * time.Millisecond
			opts.beforeAdd = func(string) error {
				mu.Lock()
				defer mu.Unlock()
				n++
				if n >= tt.limitAt {
					return syscall.ENOSPC
				}
				return nil
			}
			opts.Log = func(f string, a ...any) {
				mu.Lock()
				logs = append(logs, f)
				mu.Unlock()
			}
			w, err := New(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			p := filepath.Join(dir, "content/_posts/x/y/z.md")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, p, "z")
			until(t, w, p)
			write(t, filepath.Join(dir, "content/_posts/a.md"), "changed")
			until(t, w, filepath.Join(dir, "content/_posts/a.md"))
			if w.Mode() != "poll" {
				t.Errorf("mode %s after the limit", w.Mode())
			}
			mu.Lock()
			defer mu.Unlock()
			if len(logs) == 0 || !strings.Contains(logs[0], "polling") {
				t.Errorf("no message about polling: %q", logs)
			}
		})
	}
}

// TestClose: Close ends the goroutines and closes Batches.
func TestClose(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			_, opts := site(t)
			m.set(&opts)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w, err := New(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			if _, ok := <-w.Batches(); ok {
				t.Error("Batches not closed")
			}
			w.Close() // twice is fine
		})
	}
}
