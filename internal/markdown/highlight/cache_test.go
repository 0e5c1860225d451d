package highlight

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestCacheConcurrent highlights the same and different blocks from many
// goroutines (run with -race): every result equals the uncached one.
func TestCacheConcurrent(t *testing.T) {
	dir := t.TempDir()
	h := New(Options{CacheDir: dir})
	ref := New(Options{MaxMemory: -1})
	var blocks []Block
	for i := range 40 {
		blocks = append(blocks, Block{Lang: "yaml", Code: fmt.Appendf(nil, "name: pod-%d\nreplicas: %d\n", i%10, i%10)})
		blocks = append(blocks, Block{Lang: "bash", Code: fmt.Appendf(nil, "$ kubectl get pod p%d\nNAME\n", i%7)})
	}
	want := make([]Result, len(blocks))
	for i, b := range blocks {
		r, err := ref.Highlight(b)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = r
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range len(blocks) {
				i := (k + g*7) % len(blocks)
				r, err := h.Highlight(blocks[i])
				if err != nil || r != want[i] {
					errs <- fmt.Sprintf("block %d: %v %+v", i, err, r)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	st := h.Stats()
	if st.MemoryHits == 0 || st.Misses == 0 || st.DiskErrors != 0 {
		t.Errorf("stats %+v: want memory hits, misses and no disk errors", st)
	}
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	// A second Highlighter on the same directory finds every block on disk.
	h2 := New(Options{CacheDir: dir, MaxMemory: -1})
	for i, b := range blocks {
		if r, err := h2.Highlight(b); err != nil || r != want[i] {
			t.Fatalf("block %d from disk: %v %+v", i, err, r)
		}
	}
	if st := h2.Stats(); st.Misses != 0 || st.DiskErrors != 0 {
		t.Errorf("from disk: stats %+v", st)
	}
}

// packs lists the finished packs and the temporary files of a cache dir.
func packs(t *testing.T, dir string) (done, tmp []string) {
	t.Helper()
	done, _ = filepath.Glob(filepath.Join(dir, "*"+packExt))
	tmp, _ = filepath.Glob(filepath.Join(dir, "*.tmp"))
	return done, tmp
}

// TestCacheDisk checks persistence between Highlighters (one pack per
// flushed build), that a corrupt pack or entry is ignored and its entries
// written again, and that no temporary file is left behind.
func TestCacheDisk(t *testing.T) {
	dir := t.TempDir()
	b := Block{Lang: "yml", Code: []byte("kind: Pod\n")}
	h := New(Options{CacheDir: dir})
	first, err := h.Highlight(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	done, tmp := packs(t, dir)
	if len(done) != 1 || len(tmp) != 0 {
		t.Fatalf("cache files %v %v, want one pack", done, tmp)
	}

	h = New(Options{CacheDir: dir})
	again, _ := h.Highlight(b)
	if again != first || h.Stats().DiskHits != 1 {
		t.Fatalf("second build: %+v, stats %+v; want a disk hit with the same result", again, h.Stats())
	}
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	if done, _ := packs(t, dir); len(done) != 1 {
		t.Fatalf("a build of cached blocks only made a pack: %v", done)
	}

	for name, corrupt := range map[string]func([]byte) []byte{
		"truncated":     func(d []byte) []byte { return d[:len(d)-3] },
		"flipped entry": func(d []byte) []byte { d[len(packMagic)+2] ^= 1; return d },
		"flipped index": func(d []byte) []byte { d[len(d)-footerSize-3] ^= 1; return d },
		"not a pack":    func(d []byte) []byte { return []byte("garbage") },
		"bad magic":     func(d []byte) []byte { d[len(d)-2] ^= 1; return d },
		"empty":         func(d []byte) []byte { return nil },
		"appended":      func(d []byte) []byte { return append(d, 'x') },
	} {
		done, _ := packs(t, dir)
		for _, p := range done[1:] {
			os.Remove(p)
		}
		data, _ := os.ReadFile(done[0])
		if err := os.WriteFile(done[0], corrupt(data), 0o644); err != nil {
			t.Fatal(err)
		}
		h := New(Options{CacheDir: dir})
		got, err := h.Highlight(b)
		if err != nil || got != first {
			t.Fatalf("%s: %+v, %v; want the fresh result", name, got, err)
		}
		if st := h.Stats(); st.DiskHits != 0 || st.DiskErrors != 1 || st.Misses != 1 {
			t.Fatalf("%s: stats %+v", name, st)
		}
		if err := h.Flush(); err != nil {
			t.Fatal(err)
		}
		// The entry is on disk again: a new build hits it.
		h = New(Options{CacheDir: dir})
		if got, _ := h.Highlight(b); got != first || h.Stats().DiskHits != 1 {
			t.Fatalf("%s: after the rewrite: %+v, stats %+v", name, got, h.Stats())
		}
		os.Remove(done[0])
	}
	if _, tmp := packs(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestCacheCompaction makes many builds of changing blocks: the packs are
// folded together, and what the last build used stays on disk.
func TestCacheCompaction(t *testing.T) {
	dir := t.TempDir()
	for build := range 3 * maxPacks {
		h := New(Options{CacheDir: dir})
		for i := range 10 {
			// half of the blocks change every build
			code := fmt.Appendf(nil, "n: %d\n", i)
			if i%2 == 1 {
				code = fmt.Appendf(nil, "n: %d-%d\n", i, build)
			}
			if _, err := h.Highlight(Block{Lang: "yaml", Code: code}); err != nil {
				t.Fatal(err)
			}
		}
		if build > 0 {
			if st := h.Stats(); st.DiskHits != 5 || st.Misses != 5 {
				t.Fatalf("build %d: stats %+v, want 5 disk hits and 5 misses", build, st)
			}
		}
		if err := h.Flush(); err != nil {
			t.Fatal(err)
		}
		if done, _ := packs(t, dir); len(done) > maxPacks {
			t.Fatalf("build %d: %d packs", build, len(done))
		}
	}
}

// TestCacheMemoryBound fills a small in-memory cache: it never holds much
// more than its budget, and recent entries stay.
func TestCacheMemoryBound(t *testing.T) {
	c := newCache(10_000, "")
	val := strings.Repeat("x", 1000)
	for i := range 200 {
		var k [32]byte
		k[0], k[1] = byte(i), byte(i>>8)
		c.put(k, val)
	}
	c.mu.Lock()
	n := len(c.cur) + len(c.old)
	c.mu.Unlock()
	if n*1064 > 10_000+2*1064 {
		t.Errorf("%d entries of ~1 KB kept with a 10 KB budget", n)
	}
	var last [32]byte
	last[0], last[1] = 199, 0
	if _, ok := c.get(last); !ok {
		t.Error("the latest entry was evicted")
	}
	var first [32]byte
	if _, ok := c.get(first); ok {
		t.Error("the oldest entry was kept")
	}
}

// TestCacheUnwritableDir keeps highlighting when the cache directory
// cannot be written, counting the failures.
func TestCacheUnwritableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h := New(Options{CacheDir: file})
	for _, code := range []string{"a: 1\n", "b: 2\n"} {
		if _, err := h.Highlight(Block{Lang: "yaml", Code: []byte(code)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	if h.Stats().DiskErrors != 1 {
		t.Errorf("stats %+v, want one disk error", h.Stats())
	}
}
