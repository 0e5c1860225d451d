// Package kubelet owns the simulated node agent: the pod workers that drive each Pod bound to
// the node through its lifecycle on the virtual clock — sandbox, image pulls with their
// back-off, init containers, sidecars, containers, restart policies and the crash-loop
// back-off, probes, lifecycle hooks, graceful termination and the final API deletion — and
// the Pod status the kubelet writes (phase, conditions, container states, restart counts,
// IPs, QoS class), the events it records, and the lookups kubectl's logs/exec/attach need.
//
// The code follows the structure of the real kubelet so that the printed results emerge from
// the same algorithms: a sync generates the status first (generateAPIPodStatus, from the
// runtime's container records and the reason cache), then computes and executes the pod's
// actions (computePodActions, SyncPod); container exits are noticed by the PLEG's 1 s relist;
// failed syncs are requeued at the back-off expiry. Each ported function names its source in
// k8s.io/kubernetes v1.37.2 (pkg/kubelet/...). What takes time on a real node is timed with
// kube/cluster/timing.
//
// It imports k8s.io/api, k8s.io/apimachinery, k8s.io/kubectl (qos, fieldpath, resource
// helpers), kube/clock, kube/k8sversion and kube/cluster/timing. It talks to the API server
// and the container runtime only through the API and Runtime interfaces defined here.
package kubelet

import (
	"fmt"
	"reflect"
	"sort"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/cluster/timing"
	"github.com/docbuild/docbuild/kube/k8sversion"
)

// Options configure a Kubelet.
type Options struct {
	// NodeName is the node's name (the checker passes the transcript prompt's host).
	NodeName string
	// NodeIP is the node's InternalIP, the Pods' hostIP.
	NodeIP string
	// Version is the modelled release (default 1.37).
	Version *k8sversion.Version
	// Durations are the timings (default timing.Default()).
	Durations *timing.Durations
	// Node describes the node the kubelet registers.
	Node NodeConfig
	// PreloadedImages are image references present on the node before any Pod (e.g. the
	// pause image); "nginx" means docker.io/library/nginx:latest.
	PreloadedImages []string
}

// Kubelet is the simulated kubelet of one node.
type Kubelet struct {
	clk     *clock.Clock
	api     API
	rt      Runtime
	opts    Options
	version *k8sversion.Version
	d       timing.Durations
	base    time.Time // origin of the 1 s sync-loop/PLEG tick grid

	pods  map[types.UID]*podState
	order []types.UID // pods in arrival order, for deterministic iteration

	crashBackoff *backoff
	imageBackoff *backoff
	images       map[string]ImageInfo // present images, by normalised reference
	prevPullErr  map[string]string
	parsed       map[string]parsedImage
	pullFreeAt   time.Time // the serial image puller is busy until then
	seq          int
	statusReq    v1.Pod // sendStatus's request, reused
}

// New returns a kubelet standing at clk.Now(); call Register to create its Node.
func New(clk *clock.Clock, api API, rt Runtime, opts Options) *Kubelet {
	if opts.Version == nil {
		opts.Version = k8sversion.MustGet(k8sversion.Default)
	}
	d := timing.Default()
	if opts.Durations != nil {
		d = *opts.Durations
	}
	kl := &Kubelet{
		clk: clk, api: api, rt: rt, opts: opts, version: opts.Version, d: d,
		base:        clk.Now(),
		pods:        map[types.UID]*podState{},
		images:      map[string]ImageInfo{},
		prevPullErr: map[string]string{},
		parsed:      map[string]parsedImage{},
	}
	// k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet.go NewMainKubelet: crash-loop back-off
	// with the 600 s reset rule; image pull back-off with the default 2×max rule.
	kl.crashBackoff = newBackoff(clk.Now, kl.version.CrashLoopInitial, kl.version.CrashLoopMax)
	reset := kl.version.CrashLoopReset
	kl.crashBackoff.hasExpired = func(eventTime, lastUpdate time.Time, _ time.Duration) bool {
		return eventTime.Sub(lastUpdate) > reset
	}
	kl.imageBackoff = newBackoff(clk.Now, kl.version.ImageBackOffPeriod, kl.version.ImageBackOffMax)
	for _, img := range opts.PreloadedImages {
		if info, err := rt.ResolveImage(img); err == nil {
			kl.images[kl.normalizeImage(img)] = info
		}
	}
	return kl
}

// NodeName is the node this kubelet runs.
func (kl *Kubelet) NodeName() string { return kl.opts.NodeName }

// WatchKind is the kind of change HandlePod reports.
type WatchKind int

const (
	// PodAdded and PodModified carry the Pod as stored; PodDeleted the last stored Pod.
	PodAdded WatchKind = iota
	PodModified
	PodDeleted
)

// HandlePod feeds the kubelet's pod config from the API server's watch: call it for every
// committed change of a Pod (the kubelet ignores Pods bound to other nodes). The kubelet keeps
// pod and sets its top-level fields; what pod's status points to may be shared with the API
// server's store (the kubelet copies it before it could change it, see podState.pod). It only
// schedules work on the clock, so it is safe inside a watch callback.
func (kl *Kubelet) HandlePod(kind WatchKind, pod *v1.Pod) {
	if pod == nil || pod.Spec.NodeName != kl.opts.NodeName {
		return
	}
	kl.clk.After(kl.d.WatchLatency, func() { kl.podUpdate(kind, pod) })
}

// podUpdate is the kubelet's HandlePodAdditions/Updates/Removes.
func (kl *Kubelet) podUpdate(kind WatchKind, pod *v1.Pod) {
	p, known := kl.pods[pod.UID]
	switch kind {
	case PodDeleted:
		if !known || p.phase == phaseGone {
			return
		}
		p.apiGone = true
		if p.phase >= phaseTerminated {
			kl.forget(p)
			return
		}
		// Force deletion (or a deletion the kubelet had not seen yet): stop what runs.
		if p.pod.DeletionTimestamp == nil {
			p.pod.DeletionTimestamp = pod.DeletionTimestamp
			p.pod.DeletionGracePeriodSeconds = pod.DeletionGracePeriodSeconds
		}
		if p.phase == phaseSyncing {
			p.phase = phaseTerminating
			p.gracePeriod = gracePeriodOf(pod)
			p.generation++
		}
		kl.dispatch(p)
		return
	}
	if !known {
		if pod.Status.Phase == v1.PodSucceeded || pod.Status.Phase == v1.PodFailed {
			return
		}
		pod.Status = *pod.Status.DeepCopy() // private until the first status (podState.pod)
		p = &podState{pod: pod, reasons: map[string]reasonEntry{}}
		kl.pods[pod.UID] = p
		kl.order = append(kl.order, pod.UID)
		kl.addProbes(p)
		kl.dispatch(p)
		return
	}
	if p.phase == phaseGone {
		return
	}
	// podsDifferSemantically (pkg/kubelet/config/config.go): spec (its generation), labels,
	// annotations, deletion; a status-only change is not an update.
	changed := p.pod.Generation != pod.Generation ||
		!reflect.DeepEqual(p.pod.Labels, pod.Labels) ||
		!reflect.DeepEqual(p.pod.Annotations, pod.Annotations) ||
		(p.pod.DeletionTimestamp == nil) != (pod.DeletionTimestamp == nil)
	// Keep the kubelet's own view of the status; take everything else from the API.
	st := p.pod.Status
	p.pod = pod
	if p.status != nil || st.Phase != "" {
		p.pod.Status = mergeAPIStatus(st, pod.Status)
	}
	if p.status == nil {
		p.pod.Status = *p.pod.Status.DeepCopy() // private until the first status (podState.pod)
	}
	if !changed {
		return
	}
	if pod.DeletionTimestamp != nil && p.phase == phaseSyncing {
		p.phase = phaseTerminating
		p.gracePeriod = gracePeriodOf(pod)
		p.generation++ // abandon an in-flight sync
	}
	kl.dispatch(p)
}

// mergeAPIStatus keeps the API server's view of the fields the kubelet does not own
// (conditions written by others, nominatedNodeName) on top of the last status it read.
func mergeAPIStatus(_ v1.PodStatus, api v1.PodStatus) v1.PodStatus { return api }

func maxPhase(a, b workerPhase) workerPhase {
	if a > b {
		return a
	}
	return b
}

// gracePeriodOf is the termination grace period the kubelet uses for a Pod being deleted:
// deletionGracePeriodSeconds, else spec.terminationGracePeriodSeconds, else the 2 s minimum
// (kuberuntime_container.go setTerminationGracePeriod, minimumGracePeriodInSeconds).
func gracePeriodOf(pod *v1.Pod) int64 {
	if pod.DeletionGracePeriodSeconds != nil {
		return *pod.DeletionGracePeriodSeconds
	}
	if pod.Spec.TerminationGracePeriodSeconds != nil {
		return *pod.Spec.TerminationGracePeriodSeconds
	}
	return minimumGracePeriodInSeconds
}

// minimumGracePeriodInSeconds: kuberuntime_container.go.
const minimumGracePeriodInSeconds = 2

// tick rounds t up to the kubelet's 1 s loop grid (syncLoop's syncTicker, the PLEG relist).
func (kl *Kubelet) tick(t time.Time) time.Time {
	period := kl.d.PLEGRelistPeriod
	if period <= 0 {
		return t
	}
	d := t.Sub(kl.base)
	n := (d + period - 1) / period
	if d <= 0 {
		n = 0
	}
	return kl.base.Add(n * period)
}

// dispatch is podWorkers.UpdatePod: run a sync now, or right after the running one.
func (kl *Kubelet) dispatch(p *podState) {
	if p.working {
		p.pending = true
		return
	}
	kl.runWorker(p)
}

// runWorker runs one step of the pod worker for p's current phase.
func (kl *Kubelet) runWorker(p *podState) {
	if p.requeue != nil {
		p.requeue.Stop()
		p.requeue = nil
	}
	p.working = true
	gen := p.generation
	done := func(err error, transition bool) {
		if gen != p.generation && p.phase != phaseGone {
			// abandoned: a newer sync (termination) takes over.
			p.working = false
			kl.runWorker(p)
			return
		}
		p.working = false
		kl.completeWork(p, err, transition)
		if p.pending && p.phase != phaseGone {
			p.pending = false
			kl.runWorker(p)
		}
	}
	switch p.phase {
	case phaseSyncing:
		kl.syncPod(p, gen, done)
	case phaseTerminating:
		kl.syncTerminatingPod(p, done)
	case phaseTerminated:
		kl.syncTerminatedPod(p, done)
	default:
		p.working = false
	}
}

// completeWork requeues the pod. k8s.io/kubernetes v1.37.2 pkg/kubelet/pod_workers.go
// completeWork: at once after a phase transition, at the (jittered) resync interval after
// success, at the (jittered) back-off expiry — capped at the resync interval — after an error.
func (kl *Kubelet) completeWork(p *podState, err error, transition bool) {
	if p.phase == phaseGone {
		return
	}
	now := kl.clk.Now()
	var delay time.Duration
	switch {
	case transition:
		p.pending = true
		return
	case err == nil:
		if p.phase != phaseSyncing {
			return
		}
		delay = kl.d.Jitter(kl.d.ResyncInterval)
	default:
		delay = kl.d.SyncErrorBackoff
		if be, ok := err.(*backoffError); ok {
			delay = be.at.Sub(now)
		}
		if delay < 0 {
			delay = 0
		} else if delay > kl.d.ResyncInterval {
			delay = kl.d.ResyncInterval
		}
		delay = kl.d.Jitter(delay)
	}
	kl.requeueAt(p, now.Add(delay))
}

// requeueAt makes p's work due at t; the sync loop picks it up at its next tick.
func (kl *Kubelet) requeueAt(p *podState, t time.Time) {
	if p.requeue != nil {
		p.requeue.Stop()
	}
	at := kl.tick(t)
	p.requeueAt = at
	p.requeue = kl.clk.At(at, func() {
		p.requeue = nil
		if p.phase == phaseGone {
			return
		}
		kl.dispatch(p)
	})
}

// relist is the PLEG noticing a container change of p at its next relist tick.
func (kl *Kubelet) relist(p *podState) {
	at := kl.tick(kl.clk.Now())
	if at.Equal(kl.clk.Now()) {
		at = at.Add(kl.d.PLEGRelistPeriod)
	}
	if p.relistAt.Equal(at) {
		return // one relist reports every change of the pod since the last one
	}
	p.relistAt = at
	kl.clk.At(at, func() {
		if p.phase == phaseGone {
			return
		}
		kl.dispatch(p)
	})
}

// backoffError is kubecontainer.BackoffError: a sync failure carrying its back-off expiry.
type backoffError struct {
	reason string
	at     time.Time
}

func (e *backoffError) Error() string { return e.reason }

// syncError is a sync failure with a reason (ErrImagePull, CreateContainerConfigError…).
type syncError struct{ reason, msg string }

func (e *syncError) Error() string { return e.reason }

// ---- status manager ----

// setPodStatus is statusManager.SetPodStatus: cache the status and send it to the API
// server if it changed.
func (kl *Kubelet) setPodStatus(p *podState, s v1.PodStatus) {
	st := &s
	kl.finishStatus(p, st, p.phase < phaseTerminated)
	if p.status != nil && reflect.DeepEqual(p.status, st) {
		return
	}
	p.status = st
	p.statusSeq++
	kl.queueStatus(p)
}

func (kl *Kubelet) queueStatus(p *podState) {
	if p.statusQueued {
		return
	}
	p.statusQueued = true
	kl.clk.After(kl.d.StatusUpdateLatency, func() {
		p.statusQueued = false
		kl.sendStatus(p)
	})
}

// sendStatus writes the cached status (status manager syncPod) and, once the pod is
// terminated and being deleted, finishes the deletion (canBeDeleted).
func (kl *Kubelet) sendStatus(p *podState) {
	if p.status == nil || p.apiGone || p.phase == phaseGone {
		return
	}
	// The API server copies what it stores: the request may be reused.
	kl.statusReq = *p.pod
	kl.statusReq.Status = *p.status
	stored, err := kl.api.UpdatePodStatus(&kl.statusReq)
	kl.statusReq = v1.Pod{}
	if err == nil && stored != nil {
		p.pod.ResourceVersion = stored.ResourceVersion
		p.pod.Status = stored.Status // read-only from now on: p.status is set (podState.pod)
	}
}

// ---- events ----

func (kl *Kubelet) source() v1.EventSource {
	return v1.EventSource{Component: "kubelet", Host: kl.opts.NodeName}
}

func podRef(pod *v1.Pod) *v1.ObjectReference {
	return &v1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID,
		APIVersion: "v1", ResourceVersion: pod.ResourceVersion}
}

// containerRef is kubecontainer.GenerateContainerRef (pkg/kubelet/container/ref.go).
func containerRef(pod *v1.Pod, name string) *v1.ObjectReference {
	ref := podRef(pod)
	for _, c := range pod.Spec.InitContainers {
		if c.Name == name {
			ref.FieldPath = fmt.Sprintf("spec.initContainers{%s}", name)
			return ref
		}
	}
	for _, c := range pod.Spec.EphemeralContainers {
		if c.Name == name {
			ref.FieldPath = fmt.Sprintf("spec.ephemeralContainers{%s}", name)
			return ref
		}
	}
	ref.FieldPath = fmt.Sprintf("spec.containers{%s}", name)
	return ref
}

func (kl *Kubelet) podEvent(p *podState, eventType, reason, msg string) {
	kl.api.RecordEvent(podRef(p.pod), kl.source(), eventType, reason, msg)
}

func (kl *Kubelet) containerEvent(p *podState, name, eventType, reason, msg string) {
	kl.api.RecordEvent(containerRef(p.pod, name), kl.source(), eventType, reason, msg)
}

// podDesc is format.Pod: "name_namespace(uid)".
func (kl *Kubelet) podDesc(pod *v1.Pod) string {
	return kl.version.PodDesc(pod.Name, pod.Namespace, string(pod.UID))
}

// descOf is podDesc of p's Pod, made once (name, namespace and UID never change for a
// podState: it is keyed by UID).
func (kl *Kubelet) descOf(p *podState) string {
	if p.desc == "" {
		p.desc = kl.podDesc(p.pod)
	}
	return p.desc
}

// ---- queries ----

// Pods lists the UIDs of the Pods the kubelet knows, in arrival order.
func (kl *Kubelet) Pods() []types.UID { return append([]types.UID(nil), kl.order...) }

func (kl *Kubelet) byName(namespace, name string) *podState {
	var found *podState
	for _, uid := range kl.order {
		p := kl.pods[uid]
		if p.pod.Namespace == namespace && p.pod.Name == name && p.phase != phaseGone {
			found = p
		}
	}
	return found
}

// RunningContainerID returns the runtime ID of the running container name of a Pod, for
// exec and attach, with the kubelet's error when there is none (pkg/kubelet/kubelet_pods.go
// GetExec: `container not found ("app")`).
func (kl *Kubelet) RunningContainerID(namespace, pod, container string) (string, error) {
	p := kl.byName(namespace, pod)
	if p != nil {
		for _, c := range p.newestFirst() {
			if c.Name == container && c.State == stateRunning {
				return c.rawID, nil
			}
		}
	}
	return "", fmt.Errorf("container not found (%q)", container)
}

// LogContainerID picks the container instance whose log `kubectl logs` shows, with the
// kubelet's errors. k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet_pods.go
// validateContainerLogStatus and GetKubeletContainerLogs.
func (kl *Kubelet) LogContainerID(namespace, podName, container string, previous bool) (string, error) {
	p := kl.byName(namespace, podName)
	if p == nil {
		return "", fmt.Errorf("pod %q cannot be found - no logs available", podName)
	}
	status := p.pod.Status
	if p.status != nil {
		status = *p.status
	}
	cs, ok := getStatus(status.ContainerStatuses, container)
	if !ok {
		cs, ok = getStatus(status.InitContainerStatuses, container)
	}
	if !ok {
		cs, ok = getStatus(status.EphemeralContainerStatuses, container)
	}
	if !ok {
		return "", fmt.Errorf("container %q in pod %q is not available", container, podName)
	}
	last := cs.LastTerminationState
	var id string
	switch {
	case previous:
		if last.Terminated == nil || last.Terminated.ContainerID == "" {
			return "", fmt.Errorf("previous terminated container %q in pod %q not found", container, podName)
		}
		id = last.Terminated.ContainerID
	case cs.State.Running != nil:
		id = cs.ContainerID
	case cs.State.Terminated != nil:
		if cs.State.Terminated.ContainerID == "" {
			if last.Terminated != nil && last.Terminated.ContainerID != "" {
				id = last.Terminated.ContainerID
			} else {
				return "", fmt.Errorf("container %q in pod %q is terminated", container, podName)
			}
		} else {
			id = cs.State.Terminated.ContainerID
		}
	case last.Terminated != nil:
		if last.Terminated.ContainerID == "" {
			return "", fmt.Errorf("container %q in pod %q is terminated", container, podName)
		}
		id = last.Terminated.ContainerID
	case cs.State.Waiting != nil:
		switch reason := cs.State.Waiting.Reason; reason {
		case reasonErrImagePull:
			return "", fmt.Errorf("container %q in pod %q is waiting to start: image can't be pulled", container, podName)
		case reasonImagePullBackOff:
			return "", fmt.Errorf("container %q in pod %q is waiting to start: trying and failing to pull image", container, podName)
		default:
			return "", fmt.Errorf("container %q in pod %q is waiting to start: %v", container, podName, reason)
		}
	default:
		return "", fmt.Errorf("container %q in pod %q is waiting to start - no logs yet", container, podName)
	}
	// kubecontainer.ParseContainerID: strip "containerd://".
	for i := 0; i+2 < len(id); i++ {
		if id[i:i+3] == "://" {
			return id[i+3:], nil
		}
	}
	return id, nil
}

// ContainerSpec returns the spec of a container of a known Pod (Attach needs its TTY flag).
func (kl *Kubelet) ContainerSpec(namespace, pod, container string) *v1.Container {
	p := kl.byName(namespace, pod)
	if p == nil {
		return nil
	}
	return containerSpec(p.pod, container)
}

// ContainerTrace describes one container instance, for tests and traces.
type ContainerTrace struct {
	Name     string
	Attempt  int
	State    string
	ExitCode int
	Reason   string
	Started  time.Time
	Finished time.Time
}

// Instances lists a Pod's container instances in creation order.
func (kl *Kubelet) Instances(namespace, pod string) []ContainerTrace {
	p := kl.byName(namespace, pod)
	if p == nil {
		return nil
	}
	var out []ContainerTrace
	for _, c := range p.ctrs {
		out = append(out, ContainerTrace{Name: c.Name, Attempt: c.Attempt, State: [...]string{"created", "running", "exited", "unknown"}[c.State],
			ExitCode: c.ExitCode, Reason: c.Reason, Started: c.StartedAt, Finished: c.FinishedAt})
	}
	return out
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
