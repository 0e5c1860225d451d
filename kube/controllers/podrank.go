package controllers

import (
	"math"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The pod orderings of k8s.io/kubernetes v1.37.2 pkg/controller/controller_utils.go: which
// Pods a controller deletes first (ActivePodsWithRanks, PodDeletionCost beta on) and
// ActivePods (the Job controller's removal order).

func podPhaseOrdinal(p corev1.PodPhase) int {
	switch p {
	case corev1.PodPending:
		return 0
	case corev1.PodUnknown:
		return 1
	case corev1.PodRunning:
		return 2
	}
	return 0
}

type activePodsWithRanks struct {
	pods []*corev1.Pod
	rank []int
	now  metav1.Time
}

func (s activePodsWithRanks) Len() int { return len(s.pods) }

func (s activePodsWithRanks) Swap(i, j int) {
	s.pods[i], s.pods[j] = s.pods[j], s.pods[i]
	s.rank[i], s.rank[j] = s.rank[j], s.rank[i]
}

// Less reports whether pod i should be deleted before pod j.
func (s activePodsWithRanks) Less(i, j int) bool {
	pi, pj := s.pods[i], s.pods[j]
	// 1. Unassigned < assigned
	if pi.Spec.NodeName != pj.Spec.NodeName && (len(pi.Spec.NodeName) == 0 || len(pj.Spec.NodeName) == 0) {
		return len(pi.Spec.NodeName) == 0
	}
	// 2. PodPending < PodUnknown < PodRunning
	if podPhaseOrdinal(pi.Status.Phase) != podPhaseOrdinal(pj.Status.Phase) {
		return podPhaseOrdinal(pi.Status.Phase) < podPhaseOrdinal(pj.Status.Phase)
	}
	// 3. Not ready < ready
	if isPodReady(pi) != isPodReady(pj) {
		return !isPodReady(pi)
	}
	// 4. lower pod-deletion-cost < higher pod-deletion cost
	ci, cj := deletionCost(pi.Annotations), deletionCost(pj.Annotations)
	if ci != cj {
		return ci < cj
	}
	// 5. Doubled up < not doubled up
	if s.rank[i] != s.rank[j] {
		return s.rank[i] > s.rank[j]
	}
	// 6. Been ready for empty time < less time < more time
	if isPodReady(pi) && isPodReady(pj) {
		r1, r2 := podReadyTime(pi), podReadyTime(pj)
		if !r1.Equal(r2) {
			if s.now.IsZero() || r1.IsZero() || r2.IsZero() {
				return afterOrZero(r1, r2)
			}
			rankDiff := logarithmicRankDiff(*r1, *r2, s.now)
			if rankDiff == 0 {
				return pi.UID < pj.UID
			}
			return rankDiff < 0
		}
	}
	// 7. Pods with containers with higher restart counts < lower restart counts
	if res, ok := compareMaxContainerRestarts(pi, pj); ok {
		return res
	}
	// 8. Empty creation time pods < newer pods < older pods
	if !pi.CreationTimestamp.Equal(&pj.CreationTimestamp) {
		if s.now.IsZero() || pi.CreationTimestamp.IsZero() || pj.CreationTimestamp.IsZero() {
			return afterOrZero(&pi.CreationTimestamp, &pj.CreationTimestamp)
		}
		rankDiff := logarithmicRankDiff(pi.CreationTimestamp, pj.CreationTimestamp, s.now)
		if rankDiff == 0 {
			return pi.UID < pj.UID
		}
		return rankDiff < 0
	}
	return false
}

// activePods is controller.ActivePods.
type activePods []*corev1.Pod

func (s activePods) Len() int      { return len(s) }
func (s activePods) Swap(i, j int) { s[i], s[j] = s[j], s[i] }
func (s activePods) Less(i, j int) bool {
	if s[i].Spec.NodeName != s[j].Spec.NodeName && (len(s[i].Spec.NodeName) == 0 || len(s[j].Spec.NodeName) == 0) {
		return len(s[i].Spec.NodeName) == 0
	}
	if podPhaseOrdinal(s[i].Status.Phase) != podPhaseOrdinal(s[j].Status.Phase) {
		return podPhaseOrdinal(s[i].Status.Phase) < podPhaseOrdinal(s[j].Status.Phase)
	}
	if isPodReady(s[i]) != isPodReady(s[j]) {
		return !isPodReady(s[i])
	}
	if isPodReady(s[i]) && isPodReady(s[j]) {
		r1, r2 := podReadyTime(s[i]), podReadyTime(s[j])
		if !r1.Equal(r2) {
			return afterOrZero(r1, r2)
		}
	}
	if res, ok := compareMaxContainerRestarts(s[i], s[j]); ok {
		return res
	}
	if !s[i].CreationTimestamp.Equal(&s[j].CreationTimestamp) {
		return afterOrZero(&s[i].CreationTimestamp, &s[j].CreationTimestamp)
	}
	return false
}

// deletionCost is helper.GetDeletionCostFromPodAnnotations (0 for an invalid value).
func deletionCost(annotations map[string]string) int32 {
	v, ok := annotations["controller.kubernetes.io/pod-deletion-cost"]
	if !ok || len(v) == 0 {
		return 0
	}
	// values that start with plus sign (e.g, "+10") or leading zeros (e.g., "008") are not
	// valid (helpers.go validFirstDigit).
	if !(v[0] == '-' || v == "0" || (v[0] >= '1' && v[0] <= '9')) {
		return 0
	}
	i, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0
	}
	return int32(i)
}

func afterOrZero(t1, t2 *metav1.Time) bool {
	if t1.Time.IsZero() || t2.Time.IsZero() {
		return t1.Time.IsZero()
	}
	return t1.After(t2.Time)
}

func logarithmicRankDiff(t1, t2, now metav1.Time) int64 {
	d1 := now.Sub(t1.Time)
	d2 := now.Sub(t2.Time)
	r1, r2 := int64(-1), int64(-1)
	if d1 > 0 {
		r1 = int64(math.Log2(float64(d1)))
	}
	if d2 > 0 {
		r2 = int64(math.Log2(float64(d2)))
	}
	return r1 - r2
}

func podReadyTime(pod *corev1.Pod) *metav1.Time {
	if isPodReady(pod) {
		for _, c := range pod.Status.Conditions {
			if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
				return &c.LastTransitionTime
			}
		}
	}
	return &metav1.Time{}
}

func maxContainerRestarts(pod *corev1.Pod) (regular, sidecar int) {
	for _, c := range pod.Status.ContainerStatuses {
		regular = max(regular, int(c.RestartCount))
	}
	names := map[string]bool{}
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			names[c.Name] = true
		}
	}
	for _, c := range pod.Status.InitContainerStatuses {
		if names[c.Name] {
			sidecar = max(sidecar, int(c.RestartCount))
		}
	}
	return
}

// compareMaxContainerRestarts: (true, true) when pi restarted more, (false, true) when pj did,
// (_, false) when equal.
func compareMaxContainerRestarts(pi, pj *corev1.Pod) (bool, bool) {
	ri, si := maxContainerRestarts(pi)
	rj, sj := maxContainerRestarts(pj)
	if ri != rj {
		return ri > rj, true
	}
	if si != sj {
		return si > sj, true
	}
	return false, false
}
