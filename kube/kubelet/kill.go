package kubelet

import (
	"fmt"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
)

// setTerminationGracePeriod is kuberuntime's setTerminationGracePeriod.
func setTerminationGracePeriod(pod *v1.Pod, spec *v1.Container, reason killReason) int64 {
	switch {
	case pod.DeletionGracePeriodSeconds != nil:
		return *pod.DeletionGracePeriodSeconds
	case pod.Spec.TerminationGracePeriodSeconds != nil:
		switch reason {
		case killStartup:
			if spec.StartupProbe != nil && spec.StartupProbe.TerminationGracePeriodSeconds != nil {
				return *spec.StartupProbe.TerminationGracePeriodSeconds
			}
		case killLiveness:
			if spec.LivenessProbe != nil && spec.LivenessProbe.TerminationGracePeriodSeconds != nil {
				return *spec.LivenessProbe.TerminationGracePeriodSeconds
			}
		}
		return *pod.Spec.TerminationGracePeriodSeconds
	}
	return minimumGracePeriodInSeconds
}

// killContainer stops one container: Killing event, preStop hook within the grace period,
// then the runtime's StopContainer (stop signal, SIGKILL after the rest of the grace period).
// next runs once the container has exited. waitFor, when set, delays the stop signal until it
// calls back (termination ordering of sidecars) and reports the seconds it waited.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer.
func (kl *Kubelet) killContainer(p *podState, c *ctr, message string, reason killReason, graceOverride *int64, next func()) {
	kl.killContainerOrdered(p, c, message, reason, graceOverride, nil, next)
}

func (kl *Kubelet) killContainerOrdered(p *podState, c *ctr, message string, reason killReason, graceOverride *int64, waitFor func(grace int64, cb func(waited int64)), next func()) {
	if c.State == stateExited {
		next()
		return
	}
	spec := containerSpec(p.pod, c.Name)
	if spec == nil {
		spec = &v1.Container{Name: c.Name}
	}
	grace := setTerminationGracePeriod(p.pod, spec, reason)
	if message == "" {
		message = fmt.Sprintf(kl.version.KillingMessage, spec.Name)
	}
	kl.containerEvent(p, c.Name, v1.EventTypeNormal, evKilling, message)
	if graceOverride != nil {
		grace = *graceOverride
	}
	stop := func(grace int64) {
		if grace < minimumGracePeriodInSeconds {
			grace = minimumGracePeriodInSeconds
		}
		if c.State == stateExited {
			next()
			return
		}
		c.exitWaiters = append(c.exitWaiters, next)
		if !c.killRequested {
			c.killRequested = true
			kl.rt.StopContainer(c.rawID, time.Duration(grace)*time.Second)
		}
	}
	ordered := func(grace int64) {
		if waitFor == nil || grace <= 0 {
			stop(grace)
			return
		}
		waitFor(grace, func(waited int64) { stop(grace - waited) })
	}
	if spec.Lifecycle == nil || spec.Lifecycle.PreStop == nil || grace <= 0 {
		ordered(grace)
		return
	}
	// executePreStopHook: run the hook, wait for it at most the grace period, then take the
	// seconds it took off the grace period.
	start := kl.clk.Now()
	finished := false
	var timer interface{ Stop() bool }
	after := func() {
		if finished {
			return
		}
		finished = true
		if timer != nil {
			timer.Stop()
		}
		used := int64(kl.clk.Now().Sub(start).Seconds())
		ordered(grace - used)
	}
	timer = kl.clk.After(time.Duration(grace)*time.Second, after)
	kl.runHandler(p, c, spec, spec.Lifecycle.PreStop, 0, func(_ string, err error) {
		if err != nil && !finished {
			// do not record the message in the event so that secrets won't leak.
			kl.containerEvent(p, c.Name, v1.EventTypeWarning, evFailedPreStopHook, "PreStopHook failed")
		}
		after()
	})
}

// killPod stops every running container of the Pod in parallel (sidecars after the regular
// containers, in reverse order: terminationOrdering), then the sandbox.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/kuberuntime_manager.go killPodWithSyncResult,
// kuberuntime_termination_order.go.
func (kl *Kubelet) killPod(p *podState, graceOverride *int64, next func()) {
	running := p.running()
	stopSandbox := func() {
		if sb := p.sandbox(); sb != nil && sb.Ready {
			sb.Ready = false
			kl.rt.StopPodSandbox(sb.ID)
		}
		next()
	}
	if len(running) == 0 {
		stopSandbox()
		return
	}
	left := len(running)
	exited := map[string]bool{}
	waiters := map[string][]func(){}
	done := func(name string) func() {
		return func() {
			exited[name] = true
			for _, w := range waiters[name] {
				w()
			}
			waiters[name] = nil
			left--
			if left == 0 {
				stopSandbox()
			}
		}
	}
	// terminationOrdering: a sidecar waits for every regular container and every sidecar
	// declared after it.
	var sidecars []string
	for i := range p.pod.Spec.InitContainers {
		if isRestartableInit(&p.pod.Spec.InitContainers[i]) {
			sidecars = append(sidecars, p.pod.Spec.InitContainers[i].Name)
		}
	}
	runningNames := map[string]bool{}
	for _, c := range running {
		runningNames[c.Name] = true
	}
	dependsOn := func(name string) []string {
		idx := -1
		for i, s := range sidecars {
			if s == name {
				idx = i
			}
		}
		if idx < 0 {
			return nil
		}
		var deps []string
		for _, c := range p.pod.Spec.Containers {
			if runningNames[c.Name] {
				deps = append(deps, c.Name)
			}
		}
		for _, s := range sidecars[idx+1:] {
			if runningNames[s] {
				deps = append(deps, s)
			}
		}
		return deps
	}
	for _, c := range running {
		deps := dependsOn(c.Name)
		var waitFor func(int64, func(int64))
		if len(deps) > 0 {
			waitFor = func(grace int64, cb func(int64)) {
				start := kl.clk.Now()
				fired := false
				fire := func() {
					if fired {
						return
					}
					fired = true
					cb(int64(kl.clk.Now().Sub(start).Seconds()))
				}
				pending := 0
				for _, d := range deps {
					if !exited[d] {
						pending++
						waiters[d] = append(waiters[d], func() {
							pending--
							if pending == 0 {
								fire()
							}
						})
					}
				}
				if pending == 0 {
					fire()
					return
				}
				kl.clk.After(time.Duration(grace)*time.Second, fire)
			}
		}
		kl.killContainerOrdered(p, c, "", killUnknown, graceOverride, waitFor, done(c.Name))
	}
}

// runHandler runs a lifecycle hook (exec, httpGet, sleep) and reports its failure message.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/lifecycle/handlers.go Run.
func (kl *Kubelet) runHandler(p *podState, c *ctr, spec *v1.Container, h *v1.LifecycleHandler, timeout time.Duration, cb func(string, error)) {
	desc := kl.descOf(p)
	switch {
	case h.Exec != nil:
		kl.rt.ExecSync(c.rawID, h.Exec.Command, timeout, func(r ExecResult) {
			out := string(append(append([]byte{}, r.Stdout...), r.Stderr...))
			err := execError(h.Exec.Command, r, timeout)
			if err == nil {
				cb("", nil)
				return
			}
			cb(fmt.Sprintf("Exec lifecycle hook (%v) for Container %q in Pod %q failed - error: %v, message: %q", h.Exec.Command, spec.Name, desc, err, out), err)
		})
	case h.HTTPGet != nil:
		sb := p.sandbox()
		host := h.HTTPGet.Host
		if host == "" && sb != nil {
			host = sb.IP
		}
		port, err := resolvePort(h.HTTPGet.Port, spec)
		if err != nil || sb == nil {
			if err == nil {
				err = fmt.Errorf("failed to find networking container")
			}
			cb(fmt.Sprintf("HTTP lifecycle hook (%s) for Container %q in Pod %q failed - error: %v", h.HTTPGet.Path, spec.Name, desc, err), err)
			return
		}
		req := HTTPRequest{Scheme: string(h.HTTPGet.Scheme), Host: host, Port: port, Path: h.HTTPGet.Path, Headers: h.HTTPGet.HTTPHeaders}
		kl.rt.HTTPGet(sb.ID, req, 0, func(r HTTPResponse) {
			if r.Err != nil {
				cb(fmt.Sprintf("HTTP lifecycle hook (%s) for Container %q in Pod %q failed - error: %v", h.HTTPGet.Path, spec.Name, desc, r.Err), r.Err)
				return
			}
			cb("", nil)
		})
	case h.Sleep != nil:
		kl.clk.After(time.Duration(h.Sleep.Seconds)*time.Second, func() { cb("", nil) })
	default:
		err := fmt.Errorf("invalid handler: %v", h)
		cb(fmt.Sprintf("Cannot run handler: %v", err), err)
	}
}

// execError is the error ExecSync returns (k8s.io/cri-client v0.37.2 pkg/remote_runtime.go
// ExecSync): a timeout, or a non-zero exit `command '<cmd>' exited with N: <stderr>`.
func execError(cmd []string, r ExecResult, timeout time.Duration) error {
	switch {
	case r.Err != nil:
		return r.Err
	case r.TimedOut:
		return fmt.Errorf("command timed out: %q timed out after %s", strings.Join(cmd, " "), timeout)
	case r.ExitCode != 0:
		return fmt.Errorf("command '%s' exited with %d: %s", strings.Join(cmd, " "), r.ExitCode, r.Stderr)
	}
	return nil
}

// syncTerminatingPod stops the Pod's containers (deletion, or a terminal phase) and writes the
// final status. k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet.go SyncTerminatingPod.
func (kl *Kubelet) syncTerminatingPod(p *podState, done func(error, bool)) {
	kl.setPodStatus(p, kl.generateAPIPodStatus(p, false))
	kl.stopLivenessAndStartup(p)
	var grace *int64
	if p.pod.DeletionTimestamp != nil || p.apiGone {
		g := p.gracePeriod
		grace = &g
	}
	// preserveDataFromBeforeStopping: the final status keeps the Pod IPs.
	ips := p.podIPs()
	kl.killPod(p, grace, func() {
		kl.removeProbes(p)
		p.phase = phaseTerminated
		st := kl.generateAPIPodStatus(p, true)
		if len(st.PodIPs) == 0 && len(ips) > 0 {
			st.PodIP = ips[0]
			for _, ip := range ips {
				st.PodIPs = append(st.PodIPs, v1.PodIP{IP: ip})
			}
		}
		kl.setPodStatus(p, st)
		done(nil, true)
	})
}

// syncTerminatedPod is the end of the pod worker: volumes are cleaned up and, for a Pod being
// deleted, the status manager finishes the deletion (status_manager.go canBeDeleted).
func (kl *Kubelet) syncTerminatedPod(p *podState, done func(error, bool)) {
	if p.apiGone {
		kl.forget(p)
		done(nil, false)
		return
	}
	if p.pod.DeletionTimestamp == nil || p.deleteSent {
		done(nil, false)
		return
	}
	p.deleteSent = true
	kl.clk.At(kl.tick(kl.clk.Now().Add(time.Nanosecond)), func() {
		if p.phase == phaseGone {
			return
		}
		_ = kl.api.DeletePod(p.pod.Namespace, p.pod.Name, p.pod.UID)
	})
	done(nil, false)
}

// forget drops a Pod whose API object is gone.
func (kl *Kubelet) forget(p *podState) {
	p.phase = phaseGone
	if p.requeue != nil {
		p.requeue.Stop()
		p.requeue = nil
	}
	delete(kl.pods, p.pod.UID)
	for i, uid := range kl.order {
		if uid == p.pod.UID {
			kl.order = append(kl.order[:i:i], kl.order[i+1:]...)
			break
		}
	}
}
