package shell

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

// shellBuiltins are the commands ash, dash and bash run inside the shell process whose
// interpreter implementation is not the shell's (output format or errors differ): they go to
// our own implementations, which take the simulated shell's words.
func isShellBuiltin(name string) bool {
	switch name {
	case "echo", "printf", "test", "[", "kill", "type", "hash", "ulimit", "umask", "jobs", "times":
		return true
	}
	return false
}

func (sh *shell) callHandler(ctx context.Context, args []string) ([]string, error) {
	ts := tsOf(ctx)
	hc := interp.HandlerCtx(ctx)
	if hc.Pos.IsValid() {
		sh.line = int(hc.Pos.Line())
	}
	if ts != nil && !ts.c.Step(args[0]) {
		return nil, errBudget
	}
	name := args[0]
	switch {
	case isShellBuiltin(name):
		return append([]string{"__builtin"}, args...), nil
	case name == "pwd" && len(args) > 1:
		return append([]string{"__builtin"}, args...), nil
	case name == "command" && len(args) > 1 && (args[1] == "-v" || args[1] == "-V"):
		return append([]string{"__builtin"}, args...), nil
	case name == "wait":
		return append([]string{"__wait"}, args[1:]...), nil
	case name == "exec" && len(args) > 1:
		sh.execNext = true
	case name == "eval" && len(args) > 1:
		src, err := sh.rewriteSource(strings.Join(args[1:], " "))
		if err != nil {
			return []string{"__builtin", "__syntaxerr", err.Error()}, nil
		}
		return []string{"eval", src}, nil
	case (name == "." || name == "source") && len(args) > 1:
		c := sh.c
		if ts != nil {
			c = ts.c
		}
		data, err := c.Sys.FS.ReadFile(hcAbs(ctx, c, args[1]))
		if err != nil {
			return []string{"__builtin", "__sourcefail", args[1], vfs.ErrnoOf(err).Strerror()}, nil
		}
		src, err := sh.rewriteSource(string(data))
		if err != nil {
			return []string{"__builtin", "__syntaxerr", err.Error()}, nil
		}
		return []string{"eval", src}, nil
	case name == "trap" && len(args) > 2 && args[1] != "-" && args[1] != "":
		src, err := sh.rewriteSource(args[1])
		if err == nil {
			args = append([]string{"trap", src}, args[2:]...)
		}
	case name == "cd":
		if msg, code := sh.checkCd(ts, hc, args[1:]); msg != "" {
			return []string{"__builtin", "__fail", strconv.Itoa(code), msg}, nil
		}
	}
	return args, nil
}

// checkCd reproduces the shells' cd failures before interp's cd runs (its messages differ).
func (sh *shell) checkCd(ts *tstate, hc interp.HandlerContext, args []string) (string, int) {
	c := sh.c
	if ts != nil {
		c = ts.c
	}
	for len(args) > 0 && (args[0] == "-L" || args[0] == "-P" || args[0] == "--") {
		args = args[1:]
	}
	var dir string
	switch {
	case len(args) == 0:
		dir = hc.Env.Get("HOME").String()
		if dir == "" {
			return "", 0
		}
	case args[0] == "-":
		return "", 0
	default:
		dir = args[0]
	}
	p := dir
	if !strings.HasPrefix(p, "/") {
		p = hc.Dir + "/" + p
	}
	n, err := c.Sys.FS.Stat(p)
	e := vfs.Errno(0)
	switch {
	case err != nil:
		e = vfs.ErrnoOf(err)
	case !n.IsDir():
		e = vfs.ENOTDIR
	default:
		if err := c.Sys.FS.Access(p, 0o1, c.Cred()); err != nil {
			e = vfs.ErrnoOf(err)
		}
	}
	if e == 0 {
		return "", 0
	}
	switch sh.flavor {
	case Bash:
		return sh.errPrefix() + "cd: " + dir + ": " + e.Strerror(), 1
	case Dash:
		return sh.errPrefix() + "cd: can't cd to " + dir, 2
	}
	// ash.c cdcmd: ash_msg_and_raise_perror("can't cd to %s", dest), exit status 2. ash_vmsg
	// prints "arg0: ", then the running builtin's name ("cd: ") and, unless interactive
	// on a terminal, "line N: ".
	p2 := sh.arg0 + ": cd: "
	if !sh.interactive || sh.script != "" {
		p2 += "line " + strconv.Itoa(sh.lineNo()) + ": "
	}
	return p2 + "can't cd to " + dir + ": " + e.Strerror(), 2
}

// childCtx is the context of a command run by the shell.
func (sh *shell) childCtx(ts *tstate, hc interp.HandlerContext, argv []string) *Ctx {
	var env []string
	hc.Env.Each(func(name string, vr expand.Variable) bool {
		if vr.Exported && vr.IsSet() && vr.Kind == expand.String {
			env = append(env, name+"="+vr.Str)
		}
		return true
	})
	stdin := hc.Stdin
	if stdin == nil {
		stdin = ts.stdin
	}
	return &Ctx{T: ts.c.T, P: ts.c.P, Sys: ts.c.Sys, Argv: argv, Env: env, Dir: hc.Dir,
		Stdin: stdin, Stdout: hc.Stdout, Stderr: hc.Stderr, TTY: ts.c.TTY, FromShell: true}
}

func exitErr(code int) error {
	if code == 0 {
		return nil
	}
	return interp.NewExitStatus(uint8(code))
}

func (sh *shell) execHandler(ctx context.Context, args []string) error {
	ts := tsOf(ctx)
	hc := interp.HandlerCtx(ctx)
	if ts == nil {
		return errors.New("shell: handler called outside a simulated thread")
	}
	if ts.c.T.Interrupted() {
		return proc.ErrKilled
	}
	switch args[0] {
	case "__pipe":
		id, _ := strconv.Atoi(args[1])
		return sh.pipeline(ts, hc, id)
	case "__bg":
		id, _ := strconv.Atoi(args[1])
		return sh.background(ts, hc, id)
	case "__wait":
		return sh.wait(ts, hc, args[1:])
	case "__read":
		return sh.read(ts, hc, args[1:])
	case "__lastbg":
		if n := len(sh.jobs); n > 0 {
			fmt.Fprintf(hc.Stdout, "%d\n", sh.jobs[n-1].PID)
		}
		return nil
	case "__notfound":
		sh.notFound(hc.Stderr, args[1])
		return exitErr(127)
	case "__builtin":
		cc := sh.childCtx(ts, hc, args[1:])
		return exitErr(sh.builtin(ts, cc, args[1:]))
	}
	execing := sh.execNext
	sh.execNext = false
	if ts.execPos.IsValid() && hc.Pos == ts.execPos {
		execing = true
		ts.execPos = syntax.Pos{}
	}
	cc := sh.childCtx(ts, hc, args)
	p, n, err := cc.LookPath(args[0])
	if err != nil {
		e := vfs.ErrnoOf(err)
		if e == vfs.ENOENT || e == vfs.ENOTDIR || e == vfs.ELOOP {
			sh.notFound(hc.Stderr, args[0])
			return exitErr(127)
		}
		sh.cantExec(hc.Stderr, args[0], e)
		return exitErr(126)
	}
	if execing {
		code := cc.RunInode(p, n)
		if ts.c.T.Interrupted() {
			return proc.ErrKilled
		}
		return exitErr(code)
	}
	if !ts.c.Sys.canFork() {
		return sh.cantFork(ts, hc.Stderr)
	}
	child := ts.c.Sys.Procs.NewProcess(ts.c.P, args, ts.c.Now())
	code := ts.c.T.RunAs(child, func() int {
		cc.P = child
		return cc.RunInode(p, n)
	})
	if ts.c.T.Interrupted() {
		return proc.ErrKilled
	}
	return exitErr(code)
}

// cantExec prints the message for a command that exists but cannot run (EACCES, …).
func (sh *shell) cantExec(w io.Writer, name string, e vfs.Errno) {
	switch sh.flavor {
	case Bash:
		fmt.Fprintf(w, "%s%s: %s\n", sh.errPrefix(), name, e.Strerror())
	case Dash:
		fmt.Fprintf(w, "%s%s: %s\n", sh.errPrefix(), name, e.Strerror())
	default:
		fmt.Fprintf(w, "%s%s: %s\n", sh.ashPrefix(), name, e.Strerror())
	}
}

// --- pipelines and jobs ---------------------------------------------------------------------

// subshellRunner returns a runner for a subshell of ts's shell at this point: a copy of the
// thread's runner, with the variables and directory the handler context shows (they differ
// when the command runs inside one of interp's own subshells).
func (sh *shell) subshellRunner(ts *tstate, hc interp.HandlerContext) *interp.Runner {
	sub := ts.runner.Subshell()
	sub.Dir = hc.Dir
	var b strings.Builder
	hc.Env.Each(func(name string, vr expand.Variable) bool {
		switch name {
		case "RANDOM", "SRANDOM", "SECONDS", "LINENO", "PPID", "UID", "EUID", "GID", "_", "OPTIND", "EPOCHSECONDS", "EPOCHREALTIME", "BASHPID":
			return true
		}
		if vr.ReadOnly || !vr.IsSet() || vr.Kind != expand.String || !validName(name) {
			return true
		}
		if vr.Exported {
			b.WriteString("export ")
		}
		b.WriteString(name + "=" + quote(vr.Str) + "\n")
		return true
	})
	if b.Len() > 0 {
		if f, err := parseSimple(b.String()); err == nil {
			_ = sub.Run(stepCtx{context.Background(), ts}, f)
		}
	}
	return sub
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// quote single-quotes s for the shell.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// cantFork prints the shell's fork failure (ash: ash_msg_and_raise_perror("can't fork");
// dash: "Cannot fork"; bash: "fork: retry: Resource temporarily unavailable").
func (sh *shell) cantFork(ts *tstate, w io.Writer) error {
	ts.c.NotSimulated("process limit reached (fork bomb?): more than the simulator's process budget")
	switch sh.flavor {
	case Bash:
		fmt.Fprintf(w, "%sfork: Resource temporarily unavailable\n", sh.errPrefix())
	case Dash:
		fmt.Fprintf(w, "%sCannot fork\n", sh.errPrefix())
	default:
		fmt.Fprintf(w, "%scan't fork: Resource temporarily unavailable\n", sh.ashPrefix())
	}
	return exitErr(2)
}

func (sh *shell) pipeline(ts *tstate, hc interp.HandlerContext, id int) error {
	stages := sh.pipes[id]
	if !ts.c.Sys.canFork() {
		return sh.cantFork(ts, hc.Stderr)
	}
	sched := ts.c.Sys.Sched
	var procs []*proc.Process
	codes := make([]int, len(stages))
	var in io.Reader = hc.Stdin
	if in == nil {
		in = ts.stdin
	}
	for i, st := range stages {
		var out io.Writer = hc.Stdout
		var pw *proc.PipeWriter
		var pr *proc.PipeReader
		if i < len(stages)-1 {
			p := sched.NewPipe()
			pw, pr = p.Writer(), p.Reader()
			out = pw
		}
		sub := sh.subshellRunner(ts, hc)
		interp.StdIO(nil, out, hc.Stderr)(sub)
		child := ts.c.Sys.Procs.NewProcess(ts.c.P, []string{sh.arg0}, ts.c.Now())
		procs = append(procs, child)
		stageIn := in
		cc := *ts.c
		cc.P, cc.Stdin, cc.Stdout = child, stageIn, out
		i, st := i, st
		sched.Go(child, func(t *proc.Thread) {
			c2 := cc
			c2.T = t
			sts := &tstate{sh: sh, c: &c2, runner: sub, stdin: stageIn, execPos: lastSimple(st)}
			t.Data = sts
			code := sh.run(sts, st)
			codes[i] = code
			if pw != nil {
				pw.Close()
			}
			if r, ok := stageIn.(*proc.PipeReader); ok && i > 0 {
				// Only the pipes this pipeline made: the first stage's stdin is inherited.
				r.Close()
			}
			child.Exit(code)
		})
		in = pr
	}
	for _, p := range procs {
		if err := p.Wait(ts.c.T); err != nil {
			for _, q := range procs {
				q.Kill(proc.SIGKILL)
			}
			return proc.ErrKilled
		}
	}
	last := procs[len(procs)-1]
	code := last.ExitCode()
	return exitErr(code)
}

func (sh *shell) background(ts *tstate, hc interp.HandlerContext, id int) error {
	st := sh.bgs[id]
	if !ts.c.Sys.canFork() {
		return sh.cantFork(ts, hc.Stderr)
	}
	sub := sh.subshellRunner(ts, hc)
	interp.StdIO(nil, hc.Stdout, hc.Stderr)(sub)
	child := ts.c.Sys.Procs.NewProcess(ts.c.P, []string{sh.arg0}, ts.c.Now())
	sh.jobs = append(sh.jobs, child)
	cc := *ts.c
	cc.P = child
	// A background job's stdin is /dev/null in a non-interactive shell (POSIX).
	var stdin io.Reader = hc.Stdin
	if stdin == nil {
		stdin = bytes.NewReader(nil)
	}
	cc.Stdin = stdin
	ts.c.Sys.Sched.Go(child, func(t *proc.Thread) {
		c2 := cc
		c2.T = t
		sts := &tstate{sh: sh, c: &c2, runner: sub, stdin: stdin, execPos: lastSimple(st)}
		t.Data = sts
		code := sh.run(sts, st)
		child.Exit(code)
	})
	// The forked job gets going before the shell's next command.
	if err := ts.c.T.Yield(); err != nil {
		return proc.ErrKilled
	}
	return nil
}

func (sh *shell) wait(ts *tstate, hc interp.HandlerContext, args []string) error {
	if len(args) == 0 {
		for _, j := range sh.jobs {
			if err := j.Wait(ts.c.T); err != nil {
				return proc.ErrKilled
			}
		}
		return nil
	}
	code := 0
	for _, a := range args {
		pid, err := strconv.Atoi(strings.TrimPrefix(a, "%"))
		if err != nil {
			fmt.Fprintf(hc.Stderr, "%swait: %s: invalid process id\n", sh.errPrefix(), a)
			code = 2
			continue
		}
		found := false
		for _, j := range sh.jobs {
			if j.PID == pid || strings.HasPrefix(a, "%") && pid >= 1 && pid <= len(sh.jobs) && sh.jobs[pid-1] == j {
				found = true
				if err := j.Wait(ts.c.T); err != nil {
					return proc.ErrKilled
				}
				code = j.ExitCode()
			}
		}
		if !found {
			code = 127
		}
	}
	return exitErr(code)
}

// read implements the read builtin on the thread's stdin: it prints assignments for eval.
func (sh *shell) read(ts *tstate, hc interp.HandlerContext, args []string) error {
	raw := false
	prompt := ""
	delim := byte('\n')
	nchars := -1
	var names []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		a := args[0]
		args = args[1:]
		switch {
		case a == "--":
			goto done
		case a == "-r":
			raw = true
		case a == "-s":
		case a == "-p" && len(args) > 0:
			prompt, args = args[0], args[1:]
		case a == "-t" && len(args) > 0:
			args = args[1:]
		case a == "-n" && len(args) > 0:
			nchars, _ = strconv.Atoi(args[0])
			args = args[1:]
		case a == "-d" && len(args) > 0:
			if args[0] != "" {
				delim = args[0][0]
			} else {
				delim = 0
			}
			args = args[1:]
		default:
			for _, ch := range a[1:] {
				if ch == 'r' {
					raw = true
				}
			}
		}
	}
done:
	names = args
	if len(names) == 0 {
		names = []string{"REPLY"}
	}
	if prompt != "" {
		io.WriteString(ts.c.Stderr, prompt)
	}
	in := hc.Stdin
	if in == nil {
		in = ts.stdin
	}
	var line []byte
	eof := false
	buf := make([]byte, 1)
	for {
		if in == nil {
			eof = true
			break
		}
		n, err := in.Read(buf)
		if n == 1 {
			if buf[0] == delim {
				break
			}
			if !raw && buf[0] == '\\' {
				n2, _ := in.Read(buf)
				if n2 == 1 && buf[0] == '\n' {
					continue
				}
				if n2 == 1 {
					line = append(line, buf[0])
				}
				continue
			}
			line = append(line, buf[0])
			if nchars > 0 && len(line) >= nchars {
				break
			}
			continue
		}
		if err != nil {
			if errors.Is(err, proc.ErrKilled) {
				return proc.ErrKilled
			}
			eof = true
			break
		}
	}
	ifs := hc.Env.Get("IFS")
	ifsVal := " \t\n"
	if ifs.IsSet() {
		ifsVal = ifs.Str
	}
	vals := splitRead(string(line), ifsVal, len(names), names[0] == "REPLY" && len(args) == 0)
	var out strings.Builder
	for i, name := range names {
		v := ""
		if i < len(vals) {
			v = vals[i]
		}
		fmt.Fprintf(&out, "%s=%s\n", name, quote(v))
	}
	if eof {
		out.WriteString("(exit 1)\n")
	}
	io.WriteString(hc.Stdout, out.String())
	return nil
}

// splitRead splits a line into n fields the way read does (the last gets the rest).
func splitRead(line, ifs string, n int, reply bool) []string {
	if reply {
		return []string{line}
	}
	isWS := func(r rune) bool { return strings.ContainsRune(ifs, r) && strings.ContainsRune(" \t\n", r) }
	isSep := func(r rune) bool { return strings.ContainsRune(ifs, r) }
	s := strings.TrimLeftFunc(line, isWS)
	var out []string
	for len(out) < n-1 && s != "" {
		i := strings.IndexFunc(s, isSep)
		if i < 0 {
			out = append(out, s)
			s = ""
			break
		}
		out = append(out, s[:i])
		s = strings.TrimLeftFunc(s[i:], isWS)
		if s != "" && isSep(rune(s[0])) && !isWS(rune(s[0])) {
			s = strings.TrimLeftFunc(s[1:], isWS)
		}
	}
	if s != "" {
		out = append(out, strings.TrimRightFunc(s, isWS))
	}
	return out
}

// lineReader reads one line at a time from r (for interactive shells).
type lineReader struct{ r *bufio.Reader }
