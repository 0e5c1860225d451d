// Package container owns the simulated node's container runtime: what containerd, runc and the
// CNI plugin do for the kubelet. It imports kube/clock, kube/images, kube/shell and its own
// sub-packages (vfs: per-container virtual file systems and shared volumes; netsim: the virtual
// Pod network; proc: the deterministic green-thread scheduler and process table; servers: the
// behaviour models of nginx, httpd, redis, agnhost, …). It never starts a host program, never
// opens a host file and never opens a network connection.
//
// # Model
//
// A [Runtime] is one node's runtime. The kubelet drives it the way it drives CRI:
//
//	rt := container.New(container.Options{Clock: clk})
//	res, err := rt.PullImage("nginx")                 // *PullError: ErrImagePull / InvalidImageName text
//	sb, _ := rt.RunPodSandbox(container.SandboxConfig{UID: uid, Namespace: "default", Name: "web", Hostname: "web"})
//	vol := sb.NewVolume("cache")                      // emptyDir; configMap/secret: vol.AtomicWrite(...)
//	c, err := sb.CreateContainer(container.ContainerConfig{Name: "app", Image: "nginx", ...,
//	        OnExit: func(c *container.Container) { … }})
//	err = c.Start()                                   // *StartError: StartError reason, exit 128, message
//	c.Status(); c.Logs(); c.Exec(...); c.Stop(30*time.Second); sb.HTTPGet(...)
//
// Every container process runs as a green thread on the shared virtual clock: it runs until it
// blocks (sleep, accept, a read with no data, waiting for a child) and then hands control back.
// Only one thread runs at a time and threads are scheduled in FIFO order, so the same inputs give
// the same history. Calls into the Runtime must come from one goroutine (the simulation's), like
// calls into the [clock.Clock]. Methods that start or wake processes (Start, Exec, Signal, Stop,
// HTTPGet, TCPConnect, Session.Line) return once every thread they made runnable has blocked or
// ended ("quiescence"); timers they leave behind fire from clock events.
//
// Callbacks (ContainerConfig.OnExit, Process.OnExit) are never called re-entrantly: they are
// scheduled as clock events at the instant the process ended, so they run on the next
// clock.AdvanceTo (or right after the current event if the clock is already running events).
//
// # Images
//
// Images come from the catalogue in kube/images. A repository the catalogue knows with a tag it
// knows not to exist fails to pull with containerd's NotFound text; an invalid reference fails
// with the kubelet's InvalidImageName text. A repository the catalogue has never heard of is
// assumed to exist and to run: its container is Running, its PID 1 is an opaque process that
// listens on the declared container ports, dies on SIGTERM (143) and SIGKILL (137), and every
// output that depends on what it does (logs, exec, HTTP answers) carries a NotSimulated note
// ([Container.NotSimulated], [Process.NotSimulated], [HTTPResult.NotSimulated]) so that a
// checker never calls it stale.
//
// # Commands
//
// The process is composed like containerd's CRI plugin (internal/cri/opts/spec_opts.go
// WithProcessArgs, moby daemon/commit.go): command replaces ENTRYPOINT, args replaces CMD, args
// alone keeps ENTRYPOINT, command alone drops CMD. The environment is HOSTNAME, the image's ENV,
// then the container's env in order (later names replace earlier ones in place), plus HOME from
// the image user's passwd entry when not set. The working directory is the container's, else the
// image's, else "/".
//
// # Termination
//
// Exit code 0 → reason Completed, non-zero → Error, killed by the memory limit → OOMKilled (exit
// 137), start failure → StartError (exit 128) (containerd internal/cri/server/helpers.go). A
// process killed by signal N exits 128+N. Stop sends the image's STOPSIGNAL (SIGTERM when unset;
// nginx SIGQUIT, httpd SIGWINCH) and SIGKILL after the timeout. A shell as PID 1 ignores signals
// it has no trap for (the kernel does not apply default actions to a PID namespace's init), so
// `sh -c 'sleep infinity'` takes the full grace period and exits 137.
//
// # API
//
//	New(Options) *Runtime
//	(*Runtime) Clock, Catalog, ImagePresent(image) bool, PullImage(image) (PullResult, error /* *PullError */),
//	           RunPodSandbox(SandboxConfig) (*Sandbox, error), HTTPGet(ip, HTTPRequest) HTTPResult,
//	           TCPConnect(netip.AddrPort) error, Close()
//	(*Sandbox) ID, IP, Config, NewVolume(name) *Volume, CreateContainer(ContainerConfig) (*Container,
//	           error /* *CreateError */), Containers, HTTPGet(HTTPRequest) HTTPResult, TCPConnect(port) error, Stop()
//	(*Volume)  Name, WriteFile(path, data, mode), ReadFile(path), AtomicWrite([]VolumeFile, now)
//	(*Container) ID, Name, Image, Sandbox, Argv, Env, Start() error /* *StartError */, Status() Status,
//	           Logs() []LogEntry, Stop(timeout), Signal(Signal), Exec(ExecRequest) (*Process, error /* *ExecError */),
//	           OpenSession(argv) (*Session, error), Attach() (*Session, error), ReadFile(path),
//	           MemoryUsage, NotSimulated() string, Diagnostics() []Diagnostic
//	(*Process) PID, Done, ExitCode, Output, OnExit(func(int)), Kill, NotSimulated
//	(*Session) Prompt() string, Line(text) (output []byte, exited bool), Close(), Process()
//
// Exec failures carry containerd/runc's text (`OCI runtime exec failed: exec failed: unable
// to start container process: exec: "foo": executable file not found in $PATH: unknown`);
// start failures `failed to create containerd task: failed to create shim task: OCI runtime
// create failed: runc create failed: unable to start container process: error during
// container init: exec: "foo": executable file not found in $PATH: unknown`; pull failures
// the kubelet's InvalidImageName text or containerd's NotFound text (kube/images).
//
// Log lines whose text was not checked against the real program carry
// LogEntry.Unverified; a checker must treat them as not simulated, as it must every output of
// a Container, Process or HTTPResult with a NotSimulated reason.
//
// # Budgets
//
// A container instance may run at most Budget.Steps shell statements and applet calls, and write
// at most Budget.Output bytes, within one virtual instant (and its PID namespace holds at most
// shell.DefaultMaxProcs processes: a fork past it fails like under a pids limit). Past that it is treated as spinning
// forever (a real busy loop keeps the container Running): its threads stop, output stops, and
// [Container.Diagnostics] explains what happened (`while true; do :; done` → "busy loop: … steps
// without the virtual clock advancing").
package container
