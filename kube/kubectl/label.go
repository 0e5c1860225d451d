package kubectl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scheme"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// metaOptions are the flags shared by label and annotate (k8s.io/kubectl v0.37.2
// pkg/cmd/label/label.go, pkg/cmd/annotate/annotate.go).
type metaOptions struct {
	printFlags      *genericclioptions.PrintFlags
	recordFlags     *genericclioptions.RecordFlags
	overwrite       bool
	list            bool
	local           bool
	fieldSelector   string
	all             bool
	allNamespaces   bool
	resourceVersion string
	filenames       []string
	kustomize       string
	recursive       bool
	fieldManager    string
	selector        string
}

func (r *runner) newLabel() *cobra.Command {
	o := &metaOptions{printFlags: genericclioptions.NewPrintFlags("").WithTypeSetter(scheme.Scheme), recordFlags: genericclioptions.NewRecordFlags()}
	cmd := &cobra.Command{
		Use:                   "label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
		DisableFlagsInUseLine: true,
		Short:                 "Update the labels on a resource",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runLabel(cmd, o, args, false)
		},
	}
	o.recordFlags.AddFlags(cmd)
	o.printFlags.AddFlags(cmd)
	f := cmd.Flags()
	f.BoolVar(&o.overwrite, "overwrite", o.overwrite, "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.")
	f.BoolVar(&o.list, "list", o.list, "If true, display the labels for a given resource.")
	f.BoolVar(&o.local, "local", o.local, "If true, label will NOT contact api-server but run locally.")
	f.StringVar(&o.fieldSelector, "field-selector", o.fieldSelector, "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
	f.BoolVar(&o.all, "all", o.all, "Select all resources, in the namespace of the specified resource types")
	f.BoolVarP(&o.allNamespaces, "all-namespaces", "A", o.allNamespaces, "If true, check the specified action in all namespaces.")
	f.StringVar(&o.resourceVersion, "resource-version", o.resourceVersion, "If non-empty, the labels update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.")
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to update the labels")
	cmdutil.AddDryRunFlag(cmd)
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-label")
	addSelectorFlag(cmd, &o.selector)
	return cmd
}

func (r *runner) newAnnotate() *cobra.Command {
	o := &metaOptions{printFlags: genericclioptions.NewPrintFlags("annotated").WithTypeSetter(scheme.Scheme), recordFlags: genericclioptions.NewRecordFlags()}
	cmd := &cobra.Command{
		Use:                   "annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
		DisableFlagsInUseLine: true,
		Short:                 "Update the annotations on a resource",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runLabel(cmd, o, args, true)
		},
	}
	// annotate.go AddFlags: PrintFlags, ResourceBuilderFlags, RecordFlags, then its own.
	o.printFlags.AddFlags(cmd)
	f := cmd.Flags()
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to update the annotation")
	addSelectorFlag(cmd, &o.selector)
	f.StringVar(&o.fieldSelector, "field-selector", o.fieldSelector, "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
	f.BoolVar(&o.all, "all", o.all, "Select all resources in the namespace of the specified resource types.")
	f.BoolVarP(&o.allNamespaces, "all-namespaces", "A", o.allNamespaces, "If true, check the specified action in all namespaces.")
	f.BoolVar(&o.local, "local", o.local, "If true, annotation will NOT contact api-server but run locally.")
	o.recordFlags.AddFlags(cmd)
	cmdutil.AddDryRunFlag(cmd)
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-annotate")
	f.BoolVar(&o.overwrite, "overwrite", o.overwrite, "If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.")
	f.BoolVar(&o.list, "list", o.list, "If true, display the annotations for a given resource.")
	f.StringVar(&o.resourceVersion, "resource-version", o.resourceVersion, "If non-empty, the annotation update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.")
	return cmd
}

// runLabel is label.go RunLabel / annotate.go RunAnnotate (annotate selects the second).
func (r *runner) runLabel(cmd *cobra.Command, o *metaOptions, args []string, annotate bool) error {
	pairType := "label"
	if annotate {
		pairType = "annotation"
	}
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	resources, pairArgs, err := cmdutil.GetResourcesAndPairs(args, pairType)
	if err != nil {
		return err
	}
	var newPairs map[string]string
	var remove []string
	if annotate {
		newPairs, remove, err = cmdutil.ParsePairs(pairArgs, "annotation", true)
	} else {
		newPairs, remove, err = parseLabelArgs(pairArgs)
	}
	if err != nil {
		return err
	}
	output := *o.printFlags.OutputFormat
	if o.list && len(output) > 0 {
		return errors.New("--list and --output may not be specified together")
	}
	if o.all && len(o.selector) > 0 {
		return errors.New("cannot set --all and --selector at the same time")
	}
	if o.all && len(o.fieldSelector) > 0 {
		return errors.New("cannot set --all and --field-selector at the same time")
	}
	if o.local {
		return notSimulated("kubectl " + cmd.Name() + " --local")
	}
	if len(resources) < 1 && len(o.filenames) == 0 {
		return errors.New("one or more resources must be specified as <resource> <name> or <resource>/<name>")
	}
	if len(newPairs) < 1 && len(remove) < 1 && !o.list {
		return fmt.Errorf("at least one %s update is required", pairType)
	}
	if annotate {
		var buf bytes.Buffer
		for _, k := range remove {
			if _, found := newPairs[k]; found {
				if buf.Len() > 0 {
					buf.WriteString(", ")
				}
				buf.WriteString(k)
			}
		}
		if buf.Len() > 0 {
			return fmt.Errorf("can not both modify and remove the following annotation(s) in the same command: %s", buf.String())
		}
	}
	items, errs := r.collect(resources, collectOptions{filenames: o.filenames, recursive: o.recursive, selector: o.selector,
		fieldSelector: o.fieldSelector, allNamespaces: o.allNamespaces, all: o.all})
	if len(errs) > 0 && len(items) == 0 {
		return utilerrors.NewAggregate(errs)
	}
	var objs []*unstructured.Unstructured
	var ms []mapping
	for _, it := range items {
		if it.list {
			list, _ := meta.ExtractList(it.obj)
			for _, el := range list {
				u, err := printers.Unstructured(withKindOf(el, it.m))
				if err != nil {
					return err
				}
				objs = append(objs, u)
				ms = append(ms, it.m)
			}
			continue
		}
		u, err := printers.Unstructured(withKindOf(it.obj, it.m))
		if err != nil {
			return err
		}
		objs = append(objs, u)
		ms = append(ms, it.m)
	}
	one := len(items) == 1 && !items[0].list
	if !one && len(o.resourceVersion) > 0 {
		return errors.New("--resource-version may only be used with a single resource")
	}
	for i, obj := range objs {
		if err := r.labelOne(o, ms[i], obj, newPairs, remove, annotate, dr, one); err != nil {
			errs = append(errs, err)
		}
	}
	return continueOnError(errs)
}

func (r *runner) labelOne(o *metaOptions, m mapping, obj *unstructured.Unstructured, newPairs map[string]string, remove []string, annotate bool, dr dryRun, one bool) error {
	if len(o.resourceVersion) != 0 {
		obj.SetResourceVersion("")
	}
	oldData, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	var msg string
	if annotate {
		if !o.overwrite {
			var buf bytes.Buffer
			for _, k := range sortedKeys(newPairs) {
				if cur, found := obj.GetAnnotations()[k]; found && cur != newPairs[k] && k != "kubernetes.io/change-cause" {
					if buf.Len() > 0 {
						buf.WriteString("; ")
					}
					buf.WriteString(fmt.Sprintf("'%s' already has a value (%s)", k, cur))
				}
			}
			if buf.Len() > 0 {
				return fmt.Errorf("--overwrite is false but found the following declared annotation(s): %s", buf.String())
			}
		}
		ann := obj.GetAnnotations()
		if ann == nil {
			ann = map[string]string{}
		}
		for k, v := range newPairs {
			ann[k] = v
		}
		for _, k := range remove {
			delete(ann, k)
		}
		obj.SetAnnotations(ann)
		msg = "annotated"
	} else {
		if dr != dryRunClient && !o.list {
			for _, l := range remove {
				if _, ok := obj.GetLabels()[l]; !ok {
					fmt.Fprintf(r.out, "label %q not found.\n", l)
				}
			}
		}
		if !o.overwrite {
			var errs []error
			for _, k := range sortedKeys(newPairs) {
				if cur, found := obj.GetLabels()[k]; found && cur != newPairs[k] {
					errs = append(errs, fmt.Errorf("'%s' already has a value (%s), and --overwrite is false", k, cur))
				}
			}
			if len(errs) > 0 {
				return utilerrors.NewAggregate(errs)
			}
		}
		lbl := obj.GetLabels()
		if lbl == nil {
			lbl = map[string]string{}
		}
		added, removed := 0, 0
		for k, v := range newPairs {
			if cur, ok := lbl[k]; !ok || cur != v {
				lbl[k] = v
				added++
			}
		}
		for _, k := range remove {
			if _, ok := lbl[k]; ok {
				delete(lbl, k)
				removed++
			}
		}
		obj.SetLabels(lbl)
		// label.go updateDataChangeMsg.
		switch {
		case added > 0 && removed > 0:
			msg = "modified"
		case added > 0:
			msg = "labeled"
		case removed > 0:
			msg = "unlabeled"
		default:
			msg = "not labeled"
		}
		if added == 0 && removed == 0 {
			goto print
		}
	}
	if len(o.resourceVersion) != 0 {
		obj.SetResourceVersion(o.resourceVersion)
	}
	if dr != dryRunClient && !o.list {
		newData, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		patch, err := jsonpatch.CreateMergePatch(oldData, newData)
		if err != nil {
			return err
		}
		out, warnings, err := r.env.API.Patch(m.Name, obj.GetNamespace(), obj.GetName(), types.MergePatchType, patch,
			apiserver.PatchOptions{DryRun: dr == dryRunServer, FieldManager: o.fieldManager})
		r.warn(warnings)
		if err != nil {
			return err
		}
		if annotate {
			if u, err := printers.Unstructured(withKindOf(out, m)); err == nil {
				obj = u
			}
		}
	}
print:
	if o.list {
		values := obj.GetLabels()
		what := "labels"
		if annotate {
			values = obj.GetAnnotations()
			what = "annotations"
		}
		indent := ""
		if !one {
			indent = " "
			gvk := obj.GroupVersionKind()
			fmt.Fprintf(r.out, "Listing %s for %s.%s/%s:\n", what, gvk.Kind, gvk.Group, obj.GetName())
		}
		for _, k := range sortedKeys(values) {
			fmt.Fprintf(r.out, "%s%s=%s\n", indent, k, values[k])
		}
		return nil
	}
	return r.printObject(o.printFlags, msg, dr, obj)
}

// parseLabelArgs is label.go parseLabels.
func parseLabelArgs(spec []string) (map[string]string, []string, error) {
	lbls := map[string]string{}
	var remove []string
	for _, labelSpec := range spec {
		if strings.Contains(labelSpec, "=") {
			parts := strings.Split(labelSpec, "=")
			if len(parts) != 2 {
				return nil, nil, fmt.Errorf("invalid label spec: %v", labelSpec)
			}
			if errs := validation.IsValidLabelValue(parts[1]); len(errs) != 0 {
				return nil, nil, fmt.Errorf("invalid label value: %q: %s", labelSpec, strings.Join(errs, ";"))
			}
			lbls[parts[0]] = parts[1]
		} else if strings.HasSuffix(labelSpec, "-") {
			remove = append(remove, labelSpec[:len(labelSpec)-1])
		} else {
			return nil, nil, fmt.Errorf("unknown label spec: %v", labelSpec)
		}
	}
	for _, rl := range remove {
		if _, found := lbls[rl]; found {
			return nil, nil, errors.New("can not both modify and remove a label in the same command")
		}
	}
	return lbls, remove, nil
}

// sortedKeys orders map keys (kubectl iterates Go maps, whose order is random; the simulator
// prints sorted).
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parseSelector(s string) (labels.Selector, error) { return labels.Parse(s) }

func labelSet(m map[string]string) labels.Set { return labels.Set(m) }
