package validation

// Helpers of other k8s.io/kubernetes v1.37.2 packages that the copied validation calls, copied
// with the same mechanical substitutions as copied.go (internal types → v1, feature gates →
// featureEnabled) and renamed <package>_<Name>.
//
// copied.go is produced by a small go/ast tool (transitive closure of the declarations
// reachable from the entry points listed in its header), then the substitutions of
// fix rules: core. → v1., Convert_* → identity, the pod update diff → PodValidationOptions.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// convertPodSpec replaces Convert_core_PodSpec_To_v1_PodSpec: the copied code already works on
// v1 types.
func convertPodSpec(in, out *v1.PodSpec, _ any) error {
	*out = *in
	return nil
}

// convertAvoidPods replaces Convert_v1_AvoidPods_To_core_AvoidPods.
func convertAvoidPods(in, out *v1.AvoidPods, _ any) error {
	*out = *in
	return nil
}

// Constants of the internal API (k8s.io/kubernetes v1.37.2 pkg/apis/core) without a v1
// counterpart of the same name.
const (
	maxClientIPServiceAffinitySeconds                int32 = 86400 // types.go
	deprecatedAppArmorAnnotationKeyPrefix                  = "container.apparmor.security.beta.kubernetes.io/"
	deprecatedAppArmorAnnotationValueRuntimeDefault        = "runtime/default"
	deprecatedAppArmorAnnotationValueLocalhostPrefix       = "localhost/"
	deprecatedAppArmorAnnotationValueUnconfined            = "unconfined"
	// pkg/apis/certificates/types.go
	certificates_MaxMaxExpirationSeconds           = 91 * 24 * 60 * 60
	certificates_KubernetesMaxMaxExpirationSeconds = 24 * 60 * 60
)

// capabilities_Get is pkg/capabilities Get with kube-apiserver --allow-privileged=true, the
// setting of kubeadm, minikube and kind clusters (the binary's own default is false).
func capabilities_Get() struct{ AllowPrivileged bool } {
	return struct{ AllowPrivileged bool }{AllowPrivileged: true}
}

// ---- copied from k8s.io/kubernetes v1.37.2 pkg/apis/core/helper/helpers.go ----

// helper_IsHugePageResourceName returns true if the resource name has the huge page
// resource prefix.
func helper_IsHugePageResourceName(name v1.ResourceName) bool {
	return strings.HasPrefix(string(name), v1.ResourceHugePagesPrefix)
}

// helper_IsHugePageResourceValueDivisible returns true if the resource value of storage is
// integer multiple of page size.
func helper_IsHugePageResourceValueDivisible(name v1.ResourceName, quantity resource.Quantity) bool {
	pageSize, err := helper_HugePageSizeFromResourceName(name)
	if err != nil {
		return false
	}

	if pageSize.Sign() <= 0 || pageSize.MilliValue()%int64(1000) != int64(0) {
		return false
	}

	return quantity.Value()%pageSize.Value() == 0
}

// helper_IsQuotaHugePageResourceName returns true if the resource name has the quota
// related huge page resource prefix.
func helper_IsQuotaHugePageResourceName(name v1.ResourceName) bool {
	return strings.HasPrefix(string(name), v1.ResourceHugePagesPrefix) || strings.HasPrefix(string(name), v1.ResourceRequestsHugePagesPrefix)
}

// helper_HugePageSizeFromResourceName returns the page size for the specified huge page
// resource name.  If the specified input is not a valid huge page resource name
// an error is returned.
func helper_HugePageSizeFromResourceName(name v1.ResourceName) (resource.Quantity, error) {
	if !helper_IsHugePageResourceName(name) {
		return resource.Quantity{}, fmt.Errorf("resource name: %s is an invalid hugepage name", name)
	}
	pageSize := strings.TrimPrefix(string(name), v1.ResourceHugePagesPrefix)
	return resource.ParseQuantity(pageSize)
}

var helper_standardContainerResources = sets.New(
	v1.ResourceCPU,
	v1.ResourceMemory,
	v1.ResourceEphemeralStorage,
)

// helper_IsStandardContainerResourceName returns true if the container can make a resource request
// for the specified resource
func helper_IsStandardContainerResourceName(name v1.ResourceName) bool {
	return helper_standardContainerResources.Has(name) || helper_IsHugePageResourceName(name)
}

// helper_IsNodeAllocatableResourceName returns true if the resource name is valid for DRA NodeAllocatableResources.
// Currently, only cpu, memory, and hugepages are supported (excluding ephemeral-storage for alpha).
func helper_IsNodeAllocatableResourceName(name v1.ResourceName) bool {
	return name == v1.ResourceCPU || name == v1.ResourceMemory || helper_IsHugePageResourceName(name)
}

// helper_IsExtendedResourceName returns true if:
// 1. the resource name is not in the default namespace;
// 2. resource name does not have "requests." prefix,
// to avoid confusion with the convention in quota
// 3. it satisfies the rules in IsQualifiedName() after converted into quota resource name
func helper_IsExtendedResourceName(name v1.ResourceName) bool {
	if helper_IsNativeResource(name) || strings.HasPrefix(string(name), v1.DefaultResourceRequestsPrefix) {
		return false
	}

	nameForQuota := fmt.Sprintf("%s%s", v1.DefaultResourceRequestsPrefix, string(name))
	if errs := validation.IsQualifiedName(nameForQuota); len(errs) != 0 {
		return false
	}
	return true
}

// helper_IsNativeResource returns true if the resource name is in the
// *kubernetes.io/ namespace. Partially-qualified (unprefixed) names are
// implicitly in the kubernetes.io/ namespace.
func helper_IsNativeResource(name v1.ResourceName) bool {
	return !strings.Contains(string(name), "/") ||
		strings.Contains(string(name), v1.ResourceDefaultNamespacePrefix)
}

// helper_IsOvercommitAllowed returns true if the resource is in the default
// namespace and is not hugepages.
func helper_IsOvercommitAllowed(name v1.ResourceName) bool {
	return helper_IsNativeResource(name) &&
		!helper_IsHugePageResourceName(name)
}

var helper_standardResources = sets.New(
	v1.ResourceCPU,
	v1.ResourceMemory,
	v1.ResourceEphemeralStorage,
	v1.ResourceRequestsCPU,
	v1.ResourceRequestsMemory,
	v1.ResourceRequestsEphemeralStorage,
	v1.ResourceLimitsCPU,
	v1.ResourceLimitsMemory,
	v1.ResourceLimitsEphemeralStorage,
	v1.ResourcePods,
	v1.ResourceQuotas,
	v1.ResourceServices,
	v1.ResourceReplicationControllers,
	v1.ResourceSecrets,
	v1.ResourceConfigMaps,
	v1.ResourcePersistentVolumeClaims,
	v1.ResourceStorage,
	v1.ResourceRequestsStorage,
	v1.ResourceServicesNodePorts,
	v1.ResourceServicesLoadBalancers,
)

// helper_IsStandardResourceName returns true if the resource is known to the system
func helper_IsStandardResourceName(name v1.ResourceName) bool {
	return helper_standardResources.Has(name) || helper_IsQuotaHugePageResourceName(name)
}

var helper_integerResources = sets.New(
	v1.ResourcePods,
	v1.ResourceQuotas,
	v1.ResourceServices,
	v1.ResourceReplicationControllers,
	v1.ResourceSecrets,
	v1.ResourceConfigMaps,
	v1.ResourcePersistentVolumeClaims,
	v1.ResourceServicesNodePorts,
	v1.ResourceServicesLoadBalancers,
)

// helper_IsIntegerResourceName returns true if the resource is measured in integer values
func helper_IsIntegerResourceName(name v1.ResourceName) bool {
	return helper_integerResources.Has(name) || helper_IsExtendedResourceName(name)
}

var helper_standardFinalizers = sets.New(
	string(v1.FinalizerKubernetes),
	metav1.FinalizerOrphanDependents,
	metav1.FinalizerDeleteDependents,
)

// helper_IsStandardFinalizerName checks if the input string is a standard finalizer name
func helper_IsStandardFinalizerName(str string) bool {
	return helper_standardFinalizers.Has(str)
}

// helper_GetTolerationsFromPodAnnotations gets the json serialized tolerations data from Pod.Annotations
// and converts it to the []Toleration type in v1.
func helper_GetTolerationsFromPodAnnotations(annotations map[string]string) ([]v1.Toleration, error) {
	var tolerations []v1.Toleration
	if len(annotations) > 0 && annotations[v1.TolerationsAnnotationKey] != "" {
		err := json.Unmarshal([]byte(annotations[v1.TolerationsAnnotationKey]), &tolerations)
		if err != nil {
			return tolerations, err
		}
	}
	return tolerations, nil
}

// helper_GetTaintsFromNodeAnnotations gets the json serialized taints data from Pod.Annotations
// and converts it to the []Taint type in v1.
func helper_GetTaintsFromNodeAnnotations(annotations map[string]string) ([]v1.Taint, error) {
	var taints []v1.Taint
	if len(annotations) > 0 && annotations[v1.TaintsAnnotationKey] != "" {
		err := json.Unmarshal([]byte(annotations[v1.TaintsAnnotationKey]), &taints)
		if err != nil {
			return []v1.Taint{}, err
		}
	}
	return taints, nil
}

// helper_GetDeletionCostFromPodAnnotations returns the integer value of pod-deletion-cost. Returns 0
// if not set or the value is invalid.
func helper_GetDeletionCostFromPodAnnotations(annotations map[string]string) (int32, error) {
	if value, exist := annotations[v1.PodDeletionCost]; exist {

		if !helper_validFirstDigit(value) {
			return 0, fmt.Errorf("invalid value %q", value)
		}

		i, err := strconv.ParseInt(value, 10, 32)
		if err != nil {

			return 0, err
		}
		return int32(i), nil
	}
	return 0, nil
}

func helper_validFirstDigit(str string) bool {
	if len(str) == 0 {
		return false
	}
	return str[0] == '-' || (str[0] == '0' && str == "0") || (str[0] >= '1' && str[0] <= '9')
}

// ---- copied from k8s.io/kubernetes v1.37.2 pkg/apis/core/pods/helpers.go ----

// podshelper_ContainerVisitorWithPath is called with each container and the field.Path to that container,
// and returns true if visiting should continue.
type podshelper_ContainerVisitorWithPath func(container *v1.Container, path *field.Path) bool

// podshelper_VisitContainersWithPath invokes the visitor function with a pointer to the spec
// of every container in the given pod spec and the field.Path to that container.
// If visitor returns false, visiting is short-circuited. podshelper_VisitContainersWithPath returns true if visiting completes,
// false if visiting was short-circuited.
func podshelper_VisitContainersWithPath(podSpec *v1.PodSpec, specPath *field.Path, visitor podshelper_ContainerVisitorWithPath) bool {
	fldPath := specPath.Child("initContainers")
	for i := range podSpec.InitContainers {
		if !visitor(&podSpec.InitContainers[i], fldPath.Index(i)) {
			return false
		}
	}
	fldPath = specPath.Child("containers")
	for i := range podSpec.Containers {
		if !visitor(&podSpec.Containers[i], fldPath.Index(i)) {
			return false
		}
	}
	fldPath = specPath.Child("ephemeralContainers")
	for i := range podSpec.EphemeralContainers {
		if !visitor((*v1.Container)(&podSpec.EphemeralContainers[i].EphemeralContainerCommon), fldPath.Index(i)) {
			return false
		}
	}
	return true
}

// podshelper_ConvertDownwardAPIFieldLabel converts the specified downward API field label
// and its value in the pod of the specified version to the internal version,
// and returns the converted label and value. This function returns an error if
// the conversion fails.
func podshelper_ConvertDownwardAPIFieldLabel(version, label, value string) (string, string, error) {
	if version != "v1" {
		return "", "", fmt.Errorf("unsupported pod version: %s", version)
	}

	if path, _, ok := fieldpath_SplitMaybeSubscriptedPath(label); ok {
		switch path {
		case "metadata.annotations", "metadata.labels":
			return label, value, nil
		default:
			return "", "", fmt.Errorf("field label does not support subscript: %s", label)
		}
	}

	switch label {
	case "metadata.annotations",
		"metadata.labels",
		"metadata.name",
		"metadata.namespace",
		"metadata.uid",
		"spec.nodeName",
		"spec.restartPolicy",
		"spec.serviceAccountName",
		"spec.schedulerName",
		"status.phase",
		"status.hostIP",
		"status.hostIPs",
		"status.podIP",
		"status.podIPs":
		return label, value, nil

	case "spec.host":
		return "spec.nodeName", value, nil
	default:
		return "", "", fmt.Errorf("field label not supported: %s", label)
	}
}

// ---- copied from k8s.io/kubernetes v1.37.2 pkg/api/v1/pod/util.go ----

// podutil_ContainerType signifies container type
type podutil_ContainerType int

const (
	// Containers is for normal containers
	Containers podutil_ContainerType = 1 << iota
	// InitContainers is for init containers
	InitContainers
	// EphemeralContainers is for ephemeral containers
	EphemeralContainers
)

// podutil_ContainerShouldRestart checks if a container should be restarted by its restart policy.
// First, the container-level restartPolicyRules are evaluated in order. An action is taken if any
// rules are matched. Second, the container-level restart policy is used. Lastly, if no container
// level policy are specified, pod-level restart policy is used.
func podutil_ContainerShouldRestart(container v1.Container, pod v1.PodSpec, exitCode int32) bool {
	if container.RestartPolicy != nil {
		rule, ok := podutil_FindMatchingContainerRestartRule(container, exitCode)
		if ok {
			switch rule.Action {
			case v1.ContainerRestartRuleActionRestart:
				return true
			case v1.ContainerRestartRuleActionRestartAllContainers:
				if featureEnabled("RestartAllContainersOnContainerExits") {
					return true
				}

			default:

			}
		}

		switch *container.RestartPolicy {
		case v1.ContainerRestartPolicyAlways:
			return true
		case v1.ContainerRestartPolicyOnFailure:
			return exitCode != 0
		case v1.ContainerRestartPolicyNever:
			return false
		default:

		}
	}

	switch pod.RestartPolicy {
	case v1.RestartPolicyAlways:
		return true
	case v1.RestartPolicyOnFailure:
		return exitCode != 0
	case v1.RestartPolicyNever:
		return false
	default:

		return true
	}
}

// podutil_FindMatchingContainerRestartRule returns a rule and true if the exitCode matched
// one of the restart rules for the given container. Returns and empty rule and
// false if no rules matched.
func podutil_FindMatchingContainerRestartRule(container v1.Container, exitCode int32) (rule v1.ContainerRestartRule, found bool) {
	for _, rule := range container.RestartPolicyRules {
		if rule.ExitCodes != nil {
			exitCodeMatched := false
			for _, code := range rule.ExitCodes.Values {
				if code == exitCode {
					exitCodeMatched = true
				}
			}
			switch rule.ExitCodes.Operator {
			case v1.ContainerRestartRuleOnExitCodesOpIn:
				if exitCodeMatched {
					return rule, true
				}
			case v1.ContainerRestartRuleOnExitCodesOpNotIn:
				if !exitCodeMatched {
					return rule, true
				}
			default:

			}
		}
	}
	return v1.ContainerRestartRule{}, false
}

// podutil_AllContainersCouldRestart returns true if all containers could be restarted
// for the given pod. This is true if any container has a RestartAllContainers
// action.
func podutil_AllContainersCouldRestart(pod *v1.PodSpec) bool {
	if pod == nil {
		return false
	}
	for _, container := range pod.InitContainers {
		for _, rule := range container.RestartPolicyRules {
			if rule.Action == v1.ContainerRestartRuleActionRestartAllContainers {
				return true
			}
		}
	}
	for _, container := range pod.Containers {
		for _, rule := range container.RestartPolicyRules {
			if rule.Action == v1.ContainerRestartRuleActionRestartAllContainers {
				return true
			}
		}
	}
	return false
}

// ---- copied from k8s.io/kubernetes v1.37.2 pkg/api/service/util.go ----

// apiservice_ExternallyAccessible checks if service is externally accessible.
func apiservice_ExternallyAccessible(service *v1.Service) bool {
	return service.Spec.Type == v1.ServiceTypeLoadBalancer ||
		service.Spec.Type == v1.ServiceTypeNodePort ||
		(service.Spec.Type == v1.ServiceTypeClusterIP && len(service.Spec.ExternalIPs) > 0)
}

// apiservice_RequestsOnlyLocalTraffic checks if service requests OnlyLocal traffic.
func apiservice_RequestsOnlyLocalTraffic(service *v1.Service) bool {
	if service.Spec.Type != v1.ServiceTypeLoadBalancer &&
		service.Spec.Type != v1.ServiceTypeNodePort {
		return false
	}

	return service.Spec.ExternalTrafficPolicy == v1.ServiceExternalTrafficPolicyLocal
}

// apiservice_NeedsHealthCheck checks if service needs health check.
func apiservice_NeedsHealthCheck(service *v1.Service) bool {
	if service.Spec.Type != v1.ServiceTypeLoadBalancer {
		return false
	}
	return apiservice_RequestsOnlyLocalTraffic(service)
}

// ---- copied from k8s.io/kubernetes v1.37.2 pkg/fieldpath/fieldpath.go ----

// fieldpath_SplitMaybeSubscriptedPath checks whether the specified fieldPath is
// subscripted, and
//   - if yes, this function splits the fieldPath into path and subscript, and
//     returns (path, subscript, true).
//   - if no, this function returns (fieldPath, "", false).
//
// Example inputs and outputs:
//
//	"metadata.annotations['myKey']" --> ("metadata.annotations", "myKey", true)
//	"metadata.annotations['a[b]c']" --> ("metadata.annotations", "a[b]c", true)
//	"metadata.labels['']"           --> ("metadata.labels", "", true)
//	"metadata.labels"               --> ("metadata.labels", "", false)
func fieldpath_SplitMaybeSubscriptedPath(fieldPath string) (string, string, bool) {
	if !strings.HasSuffix(fieldPath, "']") {
		return fieldPath, "", false
	}
	s := strings.TrimSuffix(fieldPath, "']")
	parts := strings.SplitN(s, "['", 2)
	if len(parts) < 2 {
		return fieldPath, "", false
	}
	if len(parts[0]) == 0 {
		return fieldPath, "", false
	}
	return parts[0], parts[1], true
}
