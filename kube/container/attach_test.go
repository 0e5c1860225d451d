package container

import (
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/images"
)

// kubectl run -it --image=busybox -- sh: PID 1 is an interactive shell on a TTY; attaching
// types into it and reads what it printed from the container's log.
func TestAttachInteractivePID1(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("shell", false)
	c := h.start(sb, ContainerConfig{Name: "shell", Image: "busybox", Stdin: true, StdinOnce: true, TTY: true})
	s, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Prompt(); got != "/ # " {
		t.Fatalf("prompt %q, want %q", got, "/ # ")
	}
	out, exited := s.Line("echo hi")
	if exited || string(out) != "hi\n" {
		t.Errorf("echo hi: %q exited %v", out, exited)
	}
	if _, exited = s.Line("exit 3"); !exited {
		t.Fatal("shell did not exit")
	}
	h.clk.Advance(time.Second)
	if st := c.Status(); st.State != StateExited || st.ExitCode != 3 || st.Reason != "Error" {
		t.Errorf("status %+v", st)
	}
}

// Without stdin, busybox's default `sh` reads EOF at once and exits 0 (facts.md §8: Completed,
// then CrashLoopBackOff under restartPolicy Always).
func TestBusyboxDefaultShExitsAtOnce(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("bb", false)
	c := h.start(sb, ContainerConfig{Name: "bb", Image: "busybox"})
	h.clk.Advance(time.Millisecond)
	if st := c.Status(); st.State != StateExited || st.ExitCode != 0 || st.Reason != "Completed" {
		t.Errorf("status %+v", st)
	}
	if l := c.Logs(); len(l) != 0 {
		t.Errorf("log %+v, want empty", l)
	}
}

// BenchmarkSeedPod: the seed Pod's containers (nginx, and the sidecar restarted six times as
// the kubelet would over ten minutes) on the runtime alone, with one catalogue shared by all
// runtimes (images.Default parses the embedded data: about 1 ms).
func BenchmarkSeedPod(b *testing.B) {
	cat := images.Default()
	for i := 0; i < b.N; i++ {
		h := &harness{t: &testing.T{}}
		h.clk = newClock()
		h.rt = New(Options{Clock: h.clk, Catalog: cat})
		sb, _ := h.rt.RunPodSandbox(SandboxConfig{Namespace: "default", Name: "network-demo"})
		h.rt.PullImage("nginx")
		h.rt.PullImage("busybox")
		app, _ := sb.CreateContainer(ContainerConfig{Name: "app", Image: "nginx"})
		app.Start()
		for r := 0; r < 7; r++ {
			c, _ := sb.CreateContainer(ContainerConfig{Name: "sidecar", Image: "busybox", Command: []string{"sh", "-c", "wget -qO- http://localhost:80"}})
			c.Start()
			h.clk.Advance(80 * time.Second)
		}
		h.rt.Close()
	}
}
