package highlight

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// TokenizeShell appends to dst the chroma tokens of a shell script: every
// line is a command (or part of one). Token types follow chroma's Bash
// lexer: keywords Keyword, builtins NameBuiltin, variables NameVariable,
// strings LiteralStringDouble/Single/Backtick, heredocs
// LiteralStringHeredoc (or YAML tokens when the heredoc writes a .yaml
// file or feeds `kubectl apply -f -`), comments CommentSingle, operators
// Operator/Punctuation, everything else Text. The token values
// concatenated are exactly code.
func TokenizeShell(dst []chroma.Token, code string) []chroma.Token {
	t := &tokens{src: code, out: dst}
	sh := newShellLexer(t)
	forLines(code, func(s, e int) {
		sh.line(s, e)
		if e < len(code) {
			t.emit(chroma.Text, e, e+1)
		}
	})
	return t.out
}

// forLines calls fn with the bounds of each line, newline excluded.
func forLines(src string, fn func(start, end int)) {
	for pos := 0; pos < len(src); {
		end := strings.IndexByte(src[pos:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += pos
		}
		fn(pos, end)
		pos = end + 1
	}
}

type heredoc struct {
	delim string
	strip bool // <<- : leading tabs of the body and terminator are ignored
	yaml  bool // the body is shown as YAML
}

// shellLexer tokenizes shell code fed line by line, carrying what spans
// lines: an open quote, a trailing backslash, heredocs.
type shellLexer struct {
	t    *tokens
	yaml *yamlLexer // for heredoc bodies that are YAML

	quote   byte      // open ' or " continuing on the next line
	cont    bool      // the previous line ended with a backslash
	pending []heredoc // heredocs announced, bodies not started
	body    *heredoc  // inside this heredoc's body
	cmdPos  bool      // the next word is a command name
	paren   int       // open $( … )
	first   bool      // no line seen yet (for #!)
}

func newShellLexer(t *tokens) *shellLexer {
	return &shellLexer{t: t, cmdPos: true, first: true}
}

// more reports whether the command continues on the next line.
func (sh *shellLexer) more() bool {
	return sh.quote != 0 || sh.cont || len(sh.pending) > 0 || sh.body != nil
}

// inBody reports whether the next line belongs to a heredoc body.
func (sh *shellLexer) inBody() bool { return sh.body != nil || len(sh.pending) > 0 }

// reset forgets any unfinished construct (a new prompt starts a command).
func (sh *shellLexer) reset() {
	sh.quote, sh.cont, sh.pending, sh.body, sh.cmdPos, sh.paren = 0, false, nil, nil, true, 0
}

func (sh *shellLexer) line(start, end int) {
	src := sh.t.src
	first := sh.first
	sh.first = false
	if sh.body == nil && len(sh.pending) > 0 {
		h := sh.pending[0]
		sh.pending = sh.pending[1:]
		sh.body = &h
		if !h.yaml {
			trim := strings.TrimLeft(src[start:end], " \t")
			if strings.HasPrefix(trim, "apiVersion:") || strings.HasPrefix(trim, "kind:") {
				sh.body.yaml = true
			}
		}
		if sh.body.yaml {
			sh.yaml = newYAMLLexer(sh.t)
		}
	}
	if h := sh.body; h != nil {
		text := src[start:end]
		if h.strip {
			text = strings.TrimLeft(text, "\t")
		}
		if strings.TrimRight(text, "\r") == h.delim {
			sh.t.emit(chroma.LiteralStringHeredoc, start, end)
			sh.body = nil
			sh.yaml = nil
			sh.cmdPos = true
			return
		}
		if h.yaml {
			sh.yaml.line(start, end)
			// keep the YAML lexer's newline handling consistent
			return
		}
		sh.t.emit(chroma.LiteralStringHeredoc, start, end)
		return
	}
	wasCont := sh.cont
	sh.cont = false
	if !wasCont && sh.quote == 0 && sh.paren == 0 {
		sh.cmdPos = true
	}
	if first && strings.HasPrefix(src[start:end], "#!") {
		sh.t.emit(chroma.CommentPreproc, start, end)
		return
	}
	n := len(sh.pending)
	sh.words(start, end)
	if len(sh.pending) > n {
		l := src[start:end]
		y := strings.Contains(l, ".yaml") || strings.Contains(l, ".yml") ||
			strings.Contains(l, "-f -") || strings.Contains(l, "-f-") || strings.Contains(l, "--filename=-")
		for i := n; i < len(sh.pending); i++ {
			sh.pending[i].yaml = y
		}
	}
}

// shellKeyword reports a reserved word of the shell.
func shellKeyword(w string) bool {
	switch w {
	case "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done",
		"case", "esac", "function", "select", "return", "continue", "break", "in", "!":
		return true
	}
	return false
}

// shellCmdKeyword reports a keyword after which a command name follows.
func shellCmdKeyword(w string) bool {
	switch w {
	case "if", "then", "else", "elif", "while", "until", "do", "!", "time":
		return true
	}
	return false
}

// shellBuiltin is chroma's list of builtins (lexers/embedded/bash.xml).
func shellBuiltin(w string) bool {
	switch w {
	case "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen",
		"complete", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit",
		"export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill",
		"let", "local", "logout", "popd", "printf", "pushd", "pwd", "read", "readonly", "set",
		"shift", "shopt", "source", "suspend", "test", "time", "times", "trap", "true", "type",
		"typeset", "ulimit", "umask", "unalias", "unset", "wait":
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')', '$', '`', '"', '\'', '\\':
		return false
	}
	return true
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// words tokenizes src[p:end], part of a command.
func (sh *shellLexer) words(p, end int) {
	src := sh.t.src
	t := sh.t
	if sh.quote != 0 {
		p = sh.quoted(p, end, sh.quote)
	}
	for p < end {
		c := src[p]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			q := p + 1
			for q < end && (src[q] == ' ' || src[q] == '\t' || src[q] == '\r') {
				q++
			}
			t.emit(chroma.Text, p, q)
			p = q
		case c == '#' && (p == 0 || !isWordByte(src[p-1])):
			t.emit(chroma.CommentSingle, p, end)
			return
		case c == '\\':
			if p+1 >= end {
				t.emit(chroma.LiteralStringEscape, p, end)
				sh.cont = true
				return
			}
			_, n := utf8.DecodeRuneInString(src[p+1 : end])
			t.emit(chroma.LiteralStringEscape, p, p+1+n)
			p += 1 + n
			sh.cmdPos = false
		case c == '\'' || c == '"':
			p = sh.quoted(p+1, end, c)
			// quoted() emitted from p+1; include the opening quote
			sh.cmdPos = false
		case c == '`':
			t.emit(chroma.LiteralStringBacktick, p, p+1)
			p++
		case c == '$':
			p = sh.dollar(p, end)
			sh.cmdPos = false
		case c == ')':
			if sh.paren > 0 {
				sh.paren--
				t.emit(chroma.Keyword, p, p+1)
			} else {
				t.emit(chroma.Operator, p, p+1)
			}
			p++
		case c == '(':
			t.emit(chroma.Operator, p, p+1)
			p++
			sh.cmdPos = true
		case c == ';' || c == '&' || c == '|':
			q := p + 1
			if q < end && (src[q] == c || (c == '|' && src[q] == '&') || (c == ';' && src[q] == '&')) {
				q++
			}
			tt := chroma.Punctuation
			if q-p == 2 && c != ';' {
				tt = chroma.Operator
			}
			t.emit(tt, p, q)
			p = q
			sh.cmdPos = true
		case c == '<' || c == '>':
			p = sh.redirect(p, end)
		default:
			q := p
			for q < end && isWordByte(src[q]) {
				q++
			}
			sh.word(p, q, end)
			p = q
		}
	}
}

// word classifies a word src[p:q].
func (sh *shellLexer) word(p, q, end int) {
	src := sh.t.src
	w := src[p:q]
	t := sh.t
	if sh.cmdPos {
		if i := strings.IndexByte(w, '='); i > 0 && isName(w[:i]) {
			t.emit(chroma.NameVariable, p, p+i)
			t.emit(chroma.Operator, p+i, p+i+1)
			t.emit(chroma.Text, p+i+1, q)
			return // an assignment: the command name may follow
		}
		switch {
		case shellKeyword(w):
			t.emit(chroma.Keyword, p, q)
			sh.cmdPos = shellCmdKeyword(w)
			return
		case shellBuiltin(w):
			t.emit(chroma.NameBuiltin, p, q)
		default:
			t.emit(chroma.Text, p, q)
		}
		sh.cmdPos = false
		return
	}
	if allDigits(w) && (q == end || src[q] == ' ' || src[q] == '\t') {
		t.emit(chroma.LiteralNumber, p, q)
		return
	}
	t.emit(chroma.Text, p, q)
}

func isName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// quoted tokenizes a quoted string whose body starts at p (the opening
// quote, if any, is at p-1 and not yet emitted when it is on this line).
// It returns the offset after the closing quote, or end when the string
// continues on the next line (then sh.quote is set).
func (sh *shellLexer) quoted(p, end int, q byte) int {
	src := sh.t.src
	t := sh.t
	tt := chroma.LiteralStringSingle
	if q == '"' {
		tt = chroma.LiteralStringDouble
	}
	s := p
	if sh.quote == 0 {
		s = p - 1 // include the opening quote
	}
	sh.quote = 0
	for i := p; i < end; i++ {
		c := src[i]
		switch {
		case c == q:
			t.emit(tt, s, i+1)
			return i + 1
		case q == '"' && c == '\\':
			i++
		case q == '"' && c == '$' && i+1 < end && (isNameByte(src[i+1]) || src[i+1] == '{'):
			t.emit(tt, s, i)
			j := i + 1
			if src[j] == '{' {
				for j < end && src[j] != '}' {
					j++
				}
				if j < end {
					j++
				}
				t.emit(chroma.LiteralStringInterpol, i, j)
			} else {
				for j < end && isNameByte(src[j]) {
					j++
				}
				t.emit(chroma.NameVariable, i, j)
			}
			s = j
			i = j - 1
		}
	}
	t.emit(tt, s, end)
	sh.quote = q
	return end
}

// dollar tokenizes an expansion starting with '$' at p.
func (sh *shellLexer) dollar(p, end int) int {
	src := sh.t.src
	t := sh.t
	if p+1 >= end {
		t.emit(chroma.Text, p, p+1)
		return p + 1
	}
	switch c := src[p+1]; {
	case c == '(':
		n := 2
		if p+2 < end && src[p+2] == '(' {
			n = 3
		}
		t.emit(chroma.Keyword, p, p+n)
		sh.paren++
		sh.cmdPos = true
		return p + n
	case c == '{':
		q := p + 2
		for q < end && src[q] != '}' {
			q++
		}
		if q < end {
			q++
		}
		t.emit(chroma.LiteralStringInterpol, p, q)
		return q
	case c == '\'':
		t.emit(chroma.LiteralStringSingle, p, p+1)
		return sh.quoted(p+2, end, '\'')
	case isNameByte(c) && !(c >= '0' && c <= '9'):
		q := p + 1
		for q < end && isNameByte(src[q]) {
			q++
		}
		t.emit(chroma.NameVariable, p, q)
		return q
	case c >= '0' && c <= '9' || strings.IndexByte("#$?!_*@-", c) >= 0:
		t.emit(chroma.NameVariable, p, p+2)
		return p + 2
	}
	t.emit(chroma.Text, p, p+1)
	return p + 1
}

// redirect tokenizes <, >, >>, <<<, >&, and heredoc operators.
func (sh *shellLexer) redirect(p, end int) int {
	src := sh.t.src
	t := sh.t
	if strings.HasPrefix(src[p:end], "<<<") {
		t.emit(chroma.Operator, p, p+3)
		return p + 3
	}
	if strings.HasPrefix(src[p:end], "<<") {
		q := p + 2
		strip := false
		if q < end && src[q] == '-' {
			strip = true
			q++
		}
		r := q
		for r < end && (src[r] == ' ' || src[r] == '\t') {
			r++
		}
		// the delimiter word, possibly quoted or escaped
		s := r
		var delim strings.Builder
		for r < end && isWordByte(src[r]) || r < end && (src[r] == '\'' || src[r] == '"' || src[r] == '\\') {
			c := src[r]
			if c == '\'' || c == '"' {
				e := strings.IndexByte(src[r+1:end], c)
				if e < 0 {
					break
				}
				delim.WriteString(src[r+1 : r+1+e])
				r += e + 2
				continue
			}
			if c == '\\' {
				r++
				continue
			}
			delim.WriteByte(c)
			r++
		}
		if delim.Len() == 0 {
			t.emit(chroma.Operator, p, q)
			return q
		}
		t.emit(chroma.Operator, p, q)
		t.emit(chroma.Text, q, s)
		t.emit(chroma.LiteralStringHeredoc, s, r)
		sh.pending = append(sh.pending, heredoc{delim: delim.String(), strip: strip})
		return r
	}
	q := p + 1
	for q < end && (src[q] == '>' || src[q] == '&' || src[q] == '|') {
		q++
	}
	t.emit(chroma.Operator, p, q)
	return q
}
