package kubectl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/cmd/util/podcmd"
)

// Interactive is an interactive kubectl session left open by Run (exec -it … -- sh, run -it):
// the caller types lines with Line and ends kubectl with End. Output goes to the Env's Stdout
// (a terminal merges stdout and stderr).
type Interactive struct {
	r      *runner
	s      Session
	exited bool
	// ended and code record End's result: later calls return it again.
	ended bool
	code  int
	// end runs kubectl's epilogue with the process's exit status and returns kubectl's.
	end func(code int) int
}

// Prompt is the prompt the process prints before reading a line.
func (i *Interactive) Prompt() string { return i.s.Prompt() }

// Line types one line into the session. It reports whether the process exited.
func (i *Interactive) Line(line string) (exited bool) {
	if i.exited {
		return true
	}
	out, exited := i.s.Line(line)
	i.r.out.Write(out)
	i.exited = exited
	return exited
}

// Exited reports whether the process has exited.
func (i *Interactive) Exited() bool { return i.exited }

// End ends the session (closing the terminal if the process still runs), prints what kubectl
// prints afterwards and returns kubectl's exit status. Calling it again returns the same status
// and prints nothing.
func (i *Interactive) End() (exitCode int) {
	if i.ended {
		return i.code
	}
	code := 0
	if i.exited {
		code = i.s.ExitCode()
	} else {
		code = i.s.Close()
		i.exited = true
	}
	i.ended = true
	i.code = i.end(code)
	return i.code
}

type execOptions struct {
	filenames []string
	container string
	stdin     bool
	tty       bool
	quiet     bool
}

func (r *runner) newExec() *cobra.Command {
	o := &execOptions{}
	cmd := &cobra.Command{
		Use:                   "exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]",
		DisableFlagsInUseLine: true,
		Short:                 "Execute a command in a container",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runExec(cmd, o, args, cmd.ArgsLenAtDash())
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/exec/exec.go NewCmdExec.
	cmdutil.AddPodRunningTimeoutFlag(cmd, defaultPodTimeout)
	addJSONFilenameFlag(cmd, &o.filenames, "to use to exec into the resource")
	cmdutil.AddContainerVarFlags(cmd, &o.container, o.container)
	cmd.Flags().BoolVarP(&o.stdin, "stdin", "i", o.stdin, "Pass stdin to the container")
	cmd.Flags().BoolVarP(&o.tty, "tty", "t", o.tty, "Stdin is a TTY")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", o.quiet, "Only print output from the remote session")
	return cmd
}

// defaultPodTimeout is exec.go defaultPodExecTimeout; defaultPodLogsTimeout is logs.go's.
const (
	defaultPodTimeout     = 60 * time.Second
	defaultPodLogsTimeout = 20 * time.Second
)

// runExec is exec.go Complete, Validate and Run.
func (r *runner) runExec(cmd *cobra.Command, o *execOptions, args []string, argsLenAtDash int) error {
	var resourceName string
	var command []string
	if len(args) > 0 && argsLenAtDash != 0 {
		resourceName = args[0]
	}
	if argsLenAtDash == 0 || argsLenAtDash == 1 {
		command = args[argsLenAtDash:]
	} else if len(args) > 1 || (len(args) > 0 && len(o.filenames) != 0) {
		return usageErrorf(cmd.CommandPath(), "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
	}
	// Validate.
	if len(resourceName) == 0 && len(o.filenames) == 0 {
		return errors.New("pod, type/name or --filename must be specified")
	}
	if len(command) == 0 {
		return errors.New("you must specify at least one command for the container")
	}
	if len(o.filenames) > 0 {
		return notSimulated("kubectl exec -f")
	}
	timeout, _ := cmd.Flags().GetDuration("pod-running-timeout")
	pod, err := r.podFor(resourceName, podToAttach, timeout)
	if err != nil {
		return err
	}
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return fmt.Errorf("cannot exec into a container in a completed pod; current phase is %s", pod.Status.Phase)
	}
	containerName := o.container
	if len(containerName) == 0 {
		c, err := podcmd.FindOrDefaultContainerByName(pod, containerName, o.quiet, r.errOut)
		if err != nil {
			return err
		}
		containerName = c.Name
	} else if c, _ := podcmd.FindContainerByName(pod, containerName); c == nil {
		if r.ver.ContainerNotValidListsContainers {
			return fmt.Errorf("container %s is not valid for pod %s out of: %s", containerName, pod.Name, podcmd.AllContainerNames(pod))
		}
		return apierrors.NewBadRequest(fmt.Sprintf("container %s is not valid for pod %s", containerName, pod.Name))
	}
	// StreamOptions.SetupTTY.
	stdin, tty := o.stdin, o.tty
	if !stdin {
		tty = false
	} else if tty && !r.env.TTY {
		tty = false
		if !o.quiet {
			fmt.Fprintln(r.errOut, "Unable to use a TTY - input is not a terminal or the right kind of file")
		}
	}
	if err := r.upgradeCheck(pod, containerName); err != nil {
		return err
	}
	if stdin && tty {
		s, err := r.env.Runtime.Attach(pod.Namespace, pod.Name, containerName, command, true)
		if err != nil {
			return r.streamError(err)
		}
		return r.startSession(s, func(code int) int {
			if code != 0 {
				msg, c := formatError(commandTerminated(code))
				fmt.Fprintln(r.errOut, msg)
				return c
			}
			return 0
		})
	}
	var in io.Reader
	if stdin {
		in = r.env.Stdin
		if in == nil {
			in = bytes.NewReader(nil)
		}
	}
	code, err := r.env.Runtime.Exec(pod.Namespace, pod.Name, containerName, command, ExecIO{Stdin: in, Stdout: r.out, Stderr: r.errOut})
	if err != nil {
		return r.streamError(err)
	}
	if code != 0 {
		return commandTerminated(code)
	}
	return nil
}

// startSession prints what the process wrote before reading input; if it already exited the
// command ends, otherwise the session is handed to the caller through Env.Session.
func (r *runner) startSession(s Session, end func(code int) int) error {
	out, exited := s.Start()
	r.out.Write(out)
	if exited {
		r.code = end(s.ExitCode())
		return nil
	}
	r.env.Session = &Interactive{r: r, s: s, end: end}
	return nil
}

// upgradeCheck is what the API server checks before upgrading an exec/attach connection:
// the pod must be bound to a node (pkg/registry/core/pod/strategy.go ExecLocation), which must
// have a kubelet.
func (r *runner) upgradeCheck(pod *corev1.Pod, container string) error {
	if pod.Spec.NodeName == "" {
		// kubectl v1.36+ SPDY round tripper (k8s.io/streaming spdy/roundtripper.go
		// upgradeErrorMessage); real/A.md #11-#13.
		return fmt.Errorf("unable to upgrade connection: pod %s does not have a host assigned", pod.Name)
	}
	if r.env.Runtime == nil {
		return notSimulated("a node without a simulated kubelet")
	}
	return nil
}

// streamError turns a kubelet streaming error into what kubectl prints on the websocket path
// (facts §5.1: the API server's stream translator wraps it in an InternalError).
func (r *runner) streamError(err error) error {
	var ns *NotSimulatedError
	if errors.As(err, &ns) {
		return err
	}
	return fmt.Errorf("Internal error occurred: unable to upgrade connection: %s", err.Error())
}

// podFor resolves exec's, attach's and logs' POD | TYPE/NAME argument to a pod (a
// workload's pod: see podForObject).
func (r *runner) podFor(arg string, purpose podPurpose, timeout time.Duration) (*corev1.Pod, error) {
	typ, name := "pods", arg
	if i := strings.Index(arg, "/"); i >= 0 {
		typ, name = arg[:i], arg[i+1:]
	}
	m, err := r.resourceFor(typ)
	if err != nil {
		return nil, err
	}
	obj, err := r.env.API.Get(m.Name, r.namespace, name)
	if err != nil {
		return nil, err
	}
	return r.podForObject(m, obj, purpose, timeout)
}
