package kubelet

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/docbuild/docbuild/kube/clock"
)

type probeType int

const (
	probeReadiness probeType = iota
	probeLiveness
	probeStartup
)

// String is probeType.String (pkg/kubelet/prober/prober_manager.go).
func (t probeType) String() string {
	return [...]string{"Readiness", "Liveness", "Startup"}[t]
}

type probeValue int

const (
	resultNone probeValue = iota // no result recorded for the container
	resultSuccess
	resultFailure
	resultUnknown
)

// probeWorker is one prober worker (pkg/kubelet/prober/worker.go): one probe of one container
// of one Pod, ticking every periodSeconds from the Pod's admission.
type probeWorker struct {
	kind      probeType
	spec      *v1.Probe
	container string
	isInit    bool
	period    time.Duration

	containerID string
	lastResult  probeValue
	resultRun   int
	onHold      bool
	stopped     bool
	busy        bool
	timer       *clock.Timer
	triggered   bool
	results     map[string]probeValue // by container ID: the results manager's cache
}

func (kl *Kubelet) probeResult(p *podState, c *ctr, kind probeType) probeValue {
	for _, w := range p.probes {
		if w.kind == kind && w.container == c.Name {
			return w.results[c.ID()]
		}
	}
	return resultNone
}

func (kl *Kubelet) probeWorker(p *podState, name string, kind probeType) *probeWorker {
	for _, w := range p.probes {
		if w.kind == kind && w.container == name && !w.stopped {
			return w
		}
	}
	return nil
}

// addProbes is prober manager AddPod: a worker per probe of every regular container and every
// restartable init container. The kubelet is taken to have been running for longer than any
// probe period, so workers start at once (worker.run's initial random sleep only applies in
// the first period after a kubelet start).
func (kl *Kubelet) addProbes(p *podState) {
	add := func(c *v1.Container, isInit bool) {
		for _, k := range []struct {
			kind  probeType
			probe *v1.Probe
		}{{probeReadiness, c.ReadinessProbe}, {probeLiveness, c.LivenessProbe}, {probeStartup, c.StartupProbe}} {
			if k.probe == nil {
				continue
			}
			period := time.Duration(k.probe.PeriodSeconds) * time.Second
			if period <= 0 {
				period = 10 * time.Second
			}
			w := &probeWorker{kind: k.kind, spec: k.probe, container: c.Name, isInit: isInit, period: period, results: map[string]probeValue{}}
			p.probes = append(p.probes, w)
			kl.scheduleProbe(p, w, 0)
		}
	}
	for i := range p.pod.Spec.InitContainers {
		if isRestartableInit(&p.pod.Spec.InitContainers[i]) {
			add(&p.pod.Spec.InitContainers[i], true)
		}
	}
	for i := range p.pod.Spec.Containers {
		add(&p.pod.Spec.Containers[i], false)
	}
}

func (kl *Kubelet) scheduleProbe(p *podState, w *probeWorker, d time.Duration) {
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = kl.clk.After(d, func() {
		w.timer = nil
		if w.stopped || p.phase == phaseGone {
			return
		}
		if kl.doProbe(p, w) {
			kl.scheduleProbe(p, w, w.period)
		} else {
			w.stopped = true
		}
	})
}

// startProbes is called when a container starts; nothing to do beyond the tickers (the
// workers notice the new container ID at their next run).
func (kl *Kubelet) startProbes(*podState, *ctr) {}

func (kl *Kubelet) stopLivenessAndStartup(p *podState) {
	for _, w := range p.probes {
		if w.kind != probeReadiness {
			w.stopped = true
			if w.timer != nil {
				w.timer.Stop()
			}
		}
	}
}

func (kl *Kubelet) removeProbes(p *podState) {
	for _, w := range p.probes {
		w.stopped = true
		if w.timer != nil {
			w.timer.Stop()
		}
	}
}

// setResult is the results manager's Set: a change is reported to the kubelet, which syncs
// the Pod (syncLoopIteration's liveness/readiness/startup cases → handleProbeSync).
func (kl *Kubelet) setResult(p *podState, w *probeWorker, id string, r probeValue) {
	if w.results[id] == r {
		return
	}
	w.results[id] = r
	if p.phase == phaseGone {
		return
	}
	if w.kind == probeLiveness && r != resultFailure {
		return // the kubelet only acts on liveness failures
	}
	kl.dispatch(p)
}

// doProbe is worker.doProbe. It reports whether the worker keeps going.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/prober/worker.go.
func (kl *Kubelet) doProbe(p *podState, w *probeWorker) bool {
	if w.busy {
		return true
	}
	status := p.status
	if status == nil {
		return true
	}
	if isTerminalPhase(status.Phase) {
		return false
	}
	cs, ok := getStatus(status.ContainerStatuses, w.container)
	if !ok || cs.ContainerID == "" {
		cs, ok = getStatus(status.InitContainerStatuses, w.container)
		if !ok || cs.ContainerID == "" {
			return true
		}
	}
	restartableInit := w.isInit
	if w.containerID != cs.ContainerID {
		w.containerID = cs.ContainerID
		initial := map[probeType]probeValue{probeReadiness: resultFailure, probeLiveness: resultSuccess, probeStartup: resultUnknown}[w.kind]
		if restartableInit && w.kind == probeStartup && cs.Started != nil && *cs.Started {
			w.results[w.containerID] = resultSuccess
		}
		w.results[w.containerID] = initial
		w.onHold = false
	}
	if w.onHold {
		return true
	}
	spec := containerSpec(p.pod, w.container)
	if cs.State.Running == nil {
		if w.containerID != "" {
			kl.setResult(p, w, w.containerID, resultFailure)
		}
		if cs.State.Terminated == nil {
			return true
		}
		return spec != nil && containerShouldRestart(spec, &p.pod.Spec, cs.State.Terminated.ExitCode)
	}
	if p.pod.DeletionTimestamp != nil && (w.kind == probeLiveness || w.kind == probeStartup) {
		kl.setResult(p, w, w.containerID, resultSuccess)
		return false
	}
	if int32(kl.clk.Now().Sub(cs.State.Running.StartedAt.Time).Seconds()) < w.spec.InitialDelaySeconds {
		return true
	}
	if cs.Started != nil && *cs.Started {
		if w.kind == probeStartup {
			return true
		}
	} else if w.kind != probeStartup {
		return true
	}
	id := w.containerID
	w.busy = true
	kl.runProbe(p, w, spec, status, func(r probeValue, errored bool) {
		w.busy = false
		if w.stopped || errored || w.containerID != id {
			return
		}
		if w.lastResult == r {
			w.resultRun++
		} else {
			w.lastResult, w.resultRun = r, 1
		}
		if (r == resultFailure && w.resultRun < int(w.spec.FailureThreshold)) ||
			(r == resultSuccess && w.resultRun < int(w.spec.SuccessThreshold)) {
			return
		}
		kl.setResult(p, w, id, r)
		if (w.kind == probeLiveness && r == resultFailure) || w.kind == probeStartup {
			w.onHold = true
			w.resultRun = 0
		}
	})
	return true
}

// runProbe is prober.probe + runProbe: the check and its Unhealthy event.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/prober/prober.go, pkg/probe/{exec,http,tcp}.
func (kl *Kubelet) runProbe(p *podState, w *probeWorker, spec *v1.Container, status *v1.PodStatus, cb func(probeValue, bool)) {
	timeout := time.Duration(w.spec.TimeoutSeconds) * time.Second
	if timeout <= 0 {
		timeout = time.Second
	}
	name := w.container
	failed := func(output string) {
		kl.containerEvent(p, name, v1.EventTypeWarning, evUnhealthy, fmt.Sprintf(kl.version.ProbeFailedMessage, w.kind, output))
		cb(resultFailure, false)
	}
	errored := func(err error) {
		kl.containerEvent(p, name, v1.EventTypeWarning, evUnhealthy, fmt.Sprintf(kl.version.ProbeErroredMessage, w.kind, "unknown", err))
		cb(resultFailure, true)
	}
	c := p.find(name)
	sb := p.sandbox()
	if c == nil || sb == nil || spec == nil {
		cb(resultFailure, true)
		return
	}
	switch h := w.spec.ProbeHandler; {
	case h.Exec != nil:
		cmd := expandStatic(h.Exec.Command, spec.Env)
		kl.rt.ExecSync(c.rawID, cmd, timeout, func(r ExecResult) {
			out := string(append(append([]byte{}, r.Stdout...), r.Stderr...))
			switch {
			case r.TimedOut:
				failed(execError(cmd, r, timeout).Error())
			case r.Err != nil:
				errored(r.Err)
			case r.ExitCode != 0:
				failed(out)
			default:
				cb(resultSuccess, false)
			}
		})
	case h.HTTPGet != nil:
		port, err := resolvePort(h.HTTPGet.Port, spec)
		if err != nil {
			errored(err)
			return
		}
		host := h.HTTPGet.Host
		if host == "" {
			host = status.PodIP
		}
		scheme := strings.ToUpper(string(h.HTTPGet.Scheme))
		if scheme == "" {
			scheme = "HTTP"
		}
		req := HTTPRequest{Scheme: scheme, Host: host, Port: port, Path: h.HTTPGet.Path, Headers: h.HTTPGet.HTTPHeaders}
		kl.rt.HTTPGet(sb.ID, req, timeout, func(r HTTPResponse) {
			switch {
			case r.Err != nil:
				// net/http's *url.Error: `Get "<url>": <dial error>`.
				failed(fmt.Sprintf("Get %q: %v", probeURL(req), r.Err))
			case r.StatusCode >= 200 && r.StatusCode < 400:
				cb(resultSuccess, false)
			default:
				failed(fmt.Sprintf("HTTP probe failed with statuscode: %d", r.StatusCode))
			}
		})
	case h.TCPSocket != nil:
		port, err := resolvePort(h.TCPSocket.Port, spec)
		if err != nil {
			errored(err)
			return
		}
		host := h.TCPSocket.Host
		if host == "" {
			host = status.PodIP
		}
		kl.rt.TCPConnect(sb.ID, host, port, timeout, func(err error) {
			if err != nil {
				failed(err.Error())
				return
			}
			cb(resultSuccess, false)
		})
	default:
		// gRPC probes are not simulated: count them as passing.
		cb(resultSuccess, false)
	}
}

// resolvePort is probe.ResolveContainerPort (pkg/probe/util.go).
func resolvePort(port intstr.IntOrString, c *v1.Container) (int, error) {
	switch port.Type {
	case intstr.Int:
		if p := port.IntValue(); p > 0 && p < 65536 {
			return p, nil
		}
		return -1, fmt.Errorf("invalid port number: %v", port.IntValue())
	case intstr.String:
		for _, cp := range c.Ports {
			if cp.Name == port.StrVal {
				return int(cp.ContainerPort), nil
			}
		}
		return -1, fmt.Errorf("couldn't find port: %v in %v", port, c)
	}
	return -1, fmt.Errorf("intOrString had no kind: %+v", port)
}

// updateProbeStatus is the prober manager's UpdatePodStatus: Started and Ready of every
// container status. k8s.io/kubernetes v1.37.2 pkg/kubelet/prober/prober_manager.go.
func (kl *Kubelet) updateProbeStatus(p *podState, s *v1.PodStatus) {
	started := func(cs *v1.ContainerStatus) bool {
		if cs.State.Running == nil {
			return false
		}
		if w := kl.probeWorkerAny(p, cs.Name, probeStartup); w != nil {
			if r, ok := w.results[cs.ContainerID]; ok {
				return r == resultSuccess
			}
			return !w.stopped && false
		}
		return true
	}
	ready := func(cs *v1.ContainerStatus) bool {
		if cs.State.Running == nil {
			return false
		}
		w := kl.probeWorkerAny(p, cs.Name, probeReadiness)
		if w == nil {
			return true
		}
		if w.results[cs.ContainerID] == resultSuccess {
			return true
		}
		kl.triggerReadiness(p, w)
		return false
	}
	for i := range s.ContainerStatuses {
		cs := &s.ContainerStatuses[i]
		st := started(cs)
		cs.Started = &st
		if !st {
			continue
		}
		cs.Ready = ready(cs)
	}
	for i := range s.InitContainerStatuses {
		cs := &s.InitContainerStatuses[i]
		st := started(cs)
		cs.Started = &st
		spec := containerSpec(p.pod, cs.Name)
		if !isRestartableInit(spec) {
			if cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0 {
				cs.Ready = true
			}
			continue
		}
		if !st {
			continue
		}
		cs.Ready = ready(cs)
	}
}

func (kl *Kubelet) probeWorkerAny(p *podState, name string, kind probeType) *probeWorker {
	for _, w := range p.probes {
		if w.kind == kind && w.container == name {
			return w
		}
	}
	return nil
}

// triggerReadiness is the manual trigger of a readiness worker (an immediate run that resets
// its ticker).
func (kl *Kubelet) triggerReadiness(p *podState, w *probeWorker) {
	if w.stopped || w.triggered {
		return
	}
	w.triggered = true
	kl.clk.After(0, func() {
		w.triggered = false
		if w.stopped {
			return
		}
		kl.scheduleProbe(p, w, 0)
	})
}

// probeURL is the URL httpprobe.NewRequestForHTTPGetAction builds (pkg/probe/http/request.go).
func probeURL(r HTTPRequest) string {
	u := url.URL{Scheme: strings.ToLower(r.Scheme), Host: joinHostPort(r.Host, strconv.Itoa(r.Port))}
	path := r.Path
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if p, q, ok := strings.Cut(path, "?"); ok {
		u.Path, u.RawQuery = p, q
	} else {
		u.Path = path
	}
	return u.String()
}

// retriggerReadiness is the manual readiness trigger a status generation makes for every
// started container whose readiness probe has not succeeded (prober_manager.go
// UpdatePodStatus), for a sync that found nothing new to report.
func (kl *Kubelet) retriggerReadiness(p *podState) {
	if p.status == nil {
		return
	}
	for _, list := range [][]v1.ContainerStatus{p.status.ContainerStatuses, p.status.InitContainerStatuses} {
		for _, cs := range list {
			if cs.State.Running == nil || cs.Started == nil || !*cs.Started {
				continue
			}
			if w := kl.probeWorkerAny(p, cs.Name, probeReadiness); w != nil && w.results[cs.ContainerID] != resultSuccess {
				kl.triggerReadiness(p, w)
			}
		}
	}
}
