package container

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
)

var t0 = time.Date(2026, 11, 24, 23, 40, 0, 0, time.UTC)

func newClock() *clock.Clock { return clock.New(t0) }

// harness is one node's runtime on a fresh clock.
type harness struct {
	t   *testing.T
	clk *clock.Clock
	rt  *Runtime
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	clk := clock.New(t0)
	opts.Clock = clk
	rt := New(opts)
	t.Cleanup(rt.Close)
	return &harness{t: t, clk: clk, rt: rt}
}

func (h *harness) pod(name string, share bool) *Sandbox {
	h.t.Helper()
	sb, err := h.rt.RunPodSandbox(SandboxConfig{UID: "uid-" + name, Namespace: "default", Name: name, ShareProcessNamespace: share})
	if err != nil {
		h.t.Fatal(err)
	}
	return sb
}

func (h *harness) start(sb *Sandbox, cfg ContainerConfig) *Container {
	h.t.Helper()
	if _, err := h.rt.PullImage(cfg.Image); err != nil {
		h.t.Fatalf("pull %s: %v", cfg.Image, err)
	}
	c, err := sb.CreateContainer(cfg)
	if err != nil {
		h.t.Fatalf("create %s: %v", cfg.Name, err)
	}
	if err := c.Start(); err != nil {
		h.t.Fatalf("start %s: %v", cfg.Name, err)
	}
	return c
}

func logText(c *Container, stream Stream) string {
	var b strings.Builder
	for _, e := range c.Logs() {
		if e.Stream == stream {
			b.Write(e.Data)
		}
	}
	return b.String()
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The seed post's Pod: nginx and a busybox sidecar that fetches the welcome page over the
// Pod's shared localhost. The page depends on the nginx version (facts.md §8: 615 bytes, md5
// 7df3d7cf…, for 1.21.2–1.29.5; 896 bytes, md5 6bb03ae5…, for 1.29.6+ and the untagged image).
func TestSeedSidecarWelcomePage(t *testing.T) {
	tests := []struct {
		nginx   string
		size    int
		md5     string
		version string
	}{
		{"nginx", 896, "6bb03ae5bc151ad04e3875dc8992e270", "1.29.8"},
		{"nginx:latest", 896, "6bb03ae5bc151ad04e3875dc8992e270", "1.29.8"},
		{"nginx:1.29.6", 896, "6bb03ae5bc151ad04e3875dc8992e270", "1.29.6"},
		{"nginx:1.29.5", 615, "7df3d7cf3358af3f470ac7229387ef94", "1.29.5"},
		{"nginx:1.27", 615, "7df3d7cf3358af3f470ac7229387ef94", "1.27.5"},
		{"nginx:stable", 896, "6bb03ae5bc151ad04e3875dc8992e270", "1.30.0"},
		{"nginx:1.20", 612, "e3eb0a1df437f3f97a64aca5952c8ea0", "1.20.2"},
	}
	for _, tt := range tests {
		t.Run(tt.nginx, func(t *testing.T) {
			h := newHarness(t, Options{})
			sb := h.pod("network-demo", false)
			app := h.start(sb, ContainerConfig{Name: "app", Image: tt.nginx, Ports: []int{80}})
			var exits int
			side := h.start(sb, ContainerConfig{Name: "sidecar", Image: "busybox",
				Command: []string{"sh", "-c", "wget -qO- http://localhost:80"}, OnExit: func(*Container) { exits++ }})
			h.clk.Advance(time.Second)
			st := side.Status()
			if st.State != StateExited || st.ExitCode != 0 || st.Reason != "Completed" || exits != 1 {
				t.Fatalf("sidecar status %+v (OnExit calls %d), want exited 0 Completed once", st, exits)
			}
			page := logText(side, Stdout)
			if len(page) != tt.size || md5hex(page) != tt.md5 {
				t.Errorf("sidecar log: %d bytes md5 %s, want %d bytes md5 %s", len(page), md5hex(page), tt.size, tt.md5)
			}
			access := logText(app, Stdout)
			want := `127.0.0.1 - - [24/Nov/2026:23:40:00 +0000] "GET / HTTP/1.1" 200 ` + itoa(tt.size) + ` "-" "Wget" "-"` + "\n"
			if !strings.HasSuffix(access, want) {
				t.Errorf("nginx access log %q does not end with %q", access, want)
			}
			if errlog := logText(app, Stderr); !strings.Contains(errlog, "[notice] 1#1: nginx/"+tt.version+"\n") {
				t.Errorf("nginx error log lacks the version notice nginx/%s:\n%s", tt.version, errlog)
			}
			if app.Status().State != StateRunning {
				t.Errorf("nginx not running: %+v", app.Status())
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	if s == "" {
		return "0"
	}
	return s
}

// The seed's fix: `wget -qO- http://localhost && sleep infinity` keeps the sidecar running on
// the virtual clock forever.
func TestSleepInfinityBlocksForever(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("network-demo", false)
	h.start(sb, ContainerConfig{Name: "app", Image: "nginx"})
	side := h.start(sb, ContainerConfig{Name: "sidecar", Image: "busybox",
		Command: []string{"/bin/sh", "-c", "wget -qO- http://localhost && sleep infinity"}})
	h.clk.Advance(240 * time.Hour)
	if st := side.Status(); st.State != StateRunning {
		t.Fatalf("sidecar %+v, want running after 10 days", st)
	}
	if _, ok := h.clk.Next(); ok {
		t.Errorf("sleep infinity left a timer on the clock")
	}
	if !strings.Contains(logText(side, Stdout), "<title>Welcome to nginx!</title>") {
		t.Errorf("sidecar log lacks the welcome page")
	}
}

// Stop sends the image's STOPSIGNAL and SIGKILL after the grace period. A shell (or the
// command it execs) as PID 1 ignores SIGTERM: the kernel applies no default action to a PID
// namespace's init, so it dies by SIGKILL at the end of the grace period (137).
func TestStopSignals(t *testing.T) {
	tests := []struct {
		name      string
		cfg       ContainerConfig
		wantAfter time.Duration
		code      int
		reason    string
	}{
		{"shell sleep infinity", ContainerConfig{Image: "busybox", Command: []string{"sh", "-c", "sleep infinity"}}, 30 * time.Second, 137, "Error"},
		{"shell loop", ContainerConfig{Image: "busybox", Command: []string{"sh", "-c", "while true; do sleep 1; done"}}, 30 * time.Second, 137, "Error"},
		{"nginx SIGQUIT", ContainerConfig{Image: "nginx"}, 0, 0, "Completed"},
		{"redis SIGTERM", ContainerConfig{Image: "redis"}, 0, 0, "Completed"},
		{"httpd SIGWINCH", ContainerConfig{Image: "httpd"}, 0, 0, "Completed"},
		{"unknown image", ContainerConfig{Image: "jiangbo920827/spring-demo:actuator", Ports: []int{8080}}, 0, 143, "Error"},
		{"pause", ContainerConfig{Image: "registry.k8s.io/pause:3.10"}, 0, 0, "Completed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			sb := h.pod("p", false)
			tt.cfg.Name = "c"
			c := h.start(sb, tt.cfg)
			h.clk.Advance(5 * time.Second)
			if c.Status().State != StateRunning {
				t.Fatalf("not running before stop: %+v", c.Status())
			}
			stopAt := h.clk.Now()
			c.Stop(30 * time.Second)
			h.clk.Advance(29 * time.Second)
			st := c.Status()
			if tt.wantAfter > 0 {
				if st.State != StateRunning {
					t.Fatalf("exited before the grace period ended: %+v", st)
				}
				h.clk.Advance(2 * time.Second)
				st = c.Status()
			}
			if st.State != StateExited || st.ExitCode != tt.code || st.Reason != tt.reason {
				t.Fatalf("status %+v, want exit %d %s", st, tt.code, tt.reason)
			}
			if got := st.FinishedAt.Sub(stopAt); got != tt.wantAfter {
				t.Errorf("exited %v after stop, want %v", got, tt.wantAfter)
			}
		})
	}
}

// A memory hog past the limit is OOM-killed with the whole container (cgroup v2
// memory.oom.group): reason OOMKilled, exit 137 (corpus 016).
func TestOOMKilled(t *testing.T) {
	tests := []struct {
		bytes  string
		limit  int64
		killed bool
	}{
		{"4G", 3 << 30, true},
		{"1G", 3 << 30, false},
		{"150M", 100 << 20, true},
		{"1G", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.bytes, func(t *testing.T) {
			h := newHarness(t, Options{})
			sb := h.pod("resources-demo", false)
			c := h.start(sb, ContainerConfig{Name: "resources-demo", Image: "polinux/stress", MemoryLimit: tt.limit,
				Command: []string{"stress"}, Args: []string{"--cpu", "2", "--vm", "1", "--vm-bytes", tt.bytes, "--vm-hang", "1"}})
			h.clk.Advance(time.Second)
			st := c.Status()
			if tt.killed {
				if st.State != StateExited || st.Reason != "OOMKilled" || st.ExitCode != 137 {
					t.Fatalf("status %+v, want OOMKilled 137", st)
				}
			} else if st.State != StateRunning {
				t.Fatalf("status %+v, want running", st)
			}
			if got, want := logText(c, Stdout), "stress: info: [1] dispatching hogs: 2 cpu, 0 io, 1 vm, 0 hdd\n"; got != want {
				t.Errorf("log %q, want %q", got, want)
			}
		})
	}
}

// A command that does not exist fails to start with runc's text, as containerd reports it:
// reason StartError, exit 128.
func TestStartError(t *testing.T) {
	tests := []struct {
		cmd  []string
		want string
	}{
		{[]string{"foo"}, `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "foo": executable file not found in $PATH: unknown`},
		{[]string{"/bin/bash"}, `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown`},
	}
	for _, tt := range tests {
		h := newHarness(t, Options{})
		sb := h.pod("p", false)
		h.rt.PullImage("busybox")
		c, err := sb.CreateContainer(ContainerConfig{Name: "c", Image: "busybox", Command: tt.cmd})
		if err != nil {
			t.Fatal(err)
		}
		err = c.Start()
		var se *StartError
		if !errors.As(err, &se) || se.Message != tt.want {
			t.Errorf("Start(%v) = %v, want StartError %q", tt.cmd, err, tt.want)
		}
		if st := c.Status(); st.State != StateExited || st.ExitCode != 128 || st.Reason != "StartError" || st.Message != tt.want {
			t.Errorf("status %+v", st)
		}
	}
}

func TestPullErrors(t *testing.T) {
	h := newHarness(t, Options{})
	_, err := h.rt.PullImage("nginx:0.1")
	var pe *PullError
	if !errors.As(err, &pe) || pe.Reason != "ErrImagePull" ||
		pe.Message != `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:0.1": failed to resolve image: docker.io/library/nginx:0.1: not found` {
		t.Errorf("nginx:0.1: %#v", err)
	}
	_, err = h.rt.PullImage("Nginx")
	if !errors.As(err, &pe) || pe.Reason != "InvalidImageName" ||
		pe.Message != `Failed to apply default image tag "Nginx": couldn't parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase` {
		t.Errorf("Nginx: %#v", err)
	}
	res, err := h.rt.PullImage("example.com/team/app:v7")
	if err != nil || res.Image.Simulated || res.Image.Reason == "" {
		t.Errorf("unknown image: %+v %v", res, err)
	}
	res, err = h.rt.PullImage("nginx:1.27")
	if err != nil || res.AlreadyPresent || res.Duration <= 0 || res.ImageRef != "docker.io/library/nginx@"+res.Image.Digest {
		t.Errorf("nginx:1.27: %+v %v", res, err)
	}
	res, _ = h.rt.PullImage("nginx:1.27")
	if !res.AlreadyPresent || !h.rt.ImagePresent("docker.io/library/nginx:1.27") {
		t.Errorf("second pull not AlreadyPresent: %+v", res)
	}
}

// Command and args combine with ENTRYPOINT and CMD like containerd's WithProcessArgs; the
// environment is image ENV, HOSTNAME, the container's env, then HOME (corpus 005:
// `printenv HOSTNAME KUBERNETES_PORT` prints the Pod name and the service variable).
func TestArgvAndEnv(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("command-demo", false)
	c := h.start(sb, ContainerConfig{Name: "command-demo-container", Image: "debian",
		Command: []string{"printenv"}, Args: []string{"HOSTNAME", "KUBERNETES_PORT"},
		Env: []EnvVar{{"KUBERNETES_PORT", "tcp://10.96.0.1:443"}}})
	h.clk.Advance(time.Second)
	if got, want := logText(c, Stdout), "command-demo\ntcp://10.96.0.1:443\n"; got != want {
		t.Errorf("log %q, want %q", got, want)
	}
	all := h.start(sb, ContainerConfig{Name: "all", Image: "debian", Command: []string{"printenv"},
		Env: []EnvVar{{"DEMO_GREETING", "Hello from the environment"}, {"PATH", "/bin"}}})
	h.clk.Advance(time.Second)
	if got, want := logText(all, Stdout), "PATH=/bin\nHOSTNAME=command-demo\nDEMO_GREETING=Hello from the environment\nHOME=/root\n"; got != want {
		t.Errorf("env order %q, want %q", got, want)
	}
	tests := []struct {
		cmd, args []string
		want      []string
	}{
		{nil, nil, []string{"/docker-entrypoint.sh", "nginx", "-g", "daemon off;"}},
		{nil, []string{"sh"}, []string{"/docker-entrypoint.sh", "sh"}},
		{[]string{"nginx"}, nil, []string{"nginx"}},
		{[]string{"nginx"}, []string{"-v"}, []string{"nginx", "-v"}},
	}
	h.rt.PullImage("nginx")
	for _, tt := range tests {
		c, err := sb.CreateContainer(ContainerConfig{Name: "x", Image: "nginx", Command: tt.cmd, Args: tt.args})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(c.Argv(), "|"); got != strings.Join(tt.want, "|") {
			t.Errorf("command %v args %v: argv %q, want %q", tt.cmd, tt.args, got, tt.want)
		}
	}
}

// corpus 008: the container writes its termination message; the kubelet reads the file.
func TestTerminationMessageFile(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("termination-demo", false)
	c := h.start(sb, ContainerConfig{Name: "termination-demo-container", Image: "debian",
		Command: []string{"/bin/sh"}, Args: []string{"-c", "sleep 10 && echo Sleep expired > /dev/termination-log"}})
	h.clk.Advance(9 * time.Second)
	if c.Status().State != StateRunning {
		t.Fatalf("exited early: %+v", c.Status())
	}
	h.clk.Advance(time.Second)
	st := c.Status()
	if st.State != StateExited || st.ExitCode != 0 || st.FinishedAt != t0.Add(10*time.Second) {
		t.Fatalf("status %+v", st)
	}
	msg, err := c.ReadFile("/dev/termination-log")
	if err != nil || string(msg) != "Sleep expired\n" {
		t.Errorf("termination message %q %v", msg, err)
	}
}

// Exec probes (corpus 001): `cat /tmp/healthy` succeeds while the file exists, then fails with
// busybox cat's message.
func TestExecProbe(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("liveness-exec", false)
	c := h.start(sb, ContainerConfig{Name: "liveness", Image: "registry.k8s.io/busybox:1.27.2",
		Args: []string{"/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"}})
	probe := func() (int, string) {
		p, err := c.Exec(ExecRequest{Argv: []string{"cat", "/tmp/healthy"}})
		if err != nil {
			t.Fatal(err)
		}
		if !p.Done() {
			t.Fatal("probe still running")
		}
		return p.ExitCode(), string(p.Output())
	}
	h.clk.Advance(5 * time.Second)
	if code, out := probe(); code != 0 || out != "" {
		t.Errorf("at 5s: %d %q", code, out)
	}
	h.clk.Advance(30 * time.Second)
	if code, out := probe(); code != 1 || out != "cat: can't open '/tmp/healthy': No such file or directory\n" {
		t.Errorf("at 35s: %d %q", code, out)
	}
	_, err := c.Exec(ExecRequest{Argv: []string{"/bin/bash"}})
	var ee *ExecError
	if !errors.As(err, &ee) || ee.Message != `OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown` {
		t.Errorf("exec /bin/bash in busybox: %v", err)
	}
}

// HTTP and TCP probes from the node, against nginx, agnhost liveness and nothing.
func TestHTTPAndTCPProbes(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("web", false)
	web := h.start(sb, ContainerConfig{Name: "web", Image: "nginx"})
	res := sb.HTTPGet(HTTPRequest{Port: 80, Path: "/"})
	if res.Err != nil || res.StatusCode != 200 || len(res.Body) != 896 {
		t.Fatalf("GET /: %+v", res)
	}
	res = sb.HTTPGet(HTTPRequest{Port: 80, Path: "/index1.html"})
	if res.Err != nil || res.StatusCode != 404 || !strings.Contains(string(res.Body), "<center>nginx/1.29.8</center>") {
		t.Fatalf("GET /index1.html: %+v", res)
	}
	if !strings.Contains(logText(web, Stdout), `"GET /index1.html HTTP/1.1" 404 153 "-" "kube-probe/1.37" "-"`) {
		t.Errorf("access log: %s", logText(web, Stdout))
	}
	if err := sb.TCPConnect(80); err != nil {
		t.Errorf("tcp 80: %v", err)
	}
	if err := sb.TCPConnect(81); err == nil || err.Error() != "dial tcp 10.244.0.2:81: connect: connection refused" {
		t.Errorf("tcp 81: %v", err)
	}
	res = sb.HTTPGet(HTTPRequest{Port: 8080, Path: "/healthz"})
	if res.Err == nil || res.Err.Error() != `Get "http://10.244.0.2:8080/healthz": dial tcp 10.244.0.2:8080: connect: connection refused` {
		t.Errorf("GET :8080: %+v", res)
	}
	// A readiness fix typed in a shell makes the probe pass (corpus 032/035).
	p, err := web.Exec(ExecRequest{Argv: []string{"/bin/sh", "-c", "cd /usr/share/nginx/html/ && echo 123 > index1.html"}})
	if err != nil || p.ExitCode() != 0 {
		t.Fatalf("exec: %v %v", err, p)
	}
	if res = sb.HTTPGet(HTTPRequest{Port: 80, Path: "/index1.html"}); res.StatusCode != 200 || string(res.Body) != "123\n" {
		t.Errorf("after fix: %+v", res)
	}

	lv := h.pod("liveness-http", false)
	h.start(lv, ContainerConfig{Name: "liveness", Image: "registry.k8s.io/e2e-test-images/agnhost:2.40", Args: []string{"liveness"}})
	if res := lv.HTTPGet(HTTPRequest{Port: 8080, Path: "/healthz"}); res.StatusCode != 200 || string(res.Body) != "ok" {
		t.Errorf("liveness at 0s: %+v", res)
	}
	h.clk.Advance(11 * time.Second)
	if res := lv.HTTPGet(HTTPRequest{Port: 8080, Path: "/healthz"}); res.StatusCode != 500 || !strings.HasPrefix(string(res.Body), "error: 11") {
		t.Errorf("liveness at 11s: %+v", res)
	}
}

// Interactive sessions show each shell's prompt: busybox ash "/ # ", dash "# ", Debian's bash
// "root@<pod>:<dir># " (/etc/bash.bashrc PS1).
func TestSessions(t *testing.T) {
	tests := []struct {
		image, sh string
		prompts   []string
		lines     []string
		outputs   []string
	}{
		{"busybox", "sh", []string{"/ # ", "/tmp # ", "/tmp # "}, []string{"cd /tmp", "echo hi; foo; true"}, []string{"", "hi\nsh: foo: not found\n"}},
		{"nginx", "/bin/sh", []string{"# ", "# "}, []string{"cat /usr/share/nginx/html/index.html | head -n 4 | tail -n 1"}, []string{"<title>Welcome to nginx!</title>\n"}},
		{"debian", "bash", []string{"root@session:/# ", "root@session:/tmp# ", "root@session:/tmp# "}, []string{"cd /tmp", "foo; true"}, []string{"", "bash: foo: command not found\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			h := newHarness(t, Options{})
			sb := h.pod("session", false)
			c := h.start(sb, ContainerConfig{Name: "c", Image: tt.image, Command: []string{"sleep", "infinity"}})
			s, err := c.OpenSession([]string{tt.sh})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Prompt(); got != tt.prompts[0] {
				t.Fatalf("first prompt %q, want %q", got, tt.prompts[0])
			}
			for i, line := range tt.lines {
				out, exited := s.Line(line)
				if exited || string(out) != tt.outputs[i] {
					t.Errorf("line %q: %q (exited %v), want %q", line, out, exited, tt.outputs[i])
				}
				if got := s.Prompt(); got != tt.prompts[i+1] {
					t.Errorf("prompt after %q: %q, want %q", line, got, tt.prompts[i+1])
				}
			}
			if _, exited := s.Line("exit"); !exited || s.Process().ExitCode() != 0 {
				t.Errorf("exit: exited %v code %d", exited, s.Process().ExitCode())
			}
		})
	}
}

// corpus 014: with a shared PID namespace, /pause is PID 1, nginx's master and worker are
// visible from the shell container, SIGHUP restarts the worker, and /proc/<pid>/root reaches
// nginx's files.
func TestSharedProcessNamespace(t *testing.T) {
	h := newHarness(t, Options{NodeCPUs: 1})
	sb := h.pod("nginx", true)
	h.start(sb, ContainerConfig{Name: "nginx", Image: "nginx"})
	sh := h.start(sb, ContainerConfig{Name: "shell", Image: "busybox:1.28", Command: []string{"sleep", "3600"}})
	run := func(cmd string) string {
		p, err := sh.Exec(ExecRequest{Argv: []string{"sh", "-c", cmd}})
		if err != nil {
			t.Fatal(err)
		}
		return string(p.Output())
	}
	ps := run("ps ax")
	for _, want := range []string{
		"PID   USER     TIME  COMMAND\n",
		"    1 65535     0:00 /pause\n",
		" root      0:00 nginx: master process nginx -g daemon off;\n",
		" 101       0:00 nginx: worker process\n",
		" root      0:00 sleep 3600\n",
		" root      0:00 ps ax\n",
	} {
		if !strings.Contains(ps, want) {
			t.Errorf("ps ax lacks %q:\n%s", want, ps)
		}
	}
	master := ""
	for _, l := range strings.Split(ps, "\n") {
		if strings.Contains(l, "master process") {
			master = strings.Fields(l)[0]
		}
	}
	worker := func(ps string) string {
		for _, l := range strings.Split(ps, "\n") {
			if strings.Contains(l, "worker process") {
				return strings.Fields(l)[0]
			}
		}
		return ""
	}
	before := worker(ps)
	run("kill -HUP " + master)
	after := run("ps ax")
	if w := worker(after); w == "" || w == before {
		t.Errorf("worker PID %q → %q after SIGHUP:\n%s", before, w, after)
	}
	head := run("head -n 3 /proc/" + master + "/root/etc/nginx/nginx.conf")
	if head != "\nuser  nginx;\nworker_processes  auto;\n" {
		t.Errorf("head of nginx.conf through /proc: %q", head)
	}
}

// Volumes: an emptyDir shared by three containers (corpus 053: tail -F sidecars), and the
// kubelet's AtomicWriter layout for configMap/secret/downwardAPI volumes.
func TestVolumes(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("counter", false)
	v := sb.NewVolume("varlog")
	m := []Mount{{Volume: v, Path: "/var/log"}}
	h.start(sb, ContainerConfig{Name: "count", Image: "busybox:1.28", Mounts: m, Args: []string{"/bin/sh", "-c",
		"i=0; while true; do\n  echo \"$i: $(date)\" >> /var/log/1.log;\n  echo \"$(date) INFO $i\" >> /var/log/2.log;\n  i=$((i+1));\n  sleep 1;\ndone\n"}})
	l1 := h.start(sb, ContainerConfig{Name: "count-log-1", Image: "busybox:1.28", Mounts: m, Args: []string{"/bin/sh", "-c", "tail -n+1 -F /var/log/1.log"}})
	h.clk.Advance(2500 * time.Millisecond)
	if got, want := logText(l1, Stdout), "0: Tue Nov 24 23:40:00 UTC 2026\n1: Tue Nov 24 23:40:01 UTC 2026\n2: Tue Nov 24 23:40:02 UTC 2026\n"; got != want {
		t.Errorf("count-log-1 %q, want %q", got, want)
	}

	sec := sb.NewVolume("secret-volume")
	if err := sec.AtomicWrite([]VolumeFile{{Path: "username", Data: []byte("my-app"), Mode: 0o644}, {Path: "password", Data: []byte("39528$vdg7Jb"), Mode: 0o644}}, t0); err != nil {
		t.Fatal(err)
	}
	c := h.start(sb, ContainerConfig{Name: "test-container", Image: "nginx", Mounts: []Mount{{Volume: sec, Path: "/etc/secret-volume", ReadOnly: true}}})
	s, err := c.OpenSession([]string{"/bin/bash"})
	if err != nil {
		t.Fatal(err)
	}
	s.Line("cd /etc/secret-volume")
	if out, _ := s.Line("ls"); string(out) != "password  username\n" {
		t.Errorf("ls with a TTY: %q", out)
	}
	if out, _ := s.Line("cat username; echo; cat password; echo"); string(out) != "my-app\n39528$vdg7Jb\n" {
		t.Errorf("cat: %q", out)
	}
	if out, _ := s.Line("ls -a"); !strings.Contains(string(out), "..data") {
		t.Errorf("ls -a lacks ..data: %q", out)
	}
	if out, _ := s.Line("touch x"); string(out) != "touch: cannot touch 'x': Read-only file system\n" {
		t.Errorf("touch on a read-only volume: %q", out)
	}
}

// init containers wait with nslookup until the Service exists (corpus 007, busybox 1.28).
type fakeDNS map[string]netip.Addr

func (f fakeDNS) LookupHost(name string) ([]netip.Addr, bool) {
	a, ok := f[name]
	if !ok {
		return nil, false
	}
	return []netip.Addr{a}, true
}

func (f fakeDNS) LookupAddr(ip netip.Addr) (string, bool) {
	if ip == netip.MustParseAddr("10.96.0.10") {
		return "kube-dns.kube-system.svc.cluster.local", true
	}
	for k, v := range f {
		if v == ip {
			return k, true
		}
	}
	return "", false
}

func TestInitContainerNslookup(t *testing.T) {
	dns := fakeDNS{}
	h := newHarness(t, Options{Resolver: dns})
	sb := h.pod("myapp-pod", false)
	c := h.start(sb, ContainerConfig{Name: "init-myservice", Image: "busybox:1.28", Command: []string{"sh", "-c",
		"until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"}})
	// The kubelet would mount the service account volume; the file is missing here, so the
	// name is "myservice..svc.cluster.local" until it exists. Provide it like the kubelet.
	h.clk.Advance(3 * time.Second)
	got := logText(c, Stdout) + logText(c, Stderr)
	if !strings.Contains(got, "waiting for myservice\n") || !strings.Contains(got, "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n") {
		t.Errorf("log before the Service exists:\n%s", got)
	}
	dns["myservice..svc.cluster.local"] = netip.MustParseAddr("10.96.12.7")
	h.clk.Advance(3 * time.Second)
	if st := c.Status(); st.State != StateExited || st.ExitCode != 0 {
		t.Errorf("init container %+v, want exited 0 once the name resolves", st)
	}
}

// A busy loop in a container hits the step budget: the container keeps running (a real busy
// loop never ends) and Diagnostics explains.
func TestBusyLoopBudget(t *testing.T) {
	h := newHarness(t, Options{Budget: Budget{Steps: 5000}})
	sb := h.pod("spin", false)
	c := h.start(sb, ContainerConfig{Name: "spin", Image: "busybox", Command: []string{"sh", "-c", "while true; do :; done"}})
	h.clk.Advance(time.Minute)
	if c.Status().State != StateRunning {
		t.Fatalf("status %+v", c.Status())
	}
	d := c.Diagnostics()
	if len(d) == 0 || d[0].Kind != "step-budget" || !strings.Contains(d[0].Message, "busy loop") {
		t.Fatalf("diagnostics %+v", d)
	}
	y := h.start(sb, ContainerConfig{Name: "yes", Image: "busybox", Command: []string{"yes"}})
	h.clk.Advance(time.Second)
	if y.Status().State != StateRunning || len(y.Diagnostics()) == 0 {
		t.Fatalf("yes: %+v %+v", y.Status(), y.Diagnostics())
	}
	c.Stop(time.Second)
	h.clk.Advance(2 * time.Second)
	if st := c.Status(); st.State != StateExited || st.ExitCode != 137 {
		t.Errorf("spinning container not killed by Stop: %+v", st)
	}
}

// The same inputs give the same history, ids included.
func TestDeterminism(t *testing.T) {
	run := func() string {
		h := newHarness(t, Options{Seed: 7})
		sb := h.pod("network-demo", false)
		app := h.start(sb, ContainerConfig{Name: "app", Image: "nginx"})
		side := h.start(sb, ContainerConfig{Name: "sidecar", Image: "busybox", Command: []string{"sh", "-c", "for i in 1 2 3; do wget -qO- http://localhost >/dev/null; echo $i; sleep 1; done | tee /tmp/x"}})
		h.clk.Advance(10 * time.Second)
		var b strings.Builder
		for _, c := range []*Container{app, side} {
			b.WriteString(c.ID() + "\n")
			for _, e := range c.Logs() {
				b.WriteString(e.Time.String() + " " + e.Stream.String() + " " + string(e.Data))
			}
		}
		return b.String()
	}
	a, b := run(), run()
	if a != b {
		t.Errorf("two runs differ:\n%s\n---\n%s", a, b)
	}
}
