package kubectl

import (
	"fmt"
	"io"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/clock"
)

// BenchmarkApplyGet is `kubectl apply -f pod.yaml` of a new Pod followed by
// `kubectl get pod <name>`, on an API server without scheduler or node (only kubectl and the
// API server are measured). A fresh server every 100 Pods keeps the heap (and so the GC's
// share of the CPU time) that of a tutorial's cluster.
func BenchmarkApplyGet(b *testing.B) {
	files := fstest.MapFS{}
	manifests := make([][]byte, 100)
	for i := range manifests {
		manifests[i] = []byte(fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-%d\nspec:\n  containers:\n  - name: app\n    image: nginx\n", i))
	}
	var env *Env
	b.ReportAllocs()
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		if i%100 == 0 {
			b.StopTimer()
			clk := clock.New(testStart)
			api := apiserver.New(clk, apiserver.Options{Seed: 1})
			env = &Env{API: api, Clock: clk, Files: mapFiles{files}, Stdout: io.Discard, Stderr: io.Discard}
			b.StartTimer()
		}
		files["pod.yaml"] = &fstest.MapFile{Data: manifests[i%100]}
		if code := Run(env, []string{"apply", "-f", "pod.yaml"}); code != 0 {
			b.Fatal("apply failed")
		}
		if code := Run(env, []string{"get", "pod", fmt.Sprintf("web-%d", i%100)}); code != 0 {
			b.Fatal("get failed")
		}
	}
}

// BenchmarkGet10000 is `kubectl get pods` over 10,000 Pods.
func BenchmarkGet10000(b *testing.B) {
	c := newTestCluster(b)
	for i := 0; i < 10000; i++ {
		p := &v1.Pod{}
		p.Name = fmt.Sprintf("pod-%05d", i)
		p.Spec.Containers = []v1.Container{{Name: "app", Image: "nginx:1.27"}}
		if _, _, err := c.api.CreateObject("default", p, apiserver.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	env := &Env{API: c.api, Clock: c.clk, Stdout: io.Discard, Stderr: io.Discard}
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		if code := Run(env, []string{"get", "pods"}); code != 0 {
			b.Fatal("get failed")
		}
	}
}

// BenchmarkGetOne is `kubectl get pods` listing one Pod.
func BenchmarkGetOne(b *testing.B) {
	clk := clock.New(testStart)
	api := apiserver.New(clk, apiserver.Options{Seed: 1})
	p := &v1.Pod{}
	p.Name = "web"
	p.Spec.Containers = []v1.Container{{Name: "app", Image: "nginx"}}
	if _, _, err := api.CreateObject("default", p, apiserver.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	env := &Env{API: api, Clock: clk, Stdout: io.Discard, Stderr: io.Discard}
	b.ReportAllocs()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		if code := Run(env, []string{"get", "pods"}); code != 0 {
			b.Fatal("get failed")
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
