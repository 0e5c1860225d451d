package markdown

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/internal/markdown/highlight"
	"github.com/docbuild/docbuild/shortcodes"
)

func seedBody(b *testing.B) []byte {
	ar, err := txtar.ParseFile("testdata/render/seed.txtar")
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "in.md" {
			return f.Data
		}
	}
	b.Fatal("no in.md in seed.txtar")
	return nil
}

// BenchmarkSeed parses and renders the user's sample post (about 2.4 KB
// of YAML and transcripts in 7 KB of Markdown):
//
//   - cold: no cache (every block highlighted, fast tokenizers)
//   - cold-chroma: no cache, chroma's lexers and formatter (the baseline)
//   - warm: the highlight cache already holds every block
//   - parse: Parse alone
func BenchmarkSeed(b *testing.B) {
	src := seedBody(b)
	for _, c := range []struct {
		name   string
		hl     highlight.Options
		warm   bool
		render bool
	}{
		{"cold", highlight.Options{MaxMemory: -1}, false, true},
		{"cold-chroma", highlight.Options{MaxMemory: -1, ChromaOnly: true, ChromaFormatter: true}, false, true},
		{"warm", highlight.Options{}, true, true},
		{"parse", highlight.Options{}, false, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := New(Options{HexoBreaks: true, Highlight: c.hl, Shortcodes: &shortcodes.Options{}})
			if c.warm {
				doc, _ := m.Parse(src)
				m.Render(io.Discard, doc)
			}
			var buf bytes.Buffer
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				doc, err := m.Parse(src)
				if err != nil {
					b.Fatal(err)
				}
				if c.render {
					buf.Reset()
					if err := m.Render(&buf, doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkSeed1000 parses and renders 1,000 variants of the seed post (each
// with its own pod name, so every code block differs) on all cores, as a
// site build does; one op is the 1,000 posts. cold: a fresh Markdown (empty
// cache) per op; warm: the same Markdown again.
func BenchmarkSeed1000(b *testing.B) {
	src := seedBody(b)
	posts := make([][]byte, 1000)
	for i := range posts {
		posts[i] = bytes.ReplaceAll(src, []byte("network-demo"), fmt.Appendf(nil, "network-demo-%d", i))
	}
	build := func(m *Markdown) {
		var wg sync.WaitGroup
		next := make(chan []byte)
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf bytes.Buffer
				for p := range next {
					doc, err := m.Parse(p)
					if err != nil {
						b.Error(err)
						continue
					}
					buf.Reset()
					if err := m.Render(&buf, doc); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, p := range posts {
			next <- p
		}
		close(next)
		wg.Wait()
	}
	opts := Options{HexoBreaks: true, Shortcodes: &shortcodes.Options{}}
	// cpu-s/op is the CPU time of the 1,000 posts (all goroutines).
	measure := func(b *testing.B, setup func() *Markdown, each func() *Markdown) {
		m := setup()
		start := cpuTime()
		for b.Loop() {
			if each != nil {
				m = each()
			}
			build(m)
		}
		b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
	b.Run("cold", func(b *testing.B) {
		measure(b, func() *Markdown { return nil }, func() *Markdown { return New(opts) })
	})
	b.Run("warm", func(b *testing.B) {
		measure(b, func() *Markdown { m := New(opts); build(m); return m }, nil)
	})
	b.Run("cold-chroma", func(b *testing.B) {
		o := opts
		o.Highlight = highlight.Options{ChromaOnly: true, ChromaFormatter: true}
		measure(b, func() *Markdown { return nil }, func() *Markdown { return New(o) })
	})
}
