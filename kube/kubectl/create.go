package kubectl

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/spf13/cobra"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/scheme"
	kubectlutil "k8s.io/kubectl/pkg/util"

	"github.com/docbuild/docbuild/kube/apiserver"
)

type createOptions struct {
	printFlags   *genericclioptions.PrintFlags
	recordFlags  *genericclioptions.RecordFlags
	filenames    []string
	kustomize    string
	recursive    bool
	edit         bool
	selector     string
	raw          string
	fieldManager string
}

func (r *runner) newCreate() *cobra.Command {
	o := &createOptions{printFlags: genericclioptions.NewPrintFlags("created").WithTypeSetter(scheme.Scheme), recordFlags: genericclioptions.NewRecordFlags()}
	cmd := &cobra.Command{
		Use:                   "create -f FILENAME",
		DisableFlagsInUseLine: true,
		Short:                 "Create a resource from a file or from stdin",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runCreate(cmd, o, args)
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/create/create.go NewCmdCreate.
	o.recordFlags.AddFlags(cmd)
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "to use to create the resource")
	cmdutil.AddValidateFlags(cmd)
	cmd.Flags().BoolVar(&o.edit, "edit", o.edit, "Edit the API resource before creating")
	cmd.Flags().Bool("windows-line-endings", false, "Only relevant if --edit=true. Defaults to the line ending native to your platform.")
	cmdutil.AddApplyAnnotationFlags(cmd)
	cmdutil.AddDryRunFlag(cmd)
	addSelectorFlag(cmd, &o.selector)
	cmd.Flags().StringVar(&o.raw, "raw", o.raw, "Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file.")
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-create")
	o.printFlags.AddFlags(cmd)

	cmd.AddCommand(r.newCreateGenerator("namespace NAME [--dry-run=server|client|none]", []string{"ns"}, "Create a namespace with the specified name", nil, r.generateNamespace))
	cmd.AddCommand(r.newCreateGenerator("configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]", []string{"cm"}, "Create a config map from a local file, directory or literal value", addConfigMapFlags, r.generateConfigMap))
	secret := &cobra.Command{Use: "secret (docker-registry | generic | tls)", DisableFlagsInUseLine: true, Short: "Create a secret using a specified subcommand",
		Run: func(cmd *cobra.Command, args []string) {
			_ = cmd.Help()
		}}
	secret.AddCommand(r.newCreateGenerator("generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]", nil, "Create a secret from a local file, directory, or literal value", addSecretFlags, r.generateSecret))
	for _, s := range []string{"docker-registry", "tls"} {
		name := s
		secret.AddCommand(&cobra.Command{Use: name, DisableFlagParsing: true, Run: func(*cobra.Command, []string) { r.err = notSimulated("kubectl create secret " + name) }})
	}
	cmd.AddCommand(secret)
	cmd.AddCommand(r.newCreateGenerator("serviceaccount NAME [--dry-run=server|client|none]", []string{"sa"}, "Create a service account with the specified name", nil, r.generateServiceAccount))
	cmd.AddCommand(r.newCreateGenerator("deployment NAME --image=image -- [COMMAND] [args...]", []string{"deploy"}, "Create a deployment with the specified name", addDeploymentFlags, r.generateDeployment))
	for _, s := range []string{"quota", "service", "clusterrole", "clusterrolebinding", "role", "rolebinding", "poddisruptionbudget", "priorityclass", "job", "cronjob", "ingress", "token"} {
		name := s
		cmd.AddCommand(&cobra.Command{Use: name, DisableFlagParsing: true, Run: func(*cobra.Command, []string) { r.err = notSimulated("kubectl create " + name) }})
	}
	return cmd
}

// runCreate is create.go v0.37.2 Validate, Complete and RunCreate.
func (r *runner) runCreate(cmd *cobra.Command, o *createOptions, args []string) error {
	if len(o.filenames) == 0 && o.kustomize == "" {
		// FilenameOptions.RequireFilenameOrKustomize.
		return errors.New("must specify one of -f and -k")
	}
	if len(o.raw) > 0 || o.edit {
		return notSimulated("kubectl create --raw/--edit")
	}
	if len(args) != 0 {
		return usageErrorf(cmd.CommandPath(), "Unexpected args: %v", args)
	}
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	directive, err := validationDirective(cmd)
	if err != nil {
		return err
	}
	if _, err := o.printFlags.ToPrinter(); err != nil {
		return err
	}
	if o.kustomize != "" {
		return notSimulated("kubectl create -k")
	}
	saveConfig := flagBool(cmd, cmdutil.ApplyAnnotationsFlag)
	count := 0
	var errs []error
	ferrs := r.visitFiles(o.filenames, o.recursive, directive != "Ignore", func(info *fileInfo, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if o.selector != "" {
			sel, err := parseSelector(o.selector)
			if err != nil {
				return err
			}
			if !sel.Matches(labelSet(info.obj.GetLabels())) {
				return nil
			}
		}
		if err := kubectlutil.CreateOrUpdateAnnotation(saveConfig, info.obj, scheme.DefaultJSONEncoder()); err != nil {
			errs = append(errs, addSourceToErr("creating", info.source, err))
			return nil
		}
		result := runtime.Object(info.obj)
		if dr != dryRunClient {
			body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, info.obj)
			if err != nil {
				return err
			}
			obj, warnings, err := r.env.API.Create(info.m.Name, info.namespace, body, apiserver.CreateOptions{DryRun: dr == dryRunServer, FieldValidation: directive, FieldManager: o.fieldManager})
			r.warn(warnings)
			if err != nil {
				errs = append(errs, addSourceToErr("creating", info.source, err))
				return nil
			}
			result = withKindOf(obj, info.m)
		}
		count++
		return r.printObject(o.printFlags, "created", dr, result)
	})
	errs = append(errs, ferrs...)
	if len(errs) > 0 {
		return utilerrors.NewAggregate(errs)
	}
	if count == 0 {
		return errors.New("no objects passed to create")
	}
	return nil
}

// generatorFlags are the flags every `create <kind>` generator has.
type generatorFlags struct {
	printFlags   *genericclioptions.PrintFlags
	fieldManager string
	fromFile     []string
	fromLiteral  []string
	fromEnvFile  []string
	appendHash   bool
	secretType   string
	images       []string
	port         int32
	replicas     int32
}

// newCreateGenerator builds a `kubectl create <kind>` generator command (create_namespace.go,
// create_configmap.go, create_secret.go, create_serviceaccount.go, create_deployment.go):
// PrintFlags, --save-config, --validate, --dry-run, the kind's flags, --field-manager.
func (r *runner) newCreateGenerator(use string, aliases []string, short string, addFlags func(*cobra.Command, *generatorFlags), gen func(*cobra.Command, *generatorFlags, string, []string) (runtime.Object, string, error)) *cobra.Command {
	g := &generatorFlags{printFlags: genericclioptions.NewPrintFlags("created").WithTypeSetter(scheme.Scheme), port: -1, replicas: 1}
	cmd := &cobra.Command{
		Use:                   use,
		DisableFlagsInUseLine: true,
		Aliases:               aliases,
		Short:                 short,
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runGenerator(cmd, g, args, gen)
		},
	}
	g.printFlags.AddFlags(cmd)
	cmdutil.AddApplyAnnotationFlags(cmd)
	cmdutil.AddValidateFlags(cmd)
	cmdutil.AddDryRunFlag(cmd)
	if addFlags != nil {
		addFlags(cmd, g)
	}
	cmdutil.AddFieldManagerFlagVar(cmd, &g.fieldManager, "kubectl-create")
	return cmd
}

func addConfigMapFlags(cmd *cobra.Command, g *generatorFlags) {
	cmd.Flags().StringSliceVar(&g.fromFile, "from-file", g.fromFile, "Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key.")
	cmd.Flags().StringArrayVar(&g.fromLiteral, "from-literal", g.fromLiteral, "Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)")
	cmd.Flags().StringSliceVar(&g.fromEnvFile, "from-env-file", g.fromEnvFile, "Specify the path to a file to read lines of key=val pairs to create a configmap.")
	cmd.Flags().BoolVar(&g.appendHash, "append-hash", g.appendHash, "Append a hash of the configmap to its name.")
}

func addSecretFlags(cmd *cobra.Command, g *generatorFlags) {
	cmd.Flags().StringSliceVar(&g.fromFile, "from-file", g.fromFile, "Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.  Specifying a directory will iterate each named file in the directory that is a valid secret key.")
	cmd.Flags().StringArrayVar(&g.fromLiteral, "from-literal", g.fromLiteral, "Specify a key and literal value to insert in secret (i.e. mykey=somevalue)")
	cmd.Flags().StringSliceVar(&g.fromEnvFile, "from-env-file", g.fromEnvFile, "Specify the path to a file to read lines of key=val pairs to create a secret.")
	cmd.Flags().StringVar(&g.secretType, "type", g.secretType, "The type of secret to create")
	cmd.Flags().BoolVar(&g.appendHash, "append-hash", g.appendHash, "Append a hash of the secret to its name.")
}

func addDeploymentFlags(cmd *cobra.Command, g *generatorFlags) {
	cmd.Flags().StringSliceVar(&g.images, "image", g.images, "Image names to run. A deployment can have multiple images set for multi-container pod.")
	_ = cmd.MarkFlagRequired("image")
	cmd.Flags().Int32Var(&g.port, "port", g.port, "The containerPort that this deployment exposes.")
	cmd.Flags().Int32VarP(&g.replicas, "replicas", "r", g.replicas, "Number of replicas to create. Default is 1.")
}

// runGenerator is the Complete/Run shared by the generators: NameFromCommandArgs, the object,
// --save-config, then a create (errors prefixed as each generator prefixes them).
func (r *runner) runGenerator(cmd *cobra.Command, g *generatorFlags, args []string, gen func(*cobra.Command, *generatorFlags, string, []string) (runtime.Object, string, error)) error {
	// create.go NameFromCommandArgs.
	argsLen := cmd.ArgsLenAtDash()
	if argsLen == -1 {
		argsLen = len(args)
	}
	if argsLen != 1 {
		return usageErrorf(cmd.CommandPath(), "exactly one NAME is required, got %d", argsLen)
	}
	name := args[0]
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	if _, err := g.printFlags.ToPrinter(); err != nil {
		return err
	}
	directive, err := validationDirective(cmd)
	if err != nil {
		return err
	}
	obj, errPrefix, err := gen(cmd, g, name, args[1:])
	if err != nil {
		return err
	}
	if err := kubectlutil.CreateOrUpdateAnnotation(flagBool(cmd, cmdutil.ApplyAnnotationsFlag), obj, scheme.DefaultJSONEncoder()); err != nil {
		return err
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if dr != dryRunClient {
		m, ok := r.mappingForKind(gvk.Group, gvk.Version, gvk.Kind)
		if !ok {
			return notSimulated("kubectl create " + strings.ToLower(gvk.Kind))
		}
		ns := r.namespace
		if !m.Namespaced {
			ns = ""
		}
		created, warnings, err := r.env.API.CreateObject(ns, obj, apiserver.CreateOptions{DryRun: dr == dryRunServer, FieldValidation: directive, FieldManager: g.fieldManager})
		r.warn(warnings)
		if err != nil {
			if errPrefix != "" {
				return fmt.Errorf("%s%v", errPrefix, err)
			}
			return err
		}
		obj = withKindOf(created, m)
	}
	return r.printObject(g.printFlags, "created", dr, obj)
}

func (r *runner) enforcedNamespace() string {
	if r.explicitNS {
		return r.namespace
	}
	return ""
}

// generateNamespace is create_namespace.go createNamespace.
func (r *runner) generateNamespace(_ *cobra.Command, _ *generatorFlags, name string, _ []string) (runtime.Object, string, error) {
	return &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
	}, "", nil
}

// generateServiceAccount is create_serviceaccount.go createServiceAccount.
func (r *runner) generateServiceAccount(_ *cobra.Command, _ *generatorFlags, name string, _ []string) (runtime.Object, string, error) {
	return &corev1.ServiceAccount{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: r.enforcedNamespace()},
	}, "", nil
}

// generateConfigMap is create_configmap.go Validate and createConfigMap.
func (r *runner) generateConfigMap(_ *cobra.Command, g *generatorFlags, name string, _ []string) (runtime.Object, string, error) {
	if len(g.fromEnvFile) > 0 && (len(g.fromFile) > 0 || len(g.fromLiteral) > 0) {
		return nil, "", errors.New("from-env-file cannot be combined with from-file or from-literal")
	}
	if g.appendHash {
		return nil, "", notSimulated("kubectl create configmap --append-hash")
	}
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: r.enforcedNamespace()},
		Data:       map[string]string{},
		BinaryData: map[string][]byte{},
	}
	add := func(key, value string) error {
		if errs := validation.IsConfigMapKey(key); len(errs) > 0 {
			return fmt.Errorf("%q is not a valid key name for a ConfigMap: %s", key, strings.Join(errs, ","))
		}
		if _, ok := cm.Data[key]; ok {
			return fmt.Errorf("cannot add key %q, another key by that name already exists in Data for ConfigMap %q", key, cm.Name)
		}
		cm.Data[key] = value
		return nil
	}
	if err := r.fromSources(g, add, "configmap"); err != nil {
		return nil, "", err
	}
	return cm, "failed to create configmap: ", nil
}

// generateSecret is create_secret.go Validate and createSecret.
func (r *runner) generateSecret(_ *cobra.Command, g *generatorFlags, name string, _ []string) (runtime.Object, string, error) {
	if len(g.fromEnvFile) > 0 && (len(g.fromFile) > 0 || len(g.fromLiteral) > 0) {
		return nil, "", errors.New("from-env-file cannot be combined with from-file or from-literal")
	}
	if g.appendHash {
		return nil, "", notSimulated("kubectl create secret generic --append-hash")
	}
	s := &corev1.Secret{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: r.enforcedNamespace()},
		Type:       corev1.SecretType(g.secretType),
		Data:       map[string][]byte{},
	}
	add := func(key, value string) error {
		if errs := validation.IsConfigMapKey(key); len(errs) != 0 {
			return fmt.Errorf("%q is not valid key name for a Secret %s", key, strings.Join(errs, ";"))
		}
		if _, ok := s.Data[key]; ok {
			return fmt.Errorf("cannot add key %s, another key by that name already exists", key)
		}
		s.Data[key] = []byte(value)
		return nil
	}
	if err := r.fromSources(g, add, "secret"); err != nil {
		return nil, "", err
	}
	return s, "failed to create secret ", nil
}

// fromSources reads --from-literal, --from-file and --from-env-file (create_configmap.go /
// create_secret.go handle*Sources) from the host files.
func (r *runner) fromSources(g *generatorFlags, add func(key, value string) error, kind string) error {
	for _, src := range g.fromFile {
		key, filePath, err := kubectlutil.ParseFileSource(src)
		if err != nil {
			return err
		}
		fi, err := r.stat(filePath)
		if err != nil {
			return fmt.Errorf("error reading %s: %v", filePath, "no such file or directory")
		}
		if fi.IsDir() {
			if strings.Contains(src, "=") {
				return errors.New("cannot give a key name for a directory path")
			}
			entries, err := r.env.Files.ReadDir(filePath)
			if err != nil {
				return fmt.Errorf("error listing files in %s: %v", filePath, err)
			}
			for _, e := range entries {
				if !e.Type().IsRegular() {
					continue
				}
				data, err := r.readFile(path.Join(filePath, e.Name()))
				if err != nil {
					return err
				}
				if err := add(e.Name(), string(data)); err != nil {
					return err
				}
			}
			continue
		}
		data, err := r.readFile(filePath)
		if err != nil {
			return err
		}
		if err := add(key, string(data)); err != nil {
			return err
		}
	}
	for _, lit := range g.fromLiteral {
		key, value, err := kubectlutil.ParseLiteralSource(lit)
		if err != nil {
			return err
		}
		if err := add(key, value); err != nil {
			return err
		}
	}
	for _, envFile := range g.fromEnvFile {
		data, err := r.readFile(envFile)
		if err != nil {
			return fmt.Errorf("error reading %s: %v", envFile, "no such file or directory")
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, v, _ := strings.Cut(line, "=")
			if err := add(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// generateDeployment is create_deployment.go createDeployment.
func (r *runner) generateDeployment(_ *cobra.Command, g *generatorFlags, name string, command []string) (runtime.Object, string, error) {
	if len(g.images) > 1 && len(command) > 0 {
		return nil, "", errors.New("cannot specify multiple --image options and command")
	}
	labels := map[string]string{"app": name}
	replicas := g.replicas
	d := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, Namespace: r.enforcedNamespace()},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}},
		},
	}
	used := map[string]int{}
	for _, image := range g.images {
		parts := strings.Split(image, "/")
		cname := parts[len(parts)-1]
		if strings.Contains(cname, ":") {
			cname = strings.Split(cname, ":")[0]
		}
		if strings.Contains(cname, "@") {
			cname = strings.Split(cname, "@")[0]
		}
		cname = sanitizeAndUniquify(cname, used)
		d.Spec.Template.Spec.Containers = append(d.Spec.Template.Spec.Containers, corev1.Container{Name: cname, Image: image, Command: command})
	}
	if g.port >= 0 && len(d.Spec.Template.Spec.Containers) > 0 {
		d.Spec.Template.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: g.port}}
	}
	return d, "", nil
}

// sanitizeAndUniquify is create_deployment.go sanitizeAndUniquify: a name with "_" or "."
// gets them replaced by "-" and a 5-character random suffix (utilrand.String(5)); the
// simulator uses a fixed suffix from the same alphabet.
func sanitizeAndUniquify(name string, _ map[string]int) string {
	if strings.ContainsAny(name, "_.") {
		name = strings.ReplaceAll(name, "_", "-")
		name = strings.ReplaceAll(name, ".", "-")
		name = name + "-" + "bcdfg"
	}
	return name
}
