package rootfs

import (
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/images"
)

// The kubelet's /etc/hosts (k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet_pods.go
// managedHostsFileContent) and containerd's resolv.conf layout.
func TestManagedFiles(t *testing.T) {
	got := string(Hosts("10.244.0.5", "web", "", [][2]string{{"127.0.0.1", "foo.local\tbar.local"}}))
	want := "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.0.5\tweb\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n"
	if got != want {
		t.Errorf("hosts:\n%q\nwant\n%q", got, want)
	}
	got = string(ResolvConf([]string{"10.96.0.10"}, []string{"default.svc.cluster.local", "svc.cluster.local", "cluster.local"}, []string{"ndots:5"}))
	if want := "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"; got != want {
		t.Errorf("resolv.conf %q", got)
	}
}

func TestBuildBusybox(t *testing.T) {
	cat := images.Default()
	l, _ := cat.Lookup("busybox:1.36")
	f := Build(vfs.NewWorld(time.Now), cat.Base(l.Image), l.Image)
	bb, err := f.Stat("/bin/busybox")
	if err != nil || bb.Program != "busybox" {
		t.Fatalf("/bin/busybox: %+v %v", bb, err)
	}
	sh, _ := f.Stat("/bin/sh")
	if sh != bb || bb.Nlink < 300 {
		t.Errorf("applets are not hard links of /bin/busybox (nlink %d)", bb.Nlink)
	}
	for _, p := range []string{"/dev/null", "/dev/stdout", "/tmp", "/etc/passwd", "/root"} {
		if _, err := f.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if n, _ := f.Stat("/tmp"); n.Mode.Perm() != 0o777 {
		t.Errorf("/tmp mode %v", n.Mode)
	}
}
