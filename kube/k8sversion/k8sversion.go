// Package k8sversion owns the one table of version-specific strings and constants of the
// simulated Kubernetes: what the API server, the kubelet, the scheduler and kubectl print, and
// the constants that differ between minor releases. Every other kube/ package reads its texts
// from a *Version instead of hard-coding them, so that older releases can be added by adding a
// table entry. It imports only the standard library.
//
// Only 1.37 (the default, [Default]) is complete: it was checked against the v1.37.2 sources
// (k8s.io/kubernetes v1.37.2, k8s.io/kubectl v0.37.2). The older entries carry only the fields
// whose history is documented (facts.md §1.4, §2.1, §5.4, §6); their Complete field is false and
// every other field is copied from 1.37.
//
// API:
//
//	Default                        "1.37"
//	Get(minor string) (*Version, error)   a fresh copy of the table entry ("1.37", "v1.37.2", "" = Default)
//	MustGet(minor string) *Version
//	Known() []string               the minors in the table, newest first
//	(*Version).PodUpdateForbidden(diff string) string   the Pod update Forbidden detail
//	(*Version).DeleteOperation(namespace string, force bool) string   kubectl delete's verb phrase
//	(*Version).ProbeAttrs(delay, timeout, period, success, failure int32) string
//	(*Version).EventMessage(fieldPath, message string) string   describe's Events message column
//	(*Version).CreatedMessage(container string) string; (*Version).StartedMessage(container string) string
//	(*Version).PulledMessage(image string, pull, total time.Duration, size int64) string
package k8sversion

import (
	"fmt"
	"strings"
	"time"
)

// Default is the modelled release.
const Default = "1.37"

// DiffFormat names how the API server renders the spec diff appended to the Pod update
// Forbidden error.
type DiffFormat int

const (
	// DiffJSONUnified is k8s.io/apimachinery/pkg/util/diff.Diff since v0.34: a unified diff
	// (difflib, 3 lines of context, no header) of json.MarshalIndent(x, "", " ") of the internal
	// core.PodSpec.
	DiffJSONUnified DiffFormat = iota
	// DiffGoCmp is cmp.Diff (v1.29–v1.33). Not byte-reproducible (random U+00A0 markers).
	DiffGoCmp
	// DiffObjectDiff is the old apimachinery text diff (≤ v1.28).
	DiffObjectDiff
)

// Version is one row of the table. All message templates are fmt formats whose verbs are
// documented per field.
type Version struct {
	// Minor is "1.37"; GitVersion the patch release modelled ("v1.37.2").
	Minor      string
	GitVersion string
	// KustomizeVersion is what `kubectl version` prints on the Kustomize line
	// (real/A.md #01 for v1.37.2).
	KustomizeVersion string
	// Complete reports whether every field was checked against this release's sources.
	Complete bool

	// ---- API server ----

	// PodUpdatableFields are the backticked items of the Pod update Forbidden message, joined
	// with PodUpdatableJoin. k8s.io/kubernetes v1.37.2 pkg/apis/core/validation/validation.go
	// updatablePodSpecFields.
	PodUpdatableFields []string
	PodUpdatableJoin   string
	// PodUpdateDiff is the format of the spec diff appended after "\n".
	PodUpdateDiff DiffFormat
	// PodGenerationOnCreate: PrepareForCreate sets metadata.generation = 1 (v1.33+;
	// pkg/registry/core/pod/strategy.go).
	PodGenerationOnCreate bool
	// PodObservedGeneration: status.observedGeneration and conditions[].observedGeneration are
	// written (PodObservedGenerationTracking, beta on 1.34, GA 1.35).
	PodObservedGeneration bool

	// ---- scheduler ----

	// ScheduledMessage: "Successfully assigned %v/%v to %v" (namespace, name, node).
	// k8s.io/kubernetes v1.37.2 pkg/scheduler/schedule_one.go:1138.
	ScheduledMessage string
	// NoNodesMessage is the FailedScheduling message with no node at all (real/A.md #08).
	NoNodesMessage string

	// ---- kubelet (pkg/kubelet/images/image_manager.go, kuberuntime/*.go, prober/prober.go) ----

	// PullingMessage: %q image. image_manager.go:362.
	PullingMessage string
	// PulledTemplate: %q image, %v pull duration, %v total duration, %v size (only when
	// PulledImageSize). image_manager.go:381.
	PulledTemplate  string
	PulledImageSize bool
	// PresentMessage: %q image. image_manager.go:251.
	PresentMessage string
	// PresentAccessibleMessage: %q image. image_manager.go:264.
	PresentAccessibleMessage string
	// NeverPullMessage: %q image. image_manager.go:163.
	NeverPullMessage string
	// FailedPullMessage: %q image, %v error. image_manager.go:369.
	FailedPullMessage string
	// BackOffPullMessage: %q image. image_manager.go:345; the waiting message appends
	// ": " + the previous pull error (image_manager.go:353).
	BackOffPullMessage string
	// ErrorMessage: "Error: %v" (Failed events after create/start/pull errors).
	// kuberuntime_container.go:218.
	ErrorMessage string
	// CreatedMessage / StartedMessage: container name as %s when the template has a verb.
	// kuberuntime_container.go:289/298.
	CreatedTemplate string
	StartedTemplate string
	// KillingMessage: %s container. kuberuntime_container.go:885.
	KillingMessage string
	// LivenessKillMessage / StartupKillMessage: %s container; ", will be restarted" is
	// appended when the container restarts. kuberuntime_manager.go:1449-1468.
	LivenessKillMessage string
	StartupKillMessage  string
	WillRestartSuffix   string
	// BackOffMessage: %s container, %s format.Pod ("name_namespace(uid)").
	// kuberuntime_manager.go:2098.
	BackOffMessage string
	// CrashLoopWaitingMessage: %s back-off duration, %s container, %s format.Pod.
	// kuberuntime_manager.go:2102.
	CrashLoopWaitingMessage string
	// ProbeFailedMessage: %s probe type ("Liveness"), %s output. prober/prober.go:124.
	ProbeFailedMessage string
	// ProbeErroredMessage: %s probe type, %s result, %s error. prober.go:108.
	ProbeErroredMessage string
	// ProbeWarningMessage: %s probe type, %s output. prober.go:118.
	ProbeWarningMessage string
	// PodFormat is format.PodDesc: "%s_%s(%s)" name, namespace, uid.
	// pkg/kubelet/util/format/pod.go.
	PodFormat string
	// PodReadyToStartContainers: the kubelet writes that condition first (beta on 1.29, GA 1.37).
	PodReadyToStartContainers bool

	// Kubelet constants (pkg/kubelet/kubelet.go v1.37.2 lines 165-226; facts §4).
	CrashLoopInitial   time.Duration
	CrashLoopMax       time.Duration
	CrashLoopReset     time.Duration
	ImageBackOffPeriod time.Duration
	ImageBackOffMax    time.Duration

	// ---- server-side printers (pkg/printers/internalversion/printers.go printPod) ----

	// TerminatingSkipsTerminal: a deleted pod in phase Succeeded/Failed keeps its phase instead
	// of Terminating (v1.32+).
	TerminatingSkipsTerminal bool
	// CompletedUsesErrorReason: a "Completed" reason with no running container becomes the
	// remembered non-zero-exit reason (v1.35+).
	CompletedUsesErrorReason bool

	// ---- kubectl ----

	// DeleteFromNamespace: "deleted from <ns> namespace" (kubectl 1.34+,
	// pkg/cmd/delete/delete.go PrintObj).
	DeleteFromNamespace bool
	// ProbeAttrsFormat: describe's probe attributes (pkg/describe/describe.go:2047):
	// delay, timeout, period, success, failure.
	ProbeAttrsFormat string
	// EventFieldPathPrefix: describe prefixes event messages with "<fieldPath>: " (kubectl
	// 1.35+, describe.go:4193).
	EventFieldPathPrefix bool
	// ContainerNotValidListsContainers: exec/logs -c check done by kubectl itself with the list
	// "out of: a, b" (kubectl 1.36+).
	ContainerNotValidListsContainers bool
}

func v137() *Version {
	return &Version{
		Minor:            "1.37",
		GitVersion:       "v1.37.2",
		KustomizeVersion: "v5.8.1",
		Complete:         true,

		// k8s.io/kubernetes v1.37.2 pkg/apis/core/validation/validation.go updatablePodSpecFields
		PodUpdatableFields: []string{
			"`spec.containers[*].image`",
			"`spec.initContainers[*].image`",
			"`spec.activeDeadlineSeconds`",
			"`spec.tolerations` (only additions to existing tolerations)",
			"`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
		},
		PodUpdatableJoin:      ",",
		PodUpdateDiff:         DiffJSONUnified,
		PodGenerationOnCreate: true,
		PodObservedGeneration: true,

		ScheduledMessage: "Successfully assigned %v/%v to %v",
		// real/A.md #08 (v1.37.2 control plane without nodes)
		NoNodesMessage: "no nodes available to schedule pods",

		PullingMessage:           "Pulling image %q",
		PulledTemplate:           "Successfully pulled image %q in %v (%v including waiting). Image size: %v bytes.",
		PulledImageSize:          true,
		PresentMessage:           "Container image %q already present on machine",
		PresentAccessibleMessage: "Container image %q already present on machine and can be accessed by the pod",
		NeverPullMessage:         "Container image %q is not present with pull policy of Never",
		FailedPullMessage:        "Failed to pull image %q: %v",
		BackOffPullMessage:       "Back-off pulling image %q",
		ErrorMessage:             "Error: %v",
		CreatedTemplate:          "Container created",
		StartedTemplate:          "Container started",
		KillingMessage:           "Stopping container %s",
		LivenessKillMessage:      "Container %s failed liveness probe",
		StartupKillMessage:       "Container %s failed startup probe",
		WillRestartSuffix:        ", will be restarted",
		BackOffMessage:           "Back-off restarting failed container %s in pod %s",
		CrashLoopWaitingMessage:  "back-off %s restarting failed container=%s pod=%s",
		ProbeFailedMessage:       "%s probe failed: %s",
		ProbeErroredMessage:      "%s probe errored and resulted in %s state: %s",
		ProbeWarningMessage:      "%s probe warning: %s",
		PodFormat:                "%s_%s(%s)",

		PodReadyToStartContainers: true,

		CrashLoopInitial:   10 * time.Second,
		CrashLoopMax:       300 * time.Second,
		CrashLoopReset:     600 * time.Second,
		ImageBackOffPeriod: 10 * time.Second,
		ImageBackOffMax:    300 * time.Second,

		TerminatingSkipsTerminal: true,
		CompletedUsesErrorReason: true,

		DeleteFromNamespace:              true,
		ProbeAttrsFormat:                 "delay=%ds timeout=%ds period=%ds successThreshold=%d failureThreshold=%d",
		EventFieldPathPrefix:             true,
		ContainerNotValidListsContainers: true,
	}
}

// older derives a partial entry from 1.37 with the documented differences applied.
func older(minor string) *Version {
	v := v137()
	v.Complete = false
	v.Minor = minor
	v.GitVersion = ""
	v.KustomizeVersion = ""
	n := minorNumber(minor)
	// kubectl ≤ v0.36: "#success=%d #failure=%d" (facts §6.1, checked 0.30.14–0.36.6).
	if n <= 36 {
		v.ProbeAttrsFormat = "delay=%ds timeout=%ds period=%ds #success=%d #failure=%d"
	}
	// kubectl ≤ 1.35: no "out of:" list for a bad -c (facts §5.1, §5.3).
	if n <= 35 {
		v.ContainerNotValidListsContainers = false
	}
	// Before 1.35: "Created container: x" / "Started container x"; no describe fieldPath
	// prefix; printPod's Completed→errorReason rule absent (facts §2.1, §6.2).
	if n <= 34 {
		v.CreatedTemplate = "Created container: %s"
		v.StartedTemplate = "Started container %s"
		v.EventFieldPathPrefix = false
		v.CompletedUsesErrorReason = false
	}
	// kubectl ≤ 1.33: "pod "x" deleted"; diff is go-cmp (facts §1.4, §5.4).
	if n <= 33 {
		v.DeleteFromNamespace = false
		v.PodUpdateDiff = DiffGoCmp
		v.PodObservedGeneration = false
	}
	// PodObservedGenerationTracking beta (on) only from 1.34.
	if n <= 32 {
		v.PodGenerationOnCreate = false
	}
	// 1.31 and earlier: Terminating even for terminal pods (facts §2.1 step 6).
	if n <= 31 {
		v.TerminatingSkipsTerminal = false
	}
	return v
}

func minorNumber(minor string) int {
	var maj, n int
	if _, err := fmt.Sscanf(minor, "%d.%d", &maj, &n); err != nil {
		return 0
	}
	return n
}

// Known lists the minors in the table, newest first.
func Known() []string { return []string{"1.37", "1.36", "1.35", "1.34", "1.33", "1.32"} }

// Get returns a fresh copy of the entry for minor ("1.37", "v1.37.2" and "" for Default are
// accepted).
func Get(minor string) (*Version, error) {
	m := strings.TrimPrefix(minor, "v")
	if m == "" {
		m = Default
	}
	if parts := strings.SplitN(m, ".", 3); len(parts) == 3 {
		m = parts[0] + "." + parts[1]
	}
	switch m {
	case "1.37":
		return v137(), nil
	case "1.36", "1.35", "1.34", "1.33", "1.32":
		return older(m), nil
	}
	return nil, fmt.Errorf("unsupported Kubernetes version %q (known: %s)", minor, strings.Join(Known(), ", "))
}

// MustGet is Get for versions known to exist; it panics otherwise.
func MustGet(minor string) *Version {
	v, err := Get(minor)
	if err != nil {
		panic(err)
	}
	return v
}

// PodUpdateForbidden returns the detail of the `spec: Forbidden` error of a refused Pod
// update, given the rendered spec diff.
// k8s.io/kubernetes v1.37.2 pkg/apis/core/validation/validation.go ValidatePodUpdate.
func (v *Version) PodUpdateForbidden(diff string) string {
	return fmt.Sprintf("pod updates may not change fields other than %s\n%v", strings.Join(v.PodUpdatableFields, v.PodUpdatableJoin), diff)
}

// DeleteOperation is the verb phrase of `kubectl delete`'s line ("deleted from default
// namespace"); namespace is "" for cluster-scoped objects.
// k8s.io/kubectl v0.37.2 pkg/cmd/delete/delete.go PrintObj.
func (v *Version) DeleteOperation(namespace string, force bool) string {
	op := "deleted"
	if force {
		op = "force deleted"
	}
	if v.DeleteFromNamespace && namespace != "" {
		op = fmt.Sprintf("%s from %s namespace", op, namespace)
	}
	return op
}

// ProbeAttrs renders describe's probe attributes.
func (v *Version) ProbeAttrs(delay, timeout, period, success, failure int32) string {
	return fmt.Sprintf(v.ProbeAttrsFormat, delay, timeout, period, success, failure)
}

// EventMessage renders describe's Events message column for an event whose involved object
// has fieldPath. k8s.io/kubectl v0.37.2 pkg/describe/describe.go DescribeEvents.
func (v *Version) EventMessage(fieldPath, message string) string {
	message = strings.TrimSpace(message)
	if v.EventFieldPathPrefix && fieldPath != "" {
		return fmt.Sprintf("%s: %s", fieldPath, message)
	}
	return message
}

// CreatedMessage is the kubelet's Created event message for container.
func (v *Version) CreatedMessage(container string) string {
	return fill(v.CreatedTemplate, container)
}

// StartedMessage is the kubelet's Started event message for container.
func (v *Version) StartedMessage(container string) string {
	return fill(v.StartedTemplate, container)
}

// PulledMessage is the kubelet's Pulled event message after a pull. Durations are truncated
// to milliseconds as the kubelet does.
func (v *Version) PulledMessage(image string, pull, total time.Duration, size int64) string {
	pull, total = pull.Truncate(time.Millisecond), total.Truncate(time.Millisecond)
	if !v.PulledImageSize {
		return fmt.Sprintf("Successfully pulled image %q in %v (%v including waiting)", image, pull, total)
	}
	return fmt.Sprintf(v.PulledTemplate, image, pull, total, size)
}

// PodDesc is the kubelet's format.PodDesc: "name_namespace(uid)".
func (v *Version) PodDesc(name, namespace, uid string) string {
	return fmt.Sprintf(v.PodFormat, name, namespace, uid)
}

func fill(tmpl, arg string) string {
	if strings.Contains(tmpl, "%") {
		return fmt.Sprintf(tmpl, arg)
	}
	return tmpl
}
