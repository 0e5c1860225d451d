// Package rootfs owns turning a catalogued image into a container's root file system: the
// base layout (kube/images bases.yaml), the image's own files, the device nodes the runtime
// creates (/dev/null, /dev/zero, /dev/stdout, …), and the files the kubelet and the runtime
// manage (/etc/hostname, /etc/hosts, /etc/resolv.conf, /dev/termination-log). It imports
// kube/images and kube/container/vfs.
package rootfs

import (
	"io/fs"
	"path"
	"strings"

	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/images"
)

// Build returns a fresh file system holding the image's base and files. base may be nil (an
// unknown image: an empty root with /dev, /proc, /etc, /tmp).
func Build(w *vfs.World, base *images.Base, img *images.Image) *vfs.FS {
	f := vfs.New(w)
	for _, d := range []string{"/dev", "/proc", "/sys", "/etc", "/tmp"} {
		f.MkdirAll(d, 0o755, 0, 0)
	}
	f.Chmod("/tmp", fs.ModeSticky|0o777, vfs.Root())
	if base != nil {
		// BusyBox applets are hard links to one binary (ls -l /bin/busybox shows them in
		// its link count), as `busybox --install` and the docker-library tarball make them.
		links := map[string]string{}
		for _, file := range base.Files {
			if file.Program == "busybox" {
				if first, ok := links[file.Program]; ok {
					if err := f.Link(first, file.Path, vfs.Root()); err == nil {
						continue
					}
				} else {
					links[file.Program] = file.Path
				}
			}
			install(f, w, file)
		}
	}
	if img != nil {
		for _, file := range img.Files {
			install(f, w, file)
		}
	}
	devices(f)
	return f
}

func install(f *vfs.FS, w *vfs.World, file images.File) {
	mode := fs.FileMode(file.Mode)
	switch {
	case file.Dir:
		if mode == 0 {
			mode = 0o755
		}
		f.MkdirAll(file.Path, mode.Perm(), file.UID, file.GID)
		if mode&0o1000 != 0 {
			f.Chmod(file.Path, fs.ModeSticky|mode.Perm(), vfs.Root())
		} else {
			f.Chmod(file.Path, mode.Perm(), vfs.Root())
		}
		f.Chown(file.Path, file.UID, file.GID, vfs.Root())
	case file.Link != "":
		n := w.NewSymlink(file.Link)
		f.Put(file.Path, n)
	case file.Program != "":
		if mode == 0 {
			mode = 0o755
		}
		n := f.PutFile(file.Path, programStub(file.Program), mode, file.UID, file.GID)
		n.Program = file.Program
	default:
		if mode == 0 {
			mode = 0o644
		}
		n := f.PutFile(file.Path, append([]byte(nil), file.Data...), mode, file.UID, file.GID)
		n.Unverified = file.Unverified
	}
}

// programStub is what reading a simulated executable gives: an ELF magic and a note.
func programStub(name string) []byte {
	return []byte("\x7fELF\x02\x01\x01\x00docbuild simulated program: " + name + "\n")
}

// devices creates the device nodes runc makes in every container (/dev/null, zero, full,
// random, urandom, tty) and the /proc/self/fd symlinks (stdin, stdout, stderr).
func devices(f *vfs.FS) {
	f.NewDevice("/dev/null", vfs.DevNull, 0o666)
	f.NewDevice("/dev/zero", vfs.DevZero, 0o666)
	f.NewDevice("/dev/full", vfs.DevFull, 0o666)
	f.NewDevice("/dev/random", vfs.DevRandom, 0o666)
	f.NewDevice("/dev/urandom", vfs.DevRandom, 0o666)
	f.NewDevice("/dev/tty", vfs.DevTTY, 0o666)
	f.NewDevice("/dev/stdin", vfs.DevStdin, 0o666)
	f.NewDevice("/dev/stdout", vfs.DevStdout, 0o666)
	f.NewDevice("/dev/stderr", vfs.DevStderr, 0o666)
	f.MkdirAll("/dev/shm", 0o777, 0, 0)
	f.Chmod("/dev/shm", fs.ModeSticky|0o777, vfs.Root())
}

// Hosts is the kubelet's /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent,
// v1.37.2): the header, localhost lines, then the Pod's IP and hostname.
func Hosts(podIP, hostname, fqdn string, aliases [][2]string) []byte {
	var b strings.Builder
	b.WriteString("# Kubernetes-managed hosts file.\n")
	b.WriteString("127.0.0.1\tlocalhost\n")
	b.WriteString("::1\tlocalhost ip6-localhost ip6-loopback\n")
	b.WriteString("fe00::0\tip6-localnet\n")
	b.WriteString("fe00::0\tip6-mcastprefix\n")
	b.WriteString("fe00::1\tip6-allnodes\n")
	b.WriteString("fe00::2\tip6-allrouters\n")
	if fqdn != "" {
		b.WriteString(podIP + "\t" + fqdn + "\t" + hostname + "\n")
	} else {
		b.WriteString(podIP + "\t" + hostname + "\n")
	}
	if len(aliases) > 0 {
		b.WriteString("\n# Entries added by HostAliases.\n")
		for _, a := range aliases {
			b.WriteString(a[0] + "\t" + a[1] + "\n")
		}
	}
	return []byte(b.String())
}

// ResolvConf is the resolv.conf the kubelet writes for ClusterFirst Pods
// (pkg/kubelet/network/dns/dns.go: nameserver, search, options lines).
func ResolvConf(servers, searches, options []string) []byte {
	var b strings.Builder
	if len(searches) > 0 {
		b.WriteString("search " + strings.Join(searches, " ") + "\n")
	}
	for _, s := range servers {
		b.WriteString("nameserver " + s + "\n")
	}
	if len(options) > 0 {
		b.WriteString("options " + strings.Join(options, " ") + "\n")
	}
	return []byte(b.String())
}

// Parent returns the directory of p.
func Parent(p string) string { return path.Dir(p) }
