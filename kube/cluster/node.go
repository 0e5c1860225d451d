package cluster

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"sort"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/cluster/timing"
	"github.com/docbuild/docbuild/kube/container"
	"github.com/docbuild/docbuild/kube/kubelet"
)

// nodeAdapter is the kubelet's CRI: kubelet.Runtime over the kube/container runtime.
type nodeAdapter struct {
	clk       *clock.Clock
	rt        *container.Runtime
	d         timing.Durations
	sandboxes map[string]*sandbox
	ctrs      map[string]*ctrEntry
}

type sandbox struct {
	sb      *container.Sandbox
	volumes map[string]*container.Volume
}

type ctrEntry struct {
	c      *container.Container
	sb     *sandbox
	exited func(kubelet.ExitStatus)
	done   bool
}

func newNodeAdapter(clk *clock.Clock, rt *container.Runtime, d timing.Durations) *nodeAdapter {
	return &nodeAdapter{clk: clk, rt: rt, d: d, sandboxes: map[string]*sandbox{}, ctrs: map[string]*ctrEntry{}}
}

func (n *nodeAdapter) ResolveImage(image string) (kubelet.ImageInfo, error) {
	res, err := n.rt.PullImage(image)
	if err != nil {
		var pe *container.PullError
		if errors.As(err, &pe) {
			return kubelet.ImageInfo{}, errors.New(pe.Message)
		}
		return kubelet.ImageInfo{}, err
	}
	return kubelet.ImageInfo{ID: res.ImageRef, Size: res.Size}, nil
}

// dnsConfig is the kubelet's resolv.conf for the Pod's dnsPolicy (pkg/kubelet/network/dns):
// ClusterFirst → the runtime's default (cluster DNS, search <ns>.svc.cluster.local …, ndots:5);
// Default → the node's resolver; None → spec.dnsConfig.
func dnsConfig(pod *v1.Pod) container.DNSConfig {
	var cfg container.DNSConfig
	switch pod.Spec.DNSPolicy {
	case v1.DNSDefault:
		cfg = container.DNSConfig{Servers: []string{"192.168.49.1"}}
	case v1.DNSNone:
	default:
		return container.DNSConfig{}
	}
	if dc := pod.Spec.DNSConfig; dc != nil {
		cfg.Servers = append(cfg.Servers, dc.Nameservers...)
		cfg.Searches = append(cfg.Searches, dc.Searches...)
		for _, o := range dc.Options {
			if o.Value != nil {
				cfg.Options = append(cfg.Options, o.Name+":"+*o.Value)
			} else {
				cfg.Options = append(cfg.Options, o.Name)
			}
		}
	}
	return cfg
}

func (n *nodeAdapter) RunPodSandbox(cfg *kubelet.SandboxConfig) (kubelet.Sandbox, error) {
	pod := cfg.Pod
	sc := container.SandboxConfig{
		UID: string(pod.UID), Namespace: pod.Namespace, Name: pod.Name,
		Hostname: cfg.Hostname, Subdomain: pod.Spec.Subdomain, DNS: dnsConfig(pod),
		ShareProcessNamespace: pod.Spec.ShareProcessNamespace != nil && *pod.Spec.ShareProcessNamespace,
	}
	for _, ha := range pod.Spec.HostAliases {
		sc.HostAliases = append(sc.HostAliases, container.HostAlias{IP: ha.IP, Hostnames: ha.Hostnames})
	}
	sb, err := n.rt.RunPodSandbox(sc)
	if err != nil {
		return kubelet.Sandbox{}, err
	}
	s := &sandbox{sb: sb, volumes: map[string]*container.Volume{}}
	for _, v := range cfg.Volumes {
		vol := sb.NewVolume(v.Name)
		if len(v.Files) > 0 {
			files := make([]container.VolumeFile, len(v.Files))
			for i, f := range v.Files {
				files[i] = container.VolumeFile{Path: f.Path, Data: f.Data, Mode: fs.FileMode(f.Mode)}
			}
			if err := vol.AtomicWrite(files, n.clk.Now()); err != nil {
				return kubelet.Sandbox{}, err
			}
		}
		s.volumes[v.Name] = vol
	}
	n.sandboxes[sb.ID()] = s
	return kubelet.Sandbox{ID: sb.ID(), IP: sb.IP().String()}, nil
}

func (n *nodeAdapter) StopPodSandbox(id string) {
	if s, ok := n.sandboxes[id]; ok {
		s.sb.Stop()
	}
}

func (n *nodeAdapter) CreateContainer(sandboxID string, cfg *kubelet.ContainerConfig) (string, error) {
	s, ok := n.sandboxes[sandboxID]
	if !ok {
		return "", fmt.Errorf("sandbox %q not found", sandboxID)
	}
	e := &ctrEntry{sb: s}
	cc := container.ContainerConfig{
		Name: cfg.Name, Image: cfg.Image, Command: cfg.Command, Args: cfg.Args, WorkingDir: cfg.WorkingDir,
		Stdin: cfg.Stdin, StdinOnce: cfg.StdinOnce, TTY: cfg.TTY,
		TerminationMessagePath: cfg.TerminationMessagePath,
		MemoryLimit:            cfg.MemoryLimit, CPULimitMillis: cfg.CPULimitMilli,
		OnExit: func(c *container.Container) {
			if e.done || e.exited == nil {
				return
			}
			e.done = true
			st := c.Status()
			e.exited(kubelet.ExitStatus{ExitCode: st.ExitCode, Reason: st.Reason, OOMKilled: st.Reason == "OOMKilled"})
		},
	}
	for _, ev := range cfg.Env {
		cc.Env = append(cc.Env, container.EnvVar{Name: ev.Name, Value: ev.Value})
	}
	for _, m := range cfg.Mounts {
		vol, ok := s.volumes[m.Volume]
		if !ok {
			return "", fmt.Errorf("volume %q not found", m.Volume)
		}
		cc.Mounts = append(cc.Mounts, container.Mount{Volume: vol, Path: m.ContainerPath, SubPath: m.SubPath, ReadOnly: m.ReadOnly})
	}
	c, err := s.sb.CreateContainer(cc)
	if err != nil {
		return "", err
	}
	e.c = c
	n.ctrs[c.ID()] = e
	return c.ID(), nil
}

func (n *nodeAdapter) StartContainer(id string, exited func(kubelet.ExitStatus)) error {
	e, ok := n.ctrs[id]
	if !ok {
		return fmt.Errorf("container %q not found", id)
	}
	e.exited = exited
	if err := e.c.Start(); err != nil {
		e.done = true
		return err
	}
	return nil
}

// RemoveContainer is CRI RemoveContainer: the kubelet's container GC dropped the instance.
func (n *nodeAdapter) RemoveContainer(id string) {
	e, ok := n.ctrs[id]
	if !ok || e.c.Status().State != container.StateExited {
		return
	}
	delete(n.ctrs, id)
	e.sb.sb.RemoveContainer(e.c)
}

func (n *nodeAdapter) StopContainer(id string, timeout time.Duration) {
	if e, ok := n.ctrs[id]; ok {
		e.c.Stop(timeout)
	}
}

func (n *nodeAdapter) ExecSync(id string, cmd []string, timeout time.Duration, done func(kubelet.ExecResult)) {
	e, ok := n.ctrs[id]
	if !ok {
		n.clk.After(0, func() { done(kubelet.ExecResult{Err: fmt.Errorf("container %q not found", id)}) })
		return
	}
	var stdout, stderr bytes.Buffer
	p, err := e.c.Exec(container.ExecRequest{Argv: cmd, Stdout: &stdout, Stderr: &stderr})
	if err != nil {
		n.clk.After(0, func() { done(kubelet.ExecResult{Err: err}) })
		return
	}
	finished := false
	p.OnExit(func(code int) {
		if finished {
			return
		}
		finished = true
		done(kubelet.ExecResult{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), ExitCode: code})
	})
	if timeout > 0 {
		n.clk.After(timeout, func() {
			if finished {
				return
			}
			finished = true
			p.Kill()
			done(kubelet.ExecResult{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), TimedOut: true})
		})
	}
}

func (n *nodeAdapter) HTTPGet(sandboxID string, req kubelet.HTTPRequest, timeout time.Duration, done func(kubelet.HTTPResponse)) {
	var hdr [][2]string
	host := ""
	for _, h := range req.Headers {
		if strings.EqualFold(h.Name, "Host") {
			host = h.Value
			continue
		}
		hdr = append(hdr, [2]string{h.Name, h.Value})
	}
	r := container.HTTPRequest{Scheme: strings.ToUpper(req.Scheme), Host: host, Port: req.Port, Path: req.Path, Header: hdr}
	var res container.HTTPResult
	if ip, err := netip.ParseAddr(req.Host); err == nil {
		res = n.rt.HTTPGet(ip, r)
	} else if s, ok := n.sandboxes[sandboxID]; ok {
		res = s.sb.HTTPGet(r)
	} else {
		res = container.HTTPResult{Err: fmt.Errorf("dial tcp: lookup %s: no such host", req.Host)}
	}
	n.clk.After(n.d.ProbeLatency, func() {
		done(kubelet.HTTPResponse{StatusCode: res.StatusCode, Body: res.Body, Err: res.Err})
	})
}

func (n *nodeAdapter) TCPConnect(sandboxID, host string, port int, timeout time.Duration, done func(error)) {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		n.clk.After(n.d.ProbeLatency, func() { done(fmt.Errorf("dial tcp: lookup %s: no such host", host)) })
		return
	}
	err = n.rt.TCPConnect(netip.AddrPortFrom(ip, uint16(port)))
	n.clk.After(n.d.ProbeLatency, func() { done(err) })
}

func (n *nodeAdapter) ReadFile(id, path string) ([]byte, error) {
	e, ok := n.ctrs[id]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return e.c.ReadFile(path)
}

func (n *nodeAdapter) LogTail(id string, lines int) []byte {
	e, ok := n.ctrs[id]
	if !ok {
		return nil
	}
	entries := e.c.Logs()
	if len(entries) > lines {
		entries = entries[len(entries)-lines:]
	}
	var b bytes.Buffer
	for _, le := range entries {
		b.Write(le.Data)
	}
	return b.Bytes()
}

func (n *nodeAdapter) ContainerUser(string) *v1.ContainerUser { return nil }

// container returns the runtime container of an ID.
func (n *nodeAdapter) container(id string) *container.Container {
	if e, ok := n.ctrs[id]; ok {
		return e.c
	}
	return nil
}

// ids lists the container IDs, sorted (tests, diagnostics).
func (n *nodeAdapter) ids() []string {
	var out []string
	for id := range n.ctrs {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
