package validation

import (
	"fmt"
	"strings"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// PodWarnings returns the create warnings of k8s.io/kubernetes v1.37.2 pkg/api/pod/warnings.go
// GetWarningsForPod (warningsForPodSpecAndMeta with a nil field path), in the same order.
// Not ported: deprecated node-label and topology-key warnings (pkg/api/node), ephemeral PVC
// spec warnings and overlapping projected/configMap/secret paths.
func PodWarnings(pod *v1.Pod) []string {
	var fieldPath *field.Path
	podSpec, meta := &pod.Spec, &pod.ObjectMeta
	var warnings []string

	for i, t := range podSpec.TopologySpreadConstraints {
		if t.LabelSelector == nil {
			warnings = append(warnings, fmt.Sprintf("%s: a null labelSelector results in matching no pod", fieldPath.Child("spec", "topologySpreadConstraints").Index(i).Child("labelSelector")))
		}
	}

	// use of deprecated annotations
	for _, deprecated := range []struct{ key, message string }{
		{`scheduler.alpha.kubernetes.io/critical-pod`, `non-functional in v1.16+; use the "priorityClassName" field instead`},
		{`security.alpha.kubernetes.io/sysctls`, `non-functional in v1.11+; use the "sysctls" field instead`},
		{`security.alpha.kubernetes.io/unsafe-sysctls`, `non-functional in v1.11+; use the "sysctls" field instead`},
	} {
		if _, exists := meta.Annotations[deprecated.key]; exists {
			warnings = append(warnings, fmt.Sprintf("%s: %s", fieldPath.Child("metadata", "annotations").Key(deprecated.key), deprecated.message))
		}
	}

	// deprecated and removed volume plugins
	for i, v := range podSpec.Volumes {
		p := fieldPath.Child("spec", "volumes").Index(i)
		if v.PhotonPersistentDisk != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.11, non-functional in v1.16+", p.Child("photonPersistentDisk")))
		}
		if v.GitRepo != nil {
			// GitRepoVolumeDriver is off by default since 1.33.
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.11, and disabled by default in v1.33+", p.Child("gitRepo")))
		}
		if v.ScaleIO != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.16, non-functional in v1.22+", p.Child("scaleIO")))
		}
		if v.Flocker != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.22, non-functional in v1.25+", p.Child("flocker")))
		}
		if v.StorageOS != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.22, non-functional in v1.25+", p.Child("storageOS")))
		}
		if v.Quobyte != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.22, non-functional in v1.25+", p.Child("quobyte")))
		}
		if v.Glusterfs != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.25, non-functional in v1.26+", p.Child("glusterfs")))
		}
		if v.CephFS != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.28, non-functional in v1.31+", p.Child("cephfs")))
		}
		if v.RBD != nil {
			warnings = append(warnings, fmt.Sprintf("%s: deprecated in v1.28, non-functional in v1.31+", p.Child("rbd")))
		}
	}

	// duplicate hostAliases
	if len(podSpec.HostAliases) > 1 {
		items := sets.New[string]()
		for i, item := range podSpec.HostAliases {
			if items.Has(item.IP) {
				warnings = append(warnings, fmt.Sprintf("%s: duplicate ip %q", fieldPath.Child("spec", "hostAliases").Index(i).Child("ip"), item.IP))
			} else {
				items.Insert(item.IP)
			}
		}
	}

	// duplicate imagePullSecrets
	if len(podSpec.ImagePullSecrets) > 1 {
		items := sets.New[string]()
		for i, item := range podSpec.ImagePullSecrets {
			if items.Has(item.Name) {
				warnings = append(warnings, fmt.Sprintf("%s: duplicate name %q", fieldPath.Child("spec", "imagePullSecrets").Index(i).Child("name"), item.Name))
			} else {
				items.Insert(item.Name)
			}
		}
	}
	for i, item := range podSpec.ImagePullSecrets {
		if len(item.Name) == 0 {
			warnings = append(warnings, fmt.Sprintf("%s: invalid empty name %q", fieldPath.Child("spec", "imagePullSecrets").Index(i).Child("name"), item.Name))
		}
	}

	// fractional memory/ephemeral-storage overhead
	for _, r := range []v1.ResourceName{v1.ResourceMemory, v1.ResourceEphemeralStorage} {
		if value, ok := podSpec.Overhead[r]; ok && value.MilliValue()%int64(1000) != int64(0) {
			warnings = append(warnings, fmt.Sprintf("%s: fractional byte value %q is invalid, must be an integer", fieldPath.Child("spec", "overhead").Key(string(r)), value.String()))
		}
	}

	// use of pod seccomp annotation without accompanying field
	if podSpec.SecurityContext == nil || podSpec.SecurityContext.SeccompProfile == nil {
		if _, exists := meta.Annotations[v1.SeccompPodAnnotationKey]; exists {
			warnings = append(warnings, fmt.Sprintf(`%s: non-functional in v1.27+; use the "seccompProfile" field instead`, fieldPath.Child("metadata", "annotations").Key(v1.SeccompPodAnnotationKey)))
		}
	}

	podshelper_VisitContainersWithPath(podSpec, fieldPath.Child("spec"), func(c *v1.Container, p *field.Path) bool {
		if c.SecurityContext == nil || c.SecurityContext.SeccompProfile == nil {
			if _, exists := meta.Annotations[v1.SeccompContainerAnnotationKeyPrefix+c.Name]; exists {
				warnings = append(warnings, fmt.Sprintf(`%s: non-functional in v1.27+; use the "seccompProfile" field instead`, fieldPath.Child("metadata", "annotations").Key(v1.SeccompContainerAnnotationKeyPrefix+c.Name)))
			}
		}
		// fractional memory/ephemeral-storage requests/limits
		if value, ok := c.Resources.Limits[v1.ResourceMemory]; ok && value.MilliValue()%int64(1000) != int64(0) {
			warnings = append(warnings, fmt.Sprintf("%s: fractional byte value %q is invalid, must be an integer", p.Child("resources", "limits").Key(string(v1.ResourceMemory)), value.String()))
		}
		if value, ok := c.Resources.Requests[v1.ResourceMemory]; ok && value.MilliValue()%int64(1000) != int64(0) {
			warnings = append(warnings, fmt.Sprintf("%s: fractional byte value %q is invalid, must be an integer", p.Child("resources", "requests").Key(string(v1.ResourceMemory)), value.String()))
		}
		if value, ok := c.Resources.Limits[v1.ResourceEphemeralStorage]; ok && value.MilliValue()%int64(1000) != int64(0) {
			warnings = append(warnings, fmt.Sprintf("%s: fractional byte value %q is invalid, must be an integer", p.Child("resources", "limits").Key(string(v1.ResourceEphemeralStorage)), value.String()))
		}
		if value, ok := c.Resources.Requests[v1.ResourceEphemeralStorage]; ok && value.MilliValue()%int64(1000) != int64(0) {
			warnings = append(warnings, fmt.Sprintf("%s: fractional byte value %q is invalid, must be an integer", p.Child("resources", "requests").Key(string(v1.ResourceEphemeralStorage)), value.String()))
		}
		// duplicate containers[*].env
		if len(c.Env) > 1 {
			items := sets.New[string]()
			for i, item := range c.Env {
				if items.Has(item.Name) {
					bad := false
					ref := fmt.Sprintf("$(%s)", item.Name)
					if item.ValueFrom != nil {
						bad = true
					}
					if item.Value == ref {
						bad = true
					}
					if !strings.Contains(item.Value, ref) {
						bad = true
					}
					if bad {
						warnings = append(warnings, fmt.Sprintf("%s: hides previous definition of %q, which may be dropped when using apply", p.Child("env").Index(i), item.Name))
					}
				} else {
					items.Insert(item.Name)
				}
			}
		}
		return true
	})

	type portBlock struct {
		field *field.Path
		port  v1.ContainerPort
	}
	allPorts := map[string][]portBlock{}
	podshelper_VisitContainersWithPath(podSpec, fieldPath.Child("spec"), func(c *v1.Container, fldPath *field.Path) bool {
		for i, port := range c.Ports {
			if port.HostIP != "" && port.HostPort == 0 {
				// The real message prints the internal ContainerPort with %+v.
				warnings = append(warnings, fmt.Sprintf("%s: hostIP set without hostPort: {Name:%s HostPort:%d ContainerPort:%d Protocol:%s HostIP:%s}",
					fldPath.Child("ports").Index(i), port.Name, port.HostPort, port.ContainerPort, port.Protocol, port.HostIP))
			}
			k := fmt.Sprintf("%d/%s", port.ContainerPort, port.Protocol)
			if others, found := allPorts[k]; found {
				for _, other := range others {
					if port.HostIP == other.port.HostIP && port.HostPort == other.port.HostPort {
						warnings = append(warnings, fmt.Sprintf("%s: duplicate port definition with %s", fldPath.Child("ports").Index(i), other.field))
					} else if port.HostPort == 0 || other.port.HostPort == 0 {
						warnings = append(warnings, fmt.Sprintf("%s: overlapping port definition with %s", fldPath.Child("ports").Index(i), other.field))
					} else if a, b := port.HostIP == "", other.port.HostIP == ""; port.HostPort == other.port.HostPort && ((a || b) && !(a && b)) {
						warnings = append(warnings, fmt.Sprintf("%s: dangerously ambiguous port definition with %s", fldPath.Child("ports").Index(i), other.field))
					}
				}
				allPorts[k] = append(allPorts[k], portBlock{field: fldPath.Child("ports").Index(i), port: port})
			} else {
				allPorts[k] = []portBlock{{field: fldPath.Child("ports").Index(i), port: port}}
			}
		}
		return true
	})

	allPortsNames := map[string]*field.Path{}
	podshelper_VisitContainersWithPath(podSpec, fieldPath.Child("spec"), func(c *v1.Container, fldPath *field.Path) bool {
		for i, port := range c.Ports {
			if port.Name != "" {
				if other, found := allPortsNames[port.Name]; found {
					warnings = append(warnings, fmt.Sprintf("%s: duplicate port name %q with %s, services and probes that select ports by name will use %s", fldPath.Child("ports").Index(i), port.Name, other, other))
				} else {
					allPortsNames[port.Name] = fldPath.Child("ports").Index(i)
				}
			}
		}
		return true
	})

	if podSpec.TerminationGracePeriodSeconds != nil && *podSpec.TerminationGracePeriodSeconds < 0 {
		warnings = append(warnings, fmt.Sprintf("%s: must be >= 0; negative values are invalid and will be treated as 1", fieldPath.Child("spec", "terminationGracePeriodSeconds")))
	}

	if podSpec.Affinity != nil {
		nullSel := func(p *field.Path) string {
			return fmt.Sprintf("%s: a null labelSelector results in matching no pod", p)
		}
		for _, a := range []struct {
			name string
			aff  *v1.PodAffinity
			anti *v1.PodAntiAffinity
		}{{"podAffinity", podSpec.Affinity.PodAffinity, nil}, {"podAntiAffinity", nil, podSpec.Affinity.PodAntiAffinity}} {
			var req []v1.PodAffinityTerm
			var pref []v1.WeightedPodAffinityTerm
			switch {
			case a.aff != nil:
				req, pref = a.aff.RequiredDuringSchedulingIgnoredDuringExecution, a.aff.PreferredDuringSchedulingIgnoredDuringExecution
			case a.anti != nil:
				req, pref = a.anti.RequiredDuringSchedulingIgnoredDuringExecution, a.anti.PreferredDuringSchedulingIgnoredDuringExecution
			default:
				continue
			}
			for i, t := range req {
				if t.LabelSelector == nil {
					warnings = append(warnings, nullSel(fieldPath.Child("spec", "affinity", a.name, "requiredDuringSchedulingIgnoredDuringExecution").Index(i).Child("labelSelector")))
				}
			}
			for i, t := range pref {
				if t.PodAffinityTerm.LabelSelector == nil {
					warnings = append(warnings, nullSel(fieldPath.Child("spec", "affinity", a.name, "preferredDuringSchedulingIgnoredDuringExecution").Index(i).Child("podAffinityTerm", "labelSelector")))
				}
			}
		}
	}

	if podSpec.DNSConfig != nil {
		for i, ns := range podSpec.DNSConfig.Nameservers {
			warnings = append(warnings, validation.GetWarningsForIP(fieldPath.Child("spec", "dnsConfig", "nameservers").Index(i), ns)...)
		}
	}
	for i, hostAlias := range podSpec.HostAliases {
		warnings = append(warnings, validation.GetWarningsForIP(fieldPath.Child("spec", "hostAliases").Index(i).Child("ip"), hostAlias.IP)...)
	}
	return warnings
}
