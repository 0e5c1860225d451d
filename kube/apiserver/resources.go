package apiserver

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// ResourceInfo describes one resource as API discovery does (metav1.APIResource).
type ResourceInfo struct {
	Name         string   // plural, "pods"
	SingularName string   // "pod"
	Kind         string   // "Pod"
	Group        string   // "" for the core group
	Version      string   // "v1"
	Namespaced   bool     //
	ShortNames   []string // "po"
	Categories   []string // "all"
	Verbs        []string // discovery verbs
}

// GroupVersionKind of the resource.
func (i ResourceInfo) GroupVersionKind() schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: i.Group, Version: i.Version, Kind: i.Kind}
}

// GroupVersionResource of the resource.
func (i ResourceInfo) GroupVersionResource() schema.GroupVersionResource {
	return schema.GroupVersionResource{Group: i.Group, Version: i.Version, Resource: i.Name}
}

// operation is an admission operation.
type operation int

const (
	opCreate operation = iota
	opUpdate
	opDelete
)

// resource is a registry entry: the type, and the strategy of
// k8s.io/kubernetes v1.37.2 pkg/registry/core/<resource>/strategy.go, reduced to what the
// simulator needs.
type resource struct {
	info    ResourceInfo
	gvk     schema.GroupVersionKind
	newObj  func() runtime.Object
	newList func(items []runtime.Object) runtime.Object

	// decoded runs right after decoding (v1→internal conversion quirks, e.g. Secret.stringData).
	decoded func(obj runtime.Object)
	// admit is the mutating+validating admission chain for the resource (after
	// NamespaceLifecycle, which is generic).
	admit func(s *Server, op operation, obj, old runtime.Object) error
	// prepareForCreate / prepareForUpdate reset the fields users may not set.
	prepareForCreate func(s *Server, obj runtime.Object)
	prepareForUpdate func(obj, old runtime.Object)
	validate         func(obj runtime.Object) field.ErrorList
	validateUpdate   func(s *Server, obj, old runtime.Object) field.ErrorList
	warningsOnCreate func(obj runtime.Object) []string
	canonicalize     func(obj runtime.Object)
	// beginCreate allocates what the registry allocates (ClusterIPs); it returns a release
	// function for a failed create.
	beginCreate func(s *Server, obj runtime.Object) (release func(), err error)
	// checkGracefulDelete is RESTGracefulDeleteStrategy.CheckGracefulDelete; nil = no graceful
	// deletion. It returns the grace period to use.
	checkGracefulDelete func(obj runtime.Object, grace *int64) (period int64, graceful bool)
	// allowCreateOnUpdate: PUT of a missing object creates it.
	allowCreateOnUpdate bool
	// fieldLabels are the field selector labels the kind supports (beyond none); fieldSet
	// returns their values for an object.
	fieldLabels map[string]string // label → canonical label
	fieldSet    func(obj runtime.Object) fields.Set
	// afterCreate/afterDelete are the controllers the simulator runs inside the server.
	afterCreate func(s *Server, obj runtime.Object)
	afterDelete func(s *Server, obj runtime.Object)
	// resetStatus prepares a status-subresource write (obj gets old's spec and metadata rules).
	resetStatus func(obj, old runtime.Object)
	// validateStatusUpdate validates a status write.
	validateStatusUpdate func(obj, old runtime.Object) field.ErrorList
	// returnDeletedObject: Delete returns the object (else a Status).
	returnDeletedObject bool
}

func (r *resource) groupResource() schema.GroupResource {
	return schema.GroupResource{Group: r.info.Group, Resource: r.info.Name}
}

func (r *resource) groupKind() schema.GroupKind {
	return schema.GroupKind{Group: r.info.Group, Kind: r.info.Kind}
}

var allVerbs = []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}

func metaFields(obj runtime.Object, namespaced bool) fields.Set {
	m := mustAccessor(obj)
	set := fields.Set{"metadata.name": m.GetName()}
	if namespaced {
		set["metadata.namespace"] = m.GetNamespace()
	}
	return set
}

func labelsMap(labels ...string) map[string]string {
	m := map[string]string{}
	for _, l := range labels {
		m[l] = l
	}
	return m
}

// resources is the registry: k8s.io/kubernetes v1.37.2 pkg/registry/core/*/strategy.go and
// storage.go (short names, categories, field selectors from pkg/apis/core/v1/conversion.go).
func resources() []*resource {
	core := func(name, singular, kind string, namespaced bool, short ...string) ResourceInfo {
		return ResourceInfo{Name: name, SingularName: singular, Kind: kind, Version: "v1", Namespaced: namespaced, ShortNames: short, Verbs: allVerbs}
	}
	rs := []*resource{
		{
			info:   core("namespaces", "namespace", "Namespace", false, "ns"),
			newObj: func() runtime.Object { return &corev1.Namespace{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &corev1.NamespaceList{}
				appendItems(&l.Items, items)
				return l
			},
			prepareForCreate: func(s *Server, obj runtime.Object) {
				ns := obj.(*corev1.Namespace)
				ns.Status = corev1.NamespaceStatus{Phase: corev1.NamespaceActive}
				has := false
				for _, f := range ns.Spec.Finalizers {
					if f == corev1.FinalizerKubernetes {
						has = true
					}
				}
				if !has {
					ns.Spec.Finalizers = append(ns.Spec.Finalizers, corev1.FinalizerKubernetes)
				}
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				n, o := obj.(*corev1.Namespace), old.(*corev1.Namespace)
				n.Spec.Finalizers = o.Spec.Finalizers
				n.Status = o.Status
			},
			validate: func(obj runtime.Object) field.ErrorList { return validation.NamespaceCreate(obj.(*corev1.Namespace)) },
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.NamespaceUpdate(obj.(*corev1.Namespace), old.(*corev1.Namespace))
			},
			canonicalize: func(obj runtime.Object) {
				ns := obj.(*corev1.Namespace)
				if ns.Labels == nil {
					ns.Labels = map[string]string{}
				}
				ns.Labels[corev1.LabelMetadataName] = ns.Name
			},
			fieldLabels: labelsMap("metadata.name", "status.phase"),
			fieldSet: func(obj runtime.Object) fields.Set {
				set := metaFields(obj, false)
				set["status.phase"] = string(obj.(*corev1.Namespace).Status.Phase)
				return set
			},
			afterCreate: func(s *Server, obj runtime.Object) { s.namespaceCreated(obj.(*corev1.Namespace)) },
			resetStatus: func(obj, old runtime.Object) {
				n, o := obj.(*corev1.Namespace), old.(*corev1.Namespace)
				n.Spec = o.Spec
			},
			validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.NamespaceStatusUpdate(obj.(*corev1.Namespace), old.(*corev1.Namespace))
			},
		},
		{
			info:   core("nodes", "node", "Node", false, "no"),
			newObj: func() runtime.Object { return &corev1.Node{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &corev1.NodeList{}
				appendItems(&l.Items, items)
				return l
			},
			admit: func(s *Server, op operation, obj, old runtime.Object) error {
				if op == opCreate {
					admitNodeTaint(obj.(*corev1.Node))
				}
				return nil
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				obj.(*corev1.Node).Status = old.(*corev1.Node).Status
			},
			validate: func(obj runtime.Object) field.ErrorList { return validation.NodeCreate(obj.(*corev1.Node)) },
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.NodeUpdate(obj.(*corev1.Node), old.(*corev1.Node))
			},
			fieldLabels: labelsMap("metadata.name", "spec.unschedulable"),
			fieldSet: func(obj runtime.Object) fields.Set {
				set := metaFields(obj, false)
				set["spec.unschedulable"] = strconv.FormatBool(obj.(*corev1.Node).Spec.Unschedulable)
				return set
			},
			resetStatus: func(obj, old runtime.Object) {
				n, o := obj.(*corev1.Node), old.(*corev1.Node)
				n.Spec = o.Spec
			},
			validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.NodeUpdate(obj.(*corev1.Node), old.(*corev1.Node))
			},
		},
		podResource(),
		{
			info:   core("events", "event", "Event", true, "ev"),
			newObj: func() runtime.Object { return &corev1.Event{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &corev1.EventList{}
				appendItems(&l.Items, items)
				return l
			},
			validate: func(obj runtime.Object) field.ErrorList {
				return validation.EventCreate(obj.(*corev1.Event))
			},
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.EventUpdate(obj.(*corev1.Event), old.(*corev1.Event))
			},
			allowCreateOnUpdate: true,
			fieldLabels: labelsMap("metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace",
				"involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
				"involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
			fieldSet: func(obj runtime.Object) fields.Set { return eventFields(obj.(*corev1.Event)) },
		},
		{
			info:   core("configmaps", "configmap", "ConfigMap", true, "cm"),
			newObj: func() runtime.Object { return &corev1.ConfigMap{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &corev1.ConfigMapList{}
				appendItems(&l.Items, items)
				return l
			},
			validate: func(obj runtime.Object) field.ErrorList {
				return validation.ConfigMapCreate(obj.(*corev1.ConfigMap))
			},
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.ConfigMapUpdate(obj.(*corev1.ConfigMap), old.(*corev1.ConfigMap))
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace"),
			fieldSet:    func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
		},
		{
			info:   core("secrets", "secret", "Secret", true),
			newObj: func() runtime.Object { return &corev1.Secret{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &corev1.SecretList{}
				appendItems(&l.Items, items)
				return l
			},
			decoded: func(obj runtime.Object) {
				// k8s.io/kubernetes v1.37.2 pkg/apis/core/v1/conversion.go
				// Convert_v1_Secret_To_core_Secret: StringData overwrites Data.
				sec := obj.(*corev1.Secret)
				if len(sec.StringData) > 0 {
					if sec.Data == nil {
						sec.Data = map[string][]byte{}
					}
					for k, v := range sec.StringData {
						sec.Data[k] = []byte(v)
					}
				}
				sec.StringData = nil
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				n, o := obj.(*corev1.Secret), old.(*corev1.Secret)
				if len(n.Type) == 0 {
					n.Type = o.Type
				}
			},
			validate: func(obj runtime.Object) field.ErrorList { return validation.SecretCreate(obj.(*corev1.Secret)) },
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.SecretUpdate(obj.(*corev1.Secret), old.(*corev1.Secret))
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace", "type"),
			fieldSet: func(obj runtime.Object) fields.Set {
				set := metaFields(obj, true)
				set["type"] = string(obj.(*corev1.Secret).Type)
				return set
			},
		},
		serviceResource(),
		endpointsResource(),
		{
			info:   core("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
			newObj: func() runtime.Object { return &corev1.ServiceAccount{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &corev1.ServiceAccountList{}
				appendItems(&l.Items, items)
				return l
			},
			validate: func(obj runtime.Object) field.ErrorList {
				return validation.ServiceAccountCreate(obj.(*corev1.ServiceAccount))
			},
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.ServiceAccountUpdate(obj.(*corev1.ServiceAccount), old.(*corev1.ServiceAccount))
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace"),
			fieldSet:    func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
		},
	}
	rs = append(rs, endpointSliceResource())
	rs = append(rs, workloadResources()...) // apps/v1 and batch/v1, apps.go
	for _, r := range rs {
		r.gvk = r.info.GroupVersionKind()
	}
	return rs
}

// appendItems appends shallow copies of items (pointers to T) to *dst ([]T).
func appendItems[T any](dst *[]T, items []runtime.Object) {
	if *dst == nil {
		*dst = make([]T, 0, len(items))
	}
	for _, it := range items {
		*dst = append(*dst, *any(it).(*T))
	}
}

// Resources lists the served resources in discovery order.
func (s *Server) Resources() []ResourceInfo {
	out := make([]ResourceInfo, 0, len(s.res))
	for _, r := range s.res {
		out = append(out, r.info)
	}
	return out
}

// Resource returns the resource named by a plural, singular or short name (case-sensitive
// as discovery is).
func (s *Server) Resource(name string) (ResourceInfo, bool) {
	for _, r := range s.res {
		if r.info.Name == name || r.info.SingularName == name {
			return r.info, true
		}
		for _, sn := range r.info.ShortNames {
			if sn == name {
				return r.info, true
			}
		}
	}
	return ResourceInfo{}, false
}

// RESTMapper maps kinds to resources like kubectl's discovery-backed mapper; an unknown kind
// gives *meta.NoKindMatchError (`no matches for kind "X" in version "v1"`).
func (s *Server) RESTMapper() meta.RESTMapper {
	m := meta.NewDefaultRESTMapper(groupVersions(s.res))
	for _, r := range s.res {
		scope := meta.RESTScopeRoot
		if r.info.Namespaced {
			scope = meta.RESTScopeNamespace
		}
		m.AddSpecific(r.gvk, r.info.GroupVersionResource(), schema.GroupVersionResource{Group: r.info.Group, Version: r.info.Version, Resource: r.info.SingularName}, scope)
	}
	return m
}

// lookup returns the resource registered under its plural name.
func (s *Server) lookup(name string) (*resource, error) {
	if r, ok := s.byName[name]; ok {
		return r, nil
	}
	// k8s.io/apiserver: an unknown path answers 404 with this Status.
	return nil, notFoundPath()
}
