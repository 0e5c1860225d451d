package cluster

import (
	"bytes"
	"errors"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/docbuild/docbuild/kube/container"
	"github.com/docbuild/docbuild/kube/kubectl"
)

// ExecWaitLimit bounds how long a non-interactive exec may run on the virtual clock before
// the simulated user gives up (Ctrl-C, exit status 130).
const ExecWaitLimit = 5 * time.Minute

var _ kubectl.Runtime = (*Cluster)(nil)

// Logs serves pods/log: the kubelet picks the instance (its errors are returned as the
// kubelet's text), the runtime's CRI log is formatted as the kubelet's ReadLogs does
// (k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/logs/logs.go): timestamps as RFC3339Nano
// and a space, sinceSeconds/sinceTime, tailLines, limitBytes. A Pod without a node has no log
// location: empty output, no error (pkg/registry/core/pod/rest/log.go).
func (c *Cluster) Logs(namespace, pod, ctrName string, opts kubectl.LogOptions) ([]byte, error) {
	p := c.Pod(namespace, pod)
	if p == nil {
		return nil, apierrors.NewNotFound(v1.Resource("pods"), pod)
	}
	if p.Spec.NodeName == "" || c.Kubelet == nil {
		return nil, nil
	}
	id, err := c.Kubelet.LogContainerID(namespace, pod, ctrName, opts.Previous)
	if err != nil {
		return nil, err
	}
	ct := c.node.container(id)
	if ct == nil {
		return nil, errors.New("unable to retrieve container logs for containerd://" + id)
	}
	entries := ct.Logs()
	var since time.Time
	if opts.SinceSeconds != nil {
		since = c.Clock.Now().Add(-time.Duration(*opts.SinceSeconds) * time.Second)
	}
	if opts.SinceTime != nil {
		since = *opts.SinceTime
	}
	if !since.IsZero() {
		var kept []container.LogEntry
		for _, e := range entries {
			if !e.Time.Before(since) {
				kept = append(kept, e)
			}
		}
		entries = kept
	}
	if opts.TailLines != nil && *opts.TailLines >= 0 && int64(len(entries)) > *opts.TailLines {
		entries = entries[int64(len(entries))-*opts.TailLines:]
	}
	var b bytes.Buffer
	for _, e := range entries {
		if opts.Timestamps {
			b.WriteString(e.Time.UTC().Format(time.RFC3339Nano))
			b.WriteByte(' ')
		}
		b.Write(e.Data)
	}
	out := b.Bytes()
	if opts.LimitBytes != nil && int64(len(out)) > *opts.LimitBytes {
		out = out[:*opts.LimitBytes]
	}
	return out, nil
}

// Exec runs argv in a running container (pods/exec) and waits for it on the virtual clock
// (at most ExecWaitLimit).
func (c *Cluster) Exec(namespace, pod, ctrName string, argv []string, stdio kubectl.ExecIO) (int, error) {
	ct, err := c.runningContainer(namespace, pod, ctrName)
	if err != nil {
		return 0, err
	}
	p, err := ct.Exec(container.ExecRequest{Argv: argv, Stdin: stdio.Stdin, TTY: stdio.TTY, Stdout: stdio.Stdout, Stderr: stdio.Stderr})
	if err != nil {
		var ee *container.ExecError
		if errors.As(err, &ee) {
			return ee.ExitCode, err
		}
		return 0, err
	}
	if !c.Clock.RunUntil(c.Clock.Now().Add(ExecWaitLimit), p.Done) {
		p.Kill()
		return 130, nil
	}
	return p.ExitCode(), nil
}

func (c *Cluster) runningContainer(namespace, pod, ctrName string) (*container.Container, error) {
	if c.Kubelet == nil {
		return nil, errors.New("no node")
	}
	id, err := c.Kubelet.RunningContainerID(namespace, pod, ctrName)
	if err != nil {
		return nil, err
	}
	ct := c.node.container(id)
	if ct == nil {
		return nil, errors.New("container not found (\"" + ctrName + "\")")
	}
	return ct, nil
}

// Attach opens an interactive session: argv in the container (exec -it), or the container's
// own process when argv is nil (attach, run -it).
func (c *Cluster) Attach(namespace, pod, ctrName string, argv []string, tty bool) (kubectl.Session, error) {
	ct, err := c.runningContainer(namespace, pod, ctrName)
	if err != nil {
		return nil, err
	}
	var s *container.Session
	if argv == nil {
		s, err = ct.Attach()
	} else {
		s, err = ct.OpenSession(argv)
	}
	if err != nil {
		return nil, err
	}
	return &session{c: c, s: s}, nil
}

// session adapts a runtime session to kubectl.Session.
type session struct {
	c *Cluster
	s *container.Session
}

func (s *session) Start() ([]byte, bool) {
	if s.s.Process().Done() {
		return s.s.Process().Output(), true
	}
	return nil, false
}

func (s *session) Prompt() string { return s.s.Prompt() }

func (s *session) Line(line string) ([]byte, bool) { return s.s.Line(line) }

func (s *session) ExitCode() int { return s.s.Process().ExitCode() }

func (s *session) Close() int {
	p := s.s.Process()
	if !p.Done() {
		s.s.Close()
		if !s.c.Clock.RunUntil(s.c.Clock.Now().Add(ExecWaitLimit), p.Done) {
			p.Kill()
			s.c.Clock.AdvanceTo(s.c.Clock.Now())
		}
	}
	return p.ExitCode()
}
