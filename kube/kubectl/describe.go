package kubectl

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"

	cmdutil "k8s.io/kubectl/pkg/cmd/util"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

type describeOptions struct {
	filenames     []string
	kustomize     string
	recursive     bool
	selector      string
	allNamespaces bool
	showEvents    bool
	chunkSize     int64
}

func (r *runner) newDescribe() *cobra.Command {
	o := &describeOptions{showEvents: true, chunkSize: 500}
	cmd := &cobra.Command{
		Use:                   "describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)",
		DisableFlagsInUseLine: true,
		Short:                 "Show details of a specific resource or group of resources",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runDescribe(cmd, o, args)
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/describe/describe.go AddFlags.
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "containing the resource to describe")
	addSelectorFlag(cmd, &o.selector)
	cmd.Flags().BoolVarP(&o.allNamespaces, "all-namespaces", "A", o.allNamespaces, "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.")
	cmd.Flags().BoolVar(&o.showEvents, "show-events", o.showEvents, "If true, display events related to the described object. Defaults to true for a single object, false for multiple objects and prefix matching.")
	cmdutil.AddChunkSizeFlag(cmd, &o.chunkSize)
	return cmd
}

// describeTarget is one object to describe.
type describeTarget struct {
	m               mapping
	namespace, name string
}

// runDescribe is k8s.io/kubectl v0.37.2 pkg/cmd/describe/describe.go Run and
// DescribeMatchingResources.
func (r *runner) runDescribe(cmd *cobra.Command, o *describeOptions, args []string) error {
	if o.allNamespaces {
		r.explicitNS = false
	}
	if len(args) == 0 && len(o.filenames) == 0 && o.kustomize == "" {
		fmt.Fprintf(r.errOut, "You must specify the type of resource to describe. %s\n\n", suggestAPIResources)
		return usageErrorf(cmd.CommandPath(), "Required resource not specified.")
	}
	if o.kustomize != "" {
		return notSimulated("kubectl describe -k")
	}
	showEventsExplicit := cmd.Flags().Lookup("show-events").Changed
	items, errs := r.collect(args, collectOptions{filenames: o.filenames, recursive: o.recursive, selector: o.selector,
		allNamespaces: o.allNamespaces, allowEmptySelector: true})
	var targets []describeTarget
	for _, it := range items {
		if it.list {
			list, _ := meta.ExtractList(it.obj)
			for _, el := range list {
				a, _ := meta.Accessor(el)
				targets = append(targets, describeTarget{m: it.m, namespace: a.GetNamespace(), name: a.GetName()})
			}
			continue
		}
		a, _ := meta.Accessor(it.obj)
		targets = append(targets, describeTarget{m: it.m, namespace: a.GetNamespace(), name: a.GetName()})
	}
	showEvents := o.showEvents
	if (len(errs) > 0 || len(targets) > 1) && !showEventsExplicit {
		showEvents = false
	}
	var allErrs []error
	if len(errs) > 0 {
		err := continueOnError(errs)
		if apierrors.IsNotFound(err) && len(args) == 2 {
			return r.describeMatching(err, args[0], args[1], showEvents)
		}
		allErrs = append(allErrs, errs...)
	}
	seen := map[string]bool{}
	first := true
	for _, t := range targets {
		s, err := r.describeOne(t, showEvents)
		if err != nil {
			if !seen[err.Error()] {
				seen[err.Error()] = true
				allErrs = append(allErrs, err)
			}
			continue
		}
		if first {
			first = false
			fmt.Fprint(r.out, s)
		} else {
			fmt.Fprintf(r.out, "\n\n%s", s)
		}
	}
	if len(targets) == 0 && len(allErrs) == 0 {
		if o.allNamespaces {
			fmt.Fprintln(r.errOut, "No resources found")
		} else {
			fmt.Fprintf(r.errOut, "No resources found in %s namespace.\n", r.namespace)
		}
	}
	return utilerrors.NewAggregate(allErrs)
}

// describeMatching is DescribeMatchingResources: every object of the type whose name starts
// with prefix, each followed by a newline.
func (r *runner) describeMatching(original error, resource, prefix string, showEvents bool) error {
	sel, err := r.parseResourceArgs([]string{resource})
	if err != nil {
		return err
	}
	if len(sel.types) != 1 {
		return original
	}
	m, err := r.resourceFor(sel.types[0])
	if err != nil {
		return err
	}
	ns := r.namespace
	if !m.Namespaced {
		ns = ""
	}
	list, err := r.env.API.List(m.Name, ns, apiserver.ListOptions{})
	if err != nil {
		return err
	}
	objs, _ := meta.ExtractList(list)
	found := false
	for _, obj := range objs {
		a, _ := meta.Accessor(obj)
		if !strings.HasPrefix(a.GetName(), prefix) {
			continue
		}
		found = true
		s, err := r.describeOne(describeTarget{m: m, namespace: a.GetNamespace(), name: a.GetName()}, showEvents)
		if err != nil {
			return err
		}
		fmt.Fprintf(r.out, "%s\n", s)
	}
	if !found {
		return original
	}
	return nil
}

// describeOne runs kubectl's describer for one object, giving it the objects it reads.
func (r *runner) describeOne(t describeTarget, showEvents bool) (string, error) {
	obj, err := r.env.API.Get(t.m.Name, t.namespace, t.name)
	if err != nil {
		return "", err
	}
	objs := []runtime.Object{obj}
	if showEvents {
		evNS := t.namespace
		if !t.m.Namespaced {
			evNS = ""
		}
		if events, err := r.env.API.List("events", evNS, apiserver.ListOptions{}); err == nil {
			items, _ := meta.ExtractList(events)
			objs = append(objs, items...)
		}
	}
	switch t.m.Kind {
	case "Node":
		if pods, err := r.env.API.List("pods", "", apiserver.ListOptions{FieldSelector: "spec.nodeName=" + t.name}); err == nil {
			items, _ := meta.ExtractList(pods)
			objs = append(objs, items...)
		}
		if lease := r.nodeLease(obj.(*corev1.Node)); lease != nil {
			objs = append(objs, lease)
		}
	case "Service":
		if eps, err := r.env.API.List("endpoints", t.namespace, apiserver.ListOptions{}); err == nil {
			items, _ := meta.ExtractList(eps)
			objs = append(objs, items...)
		}
	case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob":
		// A Deployment's describer lists its ReplicaSets, a CronJob's its Jobs, the others
		// their Pods (printers/describe_apps.go).
		res := map[string]string{"Deployment": "replicasets", "CronJob": "jobs"}[t.m.Kind]
		if res == "" {
			res = "pods"
		}
		if l, err := r.env.API.List(res, t.namespace, apiserver.ListOptions{}); err == nil {
			items, _ := meta.ExtractList(l)
			objs = append(objs, items...)
		}
	}
	out, err := printers.Describe(t.m.GroupVersionKind().GroupKind(), t.namespace, t.name, r.env.Clock.Now(), objs, showEvents)
	if err != nil && !apierrors.IsNotFound(err) && strings.HasPrefix(err.Error(), "no describer") {
		return "", notSimulated("kubectl describe " + t.m.Name)
	}
	return out, err
}

// nodeLease is the Lease a running kubelet keeps in kube-node-lease (pkg/kubelet/nodelease:
// holder = the node's name, renewed every 10 seconds, a quarter of the 40-second lease), which
// kubectl describe node prints. The API server does not store leases; a node whose Ready
// condition is True has one.
func (r *runner) nodeLease(node *corev1.Node) *coordinationv1.Lease {
	ready := false
	for _, c := range node.Status.Conditions {
		if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
			ready = true
		}
	}
	if !ready {
		return nil
	}
	const renewInterval = 10 * time.Second
	created := node.CreationTimestamp.Time
	now := r.env.Clock.Now()
	renew := created.Add(now.Sub(created).Truncate(renewInterval))
	holder := node.Name
	duration := int32(40)
	return &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: node.Name, Namespace: corev1.NamespaceNodeLease, CreationTimestamp: node.CreationTimestamp},
		Spec: coordinationv1.LeaseSpec{
			HolderIdentity:       &holder,
			LeaseDurationSeconds: &duration,
			RenewTime:            &metav1.MicroTime{Time: renew},
		},
	}
}
