package vfs

import (
	"errors"
	"io"
	"io/fs"
	"testing"
	"time"
)

func newFS() *FS {
	w := NewWorld(func() time.Time { return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) })
	f := New(w)
	f.MkdirAll("/etc", 0o755, 0, 0)
	f.PutFile("/etc/passwd", []byte("root:x:0:0::/root:/bin/sh\n"), 0o644, 0, 0)
	f.MkdirAll("/tmp", 0o777, 0, 0)
	return f
}

func TestErrnoTexts(t *testing.T) {
	tests := []struct {
		e      Errno
		c, goS string
	}{
		{ENOENT, "No such file or directory", "no such file or directory"},
		{EACCES, "Permission denied", "permission denied"},
		{EROFS, "Read-only file system", "read-only file system"},
		{ENOTEMPTY, "Directory not empty", "directory not empty"},
		{Errno(999), "Unknown error", "unknown error"},
	}
	for _, tt := range tests {
		if tt.e.Strerror() != tt.c || tt.e.Error() != tt.goS {
			t.Errorf("%d: %q %q", tt.e, tt.e.Strerror(), tt.e.Error())
		}
	}
	if !errors.Is(ENOENT, fs.ErrNotExist) || !errors.Is(EACCES, fs.ErrPermission) {
		t.Error("errors.Is mapping")
	}
}

func TestFileOperations(t *testing.T) {
	f := newFS()
	user := Cred{UID: 1000, GID: 1000}
	tests := []struct {
		name string
		op   func() error
		want Errno
	}{
		{"read missing", func() error { _, err := f.ReadFile("/nope"); return err }, ENOENT},
		{"mkdir exists", func() error { return f.Mkdir("/etc", 0o755, Root()) }, EEXIST},
		{"mkdir missing parent", func() error { return f.Mkdir("/a/b", 0o755, Root()) }, ENOENT},
		{"user writes /etc", func() error { return f.WriteFile("/etc/x", nil, 0o644, user) }, EACCES},
		{"user writes /tmp", func() error { return f.WriteFile("/tmp/x", []byte("u"), 0o644, user) }, 0},
		{"remove dir without flag", func() error { return f.Remove("/etc", false, Root()) }, EISDIR},
		{"remove non-empty dir", func() error { return f.Remove("/etc", true, Root()) }, ENOTEMPTY},
		{"file as dir", func() error { _, err := f.Stat("/etc/passwd/x"); return err }, ENOTDIR},
		{"symlink loop", func() error {
			f.Symlink("/loop2", "/loop1", Root())
			f.Symlink("/loop1", "/loop2", Root())
			_, err := f.Stat("/loop1")
			return err
		}, ELOOP},
		{"rename", func() error { return f.Rename("/tmp/x", "/tmp/y", Root()) }, 0},
	}
	for _, tt := range tests {
		err := tt.op()
		if tt.want == 0 && err != nil || tt.want != 0 && ErrnoOf(err) != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if data, _ := f.ReadFile("/tmp/y"); string(data) != "u" {
		t.Errorf("renamed file %q", data)
	}
}

func TestMountsLinksAndClone(t *testing.T) {
	f := newFS()
	w := f.World()
	vol := w.NewDir(0o777)
	if err := f.Mount("/data", &Mount{Root: vol, ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("/data/x", nil, 0o644, Root()); ErrnoOf(err) != EROFS {
		t.Errorf("write to read-only mount: %v", err)
	}
	g := New(w)
	g.Mount("/shared", &Mount{Root: vol})
	if err := g.WriteFile("/shared/seen", []byte("1"), 0o644, Root()); err != nil {
		t.Fatal(err)
	}
	if data, err := f.ReadFile("/data/seen"); err != nil || string(data) != "1" {
		t.Errorf("volume not shared: %q %v", data, err)
	}
	f.PutFile("/bin/busybox", []byte("elf"), 0o755, 0, 0)
	f.Link("/bin/busybox", "/bin/sh", Root())
	c := f.Clone()
	c.WriteFile("/etc/passwd", []byte("changed\n"), 0o644, Root())
	if data, _ := f.ReadFile("/etc/passwd"); string(data) == "changed\n" {
		t.Error("clone shares file data with the original")
	}
	a, _ := c.Stat("/bin/busybox")
	b, _ := c.Stat("/bin/sh")
	if a != b || a.Nlink != 2 {
		t.Errorf("hard link lost in clone: %p %p nlink %d", a, b, a.Nlink)
	}
	if data, _ := c.ReadFile("/data/seen"); string(data) != "1" {
		t.Error("clone lost the mount")
	}
}

func TestHandles(t *testing.T) {
	f := newFS()
	h, err := f.Open("/tmp/log", OWrite|OCreate|OAppend, 0o644, Root())
	if err != nil {
		t.Fatal(err)
	}
	h.Write([]byte("a\n"))
	h2, _ := f.Open("/tmp/log", OWrite|OAppend, 0, Root())
	h2.Write([]byte("b\n"))
	r, _ := f.Open("/tmp/log", ORead, 0, Root())
	data, _ := io.ReadAll(r)
	if string(data) != "a\nb\n" {
		t.Errorf("appends: %q", data)
	}
	f.NewDevice("/dev/null", DevNull, 0o666)
	n, _ := f.Open("/dev/null", OWrite, 0, Root())
	if k, err := n.Write([]byte("gone")); k != 4 || err != nil {
		t.Errorf("/dev/null write %d %v", k, err)
	}
	if _, err := f.Open("/tmp/log", OWrite|OCreate|OExcl, 0o644, Root()); ErrnoOf(err) != EEXIST {
		t.Errorf("O_EXCL on existing: %v", err)
	}
}
