package site

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode"
)

// refCountWords and refCollapseSpace are the first, rune-by-rune versions of countWords and
// collapseSpace: the fast ones must agree with them on every input.
func refCountWords(s string) int {
	n := 0
	inWord := false
	for _, r := range s {
		switch {
		case isCJK(r):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		case r == '\'' || r == '-' || r == '_' || r == '.':
		default:
			inWord = false
		}
	}
	return n
}

func refCollapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func textCases() []string {
	return []string{
		"", " ", "a", "  hello   world \n", "don't kube-proxy v1.37 x_y", "在 Kubernetes（K8s）里，Pod 是最小的",
		"tab\tsep\u00a0nbsp\u3000ideographic\u2028line", "\xff\xfe bad \xe4\xb8 utf8", "Ünïcödé wörds ＡＢＣ１２３",
		"カタカナ ひらがな 한국어 mixed123abc", "\u0085next\u200bzero-width", "x\ry\fz\vw",
	}
}

func TestTextFastPathsMatchReference(t *testing.T) {
	for _, s := range textCases() {
		if got, want := countWords([]byte(s)), refCountWords(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
		if got, want := collapseSpace([]byte(s)), refCollapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTextFastPaths(f *testing.F) {
	for _, s := range textCases() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countWords([]byte(s)), refCountWords(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
		if got, want := collapseSpace([]byte(s)), refCollapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestSearchIsEncodingJSON checks that search.json, written entry by entry, has the bytes
// encoding/json gives for the whole slice.
func TestSearchIsEncodingJSON(t *testing.T) {
	for _, site := range []string{"testdata/sites/native.txtar", "testdata/sites/hexo-seed.txtar"} {
		res := mustBuild(t, site, Options{})
		got := res.Files["search.json"]
		var entries []searchEntry
		if err := json.Unmarshal(got, &entries); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(entries); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: search.json differs from encoding/json's:\n%s\n%s", site, got, want.Bytes())
		}
	}
}
