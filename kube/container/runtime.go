package container

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/rootfs"
	"github.com/docbuild/docbuild/kube/container/servers"
	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/images"
	"github.com/docbuild/docbuild/kube/shell"
)

// Runtime is one node's container runtime. Create it with New.
type Runtime struct {
	opts      Options
	clk       *clock.Clock
	sched     *proc.Scheduler
	world     *vfs.World
	net       *netsim.Network
	node      *netsim.Namespace
	cat       *images.Catalog
	present   map[string]*images.Image
	templates map[string]*vfs.FS
	programs  map[string]shell.Program
	shells    *shell.Shared // what the shells on this runtime's scheduler reuse
	imageKeys map[string]imageKeyResult
	rng       *rand.Rand
	ipNext    netip.Addr
	sandboxes []*Sandbox
	boot      time.Time
	closed    bool
}

// New returns a runtime on opts.Clock.
func New(opts Options) *Runtime {
	if opts.Clock == nil {
		panic("container.New: Options.Clock is required")
	}
	if opts.Catalog == nil {
		opts.Catalog = images.Default()
	}
	if !opts.PodCIDR.IsValid() {
		opts.PodCIDR = netip.MustParsePrefix("10.244.0.0/24")
	}
	if !opts.NodeIP.IsValid() {
		opts.NodeIP = netip.MustParseAddr("192.168.49.2")
	}
	if !opts.ClusterDNS.IsValid() {
		opts.ClusterDNS = netip.MustParseAddr("10.96.0.10")
	}
	if opts.ClusterDomain == "" {
		opts.ClusterDomain = "cluster.local"
	}
	if opts.Budget.Steps == 0 {
		opts.Budget.Steps = DefaultSteps
	}
	if opts.Budget.Output == 0 {
		opts.Budget.Output = DefaultOutput
	}
	if opts.PullBandwidth == 0 {
		opts.PullBandwidth = 25 << 20
	}
	if opts.PullLatency == 0 {
		opts.PullLatency = 800 * time.Millisecond
	}
	if opts.NodeCPUs == 0 {
		opts.NodeCPUs = 2
	}
	if opts.NodeMemory == 0 {
		opts.NodeMemory = 8 << 30
	}
	r := &Runtime{
		opts:      opts,
		clk:       opts.Clock,
		sched:     proc.NewScheduler(opts.Clock),
		cat:       opts.Catalog,
		present:   map[string]*images.Image{},
		templates: map[string]*vfs.FS{},
		rng:       rand.New(rand.NewPCG(uint64(opts.Seed), 0x646f636275696c64)),
		boot:      opts.Clock.Now(),
	}
	r.world = vfs.NewWorld(r.clk.Now)
	r.net = netsim.New(r.sched)
	if opts.Router != nil {
		r.net.Router = opts.Router.Route
	}
	// The node reaches Pods from the Pod network's gateway address (the bridge, cni0).
	r.node = r.net.NewNamespace(opts.PodCIDR.Addr().Next(), opts.NodeName)
	r.ipNext = opts.PodCIDR.Addr().Next().Next()
	r.programs = shell.Programs()
	r.shells = shell.NewShared()
	for k, v := range servers.Programs() {
		r.programs[k] = v
	}
	for _, img := range opts.PreloadedImages {
		r.PullImage(img)
	}
	return r
}

// Clock is the runtime's clock.
func (r *Runtime) Clock() *clock.Clock { return r.clk }

// Catalog is the image catalogue in use.
func (r *Runtime) Catalog() *images.Catalog { return r.cat }

func (r *Runtime) newID() string {
	var b [32]byte
	for i := 0; i < 4; i++ {
		v := r.rng.Uint64()
		for j := 0; j < 8; j++ {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	return hex.EncodeToString(b[:])
}

// imageKey is the fully qualified reference an image is stored under.
func imageKey(image string) (string, error) {
	ref, err := images.ParseReference(image)
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}

// imageKeyOf is imageKey memoised per runtime (a container creation looks its image up).
func (r *Runtime) imageKeyOf(image string) (string, error) {
	if k, ok := r.imageKeys[image]; ok {
		return k.key, k.err
	}
	key, err := imageKey(image)
	if r.imageKeys == nil {
		r.imageKeys = map[string]imageKeyResult{}
	}
	r.imageKeys[image] = imageKeyResult{key, err}
	return key, err
}

type imageKeyResult struct {
	key string
	err error
}

// ImagePresent reports whether image (as written in a Pod spec) is on the node.
func (r *Runtime) ImagePresent(image string) bool {
	k, err := imageKey(image)
	if err != nil {
		return false
	}
	_, ok := r.present[k]
	return ok
}

// PullImage pulls image (as written in a Pod spec). The image is present from the call on; the
// kubelet reports the pull as finished after PullResult.Duration. Errors are *PullError.
func (r *Runtime) PullImage(image string) (PullResult, error) {
	l, err := r.cat.Lookup(image)
	if err != nil {
		return PullResult{}, &PullError{Reason: "InvalidImageName", Message: images.KubeletImageError(image, err)}
	}
	if !l.Exists {
		return PullResult{}, &PullError{Reason: "ErrImagePull", Message: images.PullNotFoundMessage(l.Ref)}
	}
	key := l.Ref.String()
	_, already := r.present[key]
	img := l.Image
	if already {
		img = r.present[key]
	}
	r.present[key] = img
	size := img.Size
	if size == 0 {
		size = 100 << 20
	}
	d := r.opts.PullLatency + time.Duration(float64(size)/float64(r.opts.PullBandwidth)*float64(time.Second))
	d = d.Truncate(time.Millisecond)
	return PullResult{
		Image:          img,
		Ref:            key,
		ImageRef:       img.Ref.Name() + "@" + img.Digest,
		Size:           size,
		Duration:       d,
		AlreadyPresent: already,
	}, nil
}

// template returns the root file system of an image (built once, cloned per container).
func (r *Runtime) template(img *images.Image) *vfs.FS {
	key := img.Ref.String()
	if t, ok := r.templates[key]; ok {
		return t
	}
	var base *images.Base
	if img.Simulated || img.Base != "" {
		base = r.cat.Base(img)
	} else {
		// An image the catalogue does not know: give it a BusyBox userland so that exec into
		// it behaves plausibly; everything it does is flagged as not simulated.
		bb, _ := r.cat.Lookup("busybox:1.36")
		base = r.cat.Base(bb.Image)
	}
	t := rootfs.Build(r.world, base, img)
	if !img.Simulated && img.Base == "" {
		n := t.PutFile(opaquePath, []byte("\x7fELF docbuild opaque program\n"), 0o755, 0, 0)
		n.Program = "opaque"
	}
	// Containers clone the template (copy-on-write: each copies what it changes).
	t.Freeze()
	r.templates[key] = t
	return t
}

// RunPodSandbox creates a Pod sandbox: its network namespace (an IP from the Pod CIDR, the
// hostname, /etc/hosts and /etc/resolv.conf) and, with ShareProcessNamespace, the /pause process.
func (r *Runtime) RunPodSandbox(cfg SandboxConfig) (*Sandbox, error) {
	if cfg.Hostname == "" {
		cfg.Hostname = cfg.Name
	}
	if len(cfg.Hostname) > 63 {
		cfg.Hostname = strings.TrimRight(cfg.Hostname[:63], "-.")
	}
	ip := r.ipNext
	if !r.opts.PodCIDR.Contains(ip) {
		return nil, fmt.Errorf("failed to setup network for sandbox %q: plugin type=\"bridge\" failed (add): failed to allocate for range 0: no IP addresses available in range set: %s", cfg.Name, r.opts.PodCIDR)
	}
	r.ipNext = ip.Next()
	if len(cfg.DNS.Servers) == 0 && len(cfg.DNS.Searches) == 0 {
		d := r.opts.ClusterDomain
		cfg.DNS = DNSConfig{
			Servers:  []string{r.opts.ClusterDNS.String()},
			Searches: []string{cfg.Namespace + ".svc." + d, "svc." + d, d},
			Options:  []string{"ndots:5"},
		}
	}
	sb := &Sandbox{rt: r, cfg: cfg, id: r.newID(), ip: ip, created: r.clk.Now()}
	sb.ns = r.net.NewNamespace(ip, cfg.Hostname)
	fqdn := ""
	if cfg.Subdomain != "" {
		fqdn = cfg.Hostname + "." + cfg.Subdomain + "." + cfg.Namespace + ".svc." + r.opts.ClusterDomain
	}
	var aliases [][2]string
	for _, a := range cfg.HostAliases {
		aliases = append(aliases, [2]string{a.IP, strings.Join(a.Hostnames, "\t")})
	}
	sb.hosts = rootfs.Hosts(ip.String(), cfg.Hostname, fqdn, aliases)
	sb.resolv = rootfs.ResolvConf(cfg.DNS.Servers, cfg.DNS.Searches, cfg.DNS.Options)
	// The pause container: PID 1 of the shared PID namespace when ShareProcessNamespace.
	pauseImg, _ := r.cat.Lookup("registry.k8s.io/pause:3.10")
	sb.pauseFS = r.template(pauseImg.Image).Clone()
	sb.procs = proc.NewTable()
	sb.pause = sb.procs.NewProcess(nil, []string{"/pause"}, r.clk.Now())
	sb.pause.UID, sb.pause.GID = 65535, 65535
	sb.pause.Owner = sb
	sys := &shell.System{FS: sb.pauseFS, Net: sb.ns, Procs: sb.procs, Sched: r.sched, Programs: r.programs, Hostname: cfg.Hostname, Shared: r.shells}
	pc := &shell.Ctx{P: sb.pause, Sys: sys, Argv: []string{"/pause"}, Dir: "/", Stdout: discard{}, Stderr: discard{}}
	r.sched.GoLight(sb.pause, func(t *proc.Thread) {
		pc.T = t
		code := servers.Pause(pc)
		sb.pause.Exit(code)
	})
	r.sched.Run()
	r.sandboxes = append(r.sandboxes, sb)
	return sb, nil
}

// opaquePath is where an unknown image's stand-in program lives.
const opaquePath = "/.docbuild-opaque"

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// HTTPGet makes an HTTP/1.1 GET from the node to ip (a Pod IP, or a Service IP through the
// Router) and runs the simulation until it is answered or nothing can run any more.
func (r *Runtime) HTTPGet(ip netip.Addr, req HTTPRequest) HTTPResult {
	return r.httpGet(ip, req)
}

// TCPConnect opens and closes a TCP connection from the node (tcpSocket probes). The error
// reads like Go's net.Dial error ("dial tcp 10.244.0.5:6379: connect: connection refused").
func (r *Runtime) TCPConnect(dst netip.AddrPort) error { return r.tcpConnect(dst) }

// Close kills every process and releases the goroutines that run them. The runtime is unusable
// afterwards.
func (r *Runtime) Close() {
	if r.closed {
		return
	}
	r.closed = true
	r.sched.Shutdown()
}

// sandboxByIP finds the sandbox owning ip.
func (r *Runtime) sandboxByIP(ip netip.Addr) *Sandbox {
	for _, sb := range r.sandboxes {
		if sb.ip == ip && !sb.stopped {
			return sb
		}
	}
	return nil
}
