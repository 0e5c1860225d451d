package kubectl

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cliprinters "k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	cliflag "k8s.io/component-base/cli/flag"
	cmdconfig "k8s.io/kubectl/pkg/cmd/config"
)

// Kubeconfig is kubectl's kubeconfig file ($HOME/.kube/config), kept by the caller from one
// invocation to the next: `kubectl config use-context|set-context` rewrite Data, and the
// current context's namespace is the namespace of commands run without -n (when
// Env.Namespace is empty).
type Kubeconfig struct {
	// Path is the file's name, for the messages that print it.
	Path string
	// Data is the file's YAML.
	Data []byte

	// parsed caches the parse of Data (parsedFrom is the Data it was parsed from).
	parsed     *clientcmdapi.Config
	parsedFrom []byte
}

// MinikubeConfig describes the kubeconfig minikube writes for its cluster.
type MinikubeConfig struct {
	// Home is the user's home directory ("/root").
	Home string
	// Server is the API server's URL ("https://192.168.49.2:8443").
	Server string
	// LastUpdate is when minikube wrote the file (the cluster's start).
	LastUpdate time.Time
	// Version is the minikube release that wrote it.
	Version string
	// Namespace is the context's namespace ("default").
	Namespace string
}

// MinikubeKubeconfig is the kubeconfig `minikube start` writes (profile "minikube", docker
// driver): cluster, context and user named "minikube", file references to the certificates
// under $HOME/.minikube, and the cluster_info/context_info extensions with the time of the
// last update (RFC 1123 in the local zone, UTC here) and minikube's version. The layout is
// that of kubeconfig files written by minikube v1.17 to v1.36 as users posted them; the
// version of minikube that ships Kubernetes 1.37 is not known here, so Version is the caller's.
func MinikubeKubeconfig(c MinikubeConfig) []byte {
	ext := fmt.Sprintf(`    - extension:
        last-update: %s
        provider: minikube.sigs.k8s.io
        version: %s
`, c.LastUpdate.UTC().Format(time.RFC1123), c.Version)
	ns := c.Namespace
	if ns == "" {
		ns = "default"
	}
	return []byte(`apiVersion: v1
clusters:
- cluster:
    certificate-authority: ` + c.Home + `/.minikube/ca.crt
    extensions:
` + ext + `      name: cluster_info
    server: ` + c.Server + `
  name: minikube
contexts:
- context:
    cluster: minikube
    extensions:
` + ext + `      name: context_info
    namespace: ` + ns + `
    user: minikube
  name: minikube
current-context: minikube
kind: Config
preferences: {}
users:
- name: minikube
  user:
    client-certificate: ` + c.Home + `/.minikube/profiles/minikube/client.crt
    client-key: ` + c.Home + `/.minikube/profiles/minikube/client.key
`)
}

// defaultMinikubeVersion is the minikube version the default kubeconfig names. It is not taken
// from a source (see MinikubeKubeconfig): outputs showing it are volatile anyway.
const defaultMinikubeVersion = "v1.37.0"

// kubeconfigFile is the kubeconfig kubectl reads: Env.Kubeconfig, or the file minikube would
// have written for this cluster (home /root, the API server's address from the `kubernetes`
// Endpoints, the time the default namespace was created), which kubectl cannot modify.
func (r *runner) kubeconfigFile() *Kubeconfig {
	if r.env.Kubeconfig != nil {
		return r.env.Kubeconfig
	}
	c := MinikubeConfig{Home: "/root", Server: r.serverURL(), Version: defaultMinikubeVersion}
	if obj, err := r.env.API.Get("namespaces", "", "default"); err == nil {
		c.LastUpdate = obj.(*corev1.Namespace).CreationTimestamp.Time
	}
	return &Kubeconfig{Path: "/root/.kube/config", Data: MinikubeKubeconfig(c)}
}

// serverURL is https://<address>:<port> of the `kubernetes` Service's endpoints (the API
// server's advertise address and secure port).
func (r *runner) serverURL() string {
	obj, err := r.env.API.Get("endpoints", "default", "kubernetes")
	if err == nil {
		ep := obj.(*corev1.Endpoints)
		if len(ep.Subsets) > 0 && len(ep.Subsets[0].Addresses) > 0 && len(ep.Subsets[0].Ports) > 0 {
			return fmt.Sprintf("https://%s:%d", ep.Subsets[0].Addresses[0].IP, ep.Subsets[0].Ports[0].Port)
		}
	}
	return "https://192.168.49.2:8443"
}

// kubeconfig parses the kubeconfig (clientcmd.Load, as kubectl loads the file).
func (r *runner) kubeconfig() (*clientcmdapi.Config, error) {
	f := r.kubeconfigFile()
	if f.parsed != nil && len(f.parsedFrom) == len(f.Data) && (len(f.Data) == 0 || &f.parsedFrom[0] == &f.Data[0]) {
		return f.parsed.DeepCopy(), nil
	}
	cfg, err := clientcmd.Load(f.Data)
	if err != nil {
		// client-go v0.37.2 tools/clientcmd/loader.go LoadFromFile.
		return nil, fmt.Errorf("error loading config file \"%s\": %v", f.Path, err)
	}
	f.parsed, f.parsedFrom = cfg.DeepCopy(), f.Data
	return cfg, nil
}

func emptyConfig() *clientcmdapi.Config { return clientcmdapi.NewConfig() }

// contextNamespace is the namespace of the kubeconfig's current context ("" when unset).
func (r *runner) contextNamespace() string {
	if r.env.Kubeconfig == nil {
		return ""
	}
	cfg, err := r.kubeconfig()
	if err != nil {
		return ""
	}
	if ctx := cfg.Contexts[cfg.CurrentContext]; ctx != nil {
		return ctx.Namespace
	}
	return ""
}

// configAccess is clientcmd.ConfigAccess over the one kubeconfig file.
type configAccess struct {
	r *runner
	// explicit is --kubeconfig (read from Env.Files).
	explicit string
}

func (a *configAccess) GetLoadingPrecedence() []string { return []string{a.GetDefaultFilename()} }

func (a *configAccess) GetStartingConfig() (*clientcmdapi.Config, error) {
	if a.explicit != "" {
		return a.loadExplicit()
	}
	return a.r.kubeconfig()
}

func (a *configAccess) loadExplicit() (*clientcmdapi.Config, error) {
	if a.r.env.Files == nil {
		return nil, notSimulated("kubectl config --kubeconfig (no host files)")
	}
	data, err := a.r.env.Files.ReadFile(a.explicit)
	if err != nil {
		return nil, notSimulated("kubectl config --kubeconfig=" + a.explicit)
	}
	cfg, err := clientcmd.Load(data)
	if err != nil {
		return nil, fmt.Errorf("error loading config file \"%s\": %v", a.explicit, err)
	}
	return cfg, nil
}

func (a *configAccess) GetDefaultFilename() string {
	if a.explicit != "" {
		return a.explicit
	}
	return a.r.kubeconfigFile().Path
}

func (a *configAccess) IsExplicitFile() bool { return a.explicit != "" }

func (a *configAccess) GetExplicitFile() string { return a.explicit }

// modify is clientcmd.ModifyConfig for the one file: the config is written back to
// Env.Kubeconfig.
func (a *configAccess) modify(cfg *clientcmdapi.Config) error {
	if a.explicit != "" || a.r.env.Kubeconfig == nil {
		return notSimulated("kubectl config changing a kubeconfig file the caller does not keep")
	}
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}
	a.r.env.Kubeconfig.Data = data
	return nil
}

// configSubcommands are the subcommands of `kubectl config` (k8s.io/kubectl v0.37.2
// pkg/cmd/config/config.go NewCmdConfig, in its order) and their short texts.
func configSubcommands() [][2]string {
	return [][2]string{
		{"view", "Display merged kubeconfig settings or a specified kubeconfig file"},
		{"set-cluster", "Set a cluster entry in kubeconfig"},
		{"set-credentials", "Set a user entry in kubeconfig"},
		{"set-context", "Set a context entry in kubeconfig"},
		{"set", "Set an individual value in a kubeconfig file"},
		{"unset", "Unset an individual value in a kubeconfig file"},
		{"current-context", "Display the current-context"},
		{"use-context", "Set the current-context in a kubeconfig file"},
		{"get-contexts", "Describe one or many contexts"},
		{"get-clusters", "Display clusters defined in the kubeconfig"},
		{"get-users", "Display users defined in the kubeconfig"},
		{"delete-cluster", "Delete the specified cluster from the kubeconfig"},
		{"delete-context", "Delete the specified context from the kubeconfig"},
		{"delete-user", "Delete the specified user from the kubeconfig"},
		{"rename-context", "Rename a context from the kubeconfig file"},
	}
}

// newConfig is NewCmdConfig with the subcommands that read the kubeconfig and the two that
// switch or edit a context; the others report that they are not simulated.
func (r *runner) newConfig() *cobra.Command {
	access := &configAccess{r: r}
	cmd := &cobra.Command{
		Use:                   "config SUBCOMMAND",
		DisableFlagsInUseLine: true,
		Short:                 "Modify kubeconfig files",
		Run: func(cmd *cobra.Command, args []string) {
			// cmdutil.DefaultSubCommandRun prints the help page.
			r.err = notSimulated("kubectl config (help page)")
		},
	}
	cmd.PersistentFlags().StringVar(&access.explicit, "kubeconfig", "", "use a particular kubeconfig file")
	for _, sc := range configSubcommands() {
		var sub *cobra.Command
		switch sc[0] {
		case "view":
			sub = r.newConfigView(access)
		case "current-context":
			sub = &cobra.Command{
				Use:   "current-context",
				Short: sc[1],
				Run: func(cmd *cobra.Command, args []string) {
					// current_context.go RunCurrentContext.
					r.err = cmdconfig.RunCurrentContext(r.out, &cmdconfig.CurrentContextOptions{ConfigAccess: access})
				},
			}
		case "get-contexts":
			sub = r.newConfigGetContexts(access)
		case "get-clusters":
			sub = &cobra.Command{
				Use:   "get-clusters",
				Short: sc[1],
				Run: func(cmd *cobra.Command, args []string) {
					// get_clusters.go runGetClusters: map order (one cluster in the files
					// simulated; several are printed sorted).
					cfg, err := access.GetStartingConfig()
					if err != nil {
						r.err = err
						return
					}
					fmt.Fprintf(r.out, "NAME\n")
					for _, name := range sortedNames(cfg.Clusters) {
						fmt.Fprintf(r.out, "%s\n", name)
					}
				},
			}
		case "get-users":
			sub = &cobra.Command{
				Use:   "get-users",
				Short: sc[1],
				Run: func(cmd *cobra.Command, args []string) {
					r.err = cmdconfig.NewGetUsersOptions(r.streams(), access).Run()
				},
			}
		case "use-context":
			sub = r.newConfigUseContext(access)
		case "set-context":
			sub = r.newConfigSetContext(access)
		default:
			name := sc[0]
			sub = &cobra.Command{Use: name, Short: sc[1], DisableFlagParsing: true, Run: func(*cobra.Command, []string) {
				r.err = notSimulated("kubectl config " + name)
			}}
		}
		cmd.AddCommand(sub)
	}
	return cmd
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// newConfigView is view.go NewCmdConfigView with kubectl's ViewOptions (Complete, Validate,
// Run: merge, --minify, redaction of secrets and embedded data, conversion to v1, the YAML
// printer).
func (r *runner) newConfigView(access *configAccess) *cobra.Command {
	o := &cmdconfig.ViewOptions{
		PrintFlags:   genericclioptions.NewPrintFlags("").WithTypeSetter(scheme.Scheme).WithDefaultOutput("yaml"),
		ConfigAccess: access,
		IOStreams:    r.streams(),
	}
	cmd := &cobra.Command{
		Use:   "view",
		Short: "Display merged kubeconfig settings or a specified kubeconfig file",
		Run: func(cmd *cobra.Command, args []string) {
			if o.Flatten {
				// FlattenConfig reads the certificate files named in the kubeconfig.
				r.err = notSimulated("kubectl config view --flatten")
				return
			}
			err := o.Complete(cmd, args)
			if err == nil {
				err = o.Validate()
			}
			if err == nil {
				err = o.Run()
			}
			r.err = err
		},
	}
	o.PrintFlags.AddFlags(cmd)
	o.Merge.Default(true)
	mergeFlag := cmd.Flags().VarPF(&o.Merge, "merge", "", "Merge the full hierarchy of kubeconfig files")
	mergeFlag.NoOptDefVal = "true"
	cmd.Flags().BoolVar(&o.RawByteData, "raw", o.RawByteData, "Display raw byte data and sensitive data")
	cmd.Flags().BoolVar(&o.Flatten, "flatten", o.Flatten, "Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)")
	cmd.Flags().BoolVar(&o.Minify, "minify", o.Minify, "Remove all information not used by current-context from the output")
	return cmd
}

// newConfigGetContexts is get_contexts.go NewCmdConfigGetContexts, Complete and
// RunGetContexts.
func (r *runner) newConfigGetContexts(access *configAccess) *cobra.Command {
	var noHeaders bool
	var outputFormat string
	cmd := &cobra.Command{
		Use:                   "get-contexts [(-o|--output=)name)]",
		DisableFlagsInUseLine: true,
		Short:                 "Describe one or many contexts",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runGetContexts(access, args, noHeaders, outputFormat)
		},
	}
	cmd.Flags().BoolVar(&noHeaders, "no-headers", noHeaders, "When using the default or custom-column output format, don't print headers (default print headers).")
	cmd.Flags().StringVarP(&outputFormat, "output", "o", outputFormat, `Output format. One of: (name).`)
	return cmd
}

func (r *runner) runGetContexts(access *configAccess, names []string, noHeaders bool, outputFormat string) error {
	if outputFormat != "" && outputFormat != "name" {
		return fmt.Errorf("--output %v is not available in kubectl config get-contexts; resetting to default output format", outputFormat)
	}
	nameOnly := outputFormat == "name"
	showHeaders := !noHeaders && !nameOnly
	cfg, err := access.GetStartingConfig()
	if err != nil {
		return err
	}
	out := cliprinters.GetNewTabWriter(r.out)
	defer out.Flush()
	var errs []error
	var toPrint []string
	if len(names) == 0 {
		for name := range cfg.Contexts {
			toPrint = append(toPrint, name)
		}
	} else {
		for _, name := range names {
			if _, ok := cfg.Contexts[name]; ok {
				toPrint = append(toPrint, name)
			} else {
				errs = append(errs, fmt.Errorf("context %v not found", name))
			}
		}
	}
	if showHeaders {
		fmt.Fprintf(out, "%s\n", strings.Join([]string{"CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"}, "\t"))
	}
	sort.Strings(toPrint)
	for _, name := range toPrint {
		if nameOnly {
			fmt.Fprintf(out, "%s\n", name)
			continue
		}
		prefix := " "
		if cfg.CurrentContext == name {
			prefix = "*"
		}
		c := cfg.Contexts[name]
		fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\n", prefix, name, c.Cluster, c.AuthInfo, c.Namespace)
	}
	return continueOnError(errs)
}

// newConfigUseContext is use_context.go NewCmdConfigUseContext (complete, validate, run).
func (r *runner) newConfigUseContext(access *configAccess) *cobra.Command {
	cmd := &cobra.Command{
		Use:                   "use-context CONTEXT_NAME",
		DisableFlagsInUseLine: true,
		Short:                 "Set the current-context in a kubeconfig file",
		Aliases:               []string{"use"},
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runUseContext(cmd, access)
		},
	}
	return cmd
}

func (r *runner) runUseContext(cmd *cobra.Command, access *configAccess) error {
	args := cmd.Flags().Args()
	if len(args) != 1 {
		return usageErrorf(cmd.CommandPath(), "Unexpected args: %v", args)
	}
	name := args[0]
	cfg, err := access.GetStartingConfig()
	if err != nil {
		return err
	}
	if len(name) == 0 {
		return errors.New("empty context names are not allowed")
	}
	if _, ok := cfg.Contexts[name]; !ok {
		return fmt.Errorf("no context exists with the name: %q", name)
	}
	cfg.CurrentContext = name
	if err := access.modify(cfg); err != nil {
		return err
	}
	fmt.Fprintf(r.out, "Switched to context %q.\n", name)
	return nil
}

// newConfigSetContext is set_context.go NewCmdConfigSetContext (complete, validate, run,
// modifyContext).
func (r *runner) newConfigSetContext(access *configAccess) *cobra.Command {
	var current bool
	var cluster, authInfo, namespace cliflag.StringFlag
	cmd := &cobra.Command{
		Use:                   fmt.Sprintf("set-context [NAME | --current] [--%v=cluster_nickname] [--%v=user_nickname] [--%v=namespace]", clientcmd.FlagClusterName, clientcmd.FlagAuthInfoName, clientcmd.FlagNamespace),
		DisableFlagsInUseLine: true,
		Short:                 "Set a context entry in kubeconfig",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runSetContext(cmd, access, current, cluster, authInfo, namespace)
		},
	}
	cmd.Flags().BoolVar(&current, "current", current, "Modify the current context")
	cmd.Flags().Var(&cluster, clientcmd.FlagClusterName, clientcmd.FlagClusterName+" for the context entry in kubeconfig")
	cmd.Flags().Var(&authInfo, clientcmd.FlagAuthInfoName, clientcmd.FlagAuthInfoName+" for the context entry in kubeconfig")
	cmd.Flags().VarP(&namespace, clientcmd.FlagNamespace, "n", clientcmd.FlagNamespace+" for the context entry in kubeconfig")
	return cmd
}

func (r *runner) runSetContext(cmd *cobra.Command, access *configAccess, current bool, cluster, authInfo, namespace cliflag.StringFlag) error {
	args := cmd.Flags().Args()
	if len(args) > 1 {
		return usageErrorf(cmd.CommandPath(), "Unexpected args: %v", args)
	}
	name := ""
	if len(args) == 1 {
		name = args[0]
	}
	if len(name) == 0 && !current {
		return errors.New("you must specify a non-empty context name or --current")
	}
	if len(name) > 0 && current {
		return errors.New("you cannot specify both a context name and --current")
	}
	cfg, err := access.GetStartingConfig()
	if err != nil {
		return err
	}
	if current {
		if len(cfg.CurrentContext) == 0 {
			return errors.New("no current context is set")
		}
		name = cfg.CurrentContext
	}
	stanza, exists := cfg.Contexts[name]
	if !exists {
		stanza = clientcmdapi.NewContext()
	}
	ctx := *stanza
	if cluster.Provided() {
		ctx.Cluster = cluster.Value()
	}
	if authInfo.Provided() {
		ctx.AuthInfo = authInfo.Value()
	}
	if namespace.Provided() {
		ctx.Namespace = namespace.Value()
	}
	cfg.Contexts[name] = &ctx
	if err := access.modify(cfg); err != nil {
		return err
	}
	if exists {
		fmt.Fprintf(r.out, "Context %q modified.\n", name)
	} else {
		fmt.Fprintf(r.out, "Context %q created.\n", name)
	}
	return nil
}
