package highlight

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"golang.org/x/tools/txtar"
)

func loadCorpus(t testing.TB, name string) []txtar.File {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if len(ar.Files) == 0 {
		t.Fatalf("%s: empty corpus", name)
	}
	return ar.Files
}

func joinTokens(toks []chroma.Token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.Value)
	}
	return b.String()
}

// category is what a reader sees of a token: the classes the agreement
// test compares.
type category byte

const (
	catOther category = iota
	catKey
	catString
	catNumber
	catComment
)

func (c category) String() string {
	return [...]string{"other", "key", "string", "number", "comment"}[c]
}

func categoryOf(tt chroma.TokenType) category {
	switch {
	case tt == chroma.NameTag:
		return catKey
	case tt.InSubCategory(chroma.LiteralString):
		return catString
	case tt.InSubCategory(chroma.LiteralNumber):
		return catNumber
	case tt.InCategory(chroma.Comment) && tt != chroma.CommentPreproc:
		return catComment
	}
	return catOther
}

// byteCategories gives the category of every byte of the text.
func byteCategories(toks []chroma.Token) []category {
	var out []category
	for _, t := range toks {
		c := categoryOf(t.Type)
		for range len(t.Value) {
			out = append(out, c)
		}
	}
	return out
}

// TestYAMLAgreesWithChroma checks the fast YAML tokenizer against chroma's
// YAML lexer on a corpus of real manifests: the text is reconstructed byte
// for byte, and on the bytes chroma shows as a key, string, number or
// comment (and those the fast tokenizer shows so), both agree, within a
// budget of 1% of the compared bytes. The disagreements left on this corpus
// (logged with -v) are chroma's mistakes: a flow map's value read as a key
// ({app: web, …}), a quoted string after a plain one in a flow sequence
// read as plain, the ": " after a quoted key coloured as the key, and
// upper-case hex digits (0x1F) not read as a number.
func TestYAMLAgreesWithChroma(t *testing.T) {
	total, differ := 0, 0
	for _, f := range loadCorpus(t, "yaml/corpus.txtar") {
		code := string(f.Data)
		fast := TokenizeYAML(nil, code)
		if got := joinTokens(fast); got != code {
			t.Fatalf("%s: tokens do not reconstruct the text", f.Name)
		}
		slow := ChromaTokens("yaml", code)
		if got := joinTokens(slow); got != code {
			t.Fatalf("%s: chroma's tokens do not reconstruct the text", f.Name)
		}
		fc, sc := byteCategories(fast), byteCategories(slow)
		var report []string
		lastLine := -1
		for i := 0; i < len(code); i++ {
			if code[i] == ' ' || code[i] == '\n' || code[i] == '\t' {
				continue
			}
			if fc[i] == catOther && sc[i] == catOther {
				continue
			}
			total++
			if fc[i] == sc[i] {
				continue
			}
			differ++
			if l := lineOf(code, i); l != lastLine && len(report) < 10 {
				lastLine = l
				j := i
				for j < len(code) && fc[j] == fc[i] && sc[j] == sc[i] && code[j] != '\n' {
					j++
				}
				report = append(report, fmt.Sprintf("%s:%d: %q: %q fast=%s chroma=%s", f.Name, l, lineAt(code, i), code[i:j], fc[i], sc[i]))
			}
		}
		for _, r := range report {
			t.Log(r)
		}
	}
	if total < 5000 {
		t.Fatalf("only %d bytes compared: the corpus is too small", total)
	}
	if differ*100 > total {
		t.Errorf("fast and chroma tokenizers disagree on %d of %d bytes (budget 1%%)", differ, total)
	}
	t.Logf("compared %d bytes, %d differ", total, differ)
}

func lineOf(s string, i int) int { return strings.Count(s[:i], "\n") + 1 }

func lineAt(s string, i int) string {
	a := strings.LastIndexByte(s[:i], '\n') + 1
	b := strings.IndexByte(s[i:], '\n')
	if b < 0 {
		return s[a:]
	}
	return s[a : i+b]
}
