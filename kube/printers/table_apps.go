package printers

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/duration"
)

// The server-side tables of the StatefulSet, DaemonSet, Job and CronJob kinds: k8s.io/kubernetes
// v1.37.2 pkg/printers/internalversion/printers.go (AddHandlers column definitions,
// printStatefulSet, printDaemonSet, printJob, printCronJob), on the v1 types with "now" from the
// caller. Deployment and ReplicaSet are in table.go.

// workloadTable returns the columns and rows of the workload kinds (ok false for other types).
func workloadTable(g generator, obj runtime.Object) ([]metav1.TableColumnDefinition, []metav1.TableRow, bool) {
	switch o := obj.(type) {
	case *appsv1.StatefulSet:
		return statefulSetColumns(), []metav1.TableRow{g.statefulSet(o)}, true
	case *appsv1.StatefulSetList:
		rows := make([]metav1.TableRow, 0, len(o.Items))
		for i := range o.Items {
			rows = append(rows, g.statefulSet(&o.Items[i]))
		}
		return statefulSetColumns(), rows, true
	case *appsv1.DaemonSet:
		return daemonSetColumns(), []metav1.TableRow{g.daemonSet(o)}, true
	case *appsv1.DaemonSetList:
		rows := make([]metav1.TableRow, 0, len(o.Items))
		for i := range o.Items {
			rows = append(rows, g.daemonSet(&o.Items[i]))
		}
		return daemonSetColumns(), rows, true
	case *batchv1.Job:
		return jobColumns(), []metav1.TableRow{g.job(o)}, true
	case *batchv1.JobList:
		rows := make([]metav1.TableRow, 0, len(o.Items))
		for i := range o.Items {
			rows = append(rows, g.job(&o.Items[i]))
		}
		return jobColumns(), rows, true
	case *batchv1.CronJob:
		return cronJobColumns(), []metav1.TableRow{g.cronJob(o)}, true
	case *batchv1.CronJobList:
		rows := make([]metav1.TableRow, 0, len(o.Items))
		for i := range o.Items {
			rows = append(rows, g.cronJob(&o.Items[i]))
		}
		return cronJobColumns(), rows, true
	}
	return nil, nil, false
}

// workloadKindOf is KindOf for the workload kinds of this file.
func workloadKindOf(obj runtime.Object) (schema.GroupVersionKind, bool) {
	apps, batch := appsv1.SchemeGroupVersion, batchv1.SchemeGroupVersion
	switch obj.(type) {
	case *appsv1.StatefulSet:
		return apps.WithKind("StatefulSet"), true
	case *appsv1.StatefulSetList:
		return apps.WithKind("StatefulSetList"), true
	case *appsv1.DaemonSet:
		return apps.WithKind("DaemonSet"), true
	case *appsv1.DaemonSetList:
		return apps.WithKind("DaemonSetList"), true
	case *batchv1.Job:
		return batch.WithKind("Job"), true
	case *batchv1.JobList:
		return batch.WithKind("JobList"), true
	case *batchv1.CronJob:
		return batch.WithKind("CronJob"), true
	case *batchv1.CronJobList:
		return batch.WithKind("CronJobList"), true
	}
	return schema.GroupVersionKind{}, false
}

func statefulSetColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Ready", Type: "string", Description: "Number of the pod with ready state"},
		ageColumn(),
		{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
		{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
	}
}

// statefulSet is printStatefulSet.
func (g generator) statefulSet(obj *appsv1.StatefulSet) metav1.TableRow {
	var desired int32
	if obj.Spec.Replicas != nil {
		desired = *obj.Spec.Replicas
	}
	names, images := layoutContainerCells(obj.Spec.Template.Spec.Containers)
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, fmt.Sprintf("%d/%d", int64(obj.Status.ReadyReplicas), int64(desired)), g.since(obj.CreationTimestamp), names, images,
	}}
}

func daemonSetColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Desired", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["desiredNumberScheduled"]},
		{Name: "Current", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["currentNumberScheduled"]},
		{Name: "Ready", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["numberReady"]},
		{Name: "Up-to-date", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["updatedNumberScheduled"]},
		{Name: "Available", Type: "integer", Description: appsv1.DaemonSetStatus{}.SwaggerDoc()["numberAvailable"]},
		{Name: "Node Selector", Type: "string", Description: corev1.PodSpec{}.SwaggerDoc()["nodeSelector"]},
		ageColumn(),
		{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
		{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
		{Name: "Selector", Type: "string", Priority: 1, Description: appsv1.DaemonSetSpec{}.SwaggerDoc()["selector"]},
	}
}

// daemonSet is printDaemonSet.
func (g generator) daemonSet(obj *appsv1.DaemonSet) metav1.TableRow {
	names, images := layoutContainerCells(obj.Spec.Template.Spec.Containers)
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, int64(obj.Status.DesiredNumberScheduled), int64(obj.Status.CurrentNumberScheduled), int64(obj.Status.NumberReady),
		int64(obj.Status.UpdatedNumberScheduled), int64(obj.Status.NumberAvailable), labels.FormatLabels(obj.Spec.Template.Spec.NodeSelector),
		g.since(obj.CreationTimestamp), names, images, metav1.FormatLabelSelector(obj.Spec.Selector),
	}}
}

func jobColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Status", Type: "string", Description: "Status of the job."},
		{Name: "Completions", Type: "string", Description: batchv1.JobStatus{}.SwaggerDoc()["succeeded"]},
		{Name: "Duration", Type: "string", Description: "Time required to complete the job."},
		ageColumn(),
		{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
		{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
		{Name: "Selector", Type: "string", Priority: 1, Description: batchv1.JobSpec{}.SwaggerDoc()["selector"]},
	}
}

// job is printJob (time.Since read on the virtual clock).
func (g generator) job(obj *batchv1.Job) metav1.TableRow {
	var completions string
	if obj.Spec.Completions != nil {
		completions = fmt.Sprintf("%d/%d", obj.Status.Succeeded, *obj.Spec.Completions)
	} else {
		parallelism := int32(0)
		if obj.Spec.Parallelism != nil {
			parallelism = *obj.Spec.Parallelism
		}
		if parallelism > 1 {
			completions = fmt.Sprintf("%d/1 of %d", obj.Status.Succeeded, parallelism)
		} else {
			completions = fmt.Sprintf("%d/1", obj.Status.Succeeded)
		}
	}
	var jobDuration string
	switch {
	case obj.Status.StartTime == nil:
	case obj.Status.CompletionTime == nil:
		jobDuration = duration.HumanDuration(g.now.Sub(obj.Status.StartTime.Time.Truncate(1e9)))
	default:
		jobDuration = duration.HumanDuration(obj.Status.CompletionTime.Truncate(1e9).Sub(obj.Status.StartTime.Time.Truncate(1e9)))
	}
	var status string
	switch {
	case hasJobCondition(obj.Status.Conditions, batchv1.JobComplete):
		status = "Complete"
	case hasJobCondition(obj.Status.Conditions, batchv1.JobFailed):
		status = "Failed"
	case obj.DeletionTimestamp != nil:
		status = "Terminating"
	case hasJobCondition(obj.Status.Conditions, batchv1.JobSuspended):
		status = "Suspended"
	case hasJobCondition(obj.Status.Conditions, batchv1.JobFailureTarget):
		status = "FailureTarget"
	case hasJobCondition(obj.Status.Conditions, batchv1.JobSuccessCriteriaMet):
		status = "SuccessCriteriaMet"
	default:
		status = "Running"
	}
	names, images := layoutContainerCells(obj.Spec.Template.Spec.Containers)
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, status, completions, jobDuration, g.since(obj.CreationTimestamp), names, images, metav1.FormatLabelSelector(obj.Spec.Selector),
	}}
}

// hasJobCondition is printers.go hasJobCondition: the first condition of the type decides.
func hasJobCondition(conditions []batchv1.JobCondition, conditionType batchv1.JobConditionType) bool {
	for _, condition := range conditions {
		if condition.Type == conditionType {
			return condition.Status == corev1.ConditionTrue
		}
	}
	return false
}

func cronJobColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Schedule", Type: "string", Description: batchv1.CronJobSpec{}.SwaggerDoc()["schedule"]},
		{Name: "Timezone", Type: "string", Description: batchv1.CronJobSpec{}.SwaggerDoc()["timeZone"]},
		{Name: "Suspend", Type: "boolean", Description: batchv1.CronJobSpec{}.SwaggerDoc()["suspend"]},
		{Name: "Active", Type: "integer", Description: batchv1.CronJobStatus{}.SwaggerDoc()["active"]},
		{Name: "Last Schedule", Type: "string", Description: batchv1.CronJobStatus{}.SwaggerDoc()["lastScheduleTime"]},
		ageColumn(),
		{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
		{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
		{Name: "Selector", Type: "string", Priority: 1, Description: batchv1.JobSpec{}.SwaggerDoc()["selector"]},
	}
}

// cronJob is printCronJob.
func (g generator) cronJob(obj *batchv1.CronJob) metav1.TableRow {
	lastScheduleTime := "<none>"
	if obj.Status.LastScheduleTime != nil {
		lastScheduleTime = g.since(*obj.Status.LastScheduleTime)
	}
	timeZone := "<none>"
	if obj.Spec.TimeZone != nil {
		timeZone = *obj.Spec.TimeZone
	}
	suspend := "<unset>" // printBoolPtr
	if obj.Spec.Suspend != nil {
		suspend = "False"
		if *obj.Spec.Suspend {
			suspend = "True"
		}
	}
	names, images := layoutContainerCells(obj.Spec.JobTemplate.Spec.Template.Spec.Containers)
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, obj.Spec.Schedule, timeZone, suspend, int64(len(obj.Status.Active)), lastScheduleTime, g.since(obj.CreationTimestamp),
		names, images, metav1.FormatLabelSelector(obj.Spec.JobTemplate.Spec.Selector),
	}}
}
