package vfs

import (
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"path"
	"sort"
	"strings"
	"testing"
	"time"
)

// template builds the same tree twice: one copy is frozen (its clones copy on write), the
// other is not (its clones are deep copies).
func cowTemplate() *FS {
	w := NewWorld(func() time.Time { return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) })
	f := New(w)
	for _, d := range []string{"/etc", "/tmp", "/bin", "/var/log", "/home/u"} {
		f.MkdirAll(d, 0o755, 0, 0)
	}
	f.PutFile("/etc/passwd", []byte("root:x:0:0::/root:/bin/sh\n"), 0o644, 0, 0)
	f.PutFile("/etc/motd", []byte("hello\n"), 0o600, 0, 0)
	f.PutFile("/bin/busybox", []byte("elf"), 0o755, 0, 0)
	for _, l := range []string{"/bin/sh", "/bin/ls", "/bin/cat"} {
		f.Link("/bin/busybox", l, Root())
	}
	f.Symlink("/etc/passwd", "/home/u/pw", Root())
	f.PutFile("/var/log/app.log", []byte("line1\n"), 0o644, 1000, 1000)
	f.NewDevice("/dev/null", DevNull, 0o666)
	return f
}

// snapshot renders everything observable about a file system except inode numbers.
func snapshot(f *FS) string {
	var b strings.Builder
	var walk func(p string)
	walk = func(p string) {
		n, err := f.Lstat(p)
		if err != nil {
			fmt.Fprintf(&b, "%s: %v\n", p, err)
			return
		}
		fmt.Fprintf(&b, "%s %v %d:%d nlink=%d mtime=%v prog=%q target=%q size=%d", p, n.Mode, n.UID, n.GID, n.Nlink, n.ModTime.Unix(), n.Program, n.Target(), n.Size())
		if n.Mode.IsRegular() {
			data, _ := f.ReadFile(p)
			fmt.Fprintf(&b, " data=%q", data)
		}
		b.WriteString("\n")
		if n.IsDir() {
			names, _ := f.ReadDir(p)
			for _, c := range names {
				walk(path.Join(p, c))
			}
		}
	}
	walk("/")
	return b.String()
}

// TestCopyOnWriteClone: random operations on clones of a frozen template give what they give
// on deep copies of the same tree, and never change the template or a sibling clone.
func TestCopyOnWriteClone(t *testing.T) {
	frozen := cowTemplate()
	frozen.Freeze()
	plain := cowTemplate()
	before := snapshot(frozen)
	if before != snapshot(plain) {
		t.Fatal("templates differ")
	}
	paths := []string{"/etc/passwd", "/etc/motd", "/etc/new", "/bin/sh", "/bin/busybox", "/bin/ls", "/tmp/a", "/tmp/b",
		"/var/log/app.log", "/var/log", "/home/u/pw", "/home/u", "/home/u/d", "/home/u/d/f", "/dev/null", "/x"}
	user := Cred{UID: 1000, GID: 1000}
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		a, b := frozen.Clone(), plain.Clone()
		sibling := frozen.Clone()
		var handles [2][]*Handle
		for step := 0; step < 25; step++ {
			p, q := paths[rng.Intn(len(paths))], paths[rng.Intn(len(paths))]
			c := Root()
			if rng.Intn(4) == 0 {
				c = user
			}
			data := []byte(fmt.Sprintf("w%d\n", step))
			op := rng.Intn(14)
			var desc string
			run := func(f *FS, i int) string {
				var err error
				switch op {
				case 0:
					err = f.WriteFile(p, data, 0o644, c)
				case 1:
					err = f.Mkdir(p, 0o755, c)
				case 2:
					err = f.Remove(p, rng.Intn(2) == 0, c)
				case 3:
					err = f.Rename(p, q, c)
				case 4:
					err = f.Link(p, q, c)
				case 5:
					err = f.Symlink(q, p, c)
				case 6:
					err = f.Chmod(p, 0o700, c)
				case 7:
					err = f.Chown(p, 5, 6, c)
				case 8:
					err = f.Touch(p, c, true)
				case 9:
					err = f.Truncate(p, 2, c)
				case 10:
					_, err = f.MkdirAll(p, 0o750, 3, 3)
				case 11:
					f.PutFile(p, data, 0o640, 0, 0)
				case 12:
					var h *Handle
					h, err = f.Open(p, ORead, 0, c)
					if err == nil {
						handles[i] = append(handles[i], h)
					}
				case 13:
					var h *Handle
					h, err = f.Open(p, OWrite|OAppend, 0, c)
					if err == nil {
						_, err = h.Write(data)
						handles[i] = append(handles[i], h)
					}
				}
				return fmt.Sprint(err)
			}
			// the same random choices for both
			seed := rng.Int63()
			rng.Seed(seed)
			ra := run(a, 0)
			rng.Seed(seed)
			rb := run(b, 1)
			desc = fmt.Sprintf("round %d step %d op %d %s %s", round, step, op, p, q)
			if ra != rb {
				t.Fatalf("%s: copy-on-write %s, deep copy %s", desc, ra, rb)
			}
			if sa, sb := snapshot(a), snapshot(b); sa != sb {
				t.Fatalf("%s: trees differ\ncow:\n%s\ndeep:\n%s", desc, sa, sb)
			}
			if got := snapshot(frozen); got != before {
				t.Fatalf("%s: the frozen template changed:\n%s", desc, got)
			}
			for i := range handles[0] {
				ha, hb := handles[0][i], handles[1][i]
				ha.Seek(0, io.SeekStart)
				hb.Seek(0, io.SeekStart)
				da, ea := io.ReadAll(ha)
				db, eb := io.ReadAll(hb)
				if string(da) != string(db) || fmt.Sprint(ea) != fmt.Sprint(eb) {
					t.Fatalf("%s: handle %d reads %q %v, deep copy %q %v", desc, i, da, ea, db, eb)
				}
			}
		}
		if got := snapshot(frozen); got != before {
			t.Fatalf("round %d: the frozen template changed", round)
		}
		if got := snapshot(sibling); got != before {
			t.Fatalf("round %d: a sibling clone changed", round)
		}
		// A clone of a written clone is a deep copy of what it shows.
		if snapshot(a.Clone()) != snapshot(a) {
			t.Fatalf("round %d: clone of a written clone differs", round)
		}
	}
	_ = sort.Strings
	_ = fs.ModeDir
}
