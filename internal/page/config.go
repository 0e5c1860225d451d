package page

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// Config is a site's configuration, read from docbuild.yaml (the native file) or from a Hexo
// tree's _config.yml; both accept the same keys (Hexo's names). A Config is not modified after
// LoadConfig or ParseConfig returns, so it may be shared by goroutines.
type Config struct {
	// Dir is the site directory; File the configuration file ("" when none was found).
	Dir, File string
	// Hexo reports a Hexo tree (_config.yml): Markdown then renders single newlines as <br>
	// (hexo-renderer-marked's breaks: true) unless marked.breaks says otherwise.
	Hexo bool

	Title, Subtitle, Description, Keywords, Author, Language string
	// Timezone is the IANA name of the site's zone; Location is that zone. Dates written
	// without an offset are read in it. Hexo uses the machine's zone when timezone is empty;
	// docbuild uses UTC so that a build gives the same bytes on every machine.
	Timezone string
	Location *time.Location

	// URL is the site's absolute address without a trailing slash, Root its path ("/" or
	// "/blog/", always with both slashes).
	URL, Root string
	// Permalink is the rule for post paths (":year/:month/:day/:title/" by default).
	Permalink         string
	PermalinkDefaults map[string]string

	// SourceDir and PublicDir are relative to Dir: "content" (docbuild) or "source" (Hexo),
	// and "public".
	SourceDir, PublicDir string
	// ThemeDir is the user theme directory (relative to Dir) whose files override the
	// embedded theme file by file; "" for none. It is theme_dir, else themes/<theme>.
	ThemeDir string

	TagDir, ArchiveDir, CategoryDir string
	NewPostName                     string
	FilenameCase                    int // 0 keep, 1 lower case, 2 upper case
	RenderDrafts, Future            bool
	PostAssetFolder                 bool
	DefaultCategory                 string
	CategoryMap, TagMap             map[string]string
	DateFormat, TimeFormat          string // moment.js tokens, as in Hexo
	// UpdatedOption says where a post's updated date comes from when the front matter has
	// none: "date" (docbuild's default: reproducible), "mtime" (Hexo's default) or "empty".
	UpdatedOption string
	PerPage       int
	PaginationDir string
	// Breaks renders a single newline inside a paragraph as <br> (marked.breaks).
	Breaks bool
	// Smartypants curls quotes and makes dashes (marked.smartypants: Hexo's default is true,
	// docbuild's false); ModifyAnchors is marked.modifyAnchors (1 lower-cases heading ids,
	// 2 upper-cases them).
	Smartypants   bool
	ModifyAnchors int
	// LineNumbers shows line numbers in code blocks (highlight.line_number; off unless set).
	LineNumbers bool
	// Exclude and Include are glob patterns relative to SourceDir (micromatch syntax: *, **,
	// ?, [...], {a,b}). Files starting with "_" or "." are skipped unless included.
	Exclude, Include []string
	// Menu is the navigation, in the order written (name → URL); nil means the theme default.
	Menu []MenuItem
	// Params holds every key of the file, for templates (.Site.Params.key).
	Params map[string]any

	exclude, include []*regexp.Regexp
}

// MenuItem is one navigation entry.
type MenuItem struct{ Name, URL string }

// ConfigFiles lists the configuration file names LoadConfig looks for, strongest first.
func ConfigFiles() []string { return []string{"docbuild.yaml", "docbuild.yml", "_config.yml"} }

// DefaultConfig returns the configuration of a site without a configuration file (hexo
// selects Hexo's defaults where docbuild's differ).
func DefaultConfig(dir string, hexo bool) *Config {
	c := &Config{
		Dir:             dir,
		Hexo:            hexo,
		Title:           "docbuild",
		Language:        "en",
		Location:        time.UTC,
		URL:             "http://example.com",
		Root:            "/",
		Permalink:       ":year/:month/:day/:title/",
		SourceDir:       "content",
		PublicDir:       "public",
		TagDir:          "tags",
		ArchiveDir:      "archives",
		CategoryDir:     "categories",
		NewPostName:     ":title.md",
		DefaultCategory: "uncategorized",
		DateFormat:      "YYYY-MM-DD",
		TimeFormat:      "HH:mm:ss",
		UpdatedOption:   "date",
		PerPage:         10,
		PaginationDir:   "page",
		PostAssetFolder: true,
		Params:          map[string]any{},
	}
	if hexo {
		c.Title = "Hexo"
		c.Author = "John Doe"
		c.SourceDir = "source"
		c.Future = true
		c.Breaks = true
		c.Smartypants = true
	}
	return c
}

// LoadConfig reads the configuration of the site in dir: docbuild.yaml (or .yml) when present,
// else Hexo's _config.yml, else defaults (then dir must hold content/ or source/_posts/).
func LoadConfig(dir string) (*Config, error) {
	for _, name := range ConfigFiles() {
		file := filepath.Join(dir, name)
		src, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return ParseConfig(dir, file, src, name == "_config.yml")
	}
	if isDir(filepath.Join(dir, "content")) {
		return finish(DefaultConfig(dir, false))
	}
	if isDir(filepath.Join(dir, "source", "_posts")) {
		return finish(DefaultConfig(dir, true))
	}
	return nil, fmt.Errorf("%s: no %s, and no content/ directory: not a site", dir, strings.Join(ConfigFiles(), ", "))
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// ParseConfig parses a configuration file's text. file names it in errors; hexo selects
// Hexo's defaults (the file is a _config.yml).
func ParseConfig(dir, file string, src []byte, hexo bool) (*Config, error) {
	c := DefaultConfig(dir, hexo)
	c.File = file
	root, err := parseYAMLMap(file, 1, src)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: file, base: 1}
	theme := ""
	for _, f := range fields(root, 1) {
		c.Params[f.key] = nodeValue(f.val)
		switch f.key {
		case "title":
			d.str(f, &c.Title)
		case "subtitle":
			d.str(f, &c.Subtitle)
		case "description":
			d.str(f, &c.Description)
		case "keywords":
			if l := d.strList(f); l != nil {
				c.Keywords = strings.Join(l, ", ")
			}
		case "author":
			d.str(f, &c.Author)
		case "language":
			// Hexo accepts a list of languages; the first is the site's.
			if l := d.strList(f); len(l) > 0 {
				c.Language = l[0]
			}
		case "timezone":
			d.str(f, &c.Timezone)
			if c.Timezone != "" {
				loc, err := time.LoadLocation(c.Timezone)
				if err != nil {
					d.fail(f, "unknown time zone %q", c.Timezone)
				} else {
					c.Location = loc
				}
			}
		case "url":
			d.str(f, &c.URL)
		case "root":
			d.str(f, &c.Root)
		case "permalink":
			d.str(f, &c.Permalink)
		case "permalink_defaults":
			c.PermalinkDefaults = d.strMap(f)
		case "source_dir":
			d.str(f, &c.SourceDir)
		case "public_dir":
			d.str(f, &c.PublicDir)
		case "theme":
			d.str(f, &theme)
		case "theme_dir":
			d.str(f, &c.ThemeDir)
		case "tag_dir":
			d.str(f, &c.TagDir)
		case "archive_dir":
			d.str(f, &c.ArchiveDir)
		case "category_dir":
			d.str(f, &c.CategoryDir)
		case "new_post_name":
			d.str(f, &c.NewPostName)
		case "filename_case":
			d.integer(f, &c.FilenameCase)
		case "render_drafts":
			d.boolean(f, &c.RenderDrafts)
		case "future":
			d.boolean(f, &c.Future)
		case "post_asset_folder":
			// Hexo copies a post's folder only with post_asset_folder: true; docbuild always
			// does, and reads the key only to accept it.
		case "default_category":
			d.str(f, &c.DefaultCategory)
		case "category_map":
			c.CategoryMap = d.strMap(f)
		case "tag_map":
			c.TagMap = d.strMap(f)
		case "date_format":
			d.str(f, &c.DateFormat)
		case "time_format":
			d.str(f, &c.TimeFormat)
		case "updated_option":
			d.str(f, &c.UpdatedOption)
			switch c.UpdatedOption {
			case "date", "mtime", "empty":
			default:
				d.fail(f, "want date, mtime or empty, found %q", c.UpdatedOption)
			}
		case "per_page":
			d.integer(f, &c.PerPage)
			if c.PerPage < 0 {
				d.fail(f, "must not be negative")
			}
		case "pagination_dir":
			d.str(f, &c.PaginationDir)
		case "exclude", "ignore", "skip_render":
			// skip_render files are copied as they are, which is what docbuild does with
			// every file that is not Markdown.
			if f.key != "skip_render" {
				c.Exclude = append(c.Exclude, d.strList(f)...)
			}
		case "include":
			c.Include = append(c.Include, d.strList(f)...)
		case "marked":
			n := resolve(f.val)
			if n != nil && n.Kind == yaml.MappingNode {
				for _, g := range fields(n, 1) {
					switch g.key {
					case "breaks":
						d.boolean(g, &c.Breaks)
					case "smartypants":
						d.boolean(g, &c.Smartypants)
					case "modifyAnchors":
						d.integer(g, &c.ModifyAnchors)
					}
				}
			} else if !isNull(n) {
				d.fail(f, "want a mapping, found %s", kindName(n))
			}
		case "highlight":
			n := resolve(f.val)
			if n != nil && n.Kind == yaml.MappingNode {
				for _, g := range fields(n, 1) {
					if g.key == "line_number" {
						d.boolean(g, &c.LineNumbers)
					}
				}
			}
		case "menu":
			n := resolve(f.val)
			if n != nil && n.Kind == yaml.MappingNode {
				for _, g := range fields(n, 1) {
					var u string
					d.str(g, &u)
					// NexT writes "home: / || fa fa-home": the URL is before "||".
					u, _, _ = strings.Cut(u, "||")
					c.Menu = append(c.Menu, MenuItem{Name: g.key, URL: strings.TrimSpace(u)})
				}
			} else if !isNull(n) {
				d.fail(f, "want a mapping of names to URLs, found %s", kindName(n))
			}
		}
	}
	if c.ThemeDir == "" && theme != "" {
		c.ThemeDir = path.Join("themes", theme)
	}
	if len(d.errs) > 0 {
		SortErrors(d.errs)
		return nil, errors.Join(d.errs...)
	}
	return finish(c)
}

// finish normalises and validates a configuration and compiles its patterns.
func finish(c *Config) (*Config, error) {
	c.URL = strings.TrimRight(c.URL, "/")
	if !strings.HasPrefix(c.Root, "/") {
		c.Root = "/" + c.Root
	}
	if !strings.HasSuffix(c.Root, "/") {
		c.Root += "/"
	}
	if c.Permalink == "" {
		c.Permalink = ":year/:month/:day/:title/"
	}
	if c.PaginationDir == "" {
		c.PaginationDir = "page"
	}
	if c.NewPostName == "" {
		c.NewPostName = ":title.md"
	}
	for _, dir := range []*string{&c.TagDir, &c.ArchiveDir, &c.CategoryDir} {
		*dir = strings.Trim(*dir, "/")
	}
	for _, p := range c.Exclude {
		re, err := compileGlob(p)
		if err != nil {
			return nil, fmt.Errorf("%s: exclude: %v", c.File, err)
		}
		c.exclude = append(c.exclude, re)
	}
	for _, p := range c.Include {
		re, err := compileGlob(p)
		if err != nil {
			return nil, fmt.Errorf("%s: include: %v", c.File, err)
		}
		c.include = append(c.include, re)
	}
	return c, nil
}

// Excluded reports whether a file (slash path relative to SourceDir) is left out of the
// site, following Hexo's isExcludedFile: editor temporary files ("~", "%" suffixes), files
// matching exclude, and hidden files (a path element starting with "_" or ".") unless they
// match include. Callers handle _posts/ and _drafts/ before asking.
func (c *Config) Excluded(rel string) bool {
	if strings.HasSuffix(rel, "~") || strings.HasSuffix(rel, "%") {
		return true
	}
	for _, re := range c.exclude {
		if re.MatchString(rel) {
			return true
		}
	}
	hidden := false
	for _, el := range strings.Split(rel, "/") {
		if strings.HasPrefix(el, "_") || strings.HasPrefix(el, ".") {
			hidden = true
			break
		}
	}
	if !hidden {
		return false
	}
	for _, re := range c.include {
		if re.MatchString(rel) {
			return false
		}
	}
	return true
}

// compileGlob translates a micromatch-style glob into an anchored regular expression.
func compileGlob(p string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*':
			if i+1 < len(p) && p[i+1] == '*' {
				i++
				if i+1 < len(p) && p[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("unclosed [ in %q", p)
			}
			class := p[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				b.WriteString(`\}`)
				continue
			}
			depth--
			b.WriteString(")")
		case ',':
			if depth > 0 {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unclosed { in %q", p)
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
