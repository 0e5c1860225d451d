package container

import (
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
)

var t0 = time.Date(2026, 11, 24, 23, 40, 0, 0, time.UTC)

func TestSeedSmoke(t *testing.T) {
	clk := clock.New(t0)
	rt := New(Options{Clock: clk})
	defer rt.Close()
	for _, img := range []string{"nginx", "busybox"} {
		if _, err := rt.PullImage(img); err != nil {
			t.Fatal(err)
		}
	}
	sb, err := rt.RunPodSandbox(SandboxConfig{UID: "u1", Namespace: "default", Name: "network-demo"})
	if err != nil {
		t.Fatal(err)
	}
	app, err := sb.CreateContainer(ContainerConfig{Name: "app", Image: "nginx"})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	var exited *Container
	side, err := sb.CreateContainer(ContainerConfig{Name: "sidecar", Image: "busybox", Command: []string{"sh", "-c", "wget -qO- http://localhost:80"}, OnExit: func(c *Container) { exited = c }})
	if err != nil {
		t.Fatal(err)
	}
	if err := side.Start(); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if exited == nil {
		t.Fatalf("sidecar did not exit: %+v", side.Status())
	}
	var out strings.Builder
	for _, e := range side.Logs() {
		out.Write(e.Data)
	}
	t.Logf("sidecar status %+v\nlog:\n%s", side.Status(), out.String())
	for _, e := range app.Logs() {
		t.Logf("app %s %v %q", e.Stream, e.Unverified, e.Data)
	}
}
