package printers

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/docbuild/docbuild/kube/k8sversion"
)

var tnow = time.Date(2026, 11, 24, 23, 39, 26, 0, time.UTC)

func running() corev1.ContainerState {
	return corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
}
func waiting(r string) corev1.ContainerState {
	return corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: r}}
}
func terminated(r string, code, sig int32) corev1.ContainerState {
	return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: r, ExitCode: code, Signal: sig}}
}

// TestPrintPod checks every rule of printPod (facts §2.1; k8s.io/kubernetes v1.37.2
// pkg/printers/internalversion/printers.go) on the READY, STATUS and RESTARTS cells, and the
// rules that changed between releases through the version table.
func TestPrintPod(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	ago := metav1.NewTime(tnow.Add(-230 * time.Second))
	older := metav1.NewTime(tnow.Add(-600 * time.Second))
	deleted := metav1.NewTime(tnow.Add(10 * time.Second))
	tests := []struct {
		name                     string
		version                  string
		pod                      corev1.Pod
		ready, status, restarts  string
		ip, node, nominated, rgs string
	}{
		{name: "phase only", pod: corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodPending}},
			ready: "0/1", status: "Pending", restarts: "0"},
		{name: "status reason", pod: corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted"}},
			ready: "0/1", status: "Evicted", restarts: "0"},
		{name: "scheduling gated", pod: corev1.Pod{Status: corev1.PodStatus{Phase: corev1.PodPending,
			Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonSchedulingGated}}}},
			ready: "0/1", status: "SchedulingGated", restarts: "0"},
		{name: "init running", pod: corev1.Pod{
			Spec: corev1.PodSpec{InitContainers: []corev1.Container{{Name: "i1"}, {Name: "i2"}}, Containers: []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{Phase: corev1.PodPending, InitContainerStatuses: []corev1.ContainerStatus{
				{Name: "i1", State: terminated("Completed", 0, 0)}, {Name: "i2", State: running(), RestartCount: 2}}}},
			ready: "0/1", status: "Init:1/2", restarts: "2"},
		{name: "init error", pod: corev1.Pod{
			Spec:   corev1.PodSpec{InitContainers: []corev1.Container{{Name: "i1"}}, Containers: []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: terminated("Error", 1, 0)}}}},
			ready: "0/1", status: "Init:Error", restarts: "0"},
		{name: "init signal", pod: corev1.Pod{
			Spec:   corev1.PodSpec{InitContainers: []corev1.Container{{Name: "i1"}}, Containers: []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: terminated("", 137, 9)}}}},
			ready: "0/1", status: "Init:Signal:9", restarts: "0"},
		{name: "init exit code", pod: corev1.Pod{
			Spec:   corev1.PodSpec{InitContainers: []corev1.Container{{Name: "i1"}}, Containers: []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: terminated("", 3, 0)}}}},
			ready: "0/1", status: "Init:ExitCode:3", restarts: "0"},
		{name: "init crashloop", pod: corev1.Pod{
			Spec:   corev1.PodSpec{InitContainers: []corev1.Container{{Name: "i1"}}, Containers: []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{InitContainerStatuses: []corev1.ContainerStatus{{Name: "i1", State: waiting("CrashLoopBackOff"), RestartCount: 3, LastTerminationState: terminated("Error", 1, 0)}}}},
			ready: "0/1", status: "Init:CrashLoopBackOff", restarts: "3"},
		{name: "sidecar counted and ready", pod: corev1.Pod{
			Spec: corev1.PodSpec{InitContainers: []corev1.Container{{Name: "side", RestartPolicy: &always}}, Containers: []corev1.Container{{Name: "app"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning,
				Conditions:            []corev1.PodCondition{{Type: corev1.PodInitialized, Status: corev1.ConditionTrue}},
				InitContainerStatuses: []corev1.ContainerStatus{{Name: "side", Started: ptr(true), Ready: true, State: running(), RestartCount: 1}},
				ContainerStatuses:     []corev1.ContainerStatus{{Name: "app", Ready: true, State: running(), RestartCount: 2}}}},
			ready: "2/2", status: "Running", restarts: "3"},
		{name: "first container wins", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
			Status: corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{
				{Name: "a", State: waiting("ErrImagePull")}, {Name: "b", State: waiting("ContainerCreating")}}}},
			ready: "0/2", status: "ErrImagePull", restarts: "0"},
		{name: "crashloop with ago", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}, {Name: "sidecar"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{
				{Name: "web", Ready: true, State: running()},
				{Name: "sidecar", State: waiting("CrashLoopBackOff"), RestartCount: 6,
					LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", FinishedAt: ago}}}}}},
			ready: "1/2", status: "CrashLoopBackOff", restarts: "6 (3m50s ago)"},
		{name: "newest termination counts", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{
				{Name: "a", Ready: true, State: running(), RestartCount: 1, LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: older}}},
				{Name: "b", Ready: true, State: running(), RestartCount: 1, LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: ago}}}}}},
			ready: "2/2", status: "Running", restarts: "2 (3m50s ago)"},
		{name: "completed but one running and ready", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
				ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("Completed", 0, 0)}, {Name: "b", Ready: true, State: running()}}}},
			ready: "1/2", status: "Running", restarts: "0"},
		{name: "completed not ready", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning,
				ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("Completed", 0, 0)}, {Name: "b", Ready: true, State: running()}}}},
			ready: "1/2", status: "NotReady", restarts: "0"},
		{name: "completed with error 1.35+", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
			Status: corev1.PodStatus{Phase: corev1.PodFailed,
				ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("Completed", 0, 0)}, {Name: "b", State: terminated("Error", 2, 0)}}}},
			ready: "0/2", status: "Error", restarts: "0"},
		{name: "completed with error 1.34", version: "1.34", pod: corev1.Pod{
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
			Status: corev1.PodStatus{Phase: corev1.PodFailed,
				ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("Completed", 0, 0)}, {Name: "b", State: terminated("Error", 2, 0)}}}},
			ready: "0/2", status: "Completed", restarts: "0"},
		{name: "terminated signal", pod: corev1.Pod{
			Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("", 137, 9)}}}},
			ready: "0/1", status: "Signal:9", restarts: "0"},
		{name: "terminating", pod: corev1.Pod{ObjectMeta: metav1.ObjectMeta{DeletionTimestamp: &deleted},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{Name: "a", Ready: true, State: running()}}}},
			ready: "1/1", status: "Terminating", restarts: "0"},
		{name: "deleted succeeded keeps phase 1.32+", pod: corev1.Pod{ObjectMeta: metav1.ObjectMeta{DeletionTimestamp: &deleted},
			Status: corev1.PodStatus{Phase: corev1.PodSucceeded, ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("Completed", 0, 0)}}}},
			ready: "0/1", status: "Completed", restarts: "0"},
		{name: "deleted succeeded before 1.32", version: "pre-1.32", pod: corev1.Pod{ObjectMeta: metav1.ObjectMeta{DeletionTimestamp: &deleted},
			Status: corev1.PodStatus{Phase: corev1.PodSucceeded, ContainerStatuses: []corev1.ContainerStatus{{Name: "a", State: terminated("Completed", 0, 0)}}}},
			ready: "0/1", status: "Terminating", restarts: "0"},
		{name: "node lost", pod: corev1.Pod{ObjectMeta: metav1.ObjectMeta{DeletionTimestamp: &deleted},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, Reason: "NodeLost"}},
			ready: "0/1", status: "Unknown", restarts: "0"},
		{name: "wide columns", pod: corev1.Pod{
			Spec: corev1.PodSpec{NodeName: "minikube", ReadinessGates: []corev1.PodReadinessGate{{ConditionType: "x"}, {ConditionType: "y"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIPs: []corev1.PodIP{{IP: "10.244.0.5"}}, NominatedNodeName: "n2",
				Conditions: []corev1.PodCondition{{Type: "x", Status: corev1.ConditionTrue}, {Type: "y", Status: corev1.ConditionFalse}}}},
			ready: "0/1", status: "Running", restarts: "0", ip: "10.244.0.5", node: "minikube", nominated: "n2", rgs: "1/2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pod := tc.pod
			pod.Name = "p"
			pod.CreationTimestamp = metav1.NewTime(tnow.Add(-12 * time.Minute))
			if len(pod.Spec.Containers) == 0 {
				pod.Spec.Containers = []corev1.Container{{Name: "a"}}
			}
			var v *k8sversion.Version
			switch tc.version {
			case "":
			case "pre-1.32":
				// Not in the version table: 1.32 with the rule as it was before
				// (TerminatingSkipsTerminal is v1.32+).
				v = k8sversion.MustGet("1.32")
				v.TerminatingSkipsTerminal = false
			default:
				v = k8sversion.MustGet(tc.version)
			}
			table, err := TableFor(&pod, tnow, v)
			if err != nil {
				t.Fatal(err)
			}
			c := table.Rows[0].Cells
			if c[1] != tc.ready || c[2] != tc.status || c[3] != tc.restarts || c[4] != "12m" {
				t.Errorf("READY STATUS RESTARTS AGE = %v %v %v %v, want %s %s %s 12m", c[1], c[2], c[3], c[4], tc.ready, tc.status, tc.restarts)
			}
			want := []string{tc.ip, tc.node, tc.nominated, tc.rgs}
			for i, w := range want {
				if w == "" {
					w = "<none>"
				}
				if c[5+i] != w {
					t.Errorf("wide cell %d = %v, want %s", i, c[5+i], w)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
