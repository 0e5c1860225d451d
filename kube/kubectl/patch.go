package kubectl

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scheme"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// patchTypeNames is k8s.io/kubectl v0.37.2 pkg/cmd/patch/patch.go patchTypes.
func patchTypeNames() map[string]types.PatchType {
	return map[string]types.PatchType{"json": types.JSONPatchType, "merge": types.MergePatchType, "strategic": types.StrategicMergePatchType}
}

type patchOptions struct {
	printFlags   *genericclioptions.PrintFlags
	recordFlags  *genericclioptions.RecordFlags
	patch        string
	patchFile    string
	patchType    string
	filenames    []string
	kustomize    string
	recursive    bool
	local        bool
	fieldManager string
	subresource  string
}

func (r *runner) newPatch() *cobra.Command {
	o := &patchOptions{printFlags: genericclioptions.NewPrintFlags("patched").WithTypeSetter(scheme.Scheme), recordFlags: genericclioptions.NewRecordFlags()}
	cmd := &cobra.Command{
		Use:                   "patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]",
		DisableFlagsInUseLine: true,
		Short:                 "Update fields of a resource",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runPatch(cmd, o, args)
		},
	}
	o.recordFlags.AddFlags(cmd)
	o.printFlags.AddFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&o.patch, "patch", "p", "", "The patch to be applied to the resource JSON file.")
	f.StringVar(&o.patchFile, "patch-file", "", "A file containing a patch to be applied to the resource.")
	f.StringVar(&o.patchType, "type", "strategic", "The type of patch being provided; one of [json merge strategic]")
	cmdutil.AddDryRunFlag(cmd)
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to update")
	f.BoolVar(&o.local, "local", o.local, "If true, patch will operate on the content of the file, not the server-side resource.")
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-patch")
	f.StringVar(&o.subresource, "subresource", "", "If specified, patch will operate on the subresource of the requested object.")
	return cmd
}

// runPatch is patch.go v0.37.2 Complete, Validate and RunPatch.
func (r *runner) runPatch(cmd *cobra.Command, o *patchOptions, args []string) error {
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	if len(o.patch) > 0 && len(o.patchFile) > 0 {
		return errors.New("cannot specify --patch and --patch-file together")
	}
	if len(o.patch) == 0 && len(o.patchFile) == 0 {
		return errors.New("must specify --patch or --patch-file containing the contents of the patch")
	}
	if o.local && len(args) != 0 {
		return errors.New("cannot specify --local and server resources")
	}
	if o.local && dr == dryRunServer {
		return errors.New("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
	}
	if len(o.patchType) != 0 {
		if _, ok := patchTypeNames()[strings.ToLower(o.patchType)]; !ok {
			return fmt.Errorf("--type must be one of %v, not %q", []string{"json", "merge", "strategic"}, o.patchType)
		}
	}
	if o.local {
		return notSimulated("kubectl patch --local")
	}
	patcher, canPatchSubresource := r.subresourcePatcher()
	if o.subresource != "" && !canPatchSubresource {
		return notSimulated("kubectl patch --subresource " + o.subresource)
	}
	pt := types.StrategicMergePatchType
	if len(o.patchType) != 0 {
		pt = patchTypeNames()[strings.ToLower(o.patchType)]
	}
	patchBytes := []byte(o.patch)
	if len(o.patchFile) > 0 {
		patchBytes, err = r.readFile(o.patchFile)
		if err != nil {
			return fmt.Errorf("unable to read patch file: %v", err)
		}
	}
	patchBytes, err = yaml.ToJSON(patchBytes)
	if err != nil {
		return fmt.Errorf("unable to parse %q: %v", o.patch, err)
	}
	items, errs := r.collect(args, collectOptions{filenames: o.filenames, recursive: o.recursive})
	if len(items) == 0 && len(errs) > 0 {
		return utilerrors.NewAggregate(errs)
	}
	count := 0
	for _, it := range items {
		count++
		acc, _ := meta.Accessor(it.obj)
		before, err := printers.Unstructured(withKindOf(it.obj, it.m))
		if err != nil {
			return err
		}
		if dr == dryRunClient {
			return notSimulated("kubectl patch --dry-run=client")
		}
		popts := apiserver.PatchOptions{DryRun: dr == dryRunServer, FieldManager: o.fieldManager}
		var patched runtime.Object
		var warnings []string
		if o.subresource != "" {
			patched, warnings, err = patcher.PatchSubresource(it.m.Name, o.subresource, acc.GetNamespace(), acc.GetName(), pt, patchBytes, popts)
		} else {
			patched, warnings, err = r.env.API.Patch(it.m.Name, acc.GetNamespace(), acc.GetName(), pt, patchBytes, popts)
		}
		r.warn(warnings)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		after, err := printers.Unstructured(withKindOf(patched, it.m))
		if err != nil {
			return err
		}
		op := "patched"
		if reflect.DeepEqual(before.Object, after.Object) {
			op = "patched (no change)"
		}
		if err := r.printObject(o.printFlags, op, dr, after); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return continueOnError(errs)
	}
	if count == 0 {
		return errors.New("no objects passed to patch")
	}
	return nil
}
