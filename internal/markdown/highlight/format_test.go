package highlight

import (
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

type formatCase struct {
	name        string
	lineNumbers bool
	base        int
	marked      [][2]int
}

var formatCases = []formatCase{
	{"plain", false, 1, nil},
	{"linenos", true, 1, nil},
	{"linenos-from-95", true, 95, nil},
	{"marked", false, 1, [][2]int{{2, 3}, {7, 7}}},
	{"marked-overlapping", true, 1, [][2]int{{1, 4}, {2, 2}, {9, 12}}},
}

// chromaFormat runs chroma's own HTML formatter as Highlighter does.
func chromaFormat(t testing.TB, toks []chroma.Token, c formatCase) []byte {
	t.Helper()
	var buf bytes.Buffer
	f := newFormatter(c.lineNumbers, c.base, sortedRanges(c.marked))
	if err := f.Format(&buf, New(Options{}).style, chroma.Literator(toks...)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFormatMatchesChroma checks that formatHTML writes exactly the bytes
// chroma's formatter writes, on every corpus text tokenized both by the
// fast tokenizers and by chroma's lexers.
func TestFormatMatchesChroma(t *testing.T) {
	var texts []struct{ name, lang, code string }
	for _, corpus := range []string{"yaml/corpus.txtar", "shell/corpus.txtar"} {
		for _, f := range loadCorpus(t, corpus) {
			lang := "yaml"
			switch {
			case bytes.HasSuffix([]byte(f.Name), []byte(".console")):
				lang = "console"
			case bytes.HasSuffix([]byte(f.Name), []byte(".sh")):
				lang = "bash"
			}
			texts = append(texts, struct{ name, lang, code string }{f.Name, lang, string(f.Data)})
		}
	}
	texts = append(texts, struct{ name, lang, code string }{"no-final-newline", "go", "package x\n\nfunc f() { return \"<&>\" }"})
	for _, tx := range texts {
		streams := map[string][]chroma.Token{"chroma": ChromaTokens(tx.lang, tx.code)}
		switch tx.lang {
		case "yaml":
			streams["fast"] = TokenizeYAML(nil, tx.code)
		case "console":
			streams["fast"] = TokenizeConsole(nil, tx.code)
		case "bash":
			streams["fast"] = TokenizeShell(nil, tx.code)
		}
		for sname, toks := range streams {
			for _, c := range formatCases {
				want := chromaFormat(t, toks, c)
				var got bytes.Buffer
				formatHTML(&got, toks, c.lineNumbers, c.base, sortedRanges(c.marked))
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("%s (%s tokens, %s): formatHTML differs from chroma's formatter:\n got %.300q\nwant %.300q",
						tx.name, sname, c.name, got.Bytes(), want)
				}
			}
		}
	}
}

// FuzzFormat compares formatHTML with chroma's formatter on arbitrary text
// tokenized as a transcript and as YAML, including empty tokens.
func FuzzFormat(f *testing.F) {
	f.Add("a\nb\n", uint8(0))
	f.Add("$ echo '<&>'\nout\n\n", uint8(3))
	f.Add("k: v\n\n\n", uint8(7))
	f.Fuzz(func(t *testing.T, code string, opt uint8) {
		c := formatCases[int(opt)%len(formatCases)]
		for _, toks := range [][]chroma.Token{
			TokenizeConsole(nil, code),
			TokenizeYAML(nil, code),
			{{Type: chroma.Keyword, Value: ""}, {Type: chroma.Text, Value: code}, {Type: chroma.Text, Value: ""}},
		} {
			want := chromaFormat(t, toks, c)
			var got bytes.Buffer
			formatHTML(&got, toks, c.lineNumbers, c.base, sortedRanges(c.marked))
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("formatHTML differs from chroma's formatter (%s):\n got %q\nwant %q", c.name, got.Bytes(), want)
			}
		}
	})
}
