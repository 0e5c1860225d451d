package markdown

import (
	"bufio"
	"bytes"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/docbuild/docbuild/internal/markdown/highlight"
	"github.com/docbuild/docbuild/shortcodes"
)

// Options configures a Markdown.
type Options struct {
	// HexoBreaks renders a single newline inside a paragraph as <br>, like
	// hexo-renderer-marked's default (marked `breaks: true`). Off: CommonMark
	// soft breaks, with the CJK rule that a break between two East Asian
	// characters renders as nothing.
	HexoBreaks bool
	// StrictEmphasis applies CommonMark's emphasis rules unchanged (as
	// marked and Hexo do). By default the CJK-friendly amendment applies
	// (see cjk.go): **说明：**后面 is bold, where CommonMark leaves the
	// asterisks because the closing ** sits between a punctuation mark
	// and a letter.
	StrictEmphasis bool
	// Smartypants turns -- and --- into dashes, ... into an ellipsis and
	// straight quotes into curly ones, exactly like hexo-renderer-marked's
	// `smartypants: true` (its default; note that it curls quotes next to
	// Chinese text the wrong way, as Hexo does).
	Smartypants bool
	// ModifyAnchors is hexo-renderer-marked's `modifyAnchors`: 1 lower-cases
	// heading ids, 2 upper-cases them, 0 keeps them as written.
	ModifyAnchors int

	// LineNumbers shows line numbers in every code block (a fence attribute
	// `linenos=false` turns them off for one block, `linenos` on).
	LineNumbers bool
	// CopyButton adds a copy button to every code block (see the package
	// doc for the markup the theme's script hooks to).
	CopyButton bool
	// Highlight configures the code highlighter and its cache.
	Highlight highlight.Options

	// Shortcodes, when set, adds the Hexo and NexT tags ({% note %},
	// {% codeblock %}, {% post_link %}…) configured by it. Its Highlighter
	// is set to this Markdown's, so tag code looks and is cached like
	// fenced code (and carries file lines, a badge…), unless one is given;
	// the tags' parse errors land in Doc.Errors with file lines, and
	// WithPost names the post for asset tags.
	Shortcodes *shortcodes.Options
	// Extensions are more goldmark extensions, added after the built-in
	// ones.
	Extensions []goldmark.Extender
}

// Markdown is the configured Markdown processor of a site. It is safe for
// concurrent use: Parse and Render may be called from many goroutines, and
// they share one highlight cache.
type Markdown struct {
	opts Options
	gm   goldmark.Markdown
	hl   *highlight.Highlighter
	// bufWriters recycles the 32 KiB bufio.Writers of renders into writers
	// other than a *bytes.Buffer (one per render would be garbage).
	bufWriters sync.Pool
}

// New returns a Markdown configured by opts.
func New(opts Options) *Markdown {
	m := &Markdown{opts: opts, hl: highlight.New(opts.Highlight)}
	ropts := []renderer.Option{
		html.WithUnsafe(),
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{m: m}, 100)),
	}
	if opts.HexoBreaks {
		ropts = append(ropts, html.WithHardWraps())
	}
	ropts = append(ropts, renderer.WithNodeRenderers(util.Prioritized(&textRenderer{
		hardWraps: opts.HexoBreaks,
		smart:     opts.Smartypants,
		writer:    html.NewWriter(html.WithEscapedSpace()),
	}, 100)))
	popts := []parser.Option{
		parser.WithASTTransformers(util.Prioritized(&docTransformer{m: m}, 10000)),
	}
	if !opts.StrictEmphasis {
		popts = append(popts, parser.WithInlineParsers(util.Prioritized(cjkEmphasisParser{}, 499)))
	}
	exts := []goldmark.Extender{
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough, extension.Linkify, extension.TaskList,
		extension.Footnote,
		extension.NewCJK(extension.WithEscapedSpace()),
	}
	if opts.Shortcodes != nil {
		sc := *opts.Shortcodes
		if sc.Highlighter == nil {
			sc.Highlighter = tagHighlighter{m}
		}
		exts = append(exts, shortcodes.New(sc))
	}
	exts = append(exts, opts.Extensions...)
	m.gm = goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(popts...),
		goldmark.WithRendererOptions(ropts...),
	)
	return m
}

// Highlighter returns the code highlighter (shared with the Hexo tags that
// show code, and a source of cache statistics).
func (m *Markdown) Highlighter() *highlight.Highlighter { return m.hl }

// Heading is an entry of a post's table of contents.
type Heading struct {
	Level int    // 1–6
	ID    string // the id attribute, Hexo-compatible
	Text  string // plain text
	Line  int    // source line
	// Children are the headings of a deeper level that follow, up to the
	// next heading of this level or higher.
	Children []*Heading
}

// Doc is a parsed post: the AST, its source, and what was learned while
// parsing. A Doc is read-only once returned; it may be rendered and walked
// concurrently.
type Doc struct {
	// Source is the Markdown text the AST's segments point into.
	Source []byte
	// Root is the goldmark document.
	Root *ast.Document
	// TOC is the heading tree, in document order.
	TOC []*Heading
	// More is the top-level node holding the `<!-- more -->` marker, nil
	// when there is none. The excerpt is everything before it.
	More ast.Node
	// Errors are the problems the Hexo tags found while parsing (unknown
	// tag, unclosed block, unreadable include_code file), each with its
	// file line (see WithFirstLine), in line order.
	Errors []*shortcodes.Error

	firstLine  int   // file line of Source's first line
	lineStarts []int // offsets of the start of each line
	ctx        any   // per-post value from WithContext
}

// ParseOption adjusts one call of Parse.
type ParseOption func(*parseConfig)

type parseConfig struct {
	firstLine int
	ctx       any
	post      string
}

// WithFirstLine says that the source's first line is line n of its file
// (page.Page.BodyLine), so that every line this package reports — the
// data-line of code blocks, CodeBlock.Line, Heading.Line — is a file line.
func WithFirstLine(n int) ParseOption {
	return func(c *parseConfig) { c.firstLine = n }
}

// WithPost names the post being parsed for the Hexo tags that refer to its
// asset folder (asset_img, asset_link, asset_path): the name is handed to
// shortcodes.Resolver.Asset when rendering.
func WithPost(post string) ParseOption {
	return func(c *parseConfig) { c.post = post }
}

// WithContext attaches a per-post value (the post being rendered) to the
// Doc, for extensions that resolve links at render time; Context returns it.
func WithContext(v any) ParseOption {
	return func(c *parseConfig) { c.ctx = v }
}

// Context returns the value given to WithContext.
func (d *Doc) Context() any { return d.ctx }

// Parse parses src (a post body: Markdown without front matter).
func (m *Markdown) Parse(src []byte, opts ...ParseOption) (*Doc, error) {
	cfg := parseConfig{firstLine: 1}
	for _, o := range opts {
		o(&cfg)
	}
	doc := &Doc{Source: src, firstLine: cfg.firstLine, ctx: cfg.ctx}
	doc.lineStarts = lineStarts(src)
	pc := parser.NewContext()
	pc.Set(docContextKey, doc)
	if cfg.post != "" {
		shortcodes.WithPost(pc, cfg.post)
	}
	root := m.gm.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	for _, e := range m.tagErrors(pc) {
		doc.Errors = append(doc.Errors, &shortcodes.Error{Line: e.Line + doc.firstLine - 1, Msg: e.Msg})
	}
	d, ok := root.(*ast.Document)
	if !ok {
		d = ast.NewDocument()
		d.AppendChild(d, root)
	}
	doc.Root = d
	return doc, nil
}

// tagErrors returns the Hexo tags' errors when this Markdown added the tags
// (Options.Shortcodes); a caller that added them through Extensions
// collects them itself.
func (m *Markdown) tagErrors(pc parser.Context) []*shortcodes.Error {
	if m.opts.Shortcodes == nil {
		return nil
	}
	return shortcodes.Errors(pc)
}

// docContextKey finds the Doc being built in the parser context.
var docContextKey = parser.NewContextKey()

// Line returns the file line of a byte offset in Source.
func (d *Doc) Line(offset int) int {
	i := sort.Search(len(d.lineStarts), func(i int) bool { return d.lineStarts[i] > offset })
	return d.firstLine + i - 1
}

func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return starts
		}
		i += j + 1
		starts = append(starts, i)
	}
}

// RenderOption adjusts one call of Render.
type RenderOption func(*renderState)

// WithBadge asks for an HTML fragment to put in the header of each code
// block, given the block's line (the `check` result of that block); an
// empty string adds nothing. The fragment is written as is.
func WithBadge(f func(line int) string) RenderOption {
	return func(s *renderState) { s.badge = f }
}

// renderState is the writer goldmark renders into: the caller's buffer, or
// a buffered writer over its io.Writer, that also carries what one Render
// call needs (node renderers find it by asserting the util.BufWriter they are
// given).
type renderState struct {
	util.BufWriter
	doc   *Doc
	badge func(line int) string
	bw    *bufio.Writer // from Markdown.bufWriters, when the caller's writer is not a *bytes.Buffer
	pool  *sync.Pool
}

// bufferWriter is a util.BufWriter that writes straight into a
// *bytes.Buffer: rendering into memory needs no second buffer and no copy.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Available() int { return 1 << 30 }
func (bufferWriter) Buffered() int  { return 0 }
func (bufferWriter) Flush() error   { return nil }

// Render writes the HTML of the whole post.
func (m *Markdown) Render(w io.Writer, doc *Doc, opts ...RenderOption) error {
	return m.render(w, doc, doc.Root, opts)
}

// RenderExcerpt writes the HTML of the part of the post before the
// `<!-- more -->` marker; nothing when the post has none (see Doc.More).
func (m *Markdown) RenderExcerpt(w io.Writer, doc *Doc, opts ...RenderOption) error {
	if doc.More == nil {
		return nil
	}
	st := m.newState(w, doc, opts)
	r := m.gm.Renderer()
	for n := doc.Root.FirstChild(); n != nil && n != doc.More; n = n.NextSibling() {
		if err := r.Render(st, doc.Source, n); err != nil {
			st.finish()
			return err
		}
	}
	if inlineMore(doc.More) {
		// the marker sits inside this block: the block belongs to the excerpt
		if err := r.Render(st, doc.Source, doc.More); err != nil {
			st.finish()
			return err
		}
	}
	return st.finish()
}

func (m *Markdown) newState(w io.Writer, doc *Doc, opts []RenderOption) *renderState {
	st := &renderState{doc: doc}
	if b, ok := w.(*bytes.Buffer); ok {
		st.BufWriter = bufferWriter{b}
	} else {
		st.pool = &m.bufWriters
		st.bw, _ = st.pool.Get().(*bufio.Writer)
		if st.bw == nil {
			st.bw = bufio.NewWriterSize(w, 32<<10)
		}
		st.bw.Reset(w)
		st.BufWriter = st.bw
	}
	for _, o := range opts {
		o(st)
	}
	return st
}

// finish flushes the state's writer and recycles it.
func (st *renderState) finish() error {
	err := st.Flush()
	if st.bw != nil {
		st.bw.Reset(nil)
		st.pool.Put(st.bw)
		st.bw = nil
	}
	return err
}

func (m *Markdown) render(w io.Writer, doc *Doc, n ast.Node, opts []RenderOption) error {
	st := m.newState(w, doc, opts)
	if err := m.gm.Renderer().Render(st, doc.Source, n); err != nil {
		st.finish()
		return err
	}
	return st.finish()
}

// isMore reports whether an HTML fragment is Hexo's excerpt marker
// (hexo lib/plugins/filter/after_post_render/excerpt.js: /<!--\s*more\s*-->/i).
func isMore(b []byte) bool {
	s := strings.TrimSpace(string(b))
	if len(s) < 7 || !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(s[4:len(s)-3]), "more")
}

// inlineMore reports whether the marker node n is a block containing the
// marker inline (rather than the marker's own HTML block).
func inlineMore(n ast.Node) bool {
	_, ok := n.(*ast.HTMLBlock)
	return !ok
}

// docTransformer runs after parsing: heading ids and the TOC, the excerpt
// marker.
type docTransformer struct{ m *Markdown }

func (t *docTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc, _ := pc.Get(docContextKey).(*Doc)
	if doc == nil {
		return
	}
	src := reader.Source()
	ids := headingIDs{}
	var stack []*Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			var b strings.Builder
			headingHTML(&b, n, src, t.m.opts.Smartypants)
			id := ids.unique(anchorID(b.String(), t.m.opts.ModifyAnchors))
			n.SetAttributeString("id", []byte(id))
			h := &Heading{Level: n.Level, ID: id, Text: plainText(n, src), Line: doc.Line(blockPos(n))}
			for len(stack) > 0 && stack[len(stack)-1].Level >= h.Level {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 {
				doc.TOC = append(doc.TOC, h)
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, h)
			}
			stack = append(stack, h)
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if doc.More == nil && n.Parent() == root && isMore(blockText(n, src)) {
				doc.More = n
			}
		case *ast.RawHTML:
			if doc.More == nil && isMore(segmentsText(n.Segments, src)) {
				top := ast.Node(n)
				for top.Parent() != nil && top.Parent() != root {
					top = top.Parent()
				}
				doc.More = top
			}
		case *ast.Text, *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// blockPos is the offset where a block starts in the source.
func blockPos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return 0
}

func blockText(n ast.Node, src []byte) []byte {
	var b []byte
	l := n.Lines()
	for i := 0; i < l.Len(); i++ {
		s := l.At(i)
		b = append(b, s.Value(src)...)
	}
	return b
}

func segmentsText(l *text.Segments, src []byte) []byte {
	var b []byte
	for i := 0; i < l.Len(); i++ {
		s := l.At(i)
		b = append(b, s.Value(src)...)
	}
	return b
}

// plainText is the text content of an inline container.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(util.UnescapePunctuations(c.Segment.Value(src)))
				if c.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.RawHTML:
				// tags are not text
			case *ast.AutoLink:
				b.Write(c.Label(src))
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// WriteCSS writes the code highlighting stylesheet for the markup of this
// package: chroma style light, and dark for dark mode (prefers-color-scheme,
// or data-theme="dark" on an ancestor); see highlight.WriteCSS.
func WriteCSS(w io.Writer, light, dark string) error {
	return highlight.WriteCSS(w, light, dark)
}
