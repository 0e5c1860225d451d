package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

// Flavor is which shell is simulated: the messages and a few behaviours differ.
type Flavor int

const (
	// Ash is BusyBox ash (busybox, alpine images): `sh: foo: not found`.
	Ash Flavor = iota
	// Dash is Debian's /bin/sh: `sh: 1: foo: not found`.
	Dash
	// Bash is GNU bash: `bash: foo: command not found`.
	Bash
)

// shell is one shell process.
type shell struct {
	c      *Ctx
	flavor Flavor
	// arg0 is $0 and the message prefix ("sh", "/bin/sh", "bash").
	arg0 string
	// applet is the name busybox was run as (libbb messages): the basename of argv[0].
	applet string
	// script is the script file being run ("" for -c and interactive shells).
	script string
	// cname is the -c name operand, when given (ash then reports line numbers).
	cname       string
	interactive bool
	runner      *interp.Runner
	env         *shellEnv
	// Registered pipelines and background statements, by id.
	pipes [][]*syntax.Stmt
	bgs   []*syntax.Stmt
	jobs  []*proc.Process
	line  int
	// execNext marks that the next exec handler call comes from the exec builtin.
	execNext bool
}

// tstate is the shell state of one thread (the shell's own, or a pipeline stage's).
type tstate struct {
	sh     *shell
	c      *Ctx
	runner *interp.Runner
	// stdin is the thread's standard input when interp's is not redirected.
	stdin io.Reader
	// execPos is the position of a command the shell execs instead of forking (the last
	// simple command of `sh -c`, of a pipeline stage, of a background job: ash and dash
	// pass EV_EXIT down to it).
	execPos syntax.Pos
}

type ctxKey struct{}

// stepCtx counts a step for every statement the interpreter runs (interp calls Err before
// each statement and each command), so busy loops without commands are budgeted too.
type stepCtx struct {
	context.Context
	ts *tstate
}

var errBudget = errors.New("step budget exhausted")

func (s stepCtx) Err() error {
	if s.ts.c.T.Interrupted() {
		return proc.ErrKilled
	}
	if !s.ts.c.Step("sh") {
		return errBudget
	}
	return nil
}

func (s stepCtx) Value(k any) any {
	if k == (ctxKey{}) {
		return s.ts
	}
	return s.Context.Value(k)
}

func tsOf(ctx context.Context) *tstate {
	ts, _ := ctx.Value(ctxKey{}).(*tstate)
	return ts
}

// shellEnv is the interpreter's initial environment: the process environment plus the
// shell's own non-exported variables. While tmpTrick is set (only during the runner's
// Reset), TMPDIR reads as a path no file can have, so that the interpreter's own host FIFO
// shortcut (interp runner.go open: os.OpenFile for "$TMPDIR/sh-interp-*") can never match a
// path a script opens.
type shellEnv struct {
	// vars are the variables in order (the process environment's order, then the shell's
	// own, sorted): a short list, searched linearly (cheaper to build than a map for the
	// few lookups a shell makes).
	vars     []envVar
	tmpTrick bool
}

type envVar struct {
	name string
	vr   expand.Variable
}

// envPair is one of the shell's own variables.
type envPair struct{ k, v string }

func newShellEnv(env []string, extra []envPair) *shellEnv {
	e := &shellEnv{vars: make([]envVar, 0, len(env)+len(extra))}
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		vr := expand.Variable{Set: true, Exported: true, Kind: expand.String, Str: v}
		if i := e.index(k); i >= 0 {
			e.vars[i].vr = vr // a repeated name keeps its first place
			continue
		}
		e.vars = append(e.vars, envVar{k, vr})
	}
	slices.SortFunc(extra, func(a, b envPair) int { return strings.Compare(a.k, b.k) })
	for _, kv := range extra {
		if e.index(kv.k) >= 0 {
			continue
		}
		e.vars = append(e.vars, envVar{kv.k, expand.Variable{Set: true, Kind: expand.String, Str: kv.v, ReadOnly: kv.k == "UID" || kv.k == "EUID" || kv.k == "GID"}})
	}
	return e
}

func (e *shellEnv) index(name string) int {
	for i := range e.vars {
		if e.vars[i].name == name {
			return i
		}
	}
	return -1
}

func (e *shellEnv) Get(name string) expand.Variable {
	if e.tmpTrick && name == "TMPDIR" {
		return expand.Variable{Set: true, Kind: expand.String, Str: "/\x00no-host-fifo"}
	}
	if i := e.index(name); i >= 0 {
		return e.vars[i].vr
	}
	return expand.Variable{}
}

func (e *shellEnv) Each(f func(string, expand.Variable) bool) {
	for i := range e.vars {
		if !f(e.vars[i].name, e.vars[i].vr) {
			return
		}
	}
}

// newShell prepares a shell process.
func newShell(c *Ctx, flavor Flavor) *shell {
	return &shell{c: c, flavor: flavor, arg0: c.Argv[0], applet: path.Base(c.Argv[0])}
}

// newRunner builds the interpreter for the shell with all host access replaced.
func (sh *shell) newRunner(params []string) (*interp.Runner, error) {
	c := sh.c
	var extraArr [10]envPair
	extra := append(extraArr[:0],
		envPair{"UID", strconv.Itoa(c.P.UID)},
		envPair{"EUID", strconv.Itoa(c.P.UID)},
		envPair{"GID", strconv.Itoa(c.P.GID)},
		envPair{"PPID", strconv.Itoa(ppid(c.P))},
	)
	if _, ok := c.Getenv("HOME"); !ok {
		home := "/"
		if f := c.Passwd(strconv.Itoa(c.P.UID)); f != nil {
			home = f[5]
		}
		extra = append(extra, envPair{"HOME", home})
	}
	switch sh.flavor {
	case Ash:
		extra = append(extra, envPair{"PS1", "\\w \\$ "}, envPair{"PS2", "> "}, envPair{"PS4", "+ "})
	case Dash:
		if c.P.UID == 0 {
			extra = append(extra, envPair{"PS1", "# "})
		} else {
			extra = append(extra, envPair{"PS1", "$ "})
		}
		extra = append(extra, envPair{"PS2", "> "}, envPair{"PS4", "+ "})
	case Bash:
		extra = append(extra, envPair{"PS1", "\\s-\\v\\$ "}, envPair{"PS2", "> "}, envPair{"PS4", "+ "})
	}
	if _, ok := c.Getenv("PATH"); !ok {
		// ash and dash default PATH (bash's is similar).
		extra = append(extra, envPair{"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"})
	}
	sh.env = newShellEnv(c.Env, extra)
	dir := c.Dir
	if dir == "" {
		dir = "/"
	}
	opts := []interp.RunnerOption{
		interp.Env(sh.env),
		func(r *interp.Runner) error { r.Dir = dir; return nil }, // interp.Dir would stat the host
		interp.StdIO(nil, c.Stdout, c.Stderr),
		interp.CallHandler(sh.callHandler),
		interp.ExecHandlers(func(interp.ExecHandlerFunc) interp.ExecHandlerFunc { return sh.execHandler }),
		interp.OpenHandler(sh.openHandler),
		interp.StatHandler(sh.statHandler),
		interp.ReadDirHandler2(sh.readDirHandler),
		interp.AccessHandler(sh.accessHandler),
	}
	if params != nil {
		opts = append(opts, interp.Params(append([]string{"--"}, params...)...))
	}
	r, err := interp.New(opts...)
	if err != nil {
		return nil, err
	}
	// Reset keeps Vars (emptied); Run copies every variable into it: size it once.
	r.Vars = make(map[string]expand.Variable, len(sh.env.vars)+8)
	sh.env.tmpTrick = true
	r.Reset()
	sh.env.tmpTrick = false
	return r, nil
}

func ppid(p *proc.Process) int {
	if p.Parent != nil {
		return p.Parent.PID
	}
	return 0
}

// parse parses src in the shell's dialect and rewrites it (see rewrite.go).
func (sh *shell) parse(src, name string) (*syntax.File, error) {
	f, err := sh.c.Sys.parser().Parse(strings.NewReader(src), name)
	if err != nil {
		return nil, err
	}
	if err := sh.rewrite(f); err != nil {
		return nil, err
	}
	return f, nil
}

// run runs a parsed file on the current thread and returns its exit status.
func (sh *shell) run(ts *tstate, node syntax.Node) int {
	ctx := stepCtx{context.Background(), ts}
	err := ts.runner.Run(ctx, node)
	return sh.status(ts, err)
}

func (sh *shell) status(ts *tstate, err error) int {
	if err == nil {
		return 0
	}
	if code, ok := interp.IsExitStatus(err); ok {
		return int(code)
	}
	if errors.Is(err, errBudget) {
		sh.spin(ts)
		return 0
	}
	if errors.Is(err, proc.ErrKilled) || ts.c.T.Interrupted() {
		return 128 + proc.SIGKILL
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return 1
	}
	fmt.Fprintf(ts.c.Stderr, "%s: %v\n", sh.arg0, err)
	return 2
}

// spin parks a thread whose budget ran out: a real busy loop keeps running forever.
func (sh *shell) spin(ts *tstate) {
	_ = ts.c.T.Park()
}

// --- entry points -------------------------------------------------------------------------

// Sh is the shell program (argv[0] decides the flavor's message prefix): `sh -c cmd [name
// [args]]`, `sh script [args]`, or an interactive/stdin shell.
func Sh(flavor Flavor) Program {
	return func(c *Ctx) int {
		sh := newShell(c, flavor)
		return sh.main()
	}
}

// shScript runs a file without "#!" (ENOEXEC) as a shell script.
func shScript(c *Ctx) int { return Sh(Ash)(c) }

func (sh *shell) main() int {
	c := sh.c
	args := c.Argv[1:]
	var cmd *string
	forceInteractive := false
	stdinMode := false
	var set []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		if a == "--login" || a == "--norc" || a == "--noprofile" || a == "--posix" {
			args = args[1:]
			continue
		}
		args = args[1:]
		for _, ch := range a[1:] {
			switch ch {
			case 'c':
				if len(args) == 0 {
					switch sh.flavor {
					case Bash:
						fmt.Fprintf(c.Stderr, "%s: -c: option requires an argument\n", sh.arg0)
					case Dash:
						fmt.Fprintf(c.Stderr, "%s: 0: -c requires an argument\n", sh.arg0)
					default:
						fmt.Fprintf(c.Stderr, "%s: -c requires an argument\n", sh.arg0)
					}
					return 2
				}
				s := args[0]
				cmd = &s
				args = args[1:]
			case 'i':
				forceInteractive = true
			case 's':
				stdinMode = true
			case 'l':
			case 'e', 'x', 'u', 'v', 'f', 'n':
				set = append(set, "-"+string(ch))
			}
		}
	}
	_ = stdinMode
	switch {
	case cmd != nil:
		var params []string
		if len(args) > 0 {
			sh.arg0, sh.cname = args[0], args[0]
			params = args[1:]
		}
		return sh.runString(*cmd, params, set)
	case len(args) > 0 && !stdinMode:
		return sh.runFile(args[0], args[1:], set)
	}
	sh.interactive = c.TTY || forceInteractive
	return sh.runInteractive(set)
}

func (sh *shell) setup(params, set []string) (*tstate, error) {
	r, err := sh.newRunner(params)
	if err != nil {
		return nil, err
	}
	sh.runner = r
	ts := &tstate{sh: sh, c: sh.c, runner: r, stdin: sh.c.Stdin}
	sh.c.T.Data = ts
	if len(set) > 0 {
		f, _ := syntax.NewParser().Parse(strings.NewReader("set "+strings.Join(set, " ")), "")
		_ = r.Run(stepCtx{context.Background(), ts}, f)
	}
	return ts, nil
}

func (sh *shell) runString(src string, params, set []string) int {
	ts, err := sh.setup(params, set)
	if err != nil {
		fmt.Fprintf(sh.c.Stderr, "%s: %v\n", sh.arg0, err)
		return 2
	}
	f, err := sh.parse(src, "")
	if err != nil {
		sh.syntaxError(err)
		return 2
	}
	if !strings.Contains(src, "trap") && len(f.Stmts) > 0 && (sh.flavor != Bash || len(f.Stmts) == 1) {
		ts.execPos = lastSimple(f.Stmts[len(f.Stmts)-1])
	}
	return sh.run(ts, f)
}

// lastSimple returns the position of the command that ends st when it is a simple command
// (possibly the right side of && / ||), else an invalid position.
func lastSimple(st *syntax.Stmt) syntax.Pos {
	if st.Negated || st.Background || len(st.Redirs) > 0 {
		return syntax.Pos{}
	}
	switch cm := st.Cmd.(type) {
	case *syntax.CallExpr:
		if len(cm.Args) > 0 {
			return cm.Args[0].Pos()
		}
	case *syntax.BinaryCmd:
		if cm.Op == syntax.AndStmt || cm.Op == syntax.OrStmt {
			return lastSimple(cm.Y)
		}
	}
	return syntax.Pos{}
}

func (sh *shell) runFile(name string, params, set []string) int {
	c := sh.c
	data, err := c.Sys.FS.ReadFile(c.Abs(name))
	if err != nil {
		e := vfs.ErrnoOf(err)
		switch sh.flavor {
		case Bash:
			fmt.Fprintf(c.Stderr, "%s: %s: %s\n", sh.arg0, name, e.Strerror())
			return 127
		case Dash:
			fmt.Fprintf(c.Stderr, "%s: 0: cannot open %s: %s\n", sh.arg0, name, dashErr(e, false))
			return 2
		}
		// ash: setinputfile → "can't open '%s': %s" (ash.c) — prefix arg0.
		fmt.Fprintf(c.Stderr, "%s: can't open '%s': %s\n", sh.arg0, name, e.Strerror())
		return 2
	}
	sh.arg0, sh.script = name, name
	ts, err := sh.setup(params, set)
	if err != nil {
		return 2
	}
	f, err := sh.parse(string(data), name)
	if err != nil {
		sh.syntaxError(err)
		return 2
	}
	return sh.run(ts, f)
}

// syntaxError prints a parse error in the shell's words.
func (sh *shell) syntaxError(err error) {
	c := sh.c
	var pe syntax.ParseError
	text := err.Error()
	line := 1
	if errors.As(err, &pe) {
		text, line = pe.Text, int(pe.Pos.Line())
	}
	var le *syntax.LangError
	if errors.As(err, &le) {
		text = le.Error()
	}
	tok := unexpectedToken(text)
	c.NotSimulated("shell syntax error message (" + text + ")")
	switch sh.flavor {
	case Bash:
		where := "-c: line " + strconv.Itoa(line)
		if sh.script != "" {
			where = sh.script + ": line " + strconv.Itoa(line)
		}
		if tok != "" {
			fmt.Fprintf(c.Stderr, "%s: %s: syntax error near unexpected token `%s'\n", sh.arg0, where, tok)
		} else {
			fmt.Fprintf(c.Stderr, "%s: %s: syntax error: unexpected end of file\n", sh.arg0, where)
		}
	case Dash:
		if tok != "" {
			fmt.Fprintf(c.Stderr, "%s: %d: Syntax error: \"%s\" unexpected\n", sh.arg0, line, tok)
		} else {
			fmt.Fprintf(c.Stderr, "%s: %d: Syntax error: end of file unexpected\n", sh.arg0, line)
		}
	default:
		prefix := sh.arg0 + ": "
		if sh.script != "" || sh.cname != "" {
			prefix += "line " + strconv.Itoa(line) + ": "
		}
		if tok != "" {
			fmt.Fprintf(c.Stderr, "%ssyntax error: unexpected \"%s\"\n", prefix, tok)
		} else {
			fmt.Fprintf(c.Stderr, "%ssyntax error: unexpected end of file\n", prefix)
		}
	}
}

// unexpectedToken extracts the token from mvdan's parse error texts.
func unexpectedToken(text string) string {
	for _, pfx := range []string{"`", "\""} {
		if i := strings.Index(text, pfx); i >= 0 {
			rest := text[i+1:]
			end := strings.IndexAny(rest, "`'\"")
			if end > 0 {
				return rest[:end]
			}
		}
	}
	return ""
}

// --- messages -------------------------------------------------------------------------------

// notFound prints the shell's "command not found" message.
func (sh *shell) notFound(w io.Writer, name string) {
	switch sh.flavor {
	case Bash:
		if sh.interactive && sh.script == "" {
			// bash get_name_for_error: an interactive shell names itself by the base name.
			fmt.Fprintf(w, "%s: %s: command not found\n", path.Base(sh.arg0), name)
		} else {
			fmt.Fprintf(w, "%s: line %d: %s: command not found\n", sh.arg0, sh.lineNo(), name)
		}
	case Dash:
		fmt.Fprintf(w, "%s: %d: %s: not found\n", sh.arg0, sh.lineNo(), name)
	default:
		fmt.Fprintf(w, "%s%s: not found\n", sh.ashPrefix(), name)
	}
}

// ashPrefix is ash_vmsg's prefix: "arg0: [commandname: ]line N: " when running a script or
// a named -c string, else "arg0: ".
func (sh *shell) ashPrefix() string {
	p := sh.arg0 + ": "
	if sh.script != "" || sh.cname != "" {
		if !sh.interactive {
			p += "line " + strconv.Itoa(sh.lineNo()) + ": "
		}
	}
	return p
}

// errPrefix is the prefix of other shell error messages.
func (sh *shell) errPrefix() string {
	switch sh.flavor {
	case Bash:
		if sh.interactive && sh.script == "" {
			return path.Base(sh.arg0) + ": "
		}
		return sh.arg0 + ": line " + strconv.Itoa(sh.lineNo()) + ": "
	case Dash:
		return sh.arg0 + ": " + strconv.Itoa(sh.lineNo()) + ": "
	}
	return sh.ashPrefix()
}

func (sh *shell) lineNo() int {
	if sh.line == 0 {
		return 1
	}
	return sh.line
}

// dashErr is dash's errmsg(): ENOENT reads "Directory nonexistent" when creating and "No such
// file" when opening (dash src/error.c errmsg with E_CREAT / E_OPEN).
func dashErr(e vfs.Errno, creating bool) string {
	if e == vfs.ENOENT || e == vfs.ENOTDIR {
		if creating {
			return "Directory nonexistent"
		}
		return "No such file"
	}
	return e.Strerror()
}

// --- handlers -------------------------------------------------------------------------------

func (sh *shell) fileInfo(p string, n *vfs.Inode) fs.FileInfo {
	return fileInfo{name: path.Base(p), n: n}
}

type fileInfo struct {
	name string
	n    *vfs.Inode
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.n.Size() }
func (f fileInfo) Mode() fs.FileMode  { return f.n.Mode }
func (f fileInfo) ModTime() time.Time { return f.n.ModTime }
func (f fileInfo) IsDir() bool        { return f.n.IsDir() }
func (f fileInfo) Sys() any           { return f.n }

type dirEntry struct{ fileInfo }

func (d dirEntry) Type() fs.FileMode          { return d.n.Mode.Type() }
func (d dirEntry) Info() (fs.FileInfo, error) { return d.fileInfo, nil }

// hcAbs makes name absolute against the interpreter's current directory (cd changes it; the
// thread's Ctx keeps the directory the process started in).
func hcAbs(ctx context.Context, c *Ctx, name string) string {
	cc := *c
	cc.Dir = interp.HandlerCtx(ctx).Dir
	return cc.Abs(name)
}

func (sh *shell) statHandler(ctx context.Context, name string, follow bool) (fs.FileInfo, error) {
	ts := tsOf(ctx)
	c := sh.c
	if ts != nil {
		c = ts.c
	}
	p := hcAbs(ctx, c, name)
	var n *vfs.Inode
	var err error
	if follow {
		n, err = c.Sys.FS.Stat(p)
	} else {
		n, err = c.Sys.FS.Lstat(p)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return sh.fileInfo(p, n), nil
}

func (sh *shell) readDirHandler(ctx context.Context, name string) ([]fs.DirEntry, error) {
	c := sh.c
	if ts := tsOf(ctx); ts != nil {
		c = ts.c
	}
	p := hcAbs(ctx, c, name)
	names, err := c.Sys.FS.ReadDir(p)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	out := make([]fs.DirEntry, 0, len(names))
	for _, nm := range names {
		n, err := c.Sys.FS.Lstat(path.Join(p, nm))
		if err != nil {
			continue
		}
		out = append(out, dirEntry{fileInfo{name: nm, n: n}})
	}
	return out, nil
}

func (sh *shell) accessHandler(ctx context.Context, name string, mode interp.AccessMode) error {
	c := sh.c
	if ts := tsOf(ctx); ts != nil {
		c = ts.c
	}
	return c.Sys.FS.Access(hcAbs(ctx, c, name), fs.FileMode(mode)&0o7, c.Cred())
}

// openHandler opens redirection targets in the container's file system. Failures come back
// as *fs.PathError whose text is exactly the shell's message (interp prints it as is).
func (sh *shell) openHandler(ctx context.Context, name string, flag int, perm fs.FileMode) (io.ReadWriteCloser, error) {
	ts := tsOf(ctx)
	c := sh.c
	if ts != nil {
		c = ts.c
	}
	hc := interp.HandlerCtx(ctx)
	vflags := 0
	switch {
	case flag&os.O_RDWR != 0:
		vflags = vfs.ORDWR
	case flag&os.O_WRONLY != 0:
		vflags = vfs.OWrite
	}
	if flag&os.O_CREATE != 0 {
		vflags |= vfs.OCreate
	}
	if flag&os.O_TRUNC != 0 {
		vflags |= vfs.OTrunc
	}
	if flag&os.O_APPEND != 0 {
		vflags |= vfs.OAppend
	}
	if flag&os.O_EXCL != 0 {
		vflags |= vfs.OExcl
	}
	h, err := c.Sys.FS.Open(hcAbs(ctx, c, name), vflags, perm, c.Cred())
	if err != nil {
		return nil, sh.redirError(name, vfs.ErrnoOf(err), vflags&vfs.OCreate != 0)
	}
	switch h.Device() {
	case vfs.DevStdout, vfs.DevTTY:
		return nopCloser{hc.Stdout, nil}, nil
	case vfs.DevStderr:
		return nopCloser{hc.Stderr, nil}, nil
	case vfs.DevStdin:
		var in io.Reader
		if ts != nil {
			in = ts.stdin
		}
		return nopCloser{nil, nonBlocking{in}}, nil
	}
	if h.Node().Unverified {
		c.NotSimulated("read of " + h.Path() + ", whose content is not verified")
	}
	return h, nil
}

func (sh *shell) redirError(name string, e vfs.Errno, creating bool) error {
	switch sh.flavor {
	case Bash:
		return &fs.PathError{Op: strings.TrimSuffix(sh.errPrefix(), " "), Path: name, Err: errors.New(e.Strerror())}
	case Dash:
		verb := "cannot open"
		if creating {
			verb = "cannot create"
		}
		return &fs.PathError{Op: sh.errPrefix() + verb, Path: name, Err: errors.New(dashErr(e, creating))}
	}
	// ash.c openredirect: "can't create %s: %s" / "can't open %s: %s" with
	// errmsg(e, "nonexistent directory" / "no such file").
	if creating {
		msg := e.Strerror()
		if e == vfs.ENOENT || e == vfs.ENOTDIR {
			msg = "nonexistent directory"
		}
		return &fs.PathError{Op: sh.ashPrefix() + "can't create", Path: name, Err: errors.New(msg)}
	}
	msg := e.Strerror()
	if e == vfs.ENOENT || e == vfs.ENOTDIR {
		msg = "no such file"
	}
	return &fs.PathError{Op: sh.ashPrefix() + "can't open", Path: name, Err: errors.New(msg)}
}

type nopCloser struct {
	w io.Writer
	r io.Reader
}

func (n nopCloser) Write(p []byte) (int, error) {
	if n.w == nil {
		return len(p), nil
	}
	return n.w.Write(p)
}
func (n nopCloser) Read(p []byte) (int, error) {
	if n.r == nil {
		return 0, io.EOF
	}
	return n.r.Read(p)
}
func (n nopCloser) Close() error { return nil }

// nonBlocking reads what a pipe holds without blocking (interp may read from a goroutine of
// its own, which must never block on a simulated pipe).
type nonBlocking struct{ r io.Reader }

func (n nonBlocking) Read(p []byte) (int, error) {
	if pr, ok := n.r.(*proc.PipeReader); ok {
		data, _ := pr.TryRead()
		if len(data) == 0 {
			return 0, io.EOF
		}
		return copy(p, data), nil
	}
	if n.r == nil {
		return 0, io.EOF
	}
	return n.r.Read(p)
}
