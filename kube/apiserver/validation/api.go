// Package validation owns the API server's validation of the simulated objects: the code of
// k8s.io/kubernetes v1.37.2 pkg/apis/core/validation, copied (copied.go) and run on the
// k8s.io/api v1 types, so the field paths and messages are the real ones, built with
// k8s.io/apimachinery/pkg/util/validation/field. It imports k8s.io/api, k8s.io/apimachinery,
// k8s.io/component-helpers, k8s.io/utils, kube/k8sversion and kube/apiserver/internalspec.
//
// Entry points used by the API server (each returns a field.ErrorList in the real order):
//
//	PodCreate(pod), PodUpdate(new, old, ver), PodStatusUpdate(new, old), PodWarnings(pod)
//	NamespaceCreate, NamespaceUpdate, NamespaceStatusUpdate
//	NodeCreate, NodeUpdate, ConfigMapCreate, ConfigMapUpdate, SecretCreate, SecretUpdate,
//	ServiceCreate, ServiceUpdate, ServiceAccountCreate, ServiceAccountUpdate,
//	EventCreate, EventUpdate, EndpointsCreate, EndpointsUpdate,
//	EndpointSliceCreate, EndpointSliceUpdate (discovery_copied.go)
//
// The copied functions (ValidatePodCreate, ValidatePodSpec, …) are exported too.
//
// The internal types the real code validates have no JSON tags; where an error's value is a
// struct, its text is the JSON of the internal type. asInternalValues rewrites such values so
// that the messages match.
package validation

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"sync"

	v1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/docbuild/docbuild/kube/apiserver/internalspec"
	"github.com/docbuild/docbuild/kube/k8sversion"
)

// PodOptions returns the PodValidationOptions the v1.37.2 pod strategy computes
// (pkg/api/pod/util.go GetValidationOptionsFromPodSpecAndMeta with the v1.37 feature-gate
// defaults) for a pod without legacy-invalid content, plus the diff rendering of ver.
func PodOptions(ver *k8sversion.Version) PodValidationOptions {
	return PodValidationOptions{
		AllowInvalidPodDeletionCost:                         false, // PodDeletionCost beta on
		PodLevelResourcesEnabled:                            true,  // beta on 1.34
		AllowSidecarResizePolicy:                            true,  // InPlacePodVerticalScaling GA 1.35
		AllowMatchLabelKeysInPodTopologySpread:              true,  // beta on 1.27
		AllowMatchLabelKeysInPodTopologySpreadSelectorMerge: true,  // beta on 1.34
		InPlacePodLevelResourcesVerticalScalingEnabled:      true,  // beta on 1.36
		InPlacePodVerticalScalingMemoryBackedVolumesEnabled: false, // alpha 1.37
		AllowContainerRestartPolicyRules:                    true,  // ContainerRestartRules beta on 1.35
		AllowRestartAllContainers:                           true,  // beta on 1.36
		AllowImageVolumeWithDigest:                          false, // alpha
		AllowRelaxedEnvironmentVariableValidation:           true,  // GA 1.34
		AllowEnvFilesValidation:                             true,  // EnvFiles beta on 1.35
		AllowUserNamespacesHostNetworkSupport:               false, // alpha
		AllowOnlyRecursiveSELinuxChangePolicy:               false, // SELinuxMount GA 1.37
		AllowTaintTolerationComparisonOperators:             false, // alpha
		ResourceIsPod:                                       true,
		SpecDiff: func(old, new *v1.PodSpec) string {
			return internalspec.Diff(old, new)
		},
		UpdateForbidden: ver.PodUpdateForbidden,
	}
}

// defaultVersion is the default release's table, read only (k8sversion.Get builds a fresh
// one per call, and a status write validates every few seconds): built once, immutable.
var defaultVersion = sync.OnceValue(func() *k8sversion.Version { return k8sversion.MustGet(k8sversion.Default) })

// PodCreate is podStrategy.Validate (pkg/registry/core/pod/strategy.go).
func PodCreate(pod *v1.Pod) field.ErrorList {
	return asInternalValues(ValidatePodCreate(pod, PodOptions(defaultVersion())))
}

// PodUpdate is podStrategy.ValidateUpdate for the modelled version ver.
func PodUpdate(newPod, oldPod *v1.Pod, ver *k8sversion.Version) field.ErrorList {
	return asInternalValues(ValidatePodUpdate(newPod, oldPod, PodOptions(ver)))
}

// PodStatusUpdate is podStatusStrategy.ValidateUpdate.
func PodStatusUpdate(newPod, oldPod *v1.Pod) field.ErrorList {
	return asInternalValues(ValidatePodStatusUpdate(newPod, oldPod, PodOptions(defaultVersion())))
}

// NamespaceCreate, NamespaceUpdate, NamespaceStatusUpdate: pkg/registry/core/namespace.
func NamespaceCreate(ns *v1.Namespace) field.ErrorList {
	return asInternalValues(ValidateNamespace(ns))
}

func NamespaceUpdate(ns, old *v1.Namespace) field.ErrorList {
	return asInternalValues(ValidateNamespaceUpdate(ns, old))
}

func NamespaceStatusUpdate(ns, old *v1.Namespace) field.ErrorList {
	return asInternalValues(ValidateNamespaceStatusUpdate(ns, old))
}

// NodeCreate and NodeUpdate: pkg/registry/core/node.
func NodeCreate(node *v1.Node) field.ErrorList { return asInternalValues(ValidateNode(node)) }

func NodeUpdate(node, old *v1.Node) field.ErrorList {
	return asInternalValues(ValidateNodeUpdate(node, old))
}

// ConfigMapCreate and ConfigMapUpdate: pkg/registry/core/configmap.
func ConfigMapCreate(cm *v1.ConfigMap) field.ErrorList {
	return asInternalValues(ValidateConfigMap(cm))
}

func ConfigMapUpdate(cm, old *v1.ConfigMap) field.ErrorList {
	return asInternalValues(ValidateConfigMapUpdate(cm, old))
}

// SecretCreate and SecretUpdate: pkg/registry/core/secret.
func SecretCreate(s *v1.Secret) field.ErrorList { return asInternalValues(ValidateSecret(s)) }

func SecretUpdate(s, old *v1.Secret) field.ErrorList {
	return asInternalValues(ValidateSecretUpdate(s, old))
}

// ServiceCreate and ServiceUpdate: pkg/registry/core/service.
func ServiceCreate(svc *v1.Service) field.ErrorList {
	return asInternalValues(ValidateServiceCreate(svc))
}

func ServiceUpdate(svc, old *v1.Service) field.ErrorList {
	return asInternalValues(ValidateServiceUpdate(svc, old))
}

// ServiceAccountCreate and ServiceAccountUpdate: pkg/registry/core/serviceaccount.
func ServiceAccountCreate(sa *v1.ServiceAccount) field.ErrorList {
	return asInternalValues(ValidateServiceAccount(sa))
}

func ServiceAccountUpdate(sa, old *v1.ServiceAccount) field.ErrorList {
	return asInternalValues(ValidateServiceAccountUpdate(sa, old))
}

// EventCreate and EventUpdate: pkg/registry/core/event, requests in core/v1.
func EventCreate(ev *v1.Event) field.ErrorList {
	return asInternalValues(ValidateEventCreate(ev, v1.SchemeGroupVersion))
}

func EventUpdate(ev, old *v1.Event) field.ErrorList {
	return asInternalValues(ValidateEventUpdate(ev, old, v1.SchemeGroupVersion))
}

var coreV1Pkg = reflect.TypeOf(v1.Pod{}).PkgPath()

// asInternalValues replaces error values that contain k8s.io/api/core/v1 structs by the JSON
// the internal type would marshal to (Go field names, every field, embedded structs inlined),
// which is what field.Error.ErrorBody prints in the real server.
func asInternalValues(errs field.ErrorList) field.ErrorList {
	for _, e := range errs {
		if e.BadValue == nil || !containsCoreStruct(reflect.TypeOf(e.BadValue), map[reflect.Type]bool{}) {
			continue
		}
		var buf bytes.Buffer
		if err := writeInternalJSON(&buf, reflect.ValueOf(e.BadValue)); err == nil {
			e.BadValue = json.RawMessage(buf.Bytes())
		}
	}
	return errs
}

func containsCoreStruct(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return containsCoreStruct(t.Elem(), seen)
	case reflect.Struct:
		return isAPIStruct(t)
	}
	return false
}

var discoveryV1Pkg = reflect.TypeOf(discoveryv1.EndpointSlice{}).PkgPath()

// isAPIStruct reports whether t is a versioned API struct whose internal twin has no JSON tags.
func isAPIStruct(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && (t.PkgPath() == coreV1Pkg || t.PkgPath() == discoveryV1Pkg)
}

var marshalerType = reflect.TypeOf((*json.Marshaler)(nil)).Elem()

// writeInternalJSON encodes v as encoding/json would encode the internal (tagless) type.
func writeInternalJSON(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	t := v.Type()
	if !isAPIStruct(t) {
		if t.Implements(marshalerType) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(marshalerType)) {
			b, err := json.Marshal(v.Interface())
			if err != nil {
				return err
			}
			buf.Write(b)
			return nil
		}
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return writeInternalJSON(buf, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			b, err := json.Marshal(v.Interface())
			buf.Write(b)
			return err
		}
		fallthrough
	case reflect.Array:
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeInternalJSON(buf, v.Index(i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case reflect.Map:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k.String())
			buf.Write(kb)
			buf.WriteByte(':')
			if err := writeInternalJSON(buf, v.MapIndex(k)); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
		return nil
	case reflect.Struct:
		if !isAPIStruct(t) {
			b, err := json.Marshal(v.Interface())
			buf.Write(b)
			return err
		}
		buf.WriteByte('{')
		first := true
		if err := writeStructFields(buf, v, &first); err != nil {
			return err
		}
		buf.WriteByte('}')
		return nil
	default:
		b, err := json.Marshal(v.Interface())
		buf.Write(b)
		return err
	}
}

func writeStructFields(buf *bytes.Buffer, v reflect.Value, first *bool) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		fv := v.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if err := writeStructFields(buf, fv, first); err != nil {
				return err
			}
			continue
		}
		if !*first {
			buf.WriteByte(',')
		}
		*first = false
		nb, _ := json.Marshal(f.Name)
		buf.Write(nb)
		buf.WriteByte(':')
		if err := writeInternalJSON(buf, fv); err != nil {
			return err
		}
	}
	return nil
}

// EndpointsCreate and EndpointsUpdate: pkg/registry/core/endpoint.
func EndpointsCreate(ep *v1.Endpoints) field.ErrorList {
	return asInternalValues(ValidateEndpointsCreate(ep))
}

func EndpointsUpdate(ep, old *v1.Endpoints) field.ErrorList {
	return asInternalValues(ValidateEndpointsUpdate(ep, old))
}

// EndpointSliceCreate and EndpointSliceUpdate: pkg/registry/discovery/endpointslice.
func EndpointSliceCreate(s *discoveryv1.EndpointSlice) field.ErrorList {
	return asInternalValues(discovery_ValidateEndpointSliceCreate(s))
}

func EndpointSliceUpdate(s, old *discoveryv1.EndpointSlice) field.ErrorList {
	return asInternalValues(discovery_ValidateEndpointSliceUpdate(s, old))
}
