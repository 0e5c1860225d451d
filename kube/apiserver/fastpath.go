package apiserver

import (
	"maps"
	"net/http"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// objectMetaUpdate is rest.ValidateUpdate's metadata check (apimachinery
// ValidateObjectMetaAccessorUpdate), skipped when it is proven to find nothing
// (validation.MetaUpdateNoErrors).
func objectMetaUpdate(obj, existing runtime.Object, m, old metav1.Object) field.ErrorList {
	return validation.ObjectMetaAccessorUpdate(obj, existing, m, old)
}

// PatchPodStatus is the kubelet status manager's write as kube/cluster's kubelet client sends
// it: a patch of the status, so without resourceVersion precondition, with the Pod's UID as
// precondition. It answers what a Get then an UpdatePodStatus with the current resourceVersion
// would: Get's NotFound, a Conflict when the UID differs, else the status write. pod is only
// read. The result is the stored Pod itself (read-only, see UpdatePodStatusShared).
func (s *Server) PatchPodStatus(pod *corev1.Pod) (*corev1.Pod, error) {
	s.mu.Lock()
	cur, ok := s.store["pods"][key(requestNamespace(s.byName["pods"], pod.Namespace, nil), pod.Name)]
	var uid string
	var rv string
	if ok {
		m := mustAccessor(cur)
		uid, rv = string(m.GetUID()), m.GetResourceVersion()
	}
	s.mu.Unlock()
	if !ok {
		return nil, notFound(s.byName["pods"], pod.Name)
	}
	if uid != string(pod.UID) {
		return nil, apierrors.NewConflict(corev1.Resource("pods"), pod.Name, nil)
	}
	return s.updatePodStatusShared(pod, rv)
}

// updatePodStatusShared is UpdatePodStatusShared of pod with resourceVersion rv.
func (s *Server) updatePodStatusShared(pod *corev1.Pod, rv string) (out *corev1.Pod, err error) {
	func() {
		defer recoverRequest(http.MethodPut, "status", "", &err)
		r := s.byName["pods"]
		var obj runtime.Object
		s.locked(func() {
			cur, _ := s.store["pods"][key(requestNamespace(r, pod.Namespace, nil), pod.Name)].(*corev1.Pod)
			n := podStatusCopy(pod, cur)
			n.ResourceVersion = rv
			obj, err = s.updateStatusLocked(r, n, true)
		})
		err = statusErr(err)
		if err == nil {
			out = obj.(*corev1.Pod)
		}
	}()
	s.dispatch()
	return out, err
}

// podStatusCopy is copyForStatus for a Pod status write over cur (the stored Pod, or nil): of
// the metadata, only labels, annotations, managedFields and the scalars survive the status
// strategy (the rest is taken from the stored object), and labels or annotations equal to the
// stored ones are shared with it rather than copied (stored objects are never modified).
func podStatusCopy(pod, cur *corev1.Pod) *corev1.Pod {
	if cur == nil {
		return copyForStatus(pod).(*corev1.Pod)
	}
	n := &corev1.Pod{TypeMeta: pod.TypeMeta, ObjectMeta: pod.ObjectMeta}
	// ownerReferences, finalizers, deletionTimestamp and deletionGracePeriodSeconds are
	// replaced by the stored ones before anything reads them (updateStatusLocked).
	n.Labels = sameOrClone(pod.Labels, cur.Labels)
	n.Annotations = sameOrClone(pod.Annotations, cur.Annotations)
	if pod.ManagedFields != nil {
		n.ManagedFields = (&metav1.ObjectMeta{ManagedFields: pod.ManagedFields}).DeepCopy().ManagedFields
	}
	pod.Status.DeepCopyInto(&n.Status)
	return n
}

// sameOrClone returns stored when m holds the same entries (nil and empty told apart, as a
// deep copy keeps them), else a copy of m.
func sameOrClone(m, stored map[string]string) map[string]string {
	if (m == nil) == (stored == nil) && maps.Equal(m, stored) {
		return stored
	}
	return maps.Clone(m)
}
