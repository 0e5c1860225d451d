package site

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/docbuild/docbuild/internal/markdown"
	"github.com/docbuild/docbuild/internal/markdown/highlight"
	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/shortcodes"
)

// mdRenderer renders pages with the site's configured internal/markdown.
type mdRenderer struct {
	md    *markdown.Markdown
	links *linker
	badge func(p *page.Page, line int) string

	buffers sync.Pool // *bytes.Buffer for the HTML of a page
	scratch sync.Pool // *textScratch
}

// MarkdownOptions returns the internal/markdown options a site's configuration asks for
// (serve and check build the same processor). cacheDir keeps highlighted code between
// builds ("" for memory only).
func MarkdownOptions(cfg *page.Config, cacheDir string) markdown.Options {
	return markdown.Options{
		HexoBreaks:    cfg.Breaks,
		Smartypants:   cfg.Smartypants,
		ModifyAnchors: cfg.ModifyAnchors,
		LineNumbers:   cfg.LineNumbers,
		CopyButton:    true,
		// Each build makes its own processor, so the in-memory cache only serves repeats
		// within one build: keep it small (the disk cache is what makes rebuilds fast).
		Highlight: highlight.Options{CacheDir: cacheDir, MaxMemory: 16 << 20},
	}
}

// newMarkdown configures the site's Markdown with the Hexo tags, whose links resolve
// through links.
func newMarkdown(cfg *page.Config, opts Options, links *linker) *mdRenderer {
	mo := MarkdownOptions(cfg, opts.CacheDir)
	sc := tagOptions(cfg, links)
	mo.Shortcodes = &sc
	r := &mdRenderer{md: markdown.New(mo), links: links, badge: opts.Badge}
	r.buffers.New = func() any { return new(bytes.Buffer) }
	r.scratch.New = func() any { return new(textScratch) }
	return r
}

func (r *mdRenderer) render(p *page.Page) (*rendered, error) {
	doc, err := r.md.Parse(p.Body, markdown.WithFirstLine(p.BodyLine), markdown.WithContext(p), markdown.WithPost(p.Rel))
	if err != nil {
		return nil, page.Errorf(p.File, p.BodyLine, "%v", err)
	}
	var errs []error
	for _, e := range doc.Errors { // already file lines
		errs = append(errs, page.Errorf(p.File, e.Line, "%s", e.Msg))
	}
	for _, e := range shortcodes.Missing(doc.Root, r.links) { // lines of the body
		errs = append(errs, page.Errorf(p.File, p.BodyLine+e.Line-1, "%s", e.Msg))
	}
	var ropts []markdown.RenderOption
	if r.badge != nil {
		ropts = append(ropts, markdown.WithBadge(func(line int) string { return r.badge(p, line) }))
	}
	buf := r.buffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		r.buffers.Put(buf)
	}()
	buf.Reset()
	if err := r.md.Render(buf, doc, ropts...); err != nil {
		errs = append(errs, locate(p, err))
	}
	out := &rendered{Content: template.HTML(buf.String())} //nolint:gosec // goldmark output
	if doc.More != nil {
		buf.Reset()
		if err := r.md.RenderExcerpt(buf, doc, ropts...); err != nil {
			errs = append(errs, locate(p, err))
		}
		out.Excerpt, out.More = template.HTML(buf.String()), true //nolint:gosec // goldmark output
	}
	out.TOC = toc(doc.TOC)
	sc := r.scratch.Get().(*textScratch)
	out.Words, out.Lead, out.Text = docText(doc.Root, doc.Source, sc)
	r.scratch.Put(sc)
	if len(errs) > 0 {
		page.SortErrors(errs)
		return out, errors.Join(errs...)
	}
	return out, nil
}

// stylesheet returns the code highlighter's CSS: chroma's github style, and github-dark
// for the dark scheme (prefers-color-scheme, or the theme toggle's data-theme="dark").
func (r *mdRenderer) stylesheet() []byte {
	var b bytes.Buffer
	if err := highlight.WriteCSS(&b, "github", "github-dark"); err != nil {
		return nil
	}
	return b.Bytes()
}

// locate turns an error of the Markdown layer into a *page.Error of the page's file. The
// layer's errors carry a file line (WithFirstLine) through a Line() method or a
// "line N: " prefix.
func locate(p *page.Page, err error) error {
	var pe *page.Error
	if errors.As(err, &pe) {
		return pe
	}
	var lined interface{ Line() int }
	if errors.As(err, &lined) {
		return page.Errorf(p.File, lined.Line(), "%s", stripLinePrefix(err.Error()))
	}
	return page.Errorf(p.File, 0, "%v", err)
}

func stripLinePrefix(s string) string {
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			return rest[i+2:]
		}
	}
	return s
}

func toc(hs []*markdown.Heading) []*Heading {
	if len(hs) == 0 {
		return nil
	}
	out := make([]*Heading, len(hs))
	for i, h := range hs {
		out[i] = &Heading{Level: h.Level, ID: h.ID, Text: h.Text, Children: toc(h.Children)}
	}
	return out
}

// docText returns a document's word count (of its prose: the text outside code, see
// countWords), its lead (the text of its paragraphs, up to about 400 bytes: no headings,
// tables or code) and its whole text (code included, white space collapsed). sc is scratch
// memory, reused from page to page.
func docText(root ast.Node, src []byte, sc *textScratch) (words int, lead, all string) {
	p, a := &sc.prose, &sc.all
	p.Reset()
	a.Reset()
	var l strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if l.Len() < 400 {
			switch n.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				if l.Len() > 0 {
					l.WriteByte(' ')
				}
				l.WriteString(inlineText(n, src))
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				t := util.UnescapePunctuations(c.Segment.Value(src))
				p.Write(t)
				a.Write(t)
				if c.SoftLineBreak() || c.HardLineBreak() {
					p.WriteByte(' ')
					a.WriteByte(' ')
				}
			case *ast.String:
				p.Write(c.Value)
				a.Write(c.Value)
			case *ast.CodeSpan:
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						v := tx.Segment.Value(src)
						p.Write(v)
						a.Write(v)
					}
				}
			case *ast.AutoLink:
				p.Write(c.Label(src))
				a.Write(c.Label(src))
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				lines := c.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					a.Write(seg.Value(src))
				}
				a.WriteByte('\n')
			case *ast.RawHTML, *ast.HTMLBlock:
				// markup, not text
			case *east.FootnoteBacklink:
			default:
				walk(c)
				if c.Type() == ast.TypeBlock {
					p.WriteByte('\n')
					a.WriteByte('\n')
				}
			}
		}
	}
	walk(root)
	return countWords(p.Bytes()), strings.TrimSpace(l.String()), collapseSpace(a.Bytes())
}

// textScratch is the memory docText reuses.
type textScratch struct{ prose, all bytes.Buffer }

// inlineText is the text of an inline container (a paragraph).
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// collapseSpace replaces runs of white space (unicode.IsSpace) by one space and trims the
// ends; an invalid UTF-8 byte becomes U+FFFD.
func collapseSpace(s []byte) string {
	if !utf8.Valid(s) {
		return collapseSpaceSlow(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && asciiSpace(c) {
			space = b.Len() > 0
			i++
			continue
		}
		if mayBeSpace(c) {
			r, size := utf8.DecodeRune(s[i:])
			if unicode.IsSpace(r) {
				space = b.Len() > 0
				i += size
				continue
			}
		}
		// A run of bytes that cannot start white space is copied at once (valid UTF-8:
		// continuation bytes never look like a lead byte).
		j := i + 1
		for j < len(s) && !(s[j] < utf8.RuneSelf && asciiSpace(s[j])) && !mayBeSpace(s[j]) {
			j++
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.Write(s[i:j])
		i = j
	}
	return b.String()
}

// mayBeSpace reports the lead bytes of the non-ASCII runes unicode.IsSpace accepts: U+0085,
// U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
func mayBeSpace(c byte) bool { return c == 0xC2 || c >= 0xE1 && c <= 0xE3 }

// collapseSpaceSlow is collapseSpace for text that is not valid UTF-8.
func collapseSpaceSlow(s []byte) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRune(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			i += size
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(r)
		} else {
			b.Write(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// asciiSpace reports the ASCII bytes unicode.IsSpace accepts.
func asciiSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}
