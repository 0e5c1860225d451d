package cluster

import (
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"net/netip"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/scheduler"
)

// kubeletAPI is the kubelet's client of the API server.
type kubeletAPI struct{ s *apiserver.Server }

// UpdatePodStatus is the status manager's patch: no resourceVersion precondition, the Pod's
// UID must still match (apiserver.PatchPodStatus). The result is the stored Pod itself, which
// the kubelet only reads (it copies the status it keeps).
func (a *kubeletAPI) UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error) {
	return a.s.PatchPodStatus(pod)
}

func (a *kubeletAPI) DeletePod(namespace, name string, uid types.UID) error {
	zero := int64(0)
	_, err := a.s.Delete("pods", namespace, name, apiserver.DeleteOptions{
		GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &uid}})
	return err
}

func (a *kubeletAPI) RecordEvent(ref *v1.ObjectReference, source v1.EventSource, eventType, reason, message string) {
	a.s.RecordEvent(apiserver.EventRecord{Regarding: *ref, Type: eventType, Reason: reason, Message: message, Source: source})
}

func (a *kubeletAPI) GetConfigMap(namespace, name string) (*v1.ConfigMap, error) {
	obj, err := a.s.Get("configmaps", namespace, name)
	if err != nil {
		return nil, err
	}
	return obj.(*v1.ConfigMap), nil
}

func (a *kubeletAPI) GetSecret(namespace, name string) (*v1.Secret, error) {
	obj, err := a.s.Get("secrets", namespace, name)
	if err != nil {
		return nil, err
	}
	return obj.(*v1.Secret), nil
}

// ListServices returns the stored Services themselves (read-only: the kubelet reads them
// for the service-link variables of every container it starts).
func (a *kubeletAPI) ListServices() ([]*v1.Service, error) {
	var out []*v1.Service
	err := a.s.Range("services", "", func(obj runtime.Object) { out = append(out, obj.(*v1.Service)) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RegisterNode creates the Node and reports its status (the first status update makes the
// API server's node lifecycle logic drop the not-ready taint).
func (a *kubeletAPI) RegisterNode(node *v1.Node) error {
	created, _, err := a.s.CreateObject("", node, apiserver.CreateOptions{})
	if err != nil {
		return err
	}
	n := created.(*v1.Node).DeepCopy()
	n.Status = node.Status
	_, err = a.s.UpdateStatus(n)
	return err
}

// schedulerAPI is the scheduler's client of the API server.
type schedulerAPI struct {
	s    *apiserver.Server
	node string // the control-plane host, for the events' reportingInstance
}

func (a *schedulerAPI) ListNodes() ([]*v1.Node, error) {
	obj, err := a.s.List("nodes", "", apiserver.ListOptions{})
	if err != nil {
		return nil, err
	}
	list := obj.(*v1.NodeList)
	out := make([]*v1.Node, len(list.Items))
	for i := range list.Items {
		out[i] = &list.Items[i]
	}
	return out, nil
}

// ListPods returns the stored Pods themselves (read-only, as the scheduler treats what it
// lists): the scheduler lists every Pod on each attempt.
func (a *schedulerAPI) ListPods() ([]*v1.Pod, error) {
	var out []*v1.Pod
	err := a.s.Range("pods", "", func(obj runtime.Object) { out = append(out, obj.(*v1.Pod)) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (a *schedulerAPI) GetPod(namespace, name string) (*v1.Pod, error) {
	obj, err := a.s.Get("pods", namespace, name)
	if err != nil {
		return nil, err
	}
	return obj.(*v1.Pod), nil
}

func (a *schedulerAPI) Bind(namespace, name, node string) error {
	return a.s.Bind(namespace, name, node)
}

// UpdatePodStatus is the scheduler's status patch (no optimistic lock).
func (a *schedulerAPI) UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error) {
	cur, err := a.s.Get("pods", pod.Namespace, pod.Name)
	if err != nil {
		return nil, err
	}
	p := pod.DeepCopy()
	p.ResourceVersion = cur.(*v1.Pod).ResourceVersion
	return a.s.UpdatePodStatus(p)
}

// RecordEvent is the scheduler's events.k8s.io/v1 recorder (reportingController
// default-scheduler, reportingInstance default-scheduler-<host>).
func (a *schedulerAPI) RecordEvent(pod *v1.Pod, eventType, reason, action, message string) {
	a.s.RecordEvent(apiserver.EventRecord{
		Regarding: apiserver.Reference(pod, ""), Type: eventType, Reason: reason, Message: message,
		ReportingController: scheduler.Name, ReportingInstance: scheduler.Name + "-" + a.node, Action: action,
	})
}

// ---- cluster DNS and kube-proxy for the runtime ----

// resolver answers the Pods' DNS questions about Services as CoreDNS does:
// <svc>.<ns>.svc.cluster.local → the ClusterIP (headless Services: the ready endpoints).
type resolver struct{ s *apiserver.Server }

func (r *resolver) LookupHost(name string) ([]netip.Addr, bool) {
	name = strings.TrimSuffix(name, ".")
	parts := strings.Split(name, ".")
	if len(parts) != 5 || parts[2] != "svc" || parts[3]+"."+parts[4] != "cluster.local" {
		return nil, false
	}
	obj, err := r.s.Get("services", parts[1], parts[0])
	if err != nil {
		return nil, false
	}
	svc := obj.(*v1.Service)
	if svc.Spec.ClusterIP != "" && svc.Spec.ClusterIP != v1.ClusterIPNone {
		ip, err := netip.ParseAddr(svc.Spec.ClusterIP)
		if err != nil {
			return nil, false
		}
		return []netip.Addr{ip}, true
	}
	var out []netip.Addr
	for _, p := range endpoints(r.s, svc) {
		if ip, err := netip.ParseAddr(p.Status.PodIP); err == nil {
			out = append(out, ip)
		}
	}
	return out, true
}

// router is kube-proxy: ClusterIP:port → the first ready endpoint's targetPort.
type router struct{ s *apiserver.Server }

func (r *router) Route(dst netip.AddrPort) (netip.AddrPort, bool) {
	obj, err := r.s.List("services", "", apiserver.ListOptions{})
	if err != nil {
		return netip.AddrPort{}, false
	}
	for i := range obj.(*v1.ServiceList).Items {
		svc := &obj.(*v1.ServiceList).Items[i]
		if svc.Spec.ClusterIP != dst.Addr().String() {
			continue
		}
		for _, sp := range svc.Spec.Ports {
			if int(sp.Port) != int(dst.Port()) {
				continue
			}
			for _, p := range endpoints(r.s, svc) {
				port := targetPort(p, sp)
				ip, err := netip.ParseAddr(p.Status.PodIP)
				if err == nil && port > 0 {
					return netip.AddrPortFrom(ip, uint16(port)), true
				}
			}
			return netip.AddrPort{}, true
		}
		return netip.AddrPort{}, true
	}
	return netip.AddrPort{}, false
}

// endpoints are the ready Pods a Service selects (the EndpointSlice controller's view).
func endpoints(s *apiserver.Server, svc *v1.Service) []*v1.Pod {
	if len(svc.Spec.Selector) == 0 {
		return nil
	}
	obj, err := s.List("pods", svc.Namespace, apiserver.ListOptions{LabelSelector: labels.SelectorFromSet(svc.Spec.Selector).String()})
	if err != nil {
		return nil
	}
	var out []*v1.Pod
	for i := range obj.(*v1.PodList).Items {
		p := &obj.(*v1.PodList).Items[i]
		if p.Status.PodIP == "" || p.DeletionTimestamp != nil {
			continue
		}
		for _, c := range p.Status.Conditions {
			if c.Type == v1.PodReady && c.Status == v1.ConditionTrue {
				out = append(out, p)
			}
		}
	}
	return out
}

func targetPort(p *v1.Pod, sp v1.ServicePort) int {
	switch {
	case sp.TargetPort.Type == intstr.String && sp.TargetPort.StrVal != "":
		for _, c := range p.Spec.Containers {
			for _, cp := range c.Ports {
				if cp.Name == sp.TargetPort.StrVal {
					return int(cp.ContainerPort)
				}
			}
		}
		n, _ := strconv.Atoi(sp.TargetPort.StrVal)
		return n
	case sp.TargetPort.IntValue() > 0:
		return sp.TargetPort.IntValue()
	}
	return int(sp.Port)
}
