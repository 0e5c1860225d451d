package controllers

import (
	"fmt"
	"sort"
	"time"

	"github.com/robfig/cron/v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// cronJobController is k8s.io/kubernetes v1.37.2 pkg/controller/cronjob
// (cronjob_controllerv2.go sync, syncCronJob, cleanupFinishedJobs; utils.go
// mostRecentScheduleTime, nextScheduleTimeDuration, getJobFromTemplate2): at each scheduled
// time of the cron schedule, read on the virtual clock, it creates the Job
// <cronjob>-<scheduled time in minutes since the epoch>, honours concurrencyPolicy,
// startingDeadlineSeconds and suspend, records SuccessfulCreate "Created job …",
// SawCompletedJob "Saw completed job: …, condition: Complete" and SuccessfulDelete
// "Deleted job …", and keeps successful/failed Jobs to the history limits. The requeue is
// 100 ms after the next scheduled time (nextScheduleDelta).
type cronJobController struct {
	m *Manager
	c *controller
}

const (
	nextScheduleDelta                    = 100 * time.Millisecond
	cronJobScheduledTimestampAnnotation  = "batch.kubernetes.io/cronjob-scheduled-timestamp"
	cronJobMissedSchedulesNone           = 0
	cronJobMissedSchedulesFew            = 1
	cronJobMissedSchedulesMany           = 2
	cronJobTooManyMissedSchedulesMessage = "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
)

// jobEvent is the Job informer's handlers: a Job's CronJob is synced.
func (cc *cronJobController) jobEvent(typ watch.EventType, job *batchv1.Job) {
	ref := metav1.GetControllerOfNoCopy(job)
	if ref == nil || ref.Kind != "CronJob" {
		return
	}
	if cj, ok := cc.m.get("cronjobs", job.Namespace, ref.Name).(*batchv1.CronJob); ok && cj.UID == ref.UID {
		cc.c.enqueue(cj.Namespace, cj.Name)
	}
}

// sync is ControllerV2.sync.
func (cc *cronJobController) sync(namespace, name string) time.Duration {
	stored, ok := cc.m.get("cronjobs", namespace, name).(*batchv1.CronJob)
	if !ok {
		return 0
	}
	cj := stored.DeepCopy()
	var jobs []*batchv1.Job
	_ = cc.m.api.Range("jobs", namespace, func(obj runtimeObject) {
		j := obj.(*batchv1.Job)
		if ownedBy(j, cj.UID) {
			jobs = append(jobs, j)
		}
	})
	updateAfterCleanup := cc.cleanupFinishedJobs(cj, jobs)
	requeue, updateAfterSync := cc.syncCronJob(cj, jobs)
	if updateAfterCleanup || updateAfterSync {
		if _, err := cc.m.api.UpdateStatus(cj); err != nil {
			return rateLimiterDelay(1)
		}
	}
	if requeue != nil {
		return max(*requeue, time.Nanosecond)
	}
	return 0
}

func (cc *cronJobController) syncCronJob(cj *batchv1.CronJob, jobs []*batchv1.Job) (*time.Duration, bool) {
	now := cc.m.clk.Now()
	updateStatus := false
	children := map[types.UID]bool{}
	for _, j := range jobs {
		children[j.UID] = true
		found := inActiveList(cj, j.UID)
		switch {
		case !found && !isJobFinished(j):
			cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "UnexpectedJob", "Saw a job that the controller did not create or forgot: "+j.Name)
		case isJobFinished(j):
			if found {
				cond := finishedCondition(j)
				deleteFromActiveList(cj, j.UID)
				cc.c.event(cj, cronJobKind(), corev1.EventTypeNormal, "SawCompletedJob", fmt.Sprintf("Saw completed job: %s, condition: %v", j.Name, cond))
				updateStatus = true
			}
			if findJobCondition(j.Status.Conditions, batchv1.JobComplete, true) != nil {
				if cj.Status.LastSuccessfulTime == nil {
					cj.Status.LastSuccessfulTime = j.Status.CompletionTime
					updateStatus = true
				}
				if j.Status.CompletionTime != nil && j.Status.CompletionTime.After(cj.Status.LastSuccessfulTime.Time) {
					cj.Status.LastSuccessfulTime = j.Status.CompletionTime
					updateStatus = true
				}
			}
		}
	}
	for _, a := range append([]corev1.ObjectReference{}, cj.Status.Active...) {
		if children[a.UID] {
			continue
		}
		if cc.m.get("jobs", a.Namespace, a.Name) == nil {
			cc.c.event(cj, cronJobKind(), corev1.EventTypeNormal, "MissingJob", "Active job went missing: "+a.Name)
			deleteFromActiveList(cj, a.UID)
			updateStatus = true
		}
	}
	if cj.DeletionTimestamp != nil {
		return nil, updateStatus
	}
	loc := time.UTC
	if cj.Spec.TimeZone != nil {
		l, err := time.LoadLocation(*cj.Spec.TimeZone)
		if err != nil {
			cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "UnknownTimeZone", fmt.Sprintf("invalid timeZone: %q: %s", *cj.Spec.TimeZone, err))
			return nil, updateStatus
		}
		loc = l
	}
	if cj.Spec.Suspend != nil && *cj.Spec.Suspend {
		return nil, updateStatus
	}
	schedule := cj.Spec.Schedule
	if cj.Spec.TimeZone != nil {
		schedule = fmt.Sprintf("TZ=%s %s", *cj.Spec.TimeZone, schedule)
	}
	sched, err := validation.ParseCronSchedule(schedule)
	if err != nil {
		cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "UnparseableSchedule", fmt.Sprintf("unparseable schedule: %q : %s", cj.Spec.Schedule, err))
		return nil, updateStatus
	}
	scheduledTime, err := nextScheduleTime(cc, cj, now, sched)
	if err != nil {
		cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "InvalidSchedule", fmt.Sprintf("invalid schedule: %s : %s", cj.Spec.Schedule, err))
		return nil, updateStatus
	}
	if scheduledTime == nil {
		return nextScheduleTimeDuration(cj, now, sched), updateStatus
	}
	if cj.Spec.StartingDeadlineSeconds != nil && scheduledTime.Add(time.Second*time.Duration(*cj.Spec.StartingDeadlineSeconds)).Before(now) {
		cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "MissSchedule", "Missed scheduled time to start a job: "+scheduledTime.UTC().Format(time.RFC1123Z))
		return nextScheduleTimeDuration(cj, now, sched), updateStatus
	}
	jobName := getCronJobJobName(cj, *scheduledTime)
	if inActiveListByName(cj, jobName) || cj.Status.LastScheduleTime.Equal(&metav1.Time{Time: *scheduledTime}) {
		return nextScheduleTimeDuration(cj, now, sched), updateStatus
	}
	if cj.Spec.ConcurrencyPolicy == batchv1.ForbidConcurrent && len(cj.Status.Active) > 0 {
		cc.c.event(cj, cronJobKind(), corev1.EventTypeNormal, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid")
		return nextScheduleTimeDuration(cj, now, sched), updateStatus
	}
	if cj.Spec.ConcurrencyPolicy == batchv1.ReplaceConcurrent {
		for _, a := range append([]corev1.ObjectReference{}, cj.Status.Active...) {
			if !cc.deleteJob(cj, a.Namespace, a.Name, a.UID) {
				return nil, updateStatus
			}
			updateStatus = true
		}
	}
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{
			Labels:          copyMap(cj.Spec.JobTemplate.Labels),
			Annotations:     copyMap(cj.Spec.JobTemplate.Annotations),
			Name:            jobName,
			OwnerReferences: []metav1.OwnerReference{*newControllerRef(cj, cronJobKind())},
		},
	}
	job.Annotations[cronJobScheduledTimestampAnnotation] = scheduledTime.In(loc).Format(time.RFC3339)
	cj.Spec.JobTemplate.Spec.DeepCopyInto(&job.Spec)
	out, _, err := cc.m.api.CreateObject(cj.Namespace, job, apiserver.CreateOptions{})
	var created *batchv1.Job
	switch {
	case hasStatusCause(err, corev1.NamespaceTerminatingCause):
		return nil, updateStatus
	case apierrors.IsAlreadyExists(err):
		existing, ok := cc.m.get("jobs", cj.Namespace, jobName).(*batchv1.Job)
		if !ok || !ownedBy(existing, cj.UID) || inActiveList(cj, existing.UID) {
			return nil, updateStatus
		}
		created = existing
	case err != nil:
		cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "FailedCreate", fmt.Sprintf("Error creating job: %v", err))
		return nil, updateStatus
	default:
		created = out.(*batchv1.Job)
		cc.c.event(cj, cronJobKind(), corev1.EventTypeNormal, "SuccessfulCreate", "Created job "+created.Name)
	}
	cj.Status.Active = append(cj.Status.Active, corev1.ObjectReference{
		Kind: "Job", Namespace: created.Namespace, Name: created.Name, UID: created.UID,
		APIVersion: "batch/v1", ResourceVersion: created.ResourceVersion,
	})
	cj.Status.LastScheduleTime = &metav1.Time{Time: *scheduledTime}
	return nextScheduleTimeDuration(cj, now, sched), true
}

// cleanupFinishedJobs keeps the history limits.
func (cc *cronJobController) cleanupFinishedJobs(cj *batchv1.CronJob, jobs []*batchv1.Job) bool {
	if cj.Spec.FailedJobsHistoryLimit == nil && cj.Spec.SuccessfulJobsHistoryLimit == nil {
		return false
	}
	var failed, succeeded []*batchv1.Job
	for _, j := range jobs {
		switch {
		case findJobCondition(j.Status.Conditions, batchv1.JobComplete, true) != nil:
			succeeded = append(succeeded, j)
		case findJobCondition(j.Status.Conditions, batchv1.JobFailed, true) != nil:
			failed = append(failed, j)
		}
	}
	update := false
	if cj.Spec.SuccessfulJobsHistoryLimit != nil && cc.removeOldestJobs(cj, succeeded, *cj.Spec.SuccessfulJobsHistoryLimit) {
		update = true
	}
	if cj.Spec.FailedJobsHistoryLimit != nil && cc.removeOldestJobs(cj, failed, *cj.Spec.FailedJobsHistoryLimit) {
		update = true
	}
	return update
}

func (cc *cronJobController) removeOldestJobs(cj *batchv1.CronJob, js []*batchv1.Job, maxJobs int32) bool {
	numToDelete := len(js) - int(maxJobs)
	if numToDelete <= 0 {
		return false
	}
	sort.Slice(js, func(i, k int) bool { // byJobStartTime
		a, b := js[i].Status.StartTime, js[k].Status.StartTime
		if a == nil && b != nil {
			return false
		}
		if a != nil && b == nil {
			return true
		}
		if a.Equal(b) {
			return js[i].Name < js[k].Name
		}
		return a.Before(b)
	})
	update := false
	for i := 0; i < numToDelete; i++ {
		if cc.deleteJob(cj, js[i].Namespace, js[i].Name, js[i].UID) {
			update = true
		}
	}
	return update
}

// deleteJob deletes a Job with background propagation (realJobControl.DeleteJob).
func (cc *cronJobController) deleteJob(cj *batchv1.CronJob, namespace, name string, uid types.UID) bool {
	if _, err := cc.m.api.Delete("jobs", namespace, name, apiserver.DeleteOptions{}); err != nil {
		cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "FailedDelete", fmt.Sprintf("Deleted job: %v", err))
		return false
	}
	deleteFromActiveList(cj, uid)
	cc.c.event(cj, cronJobKind(), corev1.EventTypeNormal, "SuccessfulDelete", "Deleted job "+name)
	return true
}

// mostRecentScheduleTime is utils.go mostRecentScheduleTime.
func mostRecentScheduleTime(cj *batchv1.CronJob, now time.Time, schedule cron.Schedule, includeStartingDeadlineSeconds bool) (time.Time, *time.Time, int, error) {
	earliestTime := cj.CreationTimestamp.Time
	missed := cronJobMissedSchedulesNone
	if cj.Status.LastScheduleTime != nil {
		earliestTime = cj.Status.LastScheduleTime.Time
	}
	if includeStartingDeadlineSeconds && cj.Spec.StartingDeadlineSeconds != nil {
		if deadline := now.Add(-time.Second * time.Duration(*cj.Spec.StartingDeadlineSeconds)); deadline.After(earliestTime) {
			earliestTime = deadline
		}
	}
	t1 := schedule.Next(earliestTime)
	t2 := schedule.Next(t1)
	if now.Before(t1) {
		return earliestTime, nil, missed, nil
	}
	if now.Before(t2) {
		return earliestTime, &t1, missed, nil
	}
	between := int64(t2.Sub(t1).Round(time.Second).Seconds())
	if between < 1 {
		return earliestTime, nil, missed, fmt.Errorf("time difference between two schedules is less than 1 second")
	}
	elapsed := int64(now.Sub(t1).Seconds())
	numberOfMissed := (elapsed / between) + 1
	var mostRecent time.Time
	potentialEarliest := t1.Add(time.Duration((numberOfMissed-1-1)*between) * time.Second)
	for t := schedule.Next(potentialEarliest); !t.After(now); t = schedule.Next(t) {
		mostRecent = t
	}
	switch {
	case numberOfMissed > 100:
		missed = cronJobMissedSchedulesMany
	case numberOfMissed > 0:
		missed = cronJobMissedSchedulesFew
	}
	if mostRecent.IsZero() {
		return earliestTime, nil, missed, nil
	}
	return earliestTime, &mostRecent, missed, nil
}

// nextScheduleTimeDuration is the time to the next schedule plus nextScheduleDelta.
func nextScheduleTimeDuration(cj *batchv1.CronJob, now time.Time, schedule cron.Schedule) *time.Duration {
	earliestTime, mostRecent, missed, err := mostRecentScheduleTime(cj, now, schedule, false)
	switch {
	case err != nil:
		mostRecent = &now
	case mostRecent == nil && missed == cronJobMissedSchedulesNone:
		mostRecent = &earliestTime
	case mostRecent == nil:
		mostRecent = &now
	}
	t := schedule.Next(*mostRecent).Add(nextScheduleDelta).Sub(now)
	return &t
}

func nextScheduleTime(cc *cronJobController, cj *batchv1.CronJob, now time.Time, schedule cron.Schedule) (*time.Time, error) {
	_, mostRecent, missed, err := mostRecentScheduleTime(cj, now, schedule, true)
	if mostRecent == nil || mostRecent.After(now) {
		return nil, err
	}
	if missed == cronJobMissedSchedulesMany {
		cc.c.event(cj, cronJobKind(), corev1.EventTypeWarning, "TooManyMissedTimes", cronJobTooManyMissedSchedulesMessage)
	}
	return mostRecent, err
}

// getCronJobJobName is getJobName: <cronjob>-<minutes since the epoch>.
func getCronJobJobName(cj *batchv1.CronJob, scheduledTime time.Time) string {
	return fmt.Sprintf("%s-%d", cj.Name, scheduledTime.Unix()/60)
}

func inActiveList(cj *batchv1.CronJob, uid types.UID) bool {
	for _, j := range cj.Status.Active {
		if j.UID == uid {
			return true
		}
	}
	return false
}

func inActiveListByName(cj *batchv1.CronJob, name string) bool {
	for _, j := range cj.Status.Active {
		if j.Name == name && j.Namespace == cj.Namespace {
			return true
		}
	}
	return false
}

func deleteFromActiveList(cj *batchv1.CronJob, uid types.UID) {
	active := []corev1.ObjectReference{}
	for _, j := range cj.Status.Active {
		if j.UID != uid {
			active = append(active, j)
		}
	}
	cj.Status.Active = active
}

// finishedCondition is pkg/controller/job/util FinishedCondition's condition type.
func finishedCondition(j *batchv1.Job) batchv1.JobConditionType {
	for _, c := range j.Status.Conditions {
		if (c.Type == batchv1.JobComplete || c.Type == batchv1.JobFailed) && c.Status == corev1.ConditionTrue {
			return c.Type
		}
	}
	return ""
}

func cronJobKind() schema.GroupVersionKind { return batchv1.SchemeGroupVersion.WithKind("CronJob") }
