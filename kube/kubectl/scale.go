package kubectl

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scale"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// scaleOptions are the flags of `kubectl scale` (k8s.io/kubectl v0.37.2 pkg/cmd/scale/scale.go
// ScaleOptions).
type scaleOptions struct {
	printFlags      *genericclioptions.PrintFlags
	recordFlags     *genericclioptions.RecordFlags
	filenames       []string
	kustomize       string
	recursive       bool
	selector        string
	all             bool
	resourceVersion string
	currentReplicas int
	replicas        int
	timeout         time.Duration
}

// newScale is scale.go NewCmdScale.
func (r *runner) newScale() *cobra.Command {
	o := &scaleOptions{
		printFlags:      genericclioptions.NewPrintFlags("scaled"),
		recordFlags:     genericclioptions.NewRecordFlags(),
		currentReplicas: -1,
	}
	cmd := &cobra.Command{
		Use:                   "scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)",
		DisableFlagsInUseLine: true,
		Short:                 "Set a new size for a deployment, replica set, or replication controller",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runScale(cmd, o, args)
		},
	}
	o.recordFlags.AddFlags(cmd)
	o.printFlags.AddFlags(cmd)
	f := cmd.Flags()
	f.BoolVar(&o.all, "all", o.all, "Select all resources in the namespace of the specified resource types")
	f.StringVar(&o.resourceVersion, "resource-version", o.resourceVersion, "Precondition for resource version. Requires that the current resource version match this value in order to scale.")
	f.IntVar(&o.currentReplicas, "current-replicas", o.currentReplicas, "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.")
	f.IntVar(&o.replicas, "replicas", o.replicas, "The new desired number of replicas. Required.")
	_ = cmd.MarkFlagRequired("replicas")
	f.DurationVar(&o.timeout, "timeout", 0, "The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).")
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to set a new size")
	cmdutil.AddDryRunFlag(cmd)
	addSelectorFlag(cmd, &o.selector)
	return cmd
}

// scalable are the resources with a scale subresource among those simulated (the
// genericScaler patches /scale; other resources are not modelled).
func scalable(m mapping) bool {
	switch m.Group + "/" + m.Name {
	case "apps/deployments", "apps/replicasets", "apps/statefulsets", "/replicationcontrollers":
		return true
	}
	return false
}

// runScale is scale.go Complete, Validate and RunScale, with pkg/scale's genericScaler: a merge
// patch of spec.replicas through the scale subresource, or, with preconditions
// (--current-replicas, --resource-version), a read, a check and an update.
func (r *runner) runScale(cmd *cobra.Command, o *scaleOptions, args []string) error {
	if flagBool(cmd, "record") {
		return notSimulated("kubectl scale --record")
	}
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	o.printFlags.NamePrintFlags.Operation = dryRunSuffix("scaled", dr)
	if _, err := o.printFlags.ToPrinter(); err != nil {
		return err
	}
	if o.replicas < 0 {
		return fmt.Errorf("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
	}
	if o.currentReplicas < -1 {
		return fmt.Errorf("The --current-replicas must specify an integer of -1 or greater")
	}
	if o.kustomize != "" {
		return notSimulated("kubectl scale -k")
	}
	items, infoErrs := r.collect(args, collectOptions{filenames: o.filenames, recursive: o.recursive, selector: o.selector, all: o.all})
	type target struct {
		m   mapping
		obj *unstructured.Unstructured
	}
	var infos []target
	for _, it := range items {
		objs := []runtime.Object{it.obj}
		if it.list {
			objs, _ = meta.ExtractList(it.obj)
		}
		for _, obj := range objs {
			u, err := printers.Unstructured(withKindOf(obj, it.m))
			if err != nil {
				return err
			}
			infos = append(infos, target{m: it.m, obj: u})
		}
	}
	if len(o.resourceVersion) != 0 && len(infos) > 1 {
		return fmt.Errorf("cannot use --resource-version with multiple resources")
	}
	var precondition *scale.ScalePrecondition
	if o.currentReplicas != -1 || len(o.resourceVersion) > 0 {
		precondition = &scale.ScalePrecondition{Size: o.currentReplicas, ResourceVersion: o.resourceVersion}
	}
	infoErr := continueOnError(infoErrs)
	if len(infos) == 0 {
		if infoErr != nil {
			return infoErr
		}
		return fmt.Errorf("no objects passed to scale")
	}
	for _, info := range infos {
		if dr == dryRunClient {
			if err := updateReplicas(info.obj, int64(o.replicas)); err != nil {
				return err
			}
			if err := r.printObject(o.printFlags, "scaled", dr, info.obj); err != nil {
				return err
			}
			continue
		}
		if !scalable(info.m) {
			return notSimulated("kubectl scale of " + info.m.resourceString())
		}
		actual, err := r.scaleOne(info.m, info.obj.GetNamespace(), info.obj.GetName(), o.replicas, precondition, dr == dryRunServer)
		if err != nil {
			return err
		}
		if o.timeout != 0 && dr == dryRunNone {
			if err := r.waitForReplicas(info.m, info.obj.GetNamespace(), info.obj.GetName(), int32(o.replicas), o.timeout); err != nil {
				return err
			}
		}
		if err := updateReplicas(info.obj, int64(actual)); err != nil {
			return err
		}
		if err := r.printObject(o.printFlags, "scaled", dr, info.obj); err != nil {
			return err
		}
	}
	return infoErr
}

// scaleOne is pkg/scale genericScaler.ScaleSimple on the object's scale subresource.
func (r *runner) scaleOne(m mapping, namespace, name string, replicas int, pre *scale.ScalePrecondition, dryRun bool) (int32, error) {
	if pre != nil {
		obj, err := r.env.API.Get(m.Name, namespace, name)
		if err != nil {
			return 0, err
		}
		u, err := printers.Unstructured(withKindOf(obj, m))
		if err != nil {
			return 0, err
		}
		current, _, _ := unstructured.NestedInt64(u.Object, "spec", "replicas")
		if pre.Size != -1 && int(current) != pre.Size {
			return 0, scale.PreconditionError{Precondition: "replicas", ExpectedValue: strconv.Itoa(pre.Size), ActualValue: strconv.Itoa(int(current))}
		}
		if len(pre.ResourceVersion) > 0 && u.GetResourceVersion() != pre.ResourceVersion {
			return 0, scale.PreconditionError{Precondition: "resource version", ExpectedValue: pre.ResourceVersion, ActualValue: u.GetResourceVersion()}
		}
	}
	patch := []byte(fmt.Sprintf(`{"spec":{"replicas":%d}}`, replicas))
	obj, warnings, err := r.env.API.Patch(m.Name, namespace, name, types.MergePatchType, patch, apiserver.PatchOptions{DryRun: dryRun})
	r.warn(warnings)
	if err != nil {
		return 0, err
	}
	u, err := printers.Unstructured(withKindOf(obj, m))
	if err != nil {
		return 0, err
	}
	actual, _, _ := unstructured.NestedInt64(u.Object, "spec", "replicas")
	return int32(actual), nil
}

// waitForReplicas is pkg/scale WaitForScaleHasDesiredReplicas on the virtual clock, polling
// every second.
func (r *runner) waitForReplicas(m mapping, namespace, name string, desired int32, timeout time.Duration) error {
	clk := r.env.Clock
	deadline := clk.Now().Add(timeout)
	for {
		obj, err := r.env.API.Get(m.Name, namespace, name)
		if err != nil {
			return err
		}
		u, err := printers.Unstructured(withKindOf(obj, m))
		if err != nil {
			return err
		}
		spec, _, _ := unstructured.NestedInt64(u.Object, "spec", "replicas")
		status, _, _ := unstructured.NestedInt64(u.Object, "status", "replicas")
		if int32(spec) != desired || (spec == status && int64(desired) == status) {
			return nil
		}
		next := clk.Now().Add(time.Second)
		if next.After(deadline) {
			clk.AdvanceTo(deadline)
			return fmt.Errorf("timed out waiting for %q to be synced", name)
		}
		clk.AdvanceTo(next)
	}
}

// updateReplicas is scale.go updateReplicas.
func updateReplicas(u *unstructured.Unstructured, replicas int64) error {
	gvk := u.GroupVersionKind()
	if gvk.Group != "apps" && gvk.Group != "" {
		return nil
	}
	return unstructured.SetNestedField(u.Object, replicas, "spec", "replicas")
}
