package kubelet

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/cluster/timing"
)

// t0 is the start of every test timeline.
var t0 = time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)

// fakeAPI is a test double of the API server: it stores one Pod per name, records events and
// feeds the kubelet's watch.
type fakeAPI struct {
	clk     *clock.Clock
	kl      *Kubelet
	pods    map[string]*v1.Pod
	cms     map[string]*v1.ConfigMap
	secrets map[string]*v1.Secret
	rv      int
	log     []string // trace lines
	onWrite func(*v1.Pod)
	quiet   bool // count events instead of logging them (benchmarks)
	nEvents int
}

func newFakeAPI(clk *clock.Clock) *fakeAPI {
	return &fakeAPI{clk: clk, pods: map[string]*v1.Pod{}, cms: map[string]*v1.ConfigMap{}, secrets: map[string]*v1.Secret{}}
}

func (a *fakeAPI) stamp() string {
	return fmt.Sprintf("%8.3fs", a.clk.Now().Sub(t0).Seconds())
}

func (a *fakeAPI) UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error) {
	cur, ok := a.pods[pod.Namespace+"/"+pod.Name]
	if !ok || cur.UID != pod.UID {
		return nil, apierrors.NewNotFound(v1.Resource("pods"), pod.Name)
	}
	a.rv++
	next := *cur // metadata and spec are never mutated in place: share them
	next.Status = *pod.Status.DeepCopy()
	next.ResourceVersion = strconv.Itoa(a.rv)
	cur = &next
	a.pods[pod.Namespace+"/"+pod.Name] = cur
	if a.onWrite != nil {
		a.onWrite(cur)
	}
	a.kl.HandlePod(PodModified, cur)
	return cur, nil
}

func (a *fakeAPI) DeletePod(ns, name string, uid types.UID) error {
	cur, ok := a.pods[ns+"/"+name]
	if !ok || cur.UID != uid {
		return apierrors.NewNotFound(v1.Resource("pods"), name)
	}
	delete(a.pods, ns+"/"+name)
	a.log = append(a.log, fmt.Sprintf("%s DELETED pod/%s", a.stamp(), name))
	a.kl.HandlePod(PodDeleted, cur)
	return nil
}

func (a *fakeAPI) RecordEvent(ref *v1.ObjectReference, src v1.EventSource, eventType, reason, message string) {
	a.nEvents++
	if a.quiet {
		return
	}
	fp := ""
	if ref.FieldPath != "" {
		fp = ref.FieldPath + ": "
	}
	a.log = append(a.log, fmt.Sprintf("%s %-7s %-16s %s%s", a.stamp(), eventType, reason, fp, strings.TrimSpace(message)))
}

func (a *fakeAPI) GetConfigMap(ns, name string) (*v1.ConfigMap, error) {
	if cm, ok := a.cms[ns+"/"+name]; ok {
		return cm.DeepCopy(), nil
	}
	return nil, apierrors.NewNotFound(v1.Resource("configmaps"), name)
}

func (a *fakeAPI) GetSecret(ns, name string) (*v1.Secret, error) {
	if s, ok := a.secrets[ns+"/"+name]; ok {
		return s.DeepCopy(), nil
	}
	return nil, apierrors.NewNotFound(v1.Resource("secrets"), name)
}

func (a *fakeAPI) ListServices() ([]*v1.Service, error) {
	return []*v1.Service{{
		ObjectMeta: metav1.ObjectMeta{Name: "kubernetes", Namespace: "default"},
		Spec:       v1.ServiceSpec{ClusterIP: "10.96.0.1", Ports: []v1.ServicePort{{Name: "https", Port: 443, Protocol: v1.ProtocolTCP}}},
	}}, nil
}

func (a *fakeAPI) RegisterNode(*v1.Node) error { return nil }

// create stores a bound Pod with the API server's defaults the kubelet relies on.
func (a *fakeAPI) create(pod *v1.Pod) *v1.Pod {
	pod = pod.DeepCopy()
	if pod.Namespace == "" {
		pod.Namespace = "default"
	}
	a.rv++
	pod.UID = types.UID(fmt.Sprintf("0c7d3c4e-0000-4000-8000-%012d", len(a.pods)+1))
	pod.ResourceVersion = strconv.Itoa(a.rv)
	pod.CreationTimestamp = metav1.NewTime(a.clk.Now())
	pod.Generation = 1
	pod.Spec.NodeName = "minikube"
	if pod.Spec.RestartPolicy == "" {
		pod.Spec.RestartPolicy = v1.RestartPolicyAlways
	}
	if pod.Spec.TerminationGracePeriodSeconds == nil {
		g := int64(30)
		pod.Spec.TerminationGracePeriodSeconds = &g
	}
	def := func(cs []v1.Container) {
		for i := range cs {
			c := &cs[i]
			if c.ImagePullPolicy == "" {
				c.ImagePullPolicy = v1.PullIfNotPresent
				if !strings.Contains(c.Image, ":") || strings.HasSuffix(c.Image, ":latest") {
					c.ImagePullPolicy = v1.PullAlways
				}
			}
			if c.TerminationMessagePath == "" {
				c.TerminationMessagePath = v1.TerminationMessagePathDefault
			}
			if c.TerminationMessagePolicy == "" {
				c.TerminationMessagePolicy = v1.TerminationMessageReadFile
			}
			for _, pr := range []*v1.Probe{c.LivenessProbe, c.ReadinessProbe, c.StartupProbe} {
				if pr == nil {
					continue
				}
				if pr.TimeoutSeconds == 0 {
					pr.TimeoutSeconds = 1
				}
				if pr.PeriodSeconds == 0 {
					pr.PeriodSeconds = 10
				}
				if pr.SuccessThreshold == 0 {
					pr.SuccessThreshold = 1
				}
				if pr.FailureThreshold == 0 {
					pr.FailureThreshold = 3
				}
			}
		}
	}
	def(pod.Spec.InitContainers)
	def(pod.Spec.Containers)
	pod.Status = v1.PodStatus{Phase: v1.PodPending, Conditions: []v1.PodCondition{{Type: v1.PodScheduled, Status: v1.ConditionTrue, LastTransitionTime: metav1.NewTime(a.clk.Now())}}}
	a.pods[pod.Namespace+"/"+pod.Name] = pod
	a.kl.HandlePod(PodAdded, pod)
	return pod
}

// delete is a graceful API deletion.
func (a *fakeAPI) delete(name string) {
	cur := a.pods["default/"+name].DeepCopy()
	grace := *cur.Spec.TerminationGracePeriodSeconds
	if cur.Status.Phase == v1.PodSucceeded || cur.Status.Phase == v1.PodFailed {
		grace = 0
	}
	if grace == 0 {
		delete(a.pods, "default/"+name)
		a.log = append(a.log, fmt.Sprintf("%s DELETED pod/%s", a.stamp(), name))
		a.kl.HandlePod(PodDeleted, cur)
		return
	}
	now := metav1.NewTime(a.clk.Now().Add(time.Duration(grace) * time.Second))
	cur.DeletionTimestamp = &now
	cur.DeletionGracePeriodSeconds = &grace
	a.rv++
	cur.ResourceVersion = strconv.Itoa(a.rv)
	a.pods["default/"+name] = cur
	a.kl.HandlePod(PodModified, cur)
}

// ---- scripted runtime ----

// behaviour scripts one container's main process.
type behaviour struct {
	// runs: how long each successive instance runs before exiting (the last repeats);
	// negative = forever.
	runs []time.Duration
	// codes: the exit code of each successive instance (the last repeats).
	codes []int
	// oom marks instances killed by the memory limit.
	oom bool
	// ignoreTerm: the process ignores SIGTERM (a shell as PID 1) and dies by SIGKILL.
	ignoreTerm bool
	// termLatency is how long the process takes to exit on its stop signal.
	termLatency time.Duration
	// startErr makes StartContainer fail.
	startErr string
	// exec answers exec probes/hooks: exit code per call (the last repeats).
	exec    []int
	execOut string
	// http answers httpGet probes with this status (0: connection refused).
	http []int
	// file is the termination message file content.
	file string
	logs string
}

type fakeCtr struct {
	id, name string
	b        *behaviour
	n        int // instance number of this container name
	running  bool
	exited   func(ExitStatus)
	timer    *clock.Timer
	execs    int
	https    int
}

type fakeRuntime struct {
	clk      *clock.Clock
	scripts  map[string]*behaviour // by container name
	missing  map[string]string     // image → pull error
	ctrs     map[string]*fakeCtr
	byName   map[string]int
	seq      int
	ips      int
	sandboxs map[string]string
}

func newFakeRuntime(clk *clock.Clock) *fakeRuntime {
	return &fakeRuntime{clk: clk, scripts: map[string]*behaviour{}, missing: map[string]string{},
		ctrs: map[string]*fakeCtr{}, byName: map[string]int{}, sandboxs: map[string]string{}}
}

func (r *fakeRuntime) ResolveImage(image string) (ImageInfo, error) {
	if msg, ok := r.missing[image]; ok {
		return ImageInfo{}, fmt.Errorf("%s", msg)
	}
	return ImageInfo{ID: "docker.io/library/" + image + "@sha256:" + strings.Repeat("ab", 32), Size: 50 << 20}, nil
}

func (r *fakeRuntime) RunPodSandbox(cfg *SandboxConfig) (Sandbox, error) {
	r.ips++
	r.seq++
	id := fmt.Sprintf("sb%d", r.seq)
	ip := fmt.Sprintf("10.244.0.%d", r.ips+1)
	r.sandboxs[id] = ip
	return Sandbox{ID: id, IP: ip}, nil
}

func (r *fakeRuntime) StopPodSandbox(string) {}

func (r *fakeRuntime) CreateContainer(sandboxID string, cfg *ContainerConfig) (string, error) {
	r.seq++
	id := fmt.Sprintf("%064x", r.seq)
	b := r.scripts[cfg.Name]
	if b == nil {
		b = &behaviour{runs: []time.Duration{-1}}
	}
	n := r.byName[cfg.Name]
	r.byName[cfg.Name]++
	r.ctrs[id] = &fakeCtr{id: id, name: cfg.Name, b: b, n: n}
	return id, nil
}

func pick[T any](xs []T, n int, def T) T {
	if len(xs) == 0 {
		return def
	}
	if n < len(xs) {
		return xs[n]
	}
	return xs[len(xs)-1]
}

func (r *fakeRuntime) StartContainer(id string, exited func(ExitStatus)) error {
	c := r.ctrs[id]
	if c.b.startErr != "" {
		return fmt.Errorf("%s", c.b.startErr)
	}
	c.running, c.exited = true, exited
	run := pick(c.b.runs, c.n, -1)
	if run >= 0 {
		code := pick(c.b.codes, c.n, 0)
		c.timer = r.clk.After(run, func() { r.exit(c, ExitStatus{ExitCode: code, OOMKilled: c.b.oom}) })
	}
	return nil
}

func (r *fakeRuntime) exit(c *fakeCtr, st ExitStatus) {
	if !c.running {
		return
	}
	c.running = false
	if c.timer != nil {
		c.timer.Stop()
	}
	if st.OOMKilled {
		st.ExitCode = 137
	}
	c.exited(st)
}

func (r *fakeRuntime) StopContainer(id string, timeout time.Duration) {
	c := r.ctrs[id]
	if !c.running {
		return
	}
	if c.b.ignoreTerm {
		r.clk.After(timeout, func() { r.exit(c, ExitStatus{ExitCode: 137}) })
		return
	}
	r.clk.After(c.b.termLatency, func() { r.exit(c, ExitStatus{ExitCode: 143}) })
}

func (r *fakeRuntime) ExecSync(id string, cmd []string, timeout time.Duration, done func(ExecResult)) {
	c := r.ctrs[id]
	code := pick(c.b.exec, c.execs, 0)
	c.execs++
	out := ""
	if code != 0 {
		out = c.b.execOut
	}
	r.clk.After(2*time.Millisecond, func() { done(ExecResult{Stdout: []byte(out), ExitCode: code}) })
}

func (r *fakeRuntime) HTTPGet(sandboxID string, req HTTPRequest, timeout time.Duration, done func(HTTPResponse)) {
	var c *fakeCtr
	for _, x := range r.ctrs {
		if x.running && len(x.b.http) > 0 {
			c = x
		}
	}
	if c == nil {
		r.clk.After(2*time.Millisecond, func() {
			done(HTTPResponse{Err: fmt.Errorf("dial tcp %s:%d: connect: connection refused", req.Host, req.Port)})
		})
		return
	}
	code := pick(c.b.http, c.https, 200)
	c.https++
	r.clk.After(2*time.Millisecond, func() { done(HTTPResponse{StatusCode: code}) })
}

func (r *fakeRuntime) TCPConnect(sandboxID, host string, port int, timeout time.Duration, done func(error)) {
	r.clk.After(time.Millisecond, func() { done(nil) })
}

func (r *fakeRuntime) ReadFile(id, path string) ([]byte, error) {
	return []byte(r.ctrs[id].b.file), nil
}

func (r *fakeRuntime) LogTail(id string, lines int) []byte { return []byte(r.ctrs[id].b.logs) }

func (r *fakeRuntime) ContainerUser(string) *v1.ContainerUser { return nil }

// ---- harness ----

type harness struct {
	clk *clock.Clock
	api *fakeAPI
	rt  *fakeRuntime
	kl  *Kubelet
}

func newHarness(preloaded ...string) *harness {
	clk := clock.New(t0)
	api := newFakeAPI(clk)
	rt := newFakeRuntime(clk)
	d := timing.Default()
	kl := New(clk, api, rt, Options{NodeName: "minikube", NodeIP: "192.168.49.2", Durations: &d, PreloadedImages: preloaded})
	api.kl = kl
	h := &harness{clk: clk, api: api, rt: rt, kl: kl}
	api.onWrite = func(p *v1.Pod) {
		api.log = append(api.log, fmt.Sprintf("%s STATUS  %s", api.stamp(), summary(p, clk.Now())))
	}
	return h
}

func (h *harness) pod(name string) *v1.Pod { return h.api.pods["default/"+name] }

// summary is one line of the trace: what `kubectl get pods` shows plus phase and conditions.
func summary(p *v1.Pod, now time.Time) string {
	ready, status, restarts := printPodColumns(p, now)
	var conds []string
	for _, c := range p.Status.Conditions {
		s := "F"
		if c.Status == v1.ConditionTrue {
			s = "T"
		}
		abbrev := map[v1.PodConditionType]string{v1.PodReadyToStartContainers: "RTS", v1.PodInitialized: "Init", v1.PodReady: "Ready", v1.ContainersReady: "CReady", v1.PodScheduled: "Sched"}[c.Type]
		conds = append(conds, abbrev+"="+s)
	}
	return fmt.Sprintf("%-5s %-26s %-16s phase=%-9s %s ip=%s", ready, status, restarts, p.Status.Phase, strings.Join(conds, ","), p.Status.PodIP)
}

// printPodColumns is a reference port of printPod's READY, STATUS and RESTARTS columns
// (k8s.io/kubernetes v1.37.2 pkg/printers/internalversion/printers.go printPod; facts §2.1),
// kept in the test so the kubelet's statuses are checked against the printer's rules.
func printPodColumns(pod *v1.Pod, now time.Time) (string, string, string) {
	restarts, restartableInitRestarts := 0, 0
	total := len(pod.Spec.Containers)
	ready := 0
	var lastRestart, lastRestartableInit time.Time
	reason := string(pod.Status.Phase)
	if pod.Status.Reason != "" {
		reason = pod.Status.Reason
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == v1.PodScheduled && c.Reason == v1.PodReasonSchedulingGated {
			reason = v1.PodReasonSchedulingGated
		}
	}
	initSpec := map[string]*v1.Container{}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		initSpec[c.Name] = c
		if isRestartableInit(c) {
			total++
		}
	}
	initializing := false
	for i, cs := range pod.Status.InitContainerStatuses {
		restarts += int(cs.RestartCount)
		if t := cs.LastTerminationState.Terminated; t != nil && t.FinishedAt.After(lastRestart) {
			lastRestart = t.FinishedAt.Time
		}
		sidecar := isRestartableInit(initSpec[cs.Name])
		if sidecar {
			restartableInitRestarts += int(cs.RestartCount)
			if t := cs.LastTerminationState.Terminated; t != nil && t.FinishedAt.After(lastRestartableInit) {
				lastRestartableInit = t.FinishedAt.Time
			}
		}
		switch {
		case cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0:
			continue
		case sidecar && cs.Started != nil && *cs.Started:
			if cs.Ready {
				ready++
			}
			continue
		case cs.State.Terminated != nil:
			if cs.State.Terminated.Reason == "" {
				if cs.State.Terminated.Signal != 0 {
					reason = fmt.Sprintf("Init:Signal:%d", cs.State.Terminated.Signal)
				} else {
					reason = fmt.Sprintf("Init:ExitCode:%d", cs.State.Terminated.ExitCode)
				}
			} else {
				reason = "Init:" + cs.State.Terminated.Reason
			}
			initializing = true
		case cs.State.Waiting != nil && cs.State.Waiting.Reason != "" && cs.State.Waiting.Reason != "PodInitializing":
			reason = "Init:" + cs.State.Waiting.Reason
			initializing = true
		default:
			reason = fmt.Sprintf("Init:%d/%d", i, len(pod.Spec.InitContainers))
			initializing = true
		}
		break
	}
	initialized := false
	podReady := false
	for _, c := range pod.Status.Conditions {
		if c.Type == v1.PodInitialized && c.Status == v1.ConditionTrue {
			initialized = true
		}
		if c.Type == v1.PodReady && c.Status == v1.ConditionTrue {
			podReady = true
		}
	}
	if !initializing || initialized {
		restarts = restartableInitRestarts
		lastRestart = lastRestartableInit
		hasRunning := false
		errorReason := ""
		for i := len(pod.Status.ContainerStatuses) - 1; i >= 0; i-- {
			cs := pod.Status.ContainerStatuses[i]
			restarts += int(cs.RestartCount)
			if t := cs.LastTerminationState.Terminated; t != nil && t.FinishedAt.After(lastRestart) {
				lastRestart = t.FinishedAt.Time
			}
			switch {
			case cs.State.Waiting != nil && cs.State.Waiting.Reason != "":
				reason = cs.State.Waiting.Reason
			case cs.State.Terminated != nil && cs.State.Terminated.Reason != "":
				reason = cs.State.Terminated.Reason
				if cs.State.Terminated.ExitCode != 0 {
					errorReason = reason
				}
			case cs.State.Terminated != nil:
				if cs.State.Terminated.Signal != 0 {
					reason = fmt.Sprintf("Signal:%d", cs.State.Terminated.Signal)
				} else {
					reason = fmt.Sprintf("ExitCode:%d", cs.State.Terminated.ExitCode)
				}
				if cs.State.Terminated.ExitCode != 0 {
					errorReason = reason
				}
			case cs.Ready && cs.State.Running != nil:
				hasRunning = true
				ready++
			}
		}
		if reason == "Completed" {
			switch {
			case hasRunning && podReady:
				reason = "Running"
			case errorReason != "":
				reason = errorReason
			case hasRunning:
				reason = "NotReady"
			}
		}
	}
	if pod.DeletionTimestamp != nil && pod.Status.Reason == "NodeLost" {
		reason = "Unknown"
	} else if pod.DeletionTimestamp != nil && pod.Status.Phase != v1.PodSucceeded && pod.Status.Phase != v1.PodFailed {
		reason = "Terminating"
	}
	r := strconv.Itoa(restarts)
	if restarts != 0 && !lastRestart.IsZero() {
		r = fmt.Sprintf("%d (%s ago)", restarts, duration.HumanDuration(now.Sub(lastRestart)))
	}
	return fmt.Sprintf("%d/%d", ready, total), reason, r
}

func sortedLines(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}
