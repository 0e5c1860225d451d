package container

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

type fakeRouter map[netip.AddrPort]netip.AddrPort

func (r fakeRouter) Route(dst netip.AddrPort) (netip.AddrPort, bool) {
	ep, ok := r[dst]
	return ep, ok
}

// Pods reach each other by Pod IP and through Service IPs (the Router is kube-proxy); a
// Service without endpoints refuses; an address nobody owns times out after the kernel's SYN
// retries.
func TestPodToPodAndServices(t *testing.T) {
	router := fakeRouter{}
	dns := fakeDNS{}
	h := newHarness(t, Options{Router: router, Resolver: dns})
	web := h.pod("web", false)
	h.start(web, ContainerConfig{Name: "web", Image: "nginx:1.27"})
	vip := netip.MustParseAddrPort("10.96.0.50:80")
	router[vip] = netip.AddrPortFrom(web.IP(), 80)
	router[netip.MustParseAddrPort("10.96.0.51:80")] = netip.AddrPort{}
	dns["web.default.svc.cluster.local"] = vip.Addr()

	client := h.pod("client", false)
	c := h.start(client, ContainerConfig{Name: "c", Image: "busybox", Command: []string{"sh", "-c",
		"wget -qO- http://" + web.IP().String() + "/ | head -n 4 | tail -n 1; " +
			"wget -qO- http://web/ | wc -c; " +
			"wget -qO- http://10.96.0.51/; echo $?; " +
			"wget -qO- http://10.1.2.3/; echo $?"}})
	h.clk.Advance(10 * time.Minute)
	out := logText(c, Stdout)
	errs := logText(c, Stderr)
	if want := "<title>Welcome to nginx!</title>\n615\n1\n1\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	wantErr := "wget: can't connect to remote host (10.96.0.51): Connection refused\nwget: can't connect to remote host (10.1.2.3): Connection timed out\n"
	if errs != wantErr {
		t.Errorf("stderr %q, want %q", errs, wantErr)
	}
	if got := c.Status().FinishedAt.Sub(t0); got != 127*time.Second {
		t.Errorf("finished after %v, want the 127 s connect timeout", got)
	}
	res := h.rt.HTTPGet(vip.Addr(), HTTPRequest{Port: 80, Path: "/"})
	if res.StatusCode != 200 || len(res.Body) != 615 {
		t.Errorf("node → Service: %+v", res)
	}
}

// corpus 002: files written to an emptyDir survive a container restart; redis-server exits 0
// on SIGTERM (Completed).
func TestRedisEmptyDirRestart(t *testing.T) {
	h := newHarness(t, Options{})
	sb := h.pod("redis", false)
	vol := sb.NewVolume("redis-storage")
	m := []Mount{{Volume: vol, Path: "/data/redis"}}
	r1 := h.start(sb, ContainerConfig{Name: "redis", Image: "redis", Mounts: m})
	s, err := r1.OpenSession([]string{"/bin/bash"})
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Prompt(); p != "root@redis:/data# " {
		t.Errorf("prompt %q", p)
	}
	s.Line("cd /data/redis/")
	s.Line("echo Hello > test-file")
	if out, _ := s.Line("ps aux"); string(out) != "bash: ps: command not found\n" {
		t.Errorf("ps aux: %q", out)
	}
	if out, _ := s.Line("redis-cli ping"); string(out) != "PONG\n" {
		t.Errorf("redis-cli ping: %q", out)
	}
	s.Line("kill 1")
	h.clk.Advance(time.Second)
	if st := r1.Status(); st.State != StateExited || st.ExitCode != 0 || st.Reason != "Completed" {
		t.Fatalf("redis after kill 1: %+v", st)
	}
	r2 := h.start(sb, ContainerConfig{Name: "redis", Image: "redis", Mounts: m})
	s2, _ := r2.OpenSession([]string{"/bin/bash"})
	s2.Line("cd /data/redis/")
	if out, _ := s2.Line("ls"); string(out) != "test-file\n" {
		t.Errorf("ls after restart: %q", out)
	}
	if out, _ := s2.Line("ls /tmp/written-before 2>&1; cat /proc/1/cmdline | tr '\\000' ' '; echo"); !strings.Contains(string(out), "redis-server *:6379") {
		t.Errorf("PID 1 cmdline: %q", out)
	}
}
