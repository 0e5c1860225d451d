package markdown

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/docbuild/docbuild/internal/markdown/highlight"
	"github.com/docbuild/docbuild/shortcodes"
)

// CodeBlock is a block of code of a post, as the renderer shows it and as
// `check` reads it.
type CodeBlock struct {
	// Node is the *ast.FencedCodeBlock or *ast.CodeBlock (nil for code
	// coming from a Hexo tag).
	Node ast.Node
	// Lang is the language as written ("" when untagged).
	Lang string
	// Code is the content, without the indentation of the fence.
	Code []byte
	// Line is the file line of the opening fence (of the first line for an
	// indented block).
	Line int
	// File is the block's file name when the post gives one: a fence
	// attribute (file=, filename=, or a title= that is a file name), a
	// Hexo caption that is a file name (```yaml pod.yaml), a `lang:file`
	// info string, or a first-line comment (# pod.yaml, # File: pod.yaml).
	File string
	// Caption is the text shown above the block (title=, the Hexo caption,
	// or File); URL and LinkText a link shown after it (Hexo's
	// ```lang caption url [link text]).
	Caption, URL, LinkText string
	// LineNumbers, FirstLine and Marked are the line options
	// (linenos, start=, hl_lines= / mark=).
	LineNumbers bool
	FirstLine   int
	Marked      [][2]int
	// Hidden is set for a block right after `<!-- docbuild: setup -->`:
	// `check` runs it, readers do not see it.
	Hidden bool
	// Attrs are the fence's key=value attributes as written.
	Attrs map[string]string
}

// CodeBlocks returns the code blocks of the post in document order,
// including those nested in lists, quotes and Hexo tags, and the code of
// {% codeblock %} and {% include_code %} tags (Node is then the
// *shortcodes.Block or *shortcodes.Inline).
func (m *Markdown) CodeBlocks(d *Doc) []CodeBlock {
	var out []CodeBlock
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			out = append(out, m.codeBlock(d, n))
			return ast.WalkSkipChildren, nil
		case *shortcodes.Block:
			if t.Code != nil {
				cb := m.tagCode(t.Code.Text, t.Code.Lang, t.Code.Options)
				cb.Node, cb.Line = n, d.firstLine+t.Code.Options.Line-1
				out = append(out, cb)
			}
		case *shortcodes.Inline:
			if t.Code != nil {
				cb := m.tagCode(t.Code.Text, t.Code.Lang, t.Code.Options)
				cb.Node, cb.Line = n, d.firstLine+t.Code.Options.Line-1
				out = append(out, cb)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// codeBlock describes a code node of doc.
func (m *Markdown) codeBlock(doc *Doc, n ast.Node) CodeBlock {
	cb := CodeBlock{Node: n, LineNumbers: m.opts.LineNumbers}
	var code bytes.Buffer
	l := n.Lines()
	for i := 0; i < l.Len(); i++ {
		s := l.At(i)
		code.Write(s.Value(doc.Source))
	}
	cb.Code = code.Bytes()
	cb.Line = doc.Line(blockPos(n))
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		applyInfo(&cb, string(f.Info.Segment.Value(doc.Source)))
	}
	if cb.File == "" {
		cb.File = firstLineFile(cb.Code)
	}
	if cb.Caption == "" {
		cb.Caption = cb.File
	}
	cb.Hidden = isSetup(n.PreviousSibling(), doc.Source)
	return cb
}

// isSetup reports whether n is the `<!-- docbuild: setup -->` directive.
func isSetup(n ast.Node, src []byte) bool {
	h, ok := n.(*ast.HTMLBlock)
	if !ok {
		return false
	}
	s := strings.TrimSpace(string(blockText(h, src)))
	if len(s) < 7 || !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return false
	}
	f := strings.Fields(s[4 : len(s)-3])
	return len(f) == 2 && f[0] == "docbuild:" && f[1] == "setup"
}

// applyInfo reads a fence's info string into cb: the language, then
// key=value attributes (```yaml title="pod.yaml" linenos hl_lines="2-3"),
// or, when there are none, Hexo's ```lang [caption] [url] [link text].
func applyInfo(cb *CodeBlock, info string) {
	info = strings.TrimSpace(info)
	lang, rest := info, ""
	if i := strings.IndexAny(info, " \t{"); i >= 0 {
		lang, rest = info[:i], strings.TrimSpace(info[i:])
	}
	if i := strings.IndexByte(lang, ':'); i > 0 && looksLikeFile(lang[i+1:]) {
		lang, cb.File = lang[:i], lang[i+1:] // ```yaml:pod.yaml
	}
	cb.Lang = lang
	if strings.HasPrefix(rest, "{") && strings.HasSuffix(rest, "}") {
		rest = strings.TrimSpace(rest[1 : len(rest)-1])
	}
	if rest == "" {
		return
	}
	words := splitAttrs(rest)
	hasKV := false
	for _, w := range words {
		if strings.Contains(w, "=") {
			hasKV = true
			break
		}
	}
	if !hasKV {
		hexoCaption(cb, rest)
		return
	}
	cb.Attrs = map[string]string{}
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		v = unquote(v)
		cb.Attrs[k] = v
		switch strings.ToLower(k) {
		case "file", "filename", "name":
			cb.File = v
		case "title", "caption":
			cb.Caption = v
			if cb.File == "" && looksLikeFile(v) {
				cb.File = v
			}
		case "url", "link":
			cb.URL = v
		case "linenos", "line_number", "linenumbers", "line_numbers":
			cb.LineNumbers = v == "" || v == "true" || v == "table" || v == "inline" || v == "1"
		case "start", "linenostart", "first_line", "firstline":
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				cb.FirstLine = n
			}
		case "hl_lines", "mark", "highlight", "hl":
			cb.Marked = parseRanges(v)
		}
	}
}

// hexoCaption applies hexo 8 lib/plugins/filter/before_post_render/
// backtick_code_block.ts: rAllOptions = /([^\s]+)\s+(.+?)\s+(https?:\/\/\S+|\/\S+)\s*(.+)?/
// then rLangCaption, on the info string after the language.
func hexoCaption(cb *CodeBlock, rest string) {
	f := strings.Fields(rest)
	for i := 1; i < len(f); i++ {
		if strings.HasPrefix(f[i], "http://") || strings.HasPrefix(f[i], "https://") || strings.HasPrefix(f[i], "/") {
			cb.Caption = strings.Join(f[:i], " ")
			cb.URL = f[i]
			cb.LinkText = strings.Join(f[i+1:], " ")
			if cb.LinkText == "" {
				cb.LinkText = "link"
			}
			break
		}
	}
	if cb.Caption == "" {
		cb.Caption = strings.Join(f, " ")
	}
	if cb.File == "" && looksLikeFile(cb.Caption) {
		cb.File = cb.Caption
	}
}

// splitAttrs splits on blanks outside quotes.
func splitAttrs(s string) []string {
	var out []string
	var cur strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			q = c
			cur.WriteByte(c)
		case c == ' ' || c == '\t' || c == ',' && cur.Len() == 0:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// parseRanges reads "1,3-5", "1 3-5" or "[1,3-5]".
func parseRanges(v string) [][2]int {
	v = strings.Trim(v, "[]{} ")
	var out [][2]int
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		a, b, isRange := strings.Cut(f, "-")
		x, err1 := strconv.Atoi(a)
		y := x
		var err2 error
		if isRange {
			y, err2 = strconv.Atoi(b)
		}
		if err1 == nil && err2 == nil && x > 0 && y >= x {
			out = append(out, [2]int{x, y})
		}
	}
	return out
}

// looksLikeFile reports whether s is a plausible file name: no blanks, and
// an extension or a well-known extensionless name.
func looksLikeFile(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._-/~+@", c) >= 0) {
			return false
		}
	}
	base := s[strings.LastIndexByte(s, '/')+1:]
	switch base {
	case "Dockerfile", "Containerfile", "Makefile", "Jenkinsfile", "Vagrantfile", "Gemfile", "Procfile":
		return true
	}
	dot := strings.LastIndexByte(base, '.')
	return dot >= 0 && dot < len(base)-1 && len(base)-dot <= 11
}

// firstLineFile reads a file name from a first-line comment:
// "# pod.yaml", "# File: pod.yaml", "// main.go".
func firstLineFile(code []byte) string {
	line := code
	if i := bytes.IndexByte(code, '\n'); i >= 0 {
		line = code[:i]
	}
	s := strings.TrimSpace(string(line))
	switch {
	case strings.HasPrefix(s, "#") && !strings.HasPrefix(s, "#!"):
		s = s[1:]
	case strings.HasPrefix(s, "//"):
		s = s[2:]
	default:
		return ""
	}
	s = strings.TrimSpace(s)
	if k, v, ok := strings.Cut(s, ":"); ok {
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "file", "filename", "file name", "文件", "文件名":
			s = strings.TrimSpace(v)
		}
	}
	if looksLikeFile(s) {
		return s
	}
	return ""
}

// nodeRenderer replaces goldmark's renderers of code blocks and headings.
type nodeRenderer struct{ m *Markdown }

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderCode)
	reg.Register(ast.KindCodeBlock, r.renderCode)
	reg.Register(ast.KindHeading, r.renderHeading)
}

func (r *nodeRenderer) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	lvl := strconv.Itoa(n.Level)
	if !entering {
		w.WriteString("</h" + lvl + ">\n")
		return ast.WalkContinue, nil
	}
	id := ""
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	eid := html.EscapeString(id)
	w.WriteString("<h" + lvl + ` id="` + eid + `"><a href="#` + eid + `" class="headerlink" title="`)
	w.WriteString(html.EscapeString(plainText(n, src)))
	w.WriteString(`"></a>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	st, _ := w.(*renderState)
	if st == nil || st.doc == nil {
		// Rendered outside Render (no Doc): plain code.
		w.WriteString("<pre><code>")
		l := node.Lines()
		for i := 0; i < l.Len(); i++ {
			s := l.At(i)
			w.WriteString(html.EscapeString(string(s.Value(src))))
		}
		w.WriteString("</code></pre>\n")
		return ast.WalkSkipChildren, nil
	}
	cb := r.m.codeBlock(st.doc, node)
	if cb.Hidden {
		return ast.WalkSkipChildren, nil
	}
	var badge string
	if st.badge != nil {
		badge = st.badge(cb.Line)
	}
	return ast.WalkSkipChildren, r.m.writeCode(w, cb, badge)
}

// tagHighlighter renders the code of {% codeblock %} and {% include_code %}
// for package shortcodes, with the markup and cache of fenced code.
type tagHighlighter struct{ m *Markdown }

func (h tagHighlighter) Highlight(w util.BufWriter, code []byte, lang string, o shortcodes.CodeOptions) error {
	cb := h.m.tagCode(code, lang, o)
	var badge string
	if st, _ := w.(*renderState); st != nil && st.doc != nil {
		cb.Line = st.doc.firstLine + o.Line - 1
		if st.badge != nil {
			badge = st.badge(cb.Line)
		}
	}
	return h.m.writeCode(w, cb, badge)
}

// tagCode describes the code of a codeblock or include_code tag; Line is
// the tag's line in the parsed source.
func (m *Markdown) tagCode(code []byte, lang string, o shortcodes.CodeOptions) CodeBlock {
	cb := CodeBlock{
		Lang:        lang,
		Code:        code,
		Caption:     o.Caption,
		URL:         o.URL,
		LinkText:    o.LinkText,
		LineNumbers: m.opts.LineNumbers,
		FirstLine:   o.FirstLine,
		Line:        o.Line,
		Marked:      markRanges(o.Mark),
	}
	if o.LineNumbers != nil {
		cb.LineNumbers = *o.LineNumbers
	}
	if looksLikeFile(o.Caption) {
		cb.File = o.Caption
	} else {
		cb.File = firstLineFile(code)
		if cb.Caption == "" {
			cb.Caption = cb.File
		}
	}
	return cb
}

// markRanges turns Hexo's list of marked lines into ranges.
func markRanges(lines []int) [][2]int {
	var out [][2]int
	for _, n := range lines {
		if n <= 0 {
			continue
		}
		if k := len(out); k > 0 && out[k-1][1] == n-1 {
			out[k-1][1] = n
			continue
		}
		out = append(out, [2]int{n, n})
	}
	return out
}

// RenderCode writes the HTML of a code block that is not a Markdown node —
// a Hexo `{% codeblock %}` or `{% include_code %}` — with the same markup
// and highlighting as fenced code. Fill Lang, Code, Line and the caption
// fields.
func (m *Markdown) RenderCode(w util.BufWriter, cb CodeBlock) error {
	if cb.File == "" && cb.Caption == "" {
		cb.File = firstLineFile(cb.Code)
		cb.Caption = cb.File
	}
	return m.writeCode(w, cb, "")
}

func (m *Markdown) writeCode(w util.BufWriter, cb CodeBlock, badge string) error {
	res, err := m.hl.Highlight(highlight.Block{
		Lang:        cb.Lang,
		Code:        cb.Code,
		LineNumbers: cb.LineNumbers,
		FirstLine:   cb.FirstLine,
		Marked:      cb.Marked,
	})
	if err != nil {
		return err
	}
	w.WriteString(`<figure class="highlight `)
	w.WriteString(res.Lang)
	w.WriteString(`" data-lang="`)
	w.WriteString(res.Lang)
	w.WriteString(`" data-line="`)
	w.WriteString(strconv.Itoa(cb.Line))
	if cb.File != "" {
		w.WriteString(`" data-file="`)
		w.WriteString(html.EscapeString(cb.File))
	}
	w.WriteString(`">`)
	if cb.Caption != "" || cb.URL != "" {
		w.WriteString(`<figcaption><span>`)
		w.WriteString(html.EscapeString(cb.Caption))
		w.WriteString(`</span>`)
		if cb.URL != "" {
			w.WriteString(`<a href="`)
			w.WriteString(html.EscapeString(cb.URL))
			w.WriteString(`">`)
			w.WriteString(html.EscapeString(cb.LinkText))
			w.WriteString(`</a>`)
		}
		w.WriteString(`</figcaption>`)
	}
	w.WriteString(badge)
	w.WriteString(res.HTML)
	if m.opts.CopyButton {
		w.WriteString(`<button type="button" class="copy-code" aria-label="Copy code" hidden>Copy</button>`)
	}
	w.WriteString("</figure>\n")
	return nil
}
