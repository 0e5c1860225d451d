package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// smartypants is hexo-renderer-marked 7.0.1's smartypants (lib/renderer.js,
// itself marked's): applied in this order over a text run,
//
//	---  → —        --  → –
//	(^|[-—/([{"\s])'  → $1‘     remaining '  → ’
//	(^|[-—/([{‘\s])"  → $1“     remaining "  → ”
//	...  → …
//
// s is Markdown source text: a backslash-escaped ASCII punctuation
// character is left alone (marked makes it a separate escape token).
func smartypants(s string) string {
	if !smartMayChange(s) {
		return s
	}
	type ch struct {
		r   rune
		esc bool // backslash-escaped (the backslash is kept in front)
	}
	var cs []ch
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			cs = append(cs, ch{rune(s[i+1]), true})
			i += 2
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		cs = append(cs, ch{r, false})
		i += n
	}
	plain := func(i int, r rune) bool { return i < len(cs) && i >= 0 && !cs[i].esc && cs[i].r == r }
	// dashes, longest first, left to right without overlap
	for _, d := range []struct {
		n int
		r rune
	}{{3, '—'}, {2, '–'}} {
		var out []ch
		for i := 0; i < len(cs); {
			run := 0
			for run < d.n && plain(i+run, '-') {
				run++
			}
			if run == d.n {
				out = append(out, ch{d.r, false})
				i += d.n
				continue
			}
			out = append(out, cs[i])
			i++
		}
		cs = out
	}
	opens := func(i int, set string) bool {
		if i == 0 {
			return true
		}
		p := cs[i-1]
		if p.esc {
			return true // marked: an escape is its own token, a new text run starts
		}
		return isJSSpace(p.r) || strings.ContainsRune(set, p.r)
	}
	for i := range cs {
		if plain(i, '\'') {
			if opens(i, "-—/([{\"") {
				cs[i].r = '‘'
			}
		}
	}
	for i := range cs {
		if plain(i, '\'') {
			cs[i].r = '’'
		}
	}
	for i := range cs {
		if plain(i, '"') {
			if opens(i, "-—/([{‘") {
				cs[i].r = '“'
			}
		}
	}
	for i := range cs {
		if plain(i, '"') {
			cs[i].r = '”'
		}
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(cs); i++ {
		if plain(i, '.') && plain(i+1, '.') && plain(i+2, '.') {
			b.WriteRune('…')
			i += 2
			continue
		}
		if cs[i].esc {
			b.WriteByte('\\')
		}
		b.WriteRune(cs[i].r)
	}
	return b.String()
}

// smartMayChange reports whether smartypants can change s: only a quote, a run of two
// dashes or of three dots is ever replaced — and an invalid UTF-8 byte, which the rune by
// rune rewrite turns into U+FFFD, when s holds a dash or a dot.
func smartMayChange[T string | []byte](s T) bool {
	dashOrDot := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '"':
			return true
		case '-':
			if i+1 < len(s) && s[i+1] == '-' {
				return true
			}
			dashOrDot = true
		case '.':
			if i+2 < len(s) && s[i+1] == '.' && s[i+2] == '.' {
				return true
			}
			dashOrDot = true
		}
	}
	return dashOrDot && !utf8.ValidString(string(s))
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// textRenderer replaces goldmark's text renderer (renderer/html
// Renderer.renderText, whose escaping it keeps) for two things:
//
//   - Options.Smartypants: text runs go through smartypants.
//   - Soft line breaks. With HexoBreaks they are "<br>\n". Otherwise a break
//     between two East Asian full-width, wide or half-width characters
//     (not Hangul) renders as nothing — CSS Text 3's segment break rule —
//     and any other as "\n". goldmark's own CJK option knows fewer wide
//     characters (not the full-width comma "，") and drops the break
//     entirely when the next node is not plain text ("word\n**bold**").
type textRenderer struct {
	hardWraps bool
	smart     bool
	writer    html.Writer
}

func (r *textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.renderText)
}

func (r *textRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	if n.IsRaw() {
		r.writer.RawWrite(w, value)
		return ast.WalkContinue, nil
	}
	if r.smart && smartMayChange(value) {
		if _, inCode := n.Parent().(*ast.CodeSpan); !inCode {
			value = []byte(smartypants(string(value)))
		}
	}
	r.writer.Write(w, value)
	switch {
	case n.HardLineBreak() || n.SoftLineBreak() && r.hardWraps:
		w.WriteString("<br>\n")
	case n.SoftLineBreak():
		if len(value) == 0 || !joinsCJK(util.ToRune(value, len(value)-1), nextLineRune(source, n.Segment.Stop)) {
			w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}

// nextLineRune is the first character of text on the line after offset:
// blanks and the markup that may open an inline node (*, _, ~, `, [, !)
// are skipped.
func nextLineRune(src []byte, offset int) rune {
	i := offset
	for i < len(src) && src[i] != '\n' {
		i++
	}
	for i++; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '*', '_', '~', '`', '[', '!', '>':
			continue
		}
		r, _ := utf8.DecodeRune(src[i:])
		return r
	}
	return ' '
}

// joinsCJK reports whether a soft line break between a and b disappears:
// both are East Asian F, W or H characters and neither is Hangul (CSS Text
// 3, segment break transformation rules).
func joinsCJK(a, b rune) bool {
	return isWideEA(a) && isWideEA(b) && !unicode.Is(unicode.Hangul, a) && !unicode.Is(unicode.Hangul, b)
}

func isWideEA(r rune) bool {
	if r < 0x1100 {
		return false
	}
	switch util.EastAsianWidth(r) {
	case "F", "W", "H":
		return true
	}
	return false
}
