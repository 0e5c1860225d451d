package kubectl

import (
	"fmt"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/kubectl/pkg/polymorphichelpers"
	"k8s.io/kubectl/pkg/util/podutils"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// podPurpose selects how kubectl picks one pod of a workload.
type podPurpose int

const (
	// podToAttach: exec, attach, port-forward (polymorphichelpers v0.37.2
	// attachablepodforobject.go: the most active pod first, sort.Reverse(podutils.ActivePods)).
	podToAttach podPurpose = iota
	// podForLogs: logs (logsforobject.go: podutils.ByLogging, and "Found N pods, using pod/x"
	// on stderr when there are several).
	podForLogs
)

// podForObject is the pod kubectl uses for obj: a Pod is itself; for a workload (Deployment,
// ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, Service), the first of the
// pods its selector matches (polymorphichelpers v0.37.2 helpers.go SelectorsForObject and
// GetFirstPod), waiting on the virtual clock up to timeout for one to appear.
func (r *runner) podForObject(m mapping, obj runtime.Object, purpose podPurpose, timeout time.Duration) (*corev1.Pod, error) {
	if p, ok := obj.(*corev1.Pod); ok {
		return p, nil
	}
	namespace, selector, err := polymorphichelpers.SelectorsForObject(obj)
	if err != nil {
		if purpose == podForLogs {
			return nil, fmt.Errorf("cannot get the logs from %T: %v", obj, err)
		}
		return nil, fmt.Errorf("cannot attach to %T: %v", obj, err)
	}
	pods, err := r.podList(namespace, selector, timeout, purpose)
	if err != nil {
		return nil, err
	}
	if purpose == podForLogs && len(pods) > 1 {
		fmt.Fprintf(r.errOut, "Found %v pods, using pod/%v\n", len(pods), pods[0].Name)
	}
	return pods[0], nil
}

// podList is helpers.go GetPodList: the pods the selector matches, sorted; when there is none,
// the first pod added or modified within timeout ("timed out waiting for the condition").
func (r *runner) podList(namespace string, selector labels.Selector, timeout time.Duration, purpose podPurpose) ([]*corev1.Pod, error) {
	list, err := r.env.API.List("pods", namespace, apiserver.ListOptions{LabelSelector: selector.String()})
	if err != nil {
		return nil, err
	}
	items := list.(*corev1.PodList).Items
	pods := make([]*corev1.Pod, 0, len(items))
	for i := range items {
		p := items[i]
		pods = append(pods, &p)
	}
	if len(pods) > 0 {
		if purpose == podForLogs {
			sort.Sort(podutils.ByLogging(pods))
		} else {
			sort.Sort(sort.Reverse(podutils.ActivePods(pods)))
		}
		return pods, nil
	}
	var found *corev1.Pod
	stop := r.env.API.Watch(func(ev apiserver.WatchEvent) {
		if found != nil || ev.Resource != "pods" || (ev.Type != "ADDED" && ev.Type != "MODIFIED") {
			return
		}
		p := ev.Object.(*corev1.Pod)
		if p.Namespace == namespace && selector.Matches(labels.Set(p.Labels)) {
			found = p
		}
	})
	defer stop()
	if timeout <= 0 {
		// watchtools.ContextWithOptionalTimeout: no timeout.
		timeout = maxWatch
	}
	clk := r.env.Clock
	deadline := clk.Now().Add(timeout)
	for found == nil {
		next, ok := clk.Next()
		if !ok || next.After(deadline) {
			clk.AdvanceTo(deadline)
			break
		}
		clk.AdvanceTo(next)
	}
	if found == nil {
		return nil, wait.ErrorInterrupted(nil)
	}
	return []*corev1.Pod{found}, nil
}
