package kubelet

import (
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/docbuild/docbuild/kube/clock"
)

// containerState mirrors kubecontainer.State (pkg/kubelet/container/runtime.go).
type containerState int

const (
	stateCreated containerState = iota
	stateRunning
	stateExited
	stateUnknown
)

// ctr is one container instance as the runtime reports it (kubecontainer.Status): the
// kubelet's view of the CRI ListContainers/ContainerStatus answers.
type ctr struct {
	seq     int    // creation order, breaks ties of equal CreatedAt
	rawID   string // runtime ID
	id      string // cached ID()
	Name    string
	Init    bool // an init container (restartable or not)
	Attempt int  // the container's restart count, the CRI metadata attempt
	// Image is the spec image it was created from; ImageID the resolved image.
	Image   string
	ImageID string
	State   containerState

	CreatedAt, StartedAt, FinishedAt time.Time
	ExitCode                         int
	Reason, Message                  string

	// killRequested is set while the kubelet is stopping it; waiters run at its exit.
	killRequested bool
	exitWaiters   []func()
}

// ID is the container ID the API shows ("containerd://…").
func (c *ctr) ID() string {
	if c.rawID == "" {
		return ""
	}
	if c.id == "" {
		c.id = runtimeName + "://" + c.rawID
	}
	return c.id
}

// runtimeName is the CRI runtime the simulated node reports (containerd).
const runtimeName = "containerd"

type sandboxState struct {
	ID      string
	IP      string
	Ready   bool
	Attempt uint32
}

// reasonEntry is one entry of the kubelet's reason cache (pkg/kubelet/reason_cache.go): why
// the last attempt to start a container failed.
type reasonEntry struct {
	Err     string // the waiting reason: CrashLoopBackOff, ErrImagePull, …
	Message string
}

// workerPhase is the pod worker's state (pkg/kubelet/pod_workers.go podSyncStatus).
type workerPhase int

const (
	phaseSyncing workerPhase = iota
	phaseTerminating
	phaseTerminated
	phaseGone
)

// podState is everything the kubelet knows about one Pod.
type podState struct {
	// pod is the kubelet's Pod: its top-level fields are the kubelet's own. Its status is
	// private while status is nil (the kubelet may change it in place before its first
	// status); once status is set, pod.Status is only read, and may share its slices and
	// pointers with the API server's stored object (HandlePod, sendStatus).
	pod *v1.Pod
	// desc is podDesc(pod), made on first use (descOf).
	desc string

	sandboxes []*sandboxState // newest last
	ctrs      []*ctr          // every instance, in creation order
	reasons   map[string]reasonEntry

	// status manager cache (pkg/kubelet/status/status_manager.go podStatuses).
	status       *v1.PodStatus
	statusQueued bool

	// pod worker.
	phase          workerPhase
	working        bool
	pending        bool
	generation     int // bumped when a running sync must be abandoned
	requeue        *clock.Timer
	requeueAt      time.Time
	relistAt       time.Time
	gracePeriod    int64
	terminalStatus bool // the last sync reported a terminal phase
	deleteSent     bool // the final API deletion was requested
	apiGone        bool // the API object is gone (DELETED seen)

	probes []*probeWorker

	backoffKeys map[string]string
	statusSeq   uint64 // bumped whenever the cached status changes
	statusFP    uint64 // statusFingerprint after the last generated status
}

func (p *podState) sandbox() *sandboxState {
	if len(p.sandboxes) == 0 {
		return nil
	}
	return p.sandboxes[len(p.sandboxes)-1]
}

// podIPs are the IPs the runtime reports: those of the newest sandbox while it is ready
// (pkg/kubelet/kuberuntime/kuberuntime_manager.go GetPodStatus).
func (p *podState) podIPs() []string {
	if s := p.sandbox(); s != nil && s.Ready && s.IP != "" {
		return []string{s.IP}
	}
	return nil
}

// newestFirst is podStatus.ContainerStatuses: every instance, newest first
// (kubecontainer.SortContainerStatusesByCreationTime, reversed).
func (p *podState) newestFirst() []*ctr { return p.newestFirstInto(nil) }

// newestFirstInto is newestFirst appending to buf (a stable insertion sort: a Pod has a
// handful of instances).
func (p *podState) newestFirstInto(buf []*ctr) []*ctr {
	out := append(buf[:0], p.ctrs...)
	newer := func(a, b *ctr) bool {
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.After(b.CreatedAt)
		}
		return a.seq > b.seq
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && newer(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// find is podStatus.FindContainerStatusByName: the newest instance of name.
func (p *podState) find(name string) *ctr {
	var best *ctr
	for _, c := range p.ctrs {
		if c.Name == name && (best == nil || c.seq > best.seq) {
			best = c
		}
	}
	return best
}

// findActive is FindActiveContainerStatusByName: the newest instance of name created in the
// current sandbox. The simulated node keeps one sandbox per Pod, so every instance is active
// unless the sandbox was recreated.
func (p *podState) findActive(name string) *ctr {
	s := p.sandbox()
	if s == nil {
		return nil
	}
	return p.find(name)
}

func (p *podState) running() []*ctr {
	var out []*ctr
	for _, c := range p.ctrs {
		if c.State == stateRunning || c.State == stateCreated {
			out = append(out, c)
		}
	}
	return out
}
