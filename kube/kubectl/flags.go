package kubectl

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	cmddelete "k8s.io/kubectl/pkg/cmd/delete"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
)

// The flag helpers below register flags exactly as k8s.io/kubectl v0.37.2
// pkg/cmd/util/helpers.go does (most call it directly: its Add*Flag functions only declare
// flags). Reading them back never goes through cmdutil's klog-logging getters.

// addFilenameFlags is cmdutil.AddFilenameOptionFlags.
func addFilenameFlags(cmd *cobra.Command, filenames *[]string, kustomize *string, recursive *bool, usage string) {
	addJSONFilenameFlag(cmd, filenames, "Filename, directory, or URL to files "+usage)
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

// addJSONFilenameFlag is cmdutil.AddJsonFilenameFlag with a cheaper string-slice value.
func addJSONFilenameFlag(cmd *cobra.Command, value *[]string, usage string) {
	stringSliceVarP(cmd.Flags(), value, "filename", "f", usage)
	_ = cmd.Flags().SetAnnotation("filename", cobra.BashCompFilenameExt, []string{"json", "yaml", "yml"})
}

// stringSliceVarP declares a flag with pflag's stringSlice semantics (values are CSV records,
// repeated flags append) whose default is empty. pflag's own value renders its default
// through an encoding/csv writer with a 4 KiB buffer on every declaration, most of a short
// command's allocations; this one renders "[]" directly.
func stringSliceVarP(fs *pflag.FlagSet, p *[]string, name, shorthand, usage string) {
	*p = []string{}
	fs.VarP(&sliceValue{value: p}, name, shorthand, usage)
}

// sliceValue is pflag v1.1.0 string_slice.go stringSliceValue.
type sliceValue struct {
	value   *[]string
	changed bool
}

func (s *sliceValue) Set(val string) error {
	var v []string
	if val != "" {
		r := csv.NewReader(strings.NewReader(val))
		rec, err := r.Read()
		if err != nil {
			return err
		}
		v = rec
	} else {
		v = []string{}
	}
	if !s.changed {
		*s.value = v
	} else {
		*s.value = append(*s.value, v...)
	}
	s.changed = true
	return nil
}

func (s *sliceValue) Type() string { return "stringSlice" }

func (s *sliceValue) String() string {
	if len(*s.value) == 0 {
		return "[]"
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(*s.value)
	w.Flush()
	return "[" + strings.TrimSuffix(b.String(), "\n") + "]"
}

func (s *sliceValue) Append(val string) error {
	*s.value = append(*s.value, val)
	return nil
}

func (s *sliceValue) Replace(val []string) error {
	*s.value = val
	return nil
}

func (s *sliceValue) GetSlice() []string { return *s.value }

// addDeleteFlags is cmddelete.DeleteFlags.AddFlags (k8s.io/kubectl v0.37.2
// pkg/cmd/delete/delete_flags.go) with the filename flag declared by addJSONFilenameFlag.
func addDeleteFlags(cmd *cobra.Command, f *cmddelete.DeleteFlags) {
	if f.FileNameFlags != nil {
		fl := f.FileNameFlags
		if fl.Recursive != nil {
			cmd.Flags().BoolVarP(fl.Recursive, "recursive", "R", *fl.Recursive, "Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.")
		}
		if fl.Filenames != nil {
			stringSliceVarP(cmd.Flags(), fl.Filenames, "filename", "f", fl.Usage)
			_ = cmd.Flags().SetAnnotation("filename", cobra.BashCompFilenameExt, []string{"json", "yaml", "yml"})
		}
		if fl.Kustomize != nil {
			cmd.Flags().StringVarP(fl.Kustomize, "kustomize", "k", *fl.Kustomize, "Process a kustomization directory. This flag can't be used together with -f or -R.")
		}
	}
	// The rest is delete_flags.go AddFlags as is.
	rest := *f
	rest.FileNameFlags = nil
	rest.AddFlags(cmd)
}
