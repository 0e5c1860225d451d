package validation

// The CronJob functions of k8s.io/kubernetes v1.37.2 pkg/apis/batch/validation/validation.go
// (ValidateCronJobCreate, ValidateCronJobUpdate, validateCronJobSpec, validateConcurrencyPolicy,
// validateScheduleFormat, validateTimeZone, ValidateJobTemplateSpec) on the batch/v1 types; the
// schedule is parsed by github.com/robfig/cron/v3 as pkg/util/parsers
// ParseCronScheduleWithPanicRecovery does. Edits are marked "simulator:".

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	batchv1 "k8s.io/api/batch/v1"
	v1 "k8s.io/api/core/v1"
	apimachineryapivalidation "k8s.io/apimachinery/pkg/api/validation"
	apimachineryvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

// ParseCronSchedule is pkg/util/parsers ParseCronScheduleWithPanicRecovery.
func ParseCronSchedule(schedule string) (sched cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			sched = nil
			err = fmt.Errorf("invalid schedule format: %v", r)
		}
	}()
	sched, err = cron.ParseStandard(schedule)
	return
}

// CronJobCreate, CronJobUpdate: cronJobStrategy (the status strategy validates nothing).
func CronJobCreate(cj *batchv1.CronJob) field.ErrorList {
	return internalValues(batch_ValidateCronJobCreate(cj, TemplateOptions()))
}

func CronJobUpdate(cj, old *batchv1.CronJob) field.ErrorList {
	return internalValues(batch_ValidateCronJobUpdate(cj, old, TemplateOptions()))
}

func batch_ValidateCronJobCreate(cronJob *batchv1.CronJob, opts PodValidationOptions) field.ErrorList {
	allErrs := ValidateObjectMeta(&cronJob.ObjectMeta, true, apimachineryapivalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
	allErrs = append(allErrs, batch_validateCronJobSpec(&cronJob.Spec, nil, field.NewPath("spec"), opts)...)
	if len(cronJob.ObjectMeta.Name) > apimachineryvalidation.DNS1035LabelMaxLength-11 {
		allErrs = append(allErrs, field.Invalid(field.NewPath("metadata").Child("name"), cronJob.ObjectMeta.Name, "must be no more than 52 characters"))
	}
	return allErrs
}

func batch_ValidateCronJobUpdate(job, oldJob *batchv1.CronJob, opts PodValidationOptions) field.ErrorList {
	allErrs := ValidateObjectMetaUpdate(&job.ObjectMeta, &oldJob.ObjectMeta, field.NewPath("metadata"))
	allErrs = append(allErrs, batch_validateCronJobSpec(&job.Spec, &oldJob.Spec, field.NewPath("spec"), opts)...)
	return allErrs
}

func batch_validateCronJobSpec(spec, oldSpec *batchv1.CronJobSpec, fldPath *field.Path, opts PodValidationOptions) field.ErrorList {
	allErrs := field.ErrorList{}
	if len(spec.Schedule) == 0 {
		allErrs = append(allErrs, field.Required(fldPath.Child("schedule"), "").MarkCoveredByDeclarative())
	} else {
		allowTZInSchedule := false
		if oldSpec != nil {
			allowTZInSchedule = strings.Contains(oldSpec.Schedule, "TZ")
		}
		allErrs = append(allErrs, batch_validateScheduleFormat(spec.Schedule, allowTZInSchedule, spec.TimeZone, fldPath.Child("schedule"))...)
	}
	if spec.StartingDeadlineSeconds != nil {
		allErrs = append(allErrs, ValidateNonnegativeField(int64(*spec.StartingDeadlineSeconds), fldPath.Child("startingDeadlineSeconds"))...)
	}
	if oldSpec == nil || !ptr.Equal(oldSpec.TimeZone, spec.TimeZone) {
		allErrs = append(allErrs, batch_validateTimeZone(spec.TimeZone, fldPath.Child("timeZone"))...)
	}
	var oldTemplateSpec *batchv1.JobTemplateSpec
	if oldSpec != nil {
		oldTemplateSpec = &oldSpec.JobTemplate
	}
	allErrs = append(allErrs, batch_validateConcurrencyPolicy(&spec.ConcurrencyPolicy, fldPath.Child("concurrencyPolicy"))...)
	allErrs = append(allErrs, batch_ValidateJobTemplateSpec(&spec.JobTemplate, oldTemplateSpec, fldPath.Child("jobTemplate"), opts)...)
	if spec.SuccessfulJobsHistoryLimit != nil {
		allErrs = append(allErrs, ValidateNonnegativeField(int64(*spec.SuccessfulJobsHistoryLimit), fldPath.Child("successfulJobsHistoryLimit"))...)
	}
	if spec.FailedJobsHistoryLimit != nil {
		allErrs = append(allErrs, ValidateNonnegativeField(int64(*spec.FailedJobsHistoryLimit), fldPath.Child("failedJobsHistoryLimit"))...)
	}
	return allErrs
}

func batch_validateConcurrencyPolicy(concurrencyPolicy *batchv1.ConcurrencyPolicy, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	switch *concurrencyPolicy {
	case batchv1.AllowConcurrent, batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent:
	case "":
		allErrs = append(allErrs, field.Required(fldPath, ""))
	default:
		validValues := []batchv1.ConcurrencyPolicy{batchv1.AllowConcurrent, batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent}
		allErrs = append(allErrs, field.NotSupported(fldPath, *concurrencyPolicy, validValues))
	}
	return allErrs
}

func batch_validateScheduleFormat(schedule string, allowTZInSchedule bool, timeZone *string, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if _, err := ParseCronSchedule(schedule); err != nil {
		allErrs = append(allErrs, field.Invalid(fldPath, schedule, err.Error()))
	}
	switch {
	case allowTZInSchedule && strings.Contains(schedule, "TZ") && timeZone != nil:
		allErrs = append(allErrs, field.Invalid(fldPath, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"))
	case !allowTZInSchedule && strings.Contains(schedule, "TZ"):
		allErrs = append(allErrs, field.Invalid(fldPath, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
	}
	return allErrs
}

// batch_validTimeZoneCharacters is built on demand (a package variable of the original).
func batch_validTimeZoneCharacters() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z\.\-_0-9+]{1,14}$`)
}

func batch_validateTimeZone(timeZone *string, fldPath *field.Path) field.ErrorList {
	allErrs := field.ErrorList{}
	if timeZone == nil {
		return allErrs
	}
	if len(*timeZone) == 0 {
		allErrs = append(allErrs, field.Invalid(fldPath, timeZone, "timeZone must be nil or non-empty string"))
		return allErrs
	}
	re := batch_validTimeZoneCharacters()
	for _, part := range strings.Split(*timeZone, "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, "-") || !re.MatchString(part) {
			allErrs = append(allErrs, field.Invalid(fldPath, timeZone, fmt.Sprintf("unknown time zone %s", *timeZone)))
			return allErrs
		}
	}
	if strings.EqualFold(*timeZone, "Local") {
		allErrs = append(allErrs, field.Invalid(fldPath, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"))
	}
	// simulator: time.LoadLocation reads the time zone database the binary embeds
	// (time/tzdata is linked by the caller) or the host's.
	if _, err := time.LoadLocation(*timeZone); err != nil {
		allErrs = append(allErrs, field.Invalid(fldPath, timeZone, err.Error()))
	}
	return allErrs
}

func batch_ValidateJobTemplateSpec(spec, oldSpec *batchv1.JobTemplateSpec, fldPath *field.Path, opts PodValidationOptions) field.ErrorList {
	var oldJobSpec *batchv1.JobSpec
	if oldSpec != nil {
		oldJobSpec = &oldSpec.Spec
	}
	allErrs := batch_validateJobSpec(&spec.Spec, oldJobSpec, fldPath.Child("spec"), opts)
	if spec.Spec.Selector != nil {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("spec", "selector"), spec.Spec.Selector, "`selector` will be auto-generated"))
	}
	if spec.Spec.ManualSelector != nil && *spec.Spec.ManualSelector {
		allErrs = append(allErrs, field.NotSupported(fldPath.Child("spec", "manualSelector"), spec.Spec.ManualSelector, []string{"nil", "false"}))
	}
	return allErrs
}

// TemplateWarningsAt is TemplateWarnings under another path (a CronJob's
// spec.jobTemplate.spec.template).
func TemplateWarningsAt(prefix string, tmpl *v1.PodTemplateSpec) []string {
	ws := PodWarnings(&v1.Pod{ObjectMeta: tmpl.ObjectMeta, Spec: tmpl.Spec})
	for i, w := range ws {
		ws[i] = rebaseWarning(w, prefix)
	}
	return ws
}
