package kubelet

import (
	"fmt"
	"testing"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// BenchmarkSeedTenMinutes: the seed's network-demo Pod from apply to t = 10 min (kubelet with
// the scripted runtime double; kube/cluster has the end-to-end benchmark).
func BenchmarkSeedTenMinutes(b *testing.B) {
	for i := 0; i < b.N; i++ {
		h := newHarness()
		h.api.onWrite, h.api.quiet = nil, true
		h.rt.scripts["sidecar"] = &behaviour{runs: []time.Duration{20 * time.Millisecond}, codes: []int{0}}
		h.api.create(&v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "network-demo"}, Spec: v1.PodSpec{Containers: []v1.Container{
			{Name: "app", Image: "nginx"},
			{Name: "sidecar", Image: "busybox", Command: []string{"sh", "-c", "wget -qO- http://localhost:80"}},
		}}})
		h.clk.AdvanceTo(t0.Add(10 * time.Minute))
	}
}

const benchPods = 1000

// BenchmarkThousandCrashLoopsOneHour: 1,000 Pods whose container exits 1 after 2 s, over one
// virtual hour.
func BenchmarkThousandCrashLoopsOneHour(b *testing.B) {
	for i := 0; i < b.N; i++ {
		h := newHarness("busybox:1.36")
		h.api.onWrite, h.api.quiet = nil, true
		h.rt.scripts["app"] = &behaviour{runs: []time.Duration{2 * time.Second}, codes: []int{1}}
		for j := 0; j < benchPods; j++ {
			h.api.create(&v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("crash-%d", j)}, Spec: v1.PodSpec{Containers: []v1.Container{
				{Name: "app", Image: "busybox:1.36", Command: []string{"false"}},
			}}})
		}
		h.clk.AdvanceTo(t0.Add(time.Hour))
		if h.api.nEvents == 0 {
			b.Fatal("no events")
		}
	}
}
