package kubelet

import (
	"fmt"
	"time"

	v1 "k8s.io/api/core/v1"
)

// Waiting reasons of failed starts. k8s.io/kubernetes v1.37.2 pkg/kubelet/images/types.go,
// pkg/kubelet/container/sync_result.go, pkg/kubelet/kuberuntime/kuberuntime_container.go.
const (
	reasonCrashLoopBackOff     = "CrashLoopBackOff"
	reasonErrImagePull         = "ErrImagePull"
	reasonImagePullBackOff     = "ImagePullBackOff"
	reasonErrImageNeverPull    = "ErrImageNeverPull"
	reasonInvalidImageName     = "InvalidImageName"
	reasonCreateConfigError    = "CreateContainerConfigError"
	reasonCreateContainerError = "CreateContainerError"
	reasonRunContainerError    = "RunContainerError"
	reasonPostStartHookError   = "PostStartHookError"
)

// Event reasons. k8s.io/kubernetes v1.37.2 pkg/kubelet/events/event.go.
const (
	evCreated             = "Created"
	evStarted             = "Started"
	evFailed              = "Failed"
	evKilling             = "Killing"
	evBackOff             = "BackOff"
	evPulling             = "Pulling"
	evPulled              = "Pulled"
	evInspectFailed       = "InspectFailed"
	evErrImageNeverPull   = "ErrImageNeverPull"
	evUnhealthy           = "Unhealthy"
	evProbeWarning        = "ProbeWarning"
	evFailedPostStartHook = "FailedPostStartHook"
	evFailedPreStopHook   = "FailedPreStopHook"
	evFailedMount         = "FailedMount"
	evFailedCreateSandbox = "FailedCreatePodSandBox"
	evExceededGrace       = "ExceededGracePeriod"
)

// Termination message limits. k8s.io/kubernetes v1.37.2 pkg/kubelet/container/runtime.go.
const (
	maxTerminationMessageLength    = 1024 * 4
	maxTerminationMessageLogLength = 1024 * 2
	maxTerminationMessageLogLines  = 80
)

// syncResult is one kubecontainer.SyncResult.
type syncResult struct {
	start bool // a StartContainer result (feeds the reason cache)
	name  string
	err   error
	msg   string
}

// syncPod is Kubelet.SyncPod + kubeGenericRuntimeManager.SyncPod, run as a chain of steps on
// the clock. done(err, transition) ends the pod worker's turn.
func (kl *Kubelet) syncPod(p *podState, gen int, done func(error, bool)) {
	// The status is a function of the runtime records, the reason cache, the probe results,
	// the Pod and the last status: when none changed since the last sync, generating it again
	// would give the same status (and no write), so the simulator skips the work.
	if fp := kl.statusFingerprint(p); p.status == nil || fp != p.statusFP {
		s := kl.generateAPIPodStatus(p, false)
		if isTerminalPhase(s.Phase) {
			// kubelet.go SyncPod: "If the pod is terminal, we don't need to continue".
			kl.setPodStatus(p, s)
			p.phase = phaseTerminating
			p.terminalStatus = true
			done(nil, true)
			return
		}
		kl.setPodStatus(p, s)
		p.statusFP = kl.statusFingerprint(p)
	} else {
		kl.retriggerReadiness(p)
	}

	if p.sandbox() == nil {
		if err := kl.checkVolumes(p); err != nil {
			done(err, false)
			return
		}
	}

	ch := kl.computePodActions(p)
	var results []*syncResult
	alive := func() bool { return gen == p.generation && p.phase == phaseSyncing }
	finish := func() {
		kl.updateReasonCache(p, results)
		err := aggregate(results)
		if len(results) > 0 && err == nil {
			// postSync: RequestPodRelist (PLEGOnDemandRelist, GA in 1.37): the started
			// containers are seen, and synced, at once.
			p.pending = true
		}
		done(err, false)
	}

	startRegular := func() {
		i := 0
		var next func()
		next = func() {
			if !alive() {
				done(nil, false)
				return
			}
			if i >= len(ch.ContainersToStart) {
				finish()
				return
			}
			c := &p.pod.Spec.Containers[ch.ContainersToStart[i]]
			i++
			kl.startContainer(p, c, false, &results, func(error) { next() })
		}
		next()
	}
	startInit := func() {
		i := 0
		var next func()
		next = func() {
			if !alive() {
				done(nil, false)
				return
			}
			if i >= len(ch.InitContainersToStart) {
				startRegular()
				return
			}
			c := &p.pod.Spec.InitContainers[ch.InitContainersToStart[i]]
			i++
			kl.startContainer(p, c, true, &results, func(err error) {
				if err != nil && !isRestartableInit(c) {
					finish()
					return
				}
				next()
			})
		}
		next()
	}
	sandbox := func() {
		if !ch.CreateSandbox {
			startInit()
			return
		}
		kl.clk.After(kl.d.SandboxCreate, func() {
			if !alive() {
				done(nil, false)
				return
			}
			if err := kl.createSandbox(p); err != nil {
				results = append(results, &syncResult{name: "sandbox", err: err, msg: err.Error()})
				finish()
				return
			}
			startInit()
		})
	}
	kill := func() {
		if ch.KillPod {
			kl.killPod(p, nil, func() {
				if ch.CreateSandbox {
					kl.purgeInitContainers(p)
				}
				sandbox()
			})
			return
		}
		i := 0
		var next func()
		next = func() {
			if i >= len(ch.ContainersToKill) {
				sandbox()
				return
			}
			k := ch.ContainersToKill[i]
			i++
			results = append(results, &syncResult{name: k.spec.Name})
			kl.killContainer(p, k.c, k.message, k.reason, nil, next)
		}
		next()
	}
	kill()
}

// aggregate is result.Error() + kubecontainer.MinBackoffExpiration: the earliest back-off
// expiry among the failures, else the first failure.
func aggregate(results []*syncResult) error {
	var first error
	var be *backoffError
	for _, r := range results {
		if r.err == nil {
			continue
		}
		if first == nil {
			first = r.err
		}
		if b, ok := r.err.(*backoffError); ok && (be == nil || b.at.Before(be.at)) {
			be = b
		}
	}
	if be != nil {
		return be
	}
	return first
}

// updateReasonCache is ReasonCache.Update (pkg/kubelet/reason_cache.go).
func (kl *Kubelet) updateReasonCache(p *podState, results []*syncResult) {
	for _, r := range results {
		if !r.start {
			continue
		}
		if r.err == nil {
			delete(p.reasons, r.name)
			continue
		}
		p.reasons[r.name] = reasonEntry{Err: r.err.Error(), Message: r.msg}
	}
}

// createSandbox is createPodSandbox + OnPodSandboxReady.
func (kl *Kubelet) createSandbox(p *podState) error {
	var attempt uint32
	if sb := p.sandbox(); sb != nil {
		attempt = sb.Attempt + 1
	}
	vols, err := kl.makeVolumes(p)
	if err != nil {
		return err
	}
	sb, err := kl.rt.RunPodSandbox(&SandboxConfig{Pod: p.pod, Hostname: podHostname(p.pod), Attempt: attempt, Volumes: vols})
	if err != nil {
		kl.podEvent(p, v1.EventTypeWarning, evFailedCreateSandbox, fmt.Sprintf("Failed to create pod sandbox: %v", err))
		return &syncError{reason: "CreatePodSandboxError", msg: err.Error()}
	}
	p.sandboxes = append(p.sandboxes, &sandboxState{ID: sb.ID, IP: sb.IP, Ready: true, Attempt: attempt})
	// The generic PLEG lists sandboxes with the containers: the new sandbox is a
	// ContainerStarted event at the next relist, which queues another sync.
	kl.relist(p)
	// OnPodSandboxReady (kubelet.go): PodReadyToStartContainers=True is written at once.
	st := p.pod.Status
	if p.status != nil {
		st = *p.status.DeepCopy()
	}
	replaced := false
	for i := range st.Conditions {
		if st.Conditions[i].Type == v1.PodReadyToStartContainers {
			st.Conditions[i].Status, st.Conditions[i].Reason, st.Conditions[i].Message = v1.ConditionTrue, "", ""
			replaced = true
		}
	}
	if !replaced {
		st.Conditions = append(st.Conditions, v1.PodCondition{Type: v1.PodReadyToStartContainers, Status: v1.ConditionTrue})
	}
	if kl.version.PodReadyToStartContainers {
		kl.setPodStatus(p, st)
	}
	return nil
}

// podHostname is GeneratePodHostNameAndDomain's hostname: spec.hostname or the Pod name,
// truncated to 63 characters.
func podHostname(pod *v1.Pod) string {
	h := pod.Name
	if pod.Spec.Hostname != "" {
		h = pod.Spec.Hostname
	}
	if len(h) > 63 {
		h = h[:63]
	}
	return h
}

// purgeInitContainers forgets the init containers of a previous sandbox.
func (kl *Kubelet) purgeInitContainers(p *podState) {
	var keep []*ctr
	for _, c := range p.ctrs {
		if !c.Init {
			keep = append(keep, c)
		}
	}
	p.ctrs = keep
}

// doBackOff is kuberuntime's doBackOff: whether the container is still in its crash-loop
// back-off. k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/kuberuntime_manager.go.
func (kl *Kubelet) doBackOff(p *podState, c *v1.Container) (bool, string, error) {
	var last *ctr
	for _, s := range p.ctrs {
		if s.Name == c.Name && s.State == stateExited && (last == nil || s.CreatedAt.After(last.CreatedAt) || s.CreatedAt.Equal(last.CreatedAt) && s.seq > last.seq) {
			last = s
		}
	}
	if last == nil {
		return false, "", nil
	}
	ts := last.FinishedAt
	key := kl.backoffKey(p, c)
	if kl.crashBackoff.IsInBackOffSince(key, ts) {
		desc := kl.descOf(p)
		kl.containerEvent(p, c.Name, v1.EventTypeWarning, evBackOff, fmt.Sprintf(kl.version.BackOffMessage, c.Name, desc))
		d := kl.crashBackoff.Get(key)
		msg := fmt.Sprintf(kl.version.CrashLoopWaitingMessage, d, c.Name, desc)
		return true, msg, &backoffError{reason: reasonCrashLoopBackOff, at: ts.Add(d)}
	}
	kl.crashBackoff.Next(key, ts)
	return false, "", nil
}

// startContainer is SyncPod's startWithInitState + kuberuntime's startContainer: back-off
// check, image, config, create, start, postStart hook. next receives the start's error.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer.
func (kl *Kubelet) startContainer(p *podState, c *v1.Container, isInit bool, results *[]*syncResult, next func(error)) {
	res := &syncResult{start: true, name: c.Name}
	*results = append(*results, res)
	fail := func(err error, msg string) {
		res.err, res.msg = err, msg
		next(err)
	}
	if in, msg, err := kl.doBackOff(p, c); in {
		fail(err, msg)
		return
	}
	kl.ensureImageExists(p, c, func(imageID, msg string, err error) {
		if p.phase != phaseSyncing {
			// The Pod is being terminated: the pod worker abandons this sync.
			next(&syncError{reason: "PodTerminating"})
			return
		}
		if err != nil {
			kl.containerEvent(p, c.Name, v1.EventTypeWarning, evFailed, fmt.Sprintf(kl.version.ErrorMessage, err))
			fail(err, msg)
			return
		}
		restartCount := 0
		if prev := p.find(c.Name); prev != nil {
			restartCount = prev.Attempt + 1
		}
		cfg, err := kl.generateContainerConfig(p, c, restartCount, imageID, isInit)
		if err != nil {
			kl.containerEvent(p, c.Name, v1.EventTypeWarning, evFailed, fmt.Sprintf(kl.version.ErrorMessage, err))
			fail(&syncError{reason: reasonCreateConfigError}, err.Error())
			return
		}
		kl.clk.After(kl.d.ContainerCreate, func() {
			sb := p.sandbox()
			if sb == nil {
				fail(&syncError{reason: reasonCreateContainerError}, "no sandbox")
				return
			}
			id, err := kl.rt.CreateContainer(sb.ID, cfg)
			if err != nil {
				kl.containerEvent(p, c.Name, v1.EventTypeWarning, evFailed, fmt.Sprintf(kl.version.ErrorMessage, err))
				fail(&syncError{reason: reasonCreateContainerError}, err.Error())
				return
			}
			kl.seq++
			inst := &ctr{seq: kl.seq, rawID: id, Name: c.Name, Init: isInit, Attempt: restartCount,
				Image: c.Image, ImageID: imageID, State: stateCreated, CreatedAt: kl.clk.Now()}
			p.ctrs = append(p.ctrs, inst)
			kl.gcContainers(p, c.Name)
			kl.containerEvent(p, c.Name, v1.EventTypeNormal, evCreated, kl.version.CreatedMessage(c.Name))
			kl.clk.After(kl.d.ContainerStart, func() {
				err := kl.rt.StartContainer(id, func(st ExitStatus) { kl.containerExited(p, inst, c, st) })
				if err != nil {
					now := kl.clk.Now()
					inst.State, inst.ExitCode, inst.Reason, inst.Message = stateExited, 128, "StartError", err.Error()
					inst.StartedAt, inst.FinishedAt = time.Unix(0, 0).UTC(), now
					kl.containerEvent(p, c.Name, v1.EventTypeWarning, evFailed, fmt.Sprintf(kl.version.ErrorMessage, err))
					fail(&syncError{reason: reasonRunContainerError}, err.Error())
					return
				}
				if inst.State == stateCreated {
					inst.State = stateRunning
					inst.StartedAt = kl.clk.Now()
				}
				kl.containerEvent(p, c.Name, v1.EventTypeNormal, evStarted, kl.version.StartedMessage(c.Name))
				kl.startProbes(p, inst)
				if c.Lifecycle == nil || c.Lifecycle.PostStart == nil {
					next(nil)
					return
				}
				kl.runHandler(p, inst, c, c.Lifecycle.PostStart, 0, func(msg string, herr error) {
					if herr == nil {
						next(nil)
						return
					}
					// do not record the message in the event so that secrets won't leak.
					kl.containerEvent(p, c.Name, v1.EventTypeWarning, evFailedPostStartHook, "PostStartHook failed")
					kl.killContainer(p, inst, "FailedPostStartHook", killPostStartHook, nil, func() {
						fail(&syncError{reason: reasonPostStartHookError}, msg)
					})
				})
			})
		})
	})
}

// containerExited records the end of a container's main process (the runtime's exit
// notification, as the next GetPodStatus would report it) and lets the PLEG notice it.
func (kl *Kubelet) containerExited(p *podState, inst *ctr, spec *v1.Container, st ExitStatus) {
	if inst.State == stateExited {
		return
	}
	now := kl.clk.Now()
	if inst.State == stateCreated {
		inst.StartedAt = now
	}
	inst.State, inst.FinishedAt, inst.ExitCode = stateExited, now, st.ExitCode
	inst.Reason = st.Reason
	if inst.Reason == "" {
		// containerd internal/cri/server/helpers.go: exit 0 Completed, OOM OOMKilled, else Error.
		switch {
		case st.OOMKilled:
			inst.Reason = "OOMKilled"
		case st.ExitCode == 0:
			inst.Reason = "Completed"
		default:
			inst.Reason = "Error"
		}
	}
	// kuberuntime_container.go convertToKubeContainerStatus: the termination message.
	fallback := spec.TerminationMessagePolicy == v1.TerminationMessageFallbackToLogsOnError && st.ExitCode != 0
	msg, checkLogs := "", fallback
	if spec.TerminationMessagePath != "" {
		if data, err := kl.rt.ReadFile(inst.rawID, spec.TerminationMessagePath); err == nil {
			if len(data) > maxTerminationMessageLength {
				data = data[len(data)-maxTerminationMessageLength:]
			}
			msg = string(data)
			checkLogs = fallback && len(data) == 0
		}
	}
	if checkLogs {
		tail := kl.rt.LogTail(inst.rawID, maxTerminationMessageLogLines)
		if len(tail) > maxTerminationMessageLogLength {
			tail = tail[len(tail)-maxTerminationMessageLogLength:]
		}
		msg = string(tail)
	}
	if msg != "" {
		if inst.Message != "" {
			inst.Message += ": "
		}
		inst.Message += msg
	}
	waiters := inst.exitWaiters
	inst.exitWaiters = nil
	for _, w := range waiters {
		w()
	}
	if p.phase != phaseGone {
		kl.relist(p)
	}
}

// gcContainers keeps the two newest instances of a container (the running one and the one
// `--previous` shows): the kubelet's container GC (minDeadContainerInPod, MaxPerPodContainer
// = 1 dead instance) and podContainerDeletor.
func (kl *Kubelet) gcContainers(p *podState, name string) {
	n := 0
	var keep []*ctr
	for i := len(p.ctrs) - 1; i >= 0; i-- {
		c := p.ctrs[i]
		if c.Name == name {
			n++
			if n > 2 && c.State == stateExited {
				// podContainerDeletor: the runtime removes the instance (CRI
				// RemoveContainer), when it can.
				if rm, ok := kl.rt.(containerRemover); ok {
					rm.RemoveContainer(c.rawID)
				}
				continue
			}
		}
		keep = append(keep, c)
	}
	for l, r := 0, len(keep)-1; l < r; l, r = l+1, r-1 {
		keep[l], keep[r] = keep[r], keep[l]
	}
	p.ctrs = keep
}

// containerRemover is the optional CRI RemoveContainer of a Runtime.
type containerRemover interface {
	RemoveContainer(containerID string)
}

// statusFingerprint hashes everything generateAPIPodStatus reads (an FNV-style mix).
func (kl *Kubelet) statusFingerprint(p *podState) uint64 {
	h := uint64(14695981039346656037)
	mix := func(v uint64) {
		h = (h ^ v) * 1099511628211
		h ^= h >> 29
	}
	str := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		mix(uint64(len(s)))
	}
	str(p.pod.ResourceVersion)
	mix(uint64(p.pod.Generation))
	if p.pod.DeletionTimestamp != nil {
		mix(1)
	}
	mix(p.statusSeq)
	for _, sb := range p.sandboxes {
		mix(uint64(sb.Attempt))
		if sb.Ready {
			mix(1)
		}
	}
	for _, c := range p.ctrs {
		mix(uint64(c.seq))
		mix(uint64(c.State))
		mix(uint64(c.ExitCode))
		mix(uint64(c.Attempt))
		mix(uint64(c.StartedAt.UnixNano()))
		mix(uint64(c.FinishedAt.UnixNano()))
		str(c.Reason)
		str(c.Message)
	}
	var rs uint64 // order-independent over the map
	for name, r := range p.reasons {
		g := h
		h = 14695981039346656037
		str(name)
		str(r.Err)
		str(r.Message)
		rs ^= h
		h = g
	}
	mix(rs)
	for _, w := range p.probes {
		var ps uint64
		for id, r := range w.results {
			g := h
			h = 14695981039346656037
			str(id)
			mix(uint64(r))
			ps ^= h
			h = g
		}
		mix(ps)
		if w.stopped {
			mix(1)
		}
	}
	return h
}
