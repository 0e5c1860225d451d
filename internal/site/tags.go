package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/docbuild/docbuild/internal/markdown"
	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/shortcodes"
)

// This file wires the Hexo tags (package shortcodes) into the site's Markdown. Three
// adapters stand in for what internal/markdown does not offer yet:
//
//   - tagErrors, a goldmark AST transformer, carries shortcodes.Errors(pc) out of the parser
//     context (which internal/markdown keeps to itself) in an attribute of the document;
//   - bindPost walks a parsed document and names the post on the tag nodes and turns the
//     lines of codeblock tags into file lines (no parse option passes shortcodes.WithPost
//     or the first line to the tags);
//   - codeHighlighter implements shortcodes.Highlighter with (*markdown.Markdown).RenderCode,
//     so that {% codeblock %} looks and is cached like fenced code.

// tagErrorsAttr is the document attribute where tagErrors leaves the tags' errors.
const tagErrorsAttr = "docbuild-tag-errors"

type tagErrors struct{}

func (tagErrors) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tagErrors{}, 0)))
}

func (tagErrors) Transform(root *ast.Document, _ text.Reader, pc parser.Context) {
	if errs := shortcodes.Errors(pc); len(errs) > 0 {
		root.SetAttributeString(tagErrorsAttr, errs)
	}
}

// docTagErrors returns the errors tagErrors recorded.
func docTagErrors(root *ast.Document) []*shortcodes.Error {
	v, ok := root.AttributeString(tagErrorsAttr)
	if !ok {
		return nil
	}
	errs, _ := v.([]*shortcodes.Error)
	return errs
}

// bindPost names the post on every tag node (for asset tags) and makes the lines of code
// tags file lines. Only the goroutine rendering the post touches its document.
func bindPost(root ast.Node, p *page.Page) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *shortcodes.Block:
			t.Post = p.Rel
			if t.Code != nil {
				t.Code.Options.Line = p.BodyLine + t.Code.Options.Line - 1
			}
		case *shortcodes.Inline:
			t.Post = p.Rel
			if t.Code != nil {
				t.Code.Options.Line = p.BodyLine + t.Code.Options.Line - 1
			}
		}
		return ast.WalkContinue, nil
	})
}

// codeHighlighter renders codeblock and include_code with the site's code renderer.
type codeHighlighter struct {
	md          *markdown.Markdown // set once markdown.New returns, before any parse
	lineNumbers bool
}

func (h *codeHighlighter) Highlight(w util.BufWriter, code []byte, lang string, o shortcodes.CodeOptions) error {
	cb := markdown.CodeBlock{
		Lang: lang, Code: code, Line: o.Line,
		Caption: o.Caption, URL: o.URL, LinkText: o.LinkText,
		LineNumbers: h.lineNumbers, FirstLine: o.FirstLine, Marked: ranges(o.Mark),
	}
	if o.LineNumbers != nil {
		cb.LineNumbers = *o.LineNumbers
	}
	if cb.FirstLine == 0 {
		cb.FirstLine = 1
	}
	return h.md.RenderCode(w, cb)
}

// ranges turns line numbers into runs of consecutive lines.
func ranges(lines []int) [][2]int {
	if len(lines) == 0 {
		return nil
	}
	l := append([]int(nil), lines...)
	sort.Ints(l)
	var out [][2]int
	for _, n := range l {
		if k := len(out); k > 0 && (n == out[k-1][1] || n == out[k-1][1]+1) {
			out[k-1][1] = n
			continue
		}
		out = append(out, [2]int{n, n})
	}
	return out
}

// tagOptions returns the shortcodes options of a site.
func tagOptions(cfg *page.Config, links *linker, hl *codeHighlighter) shortcodes.Options {
	return shortcodes.Options{
		Resolver:    links,
		Highlighter: hl,
		Code:        dirFS(filepath.Join(cfg.Dir, cfg.SourceDir, "downloads", "code")),
		CodeDir:     "downloads/code",
		Root:        cfg.Root,
	}
}

// dirFS is os.DirFS of dir when it is a directory, nil otherwise (include_code then
// reports that it has no code directory).
func dirFS(dir string) fs.FS {
	if !isDir(dir) {
		return nil
	}
	return os.DirFS(dir)
}
