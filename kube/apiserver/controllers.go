package apiserver

import (
	"encoding/base64"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

// The kube-controller-manager controllers whose effect is only API objects run inside the
// server, synchronously, right after the write that triggers them:
//   - serviceaccount controller: ServiceAccount "default" in every new namespace;
//   - root-ca-cert-publisher: ConfigMap "kube-root-ca.crt" in every new namespace
//     (pkg/controller/certificates/rootcacertpublisher/publisher.go, v1.37.2);
//   - namespace controller: deletes a Terminating namespace's content, then the namespace;
//   - node lifecycle controller: removes the node.kubernetes.io/not-ready:NoSchedule taint
//     (added by the TaintNodesByCondition admission plugin) when the node reports Ready.

// rootCADescription is publisher.go Description.
const rootCADescription = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
	"No other usage is guaranteed across distributions of Kubernetes clusters."

// namespaceCreated runs the controllers that react to a new namespace. s.mu is held.
func (s *Server) namespaceCreated(ns *corev1.Namespace) {
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns.Name}}
	_, _ = s.createInternal(s.byName["serviceaccounts"], ns.Name, sa, CreateOptions{}, nil)
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name:        "kube-root-ca.crt",
			Namespace:   ns.Name,
			Annotations: map[string]string{"kubernetes.io/description": rootCADescription},
		},
		Data: map[string]string{"ca.crt": s.rootCA()},
	}
	_, _ = s.createInternal(s.byName["configmaps"], ns.Name, cm, CreateOptions{}, nil)
}

// rootCA is a stand-in PEM block, the same for every namespace of one server.
func (s *Server) rootCA() string {
	if obj, ok := s.store["configmaps"][key("default", "kube-root-ca.crt")]; ok {
		return obj.(*corev1.ConfigMap).Data["ca.crt"]
	}
	b := make([]byte, 768)
	s.rng.Read(b)
	enc := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	sb.WriteString("-----BEGIN CERTIFICATE-----\n")
	for len(enc) > 64 {
		sb.WriteString(enc[:64] + "\n")
		enc = enc[64:]
	}
	sb.WriteString(enc + "\n-----END CERTIFICATE-----\n")
	return sb.String()
}

// deleteNamespace is the namespace registry's Delete (pkg/registry/core/namespace/storage):
// the namespace becomes Terminating with a deletionTimestamp; the namespace controller then
// deletes its content and, once nothing is left, the namespace. s.mu is held.
func (s *Server) deleteNamespace(r *resource, ns *corev1.Namespace, dryRun bool) (runtime.Object, error) {
	if ns.DeletionTimestamp == nil {
		now := s.now()
		ns.DeletionTimestamp = &now
		ns.Status.Phase = corev1.NamespaceTerminating
		if dryRun {
			return s.deletedResult(r, ns), nil
		}
		stored := s.store["namespaces"][key("", ns.Name)]
		s.commit(r, watch.Modified, ns, stored)
		for _, cr := range s.res {
			if !cr.info.Namespaced {
				continue
			}
			for _, k := range s.sortedKeys(cr, ns.Name) {
				name := mustAccessor(s.store[cr.info.Name][k]).GetName()
				_, _ = s.deleteLocked(cr, ns.Name, name, DeleteOptions{})
			}
		}
		s.namespaceContentDeleted(ns.Name)
	}
	if obj, ok := s.store["namespaces"][key("", ns.Name)]; ok {
		return s.deletedResult(r, obj), nil
	}
	return s.deletedResult(r, ns), nil
}

// namespaceContentDeleted finishes a Terminating namespace once it holds nothing. s.mu is held.
func (s *Server) namespaceContentDeleted(namespace string) {
	obj, ok := s.store["namespaces"][key("", namespace)]
	if !ok || obj.(*corev1.Namespace).Status.Phase != corev1.NamespaceTerminating {
		return
	}
	for _, cr := range s.res {
		if cr.info.Namespaced && len(s.sortedKeys(cr, namespace)) > 0 {
			return
		}
	}
	s.commit(s.byName["namespaces"], watch.Deleted, obj, nil)
}

// nodeStatusChanged is the node lifecycle controller's NoSchedule tainting pass for the
// not-ready taint. s.mu is held.
func (s *Server) nodeStatusChanged(node *corev1.Node) {
	stored, ok := s.store["nodes"][key("", node.Name)]
	if !ok {
		return
	}
	cur := stored.(*corev1.Node)
	ready := false
	for _, c := range cur.Status.Conditions {
		if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
			ready = true
		}
	}
	if !ready {
		return
	}
	var taints []corev1.Taint
	removed := false
	for _, t := range cur.Spec.Taints {
		if t.Key == corev1.TaintNodeNotReady && t.Effect == corev1.TaintEffectNoSchedule {
			removed = true
			continue
		}
		taints = append(taints, t)
	}
	if !removed {
		return
	}
	n := cur.DeepCopy()
	n.Spec.Taints = taints
	s.commit(s.byName["nodes"], watch.Modified, n, stored)
}
