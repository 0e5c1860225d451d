package kubectl

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmddelete "k8s.io/kubectl/pkg/cmd/delete"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/cmd/util/podcmd"
	"k8s.io/kubectl/pkg/scheme"
	kubectlutil "k8s.io/kubectl/pkg/util"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// defaultPodAttachTimeout is k8s.io/kubectl v0.37.2 pkg/cmd/run/run.go defaultPodAttachTimeout.
const defaultPodAttachTimeout = 60 * time.Second

// referenceRegexp is github.com/distribution/reference v0.6.0 regexp.go ReferenceRegexp, what
// kubectl run checks --image against, built from the same pieces.
func referenceRegexp() *regexp.Regexp {
	optional := func(res ...string) string { return `(?:` + strings.Join(res, "") + `)?` }
	anyTimes := func(res ...string) string { return `(?:` + strings.Join(res, "") + `)*` }
	capture := func(res ...string) string { return `(` + strings.Join(res, "") + `)` }
	const (
		alphanumeric        = `[a-z0-9]+`
		separator           = `(?:[._]|__|[-]+)`
		domainNameComponent = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
		optionalPort        = `(?::[0-9]+)?`
		tag                 = `[\w][\w.-]{0,127}`
		digestPat           = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
		ipv6address         = `\[(?:[a-fA-F0-9:]+)\]`
	)
	domainName := domainNameComponent + anyTimes(`\.`+domainNameComponent)
	host := `(?:` + domainName + `|` + ipv6address + `)`
	domainAndPort := host + optionalPort
	pathComponent := alphanumeric + anyTimes(separator+alphanumeric)
	remoteName := pathComponent + anyTimes(`/`+pathComponent)
	namePat := optional(domainAndPort+`/`) + remoteName
	return regexp.MustCompile(`^` + capture(namePat) + optional(`:`, capture(tag)) + optional(`@`, capture(digestPat)) + `$`)
}

type runOptions struct {
	deleteFlags    *cmddelete.DeleteFlags
	printFlags     *genericclioptions.PrintFlags
	recordFlags    *genericclioptions.RecordFlags
	image          string
	remove         bool
	port           string
	interactive    bool
	tty            bool
	attach         bool
	leaveStdinOpen bool
	command        bool
	expose         bool
	quiet          bool
	privileged     bool
	detachKeys     string
	fieldManager   string
	overrides      string
	overrideType   string
}

func (r *runner) newRun() *cobra.Command {
	o := &runOptions{
		deleteFlags: cmddelete.NewDeleteFlags("to use to replace the resource."),
		printFlags:  genericclioptions.NewPrintFlags("created").WithTypeSetter(scheme.Scheme),
		recordFlags: genericclioptions.NewRecordFlags(),
		detachKeys:  "ctrl-p,ctrl-q",
	}
	cmd := &cobra.Command{
		Use:                   "run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]",
		DisableFlagsInUseLine: true,
		Short:                 "Run a particular image on the cluster",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runRun(cmd, o, args)
		},
	}
	// run.go v0.37.2 NewCmdRun and addRunFlags.
	addDeleteFlags(cmd, o.deleteFlags)
	o.printFlags.AddFlags(cmd)
	o.recordFlags.AddFlags(cmd)
	_ = cmd.Flags().MarkDeprecated("filename", "it is ignored by kubectl run and will be removed in a future release")
	_ = cmd.Flags().MarkShorthandDeprecated("filename", "it is ignored by kubectl run and will be removed in a future release")
	f := cmd.Flags()
	cmdutil.AddDryRunFlag(cmd)
	f.StringArray("annotations", []string{}, "Annotations to apply to the pod.")
	f.StringVar(&o.image, "image", o.image, "The image for the container to run.")
	_ = cmd.MarkFlagRequired("image")
	f.String("image-pull-policy", "", "The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.")
	f.BoolVar(&o.remove, "rm", o.remove, "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'.")
	f.StringArray("env", []string{}, "Environment variables to set in the container.")
	f.StringVar(&o.port, "port", o.port, "The port that this container exposes.")
	f.StringP("labels", "l", "", "Comma separated labels to apply to the pod. Will override previous values.")
	f.BoolVarP(&o.interactive, "stdin", "i", o.interactive, "Keep stdin open on the container in the pod, even if nothing is attached.")
	f.BoolVarP(&o.tty, "tty", "t", o.tty, "Allocate a TTY for the container in the pod.")
	f.BoolVar(&o.attach, "attach", o.attach, "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned.")
	f.BoolVar(&o.leaveStdinOpen, "leave-stdin-open", o.leaveStdinOpen, "If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes.")
	f.String("restart", "Always", "The restart policy for this Pod.  Legal values [Always, OnFailure, Never].")
	f.BoolVar(&o.command, "command", o.command, "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.")
	f.BoolVar(&o.expose, "expose", o.expose, "If true, create a ClusterIP service associated with the pod.  Requires `--port`.")
	f.BoolVarP(&o.quiet, "quiet", "q", o.quiet, "If true, suppress prompt messages.")
	f.BoolVar(&o.privileged, "privileged", o.privileged, "If true, run the container in privileged mode.")
	f.StringVar(&o.detachKeys, "detach-keys", o.detachKeys, "Override the key sequence for detaching a container.")
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-run")
	// cmdutil OverrideOptions.AddOverrideFlags.
	f.StringVar(&o.overrides, "overrides", "", "An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.")
	f.StringVar(&o.overrideType, "override-type", "merge", fmt.Sprintf("The method used to override the generated object: %s, %s, or %s.", "json", "merge", "strategic"))
	cmdutil.AddApplyAnnotationFlags(cmd)
	cmdutil.AddPodRunningTimeoutFlag(cmd, defaultPodAttachTimeout)
	return cmd
}

// runRun is run.go v0.37.2 Complete, Validate and Run.
func (r *runner) runRun(cmd *cobra.Command, o *runOptions, args []string) error {
	annotations, _, err := cmdutil.ParsePairs(stringArrayFlag(cmd, "annotations"), "annotations", false)
	if err != nil {
		return err
	}
	labels, err := parseRunLabels(flagString(cmd, "labels"))
	if err != nil {
		return err
	}
	envs, err := parseEnvs(stringArrayFlag(cmd, "env"))
	if err != nil {
		return err
	}
	restartPolicy, err := restartPolicyFor(flagString(cmd, "restart"), o.interactive)
	if err != nil {
		return err
	}
	pullPolicy, err := pullPolicyFor(flagString(cmd, "image-pull-policy"))
	if err != nil {
		return err
	}
	timeout, _ := cmd.Flags().GetDuration("pod-running-timeout")
	if !cmd.Flags().Lookup("attach").Changed && o.interactive {
		o.attach = true
	}
	argsLenAtDash := cmd.ArgsLenAtDash()
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	// Validate.
	if len(args) == 0 || argsLenAtDash == 0 {
		return errors.New("NAME is required for run")
	}
	if o.image == "" {
		return errors.New("--image is required")
	}
	if !referenceRegexp().MatchString(o.image) {
		return fmt.Errorf("invalid image name %q: %w", o.image, errors.New("invalid reference format"))
	}
	if o.tty && !o.interactive {
		return errors.New("-i/--stdin is required for containers with -t/--tty=true")
	}
	if o.expose && len(o.port) == 0 {
		return errors.New("--port must be set when exposing a service")
	}
	if len(o.port) > 0 {
		if _, err := strconv.Atoi(o.port); err != nil {
			return errors.New("--port must be a number")
		}
	}
	if !o.attach && o.remove {
		return errors.New("--rm should only be used for attached containers")
	}
	if o.attach && dr != dryRunNone {
		return errors.New("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)")
	}
	if o.overrides != "" {
		return notSimulated("kubectl run --overrides")
	}

	// Run.
	name := args[0]
	arguments := args[1:]
	if len(labels) == 0 {
		labels = map[string]string{"run": name}
	}
	pod := &corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      labels,
			Annotations: annotations,
		},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name:            name,
				Image:           o.image,
				Env:             envs,
				Stdin:           o.interactive,
				StdinOnce:       !o.leaveStdinOpen && o.interactive,
				TTY:             o.tty,
				ImagePullPolicy: pullPolicy,
			}},
			DNSPolicy:     corev1.DNSClusterFirst,
			RestartPolicy: restartPolicy,
		},
	}
	if o.privileged {
		p := true
		pod.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: &p}
	}
	if len(arguments) > 0 {
		if o.command {
			pod.Spec.Containers[0].Command = arguments
		} else {
			pod.Spec.Containers[0].Args = arguments
		}
	}
	if len(o.port) > 0 {
		portNo, _ := strconv.Atoi(o.port)
		pod.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: int32(portNo)}}
	}
	created, err := r.createGenerated(cmd, pod, dr, o.fieldManager)
	if err != nil {
		return err
	}
	createdObjects := []struct{ resource, name string }{{"pods", name}}
	var allErrs []error
	var svcObj runtime.Object
	if o.expose {
		portNo, _ := strconv.Atoi(o.port)
		svc := &corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labelsOrNil(flagString(cmd, "labels"), labels)},
			Spec: corev1.ServiceSpec{
				Selector: labels,
				Ports:    []corev1.ServicePort{{Port: int32(portNo), Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromInt(portNo)}},
			},
		}
		s, err := r.createGenerated(cmd, svc, dr, o.fieldManager)
		if err != nil {
			allErrs = append(allErrs, err)
		} else {
			svcObj = s
			createdObjects = append(createdObjects, struct{ resource, name string }{"services", name})
		}
	}
	if !o.attach {
		if err := r.printObject(o.printFlags, "created", dr, created); err != nil {
			allErrs = append(allErrs, err)
		}
		if svcObj != nil {
			if err := r.printObject(o.printFlags, "created", dr, svcObj); err != nil {
				allErrs = append(allErrs, err)
			}
		}
		return aggregate(allErrs)
	}

	remove := func() {
		if !o.remove {
			return
		}
		for _, c := range createdObjects {
			m, err := r.resourceFor(c.resource)
			if err != nil {
				continue
			}
			if _, err := r.env.API.Delete(c.resource, r.namespace, name, apiserver.DeleteOptions{}); err == nil && !o.quiet {
				r.printDeleted(deleteTarget{m: m, namespace: r.namespace, name: name}, -1, dryRunNone, "")
			}
		}
	}
	// handleAttachPod: wait for the pod to run and be ready (or complete).
	var livePod *corev1.Pod
	_, _ = r.waitUntil(timeout, func() bool {
		obj, err := r.env.API.Get("pods", r.namespace, name)
		if err != nil {
			return true
		}
		livePod = obj.(*corev1.Pod)
		switch livePod.Status.Phase {
		case corev1.PodSucceeded, corev1.PodFailed:
			return true
		case corev1.PodRunning:
			for _, c := range livePod.Status.Conditions {
				if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
					return true
				}
			}
		}
		return false
	})
	if livePod == nil {
		remove()
		return fmt.Errorf("pods %q not found", name)
	}
	waitForExitCode := !o.leaveStdinOpen && (restartPolicy == corev1.RestartPolicyNever || restartPolicy == corev1.RestartPolicyOnFailure)
	epilogue := func(code int) int {
		if waitForExitCode {
			_, _ = r.waitUntil(timeout, func() bool {
				obj, err := r.env.API.Get("pods", r.namespace, name)
				if err != nil {
					return true
				}
				livePod = obj.(*corev1.Pod)
				if restartPolicy == corev1.RestartPolicyOnFailure {
					return livePod.Status.Phase == corev1.PodSucceeded
				}
				return livePod.Status.Phase == corev1.PodSucceeded || livePod.Status.Phase == corev1.PodFailed
			})
		}
		remove()
		if !waitForExitCode {
			return 0
		}
		var err error
		switch livePod.Status.Phase {
		case corev1.PodSucceeded:
			return 0
		case corev1.PodFailed:
			unknown := fmt.Errorf("pod %s/%s failed with unknown exit code", livePod.Namespace, livePod.Name)
			if len(livePod.Status.ContainerStatuses) == 0 || livePod.Status.ContainerStatuses[0].State.Terminated == nil {
				err = unknown
			} else if t := livePod.Status.ContainerStatuses[0].State.Terminated; t.ExitCode == 0 {
				err = unknown
			} else {
				err = &exitError{msg: fmt.Sprintf("pod %s/%s terminated (%s)\n%s", livePod.Namespace, livePod.Name, t.Reason, t.Message), code: int(t.ExitCode)}
			}
		default:
			err = fmt.Errorf("pod %s/%s left in phase %s", livePod.Namespace, livePod.Name, livePod.Status.Phase)
		}
		msg, c := formatError(err)
		if msg != "" {
			if !strings.HasSuffix(msg, "\n") {
				msg += "\n"
			}
			fmt.Fprint(r.errOut, msg)
		}
		return c
	}
	if livePod.Status.Phase == corev1.PodSucceeded || livePod.Status.Phase == corev1.PodFailed {
		// logOpts: a completed pod's log instead of attaching.
		data, err := r.podLogs(livePod, livePod.Spec.Containers[0].Name, LogOptions{})
		if err != nil {
			remove()
			return err
		}
		r.out.Write(data)
		r.code = epilogue(0)
		return nil
	}
	if err := r.upgradeCheck(livePod, name); err != nil {
		remove()
		return err
	}
	container, err := podcmd.FindOrDefaultContainerByName(livePod, "", o.quiet, r.errOut)
	if err != nil {
		remove()
		return err
	}
	// AttachOptions.Run: the container was created with a TTY, so one is used.
	tty := container.TTY
	rawTTY := tty && o.interactive && r.env.TTY
	if !o.quiet {
		fmt.Fprintln(r.errOut, "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.")
		fmt.Fprintln(r.errOut, "If you don't see a command prompt, try pressing enter.")
	}
	s, err := r.env.Runtime.Attach(livePod.Namespace, livePod.Name, container.Name, nil, tty)
	if err != nil {
		remove()
		return r.streamError(err)
	}
	return r.startSession(s, func(code int) int {
		if !o.quiet && o.interactive && rawTTY {
			fmt.Fprintf(r.out, "Session ended, resume using '%s %s -c %s -n %s -i -t' command\n", "kubectl attach", livePod.Name, container.Name, livePod.Namespace)
		}
		return epilogue(code)
	})
}

// createGenerated is run.go createGeneratedObject: the --save-config annotation, then a create
// (nothing is sent for --dry-run=client).
func (r *runner) createGenerated(cmd *cobra.Command, obj runtime.Object, dr dryRun, fieldManager string) (runtime.Object, error) {
	gvk := obj.GetObjectKind().GroupVersionKind()
	if dr == dryRunClient {
		if m, err := meta.Accessor(obj); err == nil && r.explicitNS {
			m.SetNamespace(r.namespace)
		}
		return obj, nil
	}
	if err := kubectlutil.CreateOrUpdateAnnotation(flagBool(cmd, cmdutil.ApplyAnnotationsFlag), obj, scheme.DefaultJSONEncoder()); err != nil {
		return nil, err
	}
	created, warnings, err := r.env.API.CreateObject(r.namespace, obj, apiserver.CreateOptions{DryRun: dr == dryRunServer, FieldManager: fieldManager})
	r.warn(warnings)
	if err != nil {
		return nil, err
	}
	created.GetObjectKind().SetGroupVersionKind(gvk)
	return created, nil
}

func labelsOrNil(flag string, labels map[string]string) map[string]string {
	if flag == "" {
		return nil
	}
	return labels
}

// parseRunLabels is run.go parseLabels.
func parseRunLabels(labelString string) (map[string]string, error) {
	if len(labelString) == 0 {
		return nil, nil
	}
	labels := map[string]string{}
	for _, spec := range strings.Split(labelString, ",") {
		kv := strings.Split(spec, "=")
		if len(kv) != 2 {
			return nil, fmt.Errorf("unexpected label spec: %s", spec)
		}
		if len(kv[0]) == 0 {
			return nil, errors.New("unexpected empty label key")
		}
		labels[kv[0]] = kv[1]
	}
	return labels, nil
}

// parseEnvs is run.go parseEnvs.
func parseEnvs(envArray []string) ([]corev1.EnvVar, error) {
	envs := make([]corev1.EnvVar, 0, len(envArray))
	for _, env := range envArray {
		name, value, found := strings.Cut(env, "=")
		if !found {
			return nil, fmt.Errorf("invalid env: %v", env)
		}
		if len(name) == 0 {
			return nil, fmt.Errorf("invalid env: %v", env)
		}
		if len(validation.IsEnvVarName(name)) != 0 {
			return nil, fmt.Errorf("invalid env: %v", env)
		}
		envs = append(envs, corev1.EnvVar{Name: name, Value: value})
	}
	return envs, nil
}

// restartPolicyFor is run.go getRestartPolicy.
func restartPolicyFor(restart string, interactive bool) (corev1.RestartPolicy, error) {
	if len(restart) == 0 {
		if interactive {
			return corev1.RestartPolicyOnFailure, nil
		}
		return corev1.RestartPolicyAlways, nil
	}
	switch p := corev1.RestartPolicy(restart); p {
	case corev1.RestartPolicyAlways, corev1.RestartPolicyNever, corev1.RestartPolicyOnFailure:
		return p, nil
	}
	return "", fmt.Errorf("invalid restart policy: %s, valid values are: %s, %s, %s", restart, corev1.RestartPolicyAlways, corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever)
}

// pullPolicyFor is run.go getImagePullPolicy.
func pullPolicyFor(pullPolicy string) (corev1.PullPolicy, error) {
	switch p := corev1.PullPolicy(pullPolicy); p {
	case corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
		return p, nil
	case "":
		return "", nil
	}
	return "", fmt.Errorf("invalid image pull policy: %s, valid values are: %s, %s, %s", pullPolicy, corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever)
}

func stringArrayFlag(cmd *cobra.Command, name string) []string {
	v, _ := cmd.Flags().GetStringArray(name)
	return v
}

func aggregate(errs []error) error { return utilerrors.NewAggregate(errs) }
