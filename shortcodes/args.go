package shortcodes

import (
	"strings"
	"unicode/utf8"
)

// This file splits the text of a tag, `{% name arg arg %}`, the way Hexo
// does. Hexo hands the tag to nunjucks; hexo lib/extend/tag.ts
// NunjucksTag._parseArgs then glues the nunjucks tokens of the tag back
// together, splitting only at whitespace tokens, and trims each argument.
// The nunjucks lexer (nunjucks src/lexer.js) decides what whitespace and a
// string are:
//
//   - whitespace is " \n\t\r\u00a0";
//   - a string starts at ' or ", ends at the same quote, and inside it a
//     backslash escapes the next character (\n, \t and \r are a newline, a
//     tab and a carriage return; any other character stands for itself);
//     the quotes are dropped, so `"a b"` is the one argument `a b`;
//   - a string does not end an argument: `x:"a b"` is the argument `x:a b`;
//   - an argument that is empty after trimming (`""`) is dropped;
//   - the tag ends at the first `%}` outside a string; `{%-` and `-%}`
//     (nunjucks whitespace control) are accepted and the dash dropped.
//
//   - a string starts only where a nunjucks token starts: after
//     whitespace, after a delimiter character such as ':' or ',' or after
//     another string; the apostrophe in `Don't` is inside a symbol token
//     and stays an apostrophe.
//
// Three differences, all where Hexo itself produces garbage:
//
//   - A quote opens a string only when its closing quote is on the same
//     line; nunjucks would swallow the rest of the post.
//   - Nunjucks lexes `r/…/` as a regular expression and `}}` as the end of a
//     variable, so Hexo turns `{% img /a/r/b.png %}` into `[object Object]`
//     and loses everything after `}}`; here both are ordinary characters.
//   - Hexo's own pre-pass (hexo lib/hexo/post.ts escapeAllSwigTags) pairs
//     every quote of a tag, so an apostrophe in a note's summary breaks
//     the tag there; here it is an apostrophe.

// arg is one argument of a tag: its value and where the value's bytes come
// from in the source, so a summary can be parsed as Markdown in place.
type arg struct {
	text string
	// pieces are the source ranges [start, end) whose bytes, concatenated,
	// are text (escape sequences such as \n map to the letter).
	pieces []span
}

type span struct{ start, end int }

// tagToken is one `{% … %}` found in a line.
type tagToken struct {
	start, end int // the tag is line[start:end], from `{%` to `%}` included
	name       string
	nameStart  int
	args       []arg
}

// isSpaceAt reports whether b[i:] starts with nunjucks whitespace, and its
// width in bytes.
func isSpaceAt(b []byte, i int) (int, bool) {
	switch b[i] {
	case ' ', '\n', '\t', '\r':
		return 1, true
	case 0xc2:
		if i+1 < len(b) && b[i+1] == 0xa0 { // U+00A0 NO-BREAK SPACE
			return 2, true
		}
	}
	return 0, false
}

// isDelim reports whether c is one of the nunjucks lexer's delimiter
// characters, which end a tag name (nunjucks src/lexer.js delimChars).
func isDelim(c byte) bool {
	return strings.IndexByte("()[]{}%*-+~/#,:|.<>=!", c) >= 0
}

// closingQuote returns the index of the quote that closes the string opened
// by b[i], honouring backslash escapes, or -1 when the line has none.
func closingQuote(b []byte, i int) int {
	q := b[i]
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '\n':
			return -1
		case q:
			return j
		}
	}
	return -1
}

// scanTag reads the tag that starts at line[start] (which must be "{%") and
// ends on the same line. It reports false when there is no `%}` or no name.
func scanTag(line []byte, start int) (tagToken, bool) {
	t := tagToken{start: start}
	if start+1 >= len(line) || line[start] != '{' || line[start+1] != '%' {
		return t, false
	}
	i := start + 2
	if i < len(line) && line[i] == '-' {
		i++
	}
	bodyStart := i
	atTokenStart := true
	bodyEnd := -1
	for i < len(line) && bodyEnd < 0 {
		c := line[i]
		if w, ok := isSpaceAt(line, i); ok {
			if c == '\n' {
				break
			}
			atTokenStart = true
			i += w
			continue
		}
		switch {
		case c == '%' && i+1 < len(line) && line[i+1] == '}':
			bodyEnd = i
			t.end = i + 2
			if bodyEnd > bodyStart && line[bodyEnd-1] == '-' {
				bodyEnd--
			}
			continue
		case (c == '"' || c == '\'') && atTokenStart:
			if j := closingQuote(line, i); j > 0 {
				i = j + 1
				continue // a string ends a token
			}
		}
		atTokenStart = isDelim(c)
		i++
	}
	if bodyEnd < 0 {
		return t, false
	}
	body := line[:bodyEnd]
	j := bodyStart
	for j < bodyEnd {
		w, ok := isSpaceAt(body, j)
		if !ok {
			break
		}
		j += w
	}
	t.nameStart = j
	for j < bodyEnd && !isDelim(body[j]) {
		if _, ok := isSpaceAt(body, j); ok {
			break
		}
		j++
	}
	// A name is a nunjucks symbol; nunjucks fails on a tag whose first
	// token is a string or a number, which is no tag anyone means.
	if j == t.nameStart || !(body[t.nameStart] == '_' || body[t.nameStart]|0x20 >= 'a' && body[t.nameStart]|0x20 <= 'z') {
		return t, false
	}
	t.name = string(body[t.nameStart:j])
	t.args = splitArgs(body, j)
	return t, true
}

// SplitArgs splits the inside of a tag, the part after the tag name, into
// arguments as Hexo does (see the rules at the top of args.go):
// SplitArgs(`lang:js "my title" x\ y`) is [lang:js, my title, x\, y].
func SplitArgs(s string) []string {
	args := splitArgs([]byte(s), 0)
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.text
	}
	return out
}

// splitArgs splits b[from:] into arguments; the pieces of each argument are
// offsets in b.
func splitArgs(b []byte, from int) []arg {
	var (
		args []arg
		cur  []byte
		src  []int // src[k] is the offset in b that cur[k] comes from
	)
	flush := func() {
		if len(cur) == 0 {
			return
		}
		lo, hi := trimJSSpace(cur)
		if lo < hi {
			a := arg{text: string(cur[lo:hi])}
			for k := lo; k < hi; k++ {
				n := len(a.pieces)
				if n > 0 && a.pieces[n-1].end == src[k] {
					a.pieces[n-1].end++
				} else {
					a.pieces = append(a.pieces, span{src[k], src[k] + 1})
				}
			}
			args = append(args, a)
		}
		cur, src = cur[:0], src[:0]
	}
	i := from
	atTokenStart := true
	for i < len(b) {
		if w, ok := isSpaceAt(b, i); ok {
			flush()
			i += w
			atTokenStart = true
			continue
		}
		c := b[i]
		if (c == '"' || c == '\'') && atTokenStart {
			if end := closingQuote(b, i); end > 0 {
				for k := i + 1; k < end; k++ {
					if b[k] == '\\' && k+1 < end {
						k++
						switch b[k] {
						case 'n':
							cur = append(cur, '\n')
						case 't':
							cur = append(cur, '\t')
						case 'r':
							cur = append(cur, '\r')
						default:
							cur = append(cur, b[k])
						}
					} else {
						cur = append(cur, b[k])
					}
					src = append(src, k)
				}
				i = end + 1
				continue // a string ends a token
			}
		}
		cur = append(cur, c)
		src = append(src, i)
		atTokenStart = isDelim(c)
		i++
	}
	flush()
	return args
}

// trimJSSpace returns the bounds of b without the leading and trailing
// characters that JavaScript's String.prototype.trim removes.
func trimJSSpace(b []byte) (lo, hi int) {
	lo, hi = 0, len(b)
	for lo < hi {
		r, w := utf8.DecodeRune(b[lo:])
		if !isJSSpace(r) {
			break
		}
		lo += w
	}
	for hi > lo {
		r, w := utf8.DecodeLastRune(b[lo:hi])
		if !isJSSpace(r) {
			break
		}
		hi -= w
	}
	return lo, hi
}

// isJSSpace reports whether r is WhiteSpace or a LineTerminator in
// ECMAScript (what trim removes).
func isJSSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0xa0, 0x1680, 0x2028, 0x2029,
		0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}
