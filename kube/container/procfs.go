package container

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

// procRoot is a container's /proc: one directory per process of its PID namespace, and the
// few system files tutorials read. Contents that depend on the node (memory, CPU, kernel) are
// marked unverified.
type procRoot struct{ c *Container }

func (p *procRoot) List() []string {
	var out []string
	for _, pr := range p.c.procs.Processes() {
		out = append(out, strconv.Itoa(pr.PID))
	}
	out = append(out, "cpuinfo", "loadavg", "meminfo", "mounts", "net", "self", "uptime", "version")
	sort.Strings(out)
	return out
}

func (p *procRoot) file(s string, unverified bool) *vfs.Inode {
	n := p.c.sb.rt.world.SynthFile([]byte(s), 0o444)
	n.Unverified = unverified
	return n
}

func (p *procRoot) Lookup(name string) (*vfs.Inode, error) {
	c := p.c
	r := c.sb.rt
	if pid, err := strconv.Atoi(name); err == nil {
		pr := c.procs.Get(pid)
		if pr == nil {
			return nil, vfs.ENOENT
		}
		return r.world.SynthDir(&procPID{root: p, p: pr}, 0o555), nil
	}
	switch name {
	case "meminfo":
		total := r.opts.NodeMemory / 1024
		return p.file(fmt.Sprintf("MemTotal:       %8d kB\nMemFree:        %8d kB\nMemAvailable:   %8d kB\n", total, total/2, total*3/4), true), nil
	case "cpuinfo":
		var b strings.Builder
		for i := 0; i < r.opts.NodeCPUs; i++ {
			fmt.Fprintf(&b, "processor\t: %d\nvendor_id\t: GenuineIntel\n\n", i)
		}
		return p.file(b.String(), true), nil
	case "uptime":
		up := r.clk.Now().Sub(r.boot).Seconds()
		return p.file(fmt.Sprintf("%.2f %.2f\n", up, up*float64(r.opts.NodeCPUs)), true), nil
	case "loadavg":
		return p.file("0.00 0.00 0.00 1/100 1\n", true), nil
	case "version":
		return p.file("Linux version "+c.sys.KernelRelease+" "+c.sys.KernelVersion+"\n", true), nil
	case "mounts":
		var b strings.Builder
		b.WriteString("overlay / overlay rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n")
		for _, m := range c.fs.Mounts() {
			b.WriteString("/dev/sda1 " + m + " ext4 rw,relatime 0 0\n")
		}
		return p.file(b.String(), true), nil
	case "net":
		// IPv6 is enabled in the Pod's namespace (docker-nginx's IPv6 script checks this file).
		return r.world.SynthDir(staticDir{"if_inet6": p.file("00000000000000000000000000000001 01 80 10 80       lo\n", true)}, 0o555), nil
	case "self":
		return nil, vfs.ENOENT
	}
	return nil, vfs.ENOENT
}

type staticDir map[string]*vfs.Inode

func (d staticDir) Lookup(name string) (*vfs.Inode, error) {
	if n, ok := d[name]; ok {
		return n, nil
	}
	return nil, vfs.ENOENT
}

func (d staticDir) List() []string {
	var out []string
	for k := range d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// procPID is /proc/<pid>.
type procPID struct {
	root *procRoot
	p    *proc.Process
}

func (d *procPID) List() []string {
	return []string{"cmdline", "comm", "environ", "root", "status"}
}

// capMask is the capability mask of a container: containerd's default set (CHOWN,
// DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP,
// NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE) or every capability when privileged
// (CAP_LAST_CAP 40 on current kernels).
func capMask(c *Container) string {
	if c == nil {
		return "00000000a80425fb"
	}
	if c.cfg.Privileged {
		return "000001ffffffffff"
	}
	return "00000000a80425fb"
}

func (d *procPID) Lookup(name string) (*vfs.Inode, error) {
	p := d.p
	r := d.root.c.sb.rt
	owner, _ := p.Owner.(*Container)
	switch name {
	case "cmdline":
		return d.root.file(strings.Join(p.Argv, "\x00")+"\x00", false), nil
	case "comm":
		return d.root.file(procComm(p)+"\n", false), nil
	case "environ":
		env := ""
		if owner != nil {
			env = strings.Join(owner.env, "\x00") + "\x00"
		}
		return d.root.file(env, false), nil
	case "status":
		ppid := 0
		if p.Parent != nil {
			ppid = p.Parent.PID
		}
		caps := capMask(owner)
		s := fmt.Sprintf("Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t%d\t%d\t%d\t%d\nGid:\t%d\t%d\t%d\t%d\nFDSize:\t64\nThreads:\t1\nCapInh:\t0000000000000000\nCapPrm:\t%s\nCapEff:\t%s\nCapBnd:\t%s\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t2\n",
			procComm(p), p.PID, p.PID, ppid, p.UID, p.UID, p.UID, p.UID, p.GID, p.GID, p.GID, p.GID, caps, caps, caps)
		return d.root.file(s, true), nil
	case "root":
		switch o := p.Owner.(type) {
		case *Container:
			return r.world.SynthRedirect(vfs.Redirect{FS: o.fs, Path: "/"}), nil
		case *Sandbox:
			return r.world.SynthRedirect(vfs.Redirect{FS: o.pauseFS, Path: "/"}), nil
		}
	}
	return nil, vfs.ENOENT
}

func procComm(p *proc.Process) string {
	if len(p.Argv) == 0 {
		return ""
	}
	f := strings.Fields(p.Argv[0])
	if len(f) == 0 {
		return ""
	}
	name := f[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, ":")
	if len(name) > 15 {
		name = name[:15]
	}
	return name
}
