package shortcodes

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The expectations marked "hexo" were printed by Hexo 8.1.2 for a tag
// registered to dump its arguments (hexo.extend.tag.render).
func TestSplitArgs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`a b  c`, []string{"a", "b", "c"}},                        // hexo
		{`"a b" c`, []string{"a b", "c"}},                          // hexo
		{`'a "b' c`, []string{`a "b`, "c"}},                        // hexo
		{`a"b c"d`, []string{`a"b`, `c"d`}},                        // hexo
		{`"" x`, []string{"x"}},                                    // hexo
		{`" y "`, []string{"y"}},                                   // hexo
		{`"a\"b"`, []string{`a"b`}},                                // hexo
		{`"a\nb\tc\\d\x"`, []string{"a\nb\tc\\dx"}},                // hexo
		{`a\ b`, []string{`a\`, "b"}},                              // hexo
		{`1.5 2 true none`, []string{"1.5", "2", "true", "none"}},  // hexo
		{`a,b:c|d`, []string{"a,b:c|d"}},                           // hexo
		{`mark:1-3`, []string{"mark:1-3"}},                         // hexo
		{`http://x.com/p?q=1#h`, []string{"http://x.com/p?q=1#h"}}, // hexo
		{`-1 +2`, []string{"-1", "+2"}},                            // hexo
		{"a\nb", []string{"a", "b"}},                               // hexo
		{` é ü`, []string{"é", "ü"}},                               // hexo
		{`title:"My title" x`, []string{"title:My title", "x"}},
		{`"a""b"`, []string{"ab"}},
		{`Don't panic, it's fine`, []string{"Don't", "panic,", "it's", "fine"}},
		{`'unclosed quote`, []string{"'unclosed", "quote"}},
		{"\"a\nb\"", []string{`"a`, `b"`}}, // a string ends on its line
		{"a\u00a0b", []string{"a", "b"}},
		{`/a/r/b.png`, []string{"/a/r/b.png"}},
		{`a}}b`, []string{"a}}b"}},
		{``, []string{}},
		{`   `, []string{}},
	} {
		got := SplitArgs(tc.in)
		if !slices.Equal(got, tc.want) {
			t.Errorf("SplitArgs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScanTag(t *testing.T) {
	for _, tc := range []struct {
		line      string
		ok        bool
		name      string
		args      []string
		rest      string // what follows the tag
		nameStart int
	}{
		{line: `{% note info %}rest`, ok: true, name: "note", args: []string{"info"}, rest: "rest", nameStart: 3},
		{line: `{%note info%}`, ok: true, name: "note", args: []string{"info"}, nameStart: 2},
		{line: `{%- note info -%}x`, ok: true, name: "note", args: []string{"info"}, rest: "x", nameStart: 4},
		{line: `{% note info-%}`, ok: true, name: "note", args: []string{"info"}, nameStart: 3},
		{line: `{% note "50%} done" %} after`, ok: true, name: "note", args: []string{"50%} done"}, rest: " after", nameStart: 3},
		{line: `{% note It's 50%} done %}`, ok: true, name: "note", args: []string{"It's", "50"}, rest: " done %}", nameStart: 3},
		{line: `{% include_code a.js %}`, ok: true, name: "include_code", args: []string{"a.js"}, nameStart: 3},
		{line: `{% note:info %}`, ok: true, name: "note", args: []string{":info"}, nameStart: 3},
		{line: `{% note`, ok: false},
		{line: "{% note\n%}", ok: false},
		{line: `{% %}`, ok: false},
		{line: `{% "x" %}`, ok: false},
		{line: `{% 42 %}`, ok: false},
		{line: `{ % note %}`, ok: false},
	} {
		tok, ok := scanTag([]byte(tc.line), 0)
		if ok != tc.ok {
			t.Errorf("scanTag(%q) ok = %v", tc.line, ok)
			continue
		}
		if !ok {
			continue
		}
		if tok.name != tc.name || !slices.Equal(argTexts(tok.args), tc.args) || tc.line[tok.end:] != tc.rest || tok.nameStart != tc.nameStart {
			t.Errorf("scanTag(%q) = name %q args %q rest %q nameStart %d", tc.line, tok.name, argTexts(tok.args), tc.line[tok.end:], tok.nameStart)
		}
	}
}

// checkArgs checks properties of the arguments of any input: each is
// non-empty and trimmed, and its pieces are source ranges, in order,
// whose bytes are the argument's bytes (escapes aside).
func checkArgs(t *testing.T, in string, args []arg) {
	t.Helper()
	last := -1
	for _, a := range args {
		if a.text == "" {
			t.Fatalf("%q: empty argument", in)
		}
		if lo, hi := trimJSSpace([]byte(a.text)); lo != 0 || hi != len(a.text) {
			t.Fatalf("%q: argument %q is not trimmed", in, a.text)
		}
		var b strings.Builder
		for _, p := range a.pieces {
			if p.start <= last || p.end <= p.start || p.end > len(in) {
				t.Fatalf("%q: bad piece %v of %q", in, p, a.text)
			}
			last = p.end - 1
			b.WriteString(in[p.start:p.end])
		}
		if !strings.ContainsRune(in, '\\') && b.String() != a.text {
			t.Fatalf("%q: pieces of %q read %q", in, a.text, b.String())
		}
	}
}

// FuzzSplitArgs checks that splitting never panics and keeps its
// properties, and that words without quotes, backslashes or spaces come
// back as they were, alone or quoted.
func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{`a b`, `"a b" c`, `'x' "y\"z"`, `Don't`, `a:"b c"`, "x\u00a0y", `"\"`, `''`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkArgs(t, s, splitArgs([]byte(s), 0))
		if strings.ContainsAny(s, "\"'\\") {
			return
		}
		words := SplitArgs(s)
		if got := SplitArgs(strings.Join(words, " ")); !slices.Equal(got, words) {
			t.Fatalf("re-splitting %q gave %q", words, got)
		}
		if len(words) > 0 {
			quoted := `"` + strings.Join(words, " ") + `"`
			if got := SplitArgs(quoted); len(got) != 1 || got[0] != strings.Join(words, " ") {
				t.Fatalf("SplitArgs(%s) = %q", quoted, got)
			}
		}
	})
}

// FuzzScanTag checks that a tag found in any line lies inside it, starts
// with {% and ends with %}, and that its name is a symbol.
func FuzzScanTag(f *testing.F) {
	for _, s := range []string{`{% note info %}`, `{%- a "b %}" -%}`, `{% x`, `{%%}`, `{% 'a %}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.HasPrefix(s, "{%") {
			s = "{%" + s
		}
		tok, ok := scanTag([]byte(s), 0)
		if !ok {
			return
		}
		if tok.end > len(s) || !strings.HasSuffix(s[:tok.end], "%}") || strings.ContainsRune(s[:tok.end], '\n') {
			t.Fatalf("%q: tag ends at %d", s, tok.end)
		}
		if tok.name == "" || strings.ContainsAny(tok.name, " \t%{}") {
			t.Fatalf("%q: name %q", s, tok.name)
		}
		checkArgs(t, s, tok.args)
	})
}
