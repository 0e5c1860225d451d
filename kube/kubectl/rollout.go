package kubectl

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/polymorphichelpers"
	"k8s.io/kubectl/pkg/scheme"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// rolloutOptions are the flags of the `kubectl rollout` subcommands (k8s.io/kubectl v0.37.2
// pkg/cmd/rollout/rollout_*.go).
type rolloutOptions struct {
	printFlags   *genericclioptions.PrintFlags
	filenames    []string
	kustomize    string
	recursive    bool
	selector     string
	fieldManager string
	revision     int64
	toRevision   int64
	watch        bool
	timeout      time.Duration
}

// newRollout is rollout.go NewCmdRollout with its subcommands in kubectl's order.
func (r *runner) newRollout() *cobra.Command {
	cmd := &cobra.Command{
		Use:                   "rollout SUBCOMMAND",
		DisableFlagsInUseLine: true,
		Short:                 "Manage the rollout of a resource",
		Run: func(cmd *cobra.Command, args []string) {
			// cmdutil.DefaultSubCommandRun prints the help page.
			r.err = notSimulated("kubectl rollout (help page)")
		},
	}
	const usage = "identifying the resource to get from a server."
	sub := func(use, short, operation string, flags func(*cobra.Command, *rolloutOptions), run func(*cobra.Command, *rolloutOptions, []string) error) {
		o := &rolloutOptions{printFlags: genericclioptions.NewPrintFlags(operation).WithTypeSetter(scheme.Scheme), watch: true}
		c := &cobra.Command{
			Use:                   use,
			DisableFlagsInUseLine: true,
			Short:                 short,
			Run: func(cmd *cobra.Command, args []string) {
				r.err = run(cmd, o, args)
			},
		}
		flags(c, o)
		cmd.AddCommand(c)
	}
	// rollout_history.go NewCmdRolloutHistory.
	sub("history (TYPE NAME | TYPE/NAME) [flags]", "View rollout history", "", func(c *cobra.Command, o *rolloutOptions) {
		c.Flags().Int64Var(&o.revision, "revision", o.revision, "See the details, including podTemplate of the revision specified")
		addSelectorFlag(c, &o.selector)
		addFilenameFlags(c, &o.filenames, &o.kustomize, &o.recursive, usage)
		o.printFlags.AddFlags(c)
	}, r.runRolloutHistory)
	// rollout_pause.go NewCmdRolloutPause.
	sub("pause RESOURCE", "Mark the provided resource as paused", "paused", func(c *cobra.Command, o *rolloutOptions) {
		o.printFlags.AddFlags(c)
		addFilenameFlags(c, &o.filenames, &o.kustomize, &o.recursive, usage)
		cmdutil.AddFieldManagerFlagVar(c, &o.fieldManager, "kubectl-rollout")
		addSelectorFlag(c, &o.selector)
	}, func(cmd *cobra.Command, o *rolloutOptions, args []string) error {
		return r.runRolloutPatch(cmd, o, args, "paused", "already paused", polymorphichelpers.ObjectPauserFn)
	})
	// rollout_resume.go NewCmdRolloutResume.
	sub("resume RESOURCE", "Resume a paused resource", "resumed", func(c *cobra.Command, o *rolloutOptions) {
		addFilenameFlags(c, &o.filenames, &o.kustomize, &o.recursive, usage)
		cmdutil.AddFieldManagerFlagVar(c, &o.fieldManager, "kubectl-rollout")
		addSelectorFlag(c, &o.selector)
		o.printFlags.AddFlags(c)
	}, func(cmd *cobra.Command, o *rolloutOptions, args []string) error {
		return r.runRolloutPatch(cmd, o, args, "resumed", "already resumed", polymorphichelpers.ObjectResumerFn)
	})
	// rollout_undo.go NewCmdRolloutUndo.
	sub("undo (TYPE NAME | TYPE/NAME) [flags]", "Undo a previous rollout", "rolled back", func(c *cobra.Command, o *rolloutOptions) {
		c.Flags().Int64Var(&o.toRevision, "to-revision", o.toRevision, "The revision to rollback to. Default to 0 (last revision).")
		addFilenameFlags(c, &o.filenames, &o.kustomize, &o.recursive, usage)
		cmdutil.AddDryRunFlag(c)
		addSelectorFlag(c, &o.selector)
		o.printFlags.AddFlags(c)
	}, r.runRolloutUndo)
	// rollout_status.go NewCmdRolloutStatus.
	sub("status (TYPE NAME | TYPE/NAME) [flags]", "Show the status of the rollout", "", func(c *cobra.Command, o *rolloutOptions) {
		addFilenameFlags(c, &o.filenames, &o.kustomize, &o.recursive, usage)
		c.Flags().BoolVarP(&o.watch, "watch", "w", o.watch, "Watch the status of the rollout until it's done.")
		c.Flags().Int64Var(&o.revision, "revision", o.revision, "Pin to a specific revision for showing its status. Defaults to 0 (last revision).")
		c.Flags().DurationVar(&o.timeout, "timeout", o.timeout, "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).")
		addSelectorFlag(c, &o.selector)
	}, r.runRolloutStatus)
	// rollout_restart.go NewCmdRolloutRestart.
	sub("restart RESOURCE", "Restart a resource", "restarted", func(c *cobra.Command, o *rolloutOptions) {
		addFilenameFlags(c, &o.filenames, &o.kustomize, &o.recursive, usage)
		cmdutil.AddFieldManagerFlagVar(c, &o.fieldManager, "kubectl-rollout")
		addSelectorFlag(c, &o.selector)
		o.printFlags.AddFlags(c)
	}, func(cmd *cobra.Command, o *rolloutOptions, args []string) error {
		return r.runRolloutPatch(cmd, o, args, "restarted", "", r.restarter)
	})
	return cmd
}

// rolloutTarget is one object a rollout subcommand visits (a builder Info).
type rolloutTarget struct {
	m   mapping
	obj runtime.Object
}

// rolloutTargets is the builder of the rollout subcommands: files, TYPE NAME…, TYPE/NAME…, or
// TYPE with a selector (ResourceTypeOrNameArgs(true, …): a TYPE alone selects all), Latest,
// ContinueOnError. Validate's "required resource not specified" comes first.
func (r *runner) rolloutTargets(o *rolloutOptions, args []string) ([]rolloutTarget, []error, error) {
	if len(args) == 0 && len(o.filenames) == 0 && o.kustomize == "" {
		return nil, nil, errors.New("required resource not specified")
	}
	if o.kustomize != "" {
		return nil, nil, notSimulated("kubectl rollout -k")
	}
	items, errs := r.collect(args, collectOptions{filenames: o.filenames, recursive: o.recursive, selector: o.selector, allowEmptySelector: true})
	var out []rolloutTarget
	for _, it := range items {
		if it.list {
			list, _ := meta.ExtractList(it.obj)
			for _, el := range list {
				out = append(out, rolloutTarget{m: it.m, obj: withKindOf(el, it.m)})
			}
			continue
		}
		out = append(out, rolloutTarget{m: it.m, obj: withKindOf(it.obj, it.m)})
	}
	return out, errs, nil
}

// resourceString is the "deployments.apps" kubectl prefixes rollout errors with.
func (m mapping) resourceString() string {
	if m.Group != "" {
		return m.Name + "." + m.Group
	}
	return m.Name
}

// runRolloutStatus is rollout_status.go Complete, Validate and Run: each object's status as
// polymorphichelpers' status viewer words it, on the initial list and on every change, until the
// rollout is done (or at once with --watch=false), on the virtual clock.
func (r *runner) runRolloutStatus(cmd *cobra.Command, o *rolloutOptions, args []string) error {
	if len(args) == 0 && len(o.filenames) == 0 && o.kustomize == "" {
		return errors.New("required resource not specified")
	}
	if o.revision < 0 {
		return fmt.Errorf("revision must be a positive integer: %v", o.revision)
	}
	targets, errs, err := r.rolloutTargets(o, args)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		// The builder visits the objects it found before returning the first error.
		return errs[0]
	}
	for _, t := range targets {
		viewer, err := polymorphichelpers.StatusViewerFor(t.m.gvk().GroupKind())
		if err != nil {
			return err
		}
		if err := r.watchRollout(o, t, viewer); err != nil {
			return err
		}
	}
	if len(targets) == 0 {
		fmt.Fprintf(r.errOut, "No resources found in %s namespace.\n", r.namespace)
	}
	return nil
}

// watchRollout is the UntilWithSync loop of rollout_status.go Run for one object.
func (r *runner) watchRollout(o *rolloutOptions, t rolloutTarget, viewer polymorphichelpers.StatusViewer) error {
	acc, _ := meta.Accessor(t.obj)
	name, namespace := acc.GetName(), acc.GetNamespace()
	var done bool
	var werr error
	status := func(obj runtime.Object) {
		u, err := printers.Unstructured(withKindOf(obj, t.m))
		if err != nil {
			werr = err
			return
		}
		msg, ok, err := viewer.Status(u, o.revision)
		if err != nil {
			werr = err
			return
		}
		fmt.Fprintf(r.out, "%s", msg)
		if ok || !o.watch {
			done = true
		}
	}
	current, err := r.env.API.Get(t.m.Name, namespace, name)
	if err != nil {
		return err
	}
	status(current)
	if done || werr != nil {
		return werr
	}
	stop := r.env.API.Watch(func(ev apiserver.WatchEvent) {
		if done || werr != nil || ev.Resource != t.m.Name {
			return
		}
		m, err := meta.Accessor(ev.Object)
		if err != nil || m.GetName() != name || m.GetNamespace() != namespace {
			return
		}
		if ev.Type == "DELETED" {
			werr = errors.New("object has been deleted")
			return
		}
		status(ev.Object)
	})
	defer stop()
	clk := r.env.Clock
	var deadline time.Time
	if o.timeout > 0 {
		deadline = clk.Now().Add(o.timeout)
	}
	// Without --timeout kubectl waits as long as it takes; a rollout that has not finished
	// after maxRolloutWait (beyond the default 600 s progress deadline) is one the user
	// interrupts, at a moment the transcript does not tell.
	limit := clk.Now().Add(maxRolloutWait)
	for !done && werr == nil {
		next, ok := clk.Next()
		if !deadline.IsZero() && (!ok || next.After(deadline)) {
			clk.AdvanceTo(deadline)
			return wait.ErrorInterrupted(nil)
		}
		if !ok || next.After(limit) {
			return notSimulated("kubectl rollout status of a rollout that does not finish")
		}
		clk.AdvanceTo(next)
	}
	return werr
}

// maxRolloutWait bounds the virtual time kubectl waits for a rollout or a container without
// a timeout of its own.
const maxRolloutWait = 15 * time.Minute

// restarter is polymorphichelpers v0.37.2 objectrestarter.go defaultObjectRestarter with the
// time of the virtual clock (kubectl formats time.Now() in the local zone: UTC here).
func (r *runner) restarter(obj runtime.Object) ([]byte, error) {
	now := r.env.Clock.Now().UTC().Format(time.RFC3339)
	set := func(t *corev1.PodTemplateSpec) {
		if t.ObjectMeta.Annotations == nil {
			t.ObjectMeta.Annotations = make(map[string]string)
		}
		t.ObjectMeta.Annotations["kubectl.kubernetes.io/restartedAt"] = now
	}
	switch obj := obj.(type) {
	case *appsv1.Deployment:
		if obj.Spec.Paused {
			return nil, errors.New("can't restart paused deployment (run rollout resume first)")
		}
		set(&obj.Spec.Template)
		return runtime.Encode(scheme.Codecs.LegacyCodec(appsv1.SchemeGroupVersion), obj)
	case *appsv1.DaemonSet:
		set(&obj.Spec.Template)
		return runtime.Encode(scheme.Codecs.LegacyCodec(appsv1.SchemeGroupVersion), obj)
	case *appsv1.StatefulSet:
		set(&obj.Spec.Template)
		return runtime.Encode(scheme.Codecs.LegacyCodec(appsv1.SchemeGroupVersion), obj)
	default:
		return nil, fmt.Errorf("restarting is not supported")
	}
}

// runRolloutPatch is RunPause, RunResume and RunRestart: set/helper.go CalculatePatches (a
// two-way strategic merge patch between the object before and after mutate), then a
// strategic merge patch of each changed object.
func (r *runner) runRolloutPatch(cmd *cobra.Command, o *rolloutOptions, args []string, operation, unchanged string, mutate func(runtime.Object) ([]byte, error)) error {
	targets, errs, err := r.rolloutTargets(o, args)
	if err != nil {
		return err
	}
	o.printFlags.NamePrintFlags.Operation = operation
	if _, err := o.printFlags.ToPrinter(); err != nil {
		return err
	}
	allErrs := errs
	type patchOf struct {
		t     rolloutTarget
		patch []byte
		err   error
	}
	var patches []patchOf
	for _, t := range targets {
		obj := t.obj.DeepCopyObject()
		before, err := runtime.Encode(scheme.DefaultJSONEncoder(), obj)
		after, merr := mutate(obj)
		p := patchOf{t: t, err: err}
		if merr != nil {
			p.err = merr
		}
		if p.err == nil && after == nil {
			continue
		}
		if p.err == nil {
			p.patch, p.err = strategicpatch.CreateTwoWayMergePatch(before, after, obj)
		}
		patches = append(patches, p)
	}
	if len(patches) == 0 && len(allErrs) == 0 {
		fmt.Fprintf(r.errOut, "No resources found in %s namespace.\n", r.namespace)
		return nil
	}
	for _, p := range patches {
		acc, _ := meta.Accessor(p.t.obj)
		if p.err != nil {
			allErrs = append(allErrs, fmt.Errorf("error: %s %q %v", p.t.m.resourceString(), acc.GetName(), p.err))
			continue
		}
		if string(p.patch) == "{}" || len(p.patch) == 0 {
			if unchanged == "" {
				allErrs = append(allErrs, fmt.Errorf("failed to create patch for %v: if restart has already been triggered within the past second, please wait before attempting to trigger another", acc.GetName()))
				continue
			}
			if err := r.printObject(o.printFlags, unchanged, dryRunNone, p.t.obj); err != nil {
				allErrs = append(allErrs, err)
			}
			continue
		}
		obj, warnings, err := r.env.API.Patch(p.t.m.Name, acc.GetNamespace(), acc.GetName(), types.StrategicMergePatchType, p.patch, apiserver.PatchOptions{FieldManager: o.fieldManager})
		r.warn(warnings)
		if err != nil {
			allErrs = append(allErrs, fmt.Errorf("failed to patch: %v", err))
			continue
		}
		if err := r.printObject(o.printFlags, operation, dryRunNone, withKindOf(obj, p.t.m)); err != nil {
			allErrs = append(allErrs, err)
		}
	}
	return utilerrors.NewAggregate(allErrs)
}

// historyClientset is a client-go fake clientset holding what polymorphichelpers' history
// viewers and rollbackers read of a Deployment: the Deployment and the ReplicaSets of its
// namespace. Writes they make are recorded, for replay on the API server.
func (r *runner) historyClientset(t rolloutTarget) (*fake.Clientset, error) {
	if t.m.Group != "apps" || t.m.Kind != "Deployment" {
		// DaemonSet and StatefulSet history lives in ControllerRevisions.
		return nil, notSimulated(fmt.Sprintf("kubectl rollout history/undo of %s", t.m.resourceString()))
	}
	acc, _ := meta.Accessor(t.obj)
	objs := []runtime.Object{t.obj.DeepCopyObject()}
	list, err := r.env.API.List("replicasets", acc.GetNamespace(), apiserver.ListOptions{})
	if err != nil {
		return nil, err
	}
	items, _ := meta.ExtractList(list)
	for _, it := range items {
		objs = append(objs, it.DeepCopyObject())
	}
	return fake.NewSimpleClientset(objs...), nil
}

// runRolloutHistory is rollout_history.go Complete, Validate and Run with kubectl's
// DeploymentHistoryViewer.
func (r *runner) runRolloutHistory(cmd *cobra.Command, o *rolloutOptions, args []string) error {
	if len(args) == 0 && len(o.filenames) == 0 && o.kustomize == "" {
		return errors.New("required resource not specified")
	}
	if o.revision < 0 {
		return fmt.Errorf("revision must be a positive integer: %v", o.revision)
	}
	targets, errs, err := r.rolloutTargets(o, args)
	if err != nil {
		return err
	}
	if o.printFlags.OutputFlagSpecified() {
		return notSimulated("kubectl rollout history -o")
	}
	for _, t := range targets {
		cs, err := r.historyClientset(t)
		if err != nil {
			return err
		}
		viewer, err := polymorphichelpers.HistoryViewerFor(t.m.gvk().GroupKind(), cs)
		if err != nil {
			return err
		}
		acc, _ := meta.Accessor(t.obj)
		info, err := viewer.ViewHistory(acc.GetNamespace(), acc.GetName(), o.revision)
		if err != nil {
			return err
		}
		withRevision := ""
		if o.revision > 0 {
			withRevision = fmt.Sprintf("with revision #%d", o.revision)
		}
		if err := r.printObject(o.printFlags, fmt.Sprintf("%s\n%s", withRevision, info), dryRunNone, t.obj); err != nil {
			return err
		}
	}
	return continueOnError(errs)
}

// warningRollbackApplyManagedResource is rollout_undo.go's warning for objects with the
// last-applied-configuration annotation (CmdBaseName "kubectl").
const warningRollbackApplyManagedResource = "Warning: resource %[1]s was previously managed with '%[3]s apply'. " +
	"Rolling back will not update the %[2]s annotation, which may cause unexpected behavior on future '%[3]s apply' operations. " +
	"Consider using '%[3]s apply' with your previous configuration file instead.\n"

// runRolloutUndo is rollout_undo.go Complete, Validate and RunUndo with kubectl's
// DeploymentRollbacker, run against a fake clientset; the patch it sends is then sent to the
// API server.
func (r *runner) runRolloutUndo(cmd *cobra.Command, o *rolloutOptions, args []string) error {
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	if len(args) == 0 && len(o.filenames) == 0 && o.kustomize == "" {
		return errors.New("required resource not specified")
	}
	targets, errs, err := r.rolloutTargets(o, args)
	if err != nil {
		return err
	}
	for _, t := range targets {
		acc, _ := meta.Accessor(t.obj)
		if _, ok := acc.GetAnnotations()[corev1.LastAppliedConfigAnnotation]; ok {
			fmt.Fprintf(r.errOut, warningRollbackApplyManagedResource, t.m.kindString()+"/"+acc.GetName(), corev1.LastAppliedConfigAnnotation, "kubectl")
		}
		cs, err := r.historyClientset(t)
		if err != nil {
			return err
		}
		rb, err := polymorphichelpers.RollbackerFor(t.m.gvk().GroupKind(), cs)
		if err != nil {
			return err
		}
		cdr := cmdutil.DryRunNone
		switch dr {
		case dryRunClient:
			cdr = cmdutil.DryRunClient
		case dryRunServer:
			cdr = cmdutil.DryRunServer
		}
		cs.ClearActions()
		result, err := rb.Rollback(t.obj, nil, o.toRevision, cdr)
		if err != nil {
			return err
		}
		for _, a := range cs.Actions() {
			pa, ok := a.(k8stesting.PatchAction)
			if !ok {
				continue
			}
			_, warnings, err := r.env.API.Patch(t.m.Name, pa.GetNamespace(), pa.GetName(), pa.GetPatchType(), pa.GetPatch(), apiserver.PatchOptions{DryRun: dr == dryRunServer})
			r.warn(warnings)
			if err != nil {
				return fmt.Errorf("failed restoring revision %d: %v", o.toRevision, err)
			}
		}
		o.printFlags.NamePrintFlags.Operation = dryRunSuffix(result, dr)
		p, err := o.printFlags.ToPrinter()
		if err != nil {
			return err
		}
		u, err := nameOnly(t.obj)
		if err != nil {
			return err
		}
		if err := p.PrintObj(u, r.out); err != nil {
			return err
		}
	}
	return continueOnError(errs)
}
