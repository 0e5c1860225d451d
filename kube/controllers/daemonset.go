package controllers

import (
	"fmt"
	"sort"
	"time"

	"github.com/go-logr/logr"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
	corev1helpers "k8s.io/component-helpers/scheduling/corev1"
	"k8s.io/component-helpers/scheduling/corev1/nodeaffinity"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver/validation"
)

// daemonSetController is k8s.io/kubernetes v1.37.2 pkg/controller/daemon
// (daemon_controller.go syncDaemonSet, podsShouldBeOnNode, syncNodes, updateDaemonSetStatus,
// nodeShouldRunDaemonPod; util/daemonset_util.go CreatePodTemplate and the node-name affinity;
// update.go rollingUpdate with maxUnavailable): one Pod per node the template tolerates and
// selects, named <ds>-<5 characters>, pinned with a required node affinity on metadata.name,
// labelled controller-revision-hash (ComputeHash of the template) and pod-template-generation.
// The ControllerRevision objects are not stored.
type daemonSetController struct {
	m *Manager
	c *controller
}

func (dc *daemonSetController) podEvent(typ watch.EventType, pod *corev1.Pod) {
	ref := metav1.GetControllerOfNoCopy(pod)
	if ref == nil || ref.Kind != "DaemonSet" {
		return
	}
	if ds, ok := dc.m.get("daemonsets", pod.Namespace, ref.Name).(*appsv1.DaemonSet); ok && ds.UID == ref.UID {
		dc.c.enqueue(ds.Namespace, ds.Name)
	}
}

// nodeEvent is addNode/updateNode: every DaemonSet looks at the node again.
func (dc *daemonSetController) nodeEvent(*corev1.Node) {
	_ = dc.m.api.Range("daemonsets", "", func(obj runtimeObject) {
		ds := obj.(*appsv1.DaemonSet)
		dc.c.enqueue(ds.Namespace, ds.Name)
	})
}

// daemonPodTolerations are the template's tolerations with AddOrUpdateDaemonPodTolerations'.
func daemonPodTolerations(spec *corev1.PodSpec) []corev1.Toleration {
	s := spec.DeepCopy()
	addOrUpdateDaemonPodTolerations(s)
	return s.Tolerations
}

// addOrUpdateDaemonPodTolerations is util.AddOrUpdateDaemonPodTolerations.
func addOrUpdateDaemonPodTolerations(spec *corev1.PodSpec) {
	add := func(t corev1.Toleration) { addOrUpdateToleration(spec, &t) }
	add(corev1.Toleration{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute})
	add(corev1.Toleration{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute})
	add(corev1.Toleration{Key: corev1.TaintNodeDiskPressure, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	add(corev1.Toleration{Key: corev1.TaintNodeMemoryPressure, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	add(corev1.Toleration{Key: corev1.TaintNodePIDPressure, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	add(corev1.Toleration{Key: corev1.TaintNodeUnschedulable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	if spec.HostNetwork {
		add(corev1.Toleration{Key: corev1.TaintNodeNetworkUnavailable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule})
	}
}

// addOrUpdateToleration is pkg/apis/core/v1/helper AddOrUpdateTolerationInPodSpec.
func addOrUpdateToleration(spec *corev1.PodSpec, toleration *corev1.Toleration) {
	var newTolerations []corev1.Toleration
	updated := false
	for i := range spec.Tolerations {
		if toleration.MatchToleration(&spec.Tolerations[i]) {
			if equalToleration(*toleration, spec.Tolerations[i]) {
				return
			}
			newTolerations = append(newTolerations, *toleration)
			updated = true
			continue
		}
		newTolerations = append(newTolerations, spec.Tolerations[i])
	}
	if !updated {
		newTolerations = append(newTolerations, *toleration)
	}
	spec.Tolerations = newTolerations
}

func equalToleration(a, b corev1.Toleration) bool {
	return a.Key == b.Key && a.Operator == b.Operator && a.Value == b.Value && a.Effect == b.Effect &&
		ptr.Equal(a.TolerationSeconds, b.TolerationSeconds)
}

// nodeShouldRunDaemonPod returns whether the node should run the pod and whether an existing
// pod may keep running there.
func nodeShouldRunDaemonPod(node *corev1.Node, ds *appsv1.DaemonSet, tolerations []corev1.Toleration, aff nodeaffinity.RequiredNodeAffinity) (bool, bool) {
	if !(ds.Spec.Template.Spec.NodeName == "" || ds.Spec.Template.Spec.NodeName == node.Name) {
		return false, false
	}
	fitsNodeAffinity, _ := aff.Match(node)
	if !fitsNodeAffinity {
		return false, false
	}
	_, untolerated := corev1helpers.FindMatchingUntoleratedTaint(logr.Discard(), node.Spec.Taints, tolerations, func(t *corev1.Taint) bool {
		return t.Effect == corev1.TaintEffectNoExecute || t.Effect == corev1.TaintEffectNoSchedule
	}, false)
	if untolerated {
		_, noExec := corev1helpers.FindMatchingUntoleratedTaint(logr.Discard(), node.Spec.Taints, tolerations, func(t *corev1.Taint) bool {
			return t.Effect == corev1.TaintEffectNoExecute
		}, false)
		return false, !noExec
	}
	return true, true
}

// sync is syncDaemonSet.
func (dc *daemonSetController) sync(namespace, name string) time.Duration {
	stored, ok := dc.m.get("daemonsets", namespace, name).(*appsv1.DaemonSet)
	if !ok {
		return 0
	}
	ds := stored.DeepCopy()
	now := dc.m.clk.Now()
	hash := ComputeHash(&ds.Spec.Template, ds.Status.CollisionCount)
	nodes := dc.m.nodes()
	selector, err := metav1.LabelSelectorAsSelector(ds.Spec.Selector)
	if err != nil {
		return 0
	}
	nodeToPods := map[string][]*corev1.Pod{}
	for _, p := range dc.m.claimPods(ds, daemonSetKind(), selector, dc.m.podsOwnedOrOrphaned(namespace, ds.UID)) {
		if p.DeletionTimestamp != nil {
			continue
		}
		nodeName := p.Spec.NodeName
		if nodeName == "" {
			nodeName = affinityNodeName(p)
		}
		nodeToPods[nodeName] = append(nodeToPods[nodeName], p)
	}
	tolerations := daemonPodTolerations(&ds.Spec.Template.Spec)
	aff := nodeaffinity.NewRequiredNodeAffinity(ds.Spec.Template.Spec.NodeSelector, ds.Spec.Template.Spec.Affinity)
	gen := validation.DaemonSetTemplateGeneration(ds)

	if ds.DeletionTimestamp == nil {
		// manage: podsShouldBeOnNode for every node.
		var needing []string
		var toDelete []*corev1.Pod
		for _, node := range nodes {
			shouldRun, shouldContinue := nodeShouldRunDaemonPod(node, ds, tolerations, aff)
			pods := nodeToPods[node.Name]
			switch {
			case shouldRun && len(pods) == 0:
				needing = append(needing, node.Name)
			case shouldContinue:
				var running []*corev1.Pod
				for _, p := range pods {
					if p.Status.Phase == corev1.PodFailed {
						toDelete = append(toDelete, p)
						continue
					}
					running = append(running, p)
				}
				if len(running) > 1 {
					sort.Sort(podByCreationTimestampAndPhase(running))
					toDelete = append(toDelete, running[1:]...)
				}
			case !shouldContinue:
				toDelete = append(toDelete, pods...)
			}
		}
		// rollingUpdate (maxUnavailable, no surge): delete out-of-date pods.
		if ds.Spec.UpdateStrategy.Type == appsv1.RollingUpdateDaemonSetStrategyType {
			toDelete = append(toDelete, dc.rollingUpdateCandidates(ds, nodes, nodeToPods, hash, gen, tolerations, aff, now)...)
		}
		dc.syncNodes(ds, toDelete, needing, hash, gen)
	}
	dc.updateStatus(ds, nodes, hash, gen, tolerations, aff, now)
	if ds.Spec.MinReadySeconds > 0 && ds.Status.NumberReady != ds.Status.NumberAvailable {
		return time.Duration(ds.Spec.MinReadySeconds) * time.Second
	}
	return 0
}

// rollingUpdateCandidates is update.go rollingUpdate for maxSurge 0: old pods to delete while
// fewer than maxUnavailable are unavailable.
func (dc *daemonSetController) rollingUpdateCandidates(ds *appsv1.DaemonSet, nodes []*corev1.Node, nodeToPods map[string][]*corev1.Pod, hash string, gen int64, tolerations []corev1.Toleration, aff nodeaffinity.RequiredNodeAffinity, now time.Time) []*corev1.Pod {
	desired := 0
	for _, n := range nodes {
		if run, _ := nodeShouldRunDaemonPod(n, ds, tolerations, aff); run {
			desired++
		}
	}
	maxUnavailable := 1
	if ru := ds.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.MaxUnavailable != nil {
		if v, err := intOrPercent(*ru.MaxUnavailable, desired, true); err == nil {
			maxUnavailable = v
		}
	}
	unavailable := 0
	var oldAvailable []*corev1.Pod
	for _, n := range nodes {
		pods := nodeToPods[n.Name]
		if run, _ := nodeShouldRunDaemonPod(n, ds, tolerations, aff); !run {
			continue
		}
		if len(pods) == 0 {
			unavailable++
			continue
		}
		p := pods[0]
		if !isPodAvailable(p, ds.Spec.MinReadySeconds, metav1.Time{Time: now}) {
			unavailable++
			if !isPodUpdated(p, hash, gen) {
				oldAvailable = append([]*corev1.Pod{p}, oldAvailable...) // unavailable old pods go first
			}
			continue
		}
		if !isPodUpdated(p, hash, gen) {
			oldAvailable = append(oldAvailable, p)
		}
	}
	var out []*corev1.Pod
	for _, p := range oldAvailable {
		if !isPodAvailable(p, ds.Spec.MinReadySeconds, metav1.Time{Time: now}) {
			out = append(out, p)
			continue
		}
		if unavailable >= maxUnavailable {
			break
		}
		unavailable++
		out = append(out, p)
	}
	return out
}

// isPodUpdated is util.IsPodUpdated.
func isPodUpdated(pod *corev1.Pod, hash string, gen int64) bool {
	templateMatches := pod.Labels["pod-template-generation"] == fmt.Sprint(gen)
	hashMatches := len(hash) > 0 && pod.Labels[appsv1.DefaultDaemonSetUniqueLabelKey] == hash
	return hashMatches || templateMatches
}

// syncNodes creates the missing daemon pods and deletes the others.
func (dc *daemonSetController) syncNodes(ds *appsv1.DaemonSet, toDelete []*corev1.Pod, needing []string, hash string, gen int64) {
	needing = needing[:min(len(needing), burstReplicas)]
	template := *ds.Spec.Template.DeepCopy()
	addOrUpdateDaemonPodTolerations(&template.Spec)
	if template.Labels == nil {
		template.Labels = map[string]string{}
	}
	template.Labels["pod-template-generation"] = fmt.Sprint(gen)
	template.Labels[appsv1.DefaultDaemonSetUniqueLabelKey] = hash
	_, _ = slowStartBatchOver(needing, func(node string) error {
		t := template.DeepCopy()
		t.Spec.Affinity = replaceNodeNameAffinity(t.Spec.Affinity, node)
		_, err := dc.c.createPod(ds.Namespace, t, ds, daemonSetKind(), "", nil)
		if err != nil && hasStatusCause(err, corev1.NamespaceTerminatingCause) {
			return nil
		}
		return err
	})
	for _, p := range toDelete[:min(len(toDelete), burstReplicas)] {
		_ = dc.c.deletePod(ds.Namespace, p.Name, ds, daemonSetKind())
	}
}

func slowStartBatchOver(items []string, fn func(string) error) (int, error) {
	i := 0
	return slowStartBatch(len(items), 1, func() error {
		it := items[i]
		i++
		return fn(it)
	})
}

// replaceNodeNameAffinity is util.ReplaceDaemonSetPodNodeNameNodeAffinity.
func replaceNodeNameAffinity(affinity *corev1.Affinity, nodename string) *corev1.Affinity {
	req := corev1.NodeSelectorRequirement{Key: metav1.ObjectNameField, Operator: corev1.NodeSelectorOpIn, Values: []string{nodename}}
	sel := &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchFields: []corev1.NodeSelectorRequirement{req}}}}
	switch {
	case affinity == nil:
		return &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: sel}}
	case affinity.NodeAffinity == nil:
		affinity.NodeAffinity = &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: sel}
		return affinity
	case affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil:
		affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = sel
		return affinity
	}
	affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms = sel.NodeSelectorTerms
	return affinity
}

// affinityNodeName is the node a not yet scheduled daemon pod is pinned to.
func affinityNodeName(p *corev1.Pod) string {
	a := p.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return ""
	}
	for _, t := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
		for _, f := range t.MatchFields {
			if f.Key == metav1.ObjectNameField && f.Operator == corev1.NodeSelectorOpIn && len(f.Values) == 1 {
				return f.Values[0]
			}
		}
	}
	return ""
}

// updateStatus is updateDaemonSetStatus and storeDaemonSetStatus.
func (dc *daemonSetController) updateStatus(ds *appsv1.DaemonSet, nodes []*corev1.Node, hash string, gen int64, tolerations []corev1.Toleration, aff nodeaffinity.RequiredNodeAffinity, now time.Time) {
	selector, _ := metav1.LabelSelectorAsSelector(ds.Spec.Selector)
	nodeToPods := map[string][]*corev1.Pod{}
	for _, p := range dc.m.pods(ds.Namespace) {
		if !ownedBy(p, ds.UID) || p.DeletionTimestamp != nil || (selector != nil && !selector.Matches(labelSet(p.Labels))) {
			continue
		}
		n := p.Spec.NodeName
		if n == "" {
			n = affinityNodeName(p)
		}
		nodeToPods[n] = append(nodeToPods[n], p)
	}
	var desired, current, mis, ready, updated, available int32
	for _, node := range nodes {
		shouldRun, _ := nodeShouldRunDaemonPod(node, ds, tolerations, aff)
		scheduled := len(nodeToPods[node.Name]) > 0
		if shouldRun {
			desired++
			if !scheduled {
				continue
			}
			current++
			pods := nodeToPods[node.Name]
			sort.Sort(podByCreationTimestampAndPhase(pods))
			pod := pods[0]
			if isPodReady(pod) {
				ready++
				if isPodAvailable(pod, ds.Spec.MinReadySeconds, metav1.Time{Time: now}) {
					available++
				}
			}
			if isPodUpdated(pod, hash, gen) {
				updated++
			}
		} else if scheduled {
			mis++
		}
	}
	s := ds.Status
	if s.ObservedGeneration >= ds.Generation && s.DesiredNumberScheduled == desired && s.CurrentNumberScheduled == current &&
		s.NumberMisscheduled == mis && s.NumberReady == ready && s.UpdatedNumberScheduled == updated &&
		s.NumberAvailable == available && s.NumberUnavailable == desired-available {
		return
	}
	ds.Status.ObservedGeneration = ds.Generation
	ds.Status.DesiredNumberScheduled = desired
	ds.Status.CurrentNumberScheduled = current
	ds.Status.NumberMisscheduled = mis
	ds.Status.NumberReady = ready
	ds.Status.UpdatedNumberScheduled = updated
	ds.Status.NumberAvailable = available
	ds.Status.NumberUnavailable = desired - available
	if out, err := dc.m.api.UpdateStatus(ds); err == nil {
		ds.Status = out.(*appsv1.DaemonSet).Status
	}
}

// podByCreationTimestampAndPhase sorts running pods first, then by creation.
type podByCreationTimestampAndPhase []*corev1.Pod

func (o podByCreationTimestampAndPhase) Len() int      { return len(o) }
func (o podByCreationTimestampAndPhase) Swap(i, j int) { o[i], o[j] = o[j], o[i] }
func (o podByCreationTimestampAndPhase) Less(i, j int) bool {
	if len(o[i].Spec.NodeName) != 0 && len(o[j].Spec.NodeName) == 0 {
		return true
	}
	if len(o[i].Spec.NodeName) == 0 && len(o[j].Spec.NodeName) != 0 {
		return false
	}
	if o[i].CreationTimestamp.Equal(&o[j].CreationTimestamp) {
		return o[i].Name < o[j].Name
	}
	return o[i].CreationTimestamp.Before(&o[j].CreationTimestamp)
}

// intOrPercent is intstr.GetScaledValueFromIntOrPercent.
func intOrPercent(v intstr.IntOrString, total int, roundUp bool) (int, error) {
	return intstr.GetScaledValueFromIntOrPercent(&v, total, roundUp)
}

func labelSet(m map[string]string) labels.Set { return labels.Set(m) }

type runtimeObject = runtime.Object
