package kubelet

import (
	"fmt"

	v1 "k8s.io/api/core/v1"
)

// killReason is containerKillReason (kuberuntime_manager.go).
type killReason int

const (
	killUnknown killReason = iota
	killLiveness
	killStartup
	killPostStartHook
)

type toKill struct {
	c       *ctr
	spec    *v1.Container
	message string
	reason  killReason
}

// podActions is kuberuntime's podActions.
type podActions struct {
	KillPod               bool
	CreateSandbox         bool
	InitContainersToStart []int
	ContainersToStart     []int
	ContainersToKill      []toKill
}

// computePodActions decides what a sync does. k8s.io/kubernetes v1.37.2
// pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions (ContainerRestartRules on;
// no ephemeral containers, no in-place resize).
func (kl *Kubelet) computePodActions(p *podState) podActions {
	pod := p.pod
	sb := p.sandbox()
	createSandbox := sb == nil || !sb.Ready
	ch := podActions{KillPod: createSandbox, CreateSandbox: createSandbox}

	if createSandbox {
		if pod.Spec.RestartPolicy == v1.RestartPolicyNever && sb != nil && len(p.ctrs) != 0 {
			ch.CreateSandbox = false
			return ch
		}
		var toStart []int
		for i := range pod.Spec.Containers {
			c := &pod.Spec.Containers[i]
			runOnce := pod.Spec.RestartPolicy == v1.RestartPolicyOnFailure
			if c.RestartPolicy != nil {
				runOnce = *c.RestartPolicy == v1.ContainerRestartPolicyOnFailure
			}
			if runOnce && containerSucceeded(c, p) {
				continue
			}
			toStart = append(toStart, i)
		}
		if len(toStart) == 0 && hasAnyRegularContainerCreated(pod, p) {
			ch.CreateSandbox = false
			return ch
		}
		if len(pod.Spec.InitContainers) != 0 {
			ch.InitContainersToStart = []int{0}
			return ch
		}
		ch.ContainersToStart = toStart
		return ch
	}

	hasInitialized := kl.computeInitContainerActions(p, &ch)
	if ch.KillPod || !hasInitialized {
		return ch
	}

	keep := 0
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		s := p.find(c.Name)
		if s == nil || s.State != stateRunning {
			if shouldContainerBeRestarted(c, pod, p) {
				ch.ContainersToStart = append(ch.ContainersToStart, i)
				if s != nil && s.State == stateUnknown {
					ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c,
						message: fmt.Sprintf("Container is in %q state, try killing it before restart", "unknown")})
				}
			}
			continue
		}
		restart := pod.Spec.RestartPolicy != v1.RestartPolicyNever
		if c.RestartPolicy != nil {
			restart = *c.RestartPolicy != v1.ContainerRestartPolicyNever
		}
		var message string
		var reason killReason
		switch {
		case s.Image != c.Image:
			// containerChanged: the only mutable field of a container is its image.
			message = fmt.Sprintf("Container %s definition changed", c.Name)
			restart = true
		case kl.probeResult(p, s, probeLiveness) == resultFailure:
			message = fmt.Sprintf(kl.version.LivenessKillMessage, c.Name)
			reason = killLiveness
		case kl.probeResult(p, s, probeStartup) == resultFailure:
			message = fmt.Sprintf(kl.version.StartupKillMessage, c.Name)
			reason = killStartup
		default:
			keep++
			continue
		}
		if restart {
			message += kl.version.WillRestartSuffix
			ch.ContainersToStart = append(ch.ContainersToStart, i)
		}
		ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c, message: message, reason: reason})
	}
	if keep == 0 && len(ch.ContainersToStart) == 0 {
		ch.KillPod = true
		ch.InitContainersToStart = nil
	}
	return ch
}

// containerSucceeded is kuberuntime's containerSucceeded.
func containerSucceeded(c *v1.Container, p *podState) bool {
	s := p.find(c.Name)
	return s != nil && s.State == stateExited && s.ExitCode == 0
}

// hasAnyRegularContainerCreated is kuberuntime.HasAnyRegularContainerCreated.
func hasAnyRegularContainerCreated(pod *v1.Pod, p *podState) bool {
	for _, c := range pod.Spec.Containers {
		if s := p.find(c.Name); s != nil && s.State != stateUnknown {
			return true
		}
	}
	return false
}

// computeInitContainerActions is kuberuntime's computeInitContainerActions.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/kuberuntime_container.go.
func (kl *Kubelet) computeInitContainerActions(p *podState, ch *podActions) bool {
	pod := p.pod
	inits := pod.Spec.InitContainers
	if len(inits) == 0 {
		return true
	}
	podHasInitialized := hasAnyActiveRegularContainerStarted(pod, p)
	prevInitialized := podHasInitialized
	restartOnFailure := pod.Spec.RestartPolicy != v1.RestartPolicyNever
	var start []int
	for i := len(inits) - 1; i >= 0; i-- {
		c := &inits[i]
		s := p.findActive(c.Name)
		if s == nil {
			if prevInitialized && isRestartableInit(c) {
				start = append(start, i)
			}
			continue
		}
		if prevInitialized && !isRestartableInit(c) {
			continue
		}
		switch s.State {
		case stateCreated:
			start = append(start, i)
		case stateRunning:
			if !isRestartableInit(c) {
				break
			}
			if c.StartupProbe != nil {
				r := kl.probeResult(p, s, probeStartup)
				if r == resultNone {
					break
				}
				if r != resultSuccess {
					if r == resultFailure {
						ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c,
							message: fmt.Sprintf("Init container %s failed startup probe", c.Name), reason: killStartup})
						start = append(start, i)
					}
					break
				}
			}
			if i == len(inits)-1 {
				podHasInitialized = true
			} else if !prevInitialized {
				start = append(start, i+1)
			}
			if s.Image != c.Image {
				ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c,
					message: fmt.Sprintf("Init container %s definition changed", c.Name)})
				start = append(start, i)
				break
			}
			if c.LivenessProbe != nil {
				r := kl.probeResult(p, s, probeLiveness)
				if r == resultNone {
					break
				}
				if r == resultFailure {
					ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c,
						message: fmt.Sprintf("Init container %s failed liveness probe", c.Name), reason: killLiveness})
					start = append(start, i)
					break
				}
			}
		case stateExited:
			if isRestartableInit(c) {
				start = append(start, i)
				break
			}
			if s.ExitCode != 0 {
				if !shouldContainerBeRestarted(c, pod, p) {
					ch.KillPod = true
					ch.InitContainersToStart = nil
					return false
				}
				start = append(start, i)
				break
			}
			if i == len(inits)-1 {
				podHasInitialized = true
			} else {
				start = append(start, i+1)
			}
		default:
			if isRestartableInit(c) {
				ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c,
					message: fmt.Sprintf("Init container is in %q state, try killing it before restart", "unknown")})
				start = append(start, i)
			} else {
				r := restartOnFailure
				if c.RestartPolicy != nil {
					r = *c.RestartPolicy != v1.ContainerRestartPolicyNever
				}
				if !r {
					ch.KillPod = true
					ch.InitContainersToStart = nil
					return false
				}
				ch.ContainersToKill = append(ch.ContainersToKill, toKill{c: s, spec: c,
					message: fmt.Sprintf("Init container is in %q state, try killing it before restart", "unknown")})
				start = append(start, i)
			}
		}
		if !prevInitialized {
			prevInitialized = true
		}
	}
	if !prevInitialized {
		start = append(start, 0)
	}
	for l, r := 0, len(start)-1; l < r; l, r = l+1, r-1 {
		start[l], start[r] = start[r], start[l]
	}
	ch.InitContainersToStart = start
	return podHasInitialized
}
