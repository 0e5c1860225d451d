package printers

import (
	"fmt"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/kubectl/pkg/describe"
)

// Describe returns what `kubectl describe` (kubectl v0.37.2 pkg/describe) prints for the object
// of kind gk named namespace/name, at the virtual time now (showEvents: kubectl describe
// --show-events, true for a single object).
//
// objects is the part of the API server's state the describer may read: the object itself,
// the events of its namespace, and for a Node the pods bound to it. They are loaded into a
// client-go fake clientset built for this call only, so the real describer code runs; list
// calls honour field selectors the way the API server does (the fake alone ignores them).
//
// The describer measures ages with time.Since. To print them on the virtual clock, every
// timestamp the describers only use relatively (event times, a Pod's deletionTimestamp, the
// creationTimestamp of the pods listed in a Node's description) is moved so that time.Since
// yields the virtual age in whole seconds plus half a second; HumanDuration only reads whole
// seconds, so the output is exact unless the call takes longer than half a second. Timestamps
// are first truncated as the API server's JSON serialisation does (seconds; microseconds for
// MicroTime).
func Describe(gk schema.GroupKind, namespace, name string, now time.Time, objects []runtime.Object, showEvents bool) (string, error) {
	shift := newRemapper(now)
	cs := fake.NewSimpleClientset()
	tracker := cs.Tracker()
	for _, obj := range objects {
		obj = obj.DeepCopyObject()
		shift.object(obj)
		if err := tracker.Add(obj); err != nil {
			return "", err
		}
	}
	cs.PrependReactor("list", "events", selectingLister(tracker, eventFields))
	cs.PrependReactor("list", "pods", selectingLister(tracker, podFields))
	client := selectingClientset{cs}

	var d describe.ResourceDescriber
	switch gk {
	case schema.GroupKind{Kind: "Pod"}:
		d = &describe.PodDescriber{Interface: client}
	case schema.GroupKind{Kind: "Node"}:
		d = &describe.NodeDescriber{Interface: client}
	case schema.GroupKind{Kind: "Namespace"}:
		d = &describe.NamespaceDescriber{Interface: client}
	case schema.GroupKind{Kind: "ConfigMap"}:
		d = &describe.ConfigMapDescriber{Interface: client}
	case schema.GroupKind{Kind: "Secret"}:
		d = &describe.SecretDescriber{Interface: client}
	case schema.GroupKind{Kind: "Service"}:
		d = &describe.ServiceDescriber{Interface: client}
	case schema.GroupKind{Kind: "ServiceAccount"}:
		d = &describe.ServiceAccountDescriber{Interface: client}
	case schema.GroupKind{Group: "apps", Kind: "ReplicaSet"}:
		d = &describe.ReplicaSetDescriber{Interface: client}
	default:
		if d = workloadDescriber(gk, client); d == nil { // describe_apps.go
			return "", fmt.Errorf("no describer for %s", gk)
		}
	}
	// kubectl v0.37.2 pkg/cmd/describe/describe.go: ShowEvents defaults to true, ChunkSize 500.
	return d.Describe(namespace, name, describe.DescriberSettings{ShowEvents: showEvents, ChunkSize: 500})
}

// remapper moves relative-only timestamps (see Describe).
type remapper struct{ now, base time.Time }

func newRemapper(now time.Time) remapper { return remapper{now: now, base: time.Now()} }

func (r remapper) t(ts metav1.Time) metav1.Time {
	if ts.IsZero() {
		return ts
	}
	return metav1.Time{Time: r.at(ts.Time, time.Second)}
}

func (r remapper) micro(ts metav1.MicroTime) metav1.MicroTime {
	if ts.IsZero() {
		return ts
	}
	return metav1.MicroTime{Time: r.at(ts.Time, time.Microsecond)}
}

// at maps t, first truncated to the precision the API server's serialisation keeps (seconds
// for metav1.Time, microseconds for metav1.MicroTime).
func (r remapper) at(t time.Time, precision time.Duration) time.Time {
	d := r.now.Sub(t.Truncate(precision))
	k := time.Duration(int(d.Seconds())) * time.Second // truncated toward zero, as HumanDuration does
	m := k + time.Second/2
	if k < 0 {
		m = k - time.Second/2
	}
	return r.base.Add(-m)
}

func (r remapper) object(obj runtime.Object) {
	switch o := obj.(type) {
	case *corev1.Event:
		o.FirstTimestamp = r.t(o.FirstTimestamp)
		o.LastTimestamp = r.t(o.LastTimestamp)
		o.EventTime = r.micro(o.EventTime)
		if o.Series != nil {
			o.Series.LastObservedTime = r.micro(o.Series.LastObservedTime)
		}
	case *corev1.Pod:
		if o.DeletionTimestamp != nil {
			ts := r.t(*o.DeletionTimestamp)
			o.DeletionTimestamp = &ts
		}
		// Only printed as an age (the pod list of a Node's description).
		o.CreationTimestamp = r.t(o.CreationTimestamp)
	}
}

// eventFields is the field set of an Event
// (k8s.io/kubernetes v1.37.2 pkg/registry/core/event/strategy.go ToSelectableFields).
func eventFields(obj runtime.Object) fields.Set {
	e := obj.(*corev1.Event)
	source := e.Source.Component
	if source == "" {
		source = e.ReportingController
	}
	return fields.Set{
		"metadata.name":                  e.Name,
		"metadata.namespace":             e.Namespace,
		"involvedObject.kind":            e.InvolvedObject.Kind,
		"involvedObject.namespace":       e.InvolvedObject.Namespace,
		"involvedObject.name":            e.InvolvedObject.Name,
		"involvedObject.uid":             string(e.InvolvedObject.UID),
		"involvedObject.apiVersion":      e.InvolvedObject.APIVersion,
		"involvedObject.resourceVersion": e.InvolvedObject.ResourceVersion,
		"involvedObject.fieldPath":       e.InvolvedObject.FieldPath,
		"reason":                         e.Reason,
		"reportingComponent":             e.ReportingController,
		"source":                         source,
		"type":                           e.Type,
	}
}

// podFields is the field set of a Pod
// (k8s.io/kubernetes v1.37.2 pkg/registry/core/pod/strategy.go ToSelectableFields).
func podFields(obj runtime.Object) fields.Set {
	p := obj.(*corev1.Pod)
	podIP := ""
	if len(p.Status.PodIPs) > 0 {
		podIP = p.Status.PodIPs[0].IP
	}
	return fields.Set{
		"metadata.name":            p.Name,
		"metadata.namespace":       p.Namespace,
		"spec.nodeName":            p.Spec.NodeName,
		"spec.restartPolicy":       string(p.Spec.RestartPolicy),
		"spec.schedulerName":       p.Spec.SchedulerName,
		"spec.serviceAccountName":  p.Spec.ServiceAccountName,
		"spec.hostNetwork":         strconv.FormatBool(p.Spec.HostNetwork),
		"status.phase":             string(p.Status.Phase),
		"status.podIP":             podIP,
		"status.nominatedNodeName": p.Status.NominatedNodeName,
	}
}

// selectingLister answers list calls from the tracker, applying the field selector.
func selectingLister(tracker clienttesting.ObjectTracker, set func(runtime.Object) fields.Set) clienttesting.ReactionFunc {
	return func(action clienttesting.Action) (bool, runtime.Object, error) {
		la, ok := action.(clienttesting.ListAction)
		if !ok {
			return false, nil, nil
		}
		gvr := la.GetResource()
		gvk := gvr.GroupVersion().WithKind(listKind(gvr.Resource))
		obj, err := tracker.List(gvr, gvk, la.GetNamespace())
		if err != nil {
			return true, nil, err
		}
		sel := la.GetListRestrictions().Fields
		if sel == nil || sel.Empty() {
			return true, obj, nil
		}
		switch l := obj.(type) {
		case *corev1.EventList:
			items := l.Items[:0]
			for i := range l.Items {
				if sel.Matches(set(&l.Items[i])) {
					items = append(items, l.Items[i])
				}
			}
			l.Items = items
		case *corev1.PodList:
			items := l.Items[:0]
			for i := range l.Items {
				if sel.Matches(set(&l.Items[i])) {
					items = append(items, l.Items[i])
				}
			}
			l.Items = items
		}
		return true, obj, nil
	}
}

func listKind(resource string) string {
	switch resource {
	case "events":
		return "Event"
	case "pods":
		return "Pod"
	}
	return ""
}

// selectingClientset makes Events(ns).GetFieldSelector build the real selector (client-go
// v0.37.2 kubernetes/typed/core/v1/event_expansion.go); the fake returns Everything.
type selectingClientset struct{ *fake.Clientset }

func (c selectingClientset) CoreV1() corev1client.CoreV1Interface {
	return selectingCoreV1{c.Clientset.CoreV1()}
}

type selectingCoreV1 struct{ corev1client.CoreV1Interface }

func (c selectingCoreV1) Events(namespace string) corev1client.EventInterface {
	return selectingEvents{c.CoreV1Interface.Events(namespace)}
}

type selectingEvents struct{ corev1client.EventInterface }

// GetFieldSelector is client-go v0.37.2 kubernetes/typed/core/v1/event_expansion.go GetFieldSelector.
func (e selectingEvents) GetFieldSelector(involvedObjectName, involvedObjectNamespace, involvedObjectKind, involvedObjectUID *string) fields.Selector {
	field := fields.Set{}
	if involvedObjectName != nil {
		field["involvedObject.name"] = *involvedObjectName
	}
	if involvedObjectNamespace != nil {
		field["involvedObject.namespace"] = *involvedObjectNamespace
	}
	if involvedObjectKind != nil {
		field["involvedObject.kind"] = *involvedObjectKind
	}
	if involvedObjectUID != nil {
		field["involvedObject.uid"] = *involvedObjectUID
	}
	return field.AsSelector()
}
