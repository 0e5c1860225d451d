package container

import (
	"io"
	"net/netip"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/images"
)

// Options configure a Runtime. Zero values take the documented defaults.
type Options struct {
	// Clock is the simulation's clock (required).
	Clock *clock.Clock
	// Catalog is the image catalogue; nil means images.Default(), the embedded catalogue,
	// parsed once per process and shared (it is immutable).
	Catalog *images.Catalog
	// NodeName is the node's name (used in nothing the containers see; kept for diagnostics).
	NodeName string
	// PodCIDR is where Pod IPs come from, in order, starting at the third address
	// (10.244.0.0/24 → 10.244.0.2, .3, …). Default 10.244.0.0/24 (minikube, kubeadm+flannel).
	PodCIDR netip.Prefix
	// NodeIP is the node's address: the source of kubelet probes and host-side connections.
	// Default 192.168.49.2 (minikube).
	NodeIP netip.Addr
	// ClusterDNS and ClusterDomain fill /etc/resolv.conf when a sandbox gives no DNS config.
	// Defaults 10.96.0.10 and cluster.local.
	ClusterDNS    netip.Addr
	ClusterDomain string
	// Resolver answers DNS questions about cluster names (Services); nil knows none.
	Resolver Resolver
	// Router sends connections addressed to a Service's virtual IP to an endpoint; nil routes
	// nothing (a connection to an unknown address times out like an unroutable one).
	Router Router
	// Budget limits runaway processes; zero fields take DefaultSteps and DefaultOutput.
	Budget Budget
	// PreloadedImages are present on the node before anything is pulled.
	PreloadedImages []string
	// Seed seeds the generator of container and sandbox IDs (deterministic).
	Seed int64
	// PullBandwidth (bytes per virtual second) and PullLatency give an image pull's duration:
	// PullLatency + size/PullBandwidth. Defaults 25 MB/s and 800ms.
	PullBandwidth int64
	PullLatency   time.Duration
	// NodeCPUs and NodeMemory are the node's (nproc, free, nginx's worker count). Defaults 2
	// and 8 GiB.
	NodeCPUs   int
	NodeMemory int64
	// KernelRelease and KernelVersion are what uname -r/-v print (flagged as not simulated:
	// they are the node's). Defaults "6.8.0-45-generic" and "#45-Ubuntu SMP PREEMPT_DYNAMIC".
	KernelRelease, KernelVersion string
}

// Budget limits what a container instance may do within one virtual instant.
type Budget struct {
	// Steps is the number of shell statements and applet calls (default DefaultSteps).
	Steps int
	// Output is the number of bytes written to the container log (default DefaultOutput).
	Output int
}

// Budget defaults.
const (
	DefaultSteps  = 200000
	DefaultOutput = 1 << 20
)

// Resolver resolves cluster DNS names for the Pods' resolvers (nslookup, wget, curl, nc).
type Resolver interface {
	// LookupHost resolves name (already expanded with the search list by the caller, e.g.
	// "myservice.default.svc.cluster.local") as CoreDNS would. ok is false for NXDOMAIN.
	LookupHost(name string) (addrs []netip.Addr, ok bool)
}

// ReverseResolver is an optional Resolver extension: the PTR name of an address
// ("kube-dns.kube-system.svc.cluster.local" for 10.96.0.10), used by old busybox nslookup.
type ReverseResolver interface {
	LookupAddr(ip netip.Addr) (name string, ok bool)
}

// Router is kube-proxy: it maps a connection to a Service virtual IP and port to one endpoint.
type Router interface {
	// Route returns the endpoint for dst; ok is false when dst is not a Service address. A
	// Service with no ready endpoints returns ok=true and an invalid AddrPort (the connection
	// is refused, as iptables REJECT does).
	Route(dst netip.AddrPort) (endpoint netip.AddrPort, ok bool)
}

// PullResult is what a successful pull reports.
type PullResult struct {
	// Image is the catalogue entry (Simulated=false for images the catalogue does not know).
	Image *images.Image
	// Ref is the fully qualified reference pulled ("docker.io/library/nginx:latest").
	Ref string
	// ImageRef is what the kubelet stores as containerStatuses[].imageID
	// ("docker.io/library/nginx@sha256:…").
	ImageRef string
	// Size is the image size in bytes (the kubelet's "Image size: N bytes.").
	Size int64
	// Duration is how long the pull takes on the virtual clock.
	Duration time.Duration
	// AlreadyPresent reports that the image was on the node before this call.
	AlreadyPresent bool
}

// PullError is a failed pull. Reason is the kubelet's waiting reason for it ("ErrImagePull" or
// "InvalidImageName"); Message is the text after `Failed to pull image "x": ` in the event (for
// ErrImagePull) or the whole event/waiting message (for InvalidImageName).
type PullError struct {
	Reason  string
	Message string
}

func (e *PullError) Error() string { return e.Message }

// SandboxConfig describes a Pod sandbox (RunPodSandbox).
type SandboxConfig struct {
	UID, Namespace, Name string
	// Hostname is what `hostname` prints and HOSTNAME holds (the Pod name, or spec.hostname).
	Hostname string
	// Subdomain, when set, adds "<hostname>.<subdomain>.<ns>.svc.<domain>" to /etc/hosts.
	Subdomain string
	// DNS is the resolver configuration the kubelet computed (dnsPolicy); zero → ClusterFirst
	// with the runtime's ClusterDNS: search <ns>.svc.<domain> svc.<domain> <domain>, ndots:5.
	DNS DNSConfig
	// ShareProcessNamespace puts every container in one PID namespace whose PID 1 is /pause.
	ShareProcessNamespace bool
	// HostAliases are extra /etc/hosts entries.
	HostAliases []HostAlias
}

// DNSConfig is the content of /etc/resolv.conf.
type DNSConfig struct {
	Servers, Searches, Options []string
}

// HostAlias is one spec.hostAliases entry.
type HostAlias struct {
	IP        string
	Hostnames []string
}

// EnvVar is one resolved environment variable.
type EnvVar struct{ Name, Value string }

// Mount mounts a volume (or a sub-path of it) into a container.
type Mount struct {
	// Volume is a volume made by Sandbox.NewVolume.
	Volume *Volume
	// Path is the mount point in the container; SubPath a path inside the volume.
	Path, SubPath string
	ReadOnly      bool
}

// ContainerConfig describes one container instance (CreateContainer). Every restart is a new
// instance with a fresh root file system from the image; volumes persist.
type ContainerConfig struct {
	Name string
	// Image is the spec's image string; it must be present (PullImage) on the node.
	Image string
	// Command and Args are the spec's, after the kubelet's $(VAR) expansion; nil means unset.
	Command, Args []string
	WorkingDir    string
	// Env is the resolved environment in the kubelet's order (env, envFrom, service links).
	Env    []EnvVar
	Mounts []Mount
	// Stdin, StdinOnce and TTY are the spec's fields (kubectl attach, `kubectl run -it`).
	Stdin, StdinOnce, TTY bool
	// TerminationMessagePath is where the container may write its termination message
	// (default /dev/termination-log; the file exists and is empty at start).
	TerminationMessagePath string
	// RunAsUser / RunAsGroup override the image's USER when set.
	RunAsUser, RunAsGroup *int64
	// Privileged and the added/dropped capabilities shape /proc/<pid>/status Cap* lines.
	Privileged       bool
	CapAdd, CapDrop  []string
	MemoryLimit      int64 // bytes; 0 = unlimited (OOMKilled when a process goes past it)
	CPULimitMillis   int64
	MemoryRequest    int64
	CPURequestMillis int64
	// TargetContainer, for an ephemeral container, names the container whose PID namespace it
	// joins (kubectl debug --target).
	TargetContainer string
	// Ports are the declared container ports (an unsimulated image listens on them).
	Ports []int
	// OnExit is called (from a clock event at the exit instant) when PID 1 has exited. It is
	// not called when Start fails (Start's error says so synchronously).
	OnExit func(*Container)
}

// CreateError is a container that could not be created (the kubelet's CreateContainerError
// reason; its event reads `Error: <message>`).
type CreateError struct{ Message string }

func (e *CreateError) Error() string { return e.Message }

// State is a container instance's CRI state.
type State int

const (
	StateCreated State = iota
	StateRunning
	StateExited
)

func (s State) String() string {
	switch s {
	case StateCreated:
		return "CONTAINER_CREATED"
	case StateRunning:
		return "CONTAINER_RUNNING"
	case StateExited:
		return "CONTAINER_EXITED"
	}
	return "CONTAINER_UNKNOWN"
}

// Status is a container instance's status as the CRI ContainerStatus reports it.
type Status struct {
	// ID is the 64-hex container id; the kubelet shows "containerd://" + ID.
	ID    string
	State State
	// CreatedAt, StartedAt and FinishedAt are zero until they happened.
	CreatedAt, StartedAt, FinishedAt time.Time
	ExitCode                         int
	// Reason is "Completed", "Error", "OOMKilled" or "StartError" once exited.
	Reason string
	// Message is the start error message for StartError (the termination message is read by
	// the kubelet itself with ReadFile / Logs, per terminationMessagePolicy).
	Message string
	// Image is the image as given; ImageRef its digest reference.
	Image, ImageRef string
}

// Stream names a log stream.
type Stream int

const (
	Stdout Stream = iota
	Stderr
)

func (s Stream) String() string {
	if s == Stderr {
		return "stderr"
	}
	return "stdout"
}

// LogEntry is one line of a container log as the CRI logger stores it: the time it was
// written, its stream, and its bytes including the final newline; Partial marks a line that
// was not ended with a newline when the log was read or the process ended.
type LogEntry struct {
	Time    time.Time
	Stream  Stream
	Data    []byte
	Partial bool
	// Unverified marks a line whose text was not checked against the real program (build
	// details, version-specific notices): a checker must not call it stale.
	Unverified bool
}

// Signal is a Linux signal number.
type Signal int

// Signal numbers (x86-64 Linux).
const (
	SIGHUP   Signal = 1
	SIGINT   Signal = 2
	SIGQUIT  Signal = 3
	SIGKILL  Signal = 9
	SIGUSR1  Signal = 10
	SIGUSR2  Signal = 12
	SIGPIPE  Signal = 13
	SIGALRM  Signal = 14
	SIGTERM  Signal = 15
	SIGCHLD  Signal = 17
	SIGCONT  Signal = 18
	SIGSTOP  Signal = 19
	SIGWINCH Signal = 28
)

// ExecRequest is one exec (kubectl exec, exec probes, lifecycle hooks).
type ExecRequest struct {
	Argv []string
	// Stdin is read by the process; nil means no stdin (reads see EOF).
	Stdin io.Reader
	// TTY merges stderr into stdout and makes interactive shells print their prompts.
	TTY bool
	// Stdout and Stderr receive the output; nil discards it (Process.Output still has it).
	Stdout, Stderr io.Writer
}

// ExecError is an exec that could not start (the binary does not exist, the container is not
// running). Message is the runtime's text; ExitCode what the CRI reports for it.
type ExecError struct {
	Message  string
	ExitCode int
}

func (e *ExecError) Error() string { return e.Message }

// StartError is a container that could not start: the kubelet records reason StartError, exit
// code 128 and this message (event `Error: <message>`).
type StartError struct{ Message string }

func (e *StartError) Error() string { return e.Message }

// Diagnostic is something the simulator could not do faithfully for a container instance.
type Diagnostic struct {
	Time time.Time
	// Kind is "step-budget", "output-budget" or "not-simulated".
	Kind    string
	Message string
}

// HTTPRequest is a request made from the node (kubelet httpGet probes, host-side clients) to a
// Pod.
type HTTPRequest struct {
	Scheme string // "HTTP" (HTTPS is answered as not simulated)
	Host   string // Host header; default the Pod IP
	Port   int
	Path   string
	Header [][2]string
	// UserAgent defaults to "kube-probe/1.37".
	UserAgent string
}

// HTTPResult is the answer to an HTTPRequest. Err is set, with Go's net/http client text
// ("dial tcp 10.244.0.5:80: connect: connection refused"), when no answer came.
type HTTPResult struct {
	StatusCode   int
	Status       string // "404 Not Found"
	Header       [][2]string
	Body         []byte
	Err          error
	NotSimulated string
}
