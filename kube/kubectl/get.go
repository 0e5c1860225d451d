package kubectl

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/watch"
	cliprinters "k8s.io/cli-runtime/pkg/printers"
	"k8s.io/kubectl/pkg/cmd/get"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// k8s.io/kubectl v0.37.2 pkg/cmd/util/helpers.go SuggestAPIResources with parent "kubectl".
const suggestAPIResources = `Use "kubectl api-resources" for a complete list of supported resources.`

// getOptions are the flags of `kubectl get` (k8s.io/kubectl v0.37.2 pkg/cmd/get/get.go).
type getOptions struct {
	printFlags     *get.PrintFlags
	raw            string
	watch          bool
	watchOnly      bool
	outputEvents   bool
	ignoreNotFound bool
	fieldSelector  string
	allNamespaces  bool
	serverPrint    bool
	filenames      []string
	kustomize      string
	recursive      bool
	chunkSize      int64
	selector       string
	subresource    string
}

func (r *runner) newGet() *cobra.Command {
	o := &getOptions{printFlags: get.NewGetPrintFlags(), serverPrint: true, chunkSize: 500}
	cmd := &cobra.Command{
		Use:                   "get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
		DisableFlagsInUseLine: true,
		Short:                 "Display one or many resources",
		SuggestFor:            []string{"list", "ls"},
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runGet(cmd, o, args)
		},
	}
	// get_flags.go PrintFlags.AddFlags, with -L declared by stringSliceVarP (same semantics).
	columnLabels := o.printFlags.HumanReadableFlags.ColumnLabels
	o.printFlags.HumanReadableFlags.ColumnLabels = nil
	o.printFlags.AddFlags(cmd)
	o.printFlags.HumanReadableFlags.ColumnLabels = columnLabels
	f := cmd.Flags()
	stringSliceVarP(f, columnLabels, "label-columns", "L", "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...")
	f.StringVar(&o.raw, "raw", o.raw, "Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.")
	f.BoolVarP(&o.watch, "watch", "w", o.watch, "After listing/getting the requested object, watch for changes.")
	f.BoolVar(&o.watchOnly, "watch-only", o.watchOnly, "Watch for changes to the requested object(s), without listing/getting first.")
	f.BoolVar(&o.outputEvents, "output-watch-events", o.outputEvents, "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.")
	f.BoolVar(&o.ignoreNotFound, "ignore-not-found", o.ignoreNotFound, "If set to true, suppresses NotFound error for specific objects that do not exist. Using this flag with commands that query for collections of resources has no effect when no resources are found.")
	f.StringVar(&o.fieldSelector, "field-selector", o.fieldSelector, "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
	f.BoolVarP(&o.allNamespaces, "all-namespaces", "A", o.allNamespaces, "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.")
	f.BoolVar(&o.serverPrint, "server-print", o.serverPrint, "If true, have the server return the appropriate table output. Supports extension APIs and CRDs.")
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to get from a server.")
	cmdutil.AddChunkSizeFlag(cmd, &o.chunkSize)
	addSelectorFlag(cmd, &o.selector)
	f.StringVar(&o.subresource, "subresource", o.subresource, "If specified, gets the subresource of the requested object.")
	return cmd
}

// getItem is one thing kubectl get prints: the result of one request (a named object or a
// list) with its mapping.
type getItem struct {
	m    mapping
	obj  runtime.Object // typed object or list from the server
	list bool
}

func (r *runner) runGet(cmd *cobra.Command, o *getOptions, args []string) error {
	// Complete (get.go v0.37.2).
	if len(o.raw) > 0 {
		if len(args) > 0 {
			return errors.New("arguments may not be passed when --raw is specified")
		}
		return notSimulated("kubectl get --raw")
	}
	if o.allNamespaces {
		r.explicitNS = false
	}
	outputFormat := *o.printFlags.OutputFormat
	templateArg := ""
	if o.printFlags.TemplateFlags != nil && o.printFlags.TemplateFlags.TemplateArgument != nil {
		templateArg = *o.printFlags.TemplateFlags.TemplateArgument
	}
	humanReadable := (outputFormat == "" && templateArg == "") || outputFormat == "wide"
	sortBy := *o.printFlags.HumanReadableFlags.SortBy
	switch {
	case o.watch:
		if len(sortBy) > 0 {
			fmt.Fprintf(r.errOut, "warning: --watch requested, --sort-by will be ignored for watch events received\n")
		}
	case o.watchOnly:
		if len(sortBy) > 0 {
			fmt.Fprintf(r.errOut, "warning: --watch-only requested, --sort-by will be ignored\n")
		}
	default:
		if len(args) == 0 && len(o.filenames) == 0 && o.kustomize == "" {
			fmt.Fprintf(r.errOut, "You must specify the type of resource to get. %s\n\n", suggestAPIResources)
			return usageErrorf(cmd.CommandPath(), "%s", "Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).")
		}
	}
	// Validate.
	if *o.printFlags.HumanReadableFlags.ShowLabels && outputFormat != "" && outputFormat != "wide" {
		return fmt.Errorf("--show-labels option cannot be used with %s printer", outputFormat)
	}
	if len(*o.printFlags.HumanReadableFlags.ColumnLabels) > 0 && strings.HasPrefix(outputFormat, "custom-columns") {
		return fmt.Errorf("--label-columns option cannot be used with %s printer", outputFormat)
	}
	if o.outputEvents && !(o.watch || o.watchOnly) {
		return errors.New("--output-watch-events option can only be used with --watch or --watch-only")
	}
	if o.kustomize != "" {
		return notSimulated("kubectl get -k")
	}
	if o.subresource != "" {
		return notSimulated("kubectl get --subresource")
	}

	items, errs := r.collect(args, collectOptions{
		filenames: o.filenames, recursive: o.recursive, selector: o.selector, fieldSelector: o.fieldSelector,
		allNamespaces: o.allNamespaces, allowEmptySelector: true, singleType: o.watch || o.watchOnly,
	})
	if o.ignoreNotFound {
		errs = filterErrors(errs, apierrors.IsNotFound)
	}
	if o.watch || o.watchOnly {
		if len(errs) > 0 {
			return utilerrors.NewAggregate(errs)
		}
		return r.watchGet(o, items, humanReadable)
	}
	if !humanReadable {
		return r.printGeneric(o, items, errs)
	}

	now := r.env.Clock.Now()
	printWithKind := multipleKinds(items)
	tracking := &trackingWriter{w: r.out}
	sep := &separatorWriter{w: tracking}
	w := cliprinters.GetNewTabWriter(sep)
	allNamespaced := !o.allNamespaces
	var printer cliprinters.ResourcePrinter
	var last *mapping
	for i := range items {
		it := items[i]
		allNamespaced = allNamespaced && it.m.Namespaced
		withNamespace := o.allNamespaces && it.m.Namespaced
		if printer == nil || last == nil || last.Name != it.m.Name || last.Group != it.m.Group {
			w.Flush()
			w.SetRememberedWidths(nil)
			if last != nil && !*o.printFlags.NoHeaders && tracking.n > 0 {
				sep.ready = true
			}
			pf := o.printFlags.Copy()
			pf.SetKind(it.m.GroupVersionKind().GroupKind())
			if withNamespace {
				_ = pf.EnsureWithNamespace()
			}
			if printWithKind {
				_ = pf.EnsureWithKind()
			}
			p, err := pf.ToPrinter()
			if err != nil {
				return err
			}
			printer = p
			m := it.m
			last = &m
		}
		table, err := printers.TableFor(it.obj, now, r.ver)
		if err != nil {
			if it.list && meta.LenList(it.obj) == 0 {
				// An empty list prints nothing, whatever its kind's table.
				continue
			}
			return err
		}
		if sortBy != "" {
			if err := sortTable(table, sortBy); err != nil {
				return err
			}
		}
		if err := printer.PrintObj(table, w); err != nil {
			errs = append(errs, err)
		}
	}
	w.Flush()
	if tracking.n == 0 && !o.ignoreNotFound && len(errs) == 0 {
		// get.go v0.37.2 lines 572-578.
		if allNamespaced {
			fmt.Fprintf(r.errOut, "No resources found in %s namespace.\n", r.namespace)
		} else {
			fmt.Fprintln(r.errOut, "No resources found")
		}
	}
	return utilerrors.NewAggregate(errs)
}

// sortTable sorts the rows of a table by a JSONPath, as kubectl's TableSorter does on the
// objects the server includes (get.go RuntimeSorter with includeObject=Object).
func sortTable(table *metav1.Table, sortBy string) error {
	field, err := get.RelaxedJSONPathExpression(sortBy)
	if err != nil {
		field = sortBy
	}
	for i := range table.Rows {
		if u, err := printers.Unstructured(table.Rows[i].Object.Object); err == nil {
			table.Rows[i].Object.Object = u
		}
	}
	sorter, err := get.NewTableSorter(table, field)
	if err != nil {
		return err
	}
	return sorter.Sort()
}

func multipleKinds(items []getItem) bool {
	if len(items) < 2 {
		return false
	}
	for _, it := range items {
		if it.m.Kind != items[0].m.Kind || it.m.Group != items[0].m.Group {
			return true
		}
	}
	return false
}

// printGeneric is get.go v0.37.2 printGeneric: one object prints as itself, anything else as a
// List (apiVersion v1, kind List, metadata.resourceVersion "").
func (r *runner) printGeneric(o *getOptions, items []getItem, errs []error) error {
	singleItemImplied := len(items) == 1 && !items[0].list
	if singleItemImplied && len(errs) > 0 {
		return utilerrors.NewAggregate(errs)
	}
	var objs []*unstructured.Unstructured
	for _, it := range items {
		if it.list {
			list, err := meta.ExtractList(it.obj)
			if err != nil {
				return err
			}
			for _, el := range list {
				u, err := printers.Unstructured(withKindOf(el, it.m))
				if err != nil {
					return err
				}
				objs = append(objs, u)
			}
			continue
		}
		u, err := printers.Unstructured(withKindOf(it.obj, it.m))
		if err != nil {
			return err
		}
		objs = append(objs, u)
	}
	if len(objs) == 0 && o.ignoreNotFound {
		return utilerrors.Reduce(utilerrors.Flatten(utilerrors.NewAggregate(errs)))
	}
	printer, err := o.printFlags.ToPrinter()
	if err != nil {
		return err
	}
	var obj runtime.Object
	if singleItemImplied && len(objs) == 1 {
		obj = objs[0]
	} else {
		obj = printers.List(objs, "")
	}
	if err := printer.PrintObj(obj, r.out); err != nil {
		errs = append(errs, err)
	}
	return utilerrors.Reduce(utilerrors.Flatten(utilerrors.NewAggregate(errs)))
}

// withKindOf sets the object's apiVersion and kind from its mapping (list items carry none).
func withKindOf(obj runtime.Object, m mapping) runtime.Object {
	if obj.GetObjectKind().GroupVersionKind().Empty() {
		obj = obj.DeepCopyObject()
		obj.GetObjectKind().SetGroupVersionKind(m.gvk())
	}
	return obj
}

// collectOptions select what collect fetches.
type collectOptions struct {
	filenames          []string
	recursive          bool
	selector           string
	fieldSelector      string
	allNamespaces      bool
	all                bool
	allowEmptySelector bool
	singleType         bool
}

// collect is cli-runtime's Builder for reading commands (get, describe, delete, label…):
// files (then their live objects), TYPE NAME…, TYPE/NAME…, or TYPE with a selector, with
// ContinueOnError: fetch errors are returned alongside what was found.
func (r *runner) collect(args []string, o collectOptions) ([]getItem, []error) {
	if len(o.filenames) > 0 {
		if len(args) > 0 {
			// builder.go visitByPaths.
			sel, _ := r.parseResourceArgs(args)
			switch {
			case len(sel.types) > 0:
				return nil, []error{errors.New("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")}
			case len(sel.tuples) > 0:
				return nil, []error{errors.New("resource/name arguments cannot be provided when a path is specified")}
			}
		}
		var items []getItem
		var errs []error
		var selector labels.Selector
		if o.selector != "" {
			s, err := labels.Parse(o.selector)
			if err != nil {
				return nil, []error{fmt.Errorf("the provided selector %q is not valid: %v", o.selector, err)}
			}
			selector = s
		}
		ferrs := r.visitFiles(o.filenames, o.recursive, false, func(info *fileInfo, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			obj, err := r.env.API.Get(info.m.Name, info.namespace, info.name)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if selector != nil {
				if m, err := meta.Accessor(obj); err == nil && !selector.Matches(labels.Set(m.GetLabels())) {
					return nil
				}
			}
			items = append(items, getItem{m: info.m, obj: obj})
			return nil
		})
		return items, append(errs, ferrs...)
	}

	sel, err := r.parseResourceArgs(args)
	if err != nil {
		return nil, []error{err}
	}
	selector := o.selector
	if o.all {
		if selector != "" {
			return nil, []error{fmt.Errorf("found non-empty label selector %q with previously set 'all' parameter. ", selector)}
		}
		selector = labels.Everything().String()
	}
	hasSelector := selector != "" || o.fieldSelector != "" || (len(sel.names) == 0 && len(sel.tuples) == 0 && o.allowEmptySelector)
	namespace := r.namespace
	if o.allNamespaces {
		namespace = ""
	}
	switch {
	case hasSelector && len(sel.tuples) == 0 && len(sel.names) == 0 && len(sel.types) > 0:
		if o.singleType && len(sel.types) > 1 {
			return nil, []error{errors.New("you may only specify a single resource type")}
		}
		var items []getItem
		seen := map[string]bool{}
		for _, t := range sel.types {
			m, err := r.resourceFor(t)
			if err != nil {
				return nil, []error{err}
			}
			if seen[m.Group+"/"+m.Name] {
				continue
			}
			seen[m.Group+"/"+m.Name] = true
			ns := namespace
			if !m.Namespaced {
				ns = ""
			}
			list, err := r.env.API.List(m.Name, ns, apiserver.ListOptions{LabelSelector: selector, FieldSelector: o.fieldSelector})
			if err != nil {
				return items, []error{err}
			}
			items = append(items, getItem{m: m, obj: list, list: true})
		}
		return items, nil
	case hasSelector && (len(sel.names) > 0):
		return nil, []error{errors.New("name cannot be provided when a selector is specified")}
	case hasSelector && len(sel.tuples) > 0 && (selector != "" || o.fieldSelector != ""):
		return nil, []error{errors.New("selectors and the all flag cannot be used when passing resource/name arguments")}
	case len(sel.tuples) > 0:
		var items []getItem
		var errs []error
		mappings := map[string]mapping{}
		for _, t := range sel.tuples {
			if _, ok := mappings[t[0]]; ok {
				continue
			}
			m, err := r.resourceFor(t[0])
			if err != nil {
				return nil, []error{err}
			}
			mappings[t[0]] = m
		}
		if o.singleType && len(mappings) > 1 {
			return nil, []error{errors.New("you may only specify a single resource type")}
		}
		for _, t := range sel.tuples {
			m := mappings[t[0]]
			ns := namespace
			if !m.Namespaced {
				ns = ""
			} else if ns == "" {
				return nil, []error{errors.New("a resource cannot be retrieved by name across all namespaces")}
			}
			obj, err := r.env.API.Get(m.Name, ns, t[1])
			if err != nil {
				errs = append(errs, err)
				continue
			}
			items = append(items, getItem{m: m, obj: obj})
		}
		return items, errs
	case len(sel.names) > 0:
		if len(sel.types) > 1 {
			return nil, []error{errors.New("you must specify only one resource")}
		}
		m, err := r.resourceFor(sel.types[0])
		if err != nil {
			return nil, []error{err}
		}
		ns := namespace
		if !m.Namespaced {
			ns = ""
		} else if ns == "" {
			return nil, []error{errors.New("a resource cannot be retrieved by name across all namespaces")}
		}
		var items []getItem
		var errs []error
		for _, name := range sel.names {
			obj, err := r.env.API.Get(m.Name, ns, name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			items = append(items, getItem{m: m, obj: obj})
		}
		return items, errs
	case len(sel.types) > 0:
		for _, t := range sel.types {
			if _, err := r.resourceFor(t); err != nil {
				return nil, []error{err}
			}
		}
		return nil, []error{errors.New("resource(s) were provided, but no name was specified")}
	}
	// cli-runtime v0.37.2 builder.go missingResourceError.
	return nil, []error{fmt.Errorf(`You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`)}
}

func filterErrors(errs []error, drop func(error) bool) []error {
	var out []error
	for _, e := range errs {
		if !drop(e) {
			out = append(out, e)
		}
	}
	return out
}

// trackingWriter counts bytes written (get.go trackingWriterWrapper).
type trackingWriter struct {
	w io.Writer
	n int
}

func (t *trackingWriter) Write(p []byte) (int, error) {
	t.n += len(p)
	return t.w.Write(p)
}

// separatorWriter prints an empty line before the next non-empty write once ready
// (get.go separatorWriterWrapper).
type separatorWriter struct {
	w     io.Writer
	ready bool
}

func (s *separatorWriter) Write(p []byte) (int, error) {
	if len(p) != 0 && s.ready {
		fmt.Fprintln(s.w)
		s.ready = false
	}
	return s.w.Write(p)
}

// watchGet is get.go v0.37.2 watch on the virtual clock: the current objects, then one row per
// committed change of a selected object, until the user stops watching (Env.WatchFor of
// virtual time, or when nothing more is scheduled).
func (r *runner) watchGet(o *getOptions, items []getItem, humanReadable bool) error {
	if len(items) == 0 {
		return nil
	}
	it := items[0]
	var printer cliprinters.ResourcePrinter
	pf := o.printFlags.Copy()
	pf.SetKind(it.m.GroupVersionKind().GroupKind())
	if o.allNamespaces {
		_ = pf.EnsureWithNamespace()
	}
	p, err := pf.ToPrinter()
	if err != nil {
		return err
	}
	printer = p
	w := cliprinters.GetNewTabWriter(r.out)
	print := func(obj runtime.Object, evType watch.EventType) error {
		if humanReadable {
			t, err := printers.TableFor(obj, r.env.Clock.Now(), r.ver)
			if err != nil {
				return err
			}
			if o.outputEvents {
				return printer.PrintObj(&metav1.WatchEvent{Type: string(evType), Object: runtime.RawExtension{Object: t}}, w)
			}
			return printer.PrintObj(t, w)
		}
		u, err := printers.Unstructured(withKindOf(obj, it.m))
		if err != nil {
			return err
		}
		if o.outputEvents {
			return printer.PrintObj(&metav1.WatchEvent{Type: string(evType), Object: runtime.RawExtension{Object: u}}, w)
		}
		return printer.PrintObj(u, w)
	}
	// The selection the watch follows.
	var name, namespace string
	var selector labels.Selector = labels.Everything()
	if !it.list {
		m, _ := meta.Accessor(it.obj)
		name, namespace = m.GetName(), m.GetNamespace()
	} else {
		if !o.allNamespaces && it.m.Namespaced {
			namespace = r.namespace
		}
		if o.selector != "" {
			if s, err := labels.Parse(o.selector); err == nil {
				selector = s
			}
		}
	}
	if !o.watchOnly {
		var objs []runtime.Object
		if it.list {
			objs, _ = meta.ExtractList(it.obj)
		} else {
			objs = []runtime.Object{it.obj}
		}
		for _, obj := range objs {
			if err := print(obj, watch.Added); err != nil {
				return fmt.Errorf("unable to output the provided object: %v", err)
			}
		}
		w.Flush()
	}
	var perr error
	var lastChange time.Time
	stop := r.env.API.Watch(func(ev apiserver.WatchEvent) {
		if ev.Resource != it.m.Name || perr != nil {
			return
		}
		m, err := meta.Accessor(ev.Object)
		if err != nil {
			return
		}
		if name != "" && (m.GetName() != name || m.GetNamespace() != namespace) {
			return
		}
		if namespace != "" && m.GetNamespace() != namespace {
			return
		}
		if !selector.Matches(labels.Set(m.GetLabels())) {
			return
		}
		perr = print(ev.Object, ev.Type)
		w.Flush()
		lastChange = r.env.Clock.Now()
	})
	defer stop()
	r.runClockFor(r.env.WatchFor, func() time.Time { return lastChange })
	return perr
}

// runClockFor advances the virtual clock event by event for d. With d == 0 it stops once
// defaultWatch has passed since the last activity (active reports the time of the latest
// change the command printed, zero for none yet), when nothing more is scheduled, or after
// maxWatch in all: a user stops watching once the output settles.
func (r *runner) runClockFor(d time.Duration, active func() time.Time) {
	clk := r.env.Clock
	if d > 0 {
		clk.AdvanceTo(clk.Now().Add(d))
		return
	}
	start := clk.Now()
	limit := start.Add(maxWatch)
	for {
		last := start
		if active != nil {
			if t := active(); t.After(last) {
				last = t
			}
		}
		deadline := last.Add(defaultWatch)
		next, ok := clk.Next()
		if !ok || next.After(deadline) || next.After(limit) {
			return
		}
		clk.AdvanceTo(next)
	}
}

// Streaming commands stop after defaultWatch of virtual time without events, and after
// maxWatch in all (Env.WatchFor == 0).
const (
	defaultWatch = 30 * time.Second
	maxWatch     = 10 * time.Minute
)
