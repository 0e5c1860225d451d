package container

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/shell"
)

// Process is a process started by Exec.
type Process struct {
	c        *Container
	p        *proc.Process
	out      bytes.Buffer
	notSim   []string
	done     bool
	code     int
	onExit   []func(int)
	stdinW   *proc.PipeWriter
	terminal *terminal
}

// PID is the process's PID in its PID namespace.
func (p *Process) PID() int { return p.p.PID }

// Done reports whether the process has exited.
func (p *Process) Done() bool { return p.done }

// ExitCode is the exit code once Done.
func (p *Process) ExitCode() int { return p.code }

// Output is everything the process wrote, stdout and stderr in write order.
func (p *Process) Output() []byte { return append([]byte(nil), p.out.Bytes()...) }

// OnExit registers fn to be called (from a clock event) when the process exits; if it has
// already exited, fn is scheduled at the current time.
func (p *Process) OnExit(fn func(exitCode int)) {
	clk := p.c.sb.rt.clk
	if p.done {
		code := p.code
		clk.At(clk.Now(), func() { fn(code) })
		return
	}
	p.onExit = append(p.onExit, fn)
}

// Kill sends SIGKILL to the process.
func (p *Process) Kill() {
	p.p.Kill(proc.SIGKILL)
	p.c.sb.rt.sched.Run()
}

// NotSimulated says why the process's output is not simulated ("" when it is).
func (p *Process) NotSimulated() string { return strings.Join(p.notSim, "; ") }

// teeWriter writes to the process's combined output and to the caller's writer.
type teeWriter struct {
	p *Process
	w io.Writer
}

func (t teeWriter) Write(b []byte) (int, error) {
	t.p.out.Write(b)
	if t.w != nil {
		t.w.Write(b)
	}
	return len(b), nil
}

// execNotFound is containerd's exec failure text (CRI ExecSync/Exec → runc exec).
func execNotFound(msg string) *ExecError {
	return &ExecError{
		Message:  "OCI runtime exec failed: exec failed: unable to start container process: " + msg + ": unknown",
		ExitCode: 126,
	}
}

// Exec starts argv in the running container as a new process (same file system, network and
// environment as PID 1) and runs the simulation until it blocks or exits. Errors are
// *ExecError.
func (c *Container) Exec(req ExecRequest) (*Process, error) {
	return c.exec(req, nil)
}

func (c *Container) exec(req ExecRequest, term *terminal) (*Process, error) {
	if c.state != StateRunning {
		return nil, &ExecError{Message: fmt.Sprintf("container not found (%q)", c.cfg.Name), ExitCode: 126}
	}
	if len(req.Argv) == 0 {
		return nil, &ExecError{Message: "no command specified", ExitCode: 126}
	}
	r := c.sb.rt
	p := c.procs.NewProcess(nil, req.Argv, r.clk.Now())
	p.UID, p.GID, p.Owner, p.Budget = c.uid, c.gid, c, c.budget
	pr := &Process{c: c, p: p, terminal: term}
	cc := c.ctx(p, req.Argv)
	path, inode, msg := c.lookExec(cc, req.Argv[0])
	if msg != "" {
		c.procs.Remove(p.PID)
		return nil, execNotFound(msg)
	}
	if !c.img.Simulated {
		pr.notSim = append(pr.notSim, c.img.Reason)
	}
	cc.TTY = req.TTY
	if term != nil {
		cc.Stdout, cc.Stderr = term, term
		cc.Stdin = term.in.Reader()
	} else {
		cc.Stdout = teeWriter{pr, req.Stdout}
		if req.TTY {
			cc.Stderr = cc.Stdout
		} else {
			cc.Stderr = teeWriter{pr, req.Stderr}
		}
		if req.Stdin != nil {
			cc.Stdin = req.Stdin
		}
	}
	// Notes raised while this process runs are the process's (and the container's).
	sys := *c.sys
	sys.NotSimulated = func(reason string) {
		for _, n := range pr.notSim {
			if n == reason {
				return
			}
		}
		pr.notSim = append(pr.notSim, reason)
	}
	cc.Sys = &sys
	p.OnExit(func(q *proc.Process) {
		pr.done, pr.code = true, q.ExitCode()
		for _, fn := range pr.onExit {
			fn := fn
			code := pr.code
			r.clk.At(r.clk.Now(), func() { fn(code) })
		}
		pr.onExit = nil
	})
	r.sched.Go(p, func(t *proc.Thread) {
		cc.T = t
		code := cc.RunInode(path, inode)
		p.Exit(code)
	})
	r.sched.Run()
	return pr, nil
}

// terminal is a session's TTY: output and prompts are collected for the driver.
type terminal struct {
	out    bytes.Buffer
	prompt string
	in     *proc.Pipe
}

func (t *terminal) Write(b []byte) (int, error) {
	if t.prompt != "" {
		// Text after a prompt without a newline in between belongs to the line being typed.
		t.out.WriteString(t.prompt)
		t.prompt = ""
	}
	t.out.Write(b)
	return len(b), nil
}

// WritePrompt records the prompt the shell shows before reading (shell.PromptSink).
func (t *terminal) WritePrompt(p string) { t.prompt += p }

// Session is an interactive process with a TTY driven line by line.
type Session struct {
	c      *Container
	proc   *Process
	term   *terminal
	attach bool
	seen   int
}

// OpenSession starts argv (usually a shell) with a TTY for line-by-line driving
// (kubectl exec -it … -- sh).
func (c *Container) OpenSession(argv []string) (*Session, error) {
	term := &terminal{in: c.sb.rt.sched.NewPipe()}
	p, err := c.exec(ExecRequest{Argv: argv, TTY: true}, term)
	if err != nil {
		return nil, err
	}
	return &Session{c: c, proc: p, term: term}, nil
}

// Attach connects to PID 1's stdin and TTY (kubectl attach -it, kubectl run -it); the
// container must have Stdin set. What the session shows is read from the container's log.
func (c *Container) Attach() (*Session, error) {
	if c.state != StateRunning || c.stdinPipe == nil {
		return nil, &ExecError{Message: fmt.Sprintf("container %s is not running or has no stdin", c.cfg.Name)}
	}
	es := c.log.entries()
	seen := len(es)
	if seen > 0 && es[seen-1].Partial {
		seen-- // the prompt line the typed text continues
	}
	s := &Session{c: c, attach: true, seen: seen}
	return s, nil
}

// Prompt is what the process printed since the last line and is now waiting after (the
// shell's prompt: "/ # ", "# ", "root@web:/# ", or "> " inside an open quote).
func (s *Session) Prompt() string {
	if s.attach {
		es := s.c.log.entries()
		if n := len(es); n > 0 && es[n-1].Partial {
			return string(es[n-1].Data)
		}
		return ""
	}
	return s.term.prompt
}

// Line types text and Enter, runs the simulation until the process waits for input again or
// exits, and returns what the terminal showed in between (without the echoed line and
// without the next prompt). exited reports that the process has ended.
func (s *Session) Line(text string) (output []byte, exited bool) {
	r := s.c.sb.rt
	if s.attach {
		s.c.stdinPipe.Writer().Write([]byte(text + "\n"))
		r.sched.Run()
		es := s.c.log.entries()
		var b bytes.Buffer
		for i := s.seen; i < len(es); i++ {
			if es[i].Partial && i == len(es)-1 {
				break
			}
			b.Write(es[i].Data)
		}
		s.seen = len(es)
		if n := len(es); n > 0 && es[n-1].Partial {
			s.seen = n - 1
		}
		out := b.Bytes()
		if p := s.Prompt(); p != "" {
			out = bytes.TrimPrefix(out, []byte(p))
		}
		return out, s.c.state != StateRunning
	}
	if s.proc.done {
		return nil, true
	}
	s.term.prompt = ""
	s.term.in.Writer().Write([]byte(text + "\n"))
	r.sched.Run()
	out := append([]byte(nil), s.term.out.Bytes()...)
	s.term.out.Reset()
	return out, s.proc.done
}

// Close sends end-of-file (Ctrl-D) and lets the process end.
func (s *Session) Close() {
	if s.attach {
		s.c.stdinPipe.Writer().Close()
	} else {
		s.term.in.Writer().Close()
	}
	s.c.sb.rt.sched.Run()
}

// Process is the session's process (nil for an attach session).
func (s *Session) Process() *Process { return s.proc }

// --- node-side clients (probes) ----------------------------------------------------------------

// dialErr formats a failed dial like Go's net package does for the kubelet's probers.
func dialErr(dst netip.AddrPort, err error) error {
	var de *netsim.DialError
	inner := err
	if errors.As(err, &de) {
		inner = de.Err
	}
	switch {
	case errors.Is(inner, netsim.ErrRefused):
		return fmt.Errorf("dial tcp %s: connect: connection refused", dst)
	case errors.Is(inner, netsim.ErrTimedOut):
		return fmt.Errorf("dial tcp %s: i/o timeout", dst)
	}
	return fmt.Errorf("dial tcp %s: connect: %s", dst, strings.ToLower(inner.Error()))
}

func (r *Runtime) tcpConnect(dst netip.AddrPort) error {
	conn, err := r.node.Dial(nil, dst, time.Second)
	if err != nil {
		return dialErr(dst, err)
	}
	conn.Close()
	r.sched.Run()
	return nil
}

// httpGet runs a GET from the node on a scheduler thread and returns the answer.
func (r *Runtime) httpGet(ip netip.Addr, req HTTPRequest) HTTPResult {
	if strings.EqualFold(req.Scheme, "HTTPS") {
		return HTTPResult{NotSimulated: "HTTPS probes are not simulated", StatusCode: 200, Status: "200 OK"}
	}
	port := req.Port
	if port == 0 {
		port = 80
	}
	dst := netip.AddrPortFrom(ip, uint16(port))
	target := r.sandboxByIP(ip)
	if target != nil {
		for _, c := range target.containers {
			if !c.img.Simulated && c.state == StateRunning {
				return HTTPResult{StatusCode: 200, Status: "200 OK", NotSimulated: c.img.Reason}
			}
		}
	}
	var res HTTPResult
	finished := false
	p := proc.NewTable().NewProcess(nil, []string{"kubelet"}, r.clk.Now())
	r.sched.Go(p, func(t *proc.Thread) {
		defer func() { finished = true }()
		conn, err := r.node.Dial(t, dst, time.Second)
		if err != nil {
			res.Err = dialErr(dst, err)
			return
		}
		path := req.Path
		if path == "" {
			path = "/"
		}
		host := req.Host
		if host == "" {
			host = dst.String()
		}
		ua := req.UserAgent
		if ua == "" {
			ua = "kube-probe/1.37"
		}
		// The kubelet's prober (pkg/probe/http/request.go) sends Host, User-Agent, Accept
		// and Connection: close, then the probe's headers.
		hdr := [][2]string{{"Host", host}, {"User-Agent", ua}, {"Accept", "*/*"}, {"Connection", "close"}, {"Accept-Encoding", "gzip"}}
		hdr = append(hdr, req.Header...)
		netsim.WriteRequest(conn, "GET", path, hdr, nil)
		resp, err := netsim.ReadResponse(bufio.NewReader(conn), false)
		conn.Close()
		if resp == nil {
			res.Err = fmt.Errorf("Get %q: EOF", "http://"+dst.String()+path)
			return
		}
		res.StatusCode, res.Status, res.Header, res.Body = resp.Status, fmt.Sprintf("%d %s", resp.Status, resp.Reason), resp.Header, resp.Body
		_ = err
	})
	r.sched.Run()
	if !finished {
		// Nothing answered while the simulation could run: the request times out.
		p.Kill(proc.SIGKILL)
		r.sched.Run()
		return HTTPResult{Err: fmt.Errorf("Get %q: context deadline exceeded (Client.Timeout exceeded while awaiting headers)", "http://"+dst.String()+req.Path)}
	}
	if res.Err != nil {
		res.Err = fmt.Errorf("Get %q: %v", "http://"+dst.String()+orSlash(req.Path), res.Err)
	}
	return res
}

func orSlash(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

var _ shell.PromptSink = (*terminal)(nil)
