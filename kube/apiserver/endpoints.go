package apiserver

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"net/netip"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/dump"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// The endpoints controller (k8s.io/kubernetes v1.37.2 pkg/controller/endpoint) and the
// EndpointSlice controller (k8s.io/endpointslice v0.37.2 reconciler.go, utils.go, util/*),
// run inside the server after every write that touches a Pod or a Service.

const (
	// pkg/controller/endpoint/endpoints_controller.go
	endpointsManagedBy      = "endpoints.kubernetes.io/managed-by"
	endpointsControllerName = "endpoint-controller"
	// k8s.io/endpointslice: the kube-controller-manager's controller name.
	endpointSliceControllerName = "endpointslice-controller.k8s.io"
	// --max-endpoints-per-slice default.
	maxEndpointsPerSlice = 100
)

func endpointsResource() *resource {
	return &resource{
		info:   ResourceInfo{Name: "endpoints", SingularName: "endpoints", Kind: "Endpoints", Version: "v1", Namespaced: true, ShortNames: []string{"ep"}, Verbs: allVerbs},
		newObj: func() runtime.Object { return &corev1.Endpoints{} },
		newList: func(items []runtime.Object) runtime.Object {
			l := &corev1.EndpointsList{}
			appendItems(&l.Items, items)
			return l
		},
		validate: func(obj runtime.Object) field.ErrorList {
			return validation.EndpointsCreate(obj.(*corev1.Endpoints))
		},
		validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
			return validation.EndpointsUpdate(obj.(*corev1.Endpoints), old.(*corev1.Endpoints))
		},
		allowCreateOnUpdate: true,
		fieldLabels:         labelsMap("metadata.name", "metadata.namespace"),
		fieldSet:            func(obj runtime.Object) fields.Set { return metaFields(obj, true) },
	}
}

func endpointSliceResource() *resource {
	return &resource{
		info: ResourceInfo{Name: "endpointslices", SingularName: "endpointslice", Kind: "EndpointSlice", Group: "discovery.k8s.io", Version: "v1",
			Namespaced: true, Verbs: allVerbs},
		newObj: func() runtime.Object { return &discoveryv1.EndpointSlice{} },
		newList: func(items []runtime.Object) runtime.Object {
			l := &discoveryv1.EndpointSliceList{}
			appendItems(&l.Items, items)
			return l
		},
		// pkg/registry/discovery/endpointslice/strategy.go
		prepareForCreate: func(s *Server, obj runtime.Object) { obj.(*discoveryv1.EndpointSlice).Generation = 1 },
		prepareForUpdate: func(obj, old runtime.Object) {
			n, o := obj.(*discoveryv1.EndpointSlice), old.(*discoveryv1.EndpointSlice)
			nm, om := n.ObjectMeta, o.ObjectMeta
			n.ObjectMeta, o.ObjectMeta = metav1.ObjectMeta{}, metav1.ObjectMeta{}
			if !apiequality.Semantic.DeepEqual(n, o) || !apiequality.Semantic.DeepEqual(nm.Labels, om.Labels) {
				nm.Generation = om.Generation + 1
			}
			n.ObjectMeta, o.ObjectMeta = nm, om
		},
		validate: func(obj runtime.Object) field.ErrorList {
			return validation.EndpointSliceCreate(obj.(*discoveryv1.EndpointSlice))
		},
		validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
			return validation.EndpointSliceUpdate(obj.(*discoveryv1.EndpointSlice), old.(*discoveryv1.EndpointSlice))
		},
		fieldLabels: labelsMap("metadata.name", "metadata.namespace", "addressType"),
		fieldSet: func(obj runtime.Object) fields.Set {
			set := metaFields(obj, true)
			set["addressType"] = string(obj.(*discoveryv1.EndpointSlice).AddressType)
			return set
		},
	}
}

// RequestWarnings returns the warnings the server attaches to every request on resource:
// the deprecation warning of a deprecated kind (k8s.io/apiserver v0.37.2
// pkg/endpoints/deprecation/deprecation.go WarningMessage), e.g. for `kubectl get endpoints`:
// "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice". Create,
// Update and Patch include them in their warnings; callers of Get, List and Delete add them.
func (s *Server) RequestWarnings(resource string) []string {
	r, ok := s.byName[resource]
	if !ok {
		return nil
	}
	type deprecated interface{ APILifecycleDeprecated() (int, int) }
	type replaced interface {
		APILifecycleReplacement() schema.GroupVersionKind
	}
	obj := r.newObj()
	d, ok := obj.(deprecated)
	if !ok {
		return nil
	}
	major, minor := d.APILifecycleDeprecated()
	if major == 0 && minor == 0 || major > 1 || major == 1 && minor > k8sMinor(s.ver.Minor) {
		return nil
	}
	msg := fmt.Sprintf("%s %s is deprecated in v%d.%d+", r.gvk.GroupVersion().String(), r.gvk.Kind, major, minor)
	if rp, ok := obj.(replaced); ok {
		if gvk := rp.APILifecycleReplacement(); !gvk.Empty() {
			msg += fmt.Sprintf("; use %s %s", gvk.GroupVersion().String(), gvk.Kind)
		}
	}
	return []string{msg}
}

func k8sMinor(minor string) int {
	var maj, n int
	fmt.Sscanf(minor, "%d.%d", &maj, &n)
	return n
}

// ---- controller plumbing ----

// serviceKey names a Service.
type serviceKey struct{ namespace, name string }

// triggerTracker is k8s.io/endpointslice v0.37.2 util/trigger_time_tracker.go
// TriggerTimeTracker (one per controller).
type triggerTracker struct {
	states map[serviceKey]*triggerState
}

type triggerState struct {
	lastPodTriggerTimes    map[string]time.Time
	lastServiceTriggerTime time.Time
}

func (t *triggerTracker) compute(service *corev1.Service, pods []*corev1.Pod) time.Time {
	k := serviceKey{service.Namespace, service.Name}
	state, known := t.states[k]
	if !known {
		state = &triggerState{}
		t.states[k] = state
	}
	var minChanged time.Time
	minOf := func(cur, v time.Time) time.Time {
		if cur.IsZero() || v.Before(cur) {
			return v
		}
		return cur
	}
	podTimes := map[string]time.Time{}
	for _, pod := range pods {
		var tt time.Time
		for _, c := range pod.Status.Conditions {
			if c.Type == corev1.PodReady {
				tt = c.LastTransitionTime.Time
			}
		}
		if !tt.IsZero() {
			podTimes[pod.Name] = tt
			if tt.After(state.lastPodTriggerTimes[pod.Name]) {
				minChanged = minOf(minChanged, tt)
			}
		}
	}
	serviceTime := service.CreationTimestamp.Time
	if serviceTime.After(state.lastServiceTriggerTime) {
		minChanged = minOf(minChanged, serviceTime)
	}
	state.lastPodTriggerTimes = podTimes
	state.lastServiceTriggerTime = serviceTime
	if !known {
		return service.CreationTimestamp.Time
	}
	return minChanged
}

func (t *triggerTracker) forget(k serviceKey) { delete(t.states, k) }

// endpointControllers holds the controllers' state.
type endpointControllers struct {
	dirty      map[serviceKey]bool
	epTracker  triggerTracker
	epsTracker triggerTracker
}

func newEndpointControllers() *endpointControllers {
	return &endpointControllers{
		dirty:      map[serviceKey]bool{},
		epTracker:  triggerTracker{states: map[serviceKey]*triggerState{}},
		epsTracker: triggerTracker{states: map[serviceKey]*triggerState{}},
	}
}

// noteCommit marks the Services a committed write concerns. s.mu is held.
func (s *Server) noteCommit(r *resource, obj, old runtime.Object) {
	switch r.info.Name {
	case "services":
		m := mustAccessor(obj)
		s.endpoints.dirty[serviceKey{m.GetNamespace(), m.GetName()}] = true
	case "pods", "nodes":
		var pods []*corev1.Pod
		for _, o := range []runtime.Object{obj, old} {
			if p, ok := o.(*corev1.Pod); ok && p != nil {
				pods = append(pods, p)
			}
		}
		if r.info.Name == "nodes" {
			// A node appearing or getting a zone can change the slices of every service.
			for _, o := range s.store["services"] {
				svc := o.(*corev1.Service)
				s.endpoints.dirty[serviceKey{svc.Namespace, svc.Name}] = true
			}
			return
		}
		for _, o := range s.store["services"] {
			svc := o.(*corev1.Service)
			if svc.Spec.Selector == nil {
				continue
			}
			sel := labels.SelectorFromSet(svc.Spec.Selector)
			for _, p := range pods {
				if p.Namespace == svc.Namespace && sel.Matches(labels.Set(p.Labels)) {
					s.endpoints.dirty[serviceKey{svc.Namespace, svc.Name}] = true
				}
			}
		}
	}
}

// runEndpointControllers syncs every dirty Service, in name order. s.mu is held.
func (s *Server) runEndpointControllers() {
	for len(s.endpoints.dirty) > 0 {
		keys := make([]serviceKey, 0, len(s.endpoints.dirty))
		for k := range s.endpoints.dirty {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].namespace != keys[j].namespace {
				return keys[i].namespace < keys[j].namespace
			}
			return keys[i].name < keys[j].name
		})
		s.endpoints.dirty = map[serviceKey]bool{}
		for _, k := range keys {
			s.syncEndpoints(k)
			s.syncEndpointSlices(k)
		}
	}
}

// selectedPods lists the pods of svc's selector, by name.
func (s *Server) selectedPods(svc *corev1.Service) []*corev1.Pod {
	sel := labels.SelectorFromSet(svc.Spec.Selector)
	var pods []*corev1.Pod
	for _, k := range s.sortedKeys(s.byName["pods"], svc.Namespace) {
		p := s.store["pods"][k].(*corev1.Pod)
		if sel.Matches(labels.Set(p.Labels)) {
			pods = append(pods, p)
		}
	}
	return pods
}

// shouldPodBeInEndpoints is k8s.io/endpointslice util/controller_utils.go ShouldPodBeInEndpoints.
func shouldPodBeInEndpoints(pod *corev1.Pod, includeTerminating bool) bool {
	if pod.Status.Phase == corev1.PodFailed || pod.Status.Phase == corev1.PodSucceeded {
		return false
	}
	if len(pod.Status.PodIP) == 0 && len(pod.Status.PodIPs) == 0 {
		return false
	}
	if !includeTerminating && pod.DeletionTimestamp != nil {
		return false
	}
	return true
}

func podReady(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// findPort is k8s.io/endpointslice utils.go FindPort.
func findPort(pod *corev1.Pod, svcPort *corev1.ServicePort) (int, error) {
	portName := svcPort.TargetPort
	switch portName.Type {
	case intstr.String:
		name := portName.StrVal
		for _, c := range pod.Spec.Containers {
			for _, port := range c.Ports {
				if port.Name == name && port.Protocol == svcPort.Protocol {
					return int(port.ContainerPort), nil
				}
			}
		}
		for _, c := range pod.Spec.InitContainers {
			if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
				continue
			}
			for _, port := range c.Ports {
				if port.Name == name && port.Protocol == svcPort.Protocol {
					return int(port.ContainerPort), nil
				}
			}
		}
	case intstr.Int:
		return portName.IntValue(), nil
	}
	return 0, fmt.Errorf("no suitable port for manifest: %s", pod.UID)
}

func serviceIPFamily(svc *corev1.Service, pod *corev1.Pod) corev1.IPFamily {
	if len(svc.Spec.IPFamilies) > 0 {
		return svc.Spec.IPFamilies[0]
	}
	if ip, err := netip.ParseAddr(svc.Spec.ClusterIP); err == nil && ip.Is6() {
		return corev1.IPv6Protocol
	}
	if ip, err := netip.ParseAddr(pod.Status.PodIP); err == nil && ip.Is6() {
		return corev1.IPv6Protocol
	}
	return corev1.IPv4Protocol
}

func podIPOfFamily(pod *corev1.Pod, family corev1.IPFamily) string {
	for _, pip := range pod.Status.PodIPs {
		if ip, err := netip.ParseAddr(pip.IP); err == nil && ip.Is6() == (family == corev1.IPv6Protocol) {
			return ip.String()
		}
	}
	return ""
}

func serviceIPSet(svc *corev1.Service) bool {
	return svc.Spec.ClusterIP != corev1.ClusterIPNone && svc.Spec.ClusterIP != ""
}

// ---- Endpoints (pkg/controller/endpoint/endpoints_controller.go syncService) ----

func (s *Server) syncEndpoints(k serviceKey) {
	r := s.byName["endpoints"]
	current, hasCurrent := s.store["endpoints"][key(k.namespace, k.name)]
	svcObj, ok := s.store["services"][key(k.namespace, k.name)]
	if !ok {
		if hasCurrent {
			s.commit(r, watch.Deleted, current, nil)
		}
		s.endpoints.epTracker.forget(k)
		return
	}
	svc := svcObj.(*corev1.Service)
	if svc.Spec.Type == corev1.ServiceTypeExternalName || svc.Spec.Selector == nil {
		return
	}
	pods := s.selectedPods(svc)
	trigger := s.endpoints.epTracker.compute(svc, pods)
	subsets := []corev1.EndpointSubset{}
	for _, pod := range pods {
		if !shouldPodBeInEndpoints(pod, svc.Spec.PublishNotReadyAddresses) {
			continue
		}
		ip := podIPOfFamily(pod, serviceIPFamily(svc, pod))
		if ip == "" {
			continue
		}
		nodeName := pod.Spec.NodeName
		epa := corev1.EndpointAddress{IP: ip, NodeName: &nodeName,
			TargetRef: &corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID}}
		if len(pod.Spec.Hostname) > 0 && pod.Spec.Subdomain == svc.Name && svc.Namespace == pod.Namespace {
			epa.Hostname = pod.Spec.Hostname
		}
		add := func(epp *corev1.EndpointPort) {
			ports := []corev1.EndpointPort{}
			if epp != nil {
				ports = append(ports, *epp)
			}
			if svc.Spec.PublishNotReadyAddresses || podReady(pod) {
				subsets = append(subsets, corev1.EndpointSubset{Addresses: []corev1.EndpointAddress{epa}, Ports: ports})
			} else {
				subsets = append(subsets, corev1.EndpointSubset{NotReadyAddresses: []corev1.EndpointAddress{epa}, Ports: ports})
			}
		}
		if len(svc.Spec.Ports) == 0 {
			if svc.Spec.ClusterIP == corev1.ClusterIPNone {
				add(nil)
			}
			continue
		}
		for i := range svc.Spec.Ports {
			sp := &svc.Spec.Ports[i]
			portNum, err := findPort(pod, sp)
			if err != nil {
				continue
			}
			add(&corev1.EndpointPort{Name: sp.Name, Port: int32(portNum), Protocol: sp.Protocol, AppProtocol: sp.AppProtocol})
		}
	}
	subsets = repackSubsets(subsets)

	var ep *corev1.Endpoints
	if hasCurrent {
		cur := current.(*corev1.Endpoints)
		if apiequality.Semantic.DeepEqual(cur.Subsets, subsets) && labelsCorrectForEndpoints(cur.Labels, svc.Labels) {
			return
		}
		ep = cur.DeepCopy()
	} else {
		ep = &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: svc.Name, Namespace: svc.Namespace}}
	}
	ep.Subsets = subsets
	ep.Labels = map[string]string{}
	for k, v := range svc.Labels {
		ep.Labels[k] = v
	}
	if ep.Annotations == nil {
		ep.Annotations = map[string]string{}
	}
	if !trigger.IsZero() {
		ep.Annotations[corev1.EndpointsLastChangeTriggerTime] = trigger.UTC().Format(time.RFC3339Nano)
	} else {
		delete(ep.Annotations, corev1.EndpointsLastChangeTriggerTime)
	}
	if !serviceIPSet(svc) {
		ep.Labels[corev1.IsHeadlessService] = ""
	} else {
		delete(ep.Labels, corev1.IsHeadlessService)
	}
	ep.Labels[endpointsManagedBy] = endpointsControllerName
	if hasCurrent {
		_, _ = s.updateTyped(r, svc.Namespace, svc.Name, ep, UpdateOptions{}, nil)
	} else {
		_, _ = s.createInternal(r, svc.Namespace, ep, CreateOptions{}, nil)
	}
}

// labelsCorrectForEndpoints is endpoints_controller.go labelsCorrectForEndpoints.
func labelsCorrectForEndpoints(epLabels, svcLabels map[string]string) bool {
	if epLabels[endpointsManagedBy] != endpointsControllerName {
		return false
	}
	for k, v := range svcLabels {
		if epLabels[k] != v {
			return false
		}
	}
	return true
}

// repackSubsets is k8s.io/kubernetes v1.37.2 pkg/api/v1/endpoints/util.go RepackSubsets, with
// its hashing (pkg/util/hash DeepHashObject: fnv128a of k8s.io/utils/dump.ForHash).
func repackSubsets(subsets []corev1.EndpointSubset) []corev1.EndpointSubset {
	type addressKey struct {
		ip  string
		uid string
	}
	type addressSet map[*corev1.EndpointAddress]bool
	allAddrs := map[addressKey]*corev1.EndpointAddress{}
	portToAddrReadyMap := map[corev1.EndpointPort]addressSet{}
	mapAddressByPort := func(addr *corev1.EndpointAddress, port corev1.EndpointPort, ready bool) {
		k := addressKey{ip: addr.IP}
		if addr.TargetRef != nil {
			k.uid = string(addr.TargetRef.UID)
		}
		existing := allAddrs[k]
		if existing == nil {
			existing = &corev1.EndpointAddress{}
			*existing = *addr
			allAddrs[k] = existing
		}
		if _, found := portToAddrReadyMap[port]; !found {
			portToAddrReadyMap[port] = addressSet{}
		}
		if wasReady, found := portToAddrReadyMap[port][existing]; !found || wasReady {
			portToAddrReadyMap[port][existing] = ready
		}
	}
	mapAddressesByPort := func(ss *corev1.EndpointSubset, port corev1.EndpointPort) {
		for k := range ss.Addresses {
			mapAddressByPort(&ss.Addresses[k], port, true)
		}
		for k := range ss.NotReadyAddresses {
			mapAddressByPort(&ss.NotReadyAddresses[k], port, false)
		}
	}
	for i := range subsets {
		if len(subsets[i].Ports) == 0 {
			mapAddressesByPort(&subsets[i], corev1.EndpointPort{Port: -1})
		} else {
			for _, port := range subsets[i].Ports {
				mapAddressesByPort(&subsets[i], port)
			}
		}
	}
	type addrReady struct {
		addr  *corev1.EndpointAddress
		ready bool
	}
	hashAddresses := func(addrs addressSet) string {
		slice := make([]addrReady, 0, len(addrs))
		for k, ready := range addrs {
			slice = append(slice, addrReady{k, ready})
		}
		sort.Slice(slice, func(i, j int) bool { return lessEndpointAddress(slice[i].addr, slice[j].addr) })
		return hex.EncodeToString(deepHash(slice))
	}
	keyToAddrReadyMap := map[string]addressSet{}
	keyToPorts := map[string][]corev1.EndpointPort{}
	for port, addrs := range portToAddrReadyMap {
		k := hashAddresses(addrs)
		keyToAddrReadyMap[k] = addrs
		if port.Port > 0 {
			keyToPorts[k] = append(keyToPorts[k], port)
		} else if _, found := keyToPorts[k]; !found {
			keyToPorts[k] = nil
		}
	}
	final := []corev1.EndpointSubset{}
	for k, ports := range keyToPorts {
		var ready, notReady []corev1.EndpointAddress
		for addr, r := range keyToAddrReadyMap[k] {
			if r {
				ready = append(ready, *addr)
			} else {
				notReady = append(notReady, *addr)
			}
		}
		final = append(final, corev1.EndpointSubset{Addresses: ready, NotReadyAddresses: notReady, Ports: ports})
	}
	for i := range final {
		ss := &final[i]
		sort.Slice(ss.Addresses, func(a, b int) bool { return lessEndpointAddress(&ss.Addresses[a], &ss.Addresses[b]) })
		sort.Slice(ss.NotReadyAddresses, func(a, b int) bool {
			return lessEndpointAddress(&ss.NotReadyAddresses[a], &ss.NotReadyAddresses[b])
		})
		sort.Slice(ss.Ports, func(a, b int) bool { return bytes.Compare(deepHash(ss.Ports[a]), deepHash(ss.Ports[b])) < 0 })
	}
	sort.Slice(final, func(a, b int) bool { return bytes.Compare(deepHash(final[a]), deepHash(final[b])) < 0 })
	return final
}

// deepHash is k8s.io/kubernetes pkg/util/hash DeepHashObject with fnv128a.
func deepHash(obj any) []byte {
	h := fnv.New128a()
	fmt.Fprintf(h, "%v", dump.ForHash(obj))
	return h.Sum(nil)
}

// lessEndpointAddress is pkg/api/v1/endpoints/util.go LessEndpointAddress.
func lessEndpointAddress(a, b *corev1.EndpointAddress) bool {
	if c := bytes.Compare([]byte(a.IP), []byte(b.IP)); c != 0 {
		return c < 0
	}
	if b.TargetRef == nil {
		return false
	}
	if a.TargetRef == nil {
		return true
	}
	return a.TargetRef.UID < b.TargetRef.UID
}

// ---- EndpointSlices (k8s.io/endpointslice v0.37.2 reconciler.go, utils.go) ----

func (s *Server) syncEndpointSlices(k serviceKey) {
	r := s.byName["endpointslices"]
	var existing []*discoveryv1.EndpointSlice
	for _, key := range s.sortedKeys(r, k.namespace) {
		sl := s.store["endpointslices"][key].(*discoveryv1.EndpointSlice)
		if sl.Labels[discoveryv1.LabelServiceName] == k.name && sl.Labels[discoveryv1.LabelManagedBy] == endpointSliceControllerName {
			existing = append(existing, sl)
		}
	}
	svcObj, ok := s.store["services"][key(k.namespace, k.name)]
	if !ok {
		// The garbage collector deletes the slices owned by a deleted Service.
		for _, sl := range existing {
			s.commit(r, watch.Deleted, sl, nil)
		}
		s.endpoints.epsTracker.forget(k)
		return
	}
	svc := svcObj.(*corev1.Service)
	if svc.Spec.Type == corev1.ServiceTypeExternalName || svc.Spec.Selector == nil {
		return
	}
	pods := s.selectedPods(svc)
	trigger := s.endpoints.epsTracker.compute(svc, pods)
	addressType := discoveryv1.AddressTypeIPv4
	if len(svc.Spec.IPFamilies) > 0 && svc.Spec.IPFamilies[0] == corev1.IPv6Protocol {
		addressType = discoveryv1.AddressTypeIPv6
	}

	// Desired endpoints grouped by their port list.
	type group struct {
		ports     []discoveryv1.EndpointPort
		endpoints []discoveryv1.Endpoint
	}
	var order []string
	groups := map[string]*group{}
	for _, pod := range pods {
		if !shouldPodBeInEndpoints(pod, true) {
			continue
		}
		var node *corev1.Node
		if n, ok := s.store["nodes"][key("", pod.Spec.NodeName)]; ok {
			node = n.(*corev1.Node)
		} else if !svc.Spec.PublishNotReadyAddresses {
			continue // skipping Pod for Service, Node not found
		}
		ports := endpointSlicePorts(svc, pod)
		pk := string(deepHash(ports))
		g := groups[pk]
		if g == nil {
			g = &group{ports: ports}
			groups[pk] = g
			order = append(order, pk)
		}
		if ep, ok := podToEndpoint(pod, node, svc, addressType); ok {
			g.endpoints = append(g.endpoints, ep)
		}
	}

	annotate := func(sl *discoveryv1.EndpointSlice) {
		if sl.Annotations == nil {
			sl.Annotations = map[string]string{}
		}
		if !trigger.IsZero() {
			sl.Annotations[corev1.EndpointsLastChangeTriggerTime] = trigger.UTC().Format(time.RFC3339Nano)
		} else {
			delete(sl.Annotations, corev1.EndpointsLastChangeTriggerTime)
		}
	}
	used := map[*discoveryv1.EndpointSlice]bool{}
	write := func(desired *discoveryv1.EndpointSlice, old *discoveryv1.EndpointSlice) {
		desired.Labels = endpointSliceLabels(svc)
		if old == nil {
			annotate(desired)
			_, _ = s.createInternal(r, svc.Namespace, desired, CreateOptions{}, nil)
			return
		}
		used[old] = true
		if apiequality.Semantic.DeepEqual(old.Endpoints, desired.Endpoints) && apiequality.Semantic.DeepEqual(old.Ports, desired.Ports) &&
			apiequality.Semantic.DeepEqual(old.Labels, desired.Labels) {
			return
		}
		n := old.DeepCopy()
		n.Endpoints, n.Ports, n.Labels = desired.Endpoints, desired.Ports, desired.Labels
		annotate(n)
		_, _ = s.updateTyped(r, svc.Namespace, n.Name, n, UpdateOptions{}, nil)
	}
	for _, pk := range order {
		g := groups[pk]
		var mine []*discoveryv1.EndpointSlice
		for _, sl := range existing {
			if ownedBySvc(sl, svc) && string(deepHash(sl.Ports)) == pk && !used[sl] {
				mine = append(mine, sl)
			}
		}
		for i := 0; i < len(g.endpoints) || i == 0; i += maxEndpointsPerSlice {
			end := min(i+maxEndpointsPerSlice, len(g.endpoints))
			desired := newEndpointSlice(svc, g.ports, addressType)
			desired.Endpoints = append([]discoveryv1.Endpoint{}, g.endpoints[i:end]...)
			var old *discoveryv1.EndpointSlice
			if len(mine) > 0 {
				old, mine = mine[0], mine[1:]
			}
			write(desired, old)
		}
	}
	if len(order) == 0 {
		// No endpoint: keep (or create) the placeholder slice.
		var placeholder *discoveryv1.EndpointSlice
		for _, sl := range existing {
			if ownedBySvc(sl, svc) && len(sl.Ports) == 0 && len(sl.Endpoints) == 0 {
				placeholder = sl
				break
			}
		}
		desired := newEndpointSlice(svc, []discoveryv1.EndpointPort{}, addressType)
		write(desired, placeholder)
	}
	for _, sl := range existing {
		if !used[sl] {
			s.commit(r, watch.Deleted, sl, nil)
		}
	}
}

// newEndpointSlice is utils.go newEndpointSlice.
func newEndpointSlice(svc *corev1.Service, ports []discoveryv1.EndpointPort, addressType discoveryv1.AddressType) *discoveryv1.EndpointSlice {
	prefix := svc.Name + "-"
	if len(apimachineryvalidation.NameIsDNSSubdomain(prefix, true)) != 0 {
		prefix = svc.Name
	}
	return &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName:    prefix,
			Namespace:       svc.Namespace,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(svc, corev1.SchemeGroupVersion.WithKind("Service"))},
		},
		AddressType: addressType,
		Ports:       ports,
		Endpoints:   []discoveryv1.Endpoint{},
	}
}

func ownedBySvc(sl *discoveryv1.EndpointSlice, svc *corev1.Service) bool {
	for _, o := range sl.OwnerReferences {
		if o.UID == svc.UID && o.Kind == "Service" && o.APIVersion == "v1" {
			return true
		}
	}
	return false
}

// endpointSliceLabels is utils.go setEndpointSliceLabels.
func endpointSliceLabels(svc *corev1.Service) map[string]string {
	out := map[string]string{}
	for k, v := range svc.Labels {
		if k == discoveryv1.LabelServiceName || k == discoveryv1.LabelManagedBy || k == corev1.IsHeadlessService {
			continue // reserved
		}
		out[k] = v
	}
	if !serviceIPSet(svc) {
		out[corev1.IsHeadlessService] = ""
	}
	out[discoveryv1.LabelServiceName] = svc.Name
	out[discoveryv1.LabelManagedBy] = endpointSliceControllerName
	return out
}

// endpointSlicePorts is utils.go getEndpointPorts.
func endpointSlicePorts(svc *corev1.Service, pod *corev1.Pod) []discoveryv1.EndpointPort {
	ports := []discoveryv1.EndpointPort{}
	if len(svc.Spec.Ports) == 0 && svc.Spec.ClusterIP == corev1.ClusterIPNone {
		return ports
	}
	for i := range svc.Spec.Ports {
		sp := &svc.Spec.Ports[i]
		n, err := findPort(pod, sp)
		if err != nil {
			continue
		}
		name, port, proto := sp.Name, int32(n), sp.Protocol
		ports = append(ports, discoveryv1.EndpointPort{Name: &name, Port: &port, Protocol: &proto, AppProtocol: sp.AppProtocol})
	}
	return ports
}

// podToEndpoint is utils.go podToEndpoint.
func podToEndpoint(pod *corev1.Pod, node *corev1.Node, svc *corev1.Service, addressType discoveryv1.AddressType) (discoveryv1.Endpoint, bool) {
	serving := podReady(pod)
	terminating := pod.DeletionTimestamp != nil
	ready := svc.Spec.PublishNotReadyAddresses || (serving && !terminating)
	var addrs []string
	for _, pip := range pod.Status.PodIPs {
		ip, err := netip.ParseAddr(pip.IP)
		if err != nil {
			continue
		}
		if (addressType == discoveryv1.AddressTypeIPv6) == ip.Is6() {
			addrs = append(addrs, ip.String())
			break
		}
	}
	if len(addrs) == 0 && pod.Status.PodIP != "" && len(pod.Status.PodIPs) == 0 {
		addrs = []string{pod.Status.PodIP}
	}
	ep := discoveryv1.Endpoint{
		Addresses:  addrs,
		Conditions: discoveryv1.EndpointConditions{Ready: &ready, Serving: &serving, Terminating: &terminating},
		TargetRef:  &corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID},
	}
	if pod.Spec.NodeName != "" {
		nodeName := pod.Spec.NodeName
		ep.NodeName = &nodeName
	}
	if node != nil && node.Labels[corev1.LabelTopologyZone] != "" {
		zone := node.Labels[corev1.LabelTopologyZone]
		ep.Zone = &zone
	}
	if len(pod.Spec.Hostname) > 0 && pod.Spec.Subdomain == svc.Name && svc.Namespace == pod.Namespace {
		h := pod.Spec.Hostname
		ep.Hostname = &h
	}
	return ep, len(addrs) > 0
}
