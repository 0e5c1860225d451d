package controllers

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// garbageCollector is the part of k8s.io/kubernetes v1.37.2 pkg/controller/garbagecollector
// that tutorials see: when an owner is gone (deleted with the default background propagation
// kubectl sends), every object whose ownerReferences name it and have no other live owner is
// deleted, in the background too, GCLatency later (attemptToDeleteItem, deleteObject with
// propagationPolicy Background). Dependents of dependents follow as each level goes.
// Foreground deletion and orphaning (the foregroundDeletion and orphan finalizers) are not
// simulated: the API server deletes an object at once whatever propagationPolicy asks.
type garbageCollector struct {
	m *Manager
}

// dependentResources are the namespaced kinds a workload owns.
func dependentResources() []string {
	return []string{"pods", "replicasets", "jobs"}
}

// ownerDeleted schedules the collection of obj's dependents. Only the workload kinds own
// objects in the simulator (the EndpointSlices a Service owns are the API server's own
// business), so the deletion of anything else (Pods, expiring Events) costs nothing.
func (gc *garbageCollector) ownerDeleted(resource string, obj runtime.Object) {
	switch resource {
	case "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs":
	default:
		return
	}
	m, ok := obj.(metav1.Object)
	if !ok || m.GetUID() == "" {
		return
	}
	ns, uid := m.GetNamespace(), m.GetUID()
	gc.m.clk.After(gc.m.d.GCLatency, func() { gc.collect(ns, uid) })
}

type dependent struct {
	resource, namespace, name string
	uid                       types.UID
}

// collect deletes the dependents of the owner uid in namespace ns whose every owner is gone.
func (gc *garbageCollector) collect(ns string, owner types.UID) {
	var doomed []dependent
	for _, res := range dependentResources() {
		if _, ok := gc.m.api.Resource(res); !ok {
			continue
		}
		_ = gc.m.api.Range(res, ns, func(obj runtime.Object) {
			m := obj.(metav1.Object)
			refs := m.GetOwnerReferences()
			if len(refs) == 0 || m.GetDeletionTimestamp() != nil {
				return
			}
			names := false
			for _, r := range refs {
				if r.UID == owner {
					names = true
				}
			}
			if !names {
				return
			}
			doomed = append(doomed, dependent{res, m.GetNamespace(), m.GetName(), m.GetUID()})
		})
	}
	for _, d := range doomed {
		if gc.hasLiveOwner(d) {
			continue
		}
		uid := d.uid
		_, _ = gc.m.api.Delete(d.resource, d.namespace, d.name, apiserver.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}})
	}
}

// hasLiveOwner: the dependent has an owner that still exists (with the same uid).
func (gc *garbageCollector) hasLiveOwner(d dependent) bool {
	obj := gc.m.get(d.resource, d.namespace, d.name)
	if obj == nil {
		return true // already gone: nothing to do
	}
	for _, r := range obj.(metav1.Object).GetOwnerReferences() {
		res := ownerResource(r)
		if res == "" {
			continue
		}
		if o := gc.m.get(res, d.namespace, r.Name); o != nil && o.(metav1.Object).GetUID() == r.UID {
			return true
		}
	}
	return false
}

// ownerResource maps an owner's kind to its resource.
func ownerResource(r metav1.OwnerReference) string {
	switch r.Kind {
	case "Deployment":
		return "deployments"
	case "ReplicaSet":
		return "replicasets"
	case "StatefulSet":
		return "statefulsets"
	case "DaemonSet":
		return "daemonsets"
	case "Job":
		return "jobs"
	case "CronJob":
		return "cronjobs"
	case "Pod":
		return "pods"
	case "Service":
		return "services"
	}
	return ""
}
