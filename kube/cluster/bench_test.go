package cluster

import (
	"fmt"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/kubelet"
)

// BenchmarkSeedTenMinutes: a fresh cluster, `kubectl apply -f network-demo.yaml`, virtual time
// to t = 10 min, then `kubectl get pods`.
func BenchmarkSeedTenMinutes(b *testing.B) {
	files := loadTxtar(b, "testdata/seed.txtar")
	b.ReportAllocs()
	defer cpuPerOp(b)()
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
	b.ReportAllocs()
	defer cpuPerOp(b)()
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

// BenchmarkNewCluster is the simulator's fixed cost per checked post: a cluster, then the
// first `kubectl apply` of a Pod (which pulls nothing: the image is preloaded) and the time
// until its container runs.
func BenchmarkNewCluster(b *testing.B) {
	files := loadTxtar(b, "testdata/seed.txtar")
	b.ReportAllocs()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		c := New(Options{Node: "debian", Files: mapFiles{fstest.MapFS{"network-demo.yaml": {Data: files["network-demo.yaml"]}}}})
		if r := run(b, c, "apply -f network-demo.yaml"); r.Exit != 0 {
			b.Fatal(string(r.Stderr))
		}
	}
}

// cpuPerOp reports the process's CPU time per operation (user+system, all threads, GC
// included) next to the wall time: on a loaded machine it is the steadier figure. Setup done
// with the timer stopped is included, so it is an upper bound.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
