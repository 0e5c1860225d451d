package vfs

import (
	"io"
	"io/fs"
)

// Open flags (a subset of open(2)).
const (
	ORead   = 0x0
	OWrite  = 0x1
	ORDWR   = 0x2
	OCreate = 0x40
	OExcl   = 0x80
	OTrunc  = 0x200
	OAppend = 0x400
)

// Handle is an open file.
type Handle struct {
	fs     *FS
	node   *Inode
	path   string
	off    int64
	flags  int
	closed bool
}

// Node is the handle's inode.
func (h *Handle) Node() *Inode {
	h.fs.w.mu.Lock()
	defer h.fs.w.mu.Unlock()
	return h.fs.get(h.node)
}

// Path is the canonical path the handle was opened at.
func (h *Handle) Path() string { return h.path }

// Device is the device the handle is, if any (the caller connects stdout/stderr devices to
// the process's streams).
func (h *Handle) Device() Device { return h.node.Device }

// Open opens p like open(2) with the given flags (ORead/OWrite/ORDWR|OCreate|OExcl|OTrunc|
// OAppend) and creation mode.
func (f *FS) Open(p string, flags int, perm fs.FileMode, c Cred) (*Handle, error) {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	r, err := f.walk(p, true)
	if err != nil {
		return nil, err
	}
	write := flags&(OWrite|ORDWR) != 0
	if r.node == nil {
		if flags&OCreate == 0 {
			return nil, ENOENT
		}
		if r.ro {
			return nil, EROFS
		}
		if r.parent == nil || r.parent.Synthetic != nil || !c.can(r.parent, 0o2) {
			return nil, EACCES
		}
		n := r.fs.w.newInode(perm.Perm())
		n.UID, n.GID = c.UID, c.GID
		r.fs.own(r.parent).children[r.name] = n
		return &Handle{fs: r.fs, node: n, path: r.path, flags: flags}, nil
	}
	if flags&OCreate != 0 && flags&OExcl != 0 {
		return nil, EEXIST
	}
	n := r.node
	if n.IsDir() {
		if write {
			return nil, EISDIR
		}
		return &Handle{fs: r.fs, node: n, path: r.path, flags: flags}, nil
	}
	if n.Device == NotDevice {
		if write && r.ro {
			return nil, EROFS
		}
		if write && !c.can(n, 0o2) || !write && !c.can(n, 0o4) {
			return nil, EACCES
		}
		if write {
			n = r.fs.own(n) // a write handle writes to the file system's own inode
		}
		if write && flags&OTrunc != 0 {
			n.data = nil
			n.ModTime = f.w.Now()
		}
	}
	h := &Handle{fs: r.fs, node: n, path: r.path, flags: flags}
	if flags&OAppend != 0 {
		h.off = int64(len(n.data))
	}
	return h, nil
}

// Read reads from a regular file or a readable device.
func (h *Handle) Read(p []byte) (int, error) {
	h.fs.w.mu.Lock()
	defer h.fs.w.mu.Unlock()
	if h.closed {
		return 0, EBADF
	}
	node := h.fs.get(h.node) // a frozen inode may have been copied since the open
	switch node.Device {
	case DevNull:
		return 0, io.EOF
	case DevZero:
		clear(p)
		return len(p), nil
	case DevRandom:
		// Deterministic "random" bytes: a simple generator seeded by the offset.
		for i := range p {
			x := uint64(h.off) + uint64(i) + 0x9e3779b97f4a7c15
			x ^= x >> 33
			x *= 0xff51afd7ed558ccd
			x ^= x >> 33
			p[i] = byte(x)
		}
		h.off += int64(len(p))
		return len(p), nil
	case NotDevice:
	default:
		return 0, io.EOF
	}
	if node.IsDir() {
		return 0, EISDIR
	}
	if h.flags&(OWrite) != 0 && h.flags&ORDWR == 0 {
		return 0, EBADF
	}
	if h.off >= int64(len(node.data)) {
		return 0, io.EOF
	}
	n := copy(p, node.data[h.off:])
	h.off += int64(n)
	return n, nil
}

// Write writes to a regular file (devices other than null/zero/full are the caller's).
func (h *Handle) Write(p []byte) (int, error) {
	h.fs.w.mu.Lock()
	defer h.fs.w.mu.Unlock()
	if h.closed {
		return 0, EBADF
	}
	switch h.node.Device {
	case DevNull, DevZero, DevRandom:
		return len(p), nil
	case DevFull:
		return 0, ENOSPC
	case NotDevice:
	default:
		return len(p), nil
	}
	if h.flags&(OWrite|ORDWR) == 0 {
		return 0, EBADF
	}
	n := h.node
	if h.flags&OAppend != 0 {
		h.off = int64(len(n.data))
	}
	end := h.off + int64(len(p))
	if end > int64(len(n.data)) {
		grown := make([]byte, end)
		copy(grown, n.data)
		n.data = grown
	}
	copy(n.data[h.off:], p)
	h.off = end
	n.ModTime = h.fs.w.Now()
	return len(p), nil
}

// Seek sets the offset (io.Seeker).
func (h *Handle) Seek(off int64, whence int) (int64, error) {
	h.fs.w.mu.Lock()
	defer h.fs.w.mu.Unlock()
	switch whence {
	case io.SeekStart:
		h.off = off
	case io.SeekCurrent:
		h.off += off
	case io.SeekEnd:
		h.off = int64(len(h.fs.get(h.node).data)) + off
	}
	if h.off < 0 {
		h.off = 0
		return 0, EINVAL
	}
	return h.off, nil
}

// Close closes the handle.
func (h *Handle) Close() error {
	h.fs.w.mu.Lock()
	defer h.fs.w.mu.Unlock()
	h.closed = true
	return nil
}

// Truncate sets a regular file's size.
func (f *FS) Truncate(p string, size int64, c Cred) error {
	h, err := f.Open(p, OWrite, 0, c)
	if err != nil {
		return err
	}
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	n := h.fs.own(h.fs.get(h.node)) // a device file was not copied by Open
	if size < int64(len(n.data)) {
		n.data = n.data[:size]
	} else {
		n.data = append(n.data, make([]byte, size-int64(len(n.data)))...)
	}
	return nil
}

// NewDevice installs a device file at p.
func (f *FS) NewDevice(p string, d Device, perm fs.FileMode) {
	n := f.w.NewFile(nil, perm)
	n.Mode |= fs.ModeDevice | fs.ModeCharDevice
	n.Device = d
	_ = f.Put(p, n)
}
