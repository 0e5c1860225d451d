package site

import (
	"sort"
	"strings"

	"github.com/docbuild/docbuild/internal/page"
)

// buildSite derives the data shared by every template: taxonomies, archives, menu.
func (b *builder) buildSite() {
	cfg := b.cfg
	s := &Site{
		Title: cfg.Title, Subtitle: cfg.Subtitle, Description: cfg.Description,
		Keywords: cfg.Keywords, Author: cfg.Author, Language: cfg.Language,
		URL: cfg.URL, Root: cfg.Root,
		Posts: b.posts, Pages: b.pages,
		Params: cfg.Params, Config: cfg,
		Strings:   b.th.Strings(cfg.Language),
		Generator: "docbuild",
		BodyEnd:   b.opts.BodyEnd,
	}
	for _, p := range b.posts {
		if p.Date.After(s.Updated) {
			s.Updated = p.Date
		}
		if p.Updated.After(s.Updated) {
			s.Updated = p.Updated
		}
	}
	u := func(p string) string { return cfg.URLFor(p) }
	s.URLs = SiteURLs{
		Home: u(""), Feed: u("atom.xml"), CSS: u("css/docbuild.css"), Highlight: u("css/highlight.css"),
		JS: u("js/docbuild.js"), Search: u("search.json"), Archives: u(cfg.ArchiveDir + "/"),
		Categories: u(cfg.CategoryDir + "/"), Tags: u(cfg.TagDir + "/"),
	}
	if !s.Updated.IsZero() {
		s.Year = itoa(s.Updated.In(cfg.Location).Year())
	}
	for _, group := range [][]*Post{b.posts, b.pages} {
		for _, p := range group {
			p.Site = s
			p.DateISO, p.DateText = iso(p.Date), cfg.FormatDate(p.Date)
			p.DayText = page.FormatMoment(p.Date.In(cfg.Location), "MM-DD")
			if !p.Updated.IsZero() {
				p.UpdatedISO = iso(p.Updated)
				if t := cfg.FormatDate(p.Updated); t != p.DateText {
					p.UpdatedText = t
				}
			}
		}
	}
	s.Categories, s.AllCategories = b.categories()
	s.Tags = b.tags()
	s.Years = groupByYear(b.posts, cfg)
	s.Menu = b.menu(s)
	b.site = s
}

// categories builds the category tree. A post is filed under every level of each of its
// hierarchies (Hexo's PostCategory rows), once per term.
func (b *builder) categories() (roots, all []*Term) {
	cfg := b.cfg
	byPath := map[string]*Term{}
	var rootList []*Term
	for _, p := range b.posts {
		seen := map[*Term]bool{}
		for _, hier := range p.Source.Categories {
			slugs := cfg.CategorySlugs(hier)
			var parent *Term
			var chain []*Term
			for i, name := range hier {
				key := strings.Join(hier[:i+1], "\x00")
				t, ok := byPath[key]
				if !ok {
					t = &Term{Name: name, Slug: slugs[i], Parent: parent, Depth: i}
					t.Path = termPath(cfg.CategoryDir, t.Slug)
					t.URL = cfg.URLFor(t.Path)
					byPath[key] = t
					if parent == nil {
						rootList = append(rootList, t)
					} else {
						parent.Children = append(parent.Children, t)
					}
				}
				if !seen[t] {
					seen[t] = true
					t.Posts = append(t.Posts, p)
				}
				chain = append(chain, t)
				parent = t
			}
			p.Categories = append(p.Categories, chain)
		}
	}
	sortTerms(rootList)
	var walk func([]*Term)
	walk = func(ts []*Term) {
		for _, t := range ts {
			sortTerms(t.Children)
			all = append(all, t)
			walk(t.Children)
		}
	}
	walk(rootList)
	return rootList, all
}

// tags builds the tag list, sorted by name.
func (b *builder) tags() []*Term {
	byName := map[string]*Term{}
	var out []*Term
	for _, p := range b.posts {
		for _, name := range p.Source.Tags {
			t, ok := byName[name]
			if !ok {
				t = &Term{Name: name, Slug: b.cfg.TagSlug(name)}
				t.Path = termPath(b.cfg.TagDir, t.Slug)
				t.URL = b.cfg.URLFor(t.Path)
				byName[name] = t
				out = append(out, t)
			}
			t.Posts = append(t.Posts, p)
			p.Tags = append(p.Tags, t)
		}
	}
	sortTerms(out)
	return out
}

func termPath(dir, slug string) string {
	if dir == "" {
		return slug + "/"
	}
	return dir + "/" + slug + "/"
}

// sortTerms orders terms by name (case-insensitive, then bytes, then slug) so that the
// order never depends on the order posts were read in.
func sortTerms(ts []*Term) {
	sort.Slice(ts, func(i, j int) bool {
		a, b := strings.ToLower(ts[i].Name), strings.ToLower(ts[j].Name)
		if a != b {
			return a < b
		}
		if ts[i].Name != ts[j].Name {
			return ts[i].Name < ts[j].Name
		}
		return ts[i].Slug < ts[j].Slug
	})
}

// groupByYear groups posts (newest first) by year and month.
func groupByYear(posts []*Post, cfg *page.Config) []*Group {
	var years []*Group
	for _, p := range posts {
		d := p.Date.In(cfg.Location)
		if len(years) == 0 || years[len(years)-1].Year != d.Year() {
			years = append(years, &Group{Year: d.Year(), URL: cfg.URLFor(archivePath(cfg, d.Year(), 0))})
		}
		y := years[len(years)-1]
		y.Posts = append(y.Posts, p)
		if len(y.Months) == 0 || y.Months[len(y.Months)-1].Month != int(d.Month()) {
			y.Months = append(y.Months, &Group{Year: d.Year(), Month: int(d.Month()), URL: cfg.URLFor(archivePath(cfg, d.Year(), int(d.Month())))})
		}
		m := y.Months[len(y.Months)-1]
		m.Posts = append(m.Posts, p)
	}
	return years
}

func archivePath(cfg *page.Config, year, month int) string {
	p := cfg.ArchiveDir + "/"
	if year > 0 {
		p += pad4(year) + "/"
	}
	if month > 0 {
		p += pad2(month) + "/"
	}
	return p
}

func pad4(n int) string {
	s := itoa(n)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

func pad2(n int) string {
	s := itoa(n)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

// menu returns the navigation: the config's menu, else Home, Archives, Categories, Tags and
// the standalone pages at the top level (About).
func (b *builder) menu(s *Site) []Link {
	if len(b.cfg.Menu) > 0 {
		out := make([]Link, 0, len(b.cfg.Menu))
		for _, m := range b.cfg.Menu {
			out = append(out, Link{Name: label(s.Strings, "menu_"+m.Name, m.Name), URL: b.cfg.URLFor(m.URL)})
		}
		return out
	}
	out := []Link{
		{Name: label(s.Strings, "menu_home", "Home"), URL: b.cfg.URLFor("")},
		{Name: label(s.Strings, "menu_archives", "Archives"), URL: b.cfg.URLFor(b.cfg.ArchiveDir + "/")},
	}
	if len(s.Categories) > 0 {
		out = append(out, Link{Name: label(s.Strings, "menu_categories", "Categories"), URL: b.cfg.URLFor(b.cfg.CategoryDir + "/")})
	}
	if len(s.Tags) > 0 {
		out = append(out, Link{Name: label(s.Strings, "menu_tags", "Tags"), URL: b.cfg.URLFor(b.cfg.TagDir + "/")})
	}
	for _, p := range b.pages {
		// Top-level pages ("about/index.md", "about.md") join the menu; deeper ones and the
		// categories/tags index pages do not.
		dir := strings.TrimSuffix(p.Path, "index.html")
		dir = strings.TrimSuffix(dir, ".html")
		dir = strings.TrimSuffix(dir, "/")
		if dir == "" || strings.Contains(dir, "/") || pageType(p) != "" || dir == "404" {
			continue
		}
		out = append(out, Link{Name: p.Title, URL: p.URL})
	}
	return out
}

// pageType returns a standalone page's NexT type (categories, tags), "" for none.
func pageType(p *Post) string {
	if t, ok := p.Params["type"].(string); ok {
		switch t {
		case "categories", "tags":
			return t
		}
	}
	return ""
}

func label(strs map[string]string, key, def string) string {
	if s, ok := strs[key]; ok && s != "" {
		return s
	}
	return def
}
