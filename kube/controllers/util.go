package controllers

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func isNotFound(err error) bool { return apierrors.IsNotFound(err) }

func hasStatusCause(err error, name metav1.CauseType) bool {
	return apierrors.HasStatusCause(err, name)
}

// validatePodNamePrefix is pkg/apis/core/validation ValidatePodName(prefix, true).
func validatePodNamePrefix(prefix string) []string {
	return apimachineryvalidation.NameIsDNSSubdomain(prefix, true)
}

// ---- k8s.io/kubernetes v1.37.2 pkg/api/v1/pod/util.go ----

// getPodReadyCondition is podutil.GetPodReadyCondition.
func getPodReadyCondition(status *corev1.PodStatus) *corev1.PodCondition {
	for i := range status.Conditions {
		if status.Conditions[i].Type == corev1.PodReady {
			return &status.Conditions[i]
		}
	}
	return nil
}

// isPodReady is podutil.IsPodReady.
func isPodReady(pod *corev1.Pod) bool {
	c := getPodReadyCondition(&pod.Status)
	return c != nil && c.Status == corev1.ConditionTrue
}

// isPodAvailable is podutil.IsPodAvailable: ready for at least minReadySeconds.
func isPodAvailable(pod *corev1.Pod, minReadySeconds int32, now metav1.Time) bool {
	if !isPodReady(pod) {
		return false
	}
	c := getPodReadyCondition(&pod.Status)
	minReadySecondsDuration := time.Duration(minReadySeconds) * time.Second
	return minReadySeconds == 0 ||
		(!c.LastTransitionTime.IsZero() && c.LastTransitionTime.Add(minReadySecondsDuration).Before(now.Time))
}

// isPodTerminal is podutil.IsPodTerminal.
func isPodTerminal(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodFailed || pod.Status.Phase == corev1.PodSucceeded
}

// isPodActive is controller.IsPodActive.
func isPodActive(p *corev1.Pod) bool {
	return corev1.PodSucceeded != p.Status.Phase && corev1.PodFailed != p.Status.Phase && p.DeletionTimestamp == nil
}

// isPodTerminating is controller.IsPodTerminating.
func isPodTerminating(p *corev1.Pod) bool {
	return !isPodTerminal(p) && p.DeletionTimestamp != nil
}

func filterActivePods(pods []*corev1.Pod) []*corev1.Pod {
	var out []*corev1.Pod
	for _, p := range pods {
		if isPodActive(p) {
			out = append(out, p)
		}
	}
	return out
}

func filterTerminatingPods(pods []*corev1.Pod) []*corev1.Pod {
	var out []*corev1.Pod
	for _, p := range pods {
		if isPodTerminating(p) {
			out = append(out, p)
		}
	}
	return out
}

// nextPodAvailabilityCheck is controller.nextPodAvailabilityCheck.
func nextPodAvailabilityCheck(pod *corev1.Pod, minReadySeconds int32, now time.Time) (time.Duration, bool) {
	if !isPodReady(pod) || minReadySeconds <= 0 {
		return 0, false
	}
	c := getPodReadyCondition(&pod.Status)
	if c.LastTransitionTime.IsZero() {
		return 0, false
	}
	next := c.LastTransitionTime.Add(time.Duration(minReadySeconds) * time.Second).Sub(now)
	if next > 0 {
		return next, true
	}
	return 0, false
}

// findMinNextPodAvailabilityCheck is controller.FindMinNextPodAvailabilityCheck on the virtual
// clock (one clock reading: the status evaluation and the check are the same instant).
func findMinNextPodAvailabilityCheck(pods []*corev1.Pod, minReadySeconds int32, now time.Time) (time.Duration, bool) {
	var best time.Duration
	found := false
	for _, p := range pods {
		if d, ok := nextPodAvailabilityCheck(p, minReadySeconds, now); ok && (!found || d < best) {
			best, found = d, true
		}
	}
	return best, found
}
