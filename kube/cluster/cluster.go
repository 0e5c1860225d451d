// Package cluster owns the in-process Kubernetes cluster the checker replays a post on: it
// wires the virtual clock, the API server, the scheduler, one node's kubelet and its container
// runtime into one deterministic cluster, runs kubectl command lines against it, serves
// kubectl's logs/exec/attach (it implements kubectl.Runtime) and moves virtual time.
//
// Same Options and the same sequence of calls give the same bytes: every random choice comes
// from Options.Seed, every duration from kube/cluster/timing, every callback runs on the
// clock.
//
// It imports kube/clock, kube/apiserver, kube/controllers, kube/scheduler, kube/kubelet, kube/container,
// kube/images, kube/kubectl, kube/k8sversion, kube/cluster/timing, k8s.io/api and
// k8s.io/apimachinery.
package cluster

import (
	"bytes"
	"io"
	"net/netip"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/cluster/timing"
	"github.com/docbuild/docbuild/kube/container"
	"github.com/docbuild/docbuild/kube/controllers"
	"github.com/docbuild/docbuild/kube/k8sversion"
	"github.com/docbuild/docbuild/kube/kubectl"
	"github.com/docbuild/docbuild/kube/kubelet"
	"github.com/docbuild/docbuild/kube/scheduler"
)

// DefaultNode is the node name used when Options.Node is empty: minikube's, the single-node
// cluster most tutorials show (`Successfully assigned default/web to minikube`). The checker
// passes the transcript prompt's host instead (`root@debian` → "debian").
const DefaultNode = "minikube"

// DefaultNodeIP is minikube's node address (the docker driver's first address).
const DefaultNodeIP = "192.168.49.2"

// defaultStart is the virtual time a cluster starts at when Options.Start is zero.
var defaultStart = time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)

// Options configure a cluster. Zero values take the documented defaults.
type Options struct {
	// Node is the node's name (DefaultNode). With NoNode the cluster has only a control plane
	// (kubectl behaves as in real/A.md).
	Node   string
	NoNode bool
	// NodeIP is the node's InternalIP (DefaultNodeIP).
	NodeIP string
	// NodeConfig describes the machine (kubelet.DefaultNode()).
	NodeConfig kubelet.NodeConfig
	// Start is the virtual time the cluster is created at (and the node registered).
	Start time.Time
	// Seed seeds every generator (uids, generated names, container IDs).
	Seed int64
	// Version is the modelled Kubernetes minor ("" = 1.37).
	Version string
	// Durations are the timings (timing.Default()).
	Durations *timing.Durations
	// PreloadedImages are on the node from the start (their pulls are skipped when the pull
	// policy allows).
	PreloadedImages []string
	// Files is the host file system kubectl -f reads (nil: none).
	Files kubectl.Files

	// nodeRuntime replaces the kube/container runtime (in-package tests only).
	nodeRuntime kubelet.Runtime
}

// Cluster is one simulated cluster.
type Cluster struct {
	Clock     *clock.Clock
	API       *apiserver.Server
	Scheduler *scheduler.Scheduler
	// Kubelet and Runtime are nil with Options.NoNode.
	Kubelet *kubelet.Kubelet
	Runtime *container.Runtime
	// Controllers are the workload controllers of kube-controller-manager (kube/controllers).
	Controllers *controllers.Manager

	opts    Options
	version *k8sversion.Version
	d       timing.Durations
	node    *nodeAdapter
}

// New builds a cluster standing at opts.Start with its node registered and Ready.
func New(opts Options) *Cluster {
	if opts.Node == "" {
		opts.Node = DefaultNode
	}
	if opts.NodeIP == "" {
		opts.NodeIP = DefaultNodeIP
	}
	if opts.Start.IsZero() {
		opts.Start = defaultStart
	}
	d := timing.Default()
	if opts.Durations != nil {
		d = *opts.Durations
	}
	clk := clock.New(opts.Start)
	api := apiserver.New(clk, apiserver.Options{Seed: opts.Seed, Version: opts.Version})
	c := &Cluster{Clock: clk, API: api, opts: opts, version: api.Version(), d: d}
	c.Scheduler = scheduler.New(clk, &schedulerAPI{s: api, node: opts.Node}, scheduler.Options{Version: c.version, Durations: &d})
	if !opts.NoNode {
		cfg := opts.NodeConfig
		rt := container.New(container.Options{
			Clock:           clk,
			NodeName:        opts.Node,
			NodeIP:          netip.MustParseAddr(opts.NodeIP),
			PodCIDR:         podCIDR(cfg),
			PreloadedImages: opts.PreloadedImages,
			Seed:            opts.Seed,
			PullBandwidth:   d.RegistryBytesPerSecond,
			PullLatency:     d.RegistryRoundTrip,
			Resolver:        &resolver{s: api},
			Router:          &router{s: api},
		})
		c.Runtime = rt
		c.node = newNodeAdapter(clk, rt, d)
		var kr kubelet.Runtime = c.node
		if opts.nodeRuntime != nil {
			kr = opts.nodeRuntime
		}
		c.Kubelet = kubelet.New(clk, &kubeletAPI{s: api}, kr, kubelet.Options{
			NodeName: opts.Node, NodeIP: opts.NodeIP, Version: c.version, Durations: &d,
			Node: cfg, PreloadedImages: opts.PreloadedImages,
		})
	}
	api.WatchShared(c.watch)
	c.Controllers = controllers.New(clk, api, controllers.Options{})
	c.Controllers.Start()
	if c.Kubelet != nil {
		if err := c.Kubelet.Register(); err != nil {
			panic("cluster: the kubelet's Node was refused: " + err.Error())
		}
	}
	clk.AdvanceTo(clk.Now())
	return c
}

func podCIDR(cfg kubelet.NodeConfig) netip.Prefix {
	s := cfg.PodCIDR
	if s == "" {
		s = kubelet.DefaultNode().PodCIDR
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.MustParsePrefix("10.244.0.0/24")
	}
	return p
}

// watch routes the API server's committed writes to the scheduler's and the kubelet's
// informers. The objects are the stored ones (WatchShared): the scheduler only reads the Pod;
// the kubelet keeps its Pod and assigns its top-level fields, so it gets a shallow copy (it
// never modifies the spec or the metadata's maps, and copies the status before it could
// change it: kubelet.HandlePod).
func (c *Cluster) watch(ev apiserver.WatchEvent) {
	switch obj := ev.Object.(type) {
	case *v1.Pod:
		deleted := ev.Type == watch.Deleted
		c.Scheduler.HandlePod(obj, deleted)
		if c.Kubelet != nil && obj.Spec.NodeName == c.Kubelet.NodeName() {
			kind := kubelet.PodModified
			switch ev.Type {
			case watch.Added:
				kind = kubelet.PodAdded
			case watch.Deleted:
				kind = kubelet.PodDeleted
			}
			pod := *obj
			pod.TypeMeta = metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"}
			c.Kubelet.HandlePod(kind, &pod)
		}
	case *v1.Node:
		if ev.Type != watch.Deleted {
			c.Scheduler.HandleNode(obj)
		}
	}
}

// Now is the current virtual time.
func (c *Cluster) Now() time.Time { return c.Clock.Now() }

// AdvanceTo runs everything due up to t (a time before Now runs only what is due now).
func (c *Cluster) AdvanceTo(t time.Time) { c.Clock.AdvanceTo(t) }

// Advance is AdvanceTo(Now()+d).
func (c *Cluster) Advance(d time.Duration) { c.Clock.Advance(d) }

// Options are the options the cluster was built with (defaults filled in).
func (c *Cluster) Options() Options { return c.opts }

// Result is what one kubectl invocation printed.
type Result struct {
	// Stdout and Stderr are what the command printed before returning.
	Stdout, Stderr []byte
	Exit           int
	// Session is set when the command left an interactive session open (exec -it … -- sh,
	// run -it): type lines into it, then end it. What the session prints goes on in Out and
	// Err, the live buffers behind Stdout and Stderr.
	Session  *kubectl.Interactive
	Out, Err *bytes.Buffer
}

// Kubectl runs one kubectl command line (without the leading "kubectl") at the current
// virtual time, then lets whatever the command set in motion at this instant happen (the
// scheduler and kubelet react on the clock as time is advanced).
func (c *Cluster) Kubectl(args []string, stdin io.Reader) Result {
	var out, errb bytes.Buffer
	env := &kubectl.Env{
		API:     c.API,
		Clock:   c.Clock,
		Files:   c.opts.Files,
		Stdin:   stdin,
		Stdout:  &out,
		Stderr:  &errb,
		Version: c.version,
	}
	if c.Kubelet != nil {
		env.Runtime = c
	}
	code := kubectl.Run(env, args)
	c.Clock.AdvanceTo(c.Clock.Now())
	return Result{Stdout: bytes.Clone(out.Bytes()), Stderr: bytes.Clone(errb.Bytes()), Exit: code,
		Session: env.Session, Out: &out, Err: &errb}
}

// SetFiles replaces the host file system kubectl -f reads.
func (c *Cluster) SetFiles(f kubectl.Files) { c.opts.Files = f }

// Pod returns the stored Pod (nil when it does not exist).
func (c *Cluster) Pod(namespace, name string) *v1.Pod {
	obj, err := c.API.Get("pods", namespace, name)
	if err != nil {
		return nil
	}
	p, _ := obj.(*v1.Pod)
	return p
}

// CreationTime is an object's creationTimestamp (the checker's AGE anchor).
func (c *Cluster) CreationTime(resource, namespace, name string) (time.Time, bool) {
	obj, err := c.API.Get(resource, namespace, name)
	if err != nil {
		return time.Time{}, false
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return time.Time{}, false
	}
	return m.GetCreationTimestamp().Time, true
}

// NextEvent is the time of the next scheduled event of the simulation (false when nothing is
// pending).
func (c *Cluster) NextEvent() (time.Time, bool) { return c.Clock.Next() }
