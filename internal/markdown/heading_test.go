package markdown

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestHeadingIDsMatchHexo renders headings whose ids Hexo's own renderer
// produced (testdata/heading-ids.txtar) and expects the same ids: Chinese,
// full-width and accented letters, code spans with <…>, entities, repeats,
// smartypants quotes and dashes.
func TestHeadingIDsMatchHexo(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/heading-ids.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var md, ids []byte
	for _, f := range ar.Files {
		switch f.Name {
		case "headings.md":
			md = f.Data
		case "ids":
			ids = f.Data
		}
	}
	want := strings.Split(strings.TrimSuffix(string(ids), "\n"), "\n")
	m := New(Options{HexoBreaks: true, Smartypants: true})
	doc, err := m.Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var flat func(hs []*Heading)
	flat = func(hs []*Heading) {
		for _, h := range hs {
			got = append(got, h.ID)
			flat(h.Children)
		}
	}
	flat(doc.TOC)
	if len(got) != len(want) {
		t.Fatalf("%d headings, want %d", len(got), len(want))
	}
	lines := strings.Split(string(md), "\n")
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: id %q, Hexo gives %q", lines[i], got[i], want[i])
		}
	}
}

func TestSlugize(t *testing.T) {
	for _, c := range []struct {
		in        string
		transform int
		want      string
	}{
		{"一、 Pod 概念", 0, "一、-Pod-概念"},
		{"  --Hello,  World!--  ", 0, "Hello-World"},
		{"Hello World", 1, "hello-world"},
		{"Hello World", 2, "HELLO-WORLD"},
		{"Crème Brûlée", 0, "Creme-Brulee"},
		{"ＡＢＣ", 0, "ABC"},
		{"a\tb\x01c", 0, "abc"},
		{"a\u3000b\u00a0c", 0, "a-b-c"},
		{"", 0, ""},
		{"---", 0, ""},
	} {
		if got := slugize(c.in, c.transform); got != c.want {
			t.Errorf("slugize(%q, %d) = %q, want %q", c.in, c.transform, got, c.want)
		}
	}
}

func TestStripHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<code>kubectl describe pod <pod 名称></code>", "kubectl describe pod "},
		{"a < b", "a < b"},
		{"x<!-- c -->y", "xy"},
		{`<a title="1>2">t</a>`, "t"},
		{"<b>bold", "bold"},
		{"unclosed <tag", "unclosed "},
	} {
		if got := stripHTML(c.in); got != c.want {
			t.Errorf("stripHTML(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSmartypants(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`"Quoted" and 'single'`, "“Quoted” and ‘single’"},
		{"a -- b --- c", "a – b — c"},
		{"Wait...", "Wait…"},
		{"it's", "it’s"},
		{`成为"绑定"`, "成为”绑定”"}, // Hexo's (wrong) curl next to CJK
		{`\"kept\"`, `\"kept\"`},
		{"-----", "—–"},
		{"no change", "no change"},
	} {
		if got := smartypants(c.in); got != c.want {
			t.Errorf("smartypants(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
