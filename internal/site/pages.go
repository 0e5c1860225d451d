package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/docbuild/docbuild/internal/page"
)

// job renders one output file.
type job struct {
	path   string
	render func() ([]byte, error)
	// layout, set instead of render, executes a layout into the buffer.
	layout func(w *bytes.Buffer) error
	// post is set for the page of a post or standalone page.
	post bool
	// file names the source in error messages ("" for generated pages).
	file string
}

// renderPages executes every layout and hands the site's files to the output (posts and
// pages too when withPosts is set: else they were written already). When several jobs make
// the same path, the last one wins: generated pages come first, then the theme's static
// files, then the site's assets, then its pages and posts.
func (b *builder) renderPages(ctx context.Context, withPosts bool) {
	var jobs []job
	jobs = append(jobs, b.listJobs()...)
	jobs = append(jobs, b.feedJobs()...)
	jobs = append(jobs, b.staticJobs()...)
	jobs = append(jobs, b.assetJobs()...)
	for _, p := range b.pages {
		jobs = append(jobs, b.postJob(p))
	}
	for _, p := range b.posts {
		jobs = append(jobs, b.postJob(p))
	}
	last := make(map[string]int, len(jobs))
	for i, j := range jobs {
		last[j.path] = i
	}
	kept := jobs[:0]
	for i, j := range jobs {
		if last[j.path] == i && (withPosts || !j.post) {
			kept = append(kept, j)
		}
	}
	jobs = kept
	var mu sync.Mutex
	parallel(ctx, b.opts.Workers, len(jobs), func(i int) { b.emit(jobs[i], &mu) })
}

// emit renders one job and hands its file to the output (or to Result.Files, under mu).
func (b *builder) emit(j job, mu *sync.Mutex) {
	var data []byte
	var err error
	var buf *bytes.Buffer
	if j.layout != nil {
		buf = b.buffer()
		defer b.release(buf)
		err = j.layout(buf)
		data = buf.Bytes()
	} else {
		data, err = j.render()
	}
	if err == nil {
		if b.opts.Output != nil {
			// Output copies what it keeps: the buffer is reused at once.
			err = b.opts.Output.WriteFile(j.path, data)
		} else {
			if buf != nil {
				// A slice of exactly the page's size: the buffer would keep up to
				// twice that alive for the rest of the build.
				data = bytes.Clone(data)
			}
			mu.Lock()
			b.res.Files[j.path] = data
			mu.Unlock()
		}
	}
	if err != nil {
		if j.file != "" {
			err = page.Errorf(j.file, 0, "%v", err)
		} else {
			err = fmt.Errorf("%s: %w", j.path, err)
		}
		b.fail(err)
	}
}

// buffer returns an empty page buffer from the builder's pool; release gives it back.
func (b *builder) buffer() *bytes.Buffer {
	buf, _ := b.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	return buf
}

func (b *builder) release(buf *bytes.Buffer) {
	buf.Reset()
	b.buffers.Put(buf)
}

func (b *builder) data(kind, p string) *Data {
	d := &Data{
		Site: b.site, Kind: kind, Lang: b.cfg.Language,
		Path: p, URL: b.cfg.URLFor(p), AbsURL: b.cfg.AbsURL(p),
		Description: b.cfg.Description,
	}
	if h, ok := b.headers[d.URL]; ok {
		d.Header = h
	} else {
		d.Header = b.headers[""]
	}
	return d
}

// renderShared renders the theme's fragments shared by every page once: the footer and
// the header for each menu state.
func (b *builder) renderShared() {
	var err error
	if b.site.Footer, err = b.th.Partial("site-footer", b.site); err != nil {
		b.fail(err)
	}
	b.headers = map[string]template.HTML{}
	urls := []string{""}
	for _, m := range b.site.Menu {
		urls = append(urls, m.URL)
	}
	for _, u := range urls {
		if _, ok := b.headers[u]; ok {
			continue
		}
		h, err := b.th.Partial("site-header", &HeaderData{Site: b.site, URL: u})
		if err != nil {
			b.fail(err)
		}
		b.headers[u] = h
	}
}

// renderPostFragments renders a post's meta line and list entries, once for all the lists.
func (b *builder) renderPostFragments(p *Post) {
	var err error
	for _, f := range []struct {
		dst  *template.HTML
		name string
	}{{&p.Meta, "post-meta"}, {&p.Item, "post-item"}, {&p.Line, "post-line"}, {&p.DayLine, "post-day-line"}} {
		if err == nil {
			*f.dst, err = b.th.Partial(f.name, p)
		}
	}
	if err != nil {
		b.fail(page.Errorf(p.Source.File, 0, "%v", err))
	}
}

// postJob renders a post or a standalone page with its layout.
func (b *builder) postJob(p *Post) job {
	return job{path: p.OutFile, file: p.Source.File, post: true, layout: func(w *bytes.Buffer) error {
		kind := "post"
		if !p.Source.IsPost() {
			kind = "page"
			if t := pageType(p); t != "" {
				kind = t
			}
		}
		layout := kind
		switch l := p.Layout; {
		case l == "false":
			w.WriteString(string(p.Content))
			return nil
		case l != "" && l != "post" && l != "page" && b.th.Has(l):
			layout = l
		}
		d := b.data(kind, p.Path)
		d.Post, d.Title, d.Lang = p, p.Title, p.Lang
		if p.Description != "" {
			d.Description = p.Description
		}
		return b.th.Execute(w, layout, d)
	}}
}

// slice is one page of a paginated list.
type slice struct {
	number int
	path   string
	posts  []*Post
}

// paginate splits posts into pages of per_page (all on one page when per_page is 0): the
// first at base, the others at base + pagination_dir + "/N/".
func (b *builder) paginate(base string, posts []*Post) []slice {
	per := b.cfg.PerPage
	if per <= 0 || len(posts) <= per {
		return []slice{{number: 1, path: base, posts: posts}}
	}
	var out []slice
	for i, n := 0, 1; i < len(posts); i, n = i+per, n+1 {
		end := min(i+per, len(posts))
		p := base
		if n > 1 {
			p = base + b.cfg.PaginationDir + "/" + strconv.Itoa(n) + "/"
		}
		out = append(out, slice{number: n, path: p, posts: posts[i:end]})
	}
	return out
}

func (b *builder) pager(slices []slice, i int) *Pager {
	pg := &Pager{Number: slices[i].number, Total: len(slices)}
	if i > 0 {
		pg.Prev = b.cfg.URLFor(slices[i-1].path)
	}
	if i+1 < len(slices) {
		pg.Next = b.cfg.URLFor(slices[i+1].path)
	}
	gap := false
	for j, s := range slices {
		// First, last, and two on each side of the current page; an ellipsis elsewhere.
		if j == 0 || j == len(slices)-1 || (j >= i-2 && j <= i+2) {
			pg.Pages = append(pg.Pages, PageLink{Number: s.number, URL: b.cfg.URLFor(s.path), Current: j == i, Label: b.site.T("pager_page", s.number)})
			gap = false
		} else if !gap {
			pg.Pages = append(pg.Pages, PageLink{Gap: true})
			gap = true
		}
	}
	return pg
}

// listJobs renders the index, archives, categories, tags and 404.
func (b *builder) listJobs() []job {
	var jobs []job
	s := b.site
	list := func(kind, base, title string, posts []*Post, fill func(*Data)) {
		slices := b.paginate(base, posts)
		for i := range slices {
			i := i
			jobs = append(jobs, job{path: page.OutputFile(slices[i].path), layout: func(w *bytes.Buffer) error {
				d := b.data(kind, slices[i].path)
				d.Title, d.Posts, d.Pager = title, slices[i].posts, b.pager(slices, i)
				if d.Pager.Total == 1 {
					d.Pager = nil
				}
				if fill != nil {
					fill(d)
				}
				return b.th.Execute(w, kind, d)
			}})
		}
	}
	// Index: sticky posts first (hexo-generator-index), then by date.
	index := append([]*Post{}, b.posts...)
	sort.SliceStable(index, func(i, j int) bool { return index[i].Sticky > index[j].Sticky })
	list("index", "", "", index, nil)

	archives := b.cfg.ArchiveDir + "/"
	list("archive", archives, label(s.Strings, "archive", "Archives"), b.posts, func(d *Data) {
		d.Groups = groupByYear(d.Posts, b.cfg)
	})
	for _, y := range s.Years {
		y := y
		list("archive", archivePath(b.cfg, y.Year, 0), strconv.Itoa(y.Year), y.Posts, func(d *Data) {
			d.Year, d.Groups = y.Year, groupByYear(d.Posts, b.cfg)
		})
		for _, m := range y.Months {
			m := m
			list("archive", archivePath(b.cfg, m.Year, m.Month), fmt.Sprintf("%d-%02d", m.Year, m.Month), m.Posts, func(d *Data) {
				d.Year, d.Month, d.Groups = m.Year, m.Month, groupByYear(d.Posts, b.cfg)
			})
		}
	}
	for _, t := range s.AllCategories {
		t := t
		list("category", t.Path, t.Name, t.Posts, func(d *Data) { d.Term = t })
	}
	for _, t := range s.Tags {
		t := t
		list("tag", t.Path, t.Name, t.Posts, func(d *Data) { d.Term = t })
	}
	for _, idx := range []struct{ kind, dir, title string }{
		{"categories", b.cfg.CategoryDir, label(s.Strings, "menu_categories", "Categories")},
		{"tags", b.cfg.TagDir, label(s.Strings, "menu_tags", "Tags")},
	} {
		idx := idx
		p := idx.dir + "/"
		jobs = append(jobs, job{path: page.OutputFile(p), layout: func(w *bytes.Buffer) error {
			d := b.data(idx.kind, p)
			d.Title = idx.title
			return b.th.Execute(w, idx.kind, d)
		}})
	}
	jobs = append(jobs, job{path: "404.html", layout: func(w *bytes.Buffer) error {
		d := b.data("404", "404.html")
		d.Title, d.NoIndex = label(s.Strings, "notfound_title", "Page not found"), true
		return b.th.Execute(w, "404", d)
	}})
	return jobs
}

// staticJobs copies the theme's static files and the highlighter's stylesheet.
func (b *builder) staticJobs() []job {
	var jobs []job
	static := b.th.Static()
	_ = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		jobs = append(jobs, job{path: p, render: func() ([]byte, error) { return fs.ReadFile(static, p) }})
		return nil
	})
	if css := b.md.stylesheet(); len(css) > 0 {
		jobs = append(jobs, job{path: "css/highlight.css", render: func() ([]byte, error) { return css, nil }})
	}
	return jobs
}

// assetJobs copies the source directory's other files and the posts' asset folders.
func (b *builder) assetJobs() []job {
	var jobs []job
	read := func(s source) func() ([]byte, error) {
		return func() ([]byte, error) { return os.ReadFile(s.abs) }
	}
	for _, s := range b.assets {
		jobs = append(jobs, job{path: s.rel, file: s.file, render: read(s)})
	}
	for _, p := range b.posts {
		dir := strings.TrimSuffix(p.Source.Rel, path.Ext(p.Source.Rel))
		base := strings.TrimSuffix(p.OutFile, "index.html")
		base = strings.TrimSuffix(strings.TrimSuffix(base, ".html"), ".htm")
		if base != "" && !strings.HasSuffix(base, "/") {
			base += "/"
		}
		for _, s := range b.postAssetsUnder(dir) {
			jobs = append(jobs, job{path: base + strings.TrimPrefix(s.rel, dir+"/"), file: s.file, render: read(s)})
		}
	}
	return jobs
}

// postAssetsUnder lists the files of a post's asset folder, sub-folders included, by path.
func (b *builder) postAssetsUnder(dir string) []source {
	var out []source
	for d, files := range b.postAssets {
		if d == dir || strings.HasPrefix(d, dir+"/") {
			out = append(out, files...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// feedJobs renders atom.xml, sitemap.xml, robots.txt and search.json.
func (b *builder) feedJobs() []job {
	return []job{
		{path: "atom.xml", render: b.atom},
		{path: "sitemap.xml", render: b.sitemap},
		{path: "robots.txt", render: func() ([]byte, error) {
			return []byte("User-agent: *\nAllow: /\n\nSitemap: " + b.cfg.AbsURL("sitemap.xml") + "\n"), nil
		}},
		{path: "search.json", render: b.search},
	}
}

func xmlText(s string) string {
	var buf bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			buf.WriteString("&amp;")
		case '<':
			buf.WriteString("&lt;")
		case '>':
			buf.WriteString("&gt;")
		case '"':
			buf.WriteString("&quot;")
		case '\t', '\n', '\r':
			buf.WriteRune(r)
		default:
			// Characters XML 1.0 forbids are dropped.
			if r < 0x20 || r == 0xfffe || r == 0xffff {
				continue
			}
			buf.WriteRune(r)
		}
	}
	return buf.String()
}

func iso(t time.Time) string { return t.Format(time.RFC3339) }

// atomEntries is the number of posts in the Atom feed.
const atomEntries = 20

// atom writes the Atom feed of the atomEntries newest posts, with their content.
func (b *builder) atom() ([]byte, error) {
	var w bytes.Buffer
	s := b.site
	w.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
	fmt.Fprintf(&w, "  <title>%s</title>\n", xmlText(s.Title))
	if s.Subtitle != "" {
		fmt.Fprintf(&w, "  <subtitle>%s</subtitle>\n", xmlText(s.Subtitle))
	}
	fmt.Fprintf(&w, "  <link href=\"%s\" rel=\"self\"/>\n", xmlText(b.cfg.AbsURL("atom.xml")))
	fmt.Fprintf(&w, "  <link href=\"%s\"/>\n", xmlText(b.cfg.AbsURL("")))
	fmt.Fprintf(&w, "  <id>%s</id>\n", xmlText(b.cfg.AbsURL("")))
	updated := s.Updated
	if updated.IsZero() {
		updated = time.Unix(0, 0).UTC()
	}
	fmt.Fprintf(&w, "  <updated>%s</updated>\n", iso(updated))
	if s.Author != "" {
		fmt.Fprintf(&w, "  <author><name>%s</name></author>\n", xmlText(s.Author))
	}
	w.WriteString("  <generator uri=\"https://github.com/docbuild/docbuild\">docbuild</generator>\n")
	for i, p := range b.posts {
		if i == atomEntries {
			break
		}
		up := p.Updated
		if up.IsZero() {
			up = p.Date
		}
		w.WriteString("  <entry>\n")
		fmt.Fprintf(&w, "    <title>%s</title>\n", xmlText(p.Title))
		fmt.Fprintf(&w, "    <link href=\"%s\"/>\n", xmlText(p.AbsURL))
		fmt.Fprintf(&w, "    <id>%s</id>\n", xmlText(p.AbsURL))
		fmt.Fprintf(&w, "    <published>%s</published>\n", iso(p.Date))
		fmt.Fprintf(&w, "    <updated>%s</updated>\n", iso(up))
		fmt.Fprintf(&w, "    <summary type=\"text\">%s</summary>\n", xmlText(p.Summary))
		fmt.Fprintf(&w, "    <content type=\"html\">%s</content>\n", xmlText(string(p.Content)))
		for _, chain := range p.Categories {
			for _, t := range chain {
				fmt.Fprintf(&w, "    <category term=\"%s\" scheme=\"%s\"/>\n", xmlText(t.Name), xmlText(b.cfg.AbsURL(t.Path)))
			}
		}
		for _, t := range p.Tags {
			fmt.Fprintf(&w, "    <category term=\"%s\" scheme=\"%s\"/>\n", xmlText(t.Name), xmlText(b.cfg.AbsURL(t.Path)))
		}
		w.WriteString("  </entry>\n")
	}
	w.WriteString("</feed>\n")
	return bytes.Clone(w.Bytes()), nil
}

// sitemap lists the home page, the posts and the pages with their last modification.
func (b *builder) sitemap() ([]byte, error) {
	var w bytes.Buffer
	w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	entry := func(loc string, mod time.Time) {
		w.WriteString("  <url>\n")
		fmt.Fprintf(&w, "    <loc>%s</loc>\n", xmlText(loc))
		if !mod.IsZero() {
			fmt.Fprintf(&w, "    <lastmod>%s</lastmod>\n", iso(mod))
		}
		w.WriteString("  </url>\n")
	}
	entry(b.cfg.AbsURL(""), b.site.Updated)
	for _, group := range [][]*Post{b.posts, b.pages} {
		for _, p := range group {
			mod := p.Updated
			if mod.IsZero() {
				mod = p.Date
			}
			entry(p.AbsURL, mod)
		}
	}
	w.WriteString("</urlset>\n")
	return bytes.Clone(w.Bytes()), nil
}

type searchEntry struct {
	Title      string   `json:"title"`
	URL        string   `json:"url"`
	Date       string   `json:"date,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Content    string   `json:"content"`
}

// search writes the client-side search index: every post and page with its text. The bytes
// are those of encoding/json encoding the whole slice (HTML characters not escaped), made
// entry by entry into a buffer sized up front: encoding the slice at once grew one buffer
// to the index's size by doubling and copied it twice more, which was most of the peak
// memory of a 10,000-post build.
func (b *builder) search() ([]byte, error) {
	size := 2
	for _, group := range [][]*Post{b.posts, b.pages} {
		for _, p := range group {
			size += len(p.Title) + len(p.URL) + len(p.text) + 128
			for _, chain := range p.Categories {
				size += len(chain[len(chain)-1].Name) + 3
			}
			for _, t := range p.Tags {
				size += len(t.Name) + 3
			}
		}
	}
	out := make([]byte, 0, size+size/64)
	out = append(out, '[')
	var entry bytes.Buffer
	enc := json.NewEncoder(&entry)
	enc.SetEscapeHTML(false)
	first := true
	for _, group := range [][]*Post{b.posts, b.pages} {
		for _, p := range group {
			e := searchEntry{Title: p.Title, URL: p.URL, Content: p.text}
			if p.Source.IsPost() {
				e.Date = b.cfg.FormatDate(p.Date)
			}
			for _, chain := range p.Categories {
				e.Categories = append(e.Categories, chain[len(chain)-1].Name)
			}
			for _, t := range p.Tags {
				e.Tags = append(e.Tags, t.Name)
			}
			entry.Reset()
			if err := enc.Encode(e); err != nil {
				return nil, err
			}
			if !first {
				out = append(out, ',')
			}
			first = false
			out = append(out, bytes.TrimSuffix(entry.Bytes(), []byte("\n"))...)
		}
	}
	return append(out, ']', '\n'), nil
}
