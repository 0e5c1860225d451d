// Package theme owns docbuild's default look: the html/template layouts, the CSS and JS and
// the interface strings (i18n), embedded in the binary, and the overlay through which a user
// theme directory replaces any of those files one by one. It imports only the standard
// library.
//
// Layout of a theme (the embedded one and any user directory):
//
//	layout/_base.html      the page skeleton; defines "base", which calls the blocks
//	                       "title", "head" and "main"
//	layout/partials/*.html named templates shared by the layouts
//	layout/<name>.html     one layout per kind of page (index, post, page, archive,
//	                       category, tag, categories, tags, 404) or per front-matter
//	                       layout: value; each defines "main" (and may define "head")
//	static/…               copied to the site's root (css/, js/, images/)
//	i18n/<lang>.yaml       interface strings, "key: text" lines
//
// Templates are parsed once per theme (New), never per page.
package theme

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
)

//go:embed all:files
var embedded embed.FS

// Default returns the embedded theme's files.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "files")
	if err != nil {
		panic(err) // the directory is embedded: cannot happen
	}
	return sub
}

// Theme is a parsed theme: its files (user directory over the embedded default) and one
// template set per layout. It is safe for concurrent use once New returns.
type Theme struct {
	files   fs.FS
	base    *template.Template // _base.html and the partials, for Partial
	layouts map[string]*template.Template
	// builtin is set when every layout is the embedded one (New without a user
	// directory, or with one that holds no layout file).
	builtin bool
}

// New parses the theme made of dir's files over the embedded ones (dir "" for the embedded
// theme alone; a missing dir is an error). funcs are the template functions the layouts
// may call; docbuild's site package provides them.
func New(dir string, funcs template.FuncMap) (*Theme, error) {
	files := Default()
	if dir != "" {
		fi, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("theme: %s is not a directory", dir)
		}
		files = Overlay(os.DirFS(dir), files)
	}
	t, err := Parse(files, funcs)
	if err != nil {
		return nil, err
	}
	t.builtin = dir == "" || !hasLayouts(os.DirFS(dir))
	return t, nil
}

// hasLayouts reports whether a theme directory holds any of the files Parse reads as
// templates (a Hexo theme's Nunjucks or EJS layouts are not).
func hasLayouts(files fs.FS) bool {
	for _, pattern := range []string{"layout/*.html", "layout/partials/*.html"} {
		if m, _ := fs.Glob(files, pattern); len(m) > 0 {
			return true
		}
	}
	return false
}

// BuiltinLayouts reports whether every layout is docbuild's own (no user directory, or one
// without layout/*.html and layout/partials/*.html files): then a page's layout reads
// only the page itself, its neighbours' titles and links, and the site's shared data (never
// another post's content), so the site may render each post's page as soon as its body is
// ready. A theme from Parse, or with user layouts, may read anything.
func (t *Theme) BuiltinLayouts() bool { return t.builtin }

// Parse parses the layouts of a theme file system.
func Parse(files fs.FS, funcs template.FuncMap) (*Theme, error) {
	t := &Theme{files: files, layouts: map[string]*template.Template{}}
	base := template.New("").Funcs(funcs)
	read := func(name string) (string, error) {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	src, err := read("layout/_base.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if _, err := base.New("layout/_base.html").Parse(src); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	partials, err := fs.Glob(files, "layout/partials/*.html")
	if err != nil {
		return nil, err
	}
	sort.Strings(partials)
	for _, name := range partials {
		src, err := read(name)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if _, err := base.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	layouts, err := fs.Glob(files, "layout/*.html")
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, name := range layouts {
		kind := strings.TrimSuffix(path.Base(name), ".html")
		if strings.HasPrefix(kind, "_") {
			continue
		}
		src, err := read(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("theme: %w", err))
			continue
		}
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(name).Parse(src)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("theme: %w", err))
			continue
		}
		t.layouts[kind] = set
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	t.base = base
	return t, nil
}

// Partial executes one named template of the partials (a fragment that the site renders
// once and reuses on many pages, such as a post's entry in lists).
func (t *Theme) Partial(name string, data any) (template.HTML, error) {
	if t.base.Lookup(name) == nil {
		return "", fmt.Errorf("theme: no partial %q", name)
	}
	var b strings.Builder
	if err := t.base.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // html/template output
}

// Has reports whether the theme has a layout of that name.
func (t *Theme) Has(layout string) bool { _, ok := t.layouts[layout]; return ok }

// Layouts lists the layout names, sorted.
func (t *Theme) Layouts() []string {
	out := make([]string, 0, len(t.layouts))
	for k := range t.layouts {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Execute renders a page with a layout.
func (t *Theme) Execute(w io.Writer, layout string, data any) error {
	set, ok := t.layouts[layout]
	if !ok {
		return fmt.Errorf("theme: no layout %q (have %s)", layout, strings.Join(t.Layouts(), ", "))
	}
	return set.ExecuteTemplate(w, "base", data)
}

// Render is Execute into a new byte slice.
func (t *Theme) Render(layout string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, layout, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Files returns the theme's files (user files over the embedded ones).
func (t *Theme) Files() fs.FS { return t.files }

// Static returns the files copied to the site's root.
func (t *Theme) Static() fs.FS {
	sub, err := fs.Sub(t.files, "static")
	if err != nil {
		panic(err) // fs.Sub fails only for an invalid name
	}
	return sub
}

// Strings returns the interface strings for a language: i18n/default.yaml, overlaid by the
// closest i18n/<lang>.yaml ("zh-CN", then "zh"). Each file holds "key: text" lines.
func (t *Theme) Strings(lang string) map[string]string {
	out := map[string]string{}
	load := func(name string) {
		b, err := fs.ReadFile(t.files, "i18n/"+name+".yaml")
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			v = strings.TrimSpace(v)
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			out[strings.TrimSpace(k)] = v
		}
	}
	load("default")
	if lang == "" {
		return out
	}
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		load(strings.ToLower(lang[:i]))
	}
	load(lang)
	return out
}

// Overlay returns a file system in which top's files hide bottom's; directories are the
// union of both.
func Overlay(top, bottom fs.FS) fs.FS { return overlay{top, bottom} }

type overlay struct{ top, bottom fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		fi, serr := f.Stat()
		if serr == nil && !fi.IsDir() {
			return f, nil
		}
		f.Close()
		if serr == nil {
			// A directory: the union is listed by ReadDir; Open gives the bottom one if any.
			if bf, berr := o.bottom.Open(name); berr == nil {
				return bf, nil
			}
			return o.top.Open(name)
		}
	}
	return o.bottom.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, terr := fs.ReadDir(o.top, name)
	bottom, berr := fs.ReadDir(o.bottom, name)
	if terr != nil && berr != nil {
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range bottom {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
