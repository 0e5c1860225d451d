package kubelet

import (
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// API is what the kubelet needs from the API server. kube/cluster adapts *apiserver.Server to
// it; tests use a double. Errors for missing objects must satisfy apierrors.IsNotFound and
// carry the real server's text.
type API interface {
	// UpdatePodStatus stores pod.Status through the status subresource and returns the
	// stored Pod. pod is only read during the call (the kubelet reuses it); the kubelet only
	// reads the result (it copies the status it keeps).
	UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error)
	// DeletePod finishes a graceful deletion once the kubelet has stopped every container:
	// a delete with grace period 0 and a UID precondition (pkg/kubelet/status/
	// status_manager.go syncPod, canBeDeleted).
	DeletePod(namespace, name string, uid types.UID) error
	// RecordEvent records an event about ref reported by the kubelet of this node (source
	// component "kubelet", host = node name); the server aggregates repeats.
	RecordEvent(ref *v1.ObjectReference, source v1.EventSource, eventType, reason, message string)
	GetConfigMap(namespace, name string) (*v1.ConfigMap, error)
	GetSecret(namespace, name string) (*v1.Secret, error)
	// ListServices lists the Services of every namespace (for the service-link variables).
	ListServices() ([]*v1.Service, error)
	// RegisterNode creates (or replaces) the Node object.
	RegisterNode(node *v1.Node) error
}

// Runtime is the container runtime the kubelet drives: the simulator's CRI (containerd's
// image and runtime services). Every call returns at once; what takes time on a real node is
// either timed by the kubelet itself (pulls, creation, start: see kube/cluster/timing) or
// reported later through a callback scheduled on the shared virtual clock (container exits,
// exec results, probe answers). kube/cluster adapts the kube/container runtime to it.
type Runtime interface {
	// ResolveImage looks image up in its registry (the image catalogue): its reference
	// (ImageID, "docker.io/library/nginx@sha256:…"), its repo digest and size. The error's
	// text is what containerd returns for a failed pull (it becomes the Failed event and the
	// ErrImagePull message).
	ResolveImage(image string) (ImageInfo, error)
	// RunPodSandbox creates the Pod's sandbox (network namespace, IP, shared volumes).
	RunPodSandbox(cfg *SandboxConfig) (Sandbox, error)
	// StopPodSandbox tears the sandbox down (its IP is released).
	StopPodSandbox(sandboxID string)
	// CreateContainer creates (does not start) a container in the sandbox.
	CreateContainer(sandboxID string, cfg *ContainerConfig) (containerID string, err error)
	// StartContainer starts a created container. exited is called once, on the clock, when
	// its main process ends. An error means the process could not be started (containerd's
	// StartError); exited is then never called.
	StartContainer(containerID string, exited func(ExitStatus)) error
	// StopContainer asks the container to stop: the image's stop signal (SIGTERM unless the
	// image says otherwise), then SIGKILL after timeout. The exit is reported through the
	// exited callback of StartContainer.
	StopContainer(containerID string, timeout time.Duration)
	// ExecSync runs cmd in a running container (exec probes, exec lifecycle hooks); done is
	// called on the clock when it ends or when timeout (if > 0) expires.
	ExecSync(containerID string, cmd []string, timeout time.Duration, done func(ExecResult))
	// HTTPGet sends one HTTP request from the node into the Pod's network (httpGet probes and
	// hooks); done is called on the clock.
	HTTPGet(sandboxID string, req HTTPRequest, timeout time.Duration, done func(HTTPResponse))
	// TCPConnect opens (and closes) a TCP connection from the node (tcpSocket probes).
	TCPConnect(sandboxID, host string, port int, timeout time.Duration, done func(error))
	// ReadFile reads a file of a container's file system (termination messages); the
	// container may have exited.
	ReadFile(containerID, path string) ([]byte, error)
	// LogTail returns the last lines of a container's log (terminationMessagePolicy
	// FallbackToLogsOnError).
	LogTail(containerID string, lines int) []byte
	// ContainerUser is the identity the container's process runs as, as the runtime reports
	// it (status.containerStatuses[].user, SupplementalGroupsPolicy GA in 1.35); nil when
	// unknown.
	ContainerUser(containerID string) *v1.ContainerUser
}

// ImageInfo describes a resolved image.
type ImageInfo struct {
	// ID is the image ID the status shows as imageID ("docker.io/library/nginx@sha256:…").
	ID string
	// Size is the image size containerd reports (Pulled event "Image size: N bytes.").
	Size int64
}

// SandboxConfig is what RunPodSandbox needs.
type SandboxConfig struct {
	Pod      *v1.Pod
	Hostname string
	Attempt  uint32
	// Volumes are the Pod's materialised volumes, shared by every container that mounts them.
	Volumes []Volume
}

// Sandbox is a created sandbox.
type Sandbox struct {
	ID string
	IP string
}

// Volume is one Pod volume as the kubelet's volume manager prepares it on the host.
type Volume struct {
	Name string
	// EmptyDir volumes start empty and are writable; other kinds are filled with Files.
	EmptyDir bool
	// Medium is the emptyDir medium ("" or "Memory").
	Medium string
	// Files are the files of configMap, secret, downwardAPI and projected volumes, by path
	// relative to the volume root, sorted.
	Files []File
	// Unsupported names a volume type the simulator does not model (hostPath, PVCs…): it is
	// mounted as an empty directory and the runtime may report outputs depending on it as not
	// simulated.
	Unsupported string
}

// File is a file of a volume.
type File struct {
	Path string
	Data []byte
	Mode int32
}

// ContainerConfig is the CRI ContainerConfig the kubelet generates
// (pkg/kubelet/kuberuntime/kuberuntime_container.go generateContainerConfig).
type ContainerConfig struct {
	Name    string
	Attempt int
	// Image is the image as written in the spec; ImageID the resolved image.
	Image   string
	ImageID string
	// Command and Args are the spec's, with $(VAR) references expanded; the runtime combines
	// them with the image's entrypoint and cmd as containerd does.
	Command    []string
	Args       []string
	WorkingDir string
	// Env is the resolved environment, sorted by name.
	Env    []EnvVar
	Mounts []Mount
	// Stdin, StdinOnce and TTY are the container's console settings.
	Stdin, StdinOnce, TTY bool
	// MemoryLimit is the cgroup memory limit in bytes (0: none); exceeding it is OOMKilled.
	MemoryLimit int64
	// CPULimitMilli is the CPU limit in millicores (0: none).
	CPULimitMilli int64
	// TerminationMessagePath is where the process may write its termination message.
	TerminationMessagePath string
	Ports                  []v1.ContainerPort
	// Restartable marks a sidecar (restartable init container).
	Init, Restartable bool
}

// EnvVar is one environment variable.
type EnvVar struct{ Name, Value string }

// Mount mounts a Pod volume into a container.
type Mount struct {
	Volume        string
	ContainerPath string
	SubPath       string
	ReadOnly      bool
}

// ExitStatus is how a container's main process ended.
type ExitStatus struct {
	ExitCode int
	// Reason is the runtime's reason ("Completed", "Error", "OOMKilled"); empty means derive
	// it from ExitCode and OOMKilled as containerd does.
	Reason string
	// OOMKilled: the kernel killed the process for exceeding its memory limit.
	OOMKilled bool
}

// ExecResult is the outcome of ExecSync.
type ExecResult struct {
	Stdout, Stderr []byte
	ExitCode       int
	TimedOut       bool
	// Err is set when the command could not be run at all (container not running, binary
	// not found → OCI runtime exec failed text).
	Err error
}

// HTTPRequest is an httpGet probe or hook request.
type HTTPRequest struct {
	Scheme  string
	Host    string
	Port    int
	Path    string
	Headers []v1.HTTPHeader
}

// HTTPResponse is the answer; Err is the Go net/http client error text when there was none
// (`Get "http://10.244.0.5:8080/healthz": dial tcp 10.244.0.5:8080: connect: connection
// refused`).
type HTTPResponse struct {
	StatusCode int
	Body       []byte
	Err        error
}
