package kubectl

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// kwok plays the KWOK fake node of real/B.md: it reports the node Ready as kwok-0.8.0 does and
// makes every pod bound to it Running at once (all containers ready, IP 10.244.0.1), and
// removes deleted pods. Only what KWOK writes through the API is modelled, so that B.md's
// tables and scheduling lines can be compared; its logs/exec answers are not.
func kwok(c *testCluster) {
	var pending []func()
	c.api.Watch(func(ev apiserver.WatchEvent) {
		switch obj := ev.Object.(type) {
		case *v1.Node:
			if ev.Type == "ADDED" {
				name := obj.Name
				pending = append(pending, func() {
					o, err := c.api.Get("nodes", "", name)
					if err != nil {
						return
					}
					n := o.(*v1.Node)
					now := metav1.NewTime(c.clk.Now())
					n.Status.Conditions = []v1.NodeCondition{{Type: v1.NodeReady, Status: v1.ConditionTrue, LastHeartbeatTime: now, LastTransitionTime: now, Reason: "KubeletReady", Message: "kubelet is posting ready status"}}
					n.Status.Addresses = []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: "127.0.0.1"}}
					n.Status.NodeInfo = v1.NodeSystemInfo{KubeletVersion: "kwok-0.8.0", KubeProxyVersion: "kwok-0.8.0", KernelVersion: "kwok-0.8.0", ContainerRuntimeVersion: "kwok-0.8.0", Architecture: "amd64", OperatingSystem: "linux"}
					n.Status.Allocatable = v1.ResourceList{v1.ResourceCPU: resource.MustParse("32"), v1.ResourceMemory: resource.MustParse("256Gi"), v1.ResourcePods: resource.MustParse("110")}
					n.Status.Capacity = n.Status.Allocatable
					_, _ = c.api.UpdateStatus(n)
				})
			}
		case *v1.Pod:
			if obj.Spec.NodeName == "" {
				return
			}
			name, ns := obj.Name, obj.Namespace
			if obj.DeletionTimestamp != nil {
				uid := obj.UID
				pending = append(pending, func() {
					zero := int64(0)
					_, _ = c.api.Delete("pods", ns, name, apiserver.DeleteOptions{GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &uid}})
				})
				return
			}
			if len(obj.Status.ContainerStatuses) > 0 {
				return
			}
			pending = append(pending, func() {
				o, err := c.api.Get("pods", ns, name)
				if err != nil {
					return
				}
				p := o.(*v1.Pod)
				now := metav1.NewTime(c.clk.Now())
				p.Status.Phase = v1.PodRunning
				p.Status.HostIP = "127.0.0.1"
				p.Status.HostIPs = []v1.HostIP{{IP: "127.0.0.1"}}
				p.Status.PodIP = "10.244.0.1"
				p.Status.PodIPs = []v1.PodIP{{IP: "10.244.0.1"}}
				p.Status.StartTime = &now
				var conds []v1.PodCondition
				for _, t := range []v1.PodConditionType{v1.PodInitialized, v1.PodReady, v1.ContainersReady, v1.PodScheduled} {
					conds = append(conds, v1.PodCondition{Type: t, Status: v1.ConditionTrue, LastTransitionTime: now})
				}
				p.Status.Conditions = conds
				for _, ctr := range p.Spec.Containers {
					p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, v1.ContainerStatus{
						Name: ctr.Name, Image: ctr.Image, Ready: true,
						State: v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: now}},
					})
				}
				_, _ = c.api.UpdatePodStatus(p)
			})
		}
	})
	// KWOK reacts within the same second: run its reactions on the clock's next tick.
	var tick func()
	tick = func() {
		for len(pending) > 0 {
			fns := pending
			pending = nil
			for _, f := range fns {
				f()
			}
		}
		c.clk.After(100*time.Millisecond, tick)
	}
	c.clk.After(100*time.Millisecond, tick)
}

// TestRealB replays the table and scheduling steps of real/B.md (a v1.37.2 control plane with a
// KWOK fake node, manifests beside it) and the kubectl-side exec errors; the KWOK-specific
// logs/exec answers (#12-#15) are not the simulator's business (real/README.md).
func TestRealB(t *testing.T) {
	dir := filepath.Join("testdata", "realB")
	data, err := os.ReadFile(filepath.Join(dir, "B.md"))
	if err != nil {
		t.Fatal(err)
	}
	c := newTestCluster(t)
	kwok(c)
	for _, name := range []string{"node.yaml", "network-demo.yaml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		c.files[name] = &fstest.MapFile{Data: b}
	}
	for _, st := range parseTranscript(t, string(data)) {
		c.clk.AdvanceTo(c.clk.Now().Add(500 * time.Millisecond))
		args := strings.Fields(st.cmd)
		if args[0] == "timeout" {
			args = args[2:]
		}
		switch {
		case st.num >= 12 && st.num <= 15:
			continue
		case st.num == 16:
			// The edited manifest (real/B.md does not show its cat; it is A.md's #17).
			b, _ := os.ReadFile(filepath.Join(dir, "network-demo-changed.yaml"))
			c.files["network-demo.yaml"] = &fstest.MapFile{Data: b}
		}
		if args[0] != "kubectl" {
			continue
		}
		t.Run(strconv.Itoa(st.num)+" "+st.cmd, func(t *testing.T) {
			var out, errOut string
			var code int
			if st.tty {
				out, _, code = c.runTTY(args[1:])
			} else {
				out, errOut, code = c.run(args[1:], "")
			}
			if code != st.code {
				t.Errorf("exit code %d, want %d", code, st.code)
			}
			if volatile(out) != volatile(st.stdout) {
				t.Errorf("stdout differs\n--- got\n%s--- want\n%s", out, st.stdout)
			}
			if volatile(errOut) != volatile(st.stderr) {
				t.Errorf("stderr differs\n--- got\n%s--- want\n%s", errOut, st.stderr)
			}
		})
	}
}
