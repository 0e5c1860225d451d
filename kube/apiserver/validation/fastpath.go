package validation

import (
	"regexp"
	"slices"
	"sync"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	v1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Fast paths: every write of an existing object validates its metadata against the stored
// one (ValidateObjectMetaAccessorUpdate, twice for a Pod status write), which builds a dozen
// field paths and boxes values for reflective comparisons even when nothing is wrong. The
// kubelet writes a Pod's status every few seconds with metadata equal to the stored one, so the
// check below answers "no errors" for that case without allocating; whenever it cannot be
// sure, the real validation runs and gives the real errors. It only ever skips calls whose
// result would be empty.

// MetaUpdateNoErrors reports that apimachinery's ValidateObjectMetaAccessorUpdate(newMeta,
// oldMeta, path) returns no errors (false: it may, run it). It mirrors each of its checks
// (k8s.io/apimachinery v0.37.2 pkg/api/validation/objectmeta.go) with a sufficient condition.
func MetaUpdateNoErrors(newMeta, oldMeta *metav1.ObjectMeta) bool {
	n, o := newMeta, oldMeta
	// ValidateNoNewFinalizers when the object is being deleted.
	if o.DeletionTimestamp != nil && !slices.Equal(n.Finalizers, o.Finalizers) {
		return false
	}
	// resourceVersion required; generation non-negative and not decremented.
	if n.ResourceVersion == "" || n.Generation < 0 || n.Generation < o.Generation {
		return false
	}
	// ValidateImmutableField (apiequality.Semantic: metav1.Time compares a.UTC() == b.UTC()).
	if n.Name != o.Name || n.Namespace != o.Namespace || n.UID != o.UID ||
		n.CreationTimestamp.UTC() != o.CreationTimestamp.UTC() {
		return false
	}
	switch {
	case n.DeletionTimestamp == nil && o.DeletionTimestamp == nil:
	case n.DeletionTimestamp == nil || o.DeletionTimestamp == nil:
		return false
	case n.DeletionTimestamp.UTC() != o.DeletionTimestamp.UTC():
		return false
	}
	switch {
	case n.DeletionGracePeriodSeconds == nil && o.DeletionGracePeriodSeconds == nil:
	case n.DeletionGracePeriodSeconds == nil || o.DeletionGracePeriodSeconds == nil:
		return false
	case *n.DeletionGracePeriodSeconds != *o.DeletionGracePeriodSeconds:
		return false
	}
	// Labels and annotations are validated for what they hold (the paths only matter in
	// errors); owner references and managed fields are not checked here.
	if len(n.OwnerReferences) > 0 || len(n.ManagedFields) > 0 {
		return false
	}
	if len(n.Labels) > 0 && len(v1validation.ValidateLabels(n.Labels, field.NewPath("metadata", "labels"))) > 0 {
		return false
	}
	if len(n.Annotations) > 0 && len(apimachineryvalidation.ValidateAnnotations(n.Annotations, field.NewPath("metadata", "annotations"))) > 0 {
		return false
	}
	return true
}

// ObjectMetaAccessorUpdate is apimachinery's ValidateObjectMetaAccessorUpdate(newMeta,
// oldMeta, field.NewPath("metadata")) for the metadata of newObj and oldObj, skipped when
// MetaUpdateNoErrors proves it empty.
func ObjectMetaAccessorUpdate(newObj, oldObj runtime.Object, newMeta, oldMeta metav1.Object) field.ErrorList {
	if n, o := objectMeta(newObj), objectMeta(oldObj); n != nil && o != nil && MetaUpdateNoErrors(n, o) {
		return nil
	}
	return apimachineryvalidation.ValidateObjectMetaAccessorUpdate(newMeta, oldMeta, field.NewPath("metadata"))
}

func objectMeta(obj runtime.Object) *metav1.ObjectMeta {
	if a, ok := obj.(metav1.ObjectMetaAccessor); ok {
		m, _ := a.GetObjectMeta().(*metav1.ObjectMeta)
		return m
	}
	return nil
}

// podStatusPathSet holds the field paths ValidatePodStatusUpdate hands to its checks. A
// field.Path is never changed once made (errors keep its string), so they are built once,
// lazily, and shared: immutable data, not mutable package state.
type podStatusPathSet struct {
	metadata, annotations, status, conditions                            *field.Path
	containerStatuses, initContainerStatuses, ephemeralContainerStatuses *field.Path
	resourceClaimStatuses, extendedResourceClaimStatus                   *field.Path
	nodeAllocatableResourceClaimStatuses, podIPs, hostIPs                *field.Path
}

var podStatusPaths = sync.OnceValue(func() *podStatusPathSet {
	m, st := field.NewPath("metadata"), field.NewPath("status")
	return &podStatusPathSet{
		metadata: m, annotations: m.Child("annotations"), status: st, conditions: st.Child("conditions"),
		containerStatuses: st.Child("containerStatuses"), initContainerStatuses: st.Child("initContainerStatuses"),
		ephemeralContainerStatuses: st.Child("ephemeralContainerStatuses"), resourceClaimStatuses: st.Child("resourceClaimStatuses"),
		extendedResourceClaimStatus:          st.Child("extendedResourceClaimStatus"),
		nodeAllocatableResourceClaimStatuses: st.Child("nodeAllocatableResourceClaimStatuses"),
		podIPs:                               field.NewPath("status", "podIPs"), hostIPs: field.NewPath("status", "hostIPs"),
	}
})

// simpleQualifiedName reports that content.IsLabelKey (IsQualifiedName) accepts s without
// running its regexp: 1 to 63 ASCII letters and digits, no prefix, no '-', '_' or '.'
// (PodReady, ContainersReady, app, …). Anything else goes through the real check.
func simpleQualifiedName(s string) bool {
	if len(s) == 0 || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// lazyRegexp compiles expr on first use rather than at package initialisation (docbuild:
// the copied package-level regexps cost process start-up for every program that links the
// simulator). The compiled expression is immutable, so this is lazily built read-only data.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
