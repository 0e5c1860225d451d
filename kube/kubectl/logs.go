package kubectl

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/cmd/util/podcmd"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// k8s.io/kubectl v0.37.2 pkg/cmd/logs/logs.go logsUsageStr, logsUsageErrStr, selectorTail.
const (
	logsUsageStr    = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]"
	logsUsageErrStr = "expected '" + logsUsageStr + "'.\nPOD or TYPE/NAME is a required argument for the logs command"
	selectorTail    = int64(10)
)

type logsOptions struct {
	allPods        bool
	allContainers  bool
	follow         bool
	timestamps     bool
	limitBytes     int64
	previous       bool
	tail           int64
	ignoreErrors   bool
	sinceTime      string
	since          time.Duration
	container      string
	insecure       bool
	selector       string
	maxConcurrency int
	prefix         bool
}

func (r *runner) newLogs() *cobra.Command {
	o := &logsOptions{tail: -1, maxConcurrency: 5}
	cmd := &cobra.Command{
		Use:                   logsUsageStr,
		DisableFlagsInUseLine: true,
		Short:                 "Print the logs for a container in a pod",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runLogs(cmd, o, args)
		},
	}
	f := cmd.Flags()
	// logs.go v0.37.2 NewCmdLogs / AddFlags.
	f.BoolVar(&o.allPods, "all-pods", o.allPods, "Get logs from all pod(s). Sets prefix to true.")
	f.BoolVar(&o.allContainers, "all-containers", o.allContainers, "Get all containers' logs in the pod(s).")
	f.BoolVarP(&o.follow, "follow", "f", o.follow, "Specify if the logs should be streamed.")
	f.BoolVar(&o.timestamps, "timestamps", o.timestamps, "Include timestamps on each line in the log output")
	f.Int64Var(&o.limitBytes, "limit-bytes", o.limitBytes, "Maximum bytes of logs to return. Defaults to no limit.")
	f.BoolVarP(&o.previous, "previous", "p", o.previous, "If true, print the logs for the previous instance of the container in a pod if it exists.")
	f.Int64Var(&o.tail, "tail", o.tail, "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.")
	f.BoolVar(&o.ignoreErrors, "ignore-errors", o.ignoreErrors, "If watching / following pod logs, allow for any errors that occur to be non-fatal")
	f.StringVar(&o.sinceTime, "since-time", o.sinceTime, "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.")
	f.DurationVar(&o.since, "since", o.since, "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.")
	f.StringVarP(&o.container, "container", "c", o.container, "Print the logs of this container")
	f.BoolVar(&o.insecure, "insecure-skip-tls-verify-backend", o.insecure,
		"Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.")
	cmdutil.AddPodRunningTimeoutFlag(cmd, defaultPodLogsTimeout)
	addSelectorFlag(cmd, &o.selector)
	f.IntVar(&o.maxConcurrency, "max-log-requests", o.maxConcurrency, "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.")
	f.BoolVar(&o.prefix, "prefix", o.prefix, "Prefix each log line with the log source (pod name and container name)")
	return cmd
}

// runLogs is logs.go v0.37.2 Complete, Validate and RunLogs, with the kubelet's answers
// from Env.Runtime.
func (r *runner) runLogs(cmd *cobra.Command, o *logsOptions, args []string) error {
	containerSpecified := cmd.Flag("container").Changed
	tailSpecified := cmd.Flag("tail").Changed
	var resourceArg string
	switch len(args) {
	case 0:
		if len(o.selector) == 0 {
			return usageErrorf(cmd.CommandPath(), "%s", logsUsageErrStr)
		}
	case 1:
		resourceArg = args[0]
		if len(o.selector) != 0 {
			return usageErrorf(cmd.CommandPath(), "only a selector (-l) or a POD name is allowed")
		}
	case 2:
		resourceArg = args[0]
		o.container = args[1]
	default:
		return usageErrorf(cmd.CommandPath(), "%s", logsUsageErrStr)
	}
	if o.allPods {
		o.prefix = true
	}
	opts := LogOptions{Previous: o.previous, Timestamps: o.timestamps, Follow: o.follow}
	if len(o.sinceTime) > 0 {
		t, err := time.Parse(time.RFC3339, o.sinceTime)
		if err != nil {
			return err
		}
		opts.SinceTime = &t
	}
	if o.limitBytes != 0 {
		l := o.limitBytes
		opts.LimitBytes = &l
	}
	if o.since != 0 {
		sec := int64(o.since.Round(time.Second).Seconds())
		opts.SinceSeconds = &sec
	}
	if len(o.selector) > 0 && o.tail == -1 && !tailSpecified {
		t := selectorTail
		opts.TailLines = &t
	} else if o.tail != -1 {
		t := o.tail
		opts.TailLines = &t
	}

	// Object lookup.
	var pods []*corev1.Pod
	if o.selector != "" {
		list, err := r.env.API.List("pods", r.namespace, apiserver.ListOptions{LabelSelector: o.selector})
		if err != nil {
			return err
		}
		pl := list.(*corev1.PodList)
		if len(pl.Items) == 0 {
			fmt.Fprintf(r.errOut, "No resources found in %s namespace.\n", r.namespace)
		}
		for i := range pl.Items {
			pods = append(pods, &pl.Items[i])
		}
	} else {
		timeout, _ := cmd.Flags().GetDuration("pod-running-timeout")
		pod, err := r.podFor(resourceArg, podForLogs, timeout)
		if err != nil {
			if apierrors.IsNotFound(err) {
				err = fmt.Errorf("error from server (NotFound): %w in namespace %q", err, r.namespace)
			}
			return err
		}
		pods = []*corev1.Pod{pod}
	}

	// Validate.
	if len(o.sinceTime) > 0 && o.since != 0 {
		return errors.New("at most one of `sinceTime` or `sinceSeconds` may be specified")
	}
	if o.allContainers && len(o.container) > 0 {
		return fmt.Errorf("--all-containers=true should not be specified with container name %s", o.container)
	}
	if containerSpecified && len(args) == 2 {
		return errors.New("only one of -c or an inline [CONTAINER] arg is allowed")
	}
	if o.limitBytes < 0 {
		return errors.New("--limit-bytes must be greater than 0")
	}
	if opts.SinceSeconds != nil && *opts.SinceSeconds < 0 {
		return errors.New("--since must be greater than 0")
	}
	if opts.TailLines != nil && *opts.TailLines < -1 {
		return errors.New("--tail must be greater than or equal to -1")
	}

	// polymorphichelpers logsForObjectWithClient: the requests, in order.
	type request struct {
		pod       *corev1.Pod
		container string
	}
	var reqs []request
	for _, pod := range pods {
		if o.allContainers {
			for _, c := range pod.Spec.InitContainers {
				reqs = append(reqs, request{pod, c.Name})
			}
			for _, c := range pod.Spec.Containers {
				reqs = append(reqs, request{pod, c.Name})
			}
			for _, c := range pod.Spec.EphemeralContainers {
				reqs = append(reqs, request{pod, c.Name})
			}
			continue
		}
		name := o.container
		if name == "" {
			if def := pod.Annotations[podcmd.DefaultContainerAnnotationName]; def != "" {
				if c, _ := podcmd.FindContainerByName(pod, def); c == nil {
					fmt.Fprintf(r.errOut, "Default container name %q not found in pod %s\n", def, pod.Name)
				} else {
					name = def
				}
			}
		}
		if name == "" {
			name = pod.Spec.Containers[0].Name
			if len(pod.Spec.Containers) > 1 || len(pod.Spec.InitContainers) > 0 || len(pod.Spec.EphemeralContainers) > 0 {
				if !o.allPods {
					fmt.Fprintf(r.errOut, "Defaulted container %q out of: %s\n", name, podcmd.AllContainerNames(pod))
				}
			}
		}
		if c, _ := podcmd.FindContainerByName(pod, name); c == nil {
			if r.ver.ContainerNotValidListsContainers {
				return fmt.Errorf("container %s is not valid for pod %s out of: %s", name, pod.Name, podcmd.AllContainerNames(pod))
			}
			return fmt.Errorf("container %s is not valid for pod %s", name, pod.Name)
		}
		reqs = append(reqs, request{pod, name})
	}
	if o.follow && len(reqs) > 1 && len(reqs) > o.maxConcurrency {
		return fmt.Errorf("you are attempting to follow %d log streams, but maximum allowed concurrency is %d, use --max-log-requests to increase the limit", len(reqs), o.maxConcurrency)
	}
	if o.follow {
		// The user watches the stream until it has been quiet for a while: the log's length is
		// the activity.
		size, last := -1, time.Time{}
		r.runClockFor(r.env.WatchFor, func() time.Time {
			n := 0
			for _, rq := range reqs {
				if data, err := r.podLogs(rq.pod, rq.container, opts); err == nil {
					n += len(data)
				}
			}
			if n != size {
				size, last = n, r.env.Clock.Now()
			}
			return last
		})
	}
	for _, rq := range reqs {
		data, err := r.podLogs(rq.pod, rq.container, opts)
		if err != nil {
			if o.ignoreErrors {
				fmt.Fprint(r.out, "error: "+err.Error()+"\n")
				continue
			}
			return err
		}
		if o.prefix {
			data = prefixLines(data, fmt.Sprintf("[pod/%s/%s] ", rq.pod.Name, rq.container))
		}
		r.out.Write(data)
	}
	return nil
}

// podLogs is the API server's pods/log: nothing for an unscheduled pod (LogLocation returns no
// location, real/A.md #14-#15), else the kubelet's answer, whose errors come back as
// BadRequest (GenericHttpResponseChecker).
func (r *runner) podLogs(pod *corev1.Pod, container string, opts LogOptions) ([]byte, error) {
	if pod.Spec.NodeName == "" {
		return nil, nil
	}
	if r.env.Runtime == nil {
		return nil, notSimulated("logs from a node without a simulated kubelet")
	}
	data, err := r.env.Runtime.Logs(pod.Namespace, pod.Name, container, opts)
	if err != nil {
		var ns *NotSimulatedError
		if errors.As(err, &ns) {
			return nil, err
		}
		return nil, apierrors.NewBadRequest(err.Error())
	}
	return data, nil
}

// prefixLines is logs.go addPrefixIfNeeded's prefixingWriter applied to a whole log.
func prefixLines(data []byte, prefix string) []byte {
	if len(data) == 0 {
		return data
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if line == "" {
			continue
		}
		b.WriteString(prefix)
		b.WriteString(line)
	}
	return []byte(b.String())
}
