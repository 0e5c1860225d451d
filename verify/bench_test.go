package verify

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
)

// BenchmarkSeed checks the seed post end to end (read, extract, simulate, match).
func BenchmarkSeed(b *testing.B) {
	src, err := os.ReadFile("testdata/seed/000_b96f6f29b8d6a1b6.md")
	if err != nil {
		b.Fatal(err)
	}
	c := New(Options{Cluster: Simulator()})
	b.ReportAllocs()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		if r := c.Check("seed.md", src); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	b.ReportMetric((cpuTime()-start).Seconds()*1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkCorpusLike1000 checks 1,000 corpus-like posts (the 36 corpus posts and the seed,
// round robin), in parallel across posts, one op being the whole batch.
func BenchmarkCorpusLike1000(b *testing.B) {
	files, _ := filepath.Glob("testdata/corpus/*.md")
	files = append(files, "testdata/seed/000_b96f6f29b8d6a1b6.md")
	var posts [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		posts = append(posts, src)
	}
	c := New(Options{Cluster: Simulator()})
	// As docbuild check runs (unless the environment says otherwise).
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryLimit))
	}
	b.ResetTimer()
	// cpu-s/op is the CPU time of the 1,000 posts (all goroutines, the GC included).
	start := cpuTime()
	defer func() { b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op") }()
	for i := 0; i < b.N; i++ {
		next := make(chan int)
		var wg sync.WaitGroup
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range next {
					c.Check("post.md", posts[n%len(posts)])
				}
			}()
		}
		for n := 0; n < 1000; n++ {
			next <- n
		}
		close(next)
		wg.Wait()
	}
}
