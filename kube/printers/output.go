package printers

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	cliprinters "k8s.io/cli-runtime/pkg/printers"
)

// PrintOptions are the client-side table options (cli-runtime v0.37.2 printers.PrintOptions).
type PrintOptions = cliprinters.PrintOptions

// PrintTable writes obj as `kubectl get` prints it: the server-side table generated at now,
// laid out by cli-runtime's table printer (facts §2.2).
func PrintTable(w io.Writer, obj runtime.Object, now time.Time, opts PrintOptions) error {
	t, err := Table(obj, now)
	if err != nil {
		return err
	}
	return cliprinters.NewTablePrinter(opts).PrintObj(t, w)
}

// Unstructured converts a typed object to the unstructured form kubectl decodes from the
// server's JSON (so printers see the same keys, sorted, with the same omissions). The
// apiVersion and kind are set from the object's type when missing.
func Unstructured(obj runtime.Object) (*unstructured.Unstructured, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		return u, nil
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Empty() {
		var ok bool
		gvk, ok = KindOf(obj)
		if !ok {
			return nil, fmt.Errorf("missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type")
		}
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(withKind(data, gvk)); err != nil {
		return nil, err
	}
	return u, nil
}

// withKind rewrites the leading apiVersion/kind of a JSON object (json.Marshal of a typed object
// with empty TypeMeta omits them).
func withKind(data []byte, gvk schema.GroupVersionKind) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return data
	}
	av, _ := json.Marshal(gvk.GroupVersion().String())
	k, _ := json.Marshal(gvk.Kind)
	m["apiVersion"], m["kind"] = av, k
	out, err := json.Marshal(m)
	if err != nil {
		return data
	}
	return out
}

// KindOf returns the group/version/kind of the typed objects this package knows.
func KindOf(obj runtime.Object) (schema.GroupVersionKind, bool) {
	v1 := corev1.SchemeGroupVersion
	apps := appsv1.SchemeGroupVersion
	switch obj.(type) {
	case *corev1.Pod:
		return v1.WithKind("Pod"), true
	case *corev1.PodList:
		return v1.WithKind("PodList"), true
	case *corev1.Node:
		return v1.WithKind("Node"), true
	case *corev1.NodeList:
		return v1.WithKind("NodeList"), true
	case *corev1.Namespace:
		return v1.WithKind("Namespace"), true
	case *corev1.NamespaceList:
		return v1.WithKind("NamespaceList"), true
	case *corev1.Event:
		return v1.WithKind("Event"), true
	case *corev1.EventList:
		return v1.WithKind("EventList"), true
	case *corev1.ConfigMap:
		return v1.WithKind("ConfigMap"), true
	case *corev1.ConfigMapList:
		return v1.WithKind("ConfigMapList"), true
	case *corev1.Secret:
		return v1.WithKind("Secret"), true
	case *corev1.SecretList:
		return v1.WithKind("SecretList"), true
	case *corev1.Service:
		return v1.WithKind("Service"), true
	case *corev1.ServiceList:
		return v1.WithKind("ServiceList"), true
	case *corev1.ServiceAccount:
		return v1.WithKind("ServiceAccount"), true
	case *corev1.ServiceAccountList:
		return v1.WithKind("ServiceAccountList"), true
	case *appsv1.Deployment:
		return apps.WithKind("Deployment"), true
	case *appsv1.DeploymentList:
		return apps.WithKind("DeploymentList"), true
	case *appsv1.ReplicaSet:
		return apps.WithKind("ReplicaSet"), true
	case *appsv1.ReplicaSetList:
		return apps.WithKind("ReplicaSetList"), true
	}
	return workloadKindOf(obj) // table_apps.go
}

// List wraps items the way `kubectl get -o yaml|json` does when more than one object (or a
// list) was asked for: kind List, apiVersion v1, metadata.resourceVersion
// (k8s.io/kubectl v0.37.2 pkg/cmd/get/get.go printGeneric).
func List(items []*unstructured.Unstructured, resourceVersion string) *unstructured.UnstructuredList {
	list := &unstructured.UnstructuredList{Object: map[string]interface{}{
		"kind":       "List",
		"apiVersion": "v1",
		"metadata":   map[string]interface{}{"resourceVersion": resourceVersion},
	}}
	for _, it := range items {
		list.Items = append(list.Items, *it)
	}
	return list
}
