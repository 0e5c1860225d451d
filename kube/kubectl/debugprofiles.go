package kubectl

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/kubectl/pkg/util/podutils"
	"k8s.io/utils/ptr"
)

// The debugging profiles of k8s.io/kubectl v0.37.2 pkg/cmd/debug/profiles.go, ported (the
// package itself links kubectl's attach and exec streaming clients).

// Profile names (profiles.go).
const (
	profileLegacy     = "legacy"
	profileGeneral    = "general"
	profileBaseline   = "baseline"
	profileRestricted = "restricted"
	profileNetadmin   = "netadmin"
	profileSysadmin   = "sysadmin"
)

// debugStyle is how a debug pod relates to its target (profiles.go).
type debugStyle int

const (
	ephemeral debugStyle = iota
	podCopy
	nodeStyle
	unsupported
)

// keepFlags is profiles.go KeepFlags.
type keepFlags struct {
	labels, annotations, liveness, readiness, startup, initContainers bool
}

func (k keepFlags) removeLabels(p *corev1.Pod) {
	if !k.labels {
		p.Labels = nil
	}
}

func (k keepFlags) removeAnnotations(p *corev1.Pod) {
	if !k.annotations {
		p.Annotations = nil
	}
}

func (k keepFlags) removeProbes(p *corev1.Pod) {
	for i := range p.Spec.Containers {
		if !k.liveness {
			p.Spec.Containers[i].LivenessProbe = nil
		}
		if !k.readiness {
			p.Spec.Containers[i].ReadinessProbe = nil
		}
		if !k.startup {
			p.Spec.Containers[i].StartupProbe = nil
		}
	}
}

func (k keepFlags) removeInitContainers(p *corev1.Pod) {
	if !k.initContainers {
		p.Spec.InitContainers = nil
	}
}

// profileApplier is profiles.go NewProfileApplier's result: Apply(pod, containerName, target).
type profileApplier struct {
	profile string
	keep    keepFlags
}

func newProfileApplier(profile string, k keepFlags) (*profileApplier, error) {
	switch profile {
	case profileLegacy, profileGeneral, profileBaseline, profileRestricted, profileNetadmin, profileSysadmin:
		return &profileApplier{profile: profile, keep: k}, nil
	}
	return nil, fmt.Errorf("unknown profile: %s", profile)
}

// getDebugStyle is profiles.go getDebugStyle (a pod target other than the pod itself is a
// copy).
func getDebugStyle(pod *corev1.Pod, target runtime.Object) (debugStyle, error) {
	switch t := target.(type) {
	case *corev1.Pod:
		if pod != t {
			return podCopy, nil
		}
		return ephemeral, nil
	case *corev1.Node:
		return nodeStyle, nil
	}
	return unsupported, fmt.Errorf("objects of type %T are not supported", target)
}

// Apply is the Apply of profiles.go's legacyProfile, generalProfile, baselineProfile,
// restrictedProfile, netadminProfile and sysadminProfile.
func (p *profileApplier) Apply(pod *corev1.Pod, containerName string, target runtime.Object) error {
	style, err := getDebugStyle(pod, target)
	if err != nil {
		return fmt.Errorf("%s profile: %w", p.profile, err)
	}
	copyCleanup := func() {
		p.keep.removeLabels(pod)
		p.keep.removeAnnotations(pod)
		p.keep.removeProbes(pod)
		p.keep.removeInitContainers(pod)
		shareProcessNamespace(pod)
	}
	switch p.profile {
	case profileLegacy:
		switch style {
		case nodeStyle:
			mountRootPartition(pod, containerName)
			useHostNamespaces(pod)
		case podCopy:
			p.keep.labels = false
			p.keep.removeLabels(pod)
		}
	case profileGeneral:
		switch style {
		case nodeStyle:
			mountRootPartition(pod, containerName)
			clearSecurityContext(pod, containerName)
			useHostNamespaces(pod)
		case podCopy:
			p.keep.removeLabels(pod)
			p.keep.removeAnnotations(pod)
			p.keep.removeProbes(pod)
			p.keep.removeInitContainers(pod)
			allowProcessTracing(pod, containerName)
			shareProcessNamespace(pod)
		case ephemeral:
			allowProcessTracing(pod, containerName)
		}
	case profileBaseline:
		clearSecurityContext(pod, containerName)
		if style == podCopy {
			copyCleanup()
		}
	case profileRestricted:
		clearSecurityContext(pod, containerName)
		visitContainer(pod, containerName, func(c *corev1.Container) {
			sc := securityContext(c)
			sc.RunAsNonRoot = ptr.To(true)
		})
		visitContainer(pod, containerName, func(c *corev1.Container) {
			sc := securityContext(c)
			if sc.Capabilities == nil {
				sc.Capabilities = &corev1.Capabilities{}
			}
			sc.Capabilities.Drop = []corev1.Capability{"ALL"}
			sc.Capabilities.Add = nil
		})
		visitContainer(pod, containerName, func(c *corev1.Container) {
			securityContext(c).AllowPrivilegeEscalation = ptr.To(false)
		})
		visitContainer(pod, containerName, func(c *corev1.Container) {
			securityContext(c).SeccompProfile = &corev1.SeccompProfile{Type: "RuntimeDefault"}
		})
		if style == podCopy {
			copyCleanup()
		}
	case profileNetadmin:
		visitContainer(pod, containerName, func(c *corev1.Container) {
			addCapability(c, "NET_ADMIN")
			addCapability(c, "NET_RAW")
		})
		switch style {
		case nodeStyle:
			useHostNamespaces(pod)
		case podCopy:
			copyCleanup()
		}
	case profileSysadmin:
		visitContainer(pod, containerName, func(c *corev1.Container) {
			securityContext(c).Privileged = ptr.To(true)
		})
		switch style {
		case nodeStyle:
			useHostNamespaces(pod)
			mountRootPartition(pod, containerName)
		case podCopy:
			copyCleanup()
		}
	}
	return nil
}

// visitContainer runs fn on the container (of any kind) named containerName
// (podutils.VisitContainers with AllContainers, stopping at the first match).
func visitContainer(p *corev1.Pod, containerName string, fn func(*corev1.Container)) {
	podutils.VisitContainers(&p.Spec, podutils.AllContainers, func(c *corev1.Container, _ podutils.ContainerType) bool {
		if c.Name != containerName {
			return true
		}
		fn(c)
		return false
	})
}

func securityContext(c *corev1.Container) *corev1.SecurityContext {
	if c.SecurityContext == nil {
		c.SecurityContext = &corev1.SecurityContext{}
	}
	return c.SecurityContext
}

func mountRootPartition(p *corev1.Pod, containerName string) {
	const volumeName = "host-root"
	p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{
		Name:         volumeName,
		VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}},
	})
	podutils.VisitContainers(&p.Spec, podutils.Containers, func(c *corev1.Container, _ podutils.ContainerType) bool {
		if c.Name != containerName {
			return true
		}
		c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{MountPath: "/host", Name: volumeName})
		return false
	})
}

func useHostNamespaces(p *corev1.Pod) {
	p.Spec.HostNetwork = true
	p.Spec.HostPID = true
	p.Spec.HostIPC = true
}

func shareProcessNamespace(p *corev1.Pod) {
	if p.Spec.ShareProcessNamespace == nil {
		p.Spec.ShareProcessNamespace = ptr.To(true)
	}
}

func clearSecurityContext(p *corev1.Pod, containerName string) {
	visitContainer(p, containerName, func(c *corev1.Container) { c.SecurityContext = nil })
}

func allowProcessTracing(p *corev1.Pod, containerName string) {
	visitContainer(p, containerName, func(c *corev1.Container) { addCapability(c, "SYS_PTRACE") })
}

func addCapability(c *corev1.Container, capability corev1.Capability) {
	sc := securityContext(c)
	if sc.Capabilities == nil {
		sc.Capabilities = &corev1.Capabilities{}
	}
	sc.Capabilities.Add = append(sc.Capabilities.Add, capability)
}
