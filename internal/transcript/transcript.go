// Package transcript owns the line-level lexing of shell transcripts: the text of a code block
// in which an author shows commands typed at a prompt and what they printed. For every line it
// tells the kind (a command after a prompt, a continuation of a command, a heredoc body, output,
// a command typed inside a nested container session), the prompt's parts (user, host, working
// directory, its text and byte span) and the command text, and it groups lines into commands
// with their shown output.
//
// Prompts recognised (see ../../shared/spec/check.md §2):
//
//	$ cmd                      # cmd      (only when cmd parses and its program is known)
//	user@host:dir$ cmd         user@host:dir# cmd
//	[user@host dir]# cmd       [user@host dir]$ cmd
//	PS> cmd                    PS C:\dir> cmd
//	host $ cmd                 (program known)
//	/ # cmd   /data # cmd      (container prompts: BusyBox `\w \$ `; program known)
//	bash-5.1# cmd              (program known)
//
// Continuation lines follow a command whose text is not complete yet: a trailing `\`, an open
// quote, a pipe or `&&` at the end, a heredoc waiting for its terminator. A continuation line may
// start with the secondary prompt `> `, which is removed from the command text. What "complete"
// means is decided by mvdan.cc/sh/v3/syntax.
//
// After a command that opens an interactive shell in a container (`kubectl exec -it POD -- sh`,
// `kubectl run -it … -- sh`, `kubectl attach -it`, `kubectl debug -it`, `docker exec -it`), the
// following prompted lines are commands typed in that container, until `exit` or a line with the
// host's own prompt. Inside such a session a line without a prompt is a command when it parses
// and names a known program (some posts show the typed lines without a prompt).
//
// It imports only the standard library and mvdan.cc/sh/v3/syntax.
package transcript

import (
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Kind is what a line of a transcript is.
type Kind int

const (
	// KindOutput is a line printed by the preceding command (or text before any command).
	KindOutput Kind = iota
	// KindCommand is a line that starts with a host prompt followed by the command typed.
	KindCommand
	// KindContinuation continues the command text of the preceding command line.
	KindContinuation
	// KindHeredoc is a line of a heredoc's body or its terminator.
	KindHeredoc
	// KindContainerCommand is a command typed inside a nested container session.
	KindContainerCommand
)

func (k Kind) String() string {
	switch k {
	case KindOutput:
		return "output"
	case KindCommand:
		return "command"
	case KindContinuation:
		return "continuation"
	case KindHeredoc:
		return "heredoc"
	case KindContainerCommand:
		return "container-command"
	}
	return "unknown"
}

// Style is the shape of a prompt.
type Style int

const (
	// NoPrompt: the line has no prompt.
	NoPrompt Style = iota
	// Dollar is a bare `$ `.
	Dollar
	// Hash is a bare `# ` (root shell).
	Hash
	// UserHost is `user@host:dir$ ` or `user@host:dir# `.
	UserHost
	// Bracket is `[user@host dir]# ` (Red Hat style).
	Bracket
	// PowerShell is `PS> ` or `PS C:\dir> `.
	PowerShell
	// HostOnly is `host $ ` (e.g. `controlplane $ `).
	HostOnly
	// Dir is a BusyBox/ash prompt `/ # `, `/data $ `, `~ # `.
	Dir
	// ShellVersion is `bash-5.1# ` / `sh-4.4$ `.
	ShellVersion
	// Secondary is the continuation prompt `> `.
	Secondary
)

// Prompt is the prompt at the start of a line.
type Prompt struct {
	Style Style
	// Text is the prompt as written, including the space after it (if any).
	Text string
	// Start and End are the prompt's byte span in the line (Start > 0 when the line is indented).
	Start, End      int
	User, Host, Dir string
	// Root reports a `#` prompt.
	Root bool
}

// Line is one lexed line of a transcript.
type Line struct {
	// Text is the line without its line ending ("\n" or "\r\n").
	Text string
	// CR reports that the line ended with "\r\n".
	CR   bool
	Kind Kind
	// Prompt is the line's prompt (Style NoPrompt when none; Secondary for a `> ` continuation).
	Prompt Prompt
	// Cmd is the text of the command on this line (after the prompt); empty for Output lines.
	Cmd string
	// Command is the index in Transcript.Commands of the command the line belongs to (its own,
	// or for output lines the command whose output it is); -1 for output before any command.
	Command int
	// Nested reports a line inside an interactive container session.
	Nested bool
}

// Command is one command with its continuation lines and its shown output.
type Command struct {
	// First and Last are the indexes of the command's first and last line in Transcript.Lines.
	First, Last int
	// OutputStart and OutputEnd delimit (half-open) the lines of its shown output.
	OutputStart, OutputEnd int
	// Text is the command as typed: prompts and secondary `> ` prompts removed, lines joined
	// with "\n" (heredoc bodies included).
	Text   string
	Prompt Prompt
	// Session is the index of the command that opened the container session this command runs
	// in, or -1 for a host command.
	Session int
	// Opens reports that the command opens an interactive container session.
	Opens bool
	// Incomplete reports a command still open (quote, heredoc) at the end of the block.
	Incomplete bool
	// ParseErr is the shell syntax error of Text, if any (not set for Incomplete commands).
	ParseErr error
}

// Transcript is a lexed block.
type Transcript struct {
	Lines    []Line
	Commands []Command
	// Open is the container session still open at the end of the block: the index of the
	// command that opened it, -2 for a session opened before the block (Options.Nested) that
	// the block never left, -1 when none is open. A following block may continue it.
	Open int
	// ContainerPrompt is the prompt seen inside the open session ("" when none was seen).
	ContainerPrompt string
	// HostPrompt is the text of the host prompt that opened the open session.
	HostPrompt string
}

// Options tunes lexing. The zero value is ready to use.
type Options struct {
	// Known reports extra program names (aliases defined in a post, e.g. `kk`) that count as
	// known commands for `# ` prompts and prompt-less lines.
	Known func(name string) bool
	// Script lexes a block without prompts: every line that is not blank, not a comment and not
	// a continuation starts a command (a script block: `kubectl apply -f x.yaml`).
	Script bool
	// Nested starts the block inside a container session (a block continuing a session opened
	// by the previous block); NestedPrompt is that session's container prompt text if known,
	// HostPrompt the text of the host prompt the session was opened at (a line with it is back
	// on the host).
	Nested                   bool
	NestedPrompt, HostPrompt string
}

// Lex lexes src with default options.
func Lex(src string) *Transcript { return Options{}.Lex(src) }

// Script lexes src as a script block (no prompts).
func Script(src string) *Transcript { return Options{Script: true}.Lex(src) }

// SplitLines splits src into lines without their endings, reporting which ended in "\r\n".
// A final line without a newline is kept; a trailing newline adds no empty line.
func SplitLines(src string) (lines []string, cr []bool) {
	for len(src) > 0 {
		i := strings.IndexByte(src, '\n')
		var l string
		if i < 0 {
			l, src = src, ""
		} else {
			l, src = src[:i], src[i+1:]
		}
		c := false
		if strings.HasSuffix(l, "\r") {
			l, c = l[:len(l)-1], true
		}
		lines = append(lines, l)
		cr = append(cr, c)
	}
	return lines, cr
}

// Lex lexes src.
func (o Options) Lex(src string) *Transcript {
	texts, crs := SplitLines(src)
	t := &Transcript{Lines: make([]Line, len(texts))}
	for i := range texts {
		t.Lines[i] = Line{Text: texts[i], CR: crs[i], Command: -1}
	}
	lx := lexer{o: o, t: t, session: -1, p: syntax.NewParser()}
	if o.Nested {
		lx.session = -2 // a session opened before this block
		lx.containerPrompt = o.NestedPrompt
		lx.hostPrompt = o.HostPrompt
	}
	lx.run()
	t.Open, t.ContainerPrompt = lx.session, lx.containerPrompt
	if lx.session != -1 {
		t.HostPrompt = lx.hostPrompt
	}
	return t
}

type lexer struct {
	o               Options
	p               *syntax.Parser
	t               *Transcript
	session         int    // index of the command that opened the current session, -1 none, -2 earlier block
	hostPrompt      string // text of the prompt that opened the session
	containerPrompt string // text of the prompt seen inside the session, "" until seen
	promptless      bool   // the session shows typed lines without prompts
	parseErr        error  // the syntax error of the last completed command text
}

func (lx *lexer) known(name string) bool {
	return KnownProgram(name) || (lx.o.Known != nil && lx.o.Known(name))
}

func (lx *lexer) run() {
	lines := lx.t.Lines
	cur := -1 // current command
	for i := 0; i < len(lines); i++ {
		ln := &lines[i]
		p, rest, ok := lx.startsCommand(ln.Text)
		if !ok {
			ln.Kind = KindOutput
			ln.Command = cur
			ln.Nested = lx.session != -1
			if cur >= 0 {
				lx.t.Commands[cur].OutputEnd = i + 1
			}
			continue
		}
		nested := lx.session != -1
		if nested && lx.leavesSession(p, rest) {
			nested = false
			lx.session, lx.containerPrompt, lx.promptless = -1, "", false
		}
		if nested && lx.containerPrompt == "" && p.Style != NoPrompt {
			lx.containerPrompt = p.Text
		}
		c := Command{First: i, Prompt: p, Session: -1}
		if nested {
			c.Session = lx.session
			ln.Kind = KindContainerCommand
		} else {
			ln.Kind = KindCommand
		}
		ln.Prompt, ln.Cmd, ln.Nested = p, rest, nested
		idx := len(lx.t.Commands)
		ln.Command = idx
		// Gather continuation lines while the text is incomplete.
		lx.parseErr = nil
		text, last, inc := lx.continuation(i, rest, nested, idx)
		c.Incomplete = inc
		c.Last = last
		c.Text = text
		c.OutputStart, c.OutputEnd = last+1, last+1
		if !c.Incomplete && lx.parseErr != nil {
			c.ParseErr = lx.parseErr
		} else if !c.Incomplete && trailingBackslash(text) {
			if _, err := lx.p.Parse(strings.NewReader(text+"\n"), ""); err != nil {
				c.ParseErr = err
			}
		}
		if !nested && OpensSession(text) {
			c.Opens = true
		}
		if nested && isExit(text) {
			lx.session, lx.containerPrompt, lx.promptless = -1, "", false
		}
		lx.t.Commands = append(lx.t.Commands, c)
		if c.Opens {
			lx.session = idx
			lx.hostPrompt = p.Text
			lx.containerPrompt = ""
			lx.promptless = false
		}
		cur = idx
		i = last
	}
}

// maxContinuation bounds the lines a quote or trailing backslash may continue over; a longer
// open quote is a typo, and the lines after it are output.
const maxContinuation = 200

// continuation gathers the continuation lines of the command on line i (text rest so far). It
// returns the whole command text, the index of its last line and whether it stayed incomplete.
func (lx *lexer) continuation(i int, rest string, nested bool, idx int) (text string, last int, inc bool) {
	lines := lx.t.Lines
	last = i
	parts := []string{rest}
	size := len(rest)
	secondary := false
	take := func(kind Kind) {
		last++
		nl := &lines[last]
		body := nl.Text
		nl.Command, nl.Nested, nl.Kind = idx, nested, kind
		if last == i+1 && (strings.HasPrefix(body, "> ") || body == ">") {
			secondary = true
		}
		if secondary && (strings.HasPrefix(body, "> ") || body == ">") {
			n := min(2, len(body))
			nl.Prompt = Prompt{Style: Secondary, Text: body[:n], End: n}
			body = body[n:]
		}
		nl.Cmd = body
		parts = append(parts, body)
		size += len(body) + 1
	}
	for {
		if trailingBackslash(parts[len(parts)-1]) {
			if last+1 >= len(lines) {
				return strings.Join(parts, "\n"), last, true
			}
			if q, _, ok := lx.startsCommand(lines[last+1].Text); ok && q.Style != NoPrompt {
				return strings.Join(parts, "\n"), last, true
			}
			take(KindContinuation)
			continue
		}
		text = strings.Join(parts, "\n")
		more, heredoc, err := incomplete(lx.p, text)
		if !more {
			lx.parseErr = err
			return text, last, false
		}
		if heredoc {
			delims := heredocDelims(text)
			if len(delims) == 0 {
				return text, last, true
			}
			for len(delims) > 0 && last+1 < len(lines) {
				take(KindHeredoc)
				body := lines[last].Cmd
				if delims[0].strip {
					body = strings.TrimLeft(body, "\t")
				}
				if body == delims[0].word {
					delims = delims[1:]
				}
			}
			if len(delims) > 0 {
				return text, last, true // unterminated heredoc: the body runs to the end
			}
			continue
		}
		stop := last+1 >= len(lines) || last-i >= maxContinuation || size > 1<<16
		if !stop {
			// A line with a prompt never continues a command.
			if q, _, ok := lx.startsCommand(lines[last+1].Text); ok && q.Style != NoPrompt {
				stop = true
			}
		}
		if stop {
			// Give the lines back: the command is its first line, the rest is output.
			for j := i + 1; j <= last; j++ {
				lines[j] = Line{Text: lines[j].Text, CR: lines[j].CR, Command: -1}
			}
			return rest, i, true
		}
		take(KindContinuation)
	}
}

type heredocDelim struct {
	word  string
	strip bool // <<- strips leading tabs
}

// heredocDelims lists the heredoc terminators opened in text, in order.
func heredocDelims(text string) []heredocDelim {
	var ds []heredocDelim
	for s := text; ; {
		j := strings.Index(s, "<<")
		if j < 0 {
			return ds
		}
		s = s[j+2:]
		if strings.HasPrefix(s, "<") { // <<< here-string
			s = s[1:]
			continue
		}
		d := heredocDelim{}
		if strings.HasPrefix(s, "-") {
			d.strip, s = true, s[1:]
		}
		s = strings.TrimLeft(s, " \t")
		k := 0
		quote := byte(0)
		if s != "" && (s[0] == '\'' || s[0] == '"') {
			quote = s[0]
			k = 1
		}
		var w strings.Builder
		for ; k < len(s); k++ {
			c := s[k]
			if quote != 0 && c == quote {
				k++
				break
			}
			if quote == 0 && (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&' || c == '>' || c == '<' || c == ')') {
				break
			}
			if c == '\\' && quote == 0 {
				continue
			}
			w.WriteByte(c)
		}
		s = s[k:]
		if w.Len() > 0 {
			d.word = w.String()
			ds = append(ds, d)
		}
	}
}

// leavesSession reports that a prompted line inside a session is really back on the host: it
// carries the host's prompt, which is not the container's.
func (lx *lexer) leavesSession(p Prompt, rest string) bool {
	if p.Style == NoPrompt || lx.session == -2 && lx.hostPrompt == "" {
		return false
	}
	if p.Text != lx.hostPrompt {
		return false
	}
	if lx.containerPrompt != "" {
		return lx.containerPrompt != p.Text
	}
	name, _ := Program(rest)
	return name == "kubectl" || name == "docker" || name == "minikube"
}

// startsCommand decides whether line starts a command, returning its prompt and the rest.
func (lx *lexer) startsCommand(line string) (Prompt, string, bool) {
	if p, ok := ParsePrompt(line); ok {
		rest := line[p.End:]
		switch p.Style {
		case Hash, HostOnly, Dir, ShellVersion:
			// Ambiguous prompts: a bare `#` could be a comment, `/ #` and friends could be output.
			if strings.TrimSpace(rest) == "" {
				if lx.session != -1 || p.Style == Dir || p.Style == ShellVersion {
					return p, rest, true
				}
				return Prompt{}, "", false
			}
			if !lx.knownCommand(rest) {
				return Prompt{}, "", false
			}
		}
		return p, rest, true
	}
	if lx.o.Script && lx.session == -1 {
		s := strings.TrimSpace(line)
		if s == "" || strings.HasPrefix(s, "#") {
			return Prompt{}, "", false
		}
		return Prompt{}, line, true
	}
	if lx.session != -1 && (lx.containerPrompt == "" || lx.promptless) {
		// Typed lines shown without a prompt inside a session.
		if lx.knownCommand(line) && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			lx.promptless = true
			return Prompt{}, line, true
		}
	}
	return Prompt{}, "", false
}

// knownCommand reports whether s parses (or is incomplete) and its program is known.
func (lx *lexer) knownCommand(s string) bool {
	first := firstWord(s)
	if first == "" {
		return false
	}
	if !lx.known(first) && first[0] != '(' && first[0] != '{' && !strings.Contains(first, "=") {
		return false // the program is the first word unless the line starts with a group or assignment
	}
	name, ok := programWith(lx.p, s)
	if !ok && strings.Contains(s, "<") {
		// A placeholder the reader fills in (`kill <pid>`, `cat <file 名>`) reads as a word.
		name, ok = programWith(lx.p, placeholderRe.ReplaceAllString(s, "${1}X"))
	}
	return ok && lx.known(name)
}

// placeholderRe matches a placeholder such as <pid>, <pod-name> or <pod 名称>.
var placeholderRe = regexp.MustCompile(`(^|[^<])<[A-Za-z\p{Han}][\w\p{Han}.-]*(?: [\w\p{Han}.-]+)*>`)

// ParsePrompt recognises a prompt at the start of line (after optional indentation). Prompts
// that need a known command after them (Hash, HostOnly, Dir, ShellVersion) are returned as
// found; callers check the rest.
func ParsePrompt(line string) (Prompt, bool) {
	start := len(line) - len(strings.TrimLeft(line, " \t"))
	s := line[start:]
	mk := func(style Style, n int, user, host, dir string, root bool) (Prompt, bool) {
		end := start + n
		if end < len(line) && line[end] == ' ' {
			end++
		} else if end < len(line) {
			return Prompt{}, false
		}
		return Prompt{Style: style, Text: line[start:end], Start: start, End: end,
			User: user, Host: host, Dir: dir, Root: root}, true
	}
	if s == "" {
		return Prompt{}, false
	}
	switch {
	case s[0] == '$':
		return mk(Dollar, 1, "", "", "", false)
	case s[0] == '#':
		return mk(Hash, 1, "", "", "", true)
	case s[0] == '[':
		// [user@host dir]# or [user@host dir]$
		j := strings.Index(s, "]")
		if j < 0 || j+1 >= len(s) || (s[j+1] != '#' && s[j+1] != '$') {
			return Prompt{}, false
		}
		inner := s[1:j]
		at := strings.IndexByte(inner, '@')
		sp := strings.IndexByte(inner, ' ')
		if at <= 0 || sp < at || !isName(inner[:at]) || !isName(inner[at+1:sp]) {
			return Prompt{}, false
		}
		return mk(Bracket, j+2, inner[:at], inner[at+1:sp], strings.TrimSpace(inner[sp+1:]), s[j+1] == '#')
	case strings.HasPrefix(s, "PS>"):
		return mk(PowerShell, 3, "", "", "", false)
	case strings.HasPrefix(s, "PS "):
		j := strings.Index(s, "> ")
		if j < 0 && strings.HasSuffix(s, ">") {
			j = len(s) - 1
		}
		if j < 3 || strings.ContainsAny(s[3:j], "<>|\"") {
			return Prompt{}, false
		}
		return mk(PowerShell, j+1, "", "", s[3:j], false)
	case s[0] == '/' || s[0] == '~':
		// BusyBox `\w \$ `: a path, a space, # or $.
		j := strings.IndexByte(s, ' ')
		if j < 0 {
			j = len(s)
		}
		dir := s[:j]
		if strings.ContainsAny(dir, "#$") {
			// "/#" or "/$" written without the space (seen in posts).
			if k := strings.IndexAny(dir, "#$"); k == len(dir)-1 && isPath(dir[:k]) {
				return mk(Dir, k+1, "", "", dir[:k], dir[k] == '#')
			}
			return Prompt{}, false
		}
		if !isPath(dir) || j+1 >= len(s) || (s[j+1] != '#' && s[j+1] != '$') {
			return Prompt{}, false
		}
		return mk(Dir, j+2, "", "", dir, s[j+1] == '#')
	}
	// user@host:dir$ / user@host:dir# (dir may be empty: `root@pod:/# `).
	if at := strings.IndexByte(s, '@'); at > 0 && isName(s[:at]) {
		rest := s[at+1:]
		j := 0
		for j < len(rest) && isNameByte(rest[j]) {
			j++
		}
		if j > 0 && j < len(rest) {
			host := rest[:j]
			if rest[j] == ':' {
				k := j + 1
				for k < len(rest) && rest[k] != '$' && rest[k] != '#' && rest[k] != ' ' {
					k++
				}
				if k < len(rest) && (rest[k] == '$' || rest[k] == '#') {
					return mk(UserHost, at+1+k+1, s[:at], host, rest[j+1:k], rest[k] == '#')
				}
			} else if rest[j] == '$' || rest[j] == '#' {
				return mk(UserHost, at+1+j+1, s[:at], host, "", rest[j] == '#')
			}
		}
	}
	// bash-5.1# / sh-4.4$
	for _, sh := range []string{"bash-", "sh-"} {
		if strings.HasPrefix(s, sh) {
			j := len(sh)
			for j < len(s) && (s[j] == '.' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j > len(sh) && j < len(s) && (s[j] == '#' || s[j] == '$') {
				return mk(ShellVersion, j+1, "", "", "", s[j] == '#')
			}
		}
	}
	// host $ (killercoda's `controlplane $ `).
	if j := strings.IndexByte(s, ' '); j > 0 && isName(s[:j]) && j+1 < len(s) && (s[j+1] == '$' || s[j+1] == '#') {
		return mk(HostOnly, j+2, "", s[:j], "", s[j+1] == '#')
	}
	return Prompt{}, false
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}

func isName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

func isPath(s string) bool {
	if s == "" || (s[0] != '/' && s[0] != '~') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isNameByte(c) && c != '/' && c != '~' {
			return false
		}
	}
	return true
}

// incomplete reports whether text needs more lines: a trailing backslash, an open quote or
// compound, a pipe at the end, or a heredoc without its terminator (heredoc=true).
func incomplete(p *syntax.Parser, text string) (inc, heredoc bool, err error) {
	if trailingBackslash(text) {
		return true, false, nil
	}
	_, err = p.Parse(strings.NewReader(text+"\n"), "")
	if err == nil || !syntax.IsIncomplete(err) {
		return false, false, err
	}
	return true, strings.Contains(err.Error(), "here-document"), err
}

func trailingBackslash(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// Program parses a command line and returns the name of its first program (the first word of
// the first simple command, after variable assignments and `sudo`/`time`/`env` wrappers).
// ok is false when the text does not parse as shell (an incomplete text still counts).
func Program(text string) (name string, ok bool) {
	return programWith(syntax.NewParser(), text)
}

func programWith(p *syntax.Parser, text string) (name string, ok bool) {
	f, err := p.Parse(strings.NewReader(text+"\n"), "")
	if err != nil && !syntax.IsIncomplete(err) {
		return "", false
	}
	if err != nil {
		// Incomplete: use the first line only, enough to find the program.
		first, _, _ := strings.Cut(text, "\n")
		f, err = p.Parse(strings.NewReader(first+" \n"), "")
		if err != nil {
			return firstWord(first), firstWord(first) != ""
		}
	}
	if f == nil || len(f.Stmts) == 0 {
		return "", false
	}
	return stmtProgram(f.Stmts[0]), true
}

func firstWord(s string) string {
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return ""
	}
	return fs[0]
}

func stmtProgram(st *syntax.Stmt) string {
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		words := c.Args
		for len(words) > 0 {
			w := words[0].Lit()
			switch w {
			case "sudo", "time", "env", "nohup", "exec":
				words = words[1:]
				continue
			}
			return w
		}
		if len(c.Assigns) > 0 {
			return "export"
		}
	case *syntax.BinaryCmd:
		return stmtProgram(c.X)
	case *syntax.ForClause:
		return "for"
	case *syntax.WhileClause:
		if c.Until {
			return "until"
		}
		return "while"
	case *syntax.IfClause:
		return "if"
	case *syntax.Subshell, *syntax.Block:
		return "("
	case *syntax.DeclClause:
		return c.Variant.Value
	case *syntax.TestClause:
		return "[["
	}
	return ""
}

// Args parses a simple command line into its literal words (quotes removed). ok is false for
// anything that is not a single simple command of literal words (pipes, expansions, …).
func Args(text string) (args []string, ok bool) {
	f, err := syntax.NewParser().Parse(strings.NewReader(text+"\n"), "")
	if err != nil || len(f.Stmts) != 1 {
		return nil, false
	}
	c, isCall := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !isCall || len(c.Assigns) > 0 {
		return nil, false
	}
	for _, w := range c.Args {
		s, ok := literal(w)
		if !ok {
			return nil, false
		}
		args = append(args, s)
	}
	return args, len(args) > 0
}

func literal(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(unescape(x.Value))
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(l.Value)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

func unescape(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// OpensSession reports whether a host command line opens an interactive shell in a container.
func OpensSession(text string) bool {
	if !strings.Contains(text, "-") || !(strings.Contains(text, "exec") || strings.Contains(text, "run") ||
		strings.Contains(text, "attach") || strings.Contains(text, "debug")) {
		return false
	}
	args, ok := Args(text)
	if !ok || len(args) < 2 {
		return false
	}
	switch args[0] {
	case "kubectl", "k", "oc":
	case "docker", "podman", "nerdctl", "crictl":
		return args[1] == "exec" && interactive(args[2:]) && trailingShell(args[2:])
	default:
		return false
	}
	sub, rest := "", []string(nil)
	for i := 1; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			sub, rest = args[i], append(append([]string{}, args[1:i]...), args[i+1:]...)
			break
		}
	}
	if !interactive(rest) {
		return false
	}
	switch sub {
	case "exec":
		return trailingShell(rest)
	case "attach", "debug":
		return true
	case "run":
		dash := indexOf(rest, "--")
		if dash < 0 {
			return true // the image's default command, a shell for busybox/alpine/ubuntu
		}
		return trailingShell(rest)
	}
	return false
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func interactive(args []string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		switch a {
		case "-it", "-ti", "-i", "--stdin", "--stdin=true", "-itq", "-tiq":
			return true
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "i") && strings.Contains(a, "t") && len(a) <= 4 {
			return true
		}
	}
	return false
}

// trailingShell: the command run is a shell with no script (`-- sh`, `-- /bin/bash`, or the
// deprecated form without `--` ending in a shell name).
func trailingShell(args []string) bool {
	if len(args) == 0 {
		return false
	}
	cmd := args
	if d := indexOf(args, "--"); d >= 0 {
		cmd = args[d+1:]
	} else {
		cmd = args[len(args)-1:]
	}
	if len(cmd) == 0 {
		return false
	}
	base := cmd[0][strings.LastIndexByte(cmd[0], '/')+1:]
	switch base {
	case "sh", "bash", "ash", "zsh", "dash", "ksh":
		if len(cmd) == 1 {
			return true
		}
		return len(cmd) == 2 && (cmd[1] == "-l" || cmd[1] == "-i" || cmd[1] == "--login")
	}
	return false
}

func isExit(text string) bool {
	name, _ := Program(text)
	return name == "exit" || name == "logout"
}

// KnownProgram reports whether name is a program tutorials commonly type at a prompt (used to
// tell a `# ` prompt from a comment and typed lines from output).
func KnownProgram(name string) bool {
	switch name {
	case "kubectl", "k", "kubeadm", "kubelet", "minikube", "kind", "k3s", "k3d", "microk8s", "helm", "oc",
		"crictl", "ctr", "docker", "podman", "nerdctl", "kustomize", "kubens", "kubectx", "stern",
		"cat", "echo", "printf", "ls", "cd", "pwd", "sleep", "watch", "grep", "egrep", "head", "tail",
		"wc", "awk", "sed", "cut", "sort", "uniq", "tr", "tee", "xargs", "find", "diff", "less", "more",
		"curl", "wget", "nc", "ping", "nslookup", "dig", "host", "telnet", "ip", "ifconfig", "netstat", "ss",
		"ps", "top", "kill", "killall", "pkill", "free", "df", "du", "mount", "umount", "uname", "hostname",
		"id", "whoami", "date", "env", "printenv", "export", "unset", "set", "alias", "source", ".",
		"mkdir", "rm", "rmdir", "touch", "cp", "mv", "ln", "chmod", "chown", "stat", "file", "tar", "gzip",
		"vi", "vim", "nano", "exit", "logout", "clear", "history", "sudo", "su", "ssh", "scp", "systemctl",
		"journalctl", "service", "apt", "apt-get", "yum", "dnf", "apk", "pip", "pip3", "python", "python3",
		"node", "npm", "go", "git", "make", "jq", "yq", "base64", "openssl", "sha256sum", "md5sum",
		"true", "false", "test", "[", "for", "while", "until", "if", "sh", "bash", "redis-cli", "mysql",
		"psql", "nginx", "httpd", "apachectl", "lsof", "dmesg", "ulimit", "sysctl", "chroot", "nsenter",
		"type", "which", "command", "time", "tree", "unzip", "zip", "gunzip", "zcat", "tac", "rev", "seq",
		"yes", "bc", "expr", "getent", "passwd", "useradd", "mkfs", "lsblk", "fdisk", "blkid", "etcdctl",
		"iptables", "ipvsadm", "conntrack", "tcpdump", "traceroute", "arp", "route", "ethtool":
		return true
	}
	return false
}
