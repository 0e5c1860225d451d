package controllers

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// statefulSetController is k8s.io/kubernetes v1.37.2 pkg/controller/statefulset
// (stateful_set_control.go updateStatefulSet with the MaxUnavailableStatefulSet rolling update
// of 1.37, stateful_set_utils.go, stateful_pod_control.go): Pods named <set>-<ordinal> with
// their stable hostname, subdomain and the statefulset.kubernetes.io/pod-name,
// apps.kubernetes.io/pod-index and controller-revision-hash labels; OrderedReady creates one
// Pod at a time and waits for it to be Running and Ready, deletes from the highest ordinal;
// Parallel does everything at once; events "create Pod web-0 in StatefulSet web successful".
// The revision of a template is history.HashControllerRevision of the controller's patch, as
// the controller names its ControllerRevisions; the ControllerRevision objects and the
// PersistentVolumeClaims of volumeClaimTemplates are not stored (the Pods still mount the
// claims by name, which the kubelet runs as unsupported volumes).
type statefulSetController struct {
	m *Manager
	c *controller
	// revisions are the templates of the revisions seen, by namespace/revision name (the
	// ControllerRevisions' data the real controller applies to recreate a Pod at its current
	// revision).
	revisions map[string]corev1.PodTemplateSpec
}

// podEvent is addPod/updatePod/deletePod for Pods controlled by a StatefulSet.
func (sc *statefulSetController) podEvent(typ watch.EventType, pod *corev1.Pod) {
	ref := metav1.GetControllerOfNoCopy(pod)
	if ref == nil || ref.Kind != "StatefulSet" {
		return
	}
	if set, ok := sc.m.get("statefulsets", pod.Namespace, ref.Name).(*appsv1.StatefulSet); ok && set.UID == ref.UID {
		sc.c.enqueue(set.Namespace, set.Name)
	}
}

// revisionName is the name of the ControllerRevision the controller would make for set's
// template (newRevision → history.NewControllerRevision): <set>-<HashControllerRevision>.
func revisionName(set *appsv1.StatefulSet, collisionCount int32) string {
	patch := statefulSetPatch(set)
	hf := fnv.New32()
	hf.Write(patch)
	hf.Write([]byte(strconv.FormatInt(int64(collisionCount), 10)))
	hash := rand.SafeEncodeString(fmt.Sprint(hf.Sum32()))
	prefix := set.Name
	if len(prefix) > 223 {
		prefix = prefix[:223]
	}
	return prefix + "-" + hash
}

// statefulSetPatch is stateful_set_utils.go getPatch: {"spec":{"template":{…,"$patch":"replace"}}}
// from the set's JSON, re-marshalled with sorted keys.
func statefulSetPatch(set *appsv1.StatefulSet) []byte {
	data, err := json.Marshal(set)
	if err != nil {
		return nil
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil
	}
	spec := raw["spec"].(map[string]any)
	template := spec["template"].(map[string]any)
	template["$patch"] = "replace"
	patch, _ := json.Marshal(map[string]any{"spec": map[string]any{"template": template}})
	return patch
}

func getOrdinal(set *appsv1.StatefulSet, pod *corev1.Pod) int {
	prefix := set.Name + "-"
	if !strings.HasPrefix(pod.Name, prefix) {
		return -1
	}
	o, err := strconv.Atoi(pod.Name[len(prefix):])
	if err != nil || o < 0 || strconv.Itoa(o) != pod.Name[len(prefix):] {
		return -1
	}
	return o
}

func startOrdinal(set *appsv1.StatefulSet) int {
	if set.Spec.Ordinals != nil {
		return int(set.Spec.Ordinals.Start)
	}
	return 0
}

func statefulPodRevision(pod *corev1.Pod) string { return pod.Labels[appsv1.StatefulSetRevisionLabel] }

func isRunningAndReady(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodRunning && isPodReady(pod)
}

func isCreated(pod *corev1.Pod) bool { return pod.Status.Phase != "" }

func isUnavailableAt(pod *corev1.Pod, minReadySeconds int32, now time.Time) bool {
	return !isPodAvailable(pod, minReadySeconds, metav1.Time{Time: now}) || pod.DeletionTimestamp != nil
}

// newStatefulSetPod is newStatefulSetPod with initIdentity and updateStorage.
func newStatefulSetPod(set *appsv1.StatefulSet, ordinal int, revision string) *corev1.Pod {
	pod := podFromTemplate(&set.Spec.Template, set, newControllerRef(set, statefulSetKind()))
	pod.GenerateName = ""
	pod.Name = fmt.Sprintf("%s-%d", set.Name, ordinal)
	pod.Namespace = set.Namespace
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels[appsv1.StatefulSetPodNameLabel] = pod.Name
	pod.Labels[appsv1.PodIndexLabel] = strconv.Itoa(ordinal)
	pod.Spec.Hostname = pod.Name
	pod.Spec.Subdomain = set.Spec.ServiceName
	// updateStorage: one volume per claim template, named after it, claim <template>-<pod>.
	claims := map[string]bool{}
	var vols []corev1.Volume
	for _, t := range set.Spec.VolumeClaimTemplates {
		claims[t.Name] = true
		vols = append(vols, corev1.Volume{Name: t.Name, VolumeSource: corev1.VolumeSource{
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: t.Name + "-" + pod.Name},
		}})
	}
	for _, v := range pod.Spec.Volumes {
		if !claims[v.Name] {
			vols = append(vols, v)
		}
	}
	if len(vols) > 0 {
		pod.Spec.Volumes = vols
	}
	pod.Labels[appsv1.StatefulSetRevisionLabel] = revision
	return pod
}

// sync is the StatefulSet controller's sync (getPodsForStatefulSet, updateStatefulSet,
// updateStatefulSetStatus).
func (sc *statefulSetController) sync(namespace, name string) time.Duration {
	stored, ok := sc.m.get("statefulsets", namespace, name).(*appsv1.StatefulSet)
	if !ok {
		return 0
	}
	set := stored.DeepCopy()
	now := sc.m.clk.Now()
	selector, err := metav1.LabelSelectorAsSelector(set.Spec.Selector)
	if err != nil {
		return 0
	}
	var pods []*corev1.Pod
	for _, p := range sc.m.claimPods(set, statefulSetKind(), selector, sc.m.podsOwnedOrOrphaned(namespace, set.UID)) {
		if getOrdinal(set, p) >= 0 {
			pods = append(pods, p)
		}
	}
	collisionCount := ptr.Deref(set.Status.CollisionCount, 0)
	updateRevision := revisionName(set, collisionCount)
	if sc.revisions == nil {
		sc.revisions = map[string]corev1.PodTemplateSpec{}
	}
	sc.revisions[namespace+"/"+updateRevision] = *set.Spec.Template.DeepCopy()
	currentRevision := set.Status.CurrentRevision
	if currentRevision == "" {
		currentRevision = updateRevision
	}
	status := appsv1.StatefulSetStatus{
		ObservedGeneration: set.Generation,
		CurrentRevision:    currentRevision,
		UpdateRevision:     updateRevision,
		CollisionCount:     ptr.To(collisionCount),
		Conditions:         append([]appsv1.StatefulSetCondition(nil), set.Status.Conditions...),
	}
	replicaCount := int(*set.Spec.Replicas)
	replicas := make([]*corev1.Pod, replicaCount)
	var condemned []*corev1.Pod
	start := startOrdinal(set)
	for _, p := range pods {
		o := getOrdinal(set, p)
		if o >= start && o < start+replicaCount {
			replicas[o-start] = p
		} else {
			condemned = append(condemned, p)
		}
	}
	sort.Slice(condemned, func(i, j int) bool { return getOrdinal(set, condemned[i]) > getOrdinal(set, condemned[j]) })
	monotonic := set.Spec.PodManagementPolicy != appsv1.ParallelPodManagement
	requeue := time.Duration(0)

	if set.DeletionTimestamp == nil {
		sc.processReplicas(set, replicas, condemned, currentRevision, updateRevision, monotonic, now)
	}
	statefulSetStatusCounts(&status, set.Spec.MinReadySeconds, currentRevision, updateRevision, now, replicas, condemned)
	if set.DeletionTimestamp == nil && set.Spec.UpdateStrategy.Type == appsv1.RollingUpdateStatefulSetStrategyType {
		sc.rollingUpdate(set, replicas, updateRevision, &status, now)
	}
	// completeUpdate
	if status.UpdatedReplicas == *set.Spec.Replicas && status.ReadyReplicas == *set.Spec.Replicas && status.Replicas == *set.Spec.Replicas {
		status.CurrentReplicas = status.UpdatedReplicas
		status.CurrentRevision = status.UpdateRevision
	}
	if inconsistentStatefulSetStatus(set, &status) {
		set.Status = status
		_, _ = sc.m.api.UpdateStatus(set)
	}
	if set.Spec.MinReadySeconds > 0 && status.ReadyReplicas != status.AvailableReplicas {
		var ps []*corev1.Pod
		for _, p := range replicas {
			if p != nil && isCreated(p) {
				ps = append(ps, p)
			}
		}
		if d, ok := findMinNextPodAvailabilityCheck(ps, set.Spec.MinReadySeconds, now); ok {
			requeue = d
		}
	}
	return requeue
}

// processReplicas is the processReplica and processCondemned passes of updateStatefulSet.
// replicas[i] is nil for a Pod to create; created Pods are put in place.
func (sc *statefulSetController) processReplicas(set *appsv1.StatefulSet, replicas, condemned []*corev1.Pod, currentRevision, updateRevision string, monotonic bool, now time.Time) {
	start := startOrdinal(set)
	partition := 0
	if ru := set.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		partition = int(ptr.Deref(ru.Partition, 0))
	}
	for i := range replicas {
		p := replicas[i]
		if p == nil {
			// newVersionedStatefulSetPod: ordinals under the partition keep the current revision.
			revision := updateRevision
			if set.Spec.UpdateStrategy.Type == appsv1.RollingUpdateStatefulSetStrategyType && set.Spec.UpdateStrategy.RollingUpdate != nil && start+i < start+partition {
				revision = currentRevision
			}
			from := set
			if t, ok := sc.revisions[set.Namespace+"/"+revision]; ok && revision != updateRevision {
				from = set.DeepCopy()
				from.Spec.Template = t
			}
			pod := newStatefulSetPod(from, start+i, revision)
			out, _, err := sc.m.api.CreateObject(set.Namespace, pod, apiserver.CreateOptions{})
			if err != nil {
				sc.c.event(set, statefulSetKind(), corev1.EventTypeWarning, "FailedCreate", fmt.Sprintf("create Pod %s in StatefulSet %s failed error: %s", pod.Name, set.Name, err))
				return
			}
			sc.c.event(set, statefulSetKind(), corev1.EventTypeNormal, "SuccessfulCreate", fmt.Sprintf("create Pod %s in StatefulSet %s successful", pod.Name, set.Name))
			replicas[i] = out.(*corev1.Pod)
			if monotonic {
				return
			}
			continue
		}
		if isPodTerminal(p) {
			if p.DeletionTimestamp == nil {
				sc.deleteStatefulPod(set, p)
			}
			return
		}
		if monotonic && (p.DeletionTimestamp != nil || !isRunningAndReady(p) || !isPodAvailable(p, set.Spec.MinReadySeconds, metav1.Time{Time: now})) {
			return
		}
	}
	var firstUnavailable *corev1.Pod
	for _, p := range append(append([]*corev1.Pod{}, replicas...), condemned...) {
		if p != nil && isUnavailableAt(p, set.Spec.MinReadySeconds, now) {
			firstUnavailable = p
			break
		}
	}
	for _, p := range condemned {
		if p.DeletionTimestamp != nil {
			if monotonic {
				return
			}
			continue
		}
		if monotonic && p != firstUnavailable && (!isRunningAndReady(p) || !isPodAvailable(p, set.Spec.MinReadySeconds, metav1.Time{Time: now})) {
			return
		}
		sc.deleteStatefulPod(set, p)
		if monotonic {
			return
		}
	}
}

func (sc *statefulSetController) deleteStatefulPod(set *appsv1.StatefulSet, p *corev1.Pod) {
	if _, err := sc.m.api.Delete("pods", p.Namespace, p.Name, apiserver.DeleteOptions{}); err != nil {
		sc.c.event(set, statefulSetKind(), corev1.EventTypeWarning, "FailedDelete", fmt.Sprintf("delete Pod %s in StatefulSet %s failed error: %s", p.Name, set.Name, err))
		return
	}
	sc.c.event(set, statefulSetKind(), corev1.EventTypeNormal, "SuccessfulDelete", fmt.Sprintf("delete Pod %s in StatefulSet %s successful", p.Name, set.Name))
}

// rollingUpdate is updateStatefulSetAfterInvariantEstablished: delete up to maxUnavailable
// out-of-date Pods from the highest ordinal down to the partition.
func (sc *statefulSetController) rollingUpdate(set *appsv1.StatefulSet, replicas []*corev1.Pod, updateRevision string, status *appsv1.StatefulSetStatus, now time.Time) {
	updateMin, maxUnavailable := 0, 1
	if ru := set.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		updateMin = int(ptr.Deref(ru.Partition, 0))
		if ru.MaxUnavailable != nil {
			mu, err := intstr.GetScaledValueFromIntOrPercent(intstr.ValueOrDefault(ru.MaxUnavailable, intstr.FromInt32(1)), len(replicas), true)
			if err == nil {
				maxUnavailable = max(mu, 1)
			}
		}
	}
	unavailable := 0
	for _, p := range replicas {
		if p == nil || isUnavailableAt(p, set.Spec.MinReadySeconds, now) {
			unavailable++
		}
	}
	if unavailable >= maxUnavailable {
		return
	}
	toDelete := maxUnavailable - unavailable
	for target := len(replicas) - 1; target >= updateMin && toDelete > 0; target-- {
		p := replicas[target]
		if p != nil && statefulPodRevision(p) != updateRevision && p.DeletionTimestamp == nil {
			sc.deleteStatefulPod(set, p)
			toDelete--
			status.CurrentReplicas--
		}
	}
}

// statefulSetStatusCounts is updateStatus/computeReplicaStatus.
func statefulSetStatusCounts(status *appsv1.StatefulSetStatus, minReadySeconds int32, currentRevision, updateRevision string, now time.Time, lists ...[]*corev1.Pod) {
	status.Replicas, status.ReadyReplicas, status.AvailableReplicas, status.CurrentReplicas, status.UpdatedReplicas = 0, 0, 0, 0, 0
	for _, list := range lists {
		for _, p := range list {
			if p == nil {
				continue
			}
			if isCreated(p) {
				status.Replicas++
			}
			if isRunningAndReady(p) {
				status.ReadyReplicas++
				if isPodAvailable(p, minReadySeconds, metav1.Time{Time: now}) {
					status.AvailableReplicas++
				}
			}
			if isCreated(p) && p.DeletionTimestamp == nil {
				rev := statefulPodRevision(p)
				if rev == currentRevision {
					status.CurrentReplicas++
				}
				if rev == updateRevision {
					status.UpdatedReplicas++
				}
			}
		}
	}
}

func inconsistentStatefulSetStatus(set *appsv1.StatefulSet, status *appsv1.StatefulSetStatus) bool {
	return status.ObservedGeneration > set.Status.ObservedGeneration ||
		status.Replicas != set.Status.Replicas ||
		status.CurrentReplicas != set.Status.CurrentReplicas ||
		status.ReadyReplicas != set.Status.ReadyReplicas ||
		status.UpdatedReplicas != set.Status.UpdatedReplicas ||
		status.CurrentRevision != set.Status.CurrentRevision ||
		status.AvailableReplicas != set.Status.AvailableReplicas ||
		status.UpdateRevision != set.Status.UpdateRevision ||
		!reflect.DeepEqual(set.Status.Conditions, status.Conditions)
}
