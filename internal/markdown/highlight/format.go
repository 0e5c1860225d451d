package highlight

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// formatHTML writes the lines of tokens exactly as chroma's HTML formatter
// (formatters/html, chroma v2.27.0 Formatter.writeHTML) writes them with
// WithClasses(true), a pre wrapper that writes nothing, no line-number
// table and no linkable line numbers: the same bytes, asserted by
// TestFormatMatchesChroma on every corpus and by FuzzFormat.
//
// It exists for speed. chroma's formatter spends about 150 ns per byte of
// code (a fmt.Sprintf per token and per line), ten times what the fast
// tokenizers cost, and more than everything else in a build; this one
// writes straight into the buffer.
func formatHTML(buf *bytes.Buffer, toks []chroma.Token, lineNumbers bool, base int, marked [][2]int) {
	nlines, dropLast := countLines(toks)
	if dropLast {
		toks = toks[:len(toks)-1]
		nlines--
	}
	digits := len(strconv.Itoa(base + nlines - 1))
	f := lineFormatter{buf: buf, lineNumbers: lineNumbers, digits: digits, marked: marked, n: base}
	for _, t := range toks {
		v := t.Value
		for {
			i := strings.IndexByte(v, '\n')
			if i < 0 {
				break
			}
			f.piece(t.Type, v[:i+1])
			f.endLine()
			v = v[i+1:]
			if v == "" {
				break
			}
		}
		if v != "" || !strings.Contains(t.Value, "\n") {
			f.piece(t.Type, v)
		}
	}
	if f.open {
		f.endLine()
	}
}

// countLines returns how many lines chroma.SplitTokensIntoLines makes of
// toks, and whether it drops the last one (a last line made of one empty
// token).
func countLines(toks []chroma.Token) (n int, dropLast bool) {
	open := 0 // pieces on the current, unterminated line
	for _, t := range toks {
		nl := strings.Count(t.Value, "\n")
		n += nl
		switch {
		case nl == 0:
			open++
		case strings.HasSuffix(t.Value, "\n"):
			open = 0
		default:
			open = 1
		}
	}
	if open > 0 {
		n++
		if open == 1 && toks[len(toks)-1].Value == "" {
			dropLast = true
		}
	}
	return n, dropLast
}

// lineFormatter writes lines as chroma's writeHTML does, one piece (a
// token, or the part of one on this line) at a time.
type lineFormatter struct {
	buf         *bytes.Buffer
	lineNumbers bool
	digits      int
	marked      [][2]int
	hi          int // chroma's highlightIndex
	n           int // number of the current line
	open        bool

	lastType  chroma.TokenType
	lastClass string
	haveLast  bool
}

func (f *lineFormatter) startLine() {
	// chroma's shouldHighlight, and how its caller advances the index (by
	// one, however far shouldHighlight looked)
	idx, next := f.hi, false
	for idx < len(f.marked) && f.n > f.marked[idx][1] {
		idx++
		next = true
	}
	if next {
		f.hi++
	}
	if idx < len(f.marked) && f.n >= f.marked[idx][0] && f.n <= f.marked[idx][1] {
		f.buf.WriteString(`<span class="line hl">`)
	} else {
		f.buf.WriteString(`<span class="line">`)
	}
	if f.lineNumbers {
		f.buf.WriteString(`<span class="ln">`)
		s := strconv.Itoa(f.n)
		for range f.digits - len(s) {
			f.buf.WriteByte(' ')
		}
		f.buf.WriteString(s)
		f.buf.WriteString(`</span>`)
	}
	f.buf.WriteString(`<span class="cl">`)
	f.open = true
}

func (f *lineFormatter) endLine() {
	f.buf.WriteString(`</span></span>`)
	f.open = false
	f.n++
}

func (f *lineFormatter) piece(tt chroma.TokenType, v string) {
	if !f.open {
		f.startLine()
	}
	if !f.haveLast || tt != f.lastType {
		f.lastType, f.lastClass, f.haveLast = tt, tokenClass(tt), true
	}
	if f.lastClass == "" {
		escapeHTML(f.buf, v)
		return
	}
	f.buf.WriteString(`<span class="`)
	f.buf.WriteString(f.lastClass)
	f.buf.WriteString(`">`)
	escapeHTML(f.buf, v)
	f.buf.WriteString(`</span>`)
}

// tokenClass is chroma's Formatter.class without a prefix.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// escapeHTML is html.EscapeString writing into buf.
func escapeHTML(buf *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		buf.WriteString(s[last:i])
		buf.WriteString(esc)
		last = i + 1
	}
	buf.WriteString(s[last:])
}
