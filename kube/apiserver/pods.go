package apiserver

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// podResource is the pod registry: k8s.io/kubernetes v1.37.2 pkg/registry/core/pod/strategy.go
// and pkg/registry/core/pod/storage/storage.go.
func podResource() *resource {
	return &resource{
		info: ResourceInfo{Name: "pods", SingularName: "pod", Kind: "Pod", Version: "v1", Namespaced: true,
			ShortNames: []string{"po"}, Categories: []string{"all"}, Verbs: allVerbs},
		newObj: func() runtime.Object { return &corev1.Pod{} },
		newList: func(items []runtime.Object) runtime.Object {
			l := &corev1.PodList{}
			appendItems(&l.Items, items)
			return l
		},
		admit:            admitPod,
		prepareForCreate: func(s *Server, obj runtime.Object) { podPrepareForCreate(s, obj.(*corev1.Pod)) },
		prepareForUpdate: func(obj, old runtime.Object) {
			n, o := obj.(*corev1.Pod), old.(*corev1.Pod)
			n.Status = o.Status
			// updatePodGeneration
			if !apiequality.Semantic.DeepEqual(n.Spec, o.Spec) {
				n.Generation++
			}
		},
		validate: func(obj runtime.Object) field.ErrorList { return validation.PodCreate(obj.(*corev1.Pod)) },
		validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
			return validation.PodUpdate(obj.(*corev1.Pod), old.(*corev1.Pod), s.ver)
		},
		warningsOnCreate: func(obj runtime.Object) []string {
			pod := obj.(*corev1.Pod)
			var warnings []string
			// pkg/registry/core/pod/strategy.go WarningsOnCreate
			if msgs := utilvalidation.IsDNS1123Label(pod.Name); len(msgs) != 0 {
				warnings = append(warnings, fmt.Sprintf("metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: %v", msgs))
			}
			return append(warnings, validation.PodWarnings(pod)...)
		},
		checkGracefulDelete: podCheckGracefulDelete,
		fieldLabels: map[string]string{
			"metadata.name": "metadata.name", "metadata.namespace": "metadata.namespace",
			"spec.nodeName": "spec.nodeName", "spec.restartPolicy": "spec.restartPolicy",
			"spec.schedulerName": "spec.schedulerName", "spec.serviceAccountName": "spec.serviceAccountName",
			"spec.hostNetwork": "spec.hostNetwork", "status.phase": "status.phase", "status.podIP": "status.podIP",
			"status.podIPs": "status.podIPs", "status.nominatedNodeName": "status.nominatedNodeName",
			// backwards compatibility with old v1 clients
			"spec.host": "spec.nodeName",
		},
		fieldSet:            func(obj runtime.Object) fields.Set { return podFields(obj.(*corev1.Pod)) },
		resetStatus:         func(obj, old runtime.Object) { podStatusPrepareForUpdate(obj.(*corev1.Pod), old.(*corev1.Pod)) },
		returnDeletedObject: true,
		validateStatusUpdate: func(obj, old runtime.Object) field.ErrorList {
			return validation.PodStatusUpdate(obj.(*corev1.Pod), old.(*corev1.Pod))
		},
	}
}

// podFields is pkg/registry/core/pod/strategy.go ToSelectableFields.
func podFields(pod *corev1.Pod) fields.Set {
	podIP := ""
	if len(pod.Status.PodIPs) > 0 {
		podIP = pod.Status.PodIPs[0].IP
	}
	return fields.Set{
		"metadata.name":            pod.Name,
		"metadata.namespace":       pod.Namespace,
		"spec.nodeName":            pod.Spec.NodeName,
		"spec.restartPolicy":       string(pod.Spec.RestartPolicy),
		"spec.schedulerName":       pod.Spec.SchedulerName,
		"spec.serviceAccountName":  pod.Spec.ServiceAccountName,
		"spec.hostNetwork":         strconv.FormatBool(pod.Spec.HostNetwork),
		"status.phase":             string(pod.Status.Phase),
		"status.podIP":             podIP,
		"status.nominatedNodeName": pod.Status.NominatedNodeName,
	}
}

// podPrepareForCreate is podStrategy.PrepareForCreate.
func podPrepareForCreate(s *Server, pod *corev1.Pod) {
	if s.ver.PodGenerationOnCreate {
		pod.Generation = 1
	}
	pod.Status = corev1.PodStatus{Phase: corev1.PodPending}
	// applySchedulingGatedCondition
	if len(pod.Spec.SchedulingGates) > 0 {
		updatePodCondition(&pod.Status, corev1.PodCondition{
			Type:    corev1.PodScheduled,
			Status:  corev1.ConditionFalse,
			Reason:  corev1.PodReasonSchedulingGated,
			Message: "Scheduling is blocked due to non-empty scheduling gates",
		}, s.now())
	}
	pod.Status.QOSClass = computePodQOS(pod)
}

// podStatusPrepareForUpdate is podStatusStrategy.PrepareForUpdate.
func podStatusPrepareForUpdate(newPod, oldPod *corev1.Pod) {
	newPod.Spec = oldPod.Spec
	newPod.DeletionTimestamp = nil
	newPod.OwnerReferences = oldPod.OwnerReferences
	if newPod.Status.QOSClass == "" {
		newPod.Status.QOSClass = oldPod.Status.QOSClass
	}
	// preserveOldObservedGeneration
	if newPod.Status.ObservedGeneration == 0 {
		newPod.Status.ObservedGeneration = oldPod.Status.ObservedGeneration
	}
	oldGens := map[corev1.PodConditionType][]int64{}
	for _, c := range oldPod.Status.Conditions {
		oldGens[c.Type] = append(oldGens[c.Type], c.ObservedGeneration)
	}
	for i, c := range newPod.Status.Conditions {
		g := int64(0)
		if gs := oldGens[c.Type]; len(gs) > 0 {
			g, oldGens[c.Type] = gs[0], gs[1:]
		}
		if c.ObservedGeneration == 0 {
			newPod.Status.Conditions[i].ObservedGeneration = g
		}
	}
}

// podCheckGracefulDelete is podStrategy.CheckGracefulDelete.
func podCheckGracefulDelete(obj runtime.Object, grace *int64) (int64, bool) {
	pod := obj.(*corev1.Pod)
	period := int64(0)
	if grace != nil {
		period = *grace
	} else if pod.Spec.TerminationGracePeriodSeconds != nil {
		period = *pod.Spec.TerminationGracePeriodSeconds
	}
	// if the pod is not scheduled, delete immediately
	if len(pod.Spec.NodeName) == 0 {
		period = 0
	}
	// if the pod is already terminated, delete immediately
	if pod.Status.Phase == corev1.PodFailed || pod.Status.Phase == corev1.PodSucceeded {
		period = 0
	}
	if period < 0 {
		period = 1
	}
	return period, true
}

// updatePodCondition is k8s.io/kubernetes v1.37.2 pkg/api/v1/pod/util.go UpdatePodCondition:
// lastTransitionTime changes only when the status does.
func updatePodCondition(status *corev1.PodStatus, c corev1.PodCondition, now metav1.Time) bool {
	c.LastTransitionTime = now
	for i := range status.Conditions {
		old := &status.Conditions[i]
		if old.Type != c.Type {
			continue
		}
		if c.Status == old.Status {
			c.LastTransitionTime = old.LastTransitionTime
		}
		same := c.Status == old.Status && c.Reason == old.Reason && c.Message == old.Message &&
			c.LastProbeTime.Equal(&old.LastProbeTime) && c.LastTransitionTime.Equal(&old.LastTransitionTime)
		*old = c
		return !same
	}
	status.Conditions = append(status.Conditions, c)
	return true
}

// computePodQOS is k8s.io/kubernetes v1.37.2 pkg/apis/core/helper/qos/qos.go ComputePodQOS
// (PodLevelResources on, PodLevelResourcesFixKubeletQOSClass on).
func computePodQOS(pod *corev1.Pod) corev1.PodQOSClass {
	if r := pod.Spec.Resources; r != nil && (len(r.Requests) > 0 || len(r.Limits) > 0) {
		return requirementsQOS(r)
	}
	var podQOS corev1.PodQOSClass
	containers := append(append([]corev1.Container{}, pod.Spec.InitContainers...), pod.Spec.Containers...)
	for i := range containers {
		q := requirementsQOS(&containers[i].Resources)
		switch {
		case q == corev1.PodQOSBurstable:
			return q
		case podQOS == "":
			podQOS = q
		case podQOS != q:
			return corev1.PodQOSBurstable
		}
	}
	if podQOS == "" {
		podQOS = corev1.PodQOSBestEffort
	}
	return podQOS
}

func requirementsQOS(r *corev1.ResourceRequirements) corev1.PodQOSClass {
	if len(r.Requests) == 0 && len(r.Limits) == 0 {
		return corev1.PodQOSBestEffort
	}
	var qos corev1.PodQOSClass
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, lim := r.Requests[res], r.Limits[res]
		var q corev1.PodQOSClass
		switch {
		case !req.Equal(lim):
			return corev1.PodQOSBurstable
		case req.IsZero():
			q = corev1.PodQOSBestEffort
		default:
			q = corev1.PodQOSGuaranteed
		}
		if qos == "" {
			qos = q
		} else if qos != q {
			return corev1.PodQOSBurstable
		}
	}
	return qos
}

// ---- admission (plugin/pkg/admission/*, v1.37.2) ----

// admitPod runs the default-on pod admission plugins in kube-apiserver order: ServiceAccount,
// Priority, DefaultTolerationSeconds.
func admitPod(s *Server, op operation, obj, old runtime.Object) error {
	pod := obj.(*corev1.Pod)
	if op == opCreate {
		if err := s.admitServiceAccount(pod); err != nil {
			return err
		}
	}
	if err := admitPriority(op, pod, old); err != nil {
		return err
	}
	if op == opCreate || op == opUpdate {
		admitDefaultTolerationSeconds(pod)
	}
	return nil
}

func podForbidden(pod *corev1.Pod, err error) error {
	name := pod.Name
	if name == "" {
		name = pod.GenerateName
	}
	if name == "" {
		name = "Unknown"
	}
	return apierrors.NewForbidden(corev1.Resource("pods"), name, err)
}

const (
	// plugin/pkg/admission/serviceaccount/admission.go
	defaultServiceAccountName = "default"
	serviceAccountVolumeName  = "kube-api-access"
	defaultAPITokenMountPath  = "/var/run/secrets/kubernetes.io/serviceaccount"
	// pkg/serviceaccount WarnOnlyBoundTokenExpirationSeconds
	warnOnlyBoundTokenExpirationSeconds = 60*60 + 7
)

// admitServiceAccount is plugin/pkg/admission/serviceaccount Admit + Validate (create).
func (s *Server) admitServiceAccount(pod *corev1.Pod) error {
	if _, mirror := pod.Annotations[corev1.MirrorPodAnnotationKey]; mirror {
		if pod.Spec.ServiceAccountName != "" {
			return podForbidden(pod, fmt.Errorf("a mirror pod may not reference service accounts"))
		}
		return nil
	}
	if len(pod.Spec.ServiceAccountName) == 0 {
		pod.Spec.ServiceAccountName = defaultServiceAccountName
		pod.Spec.DeprecatedServiceAccount = defaultServiceAccountName
	}
	obj, ok := s.store["serviceaccounts"][key(pod.Namespace, pod.Spec.ServiceAccountName)]
	if !ok {
		return podForbidden(pod, fmt.Errorf("error looking up service account %s/%s: %w", pod.Namespace, pod.Spec.ServiceAccountName,
			apierrors.NewNotFound(corev1.Resource("serviceaccount"), pod.Spec.ServiceAccountName)))
	}
	sa := obj.(*corev1.ServiceAccount)
	automount := true
	if pod.Spec.AutomountServiceAccountToken != nil {
		automount = *pod.Spec.AutomountServiceAccountToken
	} else if sa.AutomountServiceAccountToken != nil {
		automount = *sa.AutomountServiceAccountToken
	}
	if automount {
		s.mountServiceAccountToken(pod)
	}
	if len(pod.Spec.ImagePullSecrets) == 0 && len(sa.ImagePullSecrets) > 0 {
		pod.Spec.ImagePullSecrets = make([]corev1.LocalObjectReference, len(sa.ImagePullSecrets))
		for i := range sa.ImagePullSecrets {
			pod.Spec.ImagePullSecrets[i].Name = sa.ImagePullSecrets[i].Name
		}
	}
	return nil
}

// mountServiceAccountToken is the ServiceAccount plugin's mountServiceAccountToken.
func (s *Server) mountServiceAccountToken(pod *corev1.Pod) {
	tokenVolumeName := ""
	hasTokenVolume := false
	for _, v := range pod.Spec.Volumes {
		if strings.HasPrefix(v.Name, serviceAccountVolumeName+"-") {
			tokenVolumeName = v.Name
			hasTokenVolume = true
			break
		}
	}
	if len(tokenVolumeName) == 0 {
		tokenVolumeName = s.generateName(serviceAccountVolumeName + "-")
	}
	mount := corev1.VolumeMount{Name: tokenVolumeName, ReadOnly: true, MountPath: defaultAPITokenMountPath}
	needsTokenVolume := false
	add := func(cs []corev1.Container) {
		for i := range cs {
			existing := false
			for _, vm := range cs[i].VolumeMounts {
				if vm.MountPath == defaultAPITokenMountPath {
					existing = true
					break
				}
			}
			if !existing {
				cs[i].VolumeMounts = append(cs[i].VolumeMounts, mount)
				needsTokenVolume = true
			}
		}
	}
	add(pod.Spec.InitContainers)
	add(pod.Spec.Containers)
	if !hasTokenVolume && needsTokenVolume {
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{
			Name:         tokenVolumeName,
			VolumeSource: corev1.VolumeSource{Projected: tokenVolumeSource()},
		})
	}
}

// tokenVolumeSource is the ServiceAccount plugin's TokenVolumeSource.
func tokenVolumeSource() *corev1.ProjectedVolumeSource {
	mode := int32(corev1.ProjectedVolumeSourceDefaultMode)
	exp := int64(warnOnlyBoundTokenExpirationSeconds)
	return &corev1.ProjectedVolumeSource{
		DefaultMode: &mode,
		Sources: []corev1.VolumeProjection{
			{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: &exp}},
			{ConfigMap: &corev1.ConfigMapProjection{
				LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"},
				Items:                []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}},
			}},
			{DownwardAPI: &corev1.DownwardAPIProjection{
				Items: []corev1.DownwardAPIVolumeFile{{
					Path:     "namespace",
					FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"},
				}},
			}},
		},
	}
}

// systemPriorityClass returns the value of a built-in PriorityClass (pkg/apis/scheduling
// SystemPriorityClasses, v1.37.2).
func systemPriorityClass(name string) (int32, bool) {
	switch name {
	case "system-node-critical":
		return 2000001000, true
	case "system-cluster-critical":
		return 2000000000, true
	}
	return 0, false
}

// admitPriority is plugin/pkg/admission/priority admitPod; no user PriorityClasses exist in the
// simulator, so only the system ones resolve.
func admitPriority(op operation, pod *corev1.Pod, old runtime.Object) error {
	switch op {
	case opUpdate:
		oldPod := old.(*corev1.Pod)
		if pod.Spec.Priority == nil && oldPod.Spec.Priority != nil {
			pod.Spec.Priority = oldPod.Spec.Priority
		}
		if pod.Spec.PreemptionPolicy == nil && oldPod.Spec.PreemptionPolicy != nil {
			pod.Spec.PreemptionPolicy = oldPod.Spec.PreemptionPolicy
		}
	case opCreate:
		var priority int32
		policy := corev1.PreemptLowerPriority
		if pod.Spec.PriorityClassName != "" {
			v, ok := systemPriorityClass(pod.Spec.PriorityClassName)
			if !ok {
				return podForbidden(pod, fmt.Errorf("no PriorityClass with name %v was found", pod.Spec.PriorityClassName))
			}
			priority = v
		}
		if pod.Spec.Priority != nil && *pod.Spec.Priority != priority {
			return podForbidden(pod, fmt.Errorf("the integer value of priority (%d) must not be provided in pod spec; priority admission controller computed %d from the given PriorityClass name", *pod.Spec.Priority, priority))
		}
		pod.Spec.Priority = &priority
		if pod.Spec.PreemptionPolicy != nil && *pod.Spec.PreemptionPolicy != policy {
			return podForbidden(pod, fmt.Errorf("the string value of PreemptionPolicy (%s) must not be provided in pod spec; priority admission controller computed %s from the given PriorityClass name", *pod.Spec.PreemptionPolicy, policy))
		}
		pod.Spec.PreemptionPolicy = &policy
	}
	return nil
}

// admitDefaultTolerationSeconds is plugin/pkg/admission/defaulttolerationseconds Admit with
// the default 300 s.
func admitDefaultTolerationSeconds(pod *corev1.Pod) {
	notReady, unreachable := false, false
	for _, t := range pod.Spec.Tolerations {
		if (t.Key == corev1.TaintNodeNotReady || len(t.Key) == 0) && (t.Effect == corev1.TaintEffectNoExecute || len(t.Effect) == 0) {
			notReady = true
		}
		if (t.Key == corev1.TaintNodeUnreachable || len(t.Key) == 0) && (t.Effect == corev1.TaintEffectNoExecute || len(t.Effect) == 0) {
			unreachable = true
		}
	}
	secs := int64(300)
	if !notReady {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, corev1.Toleration{
			Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &secs,
		})
	}
	if !unreachable {
		s2 := secs
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, corev1.Toleration{
			Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &s2,
		})
	}
}

// admitNodeTaint is plugin/pkg/admission/nodetaint Admit (create): every new Node gets the
// node.kubernetes.io/not-ready:NoSchedule taint; the node lifecycle controller removes it when
// the node reports Ready (see nodeStatusChanged).
func admitNodeTaint(node *corev1.Node) {
	for _, t := range node.Spec.Taints {
		if t.Key == corev1.TaintNodeNotReady && t.Effect == corev1.TaintEffectNoSchedule {
			return
		}
	}
	node.Spec.Taints = append(node.Spec.Taints, corev1.Taint{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoSchedule})
}
