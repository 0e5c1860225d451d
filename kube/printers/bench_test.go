package printers

import (
	"fmt"
	"io"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// BenchmarkPrintPods10000 is the table generation and layout of `kubectl get pods` for 10,000
// running Pods (the API server's List is not included).
func BenchmarkPrintPods10000(b *testing.B) {
	now := time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)
	list := &corev1.PodList{}
	for i := 0; i < 10000; i++ {
		p := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("pod-%05d", i), Namespace: "default", CreationTimestamp: metav1.NewTime(now.Add(-time.Duration(i) * time.Second))}}
		p.Spec.Containers = []corev1.Container{{Name: "app", Image: "nginx"}}
		p.Status.Phase = corev1.PodRunning
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}
		list.Items = append(list.Items, p)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := PrintTable(io.Discard, list, now, PrintOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
