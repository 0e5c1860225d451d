package kubectl

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/util/jsonpath"
	"k8s.io/kubectl/pkg/cmd/get"

	"github.com/docbuild/docbuild/kube/printers"
)

type waitOptions struct {
	printFlags   *genericclioptions.PrintFlags
	builderFlags *genericclioptions.ResourceBuilderFlags
	timeout      time.Duration
	forCondition []string
}

func (r *runner) newWait() *cobra.Command {
	o := &waitOptions{
		printFlags: genericclioptions.NewPrintFlags("condition met"),
		builderFlags: genericclioptions.NewResourceBuilderFlags().
			WithLabelSelector("").WithFieldSelector("").WithAll(false).WithAllNamespaces(false).WithLocal(false).WithLatest(),
		timeout: 30 * time.Second,
	}
	cmd := &cobra.Command{
		Use:                   "wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]]",
		Short:                 "Wait for a specific condition on one or many resources",
		DisableFlagsInUseLine: true,
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runWait(cmd, o, args)
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/wait/wait.go AddFlags.
	o.printFlags.AddFlags(cmd)
	o.builderFlags.AddFlags(cmd.Flags())
	cmd.Flags().DurationVar(&o.timeout, "timeout", o.timeout, "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week.")
	cmd.Flags().StringArrayVar(&o.forCondition, "for", o.forCondition, "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true. Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity. Multiple conditions are supported and AND'ed to each other in a sequential order. If --for=create is passed, it is always waited first.")
	return cmd
}

// waitCondition is one --for condition (wait.go conditionFuncsFor).
type waitCondition struct {
	kind          string // delete, create, condition, jsonpath
	name, value   string
	parser        *jsonpath.JSONPath
	matchAnyValue bool
}

// runWait is wait.go ToOptions and RunWaitContext on the virtual clock: one deadline for
// every object, the clock advancing event by event while the condition is unmet.
func (r *runner) runWait(cmd *cobra.Command, o *waitOptions, args []string) error {
	if _, err := o.printFlags.ToPrinter(); err != nil {
		return err
	}
	var conds []waitCondition
	for _, c := range o.forCondition {
		lc := strings.ToLower(c)
		switch {
		case lc == "delete":
			conds = append(conds, waitCondition{kind: "delete"})
		case lc == "create":
			conds = append(conds, waitCondition{kind: "create"})
		case strings.HasPrefix(c, "condition="):
			name := strings.TrimPrefix(c, "condition=")
			value := "true"
			if i := strings.Index(name, "="); i != -1 {
				value = name[i+1:]
				name = name[:i]
			}
			conds = append(conds, waitCondition{kind: "condition", name: name, value: value})
		case strings.HasPrefix(c, "jsonpath="):
			exp, value, err := processJSONPathInput(strings.TrimPrefix(c, "jsonpath="))
			if err != nil {
				return err
			}
			j := jsonpath.New("wait").AllowMissingKeys(true)
			if exp == "" {
				return errors.New("jsonpath expression cannot be empty")
			}
			if err := j.Parse(exp); err != nil {
				return err
			}
			conds = append(conds, waitCondition{kind: "jsonpath", parser: j, value: value, matchAnyValue: value == ""})
		default:
			return fmt.Errorf("unrecognized condition: %q", c)
		}
	}
	if conds == nil {
		return fmt.Errorf("unrecognized condition: %q", o.forCondition)
	}
	timeout := o.timeout
	if timeout < 0 {
		timeout = 168 * time.Hour
	}
	deadline := r.env.Clock.Now().Add(timeout)
	remaining := func() time.Duration { return deadline.Sub(r.env.Clock.Now()) }
	opts := collectOptions{
		filenames:     *o.builderFlags.FileNameFlags.Filenames,
		recursive:     *o.builderFlags.FileNameFlags.Recursive,
		selector:      *o.builderFlags.LabelSelector,
		fieldSelector: *o.builderFlags.FieldSelector,
		allNamespaces: *o.builderFlags.AllNamespaces,
		all:           *o.builderFlags.All,
	}
	isDelete, isCreate := false, false
	for _, c := range conds {
		isDelete = isDelete || c.kind == "delete"
		isCreate = isCreate || c.kind == "create"
	}
	if isCreate {
		ok, _ := r.waitUntil(remaining(), func() bool {
			items, errs := r.collect(args, opts)
			return len(errs) == 0 && len(items) > 0
		})
		if !ok {
			return errors.New("timed out waiting for the condition")
		}
	}
	items, errs := r.collect(args, opts)
	if isDelete {
		errs = filterErrors(errs, apierrors.IsNotFound)
	}
	if len(errs) > 0 {
		return utilerrors.NewAggregate(errs)
	}
	type target struct {
		m               mapping
		namespace, name string
	}
	var targets []target
	for _, it := range items {
		objs := []interface{}{it.obj}
		if it.list {
			l, _ := meta.ExtractList(it.obj)
			objs = objs[:0]
			for _, x := range l {
				objs = append(objs, x)
			}
		}
		for _, x := range objs {
			a, _ := meta.Accessor(x)
			targets = append(targets, target{it.m, a.GetNamespace(), a.GetName()})
		}
	}
	if len(targets) == 0 {
		if isDelete {
			return nil
		}
		// wait.go errNoMatchingResources.
		return errors.New("no matching resources found")
	}
	for _, t := range targets {
		for _, c := range conds {
			if c.kind == "create" {
				continue
			}
			var last *unstructured.Unstructured
			check := func() bool {
				obj, err := r.env.API.Get(t.m.Name, t.namespace, t.name)
				if err != nil {
					return c.kind == "delete" && apierrors.IsNotFound(err)
				}
				u, err := printers.Unstructured(withKindOf(obj, t.m))
				if err != nil {
					return false
				}
				last = u
				switch c.kind {
				case "delete":
					return false
				case "condition":
					return conditionMet(u, c.name, c.value)
				case "jsonpath":
					return jsonPathMet(u, c)
				}
				return false
			}
			var ok, idle bool
			if timeout == 0 {
				ok = check()
			} else {
				ok, idle = r.waitUntil(remaining(), check)
				if !ok && idle && remaining() > 0 && remaining() <= time.Hour {
					// Nothing will change: kubectl sleeps until its timeout.
					r.env.Clock.AdvanceTo(deadline)
				}
			}
			if !ok {
				// condition.go extendErrWaitTimeout.
				return fmt.Errorf("timed out waiting for the condition on %s/%s", t.m.Name, t.name)
			}
			var printed interface{} = last
			if c.kind == "delete" || last == nil {
				u := &unstructured.Unstructured{}
				u.SetGroupVersionKind(t.m.gvk())
				u.SetName(t.name)
				u.SetNamespace(t.namespace)
				printed = u
			}
			if err := r.printObject(o.printFlags, "condition met", dryRunNone, printed.(*unstructured.Unstructured)); err != nil {
				return err
			}
		}
	}
	return nil
}

// conditionMet is condition.go ConditionalWait.checkCondition.
func conditionMet(obj *unstructured.Unstructured, name, value string) bool {
	conditions, found, err := unstructured.NestedSlice(obj.Object, "status", "conditions")
	if err != nil || !found {
		return false
	}
	for _, cu := range conditions {
		c, ok := cu.(map[string]interface{})
		if !ok {
			continue
		}
		t, found, err := unstructured.NestedString(c, "type")
		if !found || err != nil || !strings.EqualFold(t, name) {
			continue
		}
		s, found, err := unstructured.NestedString(c, "status")
		if !found || err != nil {
			continue
		}
		if gen, found, _ := unstructured.NestedInt64(obj.Object, "metadata", "generation"); found {
			og, found, _ := unstructured.NestedInt64(c, "observedGeneration")
			if !found {
				og, found, _ = unstructured.NestedInt64(obj.Object, "status", "observedGeneration")
			}
			if found && og < gen {
				return false
			}
		}
		return strings.EqualFold(s, value)
	}
	return false
}

// jsonPathMet is condition.go JSONPathWait.isJSONPathConditionMet.
func jsonPathMet(obj *unstructured.Unstructured, c waitCondition) bool {
	results, err := c.parser.FindResults(obj.Object)
	if err != nil || len(results) == 0 || len(results[0]) == 0 {
		return false
	}
	if c.matchAnyValue {
		return true
	}
	if len(results) > 1 || len(results[0]) > 1 {
		return false
	}
	v := results[0][0].Interface()
	return strings.EqualFold(fmt.Sprint(v), c.value)
}

// processJSONPathInput is wait.go processJSONPathInput.
func processJSONPathInput(input string) (string, string, error) {
	jsonPathInput := splitJSONPathInput(input)
	if numOfArgs := len(jsonPathInput); numOfArgs < 1 || numOfArgs > 2 {
		return "", "", errors.New("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'")
	}
	relaxed, err := get.RelaxedJSONPathExpression(jsonPathInput[0])
	if err != nil {
		return "", "", err
	}
	if len(jsonPathInput) == 1 {
		return relaxed, "", nil
	}
	value := strings.Trim(jsonPathInput[1], `'"`)
	if value == "" {
		return "", "", errors.New("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3")
	}
	return relaxed, value, nil
}

// splitJSONPathInput is wait.go splitJSONPathInput: split on "=" outside brackets/quotes.
func splitJSONPathInput(input string) []string {
	var output []string
	var element strings.Builder
	depth := 0
	for i := 0; i < len(input); i++ {
		switch input[i] {
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case '=':
			if depth == 0 {
				output = append(output, element.String())
				element.Reset()
				continue
			}
		}
		element.WriteByte(input[i])
	}
	return append(output, element.String())
}
