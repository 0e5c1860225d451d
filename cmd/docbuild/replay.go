package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/docbuild/docbuild/verify"
)

func newReplayCmd() *cobra.Command {
	var kubernetes string
	cmd := &cobra.Command{
		Use:   "replay FILE",
		Short: "Print a post's transcript as the simulator runs it",
		Long: `replay reads a post like check does and prints its commands with the output the simulator
gives for each, at the moment check judged it: what an author copies into a new post.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			checkers := siteCheckers{opts: verify.Options{Cluster: verify.Simulator(), Kubernetes: kubernetes}}
			checker, err := checkers.of(args[0], "", false)
			if err != nil {
				return usage(err)
			}
			r := checker.ReadFile(args[0])
			if r.Err != nil && r.Scenario == nil {
				return usage(r.Err)
			}
			verify.WriteReplay(cmd.OutOrStdout(), r)
			if r.Err != nil {
				return failed(fmt.Errorf("%v", r.Err))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&kubernetes, "kubernetes", "", "Kubernetes minor to model (default: the newest, 1.37)")
	return cmd
}
