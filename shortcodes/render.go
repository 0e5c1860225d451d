package shortcodes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// prepare does, when parsing, what a single tag needs from the parser
// context: the post it belongs to, the file of include_code, and the
// checks of its arguments.
func (x *extender) prepare(pc parser.Context, name string, args []string, line int) (post string, code *Code) {
	switch name {
	case "post_link", "post_path", "asset_img", "asset_link", "asset_path":
		if len(args) == 0 {
			what := "asset"
			if strings.HasPrefix(name, "post") {
				what = "post"
			}
			addError(pc, line, "%s: no %s given", name, what)
		}
		return postOf(pc), nil
	case "include_code":
		c, err := x.includeCode(args, line)
		if err != nil {
			addError(pc, line, "%v", err)
		}
		return "", c
	}
	return "", nil
}

// htmlRenderer renders the nodes of this package.
type htmlRenderer struct {
	x *extender
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlock, r.renderBlock)
	reg.Register(KindInline, r.renderInline)
	reg.Register(KindSummary, r.renderSummary)
}

func (r *htmlRenderer) renderBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	b := node.(*Block)
	switch b.body {
	case noBody:
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		if b.Name == "include_code" {
			if b.Code == nil {
				return ast.WalkSkipChildren, nil // reported when parsing; Hexo prints nothing
			}
			err := writeCode(w, r.x.opts.Highlighter, b.Code)
			_ = w.WriteByte('\n')
			return ast.WalkSkipChildren, err
		}
		if s := r.single(b.Name, b.Args, b.Post); s != "" {
			_, _ = w.WriteString(s + "\n")
		}
		return ast.WalkSkipChildren, nil
	case verbatimBody:
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		body := b.Lines().Value(source)
		if b.Name != "raw" {
			body = b.hexoBody(source)
		}
		err := r.verbatim(w, b.Name, b.Args, body, b.Code)
		if b.Name != "raw" || len(body) > 0 && body[len(body)-1] != '\n' {
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, err
	}
	r.container(w, b, b.Name, b.Args, entering, false)
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderInline(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Inline)
	switch n.body {
	case noBody:
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		if n.Name == "include_code" {
			if n.Code == nil {
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkSkipChildren, writeCode(w, r.x.opts.Highlighter, n.Code)
		}
		_, _ = w.WriteString(r.single(n.Name, n.Args, n.Post))
		return ast.WalkSkipChildren, nil
	case verbatimBody:
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkSkipChildren, r.verbatim(w, n.Name, n.Args, n.Text(source), n.Code)
	}
	r.container(w, n, n.Name, n.Args, entering, true)
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderSummary(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<summary><p>")
		for i, arg := range node.(*Summary).quoted {
			if i > 0 {
				_ = w.WriteByte(' ')
			}
			for _, s := range arg {
				_, _ = w.Write(util.EscapeHTML(s.Value(source)))
			}
		}
	} else {
		_, _ = w.WriteString("</p>\n</summary>\n")
	}
	return ast.WalkContinue, nil
}

// container writes the parts of a tag with a Markdown body around its
// children. An inline one wraps its children in <p>, as NexT and Hexo
// render the body as Markdown.
func (r *htmlRenderer) container(w util.BufWriter, n ast.Node, name string, args []string, entering, inline bool) {
	var open, close string
	switch name {
	case "note":
		// hexo-theme-next scripts/tags/note.js. NexT writes
		// class="note " when there is no class; the space is left out.
		classes, summary := noteClasses(args)
		class := strings.TrimSpace("note " + strings.Join(classes, " "))
		_, hasSummary := n.FirstChild().(*Summary)
		switch {
		case hasSummary:
			open, close = `<details class="`+class+`">`, "\n</details>"
		case inline && len(summary) > 0:
			open = `<details class="` + class + `"><summary><p>` + escapeHTML(strings.Join(summary, " ")) + "</p>\n</summary>\n"
			close = "\n</details>"
		default:
			open, close = `<div class="`+class+`">`, "</div>"
		}
	case "blockquote":
		// hexo lib/plugins/tag/blockquote.ts
		open, close = "<blockquote>", "</blockquote>"
		if f := blockquoteFooter(args); f != "" {
			close = "<footer>" + f + "</footer>" + close
		}
	case "pullquote":
		// hexo lib/plugins/tag/pullquote.ts
		open, close = `<blockquote class="`+strings.Join(append([]string{"pullquote"}, args...), " ")+`">`, "</blockquote>"
	case "centerquote":
		// hexo-theme-next scripts/tags/center-quote.js
		open, close = "<blockquote class=\"blockquote-center\">\n", "\n</blockquote>"
	case "tabs":
		// hexo-theme-next scripts/tags/tabs.js
		open, close = tabsOpen(n, args), "</div></div>"
	case "tab":
		b := n.(*Block)
		open, close = `<div class="tab-pane`+active(b.tab.active)+`" id="`+b.tab.href+`">`, "</div>"
	}
	if inline {
		open += "<p>"
		close = "</p>\n" + close
	} else if name != "tab" {
		close += "\n"
	}
	if entering {
		_, _ = w.WriteString(open)
	} else {
		_, _ = w.WriteString(close)
	}
}

// verbatim writes a tag with a verbatim body.
func (r *htmlRenderer) verbatim(w util.BufWriter, name string, args []string, body []byte, code *Code) error {
	switch name {
	case "raw":
		_, err := w.Write(body)
		return err
	case "codeblock":
		if code == nil {
			return nil
		}
		return writeCode(w, r.x.opts.Highlighter, code)
	case "mermaid":
		// hexo-theme-next scripts/tags/mermaid.js
		_, err := w.WriteString("<pre>\n<code class=\"mermaid\">\n" + strings.Join(args, " ") + "\n" +
			escapeHTML(string(trimBody(body))) + "\n</code>\n</pre>")
		return err
	}
	return nil
}

// single returns the HTML of a single tag other than include_code.
func (r *htmlRenderer) single(name string, args []string, post string) string {
	var s string
	res := r.x.opts.Resolver
	switch name {
	case "img":
		s = img(r.x.opts.Root, args, -1)
	case "link":
		s = link(args)
	case "iframe":
		s = iframe(args)
	case "youtube":
		s = youtube(args)
	case "label":
		s = label(args)
	case "button":
		s = button(args)
	case "video":
		s = video(args)
	case "post_link":
		// hexo lib/plugins/tag/post_link.ts. Hexo stops the build when the
		// post is missing; here the link text stands alone and Missing
		// reports it.
		if len(args) == 0 {
			return ""
		}
		slug, hash := slugAndHash(args[0])
		if url, title, ok := findPost(res, slug); ok {
			if hash != "" {
				// url_for encodes the hash as it encodes the path.
				url += "#" + encodeURI(unescape(hash, ""))
			}
			if title == "" {
				title = slug
			}
			s = postLink(args, url, title)
		} else {
			text := slug
			if rest := args[1:]; len(rest) > 0 {
				if l := rest[len(rest)-1]; l == "true" || l == "false" {
					rest = rest[:len(rest)-1]
				}
				if len(rest) > 0 {
					text = strings.Join(rest, " ")
				}
			}
			s = escapeHTML(text)
		}
	case "post_path":
		// hexo lib/plugins/tag/post_path.ts: nothing when missing.
		if len(args) > 0 {
			if url, _, ok := findPost(res, args[0]); ok {
				s = url
			}
		}
	case "asset_img":
		// hexo lib/plugins/tag/asset_img.ts: the first argument that is an
		// asset of the post is its source; nothing when none is.
		for i, a := range args {
			if url, ok := findAsset(res, post, a); ok {
				args = slices.Clone(args)
				args[i] = url
				s = img(r.x.opts.Root, args, i)
				break
			}
		}
	case "asset_link":
		// hexo lib/plugins/tag/asset_link.ts: nothing when missing.
		if len(args) > 0 {
			if url, ok := findAsset(res, post, args[0]); ok {
				s = assetLink(args, url)
			}
		}
	case "asset_path":
		// hexo lib/plugins/tag/asset_path.ts: nothing when missing.
		if len(args) > 0 {
			if url, ok := findAsset(res, post, args[0]); ok {
				s = url
			}
		}
	}
	return s
}

func findPost(r Resolver, slug string) (url, title string, ok bool) {
	if r == nil || slug == "" {
		return "", "", false
	}
	return r.Post(slug)
}

func findAsset(r Resolver, post, name string) (string, bool) {
	if r == nil || name == "" {
		return "", false
	}
	return r.Asset(post, name)
}

// Missing returns an error for each post_link, post_path, asset_img,
// asset_link and asset_path under doc whose target r cannot find, with the
// tag's line. Hexo fails the build for a missing post_link and prints
// nothing for the others; the renderer prints the link text and nothing
// respectively, so a site calls Missing to tell the author.
func Missing(doc ast.Node, r Resolver) []*Error {
	var errs []*Error
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var name, post string
		var args []string
		var line int
		switch t := n.(type) {
		case *Block:
			name, args, post, line = t.Name, t.Args, t.Post, t.Line
		case *Inline:
			name, args, post, line = t.Name, t.Args, t.Post, t.Line
		default:
			return ast.WalkContinue, nil
		}
		if len(args) == 0 {
			return ast.WalkContinue, nil
		}
		switch name {
		case "post_link", "post_path":
			slug, _ := slugAndHash(args[0])
			if name == "post_path" {
				slug = args[0]
			}
			if _, _, ok := findPost(r, slug); !ok {
				errs = append(errs, &Error{Line: line, Msg: fmt.Sprintf("%s: post %q not found", name, slug)})
			}
		case "asset_link", "asset_path":
			if _, ok := findAsset(r, post, args[0]); !ok {
				errs = append(errs, &Error{Line: line, Msg: fmt.Sprintf("%s: asset %q not found", name, args[0])})
			}
		case "asset_img":
			if !slices.ContainsFunc(args, func(a string) bool { _, ok := findAsset(r, post, a); return ok }) {
				errs = append(errs, &Error{Line: line, Msg: fmt.Sprintf("asset_img: none of %q is an asset of the post", args)})
			}
		}
		return ast.WalkContinue, nil
	})
	return errs
}

func active(b bool) string {
	if b {
		return " active"
	}
	return ""
}
