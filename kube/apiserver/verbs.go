package apiserver

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"time"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/mergepatch"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/watch"
	kjson "sigs.k8s.io/json"

	"github.com/docbuild/docbuild/kube/apiserver/internal/handlers"
)

// CreateOptions are the query parameters of a create (metav1.CreateOptions).
type CreateOptions struct {
	// DryRun is ?dryRun=All: everything but the write.
	DryRun bool
	// FieldValidation is "Strict" (kubectl's default), "Warn" (the server's default when
	// empty) or "Ignore".
	FieldValidation string
	// FieldManager is accepted and ignored (managedFields are not kept).
	FieldManager string
}

// UpdateOptions are the query parameters of an update or a status write.
type UpdateOptions = CreateOptions

// PatchOptions are the query parameters of a patch.
type PatchOptions = CreateOptions

// DeleteOptions is the body of a delete (metav1.DeleteOptions).
type DeleteOptions struct {
	// GracePeriodSeconds overrides the object's grace period (kubectl --grace-period; --force
	// --grace-period=0 sends 0).
	GracePeriodSeconds *int64
	Preconditions      *metav1.Preconditions
	DryRun             bool
}

// ListOptions select what List returns.
type ListOptions struct {
	LabelSelector string // e.g. "app=web,tier!=db"
	FieldSelector string // e.g. "status.phase=Running"
}

// Create decodes body (the JSON kubectl sends; YAML is accepted too) as the server's create
// handler does and stores the object in namespace (ignored for cluster-scoped resources; ""
// means the object's own namespace, else "default"). It returns the stored object and the
// warnings the server sends back (Warning headers).
func (s *Server) Create(resource, namespace string, body []byte, opts CreateOptions) (out runtime.Object, warnings []string, err error) {
	func() {
		defer recoverRequest(http.MethodPost, resource, "", &err)
		out, warnings, err = s.create(resource, namespace, body, opts)
	}()
	s.dispatch()
	return out, warnings, err
}

func (s *Server) create(resource, namespace string, body []byte, opts CreateOptions) (runtime.Object, []string, error) {
	r, err := s.lookup(resource)
	if err != nil {
		return nil, nil, err
	}
	if err := validateOptions("CreateOptions", opts); err != nil {
		return nil, nil, err
	}
	obj, warnings, err := s.decodeBody(r, body, opts.FieldValidation)
	if err != nil {
		return nil, nil, err
	}
	warnings = append(s.RequestWarnings(r.info.Name), warnings...)
	var out runtime.Object
	s.locked(func() { out, err = s.createTyped(r, namespace, obj, opts, &warnings) })
	return out, warnings, statusErr(err)
}

// CreateObject creates a typed object (a *corev1.Pod, *corev1.Node, …) exactly as if its JSON
// had been posted: the object is encoded and goes through Create. The resource is found from
// the object's Go type.
func (s *Server) CreateObject(namespace string, obj runtime.Object, opts CreateOptions) (runtime.Object, []string, error) {
	r, err := s.resourceFor(obj)
	if err != nil {
		return nil, nil, err
	}
	body, err := s.encode(r, obj)
	if err != nil {
		return nil, nil, apierrors.NewBadRequest(err.Error())
	}
	return s.Create(r.info.Name, namespace, body, opts)
}

func (s *Server) resourceFor(obj runtime.Object) (*resource, error) {
	gvks, _, err := s.codec.scheme.ObjectKinds(obj)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	for _, r := range s.res {
		if r.gvk == gvks[0] {
			return r, nil
		}
	}
	return nil, notFoundPath()
}

// createInternal creates an object made inside the server (bootstrap, controllers, event
// recorders): defaulted as a decoded body would be. s.mu is held.
func (s *Server) createInternal(r *resource, namespace string, obj runtime.Object, opts CreateOptions, warnings *[]string) (runtime.Object, error) {
	s.codec.scheme.Default(obj)
	return s.createTyped(r, namespace, obj, opts, warnings)
}

// requestNamespace resolves the namespace a request addresses.
func requestNamespace(r *resource, namespace string, obj runtime.Object) string {
	if !r.info.Namespaced {
		return ""
	}
	if namespace != "" {
		return namespace
	}
	if obj != nil {
		if ns := mustAccessor(obj).GetNamespace(); ns != "" {
			return ns
		}
	}
	return metav1.NamespaceDefault
}

// createTyped is the create path after decoding: k8s.io/apiserver v0.37.2
// pkg/endpoints/handlers/create.go (namespace check, mutating admission) then
// pkg/registry/generic/registry/store.go Store.create and pkg/registry/rest/create.go
// BeforeCreate. s.mu is held.
func (s *Server) createTyped(r *resource, namespace string, obj runtime.Object, opts CreateOptions, warnings *[]string) (runtime.Object, error) {
	if r.decoded != nil {
		r.decoded(obj)
	}
	m := mustAccessor(obj)
	// rest.WipeObjectMetaSystemFields
	m.SetCreationTimestamp(metav1.Time{})
	m.SetUID("")
	m.SetDeletionTimestamp(nil)
	m.SetDeletionGracePeriodSeconds(nil)
	m.SetSelfLink("")
	ns := requestNamespace(r, namespace, obj)
	if err := ensureNamespace(ns, m); err != nil {
		return nil, err
	}
	if err := s.admitNamespaceLifecycle(r, opCreate, obj); err != nil {
		return nil, err
	}
	if r.admit != nil {
		if err := r.admit(s, opCreate, obj, nil); err != nil {
			return nil, err
		}
	}
	// Store.create: FillObjectMetaSystemFields, name generation.
	m.SetCreationTimestamp(s.now())
	m.SetUID(s.newUID())
	if len(m.GetGenerateName()) > 0 && len(m.GetName()) == 0 {
		m.SetName(s.generateName(m.GetGenerateName()))
	}
	var release func()
	if r.beginCreate != nil {
		var err error
		if release, err = r.beginCreate(s, obj); err != nil {
			return nil, err
		}
	}
	fail := func(err error) (runtime.Object, error) {
		if release != nil {
			release()
		}
		return nil, err
	}
	// rest.BeforeCreate
	if r.prepareForCreate != nil {
		r.prepareForCreate(s, obj)
	}
	var errs field.ErrorList
	if r.validate != nil {
		errs = r.validate(obj)
	}
	if len(errs) == 0 {
		errs = append(errs, apimachineryvalidation.ValidateObjectMetaAccessor(m, r.info.Namespaced, path.ValidatePathSegmentName, field.NewPath("metadata"))...)
	}
	if len(errs) > 0 {
		return fail(apierrors.NewInvalid(r.groupKind(), m.GetName(), errs))
	}
	if r.warningsOnCreate != nil && warnings != nil {
		*warnings = append(*warnings, r.warningsOnCreate(obj)...)
	}
	if r.canonicalize != nil {
		r.canonicalize(obj)
	}
	// Validating admission (Store.create's createValidation): PodSecurity, podsecurity.go.
	if err := s.admitPodSecurity(r, opCreate, obj, nil, warnings); err != nil {
		return fail(err)
	}
	if existing, ok := s.store[r.info.Name][key(m.GetNamespace(), m.GetName())]; ok {
		err := apierrors.NewAlreadyExists(r.groupResource(), m.GetName())
		if mustAccessor(existing).GetDeletionTimestamp() != nil {
			err.ErrStatus.Message = fmt.Sprintf("object is being deleted: %s", err.ErrStatus.Message)
		}
		return fail(err)
	}
	if opts.DryRun {
		if release != nil {
			release()
		}
		return s.withKind(r, obj.DeepCopyObject()), nil
	}
	s.commit(r, watch.Added, obj, nil)
	if r.afterCreate != nil {
		r.afterCreate(s, obj)
	}
	return s.withKind(r, obj.DeepCopyObject()), nil
}

// ensureNamespace is k8s.io/apiserver v0.37.2 pkg/registry/rest/meta.go
// EnsureObjectNamespaceMatchesRequestNamespace.
func ensureNamespace(requestNamespace string, m metav1.Object) error {
	switch objNamespace := m.GetNamespace(); {
	case objNamespace == requestNamespace:
		return nil
	case objNamespace == metav1.NamespaceNone:
		m.SetNamespace(requestNamespace)
		return nil
	case requestNamespace == metav1.NamespaceNone:
		m.SetNamespace(metav1.NamespaceNone)
		return nil
	default:
		return apierrors.NewBadRequest("the namespace of the provided object does not match the namespace sent on the request")
	}
}

// admitNamespaceLifecycle is k8s.io/apiserver v0.37.2 pkg/admission/plugin/namespace/lifecycle
// Admit.
func (s *Server) admitNamespaceLifecycle(r *resource, op operation, obj runtime.Object) error {
	m := mustAccessor(obj)
	if r.info.Name == "namespaces" {
		if op == opDelete && immortalNamespace(m.GetName()) {
			return apierrors.NewForbidden(r.groupResource(), m.GetName(), fmt.Errorf("this namespace may not be deleted"))
		}
		return nil
	}
	if !r.info.Namespaced || op != opCreate {
		return nil
	}
	nsObj, ok := s.store["namespaces"][key("", m.GetNamespace())]
	if !ok {
		return apierrors.NewNotFound(corev1.Resource("namespaces"), m.GetNamespace())
	}
	if nsObj.(*corev1.Namespace).Status.Phase != corev1.NamespaceTerminating {
		return nil
	}
	name := m.GetName()
	if name == "" {
		name = m.GetGenerateName()
	}
	err := apierrors.NewForbidden(r.groupResource(), name, fmt.Errorf("unable to create new content in namespace %s because it is being terminated", m.GetNamespace()))
	err.ErrStatus.Details.Causes = append(err.ErrStatus.Details.Causes, metav1.StatusCause{
		Type:    corev1.NamespaceTerminatingCause,
		Message: fmt.Sprintf("namespace %s is being terminated", m.GetNamespace()),
		Field:   "metadata.namespace",
	})
	return err
}

func immortalNamespace(name string) bool {
	return name == metav1.NamespaceDefault || name == metav1.NamespaceSystem || name == metav1.NamespacePublic
}

// Get returns a copy of the object, or NotFound (`pods "x" not found`).
func (s *Server) Get(resource, namespace, name string) (runtime.Object, error) {
	r, err := s.lookup(resource)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.info.Name == "events" {
		s.eventHousekeeping()
	}
	obj, ok := s.store[r.info.Name][key(requestNamespace(r, namespace, nil), name)]
	if !ok {
		return nil, notFound(r, name)
	}
	return s.withKind(r, obj.DeepCopyObject()), nil
}

// Peek calls fn with the stored object (read-only, without apiVersion/kind; fn must not keep
// it nor call the server), or returns Get's NotFound. Get without the copy, for the cluster's
// components that read one field.
func (s *Server) Peek(resource, namespace, name string, fn func(runtime.Object)) error {
	r, err := s.lookup(resource)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.info.Name == "events" {
		s.eventHousekeeping()
	}
	obj, ok := s.store[r.info.Name][key(requestNamespace(r, namespace, nil), name)]
	if !ok {
		return notFound(r, name)
	}
	fn(obj)
	return nil
}

// Range calls fn with every stored object of resource in namespace ("" = all), in List's
// order, without selectors or copies: the objects are read-only (see WatchShared) and fn must
// not call the server. For the cluster's scheduler, which reads every Pod on each attempt.
func (s *Server) Range(resource, namespace string, fn func(runtime.Object)) error {
	r, err := s.lookup(resource)
	if err != nil {
		return err
	}
	if !r.info.Namespaced {
		namespace = ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.info.Name == "events" {
		s.eventHousekeeping()
	}
	objs := s.store[r.info.Name]
	for _, k := range s.sortedKeys(r, namespace) {
		fn(objs[k])
	}
	return nil
}

// List returns the typed list (*corev1.PodList, …) of the objects in namespace ("" = all
// namespaces) matching the selectors, in etcd key order (namespace, then name). As in the real
// server's responses, list items carry no apiVersion/kind.
//
// The items are shallow copies: their maps, slices and pointers are shared with the store
// (which never modifies a stored object in place), so treat them as read-only, like objects
// from a client-go informer cache, and DeepCopy an item before changing anything below its
// top-level fields. This keeps `kubectl get` over thousands of objects cheap.
func (s *Server) List(resource, namespace string, opts ListOptions) (runtime.Object, error) {
	r, err := s.lookup(resource)
	if err != nil {
		return nil, err
	}
	lsel, err := labels.Parse(opts.LabelSelector)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	fsel, err := fields.ParseSelector(opts.FieldSelector)
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	// k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/get.go ListResource: field labels are
	// converted with the kind's field label conversion function.
	fsel, err = fsel.Transform(func(label, value string) (string, string, error) {
		if l, ok := r.fieldLabels[label]; ok {
			return l, value, nil
		}
		if label == "metadata.name" || (label == "metadata.namespace" && r.info.Namespaced) {
			return label, value, nil
		}
		return "", "", fmt.Errorf("field label not supported: %s", label)
	})
	if err != nil {
		return nil, apierrors.NewBadRequest(err.Error())
	}
	if !r.info.Namespaced {
		namespace = ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.info.Name == "events" {
		s.eventHousekeeping()
	}
	var items []runtime.Object
	for _, k := range s.sortedKeys(r, namespace) {
		obj := s.store[r.info.Name][k]
		m := mustAccessor(obj)
		if !lsel.Matches(labels.Set(m.GetLabels())) {
			continue
		}
		if !fsel.Empty() {
			set := metaFields(obj, r.info.Namespaced)
			if r.fieldSet != nil {
				set = r.fieldSet(obj)
			}
			if !fsel.Matches(set) {
				continue
			}
		}
		items = append(items, obj)
	}
	list := r.newList(items)
	lm, _ := meta.ListAccessor(list)
	lm.SetResourceVersion(fmt.Sprint(s.rv))
	list.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{Group: r.info.Group, Version: r.info.Version, Kind: r.info.Kind + "List"})
	return list, nil
}

// Update replaces an object (PUT, `kubectl replace`): body is decoded like Create; the name
// must match; a non-empty resourceVersion must be the current one (else Conflict).
func (s *Server) Update(resource, namespace, name string, body []byte, opts UpdateOptions) (out runtime.Object, warnings []string, err error) {
	func() {
		defer recoverRequest(http.MethodPut, resource, name, &err)
		out, warnings, err = s.update(resource, namespace, name, body, opts)
	}()
	s.dispatch()
	return out, warnings, err
}

func (s *Server) update(resource, namespace, name string, body []byte, opts UpdateOptions) (runtime.Object, []string, error) {
	r, err := s.lookup(resource)
	if err != nil {
		return nil, nil, err
	}
	if err := validateOptions("UpdateOptions", opts); err != nil {
		return nil, nil, err
	}
	obj, warnings, err := s.decodeBody(r, body, opts.FieldValidation)
	if err != nil {
		return nil, nil, err
	}
	ns := requestNamespace(r, namespace, obj)
	if err := checkName(obj, name, ns); err != nil {
		return nil, nil, err
	}
	warnings = append(s.RequestWarnings(r.info.Name), warnings...)
	var out runtime.Object
	s.locked(func() { out, err = s.updateTyped(r, ns, name, obj, opts, &warnings) })
	return out, warnings, statusErr(err)
}

// UpdateObject is Update with a typed object (encoded and sent as JSON).
func (s *Server) UpdateObject(obj runtime.Object, opts UpdateOptions) (runtime.Object, []string, error) {
	r, err := s.resourceFor(obj)
	if err != nil {
		return nil, nil, err
	}
	body, err := s.encode(r, obj)
	if err != nil {
		return nil, nil, apierrors.NewBadRequest(err.Error())
	}
	m := mustAccessor(obj)
	return s.Update(r.info.Name, m.GetNamespace(), m.GetName(), body, opts)
}

// checkName is k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/rest.go checkName.
func checkName(obj runtime.Object, name, namespace string) error {
	m := mustAccessor(obj)
	if m.GetName() != name {
		return apierrors.NewBadRequest(fmt.Sprintf("the name of the object (%s) does not match the name on the URL (%s)", m.GetName(), name))
	}
	if len(namespace) > 0 && len(m.GetNamespace()) > 0 && m.GetNamespace() != namespace {
		return apierrors.NewBadRequest(fmt.Sprintf("the namespace of the object (%s) does not match the namespace on the URL (%s)", m.GetNamespace(), namespace))
	}
	return nil
}

// optimisticLockErrorMsg is k8s.io/apiserver v0.37.2 pkg/storage/errors.go OptimisticLockErrorMsg.
const optimisticLockErrorMsg = "the object has been modified; please apply your changes to the latest version and try again"

// updateTyped is pkg/registry/generic/registry/store.go Store.Update with
// pkg/registry/rest/update.go BeforeUpdate. s.mu is held.
func (s *Server) updateTyped(r *resource, ns, name string, obj runtime.Object, opts UpdateOptions, warnings *[]string) (runtime.Object, error) {
	if r.decoded != nil {
		r.decoded(obj)
	}
	existing, ok := s.store[r.info.Name][key(ns, name)]
	if !ok {
		if r.allowCreateOnUpdate {
			return s.createTyped(r, ns, obj, opts, warnings)
		}
		return nil, notFound(r, name)
	}
	m, old := mustAccessor(obj), mustAccessor(existing)
	// Every core strategy allows unconditional updates: an empty resourceVersion takes the
	// stored one (Store.Update doUnconditionalUpdate).
	if rv := m.GetResourceVersion(); rv == "" {
		m.SetResourceVersion(old.GetResourceVersion())
	} else if rv != old.GetResourceVersion() {
		return nil, apierrors.NewConflict(r.groupResource(), name, errors.New(optimisticLockErrorMsg))
	}
	if err := ensureNamespace(ns, m); err != nil {
		return nil, err
	}
	if r.admit != nil {
		if err := r.admit(s, opUpdate, obj, existing); err != nil {
			return nil, err
		}
	}
	// rest.BeforeUpdate
	m.SetGeneration(old.GetGeneration())
	if r.prepareForUpdate != nil {
		r.prepareForUpdate(obj, existing)
	}
	if len(m.GetUID()) == 0 {
		m.SetUID(old.GetUID())
	}
	if ct := old.GetCreationTimestamp(); !ct.IsZero() {
		m.SetCreationTimestamp(ct)
	}
	if old.GetDeletionTimestamp() != nil {
		m.SetDeletionTimestamp(old.GetDeletionTimestamp())
	}
	if old.GetDeletionGracePeriodSeconds() != nil && m.GetDeletionGracePeriodSeconds() == nil {
		m.SetDeletionGracePeriodSeconds(old.GetDeletionGracePeriodSeconds())
	}
	// rest.ValidateUpdate: validateCommonFields, then the strategy's ValidateUpdate.
	errs := apimachineryvalidation.ValidateObjectMetaAccessor(m, r.info.Namespaced, path.ValidatePathSegmentName, field.NewPath("metadata"))
	errs = append(errs, objectMetaUpdate(obj, existing, m, old)...)
	if r.validateUpdate != nil {
		errs = append(errs, r.validateUpdate(s, obj, existing)...)
	}
	if len(errs) > 0 {
		return nil, apierrors.NewInvalid(r.groupKind(), m.GetName(), errs)
	}
	if r.canonicalize != nil {
		r.canonicalize(obj)
	}
	// Validating admission (Store.Update's updateValidation): PodSecurity, podsecurity.go.
	if err := s.admitPodSecurity(r, opUpdate, obj, existing, warnings); err != nil {
		return nil, err
	}
	return s.finishUpdate(r, obj, existing, opts.DryRun), nil
}

// finishUpdate writes obj unless it equals existing (a no-op write keeps the resourceVersion
// and sends no watch event, as GuaranteedUpdate does).
func (s *Server) finishUpdate(r *resource, obj, existing runtime.Object, dryRun bool) runtime.Object {
	if dryRun {
		mustAccessor(obj).SetResourceVersion(mustAccessor(existing).GetResourceVersion())
		return s.withKind(r, obj.DeepCopyObject())
	}
	return s.withKind(r, s.commitUpdate(r, obj, existing).DeepCopyObject())
}

// commitUpdate is finishUpdate without dry run: it returns the stored object (obj, or
// existing after a no-op write) itself.
func (s *Server) commitUpdate(r *resource, obj, existing runtime.Object) runtime.Object {
	mustAccessor(obj).SetResourceVersion(mustAccessor(existing).GetResourceVersion())
	if s.sameBytes(r, obj, existing) {
		return existing
	}
	return s.commit(r, watch.Modified, obj, existing)
}

// sameBytes reports whether a and b encode to the same JSON: by a structural comparison
// (jsonequal.go), or by encoding both when that comparison is unsure.
func (s *Server) sameBytes(r *resource, a, b runtime.Object) bool {
	switch jsonEqual(a, b) {
	case eqSame:
		return true
	case eqDiffer:
		return false
	}
	return s.encodedEqual(r, a, b)
}

// encodedEqual compares the encodings of a and b (an error counts as different).
func (s *Server) encodedEqual(r *resource, a, b runtime.Object) bool {
	ab, err1 := s.encode(r, a)
	bb, err2 := s.encode(r, b)
	return err1 == nil && err2 == nil && bytes.Equal(ab, bb)
}

// Patch applies a JSON patch ("application/json-patch+json"), a JSON merge patch
// ("application/merge-patch+json") or a strategic merge patch
// ("application/strategic-merge-patch+json") to the live object and updates it, with the error
// texts of k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/patch.go.
func (s *Server) Patch(resource, namespace, name string, pt types.PatchType, patch []byte, opts PatchOptions) (out runtime.Object, warnings []string, err error) {
	func() {
		defer recoverRequest(http.MethodPatch, resource, name, &err)
		out, warnings, err = s.patch(resource, namespace, name, pt, patch, opts)
	}()
	s.dispatch()
	return out, warnings, err
}

func (s *Server) patch(resource, namespace, name string, pt types.PatchType, patch []byte, opts PatchOptions) (runtime.Object, []string, error) {
	r, err := s.lookup(resource)
	if err != nil {
		return nil, nil, err
	}
	if err := validateOptions("PatchOptions", opts); err != nil {
		return nil, nil, err
	}
	directive := fieldValidation(opts.FieldValidation)
	ns := requestNamespace(r, namespace, nil)
	var ok bool
	var current []byte
	s.locked(func() {
		var existing runtime.Object
		if existing, ok = s.store[r.info.Name][key(ns, name)]; ok {
			current, err = s.encode(r, existing)
		}
	})
	if !ok {
		return nil, nil, notFound(r, name)
	}
	if err != nil {
		return nil, nil, apierrors.NewInternalError(err)
	}
	var obj runtime.Object
	var warnings []string
	switch pt {
	case types.JSONPatchType, types.MergePatchType:
		obj, warnings, err = s.jsonPatch(r, pt, current, patch, directive)
	case types.StrategicMergePatchType:
		obj, warnings, err = s.strategicPatch(r, current, patch, directive)
	case types.ApplyYAMLPatchType, types.ApplyCBORPatchType:
		return nil, nil, apierrors.NewBadRequest("server-side apply is not simulated")
	default:
		return nil, nil, plainError(fmt.Errorf("%v: unimplemented patch type", pt))
	}
	if err != nil {
		return nil, nil, statusErr(err)
	}
	if err := ensureNamespace(ns, mustAccessor(obj)); err != nil {
		return nil, nil, err
	}
	if err := checkName(obj, name, ns); err != nil {
		return nil, nil, err
	}
	warnings = append(s.RequestWarnings(r.info.Name), warnings...)
	var out runtime.Object
	s.locked(func() { out, err = s.updateTyped(r, ns, name, obj, opts, &warnings) })
	return out, warnings, statusErr(err)
}

// maxJSONPatchOperations is k8s.io/apiserver v0.37.2 handlers/patch.go maxJSONPatchOperations.
const maxJSONPatchOperations = 10000

// jsonPatch is jsonPatcher.applyPatchToCurrentObject + applyJSPatch.
func (s *Server) jsonPatch(r *resource, pt types.PatchType, current, patch []byte, directive string) (runtime.Object, []string, error) {
	var strictErrs []error
	var patched []byte
	switch pt {
	case types.JSONPatchType:
		if directive == FieldValidationStrict || directive == FieldValidationWarn {
			var err error
			if strictErrs, err = handlers.UnmarshalJSONPatchStrict(patch); err != nil {
				return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("error decoding patch: %v", err))
			}
			for i, e := range strictErrs {
				strictErrs[i] = fmt.Errorf("json patch %v", e)
			}
		}
		ops, err := jsonpatch.DecodePatch(patch)
		if err != nil {
			return nil, nil, apierrors.NewBadRequest(err.Error())
		}
		if len(ops) > maxJSONPatchOperations {
			return nil, nil, apierrors.NewRequestEntityTooLargeError(fmt.Sprintf("The allowed maximum operations in a JSON patch is %d, got %d", maxJSONPatchOperations, len(ops)))
		}
		patched, err = ops.Apply(current)
		if err != nil {
			return nil, nil, apierrors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", schema.GroupResource{}, "", err.Error(), 0, false)
		}
	case types.MergePatchType:
		if directive == FieldValidationStrict || directive == FieldValidationWarn {
			v := map[string]any{}
			var err error
			if strictErrs, err = kjson.UnmarshalStrict(patch, &v); err != nil {
				return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("error decoding patch: %v", err))
			}
		}
		var err error
		patched, err = jsonpatch.MergePatch(current, patch)
		if err == jsonpatch.ErrBadJSONPatch {
			return nil, nil, apierrors.NewBadRequest(err.Error())
		}
		if err != nil {
			return nil, nil, plainError(err)
		}
	}
	dec := s.codec.strict
	if directive == FieldValidationIgnore {
		dec = s.codec.lax
	}
	into := r.newObj()
	obj, _, err := dec.Decode(patched, nil, into)
	var warnings []string
	if err != nil {
		strictErr, isStrict := runtime.AsStrictDecodingError(err)
		switch {
		case !isStrict:
			return nil, nil, patchInvalid(string(patched), err.Error())
		case directive == FieldValidationWarn:
			warnings = strictWarnings(append(strictErrs, strictErr.Errors()...))
		default:
			return nil, nil, patchInvalid(string(patched), runtime.NewStrictDecodingError(append(strictErrs, strictErr.Errors()...)).Error())
		}
	} else if len(strictErrs) > 0 {
		if directive == FieldValidationWarn {
			warnings = strictWarnings(strictErrs)
		} else {
			return nil, nil, patchInvalid(string(patched), runtime.NewStrictDecodingError(strictErrs).Error())
		}
	}
	obj.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	s.codec.scheme.Default(obj)
	return obj, warnings, nil
}

// strategicPatch is strategicPatchObject + applyPatchToObject.
func (s *Server) strategicPatch(r *resource, current, patch []byte, directive string) (runtime.Object, []string, error) {
	original := map[string]any{}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(current, &original); err != nil {
		return nil, nil, apierrors.NewInternalError(err)
	}
	patchMap := map[string]any{}
	var strictErrs []error
	var err error
	if directive == FieldValidationWarn || directive == FieldValidationStrict {
		strictErrs, err = kjson.UnmarshalStrict(patch, &patchMap)
		if err != nil {
			return nil, nil, apierrors.NewBadRequest(err.Error())
		}
	} else if err = kjson.UnmarshalCaseSensitivePreserveInts(patch, &patchMap); err != nil {
		return nil, nil, apierrors.NewBadRequest(err.Error())
	}
	schemaRef := r.newObj()
	patched, err := strategicpatch.StrategicMergeMapPatch(original, patchMap, schemaRef)
	if err != nil {
		return nil, nil, interpretStrategicMergePatchError(err)
	}
	obj := r.newObj()
	returnUnknown := directive == FieldValidationWarn || directive == FieldValidationStrict
	var warnings []string
	if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(patched, obj, returnUnknown); err != nil {
		strictErr, isStrict := runtime.AsStrictDecodingError(err)
		switch {
		case !isStrict:
			return nil, nil, patchInvalid(fmt.Sprintf("%+v", patchMap), err.Error())
		case directive == FieldValidationWarn:
			warnings = strictWarnings(append(strictErrs, strictErr.Errors()...))
		default:
			return nil, nil, patchInvalid(fmt.Sprintf("%+v", patchMap), runtime.NewStrictDecodingError(append(strictErrs, strictErr.Errors()...)).Error())
		}
	} else if len(strictErrs) > 0 {
		if directive == FieldValidationWarn {
			warnings = strictWarnings(strictErrs)
		} else {
			return nil, nil, patchInvalid(fmt.Sprintf("%+v", patchMap), runtime.NewStrictDecodingError(strictErrs).Error())
		}
	}
	obj.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	s.codec.scheme.Default(obj)
	return obj, warnings, nil
}

func strictWarnings(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// patchInvalid is the Invalid error with empty kind and name that a failed patch decode gives
// (`The request is invalid: patch: Invalid value: "...": ...` in kubectl).
func patchInvalid(value, detail string) error {
	return apierrors.NewInvalid(schema.GroupKind{}, "", field.ErrorList{field.Invalid(field.NewPath("patch"), value, detail)})
}

// interpretStrategicMergePatchError is k8s.io/apiserver v0.37.2 handlers/patch.go
// interpretStrategicMergePatchError.
func interpretStrategicMergePatchError(err error) error {
	switch err {
	case mergepatch.ErrBadJSONDoc, mergepatch.ErrBadPatchFormatForPrimitiveList, mergepatch.ErrBadPatchFormatForRetainKeys, mergepatch.ErrBadPatchFormatForSetElementOrderList, mergepatch.ErrUnsupportedStrategicMergePatchFormat:
		return apierrors.NewBadRequest(err.Error())
	case mergepatch.ErrNoListOfLists, mergepatch.ErrPatchContentNotMatchRetainKeys:
		return apierrors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", schema.GroupResource{}, "", err.Error(), 0, false)
	default:
		return plainError(err)
	}
}

// Delete deletes an object as the registry does. A Pod bound to a node is deleted gracefully:
// it gets deletionTimestamp = now + grace period and deletionGracePeriodSeconds, its generation
// is bumped, and it stays until a delete with grace period 0 (the kubelet's, or `kubectl delete
// --grace-period=0 --force`). An unbound or terminated Pod goes at once (after a last write with
// deletionTimestamp, as the real registry does). Namespaces become Terminating and go when
// their content is gone. It returns the deleted (or being-deleted) object for pods, a success
// Status for other kinds.
func (s *Server) Delete(resource, namespace, name string, opts DeleteOptions) (out runtime.Object, err error) {
	func() {
		defer recoverRequest(http.MethodDelete, resource, name, &err)
		r, lerr := s.lookup(resource)
		if lerr != nil {
			err = lerr
			return
		}
		s.locked(func() { out, err = s.deleteLocked(r, requestNamespace(r, namespace, nil), name, opts) })
		err = statusErr(err)
	}()
	s.dispatch()
	return out, err
}

// deleteLocked is Store.Delete with rest.BeforeDelete. s.mu is held.
func (s *Server) deleteLocked(r *resource, ns, name string, opts DeleteOptions) (runtime.Object, error) {
	stored, ok := s.store[r.info.Name][key(ns, name)]
	if !ok {
		return nil, notFound(r, name)
	}
	if err := s.admitNamespaceLifecycle(r, opDelete, stored); err != nil {
		return nil, err
	}
	obj := stored.DeepCopyObject()
	m := mustAccessor(obj)
	if p := opts.Preconditions; p != nil {
		gr := schema.GroupResource{Group: r.info.Group, Resource: r.info.Kind}
		if p.UID != nil && *p.UID != m.GetUID() {
			return nil, apierrors.NewConflict(gr, name, fmt.Errorf("the UID in the precondition (%s) does not match the UID in record (%s). The object might have been deleted and then recreated", *p.UID, m.GetUID()))
		}
		if p.ResourceVersion != nil && *p.ResourceVersion != m.GetResourceVersion() {
			return nil, apierrors.NewConflict(gr, name, fmt.Errorf("the ResourceVersion in the precondition (%s) does not match the ResourceVersion in record (%s). The object might have been modified", *p.ResourceVersion, m.GetResourceVersion()))
		}
	}
	grace := opts.GracePeriodSeconds
	if grace != nil && *grace < 0 {
		one := int64(1)
		grace = &one
	}
	if r.info.Name == "namespaces" {
		return s.deleteNamespace(r, obj.(*corev1.Namespace), opts.DryRun)
	}
	if r.checkGracefulDelete == nil {
		return s.deleteNow(r, obj, stored, opts.DryRun), nil
	}
	now := s.clk.Now()
	if dt := m.GetDeletionTimestamp(); dt != nil {
		// Already being deleted: only a shorter grace period may be given.
		current := m.GetDeletionGracePeriodSeconds()
		if current == nil || *current == 0 {
			return s.deleteNow(r, obj, stored, opts.DryRun), nil
		}
		if grace == nil || *grace >= *current {
			return s.deletedResult(r, obj), nil // graceful deletion pending
		}
		period := *grace
		newTS := metav1.NewTime(dt.Add(-time.Second * time.Duration(*current)).Add(time.Second * time.Duration(period)))
		if nowT := metav1.NewTime(now); newTS.Before(&nowT) {
			newTS = metav1.NewTime(now.Truncate(time.Second))
			if period != 0 {
				period = 1
			}
		}
		m.SetDeletionTimestamp(&newTS)
		m.SetDeletionGracePeriodSeconds(&period)
		return s.gracefulWrite(r, obj, stored, period, opts.DryRun), nil
	}
	period, graceful := r.checkGracefulDelete(obj, grace)
	if !graceful {
		return s.deleteNow(r, obj, stored, opts.DryRun), nil
	}
	ts := metav1.NewTime(now.Add(time.Second * time.Duration(period)).Truncate(time.Second))
	m.SetDeletionTimestamp(&ts)
	m.SetDeletionGracePeriodSeconds(&period)
	if m.GetGeneration() > 0 {
		m.SetGeneration(m.GetGeneration() + 1)
	}
	return s.gracefulWrite(r, obj, stored, period, opts.DryRun), nil
}

// gracefulWrite stores the object marked for deletion; with a zero grace period it is then
// removed at once.
func (s *Server) gracefulWrite(r *resource, obj, stored runtime.Object, period int64, dryRun bool) runtime.Object {
	if dryRun {
		return s.deletedResult(r, obj)
	}
	mustAccessor(obj).SetResourceVersion(mustAccessor(stored).GetResourceVersion())
	s.commit(r, watch.Modified, obj, stored)
	if period > 0 {
		return s.deletedResult(r, obj)
	}
	return s.deleteNow(r, obj.DeepCopyObject(), obj, false)
}

// deleteNow removes the object from the store.
func (s *Server) deleteNow(r *resource, obj, stored runtime.Object, dryRun bool) runtime.Object {
	if !dryRun {
		s.commit(r, watch.Deleted, obj, nil)
		if r.afterDelete != nil {
			r.afterDelete(s, obj)
		}
		if r.info.Namespaced {
			s.namespaceContentDeleted(mustAccessor(obj).GetNamespace())
		}
	}
	return s.deletedResult(r, obj)
}

// deletedResult is Store.finalizeDelete: the object for kinds with ReturnDeletedObject, else a
// success Status whose details kind is the resource name.
func (s *Server) deletedResult(r *resource, obj runtime.Object) runtime.Object {
	if r.returnDeletedObject {
		return s.withKind(r, obj.DeepCopyObject())
	}
	m := mustAccessor(obj)
	return &metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusSuccess,
		Details:  &metav1.StatusDetails{Name: m.GetName(), Group: r.info.Group, Kind: r.info.Name, UID: m.GetUID()},
	}
}

// UpdateStatus writes the status subresource (pods/status, nodes/status, namespaces/status):
// only the status (and labels/annotations) of obj are kept. A non-empty resourceVersion must
// be current.
func (s *Server) UpdateStatus(obj runtime.Object) (out runtime.Object, err error) {
	func() {
		defer recoverRequest(http.MethodPut, "status", "", &err)
		r, lerr := s.resourceFor(obj)
		if lerr != nil {
			err = lerr
			return
		}
		if r.resetStatus == nil {
			err = apierrors.NewNotFound(r.groupResource(), mustAccessor(obj).GetName())
			return
		}
		s.locked(func() { out, err = s.updateStatusLocked(r, copyForStatus(obj), false) })
		err = statusErr(err)
	}()
	s.dispatch()
	return out, err
}

// UpdatePodStatus is UpdateStatus for a Pod (the kubelet's status manager).
func (s *Server) UpdatePodStatus(pod *corev1.Pod) (*corev1.Pod, error) {
	out, err := s.UpdateStatus(pod)
	if err != nil {
		return nil, err
	}
	return out.(*corev1.Pod), nil
}

// UpdatePodStatusShared is UpdatePodStatus returning the stored Pod itself instead of a copy
// (without apiVersion/kind): it is read-only, as the objects of WatchShared are. For the
// cluster's kubelet, which keeps only the resourceVersion and (a copy of) the status.
func (s *Server) UpdatePodStatusShared(pod *corev1.Pod) (out *corev1.Pod, err error) {
	func() {
		defer recoverRequest(http.MethodPut, "status", "", &err)
		r := s.byName["pods"]
		var obj runtime.Object
		s.locked(func() { obj, err = s.updateStatusLocked(r, copyForStatus(pod), true) })
		err = statusErr(err)
		if err == nil {
			out = obj.(*corev1.Pod)
		}
	}()
	s.dispatch()
	return out, err
}

// copyForStatus is the server's own copy of a status write. A Pod's spec is not copied: the
// status strategy replaces it with the stored spec (podStatusPrepareForUpdate) before anything
// reads it, and the Pod defaulting of the status does not look at the spec (so defaulting an
// empty spec instead changes nothing that is kept).
func copyForStatus(obj runtime.Object) runtime.Object {
	if pod, ok := obj.(*corev1.Pod); ok {
		n := &corev1.Pod{TypeMeta: pod.TypeMeta}
		pod.ObjectMeta.DeepCopyInto(&n.ObjectMeta)
		pod.Status.DeepCopyInto(&n.Status)
		return n
	}
	return obj.DeepCopyObject()
}

// updateStatusLocked writes a status; with shared, the result is the stored object itself
// (read-only) rather than a copy.
func (s *Server) updateStatusLocked(r *resource, obj runtime.Object, shared bool) (runtime.Object, error) {
	obj.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	m := mustAccessor(obj)
	ns := requestNamespace(r, m.GetNamespace(), obj)
	existing, ok := s.store[r.info.Name][key(ns, m.GetName())]
	if !ok {
		return nil, notFound(r, m.GetName())
	}
	old := mustAccessor(existing)
	if rv := m.GetResourceVersion(); rv != "" && rv != old.GetResourceVersion() {
		return nil, apierrors.NewConflict(r.groupResource(), m.GetName(), errors.New(optimisticLockErrorMsg))
	}
	s.codec.scheme.Default(obj)
	m.SetNamespace(ns)
	m.SetGeneration(old.GetGeneration())
	r.resetStatus(obj, existing)
	m.SetUID(old.GetUID())
	m.SetCreationTimestamp(old.GetCreationTimestamp())
	m.SetDeletionTimestamp(old.GetDeletionTimestamp())
	m.SetDeletionGracePeriodSeconds(old.GetDeletionGracePeriodSeconds())
	m.SetOwnerReferences(old.GetOwnerReferences())
	m.SetFinalizers(old.GetFinalizers())
	errs := objectMetaUpdate(obj, existing, m, old)
	if r.validateStatusUpdate != nil {
		errs = append(errs, r.validateStatusUpdate(obj, existing)...)
	}
	if len(errs) > 0 {
		return nil, apierrors.NewInvalid(r.groupKind(), m.GetName(), errs)
	}
	var out runtime.Object
	if shared {
		out = s.commitUpdate(r, obj, existing)
	} else {
		out = s.finishUpdate(r, obj, existing, false)
	}
	if node, ok := obj.(*corev1.Node); ok {
		s.nodeStatusChanged(node)
	}
	return out, nil
}

// Bind assigns a Pod to a node (the pods/binding subresource the scheduler posts):
// k8s.io/kubernetes v1.37.2 pkg/registry/core/pod/storage/storage.go setPodNodeAndMetadata.
func (s *Server) Bind(namespace, name, nodeName string) (err error) {
	func() {
		defer recoverRequest(http.MethodPost, "pods", name, &err)
		s.locked(func() { err = s.bindLocked(namespace, name, nodeName) })
		err = statusErr(err)
	}()
	s.dispatch()
	return err
}

func (s *Server) bindLocked(namespace, name, nodeName string) error {
	r := s.byName["pods"]
	if nodeName == "" {
		return apierrors.NewInvalid(schema.GroupKind{Kind: "Binding"}, name, field.ErrorList{field.Required(field.NewPath("target", "name"), "")})
	}
	stored, ok := s.store["pods"][key(namespace, name)]
	if !ok {
		return notFound(r, name)
	}
	pod := stored.DeepCopyObject().(*corev1.Pod)
	switch {
	case pod.DeletionTimestamp != nil:
		return plainError(fmt.Errorf("pod %s is being deleted, cannot be assigned to a host", pod.Name))
	case pod.Spec.NodeName != "":
		return plainError(fmt.Errorf("pod %v is already assigned to node %q", pod.Name, pod.Spec.NodeName))
	case len(pod.Spec.SchedulingGates) != 0:
		return plainError(fmt.Errorf("pod %v has non-empty .spec.schedulingGates", pod.Name))
	}
	pod.Spec.NodeName = nodeName
	// ClearingNominatedNodeNameAfterBinding (beta on in 1.37)
	pod.Status.NominatedNodeName = ""
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	updatePodCondition(&pod.Status, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}, s.now())
	s.commit(r, watch.Modified, pod, stored)
	return nil
}

// locked runs fn with s.mu held (released even if fn panics).
func (s *Server) locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
	s.runEndpointControllers()
}

// recoverRequest turns a panic while serving a request into what a client receives when the
// real kube-apiserver panics: its panic filter answers 500 with a plain text body
// (k8s.io/apiserver v0.37.2 pkg/server/filters/wrap.go WithPanicRecovery), which client-go
// turns into NewGenericServerResponse. Deferred by every public request method.
func recoverRequest(verb, resource, name string, errp *error) {
	if r := recover(); r != nil {
		*errp = apierrors.NewGenericServerResponse(http.StatusInternalServerError, verb, schema.GroupResource{Resource: resource}, name,
			"This request caused apiserver to panic. Look in the logs for details.", 0, true)
	}
}

// statusErr converts any error leaving the server into the Status the handler would send.
func statusErr(err error) error {
	if err == nil {
		return nil
	}
	return plainError(err)
}

// plainError is what the API server answers for an error that is not an API status
// (k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/responsewriters/status.go ErrorToAPIStatus):
// code 500, reason Unknown, the error text as message.
func plainError(err error) *apierrors.StatusError {
	var se *apierrors.StatusError
	if errors.As(err, &se) {
		return se
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure,
		Code:     http.StatusInternalServerError,
		Reason:   metav1.StatusReasonUnknown,
		Message:  err.Error(),
	}}
}

// notFoundPath is the 404 of an unknown URL.
func notFoundPath() error {
	return apierrors.NewGenericServerResponse(http.StatusNotFound, "", schema.GroupResource{}, "", "", 0, false)
}

// validateOptions runs k8s.io/apimachinery v0.37.2 pkg/apis/meta/v1/validation
// Validate{Create,Update,Patch}Options and returns the handler's Invalid error.
func validateOptions(kind string, o CreateOptions) error {
	var dryRun []string
	if o.DryRun {
		dryRun = []string{metav1.DryRunAll}
	}
	var errs field.ErrorList
	switch kind {
	case "CreateOptions":
		errs = metav1validation.ValidateCreateOptions(&metav1.CreateOptions{DryRun: dryRun, FieldManager: o.FieldManager, FieldValidation: o.FieldValidation})
	case "UpdateOptions":
		errs = metav1validation.ValidateUpdateOptions(&metav1.UpdateOptions{DryRun: dryRun, FieldManager: o.FieldManager, FieldValidation: o.FieldValidation})
	default:
		errs = metav1validation.ValidatePatchOptions(&metav1.PatchOptions{DryRun: dryRun, FieldManager: o.FieldManager, FieldValidation: o.FieldValidation}, types.StrategicMergePatchType)
	}
	if len(errs) > 0 {
		return apierrors.NewInvalid(schema.GroupKind{Group: metav1.GroupName, Kind: kind}, "", errs)
	}
	return nil
}

func intOrString(i int32) intstr.IntOrString { return intstr.FromInt32(i) }
