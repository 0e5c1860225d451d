package serve

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/internal/serve/watch"
)

// genSite writes a Hexo tree of n posts like the seed post, each with its own names,
// numbers and dates (so that no two code blocks are the same and the highlight cache
// cannot collapse them), 20 categories and 50 tags.
func genSite(tb testing.TB, n int) string {
	tb.Helper()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		tb.Fatal(err)
	}
	var seed, config string
	for _, f := range ar.Files {
		switch f.Name {
		case seedFile:
			seed = string(f.Data)
		case "_config.yml":
			config = string(f.Data)
		}
	}
	dir := tb.TempDir()
	posts := filepath.Join(dir, "source", "_posts")
	if err := os.MkdirAll(posts, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "_config.yml"), []byte(config), 0o644); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		date := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour)
		r := strings.NewReplacer(
			"title: K8S 深入学习 (一) --- POD 篇", fmt.Sprintf("title: K8S 深入学习 (%d) --- POD 篇", i),
			"date: 2025-08-15 15:37:00", "date: "+date.Format(time.DateTime),
			"- [K8S]", fmt.Sprintf("- [K8S]\n- [Topic%d]", i%20),
			"- pod", fmt.Sprintf("- pod\n- tag%d", i%50),
			"network-demo", fmt.Sprintf("network-demo-%d", i),
			"containerPort: 80", fmt.Sprintf("containerPort: %d", 8000+i%1000),
			"image: nginx", fmt.Sprintf("image: nginx:1.%d", 20+i%10),
			"3m50s ago", fmt.Sprintf("%dm%ds ago", 1+i%9, 10+i%50),
		)
		name := filepath.Join(posts, fmt.Sprintf("post-%05d.md", i))
		if err := os.WriteFile(name, []byte(r.Replace(seed)), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkEditReload measures what the writer waits for: from saving a post to the reload
// event of its open page (debounce, whole-site build in memory, swap, diff, push), on
// generated sites of seed-like posts, with a warm highlight cache and no check. It reports
// the median and the 90th percentile of the edits.
func BenchmarkEditReload(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			dir := genSite(b, n)
			r := start(b, dir, Options{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
			sn := r.s.snap.Load()
			target := fmt.Sprintf("source/_posts/post-%05d.md", n/2)
			page := ""
			for out, src := range sn.sources {
				if strings.HasSuffix(src, filepath.FromSlash(target)) {
					page = "/" + strings.TrimSuffix(out, "index.html")
				}
			}
			if page == "" {
				b.Fatalf("no page for %s", target)
			}
			src := readFile(b, dir, target)
			edit := func(i int) time.Duration {
				ev := r.subscribe(b, page, "")
				ev.next(b, "status")
				text := strings.Replace(src, "Pod 概念", fmt.Sprintf("Pod 概念 %d", i), 1)
				start := time.Now()
				writeFile(b, dir, target, text)
				ev.next(b, "reload")
				d := time.Since(start)
				ev.cancel()
				return d
			}
			edit(-1) // the first rebuild after the start fills caches
			var times []time.Duration
			cpu0 := cpuTime(b)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				times = append(times, edit(i))
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "ms-p90")
		})
	}
}

// BenchmarkRebuild measures one rebuild of the server alone (no watcher, no browser): the
// whole-site build in memory with the theme and highlight cache of the previous builds,
// then the snapshot (change detection against the previous one, source hashes). The
// profile of this benchmark is where an edit's time goes.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			dir := genSite(b, n)
			ln, err := Listen("127.0.0.1", 0, false)
			if err != nil {
				b.Fatal(err)
			}
			defer ln.Close()
			s, err := New(Options{Dir: dir, Listener: ln, CacheDir: b.TempDir(),
				Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
			if err != nil {
				b.Fatal(err)
			}
			s.cacheDir = s.opts.CacheDir
			target := filepath.Join(dir, "source/_posts", fmt.Sprintf("post-%05d.md", n/2))
			src := readFile(b, dir, strings.TrimPrefix(target, dir+"/"))
			ctx := b.Context()
			s.rebuild(ctx, watch.Batch{Rescan: true})
			changed := 0
			s.afterSwap = func(_, _ *snapshot, c []string) { changed = len(c) }
			cpu0 := cpuTime(b)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := os.WriteFile(target, []byte(strings.Replace(src, "Pod 概念", fmt.Sprintf("Pod 概念 %d", i), 1)), 0o644); err != nil {
					b.Fatal(err)
				}
				// Labelled, so that a profile can leave out the first build:
				// go tool pprof -tagfocus phase=edit.
				pprof.Do(ctx, pprof.Labels("phase", "edit"), func(ctx context.Context) {
					s.rebuild(ctx, watch.Batch{Paths: []string{target}})
				})
				if len(s.snap.Load().problems) > 0 || changed == 0 {
					b.Fatalf("rebuild: %d problems, %d changed", len(s.snap.Load().problems), changed)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(changed), "files-changed")
		})
	}
}

// cpuTime is the CPU time (user and system, every thread) the process has used: with the
// wall time, it tells a slow build from a busy machine.
func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
