package container

import (
	"fmt"
	"io/fs"
	"net/netip"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

// Sandbox is a running Pod sandbox.
type Sandbox struct {
	rt         *Runtime
	cfg        SandboxConfig
	id         string
	ip         netip.Addr
	ns         *netsim.Namespace
	hosts      []byte
	resolv     []byte
	procs      *proc.Table // the shared PID namespace (pause is PID 1)
	pause      *proc.Process
	pauseFS    *vfs.FS
	containers []*Container
	volumes    []*Volume
	created    time.Time
	stopped    bool
}

// ID is the sandbox's 64-hex id.
func (s *Sandbox) ID() string { return s.id }

// IP is the Pod IP.
func (s *Sandbox) IP() netip.Addr { return s.ip }

// Config is the configuration the sandbox was created with (with defaults filled in).
func (s *Sandbox) Config() SandboxConfig { return s.cfg }

// NewVolume makes an empty volume owned by the sandbox (emptyDir; the kubelet fills
// configMap/secret/downwardAPI/projected volumes with AtomicWrite).
func (s *Sandbox) NewVolume(name string) *Volume {
	v := &Volume{name: name, rt: s.rt, root: s.rt.world.NewDir(0o777)}
	v.fs = vfs.New(s.rt.world)
	v.fs.Mount("/", &vfs.Mount{Root: v.root, Source: name, Type: "tmpfs"})
	s.volumes = append(s.volumes, v)
	return v
}

// Containers lists the sandbox's container instances in creation order.
func (s *Sandbox) Containers() []*Container { return append([]*Container(nil), s.containers...) }

// RemoveContainer forgets an exited container instance (CRI RemoveContainer, after the
// kubelet's container garbage collection): its file system, log and process table go with
// it. A container that has not exited is kept.
func (s *Sandbox) RemoveContainer(c *Container) {
	if c == nil || c.state != StateExited {
		return
	}
	for i, o := range s.containers {
		if o == c {
			s.containers = append(s.containers[:i:i], s.containers[i+1:]...)
			return
		}
	}
}

// HTTPGet is Runtime.HTTPGet to the sandbox's IP.
func (s *Sandbox) HTTPGet(req HTTPRequest) HTTPResult { return s.rt.httpGet(s.ip, req) }

// TCPConnect is Runtime.TCPConnect to the sandbox's IP and port.
func (s *Sandbox) TCPConnect(port int) error {
	return s.rt.tcpConnect(netip.AddrPortFrom(s.ip, uint16(port)))
}

// Stop kills every container of the sandbox at once (SIGKILL) and tears down its network
// (StopPodSandbox; the kubelet stops containers gracefully first).
func (s *Sandbox) Stop() {
	if s.stopped {
		return
	}
	for _, c := range s.containers {
		c.killAll(proc.SIGKILL)
	}
	s.pause.Kill(proc.SIGKILL)
	s.rt.sched.Run()
	s.ns.Remove()
	s.stopped = true
}

// Volume is a directory tree that containers of one sandbox mount.
type Volume struct {
	name string
	rt   *Runtime
	root *vfs.Inode
	fs   *vfs.FS // a file system whose root is the volume
}

// Name is the volume's name.
func (v *Volume) Name() string { return v.name }

// WriteFile writes a file (creating parent directories 0755) in the volume.
func (v *Volume) WriteFile(p string, data []byte, mode fs.FileMode) error {
	p = path.Clean("/" + p)
	if _, err := v.fs.MkdirAll(path.Dir(p), 0o755, 0, 0); err != nil {
		return err
	}
	n := v.fs.PutFile(p, append([]byte(nil), data...), mode, 0, 0)
	if n == nil {
		return fmt.Errorf("volume %s: cannot write %s", v.name, p)
	}
	return nil
}

// ReadFile reads a file of the volume.
func (v *Volume) ReadFile(p string) ([]byte, error) { return v.fs.ReadFile(path.Clean("/" + p)) }

// VolumeFile is one file of an AtomicWrite payload.
type VolumeFile struct {
	Path string
	Data []byte
	Mode fs.FileMode
}

// AtomicWrite replaces the volume's content the way the kubelet's AtomicWriter does
// (pkg/volume/util/atomic_writer.go): the files go into a new directory
// "..<YYYY_MM_DD_HH_MM_SS.nnnnnnnnn>", the symlink "..data" points to it, and each top-level
// name is a symlink "<name> -> ..data/<name>".
func (v *Volume) AtomicWrite(files []VolumeFile, now time.Time) error {
	ts := "..%s" // time.Format cannot produce the kubelet's layout with underscores directly
	dir := fmt.Sprintf(ts, now.UTC().Format("2006_01_02_15_04_05.000000000"))
	old := ""
	if n, err := v.fs.Lstat("/..data"); err == nil {
		old = n.Target()
	}
	if _, err := v.fs.MkdirAll("/"+dir, 0o755, 0, 0); err != nil {
		return err
	}
	top := map[string]bool{}
	for _, f := range files {
		p := path.Clean("/" + dir + "/" + f.Path)
		if _, err := v.fs.MkdirAll(path.Dir(p), 0o755, 0, 0); err != nil {
			return err
		}
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		v.fs.PutFile(p, append([]byte(nil), f.Data...), mode, 0, 0)
		top[strings.SplitN(strings.TrimPrefix(path.Clean("/"+f.Path), "/"), "/", 2)[0]] = true
	}
	v.fs.Remove("/..data", false, vfs.Root())
	v.fs.Symlink(dir, "/..data", vfs.Root())
	names := make([]string, 0, len(top))
	for n := range top {
		names = append(names, n)
	}
	sort.Strings(names)
	existing, _ := v.fs.ReadDir("/")
	for _, e := range existing {
		if strings.HasPrefix(e, "..") || top[e] {
			continue
		}
		v.fs.Remove("/"+e, false, vfs.Root())
	}
	for _, n := range names {
		if l, err := v.fs.Lstat("/" + n); err == nil && l.Mode&fs.ModeSymlink != 0 {
			continue
		}
		v.fs.Symlink("..data/"+n, "/"+n, vfs.Root())
	}
	if old != "" && old != dir {
		removeTree(v.fs, "/"+old)
	}
	return nil
}

func removeTree(f *vfs.FS, p string) {
	names, _ := f.ReadDir(p)
	for _, n := range names {
		c := path.Join(p, n)
		if st, err := f.Lstat(c); err == nil && st.IsDir() {
			removeTree(f, c)
			continue
		}
		f.Remove(c, false, vfs.Root())
	}
	f.Remove(p, true, vfs.Root())
}
