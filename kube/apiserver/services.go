package apiserver

import (
	"fmt"
	"net/netip"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// serviceResource is the service registry: k8s.io/kubernetes v1.37.2
// pkg/registry/core/service/strategy.go and storage/{storage,alloc}.go.
func serviceResource() *resource {
	return &resource{
		info: ResourceInfo{Name: "services", SingularName: "service", Kind: "Service", Version: "v1", Namespaced: true,
			ShortNames: []string{"svc"}, Categories: []string{"all"}, Verbs: []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}},
		newObj: func() runtime.Object { return &corev1.Service{} },
		newList: func(items []runtime.Object) runtime.Object {
			l := &corev1.ServiceList{}
			appendItems(&l.Items, items)
			return l
		},
		prepareForCreate: func(s *Server, obj runtime.Object) {
			obj.(*corev1.Service).Status = corev1.ServiceStatus{}
		},
		prepareForUpdate: func(obj, old runtime.Object) {
			n, o := obj.(*corev1.Service), old.(*corev1.Service)
			n.Status = o.Status
			patchAllocatedValues(n, o)
			normalizeClusterIPs(n, o)
		},
		beginCreate: func(s *Server, obj runtime.Object) (func(), error) { return s.allocateService(obj.(*corev1.Service)) },
		afterDelete: func(s *Server, obj runtime.Object) { s.releaseService(obj.(*corev1.Service)) },
		validate:    func(obj runtime.Object) field.ErrorList { return validation.ServiceCreate(obj.(*corev1.Service)) },
		validateUpdate: func(s *Server, obj, old runtime.Object) field.ErrorList {
			return validation.ServiceUpdate(obj.(*corev1.Service), old.(*corev1.Service))
		},
		fieldLabels: labelsMap("metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"),
		fieldSet: func(obj runtime.Object) fields.Set {
			svc := obj.(*corev1.Service)
			set := metaFields(obj, true)
			set["spec.clusterIP"] = svc.Spec.ClusterIP
			set["spec.type"] = string(svc.Spec.Type)
			return set
		},
	}
}

// ipAllocator hands out ClusterIPs and NodePorts. Like the v1.37 allocators it prefers the
// upper ("dynamic") band of each range and picks at random (seeded), so addresses look like a
// real cluster's (10.96.123.45) while staying reproducible.
type ipAllocator struct {
	prefix    netip.Prefix
	usedIPs   map[netip.Addr]bool
	usedPorts map[int32]bool
}

// NodePort range: kube-apiserver --service-node-port-range default.
const nodePortMin, nodePortMax = 30000, 32767

func newIPAllocator(cidr string) *ipAllocator {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || !p.Addr().Is4() {
		p = netip.MustParsePrefix("10.96.0.0/12")
	}
	return &ipAllocator{prefix: p.Masked(), usedIPs: map[netip.Addr]bool{}, usedPorts: map[int32]bool{}}
}

func (a *ipAllocator) size() uint32 { return 1 << (32 - a.prefix.Bits()) }

func (a *ipAllocator) addr(offset uint32) netip.Addr {
	b := a.prefix.Addr().As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += offset
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// allocateService fills spec.clusterIP(s), ipFamilies, ipFamilyPolicy and node ports.
// s.mu is held.
func (s *Server) allocateService(svc *corev1.Service) (release func(), err error) {
	a := s.services
	var gotIP netip.Addr
	var gotPorts []int32
	release = func() {
		if gotIP.IsValid() {
			delete(a.usedIPs, gotIP)
		}
		for _, p := range gotPorts {
			delete(a.usedPorts, p)
		}
	}
	if svc.Spec.Type != corev1.ServiceTypeExternalName {
		single := corev1.IPFamilyPolicySingleStack
		if svc.Spec.IPFamilyPolicy == nil {
			svc.Spec.IPFamilyPolicy = &single
		}
		if len(svc.Spec.IPFamilies) == 0 {
			svc.Spec.IPFamilies = []corev1.IPFamily{corev1.IPv4Protocol}
		}
		if svc.Spec.ClusterIP == "" && len(svc.Spec.ClusterIPs) > 0 {
			svc.Spec.ClusterIP = svc.Spec.ClusterIPs[0]
		}
		switch svc.Spec.ClusterIP {
		case corev1.ClusterIPNone:
		case "":
			size := a.size()
			// The "static" lower band: min(max(16, size/16), 256) addresses.
			static := min(max(16, size/16), 256)
			if size <= static+2 {
				static = 1
			}
			for tries := 0; tries < 1<<16; tries++ {
				ip := a.addr(static + uint32(s.rng.Int63n(int64(size-static-1))))
				if !a.usedIPs[ip] {
					gotIP = ip
					break
				}
			}
			if !gotIP.IsValid() {
				return nil, apierrors.NewInternalError(fmt.Errorf("failed to allocate a serviceIP: range is full"))
			}
			a.usedIPs[gotIP] = true
			svc.Spec.ClusterIP = gotIP.String()
		default:
			ip, err := netip.ParseAddr(svc.Spec.ClusterIP)
			if err == nil && a.prefix.Contains(ip) {
				if a.usedIPs[ip] {
					return nil, apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("Service").GroupKind(), svc.Name, field.ErrorList{
						field.Invalid(field.NewPath("spec", "clusterIPs").Index(0), []string{svc.Spec.ClusterIP}, "failed to allocate IP "+svc.Spec.ClusterIP+": provided IP is already allocated"),
					})
				}
				gotIP = ip
				a.usedIPs[ip] = true
			}
		}
		if len(svc.Spec.ClusterIPs) == 0 {
			svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
		}
	}
	if svc.Spec.Type == corev1.ServiceTypeNodePort || svc.Spec.Type == corev1.ServiceTypeLoadBalancer {
		const static = 128 // min(max(16, 2768/16), 128)
		for i := range svc.Spec.Ports {
			p := &svc.Spec.Ports[i]
			if p.NodePort != 0 {
				if a.usedPorts[p.NodePort] {
					release()
					return nil, apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("Service").GroupKind(), svc.Name, field.ErrorList{
						field.Invalid(field.NewPath("spec", "ports").Index(i).Child("nodePort"), p.NodePort, "provided port is already allocated"),
					})
				}
			} else {
				for tries := 0; tries < 1<<16; tries++ {
					port := int32(nodePortMin + static + s.rng.Intn(nodePortMax-nodePortMin-static+1))
					if !a.usedPorts[port] {
						p.NodePort = port
						break
					}
				}
			}
			a.usedPorts[p.NodePort] = true
			gotPorts = append(gotPorts, p.NodePort)
		}
	}
	return release, nil
}

// releaseService frees what a deleted Service held. s.mu is held.
func (s *Server) releaseService(svc *corev1.Service) {
	if ip, err := netip.ParseAddr(svc.Spec.ClusterIP); err == nil {
		delete(s.services.usedIPs, ip)
	}
	for _, p := range svc.Spec.Ports {
		delete(s.services.usedPorts, p.NodePort)
	}
}

// patchAllocatedValues is pkg/registry/core/service/storage/storage.go patchAllocatedValues:
// an update that omits allocated values keeps them.
func patchAllocatedValues(newSvc, oldSvc *corev1.Service) {
	needsClusterIP := func(svc *corev1.Service) bool { return svc.Spec.Type != corev1.ServiceTypeExternalName }
	needsNodePort := func(svc *corev1.Service) bool {
		return svc.Spec.Type == corev1.ServiceTypeNodePort || svc.Spec.Type == corev1.ServiceTypeLoadBalancer
	}
	if needsClusterIP(oldSvc) && needsClusterIP(newSvc) {
		if newSvc.Spec.ClusterIP == "" {
			newSvc.Spec.ClusterIP = oldSvc.Spec.ClusterIP
		}
		if len(newSvc.Spec.ClusterIPs) == 0 && len(oldSvc.Spec.ClusterIPs) > 0 {
			newSvc.Spec.ClusterIPs = oldSvc.Spec.ClusterIPs
		}
		if len(newSvc.Spec.IPFamilies) == 0 {
			newSvc.Spec.IPFamilies = oldSvc.Spec.IPFamilies
		}
		if newSvc.Spec.IPFamilyPolicy == nil {
			newSvc.Spec.IPFamilyPolicy = oldSvc.Spec.IPFamilyPolicy
		}
	}
	if needsNodePort(oldSvc) && needsNodePort(newSvc) {
		used := map[int32]bool{}
		inNew := map[int32]bool{}
		for _, p := range newSvc.Spec.Ports {
			inNew[p.NodePort] = true
		}
		for _, p := range oldSvc.Spec.Ports {
			if p.NodePort != 0 && inNew[p.NodePort] {
				used[p.NodePort] = true
			}
		}
		np := map[string]int32{}
		for _, p := range oldSvc.Spec.Ports {
			np[p.Name] = p.NodePort
		}
		for i := range newSvc.Spec.Ports {
			p := &newSvc.Spec.Ports[i]
			if p.NodePort == 0 {
				if old := np[p.Name]; !used[old] {
					p.NodePort = old
				}
			}
		}
	}
}

// normalizeClusterIPs is pkg/registry/core/service/storage/storage.go normalizeClusterIPs for
// an update: keep clusterIP and clusterIPs in sync.
func normalizeClusterIPs(newSvc, oldSvc *corev1.Service) {
	same := func() bool {
		if len(oldSvc.Spec.ClusterIPs) != len(newSvc.Spec.ClusterIPs) {
			return false
		}
		for i, ip := range oldSvc.Spec.ClusterIPs {
			if newSvc.Spec.ClusterIPs[i] != ip {
				return false
			}
		}
		return true
	}
	if len(oldSvc.Spec.ClusterIPs) > 0 && len(newSvc.Spec.ClusterIPs) == 0 && oldSvc.Spec.ClusterIP == newSvc.Spec.ClusterIP {
		newSvc.Spec.ClusterIPs = oldSvc.Spec.ClusterIPs
	}
	if oldSvc.Spec.ClusterIP != newSvc.Spec.ClusterIP {
		if len(oldSvc.Spec.ClusterIP) > 0 && len(newSvc.Spec.ClusterIP) == 0 {
			if same() {
				newSvc.Spec.ClusterIPs = nil
			}
		} else if same() {
			newSvc.Spec.ClusterIPs = []string{newSvc.Spec.ClusterIP}
		}
	}
}
