package kubelet

import (
	"crypto/sha256"
	"fmt"
	"sort"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// NodeConfig describes the simulated machine. Zero fields take the defaults of DefaultNode,
// which describe a typical single-node tutorial cluster (4 CPUs, 8 GiB, a 60 GB disk,
// containerd 2.2 on Debian 12): environment choices, not Kubernetes facts.
type NodeConfig struct {
	CPU              string // capacity, e.g. "4"
	Memory           string // capacity, e.g. "8148184Ki"
	EphemeralStorage string // capacity, e.g. "61202244Ki"
	Pods             string // capacity (kubelet maxPods default 110)
	// Reserved memory taken off allocatable (evictionHard memory.available default 100Mi).
	EvictionMemory string
	// EvictionStoragePercent is nodefs.available's default 10%.
	EvictionStoragePercent int64

	PodCIDR                 string
	OSImage                 string
	KernelVersion           string
	ContainerRuntimeVersion string
	Architecture            string

	Labels      map[string]string
	Annotations map[string]string
	Taints      []v1.Taint
}

// DefaultNode is the default machine.
func DefaultNode() NodeConfig {
	return NodeConfig{
		CPU: "4", Memory: "8148184Ki", EphemeralStorage: "61202244Ki", Pods: "110",
		EvictionMemory: "100Mi", EvictionStoragePercent: 10,
		PodCIDR:                 "10.244.0.0/24",
		OSImage:                 "Debian GNU/Linux 12 (bookworm)",
		KernelVersion:           "6.1.0-40-amd64",
		ContainerRuntimeVersion: "containerd://2.2.1",
		Architecture:            "amd64",
	}
}

func (c NodeConfig) withDefaults() NodeConfig {
	d := DefaultNode()
	if c.CPU == "" {
		c.CPU = d.CPU
	}
	if c.Memory == "" {
		c.Memory = d.Memory
	}
	if c.EphemeralStorage == "" {
		c.EphemeralStorage = d.EphemeralStorage
	}
	if c.Pods == "" {
		c.Pods = d.Pods
	}
	if c.EvictionMemory == "" {
		c.EvictionMemory = d.EvictionMemory
	}
	if c.EvictionStoragePercent == 0 {
		c.EvictionStoragePercent = d.EvictionStoragePercent
	}
	if c.PodCIDR == "" {
		c.PodCIDR = d.PodCIDR
	}
	if c.OSImage == "" {
		c.OSImage = d.OSImage
	}
	if c.KernelVersion == "" {
		c.KernelVersion = d.KernelVersion
	}
	if c.ContainerRuntimeVersion == "" {
		c.ContainerRuntimeVersion = d.ContainerRuntimeVersion
	}
	if c.Architecture == "" {
		c.Architecture = d.Architecture
	}
	return c
}

func (c NodeConfig) capacity() v1.ResourceList {
	c = c.withDefaults()
	return v1.ResourceList{
		v1.ResourceCPU:              resource.MustParse(c.CPU),
		v1.ResourceMemory:           resource.MustParse(c.Memory),
		v1.ResourceEphemeralStorage: resource.MustParse(c.EphemeralStorage),
		v1.ResourcePods:             resource.MustParse(c.Pods),
		"hugepages-1Gi":             resource.MustParse("0"),
		"hugepages-2Mi":             resource.MustParse("0"),
	}
}

// allocatable is capacity minus the eviction thresholds (no kube/system reservations):
// pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableAbsolute.
func (c NodeConfig) allocatable() v1.ResourceList {
	c = c.withDefaults()
	alloc := c.capacity()
	mem := alloc[v1.ResourceMemory]
	evict := resource.MustParse(c.EvictionMemory)
	alloc[v1.ResourceMemory] = *resource.NewQuantity(mem.Value()-evict.Value(), resource.BinarySI)
	st := alloc[v1.ResourceEphemeralStorage]
	v := st.Value() - st.Value()*c.EvictionStoragePercent/100
	alloc[v1.ResourceEphemeralStorage] = *resource.NewQuantity(v, resource.DecimalSI)
	return alloc
}

// uid derives a stable UUID-shaped identifier.
func (c NodeConfig) uid(s string) string {
	h := sha256.Sum256([]byte("docbuild/" + s))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Node is the Node object this kubelet registers and keeps updated: the kubelet's initialNode
// and the status setters (labels, capacity/allocatable, conditions, addresses, nodeInfo).
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet_node_status.go initialNode,
// pkg/kubelet/nodestatus/setters.go.
func (kl *Kubelet) Node() *v1.Node {
	cfg := kl.opts.Node.withDefaults()
	name := kl.opts.NodeName
	now := metav1.NewTime(kl.clk.Now()).Rfc3339Copy()
	labels := map[string]string{
		"beta.kubernetes.io/arch": cfg.Architecture,
		"beta.kubernetes.io/os":   "linux",
		"kubernetes.io/arch":      cfg.Architecture,
		"kubernetes.io/hostname":  name,
		"kubernetes.io/os":        "linux",
	}
	for k, v := range cfg.Labels {
		labels[k] = v
	}
	annotations := map[string]string{
		"node.alpha.kubernetes.io/ttl":                           "0",
		"volumes.kubernetes.io/controller-managed-attach-detach": "true",
	}
	for k, v := range cfg.Annotations {
		annotations[k] = v
	}
	cond := func(t v1.NodeConditionType, s v1.ConditionStatus, reason, msg string) v1.NodeCondition {
		return v1.NodeCondition{Type: t, Status: s, Reason: reason, Message: msg, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	node := &v1.Node{
		TypeMeta:   metav1.TypeMeta{Kind: "Node", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, Annotations: annotations},
		Spec: v1.NodeSpec{
			PodCIDR:  cfg.PodCIDR,
			PodCIDRs: []string{cfg.PodCIDR},
			Taints:   append([]v1.Taint(nil), cfg.Taints...),
		},
		Status: v1.NodeStatus{
			Capacity:    cfg.capacity(),
			Allocatable: cfg.allocatable(),
			Conditions: []v1.NodeCondition{
				cond(v1.NodeMemoryPressure, v1.ConditionFalse, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
				cond(v1.NodeDiskPressure, v1.ConditionFalse, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
				cond(v1.NodePIDPressure, v1.ConditionFalse, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
				cond(v1.NodeReady, v1.ConditionTrue, "KubeletReady", "kubelet is posting ready status"),
			},
			Addresses: []v1.NodeAddress{
				{Type: v1.NodeInternalIP, Address: kl.opts.NodeIP},
				{Type: v1.NodeHostName, Address: name},
			},
			DaemonEndpoints: v1.NodeDaemonEndpoints{KubeletEndpoint: v1.DaemonEndpoint{Port: 10250}},
			NodeInfo: v1.NodeSystemInfo{
				MachineID:               fmt.Sprintf("%x", sha256.Sum256([]byte("machine/"+name)))[:32],
				SystemUUID:              cfg.uid("system/" + name),
				BootID:                  cfg.uid("boot/" + name),
				KernelVersion:           cfg.KernelVersion,
				OSImage:                 cfg.OSImage,
				ContainerRuntimeVersion: cfg.ContainerRuntimeVersion,
				KubeletVersion:          kl.version.GitVersion,
				OperatingSystem:         "linux",
				Architecture:            cfg.Architecture,
			},
			Features: &v1.NodeFeatures{SupplementalGroupsPolicy: ptrBool(true)},
			RuntimeHandlers: []v1.NodeRuntimeHandler{
				{Name: "runc", Features: &v1.NodeRuntimeHandlerFeatures{RecursiveReadOnlyMounts: ptrBool(true), UserNamespaces: ptrBool(true)}},
				{Name: "", Features: &v1.NodeRuntimeHandlerFeatures{RecursiveReadOnlyMounts: ptrBool(true), UserNamespaces: ptrBool(true)}},
			},
		},
	}
	// Images: the node's image list, biggest first (nodestatus.Images).
	var imgs []v1.ContainerImage
	for _, key := range sortedKeys(kl.images) {
		info := kl.images[key]
		imgs = append(imgs, v1.ContainerImage{Names: []string{info.ID, key}, SizeBytes: info.Size})
	}
	sort.SliceStable(imgs, func(i, j int) bool { return imgs[i].SizeBytes > imgs[j].SizeBytes })
	node.Status.Images = imgs
	return node
}

func ptrBool(b bool) *bool { return &b }

// Register creates the Node object (the kubelet's registerWithAPIServer).
func (kl *Kubelet) Register() error { return kl.api.RegisterNode(kl.Node()) }
