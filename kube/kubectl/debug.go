package kubectl

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// debugOptions are the flags of `kubectl debug` (k8s.io/kubectl v0.37.2 pkg/cmd/debug/debug.go
// DebugOptions and AddFlags).
type debugOptions struct {
	Filenames                                                    []string
	ArgsOnly, Attach, Replace, KeepLabels, KeepAnnotations       bool
	KeepLiveness, KeepReadiness, KeepStartup, KeepInitContainers bool
	Interactive, Quiet, SameNode, ShareProcesses, TTY            bool
	Container, CopyTo, Image, TargetContainer, Profile, Custom   string
	SetImages                                                    map[string]string

	// Set by Complete.
	Args        []string
	TargetNames []string
	Env         []corev1.EnvVar
	PullPolicy  corev1.PullPolicy
	Namespace   string
	Applier     *profileApplier
}

// newDebug is debug.go NewCmdDebug and AddFlags.
func (r *runner) newDebug() *cobra.Command {
	o := &debugOptions{KeepInitContainers: true, ShareProcesses: true}
	cmd := &cobra.Command{
		Use:                   "debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ]",
		DisableFlagsInUseLine: true,
		Short:                 "Create debugging sessions for troubleshooting workloads and nodes",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runDebug(cmd, o, args)
		},
	}
	addJSONFilenameFlag(cmd, &o.Filenames, "identifying the resource to debug")
	f := cmd.Flags()
	f.BoolVar(&o.ArgsOnly, "arguments-only", o.ArgsOnly, "If specified, everything after -- will be passed to the new container as Args instead of Command.")
	f.BoolVar(&o.Attach, "attach", o.Attach, "If true, wait for the container to start running, and then attach as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true.")
	f.StringVarP(&o.Container, "container", "c", o.Container, "Container name to use for debug container.")
	f.StringVar(&o.CopyTo, "copy-to", o.CopyTo, "Create a copy of the target Pod with this name.")
	f.BoolVar(&o.Replace, "replace", o.Replace, "When used with '--copy-to', delete the original Pod.")
	f.StringToString("env", nil, "Environment variables to set in the container.")
	f.StringVar(&o.Image, "image", o.Image, "Container image to use for debug container.")
	f.BoolVar(&o.KeepLabels, "keep-labels", o.KeepLabels, "If true, keep the original pod labels.(This flag only works when used with '--copy-to')")
	f.BoolVar(&o.KeepAnnotations, "keep-annotations", o.KeepAnnotations, "If true, keep the original pod annotations.(This flag only works when used with '--copy-to')")
	f.BoolVar(&o.KeepLiveness, "keep-liveness", o.KeepLiveness, "If true, keep the original pod liveness probes.(This flag only works when used with '--copy-to')")
	f.BoolVar(&o.KeepReadiness, "keep-readiness", o.KeepReadiness, "If true, keep the original pod readiness probes.(This flag only works when used with '--copy-to')")
	f.BoolVar(&o.KeepStartup, "keep-startup", o.KeepStartup, "If true, keep the original startup probes.(This flag only works when used with '--copy-to')")
	f.BoolVar(&o.KeepInitContainers, "keep-init-containers", o.KeepInitContainers, "Run the init containers for the pod. Defaults to true.(This flag only works when used with '--copy-to')")
	f.StringToStringVar(&o.SetImages, "set-image", o.SetImages, "When used with '--copy-to', a list of name=image pairs for changing container images, similar to how 'kubectl set image' works.")
	f.String("image-pull-policy", "", "The image pull policy for the container. If left empty, this value will not be specified by the client and defaulted by the server.")
	f.BoolVarP(&o.Interactive, "stdin", "i", o.Interactive, "Keep stdin open on the container(s) in the pod, even if nothing is attached.")
	f.BoolVarP(&o.Quiet, "quiet", "q", o.Quiet, "If true, suppress informational messages.")
	f.BoolVar(&o.SameNode, "same-node", o.SameNode, "When used with '--copy-to', schedule the copy of target Pod on the same node.")
	f.BoolVar(&o.ShareProcesses, "share-processes", o.ShareProcesses, "When used with '--copy-to', enable process namespace sharing in the copy.")
	f.StringVar(&o.TargetContainer, "target", "", "When using an ephemeral container, target processes in this container name.")
	f.BoolVarP(&o.TTY, "tty", "t", o.TTY, "Allocate a TTY for the debugging container.")
	f.StringVar(&o.Profile, "profile", profileGeneral, `Options are "general", "baseline", "restricted", "netadmin" or "sysadmin". Defaults to "general"`)
	f.StringVar(&o.Custom, "custom", o.Custom, "Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.")
	return cmd
}

// imageReference is github.com/distribution/reference v0.6.0 ReferenceRegexp (the grammar
// pieces kube/images copies), compiled per use.
func imageReference() *regexp.Regexp {
	const (
		alphanumeric = `[a-z0-9]+`
		separator    = `(?:[._]|__|[-]+)`
		domainComp   = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
		optionalPort = `(?::[0-9]+)?`
		tag          = `[\w][\w.-]{0,127}`
		digest       = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
		ipv6         = `\[(?:[a-fA-F0-9:]+)\]`
		domainName   = domainComp + `(?:\.` + domainComp + `)*`
		host         = `(?:` + domainName + `|` + ipv6 + `)`
		domainPort   = host + optionalPort
		pathComp     = alphanumeric + `(?:` + separator + alphanumeric + `)*`
		remoteName   = pathComp + `(?:/` + pathComp + `)*`
		name         = `(?:` + domainPort + `/)?` + remoteName
	)
	return regexp.MustCompile(`^(` + name + `)(?::(` + tag + `))?(?:@(` + digest + `))?$`)
}

// errReferenceInvalidFormat is distribution/reference's ErrReferenceInvalidFormat text.
const errReferenceInvalidFormat = "invalid reference format"

// runDebug is debug.go Complete, Validate and Run.
func (r *runner) runDebug(cmd *cobra.Command, o *debugOptions, args []string) error {
	// Complete.
	o.PullPolicy = corev1.PullPolicy(flagString(cmd, "image-pull-policy"))
	argsLen := cmd.ArgsLenAtDash()
	o.TargetNames = args
	if argsLen >= 0 && len(args) > argsLen {
		o.TargetNames, o.Args = args[:argsLen], args[argsLen:]
	}
	if !cmd.Flags().Changed("attach") && o.Interactive {
		o.Attach = true
	}
	envStrings, err := cmd.Flags().GetStringToString("env")
	if err != nil {
		return fmt.Errorf("internal error getting env flag: %v", err)
	}
	for _, k := range sortedKeys(envStrings) {
		// kubectl ranges over the map: the order of several --env is random there.
		o.Env = append(o.Env, corev1.EnvVar{Name: k, Value: envStrings[k]})
	}
	o.Namespace = r.namespace
	attachChanged := cmd.Flags().Changed("attach")
	shareProcessesChanged := cmd.Flags().Changed("share-processes")
	applier, err := newProfileApplier(o.Profile, keepFlags{
		labels: o.KeepLabels, annotations: o.KeepAnnotations, liveness: o.KeepLiveness,
		readiness: o.KeepReadiness, startup: o.KeepStartup, initContainers: o.KeepInitContainers,
	})
	if err != nil {
		return err
	}
	o.Applier = applier
	if o.Custom != "" {
		return notSimulated("kubectl debug --custom")
	}

	// Validate.
	if o.Attach && attachChanged && len(o.Image) == 0 && len(o.Container) == 0 {
		return fmt.Errorf("you must specify --container or create a new container using --image in order to attach.")
	}
	if len(o.CopyTo) > 0 {
		if len(o.Image) == 0 && len(o.SetImages) == 0 && len(o.Args) == 0 {
			return fmt.Errorf("you must specify --image, --set-image or command arguments.")
		}
		if len(o.Args) > 0 && len(o.Container) == 0 && len(o.Image) == 0 {
			return fmt.Errorf("you must specify an existing container or a new image when specifying args.")
		}
	} else {
		switch {
		case o.Replace:
			return fmt.Errorf("--replace may only be used with --copy-to.")
		case o.SameNode:
			return fmt.Errorf("--same-node may only be used with --copy-to.")
		case len(o.SetImages) > 0:
			return fmt.Errorf("--set-image may only be used with --copy-to.")
		case len(o.Image) == 0:
			return fmt.Errorf("you must specify --image when not using --copy-to.")
		}
	}
	refRE := imageReference()
	if len(o.Image) > 0 && !refRE.MatchString(o.Image) {
		return fmt.Errorf("invalid image name %q: %v", o.Image, errReferenceInvalidFormat)
	}
	if len(o.TargetNames) == 0 && len(o.Filenames) == 0 {
		return fmt.Errorf("NAME or filename is required for debug")
	}
	switch o.PullPolicy {
	case corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever, "":
	default:
		return fmt.Errorf("invalid image pull policy: %s", o.PullPolicy)
	}
	for _, name := range sortedKeys(o.SetImages) {
		if image := o.SetImages[name]; !refRE.MatchString(image) {
			return fmt.Errorf("invalid image name %q for container %q: %v", image, name, errReferenceInvalidFormat)
		}
	}
	if len(o.TargetContainer) > 0 {
		if len(o.CopyTo) > 0 {
			return fmt.Errorf("--target is incompatible with --copy-to. Use --share-processes instead.")
		}
		if !o.Quiet {
			fmt.Fprintf(r.out, "Targeting container %q. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n", o.TargetContainer)
		}
	}
	if o.TTY && !o.Interactive {
		return fmt.Errorf("-i/--stdin is required for containers with -t/--tty=true")
	}
	if o.Profile == profileLegacy {
		fmt.Fprintln(r.errOut, `--profile=legacy is deprecated and planned to be removed in v1.39. It is recommended to specify other profile, for example "--profile=general".`)
	}
	if len(o.Filenames) > 0 {
		return notSimulated("kubectl debug -f")
	}

	// Run: the builder's ResourceNames("pods", names...).
	for _, target := range o.TargetNames {
		typ, name := "pods", target
		if i := strings.Index(target, "/"); i >= 0 {
			typ, name = target[:i], target[i+1:]
		}
		m, err := r.resourceFor(typ)
		if err != nil {
			return err
		}
		ns := r.namespace
		if !m.Namespaced {
			ns = ""
		}
		obj, err := r.env.API.Get(m.Name, ns, name)
		if err != nil {
			return err
		}
		var debugPod *corev1.Pod
		var containerName string
		switch obj := obj.(type) {
		case *corev1.Node:
			// The node debugger runs in the host's namespaces with its root at /host.
			return notSimulated("kubectl debug node/" + obj.Name)
		case *corev1.Pod:
			if len(o.CopyTo) > 0 {
				debugPod, containerName, err = r.debugByCopy(o, obj, shareProcessesChanged)
			} else {
				debugPod, containerName, err = r.debugByEphemeralContainer(o, obj)
			}
		default:
			err = fmt.Errorf("%q not supported by debug", m.gvk())
		}
		if err != nil {
			return err
		}
		if o.Attach && len(containerName) > 0 {
			if err := r.debugAttach(o, debugPod.Namespace, debugPod.Name, containerName); err != nil {
				return err
			}
		}
	}
	return nil
}

// debugByCopy is debug.go debugByCopy and generatePodCopyWithDebugContainer.
func (r *runner) debugByCopy(o *debugOptions, pod *corev1.Pod, shareProcessesChanged bool) (*corev1.Pod, string, error) {
	copied := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        o.CopyTo,
			Namespace:   pod.Namespace,
			Annotations: pod.Annotations,
			Labels:      pod.Labels,
		},
		Spec: *pod.Spec.DeepCopy(),
	}
	copied.Spec.EphemeralContainers = nil
	if shareProcessesChanged {
		copied.Spec.ShareProcessNamespace = ptr.To(o.ShareProcesses)
	}
	if !o.SameNode {
		copied.Spec.NodeName = ""
	}
	for i, c := range copied.Spec.Containers {
		override := o.SetImages["*"]
		if img, ok := o.SetImages[c.Name]; ok {
			override = img
		}
		if len(override) > 0 {
			copied.Spec.Containers[i].Image = override
		}
	}
	name, containerByName := o.Container, containerNameToRef(copied)
	c, ok := containerByName[name]
	dc := name
	if !ok {
		if len(o.Image) == 0 {
			if len(o.SetImages) > 0 {
				dc = ""
				goto create
			}
			return nil, "", fmt.Errorf("you must specify image when creating new container")
		}
		if len(name) == 0 {
			name = r.debugContainerName(o, copied)
		}
		copied.Spec.Containers = append(copied.Spec.Containers, corev1.Container{
			Name:                     name,
			TerminationMessagePolicy: corev1.TerminationMessageReadFile,
		})
		c = &copied.Spec.Containers[len(copied.Spec.Containers)-1]
		dc = name
	}
	if len(o.Args) > 0 {
		if o.ArgsOnly {
			c.Args = o.Args
		} else {
			c.Command = o.Args
			c.Args = nil
		}
	}
	if len(o.Env) > 0 {
		c.Env = o.Env
	}
	if len(o.Image) > 0 {
		c.Image = o.Image
	}
	if len(o.PullPolicy) > 0 {
		c.ImagePullPolicy = o.PullPolicy
	}
	c.Stdin = o.Interactive
	c.TTY = o.TTY
	if err := o.Applier.Apply(copied, c.Name, pod); err != nil {
		return nil, "", err
	}
create:
	for i := range copied.Spec.Containers {
		if copied.Spec.Containers[i].Name == dc {
			r.debugWarning(&copied.Spec.Containers[i], copied)
		}
	}
	created, warnings, err := r.env.API.CreateObject(copied.Namespace, copied, apiserver.CreateOptions{})
	r.warn(warnings)
	if err != nil {
		return nil, "", err
	}
	if o.Replace {
		zero := int64(0)
		if _, err := r.env.API.Delete("pods", pod.Namespace, pod.Name, apiserver.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
			return nil, "", err
		}
	}
	return created.(*corev1.Pod), dc, nil
}

// debugByEphemeralContainer is debug.go debugByEphemeralContainer and generateDebugContainer:
// a strategic merge patch adding the container, sent to pods/ephemeralcontainers.
func (r *runner) debugByEphemeralContainer(o *debugOptions, pod *corev1.Pod) (*corev1.Pod, string, error) {
	patcher, ok := r.subresourcePatcher()
	if !ok {
		return nil, "", notSimulated("kubectl debug with an ephemeral container (no pods/ephemeralcontainers in the simulated API server)")
	}
	podJS, err := json.Marshal(pod)
	if err != nil {
		return nil, "", fmt.Errorf("error creating JSON for pod: %v", err)
	}
	name := r.debugContainerName(o, pod)
	ec := &corev1.EphemeralContainer{
		EphemeralContainerCommon: corev1.EphemeralContainerCommon{
			Name:                     name,
			Env:                      o.Env,
			Image:                    o.Image,
			ImagePullPolicy:          o.PullPolicy,
			Stdin:                    o.Interactive,
			TerminationMessagePolicy: corev1.TerminationMessageReadFile,
			TTY:                      o.TTY,
		},
		TargetContainerName: o.TargetContainer,
	}
	if o.ArgsOnly {
		ec.Args = o.Args
	} else {
		ec.Command = o.Args
	}
	debugPod := pod.DeepCopy()
	debugPod.Spec.EphemeralContainers = append(debugPod.Spec.EphemeralContainers, *ec)
	if err := o.Applier.Apply(debugPod, name, debugPod); err != nil {
		return nil, "", err
	}
	ec = &debugPod.Spec.EphemeralContainers[len(debugPod.Spec.EphemeralContainers)-1]
	r.debugWarning((*corev1.Container)(&ec.EphemeralContainerCommon), pod)
	debugJS, err := json.Marshal(debugPod)
	if err != nil {
		return nil, "", fmt.Errorf("error creating JSON for debug container: %v", err)
	}
	patch, err := strategicpatch.CreateTwoWayMergePatch(podJS, debugJS, pod)
	if err != nil {
		return nil, "", fmt.Errorf("error creating patch to add debug container: %v", err)
	}
	result, warnings, err := patcher.PatchSubresource("pods", "ephemeralcontainers", pod.Namespace, pod.Name, types.StrategicMergePatchType, patch, apiserver.PatchOptions{})
	r.warn(warnings)
	if err != nil {
		if serr, ok := err.(*apierrors.StatusError); ok && serr.Status().Reason == metav1.StatusReasonNotFound && serr.ErrStatus.Details != nil && serr.ErrStatus.Details.Name == "" {
			return nil, "", fmt.Errorf("ephemeral containers are disabled for this cluster (error from server: %q)", err)
		}
		return nil, "", err
	}
	return result.(*corev1.Pod), ec.Name, nil
}

// debugWarning is debug.go displayWarning.
func (r *runner) debugWarning(container *corev1.Container, pod *corev1.Pod) {
	if container == nil || pod.Spec.SecurityContext == nil {
		return
	}
	if pod.Spec.SecurityContext.RunAsUser == nil || *pod.Spec.SecurityContext.RunAsUser == 0 {
		return
	}
	if container.SecurityContext == nil {
		return
	}
	if container.SecurityContext.RunAsUser != nil && *container.SecurityContext.RunAsUser == 0 {
		return
	}
	if (container.SecurityContext.Privileged == nil || !*container.SecurityContext.Privileged) &&
		(container.SecurityContext.Capabilities == nil || len(container.SecurityContext.Capabilities.Add) == 0) {
		return
	}
	fmt.Fprintln(r.errOut, `Warning: Non-root user is configured for the entire target Pod, and some capabilities granted by debug profile may not work. Please consider using "--custom" with a custom profile that specifies "securityContext.runAsUser: 0".`)
}

// debugContainerName is debug.go computeDebugContainerName. kubectl draws the suffix with
// k8s.io/apimachinery's util/rand.String(5); here the draw is seeded from the pod and the
// virtual time, so a run is reproducible (the suffix is volatile in any transcript).
func (r *runner) debugContainerName(o *debugOptions, pod *corev1.Pod) string {
	if len(o.Container) > 0 {
		return o.Container
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%s/%d", pod.Namespace, pod.Name, r.env.Clock.Now().UnixNano())
	rng := rand.New(rand.NewSource(int64(h.Sum64())))
	// k8s.io/apimachinery v0.37.2 pkg/util/rand/rand.go alphanums.
	const alphanums = "bcdfghjklmnpqrstvwxz2456789"
	suffix := func() string {
		b := make([]byte, 5)
		for i := range b {
			b[i] = alphanums[rng.Intn(len(alphanums))]
		}
		return string(b)
	}
	cn, byName := "", containerNameToRef(pod)
	for len(cn) == 0 || byName[cn] != nil {
		cn = "debugger-" + suffix()
	}
	if !o.Quiet {
		fmt.Fprintf(r.out, "Defaulting debug container name to %s.\n", cn)
	}
	return cn
}

// containerNameToRef is debug.go containerNameToRef.
func containerNameToRef(pod *corev1.Pod) map[string]*corev1.Container {
	names := map[string]*corev1.Container{}
	for i := range pod.Spec.Containers {
		names[pod.Spec.Containers[i].Name] = &pod.Spec.Containers[i]
	}
	for i := range pod.Spec.InitContainers {
		names[pod.Spec.InitContainers[i].Name] = &pod.Spec.InitContainers[i]
	}
	for i := range pod.Spec.EphemeralContainers {
		names[pod.Spec.EphemeralContainers[i].Name] = (*corev1.Container)(&pod.Spec.EphemeralContainers[i].EphemeralContainerCommon)
	}
	return names
}

// debugAttach is debug.go handleAttachPod: wait on the virtual clock until the container runs
// or has terminated (printing its waiting messages as warnings), then attach, or stream its
// log when it has terminated.
func (r *runner) debugAttach(o *debugOptions, namespace, podName, containerName string) error {
	var pod *corev1.Pod
	var werr error
	lastMsg := ""
	check := func(p *corev1.Pod) bool {
		s := containerStatusByName(p, containerName)
		if s == nil {
			return false
		}
		if s.State.Running != nil || s.State.Terminated != nil {
			pod = p
			return true
		}
		if !o.Quiet && s.State.Waiting != nil && s.State.Waiting.Message != "" && s.State.Waiting.Message != lastMsg {
			// Every watch event with a waiting message prints it; the simulator's status
			// writes carry each message once.
			lastMsg = s.State.Waiting.Message
			r.warn([]string{fmt.Sprintf("container %s: %s", containerName, s.State.Waiting.Message)})
		}
		return false
	}
	obj, err := r.env.API.Get("pods", namespace, podName)
	if err != nil {
		return err
	}
	if !check(obj.(*corev1.Pod)) {
		stop := r.env.API.Watch(func(ev apiserver.WatchEvent) {
			if pod != nil || werr != nil || ev.Resource != "pods" {
				return
			}
			p := ev.Object.(*corev1.Pod)
			if p.Namespace != namespace || p.Name != podName {
				return
			}
			if ev.Type == "DELETED" {
				werr = apierrors.NewNotFound(schema.GroupResource{Resource: "pods"}, "")
				return
			}
			check(p)
		})
		clk := r.env.Clock
		limit := clk.Now().Add(maxRolloutWait)
		for pod == nil && werr == nil {
			next, ok := clk.Next()
			if !ok || next.After(limit) {
				break
			}
			clk.AdvanceTo(next)
		}
		stop()
		if werr != nil {
			return werr
		}
		if pod == nil {
			// The container never starts: kubectl waits until the user gives up.
			return notSimulated("kubectl debug waiting for a container that never starts")
		}
	}
	if r.env.Runtime == nil {
		return notSimulated("a node without a simulated kubelet")
	}
	if s := containerStatusByName(pod, containerName); s.State.Terminated != nil {
		// Falling back to logs.
		out, err := r.env.Runtime.Logs(pod.Namespace, pod.Name, containerName, LogOptions{})
		if err != nil {
			return err
		}
		r.out.Write(out)
		return nil
	}
	if err := r.attachTo(pod, containerName, o.Interactive, o.TTY, o.Quiet); err != nil {
		if isNotSimulated(err) {
			return err
		}
		fmt.Fprintf(r.errOut, "warning: couldn't attach to pod/%s, falling back to streaming logs: %v\n", podName, err)
		out, lerr := r.env.Runtime.Logs(pod.Namespace, pod.Name, containerName, LogOptions{})
		if lerr != nil {
			return lerr
		}
		r.out.Write(out)
	}
	return nil
}

func containerStatusByName(pod *corev1.Pod, name string) *corev1.ContainerStatus {
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses, pod.Status.EphemeralContainerStatuses} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}
