package kubelet

import (
	"fmt"
	"strings"
	"testing"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/docbuild/docbuild/kube/cluster/timing"
)

// seedRows replays the seed post's network-demo Pod (nginx "app" that keeps running, busybox
// "sidecar" whose `wget -qO- http://localhost:80` exits 0 at once; both untagged, so pulled
// with imagePullPolicy Always at every start) and returns, for every second of the first 15
// minutes, the `kubectl get pods` row (READY STATUS RESTARTS AGE).
func seedRows(jitter float64) []string {
	h := newHarness()
	d := timing.Default()
	d.JitterFraction = jitter
	h.kl.d = d
	// wget fetches the 896-byte page from the local nginx and exits 0 (kube/container's
	// busybox and nginx models; here a scripted double).
	h.rt.scripts["sidecar"] = &behaviour{runs: []time.Duration{20 * time.Millisecond}, codes: []int{0}}
	h.api.create(&v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "network-demo"}, Spec: v1.PodSpec{Containers: []v1.Container{
		{Name: "app", Image: "nginx", Ports: []v1.ContainerPort{{ContainerPort: 80}}},
		{Name: "sidecar", Image: "busybox", Command: []string{"sh", "-c", "wget -qO- http://localhost:80"}},
	}}})
	var rows []string
	for s := 0; s <= 15*60; s++ {
		now := t0.Add(time.Duration(s) * time.Second)
		h.clk.AdvanceTo(now)
		p := h.pod("network-demo")
		ready, status, restarts := printPodColumns(p, now)
		rows = append(rows, fmt.Sprintf("%s|%s|%s|%s", ready, status, restarts, duration.HumanDuration(now.Sub(p.CreationTimestamp.Time))))
	}
	return rows
}

// TestSeedCrashLoopWindow works out when the seed's row `network-demo 1/2 CrashLoopBackOff
// 6 (3m50s ago) 10m` is what `kubectl get pods` prints: the crash-loop back-off (10s, 20s, 40s,
// 80s, 160s, then 300s) puts the sixth restart a little under six minutes after creation; the
// pod workers requeue a back-off at its expiry plus a jitter of up to 50 % (pod_workers.go
// completeWork, wait.Jitter); the row is reachable at AGE 10m only with the jitter near its
// maximum (or slower pulls than the defaults).
func TestSeedCrashLoopWindow(t *testing.T) {
	const want = "1/2|CrashLoopBackOff|6 (3m50s ago)|10m"
	for _, tc := range []struct {
		jitter    float64
		reachable bool
	}{{0, false}, {0.5, false}, {1, true}} {
		rows := seedRows(tc.jitter)
		var six, at10, exact []string
		for s, r := range rows {
			f := strings.Split(r, "|")
			if f[1] == "CrashLoopBackOff" && strings.HasPrefix(f[2], "6 ") {
				six = append(six, fmt.Sprint(s))
				if f[3] == "10m" {
					at10 = append(at10, fmt.Sprintf("%ds:%s", s, f[2]))
				}
			}
			if r == want {
				exact = append(exact, fmt.Sprint(s))
			}
		}
		t.Logf("jitter %.1f: CrashLoopBackOff with 6 restarts at t=%s..%s s; at AGE 10m: %v; exact seed row at t=%v",
			tc.jitter, first(six), last(six), span(at10), exact)
		if got := len(exact) > 0; got != tc.reachable {
			t.Errorf("jitter %.1f: seed row reachable = %v, want %v", tc.jitter, got, tc.reachable)
		}
		if len(six) == 0 {
			t.Errorf("jitter %.1f: never 6 restarts in CrashLoopBackOff", tc.jitter)
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return s[0]
}

func last(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return s[len(s)-1]
}

func span(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return s[0] + " … " + s[len(s)-1]
}
