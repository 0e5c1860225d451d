package container

import (
	"io/fs"
	"net/netip"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/images"
)

// Runtime is one node's container runtime. Create it with New.
type Runtime struct {
	opts Options
}

// New returns a runtime on opts.Clock.
func New(opts Options) *Runtime { return &Runtime{opts: opts} }

// Clock is the runtime's clock.
func (r *Runtime) Clock() *clock.Clock { return r.opts.Clock }

// Catalog is the image catalogue in use.
func (r *Runtime) Catalog() *images.Catalog { return r.opts.Catalog }

// ImagePresent reports whether image (as written in a Pod spec) is on the node.
func (r *Runtime) ImagePresent(image string) bool { panic("container: not implemented yet") }

// PullImage pulls image (as written in a Pod spec). The image is present from the call on; the
// kubelet reports the pull as finished after PullResult.Duration. Errors are *PullError.
func (r *Runtime) PullImage(image string) (PullResult, error) { panic("container: not implemented yet") }

// RunPodSandbox creates a Pod sandbox: its network namespace (an IP from the Pod CIDR, the
// hostname, /etc/hosts and /etc/resolv.conf) and, with ShareProcessNamespace, the /pause process.
func (r *Runtime) RunPodSandbox(cfg SandboxConfig) (*Sandbox, error) {
	panic("container: not implemented yet")
}

// HTTPGet makes an HTTP/1.1 GET from the node to ip (a Pod IP, or a Service IP through the
// Router) and runs the simulation until it is answered or nothing can run any more.
func (r *Runtime) HTTPGet(ip netip.Addr, req HTTPRequest) HTTPResult {
	panic("container: not implemented yet")
}

// TCPConnect opens and closes a TCP connection from the node (tcpSocket probes). The error
// reads like Go's net.Dial error ("dial tcp 10.244.0.5:6379: connect: connection refused").
func (r *Runtime) TCPConnect(dst netip.AddrPort) error { panic("container: not implemented yet") }

// Close kills every process and releases the goroutines that run them. The runtime is unusable
// afterwards.
func (r *Runtime) Close() {}

// Sandbox is a running Pod sandbox.
type Sandbox struct{}

// ID is the sandbox's 64-hex id.
func (s *Sandbox) ID() string { panic("container: not implemented yet") }

// IP is the Pod IP.
func (s *Sandbox) IP() netip.Addr { panic("container: not implemented yet") }

// Config is the configuration the sandbox was created with.
func (s *Sandbox) Config() SandboxConfig { panic("container: not implemented yet") }

// NewVolume makes an empty volume owned by the sandbox (emptyDir; the kubelet fills
// configMap/secret/downwardAPI/projected volumes with AtomicWrite).
func (s *Sandbox) NewVolume(name string) *Volume { panic("container: not implemented yet") }

// CreateContainer creates a container instance from a present image. Errors are
// *StartError-like CreateContainerError texts (the image is not present, a bad mount).
func (s *Sandbox) CreateContainer(cfg ContainerConfig) (*Container, error) {
	panic("container: not implemented yet")
}

// Containers lists the sandbox's container instances in creation order.
func (s *Sandbox) Containers() []*Container { panic("container: not implemented yet") }

// HTTPGet is Runtime.HTTPGet to the sandbox's IP.
func (s *Sandbox) HTTPGet(req HTTPRequest) HTTPResult { panic("container: not implemented yet") }

// TCPConnect is Runtime.TCPConnect to the sandbox's IP and port.
func (s *Sandbox) TCPConnect(port int) error { panic("container: not implemented yet") }

// Stop kills every container of the sandbox at once (SIGKILL) and tears down its network
// (StopPodSandbox; the kubelet stops containers gracefully first).
func (s *Sandbox) Stop() { panic("container: not implemented yet") }

// Volume is a directory tree that containers of one sandbox mount.
type Volume struct{}

// Name is the volume's name.
func (v *Volume) Name() string { panic("container: not implemented yet") }

// WriteFile writes a file (creating parent directories 0755) in the volume.
func (v *Volume) WriteFile(path string, data []byte, mode fs.FileMode) error {
	panic("container: not implemented yet")
}

// ReadFile reads a file of the volume.
func (v *Volume) ReadFile(path string) ([]byte, error) { panic("container: not implemented yet") }

// VolumeFile is one file of an AtomicWrite payload.
type VolumeFile struct {
	Path string
	Data []byte
	Mode fs.FileMode
}

// AtomicWrite replaces the volume's content the way the kubelet's AtomicWriter does
// (pkg/volume/util/atomic_writer.go): the files go into a new directory
// "..<YYYY_MM_DD_HH_MM_SS.nnnnnnnnn>", the symlink "..data" points to it, and each top-level
// name is a symlink "<name> -> ..data/<name>".
func (v *Volume) AtomicWrite(files []VolumeFile, now time.Time) error {
	panic("container: not implemented yet")
}

// Container is one container instance.
type Container struct{}

// ID is the 64-hex container id.
func (c *Container) ID() string { panic("container: not implemented yet") }

// Name is the container's name.
func (c *Container) Name() string { panic("container: not implemented yet") }

// Image is the catalogue entry the container runs.
func (c *Container) Image() *images.Image { panic("container: not implemented yet") }

// Sandbox is the container's sandbox.
func (c *Container) Sandbox() *Sandbox { panic("container: not implemented yet") }

// Start starts PID 1 and runs the simulation until it blocks or exits. A process that cannot
// start returns *StartError (the container is then exited with reason StartError, exit 128).
func (c *Container) Start() error { panic("container: not implemented yet") }

// Status is the container's CRI status now.
func (c *Container) Status() Status { panic("container: not implemented yet") }

// Logs is the container's log so far.
func (c *Container) Logs() []LogEntry { panic("container: not implemented yet") }

// Stop sends the image's stop signal to PID 1 and SIGKILL after timeout if it is still
// running (StopContainer). It returns at once; OnExit tells when the container has exited.
func (c *Container) Stop(timeout time.Duration) { panic("container: not implemented yet") }

// Signal sends sig to PID 1.
func (c *Container) Signal(sig Signal) { panic("container: not implemented yet") }

// Exec starts argv in the running container as a new process (same file system, network and
// environment as PID 1) and runs the simulation until it blocks or exits. Errors are
// *ExecError.
func (c *Container) Exec(req ExecRequest) (*Process, error) { panic("container: not implemented yet") }

// OpenSession starts argv (usually a shell) with a TTY for line-by-line driving
// (kubectl exec -it … -- sh).
func (c *Container) OpenSession(argv []string) (*Session, error) {
	panic("container: not implemented yet")
}

// Attach connects to PID 1's stdin and TTY (kubectl attach -it, kubectl run -it); the
// container must have Stdin set.
func (c *Container) Attach() (*Session, error) { panic("container: not implemented yet") }

// ReadFile reads a file as the container sees it (termination messages).
func (c *Container) ReadFile(path string) ([]byte, error) { panic("container: not implemented yet") }

// MemoryUsage is the container's current memory use in bytes.
func (c *Container) MemoryUsage() int64 { panic("container: not implemented yet") }

// NotSimulated says why the container's behaviour is not simulated ("" when it is).
func (c *Container) NotSimulated() string { panic("container: not implemented yet") }

// Diagnostics lists what went wrong in the simulation of this instance (budgets, gaps).
func (c *Container) Diagnostics() []Diagnostic { panic("container: not implemented yet") }

// Process is a process started by Exec.
type Process struct{}

// PID is the process's PID in its PID namespace.
func (p *Process) PID() int { panic("container: not implemented yet") }

// Done reports whether the process has exited.
func (p *Process) Done() bool { panic("container: not implemented yet") }

// ExitCode is the exit code once Done.
func (p *Process) ExitCode() int { panic("container: not implemented yet") }

// Output is everything the process wrote, stdout and stderr in write order.
func (p *Process) Output() []byte { panic("container: not implemented yet") }

// OnExit registers fn to be called (from a clock event) when the process exits; if it has
// already exited, fn is scheduled at the current time.
func (p *Process) OnExit(fn func(exitCode int)) { panic("container: not implemented yet") }

// Kill sends SIGKILL to the process.
func (p *Process) Kill() { panic("container: not implemented yet") }

// NotSimulated says why the process's output is not simulated ("" when it is).
func (p *Process) NotSimulated() string { panic("container: not implemented yet") }

// Session is an interactive process with a TTY driven line by line.
type Session struct{}

// Prompt is what the process printed since the last line and is now waiting after (the
// shell's prompt: "/ # ", "# ", "root@web:/# ", or "> " inside an open quote).
func (s *Session) Prompt() string { panic("container: not implemented yet") }

// Line types text and Enter, runs the simulation until the process waits for input again or
// exits, and returns what the terminal showed in between (without the echoed line and
// without the next prompt). exited reports that the process has ended.
func (s *Session) Line(text string) (output []byte, exited bool) {
	panic("container: not implemented yet")
}

// Close sends end-of-file (Ctrl-D) and lets the process end.
func (s *Session) Close() { panic("container: not implemented yet") }

// Process is the session's process.
func (s *Session) Process() *Process { panic("container: not implemented yet") }
