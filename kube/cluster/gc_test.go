package cluster

import (
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// TestRemovedContainers: the runtime forgets the container instances the kubelet's container
// GC drops (only the running one and the one `logs --previous` shows are kept), so a crash
// loop does not accumulate file systems and logs; `logs --previous` still answers.
func TestRemovedContainers(t *testing.T) {
	c := New(Options{})
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [sh, -c, 'echo run; exit 1']\n"
	if _, _, err := c.API.Create("pods", "default", []byte(pod), apiserver.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	c.Advance(15 * time.Minute)
	p := c.Pod("default", "crash")
	if p == nil || p.Status.ContainerStatuses[0].RestartCount < 5 {
		t.Fatalf("not crash-looping: %+v", p)
	}
	if n := len(c.node.ids()); n > 2 {
		t.Errorf("the runtime keeps %d container instances, want at most 2", n)
	}
	if r := run(t, c, "logs crash --previous"); r.Exit != 0 || !strings.Contains(string(r.Stdout), "run") {
		t.Errorf("logs --previous: %q %q %d", r.Stdout, r.Stderr, r.Exit)
	}
}
