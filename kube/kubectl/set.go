package kubectl

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scheme"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// newSet is `kubectl set` with its image subcommand (k8s.io/kubectl v0.37.2 pkg/cmd/set);
// the other subcommands are not simulated.
func (r *runner) newSet() *cobra.Command {
	cmd := &cobra.Command{
		Use:                   "set SUBCOMMAND",
		DisableFlagsInUseLine: true,
		Short:                 "Set specific features on objects",
		Run: func(cmd *cobra.Command, args []string) {
			_ = cmd.Help()
		},
	}
	cmd.AddCommand(r.newSetImage())
	for _, sub := range []string{"env", "resources", "selector", "serviceaccount", "subject"} {
		name := sub
		cmd.AddCommand(&cobra.Command{Use: name, DisableFlagParsing: true, Run: func(*cobra.Command, []string) {
			r.err = notSimulated("kubectl set " + name)
		}})
	}
	return cmd
}

type setImageOptions struct {
	printFlags   *genericclioptions.PrintFlags
	recordFlags  *genericclioptions.RecordFlags
	filenames    []string
	kustomize    string
	recursive    bool
	all          bool
	local        bool
	fieldManager string
	selector     string
}

func (r *runner) newSetImage() *cobra.Command {
	o := &setImageOptions{printFlags: genericclioptions.NewPrintFlags("image updated").WithTypeSetter(scheme.Scheme), recordFlags: genericclioptions.NewRecordFlags()}
	cmd := &cobra.Command{
		Use:                   "image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N",
		DisableFlagsInUseLine: true,
		Short:                 "Update the image of a pod template",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runSetImage(cmd, o, args)
		},
	}
	// set_image.go v0.37.2 NewCmdImage.
	o.printFlags.AddFlags(cmd)
	o.recordFlags.AddFlags(cmd)
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to get from a server.")
	cmd.Flags().BoolVar(&o.all, "all", o.all, "Select all resources, in the namespace of the specified resource types")
	cmd.Flags().BoolVar(&o.local, "local", o.local, "If true, set image will NOT contact api-server but run locally.")
	cmdutil.AddDryRunFlag(cmd)
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-set")
	addSelectorFlag(cmd, &o.selector)
	return cmd
}

// runSetImage is set_image.go Complete, Validate and Run.
func (r *runner) runSetImage(cmd *cobra.Command, o *setImageOptions, args []string) error {
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	if _, err := o.printFlags.ToPrinter(); err != nil {
		return err
	}
	resources, imageArgs, err := cmdutil.GetResourcesAndPairs(args, "image")
	if err != nil {
		return err
	}
	images, _, err := cmdutil.ParsePairs(imageArgs, "image", false)
	if err != nil {
		return err
	}
	if o.local {
		if len(resources) > 0 {
			return errors.New("error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'")
		}
		return notSimulated("kubectl set image --local")
	}
	items, ierrs := r.collect(resources, collectOptions{filenames: o.filenames, recursive: o.recursive, selector: o.selector, all: o.all})
	if len(ierrs) > 0 {
		return utilerrors.NewAggregate(ierrs)
	}
	// Validate.
	var verrs []error
	if o.all && len(o.selector) > 0 {
		verrs = append(verrs, errors.New("cannot set --all and --selector at the same time"))
	}
	if len(resources) < 1 && len(o.filenames) == 0 {
		verrs = append(verrs, errors.New("one or more resources must be specified as <resource> <name> or <resource>/<name>"))
	}
	if len(images) < 1 {
		verrs = append(verrs, errors.New("at least one image update is required"))
	} else if _, ok := images["*"]; ok && len(images) > 1 {
		verrs = append(verrs, errors.New("all containers are already specified by *, but saw more than one container_name=container_image pairs"))
	}
	if len(verrs) > 0 {
		return utilerrors.NewAggregate(verrs)
	}

	var allErrs []error
	for _, it := range items {
		objs := []runtime.Object{it.obj}
		if it.list {
			objs, _ = meta.ExtractList(it.obj)
		}
		for _, obj := range objs {
			acc, _ := meta.Accessor(obj)
			original, err := json.Marshal(obj)
			if err != nil {
				return err
			}
			modifiedObj := obj.DeepCopyObject()
			spec := podSpecOf(modifiedObj)
			if spec == nil {
				// polymorphichelpers.UpdatePodSpecForObjectFn
				allErrs = append(allErrs, fmt.Errorf("error: %s/%s %v\n", it.m.Name, acc.GetName(), fmt.Errorf("the object is not a pod or does not have a pod template: %T", obj)))
				continue
			}
			for _, name := range sortedKeys(images) {
				image := images[name]
				initFound := setImage(spec.InitContainers, name, image)
				found := setImage(spec.Containers, name, image)
				if !found && !initFound {
					allErrs = append(allErrs, fmt.Errorf("error: unable to find container named %q", name))
				}
			}
			modified, err := json.Marshal(modifiedObj)
			if err != nil {
				return err
			}
			// set/helper.go CalculatePatches: a two-way strategic merge patch.
			patch, err := strategicpatch.CreateTwoWayMergePatch(original, modified, obj)
			if err != nil {
				allErrs = append(allErrs, fmt.Errorf("error: %s/%s %v\n", it.m.Name, acc.GetName(), err))
				continue
			}
			if string(patch) == "{}" || len(patch) == 0 {
				continue
			}
			if dr == dryRunClient {
				if err := r.printObject(o.printFlags, "image updated", dr, withKindOf(modifiedObj, it.m)); err != nil {
					allErrs = append(allErrs, err)
				}
				continue
			}
			actual, warnings, err := r.env.API.Patch(it.m.Name, acc.GetNamespace(), acc.GetName(), types.StrategicMergePatchType, patch,
				apiserver.PatchOptions{DryRun: dr == dryRunServer, FieldManager: o.fieldManager})
			r.warn(warnings)
			if err != nil {
				allErrs = append(allErrs, fmt.Errorf("failed to patch image update to pod template: %v", err))
				continue
			}
			if err := r.printObject(o.printFlags, "image updated", dr, withKindOf(actual, it.m)); err != nil {
				allErrs = append(allErrs, err)
			}
		}
	}
	return utilerrors.NewAggregate(allErrs)
}

// setImage is set_image.go setImage.
func setImage(containers []corev1.Container, containerName string, image string) bool {
	found := false
	for i, c := range containers {
		if c.Name == containerName || containerName == "*" {
			found = true
			containers[i].Image = image
		}
	}
	return found
}

// podSpecOf is polymorphichelpers.UpdatePodSpecForObjectFn for the kinds the simulator serves.
func podSpecOf(obj runtime.Object) *corev1.PodSpec {
	switch o := obj.(type) {
	case *corev1.Pod:
		return &o.Spec
	case *appsv1.Deployment:
		return &o.Spec.Template.Spec
	case *appsv1.ReplicaSet:
		return &o.Spec.Template.Spec
	case *appsv1.StatefulSet:
		return &o.Spec.Template.Spec
	case *appsv1.DaemonSet:
		return &o.Spec.Template.Spec
	}
	return nil
}
