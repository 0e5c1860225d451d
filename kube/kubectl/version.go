package kubectl

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

func (r *runner) newVersion() *cobra.Command {
	var clientOnly bool
	var output string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the client and server version information",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runVersion(args, clientOnly, output)
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/version/version.go NewCmdVersion.
	cmd.Flags().BoolVar(&clientOnly, "client", clientOnly, "If true, shows client version only (no server required).")
	cmd.Flags().StringVarP(&output, "output", "o", output, "One of 'yaml' or 'json'.")
	return cmd
}

// runVersion is version.go Validate and Run: the modelled release is both client and server
// (real/A.md #01).
func (r *runner) runVersion(args []string, clientOnly bool, output string) error {
	if len(args) != 0 {
		return fmt.Errorf("extra arguments: %v", args)
	}
	if output != "" && output != "yaml" && output != "json" {
		return errors.New(`--output must be 'yaml' or 'json'`)
	}
	if output != "" {
		// The build metadata (commit, build date, Go version) is not modelled.
		return notSimulated("kubectl version -o " + output)
	}
	fmt.Fprintf(r.out, "Client Version: %s\n", r.ver.GitVersion)
	fmt.Fprintf(r.out, "Kustomize Version: %s\n", r.ver.KustomizeVersion)
	if !clientOnly {
		fmt.Fprintf(r.out, "Server Version: %s\n", r.ver.GitVersion)
	}
	return nil
}
