package internalspec

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

func loadPod(t *testing.T) *corev1.Pod {
	t.Helper()
	b, err := os.ReadFile("testdata/pod-spec-defaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{}
	if err := yaml.UnmarshalStrict(b, pod); err != nil {
		t.Fatal(err)
	}
	return pod
}

// TestInternalJSON reproduces the internal PodSpec JSON printed by the real v1.37.2 code.
func TestInternalJSON(t *testing.T) {
	pod := loadPod(t)
	got, err := json.MarshalIndent(FromV1(&pod.Spec), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/internal-podspec-1.37.2.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("line %d: got %q want %q", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("length differs: got %d lines, want %d", len(gl), len(wl))
	}
}

// TestShapes checks that every internal field has a v1 field of the same name and kind and
// vice versa, so a field added in a new release cannot be silently dropped.
func TestShapes(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(in, v reflect.Type, path string)
	walk = func(in, v reflect.Type, path string) {
		if seen[in] {
			return
		}
		seen[in] = true
		if in.Kind() != v.Kind() {
			t.Errorf("%s: internal %s, v1 %s", path, in, v)
			return
		}
		switch in.Kind() {
		case reflect.Pointer, reflect.Slice:
			walk(in.Elem(), v.Elem(), path+"[]")
		case reflect.Map:
			walk(in.Elem(), v.Elem(), path+"{}")
		case reflect.Struct:
			if in.PkgPath() != reflect.TypeOf(PodSpec{}).PkgPath() {
				if in != v {
					t.Errorf("%s: shared type %s vs %s", path, in, v)
				}
				return
			}
			if in.NumField() != v.NumField() {
				t.Errorf("%s: %d internal fields, %d v1 fields", path, in.NumField(), v.NumField())
			}
			for i := 0; i < in.NumField(); i++ {
				f := in.Field(i)
				vf, ok := v.FieldByName(f.Name)
				if !ok {
					t.Errorf("%s.%s: missing in %s", path, f.Name, v)
					continue
				}
				walk(f.Type, vf.Type, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeOf(PodSpec{}), reflect.TypeOf(corev1.PodSpec{}), "PodSpec")
	if len(seen) < 100 {
		t.Fatalf("walked only %d types", len(seen))
	}
}

func TestNilAndEmpty(t *testing.T) {
	spec := &corev1.PodSpec{Containers: []corev1.Container{{Name: "a", Env: []corev1.EnvVar{}}}}
	in := FromV1(spec)
	if in.Containers[0].Env == nil || in.Containers[0].Command != nil || in.InitContainers != nil {
		t.Fatalf("nil/empty not preserved: %#v", in.Containers[0])
	}
	// No sharing.
	spec.Containers[0].Name = "b"
	if in.Containers[0].Name != "a" {
		t.Fatal("shares memory")
	}
}
