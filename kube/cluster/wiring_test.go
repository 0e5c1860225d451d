package cluster

import (
	"fmt"
	"strings"
	"testing"
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/kubelet"
)

// stubRuntime is a test double of the node runtime: every image exists, every container runs
// until stopped (exit 143 on its stop signal).
type stubRuntime struct {
	clk   *clock.Clock
	n     int
	exits map[string]func(kubelet.ExitStatus)
}

func (r *stubRuntime) ResolveImage(image string) (kubelet.ImageInfo, error) {
	return kubelet.ImageInfo{ID: "docker.io/library/" + image + "@sha256:" + strings.Repeat("0", 64), Size: 72195292}, nil
}
func (r *stubRuntime) RunPodSandbox(*kubelet.SandboxConfig) (kubelet.Sandbox, error) {
	r.n++
	return kubelet.Sandbox{ID: fmt.Sprint("sb", r.n), IP: fmt.Sprintf("10.244.0.%d", r.n+1)}, nil
}
func (r *stubRuntime) StopPodSandbox(string) {}
func (r *stubRuntime) CreateContainer(string, *kubelet.ContainerConfig) (string, error) {
	r.n++
	return fmt.Sprintf("%064d", r.n), nil
}
func (r *stubRuntime) StartContainer(id string, exited func(kubelet.ExitStatus)) error {
	r.exits[id] = exited
	return nil
}
func (r *stubRuntime) StopContainer(id string, _ time.Duration) {
	if f := r.exits[id]; f != nil {
		delete(r.exits, id)
		r.clk.After(time.Millisecond, func() { f(kubelet.ExitStatus{ExitCode: 143}) })
	}
}
func (r *stubRuntime) ExecSync(string, []string, time.Duration, func(kubelet.ExecResult)) {}
func (r *stubRuntime) HTTPGet(string, kubelet.HTTPRequest, time.Duration, func(kubelet.HTTPResponse)) {
}
func (r *stubRuntime) TCPConnect(string, string, int, time.Duration, func(error)) {}
func (r *stubRuntime) ReadFile(string, string) ([]byte, error)                    { return nil, nil }
func (r *stubRuntime) LogTail(string, int) []byte                                 { return nil }
func (r *stubRuntime) ContainerUser(string) *v1.ContainerUser                     { return nil }

func newStubCluster(opts Options) *Cluster {
	if opts.Start.IsZero() {
		opts.Start = defaultStart
	}
	rt := &stubRuntime{clk: nil, exits: map[string]func(kubelet.ExitStatus){}}
	opts.nodeRuntime = rt
	c := New(opts)
	rt.clk = c.Clock
	return c
}

const webPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
`

func events(t *testing.T, c *Cluster) []string {
	t.Helper()
	obj, err := c.API.List("events", "default", apiserver.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range obj.(*v1.EventList).Items {
		out = append(out, fmt.Sprintf("%s %s %s", e.Reason, e.InvolvedObject.FieldPath, e.Message))
	}
	return out
}

// The scheduler binds to the node named in the options, the kubelet runs the Pod, and a
// graceful deletion goes through the kubelet to the final API deletion.
func TestWiring(t *testing.T) {
	c := newStubCluster(Options{Node: "debian", NodeIP: "10.0.2.15"})
	node, err := c.API.Get("nodes", "", "debian")
	if err != nil {
		t.Fatalf("node not registered: %v", err)
	}
	for _, taint := range node.(*v1.Node).Spec.Taints {
		t.Errorf("node keeps taint %v after reporting Ready", taint)
	}
	if _, _, err := c.API.Create("pods", "default", []byte(webPod), apiserver.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	c.Advance(10 * time.Second)
	p := c.Pod("default", "web")
	if p.Spec.NodeName != "debian" || p.Status.Phase != v1.PodRunning || p.Status.HostIP != "10.0.2.15" || p.Status.PodIP == "" {
		t.Fatalf("pod not running on debian: node=%q phase=%s hostIP=%s podIP=%s", p.Spec.NodeName, p.Status.Phase, p.Status.HostIP, p.Status.PodIP)
	}
	got := strings.Join(events(t, c), "\n")
	for _, want := range []string{
		"Scheduled  Successfully assigned default/web to debian",
		`Pulling spec.containers{web} Pulling image "nginx:1.27"`,
		"Created spec.containers{web} Container created",
		"Started spec.containers{web} Container started",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing event %q in:\n%s", want, got)
		}
	}
	if _, err := c.API.Delete("pods", "default", "web", apiserver.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	c.Advance(5 * time.Second)
	if p := c.Pod("default", "web"); p != nil {
		t.Fatalf("pod still there after its containers stopped: deletionTimestamp=%v phase=%s", p.DeletionTimestamp, p.Status.Phase)
	}
	if got := strings.Join(events(t, c), "\n"); !strings.Contains(got, "Killing spec.containers{web} Stopping container web") {
		t.Errorf("no Killing event:\n%s", got)
	}
}

// Same options, same calls: same bytes.
func TestDeterministic(t *testing.T) {
	run := func() string {
		c := newStubCluster(Options{Seed: 7})
		if _, _, err := c.API.Create("pods", "default", []byte(webPod), apiserver.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Minute)
		p := c.Pod("default", "web")
		return fmt.Sprintf("%s %s %v %v", p.UID, p.Status.PodIP, p.Status.StartTime, events(t, c))
	}
	if a, b := run(), run(); a != b {
		t.Fatalf("two runs differ:\n%s\n%s", a, b)
	}
}
