package shell

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/docbuild/docbuild/kube/container/proc"
)

// debianBashPS1 is the prompt Debian's and Ubuntu's /etc/bash.bashrc set for interactive bash
// (`root@web:/# `).
const debianBashPS1 = `${debian_chroot:+($debian_chroot)}\u@\h:\w\$ `

// runInteractive reads commands from stdin: with a TTY it prints prompts (PS1, PS2 for
// continuation lines) to stderr, as ash, dash and bash do.
func (sh *shell) runInteractive(set []string) int {
	ts, err := sh.setup(nil, set)
	if err != nil {
		return 2
	}
	if sh.interactive && sh.flavor == Bash {
		sh.setVar(ts, "PS1", debianBashPS1)
	}
	parser := syntax.NewParser(syntax.Variant(syntax.LangBash))
	pr := &promptReader{sh: sh, ts: ts, parser: parser}
	code := 0
	exited := false
	perr := parser.Interactive(pr, func(stmts []*syntax.Stmt) bool {
		if parser.Incomplete() {
			return true
		}
		for _, st := range stmts {
			if err := sh.rewrite(st); err != nil {
				sh.syntaxError(err)
				code = 2
				continue
			}
			code = sh.run(ts, st)
			if ts.runner.Exited() || ts.c.T.Interrupted() {
				exited = true
				return false
			}
		}
		return true
	})
	if perr != nil && !exited && !errors.Is(perr, io.EOF) && !ts.c.T.Interrupted() {
		sh.syntaxError(perr)
		code = 2
	}
	if !exited && sh.interactive && sh.flavor == Bash && !ts.c.T.Interrupted() {
		// bash prints "exit" when its input ends at the prompt.
		io.WriteString(ts.c.Stderr, "exit\n")
	}
	if ts.c.T.Interrupted() {
		return 128 + proc.SIGKILL
	}
	return code
}

func (sh *shell) setVar(ts *tstate, name, value string) {
	if f, err := parseSimple(name + "=" + quote(value)); err == nil {
		sh.run(ts, f)
	}
}

// PromptSink is implemented by terminals that want to know which output is a prompt (the
// container runtime's sessions); they receive prompts through WritePrompt instead of Write.
type PromptSink interface {
	WritePrompt(prompt string)
}

// promptReader feeds the parser one line at a time, printing the prompt before each read.
type promptReader struct {
	sh     *shell
	ts     *tstate
	parser *syntax.Parser
	eof    bool
}

func (r *promptReader) Read(p []byte) (int, error) {
	if r.eof {
		return 0, io.EOF
	}
	sh, ts := r.sh, r.ts
	if sh.interactive {
		ps := "PS1"
		if r.parser.Incomplete() {
			ps = "PS2"
		}
		p := sh.prompt(ts, ps)
		if sink, ok := ts.c.Stderr.(PromptSink); ok {
			sink.WritePrompt(p)
		} else {
			io.WriteString(ts.c.Stderr, p)
		}
	}
	var line []byte
	buf := make([]byte, 1)
	for {
		if ts.stdin == nil {
			r.eof = true
			break
		}
		n, err := ts.stdin.Read(buf)
		if n == 1 {
			line = append(line, buf[0])
			if buf[0] == '\n' {
				break
			}
			continue
		}
		if err != nil {
			r.eof = true
			break
		}
	}
	if len(line) == 0 {
		return 0, io.EOF
	}
	return copy(p, line), nil
}

// prompt expands PS1/PS2 with the escapes ash (FEATURE_EDITING_FANCY_PROMPT) and bash know.
func (sh *shell) prompt(ts *tstate, name string) string {
	r := ts.runner
	val := ""
	if v, ok := r.Vars[name]; ok && v.IsSet() {
		val = v.String()
	} else {
		val = sh.env.Get(name).String()
	}
	if name == "PS1" && strings.Contains(val, "${debian_chroot") {
		chroot := ""
		if v, ok := r.Vars["debian_chroot"]; ok {
			chroot = v.String()
		}
		if chroot != "" {
			chroot = "(" + chroot + ")"
		}
		val = strings.Replace(val, "${debian_chroot:+($debian_chroot)}", chroot, 1)
	}
	dir := r.Dir
	home := ""
	if v, ok := r.Vars["HOME"]; ok {
		home = v.String()
	} else {
		home = sh.env.Get("HOME").String()
	}
	var b strings.Builder
	for i := 0; i < len(val); i++ {
		ch := val[i]
		if ch != '\\' || i+1 == len(val) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch val[i] {
		case 'w':
			if home != "" && home != "/" && (dir == home || strings.HasPrefix(dir, home+"/")) {
				b.WriteString("~" + dir[len(home):])
			} else {
				b.WriteString(dir)
			}
		case 'W':
			if home != "" && dir == home {
				b.WriteString("~")
			} else if dir == "/" {
				b.WriteString("/")
			} else {
				b.WriteString(dir[strings.LastIndexByte(dir, '/')+1:])
			}
		case 'u':
			name := ts.c.UserName(ts.c.P.UID)
			if name == "" {
				name = "I have no name!"
			}
			b.WriteString(name)
		case 'h':
			h := ts.c.Sys.Hostname
			if i := strings.IndexByte(h, '.'); i >= 0 {
				h = h[:i]
			}
			b.WriteString(h)
		case 'H':
			b.WriteString(ts.c.Sys.Hostname)
		case '$':
			if ts.c.P.UID == 0 {
				b.WriteByte('#')
			} else {
				b.WriteByte('$')
			}
		case 's':
			b.WriteString(strings.TrimPrefix(sh.arg0[strings.LastIndexByte(sh.arg0, '/')+1:], "-"))
		case 'v':
			b.WriteString("5.2")
		case 'n':
			b.WriteByte('\n')
		case '\\':
			b.WriteByte('\\')
		case '!', '#':
			b.WriteString(strconv.Itoa(1))
		default:
			b.WriteByte('\\')
			b.WriteByte(val[i])
		}
	}
	return b.String()
}
