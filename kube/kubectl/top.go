package kubectl

import (
	"errors"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
)

// topOptions are the flags of `kubectl top node` and `kubectl top pod`
// (k8s.io/kubectl v0.37.2 pkg/cmd/top/top_node.go TopNodeOptions, top_pod.go TopPodOptions).
type topOptions struct {
	selector, fieldSelector, sortBy                       string
	noHeaders, useProtocolBuffers, showCapacity, showSwap bool
	printContainers, allNamespaces, sum                   bool
}

// newTop is k8s.io/kubectl v0.37.2 pkg/cmd/top/top.go NewCmdTop with its node and pod
// subcommands. Their Validate and the start of their Run are ported (importing the package
// would bring in k8s.io/metrics): the simulated cluster has no metrics-server, so discovery
// lists no metrics.k8s.io group and Run ends with kubectl's "Metrics API not available".
func (r *runner) newTop() *cobra.Command {
	cmd := &cobra.Command{
		Use:        "top",
		Short:      "Display resource (CPU/memory) usage",
		SuggestFor: []string{"stats"},
		Run: func(cmd *cobra.Command, args []string) {
			// cmdutil.DefaultSubCommandRun prints the help page.
			r.err = notSimulated("kubectl top (help page)")
		},
	}

	// top_node.go NewCmdTopNode.
	node := &topOptions{useProtocolBuffers: true}
	nodeCmd := &cobra.Command{
		Use:                   "node [NAME | -l label]",
		DisableFlagsInUseLine: true,
		Short:                 "Display resource (CPU/memory) usage of nodes",
		Aliases:               []string{"nodes", "no"},
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runTop(cmd, args, node, false)
		},
	}
	cmdutil.AddLabelSelectorFlagVar(nodeCmd, &node.selector)
	nf := nodeCmd.Flags()
	nf.StringVar(&node.sortBy, "sort-by", node.sortBy, "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.")
	nf.BoolVar(&node.noHeaders, "no-headers", node.noHeaders, "If present, print output without headers")
	nf.BoolVar(&node.useProtocolBuffers, "use-protocol-buffers", node.useProtocolBuffers, "Enables using protocol-buffers to access Metrics API.")
	nf.BoolVar(&node.showCapacity, "show-capacity", node.showCapacity, "Print node resources based on Capacity instead of Allocatable(default) of the nodes.")
	nf.BoolVar(&node.showSwap, "show-swap", node.showSwap, "Print node resources related to swap memory.")
	cmd.AddCommand(nodeCmd)

	// top_pod.go NewCmdTopPod.
	pod := &topOptions{useProtocolBuffers: true}
	podCmd := &cobra.Command{
		Use:                   "pod [NAME | -l label]",
		DisableFlagsInUseLine: true,
		Short:                 "Display resource (CPU/memory) usage of pods",
		Aliases:               []string{"pods", "po"},
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runTop(cmd, args, pod, true)
		},
	}
	cmdutil.AddLabelSelectorFlagVar(podCmd, &pod.selector)
	f := podCmd.Flags()
	f.StringVar(&pod.fieldSelector, "field-selector", pod.fieldSelector, "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
	f.StringVar(&pod.sortBy, "sort-by", pod.sortBy, "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.")
	f.BoolVar(&pod.printContainers, "containers", pod.printContainers, "If present, print usage of containers within a pod.")
	f.BoolVarP(&pod.allNamespaces, "all-namespaces", "A", pod.allNamespaces, "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.")
	f.BoolVar(&pod.noHeaders, "no-headers", pod.noHeaders, "If present, print output without headers.")
	f.BoolVar(&pod.useProtocolBuffers, "use-protocol-buffers", pod.useProtocolBuffers, "Enables using protocol-buffers to access Metrics API.")
	f.BoolVar(&pod.sum, "sum", pod.sum, "Print the sum of the resource usage")
	f.BoolVar(&pod.showSwap, "show-swap", pod.showSwap, "Print pod resources related to swap memory.")
	cmd.AddCommand(podCmd)
	return cmd
}

// runTop is Complete (the argument check), Validate and RunTopNode/RunTopPod up to the
// discovery of the metrics API (top.go SupportedMetricsAPIVersionAvailable: metrics.k8s.io
// v1 or v1beta1).
func (r *runner) runTop(cmd *cobra.Command, args []string, o *topOptions, pods bool) error {
	if len(args) > 1 {
		return usageErrorf(cmd.CommandPath(), "%s", cmd.Use)
	}
	if len(o.sortBy) > 0 && o.sortBy != "cpu" && o.sortBy != "memory" {
		return errors.New("--sort-by accepts only cpu or memory")
	}
	if len(args) == 1 {
		switch {
		case pods && (len(o.selector) > 0 || len(o.fieldSelector) > 0):
			return errors.New("only one of NAME or selector can be provided")
		case !pods && len(o.selector) > 0:
			return errors.New("only one of NAME or --selector can be provided")
		}
	}
	if len(o.selector) > 0 {
		if _, err := labels.Parse(o.selector); err != nil {
			return err
		}
	}
	if pods && len(o.fieldSelector) > 0 {
		if _, err := fields.ParseSelector(o.fieldSelector); err != nil {
			return err
		}
	}
	groups, err := r.discovery().ServerGroups()
	if err != nil {
		return err
	}
	for _, g := range groups.Groups {
		if g.Name != "metrics.k8s.io" {
			continue
		}
		for _, v := range g.Versions {
			if v.Version == "v1" || v.Version == "v1beta1" {
				return notSimulated("kubectl top with a metrics API")
			}
		}
	}
	return errors.New("Metrics API not available")
}
