package shell_test

import (
	"bytes"
	"net/netip"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/rootfs"
	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/images"
	"github.com/docbuild/docbuild/kube/shell"
)

var epoch = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

// env is one container's worth of simulated system for tests.
type env struct {
	clk   *clock.Clock
	sched *proc.Scheduler
	sys   *shell.System
	notes []string
}

func newEnv(t testing.TB, image string) *env {
	t.Helper()
	cat := images.Default()
	l, err := cat.Lookup(image)
	if err != nil || l.Image == nil {
		t.Fatalf("lookup %s: %v", image, err)
	}
	clk := clock.New(epoch)
	sched := proc.NewScheduler(clk)
	w := vfs.NewWorld(clk.Now)
	fsys := rootfs.Build(w, cat.Base(l.Image), l.Image)
	netw := netsim.New(sched)
	ns := netw.NewNamespace(netip.MustParseAddr("10.244.0.5"), "testpod")
	e := &env{clk: clk, sched: sched}
	e.sys = &shell.System{
		FS: fsys, Net: ns, Procs: proc.NewTable(), Sched: sched,
		Programs: shell.Programs(), Hostname: "testpod",
		KernelRelease: "6.8.0-45-generic", KernelVersion: "#45-Ubuntu SMP", Machine: "x86_64",
		CPUs: 2, MemTotal: 8 << 30, Boot: epoch,
		NotSimulated: func(r string) { e.notes = append(e.notes, r) },
		Resolve: func(name string) ([]netip.Addr, string, bool) {
			if name == "localhost" {
				return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, "localhost", true
			}
			return nil, "", false
		},
		DNSServer: netip.MustParseAddr("10.96.0.10"),
		Versions:  map[string]string{"busybox": l.Image.Version},
	}
	t.Cleanup(sched.Shutdown)
	return e
}

// run runs argv as a new top-level process until it exits or `until` of virtual time has
// passed, returning stdout, stderr and the exit status (-1 if still running).
func (e *env) run(argv []string, stdin string, until time.Duration) (string, string, int) {
	var out, errb bytes.Buffer
	p := e.sys.Procs.NewProcess(nil, argv, e.clk.Now())
	p.Budget = &proc.Budget{MaxSteps: 20000, MaxOutput: 1 << 20, OnExceed: func(m string) { e.notes = append(e.notes, m) }}
	c := &shell.Ctx{P: p, Sys: e.sys, Argv: argv, Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=testpod", "HOME=/root"},
		Dir: "/", Stdin: bytes.NewReader([]byte(stdin)), Stdout: &out, Stderr: &errb}
	code := -1
	e.sched.Go(p, func(t *proc.Thread) {
		c.T = t
		path, n, err := c.LookPath(argv[0])
		if err != nil {
			code = 127
			p.Exit(127)
			return
		}
		code = c.RunInode(path, n)
		p.Exit(code)
	})
	e.sched.Run()
	e.clk.RunUntil(e.clk.Now().Add(until), p.Exited)
	if !p.Exited() {
		code = -1
	}
	return out.String(), errb.String(), code
}

func TestSmoke(t *testing.T) {
	e := newEnv(t, "busybox:1.36")
	out, errs, code := e.run([]string{"sh", "-c", "echo hello; x=$((1+2)); echo $x | cat; foo; cat /nope; ls /etc"}, "", time.Minute)
	t.Logf("out=%q err=%q code=%d notes=%v", out, errs, code, e.notes)
}
