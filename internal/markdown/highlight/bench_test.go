package highlight

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// corpusText joins the files of a test corpus whose names end in suffix.
func corpusText(b *testing.B, name, suffix string) string {
	var s strings.Builder
	for _, f := range loadCorpus(b, name) {
		if strings.HasSuffix(f.Name, suffix) {
			s.Write(f.Data)
		}
	}
	return s.String()
}

// BenchmarkTokenize compares the fast tokenizers with chroma's lexers on
// the same text; MB/s ÷ 1000 is KB per millisecond.
func BenchmarkTokenize(b *testing.B) {
	yaml := corpusText(b, "yaml/corpus.txtar", ".yaml")
	console := corpusText(b, "shell/corpus.txtar", ".console")
	cases := []struct {
		name, code string
		fast       func([]chroma.Token, string) []chroma.Token
		lang       string
	}{
		{"yaml", yaml, TokenizeYAML, "yaml"},
		{"console", console, TokenizeConsole, "console"},
	}
	for _, c := range cases {
		b.Run(c.name+"/fast", func(b *testing.B) {
			b.SetBytes(int64(len(c.code)))
			var toks []chroma.Token
			for b.Loop() {
				toks = c.fast(toks[:0], c.code)
			}
		})
		b.Run(c.name+"/chroma", func(b *testing.B) {
			b.SetBytes(int64(len(c.code)))
			for b.Loop() {
				ChromaTokens(c.lang, c.code)
			}
		})
	}
}

// BenchmarkHighlight measures a whole block (tokenize + chroma's HTML
// formatter), uncached, fast tokenizer vs chroma's lexer, and a cache hit.
func BenchmarkHighlight(b *testing.B) {
	yaml := corpusText(b, "yaml/corpus.txtar", ".yaml")
	console := corpusText(b, "shell/corpus.txtar", ".console")
	for _, c := range []struct{ lang, code string }{{"yaml", yaml}, {"console", console}} {
		for _, v := range []struct {
			name string
			opts Options
		}{
			{"fast", Options{MaxMemory: -1}},
			{"chroma", Options{MaxMemory: -1, ChromaOnly: true}},
			{"cached", Options{}},
		} {
			b.Run(c.lang+"/"+v.name, func(b *testing.B) {
				h := New(v.opts)
				blk := Block{Lang: c.lang, Code: []byte(c.code)}
				b.SetBytes(int64(len(c.code)))
				for b.Loop() {
					if _, err := h.Highlight(blk); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
