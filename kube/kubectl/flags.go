package kubectl

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
)

// The flag helpers below register flags exactly as k8s.io/kubectl v0.37.2
// pkg/cmd/util/helpers.go does (most call it directly: its Add*Flag functions only declare
// flags). Reading them back never goes through cmdutil's klog-logging getters.

// addFilenameFlags is cmdutil.AddFilenameOptionFlags.
func addFilenameFlags(cmd *cobra.Command, filenames *[]string, kustomize *string, recursive *bool, usage string) {
	cmdutil.AddJsonFilenameFlag(cmd.Flags(), filenames, "Filename, directory, or URL to files "+usage)
	cmdutil.AddKustomizeFlag(cmd.Flags(), kustomize)
	cmd.Flags().BoolVarP(recursive, "recursive", "R", *recursive, "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.")
}

// addSelectorFlag is cmdutil.AddLabelSelectorFlagVar.
func addSelectorFlag(cmd *cobra.Command, p *string) { cmdutil.AddLabelSelectorFlagVar(cmd, p) }

func flagString(cmd *cobra.Command, name string) string {
	if f := cmd.Flags().Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

func flagBool(cmd *cobra.Command, name string) bool {
	b, _ := strconv.ParseBool(flagString(cmd, name))
	return b
}

// validationDirective is cmdutil.GetValidationDirective (helpers.go v0.37.2).
func validationDirective(cmd *cobra.Command) (string, error) {
	v := flagString(cmd, "validate")
	b, err := strconv.ParseBool(v)
	if err != nil {
		switch v {
		case "strict":
			return metav1.FieldValidationStrict, nil
		case "warn":
			return metav1.FieldValidationWarn, nil
		case "ignore":
			return metav1.FieldValidationIgnore, nil
		default:
			return metav1.FieldValidationStrict, fmt.Errorf(`invalid - validate option %q; must be one of: strict (or true), warn, ignore (or false)`, v)
		}
	}
	if b {
		return metav1.FieldValidationStrict, nil
	}
	return metav1.FieldValidationIgnore, nil
}

// dryRun strategies (cmdutil.DryRunStrategy).
type dryRun int

const (
	dryRunNone dryRun = iota
	dryRunClient
	dryRunServer
)

// dryRunStrategy is cmdutil.GetDryRunStrategy (helpers.go v0.37.2) without its klog
// deprecation warnings (they carry a timestamp no transcript can match).
func dryRunStrategy(cmd *cobra.Command) (dryRun, error) {
	f := cmd.Flags().Lookup("dry-run")
	if f == nil {
		return dryRunNone, nil
	}
	v := f.Value.String()
	b, err := strconv.ParseBool(v)
	if err != nil {
		switch v {
		case f.NoOptDefVal, "client":
			return dryRunClient, nil
		case "server":
			return dryRunServer, nil
		case "none":
			return dryRunNone, nil
		default:
			return dryRunNone, fmt.Errorf(`Invalid dry-run value (%v). Must be "none", "server", or "client".`, v)
		}
	}
	if b {
		return dryRunClient, nil
	}
	return dryRunNone, nil
}

// dryRunSuffix is cmdutil.PrintFlagsWithDryRunStrategy's operation format.
func dryRunSuffix(op string, d dryRun) string {
	switch d {
	case dryRunClient:
		return op + " (dry run)"
	case dryRunServer:
		return op + " (server dry run)"
	}
	return op
}
