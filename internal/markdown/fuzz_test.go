package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse renders arbitrary Markdown with and without the CJK-friendly
// emphasis parser: neither may fail, and for text without CJK characters
// both give the same HTML.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"**说明:**后面", "*a* _b_ **c** __d__", "***x** y*", "a **b\nc** d", "- `x`\n\n  ``` yml\n  a: 1\n  ```\n",
		"|a|b|\n|--|--|\n|\tc|d|\n", "[^1]\n\n[^1]: n", "<!-- more -->", "# 标题\n## 标题", "{% note %}\nx\n{% endnote %}",
	} {
		f.Add(s)
	}
	cjk := New(Options{HexoBreaks: true})
	strict := New(Options{HexoBreaks: true, StrictEmphasis: true})
	f.Fuzz(func(t *testing.T, src string) {
		render := func(m *Markdown) string {
			doc, err := m.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := m.Render(&b, doc); err != nil {
				t.Fatal(err)
			}
			if err := m.RenderExcerpt(&b, doc); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		a, b := render(cjk), render(strict)
		for _, r := range src {
			if r >= 0x1100 {
				return
			}
		}
		if a != b {
			t.Errorf("CJK-free text renders differently with the CJK-friendly parser:\n%q\n%q", a, b)
		}
	})
}

// FuzzInfo reads arbitrary info strings: the language is one word, line
// ranges are valid.
func FuzzInfo(f *testing.F) {
	for _, s := range []string{"yaml", " yml", `yaml title="pod.yaml"`, "yaml file=a.yaml linenos start=5 hl_lines=\"1 3-4\"",
		"yaml Pod https://x.y/z raw", "yaml:pod.yaml", "go {linenos=true}", `x a="b c`, "x mark=3-1,0,-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, info string) {
		var cb CodeBlock
		applyInfo(&cb, info)
		if strings.ContainsAny(cb.Lang, " \t{") {
			t.Errorf("language %q has blanks", cb.Lang)
		}
		for _, r := range cb.Marked {
			if r[0] < 1 || r[1] < r[0] {
				t.Errorf("bad range %v", r)
			}
		}
	})
}

// FuzzAnchorID computes heading ids from arbitrary text: an id never has
// ASCII punctuation or blanks (but "-" between words), never starts or
// ends with "-", never holds "--".
func FuzzAnchorID(f *testing.F) {
	for _, s := range []string{"一、 Pod 概念", "<code>a <b> c</code>", "Crème  brûlée!", "a\u3000b", "<!-- x -->y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		id := anchorID(s, 0)
		if strings.HasPrefix(id, "-") || strings.HasSuffix(id, "-") || strings.Contains(id, "--") {
			t.Errorf("id %q", id)
		}
		for _, r := range id {
			if r != '-' && isSlugSpecial(r) || r < 0x20 {
				t.Errorf("id %q keeps %q", id, r)
			}
		}
	})
}

// FuzzSmartypants changes only what it replaces: mapping the typographic
// characters back gives the input.
func FuzzSmartypants(f *testing.F) {
	for _, s := range []string{`"a" 'b' -- --- ...`, `\"x\"`, "it's", "----"} {
		f.Add(s)
	}
	back := strings.NewReplacer("—", "---", "–", "--", "…", "...", "‘", "'", "’", "'", "“", `"`, "”", `"`)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "—–…‘’“”") {
			return
		}
		if got := back.Replace(smartypants(s)); got != s {
			t.Errorf("smartypants(%q) maps back to %q", s, got)
		}
	})
}

// FuzzSmartMayChange checks the shortcut that skips smartypants: when it says a text cannot
// change, smartypants returns it unchanged.
func FuzzSmartMayChange(f *testing.F) {
	for _, s := range []string{"", "a-b", "a--b", "1.37", "wait...", "it's", `"q"`, "a-\xff", "\\-\\-", "x.\xe4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !smartMayChange(s) && smartypants(s) != s {
			t.Errorf("smartMayChange(%q) = false, but smartypants changes it to %q", s, smartypants(s))
		}
		if smartMayChange(s) != smartMayChange([]byte(s)) {
			t.Errorf("smartMayChange differs for %q as string and bytes", s)
		}
	})
}
