package apiserver

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// BenchmarkCreateGet is the server's share of `kubectl apply -f pod.yaml` + `kubectl get pod`:
// decode (strict), default, admit, validate, store, then read back. The pod is deleted after
// each iteration (unbound: at once) so the store stays the same size.
func BenchmarkCreateGet(b *testing.B) {
	s, _ := newServer(b)
	body := kubectlBody(b, readFile(b, "testdata/real/network-demo.yaml"))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.Create("pods", "default", body, CreateOptions{FieldValidation: FieldValidationStrict}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Get("pods", "default", "network-demo"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, err := s.Delete("pods", "default", "network-demo", DeleteOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkRefusedUpdate is the seed's failing `kubectl apply`: strategic merge patch,
// validation, and the internal PodSpec diff of the Forbidden error.
func BenchmarkRefusedUpdate(b *testing.B) {
	s, _ := newServer(b)
	webPod(b, s)
	patch := []byte(`{"spec":{"containers":[{"name":"web","ports":[{"containerPort":8080}]}]}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.Patch("pods", "default", "web", "application/strategic-merge-patch+json", patch, PatchOptions{FieldValidation: FieldValidationStrict}); err == nil {
			b.Fatal("update accepted")
		}
	}
}

// BenchmarkList10000 lists 10,000 pods (the server's share of `kubectl get pods` over them).
func BenchmarkList10000(b *testing.B) {
	s, _ := newServer(b)
	for i := 0; i < 10000; i++ {
		body := []byte(fmt.Sprintf(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p%05d","labels":{"app":"x"}},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`, i))
		if _, _, err := s.Create("pods", "default", body, CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		l, err := s.List("pods", "default", ListOptions{LabelSelector: "app=x"})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(l.(*corev1.PodList).Items); n != 10000 {
			b.Fatal(n)
		}
	}
}
