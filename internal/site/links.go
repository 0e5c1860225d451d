package site

import (
	"path"
	"strings"

	"github.com/docbuild/docbuild/internal/page"
)

// linker answers the Hexo tags that link to other posts and to a post's assets
// (post_link, post_path, asset_img, asset_link, asset_path): it is the site's
// shortcodes.Resolver. Posts are named to it by their source path relative to the source
// directory (page.Page.Rel). It is read-only once built, so safe for concurrent use.
type linker struct {
	cfg     *page.Config
	bySlug  map[string]*Post
	byTitle map[string]*Post
	byRel   map[string]*Post
	assets  map[string][]source
}

func newLinker(cfg *page.Config, posts []*Post, assets map[string][]source) *linker {
	l := &linker{cfg: cfg, bySlug: map[string]*Post{}, byTitle: map[string]*Post{}, byRel: map[string]*Post{}, assets: assets}
	for _, p := range posts {
		l.byRel[p.Source.Rel] = p
		if !p.Source.IsPost() {
			continue
		}
		if _, ok := l.bySlug[p.Source.Slug]; !ok {
			l.bySlug[p.Source.Slug] = p
		}
		if _, ok := l.byTitle[p.Title]; !ok {
			l.byTitle[p.Title] = p
		}
	}
	return l
}

// post finds a post as Hexo's post_link does: by slug (its path in _posts/ without
// extension), then by title.
func (l *linker) post(slug string) (*Post, bool) {
	if p, ok := l.bySlug[slug]; ok {
		return p, true
	}
	p, ok := l.byTitle[slug]
	return p, ok
}

// Post returns the link and title of the post named by slug.
func (l *linker) Post(slug string) (url, title string, ok bool) {
	p, ok := l.post(slug)
	if !ok {
		return "", "", false
	}
	return p.URL, p.Title, true
}

// Asset returns the link to a file of the asset folder of the post whose source is rel
// (name relative to the folder).
func (l *linker) Asset(rel, name string) (string, bool) {
	p, ok := l.byRel[rel]
	if !ok {
		return "", false
	}
	dir := strings.TrimSuffix(rel, path.Ext(rel))
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	for d, files := range l.assets {
		if d != dir && !strings.HasPrefix(d, dir+"/") {
			continue
		}
		for _, s := range files {
			if s.rel == dir+"/"+name {
				base := strings.TrimSuffix(p.OutFile, "index.html")
				base = strings.TrimSuffix(strings.TrimSuffix(base, ".html"), ".htm")
				if base != "" && !strings.HasSuffix(base, "/") {
					base += "/"
				}
				return l.cfg.URLFor(base + name), true
			}
		}
	}
	return "", false
}

// URLFor returns the link to a path below the site's root.
func (l *linker) URLFor(p string) string { return l.cfg.URLFor(p) }
