package controllers

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// deploymentController is k8s.io/kubernetes v1.37.2 pkg/controller/deployment
// (deployment_controller.go syncDeployment, sync.go, rolling.go, recreate.go, progress.go;
// the helpers of util/deployment_util.go are in deployment_util.go). A Deployment's
// ReplicaSets are named <deployment>-<pod-template-hash>, the hash being ComputeHash of the
// template and status.collisionCount; rollbacks through spec.rollbackTo (extensions/v1beta1
// only) do not exist in apps/v1.
type deploymentController struct {
	m *Manager
	c *controller
}

// replicaSetEvent is the informer's add/update/deleteReplicaSet: the owning Deployment is
// synced; for an orphan, every Deployment whose selector matches it.
func (dc *deploymentController) replicaSetEvent(rs *appsv1.ReplicaSet) {
	if ref := metav1.GetControllerOfNoCopy(rs); ref != nil {
		if d := dc.resolveControllerRef(rs.Namespace, ref); d != nil {
			dc.c.enqueue(d.Namespace, d.Name)
		}
		return
	}
	for _, d := range dc.deploymentsForReplicaSet(rs) {
		dc.c.enqueue(d.Namespace, d.Name)
	}
}

// podEvent is deletePod: a Recreate Deployment waits for its old pods to be gone.
func (dc *deploymentController) podEvent(typ watch.EventType, pod *corev1.Pod) {
	if typ != watch.Deleted {
		return
	}
	ref := metav1.GetControllerOfNoCopy(pod)
	if ref == nil || ref.Kind != "ReplicaSet" {
		return
	}
	rs, ok := dc.m.get("replicasets", pod.Namespace, ref.Name).(*appsv1.ReplicaSet)
	if !ok || rs.UID != ref.UID {
		return
	}
	rsRef := metav1.GetControllerOfNoCopy(rs)
	if rsRef == nil {
		return
	}
	if d := dc.resolveControllerRef(rs.Namespace, rsRef); d != nil && d.Spec.Strategy.Type == appsv1.RecreateDeploymentStrategyType {
		dc.c.enqueue(d.Namespace, d.Name)
	}
}

func (dc *deploymentController) resolveControllerRef(namespace string, ref *metav1.OwnerReference) *appsv1.Deployment {
	if ref.Kind != "Deployment" {
		return nil
	}
	d, ok := dc.m.get("deployments", namespace, ref.Name).(*appsv1.Deployment)
	if !ok || d.UID != ref.UID {
		return nil
	}
	return d
}

// deploymentsForReplicaSet is util.GetDeploymentsForReplicaSet.
func (dc *deploymentController) deploymentsForReplicaSet(rs *appsv1.ReplicaSet) []*appsv1.Deployment {
	if len(rs.Labels) == 0 {
		return nil
	}
	var out []*appsv1.Deployment
	for _, d := range dc.m.deployments(rs.Namespace) {
		sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
		if err != nil || sel.Empty() || !sel.Matches(labels.Set(rs.Labels)) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// requeue is what a sync asks of the work queue.
type requeue struct{ after time.Duration }

func (r *requeue) at(d time.Duration) {
	if d >= 0 && (r.after == 0 || d < r.after) {
		r.after = d
	}
}

// sync is syncDeployment.
func (dc *deploymentController) sync(namespace, name string) time.Duration {
	stored, ok := dc.m.get("deployments", namespace, name).(*appsv1.Deployment)
	if !ok {
		return 0
	}
	d := stored.DeepCopy()
	var rq requeue
	err := dc.syncDeployment(d, &rq)
	if err != nil && !hasStatusCause(err, corev1.NamespaceTerminatingCause) {
		// handleErr: rate-limited requeue (maxRetries 15).
		rq.at(rateLimiterDelay(1))
	}
	return rq.after
}

func (dc *deploymentController) syncDeployment(d *appsv1.Deployment, rq *requeue) error {
	if reflect.DeepEqual(d.Spec.Selector, &metav1.LabelSelector{}) {
		dc.c.event(d, deploymentKind(), corev1.EventTypeWarning, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.")
		if d.Status.ObservedGeneration < d.Generation {
			d.Status.ObservedGeneration = d.Generation
			_, _ = dc.m.api.UpdateStatus(d)
		}
		return nil
	}
	rsList, err := dc.getReplicaSetsForDeployment(d)
	if err != nil {
		return err
	}
	if d.DeletionTimestamp != nil {
		return dc.syncStatusOnly(d, rsList)
	}
	if err := dc.checkPausedConditions(d); err != nil {
		return err
	}
	if d.Spec.Paused {
		return dc.syncScale(d, rsList)
	}
	scalingEvent, err := dc.isScalingEvent(d, rsList)
	if err != nil {
		return err
	}
	if scalingEvent {
		return dc.syncScale(d, rsList)
	}
	switch d.Spec.Strategy.Type {
	case appsv1.RecreateDeploymentStrategyType:
		return dc.rolloutRecreate(d, rsList, dc.podMapForDeployment(rsList), rq)
	case appsv1.RollingUpdateDeploymentStrategyType:
		return dc.rolloutRolling(d, rsList, rq)
	}
	return fmt.Errorf("unexpected deployment strategy type: %s", d.Spec.Strategy.Type)
}

// getReplicaSetsForDeployment lists the ReplicaSets the Deployment controls, adopting matching
// orphans and releasing owned ones that no longer match (ReplicaSetControllerRefManager).
func (dc *deploymentController) getReplicaSetsForDeployment(d *appsv1.Deployment) ([]*appsv1.ReplicaSet, error) {
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil {
		return nil, fmt.Errorf("deployment %s/%s has invalid label selector: %v", d.Namespace, d.Name, err)
	}
	var out []*appsv1.ReplicaSet
	for _, rs := range dc.m.replicaSets(d.Namespace) {
		ref := metav1.GetControllerOfNoCopy(rs)
		matches := sel.Matches(labels.Set(rs.Labels))
		switch {
		case ref != nil && ref.UID == d.UID:
			if matches || d.DeletionTimestamp != nil {
				out = append(out, rs)
				continue
			}
			c := rs.DeepCopy()
			var keep []metav1.OwnerReference
			for _, r := range c.OwnerReferences {
				if r.UID != d.UID {
					keep = append(keep, r)
				}
			}
			c.OwnerReferences = keep
			_, _, _ = dc.m.api.UpdateObject(c, apiserver.UpdateOptions{})
		case ref == nil && matches && d.DeletionTimestamp == nil && rs.DeletionTimestamp == nil:
			c := rs.DeepCopy()
			c.OwnerReferences = append(c.OwnerReferences, *newControllerRef(d, deploymentKind()))
			if adopted, _, err := dc.m.api.UpdateObject(c, apiserver.UpdateOptions{}); err == nil {
				out = append(out, adopted.(*appsv1.ReplicaSet))
			}
		}
	}
	return out, nil
}

// podMapForDeployment is getPodMapForDeployment: the pods of each ReplicaSet.
func (dc *deploymentController) podMapForDeployment(rsList []*appsv1.ReplicaSet) map[types.UID][]*corev1.Pod {
	podMap := map[types.UID][]*corev1.Pod{}
	for _, rs := range rsList {
		for _, p := range dc.m.pods(rs.Namespace) {
			if ownedBy(p, rs.UID) {
				podMap[rs.UID] = append(podMap[rs.UID], p)
			}
		}
	}
	return podMap
}

// ---- sync.go ----

func (dc *deploymentController) syncStatusOnly(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) error {
	newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, false)
	if err != nil {
		return err
	}
	return dc.syncDeploymentStatus(append(oldRSs, newRS), newRS, d)
}

// syncScale is sync: reconciles scaling events and paused Deployments.
func (dc *deploymentController) syncScale(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) error {
	newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, false)
	if err != nil {
		return err
	}
	if err := dc.scale(d, newRS, oldRSs); err != nil {
		return err
	}
	if d.Spec.Paused {
		if err := dc.cleanupDeployment(oldRSs, d); err != nil {
			return err
		}
	}
	return dc.syncDeploymentStatus(append(oldRSs, newRS), newRS, d)
}

func (dc *deploymentController) checkPausedConditions(d *appsv1.Deployment) error {
	if !hasProgressDeadline(d) {
		return nil
	}
	cond := getDeploymentCondition(d.Status, appsv1.DeploymentProgressing)
	if cond != nil && cond.Reason == timedOutReason {
		return nil
	}
	pausedCondExists := cond != nil && cond.Reason == pausedDeployReason
	needsUpdate := false
	if d.Spec.Paused && !pausedCondExists {
		setDeploymentCondition(&d.Status, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionUnknown, pausedDeployReason, "Deployment is paused"))
		needsUpdate = true
	} else if !d.Spec.Paused && pausedCondExists {
		setDeploymentCondition(&d.Status, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionUnknown, resumedDeployReason, "Deployment is resumed"))
		needsUpdate = true
	}
	if !needsUpdate {
		return nil
	}
	return dc.updateStatus(d)
}

// updateStatus writes d's status and takes the stored resourceVersion back into d.
func (dc *deploymentController) updateStatus(d *appsv1.Deployment) error {
	out, err := dc.m.api.UpdateStatus(d)
	if err != nil {
		return err
	}
	d.ResourceVersion = out.(*appsv1.Deployment).ResourceVersion
	return nil
}

func (dc *deploymentController) getAllReplicaSetsAndSyncRevision(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet, createIfNotExisted bool) (*appsv1.ReplicaSet, []*appsv1.ReplicaSet, error) {
	_, allOldRSs := findOldReplicaSets(d, rsList)
	newRS, err := dc.getNewReplicaSet(d, rsList, allOldRSs, createIfNotExisted)
	if err != nil {
		return nil, nil, err
	}
	return newRS, allOldRSs, nil
}

// maxRevHistoryLengthInChars limits the revision history annotation (sync.go).
const maxRevHistoryLengthInChars = 2000

func (dc *deploymentController) getNewReplicaSet(d *appsv1.Deployment, rsList, oldRSs []*appsv1.ReplicaSet, createIfNotExisted bool) (*appsv1.ReplicaSet, error) {
	existingNewRS := findNewReplicaSet(d, rsList)
	maxOldRevision := maxRevision(oldRSs)
	newRevision := strconv.FormatInt(maxOldRevision+1, 10)

	if existingNewRS != nil {
		rsCopy := existingNewRS.DeepCopy()
		annotationsUpdated := setNewReplicaSetAnnotations(d, rsCopy, newRevision, true, maxRevHistoryLengthInChars)
		minReadySecondsNeedsUpdate := rsCopy.Spec.MinReadySeconds != d.Spec.MinReadySeconds
		if annotationsUpdated || minReadySecondsNeedsUpdate {
			rsCopy.Spec.MinReadySeconds = d.Spec.MinReadySeconds
			out, _, err := dc.m.api.UpdateObject(rsCopy, apiserver.UpdateOptions{})
			if err != nil {
				return nil, err
			}
			return out.(*appsv1.ReplicaSet), nil
		}
		needsUpdate := setDeploymentRevision(d, rsCopy.Annotations[revisionAnnotation])
		cond := getDeploymentCondition(d.Status, appsv1.DeploymentProgressing)
		if hasProgressDeadline(d) && cond == nil {
			msg := fmt.Sprintf("Found new replica set %q", rsCopy.Name)
			setDeploymentCondition(&d.Status, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, foundNewRSReason, msg))
			needsUpdate = true
		}
		if needsUpdate {
			if err := dc.updateStatus(d); err != nil {
				return nil, err
			}
		}
		return rsCopy, nil
	}

	if !createIfNotExisted {
		return nil, nil
	}

	newRSTemplate := *d.Spec.Template.DeepCopy()
	podTemplateSpecHash := ComputeHash(&newRSTemplate, d.Status.CollisionCount)
	newRSTemplate.Labels = cloneAndAddLabel(d.Spec.Template.Labels, appsv1.DefaultDeploymentUniqueLabelKey, podTemplateSpecHash)
	newRSSelector := cloneSelectorAndAddLabel(d.Spec.Selector, appsv1.DefaultDeploymentUniqueLabelKey, podTemplateSpecHash)

	newRS := appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{
			Name:            generateReplicaSetName(d.Name, podTemplateSpecHash),
			Namespace:       d.Namespace,
			OwnerReferences: []metav1.OwnerReference{*newControllerRef(d, deploymentKind())},
			Labels:          newRSTemplate.Labels,
		},
		Spec: appsv1.ReplicaSetSpec{
			Replicas:        new(int32),
			MinReadySeconds: d.Spec.MinReadySeconds,
			Selector:        newRSSelector,
			Template:        newRSTemplate,
		},
	}
	allRSs := append(oldRSs, &newRS)
	newReplicasCount, err := newRSNewReplicas(d, allRSs, &newRS)
	if err != nil {
		return nil, err
	}
	*(newRS.Spec.Replicas) = newReplicasCount
	setNewReplicaSetAnnotations(d, &newRS, newRevision, false, maxRevHistoryLengthInChars)

	alreadyExists := false
	var createdRS *appsv1.ReplicaSet
	out, _, err := dc.m.api.CreateObject(d.Namespace, &newRS, apiserver.CreateOptions{})
	switch {
	case apierrors.IsAlreadyExists(err):
		alreadyExists = true
		rs, ok := dc.m.get("replicasets", newRS.Namespace, newRS.Name).(*appsv1.ReplicaSet)
		if !ok {
			return nil, err
		}
		if ref := metav1.GetControllerOfNoCopy(rs); ref != nil && ref.UID == d.UID && equalIgnoreHash(&d.Spec.Template, &rs.Spec.Template) {
			createdRS = rs.DeepCopy()
			err = nil
			break
		}
		// A hash collision: bump collisionCount and requeue with the original error.
		if d.Status.CollisionCount == nil {
			d.Status.CollisionCount = new(int32)
		}
		*d.Status.CollisionCount++
		_ = dc.updateStatus(d)
		return nil, err
	case hasStatusCause(err, corev1.NamespaceTerminatingCause):
		return nil, err
	case err != nil:
		msg := fmt.Sprintf("Failed to create new replica set %q: %v", newRS.Name, err)
		if hasProgressDeadline(d) {
			setDeploymentCondition(&d.Status, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionFalse, failedRSCreateReason, msg))
			_ = dc.updateStatus(d)
		}
		dc.c.event(d, deploymentKind(), corev1.EventTypeWarning, failedRSCreateReason, msg)
		return nil, err
	default:
		createdRS = out.(*appsv1.ReplicaSet)
	}
	if !alreadyExists && newReplicasCount > 0 {
		dc.c.event(d, deploymentKind(), corev1.EventTypeNormal, "ScalingReplicaSet", fmt.Sprintf("Scaled up replica set %s from 0 to %d", createdRS.Name, newReplicasCount))
	}
	needsUpdate := setDeploymentRevision(d, newRevision)
	if !alreadyExists && hasProgressDeadline(d) {
		msg := fmt.Sprintf("Created new replica set %q", createdRS.Name)
		setDeploymentCondition(&d.Status, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, newReplicaSetReason, msg))
		needsUpdate = true
	}
	if needsUpdate {
		err = dc.updateStatus(d)
	}
	return createdRS, err
}

// scale scales proportionally in order to mitigate risk.
func (dc *deploymentController) scale(d *appsv1.Deployment, newRS *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet) error {
	if activeOrLatest := findActiveOrLatest(newRS, oldRSs); activeOrLatest != nil {
		if *(activeOrLatest.Spec.Replicas) == *(d.Spec.Replicas) {
			return nil
		}
		_, _, err := dc.scaleReplicaSet(activeOrLatest, *(d.Spec.Replicas), d, false)
		return err
	}
	if isSaturated(d, newRS) {
		for _, old := range filterActiveReplicaSets(oldRSs) {
			if _, _, err := dc.scaleReplicaSet(old, 0, d, false); err != nil {
				return err
			}
		}
		return nil
	}
	if isRollingUpdate(d) {
		allRSs := filterActiveReplicaSets(append(oldRSs, newRS))
		allRSsReplicas := getReplicaCountForReplicaSets(allRSs)
		allowedSize := int32(0)
		if *(d.Spec.Replicas) > 0 {
			allowedSize = *(d.Spec.Replicas) + maxSurge(*d)
		}
		deploymentReplicasToAdd := allowedSize - allRSsReplicas
		switch {
		case deploymentReplicasToAdd > 0:
			sort.Sort(replicaSetsBySizeNewer(allRSs))
		case deploymentReplicasToAdd < 0:
			sort.Sort(replicaSetsBySizeOlder(allRSs))
		}
		deploymentReplicasAdded := int32(0)
		nameToSize := map[string]int32{}
		for i := range allRSs {
			rs := allRSs[i]
			if deploymentReplicasToAdd != 0 {
				proportion := getReplicaSetProportion(rs, *d, deploymentReplicasToAdd, deploymentReplicasAdded)
				nameToSize[rs.Name] = *(rs.Spec.Replicas) + proportion
				deploymentReplicasAdded += proportion
			} else {
				nameToSize[rs.Name] = *(rs.Spec.Replicas)
			}
		}
		for i := range allRSs {
			rs := allRSs[i]
			if i == 0 && deploymentReplicasToAdd != 0 {
				leftover := deploymentReplicasToAdd - deploymentReplicasAdded
				nameToSize[rs.Name] = nameToSize[rs.Name] + leftover
				if nameToSize[rs.Name] < 0 {
					nameToSize[rs.Name] = 0
				}
			}
			if _, _, err := dc.scaleReplicaSet(rs, nameToSize[rs.Name], d, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func (dc *deploymentController) scaleReplicaSet(rs *appsv1.ReplicaSet, newScale int32, d *appsv1.Deployment, forceUpdate bool) (bool, *appsv1.ReplicaSet, error) {
	if !forceUpdate && *(rs.Spec.Replicas) == newScale {
		return false, rs, nil
	}
	sizeNeedsUpdate := *(rs.Spec.Replicas) != newScale
	annotationsNeedUpdate := replicasAnnotationsNeedUpdate(rs, *(d.Spec.Replicas), *(d.Spec.Replicas)+maxSurge(*d))
	scaled := false
	var err error
	if sizeNeedsUpdate || annotationsNeedUpdate {
		oldScale := *(rs.Spec.Replicas)
		rsCopy := rs.DeepCopy()
		*(rsCopy.Spec.Replicas) = newScale
		setReplicasAnnotations(rsCopy, *(d.Spec.Replicas), *(d.Spec.Replicas)+maxSurge(*d))
		var out any
		out, _, err = dc.m.api.UpdateObject(rsCopy, apiserver.UpdateOptions{})
		if err == nil {
			rs = out.(*appsv1.ReplicaSet)
		}
		if err == nil && sizeNeedsUpdate {
			op := "down"
			if oldScale < newScale {
				op = "up"
			}
			scaled = true
			dc.c.event(d, deploymentKind(), corev1.EventTypeNormal, "ScalingReplicaSet", fmt.Sprintf("Scaled %s replica set %s from %d to %d", op, rs.Name, oldScale, newScale))
		}
	}
	return scaled, rs, err
}

// cleanupDeployment deletes the oldest old ReplicaSets beyond spec.revisionHistoryLimit.
func (dc *deploymentController) cleanupDeployment(oldRSs []*appsv1.ReplicaSet, d *appsv1.Deployment) error {
	if !hasRevisionHistoryLimit(d) {
		return nil
	}
	var cleanable []*appsv1.ReplicaSet
	for _, rs := range oldRSs {
		if rs != nil && rs.DeletionTimestamp == nil {
			cleanable = append(cleanable, rs)
		}
	}
	diff := int32(len(cleanable)) - *d.Spec.RevisionHistoryLimit
	if diff <= 0 {
		return nil
	}
	sort.Sort(replicaSetsByRevision(cleanable))
	for i := int32(0); i < diff; i++ {
		rs := cleanable[i]
		if rs.Status.Replicas != 0 || *(rs.Spec.Replicas) != 0 || rs.Generation > rs.Status.ObservedGeneration || rs.DeletionTimestamp != nil {
			continue
		}
		if _, err := dc.m.api.Delete("replicasets", rs.Namespace, rs.Name, apiserver.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
	}
	return nil
}

func (dc *deploymentController) syncDeploymentStatus(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) error {
	newStatus := dc.calculateStatus(allRSs, newRS, d)
	if reflect.DeepEqual(d.Status, newStatus) {
		return nil
	}
	d.Status = newStatus
	return dc.updateStatus(d)
}

// calculateStatus (DeploymentReplicaSetTerminatingReplicas beta, on, in 1.37).
func (dc *deploymentController) calculateStatus(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) appsv1.DeploymentStatus {
	availableReplicas := getAvailableReplicaCountForReplicaSets(allRSs)
	totalReplicas := getReplicaCountForReplicaSets(allRSs)
	unavailableReplicas := totalReplicas - availableReplicas
	if unavailableReplicas < 0 {
		unavailableReplicas = 0
	}
	status := appsv1.DeploymentStatus{
		ObservedGeneration:  d.Generation,
		Replicas:            getActualReplicaCountForReplicaSets(allRSs),
		UpdatedReplicas:     getActualReplicaCountForReplicaSets([]*appsv1.ReplicaSet{newRS}),
		ReadyReplicas:       getReadyReplicaCountForReplicaSets(allRSs),
		AvailableReplicas:   availableReplicas,
		UnavailableReplicas: unavailableReplicas,
		CollisionCount:      d.Status.CollisionCount,
		TerminatingReplicas: getTerminatingReplicaCountForReplicaSets(allRSs),
	}
	status.Conditions = append(status.Conditions, d.Status.Conditions...)
	if availableReplicas >= *(d.Spec.Replicas)-maxUnavailable(*d) {
		setDeploymentCondition(&status, dc.newCondition(appsv1.DeploymentAvailable, corev1.ConditionTrue, minimumReplicasAvailable, "Deployment has minimum availability."))
	} else {
		setDeploymentCondition(&status, dc.newCondition(appsv1.DeploymentAvailable, corev1.ConditionFalse, minimumReplicasUnavailable, "Deployment does not have minimum availability."))
	}
	return status
}

func (dc *deploymentController) isScalingEvent(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) (bool, error) {
	newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, false)
	if err != nil {
		return false, err
	}
	for _, rs := range filterActiveReplicaSets(append(oldRSs, newRS)) {
		desired, ok := getIntAnnotation(rs, desiredReplicasAnnotation)
		if !ok {
			continue
		}
		if desired != *(d.Spec.Replicas) {
			return true, nil
		}
	}
	return false, nil
}

// generateReplicaSetName is sync.go generateReplicaSetName.
func generateReplicaSetName(deploymentName, podTemplateSpecHash string) string {
	maxDeploymentNameLength := validation.DNS1123SubdomainMaxLength - len("-") - len(podTemplateSpecHash)
	if len(deploymentName) > maxDeploymentNameLength && maxDeploymentNameLength > 0 {
		return deploymentName[:maxDeploymentNameLength] + "-" + podTemplateSpecHash
	}
	return deploymentName + "-" + podTemplateSpecHash
}

// ---- rolling.go ----

func (dc *deploymentController) rolloutRolling(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet, rq *requeue) error {
	newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, true)
	if err != nil {
		return err
	}
	allRSs := append(oldRSs, newRS)
	scaledUp, err := dc.reconcileNewReplicaSet(allRSs, newRS, d)
	if err != nil {
		return err
	}
	if scaledUp {
		return dc.syncRolloutStatus(allRSs, newRS, d, rq)
	}
	scaledDown, err := dc.reconcileOldReplicaSets(allRSs, filterActiveReplicaSets(oldRSs), newRS, d)
	if err != nil {
		return err
	}
	if scaledDown {
		return dc.syncRolloutStatus(allRSs, newRS, d, rq)
	}
	if deploymentComplete(d, &d.Status) {
		if err := dc.cleanupDeployment(oldRSs, d); err != nil {
			return err
		}
	}
	return dc.syncRolloutStatus(allRSs, newRS, d, rq)
}

func (dc *deploymentController) reconcileNewReplicaSet(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) (bool, error) {
	if *(newRS.Spec.Replicas) == *(d.Spec.Replicas) {
		return false, nil
	}
	if *(newRS.Spec.Replicas) > *(d.Spec.Replicas) {
		scaled, _, err := dc.scaleReplicaSet(newRS, *(d.Spec.Replicas), d, false)
		return scaled, err
	}
	newReplicasCount, err := newRSNewReplicas(d, allRSs, newRS)
	if err != nil {
		return false, err
	}
	scaled, _, err := dc.scaleReplicaSet(newRS, newReplicasCount, d, false)
	return scaled, err
}

func (dc *deploymentController) reconcileOldReplicaSets(allRSs, oldRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) (bool, error) {
	oldPodsCount := getReplicaCountForReplicaSets(oldRSs)
	if oldPodsCount == 0 {
		return false, nil
	}
	allPodsCount := getReplicaCountForReplicaSets(allRSs)
	minAvailable := *(d.Spec.Replicas) - maxUnavailable(*d)
	newRSUnavailablePodCount := *(newRS.Spec.Replicas) - newRS.Status.AvailableReplicas
	maxScaledDown := allPodsCount - minAvailable - newRSUnavailablePodCount
	if maxScaledDown <= 0 {
		return false, nil
	}
	oldRSs, cleanupCount, err := dc.cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown)
	if err != nil {
		return false, nil
	}
	allRSs = append(oldRSs, newRS)
	scaledDownCount, err := dc.scaleDownOldReplicaSetsForRollingUpdate(allRSs, oldRSs, d)
	if err != nil {
		return false, nil
	}
	return cleanupCount+scaledDownCount > 0, nil
}

func (dc *deploymentController) cleanupUnhealthyReplicas(oldRSs []*appsv1.ReplicaSet, d *appsv1.Deployment, maxCleanupCount int32) ([]*appsv1.ReplicaSet, int32, error) {
	sort.Sort(replicaSetsByCreationTimestamp(oldRSs))
	totalScaledDown := int32(0)
	for i, targetRS := range oldRSs {
		if totalScaledDown >= maxCleanupCount {
			break
		}
		if *(targetRS.Spec.Replicas) == 0 {
			continue
		}
		if *(targetRS.Spec.Replicas) == targetRS.Status.AvailableReplicas {
			continue
		}
		scaledDownCount := min(maxCleanupCount-totalScaledDown, *(targetRS.Spec.Replicas)-targetRS.Status.AvailableReplicas)
		newReplicasCount := *(targetRS.Spec.Replicas) - scaledDownCount
		if newReplicasCount > *(targetRS.Spec.Replicas) {
			return nil, 0, fmt.Errorf("when cleaning up unhealthy replicas, got invalid request to scale down %s/%s %d -> %d", targetRS.Namespace, targetRS.Name, *(targetRS.Spec.Replicas), newReplicasCount)
		}
		_, updatedOldRS, err := dc.scaleReplicaSet(targetRS, newReplicasCount, d, false)
		if err != nil {
			return nil, totalScaledDown, err
		}
		totalScaledDown += scaledDownCount
		oldRSs[i] = updatedOldRS
	}
	return oldRSs, totalScaledDown, nil
}

func (dc *deploymentController) scaleDownOldReplicaSetsForRollingUpdate(allRSs, oldRSs []*appsv1.ReplicaSet, d *appsv1.Deployment) (int32, error) {
	minAvailable := *(d.Spec.Replicas) - maxUnavailable(*d)
	availablePodCount := getAvailableReplicaCountForReplicaSets(allRSs)
	if availablePodCount <= minAvailable {
		return 0, nil
	}
	sort.Sort(replicaSetsByCreationTimestamp(oldRSs))
	totalScaledDown := int32(0)
	totalScaleDownCount := availablePodCount - minAvailable
	for _, targetRS := range oldRSs {
		if totalScaledDown >= totalScaleDownCount {
			break
		}
		if *(targetRS.Spec.Replicas) == 0 {
			continue
		}
		scaleDownCount := min(*(targetRS.Spec.Replicas), totalScaleDownCount-totalScaledDown)
		newReplicasCount := *(targetRS.Spec.Replicas) - scaleDownCount
		if newReplicasCount > *(targetRS.Spec.Replicas) {
			return 0, fmt.Errorf("when scaling down old RS, got invalid request to scale down %s/%s %d -> %d", targetRS.Namespace, targetRS.Name, *(targetRS.Spec.Replicas), newReplicasCount)
		}
		if _, _, err := dc.scaleReplicaSet(targetRS, newReplicasCount, d, false); err != nil {
			return totalScaledDown, err
		}
		totalScaledDown += scaleDownCount
	}
	return totalScaledDown, nil
}

// ---- recreate.go ----

func (dc *deploymentController) rolloutRecreate(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet, podMap map[types.UID][]*corev1.Pod, rq *requeue) error {
	newRS, oldRSs, err := dc.getAllReplicaSetsAndSyncRevision(d, rsList, false)
	if err != nil {
		return err
	}
	allRSs := append(oldRSs, newRS)
	activeOldRSs := filterActiveReplicaSets(oldRSs)
	scaledDown, err := dc.scaleDownOldReplicaSetsForRecreate(activeOldRSs, d)
	if err != nil {
		return err
	}
	if scaledDown {
		return dc.syncRolloutStatus(allRSs, newRS, d, rq)
	}
	if oldPodsRunning(newRS, oldRSs, podMap) {
		return dc.syncRolloutStatus(allRSs, newRS, d, rq)
	}
	if newRS == nil {
		newRS, oldRSs, err = dc.getAllReplicaSetsAndSyncRevision(d, rsList, true)
		if err != nil {
			return err
		}
		allRSs = append(oldRSs, newRS)
	}
	if _, _, err := dc.scaleReplicaSet(newRS, *(d.Spec.Replicas), d, false); err != nil {
		return err
	}
	if deploymentComplete(d, &d.Status) {
		if err := dc.cleanupDeployment(oldRSs, d); err != nil {
			return err
		}
	}
	return dc.syncRolloutStatus(allRSs, newRS, d, rq)
}

func (dc *deploymentController) scaleDownOldReplicaSetsForRecreate(oldRSs []*appsv1.ReplicaSet, d *appsv1.Deployment) (bool, error) {
	scaled := false
	for i := range oldRSs {
		rs := oldRSs[i]
		if *(rs.Spec.Replicas) == 0 {
			continue
		}
		scaledRS, updatedRS, err := dc.scaleReplicaSet(rs, 0, d, false)
		if err != nil {
			return false, err
		}
		if scaledRS {
			oldRSs[i] = updatedRS
			scaled = true
		}
	}
	return scaled, nil
}

func oldPodsRunning(newRS *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet, podMap map[types.UID][]*corev1.Pod) bool {
	if oldPods := getActualReplicaCountForReplicaSets(oldRSs); oldPods > 0 {
		return true
	}
	for rsUID, podList := range podMap {
		if newRS != nil && newRS.UID == rsUID {
			continue
		}
		for _, pod := range podList {
			switch pod.Status.Phase {
			case corev1.PodFailed, corev1.PodSucceeded:
				continue
			default:
				return true
			}
		}
	}
	return false
}

// ---- progress.go ----

func (dc *deploymentController) syncRolloutStatus(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment, rq *requeue) error {
	newStatus := dc.calculateStatus(allRSs, newRS, d)
	if !hasProgressDeadline(d) {
		removeDeploymentCondition(&newStatus, appsv1.DeploymentProgressing)
	}
	currentCond := getDeploymentCondition(d.Status, appsv1.DeploymentProgressing)
	isCompleteDeployment := newStatus.Replicas == newStatus.UpdatedReplicas && currentCond != nil && currentCond.Reason == newRSAvailableReason
	if hasProgressDeadline(d) && !isCompleteDeployment {
		switch {
		case deploymentComplete(d, &newStatus):
			msg := fmt.Sprintf("Deployment %q has successfully progressed.", d.Name)
			if newRS != nil {
				msg = fmt.Sprintf("ReplicaSet %q has successfully progressed.", newRS.Name)
			}
			setDeploymentCondition(&newStatus, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, newRSAvailableReason, msg))
		case deploymentProgressing(d, &newStatus):
			msg := fmt.Sprintf("Deployment %q is progressing.", d.Name)
			if newRS != nil {
				msg = fmt.Sprintf("ReplicaSet %q is progressing.", newRS.Name)
			}
			condition := dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, replicaSetUpdatedReason, msg)
			if currentCond != nil {
				if currentCond.Status == corev1.ConditionTrue {
					condition.LastTransitionTime = currentCond.LastTransitionTime
				}
				removeDeploymentCondition(&newStatus, appsv1.DeploymentProgressing)
			}
			setDeploymentCondition(&newStatus, condition)
		case dc.deploymentTimedOut(d, &newStatus):
			msg := fmt.Sprintf("Deployment %q has timed out progressing.", d.Name)
			if newRS != nil {
				msg = fmt.Sprintf("ReplicaSet %q has timed out progressing.", newRS.Name)
			}
			setDeploymentCondition(&newStatus, dc.newCondition(appsv1.DeploymentProgressing, corev1.ConditionFalse, timedOutReason, msg))
		}
	}
	if replicaFailureCond := getReplicaFailures(allRSs, newRS); len(replicaFailureCond) > 0 {
		setDeploymentCondition(&newStatus, replicaFailureCond[0])
	} else {
		removeDeploymentCondition(&newStatus, appsv1.DeploymentReplicaFailure)
	}
	if reflect.DeepEqual(d.Status, newStatus) {
		dc.requeueStuckDeployment(d, newStatus, rq)
		return nil
	}
	d.Status = newStatus
	return dc.updateStatus(d)
}

func getReplicaFailures(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet) []appsv1.DeploymentCondition {
	var conditions []appsv1.DeploymentCondition
	if newRS != nil {
		for _, c := range newRS.Status.Conditions {
			if c.Type == appsv1.ReplicaSetReplicaFailure {
				conditions = append(conditions, replicaSetToDeploymentCondition(c))
			}
		}
	}
	if len(conditions) > 0 {
		return conditions
	}
	for _, rs := range allRSs {
		if rs == nil {
			continue
		}
		for _, c := range rs.Status.Conditions {
			if c.Type == appsv1.ReplicaSetReplicaFailure {
				conditions = append(conditions, replicaSetToDeploymentCondition(c))
			}
		}
	}
	return conditions
}

// requeueStuckDeployment schedules the progress check at the deadline.
func (dc *deploymentController) requeueStuckDeployment(d *appsv1.Deployment, newStatus appsv1.DeploymentStatus, rq *requeue) {
	currentCond := getDeploymentCondition(d.Status, appsv1.DeploymentProgressing)
	if !hasProgressDeadline(d) || currentCond == nil {
		return
	}
	if deploymentComplete(d, &newStatus) || currentCond.Reason == timedOutReason {
		return
	}
	after := currentCond.LastUpdateTime.Time.Add(time.Duration(*d.Spec.ProgressDeadlineSeconds) * time.Second).Sub(dc.m.clk.Now())
	if after < time.Second {
		rq.at(rateLimiterDelay(1))
		return
	}
	rq.at(after + time.Second)
}

// deploymentTimedOut is util.DeploymentTimedOut on the virtual clock.
func (dc *deploymentController) deploymentTimedOut(d *appsv1.Deployment, newStatus *appsv1.DeploymentStatus) bool {
	if !hasProgressDeadline(d) {
		return false
	}
	condition := getDeploymentCondition(*newStatus, appsv1.DeploymentProgressing)
	if condition == nil {
		return false
	}
	if condition.Reason == newRSAvailableReason {
		return false
	}
	if condition.Reason == timedOutReason {
		return true
	}
	from := condition.LastUpdateTime
	delta := time.Duration(*d.Spec.ProgressDeadlineSeconds) * time.Second
	return from.Add(delta).Before(dc.m.clk.Now())
}

// newCondition is util.NewDeploymentCondition with metav1.Now() read from the virtual clock
// (in seconds, as the controller reads it back from the API).
func (dc *deploymentController) newCondition(condType appsv1.DeploymentConditionType, status corev1.ConditionStatus, reason, message string) appsv1.DeploymentCondition {
	now := metav1.NewTime(dc.m.clk.Now().Truncate(time.Second))
	return appsv1.DeploymentCondition{
		Type:               condType,
		Status:             status,
		LastUpdateTime:     now,
		LastTransitionTime: now,
		Reason:             reason,
		Message:            message,
	}
}
