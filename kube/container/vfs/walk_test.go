package vfs

import (
	"fmt"
	"io/fs"
	"math/rand"
	"path"
	"strings"
	"testing"
)

// TestWalkMatchesReference: the allocation-free walk resolves random paths (with "." and
// "..", empty components, relative and absolute symlinks, mounts and redirects into another
// file system) exactly as the original walk did.
func TestWalkMatchesReference(t *testing.T) {
	f := cowTemplate()
	w := f.World()
	f.MkdirAll("/a/b/c", 0o755, 0, 0)
	f.Symlink("b", "/a/rel", Root())
	f.Symlink("/a/b/c", "/abs", Root())
	f.Symlink("../..", "/a/b/up", Root())
	f.Symlink("/loop", "/loop", Root())
	vol := w.NewDir(0o755)
	f.Mount("/mnt/vol", &Mount{Root: vol})
	g := New(w)
	g.MkdirAll("/g/h", 0o755, 0, 0)
	g.PutFile("/g/h/file", []byte("x"), 0o644, 0, 0)
	f.Put("/proc", w.NewRedirect(Redirect{FS: g, Path: "/g"}))
	comps := []string{"", ".", "..", "a", "b", "c", "rel", "abs", "up", "loop", "etc", "passwd", "mnt", "vol", "proc", "h", "file", "nope"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 50000; i++ {
		var parts []string
		for j := 0; j <= rng.Intn(6); j++ {
			parts = append(parts, comps[rng.Intn(len(comps))])
		}
		p := strings.Join(parts, "/")
		if rng.Intn(4) > 0 {
			p = "/" + p
		}
		if rng.Intn(5) == 0 {
			p += "/"
		}
		follow := rng.Intn(2) == 0
		got, gerr := f.walkN(p, follow, 0)
		want, werr := f.walkOld(p, follow, 0)
		g := fmt.Sprintf("%p %p %p %q %q %v %v", got.fs, got.node, got.parent, got.name, got.path, got.ro, gerr)
		wnt := fmt.Sprintf("%p %p %p %q %q %v %v", want.fs, want.node, want.parent, want.name, want.path, want.ro, werr)
		if g != wnt {
			t.Fatalf("walk(%q, %v):\n got %s\nwant %s", p, follow, g, wnt)
		}
	}
	_ = path.Join
}
func (f *FS) walkOld(p string, followLast bool, depth int) (resolved, error) {
	if depth > maxSymlinks {
		return resolved{}, ELOOP
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	comps := strings.Split(p, "/")
	cur := f.get(f.root)
	curPath := "/"
	ro := false
	if m := f.mounts["/"]; m != nil {
		cur, ro = f.get(m.Root), m.ReadOnly
	}
	var parts []string
	for _, c := range comps {
		if c != "" && c != "." {
			parts = append(parts, c)
		}
	}
	for i := 0; i < len(parts); i++ {
		c := parts[i]
		last := i == len(parts)-1
		if c == ".." {
			curPath = path.Dir(curPath)
			r, err := f.walkOld(curPath, true, depth+1)
			if err != nil {
				return resolved{}, err
			}
			if r.fs != f {
				rest := strings.Join(parts[i+1:], "/")
				return r.fs.walkOld(path.Join(r.path, rest), followLast, depth+1)
			}
			cur, ro = r.node, r.ro
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
		childPath := path.Join(curPath, c)
		if m := f.mounts[childPath]; m != nil {
			child = f.get(m.Root)
			ro = m.ReadOnly
		}
		if child == nil {
			if last {
				return resolved{fs: f, parent: cur, name: c, path: childPath, ro: ro}, nil
			}
			return resolved{}, ENOENT
		}
		if red, ok := redirectOf(child); ok {
			rest := strings.Join(parts[i+1:], "/")
			return red.FS.walkOld(path.Join(red.Path, rest), followLast, depth+1)
		}
		if child.Mode&fs.ModeSymlink != 0 && (!last || followLast) {
			t := child.target
			if !strings.HasPrefix(t, "/") {
				t = path.Join(curPath, t)
			}
			rest := strings.Join(parts[i+1:], "/")
			return f.walkOld(path.Join(t, rest), followLast, depth+1)
		}
		if last {
			return resolved{fs: f, node: child, parent: cur, name: c, path: childPath, ro: ro}, nil
		}
		cur, curPath = child, childPath
	}
	return resolved{fs: f, node: cur, path: curPath, ro: ro}, nil
}
