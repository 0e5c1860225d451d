package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/docbuild/docbuild/kube/k8sversion"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print docbuild's version and the Kubernetes version it models",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := k8sversion.MustGet(k8sversion.Default)
			fmt.Fprintf(cmd.OutOrStdout(), "docbuild %s\nKubernetes %s (modelled by docbuild check)\n", version(), v.GitVersion)
			return nil
		},
	}
}

// version is the module version of the binary, or "devel" with the VCS revision when built
// from a checkout.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := "devel"
	if rev != "" {
		out += " " + rev
		if dirty {
			out += "+dirty"
		}
	}
	return out
}
