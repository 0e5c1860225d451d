package kubectl

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmddelete "k8s.io/kubectl/pkg/cmd/delete"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scheme"
	kubectlutil "k8s.io/kubectl/pkg/util"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// Warnings of k8s.io/kubectl v0.37.2 pkg/cmd/apply/apply.go.
const (
	warningNoLastAppliedConfigAnnotation = "Warning: resource %[1]s is missing the %[2]s annotation which is required by %[3]s apply. %[3]s apply should only be used on resources created declaratively by either %[3]s create --save-config or %[3]s apply. The missing annotation will be patched automatically.\n"
	warningChangesOnDeletingResource     = "Warning: Detected changes to resource %[1]s which is currently being deleted.\n"
)

// addPruningFlags is cmdutil.AddPruningFlags with ApplySet disabled (its default: the
// KUBECTL_APPLYSET environment variable is unset).
func addPruningFlags(cmd *cobra.Command, prune *bool, allowlist *[]string, all *bool) {
	cmd.Flags().StringArrayVar(allowlist, "prune-allowlist", *allowlist, "Overwrite the default allowlist with <group/version/kind> for --prune")
	cmd.Flags().BoolVar(all, "all", *all, "Select all resources in the namespace of the specified resource types.")
	cmd.Flags().BoolVar(prune, "prune", *prune, "Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.")
}

type applyOptions struct {
	deleteFlags  *cmddelete.DeleteFlags
	recordFlags  *genericclioptions.RecordFlags
	printFlags   *genericclioptions.PrintFlags
	fieldManager string
	selector     string
	prune        bool
	allowlist    []string
	all          bool
	overwrite    bool
	openAPIPatch bool
	subresource  string
}

func (r *runner) newApply() *cobra.Command {
	o := &applyOptions{
		recordFlags:  genericclioptions.NewRecordFlags(),
		deleteFlags:  cmddelete.NewDeleteFlags("The files, directories or URLs that contain the configurations to apply."),
		printFlags:   genericclioptions.NewPrintFlags("created").WithTypeSetter(scheme.Scheme),
		overwrite:    true,
		openAPIPatch: true,
	}
	cmd := &cobra.Command{
		Use:                   "apply (-f FILENAME | -k DIRECTORY)",
		DisableFlagsInUseLine: true,
		Short:                 "Apply a configuration to a resource by file name or stdin",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runApply(cmd, o, args)
		},
	}
	addDeleteFlags(cmd, o.deleteFlags)
	o.recordFlags.AddFlags(cmd)
	o.printFlags.AddFlags(cmd)
	cmdutil.AddValidateFlags(cmd)
	cmdutil.AddDryRunFlag(cmd)
	cmdutil.AddServerSideApplyFlags(cmd)
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-client-side-apply")
	cmdutil.AddLabelSelectorFlagVar(cmd, &o.selector)
	addPruningFlags(cmd, &o.prune, &o.allowlist, &o.all)
	cmd.Flags().BoolVar(&o.overwrite, "overwrite", o.overwrite, "Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration")
	cmd.Flags().BoolVar(&o.openAPIPatch, "openapi-patch", o.openAPIPatch, "If true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types.")
	cmd.Flags().StringVar(&o.subresource, "subresource", "", "If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side.")
	for _, sub := range []string{"view-last-applied", "set-last-applied", "edit-last-applied"} {
		name := sub
		cmd.AddCommand(&cobra.Command{Use: name, DisableFlagParsing: true, Run: func(*cobra.Command, []string) {
			r.err = notSimulated("kubectl apply " + name)
		}})
	}
	return cmd
}

// printObject prints obj with a PrintFlags printer for operation (the name printer's
// "pod/web created" unless -o asks for something else).
func (r *runner) printObject(pf *genericclioptions.PrintFlags, operation string, d dryRun, obj runtime.Object) error {
	pf.NamePrintFlags.Operation = dryRunSuffix(operation, d)
	p, err := pf.ToPrinter()
	if err != nil {
		return err
	}
	var u *unstructured.Unstructured
	if f := pf.OutputFormat; f == nil || *f == "" || *f == "name" {
		// The name printer reads apiVersion, kind and name only.
		u, err = nameOnly(obj)
	} else {
		u, err = printers.Unstructured(obj)
	}
	if err != nil {
		return err
	}
	return p.PrintObj(u, r.out)
}

// nameOnly is the part of an object the name printer reads.
func nameOnly(obj runtime.Object) (*unstructured.Unstructured, error) {
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Empty() {
		var ok bool
		if gvk, ok = printers.KindOf(obj); !ok {
			return printers.Unstructured(obj)
		}
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{Object: map[string]interface{}{}}
	u.SetGroupVersionKind(gvk)
	u.SetName(m.GetName())
	u.SetNamespace(m.GetNamespace())
	return u, nil
}

func (r *runner) runApply(cmd *cobra.Command, o *applyOptions, args []string) error {
	// ApplyFlags.ToOptions (apply.go v0.37.2).
	if len(args) != 0 {
		return usageErrorf(cmd.CommandPath(), "Unexpected args: %v", args)
	}
	serverSide := flagBool(cmd, "server-side")
	forceConflicts := flagBool(cmd, "force-conflicts")
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	filenames := *o.deleteFlags.FileNameFlags.Filenames
	kustomize := *o.deleteFlags.FileNameFlags.Kustomize
	recursive := *o.deleteFlags.FileNameFlags.Recursive
	// genericclioptions FileNameFlags.ToOptions + FilenameOptions.RequireFilenameOrKustomize.
	if len(filenames) == 0 && kustomize == "" {
		return errors.New("must specify one of -f and -k")
	}
	if len(filenames) > 0 && kustomize != "" {
		return errors.New("only one of -f or -k can be specified")
	}
	if kustomize != "" && recursive {
		return errors.New("the -k flag can't be used with -f or -R")
	}
	directive, err := validationDirective(cmd)
	if err != nil {
		return err
	}
	force := *o.deleteFlags.Force
	// Validate.
	switch {
	case forceConflicts && !serverSide:
		return errors.New("--force-conflicts only works with --server-side")
	case dr == dryRunClient && serverSide:
		return errors.New("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
	case serverSide && force:
		return errors.New("--force cannot be used with --server-side")
	case dr == dryRunServer && force:
		return errors.New("--dry-run=server cannot be used with --force")
	case o.all && len(o.selector) > 0:
		return errors.New("cannot set --all and --selector at the same time")
	}
	if o.prune {
		return notSimulated("kubectl apply --prune")
	}
	if len(o.subresource) > 0 && !serverSide {
		return errors.New("--subresource can only be specified for --server-side")
	}
	if kustomize != "" {
		return notSimulated("kubectl apply -k")
	}
	if serverSide {
		return notSimulated("kubectl apply --server-side")
	}

	// Run: GetObjects with ContinueOnError, then apply each.
	var infos []*fileInfo
	var errs []error
	ferrs := r.visitFiles(filenames, recursive, directive != "Ignore", func(info *fileInfo, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		infos = append(infos, info)
		return nil
	})
	errs = append(errs, ferrs...)
	if o.selector != "" {
		sel, err := parseSelector(o.selector)
		if err != nil {
			return err
		}
		kept := infos[:0]
		for _, in := range infos {
			if sel.Matches(labelSet(in.obj.GetLabels())) {
				kept = append(kept, in)
			}
		}
		infos = kept
	}
	if len(errs) > 0 {
		errs = []error{utilerrors.NewAggregate(errs)}
	}
	if len(infos) == 0 && len(errs) == 0 {
		return errors.New("no objects passed to apply")
	}
	for _, info := range infos {
		if err := r.applyOne(o, info, dr, directive, force); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	if len(errs) > 1 {
		return utilerrors.NewAggregate(errs)
	}
	return nil
}

// infoString is cli-runtime v0.37.2 resource.Info.String.
func infoString(info *fileInfo) string {
	gvr := info.m.GroupVersionResource()
	return fmt.Sprintf("Resource: %q, GroupVersionKind: %q\nName: %q, Namespace: %q", gvr.String(), info.m.gvk().String(), info.name, info.namespace)
}

// applyOne is applyOneObject of k8s.io/kubectl v0.37.2 pkg/cmd/apply/apply.go for client-side
// apply, with the three-way strategic merge of patcher.go patchSimple (baked-in types).
func (r *runner) applyOne(o *applyOptions, info *fileInfo, dr dryRun, directive string, force bool) error {
	codec := unstructured.UnstructuredJSONScheme
	modified, bare, err := modifiedConfiguration(info.obj)
	if err != nil {
		return addSourceToErr(fmt.Sprintf("retrieving modified configuration from:\n%s\nfor:", infoString(info)), info.source, err)
	}
	wopts := apiserver.CreateOptions{DryRun: dr == dryRunServer, FieldValidation: directive, FieldManager: o.fieldManager}

	live, err := r.env.API.Get(info.m.Name, info.namespace, info.name)
	if err != nil {
		if !apierrors.IsNotFound(err) {
			return addSourceToErr(fmt.Sprintf("retrieving current configuration of:\n%s\nfrom server for:", infoString(info)), info.source, err)
		}
		// Create the resource if it doesn't exist. kubectlutil.CreateApplyAnnotation stores
		// GetModifiedConfiguration(obj, false), which is bare; the object then is the one
		// modified encodes, so unless pruning nulls changes it, modified is the body.
		annots := info.obj.GetAnnotations()
		if annots == nil {
			annots = map[string]string{}
		}
		if len(bare) > 0 {
			annots[corev1.LastAppliedConfigAnnotation] = string(bare)
			info.obj.SetAnnotations(annots)
		}
		pruned := pruneNulls(info.obj.Object)
		result := runtime.Object(info.obj)
		if dr != dryRunClient {
			body := modified
			if pruned {
				body, err = runtime.Encode(codec, info.obj)
				if err != nil {
					return addSourceToErr("creating", info.source, err)
				}
			}
			obj, warnings, err := r.env.API.Create(info.m.Name, info.namespace, body, wopts)
			r.warn(warnings)
			if err != nil {
				return addSourceToErr("creating", info.source, err)
			}
			result = withKindOf(obj, info.m)
		}
		return r.printObject(o.printFlags, "created", dr, result)
	}

	liveU, err := printers.Unstructured(withKindOf(live, info.m))
	if err != nil {
		return err
	}
	if _, ok := liveU.GetAnnotations()[corev1.LastAppliedConfigAnnotation]; !ok {
		fmt.Fprintf(r.errOut, warningNoLastAppliedConfigAnnotation, info.m.Name+"/"+info.name, corev1.LastAppliedConfigAnnotation, "kubectl")
	}
	patch, patched, err := r.applyPatch(info, liveU, modified, o.overwrite, dr, wopts)
	if err != nil && (apierrors.IsConflict(err) || apierrors.IsInvalid(err)) && force {
		patched, err = r.deleteAndCreate(info, modified, wopts)
		patch = modified
	} else if err != nil {
		err = addSourceToErr("patching", info.source, err)
	}
	if err != nil {
		return addSourceToErr(fmt.Sprintf("applying patch:\n%s\nto:\n%v\nfor:", patch, infoString(info)), info.source, err)
	}
	warnIfDeleting(r, patched)
	if string(patch) == "{}" {
		return r.printObject(o.printFlags, "unchanged", dr, patched)
	}
	return r.printObject(o.printFlags, "configured", dr, patched)
}

// applyPatch is patcher.go patchSimple: the three-way strategic merge patch of the last
// applied configuration, the modified configuration and the live object, computed with the
// baked-in Go types (what kubectl falls back to, and what the OpenAPI path yields for core
// kinds), then sent as a strategic merge patch.
func (r *runner) applyPatch(info *fileInfo, live *unstructured.Unstructured, modified []byte, overwrite bool, dr dryRun, wopts apiserver.CreateOptions) ([]byte, runtime.Object, error) {
	current, err := runtime.Encode(unstructured.UnstructuredJSONScheme, live)
	if err != nil {
		return nil, nil, fmt.Errorf("serializing current configuration from:\n%v\nfor: %w", live, err)
	}
	original, err := kubectlutil.GetOriginalConfiguration(live)
	if err != nil {
		return nil, nil, fmt.Errorf("retrieving original configuration from:\n%v\nfor: %w", live, err)
	}
	versioned, err := scheme.Scheme.New(info.m.gvk())
	if err != nil {
		return nil, nil, fmt.Errorf("getting instance of versioned object for %v: %w", info.m.gvk(), err)
	}
	meta, err := strategicpatch.NewPatchMetaFromStruct(versioned)
	if err != nil {
		return nil, nil, err
	}
	patch, err := strategicpatch.CreateThreeWayMergePatch(original, modified, current, meta, overwrite)
	if err != nil {
		return nil, nil, fmt.Errorf("creating patch with:\noriginal:\n%s\nmodified:\n%s\ncurrent:\n%s\nfor: %w", original, modified, current, err)
	}
	if string(patch) == "{}" {
		return patch, live, nil
	}
	if dr == dryRunClient {
		patchedBytes, err := strategicpatch.StrategicMergePatch(current, patch, versioned)
		if err != nil {
			return nil, nil, fmt.Errorf("applying patch locally: %w", err)
		}
		obj, _, err := unstructured.UnstructuredJSONScheme.Decode(patchedBytes, nil, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("decoding locally patched object: %w", err)
		}
		return patch, obj, nil
	}
	obj, warnings, err := r.env.API.Patch(info.m.Name, info.namespace, info.name, types.StrategicMergePatchType, patch, wopts)
	r.warn(warnings)
	if err != nil {
		return patch, nil, err
	}
	return patch, withKindOf(obj, info.m), nil
}

// deleteAndCreate is patcher.go deleteAndCreate (apply --force on Conflict/Invalid).
func (r *runner) deleteAndCreate(info *fileInfo, modified []byte, wopts apiserver.CreateOptions) (runtime.Object, error) {
	if _, err := r.env.API.Delete(info.m.Name, info.namespace, info.name, apiserver.DeleteOptions{}); err != nil {
		return nil, err
	}
	r.waitGone(info.m, info.namespace, info.name, time.Minute)
	obj, warnings, err := r.env.API.Create(info.m.Name, info.namespace, modified, wopts)
	r.warn(warnings)
	if err != nil {
		return nil, err
	}
	return withKindOf(obj, info.m), nil
}

// warnIfDeleting is apply.go WarnIfDeleting.
func warnIfDeleting(r *runner, obj runtime.Object) {
	m, err := meta.Accessor(obj)
	if err == nil && m.GetDeletionTimestamp() != nil {
		fmt.Fprintf(r.errOut, warningChangesOnDeletingResource, m.GetName())
	}
}

// pruneNulls is apply.go pruneNullsFromMap.
func pruneNulls(v interface{}) (pruned bool) {
	switch v := v.(type) {
	case map[string]interface{}:
		for k, x := range v {
			if x == nil {
				delete(v, k)
				pruned = true
			} else if pruneNulls(x) {
				pruned = true
			}
		}
	case []interface{}:
		for _, x := range v {
			if pruneNulls(x) {
				pruned = true
			}
		}
	}
	return pruned
}

// modifiedConfiguration is k8s.io/kubectl v0.37.2 pkg/util/apply.go
// GetModifiedConfiguration(obj, true, UnstructuredJSONScheme), step for step (the annotation
// map is left as kubectl leaves it), also returning its first encoding: the object without
// the last-applied annotation.
func modifiedConfiguration(obj *unstructured.Unstructured) (modified, bare []byte, err error) {
	codec := unstructured.UnstructuredJSONScheme
	annots := obj.GetAnnotations()
	if annots == nil {
		annots = map[string]string{}
	}
	original := annots[corev1.LastAppliedConfigAnnotation]
	delete(annots, corev1.LastAppliedConfigAnnotation)
	obj.SetAnnotations(annots)
	bare, err = runtime.Encode(codec, obj)
	if err != nil {
		return nil, nil, err
	}
	annots[corev1.LastAppliedConfigAnnotation] = string(bare)
	obj.SetAnnotations(annots)
	modified, err = runtime.Encode(codec, obj)
	if err != nil {
		return nil, nil, err
	}
	// Restore the object to its original condition.
	annots[corev1.LastAppliedConfigAnnotation] = original
	obj.SetAnnotations(annots)
	return modified, bare, nil
}
