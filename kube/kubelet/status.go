package kubelet

import (
	"fmt"
	"slices"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	qos "k8s.io/kubectl/pkg/util/qos"
)

// Kubelet status texts. k8s.io/kubernetes v1.37.2 pkg/kubelet/status/generate.go,
// pkg/kubelet/types/constants.go, pkg/kubelet/kubelet_pods.go.
const (
	reasonContainerCreating = "ContainerCreating" // kubelet_pods.go ContainerCreating
	reasonPodInitializing   = "PodInitializing"

	condUnknownContainerStatuses = "UnknownContainerStatuses"
	condPodCompleted             = "PodCompleted"
	condPodFailed                = "PodFailed"
	condContainersNotReady       = "ContainersNotReady"
	condContainersNotInitialized = "ContainersNotInitialized"
	condReadinessGatesNotReady   = "ReadinessGatesNotReady"

	sandboxNotReadyReason    = "PodSandboxNotReady"
	sandboxMsgNoPodSandbox   = "no pod sandbox exists"
	sandboxMsgSandboxNotRdy  = "pod sandbox is not ready"
	containerStatusUnknown   = "ContainerStatusUnknown"
	containerMissingAfterRun = "The container could not be located when the pod was deleted.  The container used to be Running"
)

func isRestartableInit(c *v1.Container) bool {
	return c != nil && c.RestartPolicy != nil && *c.RestartPolicy == v1.ContainerRestartPolicyAlways
}

// containerShouldRestart is podutil.ContainerShouldRestart with ContainerRestartRules on
// (beta, default on since 1.35) and RestartAllContainersOnContainerExits on (beta 1.36).
// k8s.io/kubernetes v1.37.2 pkg/api/v1/pod/util.go.
func containerShouldRestart(c *v1.Container, spec *v1.PodSpec, exitCode int32) bool {
	if c.RestartPolicy != nil {
		if rule, ok := matchingRestartRule(c, exitCode); ok {
			switch rule.Action {
			case v1.ContainerRestartRuleActionRestart, v1.ContainerRestartRuleActionRestartAllContainers:
				return true
			}
		}
		switch *c.RestartPolicy {
		case v1.ContainerRestartPolicyAlways:
			return true
		case v1.ContainerRestartPolicyOnFailure:
			return exitCode != 0
		case v1.ContainerRestartPolicyNever:
			return false
		}
	}
	switch spec.RestartPolicy {
	case v1.RestartPolicyOnFailure:
		return exitCode != 0
	case v1.RestartPolicyNever:
		return false
	}
	return true
}

// matchingRestartRule is podutil.FindMatchingContainerRestartRule.
func matchingRestartRule(c *v1.Container, exitCode int32) (v1.ContainerRestartRule, bool) {
	for _, r := range c.RestartPolicyRules {
		if r.ExitCodes == nil {
			continue
		}
		in := false
		for _, v := range r.ExitCodes.Values {
			if v == exitCode {
				in = true
			}
		}
		switch r.ExitCodes.Operator {
		case v1.ContainerRestartRuleOnExitCodesOpIn:
			if in {
				return r, true
			}
		case v1.ContainerRestartRuleOnExitCodesOpNotIn:
			if !in {
				return r, true
			}
		}
	}
	return v1.ContainerRestartRule{}, false
}

func getStatus(statuses []v1.ContainerStatus, name string) (v1.ContainerStatus, bool) {
	for _, s := range statuses {
		if s.Name == name {
			return s, true
		}
	}
	return v1.ContainerStatus{}, false
}

// getPhase is the kubelet's pod phase rule with ContainerRestartRules and
// RestartAllContainersOnContainerExits on. k8s.io/kubernetes v1.37.2
// pkg/kubelet/kubelet_pods.go getPhase.
func getPhase(pod *v1.Pod, info []v1.ContainerStatus, podIsTerminal, podHasInitialized bool) v1.PodPhase {
	spec := &pod.Spec
	pendingRestartableInit, pendingRegularInit, failedInitNotRestartable := 0, 0, 0

	for i := range spec.InitContainers {
		c := &spec.InitContainers[i]
		if isRestartableInit(c) {
			continue
		}
		cs, ok := getStatus(info, c.Name)
		if !ok {
			pendingRegularInit++
			continue
		}
		switch {
		case cs.State.Running != nil:
			pendingRegularInit++
		case cs.State.Terminated != nil:
			if code := cs.State.Terminated.ExitCode; code != 0 {
				if !containerShouldRestart(c, spec, code) && cs.State.Terminated.Reason != restartingAllContainers {
					failedInitNotRestartable++
				}
			}
		case cs.State.Waiting != nil:
			if t := cs.LastTerminationState.Terminated; t != nil {
				if t.ExitCode != 0 && !containerShouldRestart(c, spec, t.ExitCode) && t.Reason != restartingAllContainers {
					failedInitNotRestartable++
				}
			} else {
				pendingRegularInit++
			}
		default:
			pendingRegularInit++
		}
	}

	unknown, running, waiting, stopped, stoppedNotRestartable, succeeded := 0, 0, 0, 0, 0, 0
	for i := range spec.InitContainers {
		c := &spec.InitContainers[i]
		if !isRestartableInit(c) {
			continue
		}
		cs, ok := getStatus(info, c.Name)
		if !ok {
			unknown++
			continue
		}
		switch {
		case cs.State.Running != nil:
			if cs.Started == nil || !*cs.Started {
				pendingRestartableInit++
			}
			running++
		case cs.State.Terminated != nil:
		case cs.State.Waiting != nil:
			if cs.LastTerminationState.Terminated == nil {
				pendingRestartableInit++
				waiting++
			}
		default:
			pendingRestartableInit++
			unknown++
		}
	}

	for i := range spec.Containers {
		c := &spec.Containers[i]
		cs, ok := getStatus(info, c.Name)
		if !ok {
			unknown++
			continue
		}
		switch {
		case cs.State.Running != nil:
			running++
		case cs.State.Terminated != nil:
			stopped++
			code := cs.State.Terminated.ExitCode
			if !containerShouldRestart(c, spec, code) && cs.State.Terminated.Reason != restartingAllContainers {
				stoppedNotRestartable++
			}
			if code == 0 {
				succeeded++
			}
		case cs.State.Waiting != nil:
			if t := cs.LastTerminationState.Terminated; t != nil {
				stopped++
				if !containerShouldRestart(c, spec, t.ExitCode) && t.Reason != restartingAllContainers {
					stoppedNotRestartable++
				}
			} else {
				waiting++
			}
		default:
			unknown++
		}
	}

	if failedInitNotRestartable > 0 {
		return v1.PodFailed
	}
	switch {
	case pendingRegularInit > 0 || (pendingRestartableInit > 0 && !podHasInitialized):
		return v1.PodPending
	case waiting > 0:
		return v1.PodPending
	case running > 0 && unknown == 0:
		return v1.PodRunning
	case running == 0 && stopped > 0 && unknown == 0:
		if podIsTerminal {
			if stopped == succeeded {
				return v1.PodSucceeded
			}
			return v1.PodFailed
		}
		if stopped != stoppedNotRestartable {
			return v1.PodRunning
		}
		if stopped == succeeded {
			return v1.PodSucceeded
		}
		return v1.PodFailed
	default:
		return v1.PodPending
	}
}

// restartingAllContainers is the RestartAllContainers reason (kubelet_pods.go).
const restartingAllContainers = "RestartingAllContainers"

// convertToAPIContainerStatuses ports the kubelet's conversion of runtime container states
// into API statuses. k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet_pods.go
// convertToAPIContainerStatuses (RecursiveReadOnlyMounts GA, InPlacePodVerticalScaling GA,
// SupplementalGroupsPolicy GA, RestartAllContainersOnContainerExits beta on,
// ChangeContainerStatusOnKubeletRestart deprecated off).
func (kl *Kubelet) convertToAPIContainerStatuses(p *podState, previous []v1.ContainerStatus, containers []v1.Container, hasInit, isInit bool) []v1.ContainerStatus {
	pod := p.pod
	convert := func(cs *ctr, old *v1.ContainerStatus) *v1.ContainerStatus {
		st := &v1.ContainerStatus{
			Name:         cs.Name,
			RestartCount: int32(cs.Attempt),
			Image:        cs.Image,
			ImageID:      cs.ImageID,
			ContainerID:  cs.ID(),
		}
		if old != nil {
			st.VolumeMounts = old.VolumeMounts
			if old.RestartCount > st.RestartCount {
				st.RestartCount = old.RestartCount
			}
			if old.ContainerID != st.ContainerID && old.State.Terminated != nil {
				st.LastTerminationState.Terminated = old.State.Terminated
			} else if old.LastTerminationState.Terminated != nil {
				st.LastTerminationState.Terminated = old.LastTerminationState.Terminated
			}
		}
		switch cs.State {
		case stateRunning:
			st.State.Running = &v1.ContainerStateRunning{StartedAt: metav1.NewTime(cs.StartedAt)}
			if old != nil && old.State.Terminated != nil && old.RestartCount >= int32(cs.Attempt) {
				st.RestartCount = old.RestartCount + 1
			}
		case stateCreated:
			st.State.Waiting = &v1.ContainerStateWaiting{}
		case stateExited:
			st.State.Terminated = &v1.ContainerStateTerminated{
				ExitCode:    int32(cs.ExitCode),
				Reason:      cs.Reason,
				Message:     cs.Message,
				StartedAt:   metav1.NewTime(cs.StartedAt),
				FinishedAt:  metav1.NewTime(cs.FinishedAt),
				ContainerID: cs.ID(),
			}
		default:
			st.State.Waiting = &v1.ContainerStateWaiting{}
		}
		return st
	}

	// The real code keeps maps by container name; a Pod has a handful of containers with
	// distinct names, so lists searched linearly give the same answers for less work.
	// oldStatus is the map lookup of the previous statuses (the last one of a name wins).
	oldStatus := func(name string) (v1.ContainerStatus, bool) {
		for i := len(previous) - 1; i >= 0; i-- {
			if previous[i].Name == name {
				return previous[i], true
			}
		}
		return v1.ContainerStatus{}, false
	}
	// statuses[i] is the status of containers[i]; status finds it by name.
	statuses := make([]*v1.ContainerStatus, len(containers))
	status := func(name string) (*v1.ContainerStatus, int) {
		for i := len(containers) - 1; i >= 0; i-- { // the last container of a name wins, as in a map
			if containers[i].Name == name {
				return statuses[i], i
			}
		}
		return nil, -1
	}
	defaultWaiting := v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reasonContainerCreating}}
	if hasInit {
		defaultWaiting = v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reasonPodInitializing}}
	}
	fresh := make([]v1.ContainerStatus, len(containers))
	for ci, c := range containers {
		st := &fresh[ci]
		*st = v1.ContainerStatus{Name: c.Name, Image: c.Image, State: v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: defaultWaiting.Waiting.Reason}}}
		for _, vm := range c.VolumeMounts {
			vs := v1.VolumeMountStatus{Name: vm.Name, MountPath: vm.MountPath, ReadOnly: vm.ReadOnly}
			if vm.ReadOnly {
				mode := v1.RecursiveReadOnlyDisabled
				vs.RecursiveReadOnly = &mode
			}
			st.VolumeMounts = append(st.VolumeMounts, vs)
		}
		if old, ok := oldStatus(c.Name); ok {
			if old.State.Terminated != nil {
				*st = old
			} else {
				st.RestartCount = old.RestartCount
				st.LastTerminationState = old.LastTerminationState
			}
		}
		statuses[ci] = st
	}

	// Containers the runtime no longer knows although they used to run.
	for _, c := range containers {
		if p.find(c.Name) != nil {
			continue
		}
		old, ok := oldStatus(c.Name)
		if !ok || old.State.Terminated != nil || old.State.Running == nil {
			continue
		}
		st, _ := status(c.Name)
		isDefault := st.State.Waiting != nil && st.State.Waiting.Reason == defaultWaiting.Waiting.Reason
		if !isDefault || st.LastTerminationState.Terminated != nil {
			continue
		}
		st.LastTerminationState.Terminated = &v1.ContainerStateTerminated{
			Reason:   containerStatusUnknown,
			Message:  containerMissingAfterRun,
			ExitCode: 137,
		}
		if pod.DeletionTimestamp == nil {
			st.RestartCount++
		}
	}

	var seenArr [8]int
	seen := seenArr[:0]
	if len(containers) <= len(seenArr) {
		seen = seenArr[:len(containers)]
	} else {
		seen = make([]int, len(containers))
	}
	var orderArr [16]*ctr
	for _, cs := range p.newestFirstInto(orderArr[:0]) {
		_, si := status(cs.Name)
		if si < 0 || cs.Init != isInit {
			continue
		}
		if seen[si] >= 2 {
			continue
		}
		var oldPtr *v1.ContainerStatus
		if old, ok := oldStatus(cs.Name); ok {
			oldPtr = &old
		}
		st := convert(cs, oldPtr)
		if cs.State == stateRunning {
			if old, ok := oldStatus(cs.Name); ok && old.Started != nil {
				st.Started = old.Started
			}
		}
		if spec := containerSpec(pod, cs.Name); spec != nil {
			// InPlacePodVerticalScaling: status.resources mirror the allocated (spec)
			// resources in the simulator (the runtime applies them as given).
			st.Resources = spec.Resources.DeepCopy()
			st.AllocatedResources = spec.Resources.Requests.DeepCopy()
		}
		st.User = kl.rt.ContainerUser(cs.rawID)
		if seen[si] == 0 {
			statuses[si] = st
		} else {
			statuses[si].LastTerminationState = st.State
		}
		seen[si]++
	}

	for i := range containers {
		c := &containers[i]
		if isInit {
			s := p.find(c.Name)
			if s != nil && s.State == stateExited && s.ExitCode == 0 {
				continue
			}
		}
		if !shouldContainerBeRestarted(c, pod, p) {
			continue
		}
		st, _ := status(c.Name)
		reason, ok := p.reasons[c.Name]
		if !ok {
			continue
		}
		if st.State.Terminated != nil {
			st.LastTerminationState = st.State
		}
		st.State = v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reason.Err, Message: reason.Message}}
	}

	out := make([]v1.ContainerStatus, 0, len(statuses))
	if isInit {
		// kubetypes.SortStatusesOfInitContainers: spec order.
		for _, c := range containers {
			st, _ := status(c.Name)
			out = append(out, *st)
		}
		return out
	}
	for i, st := range statuses {
		if _, si := status(containers[i].Name); si == i { // one per name, as the map held
			out = append(out, *st)
		}
	}
	// kubetypes.SortedContainerStatuses: by name (distinct names).
	slices.SortFunc(out, func(a, b v1.ContainerStatus) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func containerSpec(pod *v1.Pod, name string) *v1.Container {
	for i := range pod.Spec.InitContainers {
		if pod.Spec.InitContainers[i].Name == name {
			return &pod.Spec.InitContainers[i]
		}
	}
	for i := range pod.Spec.Containers {
		if pod.Spec.Containers[i].Name == name {
			return &pod.Spec.Containers[i]
		}
	}
	return nil
}

// shouldContainerBeRestarted is kubecontainer.ShouldContainerBeRestarted with
// ContainerRestartRules on. k8s.io/kubernetes v1.37.2 pkg/kubelet/container/helpers.go.
func shouldContainerBeRestarted(c *v1.Container, pod *v1.Pod, p *podState) bool {
	if pod.DeletionTimestamp != nil {
		return false
	}
	s := p.find(c.Name)
	if s == nil {
		return true
	}
	switch s.State {
	case stateRunning:
		return false
	case stateUnknown, stateCreated:
		return true
	}
	return containerShouldRestart(c, &pod.Spec, int32(s.ExitCode))
}

// hasAnyActiveRegularContainerStarted is kubecontainer.HasAnyActiveRegularContainerStarted.
func hasAnyActiveRegularContainerStarted(pod *v1.Pod, p *podState) bool {
	if p.sandbox() == nil {
		return false
	}
	for _, c := range pod.Spec.Containers {
		if p.find(c.Name) != nil {
			return true
		}
	}
	return false
}

// hasAnyRegularContainerStarted is kubecontainer.HasAnyRegularContainerStarted.
func hasAnyRegularContainerStarted(spec *v1.PodSpec, statuses []v1.ContainerStatus) bool {
	for _, c := range spec.Containers {
		if s, ok := getStatus(statuses, c.Name); ok && (s.State.Running != nil || s.State.Terminated != nil) {
			return true
		}
	}
	return false
}

// generateAPIPodStatus is the kubelet's status generation. k8s.io/kubernetes v1.37.2
// pkg/kubelet/kubelet_pods.go generateAPIPodStatus + convertStatusToAPIStatus, the
// prober manager's UpdatePodStatus (Started/Ready) and the generators of
// pkg/kubelet/status/generate.go.
func (kl *Kubelet) generateAPIPodStatus(p *podState, podIsTerminal bool) v1.PodStatus {
	pod := p.pod
	old := pod.Status
	if p.status != nil {
		old = *p.status
	}
	var s v1.PodStatus
	for _, ip := range p.podIPs() {
		s.PodIPs = append(s.PodIPs, v1.PodIP{IP: ip})
	}
	if len(s.PodIPs) > 0 {
		s.PodIP = s.PodIPs[0].IP
	}
	s.QOSClass = qos.GetPodQOS(pod)
	hasInit := len(pod.Spec.InitContainers) > 0
	s.ContainerStatuses = kl.convertToAPIContainerStatuses(p, old.ContainerStatuses, pod.Spec.Containers, hasInit, false)
	s.InitContainerStatuses = kl.convertToAPIContainerStatuses(p, old.InitContainerStatuses, pod.Spec.InitContainers, hasInit, true)
	if len(s.InitContainerStatuses) == 0 {
		s.InitContainerStatuses = nil
	}

	all := make([]v1.ContainerStatus, 0, len(s.ContainerStatuses)+len(s.InitContainerStatuses))
	all = append(append(all, s.ContainerStatuses...), s.InitContainerStatuses...)
	s.Phase = getPhase(pod, all, podIsTerminal, hasAnyActiveRegularContainerStarted(pod, p))
	if s.Phase != v1.PodFailed && s.Phase != v1.PodSucceeded {
		switch {
		case old.Phase == v1.PodFailed || old.Phase == v1.PodSucceeded:
			s.Phase = old.Phase
		case pod.Status.Phase == v1.PodFailed || pod.Status.Phase == v1.PodSucceeded:
			s.Phase = pod.Status.Phase
		}
	}
	if s.Phase == old.Phase {
		s.Reason, s.Message = old.Reason, old.Message
		if s.Reason == "" {
			s.Reason = pod.Status.Reason
		}
		if s.Message == "" {
			s.Message = pod.Status.Message
		}
	}
	if pod.Status.Phase == v1.PodFailed || pod.Status.Phase == v1.PodSucceeded {
		s.Phase = pod.Status.Phase
	}

	kl.updateProbeStatus(p, &s)

	// Conditions: those not owned by the kubelet first, then the kubelet's in its order.
	others := 0
	for _, c := range pod.Status.Conditions {
		if !conditionByKubelet(c.Type) {
			others++
		}
	}
	s.Conditions = make([]v1.PodCondition, 0, others+5) // the kubelet adds at most 5
	for _, c := range pod.Status.Conditions {
		if !conditionByKubelet(c.Type) {
			s.Conditions = append(s.Conditions, c)
		}
	}
	if kl.version.PodReadyToStartContainers {
		s.Conditions = append(s.Conditions, kl.readyToStartContainersCondition(p))
	}
	// The generators see init containers first (kubelet_pods.go allContainerStatuses).
	allStatuses := all[:0]
	allStatuses = append(append(allStatuses, s.InitContainerStatuses...), s.ContainerStatuses...)
	s.Conditions = append(s.Conditions, initializedCondition(pod, &old, allStatuses, s.Phase))
	s.Conditions = append(s.Conditions, podReadyCondition(pod, s.Conditions, allStatuses, s.Phase))
	s.Conditions = append(s.Conditions, containersReadyCondition(pod, allStatuses, s.Phase))
	s.Conditions = append(s.Conditions, v1.PodCondition{Type: v1.PodScheduled, Status: v1.ConditionTrue})

	s.HostIP = kl.opts.NodeIP
	s.HostIPs = []v1.HostIP{{IP: kl.opts.NodeIP}}
	if pod.Spec.HostNetwork && s.PodIP == "" {
		s.PodIP = kl.opts.NodeIP
		s.PodIPs = []v1.PodIP{{IP: s.PodIP}}
	}
	if kl.version.PodObservedGeneration {
		s.ObservedGeneration = pod.Generation
		for i := range s.Conditions {
			if conditionByKubelet(s.Conditions[i].Type) {
				s.Conditions[i].ObservedGeneration = pod.Generation
			}
		}
	}
	return s
}

// conditionByKubelet is kubetypes.PodConditionByKubelet (pkg/kubelet/types/pod_status.go).
func conditionByKubelet(t v1.PodConditionType) bool {
	switch t {
	case v1.PodScheduled, v1.PodReady, v1.PodInitialized, v1.ContainersReady,
		v1.PodResizeInProgress, v1.PodResizePending, v1.PodReadyToStartContainers, v1.AllContainersRestarting:
		return true
	}
	return false
}

// readyToStartContainersCondition is status.GeneratePodReadyToStartContainersCondition with
// runtimeutil.PodSandboxChanged's reasons.
func (kl *Kubelet) readyToStartContainersCondition(p *podState) v1.PodCondition {
	c := v1.PodCondition{Type: v1.PodReadyToStartContainers, Status: v1.ConditionTrue}
	sb := p.sandbox()
	switch {
	case sb == nil:
		c.Status, c.Reason, c.Message = v1.ConditionFalse, sandboxNotReadyReason, sandboxMsgNoPodSandbox
	case !sb.Ready:
		c.Status, c.Reason, c.Message = v1.ConditionFalse, sandboxNotReadyReason, sandboxMsgSandboxNotRdy
	}
	return c
}

// listNames prints names as fmt's %s does for a []string: "[a b]".
func listNames(names []string) string { return "[" + strings.Join(names, " ") + "]" }

// containersReadyCondition is status.GenerateContainersReadyCondition.
func containersReadyCondition(pod *v1.Pod, statuses []v1.ContainerStatus, phase v1.PodPhase) v1.PodCondition {
	if statuses == nil {
		return v1.PodCondition{Type: v1.ContainersReady, Status: v1.ConditionFalse, Reason: condUnknownContainerStatuses}
	}
	var unknown, unready []string
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		if !isRestartableInit(c) {
			continue
		}
		if cs, ok := getStatus(statuses, c.Name); ok {
			if !cs.Ready {
				unready = append(unready, c.Name)
			}
		} else {
			unknown = append(unknown, c.Name)
		}
	}
	for _, c := range pod.Spec.Containers {
		if cs, ok := getStatus(statuses, c.Name); ok {
			if !cs.Ready {
				unready = append(unready, c.Name)
			}
		} else {
			unknown = append(unknown, c.Name)
		}
	}
	if phase == v1.PodSucceeded && len(unknown) == 0 {
		return v1.PodCondition{Type: v1.ContainersReady, Status: v1.ConditionFalse, Reason: condPodCompleted}
	}
	if phase == v1.PodFailed {
		return v1.PodCondition{Type: v1.ContainersReady, Status: v1.ConditionFalse, Reason: condPodFailed}
	}
	var msgs []string
	if len(unknown) > 0 {
		msgs = append(msgs, "containers with unknown status: "+listNames(unknown))
	}
	if len(unready) > 0 {
		msgs = append(msgs, "containers with unready status: "+listNames(unready))
	}
	if len(msgs) > 0 {
		return v1.PodCondition{Type: v1.ContainersReady, Status: v1.ConditionFalse, Reason: condContainersNotReady, Message: strings.Join(msgs, ", ")}
	}
	return v1.PodCondition{Type: v1.ContainersReady, Status: v1.ConditionTrue}
}

// podReadyCondition is status.GeneratePodReadyCondition.
func podReadyCondition(pod *v1.Pod, conds []v1.PodCondition, statuses []v1.ContainerStatus, phase v1.PodPhase) v1.PodCondition {
	cr := containersReadyCondition(pod, statuses, phase)
	if cr.Status != v1.ConditionTrue {
		return v1.PodCondition{Type: v1.PodReady, Status: cr.Status, Reason: cr.Reason, Message: cr.Message}
	}
	var msgs []string
	for _, rg := range pod.Spec.ReadinessGates {
		var found *v1.PodCondition
		for i := range conds {
			if conds[i].Type == rg.ConditionType {
				found = &conds[i]
			}
		}
		if found == nil {
			msgs = append(msgs, fmt.Sprintf("corresponding condition of pod readiness gate %q does not exist.", string(rg.ConditionType)))
		} else if found.Status != v1.ConditionTrue {
			msgs = append(msgs, fmt.Sprintf("the status of pod readiness gate %q is not \"True\", but %v", string(rg.ConditionType), found.Status))
		}
	}
	if len(msgs) > 0 {
		return v1.PodCondition{Type: v1.PodReady, Status: v1.ConditionFalse, Reason: condReadinessGatesNotReady, Message: strings.Join(msgs, ", ")}
	}
	return v1.PodCondition{Type: v1.PodReady, Status: v1.ConditionTrue}
}

// initializedCondition is status.GeneratePodInitializedCondition.
func initializedCondition(pod *v1.Pod, old *v1.PodStatus, statuses []v1.ContainerStatus, phase v1.PodPhase) v1.PodCondition {
	if statuses == nil && len(pod.Spec.InitContainers) > 0 {
		return v1.PodCondition{Type: v1.PodInitialized, Status: v1.ConditionFalse, Reason: condUnknownContainerStatuses}
	}
	var unknown, incomplete []string
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		cs, ok := getStatus(statuses, c.Name)
		if !ok {
			unknown = append(unknown, c.Name)
			continue
		}
		if isRestartableInit(c) {
			if cs.Started == nil || !*cs.Started {
				incomplete = append(incomplete, c.Name)
			}
		} else if !cs.Ready {
			incomplete = append(incomplete, c.Name)
		}
	}
	if phase == v1.PodSucceeded && len(unknown) == 0 {
		return v1.PodCondition{Type: v1.PodInitialized, Status: v1.ConditionTrue, Reason: condPodCompleted}
	}
	if hasAnyRegularContainerStarted(&pod.Spec, statuses) {
		return v1.PodCondition{Type: v1.PodInitialized, Status: v1.ConditionTrue}
	}
	var msgs []string
	if len(unknown) > 0 {
		msgs = append(msgs, "containers with unknown status: "+listNames(unknown))
	}
	if len(incomplete) > 0 {
		msgs = append(msgs, "containers with incomplete status: "+listNames(incomplete))
	}
	if len(msgs) > 0 {
		for _, c := range old.Conditions {
			if c.Type == v1.PodInitialized && c.Status == v1.ConditionTrue {
				return v1.PodCondition{Type: v1.PodInitialized, Status: v1.ConditionTrue}
			}
		}
		return v1.PodCondition{Type: v1.PodInitialized, Status: v1.ConditionFalse, Reason: condContainersNotInitialized, Message: strings.Join(msgs, ", ")}
	}
	return v1.PodCondition{Type: v1.PodInitialized, Status: v1.ConditionTrue}
}

// finishStatus applies the status manager's rules to a generated status before it is cached
// and sent: condition transition times, startTime, timestamps truncated to seconds, and the
// terminal-phase rules of mergePodStatus. k8s.io/kubernetes v1.37.2
// pkg/kubelet/status/status_manager.go updateStatusInternal, normalizeStatus, mergePodStatus.
func (kl *Kubelet) finishStatus(p *podState, s *v1.PodStatus, couldHaveRunning bool) {
	old := p.pod.Status
	if p.status != nil {
		old = *p.status
	}
	now := metav1.NewTime(kl.clk.Now())
	for i := range s.Conditions {
		c := &s.Conditions[i]
		if !conditionByKubelet(c.Type) {
			continue
		}
		c.LastTransitionTime = now
		for _, o := range old.Conditions {
			if o.Type == c.Type && o.Status == c.Status {
				c.LastTransitionTime = o.LastTransitionTime
			}
		}
	}
	if old.StartTime != nil && !old.StartTime.IsZero() {
		s.StartTime = old.StartTime.DeepCopy()
	} else if s.StartTime.IsZero() {
		s.StartTime = &now
	}
	if old.ObservedGeneration > s.ObservedGeneration {
		s.ObservedGeneration = old.ObservedGeneration
	}
	normalizeStatus(p.pod, s)

	// mergePodStatus: hold back a terminal phase while containers may still run; a terminal
	// phase forces Ready/ContainersReady False.
	if !isTerminalPhase(old.Phase) && isTerminalPhase(s.Phase) && couldHaveRunning {
		s.Phase, s.Reason, s.Message = old.Phase, old.Reason, old.Message
	}
	if isTerminalPhase(s.Phase) {
		for i := range s.Conditions {
			c := &s.Conditions[i]
			if (c.Type == v1.PodReady || c.Type == v1.ContainersReady) && c.Status == v1.ConditionTrue {
				c.Status = v1.ConditionFalse
				c.Reason = condPodCompleted
				if s.Phase == v1.PodFailed {
					c.Reason = condPodFailed
				}
				c.Message = ""
				c.LastTransitionTime = now
			}
		}
	}
}

func isTerminalPhase(p v1.PodPhase) bool { return p == v1.PodSucceeded || p == v1.PodFailed }

// normalizeStatus truncates timestamps to seconds (RFC 3339) and trims termination messages
// (MaxPodTerminationMessageLogLength = 1024*12 shared by the containers).
func normalizeStatus(pod *v1.Pod, s *v1.PodStatus) {
	per := 1024 * 12
	if n := len(pod.Spec.Containers) + len(pod.Spec.InitContainers) + len(pod.Spec.EphemeralContainers); n > 0 {
		per /= n
	}
	// metav1.Time.Rfc3339Copy without the format/parse round trip: whole seconds, UTC.
	ts := func(t *metav1.Time) {
		if !t.IsZero() {
			t.Time = t.Time.Truncate(time.Second).UTC()
		}
	}
	state := func(c *v1.ContainerState) {
		if c.Running != nil {
			ts(&c.Running.StartedAt)
		}
		if c.Terminated != nil {
			ts(&c.Terminated.StartedAt)
			ts(&c.Terminated.FinishedAt)
			if len(c.Terminated.Message) > per {
				c.Terminated.Message = c.Terminated.Message[:per]
			}
		}
	}
	if s.StartTime != nil {
		ts(s.StartTime)
	}
	for i := range s.Conditions {
		ts(&s.Conditions[i].LastProbeTime)
		ts(&s.Conditions[i].LastTransitionTime)
	}
	for _, list := range [][]v1.ContainerStatus{s.ContainerStatuses, s.InitContainerStatuses, s.EphemeralContainerStatuses} {
		for i := range list {
			state(&list[i].State)
			state(&list[i].LastTerminationState)
		}
	}
}
