package kubectl

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmddelete "k8s.io/kubectl/pkg/cmd/delete"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scheme"
	kubectlutil "k8s.io/kubectl/pkg/util"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

type replaceOptions struct {
	printFlags   *genericclioptions.PrintFlags
	deleteFlags  *cmddelete.DeleteFlags
	recordFlags  *genericclioptions.RecordFlags
	raw          string
	fieldManager string
	subresource  string
}

func (r *runner) newReplace() *cobra.Command {
	o := &replaceOptions{
		printFlags:  genericclioptions.NewPrintFlags("replaced").WithTypeSetter(scheme.Scheme),
		deleteFlags: cmddelete.NewDeleteFlags("The files that contain the configurations to replace."),
		recordFlags: genericclioptions.NewRecordFlags(),
	}
	cmd := &cobra.Command{
		Use:                   "replace -f FILENAME",
		DisableFlagsInUseLine: true,
		Short:                 "Replace a resource by file name or stdin",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runReplace(cmd, o, args)
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/replace/replace.go NewCmdReplace.
	o.printFlags.AddFlags(cmd)
	addDeleteFlags(cmd, o.deleteFlags)
	o.recordFlags.AddFlags(cmd)
	cmdutil.AddValidateFlags(cmd)
	cmdutil.AddApplyAnnotationFlags(cmd)
	cmdutil.AddDryRunFlag(cmd)
	cmd.Flags().StringVar(&o.raw, "raw", o.raw, "Raw URI to PUT to the server.  Uses the transport specified by the kubeconfig file.")
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-replace")
	cmd.Flags().StringVar(&o.subresource, "subresource", "", "If specified, replace will operate on the subresource of the requested object.")
	return cmd
}

// runReplace is replace.go v0.37.2 Complete, Validate and Run (Helper.Replace with
// overwrite: the live resourceVersion is used when the file has none).
func (r *runner) runReplace(cmd *cobra.Command, o *replaceOptions, args []string) error {
	if len(args) != 0 {
		return usageErrorf(cmd.CommandPath(), "Unexpected args: %v", args)
	}
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	directive, err := validationDirective(cmd)
	if err != nil {
		return err
	}
	filenames := *o.deleteFlags.FileNameFlags.Filenames
	if len(filenames) == 0 && *o.deleteFlags.FileNameFlags.Kustomize == "" {
		return errors.New("must specify one of -f and -k")
	}
	if *o.deleteFlags.Force || len(o.raw) > 0 || o.subresource != "" || *o.deleteFlags.FileNameFlags.Kustomize != "" {
		return notSimulated("kubectl replace --force/--raw/--subresource/-k")
	}
	saveConfig := flagBool(cmd, cmdutil.ApplyAnnotationsFlag)
	var errs []error
	ferrs := r.visitFiles(filenames, *o.deleteFlags.FileNameFlags.Recursive, directive != "Ignore", func(info *fileInfo, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if err := kubectlutil.CreateOrUpdateAnnotation(saveConfig, info.obj, scheme.DefaultJSONEncoder()); err != nil {
			errs = append(errs, addSourceToErr("replacing", info.source, err))
			return nil
		}
		if dr == dryRunClient {
			return r.printObject(o.printFlags, "replaced", dr, info.obj)
		}
		if info.obj.GetResourceVersion() == "" {
			if live, err := r.env.API.Get(info.m.Name, info.namespace, info.name); err == nil {
				if u, err := toUnstructured(live, info.m); err == nil {
					info.obj.SetResourceVersion(u.GetResourceVersion())
				}
			}
		}
		body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, info.obj)
		if err != nil {
			return err
		}
		obj, warnings, err := r.env.API.Update(info.m.Name, info.namespace, info.name, body, apiserver.UpdateOptions{DryRun: dr == dryRunServer, FieldValidation: directive, FieldManager: o.fieldManager})
		r.warn(warnings)
		if err != nil {
			errs = append(errs, addSourceToErr("replacing", info.source, err))
			return nil
		}
		return r.printObject(o.printFlags, "replaced", dr, withKindOf(obj, info.m))
	})
	errs = append(errs, ferrs...)
	return utilerrors.NewAggregate(errs)
}

func toUnstructured(obj runtime.Object, m mapping) (*unstructured.Unstructured, error) {
	u, err := printers.Unstructured(withKindOf(obj, m))
	if err != nil {
		return nil, fmt.Errorf("converting %s: %w", m.Name, err)
	}
	return u, nil
}
