package printers

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/duration"

	"github.com/docbuild/docbuild/kube/k8sversion"
)

// This file is a port of the server-side table generators of
// k8s.io/kubernetes v1.37.2 pkg/printers/internalversion/printers.go (AddHandlers and the
// print* functions), written against the versioned k8s.io/api types instead of the internal
// ones (the field names are the same), with "now" taken from the caller instead of time.Now.
// The API server always generates tables with GenerateOptions{Wide: true}
// (k8s.io/kubernetes v1.37.2 pkg/printers/storage/storage.go ConvertToTable); the client hides
// the priority-1 columns unless -o wide.

// Constants from k8s.io/kubernetes v1.37.2 pkg/printers/internalversion/printers.go.
const (
	loadBalancerWidth   = 16
	labelNodeRolePrefix = "node-role.kubernetes.io/"
	nodeLabelRole       = "kubernetes.io/role"
	// nodeUnreachablePodReason is k8s.io/kubernetes v1.37.2 pkg/util/node/node.go NodeUnreachablePodReason.
	nodeUnreachablePodReason = "NodeLost"
)

// Table returns the table the v1.37.2 API server generates for obj (a single object or a
// list), with ages measured at now. Rows keep the object in Row.Object so the client-side
// printer can read its labels and namespace.
func Table(obj runtime.Object, now time.Time) (*metav1.Table, error) {
	return TableFor(obj, now, nil)
}

// TableFor is Table for the release v describes (nil: the default, 1.37): the printPod rules
// that changed between releases come from the version table.
func TableFor(obj runtime.Object, now time.Time, v *k8sversion.Version) (*metav1.Table, error) {
	if v == nil {
		v = k8sversion.MustGet(k8sversion.Default)
	}
	g := generator{now: now, terminatingSkipsTerminal: v.TerminatingSkipsTerminal, completedUsesErrorReason: v.CompletedUsesErrorReason}
	var cols []metav1.TableColumnDefinition
	var rows []metav1.TableRow
	switch o := obj.(type) {
	case *corev1.Pod:
		cols, rows = podColumns(), []metav1.TableRow{g.pod(o)}
	case *corev1.PodList:
		cols, rows = podColumns(), make([]metav1.TableRow, 0, len(o.Items))
		for i := range o.Items {
			rows = append(rows, g.pod(&o.Items[i]))
		}
	case *corev1.Node:
		cols, rows = nodeColumns(), []metav1.TableRow{g.node(o)}
	case *corev1.NodeList:
		cols = nodeColumns()
		for i := range o.Items {
			rows = append(rows, g.node(&o.Items[i]))
		}
	case *corev1.Namespace:
		cols, rows = namespaceColumns(), []metav1.TableRow{g.namespace(o)}
	case *corev1.NamespaceList:
		cols = namespaceColumns()
		for i := range o.Items {
			rows = append(rows, g.namespace(&o.Items[i]))
		}
	case *corev1.Event:
		cols, rows = eventColumns(), []metav1.TableRow{g.event(o)}
	case *corev1.EventList:
		cols = eventColumns()
		for i := range o.Items {
			rows = append(rows, g.event(&o.Items[i]))
		}
	case *corev1.ConfigMap:
		cols, rows = configMapColumns(), []metav1.TableRow{g.configMap(o)}
	case *corev1.ConfigMapList:
		cols = configMapColumns()
		for i := range o.Items {
			rows = append(rows, g.configMap(&o.Items[i]))
		}
	case *corev1.Secret:
		cols, rows = secretColumns(), []metav1.TableRow{g.secret(o)}
	case *corev1.SecretList:
		cols = secretColumns()
		for i := range o.Items {
			rows = append(rows, g.secret(&o.Items[i]))
		}
	case *corev1.Service:
		cols, rows = serviceColumns(), []metav1.TableRow{g.service(o)}
	case *corev1.ServiceList:
		cols = serviceColumns()
		for i := range o.Items {
			rows = append(rows, g.service(&o.Items[i]))
		}
	case *corev1.ServiceAccount:
		cols, rows = serviceAccountColumns(), []metav1.TableRow{g.serviceAccount(o)}
	case *corev1.ServiceAccountList:
		cols = serviceAccountColumns()
		for i := range o.Items {
			rows = append(rows, g.serviceAccount(&o.Items[i]))
		}
	case *appsv1.Deployment:
		cols, rows = deploymentColumns(), []metav1.TableRow{g.deployment(o)}
	case *appsv1.DeploymentList:
		cols = deploymentColumns()
		for i := range o.Items {
			rows = append(rows, g.deployment(&o.Items[i]))
		}
	case *appsv1.ReplicaSet:
		cols, rows = replicaSetColumns(), []metav1.TableRow{g.replicaSet(o)}
	case *appsv1.ReplicaSetList:
		cols = replicaSetColumns()
		for i := range o.Items {
			rows = append(rows, g.replicaSet(&o.Items[i]))
		}
	default:
		var ok bool
		if cols, rows, ok = workloadTable(g, obj); !ok { // table_apps.go
			// k8s.io/kubernetes v1.37.2 pkg/printers/tablegenerator.go GenerateTable.
			return nil, fmt.Errorf("no table handler registered for this type %T", obj)
		}
	}
	if rows == nil {
		rows = []metav1.TableRow{}
	}
	t := &metav1.Table{ColumnDefinitions: cols, Rows: rows}
	if m, err := meta.ListAccessor(obj); err == nil {
		t.ResourceVersion = m.GetResourceVersion()
	}
	return t, nil
}

type generator struct {
	now time.Time
	// terminatingSkipsTerminal and completedUsesErrorReason are printPod's version-dependent
	// rules (k8sversion.Version fields of the same names).
	terminatingSkipsTerminal bool
	completedUsesErrorReason bool
}

// since is translateTimestampSince of printers.go with the virtual clock. The timestamp is
// truncated to seconds first, as the server reads it back from storage (metav1.Time keeps
// RFC 3339 seconds).
func (g generator) since(ts metav1.Time) string {
	if ts.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(g.now.Sub(ts.Time.Truncate(time.Second)))
}

// microSince is translateMicroTimestampSince of printers.go with the virtual clock
// (metav1.MicroTime keeps microseconds).
func (g generator) microSince(ts metav1.MicroTime) string {
	if ts.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(g.now.Sub(ts.Time.Truncate(time.Microsecond)))
}

func nameColumn() metav1.TableColumnDefinition {
	return metav1.TableColumnDefinition{Name: "Name", Type: "string", Format: "name", Description: metav1.ObjectMeta{}.SwaggerDoc()["name"]}
}

func ageColumn() metav1.TableColumnDefinition {
	return metav1.TableColumnDefinition{Name: "Age", Type: "string", Description: metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"]}
}

func podColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Ready", Type: "string", Description: "The aggregate readiness state of this pod for accepting traffic."},
		{Name: "Status", Type: "string", Description: "The aggregate status of the containers in this pod."},
		{Name: "Restarts", Type: "string", Description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."},
		ageColumn(),
		{Name: "IP", Type: "string", Priority: 1, Description: corev1.PodStatus{}.SwaggerDoc()["podIP"]},
		{Name: "Node", Type: "string", Priority: 1, Description: corev1.PodSpec{}.SwaggerDoc()["nodeName"]},
		{Name: "Nominated Node", Type: "string", Priority: 1, Description: corev1.PodStatus{}.SwaggerDoc()["nominatedNodeName"]},
		{Name: "Readiness Gates", Type: "string", Priority: 1, Description: corev1.PodSpec{}.SwaggerDoc()["readinessGates"]},
	}
}

func isRestartableInitContainer(c *corev1.Container) bool {
	// k8s.io/kubernetes v1.37.2 pkg/api/v1/pod/util.go IsRestartableInitContainer.
	return c != nil && c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// pod is printPod of k8s.io/kubernetes v1.37.2 pkg/printers/internalversion/printers.go.
func (g generator) pod(pod *corev1.Pod) metav1.TableRow {
	restarts := 0
	restartableInitContainerRestarts := 0
	totalContainers := len(pod.Spec.Containers)
	readyContainers := 0
	lastRestartDate := metav1.NewTime(time.Time{})
	lastRestartableInitContainerRestartDate := metav1.NewTime(time.Time{})

	podPhase := pod.Status.Phase
	reason := string(podPhase)
	if pod.Status.Reason != "" {
		reason = pod.Status.Reason
	}

	// If the Pod carries {type:PodScheduled, reason:SchedulingGated}, set reason to 'SchedulingGated'.
	for _, condition := range pod.Status.Conditions {
		if condition.Type == corev1.PodScheduled && condition.Reason == corev1.PodReasonSchedulingGated {
			reason = corev1.PodReasonSchedulingGated
		}
	}

	row := metav1.TableRow{Object: runtime.RawExtension{Object: pod}}
	switch pod.Status.Phase {
	case corev1.PodSucceeded:
		row.Conditions = []metav1.TableRowCondition{{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: string(corev1.PodSucceeded), Message: "The pod has completed successfully."}}
	case corev1.PodFailed:
		row.Conditions = []metav1.TableRowCondition{{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: string(corev1.PodFailed), Message: "The pod failed."}}
	}

	var initContainers map[string]*corev1.Container
	if len(pod.Spec.InitContainers) > 0 {
		initContainers = make(map[string]*corev1.Container, len(pod.Spec.InitContainers))
	}
	for i := range pod.Spec.InitContainers {
		initContainers[pod.Spec.InitContainers[i].Name] = &pod.Spec.InitContainers[i]
		if isRestartableInitContainer(&pod.Spec.InitContainers[i]) {
			totalContainers++
		}
	}

	initializing := false
	for i := range pod.Status.InitContainerStatuses {
		container := pod.Status.InitContainerStatuses[i]
		restarts += int(container.RestartCount)
		if container.LastTerminationState.Terminated != nil {
			terminatedDate := container.LastTerminationState.Terminated.FinishedAt
			if lastRestartDate.Before(&terminatedDate) {
				lastRestartDate = terminatedDate
			}
		}
		if isRestartableInitContainer(initContainers[container.Name]) {
			restartableInitContainerRestarts += int(container.RestartCount)
			if container.LastTerminationState.Terminated != nil {
				terminatedDate := container.LastTerminationState.Terminated.FinishedAt
				if lastRestartableInitContainerRestartDate.Before(&terminatedDate) {
					lastRestartableInitContainerRestartDate = terminatedDate
				}
			}
		}
		switch {
		case container.State.Terminated != nil && container.State.Terminated.ExitCode == 0:
			continue
		case isRestartableInitContainer(initContainers[container.Name]) &&
			container.Started != nil && *container.Started:
			if container.Ready {
				readyContainers++
			}
			continue
		case container.State.Terminated != nil:
			// initialization is failed
			if len(container.State.Terminated.Reason) == 0 {
				if container.State.Terminated.Signal != 0 {
					reason = fmt.Sprintf("Init:Signal:%d", container.State.Terminated.Signal)
				} else {
					reason = fmt.Sprintf("Init:ExitCode:%d", container.State.Terminated.ExitCode)
				}
			} else {
				reason = "Init:" + container.State.Terminated.Reason
			}
			initializing = true
		case container.State.Waiting != nil && len(container.State.Waiting.Reason) > 0 && container.State.Waiting.Reason != "PodInitializing":
			reason = "Init:" + container.State.Waiting.Reason
			initializing = true
		default:
			reason = fmt.Sprintf("Init:%d/%d", i, len(pod.Spec.InitContainers))
			initializing = true
		}
		break
	}

	if !initializing || isPodInitializedConditionTrue(&pod.Status) {
		restarts = restartableInitContainerRestarts
		lastRestartDate = lastRestartableInitContainerRestartDate
		hasRunning := false
		errorReason := ""
		for i := len(pod.Status.ContainerStatuses) - 1; i >= 0; i-- {
			container := pod.Status.ContainerStatuses[i]

			restarts += int(container.RestartCount)
			if container.LastTerminationState.Terminated != nil {
				terminatedDate := container.LastTerminationState.Terminated.FinishedAt
				if lastRestartDate.Before(&terminatedDate) {
					lastRestartDate = terminatedDate
				}
			}
			switch {
			case container.State.Waiting != nil && container.State.Waiting.Reason != "":
				reason = container.State.Waiting.Reason
			case container.State.Terminated != nil:
				if len(container.State.Terminated.Reason) > 0 {
					reason = container.State.Terminated.Reason
				} else if container.State.Terminated.Signal != 0 {
					reason = fmt.Sprintf("Signal:%d", container.State.Terminated.Signal)
				} else {
					reason = fmt.Sprintf("ExitCode:%d", container.State.Terminated.ExitCode)
				}
				if container.State.Terminated.ExitCode != 0 {
					errorReason = reason
				}
			case container.Ready && container.State.Running != nil:
				hasRunning = true
				readyContainers++
			}
		}

		// change pod status back to "Running" if there is at least one container still reporting as "Running" status
		if reason == "Completed" {
			if hasRunning && hasPodReadyCondition(pod.Status.Conditions) {
				reason = "Running"
			} else if errorReason != "" && g.completedUsesErrorReason {
				reason = errorReason
			} else if hasRunning {
				reason = "NotReady"
			}
		}
	}

	if pod.DeletionTimestamp != nil && pod.Status.Reason == nodeUnreachablePodReason {
		reason = "Unknown"
	} else if pod.DeletionTimestamp != nil && (!g.terminatingSkipsTerminal || (podPhase != corev1.PodFailed && podPhase != corev1.PodSucceeded)) {
		reason = "Terminating"
	}

	restartsStr := strconv.Itoa(restarts)
	if restarts != 0 && !lastRestartDate.IsZero() {
		restartsStr = fmt.Sprintf("%d (%s ago)", restarts, g.since(lastRestartDate))
	}

	nodeName := pod.Spec.NodeName
	nominatedNodeName := pod.Status.NominatedNodeName
	podIP := ""
	if len(pod.Status.PodIPs) > 0 {
		podIP = pod.Status.PodIPs[0].IP
	}
	if podIP == "" {
		podIP = "<none>"
	}
	if nodeName == "" {
		nodeName = "<none>"
	}
	if nominatedNodeName == "" {
		nominatedNodeName = "<none>"
	}
	readinessGates := "<none>"
	if len(pod.Spec.ReadinessGates) > 0 {
		trueConditions := 0
		for _, readinessGate := range pod.Spec.ReadinessGates {
			for _, condition := range pod.Status.Conditions {
				if condition.Type == readinessGate.ConditionType {
					if condition.Status == corev1.ConditionTrue {
						trueConditions++
					}
					break
				}
			}
		}
		readinessGates = fmt.Sprintf("%d/%d", trueConditions, len(pod.Spec.ReadinessGates))
	}
	row.Cells = []interface{}{pod.Name, strconv.Itoa(readyContainers) + "/" + strconv.Itoa(totalContainers), reason, restartsStr, g.since(pod.CreationTimestamp),
		podIP, nodeName, nominatedNodeName, readinessGates}
	return row
}

func hasPodReadyCondition(conditions []corev1.PodCondition) bool {
	for _, condition := range conditions {
		if condition.Type == corev1.PodReady && condition.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

func isPodInitializedConditionTrue(status *corev1.PodStatus) bool {
	for _, condition := range status.Conditions {
		if condition.Type != corev1.PodInitialized {
			continue
		}
		return condition.Status == corev1.ConditionTrue
	}
	return false
}

func nodeColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Status", Type: "string", Description: "The status of the node"},
		{Name: "Roles", Type: "string", Description: "The roles of the node"},
		ageColumn(),
		{Name: "Version", Type: "string", Description: corev1.NodeSystemInfo{}.SwaggerDoc()["kubeletVersion"]},
		{Name: "Internal-IP", Type: "string", Priority: 1, Description: corev1.NodeStatus{}.SwaggerDoc()["addresses"]},
		{Name: "External-IP", Type: "string", Priority: 1, Description: corev1.NodeStatus{}.SwaggerDoc()["addresses"]},
		{Name: "OS-Image", Type: "string", Priority: 1, Description: corev1.NodeSystemInfo{}.SwaggerDoc()["osImage"]},
		{Name: "Kernel-Version", Type: "string", Priority: 1, Description: corev1.NodeSystemInfo{}.SwaggerDoc()["kernelVersion"]},
		{Name: "Container-Runtime", Type: "string", Priority: 1, Description: corev1.NodeSystemInfo{}.SwaggerDoc()["containerRuntimeVersion"]},
	}
}

// node is printNode of printers.go v1.37.2.
func (g generator) node(obj *corev1.Node) metav1.TableRow {
	row := metav1.TableRow{Object: runtime.RawExtension{Object: obj}}
	conditionMap := make(map[corev1.NodeConditionType]*corev1.NodeCondition)
	for i := range obj.Status.Conditions {
		cond := obj.Status.Conditions[i]
		conditionMap[cond.Type] = &cond
	}
	var status []string
	for _, validCondition := range []corev1.NodeConditionType{corev1.NodeReady} {
		if condition, ok := conditionMap[validCondition]; ok {
			if condition.Status == corev1.ConditionTrue {
				status = append(status, string(condition.Type))
			} else {
				status = append(status, "Not"+string(condition.Type))
			}
		}
	}
	if len(status) == 0 {
		status = append(status, "Unknown")
	}
	if obj.Spec.Unschedulable {
		status = append(status, "SchedulingDisabled")
	}
	roles := strings.Join(findNodeRoles(obj), ",")
	if len(roles) == 0 {
		roles = "<none>"
	}
	osImage, kernelVersion, crVersion := obj.Status.NodeInfo.OSImage, obj.Status.NodeInfo.KernelVersion, obj.Status.NodeInfo.ContainerRuntimeVersion
	if osImage == "" {
		osImage = "<unknown>"
	}
	if kernelVersion == "" {
		kernelVersion = "<unknown>"
	}
	if crVersion == "" {
		crVersion = "<unknown>"
	}
	// append arch to kernelVersion
	if obj.Status.NodeInfo.Architecture != "" {
		kernelVersion += " (" + obj.Status.NodeInfo.Architecture + ")"
	}
	row.Cells = []interface{}{obj.Name, strings.Join(status, ","), roles, g.since(obj.CreationTimestamp), obj.Status.NodeInfo.KubeletVersion,
		nodeAddress(obj, corev1.NodeInternalIP), nodeAddress(obj, corev1.NodeExternalIP), osImage, kernelVersion, crVersion}
	return row
}

// nodeAddress is getNodeInternalIP / getNodeExternalIP of printers.go v1.37.2.
func nodeAddress(node *corev1.Node, t corev1.NodeAddressType) string {
	for _, address := range node.Status.Addresses {
		if address.Type == t {
			return address.Address
		}
	}
	return "<none>"
}

// findNodeRoles is findNodeRoles of printers.go v1.37.2.
func findNodeRoles(node *corev1.Node) []string {
	roles := map[string]bool{}
	for k, v := range node.Labels {
		switch {
		case strings.HasPrefix(k, labelNodeRolePrefix):
			if role := strings.TrimPrefix(k, labelNodeRolePrefix); len(role) > 0 {
				roles[role] = true
			}
		case k == nodeLabelRole && v != "":
			roles[v] = true
		}
	}
	out := make([]string, 0, len(roles))
	for r := range roles {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

func namespaceColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Status", Type: "string", Description: "The status of the namespace"},
		ageColumn(),
	}
}

func (g generator) namespace(obj *corev1.Namespace) metav1.TableRow {
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj},
		Cells: []interface{}{obj.Name, string(obj.Status.Phase), g.since(obj.CreationTimestamp)}}
}

func eventColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		{Name: "Last Seen", Type: "string", Description: corev1.Event{}.SwaggerDoc()["lastTimestamp"]},
		{Name: "Type", Type: "string", Description: corev1.Event{}.SwaggerDoc()["type"]},
		{Name: "Reason", Type: "string", Description: corev1.Event{}.SwaggerDoc()["reason"]},
		{Name: "Object", Type: "string", Description: corev1.Event{}.SwaggerDoc()["involvedObject"]},
		{Name: "Subobject", Type: "string", Priority: 1, Description: corev1.ObjectReference{}.SwaggerDoc()["fieldPath"]},
		{Name: "Source", Type: "string", Priority: 1, Description: corev1.Event{}.SwaggerDoc()["source"]},
		{Name: "Message", Type: "string", Description: corev1.Event{}.SwaggerDoc()["message"]},
		{Name: "First Seen", Type: "string", Priority: 1, Description: corev1.Event{}.SwaggerDoc()["firstTimestamp"]},
		{Name: "Count", Type: "string", Priority: 1, Description: corev1.Event{}.SwaggerDoc()["count"]},
		{Name: "Name", Type: "string", Priority: 1, Format: "name", Description: metav1.ObjectMeta{}.SwaggerDoc()["name"]},
	}
}

// event is printEvent of printers.go v1.37.2 (always the wide variant, as the server does).
func (g generator) event(obj *corev1.Event) metav1.TableRow {
	firstTimestamp := g.since(obj.FirstTimestamp)
	if obj.FirstTimestamp.IsZero() {
		firstTimestamp = g.microSince(obj.EventTime)
	}
	lastTimestamp := g.since(obj.LastTimestamp)
	if obj.LastTimestamp.IsZero() {
		lastTimestamp = firstTimestamp
	}
	count := obj.Count
	if obj.Series != nil {
		lastTimestamp = g.microSince(obj.Series.LastObservedTime)
		count = obj.Series.Count
	} else if count == 0 {
		// Singleton events don't have a count set in the new API.
		count = 1
	}
	var target string
	if len(obj.InvolvedObject.Name) > 0 {
		target = fmt.Sprintf("%s/%s", strings.ToLower(obj.InvolvedObject.Kind), obj.InvolvedObject.Name)
	} else {
		target = strings.ToLower(obj.InvolvedObject.Kind)
	}
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		lastTimestamp,
		obj.Type,
		obj.Reason,
		target,
		obj.InvolvedObject.FieldPath,
		formatEventSource(obj.Source, obj.ReportingController, obj.ReportingInstance),
		strings.TrimSpace(obj.Message),
		firstTimestamp,
		int64(count),
		obj.Name,
	}}
}

// formatEventSource is formatEventSource of printers.go v1.37.2.
func formatEventSource(es corev1.EventSource, reportingController, reportingInstance string) string {
	component, instance := es.Component, es.Host
	if component == "" {
		component = reportingController
	}
	if instance == "" {
		instance = reportingInstance
	}
	if len(instance) == 0 {
		return component
	}
	return component + ", " + instance
}

func configMapColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Data", Type: "string", Description: corev1.ConfigMap{}.SwaggerDoc()["data"]},
		ageColumn(),
	}
}

func (g generator) configMap(obj *corev1.ConfigMap) metav1.TableRow {
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj},
		Cells: []interface{}{obj.Name, int64(len(obj.Data) + len(obj.BinaryData)), g.since(obj.CreationTimestamp)}}
}

func secretColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Type", Type: "string", Description: corev1.Secret{}.SwaggerDoc()["type"]},
		{Name: "Data", Type: "string", Description: corev1.Secret{}.SwaggerDoc()["data"]},
		ageColumn(),
	}
}

func (g generator) secret(obj *corev1.Secret) metav1.TableRow {
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj},
		Cells: []interface{}{obj.Name, string(obj.Type), int64(len(obj.Data)), g.since(obj.CreationTimestamp)}}
}

func serviceAccountColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{nameColumn(), ageColumn()}
}

func (g generator) serviceAccount(obj *corev1.ServiceAccount) metav1.TableRow {
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj},
		Cells: []interface{}{obj.Name, g.since(obj.CreationTimestamp)}}
}

func serviceColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Type", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["type"]},
		{Name: "Cluster-IP", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["clusterIP"]},
		{Name: "External-IP", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["externalIPs"]},
		{Name: "Port(s)", Type: "string", Description: corev1.ServiceSpec{}.SwaggerDoc()["ports"]},
		ageColumn(),
		{Name: "Selector", Type: "string", Priority: 1, Description: corev1.ServiceSpec{}.SwaggerDoc()["selector"]},
	}
}

// service is printService of printers.go v1.37.2.
func (g generator) service(obj *corev1.Service) metav1.TableRow {
	internalIP := "<none>"
	if len(obj.Spec.ClusterIPs) > 0 {
		internalIP = obj.Spec.ClusterIPs[0]
	}
	svcPorts := makePortString(obj.Spec.Ports)
	if len(svcPorts) == 0 {
		svcPorts = "<none>"
	}
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, string(obj.Spec.Type), internalIP, serviceExternalIP(obj, true), svcPorts, g.since(obj.CreationTimestamp),
		labels.FormatLabels(obj.Spec.Selector),
	}}
}

// serviceExternalIP is getServiceExternalIP of printers.go v1.37.2.
func serviceExternalIP(svc *corev1.Service, wide bool) string {
	switch svc.Spec.Type {
	case corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort:
		if len(svc.Spec.ExternalIPs) > 0 {
			return strings.Join(svc.Spec.ExternalIPs, ",")
		}
		return "<none>"
	case corev1.ServiceTypeLoadBalancer:
		lbIps := loadBalancerStatusStringer(svc.Status.LoadBalancer, wide)
		if len(svc.Spec.ExternalIPs) > 0 {
			results := []string{}
			if len(lbIps) > 0 {
				results = append(results, strings.Split(lbIps, ",")...)
			}
			results = append(results, svc.Spec.ExternalIPs...)
			return strings.Join(results, ",")
		}
		if len(lbIps) > 0 {
			return lbIps
		}
		return "<pending>"
	case corev1.ServiceTypeExternalName:
		return svc.Spec.ExternalName
	}
	return "<unknown>"
}

// loadBalancerStatusStringer is loadBalancerStatusStringer of printers.go v1.37.2.
func loadBalancerStatusStringer(s corev1.LoadBalancerStatus, wide bool) string {
	set := map[string]bool{}
	for i := range s.Ingress {
		if s.Ingress[i].IP != "" {
			set[s.Ingress[i].IP] = true
		} else if s.Ingress[i].Hostname != "" {
			set[s.Ingress[i].Hostname] = true
		}
	}
	list := make([]string, 0, len(set))
	for k := range set {
		list = append(list, k)
	}
	sort.Strings(list)
	r := strings.Join(list, ",")
	if !wide && len(r) > loadBalancerWidth {
		r = r[0:(loadBalancerWidth-3)] + "..."
	}
	return r
}

// makePortString is makePortString of printers.go v1.37.2.
func makePortString(ports []corev1.ServicePort) string {
	pieces := make([]string, len(ports))
	for ix := range ports {
		port := &ports[ix]
		pieces[ix] = fmt.Sprintf("%d/%s", port.Port, port.Protocol)
		if port.NodePort > 0 {
			pieces[ix] = fmt.Sprintf("%d:%d/%s", port.Port, port.NodePort, port.Protocol)
		}
	}
	return strings.Join(pieces, ",")
}

func deploymentColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Ready", Type: "string", Description: "Number of the pod with ready state"},
		{Name: "Up-to-date", Type: "string", Description: appsv1.DeploymentStatus{}.SwaggerDoc()["updatedReplicas"]},
		{Name: "Available", Type: "string", Description: appsv1.DeploymentStatus{}.SwaggerDoc()["availableReplicas"]},
		ageColumn(),
		{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
		{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
		{Name: "Selector", Type: "string", Priority: 1, Description: appsv1.DeploymentSpec{}.SwaggerDoc()["selector"]},
	}
}

// deployment is printDeployment of printers.go v1.37.2.
func (g generator) deployment(obj *appsv1.Deployment) metav1.TableRow {
	var desired int32
	if obj.Spec.Replicas != nil {
		desired = *obj.Spec.Replicas
	}
	selectorString := ""
	if selector, err := metav1.LabelSelectorAsSelector(obj.Spec.Selector); err != nil {
		selectorString = "<invalid>"
	} else {
		selectorString = selector.String()
	}
	names, images := layoutContainerCells(obj.Spec.Template.Spec.Containers)
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, fmt.Sprintf("%d/%d", int64(obj.Status.ReadyReplicas), int64(desired)), int64(obj.Status.UpdatedReplicas),
		int64(obj.Status.AvailableReplicas), g.since(obj.CreationTimestamp), names, images, selectorString,
	}}
}

func replicaSetColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		nameColumn(),
		{Name: "Desired", Type: "integer", Description: appsv1.ReplicaSetSpec{}.SwaggerDoc()["replicas"]},
		{Name: "Current", Type: "integer", Description: appsv1.ReplicaSetStatus{}.SwaggerDoc()["replicas"]},
		{Name: "Ready", Type: "integer", Description: appsv1.ReplicaSetStatus{}.SwaggerDoc()["readyReplicas"]},
		ageColumn(),
		{Name: "Containers", Type: "string", Priority: 1, Description: "Names of each container in the template."},
		{Name: "Images", Type: "string", Priority: 1, Description: "Images referenced by each container in the template."},
		{Name: "Selector", Type: "string", Priority: 1, Description: appsv1.ReplicaSetSpec{}.SwaggerDoc()["selector"]},
	}
}

// replicaSet is printReplicaSet of printers.go v1.37.2.
func (g generator) replicaSet(obj *appsv1.ReplicaSet) metav1.TableRow {
	var desired int32
	if obj.Spec.Replicas != nil {
		desired = *obj.Spec.Replicas
	}
	names, images := layoutContainerCells(obj.Spec.Template.Spec.Containers)
	return metav1.TableRow{Object: runtime.RawExtension{Object: obj}, Cells: []interface{}{
		obj.Name, int64(desired), int64(obj.Status.Replicas), int64(obj.Status.ReadyReplicas), g.since(obj.CreationTimestamp),
		names, images, metav1.FormatLabelSelector(obj.Spec.Selector),
	}}
}

// layoutContainerCells is layoutContainerCells of printers.go v1.37.2.
func layoutContainerCells(containers []corev1.Container) (names string, images string) {
	var n, im strings.Builder
	for i, container := range containers {
		n.WriteString(container.Name)
		im.WriteString(container.Image)
		if i != len(containers)-1 {
			n.WriteString(",")
			im.WriteString(",")
		}
	}
	return n.String(), im.String()
}
