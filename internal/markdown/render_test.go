package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/shortcodes"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/render/*.txtar")

// Each testdata/render/*.txtar holds a case:
//
//	-- options --      words: hexobreaks smartypants linenos copy firstline=N modifyanchors=N
//	-- in.md --        the post body
//	-- out.html --     the golden HTML of Render
//	-- excerpt.html -- (optional) the golden HTML of RenderExcerpt
//	-- toc --          (optional) the heading tree, one "level id text line" per line, indented
//	-- code --         (optional) the code blocks: line, lang, file, caption, options
//
// go test -update rewrites the golden sections (out.html always, the
// optional ones when present).
func TestRender(t *testing.T) {
	files, err := filepath.Glob("testdata/render/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := map[string]*txtar.File{}
			for i := range ar.Files {
				sec[ar.Files[i].Name] = &ar.Files[i]
			}
			in := sec["in.md"]
			if in == nil {
				t.Fatal("no in.md section")
			}
			opts, popts := caseOptions(t, sec["options"])
			m := New(opts)
			doc, err := m.Parse(in.Data, popts...)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			var buf bytes.Buffer
			if err := m.Render(&buf, doc); err != nil {
				t.Fatal(err)
			}
			got["out.html"] = buf.Bytes()
			if sec["excerpt.html"] != nil {
				var ex bytes.Buffer
				if err := m.RenderExcerpt(&ex, doc); err != nil {
					t.Fatal(err)
				}
				got["excerpt.html"] = ex.Bytes()
			}
			if sec["toc"] != nil {
				got["toc"] = dumpTOC(doc.TOC)
			}
			if sec["code"] != nil {
				got["code"] = dumpCode(m.CodeBlocks(doc))
			}
			if *update {
				if sec["out.html"] == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "out.html"})
					sec["out.html"] = &ar.Files[len(ar.Files)-1]
				}
				for name, data := range got {
					sec[name].Data = data
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"out.html", "excerpt.html", "toc", "code"} {
				g, ok := got[name]
				if !ok {
					continue
				}
				want := sec[name]
				if want == nil {
					t.Errorf("%s: no golden section (run go test -update)", name)
					continue
				}
				if !bytes.Equal(g, want.Data) {
					t.Errorf("%s differs (go test -update rewrites it):\n%s", name, lineDiff(string(want.Data), string(g)))
				}
			}
		})
	}
}

func caseOptions(t *testing.T, f *txtar.File) (Options, []ParseOption) {
	o := Options{Shortcodes: &shortcodes.Options{}}
	var p []ParseOption
	o.Highlight.MaxMemory = -1
	if f == nil {
		return o, p
	}
	for _, w := range strings.Fields(string(f.Data)) {
		k, v, _ := strings.Cut(w, "=")
		switch k {
		case "hexobreaks":
			o.HexoBreaks = true
		case "smartypants":
			o.Smartypants = true
		case "linenos":
			o.LineNumbers = true
		case "copy":
			o.CopyButton = true
		case "firstline":
			n, _ := strconv.Atoi(v)
			p = append(p, WithFirstLine(n))
		case "modifyanchors":
			o.ModifyAnchors, _ = strconv.Atoi(v)
		default:
			t.Fatalf("unknown option %q", w)
		}
	}
	return o, p
}

func dumpTOC(hs []*Heading) []byte {
	var b bytes.Buffer
	var walk func(hs []*Heading, depth int)
	walk = func(hs []*Heading, depth int) {
		for _, h := range hs {
			fmt.Fprintf(&b, "%s%d %s %q line %d\n", strings.Repeat("  ", depth), h.Level, h.ID, h.Text, h.Line)
			walk(h.Children, depth+1)
		}
	}
	walk(hs, 0)
	return b.Bytes()
}

func dumpCode(cbs []CodeBlock) []byte {
	var b bytes.Buffer
	for _, c := range cbs {
		fmt.Fprintf(&b, "line %d lang %q file %q caption %q", c.Line, c.Lang, c.File, c.Caption)
		if c.URL != "" {
			fmt.Fprintf(&b, " url %q text %q", c.URL, c.LinkText)
		}
		if c.LineNumbers {
			fmt.Fprintf(&b, " linenos start %d", c.FirstLine)
		}
		if len(c.Marked) > 0 {
			fmt.Fprintf(&b, " marked %v", c.Marked)
		}
		if c.Hidden {
			b.WriteString(" hidden")
		}
		fmt.Fprintf(&b, " %d bytes\n", len(c.Code))
	}
	return b.Bytes()
}

// lineDiff shows the first differing lines of want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 8; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  want: %s\n  got:  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}
