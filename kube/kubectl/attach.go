package kubectl

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/cmd/util/podcmd"
)

type attachOptions struct {
	container  string
	stdin      bool
	tty        bool
	quiet      bool
	detachKeys string
}

func (r *runner) newAttach() *cobra.Command {
	o := &attachOptions{detachKeys: "ctrl-p,ctrl-q"}
	cmd := &cobra.Command{
		Use:                   "attach (POD | TYPE/NAME) -c CONTAINER",
		DisableFlagsInUseLine: true,
		Short:                 "Attach to a running container",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runAttach(cmd, o, args)
		},
	}
	// k8s.io/kubectl v0.37.2 pkg/cmd/attach/attach.go NewCmdAttach.
	cmdutil.AddPodRunningTimeoutFlag(cmd, defaultPodAttachTimeout)
	cmdutil.AddContainerVarFlags(cmd, &o.container, o.container)
	cmd.Flags().BoolVarP(&o.stdin, "stdin", "i", o.stdin, "Pass stdin to the container")
	cmd.Flags().BoolVarP(&o.tty, "tty", "t", o.tty, "Stdin is a TTY")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", o.quiet, "Only print output from the remote session")
	cmd.Flags().StringVar(&o.detachKeys, "detach-keys", o.detachKeys, "Override the key sequence for detaching a container")
	return cmd
}

// runAttach is attach.go v0.37.2 Complete, Validate and Run: attach to the process a container
// runs (Runtime.Attach with no argv).
func (r *runner) runAttach(cmd *cobra.Command, o *attachOptions, args []string) error {
	timeout, _ := cmd.Flags().GetDuration("pod-running-timeout")
	if len(args) == 0 {
		return errors.New("at least 1 argument is required for attach")
	}
	if len(args) > 2 {
		return fmt.Errorf("expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw %d: %v", len(args), args)
	}
	if timeout <= 0 {
		return errors.New("--pod-running-timeout must be higher than zero")
	}
	arg := args[0]
	if len(args) == 2 {
		m, err := r.resourceFor(args[0])
		if err != nil {
			return err
		}
		arg = m.Name + "/" + args[1]
	}
	pod, err := r.podFor(arg, podToAttach, timeout)
	if err != nil {
		return err
	}
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return fmt.Errorf("cannot attach a container in a completed pod; current phase is %s", pod.Status.Phase)
	}
	return r.attachTo(pod, o.container, o.stdin, o.tty, o.quiet)
}

// attachTo is attach.go Run once the pod is known (also kubectl debug's handleAttachPod): the
// container (-c or the default one), the TTY rules, the notices, and a session on the
// container's own process.
func (r *runner) attachTo(pod *corev1.Pod, containerName string, stdin, tty, quiet bool) error {
	container, err := podcmd.FindOrDefaultContainerByName(pod, containerName, quiet, r.errOut)
	if err != nil {
		return fmt.Errorf("cannot attach to the container: %v", err)
	}
	if tty && !container.TTY {
		tty = false
		if !quiet {
			fmt.Fprintf(r.errOut, "error: Unable to use a TTY - container %s did not allocate one\n", container.Name)
		}
	} else if !tty && container.TTY {
		// the container was launched with a TTY, so one is forced here.
		tty = true
	}
	// StreamOptions.SetupTTY.
	if !stdin {
		tty = false
	} else if tty && !r.env.TTY {
		tty = false
		if !quiet {
			fmt.Fprintln(r.errOut, "Unable to use a TTY - input is not a terminal or the right kind of file")
		}
	}
	if err := r.upgradeCheck(pod, container.Name); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintln(r.errOut, "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.")
		fmt.Fprintln(r.errOut, "If you don't see a command prompt, try pressing enter.")
	}
	if !stdin {
		// Without stdin kubectl streams the process's output until it ends (or the user stops).
		return notSimulated("kubectl attach without -i")
	}
	s, err := r.env.Runtime.Attach(pod.Namespace, pod.Name, container.Name, nil, tty)
	if err != nil {
		return r.streamError(err)
	}
	return r.startSession(s, func(code int) int {
		if !quiet && stdin && tty {
			// attach.go reattachMessage.
			if _, path := podcmd.FindContainerByName(pod, container.Name); len(path) > 24 && path[:24] == "spec.ephemeralContainers" {
				fmt.Fprintf(r.out, "Session ended, the ephemeral container will not be restarted but may be reattached using '%s %s -c %s -n %s -i -t' if it is still running\n", "kubectl attach", pod.Name, container.Name, pod.Namespace)
			} else {
				fmt.Fprintf(r.out, "Session ended, resume using '%s %s -c %s -n %s -i -t' command\n", "kubectl attach", pod.Name, container.Name, pod.Namespace)
			}
		}
		return 0
	})
}
