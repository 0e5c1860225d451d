package apiserver

// The v1 defaulting functions of k8s.io/kubernetes v1.37.2 pkg/apis/core/v1/defaults.go that
// the generated setObjectDefaults_* (defaults_generated.go) call, with the feature gates
// resolved to their v1.37 defaults: ImageVolume GA (on), PodLevelResources beta on with
// PodLevelResourcesFixDefaulting beta on (so pod-level request defaulting happens in
// PrepareForCreate, not here), H2CContainerProbe alpha (off), PodLogsQuerySplitStreams unused.

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func setDefaults_ResourceList(obj *corev1.ResourceList) {
	for key, val := range *obj {
		// TODO(#18538): We round up resource values to milli scale to maintain API compatibility.
		const milliScale = -3
		val.RoundUp(milliScale)
		(*obj)[corev1.ResourceName(key)] = val
	}
}

func setDefaults_Volume(obj *corev1.Volume) {
	if ptr.AllPtrFieldsNil(&obj.VolumeSource) {
		obj.VolumeSource = corev1.VolumeSource{
			EmptyDir: &corev1.EmptyDirVolumeSource{},
		}
	}
	// ImageVolume is GA in 1.37.
	if obj.Image != nil && obj.Image.PullPolicy == "" {
		_, tag, _, _ := parseImageName(obj.Image.Reference)
		if tag == "latest" {
			obj.Image.PullPolicy = corev1.PullAlways
		} else {
			obj.Image.PullPolicy = corev1.PullIfNotPresent
		}
	}
}

func setDefaults_Container(obj *corev1.Container) {
	if obj.ImagePullPolicy == "" {
		// Ignore error and assume it has been validated elsewhere
		_, tag, _, _ := parseImageName(obj.Image)

		// Check image tag
		if tag == "latest" {
			obj.ImagePullPolicy = corev1.PullAlways
		} else {
			obj.ImagePullPolicy = corev1.PullIfNotPresent
		}
	}
	if obj.TerminationMessagePath == "" {
		obj.TerminationMessagePath = corev1.TerminationMessagePathDefault
	}
	if obj.TerminationMessagePolicy == "" {
		obj.TerminationMessagePolicy = corev1.TerminationMessageReadFile
	}
}

func setDefaults_EphemeralContainer(obj *corev1.EphemeralContainer) {
	setDefaults_Container((*corev1.Container)(&obj.EphemeralContainerCommon))
}

func setDefaults_Service(obj *corev1.Service) {
	if obj.Spec.SessionAffinity == "" {
		obj.Spec.SessionAffinity = corev1.ServiceAffinityNone
	}
	if obj.Spec.SessionAffinity == corev1.ServiceAffinityNone {
		obj.Spec.SessionAffinityConfig = nil
	}
	if obj.Spec.SessionAffinity == corev1.ServiceAffinityClientIP {
		if obj.Spec.SessionAffinityConfig == nil || obj.Spec.SessionAffinityConfig.ClientIP == nil || obj.Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds == nil {
			timeoutSeconds := corev1.DefaultClientIPServiceAffinitySeconds
			obj.Spec.SessionAffinityConfig = &corev1.SessionAffinityConfig{
				ClientIP: &corev1.ClientIPConfig{
					TimeoutSeconds: &timeoutSeconds,
				},
			}
		}
	}
	if obj.Spec.Type == "" {
		obj.Spec.Type = corev1.ServiceTypeClusterIP
	}
	for i := range obj.Spec.Ports {
		sp := &obj.Spec.Ports[i]
		if sp.Protocol == "" {
			sp.Protocol = corev1.ProtocolTCP
		}
		if sp.TargetPort == intstr.FromInt32(0) || sp.TargetPort == intstr.FromString("") {
			sp.TargetPort = intstr.FromInt32(sp.Port)
		}
	}
	// Defaults ExternalTrafficPolicy field for externally-accessible service
	// to Global for consistency.
	if externallyAccessible(obj) && obj.Spec.ExternalTrafficPolicy == "" {
		obj.Spec.ExternalTrafficPolicy = corev1.ServiceExternalTrafficPolicyCluster
	}

	if obj.Spec.InternalTrafficPolicy == nil {
		if obj.Spec.Type == corev1.ServiceTypeNodePort || obj.Spec.Type == corev1.ServiceTypeLoadBalancer || obj.Spec.Type == corev1.ServiceTypeClusterIP {
			serviceInternalTrafficPolicyCluster := corev1.ServiceInternalTrafficPolicyCluster
			obj.Spec.InternalTrafficPolicy = &serviceInternalTrafficPolicyCluster
		}
	}

	if obj.Spec.Type == corev1.ServiceTypeLoadBalancer {
		if obj.Spec.AllocateLoadBalancerNodePorts == nil {
			obj.Spec.AllocateLoadBalancerNodePorts = ptr.To(true)
		}
	}

	if obj.Spec.Type == corev1.ServiceTypeLoadBalancer {
		ipMode := corev1.LoadBalancerIPModeVIP
		for i, ing := range obj.Status.LoadBalancer.Ingress {
			if ing.IP != "" && ing.IPMode == nil {
				obj.Status.LoadBalancer.Ingress[i].IPMode = &ipMode
			}
		}
	}
}

// externallyAccessible is k8s.io/kubernetes v1.37.2 pkg/api/v1/service/util.go ExternallyAccessible.
func externallyAccessible(service *corev1.Service) bool {
	return service.Spec.Type == corev1.ServiceTypeLoadBalancer ||
		service.Spec.Type == corev1.ServiceTypeNodePort ||
		(service.Spec.Type == corev1.ServiceTypeClusterIP && len(service.Spec.ExternalIPs) > 0)
}

func setDefaults_Pod(obj *corev1.Pod) {
	// Enforced on Pod but not on PodSpec. For historical reasons, PodTemplate is not defaulted this way.
	if obj.Spec.TerminationGracePeriodSeconds != nil && *obj.Spec.TerminationGracePeriodSeconds < 0 {
		obj.Spec.TerminationGracePeriodSeconds = ptr.To[int64](1)
	}

	// If limits are specified, but requests are not, default requests to limits
	for i := range obj.Spec.Containers {
		if obj.Spec.Containers[i].Resources.Limits != nil {
			if obj.Spec.Containers[i].Resources.Requests == nil {
				obj.Spec.Containers[i].Resources.Requests = make(corev1.ResourceList)
			}
			for key, value := range obj.Spec.Containers[i].Resources.Limits {
				if _, exists := obj.Spec.Containers[i].Resources.Requests[key]; !exists {
					obj.Spec.Containers[i].Resources.Requests[key] = value.DeepCopy()
				}
			}
		}
	}
	for i := range obj.Spec.InitContainers {
		if obj.Spec.InitContainers[i].Resources.Limits != nil {
			if obj.Spec.InitContainers[i].Resources.Requests == nil {
				obj.Spec.InitContainers[i].Resources.Requests = make(corev1.ResourceList)
			}
			for key, value := range obj.Spec.InitContainers[i].Resources.Limits {
				if _, exists := obj.Spec.InitContainers[i].Resources.Requests[key]; !exists {
					obj.Spec.InitContainers[i].Resources.Requests[key] = value.DeepCopy()
				}
			}
		}
	}

	// PodLevelResourcesFixDefaulting is on in 1.37: pod-level request defaulting is deferred
	// to PrepareForCreate (not modelled beyond copying limits, see pods.go).

	if obj.Spec.EnableServiceLinks == nil {
		enableServiceLinks := corev1.DefaultEnableServiceLinks
		obj.Spec.EnableServiceLinks = &enableServiceLinks
	}

	if obj.Spec.HostNetwork {
		defaultHostNetworkPorts(&obj.Spec.Containers)
		defaultHostNetworkPorts(&obj.Spec.InitContainers)
	}
	// H2CContainerProbe is alpha (off) in 1.37.
}

func setDefaults_PodStatus(obj *corev1.PodStatus) {
	// Keep the singular PodIP and the PodIPs list in sync.
	hasIP := len(obj.PodIP) > 0
	hasIPs := len(obj.PodIPs) > 0
	switch {
	case hasIP && !hasIPs:
		obj.PodIPs = []corev1.PodIP{{IP: obj.PodIP}}
	case !hasIP && hasIPs:
		obj.PodIP = obj.PodIPs[0].IP
	case hasIP && hasIPs && obj.PodIPs[0].IP != obj.PodIP:
		obj.PodIPs = []corev1.PodIP{{IP: obj.PodIP}}
	}
}

func setDefaults_PodSpec(obj *corev1.PodSpec) {
	// DeprecatedServiceAccount is an alias for ServiceAccountName; keep the two
	// in sync, with ServiceAccountName winning when both are set.
	if len(obj.ServiceAccountName) == 0 {
		obj.ServiceAccountName = obj.DeprecatedServiceAccount
	}
	obj.DeprecatedServiceAccount = obj.ServiceAccountName
	if obj.DNSPolicy == "" {
		obj.DNSPolicy = corev1.DNSClusterFirst
	}
	if obj.RestartPolicy == "" {
		obj.RestartPolicy = corev1.RestartPolicyAlways
	}
	// Always default an empty securityContext to preserve historical behavior.
	if obj.SecurityContext == nil {
		obj.SecurityContext = &corev1.PodSecurityContext{}
	}
	if obj.TerminationGracePeriodSeconds == nil {
		period := int64(corev1.DefaultTerminationGracePeriodSeconds)
		obj.TerminationGracePeriodSeconds = &period
	}
	if obj.SchedulerName == "" {
		obj.SchedulerName = corev1.DefaultSchedulerName
	}
}

func setDefaults_Probe(obj *corev1.Probe) {
	if obj.TimeoutSeconds == 0 {
		obj.TimeoutSeconds = 1
	}
	if obj.PeriodSeconds == 0 {
		obj.PeriodSeconds = 10
	}
	if obj.SuccessThreshold == 0 {
		obj.SuccessThreshold = 1
	}
	if obj.FailureThreshold == 0 {
		obj.FailureThreshold = 3
	}
}

func setDefaults_SecretVolumeSource(obj *corev1.SecretVolumeSource) {
	if obj.DefaultMode == nil {
		perm := int32(corev1.SecretVolumeSourceDefaultMode)
		obj.DefaultMode = &perm
	}
}

func setDefaults_ConfigMapVolumeSource(obj *corev1.ConfigMapVolumeSource) {
	if obj.DefaultMode == nil {
		perm := int32(corev1.ConfigMapVolumeSourceDefaultMode)
		obj.DefaultMode = &perm
	}
}

func setDefaults_DownwardAPIVolumeSource(obj *corev1.DownwardAPIVolumeSource) {
	if obj.DefaultMode == nil {
		perm := int32(corev1.DownwardAPIVolumeSourceDefaultMode)
		obj.DefaultMode = &perm
	}
}

func setDefaults_Secret(obj *corev1.Secret) {
	if obj.Type == "" {
		obj.Type = corev1.SecretTypeOpaque
	}
}

func setDefaults_ProjectedVolumeSource(obj *corev1.ProjectedVolumeSource) {
	if obj.DefaultMode == nil {
		perm := int32(corev1.ProjectedVolumeSourceDefaultMode)
		obj.DefaultMode = &perm
	}
}

func setDefaults_ServiceAccountTokenProjection(obj *corev1.ServiceAccountTokenProjection) {
	hour := int64(time.Hour.Seconds())
	if obj.ExpirationSeconds == nil {
		obj.ExpirationSeconds = &hour
	}
}

func setDefaults_PersistentVolumeClaimSpec(obj *corev1.PersistentVolumeClaimSpec) {
	if obj.VolumeMode == nil {
		obj.VolumeMode = new(corev1.PersistentVolumeMode)
		*obj.VolumeMode = corev1.PersistentVolumeFilesystem
	}
}

func setDefaults_Endpoints(obj *corev1.Endpoints) {
	for i := range obj.Subsets {
		ss := &obj.Subsets[i]
		for i := range ss.Ports {
			ep := &ss.Ports[i]
			if ep.Protocol == "" {
				ep.Protocol = corev1.ProtocolTCP
			}
		}
	}
}

func setDefaults_HTTPGetAction(obj *corev1.HTTPGetAction) {
	if obj.Path == "" {
		obj.Path = "/"
	}
	if obj.Scheme == "" {
		obj.Scheme = corev1.URISchemeHTTP
	}
}

// setDefaults_Namespace adds a default label for all namespaces
func setDefaults_Namespace(obj *corev1.Namespace) {
	if len(obj.Name) > 0 {
		if obj.Labels == nil {
			obj.Labels = map[string]string{}
		}
		obj.Labels[corev1.LabelMetadataName] = obj.Name
	}
}

func setDefaults_NamespaceStatus(obj *corev1.NamespaceStatus) {
	if obj.Phase == "" {
		obj.Phase = corev1.NamespaceActive
	}
}

func setDefaults_NodeStatus(obj *corev1.NodeStatus) {
	if obj.Allocatable == nil && obj.Capacity != nil {
		obj.Allocatable = make(corev1.ResourceList, len(obj.Capacity))
		for key, value := range obj.Capacity {
			obj.Allocatable[key] = value.DeepCopy()
		}
		obj.Allocatable = obj.Capacity
	}
}

func setDefaults_ObjectFieldSelector(obj *corev1.ObjectFieldSelector) {
	if obj.APIVersion == "" {
		obj.APIVersion = "v1"
	}
}

func setDefaults_ConfigMap(obj *corev1.ConfigMap) {
	if obj.Data == nil {
		obj.Data = make(map[string]string)
	}
}

func setDefaults_HostPathVolumeSource(obj *corev1.HostPathVolumeSource) {
	typeVol := corev1.HostPathUnset
	if obj.Type == nil {
		obj.Type = &typeVol
	}
}

// defaultHostNetworkPorts: with host networking default all container ports to host ports.
func defaultHostNetworkPorts(containers *[]corev1.Container) {
	for i := range *containers {
		for j := range (*containers)[i].Ports {
			if (*containers)[i].Ports[j].HostPort == 0 {
				(*containers)[i].Ports[j].HostPort = (*containers)[i].Ports[j].ContainerPort
			}
		}
	}
}
