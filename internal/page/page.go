package page

import (
	"errors"
	"path"
	"path/filepath"
	"strings"
	"time"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// Kind says what a source file is.
type Kind int

const (
	// Post is a Markdown file under _posts/.
	Post Kind = iota
	// Draft is a Markdown file under _drafts/ (rendered only with --drafts or render_drafts).
	Draft
	// Standalone is any other Markdown file of the source directory (an "About" page).
	Standalone
)

func (k Kind) String() string {
	switch k {
	case Post:
		return "post"
	case Draft:
		return "draft"
	}
	return "page"
}

// Page is one Markdown source file: its front matter decoded with Hexo's semantics and its
// body, with the line where the body starts so that positions in the body map back to lines
// of the file.
type Page struct {
	// File is the path given to Parse, used in messages.
	File string
	// Rel is the slash path relative to the source directory ("_posts/pod.md", "about/index.md").
	Rel  string
	Kind Kind
	// Slug is Hexo's slug: the file's path inside _posts/ (or _drafts/) without extension, or
	// the :title part of it when the name follows new_post_name ("2025-08-15-pod" with
	// ":year-:month-:day-:title.md" gives "pod"). The front matter's slug: is ignored, as in
	// Hexo. For a standalone page it is Rel without extension.
	Slug string

	// Title comes from the front matter. When missing, docbuild takes it from the file name
	// (TitleFromFile is then true); Hexo leaves such a title empty.
	Title         string
	TitleFromFile bool
	// Date is in the site's zone. HasDate is false when neither the front matter nor the file
	// name gives one; the site then uses the file's modification time and reports it.
	Date    time.Time
	HasDate bool
	// Updated is the front matter's updated date (HasUpdated false when absent).
	Updated    time.Time
	HasUpdated bool
	// Categories lists the post's category hierarchies, outermost name first. Hexo's rule: a
	// plain list (- A, - B, or [A, B]) is ONE hierarchy A › B; only when some item is itself a
	// list (- [A], - [B]) is every item a hierarchy of its own.
	Categories [][]string
	Tags       []string
	// Permalink is the front matter's permalink (overrides the site rule), "" when absent.
	Permalink   string
	Excerpt     string
	Description string
	// Layout is the front matter's layout ("post", "page", … or "false" for none).
	Layout    string
	Published bool
	Comments  bool
	Lang      string
	// TOC is false when the front matter says toc: false.
	TOC bool
	// Sticky orders posts on the index (higher first, as hexo-generator-index's sticky/top).
	Sticky int
	// Check holds the front matter's docbuild: map (settings for docbuild check).
	Check Check
	// Params holds every front-matter key with its value (strings, numbers, booleans, lists
	// and maps), for templates and permalink tokens.
	Params map[string]any

	Body []byte
	// BodyLine is the 1-based line of Body's first line in the file.
	BodyLine int
}

// Check is the front matter's docbuild: map, read by docbuild check.
type Check struct {
	// Kubernetes is the version to model ("1.37"); "" for the default.
	Kubernetes string
	// Node names the node of the simulated cluster; "" to take it from the prompts.
	Node string
	// Skip excludes the post from checking; SkipReason says why when given as skip: "why".
	Skip       bool
	SkipReason string
	// Line is the line of the docbuild: key (0 when absent).
	Line int
	// Params holds every key of the map.
	Params map[string]any
}

// IsPost reports posts and drafts (as opposed to standalone pages).
func (p *Page) IsPost() bool { return p.Kind != Standalone }

// Parse splits a source file into front matter and body and decodes the front matter.
// file is the path used in messages; it also tells the kind of the page (a "_posts" or
// "_drafts" element makes a post or a draft) and its path relative to cfg's source
// directory. Every problem of the front matter is reported, each as a *Error with the line
// of the offending YAML; several are joined with errors.Join.
func Parse(file string, src []byte, cfg *Config) (*Page, error) {
	p := &Page{
		File:      file,
		Published: true,
		Comments:  true,
		TOC:       true,
		Params:    map[string]any{},
	}
	p.Rel, p.Kind = classify(file, cfg)
	fm := Split(src)
	p.Body, p.BodyLine = fm.Body, fm.BodyLine
	if fm.Unclosed {
		return p, Errorf(file, 1, "front matter opened here is never closed (no second %q line)", strings.TrimSpace(firstLine(src)))
	}
	var root *yaml.Node
	if fm.Data != nil {
		data := escapeTabs(fm.Data)
		if fm.JSON {
			trimmed := strings.TrimSpace(string(data))
			if !strings.HasPrefix(trimmed, "{") {
				data = append(append([]byte("{"), data...), '}')
			}
		}
		var err error
		root, err = parseYAMLMap(file, fm.DataLine, data)
		if !fm.Prefixed && (err != nil || root == nil) {
			// Hexo's form without prefix is front matter only when it reads as a mapping.
			root = nil
			p.Body, p.BodyLine = src, 1
		} else if err != nil {
			return p, err
		}
	}
	d := &decoder{file: file, base: fm.DataLine}
	p.decode(d, root, cfg)
	p.fromFileName(cfg)
	if len(d.errs) > 0 {
		SortErrors(d.errs)
		if len(d.errs) == 1 {
			return p, d.errs[0]
		}
		return p, errors.Join(d.errs...)
	}
	return p, nil
}

func firstLine(b []byte) string {
	l, _, _ := cutLine(b)
	return string(l)
}

// escapeTabs replaces tabs that indent a line by two spaces each, as hexo-front-matter does
// before handing the text to js-yaml (YAML forbids tab indentation).
func escapeTabs(b []byte) []byte {
	if !strings.Contains(string(b), "\n\t") && (len(b) == 0 || b[0] != '\t') {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	atStart := true
	for _, c := range b {
		if atStart && c == '\t' {
			out = append(out, ' ', ' ')
			continue
		}
		atStart = c == '\n'
		out = append(out, c)
	}
	return out
}

// classify finds the path relative to the source directory and the kind of page.
func classify(file string, cfg *Config) (string, Kind) {
	slash := filepath.ToSlash(file)
	rel := slash
	if cfg != nil {
		src := filepath.ToSlash(filepath.Join(cfg.Dir, cfg.SourceDir)) + "/"
		if strings.HasPrefix(slash, src) {
			rel = slash[len(src):]
		} else if strings.HasPrefix(slash, cfg.SourceDir+"/") {
			rel = slash[len(cfg.SourceDir)+1:]
		}
	}
	for _, k := range []struct {
		dir  string
		kind Kind
	}{{"_posts/", Post}, {"_drafts/", Draft}} {
		if strings.HasPrefix(rel, k.dir) {
			return rel, k.kind
		}
		if i := strings.LastIndex(rel, "/"+k.dir); i >= 0 {
			return rel[i+1:], k.kind
		}
	}
	return strings.TrimPrefix(rel, "/"), Standalone
}

func (p *Page) decode(d *decoder, root *yaml.Node, cfg *Config) {
	var loc *time.Location
	if cfg != nil {
		loc = cfg.Location
	}
	var catField, tagField *field
	fs := fields(root, d.base)
	for i := range fs {
		f := fs[i]
		p.Params[f.key] = nodeValue(f.val)
		switch f.key {
		case "title":
			d.str(f, &p.Title)
		case "date", "updated":
			s, ok := d.scalar(f)
			if !ok {
				continue
			}
			t, err := ParseDate(s, loc)
			if err != nil {
				d.fail(f, "%v", err)
				continue
			}
			if f.key == "date" {
				p.Date, p.HasDate = t, true
			} else {
				p.Updated, p.HasUpdated = t, true
			}
		case "categories":
			catField = &fs[i]
		case "category":
			if catField == nil {
				catField = &fs[i]
			}
		case "tags":
			tagField = &fs[i]
		case "tag":
			if tagField == nil {
				tagField = &fs[i]
			}
		case "permalink":
			d.str(f, &p.Permalink)
		case "excerpt":
			d.str(f, &p.Excerpt)
		case "description":
			d.str(f, &p.Description)
		case "layout":
			d.str(f, &p.Layout)
		case "published":
			d.boolean(f, &p.Published)
		case "comments":
			d.boolean(f, &p.Comments)
		case "lang":
			d.str(f, &p.Lang)
		case "toc":
			n := resolve(f.val)
			if n != nil && n.Kind == yaml.MappingNode {
				// NexT's toc: {enable: false} form.
				for _, g := range fields(n, d.base) {
					if g.key == "enable" {
						d.boolean(g, &p.TOC)
					}
				}
			} else {
				d.boolean(f, &p.TOC)
			}
		case "sticky", "top":
			n := resolve(f.val)
			if n != nil && n.Kind == yaml.ScalarNode && (n.Value == "true" || n.Value == "false") {
				var b bool
				d.boolean(f, &b)
				if b {
					p.Sticky = 1
				}
			} else {
				d.integer(f, &p.Sticky)
			}
		case "docbuild":
			p.decodeCheck(d, f)
		}
	}
	if catField != nil {
		p.Categories = d.categories(*catField)
	}
	if tagField != nil {
		p.Tags = dedupe(d.strList(*tagField))
	}
}

func (p *Page) decodeCheck(d *decoder, f field) {
	n := resolve(f.val)
	p.Check.Line = f.line
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.fail(f, "want a mapping (kubernetes, node, skip), found %s", kindName(n))
		return
	}
	p.Check.Params = map[string]any{}
	for _, g := range fields(n, d.base) {
		p.Check.Params[g.key] = nodeValue(g.val)
		g.key = "docbuild." + g.key
		switch g.key {
		case "docbuild.kubernetes":
			d.str(g, &p.Check.Kubernetes)
		case "docbuild.node":
			d.str(g, &p.Check.Node)
		case "docbuild.skip":
			v := resolve(g.val)
			if v != nil && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && !isBoolWord(v.Value) {
				p.Check.Skip, p.Check.SkipReason = v.Value != "", v.Value
			} else {
				d.boolean(g, &p.Check.Skip)
			}
		}
	}
}

func isBoolWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off":
		return true
	}
	return false
}

// categories applies Hexo's rules (hexo lib/models/post.ts setCategories): null and empty
// names are dropped; if any item is a list, every item is a hierarchy of its own (a scalar
// item a hierarchy of one); otherwise the whole list is one hierarchy. A single scalar is a
// list of one.
func (d *decoder) categories(f field) [][]string {
	n := resolve(f.val)
	if isNull(n) {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "" {
			return nil
		}
		return [][]string{{n.Value}}
	case yaml.SequenceNode:
	default:
		d.fail(f, "want a category name or a list, found %s", kindName(n))
		return nil
	}
	hasHierarchy := false
	for _, c := range n.Content {
		if c = resolve(c); c.Kind == yaml.SequenceNode {
			hasHierarchy = true
		} else if c.Kind == yaml.MappingNode {
			d.errs = append(d.errs, Errorf(d.file, d.line(c), "%s: want category names, found %s", f.key, kindName(c)))
			return nil
		}
	}
	names := func(seq []*yaml.Node) []string {
		var out []string
		for _, c := range seq {
			c = resolve(c)
			if isNull(c) || c.Value == "" {
				continue
			}
			if c.Kind != yaml.ScalarNode {
				d.errs = append(d.errs, Errorf(d.file, d.line(c), "%s: want a category name, found %s", f.key, kindName(c)))
				continue
			}
			out = append(out, c.Value)
		}
		return out
	}
	if !hasHierarchy {
		if h := names(n.Content); len(h) > 0 {
			return [][]string{h}
		}
		return nil
	}
	var out [][]string
	for _, c := range n.Content {
		c = resolve(c)
		var h []string
		if c.Kind == yaml.SequenceNode {
			h = names(c.Content)
		} else {
			h = names([]*yaml.Node{c})
		}
		if len(h) > 0 {
			out = append(out, h)
		}
	}
	return out
}

func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// fromFileName derives the slug from the file name (and the date and title when the front
// matter lacks them).
func (p *Page) fromFileName(cfg *Config) {
	rel := p.Rel
	switch p.Kind {
	case Post:
		rel = strings.TrimPrefix(rel, "_posts/")
	case Draft:
		rel = strings.TrimPrefix(rel, "_drafts/")
	}
	noExt := strings.TrimSuffix(rel, path.Ext(rel))
	if p.Kind == Standalone {
		p.Slug = noExt
	} else {
		rule := ":title.md"
		if cfg != nil {
			rule = cfg.NewPostName
		}
		info := ParseFileName(rule, rel)
		p.Slug = info["title"]
		if !p.HasDate {
			if t, ok := info.date(cfg); ok {
				p.Date, p.HasDate = t, true
			}
		}
	}
	if p.Title == "" {
		base := path.Base(p.Slug)
		if p.Kind == Standalone && base == "index" && path.Dir(p.Slug) != "." {
			base = path.Base(path.Dir(p.Slug))
		}
		p.Title = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(base))
		p.TitleFromFile = true
	}
}
