// Code generated from k8s.io/kubernetes v1.37.2 pkg/apis/core/types.go; DO NOT EDIT.
// Every type reachable from core.PodSpec, in source order, without comments or tags: the
// field order and Go field names are what the API server's diff.Diff of a PodSpec prints.

package internalspec

import (
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Volume mirrors core.Volume.
type Volume struct {
	Name string
	VolumeSource
}

// VolumeSource mirrors core.VolumeSource.
type VolumeSource struct {
	HostPath              *HostPathVolumeSource
	EmptyDir              *EmptyDirVolumeSource
	GCEPersistentDisk     *GCEPersistentDiskVolumeSource
	AWSElasticBlockStore  *AWSElasticBlockStoreVolumeSource
	GitRepo               *GitRepoVolumeSource
	Secret                *SecretVolumeSource
	NFS                   *NFSVolumeSource
	ISCSI                 *ISCSIVolumeSource
	Glusterfs             *GlusterfsVolumeSource
	PersistentVolumeClaim *PersistentVolumeClaimVolumeSource
	RBD                   *RBDVolumeSource
	FlexVolume            *FlexVolumeSource
	Cinder                *CinderVolumeSource
	CephFS                *CephFSVolumeSource
	Flocker               *FlockerVolumeSource
	DownwardAPI           *DownwardAPIVolumeSource
	FC                    *FCVolumeSource
	AzureFile             *AzureFileVolumeSource
	ConfigMap             *ConfigMapVolumeSource
	VsphereVolume         *VsphereVirtualDiskVolumeSource
	Quobyte               *QuobyteVolumeSource
	AzureDisk             *AzureDiskVolumeSource
	PhotonPersistentDisk  *PhotonPersistentDiskVolumeSource
	Projected             *ProjectedVolumeSource
	PortworxVolume        *PortworxVolumeSource
	ScaleIO               *ScaleIOVolumeSource
	StorageOS             *StorageOSVolumeSource
	CSI                   *CSIVolumeSource
	Ephemeral             *EphemeralVolumeSource
	Image                 *ImageVolumeSource
}

// PersistentVolumeClaimVolumeSource mirrors core.PersistentVolumeClaimVolumeSource.
type PersistentVolumeClaimVolumeSource struct {
	ClaimName string
	ReadOnly  bool
}

// PersistentVolumeMode mirrors core.PersistentVolumeMode.
type PersistentVolumeMode string

// PersistentVolumeClaimSpec mirrors core.PersistentVolumeClaimSpec.
type PersistentVolumeClaimSpec struct {
	AccessModes               []PersistentVolumeAccessMode
	Selector                  *metav1.LabelSelector
	Resources                 VolumeResourceRequirements
	VolumeName                string
	StorageClassName          *string
	VolumeMode                *PersistentVolumeMode
	DataSource                *TypedLocalObjectReference
	DataSourceRef             *TypedObjectReference
	VolumeAttributesClassName *string
}

// TypedObjectReference mirrors core.TypedObjectReference.
type TypedObjectReference struct {
	APIGroup  *string
	Kind      string
	Name      string
	Namespace *string
}

// PersistentVolumeAccessMode mirrors core.PersistentVolumeAccessMode.
type PersistentVolumeAccessMode string

// HostPathType mirrors core.HostPathType.
type HostPathType string

// HostPathVolumeSource mirrors core.HostPathVolumeSource.
type HostPathVolumeSource struct {
	Path string
	Type *HostPathType
}

// EmptyDirVolumeSource mirrors core.EmptyDirVolumeSource.
type EmptyDirVolumeSource struct {
	Medium    StorageMedium
	SizeLimit *resource.Quantity
	Mode      *int32
}

// StorageMedium mirrors core.StorageMedium.
type StorageMedium string

// Protocol mirrors core.Protocol.
type Protocol string

// GCEPersistentDiskVolumeSource mirrors core.GCEPersistentDiskVolumeSource.
type GCEPersistentDiskVolumeSource struct {
	PDName    string
	FSType    string
	Partition int32
	ReadOnly  bool
}

// ISCSIVolumeSource mirrors core.ISCSIVolumeSource.
type ISCSIVolumeSource struct {
	TargetPortal      string
	IQN               string
	Lun               int32
	ISCSIInterface    string
	FSType            string
	ReadOnly          bool
	Portals           []string
	DiscoveryCHAPAuth bool
	SessionCHAPAuth   bool
	SecretRef         *LocalObjectReference
	InitiatorName     *string
}

// FCVolumeSource mirrors core.FCVolumeSource.
type FCVolumeSource struct {
	TargetWWNs []string
	Lun        *int32
	FSType     string
	ReadOnly   bool
	WWIDs      []string
}

// FlexVolumeSource mirrors core.FlexVolumeSource.
type FlexVolumeSource struct {
	Driver    string
	FSType    string
	SecretRef *LocalObjectReference
	ReadOnly  bool
	Options   map[string]string
}

// AWSElasticBlockStoreVolumeSource mirrors core.AWSElasticBlockStoreVolumeSource.
type AWSElasticBlockStoreVolumeSource struct {
	VolumeID  string
	FSType    string
	Partition int32
	ReadOnly  bool
}

// GitRepoVolumeSource mirrors core.GitRepoVolumeSource.
type GitRepoVolumeSource struct {
	Repository string
	Revision   string
	Directory  string
}

// SecretVolumeSource mirrors core.SecretVolumeSource.
type SecretVolumeSource struct {
	SecretName  string
	Items       []KeyToPath
	DefaultMode *int32
	Optional    *bool
	DefaultUser *int64
}

// SecretProjection mirrors core.SecretProjection.
type SecretProjection struct {
	LocalObjectReference
	Items    []KeyToPath
	Optional *bool
}

// NFSVolumeSource mirrors core.NFSVolumeSource.
type NFSVolumeSource struct {
	Server   string
	Path     string
	ReadOnly bool
}

// QuobyteVolumeSource mirrors core.QuobyteVolumeSource.
type QuobyteVolumeSource struct {
	Registry string
	Volume   string
	ReadOnly bool
	User     string
	Group    string
	Tenant   string
}

// GlusterfsVolumeSource mirrors core.GlusterfsVolumeSource.
type GlusterfsVolumeSource struct {
	EndpointsName string
	Path          string
	ReadOnly      bool
}

// RBDVolumeSource mirrors core.RBDVolumeSource.
type RBDVolumeSource struct {
	CephMonitors []string
	RBDImage     string
	FSType       string
	RBDPool      string
	RadosUser    string
	Keyring      string
	SecretRef    *LocalObjectReference
	ReadOnly     bool
}

// CinderVolumeSource mirrors core.CinderVolumeSource.
type CinderVolumeSource struct {
	VolumeID  string
	FSType    string
	ReadOnly  bool
	SecretRef *LocalObjectReference
}

// CephFSVolumeSource mirrors core.CephFSVolumeSource.
type CephFSVolumeSource struct {
	Monitors   []string
	Path       string
	User       string
	SecretFile string
	SecretRef  *LocalObjectReference
	ReadOnly   bool
}

// FlockerVolumeSource mirrors core.FlockerVolumeSource.
type FlockerVolumeSource struct {
	DatasetName string
	DatasetUUID string
}

// DownwardAPIVolumeSource mirrors core.DownwardAPIVolumeSource.
type DownwardAPIVolumeSource struct {
	Items       []DownwardAPIVolumeFile
	DefaultMode *int32
	DefaultUser *int64
}

// DownwardAPIVolumeFile mirrors core.DownwardAPIVolumeFile.
type DownwardAPIVolumeFile struct {
	Path             string
	FieldRef         *ObjectFieldSelector
	ResourceFieldRef *ResourceFieldSelector
	Mode             *int32
	User             *int64
}

// DownwardAPIProjection mirrors core.DownwardAPIProjection.
type DownwardAPIProjection struct{ Items []DownwardAPIVolumeFile }

// AzureFileVolumeSource mirrors core.AzureFileVolumeSource.
type AzureFileVolumeSource struct {
	SecretName string
	ShareName  string
	ReadOnly   bool
}

// VsphereVirtualDiskVolumeSource mirrors core.VsphereVirtualDiskVolumeSource.
type VsphereVirtualDiskVolumeSource struct {
	VolumePath        string
	FSType            string
	StoragePolicyName string
	StoragePolicyID   string
}

// PhotonPersistentDiskVolumeSource mirrors core.PhotonPersistentDiskVolumeSource.
type PhotonPersistentDiskVolumeSource struct {
	PdID   string
	FSType string
}

// PortworxVolumeSource mirrors core.PortworxVolumeSource.
type PortworxVolumeSource struct {
	VolumeID string
	FSType   string
	ReadOnly bool
}

// AzureDataDiskCachingMode mirrors core.AzureDataDiskCachingMode.
type AzureDataDiskCachingMode string

// AzureDataDiskKind mirrors core.AzureDataDiskKind.
type AzureDataDiskKind string

// AzureDiskVolumeSource mirrors core.AzureDiskVolumeSource.
type AzureDiskVolumeSource struct {
	DiskName    string
	DataDiskURI string
	CachingMode *AzureDataDiskCachingMode
	FSType      *string
	ReadOnly    *bool
	Kind        *AzureDataDiskKind
}

// ScaleIOVolumeSource mirrors core.ScaleIOVolumeSource.
type ScaleIOVolumeSource struct {
	Gateway          string
	System           string
	SecretRef        *LocalObjectReference
	SSLEnabled       bool
	ProtectionDomain string
	StoragePool      string
	StorageMode      string
	VolumeName       string
	FSType           string
	ReadOnly         bool
}

// StorageOSVolumeSource mirrors core.StorageOSVolumeSource.
type StorageOSVolumeSource struct {
	VolumeName      string
	VolumeNamespace string
	FSType          string
	ReadOnly        bool
	SecretRef       *LocalObjectReference
}

// ConfigMapVolumeSource mirrors core.ConfigMapVolumeSource.
type ConfigMapVolumeSource struct {
	LocalObjectReference
	Items       []KeyToPath
	DefaultMode *int32
	Optional    *bool
	DefaultUser *int64
}

// ConfigMapProjection mirrors core.ConfigMapProjection.
type ConfigMapProjection struct {
	LocalObjectReference
	Items    []KeyToPath
	Optional *bool
}

// ServiceAccountTokenProjection mirrors core.ServiceAccountTokenProjection.
type ServiceAccountTokenProjection struct {
	Audience          string
	ExpirationSeconds *int64
	Path              string
	User              *int64
}

// ClusterTrustBundleProjection mirrors core.ClusterTrustBundleProjection.
type ClusterTrustBundleProjection struct {
	Name          *string
	SignerName    *string
	LabelSelector *metav1.LabelSelector
	Optional      *bool
	Path          string
	User          *int64
}

// PodCertificateProjection mirrors core.PodCertificateProjection.
type PodCertificateProjection struct {
	SignerName           string
	KeyType              string
	MaxExpirationSeconds *int32
	CredentialBundlePath string
	KeyPath              string
	CertificateChainPath string
	UserAnnotations      map[string]string
	User                 *int64
}

// ProjectedVolumeSource mirrors core.ProjectedVolumeSource.
type ProjectedVolumeSource struct {
	Sources     []VolumeProjection
	DefaultMode *int32
	DefaultUser *int64
}

// VolumeProjection mirrors core.VolumeProjection.
type VolumeProjection struct {
	Secret              *SecretProjection
	DownwardAPI         *DownwardAPIProjection
	ConfigMap           *ConfigMapProjection
	ServiceAccountToken *ServiceAccountTokenProjection
	ClusterTrustBundle  *ClusterTrustBundleProjection
	PodCertificate      *PodCertificateProjection
}

// KeyToPath mirrors core.KeyToPath.
type KeyToPath struct {
	Key  string
	Path string
	Mode *int32
	User *int64
}

// CSIVolumeSource mirrors core.CSIVolumeSource.
type CSIVolumeSource struct {
	Driver               string
	ReadOnly             *bool
	FSType               *string
	VolumeAttributes     map[string]string
	NodePublishSecretRef *LocalObjectReference
}

// EphemeralVolumeSource mirrors core.EphemeralVolumeSource.
type EphemeralVolumeSource struct {
	VolumeClaimTemplate *PersistentVolumeClaimTemplate
}

// PersistentVolumeClaimTemplate mirrors core.PersistentVolumeClaimTemplate.
type PersistentVolumeClaimTemplate struct {
	metav1.ObjectMeta
	Spec PersistentVolumeClaimSpec
}

// ContainerPort mirrors core.ContainerPort.
type ContainerPort struct {
	Name          string
	HostPort      int32
	ContainerPort int32
	Protocol      Protocol
	HostIP        string
}

// VolumeMount mirrors core.VolumeMount.
type VolumeMount struct {
	Name              string
	ReadOnly          bool
	RecursiveReadOnly *RecursiveReadOnlyMode
	MountPath         string
	SubPath           string
	MountPropagation  *MountPropagationMode
	SubPathExpr       string
	BindMountOptions  []string
}

// MountPropagationMode mirrors core.MountPropagationMode.
type MountPropagationMode string

// RecursiveReadOnlyMode mirrors core.RecursiveReadOnlyMode.
type RecursiveReadOnlyMode string

// VolumeDevice mirrors core.VolumeDevice.
type VolumeDevice struct {
	Name       string
	DevicePath string
}

// EnvVar mirrors core.EnvVar.
type EnvVar struct {
	Name      string
	Value     string
	ValueFrom *EnvVarSource
}

// EnvVarSource mirrors core.EnvVarSource.
type EnvVarSource struct {
	FieldRef         *ObjectFieldSelector
	ResourceFieldRef *ResourceFieldSelector
	ConfigMapKeyRef  *ConfigMapKeySelector
	SecretKeyRef     *SecretKeySelector
	FileKeyRef       *FileKeySelector
}

// FileKeySelector mirrors core.FileKeySelector.
type FileKeySelector struct {
	VolumeName string
	Path       string
	Key        string
	Optional   *bool
}

// ObjectFieldSelector mirrors core.ObjectFieldSelector.
type ObjectFieldSelector struct {
	APIVersion string
	FieldPath  string
}

// ResourceFieldSelector mirrors core.ResourceFieldSelector.
type ResourceFieldSelector struct {
	ContainerName string
	Resource      string
	Divisor       resource.Quantity
}

// ConfigMapKeySelector mirrors core.ConfigMapKeySelector.
type ConfigMapKeySelector struct {
	LocalObjectReference
	Key      string
	Optional *bool
}

// SecretKeySelector mirrors core.SecretKeySelector.
type SecretKeySelector struct {
	LocalObjectReference
	Key      string
	Optional *bool
}

// EnvFromSource mirrors core.EnvFromSource.
type EnvFromSource struct {
	Prefix       string
	ConfigMapRef *ConfigMapEnvSource
	SecretRef    *SecretEnvSource
}

// ConfigMapEnvSource mirrors core.ConfigMapEnvSource.
type ConfigMapEnvSource struct {
	LocalObjectReference
	Optional *bool
}

// SecretEnvSource mirrors core.SecretEnvSource.
type SecretEnvSource struct {
	LocalObjectReference
	Optional *bool
}

// HTTPHeader mirrors core.HTTPHeader.
type HTTPHeader struct {
	Name  string
	Value string
}

// HTTPProtocol mirrors core.HTTPProtocol.
type HTTPProtocol string

// HTTPGetAction mirrors core.HTTPGetAction.
type HTTPGetAction struct {
	Path        string
	Port        intstr.IntOrString
	Host        string
	Scheme      URIScheme
	HTTPHeaders []HTTPHeader
	Protocol    *HTTPProtocol
}

// URIScheme mirrors core.URIScheme.
type URIScheme string

// TCPSocketAction mirrors core.TCPSocketAction.
type TCPSocketAction struct {
	Port intstr.IntOrString
	Host string
}

// ExecAction mirrors core.ExecAction.
type ExecAction struct{ Command []string }

// SleepAction mirrors core.SleepAction.
type SleepAction struct{ Seconds int64 }

// Probe mirrors core.Probe.
type Probe struct {
	ProbeHandler
	InitialDelaySeconds           int32
	TimeoutSeconds                int32
	PeriodSeconds                 int32
	SuccessThreshold              int32
	FailureThreshold              int32
	TerminationGracePeriodSeconds *int64
}

// PullPolicy mirrors core.PullPolicy.
type PullPolicy string

// ResourceResizeRestartPolicy mirrors core.ResourceResizeRestartPolicy.
type ResourceResizeRestartPolicy string

// ContainerResizePolicy mirrors core.ContainerResizePolicy.
type ContainerResizePolicy struct {
	ResourceName  ResourceName
	RestartPolicy ResourceResizeRestartPolicy
}

// PreemptionPolicy mirrors core.PreemptionPolicy.
type PreemptionPolicy string

// TerminationMessagePolicy mirrors core.TerminationMessagePolicy.
type TerminationMessagePolicy string

// Capability mirrors core.Capability.
type Capability string

// Capabilities mirrors core.Capabilities.
type Capabilities struct {
	Add  []Capability
	Drop []Capability
}

// ResourceRequirements mirrors core.ResourceRequirements.
type ResourceRequirements struct {
	Limits   ResourceList
	Requests ResourceList
	Claims   []ResourceClaim
}

// VolumeResourceRequirements mirrors core.VolumeResourceRequirements.
type VolumeResourceRequirements struct {
	Limits   ResourceList
	Requests ResourceList
}

// ResourceClaim mirrors core.ResourceClaim.
type ResourceClaim struct {
	Name    string
	Request string
}

// Container mirrors core.Container.
type Container struct {
	Name                     string
	Image                    string
	Command                  []string
	Args                     []string
	WorkingDir               string
	Ports                    []ContainerPort
	EnvFrom                  []EnvFromSource
	Env                      []EnvVar
	Resources                ResourceRequirements
	ResizePolicy             []ContainerResizePolicy
	RestartPolicy            *ContainerRestartPolicy
	RestartPolicyRules       []ContainerRestartRule
	VolumeMounts             []VolumeMount
	VolumeDevices            []VolumeDevice
	LivenessProbe            *Probe
	ReadinessProbe           *Probe
	StartupProbe             *Probe
	Lifecycle                *Lifecycle
	TerminationMessagePath   string
	TerminationMessagePolicy TerminationMessagePolicy
	ImagePullPolicy          PullPolicy
	SecurityContext          *SecurityContext
	Stdin                    bool
	StdinOnce                bool
	TTY                      bool
}

// ProbeHandler mirrors core.ProbeHandler.
type ProbeHandler struct {
	Exec      *ExecAction
	HTTPGet   *HTTPGetAction
	TCPSocket *TCPSocketAction
	GRPC      *GRPCAction
}

// LifecycleHandler mirrors core.LifecycleHandler.
type LifecycleHandler struct {
	Exec      *ExecAction
	HTTPGet   *HTTPGetAction
	TCPSocket *TCPSocketAction
	Sleep     *SleepAction
}

// GRPCAction mirrors core.GRPCAction.
type GRPCAction struct {
	Port    int32
	Service *string
	Mode    *GRPCProbeMode
}

// GRPCProbeMode mirrors core.GRPCProbeMode.
type GRPCProbeMode string

// Signal mirrors core.Signal.
type Signal string

// Lifecycle mirrors core.Lifecycle.
type Lifecycle struct {
	PostStart  *LifecycleHandler
	PreStop    *LifecycleHandler
	StopSignal *Signal
}

// PodConditionType mirrors core.PodConditionType.
type PodConditionType string

// RestartPolicy mirrors core.RestartPolicy.
type RestartPolicy string

// ContainerRestartPolicy mirrors core.ContainerRestartPolicy.
type ContainerRestartPolicy string

// ContainerRestartRule mirrors core.ContainerRestartRule.
type ContainerRestartRule struct {
	Action    ContainerRestartRuleAction
	ExitCodes *ContainerRestartRuleOnExitCodes
}

// ContainerRestartRuleAction mirrors core.ContainerRestartRuleAction.
type ContainerRestartRuleAction string

// ContainerRestartRuleOnExitCodes mirrors core.ContainerRestartRuleOnExitCodes.
type ContainerRestartRuleOnExitCodes struct {
	Operator ContainerRestartRuleOnExitCodesOperator
	Values   []int32
}

// ContainerRestartRuleOnExitCodesOperator mirrors core.ContainerRestartRuleOnExitCodesOperator.
type ContainerRestartRuleOnExitCodesOperator string

// DNSPolicy mirrors core.DNSPolicy.
type DNSPolicy string

// NodeSelector mirrors core.NodeSelector.
type NodeSelector struct{ NodeSelectorTerms []NodeSelectorTerm }

// NodeSelectorTerm mirrors core.NodeSelectorTerm.
type NodeSelectorTerm struct {
	MatchExpressions []NodeSelectorRequirement
	MatchFields      []NodeSelectorRequirement
}

// NodeSelectorRequirement mirrors core.NodeSelectorRequirement.
type NodeSelectorRequirement struct {
	Key      string
	Operator NodeSelectorOperator
	Values   []string
}

// NodeSelectorOperator mirrors core.NodeSelectorOperator.
type NodeSelectorOperator string

// Affinity mirrors core.Affinity.
type Affinity struct {
	NodeAffinity    *NodeAffinity
	PodAffinity     *PodAffinity
	PodAntiAffinity *PodAntiAffinity
}

// PodAffinity mirrors core.PodAffinity.
type PodAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution  []PodAffinityTerm
	PreferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
}

// PodAntiAffinity mirrors core.PodAntiAffinity.
type PodAntiAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution  []PodAffinityTerm
	PreferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
}

// WeightedPodAffinityTerm mirrors core.WeightedPodAffinityTerm.
type WeightedPodAffinityTerm struct {
	Weight          int32
	PodAffinityTerm PodAffinityTerm
}

// PodAffinityTerm mirrors core.PodAffinityTerm.
type PodAffinityTerm struct {
	LabelSelector     *metav1.LabelSelector
	Namespaces        []string
	TopologyKey       string
	NamespaceSelector *metav1.LabelSelector
	MatchLabelKeys    []string
	MismatchLabelKeys []string
}

// NodeAffinity mirrors core.NodeAffinity.
type NodeAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution  *NodeSelector
	PreferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm
}

// PreferredSchedulingTerm mirrors core.PreferredSchedulingTerm.
type PreferredSchedulingTerm struct {
	Weight     int32
	Preference NodeSelectorTerm
}

// TaintEffect mirrors core.TaintEffect.
type TaintEffect string

// Toleration mirrors core.Toleration.
type Toleration struct {
	Key               string
	Operator          TolerationOperator
	Value             string
	Effect            TaintEffect
	TolerationSeconds *int64
}

// TolerationOperator mirrors core.TolerationOperator.
type TolerationOperator string

// PodReadinessGate mirrors core.PodReadinessGate.
type PodReadinessGate struct{ ConditionType PodConditionType }

// PodSpec mirrors core.PodSpec.
type PodSpec struct {
	Volumes                       []Volume
	InitContainers                []Container
	Containers                    []Container
	EphemeralContainers           []EphemeralContainer
	RestartPolicy                 RestartPolicy
	TerminationGracePeriodSeconds *int64
	ActiveDeadlineSeconds         *int64
	DNSPolicy                     DNSPolicy
	NodeSelector                  map[string]string
	ServiceAccountName            string
	DeprecatedServiceAccount      string
	AutomountServiceAccountToken  *bool
	NodeName                      string
	HostNetwork                   bool
	HostPID                       bool
	HostIPC                       bool
	ShareProcessNamespace         *bool
	SecurityContext               *PodSecurityContext
	ImagePullSecrets              []LocalObjectReference
	Hostname                      string
	Subdomain                     string
	Affinity                      *Affinity
	SchedulerName                 string
	Tolerations                   []Toleration
	HostAliases                   []HostAlias
	PriorityClassName             string
	Priority                      *int32
	DNSConfig                     *PodDNSConfig
	ReadinessGates                []PodReadinessGate
	RuntimeClassName              *string
	EnableServiceLinks            *bool
	PreemptionPolicy              *PreemptionPolicy
	Overhead                      ResourceList
	TopologySpreadConstraints     []TopologySpreadConstraint
	SetHostnameAsFQDN             *bool
	OS                            *PodOS
	HostUsers                     *bool
	SchedulingGates               []PodSchedulingGate
	ResourceClaims                []PodResourceClaim
	Resources                     *ResourceRequirements
	HostnameOverride              *string
	SchedulingGroup               *PodSchedulingGroup
	EvictionResponders            []EvictionResponder
}

// PodResourceClaim mirrors core.PodResourceClaim.
type PodResourceClaim struct {
	Name                      string
	ResourceClaimName         *string
	ResourceClaimTemplateName *string
}

// OSName mirrors core.OSName.
type OSName string

// PodOS mirrors core.PodOS.
type PodOS struct{ Name OSName }

// PodSchedulingGate mirrors core.PodSchedulingGate.
type PodSchedulingGate struct{ Name string }

// PodSchedulingGroup mirrors core.PodSchedulingGroup.
type PodSchedulingGroup struct{ PodGroupName *string }

// HostAlias mirrors core.HostAlias.
type HostAlias struct {
	IP        string
	Hostnames []string
}

// Sysctl mirrors core.Sysctl.
type Sysctl struct {
	Name  string
	Value string
}

// PodFSGroupChangePolicy mirrors core.PodFSGroupChangePolicy.
type PodFSGroupChangePolicy string

// SupplementalGroupsPolicy mirrors core.SupplementalGroupsPolicy.
type SupplementalGroupsPolicy string

// PodSELinuxChangePolicy mirrors core.PodSELinuxChangePolicy.
type PodSELinuxChangePolicy string

// PodSecurityContext mirrors core.PodSecurityContext.
type PodSecurityContext struct {
	SELinuxOptions           *SELinuxOptions
	WindowsOptions           *WindowsSecurityContextOptions
	RunAsUser                *int64
	RunAsGroup               *int64
	RunAsNonRoot             *bool
	SupplementalGroups       []int64
	SupplementalGroupsPolicy *SupplementalGroupsPolicy
	FSGroup                  *int64
	Sysctls                  []Sysctl
	FSGroupChangePolicy      *PodFSGroupChangePolicy
	SeccompProfile           *SeccompProfile
	AppArmorProfile          *AppArmorProfile
	SELinuxChangePolicy      *PodSELinuxChangePolicy
}

// SeccompProfile mirrors core.SeccompProfile.
type SeccompProfile struct {
	Type             SeccompProfileType
	LocalhostProfile *string
}

// SeccompProfileType mirrors core.SeccompProfileType.
type SeccompProfileType string

// AppArmorProfile mirrors core.AppArmorProfile.
type AppArmorProfile struct {
	Type             AppArmorProfileType
	LocalhostProfile *string
}

// AppArmorProfileType mirrors core.AppArmorProfileType.
type AppArmorProfileType string

// PodDNSConfig mirrors core.PodDNSConfig.
type PodDNSConfig struct {
	Nameservers []string
	Searches    []string
	Options     []PodDNSConfigOption
}

// PodDNSConfigOption mirrors core.PodDNSConfigOption.
type PodDNSConfigOption struct {
	Name  string
	Value *string
}

// EphemeralContainerCommon mirrors core.EphemeralContainerCommon.
type EphemeralContainerCommon struct {
	Name                     string
	Image                    string
	Command                  []string
	Args                     []string
	WorkingDir               string
	Ports                    []ContainerPort
	EnvFrom                  []EnvFromSource
	Env                      []EnvVar
	Resources                ResourceRequirements
	ResizePolicy             []ContainerResizePolicy
	RestartPolicy            *ContainerRestartPolicy
	RestartPolicyRules       []ContainerRestartRule
	VolumeMounts             []VolumeMount
	VolumeDevices            []VolumeDevice
	LivenessProbe            *Probe
	ReadinessProbe           *Probe
	StartupProbe             *Probe
	Lifecycle                *Lifecycle
	TerminationMessagePath   string
	TerminationMessagePolicy TerminationMessagePolicy
	ImagePullPolicy          PullPolicy
	SecurityContext          *SecurityContext
	Stdin                    bool
	StdinOnce                bool
	TTY                      bool
}

// EphemeralContainer mirrors core.EphemeralContainer.
type EphemeralContainer struct {
	EphemeralContainerCommon
	TargetContainerName string
}

// EvictionResponder mirrors core.EvictionResponder.
type EvictionResponder struct {
	Name     string
	Priority *int32
}

// ResourceName mirrors core.ResourceName.
type ResourceName string

// ResourceList mirrors core.ResourceList.
type ResourceList map[ResourceName]resource.Quantity

// LocalObjectReference mirrors core.LocalObjectReference.
type LocalObjectReference struct{ Name string }

// TypedLocalObjectReference mirrors core.TypedLocalObjectReference.
type TypedLocalObjectReference struct {
	APIGroup *string
	Kind     string
	Name     string
}

// SecurityContext mirrors core.SecurityContext.
type SecurityContext struct {
	Capabilities             *Capabilities
	Privileged               *bool
	SELinuxOptions           *SELinuxOptions
	WindowsOptions           *WindowsSecurityContextOptions
	RunAsUser                *int64
	RunAsGroup               *int64
	RunAsNonRoot             *bool
	ReadOnlyRootFilesystem   *bool
	AllowPrivilegeEscalation *bool
	ProcMount                *ProcMountType
	SeccompProfile           *SeccompProfile
	AppArmorProfile          *AppArmorProfile
}

// ProcMountType mirrors core.ProcMountType.
type ProcMountType string

// SELinuxOptions mirrors core.SELinuxOptions.
type SELinuxOptions struct {
	User  string
	Role  string
	Type  string
	Level string
}

// WindowsSecurityContextOptions mirrors core.WindowsSecurityContextOptions.
type WindowsSecurityContextOptions struct {
	GMSACredentialSpecName *string
	GMSACredentialSpec     *string
	RunAsUserName          *string
	HostProcess            *bool
}

// UnsatisfiableConstraintAction mirrors core.UnsatisfiableConstraintAction.
type UnsatisfiableConstraintAction string

// NodeInclusionPolicy mirrors core.NodeInclusionPolicy.
type NodeInclusionPolicy string

// TopologySpreadConstraint mirrors core.TopologySpreadConstraint.
type TopologySpreadConstraint struct {
	MaxSkew            int32
	TopologyKey        string
	WhenUnsatisfiable  UnsatisfiableConstraintAction
	LabelSelector      *metav1.LabelSelector
	MinDomains         *int32
	NodeAffinityPolicy *NodeInclusionPolicy
	NodeTaintsPolicy   *NodeInclusionPolicy
	MatchLabelKeys     []string
}

// ImageVolumeSource mirrors core.ImageVolumeSource.
type ImageVolumeSource struct {
	Reference  string
	PullPolicy PullPolicy
}
