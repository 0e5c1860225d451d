package apiserver

import (
	"encoding/hex"
	"fmt"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/k8sversion"
)

// Options configures a Server.
type Options struct {
	// Seed seeds the PRNG behind uids, generated names and kube-api-access-xxxxx suffixes.
	Seed int64
	// Version is the modelled Kubernetes minor ("1.37" when empty), see package k8sversion.
	Version string
	// ServiceCIDR is the ClusterIP range ("10.96.0.0/12" when empty, the kubeadm/minikube
	// default). The first address goes to the `kubernetes` Service.
	ServiceCIDR string
	// EventTTL is how long an Event lives after its last write (kube-apiserver --event-ttl,
	// default 1h).
	EventTTL time.Duration
	// AdvertiseAddress and SecurePort are where the `kubernetes` Service's endpoints point
	// (kube-apiserver --advertise-address, --secure-port; default: minikube's 192.168.49.2 and
	// 8443).
	AdvertiseAddress string
	SecurePort       int32
}

// WatchEvent is one committed write, delivered to the functions registered with Watch.
type WatchEvent struct {
	// Type is watch.Added, watch.Modified or watch.Deleted.
	Type watch.EventType
	// Resource is the plural resource name ("pods").
	Resource string
	// Object is a deep copy of the object after the write (for Deleted: its last state), with
	// apiVersion and kind set.
	Object runtime.Object
	// Old is a deep copy of the object before the write (nil for Added).
	Old runtime.Object
}

// Server is the simulated kube-apiserver (with the admission plugins and the few controllers
// whose effects are visible through it). All methods are safe to call from a watch callback;
// the callbacks themselves run one at a time, in commit order.
type Server struct {
	mu   sync.Mutex
	clk  *clock.Clock
	ver  *k8sversion.Version
	opts Options
	rng  *rand.Rand
	rv   uint64

	codec     *codec
	res       []*resource
	byName    map[string]*resource
	store     map[string]map[string]runtime.Object // resource → namespace/name → stored object
	keys      map[string][]string                  // resource → sorted store keys (nil: stale)
	services  *ipAllocator
	endpoints *endpointControllers
	events    *eventState

	watchers    map[int]watcher
	watchOrder  []int
	nextWatcher int
	pending     []WatchEvent // pending[pendingHead:] are still to deliver
	pendingHead int
	dispatching bool
	dispatchBuf []watcher // reused by dispatch (not re-entered: see dispatching)
}

// New returns a server whose clock is clk, with the objects a fresh v1.37 control plane has:
// namespaces default, kube-node-lease, kube-public and kube-system (each with ServiceAccount
// "default" and ConfigMap "kube-root-ca.crt") and the `kubernetes` Service in default.
func New(clk *clock.Clock, opts Options) *Server {
	ver, err := k8sversion.Get(opts.Version)
	if err != nil {
		ver = k8sversion.MustGet(k8sversion.Default)
	}
	if opts.ServiceCIDR == "" {
		opts.ServiceCIDR = "10.96.0.0/12"
	}
	if opts.EventTTL == 0 {
		opts.EventTTL = time.Hour
	}
	if opts.AdvertiseAddress == "" {
		opts.AdvertiseAddress = "192.168.49.2"
	}
	if opts.SecurePort == 0 {
		opts.SecurePort = 8443
	}
	s := &Server{
		clk:      clk,
		ver:      ver,
		opts:     opts,
		rng:      rand.New(rand.NewSource(opts.Seed)),
		codec:    sharedCodec(),
		store:    map[string]map[string]runtime.Object{},
		keys:     map[string][]string{},
		watchers: map[int]watcher{},
	}
	s.services = newIPAllocator(opts.ServiceCIDR)
	s.events = newEventState(clk.Now())
	s.endpoints = newEndpointControllers()
	s.res = resources()
	s.byName = map[string]*resource{}
	for _, r := range s.res {
		s.byName[r.info.Name] = r
		s.store[r.info.Name] = map[string]runtime.Object{}
	}
	s.bootstrap()
	return s
}

// Version is the table of version-specific strings of the modelled release.
func (s *Server) Version() *k8sversion.Version { return s.ver }

// Clock is the virtual clock the server stamps objects with.
func (s *Server) Clock() *clock.Clock { return s.clk }

// bootstrap creates what a new control plane holds before any user request (real/A.md #02).
func (s *Server) bootstrap() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ns := range []string{"default", "kube-node-lease", "kube-public", "kube-system"} {
		obj := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}
		if _, err := s.createInternal(s.byName["namespaces"], "", obj, CreateOptions{}, nil); err != nil {
			panic(fmt.Sprintf("apiserver bootstrap: %v", err))
		}
	}
	// The first address of the service CIDR goes to the `kubernetes` Service
	// (pkg/controlplane/controller/kubernetesservice, v1.37.2); port 443 → 6443.
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name:      "kubernetes",
			Namespace: "default",
			Labels:    map[string]string{"component": "apiserver", "provider": "kubernetes"},
		},
		Spec: corev1.ServiceSpec{
			ClusterIP: s.services.addr(1).String(),
			Ports:     []corev1.ServicePort{{Name: "https", Port: 443, Protocol: corev1.ProtocolTCP, TargetPort: intOrString(s.opts.SecurePort)}},
		},
	}
	if _, err := s.createInternal(s.byName["services"], "default", svc, CreateOptions{}, nil); err != nil {
		panic(fmt.Sprintf("apiserver bootstrap: %v", err))
	}
	// Its Endpoints and EndpointSlice, kept by the apiserver's lease endpoint reconciler
	// (pkg/controlplane/reconcilers/lease.go, endpointsadapter.go).
	port := corev1.EndpointPort{Name: "https", Port: s.opts.SecurePort, Protocol: corev1.ProtocolTCP}
	ep := &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: "kubernetes", Namespace: "default", Labels: map[string]string{"endpointslice.kubernetes.io/skip-mirror": "true"}},
		Subsets:    []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: s.opts.AdvertiseAddress}}, Ports: []corev1.EndpointPort{port}}},
	}
	if _, err := s.createInternal(s.byName["endpoints"], "default", ep, CreateOptions{}, nil); err != nil {
		panic(fmt.Sprintf("apiserver bootstrap: %v", err))
	}
	ready := true
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta:  metav1.ObjectMeta{Name: "kubernetes", Namespace: "default", Labels: map[string]string{discoveryv1.LabelServiceName: "kubernetes"}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{s.opts.AdvertiseAddress}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}},
		Ports:       []discoveryv1.EndpointPort{{Name: &port.Name, Port: &port.Port, Protocol: &port.Protocol}},
	}
	if _, err := s.createInternal(s.byName["endpointslices"], "default", slice, CreateOptions{}, nil); err != nil {
		panic(fmt.Sprintf("apiserver bootstrap: %v", err))
	}
	s.endpoints.dirty = map[serviceKey]bool{}
	s.pending = nil
}

// watcher is a function registered with Watch or WatchShared.
type watcher struct {
	fn     func(WatchEvent)
	shared bool // WatchShared: the stored objects themselves, no copies
}

// Watch registers fn to be called after every committed write, in commit order and never
// concurrently. A write made from inside fn is committed at once; its event is delivered after
// fn returns. The returned function unregisters fn.
func (s *Server) Watch(fn func(WatchEvent)) (stop func()) {
	return s.watch(watcher{fn: fn})
}

// WatchShared is Watch for the cluster's own informers: the events carry the stored objects
// themselves rather than copies (and without apiVersion/kind, like List items). They are
// read-only: the server never modifies a stored object in place, and neither may fn or
// anything it hands them to. This spares two deep copies per write and watcher.
func (s *Server) WatchShared(fn func(WatchEvent)) (stop func()) {
	return s.watch(watcher{fn: fn, shared: true})
}

func (s *Server) watch(w watcher) (stop func()) {
	s.mu.Lock()
	id := s.nextWatcher
	s.nextWatcher++
	s.watchers[id] = w
	s.watchOrder = append(s.watchOrder, id)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.watchers, id)
		for i, w := range s.watchOrder {
			if w == id {
				s.watchOrder = append(s.watchOrder[:i:i], s.watchOrder[i+1:]...)
				break
			}
		}
	}
}

// dispatch delivers pending watch events; called without s.mu held at the end of every
// public write method. Re-entrant calls return at once: the outermost caller drains the queue.
func (s *Server) dispatch() {
	s.mu.Lock()
	if s.dispatching {
		s.mu.Unlock()
		return
	}
	s.dispatching = true
	for s.pendingHead < len(s.pending) {
		ev := s.pending[s.pendingHead]
		s.pending[s.pendingHead] = WatchEvent{}
		s.pendingHead++
		fns := s.dispatchBuf[:0]
		for _, id := range s.watchOrder {
			fns = append(fns, s.watchers[id])
		}
		s.dispatchBuf = fns[:0]
		r := s.byName[ev.Resource]
		s.mu.Unlock()
		for _, w := range fns {
			if w.shared {
				w.fn(ev)
			} else {
				w.fn(s.copyEvent(r, ev))
			}
		}
		s.mu.Lock()
	}
	s.pending, s.pendingHead = s.pending[:0], 0
	s.dispatching = false
	s.mu.Unlock()
}

// copyEvent gives a watcher its own copies, with apiVersion and kind set.
func (s *Server) copyEvent(r *resource, ev WatchEvent) WatchEvent {
	ev.Object = s.withKind(r, ev.Object.DeepCopyObject())
	if ev.Old != nil {
		ev.Old = s.withKind(r, ev.Old.DeepCopyObject())
	}
	return ev
}

// now is the clock's time with the second precision the API stores (metav1.Time marshals
// RFC 3339 seconds).
func (s *Server) now() metav1.Time {
	return metav1.NewTime(s.clk.Now().Truncate(time.Second))
}

// newUID returns a random (seeded) version-4 UUID, as k8s.io/apimachinery/pkg/util/uuid does.
func (s *Server) newUID() types.UID {
	var b [16]byte
	s.rng.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return types.UID(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32])
}

// randString is k8s.io/apimachinery/pkg/util/rand.String: n characters from
// "bcdfghjklmnpqrstvwxz2456789" (no vowels, no confusable digits).
func (s *Server) randString(n int) string {
	const alphanums = "bcdfghjklmnpqrstvwxz2456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphanums[s.rng.Intn(len(alphanums))]
	}
	return string(b)
}

// generateName is k8s.io/apiserver/pkg/storage/names SimpleNameGenerator.GenerateName: the
// base truncated so that base+5 random characters fit in 63 characters.
func (s *Server) generateName(base string) string {
	const maxNameLength, randomLength = 63, 5
	if len(base) > maxNameLength-randomLength {
		base = base[:maxNameLength-randomLength]
	}
	return base + s.randString(randomLength)
}

// nextRV returns the next resourceVersion (one counter for all objects, like etcd's revision).
func (s *Server) nextRV() string {
	s.rv++
	return strconv.FormatUint(s.rv, 10)
}

func key(namespace, name string) string { return namespace + "/" + name }

// commit stores obj (or removes it when typ is Deleted) with a new resourceVersion and queues
// the watch event. obj must carry no TypeMeta.
func (s *Server) commit(r *resource, typ watch.EventType, obj, old runtime.Object) runtime.Object {
	m := mustAccessor(obj)
	k := key(m.GetNamespace(), m.GetName())
	if typ == watch.Deleted {
		delete(s.store[r.info.Name], k)
		s.keys[r.info.Name] = nil
	} else {
		m.SetResourceVersion(s.nextRV())
		if _, ok := s.store[r.info.Name][k]; !ok {
			s.keys[r.info.Name] = nil
		}
		s.store[r.info.Name][k] = obj
	}
	s.noteCommit(r, obj, old)
	if r.info.Name == "events" && typ != watch.Deleted {
		s.noteEventWrite()
	}
	// Stored objects are never modified in place, so the queue can hold them; each watcher
	// gets its own copy when the event is delivered.
	if len(s.watchers) > 0 {
		s.pending = append(s.pending, WatchEvent{Type: typ, Resource: r.info.Name, Object: obj, Old: old})
	}
	return obj
}

// withKind sets apiVersion and kind on obj, as the server's responses carry them.
func (s *Server) withKind(r *resource, obj runtime.Object) runtime.Object {
	obj.GetObjectKind().SetGroupVersionKind(r.gvk)
	return obj
}

func mustAccessor(obj runtime.Object) metav1.Object {
	m, err := meta.Accessor(obj)
	if err != nil {
		panic(err)
	}
	return m
}

// sortedKeys returns the store keys of resource r in namespace ns ("" = all) in etcd key order
// ("namespace/name"). The sorted list is cached until an object is added or removed; the
// returned slice must not be modified.
func (s *Server) sortedKeys(r *resource, ns string) []string {
	all := s.keys[r.info.Name]
	if all == nil {
		all = make([]string, 0, len(s.store[r.info.Name]))
		for k := range s.store[r.info.Name] {
			all = append(all, k)
		}
		sort.Strings(all)
		s.keys[r.info.Name] = all
	}
	if ns == "" {
		return all
	}
	prefix := ns + "/"
	lo := sort.SearchStrings(all, prefix)
	hi := lo
	for hi < len(all) && strings.HasPrefix(all[hi], prefix) {
		hi++
	}
	return all[lo:hi]
}

// notFound is the registry's NotFound for r.
func notFound(r *resource, name string) error {
	return apierrors.NewNotFound(r.groupResource(), name)
}
