package apiserver

import (
	"strconv"

	batchv1 "k8s.io/api/batch/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// jobResource is the job registry: k8s.io/kubernetes v1.37.2 pkg/registry/batch/job/strategy.go
// and storage/storage.go.
func jobResource(info ResourceInfo) *resource {
	return &resource{
		info:   info,
		newObj: func() runtime.Object { return &batchv1.Job{} },
		newList: func(items []runtime.Object) runtime.Object {
			l := &batchv1.JobList{}
			appendItems(&l.Items, items)
			return l
		},
		prepareForCreate: func(s *Server, obj runtime.Object) {
			job := obj.(*batchv1.Job)
			if job.Spec.ManualSelector == nil || !*job.Spec.ManualSelector {
				generateJobSelector(job)
			}
			job.Status = batchv1.JobStatus{}
			job.Generation = 1
		},
		prepareForUpdate: func(obj, old runtime.Object) {
			n, o := obj.(*batchv1.Job), old.(*batchv1.Job)
			n.Status = o.Status
			if !apiequality.Semantic.DeepEqual(n.Spec, o.Spec) {
				n.Generation = o.Generation + 1
			}
		},
		validate: func(obj runtime.Object) field.ErrorList { return validation.JobCreate(obj.(*batchv1.Job)) },
		validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
			return validation.JobUpdate(obj.(*batchv1.Job), old.(*batchv1.Job))
		},
		warningsOnCreate: func(obj runtime.Object) []string {
			job := obj.(*batchv1.Job)
			warnings := dnsLabelNameWarning(job.Name)
			// pkg/api/job/warnings.go WarningsForJobSpec.
			if job.Spec.CompletionMode != nil && *job.Spec.CompletionMode == batchv1.IndexedCompletion {
				completions, parallelism := ptr.Deref(job.Spec.Completions, 0), ptr.Deref(job.Spec.Parallelism, 0)
				if completions > 100_000 && parallelism > 10_000 {
					warnings = append(warnings, "spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail")
				}
			}
			return append(warnings, validation.TemplateWarnings(&job.Spec.Template)...)
		},
		// The object is read back from storage after the write, and decoding from etcd applies
		// the v1 defaults again: SetDefaults_Job then copies the template labels the strategy
		// generated onto a Job that had none (which is why a Job shows its own
		// batch.kubernetes.io/controller-uid and job-name labels).
		canonicalize: func(obj runtime.Object) {
			job := obj.(*batchv1.Job)
			if job.Spec.Template.Labels != nil && len(job.Labels) == 0 {
				job.Labels = make(map[string]string, len(job.Spec.Template.Labels))
				for k, v := range job.Spec.Template.Labels {
					job.Labels[k] = v
				}
			}
		},
		fieldLabels: labelsMap("metadata.name", "metadata.namespace", "status.successful"),
		fieldSet: func(obj runtime.Object) fields.Set {
			set := metaFields(obj, true)
			set["status.successful"] = strconv.Itoa(int(obj.(*batchv1.Job).Status.Succeeded))
			return set
		},
		resetStatus: func(obj, old runtime.Object) {
			obj.(*batchv1.Job).Spec = old.(*batchv1.Job).Spec
		},
		validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
			return validation.JobStatusUpdate(obj.(*batchv1.Job), old.(*batchv1.Job))
		},
	}
}

// generateJobSelector is pkg/registry/batch/job/strategy.go generateSelector.
func generateJobSelector(obj *batchv1.Job) {
	if obj.Spec.Template.Labels == nil {
		obj.Spec.Template.Labels = make(map[string]string)
	}
	// The job-name label is unique except in cases that are expected to be
	// quite uncommon, and is more user friendly than uid.  So, we add it as
	// a label.
	for _, l := range []string{validation.BatchLegacyJobNameLabel, batchv1.JobNameLabel} {
		if _, found := obj.Spec.Template.Labels[l]; !found {
			obj.Spec.Template.Labels[l] = obj.Name
		}
	}
	// The controller-uid label makes the pods that belong to this job
	// only match this job.
	for _, l := range []string{validation.BatchLegacyControllerUidLabel, batchv1.ControllerUidLabel} {
		if _, found := obj.Spec.Template.Labels[l]; !found {
			obj.Spec.Template.Labels[l] = string(obj.UID)
		}
	}
	// Select the controller-uid label.  This is sufficient for uniqueness.
	if obj.Spec.Selector == nil {
		obj.Spec.Selector = &metav1.LabelSelector{}
	}
	if obj.Spec.Selector.MatchLabels == nil {
		obj.Spec.Selector.MatchLabels = make(map[string]string)
	}
	if _, found := obj.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel]; !found {
		obj.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel] = string(obj.UID)
	}
}
