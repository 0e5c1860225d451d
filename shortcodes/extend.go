package shortcodes

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Options configure the extension. The zero value works: no resolver
// (every post and asset is missing), no highlighter (code is printed
// escaped), no code directory (include_code reports an error).
type Options struct {
	// Resolver finds the posts and assets that post_link, post_path,
	// asset_img, asset_link and asset_path refer to, when rendering.
	Resolver Resolver
	// Highlighter renders the code of codeblock and include_code.
	Highlighter Highlighter
	// Code is the site's code directory (Hexo's code_dir), read by
	// include_code when parsing.
	Code fs.FS
	// CodeDir is the URL path of Code under the site root, for
	// include_code's "view raw" link; default "downloads/code" as in Hexo.
	CodeDir string
	// Root is the URL path of the site (Hexo's root), put in front of
	// site-relative URLs as Hexo's url_for does; default "/".
	Root string
	// AllowUnknown lets a tag this package does not know pass through as
	// text, for sites with custom Hexo plugins, instead of being an error.
	AllowUnknown bool
}

// Resolver finds what the link tags point to. URLs it returns are used as
// they are: they include the site root.
type Resolver interface {
	// Post finds a post by slug (its file name without extension) or, as
	// Hexo falls back to, by title; it returns the post's URL and title.
	Post(slug string) (url, title string, ok bool)
	// Asset finds a file of the asset folder of post (the value given to
	// WithPost when the post was parsed) and returns its URL.
	Asset(post, name string) (url string, ok bool)
}

// Highlighter renders a codeblock or include_code tag: the code, in lang
// (empty when unknown), with the caption, link, line numbers and marked
// lines of opts. The markdown package implements it with the renderer it
// uses for fenced code, so both look and are cached alike.
type Highlighter interface {
	Highlight(w util.BufWriter, code []byte, lang string, opts CodeOptions) error
}

// Error is a problem found in a tag: an unknown tag, a block tag without
// its end tag, an end tag without its block tag, a file include_code
// cannot read, a post or asset that is not found.
type Error struct {
	// Line is the 1-based line of the tag in the parsed source (of the
	// opening tag, for an unclosed block).
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

var (
	errorsKey    = parser.NewContextKey()
	postKey      = parser.NewContextKey()
	lineIndexKey = parser.NewContextKey()
	markersKey   = parser.NewContextKey()
)

// Errors returns the problems found while parsing with pc, in line order.
// The document is complete nevertheless: an unknown tag is text, an
// unclosed block runs to the end of its container.
func Errors(pc parser.Context) []*Error {
	errs, _ := pc.Get(errorsKey).([]*Error)
	errs = slices.Clone(errs)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return errs
}

func addError(pc parser.Context, line int, format string, a ...any) {
	e := &Error{Line: line, Msg: fmt.Sprintf(format, a...)}
	errs, _ := pc.Get(errorsKey).([]*Error)
	for _, old := range errs {
		if *old == *e {
			return // the same line was looked at twice
		}
	}
	pc.Set(errorsKey, append(errs, e))
}

// WithPost records in pc which post is being parsed; the nodes of the tags
// that refer to its assets carry it (Block.Post, Inline.Post) and the
// renderer hands it to Resolver.Asset.
func WithPost(pc parser.Context, post string) { pc.Set(postKey, post) }

func postOf(pc parser.Context) string {
	p, _ := pc.Get(postKey).(string)
	return p
}

// lineIndex holds the offsets at which the lines of one source start.
type lineIndex struct {
	source []byte
	starts []int
}

// lineOf returns the 1-based line of the byte at offset in source.
func lineOf(pc parser.Context, source []byte, offset int) int {
	idx, _ := pc.Get(lineIndexKey).(*lineIndex)
	if idx == nil || len(idx.source) != len(source) || (len(source) > 0 && &idx.source[0] != &source[0]) {
		idx = &lineIndex{source: source, starts: []int{0}}
		for i, c := range source {
			if c == '\n' {
				idx.starts = append(idx.starts, i+1)
			}
		}
		pc.Set(lineIndexKey, idx)
	}
	n, found := slices.BinarySearch(idx.starts, offset)
	if found {
		return n + 1
	}
	return n
}

// New returns the extension: a block parser, an inline parser and an HTML
// renderer for Hexo's and NexT's tags.
func New(opts Options) goldmark.Extender {
	if opts.Root == "" {
		opts.Root = "/"
	}
	if opts.CodeDir == "" {
		opts.CodeDir = "downloads/code"
	}
	return &extender{opts: opts}
}

type extender struct {
	opts Options
}

// Extend implements goldmark.Extender.
func (x *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(&blockParser{x}, 100)),
		parser.WithInlineParsers(util.Prioritized(&inlineParser{x}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{x}, 100)))
}
