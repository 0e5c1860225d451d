package controllers

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	intstrutil "k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/utils/dump"
)

// Helpers of k8s.io/kubernetes v1.37.2 pkg/controller/deployment/util/deployment_util.go,
// pkg/controller/controller_utils.go (ComputeHash, the ReplicaSet orderings) and
// pkg/util/labels/labels.go.

// Annotations and condition reasons (deployment_util.go).
const (
	revisionAnnotation        = "deployment.kubernetes.io/revision"
	revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"
	desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
	maxReplicasAnnotation     = "deployment.kubernetes.io/max-replicas"

	replicaSetUpdatedReason    = "ReplicaSetUpdated"
	failedRSCreateReason       = "ReplicaSetCreateError"
	newReplicaSetReason        = "NewReplicaSetCreated"
	foundNewRSReason           = "FoundNewReplicaSet"
	newRSAvailableReason       = "NewReplicaSetAvailable"
	timedOutReason             = "ProgressDeadlineExceeded"
	pausedDeployReason         = "DeploymentPaused"
	resumedDeployReason        = "DeploymentResumed"
	minimumReplicasAvailable   = "MinimumReplicasAvailable"
	minimumReplicasUnavailable = "MinimumReplicasUnavailable"
)

// ComputeHash is controller.ComputeHash: the FNV-32a hash of the template as
// k8s.io/utils/dump.ForHash prints it (spew, pointers followed, keys sorted), with the
// collision count appended, encoded by rand.SafeEncodeString. It is the pod-template-hash
// label and the suffix of a Deployment's ReplicaSet names.
func ComputeHash(template *corev1.PodTemplateSpec, collisionCount *int32) string {
	hasher := fnv.New32a()
	hasher.Reset()
	fmt.Fprintf(hasher, "%v", dump.ForHash(*template))
	if collisionCount != nil {
		collisionCountBytes := make([]byte, 8)
		binary.LittleEndian.PutUint32(collisionCountBytes, uint32(*collisionCount))
		hasher.Write(collisionCountBytes)
	}
	return rand.SafeEncodeString(fmt.Sprint(hasher.Sum32()))
}

// cloneAndAddLabel is pkg/util/labels CloneAndAddLabel.
func cloneAndAddLabel(labels map[string]string, labelKey, labelValue string) map[string]string {
	if labelKey == "" {
		return labels
	}
	newLabels := map[string]string{}
	for key, value := range labels {
		newLabels[key] = value
	}
	newLabels[labelKey] = labelValue
	return newLabels
}

// cloneSelectorAndAddLabel is pkg/util/labels CloneSelectorAndAddLabel.
func cloneSelectorAndAddLabel(selector *metav1.LabelSelector, labelKey, labelValue string) *metav1.LabelSelector {
	if labelKey == "" {
		return selector
	}
	newSelector := selector.DeepCopy()
	if newSelector.MatchLabels == nil {
		newSelector.MatchLabels = map[string]string{}
	}
	newSelector.MatchLabels[labelKey] = labelValue
	return newSelector
}

func getDeploymentCondition(status appsv1.DeploymentStatus, condType appsv1.DeploymentConditionType) *appsv1.DeploymentCondition {
	for i := range status.Conditions {
		c := status.Conditions[i]
		if c.Type == condType {
			return &c
		}
	}
	return nil
}

// setDeploymentCondition updates the deployment to include the provided condition. If the
// condition that we are about to add already exists and has the same status and reason then we
// are not going to update.
func setDeploymentCondition(status *appsv1.DeploymentStatus, condition appsv1.DeploymentCondition) {
	currentCond := getDeploymentCondition(*status, condition.Type)
	if currentCond != nil && currentCond.Status == condition.Status && currentCond.Reason == condition.Reason {
		return
	}
	if currentCond != nil && currentCond.Status == condition.Status {
		condition.LastTransitionTime = currentCond.LastTransitionTime
	}
	newConditions := filterOutDeploymentCondition(status.Conditions, condition.Type)
	status.Conditions = append(newConditions, condition)
}

func removeDeploymentCondition(status *appsv1.DeploymentStatus, condType appsv1.DeploymentConditionType) {
	status.Conditions = filterOutDeploymentCondition(status.Conditions, condType)
}

func filterOutDeploymentCondition(conditions []appsv1.DeploymentCondition, condType appsv1.DeploymentConditionType) []appsv1.DeploymentCondition {
	var newConditions []appsv1.DeploymentCondition
	for _, c := range conditions {
		if c.Type == condType {
			continue
		}
		newConditions = append(newConditions, c)
	}
	return newConditions
}

func replicaSetToDeploymentCondition(cond appsv1.ReplicaSetCondition) appsv1.DeploymentCondition {
	return appsv1.DeploymentCondition{
		Type:               appsv1.DeploymentConditionType(cond.Type),
		Status:             cond.Status,
		LastTransitionTime: cond.LastTransitionTime,
		LastUpdateTime:     cond.LastTransitionTime,
		Reason:             cond.Reason,
		Message:            cond.Message,
	}
}

func setDeploymentRevision(d *appsv1.Deployment, revision string) bool {
	updated := false
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	if d.Annotations[revisionAnnotation] != revision {
		d.Annotations[revisionAnnotation] = revision
		updated = true
	}
	return updated
}

func maxRevision(allRSs []*appsv1.ReplicaSet) int64 {
	max := int64(0)
	for _, rs := range allRSs {
		if v, err := revisionOf(rs); err == nil && v > max {
			max = v
		}
	}
	return max
}

func revisionOf(obj metav1.Object) (int64, error) {
	v, ok := obj.GetAnnotations()[revisionAnnotation]
	if !ok {
		return 0, nil
	}
	return strconv.ParseInt(v, 10, 64)
}

// annotationsToSkip are not copied from a Deployment to its ReplicaSets.
func skipCopyAnnotation(key string) bool {
	switch key {
	case corev1.LastAppliedConfigAnnotation, revisionAnnotation, revisionHistoryAnnotation,
		desiredReplicasAnnotation, maxReplicasAnnotation, appsv1.DeprecatedRollbackTo:
		return true
	}
	return false
}

func copyDeploymentAnnotationsToReplicaSet(d *appsv1.Deployment, rs *appsv1.ReplicaSet) bool {
	changed := false
	if rs.Annotations == nil {
		rs.Annotations = map[string]string{}
	}
	for k, v := range d.Annotations {
		if _, exist := rs.Annotations[k]; skipCopyAnnotation(k) || (exist && rs.Annotations[k] == v) {
			continue
		}
		rs.Annotations[k] = v
		changed = true
	}
	return changed
}

// setNewReplicaSetAnnotations sets new replica set's annotations appropriately by updating its
// revision and copying required deployment annotations to it; it returns true if the replica
// set's annotation is changed.
func setNewReplicaSetAnnotations(d *appsv1.Deployment, newRS *appsv1.ReplicaSet, newRevision string, exists bool, revHistoryLimitInChars int) bool {
	annotationChanged := copyDeploymentAnnotationsToReplicaSet(d, newRS)
	if newRS.Annotations == nil {
		newRS.Annotations = map[string]string{}
	}
	oldRevision, ok := newRS.Annotations[revisionAnnotation]
	oldRevisionInt, err := strconv.ParseInt(oldRevision, 10, 64)
	if err != nil {
		if oldRevision != "" {
			return false
		}
		oldRevisionInt = 0
	}
	newRevisionInt, err := strconv.ParseInt(newRevision, 10, 64)
	if err != nil {
		return false
	}
	if oldRevisionInt < newRevisionInt {
		newRS.Annotations[revisionAnnotation] = newRevision
		annotationChanged = true
	}
	if ok && oldRevisionInt < newRevisionInt {
		revisionHistoryAnnotation := newRS.Annotations[revisionHistoryAnnotation]
		oldRevisions := strings.Split(revisionHistoryAnnotation, ",")
		if len(oldRevisions[0]) == 0 {
			newRS.Annotations[revisionHistoryAnnotation] = oldRevision
		} else {
			totalLen := len(revisionHistoryAnnotation) + len(oldRevision) + 1
			start := 0
			for totalLen > revHistoryLimitInChars && start < len(oldRevisions) {
				totalLen = totalLen - len(oldRevisions[start]) - 1
				start++
			}
			if totalLen <= revHistoryLimitInChars {
				oldRevisions = append(oldRevisions[start:], oldRevision)
				newRS.Annotations[revisionHistoryAnnotation] = strings.Join(oldRevisions, ",")
			}
		}
	}
	if !exists && setReplicasAnnotations(newRS, *(d.Spec.Replicas), *(d.Spec.Replicas)+maxSurge(*d)) {
		annotationChanged = true
	}
	return annotationChanged
}

// findActiveOrLatest returns the only active or the latest replica set in case there is at
// most one active replica set.
func findActiveOrLatest(newRS *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet) *appsv1.ReplicaSet {
	if newRS == nil && len(oldRSs) == 0 {
		return nil
	}
	sort.Sort(sort.Reverse(replicaSetsByCreationTimestamp(oldRSs)))
	allRSs := filterActiveReplicaSets(append(oldRSs, newRS))
	switch len(allRSs) {
	case 0:
		if newRS != nil {
			return newRS
		}
		return oldRSs[0]
	case 1:
		return allRSs[0]
	default:
		return nil
	}
}

// getIntAnnotation is getNonNegativeInt32FromAnnotation.
func getIntAnnotation(rs *appsv1.ReplicaSet, key string) (int32, bool) {
	v, ok := rs.Annotations[key]
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseUint(v, 10, 32)
	if err != nil || i > math.MaxInt32 {
		return 0, false
	}
	return int32(i), true
}

func setReplicasAnnotations(rs *appsv1.ReplicaSet, desiredReplicas, maxReplicas int32) bool {
	updated := false
	if rs.Annotations == nil {
		rs.Annotations = map[string]string{}
	}
	desiredString := fmt.Sprintf("%d", desiredReplicas)
	if rs.Annotations[desiredReplicasAnnotation] != desiredString {
		rs.Annotations[desiredReplicasAnnotation] = desiredString
		updated = true
	}
	maxString := fmt.Sprintf("%d", maxReplicas)
	if rs.Annotations[maxReplicasAnnotation] != maxString {
		rs.Annotations[maxReplicasAnnotation] = maxString
		updated = true
	}
	return updated
}

func replicasAnnotationsNeedUpdate(rs *appsv1.ReplicaSet, desiredReplicas, maxReplicas int32) bool {
	if rs.Annotations == nil {
		return true
	}
	return rs.Annotations[desiredReplicasAnnotation] != fmt.Sprintf("%d", desiredReplicas) ||
		rs.Annotations[maxReplicasAnnotation] != fmt.Sprintf("%d", maxReplicas)
}

func maxUnavailable(d appsv1.Deployment) int32 {
	if !isRollingUpdate(&d) || *(d.Spec.Replicas) == 0 {
		return 0
	}
	_, maxUnavailable, _ := resolveFenceposts(d.Spec.Strategy.RollingUpdate.MaxSurge, d.Spec.Strategy.RollingUpdate.MaxUnavailable, *(d.Spec.Replicas))
	if maxUnavailable > *d.Spec.Replicas {
		return *d.Spec.Replicas
	}
	return maxUnavailable
}

func maxSurge(d appsv1.Deployment) int32 {
	if !isRollingUpdate(&d) {
		return 0
	}
	maxSurge, _, _ := resolveFenceposts(d.Spec.Strategy.RollingUpdate.MaxSurge, d.Spec.Strategy.RollingUpdate.MaxUnavailable, *(d.Spec.Replicas))
	return maxSurge
}

// getReplicaSetProportion is GetReplicaSetProportion.
func getReplicaSetProportion(rs *appsv1.ReplicaSet, d appsv1.Deployment, deploymentReplicasToAdd, deploymentReplicasAdded int32) int32 {
	if rs == nil || *(rs.Spec.Replicas) == 0 || deploymentReplicasToAdd == 0 || deploymentReplicasToAdd == deploymentReplicasAdded {
		return 0
	}
	rsFraction := getReplicaSetFraction(*rs, d)
	allowed := deploymentReplicasToAdd - deploymentReplicasAdded
	if deploymentReplicasToAdd > 0 {
		return min(rsFraction, allowed)
	}
	return max(rsFraction, allowed)
}

func getReplicaSetFraction(rs appsv1.ReplicaSet, d appsv1.Deployment) int32 {
	if *(d.Spec.Replicas) == int32(0) {
		return -*(rs.Spec.Replicas)
	}
	deploymentMaxReplicas := *(d.Spec.Replicas) + maxSurge(d)
	deploymentMaxReplicasBeforeScale, ok := getIntAnnotation(&rs, maxReplicasAnnotation)
	if !ok || deploymentMaxReplicasBeforeScale == 0 {
		deploymentMaxReplicasBeforeScale = d.Status.Replicas
		if deploymentMaxReplicasBeforeScale == 0 {
			return 0
		}
	}
	scaleBase := *(rs.Spec.Replicas)
	newRSsize := (float64(scaleBase * deploymentMaxReplicas)) / float64(deploymentMaxReplicasBeforeScale)
	return roundToInt32(newRSsize) - *(rs.Spec.Replicas)
}

// roundToInt32 is k8s.io/utils/integer RoundToInt32.
func roundToInt32(a float64) int32 {
	if a < 0 {
		return int32(a - 0.5)
	}
	return int32(a + 0.5)
}

// equalIgnoreHash compares two templates ignoring the pod-template-hash label.
func equalIgnoreHash(template1, template2 *corev1.PodTemplateSpec) bool {
	t1Copy := template1.DeepCopy()
	t2Copy := template2.DeepCopy()
	delete(t1Copy.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	delete(t2Copy.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	return apiequality.Semantic.DeepEqual(t1Copy, t2Copy)
}

func findNewReplicaSet(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) *appsv1.ReplicaSet {
	sort.Sort(replicaSetsByCreationTimestamp(rsList))
	for i := range rsList {
		if equalIgnoreHash(&rsList[i].Spec.Template, &d.Spec.Template) {
			return rsList[i]
		}
	}
	return nil
}

func findOldReplicaSets(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) ([]*appsv1.ReplicaSet, []*appsv1.ReplicaSet) {
	var requiredRSs, allRSs []*appsv1.ReplicaSet
	newRS := findNewReplicaSet(d, rsList)
	for _, rs := range rsList {
		if newRS != nil && rs.UID == newRS.UID {
			continue
		}
		allRSs = append(allRSs, rs)
		if *(rs.Spec.Replicas) != 0 {
			requiredRSs = append(requiredRSs, rs)
		}
	}
	return requiredRSs, allRSs
}

func getReplicaCountForReplicaSets(replicaSets []*appsv1.ReplicaSet) int32 {
	total := int32(0)
	for _, rs := range replicaSets {
		if rs != nil {
			total += *(rs.Spec.Replicas)
		}
	}
	return total
}

func getActualReplicaCountForReplicaSets(replicaSets []*appsv1.ReplicaSet) int32 {
	total := int32(0)
	for _, rs := range replicaSets {
		if rs != nil {
			total += rs.Status.Replicas
		}
	}
	return total
}

func getReadyReplicaCountForReplicaSets(replicaSets []*appsv1.ReplicaSet) int32 {
	total := int32(0)
	for _, rs := range replicaSets {
		if rs != nil {
			total += rs.Status.ReadyReplicas
		}
	}
	return total
}

func getAvailableReplicaCountForReplicaSets(replicaSets []*appsv1.ReplicaSet) int32 {
	total := int32(0)
	for _, rs := range replicaSets {
		if rs != nil {
			total += rs.Status.AvailableReplicas
		}
	}
	return total
}

func getTerminatingReplicaCountForReplicaSets(replicaSets []*appsv1.ReplicaSet) *int32 {
	terminating := int32(0)
	for _, rs := range replicaSets {
		switch {
		case rs == nil:
		case rs.Status.ObservedGeneration == 0 && rs.Status.TerminatingReplicas == nil:
		case rs.Status.TerminatingReplicas == nil:
			return nil
		default:
			terminating += *rs.Status.TerminatingReplicas
		}
	}
	return &terminating
}

func isRollingUpdate(d *appsv1.Deployment) bool {
	return d.Spec.Strategy.Type == appsv1.RollingUpdateDeploymentStrategyType
}

// deploymentComplete considers a deployment to be complete once all of its desired replicas
// are updated and available, and no old pods are running.
func deploymentComplete(d *appsv1.Deployment, newStatus *appsv1.DeploymentStatus) bool {
	return newStatus.UpdatedReplicas == *(d.Spec.Replicas) &&
		newStatus.Replicas == *(d.Spec.Replicas) &&
		newStatus.AvailableReplicas == *(d.Spec.Replicas) &&
		newStatus.ObservedGeneration >= d.Generation
}

// deploymentProgressing reports progress: more updated, ready or available replicas, or fewer
// old ones.
func deploymentProgressing(d *appsv1.Deployment, newStatus *appsv1.DeploymentStatus) bool {
	oldStatus := d.Status
	oldStatusOldReplicas := oldStatus.Replicas - oldStatus.UpdatedReplicas
	newStatusOldReplicas := newStatus.Replicas - newStatus.UpdatedReplicas
	return (newStatus.UpdatedReplicas > oldStatus.UpdatedReplicas) ||
		(newStatusOldReplicas < oldStatusOldReplicas) ||
		newStatus.ReadyReplicas > d.Status.ReadyReplicas ||
		newStatus.AvailableReplicas > d.Status.AvailableReplicas
}

// newRSNewReplicas calculates the number of replicas a deployment's new RS should have.
func newRSNewReplicas(d *appsv1.Deployment, allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet) (int32, error) {
	switch d.Spec.Strategy.Type {
	case appsv1.RollingUpdateDeploymentStrategyType:
		maxSurge, err := intstrutil.GetScaledValueFromIntOrPercent(d.Spec.Strategy.RollingUpdate.MaxSurge, int(*(d.Spec.Replicas)), true)
		if err != nil {
			return 0, err
		}
		currentPodCount := getReplicaCountForReplicaSets(allRSs)
		maxTotalPods := *(d.Spec.Replicas) + int32(maxSurge)
		if currentPodCount >= maxTotalPods {
			return *(newRS.Spec.Replicas), nil
		}
		scaleUpCount := maxTotalPods - currentPodCount
		scaleUpCount = min(scaleUpCount, *(d.Spec.Replicas)-*(newRS.Spec.Replicas))
		return *(newRS.Spec.Replicas) + scaleUpCount, nil
	case appsv1.RecreateDeploymentStrategyType:
		return *(d.Spec.Replicas), nil
	default:
		return 0, fmt.Errorf("deployment type %v isn't supported", d.Spec.Strategy.Type)
	}
}

func isSaturated(d *appsv1.Deployment, rs *appsv1.ReplicaSet) bool {
	if rs == nil {
		return false
	}
	desired, err := strconv.Atoi(rs.Annotations[desiredReplicasAnnotation])
	if err != nil {
		return false
	}
	return *(rs.Spec.Replicas) == *(d.Spec.Replicas) &&
		int32(desired) == *(d.Spec.Replicas) &&
		rs.Status.AvailableReplicas == *(d.Spec.Replicas)
}

// resolveFenceposts resolves both maxSurge and maxUnavailable.
func resolveFenceposts(maxSurge, maxUnavailable *intstrutil.IntOrString, desired int32) (int32, int32, error) {
	surge, err := intstrutil.GetScaledValueFromIntOrPercent(intstrutil.ValueOrDefault(maxSurge, intstrutil.FromInt32(0)), int(desired), true)
	if err != nil {
		return 0, 0, err
	}
	unavailable, err := intstrutil.GetScaledValueFromIntOrPercent(intstrutil.ValueOrDefault(maxUnavailable, intstrutil.FromInt32(0)), int(desired), false)
	if err != nil {
		return 0, 0, err
	}
	if surge == 0 && unavailable == 0 {
		unavailable = 1
	}
	return int32(surge), int32(unavailable), nil
}

func hasProgressDeadline(d *appsv1.Deployment) bool {
	return d.Spec.ProgressDeadlineSeconds != nil && *d.Spec.ProgressDeadlineSeconds != math.MaxInt32
}

func hasRevisionHistoryLimit(d *appsv1.Deployment) bool {
	return d.Spec.RevisionHistoryLimit != nil && *d.Spec.RevisionHistoryLimit != math.MaxInt32
}

func filterActiveReplicaSets(replicaSets []*appsv1.ReplicaSet) []*appsv1.ReplicaSet {
	var out []*appsv1.ReplicaSet
	for _, rs := range replicaSets {
		if rs != nil && *(rs.Spec.Replicas) > 0 {
			out = append(out, rs)
		}
	}
	return out
}

// replicaSetsByCreationTimestamp sorts by creation timestamp, names breaking ties.
type replicaSetsByCreationTimestamp []*appsv1.ReplicaSet

func (o replicaSetsByCreationTimestamp) Len() int      { return len(o) }
func (o replicaSetsByCreationTimestamp) Swap(i, j int) { o[i], o[j] = o[j], o[i] }
func (o replicaSetsByCreationTimestamp) Less(i, j int) bool {
	if o[i].CreationTimestamp.Equal(&o[j].CreationTimestamp) {
		return o[i].Name < o[j].Name
	}
	return o[i].CreationTimestamp.Before(&o[j].CreationTimestamp)
}

// replicaSetsBySizeOlder sorts by size, descending, old to new.
type replicaSetsBySizeOlder []*appsv1.ReplicaSet

func (o replicaSetsBySizeOlder) Len() int      { return len(o) }
func (o replicaSetsBySizeOlder) Swap(i, j int) { o[i], o[j] = o[j], o[i] }
func (o replicaSetsBySizeOlder) Less(i, j int) bool {
	if *(o[i].Spec.Replicas) == *(o[j].Spec.Replicas) {
		return replicaSetsByCreationTimestamp(o).Less(i, j)
	}
	return *(o[i].Spec.Replicas) > *(o[j].Spec.Replicas)
}

// replicaSetsBySizeNewer sorts by size, descending, new to old.
type replicaSetsBySizeNewer []*appsv1.ReplicaSet

func (o replicaSetsBySizeNewer) Len() int      { return len(o) }
func (o replicaSetsBySizeNewer) Swap(i, j int) { o[i], o[j] = o[j], o[i] }
func (o replicaSetsBySizeNewer) Less(i, j int) bool {
	if *(o[i].Spec.Replicas) == *(o[j].Spec.Replicas) {
		return replicaSetsByCreationTimestamp(o).Less(j, i)
	}
	return *(o[i].Spec.Replicas) > *(o[j].Spec.Replicas)
}

// replicaSetsByRevision sorts by the revision annotation, creation time breaking ties.
type replicaSetsByRevision []*appsv1.ReplicaSet

func (o replicaSetsByRevision) Len() int      { return len(o) }
func (o replicaSetsByRevision) Swap(i, j int) { o[i], o[j] = o[j], o[i] }
func (o replicaSetsByRevision) Less(i, j int) bool {
	revision1, err1 := revisionOf(o[i])
	revision2, err2 := revisionOf(o[j])
	if err1 != nil || err2 != nil || revision1 == revision2 {
		return replicaSetsByCreationTimestamp(o).Less(i, j)
	}
	return revision1 < revision2
}
