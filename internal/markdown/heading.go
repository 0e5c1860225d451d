package markdown

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// Heading ids are computed as hexo-renderer-marked 7.0.1 does
// (lib/renderer.js heading + anchorId):
//
//	id = slugize(stripHTML(unescapeHTML(renderedInlineHTML)).trim(), {transform: modifyAnchors})
//
// then "-1", "-2", … appended to repeats of an id within one post. slugize
// is hexo-util 3.3.0 lib/slugize.ts: diacritics folded (escapeDiacritic),
// control characters removed, every run of whitespace or ASCII punctuation
// `~!@#$%^&*()-_+=[]{}|\;:"'<>,.?/` and backquote replaced by one "-",
// leading and trailing "-" trimmed; letters keep their case and every other
// character (Chinese included) is kept as is. So "一、 Pod 概念" gets the id
// "一、-Pod-概念", as on a Hexo site.

// headingHTML builds the inline HTML of a heading the way marked renders it,
// already unescaped: text as written (backslash escapes resolved), code
// spans and emphasis as tags, raw HTML as is. stripHTML then removes the
// tags — including anything in a code span that looks like one, exactly as
// Hexo does ("`kubectl describe pod <pod 名称>`" → "kubectl-describe-pod").
func headingHTML(b *strings.Builder, n ast.Node, src []byte, smart bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := unescapeText(c.Segment.Value(src))
			if smart && !c.IsRaw() {
				v = smartypants(v)
			}
			b.WriteString(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString("\n")
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			b.WriteString("<code>")
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				} else if s, ok := t.(*ast.String); ok {
					b.Write(s.Value)
				}
			}
			b.WriteString("</code>")
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				s := c.Segments.At(i)
				b.Write(s.Value(src))
			}
		case *ast.AutoLink:
			b.WriteString("<a>")
			b.Write(c.Label(src))
			b.WriteString("</a>")
		case *ast.Image:
			b.WriteString("<img>")
		case *ast.Emphasis, *ast.Link, *east.Strikethrough:
			b.WriteString("<x>")
			headingHTML(b, c, src, smart)
			b.WriteString("</x>")
		default:
			headingHTML(b, c, src, smart)
		}
	}
}

// unescapeText resolves backslash escapes and the entities hexo-util's
// unescapeHTML knows (marked passes entity references through, Hexo then
// unescapes only these).
func unescapeText(v []byte) string {
	s := string(util.UnescapePunctuations(v))
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return hexoUnescape(s)
}

// hexoUnescape is hexo-util 3.3.0 lib/unescape_html.ts for the entities it
// maps (the few its regexp matches without a mapping are left alone).
func hexoUnescape(s string) string {
	r := strings.NewReplacer(
		"&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#x3D;", "=",
		"&#x2F;", "/", "&amp;", "&", "&#96;", "`",
	)
	return r.Replace(s)
}

// stripHTML is hexo-util 3.3.0 lib/strip_html.ts (striptags) ported byte for
// byte: it works on UTF-16 code units in JavaScript, but every character it
// looks at is ASCII, so bytes give the same result.
func stripHTML(html string) string {
	const (
		plain = iota
		inTag
		inComment
	)
	state, depth, inQuote := plain, 0, byte(0)
	var out strings.Builder
	tagStart, textStart := -1, 0
	for i := 0; i < len(html); i++ {
		c := html[i]
		switch state {
		case plain:
			if c == '<' {
				out.WriteString(html[textStart:i])
				state = inTag
				tagStart = i
			}
		case inTag:
			switch c {
			case '<':
				if inQuote == 0 {
					depth++
				}
			case '>':
				if inQuote == 0 {
					if depth > 0 {
						depth--
					} else {
						inQuote = 0
						state = plain
						tagStart = -1
						textStart = i + 1
					}
				}
			case '"', '\'':
				if c == inQuote {
					inQuote = 0
				} else if inQuote == 0 {
					inQuote = c
				}
			case '-':
				if i-tagStart == 3 && html[tagStart+1] == '!' && html[tagStart+2] == '-' {
					state = inComment
				}
			case ' ', '\n':
				if i-tagStart == 1 {
					state = plain
					out.WriteString("< ")
					tagStart = -1
					textStart = i + 1
				}
			}
		case inComment:
			if c == '>' {
				if i >= 2 && html[i-1] == '-' && html[i-2] == '-' {
					state = plain
					textStart = i + 1
				}
				tagStart = -1
			}
		}
	}
	if state == plain && textStart < len(html) {
		out.WriteString(html[textStart:])
	}
	return out.String()
}

// isJSSpace reports whether r is matched by JavaScript's \s.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isSlugSpecial reports whether slugize replaces r by the separator.
func isSlugSpecial(r rune) bool {
	if isJSSpace(r) {
		return true
	}
	return r < utf8.RuneSelf && strings.ContainsRune("~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/", r)
}

// slugize is hexo-util 3.3.0 lib/slugize.ts with separator "-".
// transform: 1 lower case, 2 upper case, otherwise unchanged.
func slugize(s string, transform int) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false // a separator is pending
	for _, r := range s {
		if base := diacriticBase(r); base != "" {
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteString(base)
			continue
		}
		switch {
		case r <= 0x1F:
			continue // removed before separators are collapsed
		case isSlugSpecial(r):
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	out := b.String()
	switch transform {
	case 1:
		return strings.ToLower(out)
	case 2:
		return strings.ToUpper(out)
	}
	return out
}

// jsTrim is String.prototype.trim.
func jsTrim(s string) string {
	return strings.TrimFunc(s, isJSSpace)
}

// anchorID is hexo-renderer-marked's anchorId for an already unescaped
// heading HTML.
func anchorID(html string, transform int) string {
	return slugize(jsTrim(stripHTML(html)), transform)
}

// headingIDs hands out ids within one post, numbering repeats like
// hexo-renderer-marked's _headingId map.
type headingIDs map[string]int

func (h headingIDs) unique(id string) string {
	if n := h[id]; n > 0 {
		h[id] = n + 1
		return id + "-" + strconv.Itoa(n)
	}
	h[id] = 1
	return id
}
