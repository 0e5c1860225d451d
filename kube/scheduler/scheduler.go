// Package scheduler owns the simulated kube-scheduler: it binds each Pod that needs a node to
// a feasible one with the `Scheduled` event, or leaves it Pending with the real
// `FailedScheduling` message, the PodScheduled=False/Unschedulable condition and the real retry
// cadence. The filters, their messages, the message format and the preemption post-filter's
// message are copied from the v1.37.2 scheduler (named beside each); scoring among several
// feasible nodes is simplified (least requested, then name).
//
// It imports k8s.io/api, k8s.io/apimachinery, kube/clock, kube/k8sversion and
// kube/cluster/timing, and talks to the API server only through the API interface.
package scheduler

import (
	"fmt"
	"sort"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/cluster/timing"
	"github.com/docbuild/docbuild/kube/k8sversion"
)

// Name is the scheduler's name (spec.schedulerName, the events' reporting controller).
const Name = "default-scheduler"

// API is what the scheduler needs from the API server.
type API interface {
	ListNodes() ([]*v1.Node, error)
	// ListPods lists every Pod of every namespace.
	ListPods() ([]*v1.Pod, error)
	GetPod(namespace, name string) (*v1.Pod, error)
	// Bind posts pods/binding.
	Bind(namespace, name, node string) error
	UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error)
	// RecordEvent records an events.k8s.io/v1 event reported by the scheduler
	// (reportingController default-scheduler) about the Pod.
	RecordEvent(pod *v1.Pod, eventType, reason, action, message string)
}

// Options configure a Scheduler.
type Options struct {
	Version   *k8sversion.Version
	Durations *timing.Durations
}

// Scheduler is the simulated kube-scheduler.
type Scheduler struct {
	clk     *clock.Clock
	api     API
	version *k8sversion.Version
	d       timing.Durations
	base    time.Time
	queue   map[types.UID]*queued
	order   []types.UID
	// podInfos memoises podRequests and hostPorts of the Pods ListPods returns, by UID, for
	// the resourceVersion they were computed at (a stored version never changes): each attempt
	// looks at every Pod of the cluster. Pods without a resourceVersion are not memoised.
	podInfos map[types.UID]podInfo
}

// podInfo is what nodeInfos needs of an assigned Pod.
type podInfo struct {
	rv       string
	requests v1.ResourceList // read-only
	ports    []string        // read-only
}

// info returns p's requests and host ports, memoised.
func (s *Scheduler) info(p *v1.Pod) podInfo {
	if p.ResourceVersion == "" {
		return podInfo{requests: podRequests(p), ports: hostPorts(p)}
	}
	if in, ok := s.podInfos[p.UID]; ok && in.rv == p.ResourceVersion {
		return in
	}
	in := podInfo{rv: p.ResourceVersion, requests: podRequests(p), ports: hostPorts(p)}
	if s.podInfos == nil {
		s.podInfos = map[types.UID]podInfo{}
	}
	s.podInfos[p.UID] = in
	return in
}

// queued is a Pod in the scheduling queue (pkg/scheduler/backend/queue).
type queued struct {
	ns, name      string
	uid           types.UID
	attempts      int
	lastAttempt   time.Time
	unschedulable bool // in unschedulablePods (a plugin rejected it)
	timer         *clock.Timer
}

// New returns a scheduler on clk.
func New(clk *clock.Clock, api API, opts Options) *Scheduler {
	if opts.Version == nil {
		opts.Version = k8sversion.MustGet(k8sversion.Default)
	}
	d := timing.Default()
	if opts.Durations != nil {
		d = *opts.Durations
	}
	return &Scheduler{clk: clk, api: api, version: opts.Version, d: d, base: clk.Now(), queue: map[types.UID]*queued{}}
}

// HandlePod feeds the scheduler's informers: call it for every committed Pod change
// (deleted = the Pod is gone). It only schedules work on the clock.
func (s *Scheduler) HandlePod(pod *v1.Pod, deleted bool) {
	switch {
	case deleted:
		delete(s.podInfos, pod.UID)
		if q, ok := s.queue[pod.UID]; ok {
			s.forget(q)
		}
		if pod.Spec.NodeName != "" {
			// AssignedPodDelete: resources freed; the unschedulable Pods may fit now.
			s.moveAllToActiveOrBackoff()
		}
	case pod.Spec.NodeName == "" && pod.DeletionTimestamp == nil && responsible(pod):
		if _, ok := s.queue[pod.UID]; ok {
			return
		}
		if len(pod.Spec.SchedulingGates) > 0 {
			return // PreEnqueue: SchedulingGates keeps it out of the queue
		}
		q := &queued{ns: pod.Namespace, name: pod.Name, uid: pod.UID}
		s.queue[pod.UID] = q
		s.order = append(s.order, pod.UID)
		q.timer = s.clk.After(s.d.SchedulerLatency, func() { s.attempt(q) })
	case pod.Spec.NodeName != "":
		if q, ok := s.queue[pod.UID]; ok {
			s.forget(q)
		}
	}
}

// HandleNode reports a Node change (NodeAdd / NodeUpdate cluster events).
func (s *Scheduler) HandleNode(*v1.Node) { s.moveAllToActiveOrBackoff() }

func responsible(pod *v1.Pod) bool {
	return pod.Spec.SchedulerName == "" || pod.Spec.SchedulerName == Name
}

func (s *Scheduler) forget(q *queued) {
	if q.timer != nil {
		q.timer.Stop()
	}
	delete(s.queue, q.uid)
	for i, u := range s.order {
		if u == q.uid {
			s.order = append(s.order[:i:i], s.order[i+1:]...)
			break
		}
	}
}

// backoffDuration is calculateBackoffDuration: 1s doubled per attempt, capped at 10s.
func (s *Scheduler) backoffDuration(q *queued) time.Duration {
	d := s.d.SchedulerInitialBackoff
	for i := 1; i < q.attempts; i++ {
		d *= 2
		if d > 10*time.Second {
			return 10 * time.Second
		}
	}
	return d
}

// tick rounds t up to a period grid from the scheduler's start.
func (s *Scheduler) tick(t time.Time, period time.Duration) time.Time {
	if period <= 0 {
		return t
	}
	d := t.Sub(s.base)
	n := (d + period - 1) / period
	if d <= 0 {
		n = 0
	}
	return s.base.Add(n * period)
}

// toBackoff puts q in the backoff queue: it is retried when its backoff has expired, at the
// next run of flushBackoffQCompleted (every second).
func (s *Scheduler) toBackoff(q *queued) {
	q.unschedulable = false
	at := s.tick(q.lastAttempt.Add(s.backoffDuration(q)), s.d.SchedulerBackoffFlush)
	if !at.After(s.clk.Now()) {
		at = s.tick(s.clk.Now().Add(time.Nanosecond), s.d.SchedulerBackoffFlush)
	}
	s.schedule(q, at)
}

// toUnschedulable parks q until a cluster event or the 5-minute leftover flush (checked every
// 30 s): flushUnschedulablePodsLeftover.
func (s *Scheduler) toUnschedulable(q *queued) {
	q.unschedulable = true
	at := s.tick(q.lastAttempt.Add(s.d.SchedulerUnschedulableTimeout), s.d.SchedulerUnschedulableFlush)
	s.schedule(q, at)
}

func (s *Scheduler) schedule(q *queued, at time.Time) {
	if q.timer != nil {
		q.timer.Stop()
	}
	q.timer = s.clk.At(at, func() { s.attempt(q) })
}

// moveAllToActiveOrBackoff is MoveAllToActiveOrBackoffQueue for a cluster event that may make
// the unschedulable Pods schedulable (all in-tree hints answer Queue for pod deletion and node
// changes that free or add room).
func (s *Scheduler) moveAllToActiveOrBackoff() {
	for _, uid := range s.order {
		q := s.queue[uid]
		if q.unschedulable {
			s.toBackoff(q)
		}
	}
}

// attempt is one scheduling cycle for q (schedule_one.go ScheduleOne).
func (s *Scheduler) attempt(q *queued) {
	q.timer = nil
	pod, err := s.api.GetPod(q.ns, q.name)
	if err != nil || pod.UID != q.uid || pod.Spec.NodeName != "" || pod.DeletionTimestamp != nil {
		s.forget(q)
		return
	}
	q.attempts++
	q.lastAttempt = s.clk.Now()
	nodes, _ := s.api.ListNodes()
	if len(nodes) == 0 {
		// ErrNoNodesAvailable: an error, not a FitError: retried with backoff.
		s.fail(pod, s.version.NoNodesMessage)
		s.toBackoff(q)
		return
	}
	pods, _ := s.api.ListPods()
	infos := s.nodeInfos(nodes, pods, pod)
	var feasible []*nodeInfo
	statuses := map[string]*status{}
	for _, ni := range infos {
		if st := runFilters(pod, ni); st != nil {
			statuses[ni.node.Name] = st
		} else {
			feasible = append(feasible, ni)
		}
	}
	if len(feasible) == 0 {
		msg := fitError(len(infos), statuses, s.preemptionMessage(pod, infos, statuses))
		s.fail(pod, msg)
		s.toUnschedulable(q)
		return
	}
	best := pickNode(pod, feasible)
	if err := s.api.Bind(pod.Namespace, pod.Name, best.node.Name); err != nil {
		s.fail(pod, fmt.Sprintf("running Bind plugin %q: %v", "DefaultBinder", err))
		s.toBackoff(q)
		return
	}
	s.forget(q)
	// schedule_one.go:1138
	s.api.RecordEvent(pod, v1.EventTypeNormal, "Scheduled", "Binding",
		fmt.Sprintf(s.version.ScheduledMessage, pod.Namespace, pod.Name, best.node.Name))
}

// fail is handleSchedulingFailure: the FailedScheduling event and the PodScheduled condition.
func (s *Scheduler) fail(pod *v1.Pod, msg string) {
	s.api.RecordEvent(pod, v1.EventTypeWarning, "FailedScheduling", "Scheduling", truncateMessage(msg))
	cond := v1.PodCondition{Type: v1.PodScheduled, Status: v1.ConditionFalse, Reason: v1.PodReasonUnschedulable, Message: msg}
	if s.version.PodObservedGeneration {
		cond.ObservedGeneration = pod.Generation
	}
	st := pod.Status.DeepCopy()
	if !updatePodCondition(st, cond, metav1.NewTime(s.clk.Now())) {
		return
	}
	cp := pod.DeepCopy()
	cp.Status = *st
	_, _ = s.api.UpdatePodStatus(cp)
}

// truncateMessage cuts a message at the event note limit (1 kB; validation.NoteLengthLimit).
func truncateMessage(m string) string {
	const max = 1024
	if len(m) <= max {
		return m
	}
	return m[:max-4] + " ..."
}

// updatePodCondition is podutil.UpdatePodCondition: lastTransitionTime moves only when the
// status does; it reports whether anything changed.
func updatePodCondition(st *v1.PodStatus, c v1.PodCondition, now metav1.Time) bool {
	c.LastTransitionTime = now
	for i := range st.Conditions {
		old := &st.Conditions[i]
		if old.Type != c.Type {
			continue
		}
		if c.Status == old.Status {
			c.LastTransitionTime = old.LastTransitionTime
		}
		same := c.Status == old.Status && c.Reason == old.Reason && c.Message == old.Message &&
			c.LastTransitionTime.Equal(&old.LastTransitionTime) && c.ObservedGeneration == old.ObservedGeneration
		*old = c
		return !same
	}
	st.Conditions = append(st.Conditions, c)
	return true
}

// ---- node info and filters ----

type nodeInfo struct {
	node      *v1.Node
	pods      []*v1.Pod
	requested v1.ResourceList
	ports     map[string]bool
}

// nodeInfos builds the scheduler cache's NodeInfos: the assigned, non-terminal Pods of each
// node (the informer's field selector status.phase!=Succeeded,status.phase!=Failed).
func (s *Scheduler) nodeInfos(nodes []*v1.Node, pods []*v1.Pod, self *v1.Pod) []*nodeInfo {
	byName := map[string]*nodeInfo{}
	var out []*nodeInfo
	for _, n := range nodes {
		ni := &nodeInfo{node: n, requested: v1.ResourceList{}, ports: map[string]bool{}}
		byName[n.Name] = ni
		out = append(out, ni)
	}
	for _, p := range pods {
		if p.UID == self.UID || p.Spec.NodeName == "" || p.Status.Phase == v1.PodSucceeded || p.Status.Phase == v1.PodFailed {
			continue
		}
		ni, ok := byName[p.Spec.NodeName]
		if !ok {
			continue
		}
		ni.pods = append(ni.pods, p)
		in := s.info(p)
		for name, q := range in.requests {
			cur := ni.requested[name]
			cur.Add(q)
			ni.requested[name] = cur
		}
		for _, hp := range in.ports {
			ni.ports[hp] = true
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].node.Name < out[j].node.Name })
	return out
}

// podRequests is resourcehelper.PodRequests: containers summed, sidecars (restartable init
// containers) added, regular init containers as a maximum with the sidecars started before
// them, plus the overhead. k8s.io/component-helpers resource/helpers.go (v0.37.2).
func podRequests(pod *v1.Pod) v1.ResourceList {
	reqs := v1.ResourceList{}
	add := func(dst v1.ResourceList, src v1.ResourceList) {
		for k, q := range src {
			cur := dst[k]
			cur.Add(q)
			dst[k] = cur
		}
	}
	maxInto := func(dst v1.ResourceList, src v1.ResourceList) {
		for k, q := range src {
			if cur, ok := dst[k]; !ok || q.Cmp(cur) > 0 {
				dst[k] = q.DeepCopy()
			}
		}
	}
	for _, c := range pod.Spec.Containers {
		add(reqs, c.Resources.Requests)
	}
	restartable := v1.ResourceList{}
	initMax := v1.ResourceList{}
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == v1.ContainerRestartPolicyAlways {
			add(reqs, c.Resources.Requests)
			add(restartable, c.Resources.Requests)
			cp := v1.ResourceList{}
			add(cp, restartable)
			maxInto(initMax, cp)
			continue
		}
		cp := v1.ResourceList{}
		add(cp, c.Resources.Requests)
		add(cp, restartable)
		maxInto(initMax, cp)
	}
	maxInto(reqs, initMax)
	add(reqs, pod.Spec.Overhead)
	return reqs
}

func hostPorts(pod *v1.Pod) []string {
	var out []string
	for _, c := range pod.Spec.Containers {
		for _, p := range c.Ports {
			if p.HostPort > 0 {
				proto := p.Protocol
				if proto == "" {
					proto = v1.ProtocolTCP
				}
				ip := p.HostIP
				if ip == "" {
					ip = "0.0.0.0"
				}
				out = append(out, fmt.Sprintf("%s/%s/%d", ip, proto, p.HostPort))
			}
		}
	}
	return out
}

// status is a filter plugin's verdict on one node.
type status struct {
	unresolvable bool // UnschedulableAndUnresolvable: preemption cannot help
	reasons      []string
}

// Filter messages. k8s.io/kubernetes v1.37.2 pkg/scheduler/framework/plugins.
const (
	errNodeUnschedulable = "node(s) were unschedulable"                        // nodeunschedulable
	errTaint             = "node(s) had untolerated taint(s)"                  // tainttoleration (v1.37 text)
	errNodeAffinity      = "node(s) didn't match Pod's node affinity/selector" // nodeaffinity ErrReasonPod
	errNodePorts         = "node(s) didn't have free ports for the requested pod ports"
	errTooManyPods       = "Too many pods"
)

// runFilters runs the default profile's filters in order and returns the first rejection
// (framework.RunFilterPlugins stops at the first failing plugin).
func runFilters(pod *v1.Pod, ni *nodeInfo) *status {
	node := ni.node
	// NodeUnschedulable
	if node.Spec.Unschedulable && !tolerates(pod.Spec.Tolerations, v1.Taint{Key: v1.TaintNodeUnschedulable, Effect: v1.TaintEffectNoSchedule}) {
		return &status{unresolvable: true, reasons: []string{errNodeUnschedulable}}
	}
	// TaintToleration: NoSchedule and NoExecute taints (DoNotScheduleTaintsFilterFunc).
	for _, t := range node.Spec.Taints {
		if t.Effect != v1.TaintEffectNoSchedule && t.Effect != v1.TaintEffectNoExecute {
			continue
		}
		if !tolerates(pod.Spec.Tolerations, t) {
			return &status{unresolvable: true, reasons: []string{errTaint}}
		}
	}
	// NodeAffinity: nodeSelector and required node affinity.
	if !matchesNodeSelector(pod, node) {
		return &status{unresolvable: true, reasons: []string{errNodeAffinity}}
	}
	// NodePorts
	for _, hp := range hostPorts(pod) {
		if ni.ports[hp] {
			return &status{reasons: []string{errNodePorts}}
		}
	}
	// NodeResourcesFit (noderesources/fit.go fitsRequest).
	return fitsRequest(pod, ni)
}

func fitsRequest(pod *v1.Pod, ni *nodeInfo) *status {
	alloc := ni.node.Status.Allocatable
	var st status
	if q, ok := alloc[v1.ResourcePods]; ok && int64(len(ni.pods)+1) > q.Value() {
		st.reasons = append(st.reasons, errTooManyPods)
	}
	req := podRequests(pod)
	check := func(name v1.ResourceName, milli bool) {
		want, ok := req[name]
		if !ok || want.IsZero() {
			return
		}
		a, used := alloc[name], ni.requested[name]
		w, av, u := want.Value(), a.Value(), used.Value()
		if milli {
			w, av, u = want.MilliValue(), a.MilliValue(), used.MilliValue()
		}
		if w > av-u {
			st.reasons = append(st.reasons, "Insufficient "+string(name))
			if w > av {
				st.unresolvable = true
			}
		}
	}
	check(v1.ResourceCPU, true)
	check(v1.ResourceMemory, false)
	check(v1.ResourceEphemeralStorage, false)
	var scalar []string
	for name := range req {
		if name != v1.ResourceCPU && name != v1.ResourceMemory && name != v1.ResourceEphemeralStorage && name != v1.ResourcePods {
			scalar = append(scalar, string(name))
		}
	}
	sort.Strings(scalar)
	for _, n := range scalar {
		check(v1.ResourceName(n), false)
	}
	if len(st.reasons) == 0 {
		return nil
	}
	return &st
}

// tolerates is v1helper.TolerationsTolerateTaint.
func tolerates(tols []v1.Toleration, t v1.Taint) bool {
	for _, tol := range tols {
		if tol.Effect != "" && tol.Effect != t.Effect {
			continue
		}
		if tol.Key != "" && tol.Key != t.Key {
			continue
		}
		switch tol.Operator {
		case v1.TolerationOpExists:
			return true
		case "", v1.TolerationOpEqual:
			if tol.Value == t.Value {
				return true
			}
		}
	}
	return false
}

// matchesNodeSelector is the NodeAffinity filter's RequiredNodeAffinity.Match: nodeSelector
// labels and the required node-affinity terms (ORed; expressions within a term ANDed).
func matchesNodeSelector(pod *v1.Pod, node *v1.Node) bool {
	if len(pod.Spec.NodeSelector) > 0 {
		if !labels.SelectorFromSet(pod.Spec.NodeSelector).Matches(labels.Set(node.Labels)) {
			return false
		}
	}
	aff := pod.Spec.Affinity
	if aff == nil || aff.NodeAffinity == nil || aff.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return true
	}
	terms := aff.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	for _, term := range terms {
		if termMatches(term, node) {
			return true
		}
	}
	return false
}

func termMatches(term v1.NodeSelectorTerm, node *v1.Node) bool {
	if len(term.MatchExpressions) == 0 && len(term.MatchFields) == 0 {
		return false
	}
	for _, e := range term.MatchExpressions {
		if !exprMatches(e, node.Labels[e.Key], hasKey(node.Labels, e.Key)) {
			return false
		}
	}
	for _, e := range term.MatchFields {
		if e.Key != "metadata.name" || !exprMatches(e, node.Name, true) {
			return false
		}
	}
	return true
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func exprMatches(e v1.NodeSelectorRequirement, val string, present bool) bool {
	in := func() bool {
		for _, v := range e.Values {
			if v == val {
				return true
			}
		}
		return false
	}
	switch e.Operator {
	case v1.NodeSelectorOpIn:
		return present && in()
	case v1.NodeSelectorOpNotIn:
		return !present || !in()
	case v1.NodeSelectorOpExists:
		return present
	case v1.NodeSelectorOpDoesNotExist:
		return !present
	case v1.NodeSelectorOpGt, v1.NodeSelectorOpLt:
		if !present || len(e.Values) != 1 {
			return false
		}
		a, err1 := resource.ParseQuantity(val)
		b, err2 := resource.ParseQuantity(e.Values[0])
		if err1 != nil || err2 != nil {
			return false
		}
		if e.Operator == v1.NodeSelectorOpGt {
			return a.Cmp(b) > 0
		}
		return a.Cmp(b) < 0
	}
	return false
}

// pickNode scores the feasible nodes (simplified: least requested memory+cpu share, then
// name).
func pickNode(_ *v1.Pod, feasible []*nodeInfo) *nodeInfo {
	score := func(ni *nodeInfo) float64 {
		share := func(name v1.ResourceName) float64 {
			a := ni.node.Status.Allocatable[name]
			u := ni.requested[name]
			if a.MilliValue() == 0 {
				return 1
			}
			return float64(u.MilliValue()) / float64(a.MilliValue())
		}
		return share(v1.ResourceCPU) + share(v1.ResourceMemory)
	}
	sort.SliceStable(feasible, func(i, j int) bool {
		si, sj := score(feasible[i]), score(feasible[j])
		if si != sj {
			return si < sj
		}
		return feasible[i].node.Name < feasible[j].node.Name
	})
	return feasible[0]
}

// fitError is framework.FitError.Error(): "0/N nodes are available: <sorted histogram of
// reasons>. <post-filter message>". k8s.io/kubernetes v1.37.2 pkg/scheduler/framework/types.go.
func fitError(numNodes int, statuses map[string]*status, postFilter string) string {
	msg := fmt.Sprintf("0/%v nodes are available:", numNodes)
	hist := map[string]int{}
	for _, st := range statuses {
		for _, r := range st.reasons {
			hist[r]++
		}
	}
	var parts []string
	for r, n := range hist {
		parts = append(parts, fmt.Sprintf("%v %v", n, r))
	}
	sort.Strings(parts)
	if len(parts) > 0 {
		msg += fmt.Sprintf(" %v.", strings.Join(parts, ", "))
	}
	if postFilter != "" {
		msg += " " + postFilter
	}
	return msg
}

// preemptionMessage is DefaultPreemption.PostFilter's message when no preemption is possible:
// nodes rejected as unresolvable are not candidates ("Preemption is not helpful for
// scheduling"); on a candidate without lower-priority Pods "No preemption victims found for
// incoming pod"; with lower-priority Pods that would not make room, the filter's reasons.
// k8s.io/kubernetes v1.37.2 pkg/scheduler/framework/preemption/preemption.go evaluate,
// plugins/defaultpreemption/default_preemption.go SelectVictimsOnNode and PostFilter.
func (s *Scheduler) preemptionMessage(pod *v1.Pod, infos []*nodeInfo, statuses map[string]*status) string {
	if pod.Spec.PreemptionPolicy != nil && *pod.Spec.PreemptionPolicy == v1.PreemptNever {
		return "preemption: not eligible due to preemptionPolicy=Never."
	}
	prio := priority(pod)
	post := map[string]*status{}
	candidates := 0
	for _, ni := range infos {
		st := statuses[ni.node.Name]
		if st == nil || st.unresolvable {
			continue
		}
		candidates++
		var keep []*v1.Pod
		victims := 0
		for _, p := range ni.pods {
			if priority(p) < prio {
				victims++
			} else {
				keep = append(keep, p)
			}
		}
		if victims == 0 {
			post[ni.node.Name] = &status{unresolvable: true, reasons: []string{"No preemption victims found for incoming pod"}}
			continue
		}
		reduced := s.nodeInfos([]*v1.Node{ni.node}, keep, pod)[0]
		if rst := runFilters(pod, reduced); rst != nil {
			post[ni.node.Name] = rst
			continue
		}
		// Preemption would evict lower-priority Pods: not simulated; the scheduler would
		// nominate the node. Report it as not helpful.
		post[ni.node.Name] = &status{unresolvable: true, reasons: []string{"Preemption is not helpful for scheduling"}}
	}
	if candidates == 0 {
		return fmt.Sprintf("preemption: 0/%v nodes are available: %v Preemption is not helpful for scheduling.", len(infos), len(infos))
	}
	// Nodes absent from the map (not candidates) get "Preemption is not helpful for
	// scheduling" (SetAbsentNodesStatus).
	for _, ni := range infos {
		if _, ok := post[ni.node.Name]; !ok {
			post[ni.node.Name] = &status{unresolvable: true, reasons: []string{"Preemption is not helpful for scheduling"}}
		}
	}
	return "preemption: " + fitError(len(infos), post, "")
}

func priority(p *v1.Pod) int32 {
	if p.Spec.Priority != nil {
		return *p.Spec.Priority
	}
	return 0
}
