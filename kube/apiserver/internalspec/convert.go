// Package internalspec owns a mirror of the internal (unversioned) core.PodSpec type tree of
// k8s.io/kubernetes v1.37.2 and the conversion from the k8s.io/api v1 types to it. The API
// server needs it for one thing only: the spec diff that ends the Pod update Forbidden error is
// diff.Diff of two internal PodSpecs, i.e. JSON with the Go field names, in the internal field
// order, with null for nil slices. It imports k8s.io/api and k8s.io/apimachinery.
//
// types_generated.go is generated from pkg/apis/core/types.go (every type reachable from
// PodSpec, in source order, comments and tags stripped). The v1 and internal trees have the same
// field names and shapes (v1.37.2 converts a PodSpec with an unsafe pointer cast,
// pkg/apis/core/v1/zz_generated.conversion.go autoConvert_v1_PodSpec_To_core_PodSpec), so
// FromV1 copies field by field by name, keeping nil and empty apart.
//
// API:
//
//	FromV1(*corev1.PodSpec) *PodSpec
//	Diff(old, new *corev1.PodSpec) string   diff.Diff of the internal forms
package internalspec

import (
	"fmt"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/diff"
)

// FromV1 converts a v1 PodSpec to the internal mirror. The result shares no memory with in.
func FromV1(in *corev1.PodSpec) *PodSpec {
	out := &PodSpec{}
	if in == nil {
		return out
	}
	copyValue(reflect.ValueOf(out).Elem(), reflect.ValueOf(in).Elem())
	return out
}

// Diff returns the unified JSON diff the v1.37.2 API server appends to a refused Pod update:
// k8s.io/apimachinery/pkg/util/diff.Diff(oldPod.Spec, mungedPodSpec) on internal PodSpecs
// (k8s.io/kubernetes v1.37.2 pkg/apis/core/validation/validation.go ValidatePodUpdate).
func Diff(old, new *corev1.PodSpec) string {
	return diff.Diff(*FromV1(old), *FromV1(new))
}

// copyValue copies src (a v1 value) into dst (the internal value of the same shape).
func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(dst.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(dst.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			copyValue(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(dst.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(dst.Type().Key()).Elem()
			copyValue(k, it.Key())
			v := reflect.New(dst.Type().Elem()).Elem()
			copyValue(v, it.Value())
			m.SetMapIndex(k, v)
		}
		dst.Set(m)
	case reflect.Struct:
		if dst.Type() == src.Type() {
			// Shared apimachinery types (Quantity, LabelSelector, ObjectMeta, IntOrString).
			dst.Set(deepCopy(src))
			return
		}
		st := src.Type()
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			d := dst.FieldByName(f.Name)
			if !d.IsValid() {
				panic(fmt.Sprintf("internalspec: %s.%s has no internal counterpart", st, f.Name))
			}
			copyValue(d, src.Field(i))
		}
	default:
		d := src
		if dst.Type() != src.Type() {
			d = src.Convert(dst.Type())
		}
		dst.Set(d)
	}
}

// deepCopy copies values of shared (apimachinery) struct types through their DeepCopy method
// when they have one.
func deepCopy(v reflect.Value) reflect.Value {
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	if m := p.MethodByName("DeepCopy"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
		out := m.Call(nil)[0]
		if out.Kind() == reflect.Pointer {
			return out.Elem()
		}
		return out
	}
	return v
}
