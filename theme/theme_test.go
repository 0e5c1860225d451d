package theme

import (
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

type data struct {
	Site struct {
		Title   string
		Strings map[string]string
	}
	Title string
}

// minimal is a complete small theme, so that these tests do not depend on the default one.
func minimal() fstest.MapFS {
	return fstest.MapFS{
		"layout/_base.html":          {Data: []byte(`{{define "base"}}<title>{{block "title" .}}{{.Title}}{{end}}</title>{{block "main" .}}{{end}}{{end}}`)},
		"layout/partials/hello.html": {Data: []byte(`{{define "hello"}}hello {{.}}{{end}}`)},
		"layout/post.html":           {Data: []byte(`{{define "main"}}<p>{{template "hello" .Title}}</p>{{end}}`)},
		"layout/page.html":           {Data: []byte(`{{define "main"}}page{{end}}`)},
		"static/css/a.css":           {Data: []byte("a{}")},
		"i18n/default.yaml":          {Data: []byte("# comment\nread_more: Read more\nwords: \"%d words\"\n")},
		"i18n/zh.yaml":               {Data: []byte("read_more: 阅读全文\n")},
		"i18n/zh-TW.yaml":            {Data: []byte("read_more: 閱讀全文\n")},
	}
}

func TestParseAndExecute(t *testing.T) {
	th, err := Parse(minimal(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := th.Layouts(); strings.Join(got, ",") != "page,post" {
		t.Errorf("Layouts = %v", got)
	}
	var d data
	d.Title = "<T>"
	out, err := th.Render("post", d)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "<title>&lt;T&gt;</title><p>hello &lt;T&gt;</p>" {
		t.Errorf("post = %s", out)
	}
	if _, err := th.Render("nope", d); err == nil || !strings.Contains(err.Error(), `no layout "nope"`) {
		t.Errorf("unknown layout: %v", err)
	}
	if !th.Has("page") || th.Has("_base") {
		t.Error("Has")
	}
	frag, err := th.Partial("hello", "<x>")
	if err != nil || frag != "hello &lt;x&gt;" {
		t.Errorf("Partial = %q, %v", frag, err)
	}
	if _, err := th.Partial("nope", nil); err == nil {
		t.Error("unknown partial: no error")
	}
}

func TestOverlay(t *testing.T) {
	user := fstest.MapFS{
		"layout/page.html":           {Data: []byte(`{{define "main"}}custom page{{end}}`)},
		"layout/partials/hello.html": {Data: []byte(`{{define "hello"}}bonjour {{.}}{{end}}`)},
		"layout/extra.html":          {Data: []byte(`{{define "main"}}extra{{end}}`)},
		"static/css/b.css":           {Data: []byte("b{}")},
		"static/css/a.css":           {Data: []byte("A{}")},
	}
	th, err := Parse(Overlay(user, minimal()), nil)
	if err != nil {
		t.Fatal(err)
	}
	for layout, want := range map[string]string{
		"page":  "<title>x</title>custom page",
		"post":  "<title>x</title><p>bonjour x</p>",
		"extra": "<title>x</title>extra",
	} {
		var d data
		d.Title = "x"
		out, err := th.Render(layout, d)
		if err != nil || string(out) != want {
			t.Errorf("%s = %q, %v; want %q", layout, out, err, want)
		}
	}
	var names []string
	_ = fs.WalkDir(th.Static(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(th.Static(), p)
			names = append(names, p+"="+string(b))
		}
		return nil
	})
	if got := strings.Join(names, " "); got != "css/a.css=A{} css/b.css=b{}" {
		t.Errorf("static files = %s", got)
	}
}

func TestStrings(t *testing.T) {
	th, err := Parse(minimal(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"": "Read more", "en": "Read more", "zh-CN": "阅读全文", "zh-TW": "閱讀全文", "zh": "阅读全文"} {
		if got := th.Strings(lang)["read_more"]; got != want {
			t.Errorf("Strings(%q)[read_more] = %q, want %q", lang, got, want)
		}
	}
	if got := th.Strings("zh-CN")["words"]; got != "%d words" {
		t.Errorf("fallback to default: %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	bad := minimal()
	bad["layout/post.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Title{{end}}`)}
	if _, err := Parse(bad, nil); err == nil || !strings.Contains(err.Error(), "layout/post.html") {
		t.Errorf("error %v does not name the file", err)
	}
	noBase := minimal()
	delete(noBase, "layout/_base.html")
	if _, err := Parse(noBase, nil); err == nil {
		t.Error("a theme without _base.html parsed")
	}
	funcs := template.FuncMap{"shout": strings.ToUpper}
	withFunc := minimal()
	withFunc["layout/page.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{shout "x"}}{{end}}`)}
	if _, err := Parse(withFunc, funcs); err != nil {
		t.Errorf("funcs not available: %v", err)
	}
}

// TestDefaultThemeParses checks the embedded theme with the functions docbuild gives it
// (the site package's tests render it).
func TestDefaultThemeParses(t *testing.T) {
	funcs := template.FuncMap{"iso": nil, "add": nil, "sub": nil, "json": nil, "join": nil, "dict": nil, "seq": nil}
	for k := range funcs {
		funcs[k] = func(...any) string { return "" }
	}
	th, err := New("", funcs)
	if err != nil {
		t.Fatal(err)
	}
	want := "404,archive,categories,category,index,page,post,tag,tags"
	if got := strings.Join(th.Layouts(), ","); got != want {
		t.Errorf("layouts = %s, want %s", got, want)
	}
	for _, f := range []string{"css/docbuild.css", "js/docbuild.js"} {
		if _, err := fs.Stat(th.Static(), f); err != nil {
			t.Error(err)
		}
	}
	if th.Strings("zh-CN")["post_toc"] != "文章目录" || th.Strings("en")["post_toc"] != "Contents" {
		t.Error("interface strings")
	}
	if _, err := New("/no/such/dir", funcs); err == nil {
		t.Error("missing theme directory: no error")
	}
}

// TestBuiltinLayouts tells the embedded layouts from user ones.
func TestBuiltinLayouts(t *testing.T) {
	for name, c := range map[string]struct {
		files map[string]string
		want  bool
	}{
		"no user directory":    {nil, true},
		"static files only":    {map[string]string{"static/css/x.css": "body{}"}, true},
		"hexo nunjucks layout": {map[string]string{"layout/post.njk": "{{ page.title }}"}, true},
		"a user layout":        {map[string]string{"layout/post.html": `{{define "main"}}x{{end}}`}, false},
		"a user partial":       {map[string]string{"layout/partials/x.html": `{{define "x"}}x{{end}}`}, false},
	} {
		dir := ""
		if c.files != nil {
			dir = t.TempDir()
			for p, data := range c.files {
				full := filepath.Join(dir, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		th, err := New(dir, template.FuncMap{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := th.BuiltinLayouts(); got != c.want {
			t.Errorf("%s: BuiltinLayouts() = %v, want %v", name, got, c.want)
		}
	}
}
