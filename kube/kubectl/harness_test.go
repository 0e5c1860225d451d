package kubectl

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/scheduler"
)

// testStart is the virtual time test clusters start at (the day real/A.md was recorded).
var testStart = time.Date(2026, 11, 24, 23, 54, 40, 0, time.UTC)

// testCluster is a control plane (API server + scheduler) without a node, like real/A.md's,
// plus an optional fake Runtime.
type testCluster struct {
	clk   *clock.Clock
	api   *apiserver.Server
	files fstest.MapFS
	rt    Runtime
}

func newTestCluster(t testing.TB) *testCluster {
	clk := clock.New(testStart)
	api := apiserver.New(clk, apiserver.Options{Seed: 1})
	sched := scheduler.New(clk, &schedAPI{s: api}, scheduler.Options{})
	api.Watch(func(ev apiserver.WatchEvent) {
		switch obj := ev.Object.(type) {
		case *v1.Pod:
			sched.HandlePod(obj, ev.Type == "DELETED")
		case *v1.Node:
			sched.HandleNode(obj)
		}
	})
	return &testCluster{clk: clk, api: api, files: fstest.MapFS{}}
}

// run runs one kubectl command line (split on spaces, single quotes group) and returns its
// stdout, stderr and exit code.
func (c *testCluster) run(args []string, stdin string) (string, string, int) {
	var out, errOut bytes.Buffer
	env := &Env{API: c.api, Clock: c.clk, Runtime: c.rt, Files: mapFiles{c.files}, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := Run(env, args)
	return out.String(), errOut.String(), code
}

// runEnv is run that also returns Env.NotSimulated.
func (c *testCluster) runEnv(args []string, stdin string) (string, string, int, string) {
	var out, errOut bytes.Buffer
	env := &Env{API: c.api, Clock: c.clk, Runtime: c.rt, Files: mapFiles{c.files}, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := Run(env, args)
	return out.String(), errOut.String(), code, env.NotSimulated
}

// mapFiles adapts an fstest.MapFS to Files (names relative to the working directory).
type mapFiles struct{ fs fstest.MapFS }

func clean(name string) string { return strings.TrimPrefix(path.Clean(name), "/") }

func (m mapFiles) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(m.fs, clean(name)) }
func (m mapFiles) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(m.fs, clean(name)) }
func (m mapFiles) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(m.fs, clean(name)) }

// schedAPI is the scheduler's client of the API server (as kube/cluster wires it).
type schedAPI struct{ s *apiserver.Server }

func (a *schedAPI) ListNodes() ([]*v1.Node, error) {
	obj, err := a.s.List("nodes", "", apiserver.ListOptions{})
	if err != nil {
		return nil, err
	}
	l := obj.(*v1.NodeList)
	out := make([]*v1.Node, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

func (a *schedAPI) ListPods() ([]*v1.Pod, error) {
	obj, err := a.s.List("pods", "", apiserver.ListOptions{})
	if err != nil {
		return nil, err
	}
	l := obj.(*v1.PodList)
	out := make([]*v1.Pod, len(l.Items))
	for i := range l.Items {
		out[i] = &l.Items[i]
	}
	return out, nil
}

func (a *schedAPI) GetPod(namespace, name string) (*v1.Pod, error) {
	obj, err := a.s.Get("pods", namespace, name)
	if err != nil {
		return nil, err
	}
	return obj.(*v1.Pod), nil
}

func (a *schedAPI) Bind(namespace, name, node string) error { return a.s.Bind(namespace, name, node) }

func (a *schedAPI) UpdatePodStatus(pod *v1.Pod) (*v1.Pod, error) {
	cur, err := a.s.Get("pods", pod.Namespace, pod.Name)
	if err != nil {
		return nil, err
	}
	p := pod.DeepCopy()
	p.ResourceVersion = cur.(*v1.Pod).ResourceVersion
	return a.s.UpdatePodStatus(p)
}

// RecordEvent refers to the Pod as the scheduler's informer last saw it: the events.k8s.io
// recorder's isomorphism key includes regarding.resourceVersion (client-go v0.37.2
// tools/events/event_broadcaster.go getKey), so a retry after the status write is a new
// event, as real/A.md #08 shows.
func (a *schedAPI) RecordEvent(pod *v1.Pod, eventType, reason, action, message string) {
	if cur, err := a.s.Get("pods", pod.Namespace, pod.Name); err == nil {
		pod = cur.(*v1.Pod)
	}
	a.s.RecordEvent(apiserver.EventRecord{
		Regarding: apiserver.Reference(pod, ""), Type: eventType, Reason: reason, Message: message,
		ReportingController: scheduler.Name, ReportingInstance: scheduler.Name + "-controlplane", Action: action,
	})
}

// runTTY runs a command line as typed at a terminal: stdin is a TTY and stdout and stderr go
// to the same screen (real/*.md "run under a pty").
func (c *testCluster) runTTY(args []string) (string, string, int) {
	var screen bytes.Buffer
	env := &Env{API: c.api, Clock: c.clk, Runtime: c.rt, Files: mapFiles{c.files}, Stdout: &screen, Stderr: &screen, TTY: true}
	code := Run(env, args)
	return screen.String(), "", code
}
