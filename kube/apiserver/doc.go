// Package apiserver owns the simulated kube-apiserver of Kubernetes 1.37: an in-memory object
// store for the core/v1 kinds a Pod tutorial touches, with the real server's decoding,
// defaulting, admission, validation, update rules, graceful deletion, event aggregation and
// watch, so that every object and every error a client sees is the one a v1.37.2 control plane
// gives. It imports k8s.io/api, k8s.io/apimachinery, kube/clock, kube/k8sversion and its
// sub-packages validation (the copied v1.37.2 validation code) and internalspec (the internal
// PodSpec for the update diff). It never dials or execs.
//
// Every error is an *apierrors.StatusError built as the real server builds it (NotFound,
// AlreadyExists, Conflict, BadRequest from decoding, Invalid with field causes from
// validation, Forbidden from admission); kubectl's checkErr formats them.
//
// # API
//
//	New(clk *clock.Clock, opts Options) *Server
//	type Options struct{ Seed int64; Version, ServiceCIDR string; EventTTL time.Duration;
//	                     AdvertiseAddress string; SecurePort int32 }
//	(*Server).Version() *k8sversion.Version     the modelled release's strings
//	(*Server).Clock() *clock.Clock
//
// Discovery:
//
//	(*Server).Resources() []ResourceInfo          namespaces, nodes, pods, events, configmaps,
//	                                               secrets, services, endpoints, serviceaccounts,
//	                                               endpointslices (discovery.k8s.io/v1),
//	                                               daemonsets, deployments, replicasets,
//	                                               statefulsets (apps/v1), cronjobs, jobs
//	                                               (batch/v1): apps.go, batch*.go
//	(*Server).Resource(name) (ResourceInfo, bool) by plural, singular or short name
//	(*Server).RESTMapper() meta.RESTMapper         unknown kinds: *meta.NoKindMatchError
//	(*Server).RequestWarnings(resource) []string   deprecation warning of every request on it
//
// Verbs ("resource" is the plural name; namespace is ignored for cluster-scoped kinds; the
// returned objects are deep copies with apiVersion and kind set, except List, whose items are
// read-only shallow copies without apiVersion/kind as in the real responses; []string results
// are the Warning headers; a panic while serving becomes the 500 a client sees):
//
//	(*Server).Create(resource, namespace string, body []byte, CreateOptions) (runtime.Object, []string, error)
//	(*Server).CreateObject(namespace string, obj runtime.Object, CreateOptions) (runtime.Object, []string, error)
//	(*Server).Get(resource, namespace, name string) (runtime.Object, error)
//	(*Server).List(resource, namespace string, ListOptions) (runtime.Object, error)   *corev1.PodList, …
//	(*Server).Update(resource, namespace, name string, body []byte, UpdateOptions) (runtime.Object, []string, error)
//	(*Server).UpdateObject(obj runtime.Object, UpdateOptions) (runtime.Object, []string, error)
//	(*Server).Patch(resource, namespace, name string, types.PatchType, patch []byte, PatchOptions) (runtime.Object, []string, error)
//	(*Server).Delete(resource, namespace, name string, DeleteOptions) (runtime.Object, error)
//
// For the scheduler, the kubelet and the cluster:
//
//	(*Server).Bind(namespace, pod, node string) error            pods/binding
//	(*Server).UpdateStatus(obj runtime.Object) (runtime.Object, error)   pods|nodes|namespaces/status
//	(*Server).UpdatePodStatus(*corev1.Pod) (*corev1.Pod, error)
//	(*Server).RecordEvent(EventRecord) error                     client-go recorder semantics
//	Reference(obj runtime.Object, fieldPath string) corev1.ObjectReference
//	(*Server).Watch(func(WatchEvent)) (stop func())
//
// # What is modelled
//
// Request bodies are decoded with apimachinery's JSON serializer in strict mode (kubectl's
// default --validate=strict sends fieldValidation=Strict), so unknown and duplicate fields,
// wrong types and bad quantities give the real BadRequest texts (`Pod in version "v1" cannot be
// handled as a Pod: strict decoding error: unknown field "spec.contianers"`). Note that the
// order of several unknown fields follows the JSON body, which kubectl builds from a map (keys
// sorted). Defaulting is the v1.37.2 generated defaulting (defaults_generated.go, defaults.go).
// Admission runs NamespaceLifecycle, ServiceAccount (the kube-api-access-xxxxx projected volume
// mounted in every container), Priority, DefaultTolerationSeconds and TaintNodesByCondition,
// then, after validation, PodSecurity (podsecurity.go: the namespace's
// pod-security.kubernetes.io labels, k8s.io/pod-security-admission's checks).
// Validation is pkg/apis/core/validation v1.37.2, including the Pod update rules: the Forbidden
// error with its five mutable fields and the JSON unified diff of the internal PodSpec.
// Create/update/patch/delete follow the generic registry: generateName, resourceVersion (one
// counter), uid (seeded), generation (Pods: 1 on create, +1 on spec change and on graceful
// deletion), creationTimestamp from the clock, Conflict on a stale resourceVersion, no-op
// writes that keep the resourceVersion, dry run. A Pod bound to a node is deleted gracefully
// (deletionTimestamp = now + grace, deletionGracePeriodSeconds) and stays until a delete with
// grace period 0; an unbound or terminated Pod goes at once. Services get ClusterIPs (and
// NodePorts) from seeded allocators; the `kubernetes` Service holds the first address. Events
// recorded by components go through client-go's correlator (aggregation of similar messages,
// count/firstTimestamp/lastTimestamp, the 25-event burst spam filter) or, for events.k8s.io
// recorders such as the scheduler's, the series cache (count 2 written at once, later counts
// flushed by the 6- and 30-minute loops); Events expire after EventTTL. The controllers whose
// only effect is API objects run inside the server: ServiceAccount "default" and ConfigMap
// "kube-root-ca.crt" per namespace, namespace deletion, and removal of the not-ready node taint
// when a node reports Ready, and the endpoints and EndpointSlice controllers (Endpoints and
// EndpointSlices follow the pods' IPs and readiness; the `kubernetes` Service points at
// AdvertiseAddress:SecurePort). The workload controllers and the garbage collector run in
// kube/controllers, through this API. managedFields are not kept; server-side apply and
// finalizer-driven deletion (foreground, orphan) are not simulated.
package apiserver
