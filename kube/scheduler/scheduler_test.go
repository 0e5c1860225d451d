package scheduler

import (
	"fmt"
	"strings"
	"testing"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/docbuild/docbuild/kube/clock"
)

var t0 = time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)

type fakeAPI struct {
	clk    *clock.Clock
	nodes  []*v1.Node
	pods   map[string]*v1.Pod
	events []string
}

func (a *fakeAPI) ListNodes() ([]*v1.Node, error) { return a.nodes, nil }
func (a *fakeAPI) ListPods() ([]*v1.Pod, error) {
	var out []*v1.Pod
	for _, p := range a.pods {
		out = append(out, p)
	}
	return out, nil
}
func (a *fakeAPI) GetPod(ns, name string) (*v1.Pod, error) {
	if p, ok := a.pods[ns+"/"+name]; ok {
		return p.DeepCopy(), nil
	}
	return nil, apierrors.NewNotFound(v1.Resource("pods"), name)
}
func (a *fakeAPI) Bind(ns, name, node string) error {
	p := a.pods[ns+"/"+name]
	p.Spec.NodeName = node
	return nil
}
func (a *fakeAPI) UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error) {
	a.pods[pod.Namespace+"/"+pod.Name].Status = pod.Status
	return pod, nil
}
func (a *fakeAPI) RecordEvent(pod *v1.Pod, eventType, reason, action, message string) {
	a.events = append(a.events, fmt.Sprintf("%s %s %s %s: %s", a.clk.Now().Sub(t0), eventType, reason, action, message))
}

func node(name string, mut func(*v1.Node)) *v1.Node {
	n := &v1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"kubernetes.io/hostname": name}},
		Status: v1.NodeStatus{Allocatable: v1.ResourceList{
			v1.ResourceCPU: resource.MustParse("4"), v1.ResourceMemory: resource.MustParse("8045784Ki"),
			v1.ResourcePods: resource.MustParse("110"), v1.ResourceEphemeralStorage: resource.MustParse("56403987978"),
		}}}
	if mut != nil {
		mut(n)
	}
	return n
}

func pod(name string, mut func(*v1.Pod)) *v1.Pod {
	zero := int32(0)
	p := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", UID: types.UID(name + "-uid")},
		Spec: v1.PodSpec{Priority: &zero, Containers: []v1.Container{{Name: "c", Image: "nginx"}}}}
	if mut != nil {
		mut(p)
	}
	return p
}

func memory(q string) func(*v1.Pod) {
	return func(p *v1.Pod) {
		p.Spec.Containers[0].Resources.Requests = v1.ResourceList{v1.ResourceMemory: resource.MustParse(q)}
	}
}

func TestScheduling(t *testing.T) {
	tests := []struct {
		name      string
		nodes     []*v1.Node
		existing  []*v1.Pod
		pod       *v1.Pod
		until     time.Duration
		wantNode  string
		wantEvent []string
	}{
		{
			name: "binds", nodes: []*v1.Node{node("debian", nil)}, pod: pod("web", nil), until: time.Second,
			wantNode:  "debian",
			wantEvent: []string{"20ms Normal Scheduled Binding: Successfully assigned default/web to debian"},
		},
		{
			// corpus 013 (memory-demo-3): a request larger than the node. In v1.37.2 the
			// request exceeds allocatable → Unresolvable → no preemption candidate.
			name: "memory larger than the node", nodes: []*v1.Node{node("minikube", nil)}, pod: pod("memory-demo-3", memory("1000Gi")), until: 11 * time.Minute,
			wantEvent: []string{
				"20ms Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
				"5m30s Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
				"10m30s Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
			},
		},
		{
			name:  "memory taken by other pods",
			nodes: []*v1.Node{node("minikube", nil)},
			existing: []*v1.Pod{pod("big", func(p *v1.Pod) {
				memory("6Gi")(p)
				p.Spec.NodeName = "minikube"
				p.Status.Phase = v1.PodRunning
			})},
			pod: pod("second", memory("3Gi")), until: time.Second,
			wantEvent: []string{"20ms Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."},
		},
		{
			name:  "terminated pods free their requests",
			nodes: []*v1.Node{node("minikube", nil)},
			existing: []*v1.Pod{pod("big", func(p *v1.Pod) {
				memory("6Gi")(p)
				p.Spec.NodeName = "minikube"
				p.Status.Phase = v1.PodSucceeded
			})},
			pod: pod("second", memory("3Gi")), until: time.Second, wantNode: "minikube",
			wantEvent: []string{"20ms Normal Scheduled Binding: Successfully assigned default/second to minikube"},
		},
		{
			// corpus 026: nodeSelector disktype=ssd on an unlabelled node.
			name: "node selector", nodes: []*v1.Node{node("worker0", nil)},
			pod: pod("nginx", func(p *v1.Pod) { p.Spec.NodeSelector = map[string]string{"disktype": "ssd"} }), until: time.Second,
			wantEvent: []string{"20ms Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."},
		},
		{
			name: "node selector matches", nodes: []*v1.Node{node("worker0", nil), node("worker1", func(n *v1.Node) { n.Labels["disktype"] = "ssd" })},
			pod: pod("nginx", func(p *v1.Pod) { p.Spec.NodeSelector = map[string]string{"disktype": "ssd"} }), until: time.Second,
			wantNode:  "worker1",
			wantEvent: []string{"20ms Normal Scheduled Binding: Successfully assigned default/nginx to worker1"},
		},
		{
			name: "control-plane taint", nodes: []*v1.Node{node("debian", func(n *v1.Node) {
				n.Spec.Taints = []v1.Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: v1.TaintEffectNoSchedule}}
			})},
			pod: pod("web", nil), until: time.Second,
			wantEvent: []string{"20ms Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 node(s) had untolerated taint(s). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."},
		},
		{
			name: "toleration", nodes: []*v1.Node{node("debian", func(n *v1.Node) {
				n.Spec.Taints = []v1.Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: v1.TaintEffectNoSchedule}}
			})},
			pod: pod("web", func(p *v1.Pod) {
				p.Spec.Tolerations = []v1.Toleration{{Key: "node-role.kubernetes.io/control-plane", Operator: v1.TolerationOpExists, Effect: v1.TaintEffectNoSchedule}}
			}), until: time.Second, wantNode: "debian",
			wantEvent: []string{"20ms Normal Scheduled Binding: Successfully assigned default/web to debian"},
		},
		{
			// real/A.md #08: a control plane without nodes: FailedScheduling at once and
			// about 2 s later (backoff 1 s + the 1 s backoff-queue flush).
			name: "no nodes", pod: pod("network-demo", nil), until: 3 * time.Second,
			wantEvent: []string{
				"20ms Warning FailedScheduling Scheduling: no nodes available to schedule pods",
				"2s Warning FailedScheduling Scheduling: no nodes available to schedule pods",
			},
		},
		{
			name: "cpu and memory", nodes: []*v1.Node{node("minikube", nil)},
			pod: pod("huge", func(p *v1.Pod) {
				p.Spec.Containers[0].Resources.Requests = v1.ResourceList{v1.ResourceCPU: resource.MustParse("8"), v1.ResourceMemory: resource.MustParse("100Gi")}
			}), until: time.Second,
			wantEvent: []string{"20ms Warning FailedScheduling Scheduling: 0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.New(t0)
			api := &fakeAPI{clk: clk, nodes: tc.nodes, pods: map[string]*v1.Pod{}}
			for _, p := range tc.existing {
				api.pods[p.Namespace+"/"+p.Name] = p
			}
			api.pods["default/"+tc.pod.Name] = tc.pod
			s := New(clk, api, Options{})
			s.HandlePod(tc.pod, false)
			clk.AdvanceTo(t0.Add(tc.until))
			if got := api.pods["default/"+tc.pod.Name].Spec.NodeName; got != tc.wantNode {
				t.Errorf("node = %q, want %q", got, tc.wantNode)
			}
			if got, want := strings.Join(api.events, "\n"), strings.Join(tc.wantEvent, "\n"); got != want {
				t.Errorf("events:\n%s\nwant:\n%s", got, want)
			}
			if tc.wantNode == "" {
				var cond *v1.PodCondition
				for i, c := range api.pods["default/"+tc.pod.Name].Status.Conditions {
					if c.Type == v1.PodScheduled {
						cond = &api.pods["default/"+tc.pod.Name].Status.Conditions[i]
					}
				}
				if cond == nil || cond.Status != v1.ConditionFalse || cond.Reason != "Unschedulable" || !strings.HasSuffix(tc.wantEvent[0], cond.Message) {
					t.Errorf("PodScheduled condition = %+v", cond)
				}
			}
		})
	}
}

// A Pod left Pending is scheduled as soon as a deletion frees the room it needs.
func TestRetryOnPodDeletion(t *testing.T) {
	clk := clock.New(t0)
	big := pod("big", func(p *v1.Pod) { memory("6Gi")(p); p.Spec.NodeName = "minikube"; p.Status.Phase = v1.PodRunning })
	api := &fakeAPI{clk: clk, nodes: []*v1.Node{node("minikube", nil)}, pods: map[string]*v1.Pod{"default/big": big}}
	s := New(clk, api, Options{})
	p := pod("second", memory("3Gi"))
	api.pods["default/second"] = p
	s.HandlePod(p, false)
	clk.AdvanceTo(t0.Add(time.Minute))
	delete(api.pods, "default/big")
	s.HandlePod(big, true)
	clk.AdvanceTo(t0.Add(2 * time.Minute))
	if api.pods["default/second"].Spec.NodeName != "minikube" {
		t.Fatalf("not scheduled after the deletion; events:\n%s", strings.Join(api.events, "\n"))
	}
	if last := api.events[len(api.events)-1]; last != "1m1s Normal Scheduled Binding: Successfully assigned default/second to minikube" {
		t.Errorf("last event %q", last)
	}
}
