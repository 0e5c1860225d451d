package kubectl

import (
	"github.com/spf13/cobra"
	cmdapiresources "k8s.io/kubectl/pkg/cmd/apiresources"
)

// newAPIResources is k8s.io/kubectl v0.37.2 pkg/cmd/apiresources/apiresources.go
// NewCmdAPIResources, running kubectl's APIResourceOptions (Complete, Validate,
// RunAPIResources) over the discovery of discovery.go: a default v1.37.2 API server's
// resources, so the table is the one a real cluster prints.
func (r *runner) newAPIResources() *cobra.Command {
	o := cmdapiresources.NewAPIResourceOptions(r.streams())
	cmd := &cobra.Command{
		Use:   "api-resources",
		Short: "Print the supported API resources on the server",
		Run: func(cmd *cobra.Command, args []string) {
			err := o.Complete(r.factory(), cmd, args)
			if err == nil {
				err = o.Validate()
			}
			if err == nil {
				err = o.RunAPIResources()
			}
			r.err = err
		},
	}
	o.PrintFlags.AddFlags(cmd)
	cmd.Flags().StringVar(&o.APIGroup, "api-group", o.APIGroup, "Limit to resources in the specified API group.")
	cmd.Flags().BoolVar(&o.Namespaced, "namespaced", o.Namespaced, "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.")
	stringSliceVarP(cmd.Flags(), &o.Verbs, "verbs", "", "Limit to resources that support the specified verbs.")
	cmd.Flags().StringVar(&o.SortBy, "sort-by", o.SortBy, "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.")
	cmd.Flags().BoolVar(&o.Cached, "cached", o.Cached, "Use the cached list of resources if available.")
	stringSliceVarP(cmd.Flags(), &o.Categories, "categories", "", "Limit to resources that belong to the specified categories.")
	return cmd
}

// newAPIVersions is apiversions.go NewCmdAPIVersions (Complete, RunAPIVersions).
func (r *runner) newAPIVersions() *cobra.Command {
	o := cmdapiresources.NewAPIVersionsOptions(r.streams())
	cmd := &cobra.Command{
		Use:                   "api-versions",
		Short:                 `Print the supported API versions on the server, in the form of "group/version"`,
		DisableFlagsInUseLine: true,
		Run: func(cmd *cobra.Command, args []string) {
			err := o.Complete(r.factory(), cmd, args)
			if err == nil {
				err = o.RunAPIVersions()
			}
			r.err = err
		},
	}
	return cmd
}
