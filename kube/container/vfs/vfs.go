// Package vfs owns the simulated containers' file systems: an in-memory inode tree per
// container root file system and per volume, mount tables (volumes, read-only mounts, the
// synthetic /proc), device files (/dev/null, /dev/zero, /dev/stdout, …), symbolic and hard
// links, owners and permission bits, and Linux error numbers with their strerror texts. It
// never touches the host file system. It imports only the standard library.
//
// A File System is not safe for concurrent use except through the Lock it was made with:
// every operation takes it, so the interpreter's helper goroutines (here-document and
// redirection pumps) may read files while a simulated process writes them.
package vfs

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// Errno is a Linux error number.
type Errno int

// Error numbers (x86-64 Linux) and their strerror texts (glibc and musl agree on these).
const (
	EPERM        Errno = 1
	ENOENT       Errno = 2
	EIO          Errno = 5
	EBADF        Errno = 9
	EACCES       Errno = 13
	EBUSY        Errno = 16
	EEXIST       Errno = 17
	EXDEV        Errno = 18
	ENOTDIR      Errno = 20
	EISDIR       Errno = 21
	EINVAL       Errno = 22
	ENOSPC       Errno = 28
	EROFS        Errno = 30
	EPIPE        Errno = 32
	ENAMETOOLONG Errno = 36
	ENOTEMPTY    Errno = 39
	ELOOP        Errno = 40
)

func strerrorTable() map[Errno]string {
	return map[Errno]string{
		EPERM: "Operation not permitted", ENOENT: "No such file or directory", EIO: "I/O error",
		EBADF: "Bad file descriptor", EACCES: "Permission denied", EBUSY: "Resource busy",
		EEXIST: "File exists", EXDEV: "Cross-device link", ENOTDIR: "Not a directory",
		EISDIR: "Is a directory", EINVAL: "Invalid argument", ENOSPC: "No space left on device",
		EROFS: "Read-only file system", EPIPE: "Broken pipe", ENAMETOOLONG: "File name too long",
		ENOTEMPTY: "Directory not empty", ELOOP: "Symbolic link loop",
	}
}

// Strerror is the C library's text ("No such file or directory").
func (e Errno) Strerror() string {
	if s, ok := strerrorTable()[e]; ok {
		return s
	}
	return "Unknown error"
}

// Error is Go's lower-case form ("no such file or directory").
func (e Errno) Error() string {
	s := e.Strerror()
	return strings.ToLower(s[:1]) + s[1:]
}

// Is lets errors.Is(err, fs.ErrNotExist) and friends work.
func (e Errno) Is(target error) bool {
	switch target {
	case fs.ErrNotExist:
		return e == ENOENT
	case fs.ErrExist:
		return e == EEXIST || e == ENOTEMPTY
	case fs.ErrPermission:
		return e == EACCES || e == EPERM
	}
	return false
}

// ErrnoOf extracts the Errno from an error (EIO when there is none).
func ErrnoOf(err error) Errno {
	var e Errno
	if errors.As(err, &e) {
		return e
	}
	return EIO
}

// Device names a special file.
type Device int

const (
	NotDevice Device = iota
	DevNull
	DevZero
	DevRandom
	DevStdin
	DevStdout
	DevStderr
	DevTTY
	DevFull
)

// Inode is a file, directory, symbolic link or device.
type Inode struct {
	Mode     fs.FileMode // type bits + permission bits (+ setuid/sticky)
	UID, GID int
	ModTime  time.Time
	Nlink    int
	Ino      uint64

	data     []byte
	children map[string]*Inode
	target   string // symlink target
	// Program names the simulated executable this file is ("busybox", "nginx").
	Program string
	// Device is set for device files.
	Device Device
	// Unverified marks content not checked against the real image.
	Unverified bool
	// Synthetic, for a directory, produces its entries on demand (/proc).
	Synthetic Synthetic

	// frozen marks an inode of a frozen tree (an image template): it is never modified;
	// a file system writing to it first makes its own copy (FS.own).
	frozen bool
}

// Synthetic is a directory whose content is made on demand.
type Synthetic interface {
	// Lookup returns the child called name, or ENOENT.
	Lookup(name string) (*Inode, error)
	// List returns the children's names.
	List() []string
}

// Redirect is a Synthetic child that stands for a directory of another file system
// (/proc/<pid>/root).
type Redirect struct {
	FS   *FS
	Path string
}

// Size is the file's size.
func (n *Inode) Size() int64 {
	switch {
	case n.Mode.IsDir():
		return 4096
	case n.Mode&fs.ModeSymlink != 0:
		return int64(len(n.target))
	}
	return int64(len(n.data))
}

// IsDir reports whether the inode is a directory.
func (n *Inode) IsDir() bool { return n.Mode.IsDir() }

// Target is a symlink's target.
func (n *Inode) Target() string { return n.target }

// World is what the file systems of one simulation share: the lock and the inode counter.
type World struct {
	mu  sync.Mutex
	ino uint64
	// Now gives modification times.
	Now func() time.Time
}

// NewWorld returns a world whose files take their times from now.
func NewWorld(now func() time.Time) *World { return &World{Now: now} }

func (w *World) newInode(mode fs.FileMode) *Inode {
	w.ino++
	n := &Inode{Mode: mode, Nlink: 1, Ino: w.ino, ModTime: w.Now()}
	if mode.IsDir() {
		n.children = map[string]*Inode{}
		n.Nlink = 2
	}
	return n
}

// NewDir returns a detached directory (the root of a volume).
func (w *World) NewDir(perm fs.FileMode) *Inode {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.newInode(fs.ModeDir | perm)
}

// NewFile returns a detached regular file (for synthetic directories).
func (w *World) NewFile(data []byte, perm fs.FileMode) *Inode {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.newInode(perm)
	n.data = data
	return n
}

// NewSymlink returns a detached symbolic link.
func (w *World) NewSymlink(target string) *Inode {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.newInode(fs.ModeSymlink | 0o777)
	n.target = target
	return n
}

// NewSyntheticDir returns a detached directory whose entries come from s.
func (w *World) NewSyntheticDir(s Synthetic, perm fs.FileMode) *Inode {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.newInode(fs.ModeDir | perm)
	n.Synthetic = s
	return n
}

// Mount is one entry of a mount table.
type Mount struct {
	Root     *Inode
	ReadOnly bool
	// Source names what is mounted (a volume name) for `mount`/`df`.
	Source, Type string
}

// FS is one container's view: a root directory and a mount table.
//
// A file system cloned from a frozen one (Freeze) shares the frozen inodes and copies an
// inode the first time it changes it (copy-on-write): copies maps each frozen inode it has
// changed to its own copy, and every lookup goes through it (get), so hard links to a copied
// inode stay links. Inode numbers are not shown anywhere, so a copy simply takes a new one.
type FS struct {
	w      *World
	root   *Inode
	mounts map[string]*Mount // by clean absolute path
	copies map[*Inode]*Inode // frozen inode → this file system's copy
}

// get is the inode f sees for n (its copy of a frozen inode it has changed).
func (f *FS) get(n *Inode) *Inode {
	if n != nil && n.frozen {
		if c := f.copies[n]; c != nil {
			return c
		}
	}
	return n
}

// own returns an inode of f that may be modified in place for n (as returned by get): n
// itself, or, for a frozen inode, f's new copy of it. The caller holds the lock.
func (f *FS) own(n *Inode) *Inode {
	if n == nil || !n.frozen {
		return n
	}
	if c := f.copies[n]; c != nil {
		return c
	}
	c := *n
	c.frozen = false
	f.w.ino++
	c.Ino = f.w.ino
	c.data = append([]byte(nil), n.data...)
	if n.children != nil {
		c.children = make(map[string]*Inode, len(n.children))
		for k, v := range n.children {
			c.children[k] = v // frozen children are copied when they change
		}
	}
	if f.copies == nil {
		f.copies = map[*Inode]*Inode{}
	}
	f.copies[n] = &c
	return &c
}

// Freeze makes f's own tree (not its mounts) immutable, so that Clone shares it instead of
// copying it: f and its clones copy an inode when they first change it. For image templates,
// which are cloned for every container.
func (f *FS) Freeze() {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	if len(f.copies) > 0 {
		return // already frozen and written to: keep it as it is
	}
	var mark func(n *Inode)
	mark = func(n *Inode) {
		if n.frozen {
			return
		}
		n.frozen = true
		for _, c := range n.children {
			mark(c)
		}
	}
	mark(f.root)
}

// New returns an empty file system (a root directory owned by root, 0755).
func New(w *World) *FS {
	return &FS{w: w, root: w.NewDir(0o755), mounts: map[string]*Mount{}}
}

// World is the file system's world.
func (f *FS) World() *World { return f.w }

// Mount mounts root at dir (which is created if missing).
func (f *FS) Mount(dir string, m *Mount) error {
	dir = path.Clean("/" + dir)
	if _, err := f.MkdirAll(dir, 0o755, 0, 0); err != nil {
		return err
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	f.mounts[dir] = m
	return nil
}

// Mounts lists the mount points, sorted.
func (f *FS) Mounts() []string {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	var out []string
	for p := range f.mounts {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// MountAt returns the mount at exactly dir.
func (f *FS) MountAt(dir string) *Mount {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	return f.mounts[path.Clean(dir)]
}

// resolved is the result of a path walk.
type resolved struct {
	fs     *FS
	node   *Inode // nil when the last component does not exist
	parent *Inode
	name   string
	path   string // canonical absolute path (in fs)
	ro     bool
}

const maxSymlinks = 40

// walk resolves p (absolute) in f. followLast says whether a symlink in the last component
// is followed. The caller holds the lock.
func (f *FS) walk(p string, followLast bool) (resolved, error) {
	return f.walkN(p, followLast, 0)
}

func (f *FS) walkN(p string, followLast bool, depth int) (resolved, error) {
	if depth > maxSymlinks {
		return resolved{}, ELOOP
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	cur := f.get(f.root)
	ro := false
	if m := f.mounts["/"]; m != nil {
		cur, ro = f.get(m.Root), m.ReadOnly
	}
	// curPath is built in a buffer (path.Join of clean components, without allocating); a
	// string is made only for what is returned. The components of p are visited in place:
	// "" and "." are skipped; rest is the remainder of p after the current component (the
	// walks that continue elsewhere clean it with path.Join, as they cleaned the joined
	// remaining components).
	var arr [256]byte
	buf := append(arr[:0], '/')
	curPathString := func() string { return string(buf) }
	i := 0
	next := func() (c string, ok bool) {
		for i < len(p) {
			j := strings.IndexByte(p[i:], '/')
			var c string
			if j < 0 {
				c, i = p[i:], len(p)
			} else {
				c, i = p[i:i+j], i+j+1
			}
			if c != "" && c != "." {
				return c, true
			}
		}
		return "", false
	}
	c, ok := next()
	for ok {
		rest := p[i:]
		nc, nok := next()
		last := !nok
		if c == ".." {
			// path.Dir of the buffer.
			k := len(buf) - 1
			for k > 0 && buf[k] != '/' {
				k--
			}
			if k == 0 {
				k = 1
			}
			buf = buf[:k]
			r, err := f.walkN(curPathString(), true, depth+1)
			if err != nil {
				return resolved{}, err
			}
			if r.fs != f {
				return r.fs.walkN(path.Join(r.path, rest), followLast, depth+1)
			}
			cur, ro = r.node, r.ro
			c, ok = nc, nok
			continue
		}
		if !cur.IsDir() {
			return resolved{}, ENOTDIR
		}
		var child *Inode
		if cur.Synthetic != nil {
			n, err := cur.Synthetic.Lookup(c)
			if err == nil {
				child = n
			}
		} else {
			child = f.get(cur.children[c])
		}
		parentLen := len(buf)
		if len(buf) > 1 {
			buf = append(buf, '/')
		}
		buf = append(buf, c...)
		if len(f.mounts) > 0 {
			if m := f.mounts[string(buf)]; m != nil {
				child = f.get(m.Root)
				ro = m.ReadOnly
			}
		}
		if child == nil {
			if last {
				return resolved{fs: f, parent: cur, name: c, path: curPathString(), ro: ro}, nil
			}
			return resolved{}, ENOENT
		}
		if red, ok := redirectOf(child); ok {
			return red.FS.walkN(path.Join(red.Path, rest), followLast, depth+1)
		}
		if child.Mode&fs.ModeSymlink != 0 && (!last || followLast) {
			t := child.target
			if !strings.HasPrefix(t, "/") {
				t = path.Join(string(buf[:parentLen]), t)
			}
			return f.walkN(path.Join(t, rest), followLast, depth+1)
		}
		if last {
			return resolved{fs: f, node: child, parent: cur, name: c, path: curPathString(), ro: ro}, nil
		}
		cur = child
		c, ok = nc, nok
	}
	return resolved{fs: f, node: cur, path: curPathString(), ro: ro}, nil
}

// redirectKey marks an Inode that stands for a Redirect (kept in data of a synthetic node).
type redirectInode struct{ Redirect }

// NewRedirect returns an inode that, when walked through, continues in another FS.
func (w *World) NewRedirect(r Redirect) *Inode {
	n := w.NewDir(0o755)
	n.Synthetic = &redirectInode{r}
	return n
}

func (r *redirectInode) Lookup(string) (*Inode, error) { return nil, ENOENT }
func (r *redirectInode) List() []string                { return nil }

func redirectOf(n *Inode) (Redirect, bool) {
	if n.Synthetic == nil {
		return Redirect{}, false
	}
	r, ok := n.Synthetic.(*redirectInode)
	if !ok {
		return Redirect{}, false
	}
	return r.Redirect, true
}

// Cred is who does an operation (permission checks apply to non-root).
type Cred struct{ UID, GID int }

// Root is the credential of uid 0.
func Root() Cred { return Cred{} }

func (c Cred) can(n *Inode, bit fs.FileMode) bool {
	if c.UID == 0 {
		if bit == 0o1 && !n.IsDir() {
			return n.Mode&0o111 != 0
		}
		return true
	}
	perm := n.Mode.Perm()
	switch {
	case c.UID == n.UID:
		return perm&(bit<<6) != 0
	case c.GID == n.GID:
		return perm&(bit<<3) != 0
	}
	return perm&bit != 0
}

// Stat returns the inode at p, following symlinks.
func (f *FS) Stat(p string) (*Inode, error) { return f.stat(p, true) }

// Lstat returns the inode at p without following a final symlink.
func (f *FS) Lstat(p string) (*Inode, error) { return f.stat(p, false) }

func (f *FS) stat(p string, follow bool) (*Inode, error) {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, follow)
	if err != nil {
		return nil, err
	}
	if r.node == nil {
		return nil, ENOENT
	}
	return r.node, nil
}

// Realpath returns the canonical path of p (all symlinks resolved) within f.
func (f *FS) Realpath(p string) (string, error) {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, true)
	if err != nil {
		return "", err
	}
	if r.node == nil {
		return "", ENOENT
	}
	return r.path, nil
}

// ReadFile returns a copy of a regular file's content.
func (f *FS) ReadFile(p string) ([]byte, error) {
	n, err := f.Stat(p)
	if err != nil {
		return nil, err
	}
	if n.IsDir() {
		return nil, EISDIR
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	return append([]byte(nil), n.data...), nil
}

// ReadDir lists a directory's entries, sorted by name.
func (f *FS) ReadDir(p string) ([]string, error) {
	n, err := f.Stat(p)
	if err != nil {
		return nil, err
	}
	if !n.IsDir() {
		return nil, ENOTDIR
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	var names []string
	if n.Synthetic != nil {
		names = n.Synthetic.List()
	} else {
		for k := range n.children {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names, nil
}

// Child returns the entry name of directory p without following it (for ls -l).
func (f *FS) Child(p, name string) (*Inode, error) { return f.Lstat(path.Join(p, name)) }

// WriteFile creates or truncates p with data (parent must exist).
func (f *FS) WriteFile(p string, data []byte, perm fs.FileMode, c Cred) error {
	h, err := f.Open(p, OWrite|OCreate|OTrunc, perm, c)
	if err != nil {
		return err
	}
	_, err = h.Write(data)
	return err
}

// MkdirAll creates p and its parents (owner uid/gid, mode perm) and returns p's inode.
func (f *FS) MkdirAll(p string, perm fs.FileMode, uid, gid int) (*Inode, error) {
	p = path.Clean("/" + p)
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	n, _, err := f.mkdirAll(p, perm, uid, gid)
	return n, err
}

// mkdirAll returns p's inode and the file system it belongs to (a path may continue in
// another one through /proc/<pid>/root).
func (f *FS) mkdirAll(p string, perm fs.FileMode, uid, gid int) (*Inode, *FS, error) {
	r, err := f.walk(p, true)
	if err == nil && r.node != nil {
		if !r.node.IsDir() {
			return nil, nil, ENOTDIR
		}
		return r.node, r.fs, nil
	}
	if p == "/" {
		return f.get(f.root), f, nil
	}
	parent, pfs, err := f.mkdirAll(path.Dir(p), perm, uid, gid)
	if err != nil {
		return nil, nil, err
	}
	if parent.Synthetic != nil {
		return nil, nil, EACCES
	}
	if n := pfs.get(parent.children[path.Base(p)]); n != nil {
		if n.IsDir() {
			return n, pfs, nil
		}
		return nil, nil, ENOTDIR
	}
	n := f.w.newInode(fs.ModeDir | perm)
	n.UID, n.GID = uid, gid
	parent = pfs.own(parent)
	parent.children[path.Base(p)] = n
	parent.Nlink++
	return n, pfs, nil
}

// Mkdir creates one directory.
func (f *FS) Mkdir(p string, perm fs.FileMode, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, false)
	if err != nil {
		return err
	}
	if r.node != nil {
		return EEXIST
	}
	if r.ro {
		return EROFS
	}
	if r.parent.Synthetic != nil || !c.can(r.parent, 0o2) {
		return EACCES
	}
	n := r.fs.w.newInode(fs.ModeDir | perm)
	n.UID, n.GID = c.UID, c.GID
	parent := r.fs.own(r.parent)
	parent.children[r.name] = n
	parent.Nlink++
	return nil
}

// Put installs a detached inode at p (creating parents), replacing what was there.
func (f *FS) Put(p string, n *Inode) error {
	p = path.Clean("/" + p)
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	parent, pfs, err := f.mkdirAll(path.Dir(p), 0o755, 0, 0)
	if err != nil {
		return err
	}
	if parent.Synthetic != nil {
		return EACCES
	}
	if old := pfs.get(parent.children[path.Base(p)]); old != nil && old.IsDir() && !n.IsDir() {
		return EISDIR
	}
	parent = pfs.own(parent)
	parent.children[path.Base(p)] = n
	return nil
}

// PutFile creates a regular file with data at p (creating parents).
func (f *FS) PutFile(p string, data []byte, perm fs.FileMode, uid, gid int) *Inode {
	n := f.w.NewFile(data, perm)
	n.UID, n.GID = uid, gid
	_ = f.Put(p, n)
	return n
}

// Symlink creates a symbolic link p → target.
func (f *FS) Symlink(target, p string, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, false)
	if err != nil {
		return err
	}
	if r.node != nil {
		return EEXIST
	}
	if r.ro {
		return EROFS
	}
	if r.parent.Synthetic != nil || !c.can(r.parent, 0o2) {
		return EACCES
	}
	n := r.fs.w.newInode(fs.ModeSymlink | 0o777)
	n.target, n.UID, n.GID = target, c.UID, c.GID
	r.fs.own(r.parent).children[r.name] = n
	return nil
}

// Link makes a hard link newp to the file oldp.
func (f *FS) Link(oldp, newp string, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	o, err := f.walk(oldp, false)
	if err != nil {
		return err
	}
	if o.node == nil {
		return ENOENT
	}
	if o.node.IsDir() {
		return EPERM
	}
	r, err := f.walk(newp, false)
	if err != nil {
		return err
	}
	if r.node != nil {
		return EEXIST
	}
	if r.ro {
		return EROFS
	}
	node := o.fs.own(o.node)
	r.fs.own(r.parent).children[r.name] = node
	node.Nlink++
	return nil
}

// Remove removes a file or an empty directory (rm, rmdir, unlink).
func (f *FS) Remove(p string, dirOK bool, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, false)
	if err != nil {
		return err
	}
	if r.node == nil {
		return ENOENT
	}
	if r.parent == nil {
		return EBUSY
	}
	if _, isMount := f.mounts[r.path]; isMount {
		return EBUSY
	}
	if r.ro {
		return EROFS
	}
	if r.parent.Synthetic != nil || !c.can(r.parent, 0o2) {
		return EACCES
	}
	parent := r.fs.own(r.parent)
	if r.node.IsDir() {
		if !dirOK {
			return EISDIR
		}
		if len(r.node.children) > 0 {
			return ENOTEMPTY
		}
		parent.Nlink--
	}
	delete(parent.children, r.name)
	r.fs.own(r.node).Nlink--
	return nil
}

// Rename moves oldp to newp (same file system only).
func (f *FS) Rename(oldp, newp string, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	o, err := f.walk(oldp, false)
	if err != nil {
		return err
	}
	if o.node == nil {
		return ENOENT
	}
	n, err := f.walk(newp, false)
	if err != nil {
		return err
	}
	if o.ro || n.ro {
		return EROFS
	}
	if o.fs != n.fs || o.parent == nil {
		return EXDEV
	}
	if n.node != nil && n.node.IsDir() {
		if !o.node.IsDir() {
			return EISDIR
		}
		if len(n.node.children) > 0 {
			return ENOTEMPTY
		}
	}
	if n.node != nil && !n.node.IsDir() && o.node.IsDir() {
		return ENOTDIR
	}
	if o.parent.Synthetic != nil || n.parent == nil || n.parent.Synthetic != nil {
		return EACCES
	}
	delete(o.fs.own(o.parent).children, o.name)
	n.fs.own(n.parent).children[n.name] = o.node
	return nil
}

// Chmod sets the permission bits.
func (f *FS) Chmod(p string, perm fs.FileMode, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, true)
	if err != nil {
		return err
	}
	if r.node == nil {
		return ENOENT
	}
	if r.ro {
		return EROFS
	}
	if c.UID != 0 && c.UID != r.node.UID {
		return EPERM
	}
	node := r.fs.own(r.node)
	node.Mode = node.Mode&^(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) | perm
	return nil
}

// Chown sets the owner (root only).
func (f *FS) Chown(p string, uid, gid int, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, true)
	if err != nil {
		return err
	}
	if r.node == nil {
		return ENOENT
	}
	if r.ro {
		return EROFS
	}
	if c.UID != 0 {
		return EPERM
	}
	node := r.fs.own(r.node)
	if uid >= 0 {
		node.UID = uid
	}
	if gid >= 0 {
		node.GID = gid
	}
	return nil
}

// Touch sets the modification time to now, creating an empty file if missing.
func (f *FS) Touch(p string, c Cred, create bool) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, true)
	if err != nil {
		return err
	}
	if r.node != nil {
		if r.ro {
			return EROFS
		}
		if !c.can(r.node, 0o2) && c.UID != r.node.UID {
			return EACCES
		}
		r.fs.own(r.node).ModTime = f.w.Now()
		return nil
	}
	if !create {
		return nil
	}
	if r.ro {
		return EROFS
	}
	if r.parent.Synthetic != nil || !c.can(r.parent, 0o2) {
		return EACCES
	}
	n := r.fs.w.newInode(0o644)
	n.UID, n.GID = c.UID, c.GID
	r.fs.own(r.parent).children[r.name] = n
	return nil
}

// Access checks that c may read (4), write (2) or execute (1) p.
func (f *FS) Access(p string, bits fs.FileMode, c Cred) error {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, true)
	if err != nil {
		return err
	}
	if r.node == nil {
		return ENOENT
	}
	if bits&0o2 != 0 && r.ro {
		return EROFS
	}
	for _, b := range []fs.FileMode{0o4, 0o2, 0o1} {
		if bits&b != 0 && !c.can(r.node, b) {
			return EACCES
		}
	}
	return nil
}

// Clone returns a deep copy of f's own tree (not of its mounts, which stay shared) in the
// same world: each container instance gets its own writable copy of the image's tree.
//
// The clone of a frozen file system (Freeze) not yet written to shares its tree and copies
// an inode when it first changes it, which is the same as an immediate deep copy.
func (f *FS) Clone() *FS {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	mounts := make(map[string]*Mount, len(f.mounts))
	for k, v := range f.mounts {
		mounts[k] = v
	}
	if f.root.frozen && len(f.copies) == 0 {
		return &FS{w: f.w, root: f.root, mounts: mounts}
	}
	seen := map[*Inode]*Inode{}
	var cp func(n *Inode) *Inode
	cp = func(n *Inode) *Inode {
		if c, ok := seen[n]; ok {
			return c // hard links stay links
		}
		c := *n
		c.frozen = false
		f.w.ino++
		c.Ino = f.w.ino
		c.data = append([]byte(nil), n.data...)
		if n.children != nil {
			c.children = make(map[string]*Inode, len(n.children))
			for k, v := range n.children {
				c.children[k] = cp(f.get(v))
			}
		}
		seen[n] = &c
		return &c
	}
	return &FS{w: f.w, root: cp(f.get(f.root)), mounts: mounts}
}

// SynthFile, SynthDir and SynthRedirect make inodes for Synthetic implementations: Lookup is
// called with the world's lock held, so they must not take it.
func (w *World) SynthFile(data []byte, perm fs.FileMode) *Inode {
	n := w.newInode(perm)
	n.data = data
	return n
}

// SynthDir is NewSyntheticDir for use inside Synthetic.Lookup.
func (w *World) SynthDir(s Synthetic, perm fs.FileMode) *Inode {
	n := w.newInode(fs.ModeDir | perm)
	n.Synthetic = s
	return n
}

// SynthRedirect is NewRedirect for use inside Synthetic.Lookup.
func (w *World) SynthRedirect(r Redirect) *Inode {
	n := w.newInode(fs.ModeDir | 0o755)
	n.Synthetic = &redirectInode{r}
	return n
}
