package kubectl

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/types"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	cmddelete "k8s.io/kubectl/pkg/cmd/delete"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"

	"github.com/docbuild/docbuild/kube/apiserver"
)

func (r *runner) newDelete() *cobra.Command {
	flags := cmddelete.NewDeleteCommandFlags("containing the resource to delete.")
	cmd := &cobra.Command{
		Use:                   "delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])",
		DisableFlagsInUseLine: true,
		Short:                 "Delete resources by file names, stdin, resources and names, or by resources and label selector",
		SuggestFor:            []string{"rm", "remove"},
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runDelete(cmd, flags, args)
		},
	}
	addDeleteFlags(cmd, flags)
	cmdutil.AddDryRunFlag(cmd)
	return cmd
}

// deleteTarget is one object kubectl delete visits.
type deleteTarget struct {
	m         mapping
	namespace string
	name      string
	source    string
}

// runDelete is k8s.io/kubectl v0.37.2 pkg/cmd/delete/delete.go Complete, Validate and
// DeleteResult, with the wait for deletion run on the virtual clock.
func (r *runner) runDelete(cmd *cobra.Command, f *cmddelete.DeleteFlags, args []string) error {
	gracePeriod := *f.GracePeriod
	force := *f.Force
	all := *f.All
	selector := *f.LabelSelector
	fieldSelector := *f.FieldSelector
	allNamespaces := *f.AllNamespaces
	ignoreNotFound := *f.IgnoreNotFound
	output := *f.Output
	filenames := *f.FileNameFlags.Filenames

	warnClusterScope := r.explicitNS && !allNamespaces
	if all || len(selector) > 0 || len(fieldSelector) > 0 {
		if fl := cmd.Flags().Lookup("ignore-not-found"); fl != nil && !fl.Changed {
			ignoreNotFound = true
		}
	}
	if *f.Now {
		if gracePeriod != -1 {
			return errors.New("--now and --grace-period cannot be specified together")
		}
		gracePeriod = 1
	}
	if gracePeriod == 0 && !force {
		// To preserve backwards compatibility, but prevent accidental data loss, we convert
		// --grace-period=0 into --grace-period=1.
		gracePeriod = 1
	}
	if force && gracePeriod < 0 {
		gracePeriod = 0
	}
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	if len(*f.Raw) != 0 {
		return notSimulated("kubectl delete --raw")
	}
	if *f.FileNameFlags.Kustomize != "" {
		return notSimulated("kubectl delete -k")
	}

	// Builder: ResourceTypeOrNameArgs(false, args...) (an empty selector is not allowed).
	targets, visitErrs, err := r.deleteTargets(args, filenames, *f.FileNameFlags.Recursive, selector, fieldSelector, all, allNamespaces)
	if err != nil {
		return err
	}

	// Validate.
	if output != "" && output != "name" {
		return fmt.Errorf("unexpected -o output mode: %v. We only support '-o name'", output)
	}
	if all && len(selector) > 0 {
		return errors.New("cannot set --all and --selector at the same time")
	}
	if all && len(fieldSelector) > 0 {
		return errors.New("cannot set --all and --field-selector at the same time")
	}
	switch {
	case gracePeriod == 0 && force:
		fmt.Fprintf(r.errOut, "Warning: %s\n", "Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.")
	case gracePeriod > 0 && force:
		return errors.New("--force and --grace-period greater than 0 cannot be specified together")
	}
	if *f.Interactive {
		return notSimulated("kubectl delete --interactive")
	}

	// DeleteResult.
	var errs []error
	for _, e := range visitErrs {
		if ignoreNotFound && apierrors.IsNotFound(e) {
			continue
		}
		errs = append(errs, e)
	}
	found := 0
	type deleted struct {
		t   deleteTarget
		uid types.UID
	}
	var gone []deleted
	for _, t := range targets {
		found++
		if warnClusterScope && !t.m.Namespaced {
			fmt.Fprintf(r.errOut, "Warning: %s\n", "deleting cluster-scoped resources, not scoped to the provided namespace")
			warnClusterScope = false
		}
		if dr == dryRunClient {
			r.printDeleted(t, gracePeriod, dr, output)
			continue
		}
		opts := apiserver.DeleteOptions{DryRun: dr == dryRunServer}
		if gracePeriod >= 0 {
			g := int64(gracePeriod)
			opts.GracePeriodSeconds = &g
		}
		resp, err := r.env.API.Delete(t.m.Name, t.namespace, t.name, opts)
		if err != nil {
			if ignoreNotFound && apierrors.IsNotFound(err) {
				found--
				continue
			}
			errs = append(errs, addSourceToErr("deleting", t.source, err))
			continue
		}
		r.printDeleted(t, gracePeriod, dr, output)
		var uid types.UID
		if m, err := meta.Accessor(resp); err == nil {
			uid = m.GetUID()
		}
		gone = append(gone, deleted{t: t, uid: uid})
	}
	if len(errs) > 0 {
		return utilerrors.NewAggregate(errs)
	}
	if found == 0 {
		fmt.Fprintf(r.out, "No resources found\n")
		return nil
	}
	if !*f.Wait || dr != dryRunNone {
		return nil
	}
	timeout := *f.Timeout
	if timeout == 0 {
		// if we requested to wait forever, set it to a week.
		timeout = 168 * time.Hour
	}
	for _, g := range gone {
		ok, idle := r.waitGone(g.t.m, g.t.namespace, g.t.name, timeout)
		if !ok && !idle {
			// k8s.io/kubectl v0.37.2 pkg/cmd/wait/condition.go extendErrWaitTimeout.
			return fmt.Errorf("timed out waiting for the condition on %s/%s", g.t.m.Name, g.t.name)
		}
	}
	return nil
}

// printDeleted is delete.go PrintObj (the version table decides the "from <ns> namespace"
// suffix, kubectl 1.34+).
func (r *runner) printDeleted(t deleteTarget, gracePeriod int, dr dryRun, output string) {
	kindString := t.m.kindString()
	ns := ""
	if t.m.Namespaced {
		ns = t.namespace
	}
	operation := r.ver.DeleteOperation(ns, gracePeriod == 0)
	switch dr {
	case dryRunClient:
		operation += " (dry run)"
	case dryRunServer:
		operation += " (server dry run)"
	}
	if output == "name" {
		fmt.Fprintf(r.out, "%s/%s\n", kindString, t.name)
		return
	}
	fmt.Fprintf(r.out, "%s \"%s\" %s\n", kindString, t.name, operation)
}

// deleteTargets resolves delete's arguments without fetching named objects
// (RequireObject(false)): names are deleted directly, selectors list first.
func (r *runner) deleteTargets(args, filenames []string, recursive bool, selector, fieldSelector string, all, allNamespaces bool) ([]deleteTarget, []error, error) {
	if len(filenames) > 0 {
		if len(args) > 0 {
			sel, _ := r.parseResourceArgs(args)
			if len(sel.types) > 0 {
				return nil, nil, errors.New("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")
			}
			return nil, nil, errors.New("resource/name arguments cannot be provided when a path is specified")
		}
		var out []deleteTarget
		var errs []error
		ferrs := r.visitFiles(filenames, recursive, false, func(info *fileInfo, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			out = append(out, deleteTarget{m: info.m, namespace: info.namespace, name: info.name, source: info.source})
			return nil
		})
		if len(ferrs) > 0 {
			return nil, nil, utilerrors.NewAggregate(ferrs)
		}
		return out, errs, nil
	}
	sel, err := r.parseResourceArgs(args)
	if err != nil {
		return nil, nil, err
	}
	namespace := r.namespace
	if allNamespaces {
		namespace = ""
	}
	if all {
		if selector != "" {
			return nil, nil, fmt.Errorf("found non-empty label selector %q with previously set 'all' parameter. ", selector)
		}
		if fieldSelector != "" {
			return nil, nil, fmt.Errorf("found non-empty field selector %q with previously set 'all' parameter. ", fieldSelector)
		}
		selector = "everything"
	}
	hasSelector := selector != "" || fieldSelector != ""
	if selector == "everything" {
		selector = ""
	}
	switch {
	case hasSelector:
		if len(sel.names) > 0 {
			return nil, nil, errors.New("name cannot be provided when a selector is specified")
		}
		if len(sel.tuples) > 0 {
			return nil, nil, errors.New("selectors and the all flag cannot be used when passing resource/name arguments")
		}
		if len(sel.types) == 0 {
			return nil, nil, errors.New("at least one resource must be specified to use a selector")
		}
		var out []deleteTarget
		for _, t := range sel.types {
			m, err := r.resourceFor(t)
			if err != nil {
				return nil, nil, err
			}
			ns := namespace
			if !m.Namespaced {
				ns = ""
			}
			list, err := r.env.API.List(m.Name, ns, apiserver.ListOptions{LabelSelector: selector, FieldSelector: fieldSelector})
			if err != nil {
				return nil, nil, err
			}
			items, _ := meta.ExtractList(list)
			for _, it := range items {
				a, _ := meta.Accessor(it)
				out = append(out, deleteTarget{m: m, namespace: a.GetNamespace(), name: a.GetName()})
			}
		}
		return out, nil, nil
	case len(sel.tuples) > 0:
		var out []deleteTarget
		for _, t := range sel.tuples {
			m, err := r.resourceFor(t[0])
			if err != nil {
				return nil, nil, err
			}
			ns := namespace
			if !m.Namespaced {
				ns = ""
			} else if ns == "" {
				return nil, nil, errors.New("a resource cannot be retrieved by name across all namespaces")
			}
			out = append(out, deleteTarget{m: m, namespace: ns, name: t[1]})
		}
		return out, nil, nil
	case len(sel.names) > 0:
		if len(sel.types) > 1 {
			return nil, nil, errors.New("you must specify only one resource")
		}
		m, err := r.resourceFor(sel.types[0])
		if err != nil {
			return nil, nil, err
		}
		ns := namespace
		if !m.Namespaced {
			ns = ""
		} else if ns == "" {
			return nil, nil, errors.New("a resource cannot be retrieved by name across all namespaces")
		}
		var out []deleteTarget
		for _, n := range sel.names {
			out = append(out, deleteTarget{m: m, namespace: ns, name: n})
		}
		return out, nil, nil
	case len(sel.types) > 0:
		for _, t := range sel.types {
			if _, err := r.resourceFor(t); err != nil {
				return nil, nil, err
			}
		}
		return nil, nil, errors.New("resource(s) were provided, but no name was specified")
	}
	return nil, nil, errors.New(strings.TrimSpace(`You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`))
}

// waitGone advances the virtual clock until the object is gone (kubectl's wait IsDeleted), for
// at most timeout. It reports whether the object is gone, and whether the cluster went idle
// (nothing scheduled) with the object still there.
func (r *runner) waitGone(m mapping, namespace, name string, timeout time.Duration) (gone, idle bool) {
	return r.waitUntil(timeout, func() bool {
		_, err := r.env.API.Get(m.Name, namespace, name)
		return err != nil
	})
}

// waitUntil advances the virtual clock event by event until cond holds or timeout passes. It
// reports whether cond held, and whether it stopped because nothing more is scheduled (then the
// clock is left where the last event put it: a real kubectl would wait for its timeout, which
// no transcript shows).
func (r *runner) waitUntil(timeout time.Duration, cond func() bool) (ok, idle bool) {
	clk := r.env.Clock
	if cond() {
		return true, false
	}
	deadline := clk.Now().Add(timeout)
	for {
		next, pending := clk.Next()
		if !pending {
			return cond(), true
		}
		if next.After(deadline) {
			clk.AdvanceTo(deadline)
			return cond(), false
		}
		clk.AdvanceTo(next)
		if cond() {
			return true, false
		}
	}
}
