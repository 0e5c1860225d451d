package shell

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

var errIsDir = vfs.EISDIR

func testApplet(t *tool) int { return testMain(t.Ctx, t.name+": ", Ash) }

// testMain is POSIX test / [ (coreutils/test.c semantics): unary file and string tests,
// binary comparisons, !, -a, -o and parentheses.
func testMain(c *Ctx, prefix string, flavor Flavor) int {
	args := c.Argv[1:]
	if c.Argv[0] == "[" {
		if len(args) == 0 || args[len(args)-1] != "]" {
			// busybox coreutils/test.c: bb_error_msg("missing ]"); bash: "[: missing `]'".
			if flavor == Bash {
				fmt.Fprintf(c.Stderr, "%smissing `]'\n", prefix)
			} else {
				fmt.Fprintf(c.Stderr, "%smissing ]\n", prefix)
			}
			return 2
		}
		args = args[:len(args)-1]
	}
	tp := &testParser{c: c, args: args, prefix: prefix, flavor: flavor}
	if len(args) == 0 {
		return 1
	}
	v := tp.orExpr()
	if tp.err != "" {
		fmt.Fprintf(c.Stderr, "%s%s\n", prefix, tp.err)
		return 2
	}
	if tp.pos < len(tp.args) {
		if flavor == Ash {
			fmt.Fprintf(c.Stderr, "%s%s: unknown operand\n", prefix, tp.args[tp.pos])
		} else {
			fmt.Fprintf(c.Stderr, "%stoo many arguments\n", prefix)
		}
		return 2
	}
	if v {
		return 0
	}
	return 1
}

type testParser struct {
	c      *Ctx
	args   []string
	pos    int
	err    string
	prefix string
	flavor Flavor
}

func (p *testParser) peek() (string, bool) {
	if p.pos < len(p.args) {
		return p.args[p.pos], true
	}
	return "", false
}

func (p *testParser) orExpr() bool {
	v := p.andExpr()
	for {
		a, ok := p.peek()
		if !ok || a != "-o" {
			return v
		}
		p.pos++
		w := p.andExpr()
		v = v || w
	}
}

func (p *testParser) andExpr() bool {
	v := p.notExpr()
	for {
		a, ok := p.peek()
		if !ok || a != "-a" {
			return v
		}
		p.pos++
		w := p.notExpr()
		v = v && w
	}
}

func (p *testParser) notExpr() bool {
	if a, ok := p.peek(); ok && a == "!" && p.pos+1 < len(p.args) {
		p.pos++
		return !p.notExpr()
	}
	return p.primary()
}

var binOps = map[string]bool{"=": true, "==": true, "!=": true, "-eq": true, "-ne": true, "-lt": true, "-le": true, "-gt": true, "-ge": true, "<": true, ">": true, "-nt": true, "-ot": true, "-ef": true}

func (p *testParser) primary() bool {
	a, ok := p.peek()
	if !ok {
		p.err = "argument expected"
		return false
	}
	if a == "(" {
		p.pos++
		v := p.orExpr()
		if b, ok := p.peek(); !ok || b != ")" {
			p.err = "closing paren expected"
			return false
		}
		p.pos++
		return v
	}
	// Binary operator?
	if p.pos+2 < len(p.args)+0 || p.pos+2 == len(p.args) {
		if p.pos+1 < len(p.args) && binOps[p.args[p.pos+1]] && p.pos+2 < len(p.args) {
			l, op, r := p.args[p.pos], p.args[p.pos+1], p.args[p.pos+2]
			p.pos += 3
			return p.binary(l, op, r)
		}
	}
	if len(a) == 2 && a[0] == '-' && p.pos+1 < len(p.args) && strings.IndexByte("bcdefghkLnOprsStuwxzG", a[1]) >= 0 {
		arg := p.args[p.pos+1]
		p.pos += 2
		return p.unary(a[1], arg)
	}
	p.pos++
	return a != ""
}

func (p *testParser) num(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil && p.err == "" {
		switch p.flavor {
		case Bash:
			p.err = s + ": integer expression expected"
		case Dash:
			p.err = "Illegal number: " + s
		default:
			// busybox test.c getn: syntax(s, "bad number").
			p.err = s + ": bad number"
		}
	}
	return n
}

func (p *testParser) binary(l, op, r string) bool {
	switch op {
	case "=", "==":
		return l == r
	case "!=":
		return l != r
	case "<":
		return l < r
	case ">":
		return l > r
	case "-eq":
		return p.num(l) == p.num(r)
	case "-ne":
		return p.num(l) != p.num(r)
	case "-lt":
		return p.num(l) < p.num(r)
	case "-le":
		return p.num(l) <= p.num(r)
	case "-gt":
		return p.num(l) > p.num(r)
	case "-ge":
		return p.num(l) >= p.num(r)
	case "-nt", "-ot":
		a, errA := p.c.Sys.FS.Stat(p.c.Abs(l))
		b, errB := p.c.Sys.FS.Stat(p.c.Abs(r))
		if errA != nil || errB != nil {
			return op == "-nt" && errA == nil || op == "-ot" && errB == nil
		}
		if op == "-nt" {
			return a.ModTime.After(b.ModTime)
		}
		return a.ModTime.Before(b.ModTime)
	case "-ef":
		a, errA := p.c.Sys.FS.Stat(p.c.Abs(l))
		b, errB := p.c.Sys.FS.Stat(p.c.Abs(r))
		return errA == nil && errB == nil && a == b
	}
	return false
}

func (p *testParser) unary(op byte, arg string) bool {
	c := p.c
	switch op {
	case 'z':
		return arg == ""
	case 'n':
		return arg != ""
	case 't':
		return c.TTY && (arg == "0" || arg == "1")
	}
	path := c.Abs(arg)
	if arg == "" {
		return false
	}
	var n *vfs.Inode
	var err error
	if op == 'L' || op == 'h' {
		n, err = c.Sys.FS.Lstat(path)
		return err == nil && n.Mode&fs.ModeSymlink != 0
	}
	n, err = c.Sys.FS.Stat(path)
	if err != nil {
		return false
	}
	switch op {
	case 'e':
		return true
	case 'f':
		return n.Mode.IsRegular()
	case 'd':
		return n.IsDir()
	case 's':
		return n.Size() > 0
	case 'r':
		return c.Sys.FS.Access(path, 0o4, c.Cred()) == nil
	case 'w':
		return c.Sys.FS.Access(path, 0o2, c.Cred()) == nil
	case 'x':
		return c.Sys.FS.Access(path, 0o1, c.Cred()) == nil
	case 'p':
		return n.Mode&fs.ModeNamedPipe != 0
	case 'S':
		return n.Mode&fs.ModeSocket != 0
	case 'b':
		return n.Mode&fs.ModeDevice != 0 && n.Mode&fs.ModeCharDevice == 0
	case 'c':
		return n.Mode&fs.ModeCharDevice != 0
	case 'u':
		return n.Mode&fs.ModeSetuid != 0
	case 'g':
		return n.Mode&fs.ModeSetgid != 0
	case 'k':
		return n.Mode&fs.ModeSticky != 0
	case 'O':
		return n.UID == c.P.UID
	case 'G':
		return n.GID == c.P.GID
	}
	return false
}

// --- kill ---------------------------------------------------------------------------------

func killApplet(t *tool) int { return killMain(t.Ctx, t.name+": ", nil, Ash) }

// killMain is kill(1) as busybox procps/kill.c and the shells' kill builtins behave: kill
// [-s SIG | -SIG | -n N] PID|%JOB..., kill -l [N].
func killMain(c *Ctx, prefix string, jobs []*proc.Process, flavor Flavor) int {
	args := c.Argv[1:]
	sig := proc.SIGTERM
	if len(args) > 0 && args[0] == "-l" {
		if len(args) > 1 {
			n, err := strconv.Atoi(args[1])
			if err == nil {
				if n > 128 {
					n -= 128
				}
				fmt.Fprintln(c.Stdout, proc.SignalName(n))
				return 0
			}
			if s, ok := proc.SignalNumber(strings.ToUpper(args[1])); ok {
				fmt.Fprintln(c.Stdout, s)
				return 0
			}
			fmt.Fprintf(c.Stderr, "%sinvalid signal name '%s'\n", prefix, args[1])
			return 1
		}
		var names []string
		for i := 1; i <= 31; i++ {
			names = append(names, proc.SignalName(i))
		}
		c.NotSimulated("kill -l listing layout")
		for i, n := range names {
			fmt.Fprintf(c.Stdout, "%2d) %-8s", i+1, n)
			if i%5 == 4 {
				fmt.Fprintln(c.Stdout)
			}
		}
		fmt.Fprintln(c.Stdout)
		return 0
	}
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && args[0] != "--" {
		name := args[0][1:]
		if (name == "s" || name == "n") && len(args) > 1 {
			name, args = args[1], args[2:]
		} else {
			args = args[1:]
		}
		n, ok := proc.SignalNumber(strings.ToUpper(name))
		if !ok {
			fmt.Fprintf(c.Stderr, "%sbad signal name '%s'\n", prefix, name)
			return 1
		}
		sig = n
	} else if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		c.NotSimulated("kill usage text")
		return 1
	}
	status := 0
	for _, a := range args {
		var target *proc.Process
		if strings.HasPrefix(a, "%") {
			n, err := strconv.Atoi(a[1:])
			sorted := jobsSorted(jobs)
			if err != nil || n < 1 || n > len(sorted) {
				fmt.Fprintf(c.Stderr, "%sno such job: %s\n", prefix, a)
				status = 1
				continue
			}
			target = sorted[n-1]
		} else {
			pid, err := strconv.Atoi(a)
			if err != nil {
				fmt.Fprintf(c.Stderr, "%sinvalid number '%s'\n", prefix, a)
				status = 1
				continue
			}
			target = c.Sys.Procs.Get(pid)
			if target == nil || target.Exited() {
				switch flavor {
				case Bash:
					fmt.Fprintf(c.Stderr, "%s(%d) - No such process\n", prefix, pid)
				case Dash:
					fmt.Fprintf(c.Stderr, "%sNo such process\n", prefix)
				default:
					// busybox procps/kill.c: bb_perror_msg("can't kill pid %d", pid) with ESRCH.
					fmt.Fprintf(c.Stderr, "%scan't kill pid %d: No such process\n", prefix, pid)
				}
				status = 1
				continue
			}
		}
		if c.P.UID != 0 && target.UID != c.P.UID {
			fmt.Fprintf(c.Stderr, "%scan't kill pid %d: Operation not permitted\n", prefix, target.PID)
			status = 1
			continue
		}
		target.Signal(sig)
	}
	return status
}
