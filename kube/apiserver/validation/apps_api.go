package validation

// Entry points for the apps/v1 and batch/v1 registries (k8s.io/kubernetes v1.37.2
// pkg/registry/apps/{deployment,replicaset,statefulset,daemonset}/strategy.go and
// pkg/registry/batch/job/strategy.go): each returns the real field.ErrorList, with struct
// values rendered as the internal types print them (see internalValues).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	v1 "k8s.io/api/core/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/k8sversion"
)

// TemplateOptions is pkg/api/pod GetValidationOptionsFromPodTemplate for a template without
// legacy-invalid content: the pod options of 1.37 for an embedded PodSpec.
func TemplateOptions() PodValidationOptions {
	opts := PodOptions(k8sversion.MustGet(k8sversion.Default))
	opts.ResourceIsPod = false
	return opts
}

// DeploymentCreate, DeploymentUpdate, DeploymentStatusUpdate: deploymentStrategy.
func DeploymentCreate(d *appsv1.Deployment) field.ErrorList {
	return internalValues(apps_ValidateDeployment(d, TemplateOptions()))
}

func DeploymentUpdate(d, old *appsv1.Deployment) field.ErrorList {
	return internalValues(apps_ValidateDeploymentUpdate(d, old, TemplateOptions()))
}

func DeploymentStatusUpdate(d, old *appsv1.Deployment) field.ErrorList {
	return internalValues(apps_ValidateDeploymentStatusUpdate(d, old))
}

// ReplicaSetCreate, ReplicaSetUpdate, ReplicaSetStatusUpdate: rsStrategy.
func ReplicaSetCreate(rs *appsv1.ReplicaSet) field.ErrorList {
	return internalValues(apps_ValidateReplicaSet(rs, TemplateOptions()))
}

func ReplicaSetUpdate(rs, old *appsv1.ReplicaSet) field.ErrorList {
	return internalValues(apps_ValidateReplicaSetUpdate(rs, old, TemplateOptions()))
}

func ReplicaSetStatusUpdate(rs, old *appsv1.ReplicaSet) field.ErrorList {
	return internalValues(apps_ValidateReplicaSetStatusUpdate(rs, old))
}

// StatefulSetCreate, StatefulSetUpdate, StatefulSetStatusUpdate: statefulSetStrategy
// (StatefulSetRecreateStrategy is alpha, off, in 1.37).
func StatefulSetCreate(ss *appsv1.StatefulSet) field.ErrorList {
	setOpts := apps_StatefulSetValidationOptions{AllowInvalidServiceName: false}
	return internalValues(apps_ValidateStatefulSet(ss, setOpts, TemplateOptions()))
}

func StatefulSetUpdate(ss, old *appsv1.StatefulSet) field.ErrorList {
	setOpts := apps_StatefulSetValidationOptions{AllowInvalidServiceName: true, SkipValidateVolumeClaimTemplates: true}
	return internalValues(apps_ValidateStatefulSetUpdate(ss, old, setOpts, TemplateOptions()))
}

func StatefulSetStatusUpdate(ss, old *appsv1.StatefulSet) field.ErrorList {
	return internalValues(apps_ValidateStatefulSetStatusUpdate(ss, old))
}

// DaemonSetCreate, DaemonSetUpdate, DaemonSetStatusUpdate: daemonSetStrategy.
func DaemonSetCreate(ds *appsv1.DaemonSet) field.ErrorList {
	return internalValues(apps_ValidateDaemonSet(ds, TemplateOptions()))
}

func DaemonSetUpdate(ds, old *appsv1.DaemonSet) field.ErrorList {
	opts := TemplateOptions()
	opts.AllowInvalidLabelValueInSelector = opts.AllowInvalidLabelValueInSelector || metav1validation.LabelSelectorHasInvalidLabelValue(old.Spec.Selector)
	return internalValues(apps_ValidateDaemonSetUpdate(ds, old, opts))
}

func DaemonSetStatusUpdate(ds, old *appsv1.DaemonSet) field.ErrorList {
	return internalValues(apps_ValidateDaemonSetStatusUpdate(ds, old))
}

// jobOptions is pkg/registry/batch/job/strategy.go validationOptionsForJob
// (MutablePodResourcesForSuspendedJobs and MutableSchedulingDirectivesForSuspendedJobs are beta,
// on, in 1.37).
func jobOptions(newJob, oldJob *batchv1.Job) batch_JobValidationOptions {
	opts := batch_JobValidationOptions{
		PodValidationOptions:  TemplateOptions(),
		RequirePrefixedLabels: true,
	}
	if oldJob != nil {
		opts.AllowInvalidLabelValueInSelector = opts.AllowInvalidLabelValueInSelector || metav1validation.LabelSelectorHasInvalidLabelValue(oldJob.Spec.Selector)
		suspended := oldJob.Spec.Suspend != nil && *oldJob.Spec.Suspend
		notStarted := oldJob.Status.StartTime == nil
		opts.AllowMutableSchedulingDirectives = suspended && notStarted
		allowMutablePodTemplate := suspended && (notStarted || batch_IsConditionTrue(oldJob.Status.Conditions, batchv1.JobSuspended)) && oldJob.Status.Active == 0
		opts.AllowMutablePodResources = allowMutablePodTemplate
		opts.AllowMutableSchedulingDirectives = allowMutablePodTemplate
		_, hadJobName := oldJob.Spec.Template.Labels[batchv1.JobNameLabel]
		_, hadControllerUid := oldJob.Spec.Template.Labels[batchv1.ControllerUidLabel]
		opts.RequirePrefixedLabels = hadJobName && hadControllerUid
	}
	return opts
}

// JobCreate, JobUpdate, JobStatusUpdate: jobStrategy and jobStatusStrategy.
func JobCreate(job *batchv1.Job) field.ErrorList {
	return internalValues(batch_ValidateJobCreate(job, jobOptions(job, nil)))
}

func JobUpdate(job, old *batchv1.Job) field.ErrorList {
	return internalValues(batch_ValidateJobUpdate(job, old, jobOptions(job, old)))
}

// JobStatusUpdate is jobStatusStrategy.ValidateUpdate with getStatusValidationOptions
// (JobManagedBy GA, locked on, in 1.37).
func JobStatusUpdate(newJob, oldJob *batchv1.Job) field.ErrorList {
	isIndexed := ptr.Deref(newJob.Spec.CompletionMode, batchv1.NonIndexedCompletion) == batchv1.IndexedCompletion
	isJobFinishedChanged := batch_IsJobFinished(oldJob) != batch_IsJobFinished(newJob)
	isJobCompleteChanged := batch_IsJobComplete(oldJob) != batch_IsJobComplete(newJob)
	isJobFailedChanged := batch_IsJobFailed(oldJob) != batch_IsJobFailed(newJob)
	isJobFailureTargetChanged := batch_IsConditionTrue(oldJob.Status.Conditions, batchv1.JobFailureTarget) != batch_IsConditionTrue(newJob.Status.Conditions, batchv1.JobFailureTarget)
	isJobSuccessCriteriaMetChanged := batch_IsConditionTrue(oldJob.Status.Conditions, batchv1.JobSuccessCriteriaMet) != batch_IsConditionTrue(newJob.Status.Conditions, batchv1.JobSuccessCriteriaMet)
	isCompletedIndexesChanged := oldJob.Status.CompletedIndexes != newJob.Status.CompletedIndexes
	isFailedIndexesChanged := !ptr.Equal(oldJob.Status.FailedIndexes, newJob.Status.FailedIndexes)
	isActiveChanged := oldJob.Status.Active != newJob.Status.Active
	isStartTimeChanged := !ptr.Equal(oldJob.Status.StartTime, newJob.Status.StartTime)
	isCompletionTimeChanged := !ptr.Equal(oldJob.Status.CompletionTime, newJob.Status.CompletionTime)
	isUncountedTerminatedPodsChanged := !reflect.DeepEqual(oldJob.Status.UncountedTerminatedPods, newJob.Status.UncountedTerminatedPods)
	isReadyChanged := !ptr.Equal(oldJob.Status.Ready, newJob.Status.Ready)
	isTerminatingChanged := !ptr.Equal(oldJob.Status.Terminating, newJob.Status.Terminating)
	isSuspendedWithZeroCompletions := ptr.Equal(newJob.Spec.Suspend, ptr.To(true)) && ptr.Equal(newJob.Spec.Completions, ptr.To[int32](0))
	isJobResuming := batch_IsConditionTrue(oldJob.Status.Conditions, batchv1.JobSuspended) &&
		batch_IsConditionFalse(newJob.Status.Conditions, batchv1.JobSuspended)
	opts := batch_JobStatusValidationOptions{
		RejectDecreasingSucceededCounter:             !isIndexed || !ptr.Equal(newJob.Spec.Completions, newJob.Spec.Parallelism),
		RejectDecreasingFailedCounter:                true,
		RejectDisablingTerminalCondition:             true,
		RejectInvalidCompletedIndexes:                isCompletedIndexesChanged,
		RejectInvalidFailedIndexes:                   isFailedIndexesChanged,
		RejectCompletedIndexesForNonIndexedJob:       isCompletedIndexesChanged,
		RejectFailedIndexesForNoBackoffLimitPerIndex: isFailedIndexesChanged,
		RejectFailedIndexesOverlappingCompleted:      isFailedIndexesChanged || isCompletedIndexesChanged,
		RejectFailedJobWithoutFailureTarget:          isJobFailedChanged || isFailedIndexesChanged,
		RejectCompleteJobWithoutSuccessCriteriaMet:   isJobCompleteChanged || isJobSuccessCriteriaMetChanged,
		RejectFinishedJobWithActivePods:              isJobFinishedChanged || isActiveChanged,
		RejectFinishedJobWithoutStartTime:            (isJobFinishedChanged || isStartTimeChanged) && !isSuspendedWithZeroCompletions,
		RejectFinishedJobWithUncountedTerminatedPods: isJobFinishedChanged || isUncountedTerminatedPodsChanged,
		RejectStartTimeUpdateForUnsuspendedJob:       isStartTimeChanged && !isJobResuming,
		RejectCompletionTimeBeforeStartTime:          isStartTimeChanged || isCompletionTimeChanged,
		RejectMutatingCompletionTime:                 true,
		RejectNotCompleteJobWithCompletionTime:       isJobCompleteChanged || isCompletionTimeChanged,
		RejectCompleteJobWithoutCompletionTime:       isJobCompleteChanged || isCompletionTimeChanged,
		RejectCompleteJobWithFailedCondition:         isJobCompleteChanged || isJobFailedChanged,
		RejectCompleteJobWithFailureTargetCondition:  isJobCompleteChanged || isJobFailureTargetChanged,
		RejectMoreReadyThanActivePods:                isReadyChanged || isActiveChanged,
		RejectFinishedJobWithTerminatingPods:         isJobFinishedChanged || isTerminatingChanged,
	}
	return internalValues(batch_ValidateJobUpdateStatus(newJob, oldJob, opts))
}

// TemplateWarnings is pkg/api/pod/warnings.go GetWarningsForPodTemplate(ctx,
// field.NewPath("spec", "template"), template, nil): the warnings of PodWarnings, whose paths
// are relative to a Pod ("spec.…", "metadata.…"), rebased under spec.template (every path in
// those messages starts the message or follows " with ").
func TemplateWarnings(tmpl *v1.PodTemplateSpec) []string {
	pod := &v1.Pod{ObjectMeta: tmpl.ObjectMeta, Spec: tmpl.Spec}
	ws := PodWarnings(pod)
	for i, w := range ws {
		ws[i] = rebaseWarning(w, "spec.template.")
	}
	return ws
}

func rebaseWarning(w, prefix string) string {
	rebase := func(s string) string {
		if strings.HasPrefix(s, "spec.") || strings.HasPrefix(s, "spec[") || strings.HasPrefix(s, "metadata.") {
			return prefix + s
		}
		return s
	}
	parts := strings.Split(w, " with ")
	for i := range parts {
		if i == 0 || strings.HasPrefix(parts[i], "spec.") || strings.HasPrefix(parts[i], "metadata.") {
			parts[i] = rebase(parts[i])
		}
	}
	return strings.Join(parts, " with ")
}

var (
	appsV1Pkg  = reflect.TypeOf(appsv1.Deployment{}).PkgPath()
	batchV1Pkg = reflect.TypeOf(batchv1.Job{}).PkgPath()
)

// internalValues is asInternalValues for errors whose value may also be an apps/v1 or batch/v1
// struct: those print with Go field names too (the internal apps and batch types carry no JSON
// tags), e.g. `Unsupported value: {"Type":"Blue","RollingUpdate":null}`.
func internalValues(errs field.ErrorList) field.ErrorList {
	errs = asInternalValues(errs)
	for _, e := range errs {
		if e.BadValue == nil {
			continue
		}
		if _, done := e.BadValue.(json.RawMessage); done {
			continue
		}
		t := reflect.TypeOf(e.BadValue)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || (t.PkgPath() != appsV1Pkg && t.PkgPath() != batchV1Pkg) {
			continue
		}
		var buf bytes.Buffer
		if err := writeGoNames(&buf, reflect.ValueOf(e.BadValue)); err == nil {
			e.BadValue = json.RawMessage(buf.Bytes())
		}
	}
	return errs
}

// writeGoNames encodes v as encoding/json encodes a tagless struct: every exported field under
// its Go name, embedded structs inlined, JSON marshalers (quantities, times, int-or-strings)
// used as they are.
func writeGoNames(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	t := v.Type()
	if t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface {
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return writeGoNames(buf, v.Elem())
	}
	if t.Kind() != reflect.Struct || (t.PkgPath() != appsV1Pkg && t.PkgPath() != batchV1Pkg && t.PkgPath() != coreV1Pkg) {
		if t.Kind() == reflect.Slice && !v.IsNil() && t.Elem().Kind() != reflect.Uint8 {
			buf.WriteByte('[')
			for i := 0; i < v.Len(); i++ {
				if i > 0 {
					buf.WriteByte(',')
				}
				if err := writeGoNames(buf, v.Index(i)); err != nil {
					return err
				}
			}
			buf.WriteByte(']')
			return nil
		}
		if t.Kind() == reflect.Map && !v.IsNil() {
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			buf.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					buf.WriteByte(',')
				}
				kb, _ := json.Marshal(fmt.Sprint(k))
				buf.Write(kb)
				buf.WriteByte(':')
				if err := writeGoNames(buf, v.MapIndex(k)); err != nil {
					return err
				}
			}
			buf.WriteByte('}')
			return nil
		}
		b, err := json.Marshal(v.Interface())
		buf.Write(b)
		return err
	}
	buf.WriteByte('{')
	first := true
	var fields func(v reflect.Value) error
	fields = func(v reflect.Value) error {
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				if err := fields(v.Field(i)); err != nil {
					return err
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			nb, _ := json.Marshal(f.Name)
			buf.Write(nb)
			buf.WriteByte(':')
			if err := writeGoNames(buf, v.Field(i)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := fields(v); err != nil {
		return err
	}
	buf.WriteByte('}')
	return nil
}
