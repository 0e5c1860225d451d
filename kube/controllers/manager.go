package controllers

import (
	"errors"
	"sort"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/clock"
)

// Durations are the controllers' timings on the virtual clock.
type Durations struct {
	// SyncLatency is the time from a committed write to the sync it triggers: the shared
	// informer delivering the event plus the work queue handing the key to a worker. A real
	// kube-controller-manager reacts within milliseconds; a Deployment's ReplicaSet and Pods
	// carry the Deployment's creation second.
	SyncLatency time.Duration
	// GCLatency is the time from an owner's deletion to the garbage collector deleting its
	// dependents (the graph builder's event processing and the attemptToDelete queue).
	GCLatency time.Duration
}

// DefaultDurations are the documented defaults.
func DefaultDurations() Durations {
	return Durations{SyncLatency: 5 * time.Millisecond, GCLatency: 10 * time.Millisecond}
}

// Options configure a Manager.
type Options struct {
	// Durations (zero: DefaultDurations).
	Durations *Durations
}

// Manager runs the workload controllers of a simulated kube-controller-manager against one API
// server, on the virtual clock. Create it with New, then Start it.
type Manager struct {
	clk *clock.Clock
	api *apiserver.Server
	d   Durations

	ctrls []*controller
	stop  func()

	rs  *replicaSetController
	dep *deploymentController
	job *jobController
	sts *statefulSetController
	ds  *daemonSetController
	cj  *cronJobController
	gc  *garbageCollector
}

// New returns the controllers of api, not yet started.
func New(clk *clock.Clock, api *apiserver.Server, opts Options) *Manager {
	d := DefaultDurations()
	if opts.Durations != nil {
		d = *opts.Durations
	}
	m := &Manager{clk: clk, api: api, d: d}
	m.rs = &replicaSetController{m: m}
	m.dep = &deploymentController{m: m}
	m.job = &jobController{m: m}
	m.sts = &statefulSetController{m: m}
	m.ds = &daemonSetController{m: m}
	m.cj = &cronJobController{m: m}
	m.gc = &garbageCollector{m: m}
	m.rs.c = m.newController("replicaset-controller", m.rs.sync)
	m.dep.c = m.newController("deployment-controller", m.dep.sync)
	m.job.c = m.newController("job-controller", m.job.sync)
	m.sts.c = m.newController("statefulset-controller", m.sts.sync)
	m.ds.c = m.newController("daemonset-controller", m.ds.sync)
	m.cj.c = m.newController("cronjob-controller", m.cj.sync)
	return m
}

// Start subscribes the controllers to the API server's writes (and resyncs what already
// exists). Stop undoes it.
func (m *Manager) Start() {
	if m.stop != nil {
		return
	}
	m.stop = m.api.WatchShared(m.handle)
	for _, res := range []string{"deployments", "replicasets", "jobs", "statefulsets", "daemonsets", "cronjobs"} {
		_ = m.api.Range(res, "", func(obj runtime.Object) {
			m.handle(apiserver.WatchEvent{Type: watch.Added, Resource: res, Object: obj})
		})
	}
}

// Stop unsubscribes the controllers; pending syncs still run but find nothing to do only if
// the objects are gone.
func (m *Manager) Stop() {
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
}

// handle routes one committed write to the controllers' event handlers (the informers'
// AddFunc/UpdateFunc/DeleteFunc of each controller). The objects are the stored ones:
// read-only.
func (m *Manager) handle(ev apiserver.WatchEvent) {
	switch obj := ev.Object.(type) {
	case *corev1.Pod:
		var old *corev1.Pod
		if ev.Old != nil {
			old = ev.Old.(*corev1.Pod)
		}
		m.rs.podEvent(ev.Type, obj, old)
		m.dep.podEvent(ev.Type, obj)
		m.job.podEvent(ev.Type, obj, old)
		m.sts.podEvent(ev.Type, obj)
		m.ds.podEvent(ev.Type, obj)
	case *appsv1.ReplicaSet:
		if ev.Type != watch.Deleted {
			m.rs.c.enqueue(obj.Namespace, obj.Name)
		}
		m.dep.replicaSetEvent(obj)
	case *appsv1.Deployment:
		m.dep.c.enqueue(obj.Namespace, obj.Name)
	case *batchv1.Job:
		if ev.Type != watch.Deleted {
			m.job.c.enqueue(obj.Namespace, obj.Name)
		}
		m.cj.jobEvent(ev.Type, obj)
	case *batchv1.CronJob:
		if ev.Type != watch.Deleted {
			m.cj.c.enqueue(obj.Namespace, obj.Name)
		}
	case *appsv1.StatefulSet:
		if ev.Type != watch.Deleted {
			m.sts.c.enqueue(obj.Namespace, obj.Name)
		}
	case *appsv1.DaemonSet:
		if ev.Type != watch.Deleted {
			m.ds.c.enqueue(obj.Namespace, obj.Name)
		}
	case *corev1.Node:
		if ev.Type != watch.Deleted {
			m.ds.nodeEvent(obj)
		}
	}
	if ev.Type == watch.Deleted {
		m.gc.ownerDeleted(ev.Resource, ev.Object)
	}
}

// controller is one controller's work queue on the virtual clock: a key is queued at most once
// (client-go workqueue semantics: adding a queued key is a no-op; a key added while its sync
// runs is synced again afterwards).
type controller struct {
	m         *Manager
	component string
	sync      func(namespace, name string) (requeueAfter time.Duration)
	queued    map[string]*clock.Timer
}

func (m *Manager) newController(component string, sync func(ns, name string) time.Duration) *controller {
	c := &controller{m: m, component: component, sync: sync, queued: map[string]*clock.Timer{}}
	m.ctrls = append(m.ctrls, c)
	return c
}

// enqueue schedules a sync of namespace/name after the sync latency (queue.Add).
func (c *controller) enqueue(namespace, name string) { c.enqueueAfter(namespace, name, 0) }

// enqueueAfter is queue.AddAfter: the sync runs no earlier than delay (plus the latency) from
// now; an earlier pending sync of the key stands.
func (c *controller) enqueueAfter(namespace, name string, delay time.Duration) {
	key := namespace + "/" + name
	at := c.m.clk.Now().Add(c.m.d.SyncLatency + delay)
	if t, ok := c.queued[key]; ok {
		if !t.When().After(at) {
			return
		}
		t.Stop()
	}
	c.queued[key] = c.m.clk.At(at, func() {
		delete(c.queued, key)
		if after := c.sync(namespace, name); after > 0 {
			c.enqueueAfter(namespace, name, after)
		}
	})
}

// ---- events ----

// event records an event about obj through the controller's legacy recorder
// (record.EventRecorder with source {Component: <controller>}).
func (c *controller) event(obj metav1.Object, gvk schema.GroupVersionKind, eventType, reason, message string) {
	_ = c.m.api.RecordEvent(apiserver.EventRecord{
		Regarding: objectReference(obj, gvk),
		Type:      eventType,
		Reason:    reason,
		Message:   message,
		Source:    corev1.EventSource{Component: c.component},
	})
}

func objectReference(obj metav1.Object, gvk schema.GroupVersionKind) corev1.ObjectReference {
	return corev1.ObjectReference{
		Kind:            gvk.Kind,
		APIVersion:      gvk.GroupVersion().String(),
		Name:            obj.GetName(),
		Namespace:       obj.GetNamespace(),
		UID:             obj.GetUID(),
		ResourceVersion: obj.GetResourceVersion(),
	}
}

// The kinds the controllers own or create.
func deploymentKind() schema.GroupVersionKind {
	return appsv1.SchemeGroupVersion.WithKind("Deployment")
}
func replicaSetKind() schema.GroupVersionKind {
	return appsv1.SchemeGroupVersion.WithKind("ReplicaSet")
}
func statefulSetKind() schema.GroupVersionKind {
	return appsv1.SchemeGroupVersion.WithKind("StatefulSet")
}
func daemonSetKind() schema.GroupVersionKind { return appsv1.SchemeGroupVersion.WithKind("DaemonSet") }
func jobKind() schema.GroupVersionKind       { return batchv1.SchemeGroupVersion.WithKind("Job") }

// ---- reads (the informers' listers: the stored objects, read-only) ----

func (m *Manager) pods(namespace string) []*corev1.Pod {
	var out []*corev1.Pod
	_ = m.api.Range("pods", namespace, func(obj runtime.Object) { out = append(out, obj.(*corev1.Pod)) })
	return out
}

func (m *Manager) replicaSets(namespace string) []*appsv1.ReplicaSet {
	var out []*appsv1.ReplicaSet
	_ = m.api.Range("replicasets", namespace, func(obj runtime.Object) { out = append(out, obj.(*appsv1.ReplicaSet)) })
	return out
}

func (m *Manager) deployments(namespace string) []*appsv1.Deployment {
	var out []*appsv1.Deployment
	_ = m.api.Range("deployments", namespace, func(obj runtime.Object) { out = append(out, obj.(*appsv1.Deployment)) })
	return out
}

func (m *Manager) nodes() []*corev1.Node {
	var out []*corev1.Node
	_ = m.api.Range("nodes", "", func(obj runtime.Object) { out = append(out, obj.(*corev1.Node)) })
	return out
}

// get returns the stored object (read-only) or nil.
func (m *Manager) get(resource, namespace, name string) runtime.Object {
	var out runtime.Object
	if err := m.api.Peek(resource, namespace, name, func(obj runtime.Object) { out = obj }); err != nil {
		return nil
	}
	return out
}

// ---- controller references (k8s.io/kubernetes v1.37.2 pkg/controller/controller_ref_manager.go) ----

func newControllerRef(owner metav1.Object, gvk schema.GroupVersionKind) *metav1.OwnerReference {
	t := true
	return &metav1.OwnerReference{
		APIVersion:         gvk.GroupVersion().String(),
		Kind:               gvk.Kind,
		Name:               owner.GetName(),
		UID:                owner.GetUID(),
		BlockOwnerDeletion: &t,
		Controller:         &t,
	}
}

// claimPods is PodControllerRefManager.ClaimPods for owner with selector: the owner's pods that
// still match, plus orphans that match, adopted (an ownerReference patch); owned pods that no
// longer match are released. includeTerminating keeps pods being deleted.
func (m *Manager) claimPods(owner metav1.Object, gvk schema.GroupVersionKind, selector labels.Selector, pods []*corev1.Pod) []*corev1.Pod {
	var claimed []*corev1.Pod
	for _, p := range pods {
		ref := metav1.GetControllerOfNoCopy(p)
		matches := selector.Matches(labels.Set(p.Labels))
		switch {
		case ref != nil && ref.UID == owner.GetUID():
			if matches || owner.GetDeletionTimestamp() != nil {
				claimed = append(claimed, p)
				continue
			}
			// Release: remove the ownerReference.
			if p.DeletionTimestamp == nil {
				m.setPodOwner(p, nil, owner.GetUID())
			}
		case ref == nil && matches && owner.GetDeletionTimestamp() == nil && p.DeletionTimestamp == nil:
			if adopted := m.setPodOwner(p, newControllerRef(owner, gvk), ""); adopted != nil {
				claimed = append(claimed, adopted)
			}
		}
	}
	return claimed
}

// setPodOwner adds ref to the pod's ownerReferences (adoption) or removes the reference to
// release (release), as the controller ref manager's patches do.
func (m *Manager) setPodOwner(p *corev1.Pod, ref *metav1.OwnerReference, release types.UID) *corev1.Pod {
	c := p.DeepCopy()
	if ref != nil {
		c.OwnerReferences = append(c.OwnerReferences, *ref)
	} else {
		var keep []metav1.OwnerReference
		for _, r := range c.OwnerReferences {
			if r.UID != release {
				keep = append(keep, r)
			}
		}
		c.OwnerReferences = keep
	}
	out, _, err := m.api.UpdateObject(c, apiserver.UpdateOptions{})
	if err != nil {
		return nil
	}
	return out.(*corev1.Pod)
}

// ownedBy reports whether obj's controller is owner.
func ownedBy(obj metav1.Object, owner types.UID) bool {
	ref := metav1.GetControllerOfNoCopy(obj)
	return ref != nil && ref.UID == owner
}

// podsOwnedOrOrphaned is controller.FilterPodsByOwner(..., includeOrphaned=true).
func (m *Manager) podsOwnedOrOrphaned(namespace string, owner types.UID) []*corev1.Pod {
	var out []*corev1.Pod
	for _, p := range m.pods(namespace) {
		ref := metav1.GetControllerOfNoCopy(p)
		if ref == nil || ref.UID == owner {
			out = append(out, p)
		}
	}
	return out
}

// createPod creates a pod from a template for owner (RealPodControl.CreatePodsWithGenerateName,
// k8s.io/kubernetes v1.37.2 pkg/controller/controller_utils.go), recording SuccessfulCreate or
// FailedCreate on the owner.
func (c *controller) createPod(namespace string, template *corev1.PodTemplateSpec, owner metav1.Object, gvk schema.GroupVersionKind, generateName string, mutate func(*corev1.Pod)) (*corev1.Pod, error) {
	pod := podFromTemplate(template, owner, newControllerRef(owner, gvk))
	if generateName != "" {
		pod.GenerateName = generateName
	}
	if mutate != nil {
		mutate(pod)
	}
	if len(pod.Labels) == 0 {
		return nil, errors.New("unable to create pods, no labels")
	}
	out, _, err := c.m.api.CreateObject(namespace, pod, apiserver.CreateOptions{})
	if err != nil {
		if !hasStatusCause(err, corev1.NamespaceTerminatingCause) {
			c.event(owner, gvk, corev1.EventTypeWarning, "FailedCreate", "Error creating: "+err.Error())
		}
		return nil, err
	}
	created := out.(*corev1.Pod)
	c.event(owner, gvk, corev1.EventTypeNormal, "SuccessfulCreate", "Created pod: "+created.Name)
	return created, nil
}

// deletePod is RealPodControl.DeletePod.
func (c *controller) deletePod(namespace, name string, owner metav1.Object, gvk schema.GroupVersionKind) error {
	if _, err := c.m.api.Delete("pods", namespace, name, apiserver.DeleteOptions{}); err != nil {
		if isNotFound(err) {
			return err
		}
		c.event(owner, gvk, corev1.EventTypeWarning, "FailedDelete", "Error deleting: "+err.Error())
		return err
	}
	c.event(owner, gvk, corev1.EventTypeNormal, "SuccessfulDelete", "Deleted pod: "+name)
	return nil
}

// podFromTemplate is controller.GetPodFromTemplate.
func podFromTemplate(template *corev1.PodTemplateSpec, owner metav1.Object, ref *metav1.OwnerReference) *corev1.Pod {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Labels:       copyMap(template.Labels),
			Annotations:  copyMap(template.Annotations),
			GenerateName: podsPrefix(owner.GetName()),
			Finalizers:   append([]string{}, template.Finalizers...),
		},
	}
	if ref != nil {
		pod.OwnerReferences = append(pod.OwnerReferences, *ref)
	}
	pod.Spec = *template.Spec.DeepCopy()
	return pod
}

// podsPrefix is controller getPodsPrefix: "<name>-" unless that is not a valid pod name
// prefix.
func podsPrefix(name string) string {
	prefix := name + "-"
	if len(validatePodNamePrefix(prefix)) != 0 {
		prefix = name
	}
	return prefix
}

func copyMap(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// sortedByName sorts objects by namespace/name (a lister returns them in no defined order; the
// simulator's order is the store's).
func sortedByName[T metav1.Object](objs []T) []T {
	sort.Slice(objs, func(i, j int) bool {
		if objs[i].GetNamespace() != objs[j].GetNamespace() {
			return objs[i].GetNamespace() < objs[j].GetNamespace()
		}
		return objs[i].GetName() < objs[j].GetName()
	})
	return objs
}
