package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/internal/page"
)

// seedPost returns the user's sample post from the seed mini-site.
func seedPost(tb testing.TB) string {
	tb.Helper()
	ar, err := txtar.ParseFile("testdata/sites/hexo-seed.txtar")
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "source/_posts/k8s-pod.md" {
			return string(f.Data)
		}
	}
	tb.Fatal("no seed post")
	return ""
}

// genSite writes a Hexo tree of n posts like the seed, each with its own names, numbers and
// dates (so that no two code blocks are identical and the highlight cache cannot collapse
// them), 20 categories and 50 tags.
func genSite(tb testing.TB, n int) string {
	tb.Helper()
	seed := seedPost(tb)
	dir := tb.TempDir()
	posts := filepath.Join(dir, "source", "_posts")
	if err := os.MkdirAll(posts, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "_config.yml"), []byte("title: Bench\nlanguage: zh-CN\ntimezone: Asia/Shanghai\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		date := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour)
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

// BenchmarkBuild builds sites of seed-like posts in memory, with a cold highlight cache
// each time (every iteration makes its own Markdown processor).
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			dir := genSite(b, n)
			cfg, err := page.LoadConfig(dir)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := cpuTime()
			for i := 0; i < b.N; i++ {
				res, err := Build(context.Background(), cfg, Options{Now: now})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Site.Posts) != n {
					b.Fatalf("%d posts built", len(res.Site.Posts))
				}
			}
			// CPU time of the build (all goroutines): steadier than wall time on a
			// shared machine.
			b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkWrite writes a built site of 1,000 posts, then rewrites it unchanged.
func BenchmarkWrite(b *testing.B) {
	dir := genSite(b, 1000)
	cfg, err := page.LoadConfig(dir)
	if err != nil {
		b.Fatal(err)
	}
	res, err := Build(context.Background(), cfg, Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Write(out, res.Files); err != nil {
			b.Fatal(err)
		}
	}
}
