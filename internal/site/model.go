package site

import (
	"html/template"
	"time"

	"github.com/docbuild/docbuild/internal/page"
)

// Site is what every template sees as .Site: the configuration and the site's content,
// ordered deterministically.
type Site struct {
	Title, Subtitle, Description, Keywords, Author, Language string
	// URL is the absolute address of the site's root (no trailing slash); Root its path.
	URL, Root string
	Menu      []Link
	// Posts are the published posts, newest first (sticky posts are ordered on the index only).
	Posts []*Post
	// Pages are the standalone pages, by path.
	Pages []*Post
	// Categories are the top-level categories by name; each has its Children.
	Categories []*Term
	// AllCategories lists every category in tree order (a parent before its children).
	AllCategories []*Term
	// Tags are all tags by name.
	Tags []*Term
	// Years groups the posts by year, newest first.
	Years []*Group
	// Updated is the newest date or updated date of any post (never the build's time).
	Updated time.Time
	Params  map[string]any
	Config  *page.Config
	// Strings are the theme's interface strings in the site's language (i18n/*.yaml), by
	// key: {{.Site.Strings.post_posted}}. T formats the ones holding verbs.
	Strings   map[string]string
	Generator string
	// URLs are the links to the site's fixed pages and files.
	URLs SiteURLs
	// Footer is the theme's "site-footer" partial, rendered once.
	Footer template.HTML
	// BodyEnd is Options.BodyEnd, for the end of every page's <body>.
	BodyEnd template.HTML
	// Year is the year of Updated ("" for a site without posts), for the copyright line.
	Year string
}

// SiteURLs are links the layouts use on every page, computed once.
type SiteURLs struct {
	Home, Feed, CSS, Highlight, JS, Search, Archives, Categories, Tags string
}

// Link is a navigation entry.
type Link struct{ Name, URL string }

// Post is a rendered post or standalone page.
type Post struct {
	Source *page.Page
	// Site is the site the post belongs to, so that a partial given a post reaches the
	// site's strings and links.
	Site *Site

	Title       string
	Date        time.Time
	Updated     time.Time
	Lang        string
	Description string
	Layout      string
	Draft       bool
	Sticky      int
	Comments    bool
	Params      map[string]any

	// Path is the path below the root ("2025/08/15/pod/"); OutFile the file written
	// ("2025/08/15/pod/index.html"); URL the link (root-relative, percent-encoded); AbsURL the
	// absolute address.
	Path, OutFile, URL, AbsURL string

	Content template.HTML
	// Excerpt is the HTML before <!-- more --> (More is then true), else "".
	Excerpt template.HTML
	More    bool
	// Summary is plain text for lists and meta descriptions: the front matter's excerpt or
	// description, else the beginning of the text.
	Summary string
	// TOC is the heading tree; ShowTOC is false when the post has no headings or says toc: false.
	TOC     []*Heading
	ShowTOC bool
	// Categories are the post's category hierarchies (outermost first); Tags its tags.
	Categories [][]*Term
	Tags       []*Term
	// Newer and Older are the neighbouring posts by date (Hexo's prev and next).
	Newer, Older *Post
	// Words counts Chinese, Japanese and Korean characters one each and other words by
	// spaces, code excluded; Minutes is the reading time.
	Words, Minutes int

	// Formatted once for the layouts: dates as RFC 3339 (ISO) and with date_format (Text;
	// UpdatedText is "" when the post was not updated on another day), the day as MM-DD,
	// the word count and reading time with the theme's strings.
	DateISO, DateText, UpdatedISO, UpdatedText, DayText string
	WordsText, MinutesText                              string
	// Meta and Item are the theme's "post-meta" and "post-item" partials for this post,
	// rendered once and reused on every page that shows the post.
	Meta, Item template.HTML
	// Line and DayLine are the "post-line" and "post-day-line" partials (dated lists).
	Line, DayLine template.HTML

	text string // plain text, for search.json
}

// Heading is an entry of a table of contents.
type Heading struct {
	Level    int
	ID, Text string
	Children []*Heading
}

// Term is a category or a tag.
type Term struct {
	Name string
	// Slug is the term's path below its directory ("cloud/k8s" for a sub-category); Path the
	// page's path below the root ("categories/cloud/k8s/"); URL its link.
	Slug, Path, URL string
	Parent          *Term
	Children        []*Term
	Depth           int
	// Posts are the posts filed under the term, newest first; a category's include those of
	// its sub-categories (as in Hexo, where a post in A › B belongs to A and to A › B).
	Posts []*Post
}

// Group is a set of posts of one year or one month, for archives.
type Group struct {
	Year  int
	Month int // 0 for a year
	URL   string
	Posts []*Post
	// Months are the months of a year group, newest first.
	Months []*Group
}

// Pager is the pagination of a list page.
type Pager struct {
	Number, Total int
	// Prev and Next are links to the neighbouring pages ("" at the ends).
	Prev, Next string
	Pages      []PageLink
}

// PageLink is one entry of a pager; Gap marks an ellipsis between page numbers.
type PageLink struct {
	Number  int
	URL     string
	Label   string // "Page 2", in the site's language
	Current bool
	Gap     bool
}

// Data is what a layout is executed with.
type Data struct {
	Site *Site
	// Kind is the layout's kind: index, post, page, archive, category, tag, categories, tags, 404.
	Kind string
	// Title is the page's own title ("" on the home page); the layout adds the site's.
	Title       string
	Description string
	Lang        string
	// Path, URL and AbsURL locate this page.
	Path, URL, AbsURL string
	// Post is the post or page shown (post and page kinds).
	Post *Post
	// Posts are the posts listed on this page (after pagination), Pager their pagination.
	Posts []*Post
	Pager *Pager
	// Groups are Posts grouped by year (archives).
	Groups []*Group
	// Term is the category or tag shown.
	Term *Term
	// Year and Month are set on an archive of one year or one month.
	Year, Month int
	NoIndex     bool
	// Header is the theme's "site-header" partial with this page's menu entry marked.
	Header template.HTML
}

// HeaderData is what the "site-header" partial is executed with.
type HeaderData struct {
	Site *Site
	// URL is the link of the page, to mark the current menu entry.
	URL string
}

// rendered is what the site takes from the Markdown of one page.
type rendered struct {
	Content template.HTML
	Excerpt template.HTML // before <!-- more -->; "" when there is no marker
	More    bool
	TOC     []*Heading
	// Words counts the text outside code; Lead is the text of the first paragraphs
	// (summary); Text all of it (search).
	Words      int
	Lead, Text string
}
