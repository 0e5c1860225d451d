package apiserver

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// kubeletStatus is a status as the kubelet writes it for a running one-container Pod.
func kubeletStatus(pod *corev1.Pod, restarts int32, running bool) corev1.PodStatus {
	start := metav1.NewTime(t0.Add(time.Duration(restarts) * time.Minute))
	cs := corev1.ContainerStatus{Name: "web", Image: "nginx:1.27", ImageID: "docker.io/library/nginx@sha256:aa",
		ContainerID: "containerd://abc", RestartCount: restarts,
		VolumeMounts: []corev1.VolumeMountStatus{{Name: "kube-api-access-x", MountPath: "/var/run/secrets/kubernetes.io/serviceaccount", ReadOnly: true}}}
	if running {
		cs.State.Running = &corev1.ContainerStateRunning{StartedAt: start}
	} else {
		cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error", StartedAt: start, FinishedAt: start, ContainerID: "containerd://abc"}
	}
	return corev1.PodStatus{
		Phase: corev1.PodRunning, HostIP: "192.168.49.2", HostIPs: []corev1.HostIP{{IP: "192.168.49.2"}},
		PodIP: "10.244.0.5", PodIPs: []corev1.PodIP{{IP: "10.244.0.5"}}, StartTime: &metav1.Time{Time: t0}, QOSClass: corev1.PodQOSBestEffort,
		Conditions: []corev1.PodCondition{
			{Type: corev1.PodReadyToStartContainers, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(t0)},
			{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(t0)},
			{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady", LastTransitionTime: metav1.NewTime(t0)},
			{Type: corev1.ContainersReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady", LastTransitionTime: metav1.NewTime(t0)},
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: metav1.NewTime(t0)},
		},
		ContainerStatuses: []corev1.ContainerStatus{cs},
	}
}

// BenchmarkPatchPodStatus is the kubelet's status write as kube/cluster sends it, each one a
// change, with a shared watcher registered (as the cluster's informers are).
func BenchmarkPatchPodStatus(b *testing.B) {
	s, _ := newServer(b)
	pod := webPod(b, s)
	s.WatchShared(func(WatchEvent) {})
	req := *pod
	b.ReportAllocs()
	i := int32(0)
	for b.Loop() {
		i++
		req.Status = kubeletStatus(pod, i/2, i%2 == 0)
		if _, err := s.PatchPodStatus(&req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordEventRepeat is the kubelet's BackOff event of a crash-looping container,
// recorded again and again (the correlator's count update of the stored Event), with a
// shared watcher registered.
func BenchmarkRecordEventRepeat(b *testing.B) {
	s, clk := newServer(b)
	pod := webPod(b, s)
	s.WatchShared(func(WatchEvent) {})
	ref := Reference(pod, "spec.containers{web}")
	rec := EventRecord{Regarding: ref, Type: corev1.EventTypeWarning, Reason: "BackOff",
		Message: "Back-off restarting failed container web in pod web_default(" + string(pod.UID) + ")",
		Source:  corev1.EventSource{Component: "kubelet", Host: "minikube"}}
	b.ReportAllocs()
	for b.Loop() {
		clk.Advance(5 * time.Minute) // past the spam filter's refill
		if err := s.RecordEvent(rec); err != nil {
			b.Fatal(err)
		}
	}
}
