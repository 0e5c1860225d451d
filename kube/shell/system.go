package shell

import (
	"io"
	"net/netip"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/syntax"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

// System is what a container offers its processes: its file system, its network namespace,
// its PID namespace, the programs installed on it, and the facts programs print (hostname,
// kernel, memory).
type System struct {
	FS    *vfs.FS
	Net   *netsim.Namespace
	Procs *proc.Table
	Sched *proc.Scheduler
	// Programs maps a program name (vfs.Inode.Program) to its implementation.
	Programs map[string]Program
	// Hostname is the UTS hostname (the Pod name).
	Hostname string
	// Kernel facts for uname and /proc (a typical node kernel).
	KernelRelease, KernelVersion, Machine string
	// CPUs and MemTotal are the node's (nproc, free, nginx worker count).
	CPUs     int
	MemTotal int64
	// MemLimit is the container's memory limit (0 = none); Alloc charges memory and reports
	// false when the limit is passed (the runtime then OOM-kills the container).
	MemLimit int64
	Alloc    func(p *proc.Process, delta int64) bool
	// NotSimulated records that some output depends on behaviour the simulator lacks.
	NotSimulated func(reason string)
	// Resolve resolves a host name as the container's resolver would (search list from
	// /etc/resolv.conf, /etc/hosts first). ok is false for NXDOMAIN.
	Resolve func(name string) (addrs []netip.Addr, fqdn string, ok bool)
	// DNSServer is the first nameserver of /etc/resolv.conf.
	DNSServer netip.Addr
	// ReverseResolve gives the DNS name of an address (PTR), when the cluster has one.
	ReverseResolve func(ip netip.Addr) (string, bool)
	// Versions of the image's software ("busybox": "1.28.4", "curl": "8.14.1"), for
	// version-dependent output.
	Versions map[string]string
	// Boot is when the node booted (uptime).
	Boot time.Time
	// MaxProcs bounds the processes of the PID namespace (a fork past it fails with EAGAIN,
	// as under a pids cgroup limit); 0 means DefaultMaxProcs. It stops fork bombs.
	MaxProcs int
	// Shared is what the shells of every container on the scheduler may share (nil: nothing
	// is shared). See NewShared.
	Shared *Shared
}

// Shared holds what the shells running on one scheduler reuse: only one thread runs at a
// time on a scheduler and a shell parses without blocking, so one parser serves them all
// (a syntax.Parser can be reused once it is done).
type Shared struct {
	parser *syntax.Parser
}

// NewShared returns the shared state for the shells of one scheduler (a node's runtime).
func NewShared() *Shared { return &Shared{} }

// parser returns a parser for the shell's dialect, reused when the system has a Shared.
func (s *System) parser() *syntax.Parser {
	if s.Shared == nil {
		return syntax.NewParser(syntax.Variant(syntax.LangBash))
	}
	if s.Shared.parser == nil {
		s.Shared.parser = syntax.NewParser(syntax.Variant(syntax.LangBash))
	}
	return s.Shared.parser
}

// DefaultMaxProcs is the process limit when System.MaxProcs is 0.
const DefaultMaxProcs = 512

// canFork reports whether one more process fits in the PID namespace.
func (s *System) canFork() bool {
	limit := s.MaxProcs
	if limit == 0 {
		limit = DefaultMaxProcs
	}
	return len(s.Procs.Processes()) < limit
}

// Program is a simulated executable. It runs on the calling thread and returns its exit
// status.
type Program func(c *Ctx) int

// Ctx is what a running program sees.
type Ctx struct {
	T    *proc.Thread
	P    *proc.Process
	Sys  *System
	Argv []string
	// Env is the environment, "NAME=value" in order.
	Env    []string
	Dir    string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// TTY reports that stdin/stdout are a terminal (kubectl exec -t).
	TTY bool
	// FromShell reports that the program was started by a simulated shell, whose exported
	// variables come in the shell's own order (not simulated for env/printenv listings).
	FromShell bool
}

// Getenv returns the value of name in c.Env.
func (c *Ctx) Getenv(name string) (string, bool) {
	for i := len(c.Env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(c.Env[i], "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

// Cred is the process's credentials for file operations.
func (c *Ctx) Cred() vfs.Cred { return vfs.Cred{UID: c.P.UID, GID: c.P.GID} }

// Abs makes p absolute against the working directory.
func (c *Ctx) Abs(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = path.Join(c.Dir, p)
	}
	p = path.Clean(p)
	// /proc/self is the calling process's directory.
	if (p == "/proc/self" || strings.HasPrefix(p, "/proc/self/")) && c.P != nil {
		p = "/proc/" + strconv.Itoa(c.P.PID) + p[len("/proc/self"):]
	}
	return p
}

// Now is the virtual time.
func (c *Ctx) Now() time.Time { return c.T.Now() }

// NotSimulated flags the output as not simulated.
func (c *Ctx) NotSimulated(reason string) {
	if c.Sys.NotSimulated != nil {
		c.Sys.NotSimulated(reason)
	}
}

// Step charges one step of work; false means the budget is exhausted and the program must
// stop (it will be parked as a spinning process).
func (c *Ctx) Step(what string) bool {
	if c.P == nil || c.P.Budget == nil {
		return true
	}
	return c.P.Budget.Step(c.Now(), what)
}

// Sleep blocks for d of virtual time (false when the process is being killed).
func (c *Ctx) Sleep(d time.Duration) bool { return c.T.Sleep(d) == nil }

// Killed reports whether the process is being killed.
func (c *Ctx) Killed() bool { return c.T.Interrupted() }

// LookPath finds an executable like execvp: a name with a slash is used as is, otherwise each
// directory of PATH is tried. It returns the absolute path and the inode.
func (c *Ctx) LookPath(name string) (string, *vfs.Inode, error) {
	if strings.Contains(name, "/") {
		p := c.Abs(name)
		n, err := c.Sys.FS.Stat(p)
		if err != nil {
			return "", nil, err
		}
		if n.IsDir() {
			return "", nil, vfs.EACCES
		}
		if err := c.Sys.FS.Access(p, 0o1, c.Cred()); err != nil {
			return "", nil, err
		}
		return p, n, nil
	}
	pathVar, ok := c.Getenv("PATH")
	if !ok {
		pathVar = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	}
	var firstErr error
	for _, dir := range strings.Split(pathVar, ":") {
		if dir == "" {
			dir = "."
		}
		p := c.Abs(path.Join(dir, name))
		n, err := c.Sys.FS.Stat(p)
		if err != nil || n.IsDir() {
			continue
		}
		if err := c.Sys.FS.Access(p, 0o1, c.Cred()); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		return p, n, nil
	}
	if firstErr != nil {
		return "", nil, firstErr
	}
	return "", nil, vfs.ENOENT
}

// UserName returns the passwd name of uid ("" when /etc/passwd has none).
func (c *Ctx) UserName(uid int) string { return c.lookupID("/etc/passwd", uid, 2) }

// GroupName returns the group name of gid.
func (c *Ctx) GroupName(gid int) string { return c.lookupID("/etc/group", gid, 2) }

func (c *Ctx) lookupID(file string, id, field int) string {
	data, err := c.Sys.FS.ReadFile(file)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) > field && f[field] == strconv.Itoa(id) {
			return f[0]
		}
	}
	return ""
}

// Passwd returns the /etc/passwd fields of a user name or uid.
func (c *Ctx) Passwd(nameOrUID string) []string {
	data, err := c.Sys.FS.ReadFile("/etc/passwd")
	if err != nil {
		return nil
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 7 && (f[0] == nameOrUID || f[2] == nameOrUID) {
			return f
		}
	}
	return nil
}

// Exec runs another program as a child process of c.P on the same thread (fork + exec +
// wait). argv[0] is looked up in PATH. It returns the exit status, or 127/126 with the
// error when the program cannot run.
func (c *Ctx) Exec(argv []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	p, n, err := c.LookPath(argv[0])
	if err != nil {
		if vfs.ErrnoOf(err) == vfs.EACCES {
			return 126, err
		}
		return 127, err
	}
	child := c.Sys.Procs.NewProcess(c.P, argv, c.Now())
	cc := &Ctx{T: c.T, P: child, Sys: c.Sys, Argv: argv, Env: c.Env, Dir: c.Dir, Stdin: stdin, Stdout: stdout, Stderr: stderr, TTY: c.TTY, FromShell: c.FromShell}
	return cc.RunInode(p, n), nil
}

// RunInode runs the program that the file n (at path p) is, in this context (the process c.P
// becomes that program: exec). Scripts with "#!" run their interpreter.
func (c *Ctx) RunInode(p string, n *vfs.Inode) int {
	old := c.P.Argv
	_ = old
	if n.Program != "" {
		prog := c.Sys.Programs[n.Program]
		if prog == nil {
			c.NotSimulated("program " + n.Program + " (" + p + ") is not simulated")
			return 0
		}
		return c.runProgram(prog)
	}
	data, _ := c.Sys.FS.ReadFile(p)
	if strings.HasPrefix(string(data), "#!") {
		line, _, _ := strings.Cut(string(data[2:]), "\n")
		f := strings.Fields(line)
		if len(f) == 0 {
			return 126
		}
		interp := f[0]
		args := append([]string{interp}, f[1:]...)
		args = append(args, p)
		args = append(args, c.Argv[1:]...)
		in, err := c.Sys.FS.Stat(interp)
		if err != nil {
			fmtErr(c.Stderr, "%s: %s: bad interpreter: %s\n", c.Argv[0], interp, vfs.ErrnoOf(err).Strerror())
			return 126
		}
		c.Argv = args
		return c.RunInode(interp, in)
	}
	// No "#!": execve fails with ENOEXEC and the calling shell runs it as a script.
	c.Argv = append([]string{"sh", p}, c.Argv[1:]...)
	return c.runProgram(c.Sys.Programs["sh-script"])
}

func (c *Ctx) runProgram(prog Program) int {
	if prog == nil {
		return 126
	}
	c.P.Argv = c.Argv
	code := prog(c)
	return code
}

// Environ returns env as a sorted list of names (for diagnostics).
func Environ(env []string) []string {
	names := make([]string, 0, len(env))
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func fmtErr(w io.Writer, format string, args ...any) {
	if w == nil {
		return
	}
	io.WriteString(w, sprintf(format, args...))
}
