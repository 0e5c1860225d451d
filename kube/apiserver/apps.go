package apiserver

import (
	"fmt"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// The workload kinds of apps/v1 and batch/v1: k8s.io/kubernetes v1.37.2 pkg/registry/apps/
// {daemonset,deployment,replicaset,statefulset} and pkg/registry/batch/{cronjob,job} (strategy.go and
// storage/storage.go: short names, categories, field selectors, the status subresource). Their
// controllers live in kube/controllers and act through the public API. ControllerRevisions
// (the history of StatefulSets and DaemonSets) are not stored: the controllers compute the
// controller-revision-hash label without them.

// addWorkloadsToScheme registers the apps/v1 and batch/v1 types with their v1.37.2 generated
// defaulting (pkg/apis/apps/v1 and pkg/apis/batch/v1 zz_generated.defaults.go).
func addWorkloadsToScheme(scheme *runtime.Scheme) {
	if err := appsv1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	if err := batchv1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	scheme.AddTypeDefaultingFunc(&appsv1.Deployment{}, func(o any) { setObjectDefaults_Deployment(o.(*appsv1.Deployment)) })
	scheme.AddTypeDefaultingFunc(&appsv1.ReplicaSet{}, func(o any) { setObjectDefaults_ReplicaSet(o.(*appsv1.ReplicaSet)) })
	scheme.AddTypeDefaultingFunc(&appsv1.StatefulSet{}, func(o any) { setObjectDefaults_StatefulSet(o.(*appsv1.StatefulSet)) })
	scheme.AddTypeDefaultingFunc(&appsv1.DaemonSet{}, func(o any) { setObjectDefaults_DaemonSet(o.(*appsv1.DaemonSet)) })
	scheme.AddTypeDefaultingFunc(&batchv1.Job{}, func(o any) { setObjectDefaults_Job(o.(*batchv1.Job)) })
	scheme.AddTypeDefaultingFunc(&batchv1.CronJob{}, func(o any) { setObjectDefaults_CronJob(o.(*batchv1.CronJob)) })
}

// workloadResources are the apps/v1 and batch/v1 registry entries, in discovery order (groups
// in the order of the aggregated discovery document, resources by name), which is also the
// order `kubectl get all` prints them in.
func workloadResources() []*resource {
	apps := func(name, singular, kind string, short ...string) ResourceInfo {
		return ResourceInfo{Name: name, SingularName: singular, Kind: kind, Group: "apps", Version: "v1", Namespaced: true,
			ShortNames: short, Categories: []string{"all"}, Verbs: allVerbs}
	}
	jobInfo := ResourceInfo{Name: "jobs", SingularName: "job", Kind: "Job", Group: "batch", Version: "v1", Namespaced: true,
		Categories: []string{"all"}, Verbs: allVerbs}
	return []*resource{
		{
			info:   apps("daemonsets", "daemonset", "DaemonSet", "ds"),
			newObj: func() runtime.Object { return &appsv1.DaemonSet{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &appsv1.DaemonSetList{}
				appendItems(&l.Items, items)
				return l
			},
			prepareForCreate: func(s *Server, obj runtime.Object) {
				ds := obj.(*appsv1.DaemonSet)
				ds.Status = appsv1.DaemonSetStatus{}
				ds.Generation = 1
				if validation.DaemonSetTemplateGeneration(ds) < 1 {
					setTemplateGeneration(ds, 1)
				}
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				n, o := obj.(*appsv1.DaemonSet), old.(*appsv1.DaemonSet)
				n.Status = o.Status
				gen := validation.DaemonSetTemplateGeneration(o)
				setTemplateGeneration(n, gen)
				if !apiequality.Semantic.DeepEqual(o.Spec.Template, n.Spec.Template) {
					setTemplateGeneration(n, gen+1)
					n.Generation = o.Generation + 1
					return
				}
				if !apiequality.Semantic.DeepEqual(o.Spec, n.Spec) {
					n.Generation = o.Generation + 1
				}
			},
			validate: func(obj runtime.Object) field.ErrorList { return validation.DaemonSetCreate(obj.(*appsv1.DaemonSet)) },
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.DaemonSetUpdate(obj.(*appsv1.DaemonSet), old.(*appsv1.DaemonSet))
			},
			warningsOnCreate: func(obj runtime.Object) []string {
				return validation.TemplateWarnings(&obj.(*appsv1.DaemonSet).Spec.Template)
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace"),
			fieldSet:    func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
			resetStatus: func(obj, old runtime.Object) {
				obj.(*appsv1.DaemonSet).Spec = old.(*appsv1.DaemonSet).Spec
			},
			validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.DaemonSetStatusUpdate(obj.(*appsv1.DaemonSet), old.(*appsv1.DaemonSet))
			},
		},
		{
			info:   apps("deployments", "deployment", "Deployment", "deploy"),
			newObj: func() runtime.Object { return &appsv1.Deployment{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &appsv1.DeploymentList{}
				appendItems(&l.Items, items)
				return l
			},
			prepareForCreate: func(s *Server, obj runtime.Object) {
				d := obj.(*appsv1.Deployment)
				d.Status = appsv1.DeploymentStatus{}
				d.Generation = 1
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				n, o := obj.(*appsv1.Deployment), old.(*appsv1.Deployment)
				n.Status = o.Status
				// Spec updates bump the generation so that we can distinguish between
				// scaling events and template changes, annotation updates bump the generation
				// because annotations are copied from deployments to their replica sets.
				if !apiequality.Semantic.DeepEqual(n.Spec, o.Spec) || !apiequality.Semantic.DeepEqual(n.Annotations, o.Annotations) {
					n.Generation = o.Generation + 1
				}
			},
			validate: func(obj runtime.Object) field.ErrorList { return validation.DeploymentCreate(obj.(*appsv1.Deployment)) },
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.DeploymentUpdate(obj.(*appsv1.Deployment), old.(*appsv1.Deployment))
			},
			warningsOnCreate: func(obj runtime.Object) []string {
				d := obj.(*appsv1.Deployment)
				return append(dnsLabelNameWarning(d.Name), validation.TemplateWarnings(&d.Spec.Template)...)
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace"),
			fieldSet:    func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
			resetStatus: func(obj, old runtime.Object) {
				n, o := obj.(*appsv1.Deployment), old.(*appsv1.Deployment)
				n.Spec = o.Spec
				n.Labels = o.Labels
			},
			validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.DeploymentStatusUpdate(obj.(*appsv1.Deployment), old.(*appsv1.Deployment))
			},
		},
		{
			info:   apps("replicasets", "replicaset", "ReplicaSet", "rs"),
			newObj: func() runtime.Object { return &appsv1.ReplicaSet{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &appsv1.ReplicaSetList{}
				appendItems(&l.Items, items)
				return l
			},
			prepareForCreate: func(s *Server, obj runtime.Object) {
				rs := obj.(*appsv1.ReplicaSet)
				rs.Status = appsv1.ReplicaSetStatus{}
				rs.Generation = 1
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				n, o := obj.(*appsv1.ReplicaSet), old.(*appsv1.ReplicaSet)
				n.Status = o.Status
				if !apiequality.Semantic.DeepEqual(o.Spec, n.Spec) {
					n.Generation = o.Generation + 1
				}
			},
			validate: func(obj runtime.Object) field.ErrorList { return validation.ReplicaSetCreate(obj.(*appsv1.ReplicaSet)) },
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.ReplicaSetUpdate(obj.(*appsv1.ReplicaSet), old.(*appsv1.ReplicaSet))
			},
			warningsOnCreate: func(obj runtime.Object) []string {
				rs := obj.(*appsv1.ReplicaSet)
				return append(dnsLabelNameWarning(rs.Name), validation.TemplateWarnings(&rs.Spec.Template)...)
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace", "status.replicas"),
			fieldSet: func(obj runtime.Object) fields.Set {
				set := metaFields(obj, true)
				set["status.replicas"] = strconv.Itoa(int(obj.(*appsv1.ReplicaSet).Status.Replicas))
				return set
			},
			resetStatus: func(obj, old runtime.Object) {
				obj.(*appsv1.ReplicaSet).Spec = old.(*appsv1.ReplicaSet).Spec
			},
			validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.ReplicaSetStatusUpdate(obj.(*appsv1.ReplicaSet), old.(*appsv1.ReplicaSet))
			},
		},
		{
			info:   apps("statefulsets", "statefulset", "StatefulSet", "sts"),
			newObj: func() runtime.Object { return &appsv1.StatefulSet{} },
			newList: func(items []runtime.Object) runtime.Object {
				l := &appsv1.StatefulSetList{}
				appendItems(&l.Items, items)
				return l
			},
			prepareForCreate: func(s *Server, obj runtime.Object) {
				ss := obj.(*appsv1.StatefulSet)
				ss.Status = appsv1.StatefulSetStatus{}
				ss.Generation = 1
			},
			prepareForUpdate: func(obj, old runtime.Object) {
				n, o := obj.(*appsv1.StatefulSet), old.(*appsv1.StatefulSet)
				n.Status = o.Status
				if !apiequality.Semantic.DeepEqual(o.Spec, n.Spec) {
					n.Generation = o.Generation + 1
				}
			},
			validate: func(obj runtime.Object) field.ErrorList {
				return validation.StatefulSetCreate(obj.(*appsv1.StatefulSet))
			},
			validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
				return validation.StatefulSetUpdate(obj.(*appsv1.StatefulSet), old.(*appsv1.StatefulSet))
			},
			warningsOnCreate: func(obj runtime.Object) []string {
				ss := obj.(*appsv1.StatefulSet)
				warnings := validation.TemplateWarnings(&ss.Spec.Template)
				if ss.Spec.RevisionHistoryLimit != nil && *ss.Spec.RevisionHistoryLimit < 0 {
					warnings = append(warnings, "spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended")
				}
				return warnings
			},
			fieldLabels: labelsMap("metadata.name", "metadata.namespace"),
			fieldSet:    func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
			resetStatus: func(obj, old runtime.Object) {
				obj.(*appsv1.StatefulSet).Spec = old.(*appsv1.StatefulSet).Spec
			},
			validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
				return validation.StatefulSetStatusUpdate(obj.(*appsv1.StatefulSet), old.(*appsv1.StatefulSet))
			},
		},
		cronJobResource(), // batch_cronjob.go
		jobResource(jobInfo),
	}
}

// dnsLabelNameWarning is the WarningsOnCreate name check of the deployment, replicaset and job
// strategies.
func dnsLabelNameWarning(name string) []string {
	if msgs := utilvalidation.IsDNS1123Label(name); len(msgs) != 0 {
		return []string{fmt.Sprintf("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: %v", msgs)}
	}
	return nil
}

// setTemplateGeneration stores the internal DaemonSetSpec.TemplateGeneration the way the v1
// conversion does (pkg/apis/apps/v1/conversion.go Convert_apps_DaemonSet_To_v1_DaemonSet).
func setTemplateGeneration(ds *appsv1.DaemonSet, gen int64) {
	if ds.Annotations == nil {
		ds.Annotations = map[string]string{}
	}
	ds.Annotations[appsv1.DeprecatedTemplateGeneration] = strconv.FormatInt(gen, 10)
}

// groupVersions lists the group versions of the registered resources in discovery order.
func groupVersions(rs []*resource) []schema.GroupVersion {
	var out []schema.GroupVersion
	seen := map[schema.GroupVersion]bool{}
	for _, r := range rs {
		gv := r.gvk.GroupVersion()
		if !seen[gv] {
			seen[gv] = true
			out = append(out, gv)
		}
	}
	return out
}
