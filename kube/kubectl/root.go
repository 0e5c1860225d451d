package kubectl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"

	"github.com/docbuild/docbuild/kube/k8sversion"
)

// Run runs one kubectl command line (args without the leading "kubectl") against env and
// returns kubectl's exit status. Output goes to env.Stdout and env.Stderr exactly as kubectl
// splits it. When the command leaves an interactive session open (exec -it … -- sh,
// run -it), env.Session is set and the final exit status comes from its End.
func Run(env *Env, args []string) (exitCode int) {
	r := newRunner(env)
	defer func() {
		if p := recover(); p != nil {
			// A bug in the simulator must not look like kubectl output.
			panic(fmt.Sprintf("kubectl %s: %v", strings.Join(args, " "), p))
		}
	}()
	args = normalizeArgs(args)
	root := r.rootCommand(args)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		err = r.err
	}
	if err == nil {
		return r.code
	}
	if ns := findNotSimulated(err); ns != nil {
		env.NotSimulated = ns.What
		return 0
	}
	msg, code := formatError(err)
	if msg != "" {
		if !strings.HasSuffix(msg, "\n") {
			msg += "\n"
		}
		io.WriteString(r.errOut, msg)
	}
	return code
}

// runner is the state of one Run.
type runner struct {
	env         *Env
	out, errOut io.Writer
	ver         *k8sversion.Version

	// namespace is the effective namespace (-n or the context's); explicitNS reports -n.
	namespace  string
	explicitNS bool

	// err is a command's error (commands run through RunE-less closures so that cobra
	// never prints), code a successful command's exit status.
	err  error
	code int

	// warned deduplicates server warnings (client-go rest.WarningWriter Deduplicate).
	warned map[string]bool
}

func newRunner(env *Env) *runner {
	r := &runner{env: env, out: env.Stdout, errOut: env.Stderr}
	if r.out == nil {
		r.out = io.Discard
	}
	if r.errOut == nil {
		r.errOut = io.Discard
	}
	r.ver = env.Version
	if r.ver == nil && env.API != nil {
		r.ver = env.API.Version()
	}
	if r.ver == nil {
		r.ver = k8sversion.MustGet(k8sversion.Default)
	}
	return r
}

// warn prints server warnings as kubectl's default warning handler does
// (client-go v0.37.2 rest/warnings.go WarningWriter: "Warning: <text>\n", deduplicated).
func (r *runner) warn(warnings []string) {
	for _, w := range warnings {
		if r.warned == nil {
			r.warned = map[string]bool{}
		}
		if r.warned[w] {
			continue
		}
		r.warned[w] = true
		fmt.Fprintf(r.errOut, "Warning: %s\n", w)
	}
}

// command is one kubectl subcommand: its name, aliases, and the builder of its cobra command.
type command struct {
	name       string
	aliases    []string
	suggestFor []string
	short      string
	build      func(r *runner) *cobra.Command
}

// commands is kubectl v1.37.2's command list (pkg/cmd/cmd.go NewKubectlCommand), in its
// order. Commands the simulator does not model are built as stubs that report so.
func commands() []command {
	return []command{
		{name: "create", short: "Create a resource from a file or from stdin", build: (*runner).newCreate},
		{name: "expose", short: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service", build: (*runner).newExpose},
		{name: "run", short: "Run a particular image on the cluster", build: (*runner).newRun},
		{name: "set", short: "Set specific features on objects", build: (*runner).newSet},
		{name: "explain", short: "Get documentation for a resource", build: (*runner).newExplain},
		{name: "get", suggestFor: []string{"list", "ls"}, short: "Display one or many resources", build: (*runner).newGet},
		{name: "edit", short: "Edit a resource on the server"},
		{name: "delete", suggestFor: []string{"rm", "remove"}, short: "Delete resources by file names, stdin, resources and names, or by resources and label selector", build: (*runner).newDelete},
		{name: "rollout", short: "Manage the rollout of a resource", build: (*runner).newRollout},
		{name: "scale", short: "Set a new size for a deployment, replica set, or replication controller", build: (*runner).newScale},
		{name: "autoscale", short: "Auto-scale a deployment, replica set, stateful set, or replication controller"},
		{name: "certificate", short: "Modify certificate resources"},
		{name: "cluster-info", short: "Display cluster information", build: (*runner).newClusterInfo},
		{name: "top", short: "Display resource (CPU/memory) usage", build: (*runner).newTop},
		{name: "cordon", short: "Mark node as unschedulable"},
		{name: "uncordon", short: "Mark node as schedulable"},
		{name: "drain", short: "Drain node in preparation for maintenance"},
		{name: "taint", short: "Update the taints on one or more nodes"},
		{name: "describe", short: "Show details of a specific resource or group of resources", build: (*runner).newDescribe},
		{name: "logs", short: "Print the logs for a container in a pod", build: (*runner).newLogs},
		{name: "attach", short: "Attach to a running container", build: (*runner).newAttach},
		{name: "exec", short: "Execute a command in a container", build: (*runner).newExec},
		{name: "port-forward", short: "Forward one or more local ports to a pod"},
		{name: "proxy", short: "Run a proxy to the Kubernetes API server"},
		{name: "cp", short: "Copy files and directories to and from containers", build: (*runner).newCp},
		{name: "auth", short: "Inspect authorization"},
		{name: "debug", short: "Create debugging sessions for troubleshooting workloads and nodes", build: (*runner).newDebug},
		{name: "events", short: "List events"},
		{name: "diff", short: "Diff the live version against a would-be applied version"},
		{name: "apply", short: "Apply a configuration to a resource by file name or stdin", build: (*runner).newApply},
		{name: "patch", short: "Update fields of a resource", build: (*runner).newPatch},
		{name: "replace", short: "Replace a resource by file name or stdin", build: (*runner).newReplace},
		{name: "wait", short: "Experimental: Wait for a specific condition on one or many resources", build: (*runner).newWait},
		{name: "kustomize", short: "Build a kustomization target from a directory or URL"},
		{name: "label", short: "Update the labels on a resource", build: (*runner).newLabel},
		{name: "annotate", short: "Update the annotations on a resource", build: (*runner).newAnnotate},
		{name: "completion", short: "Output shell completion code for the specified shell (bash, zsh, fish, or powershell)"},
		{name: "alpha", short: "Commands for features in alpha"},
		{name: "api-resources", short: "Print the supported API resources on the server", build: (*runner).newAPIResources},
		{name: "api-versions", short: "Print the supported API versions on the server, in the form of \"group/version\"", build: (*runner).newAPIVersions},
		{name: "config", short: "Modify kubeconfig files", build: (*runner).newConfig},
		{name: "plugin", short: "Provides utilities for interacting with plugins"},
		{name: "version", short: "Print the client and server version information", build: (*runner).newVersion},
		{name: "options", short: "Print the list of flags inherited by all commands"},
	}
}

// globalFlag is a persistent flag of the kubectl root command.
type globalFlag struct {
	name, shorthand, def, usage string
	kind                        string // "string", "bool", "stringArray", "int32", "duration"
}

// globalFlags are the root's persistent flags: genericclioptions v0.37.2 ConfigFlags.AddFlags
// (with the deprecated username/password flags kubectl enables), MatchVersionFlags,
// --warnings-as-errors, --kuberc, the profiling flags (pkg/cmd/profiling.go) and klog's
// -v/--vmodule/--log-flush-frequency (component-base logs.AddFlags).
func globalFlags() []globalFlag {
	return []globalFlag{
		{name: "as", usage: "Username to impersonate for the operation. User could be a regular user or a service account in a namespace.", kind: "string"},
		{name: "as-group", usage: "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.", kind: "stringArray"},
		{name: "as-uid", usage: "UID to impersonate for the operation.", kind: "string"},
		{name: "as-user-extra", usage: "User extras to impersonate for the operation, this flag can be repeated to specify multiple values for the same key.", kind: "stringArray"},
		{name: "cache-dir", def: "$HOME/.kube/cache", usage: "Default cache directory", kind: "string"},
		{name: "certificate-authority", usage: "Path to a cert file for the certificate authority", kind: "string"},
		{name: "client-certificate", usage: "Path to a client certificate file for TLS", kind: "string"},
		{name: "client-key", usage: "Path to a client key file for TLS", kind: "string"},
		{name: "cluster", usage: "The name of the kubeconfig cluster to use", kind: "string"},
		{name: "context", usage: "The name of the kubeconfig context to use", kind: "string"},
		{name: "disable-compression", usage: "If true, opt-out of response compression for all requests to the server", kind: "bool"},
		{name: "insecure-skip-tls-verify", usage: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure", kind: "bool"},
		{name: "kubeconfig", usage: "Path to the kubeconfig file to use for CLI requests.", kind: "string"},
		{name: "kuberc", usage: "Path to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false feature gate or turning off the feature KUBERC=off.", kind: "string"},
		{name: "log-flush-frequency", def: "5s", usage: "Maximum number of seconds between log flushes", kind: "duration"},
		{name: "match-server-version", usage: "Require server version to match client version", kind: "bool"},
		{name: "namespace", shorthand: "n", usage: "If present, the namespace scope for this CLI request", kind: "string"},
		{name: "password", usage: "Password for basic authentication to the API server", kind: "string"},
		{name: "profile", def: "none", usage: "Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex|trace)", kind: "string"},
		{name: "profile-output", def: "profile.pprof", usage: "Name of the file to write the profile to", kind: "string"},
		{name: "proxy-url", usage: "Proxy URL to use for requests to the API server", kind: "string"},
		{name: "request-timeout", def: "0", usage: "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.", kind: "string"},
		{name: "server", shorthand: "s", usage: "The address and port of the Kubernetes API server", kind: "string"},
		{name: "tls-server-name", usage: "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used", kind: "string"},
		{name: "token", usage: "Bearer token for authentication to the API server", kind: "string"},
		{name: "user", usage: "The name of the kubeconfig user to use", kind: "string"},
		{name: "username", usage: "Username for basic authentication to the API server", kind: "string"},
		{name: "v", shorthand: "v", def: "0", usage: "number for the log level verbosity", kind: "int32"},
		{name: "vmodule", usage: "comma-separated list of pattern=N settings for file-filtered logging (only works for text log format)", kind: "string"},
		{name: "warnings-as-errors", usage: "Treat warnings received from the server as errors and exit with a non-zero exit code", kind: "bool"},
	}
}

// addGlobalFlags declares the global flags args mention (and --namespace), or all of them: the
// others cannot change the parse, and declaring 31 flags per invocation is most of a short
// command's cost.
func addGlobalFlags(fs *pflag.FlagSet, args []string, globals []globalFlag, all bool) {
	for _, g := range globals {
		if !all && g.name != "namespace" && !mentions(args, g) {
			continue
		}
		switch g.kind {
		case "bool":
			fs.BoolP(g.name, g.shorthand, false, g.usage)
		case "stringArray":
			fs.StringArrayP(g.name, g.shorthand, []string{}, g.usage)
		case "int32":
			fs.Int32P(g.name, g.shorthand, 0, g.usage)
		case "duration":
			fs.DurationP(g.name, g.shorthand, 5e9, g.usage)
		default:
			fs.StringP(g.name, g.shorthand, g.def, g.usage)
		}
	}
}

// mentions reports whether an argument may set flag g (--name, --name=…, -s, -s…, or a run of
// shorthands containing s).
func mentions(args []string, g globalFlag) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		switch {
		case strings.HasPrefix(a, "--"):
			n := strings.TrimPrefix(a, "--")
			if i := strings.IndexByte(n, '='); i >= 0 {
				n = n[:i]
			}
			if n == g.name {
				return true
			}
		case strings.HasPrefix(a, "-") && g.shorthand != "":
			if strings.Contains(a[1:], g.shorthand) {
				return true
			}
		}
	}
	return false
}

// findCommand returns the name of the subcommand args select: the first argument that is not
// a global flag or a global flag's value (what cobra's Find does, without building every
// command).
func findCommand(args []string, globals []globalFlag) string {
	takesValue := func(a string) bool {
		for _, g := range globals {
			if g.kind != "bool" && (a == "--"+g.name || (g.shorthand != "" && a == "-"+g.shorthand)) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return ""
		case strings.HasPrefix(a, "-"):
			if !strings.Contains(a, "=") && takesValue(a) {
				i++
			}
		default:
			return a
		}
	}
	return ""
}

// normalizeArgs is component-base cliflag.WordSepNormalizeFunc applied to the command line:
// "_" in a long flag's name reads as "-" (kubectl prints a klog warning, with a timestamp no
// transcript can match, which is left out).
func normalizeArgs(args []string) []string {
	out := make([]string, len(args))
	copy(out, args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "--") || !strings.Contains(a, "_") {
			continue
		}
		name, value, hasValue := strings.Cut(a[2:], "=")
		a = "--" + strings.ReplaceAll(name, "_", "-")
		if hasValue {
			a += "=" + value
		}
		out[i] = a
	}
	return out
}

// rootCommand builds the kubectl root with the subcommand args select (or, when it names no
// known command, every command as a stub, so that cobra's "unknown command" error and its
// suggestions are kubectl's).
func (r *runner) rootCommand(args []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "kubectl",
		Short: "kubectl controls the Kubernetes cluster manager",
		Long:  "kubectl controls the Kubernetes cluster manager.\n\n Find more information at:\n       https://kubernetes.io/docs/reference/kubectl/",
		Run: func(cmd *cobra.Command, _ []string) {
			_ = cmd.Help()
		},
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	// kubectl's help pages come from its templates (pkg/util/templates), which are not
	// reproduced: -h/--help and `kubectl` alone are reported as not simulated.
	root.SetHelpFunc(func(c *cobra.Command, _ []string) {
		r.err = notSimulated("kubectl help (" + c.CommandPath() + " --help)")
	})
	// cobra prints flag deprecation notices with Print, to OutOrStderr: stderr, as kubectl does.
	root.SetOut(r.errOut)
	root.SetErr(r.errOut)
	root.SetIn(bytes.NewReader(nil))
	// k8s.io/kubectl v0.37.2 pkg/util/templates/templater.go FlagErrorFunc.
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%s\nSee '%s --help' for usage.", err, c.CommandPath())
	})
	globals := globalFlags()
	root.PersistentFlags().SortFlags = false
	root.Flags().SortFlags = false
	name := findCommand(args, globals)
	// The config commands read --context, --cluster and --user through cmdutil's getters,
	// which end the process when a flag is not declared: they get every global flag.
	addGlobalFlags(root.PersistentFlags(), args, globals, name == "config")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		return r.complete(cmd)
	}

	all := commands()
	found := false
	for _, c := range all {
		if c.name == name || contains(c.aliases, name) {
			found = true
			root.AddCommand(unsorted(r.buildCommand(c)))
		}
	}
	if !found {
		for _, c := range all {
			root.AddCommand(&cobra.Command{Use: c.name, Aliases: c.aliases, SuggestFor: c.suggestFor, Short: c.short, Run: func(*cobra.Command, []string) {}})
		}
	}
	return root
}

// unsorted turns off pflag's flag sorting on cmd and its subcommands: it only orders help
// pages (not simulated), and cobra's required-flag check and flag merging would sort every
// flag set on every run.
func unsorted(cmd *cobra.Command) *cobra.Command {
	cmd.Flags().SortFlags = false
	cmd.PersistentFlags().SortFlags = false
	for _, sub := range cmd.Commands() {
		unsorted(sub)
	}
	return cmd
}

func (r *runner) buildCommand(c command) *cobra.Command {
	if c.build != nil {
		return c.build(r)
	}
	return &cobra.Command{
		Use:                c.name,
		Aliases:            c.aliases,
		Short:              c.short,
		DisableFlagParsing: true,
		Run: func(cmd *cobra.Command, args []string) {
			r.err = notSimulated("kubectl " + c.name)
		},
	}
}

// complete reads the global flags every command needs.
func (r *runner) complete(cmd *cobra.Command) error {
	ns := r.env.Namespace
	if ns == "" {
		ns = r.contextNamespace()
	}
	if ns == "" {
		ns = "default"
	}
	if f := cmd.Flags().Lookup("namespace"); f != nil && f.Changed {
		ns = f.Value.String()
		r.explicitNS = true
	}
	r.namespace = ns
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// NotSimulatedError reports a command, flag or behaviour the simulator does not model. kubectl
// prints nothing for it; Run reports it through Env.NotSimulated. Runtime implementations
// return it for what depends on an image the catalogue does not describe.
type NotSimulatedError struct{ What string }

func (e *NotSimulatedError) Error() string { return e.What + " is not simulated" }

func notSimulated(what string) error { return &NotSimulatedError{What: what} }

// findNotSimulated finds a NotSimulatedError in err, in wrapped errors and in the aggregates
// the builder-style commands return: a command that met one is not simulated as a whole.
func findNotSimulated(err error) *NotSimulatedError {
	var ns *NotSimulatedError
	if errors.As(err, &ns) {
		return ns
	}
	var agg utilerrors.Aggregate
	if errors.As(err, &agg) {
		for _, e := range agg.Errors() {
			if ns := findNotSimulated(e); ns != nil {
				return ns
			}
		}
	}
	return nil
}
