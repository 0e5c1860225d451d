package container

import (
	"fmt"
	"io/fs"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/images"
	"github.com/docbuild/docbuild/kube/shell"
)

// Container is one container instance.
type Container struct {
	sb     *Sandbox
	cfg    ContainerConfig
	img    *images.Image
	id     string
	argv   []string
	env    []string
	dir    string
	uid    int
	gid    int
	fs     *vfs.FS
	procs  *proc.Table
	sys    *shell.System
	budget *proc.Budget
	log    *logBuffer

	state      State
	createdAt  time.Time
	startedAt  time.Time
	finishedAt time.Time
	exitCode   int
	reason     string
	message    string
	pid1       *proc.Process
	stdinPipe  *proc.Pipe
	stopTimer  *clock.Timer
	oom        bool
	mem        int64
	notSim     []string
	diags      []Diagnostic
}

// CreateContainer creates a container instance from a present image. Errors are *CreateError
// with containerd's texts.
func (s *Sandbox) CreateContainer(cfg ContainerConfig) (*Container, error) {
	r := s.rt
	key, err := r.imageKeyOf(cfg.Image)
	if err != nil {
		return nil, &CreateError{Message: images.KubeletImageError(cfg.Image, err)}
	}
	img, ok := r.present[key]
	if !ok {
		return nil, &CreateError{Message: fmt.Sprintf("failed to get image %q: image not present", cfg.Image)}
	}
	c := &Container{sb: s, cfg: cfg, img: img, id: r.newID(), state: StateCreated, createdAt: r.clk.Now()}
	// containerd internal/cri/opts/spec_opts.go WithProcessArgs (from moby daemon/commit.go):
	// command replaces ENTRYPOINT; args replaces CMD; args alone keep ENTRYPOINT.
	command, args := cfg.Command, cfg.Args
	if len(command) == 0 {
		if len(args) == 0 {
			args = append([]string(nil), img.Config.Cmd...)
		}
		if command == nil {
			command = append([]string(nil), img.Config.Entrypoint...)
		}
	}
	c.argv = append(append([]string(nil), command...), args...)
	if len(c.argv) == 0 && !img.Simulated {
		c.argv = []string{opaquePath}
	}
	if len(c.argv) == 0 {
		return nil, &CreateError{Message: fmt.Sprintf("failed to generate container %q spec: failed to generate spec: no command specified", c.id)}
	}
	if !img.Simulated {
		c.notSim = append(c.notSim, img.Reason)
	}
	// File system: a fresh copy of the image's tree, the Pod's managed files, volumes, /proc.
	c.fs = r.template(img).Clone()
	c.fs.PutFile("/etc/hosts", append([]byte(nil), s.hosts...), 0o644, 0, 0)
	c.fs.PutFile("/etc/resolv.conf", append([]byte(nil), s.resolv...), 0o644, 0, 0)
	c.fs.PutFile("/etc/hostname", []byte(s.cfg.Hostname+"\n"), 0o644, 0, 0)
	tmp := cfg.TerminationMessagePath
	if tmp == "" {
		tmp = "/dev/termination-log"
	}
	c.fs.PutFile(tmp, nil, 0o666, 0, 0)
	for _, m := range cfg.Mounts {
		if m.Volume == nil {
			continue
		}
		root := m.Volume.root
		if m.SubPath != "" {
			sub := path.Clean("/" + m.SubPath)
			n, err := m.Volume.fs.MkdirAll(sub, 0o755, 0, 0)
			if err != nil {
				return nil, &CreateError{Message: fmt.Sprintf("failed to prepare subPath for volumeMount %q of container %q", m.Volume.name, cfg.Name)}
			}
			root = n
		}
		if err := c.fs.Mount(m.Path, &vfs.Mount{Root: root, ReadOnly: m.ReadOnly, Source: m.Volume.name, Type: "volume"}); err != nil {
			return nil, &CreateError{Message: fmt.Sprintf("failed to create containerd container: mount %s: %v", m.Path, err)}
		}
	}
	// PID namespace.
	switch {
	case cfg.TargetContainer != "":
		for _, o := range s.containers {
			if o.cfg.Name == cfg.TargetContainer {
				c.procs = o.procs
			}
		}
	case s.cfg.ShareProcessNamespace:
		c.procs = s.procs
	}
	if c.procs == nil {
		c.procs = proc.NewTable()
	}
	c.fs.Put("/proc", r.world.NewSyntheticDir(&procRoot{c: c}, 0o555))
	// Environment: the image's ENV, HOSTNAME, the container's env (later names replace earlier
	// ones in place: containerd oci WithEnv), then HOME when unset.
	c.env = mergeEnv(img.Config.Env, []string{"HOSTNAME=" + s.cfg.Hostname})
	var kv []string
	for _, e := range cfg.Env {
		kv = append(kv, e.Name+"="+e.Value)
	}
	c.env = mergeEnv(c.env, kv)
	if len(cfg.Ports) > 0 && !img.Simulated {
		var ps []string
		for _, p := range cfg.Ports {
			ps = append(ps, strconv.Itoa(p))
		}
		c.env = append(c.env, "__DOCBUILD_PORTS="+strings.Join(ps, ","))
	}
	// User.
	c.uid, c.gid = c.resolveUser()
	if !hasEnv(c.env, "HOME") {
		home := "/"
		if f := c.passwd(strconv.Itoa(c.uid)); f != nil && f[5] != "" {
			home = f[5]
		}
		c.env = append(c.env, "HOME="+home)
	}
	c.dir = cfg.WorkingDir
	if c.dir == "" {
		c.dir = img.Config.WorkingDir
	}
	if c.dir == "" {
		c.dir = "/"
	}
	c.fs.MkdirAll(c.dir, 0o755, 0, 0)
	c.budget = &proc.Budget{MaxSteps: r.opts.Budget.Steps, MaxOutput: r.opts.Budget.Output}
	c.budget.OnExceed = func(msg string) {
		c.diags = append(c.diags, Diagnostic{Time: r.clk.Now(), Kind: budgetKind(msg), Message: msg})
	}
	c.log = &logBuffer{clk: r.clk, budget: c.budget, tty: cfg.TTY, sched: r.sched}
	c.sys = c.system()
	s.containers = append(s.containers, c)
	return c, nil
}

func budgetKind(msg string) string {
	if strings.HasPrefix(msg, "endless output") {
		return "output-budget"
	}
	return "step-budget"
}

func hasEnv(env []string, k string) bool {
	for _, e := range env {
		if strings.HasPrefix(e, k+"=") {
			return true
		}
	}
	return false
}

// mergeEnv is containerd's replaceOrAppendEnvValues: overrides replace same-named entries in
// place and the rest are appended.
func mergeEnv(base, overrides []string) []string {
	out := append([]string(nil), base...)
	for _, o := range overrides {
		k, _, _ := strings.Cut(o, "=")
		done := false
		for i, e := range out {
			if strings.HasPrefix(e, k+"=") {
				out[i] = o
				done = true
				break
			}
		}
		if !done {
			out = append(out, o)
		}
	}
	return out
}

func (c *Container) passwd(nameOrUID string) []string {
	data, err := c.fs.ReadFile("/etc/passwd")
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

// resolveUser gives the process uid/gid: RunAsUser/RunAsGroup, else the image USER ("name",
// "uid", "uid:gid", "name:group") looked up in the image's /etc/passwd and /etc/group.
func (c *Container) resolveUser() (int, int) {
	uid, gid := 0, 0
	user, group, _ := strings.Cut(c.img.Config.User, ":")
	if user != "" {
		if n, err := strconv.Atoi(user); err == nil {
			uid = n
			if f := c.passwd(user); f != nil {
				gid, _ = strconv.Atoi(f[3])
			} else {
				gid = n
			}
		} else if f := c.passwd(user); f != nil {
			uid, _ = strconv.Atoi(f[2])
			gid, _ = strconv.Atoi(f[3])
		}
	}
	if group != "" {
		if n, err := strconv.Atoi(group); err == nil {
			gid = n
		}
	}
	if c.cfg.RunAsUser != nil {
		uid = int(*c.cfg.RunAsUser)
		if f := c.passwd(strconv.Itoa(uid)); f != nil {
			gid, _ = strconv.Atoi(f[3])
		} else {
			gid = 0
		}
	}
	if c.cfg.RunAsGroup != nil {
		gid = int(*c.cfg.RunAsGroup)
	}
	return uid, gid
}

// system is what the container's processes see.
func (c *Container) system() *shell.System {
	r := c.sb.rt
	release := r.opts.KernelRelease
	if release == "" {
		release = "6.8.0-45-generic"
	}
	kver := r.opts.KernelVersion
	if kver == "" {
		kver = "#45-Ubuntu SMP PREEMPT_DYNAMIC"
	}
	sys := &shell.System{
		FS: c.fs, Net: c.sb.ns, Procs: c.procs, Sched: r.sched, Programs: r.programs,
		Hostname: c.sb.cfg.Hostname, KernelRelease: release, KernelVersion: kver, Machine: "x86_64",
		CPUs: r.opts.NodeCPUs, MemTotal: r.opts.NodeMemory, MemLimit: c.cfg.MemoryLimit,
		Alloc: c.alloc, NotSimulated: c.noteNotSimulated, Resolve: c.resolve,
		DNSServer: r.opts.ClusterDNS, Versions: map[string]string{}, Boot: r.boot, Shared: r.shells,
	}
	if rr, ok := r.opts.Resolver.(ReverseResolver); ok {
		sys.ReverseResolve = rr.LookupAddr
	}
	switch c.img.Base {
	case "busybox", "alpine":
		v := c.img.Version
		if c.img.Base == "alpine" {
			v = alpineBusybox(c.img.Version)
		}
		sys.Versions["busybox"] = v
	case "debian":
		sys.Versions["curl"] = debianCurl(c.img.Version)
	}
	if !c.img.Simulated && c.img.Base == "" {
		sys.Versions["busybox"] = "1.36.1"
	}
	sys.Versions[c.img.Server] = c.img.Version
	return sys
}

// alpineBusybox is the BusyBox version of an Alpine release (Alpine's main/busybox APKBUILD).
func alpineBusybox(v string) string {
	switch {
	case strings.HasPrefix(v, "3.22"), strings.HasPrefix(v, "3.23"), strings.HasPrefix(v, "3.24"):
		return "1.37.0"
	case strings.HasPrefix(v, "3.18"), strings.HasPrefix(v, "3.19"), strings.HasPrefix(v, "3.20"), strings.HasPrefix(v, "3.21"):
		return "1.36.1"
	}
	return "1.35.0"
}

// debianCurl is nginx's Debian base curl version ("" when not known: curl then flags it).
func debianCurl(string) string { return "" }

func (c *Container) noteNotSimulated(reason string) {
	for _, r := range c.notSim {
		if r == reason {
			return
		}
	}
	c.notSim = append(c.notSim, reason)
}

// alloc charges memory; past the limit the kernel OOM-kills the whole container (cgroup v2
// memory.oom.group, which the kubelet sets since 1.28): reason OOMKilled, exit 137.
func (c *Container) alloc(p *proc.Process, delta int64) bool {
	c.mem += delta
	p.Mem += delta
	if c.cfg.MemoryLimit > 0 && c.mem > c.cfg.MemoryLimit {
		c.oom = true
		c.killAll(proc.SIGKILL)
		return false
	}
	return true
}

// resolve resolves a host name from the container: /etc/hosts, then the cluster DNS with the
// resolv.conf search list (ndots:5: names with fewer than 5 dots try the search list first).
func (c *Container) resolve(name string) ([]netip.Addr, string, bool) {
	name = strings.TrimSuffix(name, ".")
	if data, err := c.fs.ReadFile("/etc/hosts"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			for _, h := range f[1:] {
				if h == name {
					if a, err := netip.ParseAddr(f[0]); err == nil && a.Is4() {
						return []netip.Addr{a}, name, true
					}
				}
			}
		}
	}
	r := c.sb.rt
	if r.opts.Resolver == nil {
		return nil, "", false
	}
	var searches []string
	if data, err := c.fs.ReadFile("/etc/resolv.conf"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "search" {
				searches = f[1:]
			}
		}
	}
	try := func(q string) ([]netip.Addr, string, bool) {
		if addrs, ok := r.opts.Resolver.LookupHost(q); ok {
			return addrs, q, true
		}
		return nil, "", false
	}
	if strings.Count(name, ".") < 5 {
		for _, s := range searches {
			if a, q, ok := try(name + "." + s); ok {
				return a, q, ok
			}
		}
	}
	return try(name)
}

// ID is the 64-hex container id.
func (c *Container) ID() string { return c.id }

// Name is the container's name.
func (c *Container) Name() string { return c.cfg.Name }

// Image is the catalogue entry the container runs.
func (c *Container) Image() *images.Image { return c.img }

// Sandbox is the container's sandbox.
func (c *Container) Sandbox() *Sandbox { return c.sb }

// Argv is the process the container runs (entrypoint/cmd composed with command/args).
func (c *Container) Argv() []string { return append([]string(nil), c.argv...) }

// Env is the process environment.
func (c *Container) Env() []string { return append([]string(nil), c.env...) }

func (c *Container) ctx(p *proc.Process, argv []string) *shell.Ctx {
	return &shell.Ctx{P: p, Sys: c.sys, Argv: argv, Env: append([]string(nil), c.env...), Dir: c.dir}
}

// startErrorf builds runc's start failure text as containerd reports it.
func startErrorf(format string, args ...any) *StartError {
	return &StartError{Message: "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: " + fmt.Sprintf(format, args...) + ": unknown"}
}

// lookExec finds argv[0] as runc does (exec.LookPath with the container's PATH).
func (c *Container) lookExec(cc *shell.Ctx, name string) (string, *vfs.Inode, string) {
	p, n, err := cc.LookPath(name)
	if err == nil {
		return p, n, ""
	}
	e := vfs.ErrnoOf(err)
	switch {
	case strings.Contains(name, "/") && e == vfs.ENOENT:
		return "", nil, fmt.Sprintf("exec: %q: stat %s: no such file or directory", name, name)
	case e == vfs.EACCES:
		return "", nil, fmt.Sprintf("exec: %q: permission denied", name)
	}
	return "", nil, fmt.Sprintf("exec: %q: executable file not found in $PATH", name)
}

// Start starts PID 1 and runs the simulation until it blocks or exits. A process that cannot
// start returns *StartError (the container is then exited with reason StartError, exit 128).
func (c *Container) Start() error {
	if c.state != StateCreated {
		return &StartError{Message: fmt.Sprintf("failed to start containerd task %q: cannot start a container that has stopped: unknown", c.id)}
	}
	r := c.sb.rt
	now := r.clk.Now()
	var parent *proc.Process
	p := c.procs.NewProcess(parent, c.argv, now)
	p.UID, p.GID, p.Owner, p.Budget = c.uid, c.gid, c, c.budget
	cc := c.ctx(p, c.argv)
	path, inode, msg := c.lookExec(cc, c.argv[0])
	if msg != "" && !c.img.Simulated {
		// The image's file system is not known: its command is assumed to exist.
		path, inode, msg = c.lookExec(cc, opaquePath)
		c.noteNotSimulated("command " + c.argv[0] + " of an image the catalogue does not know")
	}
	if msg != "" {
		c.state, c.startedAt, c.finishedAt = StateExited, now, now
		c.exitCode, c.reason = 128, "StartError"
		c.message = startErrorf("%s", msg).Message
		p.Exit(128)
		c.procs.Remove(p.PID)
		return &StartError{Message: c.message}
	}
	c.pid1 = p
	c.state, c.startedAt = StateRunning, now
	cc.Stdout = c.log.writer(Stdout)
	cc.Stderr = c.log.writer(Stderr)
	if c.cfg.Stdin {
		c.stdinPipe = r.sched.NewPipe()
		cc.Stdin = c.stdinPipe.Reader()
	}
	cc.TTY = c.cfg.TTY
	p.OnExit(func(p *proc.Process) { c.exited(p) })
	r.sched.Go(p, func(t *proc.Thread) {
		cc.T = t
		code := cc.RunInode(path, inode)
		p.Exit(code)
	})
	r.sched.Run()
	return nil
}

// exited records PID 1's end (called on the exiting thread).
func (c *Container) exited(p *proc.Process) {
	if c.state == StateExited {
		return
	}
	r := c.sb.rt
	c.state = StateExited
	c.finishedAt = r.clk.Now()
	c.exitCode = p.ExitCode()
	switch {
	case c.oom:
		c.reason, c.exitCode = "OOMKilled", 137
	case c.exitCode == 0:
		c.reason = "Completed"
	default:
		c.reason = "Error"
	}
	if c.stopTimer != nil {
		c.stopTimer.Stop()
	}
	c.log.close()
	// The container's other processes die with it (runc kills the cgroup on init exit).
	c.killAll(proc.SIGKILL)
	if c.cfg.OnExit != nil {
		r.clk.At(r.clk.Now(), func() { c.cfg.OnExit(c) })
	}
}

// killAll sends sig to every process of this container.
func (c *Container) killAll(sig int) {
	for _, p := range c.procs.Processes() {
		if p.Owner == c {
			p.Kill(sig)
		}
	}
}

// Status is the container's CRI status now.
func (c *Container) Status() Status {
	return Status{
		ID: c.id, State: c.state, CreatedAt: c.createdAt, StartedAt: c.startedAt, FinishedAt: c.finishedAt,
		ExitCode: c.exitCode, Reason: c.reason, Message: c.message,
		Image: c.cfg.Image, ImageRef: c.img.Ref.Name() + "@" + c.img.Digest,
	}
}

// Logs is the container's log so far.
func (c *Container) Logs() []LogEntry { return c.log.entries() }

// stopSignal is the image's STOPSIGNAL (SIGTERM when unset).
func (c *Container) stopSignal() int {
	if s := c.img.Config.StopSignal; s != "" {
		if n, ok := proc.SignalNumber(strings.ToUpper(s)); ok {
			return n
		}
	}
	return proc.SIGTERM
}

// Stop sends the image's stop signal to PID 1 and SIGKILL after timeout if it is still
// running (StopContainer). It returns at once; OnExit tells when the container has exited.
func (c *Container) Stop(timeout time.Duration) {
	if c.state != StateRunning {
		return
	}
	r := c.sb.rt
	c.pid1.Signal(c.stopSignal())
	r.sched.Run()
	if c.state != StateRunning {
		return
	}
	if c.stopTimer != nil {
		c.stopTimer.Stop()
	}
	c.stopTimer = r.clk.After(timeout, func() {
		if c.state == StateRunning {
			c.killAll(proc.SIGKILL)
			r.sched.Run()
		}
	})
}

// Signal sends sig to PID 1.
func (c *Container) Signal(sig Signal) {
	if c.state != StateRunning {
		return
	}
	c.pid1.Signal(int(sig))
	c.sb.rt.sched.Run()
}

// ReadFile reads a file as the container sees it (termination messages).
func (c *Container) ReadFile(p string) ([]byte, error) { return c.fs.ReadFile(path.Clean("/" + p)) }

// MemoryUsage is the container's current memory use in bytes.
func (c *Container) MemoryUsage() int64 { return c.mem }

// NotSimulated says why the container's behaviour is not simulated ("" when it is).
func (c *Container) NotSimulated() string { return strings.Join(c.notSim, "; ") }

// Diagnostics lists what went wrong in the simulation of this instance (budgets, gaps).
func (c *Container) Diagnostics() []Diagnostic {
	out := append([]Diagnostic(nil), c.diags...)
	for _, n := range c.notSim {
		out = append(out, Diagnostic{Kind: "not-simulated", Message: n})
	}
	return out
}

// FileMode is fs.FileMode, re-exported for kubelet callers building volumes.
type FileMode = fs.FileMode
