package page

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Rule is a permalink or file-name rule with Hexo's ":token" parameters (hexo-util
// Permalink): a token is ":" followed by word characters, not ending with "_".
type Rule struct {
	src   string
	parts []rulePart
}

type rulePart struct {
	text  string
	token bool
}

// ParseRule splits a rule into literal text and tokens.
func ParseRule(rule string) Rule {
	r := Rule{src: rule}
	lit := 0
	for i := 0; i < len(rule); i++ {
		if rule[i] != ':' {
			continue
		}
		j := i + 1
		for j < len(rule) && isWordByte(rule[j]) {
			j++
		}
		// The name may not end with "_" (\w*[^_\W]).
		for j > i+1 && rule[j-1] == '_' {
			j--
		}
		if j == i+1 {
			continue
		}
		if lit < i {
			r.parts = append(r.parts, rulePart{text: rule[lit:i]})
		}
		r.parts = append(r.parts, rulePart{text: rule[i+1 : j], token: true})
		lit = j
		i = j - 1
	}
	if lit < len(rule) {
		r.parts = append(r.parts, rulePart{text: rule[lit:]})
	}
	return r
}

func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// String returns the rule as written.
func (r Rule) String() string { return r.src }

// Tokens lists the rule's token names in order.
func (r Rule) Tokens() []string {
	var out []string
	for _, p := range r.parts {
		if p.token {
			out = append(out, p.text)
		}
	}
	return out
}

// Expand replaces each token by its value; a token without a value becomes "" (Hexo
// prints "undefined").
func (r Rule) Expand(values map[string]string) string {
	var b strings.Builder
	for _, p := range r.parts {
		if p.token {
			b.WriteString(values[p.text])
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// match parses s with the rule (Hexo's Permalink.parse): tokens match lazily any text,
// except the date and hash tokens of new_post_name, which match digits.
func (r Rule) match(s string) (map[string]string, bool) {
	var b strings.Builder
	b.WriteString("^")
	var names []string
	for _, p := range r.parts {
		if !p.token {
			b.WriteString(regexp.QuoteMeta(p.text))
			continue
		}
		names = append(names, p.text)
		switch p.text {
		case "year":
			b.WriteString(`(\d{4})`)
		case "month", "day":
			b.WriteString(`(\d{2})`)
		case "i_month", "i_day":
			b.WriteString(`(\d{1,2})`)
		case "hash":
			b.WriteString(`([0-9a-f]{12})`)
		default:
			b.WriteString(`(.+?)`)
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, false
	}
	m := re.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	out := make(map[string]string, len(names))
	for i, n := range names {
		out[n] = m[i+1]
	}
	return out, true
}

// FileInfo holds the tokens read from a post's file name.
type FileInfo map[string]string

// ParseFileName reads a post's path inside _posts/ with the new_post_name rule, as Hexo's
// post processor does: extensions are dropped from both; a match gives the tokens (the
// title token being the slug); no match, or a match without :title, gives the slugized path
// as title.
func ParseFileName(rule, rel string) FileInfo {
	rule = strings.TrimSuffix(rule, path.Ext(rule))
	rel = strings.TrimSuffix(rel, path.Ext(rel))
	info, ok := ParseRule(rule).match(rel)
	if !ok {
		return FileInfo{"title": Slugize(rel, 0)}
	}
	if _, ok := info["title"]; !ok {
		info["title"] = Slugize(rel, 0)
	}
	return info
}

// date returns the date the tokens name (midnight in the site's zone), if they name one.
func (fi FileInfo) date(cfg *Config) (time.Time, bool) {
	y, err := strconv.Atoi(fi["year"])
	if err != nil {
		return time.Time{}, false
	}
	m := fi["month"]
	if m == "" {
		m = fi["i_month"]
	}
	d := fi["day"]
	if d == "" {
		d = fi["i_day"]
	}
	mi, err1 := strconv.Atoi(m)
	di, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil {
		return time.Time{}, false
	}
	loc := time.UTC
	if cfg != nil && cfg.Location != nil {
		loc = cfg.Location
	}
	return time.Date(y, time.Month(mi), di, 0, 0, 0, 0, loc), true
}

// PostPath returns a post's path below the site root, without a leading slash (a trailing
// slash means the file is index.html in that directory), following Hexo's post_permalink
// filter: the front matter's permalink wins; otherwise the site's rule with the tokens
// :year :month :day :i_month :i_day :hour :minute :second :title (the slug) :name (its last
// element) :post_title (the title, slugized, lower case) :id :category (the slug of the
// post's last category, else default_category) :hash (first 12 hex digits of sha1(slug +
// unix seconds)), then any front-matter key, then permalink_defaults.
func (c *Config) PostPath(p *Page) string {
	if p.Permalink != "" {
		return strings.TrimLeft(p.Permalink, "/")
	}
	d := p.Date.In(c.loc())
	sum := sha1.Sum([]byte(p.Slug + strconv.FormatInt(d.Unix(), 10)))
	id := ""
	if v, ok := p.Params["id"]; ok && v != nil {
		id = fmt.Sprint(v)
	} else {
		// Hexo uses its database's random id; docbuild a stable one from the source path.
		h := sha1.Sum([]byte(p.Rel))
		id = hex.EncodeToString(h[:])[:12]
	}
	meta := map[string]string{
		"id":         id,
		"title":      p.Slug,
		"name":       path.Base(p.Slug),
		"post_title": Slugize(p.Title, 1),
		"year":       fmt.Sprintf("%04d", d.Year()),
		"month":      fmt.Sprintf("%02d", int(d.Month())),
		"day":        fmt.Sprintf("%02d", d.Day()),
		"hour":       fmt.Sprintf("%02d", d.Hour()),
		"minute":     fmt.Sprintf("%02d", d.Minute()),
		"second":     fmt.Sprintf("%02d", d.Second()),
		"i_month":    strconv.Itoa(int(d.Month())),
		"i_day":      strconv.Itoa(d.Day()),
		"hash":       hex.EncodeToString(sum[:])[:12],
		"category":   c.DefaultCategory,
	}
	if len(p.Categories) > 0 {
		last := p.Categories[len(p.Categories)-1]
		slugs := c.CategorySlugs(last)
		meta["category"] = slugs[len(slugs)-1]
	}
	for k, v := range p.Params {
		if _, ok := meta[k]; ok {
			continue
		}
		switch v := v.(type) {
		case string, bool, int64, float64:
			meta[k] = fmt.Sprint(v)
		}
	}
	for k, v := range c.PermalinkDefaults {
		if _, ok := meta[k]; !ok {
			meta[k] = v
		}
	}
	return strings.TrimLeft(ParseRule(c.Permalink).Expand(meta), "/")
}

// PagePath returns a standalone page's path below the root, as Hexo's page processor: the
// front matter's permalink (index.html appended to a trailing slash, .html to a path
// without extension), else the source path with .html for .md.
func (c *Config) PagePath(p *Page) string {
	if p.Permalink != "" {
		out := strings.TrimLeft(p.Permalink, "/")
		if out == "" || strings.HasSuffix(out, "/") {
			return out
		}
		if path.Ext(out) == "" {
			out += ".html"
		}
		return out
	}
	return strings.TrimSuffix(p.Rel, path.Ext(p.Rel)) + ".html"
}

func (c *Config) loc() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// CategorySlugs returns the slug paths of each level of a category hierarchy: for A › B,
// ["a", "a/b"] (category_map applies to each name, then slugize with filename_case), as the
// slug of Hexo's Category model.
func (c *Config) CategorySlugs(hier []string) []string {
	out := make([]string, len(hier))
	prefix := ""
	for i, name := range hier {
		if m, ok := c.CategoryMap[name]; ok && m != "" {
			name = m
		}
		prefix += Slugize(name, c.FilenameCase)
		out[i] = prefix
		prefix += "/"
	}
	return out
}

// TagSlug returns a tag's slug (tag_map, then slugize with filename_case).
func (c *Config) TagSlug(name string) string {
	if m, ok := c.TagMap[name]; ok && m != "" {
		name = m
	}
	return Slugize(name, c.FilenameCase)
}

// OutputFile turns a path below the root into the file that serves it: a trailing slash
// (or an empty path) gets index.html, as Hexo's router does.
func OutputFile(p string) string {
	p = strings.TrimLeft(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// URLFor returns the link to a path below the root: the root, then the path percent-encoded,
// without a trailing "index.html" (hexo's url_for with pretty_urls.trailing_index off).
func (c *Config) URLFor(p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "#") {
		return p
	}
	p = strings.TrimLeft(p, "/")
	if p == "index.html" {
		p = ""
	} else if strings.HasSuffix(p, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
	}
	return EncodeURL(c.Root + p)
}

// AbsURL returns the absolute address of a path below the root: url (which includes the
// site's directory when it has one) then the path, as hexo-util's full_url_for.
func (c *Config) AbsURL(p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	rel := strings.TrimPrefix(c.URLFor(p), EncodeURL(c.Root))
	return c.URL + "/" + rel
}

// FormatDate and FormatTime format t in the site's zone with date_format and time_format.
func (c *Config) FormatDate(t time.Time) string { return FormatMoment(t.In(c.loc()), c.DateFormat) }

// FormatTime formats t with time_format.
func (c *Config) FormatTime(t time.Time) string { return FormatMoment(t.In(c.loc()), c.TimeFormat) }
