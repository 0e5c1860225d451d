package controllers

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// jobController is k8s.io/kubernetes v1.37.2 pkg/controller/job (job_controller.go syncJob,
// manageJob, trackJobStatusAndRemoveFinalizers, enactJobFinished; backoff_utils.go;
// indexed_job_utils.go for Indexed Jobs): Pods named <job>-<5 chars> (Indexed:
// <job>-<index>-<5 chars>) carrying the batch.kubernetes.io/job-tracking finalizer until the
// controller has counted them; completions, parallelism, backoffLimit (the 10 s doubling
// pod-failure back-off, at most 10 min), activeDeadlineSeconds, suspend; the two-step terminal
// conditions of 1.37 (SuccessCriteriaMet then Complete, FailureTarget then Failed) and the
// events SuccessfulCreate, SuccessfulDelete, Completed, BackoffLimitExceeded,
// DeadlineExceeded. Pod events reach the sync batched by one second (syncJobBatchPeriod).
// Not simulated: podFailurePolicy rules (every failed Pod counts), successPolicy,
// backoffLimitPerIndex, managedBy, and the Workload objects of spec.scheduling.
type jobController struct {
	m       *Manager
	c       *controller
	backoff map[string]jobBackoffRecord
}

// Constants of job_controller.go.
const (
	syncJobBatchPeriod          = time.Second
	defaultJobPodFailureBackOff = 10 * time.Second
	maxJobPodFailureBackOff     = 10 * time.Minute
	maxPodCreateDeletePerSync   = 500
	jobTrackingFinalizer        = "batch.kubernetes.io/job-tracking"
	completionIndexEnvName      = "JOB_COMPLETION_INDEX"
	unknownCompletionIndex      = -1
)

// podEvent is addPod/updatePod/deletePod: the Pod's Job is synced after the batch period.
func (jc *jobController) podEvent(typ watch.EventType, pod, old *corev1.Pod) {
	enqueue := func(p *corev1.Pod) {
		ref := metav1.GetControllerOfNoCopy(p)
		if ref == nil || ref.Kind != "Job" {
			return
		}
		job, ok := jc.m.get("jobs", p.Namespace, ref.Name).(*batchv1.Job)
		if !ok || job.UID != ref.UID {
			return
		}
		if typ == watch.Deleted && isJobFinished(job) {
			return
		}
		jc.c.enqueueAfter(job.Namespace, job.Name, syncJobBatchPeriod)
	}
	if old != nil && !reflect.DeepEqual(metav1.GetControllerOfNoCopy(old), metav1.GetControllerOfNoCopy(pod)) {
		enqueue(old)
	}
	if old != nil && old.ResourceVersion == pod.ResourceVersion {
		return
	}
	enqueue(pod)
}

// jobBackoffRecord is backoff_utils.go backoffRecord.
type jobBackoffRecord struct {
	failuresAfterLastSuccess int32
	lastFailureTime          *time.Time
}

func (jc *jobController) newBackoffRecord(key string, newSucceeded, newFailed []*corev1.Pod) jobBackoffRecord {
	backoff := jc.backoff[key]
	sortByFinishedTime(newSucceeded)
	sortByFinishedTime(newFailed)
	if len(newSucceeded) == 0 {
		if len(newFailed) == 0 {
			return backoff
		}
		backoff.failuresAfterLastSuccess += int32(len(newFailed))
		t := getFinishedTime(newFailed[len(newFailed)-1])
		backoff.lastFailureTime = &t
		return backoff
	}
	backoff = jobBackoffRecord{}
	if len(newFailed) == 0 {
		return backoff
	}
	lastSuccessTime := getFinishedTime(newSucceeded[len(newSucceeded)-1])
	for i := len(newFailed) - 1; i >= 0; i-- {
		failedTime := getFinishedTime(newFailed[i])
		if !failedTime.After(lastSuccessTime) {
			break
		}
		if backoff.lastFailureTime == nil {
			backoff.lastFailureTime = &failedTime
		}
		backoff.failuresAfterLastSuccess++
	}
	return backoff
}

// remainingTime is getRemainingTimeForFailuresCount.
func (b jobBackoffRecord) remainingTime(now time.Time) time.Duration {
	if b.failuresAfterLastSuccess == 0 {
		return 0
	}
	backoffDuration := defaultJobPodFailureBackOff
	for i := 1; i < int(b.failuresAfterLastSuccess); i++ {
		backoffDuration *= 2
		if backoffDuration >= maxJobPodFailureBackOff {
			backoffDuration = maxJobPodFailureBackOff
			break
		}
	}
	elapsed := now.Sub(*b.lastFailureTime)
	if backoffDuration < elapsed {
		return 0
	}
	return backoffDuration - elapsed
}

func sortByFinishedTime(pods []*corev1.Pod) {
	sort.SliceStable(pods, func(i, j int) bool { return getFinishedTime(pods[i]).Before(getFinishedTime(pods[j])) })
}

// getFinishedTime is backoff_utils.go getFinishedTime.
func getFinishedTime(p *corev1.Pod) time.Time {
	var finish *time.Time
	complete := true
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Terminated == nil || cs.State.Terminated.FinishedAt.IsZero() {
			complete = false
			break
		}
		if finish == nil || finish.Before(cs.State.Terminated.FinishedAt.Time) {
			t := cs.State.Terminated.FinishedAt.Time
			finish = &t
		}
	}
	if complete && finish != nil {
		return *finish
	}
	if c := getPodReadyCondition(&p.Status); c != nil && c.Status == corev1.ConditionFalse && !c.LastTransitionTime.IsZero() {
		return c.LastTransitionTime.Time
	}
	if p.DeletionTimestamp != nil {
		return p.DeletionTimestamp.Time.Add(-time.Duration(ptr.Deref(p.DeletionGracePeriodSeconds, 0)) * time.Second)
	}
	return p.CreationTimestamp.Time
}

// jobCtx is syncJobCtx.
type jobCtx struct {
	job                  *batchv1.Job
	pods                 []*corev1.Pod
	activePods           []*corev1.Pod
	succeeded, failed    int32
	ready                int32
	terminating          int32
	finishedCondition    *batchv1.JobCondition
	newBackoffRecord     jobBackoffRecord
	prevSucceededIndexes orderedIntervals
	succeededIndexes     orderedIntervals
	uncountedSucceeded   map[types.UID]bool
	uncountedFailed      map[types.UID]bool
}

// sync is syncJob.
func (jc *jobController) sync(namespace, name string) time.Duration {
	key := namespace + "/" + name
	shared, ok := jc.m.get("jobs", namespace, name).(*batchv1.Job)
	if !ok {
		delete(jc.backoff, key)
		return 0
	}
	if jc.backoff == nil {
		jc.backoff = map[string]jobBackoffRecord{}
	}
	if isJobFinished(shared) {
		delete(jc.backoff, key)
		return 0
	}
	job := shared.DeepCopy()
	var rq requeue
	if job.Status.UncountedTerminatedPods == nil {
		job.Status.UncountedTerminatedPods = &batchv1.UncountedTerminatedPods{}
	}
	now := jc.m.clk.Now()
	pods := jc.podsForJob(job)
	ctx := &jobCtx{
		job:                job,
		pods:               pods,
		activePods:         filterActivePods(pods),
		uncountedSucceeded: uidSet(job.Status.UncountedTerminatedPods.Succeeded),
		uncountedFailed:    uidSet(job.Status.UncountedTerminatedPods.Failed),
	}
	ctx.ready = countReadyPods(ctx.activePods)
	for _, p := range pods {
		if isPodTerminating(p) {
			ctx.terminating++
		}
	}
	active := int32(len(ctx.activePods))
	newSucceeded, newFailed := jc.newFinishedPods(ctx)
	ctx.succeeded = job.Status.Succeeded + int32(len(newSucceeded)) + int32(len(ctx.uncountedSucceeded))
	ctx.failed = job.Status.Failed + int32(len(newFailed)) + int32(len(ctx.uncountedFailed))

	if job.Status.StartTime == nil && !jobSuspended(job) {
		t := metav1.NewTime(now.Truncate(time.Second)) // as stored (RFC 3339 seconds)
		job.Status.StartTime = &t
	}
	ctx.newBackoffRecord = jc.newBackoffRecord(key, newSucceeded, newFailed)

	exceedsBackoffLimit := ctx.failed > *job.Spec.BackoffLimit
	ctx.finishedCondition = findJobCondition(job.Status.Conditions, batchv1.JobSuccessCriteriaMet, true)
	if ctx.finishedCondition == nil {
		if ft := findJobCondition(job.Status.Conditions, batchv1.JobFailureTarget, true); ft != nil {
			ctx.finishedCondition = newJobCondition(batchv1.JobFailed, corev1.ConditionTrue, ft.Reason, ft.Message, now)
		}
	}
	if ctx.finishedCondition == nil {
		switch {
		case exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods):
			ctx.finishedCondition = newJobCondition(batchv1.JobFailureTarget, corev1.ConditionTrue, batchv1.JobReasonBackoffLimitExceeded, "Job has reached the specified backoff limit", now)
		case jc.pastActiveDeadline(job):
			ctx.finishedCondition = newJobCondition(batchv1.JobFailureTarget, corev1.ConditionTrue, batchv1.JobReasonDeadlineExceeded, "Job was active longer than specified deadline", now)
		case job.Spec.ActiveDeadlineSeconds != nil && !jobSuspended(job):
			rq.at(time.Duration(*job.Spec.ActiveDeadlineSeconds)*time.Second - now.Sub(job.Status.StartTime.Time))
		}
	}
	if isIndexedJob(job) {
		ctx.prevSucceededIndexes, ctx.succeededIndexes = calculateSucceededIndexes(job, pods)
		ctx.succeeded = int32(ctx.succeededIndexes.total())
	}
	suspendCondChanged := false
	if ctx.finishedCondition != nil {
		deletedReady, deleted := jc.deleteActivePods(job, ctx.activePods)
		if deleted != active {
			ctx.finishedCondition = nil
		}
		active -= deleted
		ctx.terminating += deleted
		ctx.ready -= deletedReady
	} else {
		manageJobCalled := false
		if job.DeletionTimestamp == nil {
			active = jc.manageJob(job, ctx, &rq)
			manageJobCalled = true
		}
		complete := false
		if job.Spec.Completions == nil {
			complete = ctx.succeeded > 0 && active == 0
		} else {
			complete = ctx.succeeded >= *job.Spec.Completions && active == 0
		}
		if complete {
			ctx.finishedCondition = newJobCondition(batchv1.JobSuccessCriteriaMet, corev1.ConditionTrue, batchv1.JobReasonCompletionsReached, "Reached expected number of succeeded pods", now)
		} else if manageJobCalled {
			var updated bool
			if jobSuspended(job) {
				job.Status.Conditions, updated = ensureJobConditionStatus(job.Status.Conditions, batchv1.JobSuspended, corev1.ConditionTrue, "JobSuspended", "Job suspended", now)
				if updated {
					suspendCondChanged = true
					jc.c.event(job, jobKind(), corev1.EventTypeNormal, "Suspended", "Job suspended")
					job.Status.StartTime = nil // MutableSchedulingDirectivesForSuspendedJobs, beta on
				}
			} else {
				job.Status.Conditions, updated = ensureJobConditionStatus(job.Status.Conditions, batchv1.JobSuspended, corev1.ConditionFalse, "JobResumed", "Job resumed", now)
				if updated {
					suspendCondChanged = true
					jc.c.event(job, jobKind(), corev1.EventTypeNormal, "Resumed", "Job resumed")
					t := metav1.NewTime(now.Truncate(time.Second)) // as stored (RFC 3339 seconds)
					job.Status.StartTime = &t
				}
			}
		}
	}
	needsStatusUpdate := suspendCondChanged || active != job.Status.Active || !ptr.Equal(&ctx.ready, job.Status.Ready) ||
		!ptr.Equal(job.Status.Terminating, &ctx.terminating)
	job.Status.Active = active
	job.Status.Ready = ptr.To(ctx.ready)
	job.Status.Terminating = ptr.To(ctx.terminating)
	jc.trackJobStatusAndRemoveFinalizers(key, ctx, needsStatusUpdate)
	return rq.after
}

// podsForJob is getPodsForJob: the Job's pods (claiming orphans that match the selector).
func (jc *jobController) podsForJob(job *batchv1.Job) []*corev1.Pod {
	sel, err := metav1.LabelSelectorAsSelector(job.Spec.Selector)
	if err != nil {
		return nil
	}
	var pods []*corev1.Pod
	for _, p := range jc.m.podsOwnedOrOrphaned(job.Namespace, job.UID) {
		if ownedBy(p, job.UID) || sel.Matches(labels.Set(p.Labels)) {
			pods = append(pods, p)
		}
	}
	return jc.m.claimPods(job, jobKind(), sel, pods)
}

// newFinishedPods is getNewFinishedPods: pods still carrying the tracking finalizer that
// finished and are not yet in uncountedTerminatedPods.
func (jc *jobController) newFinishedPods(ctx *jobCtx) (succeeded, failed []*corev1.Pod) {
	for _, p := range ctx.pods {
		if !hasJobTrackingFinalizer(p) {
			continue
		}
		if isIndexedJob(ctx.job) {
			ix := getCompletionIndex(p.Annotations)
			if ix == unknownCompletionIndex || ix >= int(*ctx.job.Spec.Completions) {
				continue
			}
		}
		switch {
		case p.Status.Phase == corev1.PodSucceeded && !ctx.uncountedSucceeded[p.UID]:
			succeeded = append(succeeded, p)
		case isJobPodFailed(p, ctx.job) && !ctx.uncountedFailed[p.UID]:
			failed = append(failed, p)
		}
	}
	return succeeded, failed
}

// deleteActivePods issues deletion for active Pods, preserving finalizers.
func (jc *jobController) deleteActivePods(job *batchv1.Job, pods []*corev1.Pod) (deletedReady, deleted int32) {
	deleted = int32(len(pods))
	for _, p := range pods {
		if err := jc.c.deletePod(job.Namespace, p.Name, job, jobKind()); err != nil && !isNotFound(err) {
			deleted--
		}
		if isPodReady(p) {
			deletedReady++
		}
	}
	return deletedReady, deleted
}

// manageJob creates or deletes pods to reach the wanted number of active pods.
func (jc *jobController) manageJob(job *batchv1.Job, ctx *jobCtx, rq *requeue) int32 {
	active := int32(len(ctx.activePods))
	parallelism := *job.Spec.Parallelism
	if jobSuspended(job) {
		podsToDelete := activePodsForRemoval(job, ctx.activePods, int(active))
		removedReady, removed := jc.deleteActivePods(job, podsToDelete)
		active -= removed
		ctx.terminating += removed
		ctx.ready -= removedReady
		return active
	}
	wantActive := int32(0)
	if job.Spec.Completions == nil {
		if ctx.succeeded > 0 {
			wantActive = active
		} else {
			wantActive = parallelism
		}
	} else {
		wantActive = max(min(*job.Spec.Completions-ctx.succeeded, parallelism), 0)
	}
	rmAtLeast := max(active-wantActive, 0)
	podsToDelete := activePodsForRemoval(job, ctx.activePods, int(rmAtLeast))
	if len(podsToDelete) > maxPodCreateDeletePerSync {
		podsToDelete = podsToDelete[:maxPodCreateDeletePerSync]
	}
	if len(podsToDelete) > 0 {
		removedReady, removed := jc.deleteActivePods(job, podsToDelete)
		active -= removed
		ctx.terminating += removed
		ctx.ready -= removedReady
		return active
	}
	var terminating int32
	if ptr.Deref(job.Spec.PodReplacementPolicy, batchv1.TerminatingOrFailed) == batchv1.Failed {
		terminating = ctx.terminating
	}
	diff := wantActive - terminating - active
	if diff <= 0 {
		return active
	}
	if remaining := ctx.newBackoffRecord.remainingTime(jc.m.clk.Now()); remaining > 0 {
		rq.at(remaining)
		return active
	}
	diff = min(diff, maxPodCreateDeletePerSync)
	var indexesToAdd []int
	if isIndexedJob(job) {
		indexesToAdd = firstPendingIndexes(ctx, int(diff), int(*job.Spec.Completions))
		diff = int32(len(indexesToAdd))
	}
	podTemplate := job.Spec.Template.DeepCopy()
	if isIndexedJob(job) {
		addCompletionIndexEnvVariables(podTemplate)
	}
	if !containsString(podTemplate.Finalizers, jobTrackingFinalizer) {
		podTemplate.Finalizers = append(podTemplate.Finalizers, jobTrackingFinalizer)
	}
	active += diff
	for batchSize := min(diff, 1); diff > 0; batchSize = min(2*batchSize, diff) {
		failed := false
		for i := int32(0); i < batchSize; i++ {
			template := podTemplate
			generateName := ""
			if len(indexesToAdd) > 0 {
				ix := indexesToAdd[0]
				indexesToAdd = indexesToAdd[1:]
				template = podTemplate.DeepCopy()
				ixs := strconv.Itoa(ix)
				if template.Annotations == nil {
					template.Annotations = map[string]string{}
				}
				template.Annotations[batchv1.JobCompletionIndexAnnotation] = ixs
				if template.Labels == nil {
					template.Labels = map[string]string{}
				}
				template.Labels[batchv1.JobCompletionIndexAnnotation] = ixs
				template.Spec.Hostname = fmt.Sprintf("%s-%d", job.Name, ix)
				generateName = podGenerateNameWithIndex(job.Name, ix)
			}
			if _, err := jc.c.createPod(job.Namespace, template, job, jobKind(), generateName, nil); err != nil {
				if hasStatusCause(err, corev1.NamespaceTerminatingCause) {
					continue
				}
				active--
				failed = true
			}
		}
		skipped := diff - batchSize
		if failed && skipped > 0 {
			active -= skipped
			break
		}
		diff -= batchSize
	}
	return active
}

// activePodsForRemoval is job_controller.go activePodsForRemoval (duplicated indexes first for
// Indexed Jobs, then controller.ActivePods order).
func activePodsForRemoval(job *batchv1.Job, pods []*corev1.Pod, rmAtLeast int) []*corev1.Pod {
	var rm, left []*corev1.Pod
	if isIndexedJob(job) {
		seen := map[int]bool{}
		sorted := append([]*corev1.Pod{}, pods...)
		sort.SliceStable(sorted, func(i, j int) bool {
			return getCompletionIndex(sorted[i].Annotations) < getCompletionIndex(sorted[j].Annotations)
		})
		for _, p := range sorted {
			ix := getCompletionIndex(p.Annotations)
			if ix == unknownCompletionIndex || ix >= int(*job.Spec.Completions) || seen[ix] {
				rm = append(rm, p)
				continue
			}
			seen[ix] = true
			left = append(left, p)
		}
	} else {
		left = append([]*corev1.Pod{}, pods...)
	}
	if len(rm) < rmAtLeast {
		sort.Sort(activePods(left))
		rm = append(rm, left[:rmAtLeast-len(rm)]...)
	}
	return rm
}

// trackJobStatusAndRemoveFinalizers counts finished pods through
// status.uncountedTerminatedPods, removes their tracking finalizers, and finishes the Job.
func (jc *jobController) trackJobStatusAndRemoveFinalizers(key string, ctx *jobCtx, needsFlush bool) {
	job := ctx.job
	isIndexed := isIndexedJob(job)
	uncounted := job.Status.UncountedTerminatedPods
	var podsToRemoveFinalizer []*corev1.Pod
	var newSucceededIndexes []int
	withFinalizer := map[types.UID]bool{}
	for _, p := range ctx.pods {
		if hasJobTrackingFinalizer(p) {
			withFinalizer[p.UID] = true
		}
	}
	if cleanUncountedPodsWithoutFinalizers(&job.Status, withFinalizer) {
		needsFlush = true
	}
	pods := ctx.pods
	if isIndexed {
		pods = append([]*corev1.Pod{}, pods...)
		sort.SliceStable(pods, func(i, j int) bool {
			return getCompletionIndex(pods[i].Annotations) < getCompletionIndex(pods[j].Annotations)
		})
	}
	for _, p := range pods {
		if !hasJobTrackingFinalizer(p) {
			continue
		}
		considerFailed := isJobPodFailed(p, job)
		if !canRemoveFinalizer(ctx, p, considerFailed) {
			continue
		}
		podsToRemoveFinalizer = append(podsToRemoveFinalizer, p)
		if p.Status.Phase == corev1.PodSucceeded && !ctx.uncountedFailed[p.UID] {
			if isIndexed {
				ix := getCompletionIndex(p.Annotations)
				if ix != unknownCompletionIndex && ix < int(*job.Spec.Completions) && !ctx.prevSucceededIndexes.has(ix) {
					newSucceededIndexes = append(newSucceededIndexes, ix)
					needsFlush = true
				}
			} else if !ctx.uncountedSucceeded[p.UID] {
				needsFlush = true
				uncounted.Succeeded = append(uncounted.Succeeded, p.UID)
			}
		} else if considerFailed || (ctx.finishedCondition != nil && ctx.finishedCondition.Type != batchv1.JobSuccessCriteriaMet) {
			ix := getCompletionIndex(p.Annotations)
			if !ctx.uncountedFailed[p.UID] && (!isIndexed || (ix != unknownCompletionIndex && ix < int(*job.Spec.Completions))) {
				needsFlush = true
				uncounted.Failed = append(uncounted.Failed, p.UID)
			}
		}
	}
	if isIndexed {
		ctx.succeededIndexes = ctx.succeededIndexes.withOrderedIndexes(newSucceededIndexes)
		s := ctx.succeededIndexes.String()
		if s != job.Status.CompletedIndexes {
			needsFlush = true
		}
		job.Status.Succeeded = int32(ctx.succeededIndexes.total())
		job.Status.CompletedIndexes = s
	}
	now := jc.m.clk.Now()
	if ctx.finishedCondition != nil && ctx.finishedCondition.Type == batchv1.JobFailureTarget {
		job.Status.Conditions = append(job.Status.Conditions, *ctx.finishedCondition)
		needsFlush = true
		ctx.finishedCondition = newJobCondition(batchv1.JobFailed, corev1.ConditionTrue, ctx.finishedCondition.Reason, ctx.finishedCondition.Message, now)
	}
	if ctx.finishedCondition != nil && ctx.finishedCondition.Type == batchv1.JobSuccessCriteriaMet {
		if findJobCondition(job.Status.Conditions, batchv1.JobSuccessCriteriaMet, true) == nil {
			job.Status.Conditions = append(job.Status.Conditions, *ctx.finishedCondition)
			needsFlush = true
		}
		ctx.finishedCondition = newJobCondition(batchv1.JobComplete, corev1.ConditionTrue, ctx.finishedCondition.Reason, ctx.finishedCondition.Message, now)
	}
	// flushUncountedAndRemoveFinalizers
	if needsFlush {
		if !jc.updateStatus(job) {
			return
		}
		jc.backoff[key] = ctx.newBackoffRecord
		needsFlush = false
	}
	for _, p := range podsToRemoveFinalizer {
		c := p.DeepCopy()
		var keep []string
		for _, f := range c.Finalizers {
			if f != jobTrackingFinalizer {
				keep = append(keep, f)
			}
		}
		c.Finalizers = keep
		if _, _, err := jc.m.api.UpdateObject(c, apiserver.UpdateOptions{}); err == nil || isNotFound(err) {
			delete(withFinalizer, p.UID)
		}
	}
	if cleanUncountedPodsWithoutFinalizers(&job.Status, withFinalizer) {
		needsFlush = true
	}
	finished := jc.enactJobFinished(ctx)
	if finished {
		needsFlush = true
	}
	if needsFlush {
		if !jc.updateStatus(job) {
			return
		}
		if finished {
			jc.recordJobFinished(job, ctx.finishedCondition)
		}
	}
}

// cleanUncountedPodsWithoutFinalizers moves pods whose finalizer is gone from
// uncountedTerminatedPods to the counters.
func cleanUncountedPodsWithoutFinalizers(status *batchv1.JobStatus, withFinalizer map[types.UID]bool) bool {
	updated := false
	uncounted := status.UncountedTerminatedPods
	var keep []types.UID
	for _, uid := range uncounted.Succeeded {
		if withFinalizer[uid] {
			keep = append(keep, uid)
		}
	}
	if n := len(uncounted.Succeeded) - len(keep); n > 0 {
		status.Succeeded += int32(n)
		uncounted.Succeeded = keep
		updated = true
	}
	keep = nil
	for _, uid := range uncounted.Failed {
		if withFinalizer[uid] {
			keep = append(keep, uid)
		}
	}
	if n := len(uncounted.Failed) - len(keep); n > 0 {
		status.Failed += int32(n)
		uncounted.Failed = keep
		updated = true
	}
	return updated
}

// canRemoveFinalizer: a pod's finalizer goes once it has succeeded or failed, or the Job is
// finishing or being deleted (backoffLimitPerIndex, which may delay it, is not simulated).
func canRemoveFinalizer(ctx *jobCtx, p *corev1.Pod, considerFailed bool) bool {
	if ctx.job.DeletionTimestamp != nil || ctx.finishedCondition != nil || p.Status.Phase == corev1.PodSucceeded {
		return true
	}
	return considerFailed
}

// enactJobFinished sets the terminal condition once nothing is uncounted or terminating.
func (jc *jobController) enactJobFinished(ctx *jobCtx) bool {
	if ctx.finishedCondition == nil {
		return false
	}
	job := ctx.job
	if u := job.Status.UncountedTerminatedPods; u != nil && len(u.Succeeded)+len(u.Failed) > 0 {
		return false
	}
	if ctx.terminating > 0 {
		return false
	}
	fc := ctx.finishedCondition
	job.Status.Conditions, _ = ensureJobConditionStatus(job.Status.Conditions, fc.Type, fc.Status, fc.Reason, fc.Message, jc.m.clk.Now())
	if fc.Type == batchv1.JobComplete {
		job.Status.CompletionTime = &fc.LastTransitionTime
	}
	return true
}

func (jc *jobController) recordJobFinished(job *batchv1.Job, fc *batchv1.JobCondition) {
	if fc.Type == batchv1.JobComplete {
		if job.Spec.Completions != nil && job.Status.Succeeded > *job.Spec.Completions {
			jc.c.event(job, jobKind(), corev1.EventTypeWarning, "TooManySucceededPods", "Too many succeeded pods running after completion count reached")
		}
		jc.c.event(job, jobKind(), corev1.EventTypeNormal, "Completed", "Job completed")
		return
	}
	jc.c.event(job, jobKind(), corev1.EventTypeWarning, fc.Reason, fc.Message)
}

// updateStatus writes the Job's status, keeping the stored resourceVersion in job.
func (jc *jobController) updateStatus(job *batchv1.Job) bool {
	out, err := jc.m.api.UpdateStatus(job)
	if err != nil {
		return false
	}
	job.ResourceVersion = out.(*batchv1.Job).ResourceVersion
	return true
}

func (jc *jobController) pastActiveDeadline(job *batchv1.Job) bool {
	if job.Spec.ActiveDeadlineSeconds == nil || job.Status.StartTime == nil || jobSuspended(job) {
		return false
	}
	return jc.m.clk.Now().Sub(job.Status.StartTime.Time) >= time.Duration(*job.Spec.ActiveDeadlineSeconds)*time.Second
}

func pastBackoffLimitOnFailure(job *batchv1.Job, pods []*corev1.Pod) bool {
	if job.Spec.Template.Spec.RestartPolicy != corev1.RestartPolicyOnFailure {
		return false
	}
	result := int32(0)
	for _, po := range pods {
		if po.Status.Phase == corev1.PodRunning || po.Status.Phase == corev1.PodPending {
			for _, s := range po.Status.InitContainerStatuses {
				result += s.RestartCount
			}
			for _, s := range po.Status.ContainerStatuses {
				result += s.RestartCount
			}
		}
	}
	if *job.Spec.BackoffLimit == 0 {
		return result > 0
	}
	return result >= *job.Spec.BackoffLimit
}

// isJobPodFailed is isPodFailed.
func isJobPodFailed(p *corev1.Pod, job *batchv1.Job) bool {
	if p.Status.Phase == corev1.PodFailed {
		return true
	}
	if ptr.Deref(job.Spec.PodReplacementPolicy, batchv1.TerminatingOrFailed) == batchv1.Failed {
		return false
	}
	return p.DeletionTimestamp != nil && p.Status.Phase != corev1.PodSucceeded
}

func newJobCondition(t batchv1.JobConditionType, status corev1.ConditionStatus, reason, message string, now time.Time) *batchv1.JobCondition {
	ts := metav1.NewTime(now.Truncate(time.Second))
	return &batchv1.JobCondition{Type: t, Status: status, LastProbeTime: ts, LastTransitionTime: ts, Reason: reason, Message: message}
}

// ensureJobConditionStatus appends or updates an existing job condition of the given type.
func ensureJobConditionStatus(list []batchv1.JobCondition, t batchv1.JobConditionType, status corev1.ConditionStatus, reason, message string, now time.Time) ([]batchv1.JobCondition, bool) {
	if c := findJobCondition(list, t, false); c != nil {
		if c.Status != status || c.Reason != reason || c.Message != message {
			*c = *newJobCondition(t, status, reason, message, now)
			return list, true
		}
		return list, false
	}
	if status == corev1.ConditionTrue {
		return append(list, *newJobCondition(t, status, reason, message, now)), true
	}
	return list, false
}

// findJobCondition returns the condition of type t (with onlyTrue: only when True).
func findJobCondition(list []batchv1.JobCondition, t batchv1.JobConditionType, onlyTrue bool) *batchv1.JobCondition {
	for i := range list {
		if list[i].Type == t && (!onlyTrue || list[i].Status == corev1.ConditionTrue) {
			return &list[i]
		}
	}
	return nil
}

func isJobFinished(job *batchv1.Job) bool {
	for _, c := range job.Status.Conditions {
		if (c.Type == batchv1.JobComplete || c.Type == batchv1.JobFailed) && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

func jobSuspended(job *batchv1.Job) bool { return job.Spec.Suspend != nil && *job.Spec.Suspend }

func isIndexedJob(job *batchv1.Job) bool {
	return job.Spec.CompletionMode != nil && *job.Spec.CompletionMode == batchv1.IndexedCompletion
}

func hasJobTrackingFinalizer(p *corev1.Pod) bool {
	return containsString(p.Finalizers, jobTrackingFinalizer)
}

func countReadyPods(pods []*corev1.Pod) int32 {
	n := int32(0)
	for _, p := range pods {
		if isPodReady(p) {
			n++
		}
	}
	return n
}

func uidSet(uids []types.UID) map[types.UID]bool {
	s := map[types.UID]bool{}
	for _, u := range uids {
		s[u] = true
	}
	return s
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ---- indexed_job_utils.go ----

type interval struct{ First, Last int }

type orderedIntervals []interval

func getCompletionIndex(annotations map[string]string) int {
	v, ok := annotations[batchv1.JobCompletionIndexAnnotation]
	if !ok {
		return unknownCompletionIndex
	}
	i, err := strconv.Atoi(v)
	if err != nil || i < 0 {
		return unknownCompletionIndex
	}
	return i
}

func calculateSucceededIndexes(job *batchv1.Job, pods []*corev1.Pod) (orderedIntervals, orderedIntervals) {
	prev := parseIndexesFromString(job.Status.CompletedIndexes, int(*job.Spec.Completions))
	newSucceeded := map[int]bool{}
	for _, p := range pods {
		ix := getCompletionIndex(p.Annotations)
		if p.Status.Phase == corev1.PodSucceeded && ix != unknownCompletionIndex && ix < int(*job.Spec.Completions) && hasJobTrackingFinalizer(p) {
			newSucceeded[ix] = true
		}
	}
	return prev, prev.withOrderedIndexes(sortedKeys(newSucceeded))
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func parseIndexesFromString(s string, completions int) orderedIntervals {
	var result orderedIntervals
	if s == "" {
		return result
	}
	var last *interval
	for _, part := range strings.Split(s, ",") {
		lims := strings.Split(part, "-")
		x, err := strconv.Atoi(lims[0])
		if err != nil || x >= completions {
			continue
		}
		y := x
		if len(lims) > 1 {
			if y, err = strconv.Atoi(lims[1]); err != nil {
				continue
			}
			y = min(y, completions-1)
		}
		if last != nil && x <= last.Last+1 {
			last.Last = max(last.Last, y)
			continue
		}
		result = append(result, interval{x, y})
		last = &result[len(result)-1]
	}
	return result
}

func (oi orderedIntervals) withOrderedIndexes(newIndexes []int) orderedIntervals {
	n := make(orderedIntervals, len(newIndexes))
	for i, ix := range newIndexes {
		n[i] = interval{ix, ix}
	}
	return oi.merge(n)
}

func (oi orderedIntervals) merge(newOi orderedIntervals) orderedIntervals {
	var result orderedIntervals
	i, j := 0, 0
	var last *interval
	add := func(iv interval) {
		if last == nil || iv.First > last.Last+1 {
			result = append(result, iv)
			last = &result[len(result)-1]
		} else if last.Last < iv.Last {
			last.Last = iv.Last
		}
	}
	for i < len(oi) && j < len(newOi) {
		if oi[i].First < newOi[j].First {
			add(oi[i])
			i++
		} else {
			add(newOi[j])
			j++
		}
	}
	for ; i < len(oi); i++ {
		add(oi[i])
	}
	for ; j < len(newOi); j++ {
		add(newOi[j])
	}
	return result
}

func (oi orderedIntervals) total() int {
	n := 0
	for _, iv := range oi {
		n += iv.Last - iv.First + 1
	}
	return n
}

func (oi orderedIntervals) String() string {
	var b strings.Builder
	for _, v := range oi {
		if b.Len() > 0 {
			b.WriteRune(',')
		}
		b.WriteString(strconv.Itoa(v.First))
		if v.Last > v.First {
			if v.Last == v.First+1 {
				b.WriteRune(',')
			} else {
				b.WriteRune('-')
			}
			b.WriteString(strconv.Itoa(v.Last))
		}
	}
	return b.String()
}

func (oi orderedIntervals) has(ix int) bool {
	for _, iv := range oi {
		if iv.First <= ix && ix <= iv.Last {
			return true
		}
	}
	return false
}

func firstPendingIndexes(ctx *jobCtx, count, completions int) []int {
	if count == 0 {
		return nil
	}
	active := map[int]bool{}
	for _, p := range ctx.activePods {
		if ix := getCompletionIndex(p.Annotations); ix != unknownCompletionIndex {
			active[ix] = true
		}
	}
	nonPending := ctx.succeededIndexes.withOrderedIndexes(sortedKeys(active))
	if ptr.Deref(ctx.job.Spec.PodReplacementPolicy, batchv1.TerminatingOrFailed) == batchv1.Failed {
		terminating := map[int]bool{}
		for _, p := range filterTerminatingPods(ctx.pods) {
			if ix := getCompletionIndex(p.Annotations); ix != unknownCompletionIndex {
				terminating[ix] = true
			}
		}
		nonPending = nonPending.withOrderedIndexes(sortedKeys(terminating))
	}
	result := make([]int, 0, count)
	candidate := 0
	for _, iv := range nonPending {
		for ; candidate < completions && len(result) < count && candidate < iv.First; candidate++ {
			result = append(result, candidate)
		}
		if candidate < iv.Last+1 {
			candidate = iv.Last + 1
		}
	}
	for ; candidate < completions && len(result) < count; candidate++ {
		result = append(result, candidate)
	}
	return result
}

func addCompletionIndexEnvVariables(template *corev1.PodTemplateSpec) {
	add := func(c *corev1.Container) {
		for _, v := range c.Env {
			if v.Name == completionIndexEnvName {
				return
			}
		}
		c.Env = append(c.Env, corev1.EnvVar{
			Name: completionIndexEnvName,
			ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{
				FieldPath: fmt.Sprintf("metadata.labels['%s']", batchv1.JobCompletionIndexAnnotation),
			}},
		})
	}
	for i := range template.Spec.InitContainers {
		add(&template.Spec.InitContainers[i])
	}
	for i := range template.Spec.Containers {
		add(&template.Spec.Containers[i])
	}
}

// podGenerateNameWithIndex is <job>-<index>- (names.MaxGeneratedNameLength = 58).
func podGenerateNameWithIndex(jobName string, index int) string {
	appendIndex := "-" + strconv.Itoa(index) + "-"
	prefix := jobName + appendIndex
	if len(prefix) > 58 {
		prefix = prefix[:58-len(appendIndex)] + appendIndex
	}
	return prefix
}
