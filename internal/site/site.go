// Package site owns `docbuild build`: it reads a site's sources, renders every post and page
// (in parallel, each parsed once), derives the taxonomies, archives, feeds, sitemap and search
// index, executes the theme's layouts and returns the whole site in memory, path by path, so
// that `docbuild serve` can reuse it — or streams the files to an Output as they are made.
// DirOutput (and Write, for a Result in memory) put a site on disk, leaving the old output
// untouched when a build fails and rewriting only the files whose bytes changed. It imports internal/page, internal/markdown, shortcodes and
// theme.
//
// Output is deterministic: the same sources give the same bytes (no map order, no build time,
// no goroutine scheduling leaks into a file). All the errors of a build are collected and
// reported together, each as "file:line: message".
package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/theme"
)

// Options adjusts one build.
type Options struct {
	// Drafts renders _drafts/ and posts with published: false (also config render_drafts).
	Drafts bool
	// Future renders posts dated after Now (also config future).
	Future bool
	// Now is the moment that decides what "future" means; zero means time.Now().
	Now time.Time
	// Theme is the parsed theme; nil parses the embedded theme under the config's theme dir.
	Theme *theme.Theme
	// CacheDir keeps the code highlighter's cache between builds ("" for memory only).
	CacheDir string
	// Workers bounds the parallelism (0: GOMAXPROCS).
	Workers int
	// URL replaces the configuration's url (serve uses http://127.0.0.1:port).
	URL string
	// Output receives the files as they are rendered (a *DirOutput writes them to disk);
	// nil keeps them in Result.Files.
	Output Output
	// BodyEnd is HTML put at the end of every page's <body> (serve's reload client).
	BodyEnd template.HTML
	// Badge, when set, gives for each code block (by its post and the file line of its
	// fence) an HTML fragment shown in the block's header: the result of docbuild check.
	Badge func(p *page.Page, line int) string
}

// Result is a built site.
type Result struct {
	// Files maps each output path (slash-separated, relative to the output directory) to
	// its bytes; empty when Options.Output received them.
	Files map[string][]byte
	// Site is the data the templates saw.
	Site *Site
	// Warnings are problems that did not stop the build (a post without a date, …).
	Warnings []error
}

// Paths returns the output paths, sorted.
func (r *Result) Paths() []string {
	out := make([]string, 0, len(r.Files))
	for p := range r.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// source is one file of the source directory.
type source struct {
	abs, file, rel string // absolute path, path for messages, slash path below the source dir
	mod            time.Time
}

// Build builds the site described by cfg. When some files fail, Build still renders the
// others and returns the Result together with an error joining every problem (each a
// *page.Error where a file and line are known), sorted by file and line.
func Build(ctx context.Context, cfg *page.Config, opts Options) (*Result, error) {
	b := &builder{cfg: cfg, opts: opts, res: &Result{Files: map[string][]byte{}}}
	if opts.URL != "" {
		c := *cfg
		c.URL = strings.TrimRight(opts.URL, "/")
		b.cfg = &c
	}
	if b.opts.Now.IsZero() {
		b.opts.Now = time.Now()
	}
	if b.opts.Workers <= 0 {
		b.opts.Workers = runtime.GOMAXPROCS(0)
	}
	if err := b.run(ctx); err != nil {
		return b.res, err
	}
	return b.res, nil
}

type builder struct {
	cfg  *page.Config
	opts Options
	res  *Result
	th   *theme.Theme
	md   *mdRenderer

	buffers sync.Pool                // *bytes.Buffer for rendering pages
	headers map[string]template.HTML // the site header by the URL of the current menu entry

	mu       sync.Mutex
	errs     []error
	warnings []error

	posts, pages []*Post
	assets       []source            // files copied as they are
	postAssets   map[string][]source // "_posts/x" → files of the folder _posts/x/
	site         *Site
}

func (b *builder) fail(err error) {
	if err == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		b.errs = append(b.errs, j.Unwrap()...)
		return
	}
	b.errs = append(b.errs, err)
}

func (b *builder) warn(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.warnings = append(b.warnings, err)
}

func (b *builder) run(ctx context.Context) error {
	th := b.opts.Theme
	if th == nil {
		var err error
		if th, err = LoadTheme(b.cfg); err != nil {
			return err
		}
	}
	b.th = th

	sources, err := b.scan()
	if err != nil {
		return err
	}
	b.load(ctx, sources)
	if err := ctx.Err(); err != nil {
		return err
	}
	b.assignPaths()
	all := append(append([]*Post{}, b.posts...), b.pages...)
	b.md = newMarkdown(b.cfg, b.opts, newLinker(b.cfg, all, b.postAssets))
	b.buildSite()
	b.renderShared()
	if b.opts.Output != nil && b.th.BuiltinLayouts() {
		// Streaming: each post's page is written as soon as its body is rendered, and the
		// post keeps only what the lists, feeds and search index need. The live heap then
		// grows with the lists' data, not with every post's HTML.
		atom := map[*Post]bool{}
		for _, p := range b.posts[:min(len(b.posts), atomEntries)] {
			atom[p] = true
		}
		parallel(ctx, b.opts.Workers, len(all), func(i int) {
			p := all[i]
			b.renderBody(p)
			if p.Source.IsPost() {
				b.renderPostFragments(p)
			}
			b.emit(b.postJob(p), nil)
			if !atom[p] {
				p.Content = ""
			}
			p.Excerpt = ""
			p.Source.Body = nil
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		b.renderPages(ctx, false)
	} else {
		parallel(ctx, b.opts.Workers, len(all), func(i int) { b.renderBody(all[i]) })
		if err := ctx.Err(); err != nil {
			return err
		}
		parallel(ctx, b.opts.Workers, len(b.posts), func(i int) { b.renderPostFragments(b.posts[i]) })
		b.renderPages(ctx, true)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The blocks highlighted by this build join the disk cache (a failure only costs the
	// next build the time to highlight them again).
	if err := b.md.md.Highlighter().Flush(); err != nil {
		b.warn(fmt.Errorf("highlight cache: %w", err))
	}
	page.SortErrors(b.warnings)
	b.res.Warnings = b.warnings
	b.res.Site = b.site
	if len(b.errs) > 0 {
		page.SortErrors(b.errs)
		return errors.Join(b.errs...)
	}
	return nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// isMarkdown reports the extensions Hexo's marked renderer registers.
func isMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mkd", ".mkdn", ".mdwn", ".mdown":
		return true
	}
	return false
}

// scan lists the source directory.
func (b *builder) scan() ([]source, error) {
	root := filepath.Join(b.cfg.Dir, b.cfg.SourceDir)
	if _, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("source directory: %w", err)
	}
	var out []source
	err := filepath.WalkDir(root, func(abs string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, err := filepath.Rel(root, abs)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(r)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			// Hidden directories (.git) are never part of a site.
			if strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		s := source{abs: abs, file: filepath.Join(b.cfg.SourceDir, r), rel: rel, mod: info.ModTime()}
		if b.cfg.Dir != "" && b.cfg.Dir != "." {
			s.file = filepath.Join(b.cfg.Dir, s.file)
		}
		switch {
		case strings.HasPrefix(rel, "_posts/"), strings.HasPrefix(rel, "_drafts/"):
			base := path.Base(rel)
			if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, "%") {
				return nil
			}
		case b.cfg.Excluded(rel):
			return nil
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// load reads and parses the Markdown sources in parallel and sorts the others into assets.
func (b *builder) load(ctx context.Context, sources []source) {
	drafts := b.opts.Drafts || b.cfg.RenderDrafts
	future := b.opts.Future || b.cfg.Future
	b.postAssets = map[string][]source{}
	var md []source
	for _, s := range sources {
		switch {
		case isMarkdown(s.rel):
			if strings.HasPrefix(s.rel, "_drafts/") && !drafts {
				continue
			}
			md = append(md, s)
		case strings.HasPrefix(s.rel, "_posts/") || strings.HasPrefix(s.rel, "_drafts/"):
			dir := path.Dir(s.rel)
			b.postAssets[dir] = append(b.postAssets[dir], s)
		default:
			b.assets = append(b.assets, s)
		}
	}
	parsed := make([]*Post, len(md))
	parallel(ctx, b.opts.Workers, len(md), func(i int) {
		s := md[i]
		src, err := os.ReadFile(s.abs)
		if err != nil {
			b.fail(page.Errorf(s.file, 0, "%v", err))
			return
		}
		p, err := page.Parse(s.file, src, b.cfg)
		if err != nil {
			b.fail(err)
			return
		}
		if p.IsPost() && !p.HasDate {
			// Hexo uses the file's birth time; the modification time is what every system has.
			p.Date, p.HasDate = s.mod.In(b.cfg.Location), true
			if p.Kind != page.Draft { // drafts are usually undated until published
				b.warn(page.Errorf(s.file, 0, "no date in the front matter: using the file's modification time %s", p.Date.Format(time.DateTime)))
			}
		}
		post := newPost(p, b.cfg, s.mod)
		if p.IsPost() {
			if (p.Kind == page.Draft || !p.Published) && !drafts {
				return
			}
			if !future && p.Date.After(b.opts.Now) {
				return
			}
		}
		parsed[i] = post
	})
	for _, p := range parsed {
		if p == nil {
			continue
		}
		if p.Source.IsPost() {
			b.posts = append(b.posts, p)
		} else {
			b.pages = append(b.pages, p)
		}
	}
	// Newest first; equal dates by source path, so that the order never depends on the
	// file system or on scheduling.
	sort.SliceStable(b.posts, func(i, j int) bool {
		a, c := b.posts[i], b.posts[j]
		if !a.Date.Equal(c.Date) {
			return a.Date.After(c.Date)
		}
		return a.Source.Rel < c.Source.Rel
	})
	sort.Slice(b.pages, func(i, j int) bool { return b.pages[i].Source.Rel < b.pages[j].Source.Rel })
}

func newPost(p *page.Page, cfg *page.Config, mod time.Time) *Post {
	post := &Post{
		Source:      p,
		Title:       p.Title,
		Date:        p.Date,
		Lang:        p.Lang,
		Description: p.Description,
		Layout:      p.Layout,
		Draft:       p.Kind == page.Draft || !p.Published,
		Sticky:      p.Sticky,
		Comments:    p.Comments,
		Params:      p.Params,
	}
	switch {
	case p.HasUpdated:
		post.Updated = p.Updated
	case cfg.UpdatedOption == "mtime":
		post.Updated = mod.In(cfg.Location)
	case cfg.UpdatedOption == "empty":
	default:
		post.Updated = p.Date
	}
	if post.Lang == "" {
		post.Lang = cfg.Language
	}
	return post
}

// assignPaths computes every post's and page's path and reports two sources that would
// write the same file.
func (b *builder) assignPaths() {
	owner := map[string]*Post{}
	claim := func(p *Post) bool {
		if err := checkPath(p.OutFile); err != nil {
			b.fail(page.Errorf(p.Source.File, 0, "permalink: %v", err))
			return false
		}
		if o, ok := owner[p.OutFile]; ok {
			b.fail(page.Errorf(p.Source.File, 0, "writes %s, which %s writes too", p.OutFile, o.Source.File))
			return false
		}
		owner[p.OutFile] = p
		return true
	}
	var posts []*Post
	for _, p := range b.posts {
		p.Path = b.cfg.PostPath(p.Source)
		b.locate(p)
		if claim(p) {
			posts = append(posts, p)
		}
	}
	b.posts = posts
	var pages []*Post
	for _, p := range b.pages {
		p.Path = b.cfg.PagePath(p.Source)
		b.locate(p)
		if claim(p) {
			pages = append(pages, p)
		}
	}
	b.pages = pages
	for i, p := range b.posts {
		if i > 0 {
			p.Newer = b.posts[i-1]
		}
		if i+1 < len(b.posts) {
			p.Older = b.posts[i+1]
		}
	}
}

func (b *builder) locate(p *Post) {
	p.OutFile = page.OutputFile(p.Path)
	p.URL = b.cfg.URLFor(p.Path)
	p.AbsURL = b.cfg.AbsURL(p.Path)
}

// renderBody renders a post's or page's Markdown and what derives from it.
func (b *builder) renderBody(p *Post) {
	r, err := b.md.render(p.Source)
	if err != nil {
		b.fail(err)
	}
	if r != nil {
		p.Content, p.Excerpt, p.More, p.text = r.Content, r.Excerpt, r.More, r.Text
		p.TOC = r.TOC
		p.ShowTOC = p.Source.TOC && len(r.TOC) > 0
		p.Words = r.Words
		p.Minutes = readingMinutes(p.Words)
		switch {
		case p.Source.Excerpt != "":
			p.Summary = p.Source.Excerpt
		case p.Description != "":
			p.Summary = p.Description
		default:
			p.Summary = truncateText(r.Lead, 160)
		}
		if p.Description == "" {
			p.Description = truncateText(r.Lead, 160)
		}
	}
	p.WordsText = b.site.T("post_words", p.Words)
	p.MinutesText = b.site.T("post_minutes", p.Minutes)
}

// parallel runs fn(0…n-1) on up to workers goroutines and waits; it stops handing out
// work when ctx is done. Items are taken in order from a shared counter (no channel: a
// hand-off per item would wake a sleeping thread each time).
func parallel(ctx context.Context, workers, n int, fn func(i int)) {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := 0; i < n && ctx.Err() == nil; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for ctx.Err() == nil {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			fn(i)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// htmlText marks trusted HTML for the templates.
func htmlText(s string) template.HTML { return template.HTML(s) } //nolint:gosec // rendered by goldmark
