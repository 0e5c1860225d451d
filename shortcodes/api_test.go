package shortcodes_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/docbuild/docbuild/shortcodes"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/tools/txtar"
)

// TestTree checks the nodes a walker such as the check command sees.
func TestTree(t *testing.T) {
	src := []byte(`Intro {% label info@x %} and {% raw %}{{ y }}{% endraw %}.

- item
  {% note warning Read me %}
  ` + "```yaml" + `
  kind: Pod
  ` + "```" + `
  {% endnote %}

{% codeblock pod.yaml lang:yaml %}
  kind: Pod
  metadata: {}
{% endcodeblock %}

{% asset_img diagram.png %}

Inline {% note info %}a *b*{% endnote %}.
`)
	e := env{opts: shortcodes.Options{}}
	_, errs, doc := e.convert(t, src)
	if errs != "" {
		t.Fatalf("errors: %s", errs)
	}
	type seen struct {
		kind string
		name string
		args []string
		line int
	}
	var got []seen
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *shortcodes.Block:
			got = append(got, seen{"block", n.Name, n.Args, n.Line})
		case *shortcodes.Inline:
			got = append(got, seen{"inline", n.Name, n.Args, n.Line})
		case *ast.FencedCodeBlock:
			got = append(got, seen{"fence", string(n.Language(src)), []string{string(n.Lines().Value(src))}, bytes.Count(src[:n.Lines().At(0).Start], []byte("\n")) + 1})
		}
		return ast.WalkContinue, nil
	})
	want := []seen{
		{"inline", "label", []string{"info@x"}, 1},
		{"inline", "raw", nil, 1},
		{"block", "note", []string{"warning", "Read", "me"}, 4},
		{"fence", "yaml", []string{"kind: Pod\n"}, 6},
		{"block", "codeblock", []string{"pod.yaml", "lang:yaml"}, 10},
		{"block", "asset_img", []string{"diagram.png"}, 15},
		{"inline", "note", []string{"info"}, 17},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("walk:\n got %v\nwant %v", got, want)
	}
	bs := blocks(doc)
	note := bs[0]
	if _, ok := note.FirstChild().(*shortcodes.Summary); !ok {
		t.Errorf("note's first child is %T, want *Summary", note.FirstChild())
	}
	cb := bs[1]
	if !cb.IsRaw() || cb.Code == nil || cb.Code.Lang != "yaml" || cb.Code.Options.Caption != "pod.yaml" ||
		string(cb.Code.Text) != "kind: Pod\nmetadata: {}" || cb.Lines().Len() != 2 {
		t.Errorf("codeblock: raw %v, code %+v, %d lines", cb.IsRaw(), cb.Code, cb.Lines().Len())
	}
	if img := bs[2]; img.Post != thePost || !img.Single() {
		t.Errorf("asset_img: Post %q, Single %v", img.Post, img.Single())
	}
	var inlineNote *shortcodes.Inline
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if in, ok := n.(*shortcodes.Inline); ok && entering && in.Name == "note" {
			inlineNote = in
		}
		return ast.WalkContinue, nil
	})
	if inlineNote == nil || inlineNote.ChildCount() != 2 {
		t.Fatalf("inline note: %v", inlineNote)
	}
	if _, ok := inlineNote.LastChild().(*ast.Emphasis); !ok {
		t.Errorf("inline note's children end with %T, want *ast.Emphasis", inlineNote.LastChild())
	}
}

// TestErrorsAreLines checks Errors' order and the line numbers against the
// text they point at, on a document where they are far apart.
func TestErrorsAreLines(t *testing.T) {
	var src strings.Builder
	for i := 1; i <= 40; i++ {
		switch i {
		case 7:
			src.WriteString("{% note info %}\n")
		case 20:
			src.WriteString("text {% nosuchtag %}\n")
		case 31:
			src.WriteString("{% endpullquote %}\n")
		default:
			fmt.Fprintf(&src, "line %d\n\n", i)
		}
	}
	e := env{opts: shortcodes.Options{}}
	_, errs, _ := e.convert(t, []byte(src.String()))
	lines := strings.Split(src.String(), "\n")
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(errs), "\n") {
		var n int
		var msg string
		if _, err := fmt.Sscanf(l, "line %d:", &n); err != nil {
			t.Fatalf("error %q: %v", l, err)
		}
		msg = lines[n-1]
		got = append(got, msg)
	}
	want := []string{"{% note info %}", "text {% nosuchtag %}", "{% endpullquote %}"}
	if !slices.Equal(got, want) {
		t.Errorf("errors point at %q, want %q\n%s", got, want, errs)
	}
}

// TestMissing lists the references the Resolver cannot find, with lines,
// and uses the post recorded with WithPost for assets.
func TestMissing(t *testing.T) {
	src := []byte(`{% post_link hello-world %} {% post_link nope#x %}

{% post_path gone %}

{% asset_img a b diagram.png %}

{% asset_img left missing.png %}

{% asset_link spec.pdf %} {% asset_path nope.txt %}
`)
	for _, tc := range []struct {
		post string
		want []string
	}{
		{thePost, []string{
			`line 1: post_link: post "nope" not found`,
			`line 3: post_path: post "gone" not found`,
			`line 7: asset_img: none of ["left" "missing.png"] is an asset of the post`,
			`line 9: asset_path: asset "nope.txt" not found`,
		}},
		{"_posts/other.md", []string{
			`line 1: post_link: post "nope" not found`,
			`line 3: post_path: post "gone" not found`,
			`line 5: asset_img: none of ["a" "b" "diagram.png"] is an asset of the post`,
			`line 7: asset_img: none of ["left" "missing.png"] is an asset of the post`,
			`line 9: asset_link: asset "spec.pdf" not found`,
			`line 9: asset_path: asset "nope.txt" not found`,
		}},
	} {
		md := goldmark.New(goldmark.WithExtensions(shortcodes.New(shortcodes.Options{Resolver: resolver{}})))
		pc := parser.NewContext()
		shortcodes.WithPost(pc, tc.post)
		doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
		var got []string
		for _, err := range shortcodes.Missing(doc, resolver{}) {
			got = append(got, err.Error())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("post %s:\n got %q\nwant %q", tc.post, got, tc.want)
		}
		if n := len(shortcodes.Missing(doc, nil)); n != 7 {
			t.Errorf("post %s: %d missing without a resolver, want all 7", tc.post, n)
		}
	}
}

// TestNoTagsNoChange: a document without "{%" renders exactly as without
// the extension.
func TestNoTagsNoChange(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/cases/seed.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range [][]byte{
		bytes.ReplaceAll(ar.Files[0].Data, []byte("{%"), []byte("{ %")),
		[]byte("{{ .Values.x }} and {# c #} and {x} `{%`\n"),
	} {
		if bytes.Contains(stripCode(src), []byte("{%")) {
			t.Fatal("test input has a tag")
		}
		if with, without := render(t, src, true), render(t, src, false); with != without {
			t.Errorf("the extension changed a document without tags:\n%s\n---\n%s", with, without)
		}
	}
}

// stripCode drops code spans' content from the check above.
func stripCode(src []byte) []byte { return bytes.ReplaceAll(src, []byte("`{%`"), nil) }

func render(t testing.TB, src []byte, ext bool) string {
	exts := []goldmark.Extender{extension.GFM}
	if ext {
		exts = append(exts, shortcodes.New(shortcodes.Options{}))
	}
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(exts...)).Convert(src, &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// FuzzParse parses and renders any document: no panic, lines of nodes and
// errors inside the document, and a document without "{%" renders as
// without the extension.
func FuzzParse(f *testing.F) {
	ar, err := txtar.ParseFile("testdata/cases/note.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range ar.Files {
		if strings.HasSuffix(file.Name, ".md") {
			f.Add(string(file.Data))
		}
	}
	f.Add("- a\n  {% note %}\n  ```\n{% endnote %}\n")
	f.Add("> {% raw %}\n{% endraw %}\n`{% raw %}x{% endraw %}`")
	e := env{opts: shortcodes.Options{Resolver: resolver{}, Code: codeDir}}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		_, errs, doc := e.convert(t, src)
		lines := bytes.Count(src, []byte("\n")) + 1
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			line := 0
			switch n := n.(type) {
			case *shortcodes.Block:
				line = n.Line
			case *shortcodes.Inline:
				line = n.Line
			default:
				return ast.WalkContinue, nil
			}
			if line < 1 || line > lines {
				t.Fatalf("node at line %d of %d", line, lines)
			}
			return ast.WalkContinue, nil
		})
		for _, l := range strings.Split(strings.TrimSpace(errs), "\n") {
			var n int
			if l != "" {
				if _, err := fmt.Sscanf(l, "line %d:", &n); err != nil || n < 1 || n > lines {
					t.Fatalf("error %q outside the %d lines", l, lines)
				}
			}
		}
		if !strings.Contains(s, "{%") {
			if with, without := render(t, src, true), render(t, src, false); with != without {
				t.Fatalf("the extension changed a document without tags:\n%s\n---\n%s", with, without)
			}
		}
	})
}

// BenchmarkSeed parses and renders the seed post, with and without the
// extension, to show what the tags cost.
func BenchmarkSeed(b *testing.B) {
	ar, err := txtar.ParseFile("testdata/cases/seed.txtar")
	if err != nil {
		b.Fatal(err)
	}
	src := ar.Files[0].Data
	for _, ext := range []bool{true, false} {
		exts := []goldmark.Extender{extension.GFM}
		name := "without"
		if ext {
			exts = append(exts, shortcodes.New(shortcodes.Options{}))
			name = "with"
		}
		md := goldmark.New(goldmark.WithExtensions(exts...))
		b.Run(name+"/parse", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				md.Parser().Parse(text.NewReader(src))
			}
		})
		b.Run(name+"/convert", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				if err := md.Convert(src, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
