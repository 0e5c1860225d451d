package controllers

import (
	"reflect"
	"sort"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/ptr"
)

// replicaSetController is k8s.io/kubernetes v1.37.2 pkg/controller/replicaset (replica_set.go,
// replica_set_utils.go) with the pod control of pkg/controller/controller_utils.go: it keeps
// spec.replicas active Pods named <rs>-<5 random characters> (the API server's generateName,
// alphabet "bcdfghjklmnpqrstvwxz2456789"), owned through a controller ownerReference, and
// records SuccessfulCreate "Created pod: …" / SuccessfulDelete "Deleted pod: …".
type replicaSetController struct {
	m *Manager
	c *controller
	// failures counts consecutive failed syncs per key, for the work queue's per-item
	// exponential back-off.
	failures map[string]int
}

// burstReplicas is the kube-controller-manager default --concurrent... BurstReplicas = 500.
const burstReplicas = 500

// podEvent is the informer's addPod/updatePod/deletePod: the Pod's controller ReplicaSet is
// synced; an orphan Pod syncs every ReplicaSet whose selector matches it.
func (r *replicaSetController) podEvent(typ watch.EventType, pod, old *corev1.Pod) {
	enqueueRef := func(p *corev1.Pod) bool {
		ref := metav1.GetControllerOfNoCopy(p)
		if ref == nil {
			return false
		}
		if ref.Kind == "ReplicaSet" {
			if rs, ok := r.m.get("replicasets", p.Namespace, ref.Name).(*appsv1.ReplicaSet); ok && rs.UID == ref.UID {
				r.c.enqueue(p.Namespace, ref.Name)
			}
		}
		return true
	}
	if old != nil && !reflect.DeepEqual(metav1.GetControllerOfNoCopy(old), metav1.GetControllerOfNoCopy(pod)) {
		enqueueRef(old)
	}
	if enqueueRef(pod) || typ == watch.Deleted || pod.DeletionTimestamp != nil {
		return
	}
	for _, rs := range r.m.replicaSets(pod.Namespace) {
		sel, err := metav1.LabelSelectorAsSelector(rs.Spec.Selector)
		if err != nil || sel.Empty() || !sel.Matches(labels.Set(pod.Labels)) {
			continue
		}
		r.c.enqueue(rs.Namespace, rs.Name)
	}
}

// sync is syncReplicaSet. It returns when to sync again (minReadySeconds, failure back-off).
func (r *replicaSetController) sync(namespace, name string) time.Duration {
	stored, ok := r.m.get("replicasets", namespace, name).(*appsv1.ReplicaSet)
	if !ok {
		return 0
	}
	key := namespace + "/" + name
	selector, err := metav1.LabelSelectorAsSelector(stored.Spec.Selector)
	if err != nil {
		return 0
	}
	allRSPods := r.m.podsOwnedOrOrphaned(namespace, stored.UID)
	activePods := r.m.claimPods(stored, replicaSetKind(), selector, filterActivePods(allRSPods))
	var terminatingPods []*corev1.Pod
	for _, p := range filterTerminatingPods(allRSPods) {
		if ownedBy(p, stored.UID) && selector.Matches(labels.Set(p.Labels)) {
			terminatingPods = append(terminatingPods, p)
		}
	}

	var manageErr error
	if stored.DeletionTimestamp == nil {
		// The status below counts the pods seen before this sync's creations and deletions,
		// as the real controller does; their watch events sync the ReplicaSet again.
		manageErr = r.manageReplicas(activePods, stored)
	}
	rs := stored.DeepCopy()
	now := r.m.clk.Now()
	newStatus := calculateReplicaSetStatus(rs, activePods, terminatingPods, manageErr, now)
	updated := r.updateStatus(rs, newStatus)
	if manageErr != nil {
		if r.failures == nil {
			r.failures = map[string]int{}
		}
		r.failures[key]++
		return rateLimiterDelay(r.failures[key])
	}
	delete(r.failures, key)
	if updated.Spec.MinReadySeconds > 0 && updated.Status.ReadyReplicas != updated.Status.AvailableReplicas {
		next := time.Duration(updated.Spec.MinReadySeconds) * time.Second
		if d, ok := findMinNextPodAvailabilityCheck(activePods, updated.Spec.MinReadySeconds, now); ok {
			next = d
		}
		return next
	}
	return 0
}

// rateLimiterDelay is workqueue.DefaultTypedControllerRateLimiter's per-item exponential
// failure back-off (5ms·2^(n-1), at most 1000s; client-go v0.37.2 util/workqueue/default_rate_limiters.go).
func rateLimiterDelay(failures int) time.Duration {
	d := 5 * time.Millisecond
	for i := 1; i < failures; i++ {
		d *= 2
		if d > 1000*time.Second {
			return 1000 * time.Second
		}
	}
	return d
}

// manageReplicas creates or deletes Pods to reach spec.replicas.
func (r *replicaSetController) manageReplicas(activePods []*corev1.Pod, rs *appsv1.ReplicaSet) error {
	diff := len(activePods) - int(*rs.Spec.Replicas)
	switch {
	case diff < 0:
		diff = min(-diff, burstReplicas)
		_, err := slowStartBatch(diff, 1, func() error {
			_, err := r.c.createPod(rs.Namespace, &rs.Spec.Template, rs, replicaSetKind(), "", nil)
			if err != nil && hasStatusCause(err, corev1.NamespaceTerminatingCause) {
				return nil
			}
			return err
		})
		return err
	case diff > 0:
		diff = min(diff, burstReplicas)
		related := r.relatedPods(rs)
		var firstErr error
		for _, p := range podsToDelete(activePods, related, diff, r.m.clk.Now()) {
			if err := r.c.deletePod(rs.Namespace, p.Name, rs, replicaSetKind()); err != nil && !isNotFound(err) && firstErr == nil {
				firstErr = err
			}
		}
		return firstErr
	}
	return nil
}

// slowStartBatch is replica_set.go slowStartBatch: batches of 1, 2, 4, … calls; it stops after
// the first batch with a failure. (The calls of a batch run one after the other here.)
func slowStartBatch(count, initialBatchSize int, fn func() error) (int, error) {
	remaining := count
	successes := 0
	for batchSize := min(remaining, initialBatchSize); batchSize > 0; batchSize = min(2*batchSize, remaining) {
		var firstErr error
		for i := 0; i < batchSize; i++ {
			if err := fn(); err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			successes++
		}
		if firstErr != nil {
			return successes, firstErr
		}
		remaining -= batchSize
	}
	return successes, nil
}

// relatedPods is getIndirectlyRelatedPods: the pods of every ReplicaSet with the same
// controller (a Deployment's old and new ReplicaSets).
func (r *replicaSetController) relatedPods(rs *appsv1.ReplicaSet) []*corev1.Pod {
	owner := metav1.GetControllerOfNoCopy(rs)
	var related []*corev1.Pod
	seen := map[string]bool{}
	for _, other := range r.m.replicaSets(rs.Namespace) {
		oref := metav1.GetControllerOfNoCopy(other)
		if other.UID != rs.UID && (owner == nil || oref == nil || oref.UID != owner.UID) {
			continue
		}
		sel, err := metav1.LabelSelectorAsSelector(other.Spec.Selector)
		if err != nil {
			continue
		}
		for _, p := range r.m.pods(rs.Namespace) {
			if sel.Matches(labels.Set(p.Labels)) && !seen[string(p.UID)] {
				seen[string(p.UID)] = true
				related = append(related, p)
			}
		}
	}
	return related
}

// podsToDelete is getPodsToDelete with getPodsRankedByRelatedPodsOnSameNode.
func podsToDelete(filtered, related []*corev1.Pod, diff int, now time.Time) []*corev1.Pod {
	pods := append([]*corev1.Pod{}, filtered...)
	if diff < len(pods) {
		podsOnNode := map[string]int{}
		for _, p := range related {
			if isPodActive(p) {
				podsOnNode[p.Spec.NodeName]++
			}
		}
		ranks := make([]int, len(pods))
		for i, p := range pods {
			ranks[i] = podsOnNode[p.Spec.NodeName]
		}
		sort.Sort(activePodsWithRanks{pods: pods, rank: ranks, now: metav1.NewTime(now)})
	}
	return pods[:diff]
}

// calculateReplicaSetStatus is replica_set_utils.go calculateStatus
// (DeploymentReplicaSetTerminatingReplicas beta, on, in 1.37).
func calculateReplicaSetStatus(rs *appsv1.ReplicaSet, activePods, terminatingPods []*corev1.Pod, manageErr error, now time.Time) appsv1.ReplicaSetStatus {
	newStatus := rs.Status
	fullyLabeled, ready, available := 0, 0, 0
	templateLabel := labels.Set(rs.Spec.Template.Labels).AsSelectorPreValidated()
	for _, pod := range activePods {
		if templateLabel.Matches(labels.Set(pod.Labels)) {
			fullyLabeled++
		}
		if isPodReady(pod) {
			ready++
			if isPodAvailable(pod, rs.Spec.MinReadySeconds, metav1.Time{Time: now}) {
				available++
			}
		}
	}
	failureCond := getReplicaSetCondition(rs.Status, appsv1.ReplicaSetReplicaFailure)
	if manageErr != nil && failureCond == nil {
		var reason string
		if diff := len(activePods) - int(*rs.Spec.Replicas); diff < 0 {
			reason = "FailedCreate"
		} else if diff > 0 {
			reason = "FailedDelete"
		}
		setReplicaSetCondition(&newStatus, appsv1.ReplicaSetCondition{
			Type: appsv1.ReplicaSetReplicaFailure, Status: corev1.ConditionTrue,
			LastTransitionTime: metav1.NewTime(now), Reason: reason, Message: manageErr.Error(),
		})
	} else if manageErr == nil && failureCond != nil {
		newStatus.Conditions = filterOutReplicaSetCondition(newStatus.Conditions, appsv1.ReplicaSetReplicaFailure)
	}
	newStatus.Replicas = int32(len(activePods))
	newStatus.FullyLabeledReplicas = int32(fullyLabeled)
	newStatus.ReadyReplicas = int32(ready)
	newStatus.AvailableReplicas = int32(available)
	newStatus.TerminatingReplicas = ptr.To(int32(len(terminatingPods)))
	return newStatus
}

// updateStatus is updateReplicaSetStatus: a status write unless nothing changed.
func (r *replicaSetController) updateStatus(rs *appsv1.ReplicaSet, newStatus appsv1.ReplicaSetStatus) *appsv1.ReplicaSet {
	if rs.Status.Replicas == newStatus.Replicas &&
		rs.Status.FullyLabeledReplicas == newStatus.FullyLabeledReplicas &&
		rs.Status.ReadyReplicas == newStatus.ReadyReplicas &&
		rs.Status.AvailableReplicas == newStatus.AvailableReplicas &&
		ptr.Equal(rs.Status.TerminatingReplicas, newStatus.TerminatingReplicas) &&
		rs.Generation == rs.Status.ObservedGeneration &&
		reflect.DeepEqual(rs.Status.Conditions, newStatus.Conditions) {
		return rs
	}
	newStatus.ObservedGeneration = rs.Generation
	rs.Status = newStatus
	out, err := r.m.api.UpdateStatus(rs)
	if err != nil {
		return rs
	}
	return out.(*appsv1.ReplicaSet)
}

func getReplicaSetCondition(status appsv1.ReplicaSetStatus, t appsv1.ReplicaSetConditionType) *appsv1.ReplicaSetCondition {
	for i := range status.Conditions {
		if status.Conditions[i].Type == t {
			c := status.Conditions[i]
			return &c
		}
	}
	return nil
}

func setReplicaSetCondition(status *appsv1.ReplicaSetStatus, condition appsv1.ReplicaSetCondition) {
	cur := getReplicaSetCondition(*status, condition.Type)
	if cur != nil && cur.Status == condition.Status && cur.Reason == condition.Reason {
		return
	}
	status.Conditions = append(filterOutReplicaSetCondition(status.Conditions, condition.Type), condition)
}

func filterOutReplicaSetCondition(conditions []appsv1.ReplicaSetCondition, t appsv1.ReplicaSetConditionType) []appsv1.ReplicaSetCondition {
	var out []appsv1.ReplicaSetCondition
	for _, c := range conditions {
		if c.Type != t {
			out = append(out, c)
		}
	}
	return out
}
