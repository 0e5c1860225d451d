package apiserver

import (
	"fmt"

	batchv1 "k8s.io/api/batch/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// cronJobResource is the cronjob registry: k8s.io/kubernetes v1.37.2
// pkg/registry/batch/cronjob/strategy.go and storage/storage.go (short name cj, category all).
func cronJobResource() *resource {
	return &resource{
		info: ResourceInfo{Name: "cronjobs", SingularName: "cronjob", Kind: "CronJob", Group: "batch", Version: "v1", Namespaced: true,
			ShortNames: []string{"cj"}, Categories: []string{"all"}, Verbs: allVerbs},
		newObj: func() runtime.Object { return &batchv1.CronJob{} },
		newList: func(items []runtime.Object) runtime.Object {
			l := &batchv1.CronJobList{}
			appendItems(&l.Items, items)
			return l
		},
		prepareForCreate: func(s *Server, obj runtime.Object) {
			cj := obj.(*batchv1.CronJob)
			cj.Status = batchv1.CronJobStatus{}
			cj.Generation = 1
		},
		prepareForUpdate: func(obj, old runtime.Object) {
			n, o := obj.(*batchv1.CronJob), old.(*batchv1.CronJob)
			n.Status = o.Status
			if !apiequality.Semantic.DeepEqual(n.Spec, o.Spec) {
				n.Generation = o.Generation + 1
			}
		},
		validate: func(obj runtime.Object) field.ErrorList { return validation.CronJobCreate(obj.(*batchv1.CronJob)) },
		validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
			return validation.CronJobUpdate(obj.(*batchv1.CronJob), old.(*batchv1.CronJob))
		},
		warningsOnCreate: func(obj runtime.Object) []string {
			cj := obj.(*batchv1.CronJob)
			var warnings []string
			if msgs := utilvalidation.IsDNS1123Label(cj.Name); len(msgs) != 0 {
				warnings = append(warnings, fmt.Sprintf("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: %v", msgs))
			}
			spec := &cj.Spec.JobTemplate.Spec
			if spec.CompletionMode != nil && *spec.CompletionMode == batchv1.IndexedCompletion &&
				ptr.Deref(spec.Completions, 0) > 100_000 && ptr.Deref(spec.Parallelism, 0) > 10_000 {
				warnings = append(warnings, "spec.jobTemplate.spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail")
			}
			return append(warnings, validation.TemplateWarningsAt("spec.jobTemplate.spec.template.", &spec.Template)...)
		},
		fieldLabels: labelsMap("metadata.name", "metadata.namespace"),
		fieldSet:    func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
		resetStatus: func(obj, old runtime.Object) {
			obj.(*batchv1.CronJob).Spec = old.(*batchv1.CronJob).Spec
		},
		validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList { return nil },
	}
}

// setObjectDefaults_CronJob is pkg/apis/batch/v1/zz_generated.defaults.go SetObjectDefaults_CronJob:
// the Job template gets no Job defaults, only its pod template's.
func setObjectDefaults_CronJob(in *batchv1.CronJob) {
	setDefaults_CronJob(in)
	if in.Spec.JobTemplate.Spec.PodFailurePolicy != nil {
		for i := range in.Spec.JobTemplate.Spec.PodFailurePolicy.Rules {
			a := &in.Spec.JobTemplate.Spec.PodFailurePolicy.Rules[i]
			for j := range a.OnPodConditions {
				setDefaults_PodFailurePolicyOnPodConditionsPattern(&a.OnPodConditions[j])
			}
		}
	}
	setPodSpecDefaults(&in.Spec.JobTemplate.Spec.Template.Spec)
}

// setDefaults_CronJob is pkg/apis/batch/v1/defaults.go SetDefaults_CronJob.
func setDefaults_CronJob(obj *batchv1.CronJob) {
	if obj.Spec.ConcurrencyPolicy == "" {
		obj.Spec.ConcurrencyPolicy = batchv1.AllowConcurrent
	}
	if obj.Spec.Suspend == nil {
		obj.Spec.Suspend = ptr.To(false)
	}
	if obj.Spec.SuccessfulJobsHistoryLimit == nil {
		obj.Spec.SuccessfulJobsHistoryLimit = ptr.To[int32](3)
	}
	if obj.Spec.FailedJobsHistoryLimit == nil {
		obj.Spec.FailedJobsHistoryLimit = ptr.To[int32](1)
	}
}
