package verify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// Budgets of one host command line.
const (
	// maxCalls bounds the commands, builtins and function calls one line may run (an endless
	// loop or a fork bomb stops here).
	maxCalls = 4000
	// maxSleep bounds the virtual time one line may sleep.
	maxSleep = 24 * time.Hour
	// maxWall is a safety net on real time (never reached by a well-behaved line).
	maxWall = 10 * time.Second
	// maxOutput bounds what one line may print.
	maxOutput = 8 << 20
)

var errBudget = errors.New("budget exceeded")

// host is the shell at the post's host prompt: mvdan.cc/sh's interpreter with every handler
// replaced, so nothing runs on, reads from or writes to the real machine.
type host struct {
	st *state
	mu sync.Mutex // the cluster is used from one goroutine at a time (pipes run concurrently)
	// ranAt is when the last command line started.
	ranAt time.Time
	// exit is the exit status of the last command line (what `$?` says in the next one).
	exit int
}

func newHost(st *state) *host { return &host{st: st} }

// run state of one command line.
type hostRun struct {
	h        *host
	calls    atomic.Int64
	slept    time.Duration
	notSim   []string
	budget   string
	mu       sync.Mutex
	terminal bytes.Buffer
	stdout   bytes.Buffer
	stderr   bytes.Buffer
}

type termWriter struct {
	hr  *hostRun
	buf *bytes.Buffer
}

func (w termWriter) Write(p []byte) (int, error) {
	w.hr.mu.Lock()
	defer w.hr.mu.Unlock()
	if w.hr.terminal.Len()+len(p) > maxOutput {
		w.hr.budget = fmt.Sprintf("the output passed %d bytes", maxOutput)
		return 0, errBudget
	}
	w.buf.Write(p)
	w.hr.terminal.Write(p)
	return len(p), nil
}

// Run interprets one command line.
func (h *host) Run(cmd string) Output {
	h.ranAt = h.st.cl.Now()
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd+"\n"), "")
	if err != nil {
		return Output{NotSimulated: "the command line does not parse as shell: " + err.Error(), Exit: 2}
	}
	procSubst := false
	syntax.Walk(f, func(n syntax.Node) bool {
		if _, ok := n.(*syntax.ProcSubst); ok {
			procSubst = true
		}
		return !procSubst
	})
	if procSubst {
		return Output{NotSimulated: "process substitution <(…) is not simulated", Exit: 2}
	}
	if name := forkBomb(f); name != "" {
		return Output{NotSimulated: "stopped: the function " + name + " starts copies of itself in the background or a pipe (a fork bomb in a post is simulated, never run)", Exit: 2}
	}
	if args, ok := plainKubectl(f); ok {
		// The common case, `kubectl …` alone: no interpreter needed.
		o := h.st.cl.Kubectl(args, nil, h.st.fs, false)
		if o.Terminal == "" {
			o.Terminal = o.Stderr + o.Stdout
		}
		h.exit = o.Exit
		return o
	}
	hr := &hostRun{h: h}
	out, errw := termWriter{hr, &hr.stdout}, termWriter{hr, &hr.stderr}
	r, err := interp.New(
		interp.StdIO(strings.NewReader(""), out, errw),
		interp.Env(expand.ListEnviron("HOME=/root", "USER=root", "PATH=/usr/local/bin:/usr/bin:/bin", "PWD=/root", "SHELL=/bin/bash", "TERM=xterm")),
		interp.CallHandler(hr.call),
		interp.ExecHandlers(func(next interp.ExecHandlerFunc) interp.ExecHandlerFunc { return hr.exec }),
		interp.OpenHandler(hr.open),
		interp.ReadDirHandler2(hr.readDir),
		interp.StatHandler(hr.stat),
		interp.AccessHandler(func(ctx context.Context, path string, mode interp.AccessMode) error {
			if _, err := hr.stat(ctx, path, true); err != nil {
				return err
			}
			return nil
		}),
	)
	if err != nil {
		return Output{NotSimulated: "interpreter: " + err.Error(), Exit: 2}
	}
	r.Dir = "/root"
	ctx, cancel := context.WithTimeout(h.st.ctx, maxWall)
	defer cancel()
	if h.exit != 0 && strings.Contains(cmd, "$?") {
		// `$?` is the status of the line before.
		if pf, perr := syntax.NewParser().Parse(strings.NewReader(fmt.Sprintf("(exit %d)\n", h.exit&0xff)), ""); perr == nil {
			r.Run(ctx, pf)
		}
	}
	err = r.Run(ctx, f)
	if wf, werr := syntax.NewParser().Parse(strings.NewReader("wait\n"), ""); werr == nil && !r.Exited() {
		// Background jobs (`cmd &`) end before the line does: a fork bomb meets its budget.
		saved := err
		r.Run(ctx, wf)
		err = saved
	}
	o := Output{Stdout: hr.stdout.String(), Stderr: hr.stderr.String(), Terminal: hr.terminal.String()}
	if st, ok := interp.IsExitStatus(err); ok {
		o.Exit = int(st)
	} else if err != nil {
		o.Exit = 1
		if hr.budget == "" && ctx.Err() != nil {
			hr.budget = "the command line ran for more than " + maxWall.String() + " of real time"
		}
	}
	if hr.budget != "" {
		o.NotSimulated = "stopped: " + hr.budget + " (an endless loop or a fork bomb in a post is simulated, never run)"
	} else if len(hr.notSim) > 0 {
		o.NotSimulated = strings.Join(dedupe(hr.notSim), "; ")
	}
	h.exit = o.Exit
	return o
}

// plainKubectl recognises a line that is one kubectl command of literal words, with no
// redirection, pipe, assignment or background job.
func plainKubectl(f *syntax.File) ([]string, bool) {
	if len(f.Stmts) != 1 {
		return nil, false
	}
	st := f.Stmts[0]
	if len(st.Redirs) > 0 || st.Background || st.Negated || st.Coprocess {
		return nil, false
	}
	c, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(c.Assigns) > 0 || len(c.Args) == 0 {
		return nil, false
	}
	args := make([]string, 0, len(c.Args))
	for _, w := range c.Args {
		l, ok := literalWord(w)
		if !ok {
			return nil, false
		}
		args = append(args, l)
	}
	if args[0] != "kubectl" {
		return nil, false
	}
	return args, true
}

func literalWord(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			if strings.ContainsAny(x.Value, "\\*?[") {
				return "", false
			}
			b.WriteString(x.Value)
		case *syntax.SglQuoted:
			if x.Dollar {
				return "", false
			}
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok || strings.ContainsAny(l.Value, "\\") {
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

// forkBomb finds a function that calls itself in a pipe or in the background.
func forkBomb(f *syntax.File) string {
	found := ""
	syntax.Walk(f, func(n syntax.Node) bool {
		fd, ok := n.(*syntax.FuncDecl)
		if !ok || found != "" {
			return found == ""
		}
		syntax.Walk(fd.Body, func(m syntax.Node) bool {
			var st *syntax.Stmt
			switch x := m.(type) {
			case *syntax.BinaryCmd:
				if x.Op == syntax.Pipe || x.Op == syntax.PipeAll {
					for _, side := range []*syntax.Stmt{x.X, x.Y} {
						if c, ok := side.Cmd.(*syntax.CallExpr); ok && len(c.Args) > 0 && c.Args[0].Lit() == fd.Name.Value {
							found = fd.Name.Value
						}
					}
				}
			case *syntax.Stmt:
				st = x
				if st.Background {
					syntax.Walk(st, func(k syntax.Node) bool {
						if c, ok := k.(*syntax.CallExpr); ok && len(c.Args) > 0 && c.Args[0].Lit() == fd.Name.Value {
							found = fd.Name.Value
						}
						return found == ""
					})
				}
			}
			return found == ""
		})
		return found == ""
	})
	return found
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (hr *hostRun) call(ctx context.Context, args []string) ([]string, error) {
	if n := hr.calls.Add(1); n > maxCalls {
		hr.mu.Lock()
		if hr.budget == "" {
			hr.budget = fmt.Sprintf("more than %d commands in one line", maxCalls)
		}
		hr.mu.Unlock()
		return nil, errBudget
	}
	return args, nil
}

func (hr *hostRun) notSimulated(msg string) {
	hr.mu.Lock()
	hr.notSim = append(hr.notSim, msg)
	hr.mu.Unlock()
}

// exec runs a program: kubectl goes to the simulated cluster, a few host programs are
// simulated over the scenario's files, everything else is "not simulated".
func (hr *hostRun) exec(ctx context.Context, args []string) error {
	hc := interp.HandlerCtx(ctx)
	st := hr.h.st
	name := args[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 && (strings.HasPrefix(name, "/usr/") || strings.HasPrefix(name, "/bin/")) {
		name = name[i+1:]
	}
	if v, ok := st.r.sc.Aliases[name]; ok {
		if a, ok := splitWords(v); ok && len(a) > 0 && a[0] != name {
			return hr.exec(ctx, append(a, args[1:]...))
		}
	}
	exit := func(code int) error {
		if code == 0 {
			return nil
		}
		return interp.NewExitStatus(uint8(code))
	}
	switch name {
	case "kubectl", "k", "oc":
		in := readAll(hc.Stdin)
		a := append([]string{"kubectl"}, args[1:]...)
		hr.h.mu.Lock()
		o := st.cl.Kubectl(a, in, st.fs, false)
		hr.h.mu.Unlock()
		if o.NotSimulated != "" {
			hr.notSimulated(o.NotSimulated)
		}
		if o.Terminal != "" && o.Terminal != o.Stderr+o.Stdout && o.Terminal != o.Stdout+o.Stderr {
			io.WriteString(hc.Stdout, o.Terminal)
		} else {
			io.WriteString(hc.Stderr, o.Stderr)
			io.WriteString(hc.Stdout, o.Stdout)
		}
		return exit(o.Exit)
	case "sleep":
		d, ok := parseSleep(args[1:])
		if !ok {
			fmt.Fprintf(hc.Stderr, "sleep: invalid time interval %q\n", strings.Join(args[1:], " "))
			return exit(1)
		}
		hr.mu.Lock()
		hr.slept += d
		over := hr.slept > maxSleep
		if over {
			hr.budget = "more than " + maxSleep.String() + " of virtual sleep in one line"
		}
		hr.mu.Unlock()
		if over {
			return errBudget
		}
		hr.h.mu.Lock()
		st.cl.AdvanceTo(st.cl.Now().Add(d))
		hr.h.mu.Unlock()
		return nil
	case "watch":
		// One screen of `watch CMD`: the command run once.
		rest := args[1:]
		for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
			if rest[0] == "-n" || rest[0] == "--interval" {
				rest = rest[1:]
			}
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return exit(1)
		}
		return hr.exec(ctx, rest)
	case "cat":
		return exit(hr.cat(hc, args[1:]))
	case "tee":
		data := readAll(hc.Stdin)
		for _, a := range args[1:] {
			if !strings.HasPrefix(a, "-") {
				st.fs.Set(a, string(data), 0)
			}
		}
		hc.Stdout.Write(data)
		return nil
	case "grep", "egrep":
		return exit(grep(hc, args))
	case "head", "tail":
		return exit(headTail(hc, name, args[1:], st))
	case "wc":
		return exit(wc(hc, args[1:]))
	case "sort", "uniq", "cut", "tr", "awk":
		return exit(textTool(hc, name, args[1:], hr))
	case "base64":
		data := readAll(hc.Stdin)
		dec := len(args) > 1 && (args[1] == "-d" || args[1] == "--decode" || args[1] == "-D")
		if dec {
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
			if err != nil {
				fmt.Fprintln(hc.Stderr, "base64: invalid input")
				return exit(1)
			}
			hc.Stdout.Write(b)
			return nil
		}
		fmt.Fprintln(hc.Stdout, base64.StdEncoding.EncodeToString(data))
		return nil
	case "curl", "wget":
		return exit(hr.fetch(hc, name, args[1:]))
	case "ls":
		var names []string
		for n := range st.fs.files {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) > 0 {
			fmt.Fprintln(hc.Stdout, strings.Join(names, "  "))
		}
		return nil
	case "mkdir", "touch", "clear", "history", "vi", "vim", "nano", "export", "source":
		if name == "touch" {
			for _, a := range args[1:] {
				if !strings.HasPrefix(a, "-") && !st.fs.Has(a) {
					st.fs.Set(a, "", 0)
				}
			}
		}
		if name == "vi" || name == "vim" || name == "nano" {
			hr.notSimulated(name + " (an editor) is not simulated")
		}
		return nil
	case "rm":
		for _, a := range args[1:] {
			if !strings.HasPrefix(a, "-") {
				st.fs.Remove(a)
			}
		}
		return nil
	case "date":
		hr.h.mu.Lock()
		now := st.cl.Now()
		hr.h.mu.Unlock()
		fmt.Fprintln(hc.Stdout, now.UTC().Format("Mon Jan _2 15:04:05 UTC 2006"))
		return nil
	}
	hr.notSimulated(name + " is not simulated on the host")
	return nil
}

func splitWords(s string) ([]string, bool) {
	f, err := syntax.NewParser().Parse(strings.NewReader(s+"\n"), "")
	if err != nil || len(f.Stmts) != 1 {
		return strings.Fields(s), true
	}
	c, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok {
		return nil, false
	}
	var out []string
	for _, w := range c.Args {
		out = append(out, w.Lit())
	}
	return out, true
}

func readAll(r io.Reader) []byte {
	if r == nil {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(r, maxOutput))
	return b
}

func parseSleep(args []string) (time.Duration, bool) {
	var total time.Duration
	if len(args) == 0 {
		return 0, false
	}
	for _, a := range args {
		if a == "infinity" || a == "inf" {
			return maxSleep + time.Second, true
		}
		unit := time.Second
		switch {
		case strings.HasSuffix(a, "s"):
			a = a[:len(a)-1]
		case strings.HasSuffix(a, "m"):
			unit, a = time.Minute, a[:len(a)-1]
		case strings.HasSuffix(a, "h"):
			unit, a = time.Hour, a[:len(a)-1]
		case strings.HasSuffix(a, "d"):
			unit, a = 24*time.Hour, a[:len(a)-1]
		}
		f, err := strconv.ParseFloat(a, 64)
		if err != nil || f < 0 {
			return 0, false
		}
		total += time.Duration(f * float64(unit))
	}
	return total, true
}

func (hr *hostRun) cat(hc interp.HandlerContext, args []string) int {
	st := hr.h.st
	files := 0
	code := 0
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			continue
		}
		files++
		if a == "-" {
			hc.Stdout.Write(readAll(hc.Stdin))
			continue
		}
		if c, ok := st.fs.ReadFile(a); ok {
			hc.Stdout.Write(c)
			continue
		}
		if strings.HasPrefix(a, "/") && !strings.HasPrefix(a, "/root/") && !strings.HasPrefix(a, "/tmp/") {
			hr.notSimulated("the host file " + a + " is not simulated")
			continue
		}
		fmt.Fprintf(hc.Stderr, "cat: %s: No such file or directory\n", a)
		code = 1
	}
	if files == 0 {
		hc.Stdout.Write(readAll(hc.Stdin))
	}
	return code
}

func inputLines(hc interp.HandlerContext, files []string, st *state) []string {
	var data []byte
	if len(files) == 0 {
		data = readAll(hc.Stdin)
	}
	for _, f := range files {
		c, _ := st.fs.ReadFile(f)
		data = append(data, c...)
	}
	s := strings.TrimSuffix(string(data), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func grep(hc interp.HandlerContext, args []string) int {
	var invert, icase, count, ext, word, only bool
	var pattern string
	var files []string
	havePat := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 && !havePat {
			if a == "-e" && i+1 < len(args) {
				pattern, havePat = args[i+1], true
				i++
				continue
			}
			for _, c := range a[1:] {
				switch c {
				case 'v':
					invert = true
				case 'i':
					icase = true
				case 'c':
					count = true
				case 'E':
					ext = true
				case 'w':
					word = true
				case 'o':
					only = true
				}
			}
			continue
		}
		if !havePat {
			pattern, havePat = a, true
			continue
		}
		files = append(files, a)
	}
	if args[0] == "egrep" {
		ext = true
	}
	if !ext {
		// Basic regular expressions: \| is alternation, + ? ( ) { } are literal.
		pattern = strings.NewReplacer(`\|`, `|`, `+`, `\+`, `?`, `\?`, `(`, `\(`, `)`, `\)`, `{`, `\{`, `}`, `\}`).Replace(pattern)
	}
	if word {
		pattern = `\b(?:` + pattern + `)\b`
	}
	if icase {
		pattern = "(?i)" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		fmt.Fprintf(hc.Stderr, "grep: invalid pattern %q\n", pattern)
		return 2
	}
	var lines []string
	if len(files) == 0 {
		lines = linesOf(readAll(hc.Stdin))
	} else {
		// Files are read by the caller's state through cat semantics.
		return 2
	}
	n := 0
	for _, l := range lines {
		if re.MatchString(l) != invert {
			n++
			if count {
				continue
			}
			if only && !invert {
				for _, m := range re.FindAllString(l, -1) {
					fmt.Fprintln(hc.Stdout, m)
				}
				continue
			}
			fmt.Fprintln(hc.Stdout, l)
		}
	}
	if count {
		fmt.Fprintln(hc.Stdout, n)
	}
	if n == 0 {
		return 1
	}
	return 0
}

func linesOf(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func headTail(hc interp.HandlerContext, name string, args []string, st *state) int {
	n := 10
	var files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-n" && i+1 < len(args):
			v := strings.TrimPrefix(args[i+1], "+")
			n, _ = strconv.Atoi(v)
			i++
		case strings.HasPrefix(a, "-n"):
			n, _ = strconv.Atoi(strings.TrimPrefix(a[2:], "+"))
		case strings.HasPrefix(a, "-") && len(a) > 1:
			if v, err := strconv.Atoi(a[1:]); err == nil {
				n = v
			}
		default:
			files = append(files, a)
		}
	}
	lines := inputLines(hc, files, st)
	if name == "head" {
		if n < len(lines) {
			lines = lines[:n]
		}
	} else if n < len(lines) {
		lines = lines[len(lines)-n:]
	}
	for _, l := range lines {
		fmt.Fprintln(hc.Stdout, l)
	}
	return 0
}

func wc(hc interp.HandlerContext, args []string) int {
	data := readAll(hc.Stdin)
	l, w, c := bytes.Count(data, []byte{'\n'}), len(strings.Fields(string(data))), len(data)
	var parts []string
	flags := strings.Join(args, "")
	if strings.Contains(flags, "l") {
		parts = append(parts, strconv.Itoa(l))
	}
	if strings.Contains(flags, "w") {
		parts = append(parts, strconv.Itoa(w))
	}
	if strings.Contains(flags, "c") || strings.Contains(flags, "m") {
		parts = append(parts, strconv.Itoa(c))
	}
	if len(parts) == 0 {
		parts = []string{fmt.Sprintf("%7d", l), fmt.Sprintf("%7d", w), fmt.Sprintf("%7d", c)}
		fmt.Fprintln(hc.Stdout, strings.Join(parts, " "))
		return 0
	}
	fmt.Fprintln(hc.Stdout, strings.Join(parts, " "))
	return 0
}

var awkPrint = regexp.MustCompile(`^\{\s*print\s+((\$\d+\s*,?\s*)+)\}$`)

func textTool(hc interp.HandlerContext, name string, args []string, hr *hostRun) int {
	lines := linesOf(readAll(hc.Stdin))
	switch name {
	case "sort":
		sort.Strings(lines)
		for _, a := range args {
			if a == "-r" {
				sort.Sort(sort.Reverse(sort.StringSlice(lines)))
			}
		}
	case "uniq":
		var out []string
		for i, l := range lines {
			if i == 0 || l != lines[i-1] {
				out = append(out, l)
			}
		}
		lines = out
	case "awk":
		if len(args) != 1 || !awkPrint.MatchString(strings.TrimSpace(args[0])) {
			hr.notSimulated("this awk program is not simulated")
			return 0
		}
		var idx []int
		for _, f := range regexp.MustCompile(`\$(\d+)`).FindAllStringSubmatch(args[0], -1) {
			n, _ := strconv.Atoi(f[1])
			idx = append(idx, n)
		}
		for i, l := range lines {
			fs := strings.Fields(l)
			var out []string
			for _, n := range idx {
				switch {
				case n == 0:
					out = append(out, l)
				case n <= len(fs):
					out = append(out, fs[n-1])
				default:
					out = append(out, "")
				}
			}
			lines[i] = strings.Join(out, " ")
		}
	default:
		hr.notSimulated(name + " is not simulated on the host")
		return 0
	}
	for _, l := range lines {
		fmt.Fprintln(hc.Stdout, l)
	}
	return 0
}

// fetch is curl/wget on the node: requests go to the simulated cluster, never to a network.
func (hr *hostRun) fetch(hc interp.HandlerContext, name string, args []string) int {
	url := ""
	method := "GET"
	quiet := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-X" && i+1 < len(args):
			method = args[i+1]
			i++
		case a == "-o" || a == "-O" || a == "-H" || a == "-d" || a == "--data" || a == "--header" || a == "-m" || a == "--connect-timeout":
			i++
		case strings.HasPrefix(a, "-"):
			if strings.Contains(a, "q") || strings.Contains(a, "s") {
				quiet = true
			}
		default:
			url = a
		}
	}
	if url == "" {
		fmt.Fprintf(hc.Stderr, "%s: missing URL\n", name)
		return 2
	}
	hr.h.mu.Lock()
	status, body, err := hr.h.st.cl.HTTP(method, url)
	hr.h.mu.Unlock()
	if err != nil {
		var ns notSimulatedError
		if errors.As(err, &ns) {
			hr.notSimulated(ns.Error())
			return 0
		}
		if !quiet || name == "curl" {
			fmt.Fprintln(hc.Stderr, err.Error())
		}
		return 1
	}
	io.WriteString(hc.Stdout, body)
	if status >= 400 && name == "wget" {
		return 8
	}
	return 0
}

// notSimulatedError marks an answer the simulator cannot give (a host on the internet).
type notSimulatedError string

func (e notSimulatedError) Error() string { return string(e) }

// NotSimulatedError returns an error that makes a fetch "not simulated" (for Cluster.HTTP).
func NotSimulatedError(msg string) error { return notSimulatedError(msg) }

// Virtual files for the interpreter (redirections, tests, globs).

type memFile struct {
	hr     *hostRun
	name   string
	r      *bytes.Reader
	w      *bytes.Buffer
	append bool
}

func (f *memFile) Read(p []byte) (int, error) {
	if f.r == nil {
		return 0, io.EOF
	}
	return f.r.Read(p)
}

func (f *memFile) Write(p []byte) (int, error) {
	if f.w == nil {
		return 0, os.ErrPermission
	}
	if f.w.Len()+len(p) > maxOutput {
		return 0, errBudget
	}
	return f.w.Write(p)
}

func (f *memFile) Close() error {
	if f.w != nil && f.name != "/dev/null" {
		st := f.hr.h.st
		content := f.w.String()
		if f.append {
			old, _ := st.fs.Get(f.name)
			content = old + content
		}
		st.fs.Set(f.name, content, 0)
	}
	return nil
}

func (hr *hostRun) relName(path string) string {
	for _, p := range []string{"/root/", "./"} {
		path = strings.TrimPrefix(path, p)
	}
	return path
}

func (hr *hostRun) open(ctx context.Context, path string, flag int, perm os.FileMode) (io.ReadWriteCloser, error) {
	name := hr.relName(path)
	if path == "/dev/null" {
		if flag&(os.O_WRONLY|os.O_RDWR) != 0 {
			return &memFile{hr: hr, name: "/dev/null", w: &bytes.Buffer{}}, nil
		}
		return &memFile{hr: hr, name: path, r: bytes.NewReader(nil)}, nil
	}
	if flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		return &memFile{hr: hr, name: name, w: &bytes.Buffer{}, append: flag&os.O_APPEND != 0}, nil
	}
	c, ok := hr.h.st.fs.ReadFile(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	return &memFile{hr: hr, name: name, r: bytes.NewReader(c)}, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

func (hr *hostRun) stat(ctx context.Context, path string, follow bool) (fs.FileInfo, error) {
	switch strings.TrimSuffix(path, "/") {
	case "", "/", "/root", "/tmp", "/home", "/etc", "/usr", "/var", ".":
		return memInfo{name: path, dir: true}, nil
	}
	if c, ok := hr.h.st.fs.ReadFile(hr.relName(path)); ok {
		return memInfo{name: path, size: int64(len(c))}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: path, Err: fs.ErrNotExist}
}

func (hr *hostRun) readDir(ctx context.Context, path string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	if strings.TrimSuffix(path, "/") != "/root" && path != "." {
		return nil, nil
	}
	var names []string
	for n := range hr.h.st.fs.files {
		if !strings.Contains(n, "/") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		c, _ := hr.h.st.fs.Get(n)
		out = append(out, fs.FileInfoToDirEntry(memInfo{name: n, size: int64(len(c))}))
	}
	return out, nil
}

var _ = bufio.NewReader
