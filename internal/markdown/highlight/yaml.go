package highlight

import "github.com/alecthomas/chroma/v2"

// TokenizeYAML appends to dst the chroma tokens of a YAML text. It is a
// single pass over the bytes with a little state carried between lines
// (block scalars, flow collections and quoted scalars that span lines); it
// never fails and never drops a byte: the token values concatenated are
// exactly code.
//
// Token types follow chroma's YAML lexer so chroma's styles apply
// unchanged: keys NameTag, quoted scalars LiteralStringDouble/Single,
// block scalars LiteralStringDoc, numbers LiteralNumber, dates LiteralDate,
// booleans and null KeywordConstant, other plain scalars Literal, comments
// Comment, anchors/aliases/tags CommentPreproc, document markers
// NameNamespace, indicators Punctuation.
func TokenizeYAML(dst []chroma.Token, code string) []chroma.Token {
	t := &tokens{src: code, out: dst}
	y := newYAMLLexer(t)
	y.run()
	return t.out
}

// tokens accumulates tokens that are slices of src, merging neighbours of
// the same type.
type tokens struct {
	src        string
	out        []chroma.Token
	start, end int // extent of the last token in src
}

func (t *tokens) emit(tt chroma.TokenType, s, e int) {
	if e <= s {
		return
	}
	if n := len(t.out); n > 0 && t.out[n-1].Type == tt && t.end == s {
		t.out[n-1].Value = t.src[t.start:e]
		t.end = e
		return
	}
	t.out = append(t.out, chroma.Token{Type: tt, Value: t.src[s:e]})
	t.start, t.end = s, e
}

type yamlLexer struct {
	toks *tokens

	// A block scalar (| or >) is open: lines indented more than
	// blockIndent, and blank lines, are its content. -1: none.
	blockIndent int
	// Depth of an open flow collection ([ or {) spanning lines.
	flowDepth int
	// An open quoted scalar spanning lines: '"' or '\'' (0: none).
	quote byte
}

func newYAMLLexer(t *tokens) *yamlLexer { return &yamlLexer{toks: t, blockIndent: -1} }

func (y *yamlLexer) src() string { return y.toks.src }

func (y *yamlLexer) run() {
	src := y.src()
	for pos := 0; pos < len(src); {
		end := pos
		for end < len(src) && src[end] != '\n' {
			end++
		}
		y.line(pos, end)
		if end < len(src) {
			y.toks.emit(chroma.TextWhitespace, end, end+1)
			end++
		}
		pos = end
	}
}

func isYAMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// skipSpace emits the blanks at p and returns the first non-blank offset.
func (y *yamlLexer) skipSpace(p, end int) int {
	q := p
	src := y.src()
	for q < end && isYAMLSpace(src[q]) {
		q++
	}
	y.toks.emit(chroma.TextWhitespace, p, q)
	return q
}

func (y *yamlLexer) line(start, end int) {
	src := y.src()
	indent := 0
	for start+indent < end && src[start+indent] == ' ' {
		indent++
	}
	blank := true
	for i := start; i < end; i++ {
		if !isYAMLSpace(src[i]) {
			blank = false
			break
		}
	}
	if y.blockIndent >= 0 {
		if blank {
			y.toks.emit(chroma.TextWhitespace, start, end)
			return
		}
		if indent > y.blockIndent {
			y.toks.emit(chroma.TextWhitespace, start, start+indent)
			y.toks.emit(chroma.LiteralStringDoc, start+indent, end)
			return
		}
		y.blockIndent = -1
	}
	if y.quote != 0 {
		p := y.skipSpace(start, end)
		q := y.scanQuoteEnd(p, end, y.quote)
		tt := quoteType(y.quote)
		if q < 0 {
			y.toks.emit(tt, p, end)
			return
		}
		y.toks.emit(tt, p, q)
		y.quote = 0
		if y.flowDepth > 0 {
			y.flow(q, end)
			return
		}
		y.afterScalar(q, end)
		return
	}
	if y.flowDepth > 0 {
		y.flow(start, end)
		return
	}
	if start+3 <= end && (src[start:start+3] == "---" || src[start:start+3] == "...") &&
		(start+3 == end || isYAMLSpace(src[start+3])) {
		y.toks.emit(chroma.NameNamespace, start, start+3)
		y.value(start+3, end, -1)
		return
	}
	if start < end && src[start] == '%' {
		y.toks.emit(chroma.CommentPreproc, start, end)
		return
	}
	y.node(start, end)
}

// node tokenizes a block-context line from p: sequence and complex-key
// indicators, then a key and its value, or a value.
func (y *yamlLexer) node(p, end int) {
	src := y.src()
	lineStart := p
	p = y.skipSpace(p, end)
	parent := p - lineStart - 1 // a block scalar here must be indented more than this
	for p < end && (src[p] == '-' || src[p] == '?' || src[p] == ':') && (p+1 == end || isYAMLSpace(src[p+1])) {
		parent = p - lineStart
		y.toks.emit(chroma.Punctuation, p, p+1)
		p = y.skipSpace(p+1, end)
	}
	if p >= end {
		return
	}
	if src[p] == '#' {
		y.toks.emit(chroma.Comment, p, end)
		return
	}
	col := p - lineStart
	if k := y.keyEnd(p, end); k > 0 {
		colon := k
		for colon < end && src[colon] != ':' {
			colon++
		}
		y.toks.emit(chroma.NameTag, p, k)
		y.toks.emit(chroma.TextWhitespace, k, colon)
		y.toks.emit(chroma.Punctuation, colon, colon+1)
		y.value(colon+1, end, col)
		return
	}
	y.value(p, end, parent)
}

// keyEnd reports whether a mapping key starts at p: it returns the end of
// the key text (before blanks and the ':'), or -1.
func (y *yamlLexer) keyEnd(p, end int) int {
	src := y.src()
	switch src[p] {
	case '"', '\'':
		q := y.scanQuoteEnd(p+1, end, src[p])
		if q < 0 {
			return -1
		}
		r := q
		for r < end && isYAMLSpace(src[r]) {
			r++
		}
		if r < end && src[r] == ':' && (r+1 == end || isYAMLSpace(src[r+1])) {
			return q
		}
		return -1
	case '[', '{', '&', '*', '!', '|', '>', '%', '@', '`', ',', '#':
		return -1
	}
	for i := p; i < end; i++ {
		c := src[i]
		if c == '#' && i > p && isYAMLSpace(src[i-1]) {
			return -1
		}
		if c == ':' && (i+1 == end || isYAMLSpace(src[i+1])) {
			k := i
			for k > p && isYAMLSpace(src[k-1]) {
				k--
			}
			return k
		}
	}
	return -1
}

// value tokenizes a node's value from p; parent is the indentation a block
// scalar's content must exceed.
func (y *yamlLexer) value(p, end, parent int) {
	src := y.src()
	p = y.skipSpace(p, end)
	for p < end {
		switch c := src[p]; c {
		case '#':
			y.toks.emit(chroma.Comment, p, end)
			return
		case '&', '*', '!':
			q := p
			for q < end && !isYAMLSpace(src[q]) {
				q++
			}
			y.toks.emit(chroma.CommentPreproc, p, q)
			p = y.skipSpace(q, end)
			continue
		case '|', '>':
			q := p + 1
			for q < end && (src[q] == '+' || src[q] == '-' || src[q] >= '0' && src[q] <= '9') {
				q++
			}
			if q < end && !isYAMLSpace(src[q]) {
				y.plain(p, end)
				return
			}
			y.toks.emit(chroma.Punctuation, p, q)
			y.blockIndent = max(parent, 0)
			if parent < 0 {
				y.blockIndent = 0
			}
			y.afterScalar(q, end)
			return
		case '"', '\'':
			q := y.scanQuoteEnd(p+1, end, c)
			if q < 0 {
				y.toks.emit(quoteType(c), p, end)
				y.quote = c
				return
			}
			y.toks.emit(quoteType(c), p, q)
			y.afterScalar(q, end)
			return
		case '[', '{':
			y.flow(p, end)
			return
		default:
			y.plain(p, end)
			return
		}
	}
}

// afterScalar handles what may follow a complete scalar on its line: blanks
// and a comment; anything else is shown as Literal.
func (y *yamlLexer) afterScalar(p, end int) {
	src := y.src()
	p = y.skipSpace(p, end)
	if p >= end {
		return
	}
	if src[p] == '#' {
		y.toks.emit(chroma.Comment, p, end)
		return
	}
	y.toks.emit(chroma.Literal, p, end)
}

// plain tokenizes a plain scalar running to the end of the line or to a
// comment.
func (y *yamlLexer) plain(p, end int) {
	src := y.src()
	stop := end
	for i := p + 1; i < end; i++ {
		if src[i] == '#' && isYAMLSpace(src[i-1]) {
			stop = i
			break
		}
	}
	e := stop
	for e > p && isYAMLSpace(src[e-1]) {
		e--
	}
	y.toks.emit(scalarType(src[p:e]), p, e)
	y.toks.emit(chroma.TextWhitespace, e, stop)
	y.toks.emit(chroma.Comment, stop, end)
}

// flow tokenizes inside flow collections, which may span lines.
func (y *yamlLexer) flow(p, end int) {
	src := y.src()
	for p < end {
		c := src[p]
		switch {
		case isYAMLSpace(c):
			p = y.skipSpace(p, end)
		case c == '[' || c == '{':
			y.flowDepth++
			y.toks.emit(chroma.Punctuation, p, p+1)
			p++
		case c == ']' || c == '}':
			y.toks.emit(chroma.Punctuation, p, p+1)
			p++
			if y.flowDepth > 0 {
				y.flowDepth--
			}
			if y.flowDepth == 0 {
				y.afterScalar(p, end)
				return
			}
		case c == ',' || c == ':' || c == '?':
			y.toks.emit(chroma.Punctuation, p, p+1)
			p++
		case c == '#' && (p == 0 || isYAMLSpace(src[p-1]) || src[p-1] == '\n'):
			y.toks.emit(chroma.Comment, p, end)
			return
		case c == '"' || c == '\'':
			q := y.scanQuoteEnd(p+1, end, c)
			if q < 0 {
				y.toks.emit(quoteType(c), p, end)
				y.quote = c
				return
			}
			tt := quoteType(c)
			if r := skipBlanks(src, q, end); r < end && src[r] == ':' {
				tt = chroma.NameTag
			}
			y.toks.emit(tt, p, q)
			p = q
		case c == '&' || c == '*' || c == '!':
			q := p
			for q < end && !isYAMLSpace(src[q]) && !isFlowIndicator(src[q]) {
				q++
			}
			if q == p {
				q++
			}
			y.toks.emit(chroma.CommentPreproc, p, q)
			p = q
		default:
			q := p
			for q < end && !isFlowIndicator(src[q]) {
				if src[q] == ':' && (q+1 == end || isYAMLSpace(src[q+1]) || isFlowIndicator(src[q+1])) {
					break
				}
				if src[q] == '#' && isYAMLSpace(src[q-1]) {
					break
				}
				q++
			}
			e := q
			for e > p && isYAMLSpace(src[e-1]) {
				e--
			}
			if e == p { // a lone character that stops a scalar
				y.toks.emit(chroma.Punctuation, p, p+1)
				p++
				continue
			}
			tt := scalarType(src[p:e])
			if q < end && src[q] == ':' {
				tt = chroma.NameTag
			}
			y.toks.emit(tt, p, e)
			y.toks.emit(chroma.TextWhitespace, e, q)
			p = q
		}
	}
}

func skipBlanks(src string, p, end int) int {
	for p < end && isYAMLSpace(src[p]) {
		p++
	}
	return p
}

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
}

func quoteType(q byte) chroma.TokenType {
	if q == '"' {
		return chroma.LiteralStringDouble
	}
	return chroma.LiteralStringSingle
}

// scanQuoteEnd finds the end (after the closing quote) of a quoted scalar
// whose body starts at p, on this line; -1 if it continues on the next.
func (y *yamlLexer) scanQuoteEnd(p, end int, q byte) int {
	src := y.src()
	for i := p; i < end; i++ {
		c := src[i]
		if q == '"' && c == '\\' {
			i++
			continue
		}
		if c == q {
			if q == '\'' && i+1 < end && src[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return -1
}

// scalarType classifies a plain scalar the way chroma's YAML lexer colours
// it: YAML 1.1 booleans and null are constants, numbers and dates are
// literals of their kind, everything else is a plain Literal.
func scalarType(s string) chroma.TokenType {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE",
		"null", "Null", "NULL", "~",
		"yes", "Yes", "YES", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF",
		"y", "Y", "n", "N":
		return chroma.KeywordConstant
	}
	if isYAMLNumber(s) {
		return chroma.LiteralNumber
	}
	if isYAMLDate(s) {
		return chroma.LiteralDate
	}
	return chroma.Literal
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isYAMLNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	switch s {
	case ".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN":
		return true
	case "":
		return false
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o') {
		for i := 2; i < len(s); i++ {
			c := s[i]
			if s[1] == 'x' && !(isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') ||
				s[1] == 'o' && !(c >= '0' && c <= '7') {
				return false
			}
		}
		return true
	}
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		n := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			n++
		}
		if n == 0 {
			return false
		}
	}
	return i == len(s)
}

// isYAMLDate accepts 2006-01-02, optionally followed by a time.
func isYAMLDate(s string) bool {
	if len(s) < 10 {
		return false
	}
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if !isDigit(s[i]) {
			return false
		}
	}
	if len(s) == 10 {
		return true
	}
	return s[10] == 'T' || s[10] == 't' || s[10] == ' '
}
