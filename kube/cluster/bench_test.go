package cluster

import (
	"fmt"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/kubelet"
)

// BenchmarkSeedTenMinutes: a fresh cluster, `kubectl apply -f network-demo.yaml`, virtual time
// to t = 10 min, then `kubectl get pods`.
func BenchmarkSeedTenMinutes(b *testing.B) {
	files := loadTxtar(b, "testdata/seed.txtar")
	for i := 0; i < b.N; i++ {
		c, _ := seedCluster(b)
		_ = files
		start := c.Now()
		run(b, c, "apply -f network-demo.yaml")
		c.AdvanceTo(start.Add(10 * time.Minute))
		if r := run(b, c, "get pods"); r.Exit != 0 {
			b.Fatal(string(r.Stderr))
		}
	}
}

// BenchmarkThousandCrashLoopsOneHour: 1,000 Pods whose busybox container runs `exit 1`,
// created through the API server on a node big enough for them, over one virtual hour.
func BenchmarkThousandCrashLoopsOneHour(b *testing.B) {
	for i := 0; i < b.N; i++ {
		c := New(Options{PreloadedImages: []string{"busybox:1.36"},
			NodeConfig: kubelet.NodeConfig{Pods: "1100", PodCIDR: "10.244.0.0/16"}})
		for j := 0; j < 1000; j++ {
			pod := fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash-%d\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [sh, -c, 'exit 1']\n", j)
			if _, _, err := c.API.Create("pods", "default", []byte(pod), apiserver.CreateOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		c.Advance(time.Hour)
		if p := c.Pod("default", "crash-999"); p == nil || len(p.Status.ContainerStatuses) == 0 || p.Status.ContainerStatuses[0].RestartCount < 10 {
			b.Fatalf("crash-999 not crash-looping: %+v", p.Status)
		}
	}
}
