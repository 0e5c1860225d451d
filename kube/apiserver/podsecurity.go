package apiserver

import (
	"fmt"
	"reflect"
	"sort"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// Pod Security admission: the PodSecurity validating admission plugin of kube-apiserver
// (k8s.io/kubernetes v1.37.2 plugin/pkg/admission/security/podsecurity/admission.go), whose
// logic is k8s.io/pod-security-admission v0.37.2 admission/admission.go. The level and version
// resolution of the namespace labels (api.PolicyToEvaluate) and the checks of each level
// (policy.NewEvaluator(policy.DefaultChecks()), with their exact reasons and details) are the
// library's own code; the admission glue (ValidateNamespace, ValidatePod,
// ValidatePodController, EvaluatePod, EvaluatePodsInNamespace and the responses) is copied
// here, because the library's admission package pulls the Prometheus metrics and klog's global
// logger in.
//
// The configuration is kube-apiserver's default (no --admission-control-config-file, as
// minikube and kind run it): privileged:latest for enforce, audit and warn, no exemptions.
// Audit annotations are not kept (there is no audit log).

// podSecurityEvaluator is the process's one evaluator: building it inflates the checks of every
// policy version (about a millisecond); it is immutable afterwards and safe for concurrent use,
// so every Server shares it. Built lazily: not mutable package state.
var podSecurityEvaluator = sync.OnceValue(func() policy.Evaluator {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		panic(fmt.Errorf("could not create PodSecurityRegistry: %w", err))
	}
	return e
})

// podSecurityDefaults is the default PodSecurityConfiguration's policy.
func podSecurityDefaults() psaapi.Policy {
	lv := psaapi.LevelVersion{Level: psaapi.LevelPrivileged, Version: psaapi.LatestVersion()}
	return psaapi.Policy{Enforce: lv, Audit: lv, Warn: lv}
}

// admitPodSecurity runs the PodSecurity plugin's Validate for a create or update of r after the
// registry's validation (Store.create/Update call the validating admission after
// BeforeCreate/BeforeUpdate). Warnings are appended to *warnings. s.mu is held.
func (s *Server) admitPodSecurity(r *resource, op operation, obj, old runtime.Object, warnings *[]string) error {
	var ws []string
	var err error
	switch r.info.Name {
	case "namespaces":
		ws, err = s.podSecurityNamespace(op, obj.(*corev1.Namespace), old)
	case "pods":
		ws, err = s.podSecurityPod(r, op, obj.(*corev1.Pod), old)
	case "replicationcontrollers", "podtemplates", "replicasets", "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs":
		ws = s.podSecurityController(obj)
	default:
		return nil
	}
	if warnings != nil {
		*warnings = append(*warnings, ws...)
	}
	return err
}

// namespaceLabels returns the labels of the request's namespace (nil when it does not exist).
func (s *Server) namespaceLabels(namespace string) (map[string]string, bool) {
	obj, ok := s.store["namespaces"][key("", namespace)]
	if !ok {
		return nil, false
	}
	return obj.(*corev1.Namespace).Labels, true
}

// podSecurityNamespace is ValidateNamespace: valid labels are required; tightening the enforce
// level checks the namespace's existing pods and warns about those that would violate it.
func (s *Server) podSecurityNamespace(op operation, ns *corev1.Namespace, oldObj runtime.Object) ([]string, error) {
	newPolicy, newErrs := psaapi.PolicyToEvaluate(ns.Labels, podSecurityDefaults())
	switch op {
	case opCreate:
		if len(newErrs) > 0 {
			return nil, apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("Namespace").GroupKind(), ns.Name, newErrs)
		}
		return nil, nil
	case opUpdate:
		oldNS := oldObj.(*corev1.Namespace)
		oldPolicy, oldErrs := psaapi.PolicyToEvaluate(oldNS.Labels, podSecurityDefaults())
		if len(newErrs) > 0 && (len(oldErrs) == 0 || !reflect.DeepEqual(newErrs, oldErrs)) {
			return nil, apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("Namespace").GroupKind(), ns.Name, newErrs)
		}
		if newPolicy.Enforce == oldPolicy.Enforce {
			return nil, nil
		}
		if newPolicy.Enforce.Level == psaapi.LevelPrivileged {
			return nil, nil
		}
		if newPolicy.Enforce.Version == oldPolicy.Enforce.Version && psaapi.CompareLevels(newPolicy.Enforce.Level, oldPolicy.Enforce.Level) < 1 {
			return nil, nil
		}
		return s.evaluatePodsInNamespace(ns.Name, newPolicy.Enforce), nil
	}
	return nil, nil
}

// podSecurityPod is ValidatePod (enforce, audit and warn).
func (s *Server) podSecurityPod(r *resource, op operation, pod *corev1.Pod, oldObj runtime.Object) ([]string, error) {
	labels, ok := s.namespaceLabels(pod.Namespace)
	if !ok {
		return nil, apierrors.NewInternalError(fmt.Errorf("failed to lookup namespace %q", pod.Namespace))
	}
	nsPolicy, nsPolicyErrs := psaapi.PolicyToEvaluate(labels, podSecurityDefaults())
	if len(nsPolicyErrs) == 0 && nsPolicy.FullyPrivileged() {
		return nil, nil
	}
	if op == opUpdate && !isSignificantPodUpdate(pod, oldObj.(*corev1.Pod)) {
		return nil, nil
	}
	return evaluatePod(nsPolicy, &pod.ObjectMeta, &pod.Spec, true, func(e error) error {
		return apierrors.NewForbidden(r.groupResource(), pod.Name, e)
	})
}

// podSecurityController is ValidatePodController: workloads get the warnings of the warn level
// (never a rejection: their pods are checked when the controller creates them).
func (s *Server) podSecurityController(obj runtime.Object) []string {
	m := mustAccessor(obj)
	labels, ok := s.namespaceLabels(m.GetNamespace())
	if !ok {
		return nil
	}
	nsPolicy, nsPolicyErrs := psaapi.PolicyToEvaluate(labels, podSecurityDefaults())
	if len(nsPolicyErrs) == 0 && nsPolicy.Warn.Level == psaapi.LevelPrivileged && nsPolicy.Audit.Level == psaapi.LevelPrivileged {
		return nil
	}
	podMeta, podSpec := extractPodSpec(obj)
	if podMeta == nil && podSpec == nil {
		return nil
	}
	ws, _ := evaluatePod(nsPolicy, podMeta, podSpec, false, nil)
	return ws
}

// extractPodSpec is DefaultPodSpecExtractor.ExtractPodSpec.
func extractPodSpec(obj runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec
	case *corev1.PodTemplate:
		return &o.Template.ObjectMeta, &o.Template.Spec
	case *corev1.ReplicationController:
		if o.Spec.Template == nil {
			return nil, nil
		}
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.ReplicaSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.Deployment:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.DaemonSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.Job:
		return &o.Spec.Template.ObjectMeta, &o.Spec.Template.Spec
	case *batchv1.CronJob:
		return &o.Spec.JobTemplate.Spec.Template.ObjectMeta, &o.Spec.JobTemplate.Spec.Template.Spec
	}
	return nil, nil
}

// evaluatePod is Admission.EvaluatePod: the enforce level rejects (forbidden builds the
// plugin's Forbidden error), the warn level warns; a request that is rejected gets no warning.
// Runtime-class exemptions are not configured.
func evaluatePod(nsPolicy psaapi.Policy, podMeta *metav1.ObjectMeta, podSpec *corev1.PodSpec, enforce bool, forbidden func(error) error) ([]string, error) {
	e := podSecurityEvaluator()
	cached := map[psaapi.LevelVersion]policy.AggregateCheckResult{}
	if enforce {
		result := policy.AggregateCheckResults(e.EvaluatePod(nsPolicy.Enforce, podMeta, podSpec))
		if !result.Allowed {
			return nil, forbidden(fmt.Errorf("violates PodSecurity %q: %s", nsPolicy.Enforce.String(), result.ForbiddenDetail()))
		}
		cached[nsPolicy.Enforce] = result
	}
	warnResult, ok := cached[nsPolicy.Warn]
	if !ok {
		warnResult = policy.AggregateCheckResults(e.EvaluatePod(nsPolicy.Warn, podMeta, podSpec))
	}
	if !warnResult.Allowed {
		return []string{fmt.Sprintf("would violate PodSecurity %q: %s", nsPolicy.Warn.String(), warnResult.ForbiddenDetail())}, nil
	}
	return nil, nil
}

// evaluatePodsInNamespace is Admission.EvaluatePodsInNamespace (namespaceMaxPodsToCheck 3000;
// the one-second check timeout never expires on the virtual clock). s.mu is held.
func (s *Server) evaluatePodsInNamespace(namespace string, enforce psaapi.LevelVersion) []string {
	const maxPodsToCheck = 3000
	var pods []*corev1.Pod
	for _, k := range s.sortedKeys(s.byName["pods"], namespace) {
		pods = append(pods, s.store["pods"][k].(*corev1.Pod))
	}
	pods = prioritizePods(pods)
	totalPods := len(pods)
	if len(pods) > maxPodsToCheck {
		pods = pods[:maxPodsToCheck]
	}
	checkedPods := len(pods)
	type podCount struct {
		podName  string
		podCount int
	}
	var warnings, podWarnings []string
	counts := map[string]podCount{}
	e := podSecurityEvaluator()
	for _, pod := range pods {
		r := policy.AggregateCheckResults(e.EvaluatePod(enforce, &pod.ObjectMeta, &pod.Spec))
		if r.Allowed {
			continue
		}
		warning := r.ForbiddenReason()
		c, seen := counts[warning]
		if !seen {
			c.podName = pod.Name
			podWarnings = append(podWarnings, warning)
		} else if pod.Name < c.podName {
			c.podName = pod.Name
		}
		c.podCount++
		counts[warning] = c
	}
	if checkedPods < totalPods {
		warnings = append(warnings, fmt.Sprintf("new PodSecurity enforce level only checked against the first %d of %d existing pods", checkedPods, totalPods))
	}
	if len(podWarnings) > 0 {
		warnings = append(warnings, fmt.Sprintf("existing pods in namespace %q violate the new PodSecurity enforce level %q", namespace, enforce.String()))
	}
	// decoratePodWarnings
	for i, w := range podWarnings {
		c := counts[w]
		switch c.podCount {
		case 0:
		case 1:
			podWarnings[i] = fmt.Sprintf("%s: %s", c.podName, w)
		case 2:
			podWarnings[i] = fmt.Sprintf("%s (and 1 other pod): %s", c.podName, w)
		default:
			podWarnings[i] = fmt.Sprintf("%s (and %d other pods): %s", c.podName, c.podCount-1, w)
		}
	}
	sort.Strings(podWarnings)
	return append(warnings, podWarnings...)
}

// prioritizePods puts one pod per controller first (Admission.prioritizePods).
func prioritizePods(pods []*corev1.Pod) []*corev1.Pod {
	var prioritized, duplicates []*corev1.Pod
	seen := map[types.UID]bool{}
	for _, pod := range pods {
		ref := metav1.GetControllerOfNoCopy(pod)
		if ref == nil {
			prioritized = append(prioritized, pod)
			continue
		}
		if seen[ref.UID] {
			duplicates = append(duplicates, pod)
			continue
		}
		prioritized = append(prioritized, pod)
		seen[ref.UID] = true
	}
	return append(prioritized, duplicates...)
}

// isSignificantPodUpdate: only a change of containers or images is evaluated again.
func isSignificantPodUpdate(pod, oldPod *corev1.Pod) bool {
	if len(pod.Spec.Containers) != len(oldPod.Spec.Containers) || len(pod.Spec.InitContainers) != len(oldPod.Spec.InitContainers) {
		return true
	}
	for i := range pod.Spec.Containers {
		if pod.Spec.Containers[i].Image != oldPod.Spec.Containers[i].Image {
			return true
		}
	}
	for i := range pod.Spec.InitContainers {
		if pod.Spec.InitContainers[i].Image != oldPod.Spec.InitContainers[i].Image {
			return true
		}
	}
	for _, c := range pod.Spec.EphemeralContainers {
		var oldC *corev1.EphemeralContainer
		for i := range oldPod.Spec.EphemeralContainers {
			if oldPod.Spec.EphemeralContainers[i].Name == c.Name {
				oldC = &oldPod.Spec.EphemeralContainers[i]
				break
			}
		}
		if oldC == nil || c.Image != oldC.Image {
			return true
		}
	}
	return false
}
