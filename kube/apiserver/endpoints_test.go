package apiserver

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestKubernetesServiceEndpoints(t *testing.T) {
	s, _ := newServer(t)
	ep, err := s.Get("endpoints", "default", "kubernetes")
	if err != nil {
		t.Fatal(err)
	}
	sub := ep.(*corev1.Endpoints).Subsets
	if len(sub) != 1 || sub[0].Addresses[0].IP != "192.168.49.2" || sub[0].Ports[0].Port != 8443 || sub[0].Ports[0].Name != "https" {
		t.Fatalf("kubernetes endpoints: %+v", sub)
	}
	if _, err := s.Get("endpointslices", "default", "kubernetes"); err != nil {
		t.Fatal(err)
	}
	if w := s.RequestWarnings("endpoints"); fmt.Sprint(w) != "[v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice]" {
		t.Fatalf("deprecation warning: %q", w)
	}
	if w := s.RequestWarnings("pods"); w != nil {
		t.Fatalf("pods warned: %q", w)
	}
}

func TestServiceEndpointsFollowPods(t *testing.T) {
	s, clk := newServer(t)
	svcBody := []byte(`{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}`)
	if _, _, err := s.Create("services", "default", svcBody, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// No pod yet: empty Endpoints and a placeholder slice.
	ep := mustGetEndpoints(t, s)
	if len(ep.Subsets) != 0 || ep.Labels[endpointsManagedBy] != endpointsControllerName || ep.Labels["app"] != "web" ||
		ep.Annotations[corev1.EndpointsLastChangeTriggerTime] != "2026-11-24T23:54:44Z" {
		t.Fatalf("initial endpoints: %+v", ep)
	}
	slices := mustListSlices(t, s, "web")
	if len(slices) != 1 || len(slices[0].Endpoints) != 0 || len(slices[0].Ports) != 0 || slices[0].GenerateName != "web-" ||
		slices[0].OwnerReferences[0].Kind != "Service" || !*slices[0].OwnerReferences[0].Controller {
		t.Fatalf("placeholder slice: %+v", slices)
	}
	// A node (for the slice controller) and a pod that comes up.
	if _, _, err := s.Create("nodes", "", []byte(`{"apiVersion":"v1","kind":"Node","metadata":{"name":"minikube","labels":{"topology.kubernetes.io/zone":"z1"}}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"nginx","ports":[{"name":"http","containerPort":8080}]}]}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("default", "web-1", "minikube"); err != nil {
		t.Fatal(err)
	}
	if len(mustGetEndpoints(t, s).Subsets) != 0 {
		t.Fatal("a pod without IP is an endpoint")
	}
	clk.Advance(5 * time.Second)
	obj, _ := s.Get("pods", "default", "web-1")
	pod := obj.(*corev1.Pod)
	pod.Status.PodIP = "10.244.0.5"
	pod.Status.Conditions = append(pod.Status.Conditions, corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionFalse, LastTransitionTime: metav1.NewTime(clk.Now())})
	if _, err := s.UpdatePodStatus(pod); err != nil {
		t.Fatal(err)
	}
	ep = mustGetEndpoints(t, s)
	if len(ep.Subsets) != 1 || len(ep.Subsets[0].NotReadyAddresses) != 1 || ep.Subsets[0].Ports[0].Port != 8080 ||
		ep.Subsets[0].NotReadyAddresses[0].TargetRef.Name != "web-1" || *ep.Subsets[0].NotReadyAddresses[0].NodeName != "minikube" {
		t.Fatalf("not-ready endpoints: %+v", ep.Subsets)
	}
	clk.Advance(5 * time.Second)
	obj, _ = s.Get("pods", "default", "web-1")
	pod = obj.(*corev1.Pod)
	for i := range pod.Status.Conditions {
		if pod.Status.Conditions[i].Type == corev1.PodReady {
			pod.Status.Conditions[i].Status = corev1.ConditionTrue
			pod.Status.Conditions[i].LastTransitionTime = metav1.NewTime(clk.Now())
		}
	}
	if _, err := s.UpdatePodStatus(pod); err != nil {
		t.Fatal(err)
	}
	ep = mustGetEndpoints(t, s)
	if len(ep.Subsets) != 1 || len(ep.Subsets[0].Addresses) != 1 || ep.Subsets[0].Addresses[0].IP != "10.244.0.5" ||
		ep.Annotations[corev1.EndpointsLastChangeTriggerTime] != "2026-11-24T23:54:54Z" {
		t.Fatalf("ready endpoints: %+v %v", ep.Subsets, ep.Annotations)
	}
	slices = mustListSlices(t, s, "web")
	if len(slices) != 1 || len(slices[0].Endpoints) != 1 || !*slices[0].Endpoints[0].Conditions.Ready || *slices[0].Endpoints[0].Zone != "z1" ||
		*slices[0].Ports[0].Port != 8080 || *slices[0].Ports[0].Name != "http" || slices[0].Generation < 2 {
		b, _ := json.Marshal(slices)
		t.Fatalf("slices: %s", b)
	}
	// Deleting the pod (kubelet's final delete) empties both.
	if _, err := s.Delete("pods", "default", "web-1", DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
		t.Fatal(err)
	}
	if len(mustGetEndpoints(t, s).Subsets) != 0 || len(mustListSlices(t, s, "web")[0].Endpoints) != 0 {
		t.Fatal("endpoints left after the pod")
	}
	// Deleting the Service removes its Endpoints and slices.
	if _, err := s.Delete("services", "default", "web", DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("endpoints", "default", "web"); !apierrors.IsNotFound(err) {
		t.Fatalf("endpoints after the service: %v", err)
	}
	if len(mustListSlices(t, s, "web")) != 0 {
		t.Fatal("slices after the service")
	}
}

func TestRepackSubsets(t *testing.T) {
	a := corev1.EndpointAddress{IP: "10.0.0.2", TargetRef: &corev1.ObjectReference{UID: "b"}}
	b := corev1.EndpointAddress{IP: "10.0.0.1", TargetRef: &corev1.ObjectReference{UID: "a"}}
	p80 := corev1.EndpointPort{Name: "http", Port: 80, Protocol: "TCP"}
	p443 := corev1.EndpointPort{Name: "https", Port: 443, Protocol: "TCP"}
	got := repackSubsets([]corev1.EndpointSubset{
		{Addresses: []corev1.EndpointAddress{a}, Ports: []corev1.EndpointPort{p80}},
		{Addresses: []corev1.EndpointAddress{b}, Ports: []corev1.EndpointPort{p80}},
		{Addresses: []corev1.EndpointAddress{a}, Ports: []corev1.EndpointPort{p443}},
		{Addresses: []corev1.EndpointAddress{b}, Ports: []corev1.EndpointPort{p443}},
	})
	if len(got) != 1 || len(got[0].Addresses) != 2 || got[0].Addresses[0].IP != "10.0.0.1" || len(got[0].Ports) != 2 {
		t.Fatalf("repack: %+v", got)
	}
	// Not ready wins over ready for the same address and port.
	got = repackSubsets([]corev1.EndpointSubset{
		{Addresses: []corev1.EndpointAddress{a}, Ports: []corev1.EndpointPort{p80}},
		{NotReadyAddresses: []corev1.EndpointAddress{a}, Ports: []corev1.EndpointPort{p80}},
	})
	if len(got) != 1 || len(got[0].Addresses) != 0 || len(got[0].NotReadyAddresses) != 1 {
		t.Fatalf("not ready: %+v", got)
	}
}

func mustGetEndpoints(t *testing.T, s *Server) *corev1.Endpoints {
	t.Helper()
	obj, err := s.Get("endpoints", "default", "web")
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*corev1.Endpoints)
}

func mustListSlices(t *testing.T, s *Server, svc string) []discoveryv1.EndpointSlice {
	t.Helper()
	l, err := s.List("endpointslices", "default", ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=" + svc})
	if err != nil {
		t.Fatal(err)
	}
	return l.(*discoveryv1.EndpointSliceList).Items
}
