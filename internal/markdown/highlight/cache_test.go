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
	h := New(Options{CacheDir: t.TempDir()})
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
}

// TestCacheDisk checks persistence between Highlighters, that a corrupt or
// truncated entry is ignored and rewritten, and that no temporary file is
// left behind.
func TestCacheDisk(t *testing.T) {
	dir := t.TempDir()
	b := Block{Lang: "yml", Code: []byte("kind: Pod\n")}
	first, err := New(Options{CacheDir: dir}).Highlight(b)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 1 || !strings.HasSuffix(files[0], ".html") {
		t.Fatalf("cache files %v, want one entry", files)
	}

	h := New(Options{CacheDir: dir})
	again, _ := h.Highlight(b)
	if again != first || h.Stats().DiskHits != 1 {
		t.Fatalf("second build: %+v, stats %+v; want a disk hit with the same result", again, h.Stats())
	}

	for _, corrupt := range []func([]byte) []byte{
		func(d []byte) []byte { return d[:len(d)-3] },              // truncated
		func(d []byte) []byte { d[len(d)-2] ^= 1; return d },       // flipped bit
		func(d []byte) []byte { return []byte("garbage") },         // not an entry
		func(d []byte) []byte { return append([]byte("x"), d...) }, // bad magic
	} {
		data, _ := os.ReadFile(files[0])
		if err := os.WriteFile(files[0], corrupt(data), 0o644); err != nil {
			t.Fatal(err)
		}
		h := New(Options{CacheDir: dir})
		got, err := h.Highlight(b)
		if err != nil || got != first {
			t.Fatalf("with a corrupt entry: %+v, %v; want the fresh result", got, err)
		}
		if st := h.Stats(); st.DiskHits != 0 || st.DiskErrors != 1 || st.Misses != 1 {
			t.Fatalf("with a corrupt entry: stats %+v", st)
		}
		if data, _ := os.ReadFile(files[0]); !strings.HasPrefix(string(data), diskMagic) {
			t.Fatal("the corrupt entry was not rewritten")
		}
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
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
	if _, err := h.Highlight(Block{Lang: "yaml", Code: []byte("a: 1\n")}); err != nil {
		t.Fatal(err)
	}
	if h.Stats().DiskErrors != 1 {
		t.Errorf("stats %+v, want one disk error", h.Stats())
	}
}
