package shell

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/vfs"
)

// splitOpts separates single-letter options from operands (stops at "--").
func splitOpts(args []string, withValue string) (opts map[byte]string, operands []string) {
	opts = map[byte]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			operands = append(operands, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' && a[1] != '-' {
			for k := 1; k < len(a); k++ {
				ch := a[k]
				if strings.IndexByte(withValue, ch) >= 0 {
					v := a[k+1:]
					if v == "" && i+1 < len(args) {
						i++
						v = args[i]
					}
					opts[ch] = v
					break
				}
				opts[ch] = ""
			}
			continue
		}
		operands = append(operands, a)
	}
	return
}

func has(m map[byte]string, c byte) bool { _, ok := m[c]; return ok }

// --- cat ------------------------------------------------------------------------------------

func catMain(t *tool) int {
	_, files := splitOpts(t.Argv[1:], "")
	if len(files) == 0 {
		files = []string{"-"}
	}
	status := 0
	for _, f := range files {
		if f == "-" {
			if _, err := io.Copy(t.Stdout, orEmpty(t.Stdin)); err != nil {
				return 1
			}
			continue
		}
		p := t.Abs(f)
		h, err := t.Sys.FS.Open(p, vfs.ORead, 0, t.Cred())
		if err != nil {
			t.cantOpen(f, err)
			status = 1
			continue
		}
		if h.Node().IsDir() {
			if t.style == GNU {
				t.errf("%s: Is a directory", f)
			} else {
				t.errf("read error: Is a directory")
			}
			status = 1
			continue
		}
		if h.Node().Unverified {
			t.NotSimulated("read of " + p + ", whose content is not verified")
		}
		if d := h.Device(); d == vfs.DevZero || d == vfs.DevRandom {
			buf := make([]byte, 65536)
			for {
				if !t.Step("cat") {
					return 0
				}
				h.Read(buf)
				if _, err := t.Stdout.Write(buf); err != nil {
					return 1
				}
			}
		}
		data, _ := io.ReadAll(h)
		if _, err := t.Stdout.Write(data); err != nil {
			return 1
		}
	}
	return status
}

// --- ls -------------------------------------------------------------------------------------

type lsEntry struct {
	name string // as shown
	path string // absolute
	n    *vfs.Inode
}

func modeString(m fs.FileMode) string {
	b := []byte("----------")
	switch {
	case m.IsDir():
		b[0] = 'd'
	case m&fs.ModeSymlink != 0:
		b[0] = 'l'
	case m&fs.ModeCharDevice != 0:
		b[0] = 'c'
	case m&fs.ModeDevice != 0:
		b[0] = 'b'
	case m&fs.ModeNamedPipe != 0:
		b[0] = 'p'
	case m&fs.ModeSocket != 0:
		b[0] = 's'
	}
	const rwx = "rwxrwxrwx"
	for i := 0; i < 9; i++ {
		if m&(1<<uint(8-i)) != 0 {
			b[i+1] = rwx[i]
		}
	}
	if m&fs.ModeSetuid != 0 {
		b[3] = map[bool]byte{true: 's', false: 'S'}[m&0o100 != 0]
	}
	if m&fs.ModeSetgid != 0 {
		b[6] = map[bool]byte{true: 's', false: 'S'}[m&0o010 != 0]
	}
	if m&fs.ModeSticky != 0 {
		b[9] = map[bool]byte{true: 't', false: 'T'}[m&0o001 != 0]
	}
	return string(b)
}

// lsTime is ls -l's time column: "Mon DD HH:MM" within six months, else "Mon DD  YYYY"
// (busybox ls.c and GNU ls agree on this layout).
func lsTime(mt, now time.Time) string {
	if now.Sub(mt) < 182*24*time.Hour && mt.Sub(now) < time.Hour {
		return mt.Format("Jan _2 15:04")
	}
	return mt.Format("Jan _2  2006")
}

func lsMain(t *tool) int {
	opts, operands := splitOpts(t.Argv[1:], "")
	long := has(opts, 'l') || has(opts, 'n') || has(opts, 'g') || has(opts, 'o')
	all := has(opts, 'a')
	almost := has(opts, 'A')
	dirOnly := has(opts, 'd')
	recursive := has(opts, 'R')
	one := has(opts, '1') || !t.TTY
	if has(opts, 'C') {
		one = false
	}
	classify := has(opts, 'F')
	human := has(opts, 'h')
	numeric := has(opts, 'n')
	if len(operands) == 0 {
		operands = []string{"."}
	}
	status := 0
	var files []lsEntry
	var dirs []lsEntry
	for _, o := range operands {
		p := t.Abs(o)
		n, err := t.Sys.FS.Lstat(p)
		if err == nil && n.Mode&fs.ModeSymlink != 0 && !long {
			if m, err2 := t.Sys.FS.Stat(p); err2 == nil {
				n = m
			}
		} else if err == nil && n.Mode&fs.ModeSymlink != 0 && strings.HasSuffix(o, "/") {
			n, err = t.Sys.FS.Stat(p)
		}
		if err != nil {
			if t.style == GNU {
				t.errf("cannot access '%s': %s", o, vfs.ErrnoOf(err).Strerror())
				status = 2
			} else {
				t.perrorf(err, "%s", o)
				status = 1
			}
			continue
		}
		e := lsEntry{name: o, path: p, n: n}
		if n.IsDir() && !dirOnly {
			dirs = append(dirs, e)
		} else {
			files = append(files, e)
		}
	}
	out := &bytes.Buffer{}
	printList := func(entries []lsEntry) {
		if long {
			t.lsLong(out, entries, numeric, human, classify, opts)
			return
		}
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.name + lsSuffix(e.n, classify)
		}
		if one {
			for _, n := range names {
				out.WriteString(n + "\n")
			}
			return
		}
		columns(out, names, 80, t.style)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	printList(files)
	multi := len(operands) > 1 || recursive
	var listDir func(e lsEntry, first bool)
	listDir = func(e lsEntry, first bool) {
		names, err := t.Sys.FS.ReadDir(e.path)
		if err != nil {
			t.perrorf(err, "%s", e.name)
			status = 1
			return
		}
		var entries []lsEntry
		if all {
			for _, special := range []string{".", ".."} {
				n, _ := t.Sys.FS.Stat(path.Join(e.path, special))
				if n != nil {
					entries = append(entries, lsEntry{name: special, path: path.Join(e.path, special), n: n})
				}
			}
		}
		for _, nm := range names {
			if strings.HasPrefix(nm, ".") && !all && !almost {
				continue
			}
			n, err := t.Sys.FS.Lstat(path.Join(e.path, nm))
			if err != nil {
				continue
			}
			entries = append(entries, lsEntry{name: nm, path: path.Join(e.path, nm), n: n})
		}
		if multi {
			if !first || len(files) > 0 {
				out.WriteString("\n")
			}
			out.WriteString(e.name + ":\n")
		}
		if long {
			var blocks int64
			for _, x := range entries {
				// 1K blocks in use: regular files and directories take 4K pages; fast
				// symlinks and empty files take none.
				if x.n.Mode.IsRegular() || x.n.IsDir() {
					blocks += (x.n.Size() + 4095) / 4096 * 4
				}
			}
			fmt.Fprintf(out, "total %d\n", blocks)
		}
		printList(entries)
		if recursive {
			for _, x := range entries {
				if x.n.IsDir() && x.name != "." && x.name != ".." {
					child := x
					child.name = path.Join(e.name, x.name)
					listDir(child, false)
				}
			}
		}
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].name < dirs[j].name })
	for i, d := range dirs {
		listDir(d, i == 0)
	}
	t.Stdout.Write(out.Bytes())
	return status
}

func lsSuffix(n *vfs.Inode, classify bool) string {
	if !classify {
		return ""
	}
	switch {
	case n.IsDir():
		return "/"
	case n.Mode&fs.ModeSymlink != 0:
		return "@"
	case n.Mode&0o111 != 0:
		return "*"
	}
	return ""
}

func (t *tool) lsLong(out *bytes.Buffer, entries []lsEntry, numeric, human, classify bool, opts map[byte]string) {
	now := t.Now()
	if t.style == BusyBox {
		// busybox coreutils/ls.c display_single: "%-10s %4lu %-8.8s %-8.8s %9llu " + time + name.
		for _, e := range entries {
			user, group := t.UserName(e.n.UID), t.GroupName(e.n.GID)
			if user == "" || numeric {
				user = strconv.Itoa(e.n.UID)
			}
			if group == "" || numeric {
				group = strconv.Itoa(e.n.GID)
			}
			size := fmt.Sprintf("%9d", e.n.Size())
			if e.n.Mode&fs.ModeCharDevice != 0 {
				size = fmt.Sprintf("%4d, %3d", 1, 3)
			}
			fmt.Fprintf(out, "%-10s %4d %-8.8s %-8.8s %s %s %s", modeString(e.n.Mode), e.n.Nlink, user, group, size, lsTime(e.n.ModTime, now), e.name)
			if e.n.Mode&fs.ModeSymlink != 0 {
				fmt.Fprintf(out, " -> %s", e.n.Target())
			} else {
				out.WriteString(lsSuffix(e.n, classify))
			}
			out.WriteString("\n")
		}
		return
	}
	// GNU ls: columns right-aligned to the widest entry, one space apart.
	type row struct{ mode, links, user, group, size, tm, name string }
	var rows []row
	w := [5]int{}
	for _, e := range entries {
		user, group := t.UserName(e.n.UID), t.GroupName(e.n.GID)
		if user == "" || numeric {
			user = strconv.Itoa(e.n.UID)
		}
		if group == "" || numeric {
			group = strconv.Itoa(e.n.GID)
		}
		size := strconv.FormatInt(e.n.Size(), 10)
		if e.n.Mode&fs.ModeCharDevice != 0 {
			size = "1, 3"
		}
		name := e.name
		if e.n.Mode&fs.ModeSymlink != 0 {
			name += " -> " + e.n.Target()
		} else {
			name += lsSuffix(e.n, classify)
		}
		r := row{modeString(e.n.Mode), strconv.Itoa(e.n.Nlink), user, group, size, lsTime(e.n.ModTime, now), name}
		rows = append(rows, r)
		w[0] = max(w[0], len(r.links))
		w[1] = max(w[1], len(r.user))
		w[2] = max(w[2], len(r.group))
		w[3] = max(w[3], len(r.size))
	}
	for _, r := range rows {
		fmt.Fprintf(out, "%s %*s %-*s %-*s %*s %s %s\n", r.mode, w[0], r.links, w[1], r.user, w[2], r.group, w[3], r.size, r.tm, r.name)
	}
}

// columns lays names out in columns down then across, two spaces apart, for a terminal of
// width cols (GNU ls and busybox ls with a TTY).
func columns(out *bytes.Buffer, names []string, cols int, style Style) {
	if len(names) == 0 {
		return
	}
	for nrows := 1; nrows <= len(names); nrows++ {
		ncols := (len(names) + nrows - 1) / nrows
		widths := make([]int, ncols)
		total := 0
		for c := 0; c < ncols; c++ {
			for r := 0; r < nrows; r++ {
				i := c*nrows + r
				if i < len(names) {
					widths[c] = max(widths[c], len(names[i]))
				}
			}
			if c < ncols-1 {
				widths[c] += 2
			}
			total += widths[c]
		}
		if total <= cols || nrows == len(names) {
			for r := 0; r < nrows; r++ {
				var line strings.Builder
				for c := 0; c < ncols; c++ {
					i := c*nrows + r
					if i >= len(names) {
						continue
					}
					if c == ncols-1 || i+nrows >= len(names) {
						line.WriteString(names[i])
					} else {
						line.WriteString(names[i] + strings.Repeat(" ", widths[c]-len(names[i])))
					}
				}
				out.WriteString(strings.TrimRight(line.String(), " ") + "\n")
			}
			return
		}
	}
}

// --- mkdir, rmdir, rm, touch, cp, mv, ln, chmod -------------------------------------------

func mkdirMain(t *tool) int {
	opts, dirs := splitOpts(t.Argv[1:], "m")
	parents := has(opts, 'p')
	mode := fs.FileMode(0o755)
	if m, ok := opts['m']; ok {
		v, err := strconv.ParseUint(m, 8, 32)
		if err == nil {
			mode = fs.FileMode(v)
		}
	}
	status := 0
	for _, d := range dirs {
		p := t.Abs(d)
		var err error
		if parents {
			_, err = t.Sys.FS.MkdirAll(p, mode, t.P.UID, t.P.GID)
		} else {
			err = t.Sys.FS.Mkdir(p, mode, t.Cred())
		}
		if err != nil {
			if t.style == GNU {
				t.errf("cannot create directory '%s': %s", d, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "can't create directory '%s'", d)
			}
			status = 1
		}
	}
	return status
}

func rmdirMain(t *tool) int {
	_, dirs := splitOpts(t.Argv[1:], "")
	status := 0
	for _, d := range dirs {
		if err := t.Sys.FS.Remove(t.Abs(d), true, t.Cred()); err != nil {
			if t.style == GNU {
				t.errf("failed to remove '%s': %s", d, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "'%s'", d)
			}
			status = 1
		}
	}
	return status
}

func rmMain(t *tool) int {
	opts, files := splitOpts(t.Argv[1:], "")
	force := has(opts, 'f')
	recursive := has(opts, 'r') || has(opts, 'R')
	status := 0
	var remove func(p, shown string) bool
	remove = func(p, shown string) bool {
		n, err := t.Sys.FS.Lstat(p)
		if err != nil {
			if !force {
				if t.style == GNU {
					t.errf("cannot remove '%s': %s", shown, vfs.ErrnoOf(err).Strerror())
				} else {
					t.perrorf(err, "can't remove '%s'", shown)
				}
				return false
			}
			return true
		}
		if n.IsDir() {
			if !recursive {
				if t.style == GNU {
					t.errf("cannot remove '%s': Is a directory", shown)
				} else {
					t.errf("'%s' is a directory", shown)
				}
				return false
			}
			names, _ := t.Sys.FS.ReadDir(p)
			ok := true
			for _, nm := range names {
				ok = remove(path.Join(p, nm), path.Join(shown, nm)) && ok
			}
			if err := t.Sys.FS.Remove(p, true, t.Cred()); err != nil {
				if t.style == GNU {
					t.errf("cannot remove '%s': %s", shown, vfs.ErrnoOf(err).Strerror())
				} else {
					t.perrorf(err, "can't remove '%s'", shown)
				}
				return false
			}
			return ok
		}
		if err := t.Sys.FS.Remove(p, false, t.Cred()); err != nil {
			if t.style == GNU {
				t.errf("cannot remove '%s': %s", shown, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "can't remove '%s'", shown)
			}
			return false
		}
		return true
	}
	for _, f := range files {
		if !remove(t.Abs(f), f) {
			status = 1
		}
	}
	return status
}

func touchMain(t *tool) int {
	opts, files := splitOpts(t.Argv[1:], "dtr")
	noCreate := has(opts, 'c')
	status := 0
	for _, f := range files {
		if err := t.Sys.FS.Touch(t.Abs(f), t.Cred(), !noCreate); err != nil {
			if t.style == GNU {
				t.errf("cannot touch '%s': %s", f, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "%s", f)
			}
			status = 1
		}
	}
	return status
}

func cpMain(t *tool) int {
	opts, args := splitOpts(t.Argv[1:], "")
	recursive := has(opts, 'r') || has(opts, 'R') || has(opts, 'a')
	if len(args) < 2 {
		t.NotSimulated("cp usage text")
		return 1
	}
	dst := args[len(args)-1]
	srcs := args[:len(args)-1]
	dstP := t.Abs(dst)
	dn, derr := t.Sys.FS.Stat(dstP)
	toDir := derr == nil && dn.IsDir()
	status := 0
	var copyOne func(src, to, shown string) bool
	copyOne = func(src, to, shown string) bool {
		n, err := t.Sys.FS.Stat(src)
		if err != nil {
			if t.style == GNU {
				t.errf("cannot stat '%s': %s", shown, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "can't stat '%s'", shown)
			}
			return false
		}
		if n.IsDir() {
			if !recursive {
				if t.style == GNU {
					t.errf("-r not specified; omitting directory '%s'", shown)
				} else {
					t.errf("omitting directory '%s'", shown)
				}
				return false
			}
			if _, err := t.Sys.FS.MkdirAll(to, n.Mode.Perm(), t.P.UID, t.P.GID); err != nil {
				t.perrorf(err, "can't create directory '%s'", to)
				return false
			}
			names, _ := t.Sys.FS.ReadDir(src)
			ok := true
			for _, nm := range names {
				ok = copyOne(path.Join(src, nm), path.Join(to, nm), path.Join(shown, nm)) && ok
			}
			return ok
		}
		data, err := t.Sys.FS.ReadFile(src)
		if err != nil {
			t.cantOpen(shown, err)
			return false
		}
		if err := t.Sys.FS.WriteFile(to, data, n.Mode.Perm(), t.Cred()); err != nil {
			if t.style == GNU {
				t.errf("cannot create regular file '%s': %s", to, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "can't create '%s'", to)
			}
			return false
		}
		return true
	}
	for _, s := range srcs {
		to := dstP
		if toDir {
			to = path.Join(dstP, path.Base(s))
		}
		if !copyOne(t.Abs(s), to, s) {
			status = 1
		}
	}
	return status
}

func mvMain(t *tool) int {
	_, args := splitOpts(t.Argv[1:], "")
	if len(args) < 2 {
		t.NotSimulated("mv usage text")
		return 1
	}
	dst := t.Abs(args[len(args)-1])
	dn, derr := t.Sys.FS.Stat(dst)
	status := 0
	for _, s := range args[:len(args)-1] {
		to := dst
		if derr == nil && dn.IsDir() {
			to = path.Join(dst, path.Base(s))
		}
		if err := t.Sys.FS.Rename(t.Abs(s), to, t.Cred()); err != nil {
			if vfs.ErrnoOf(err) == vfs.EXDEV {
				data, rerr := t.Sys.FS.ReadFile(t.Abs(s))
				if rerr == nil && t.Sys.FS.WriteFile(to, data, 0o644, t.Cred()) == nil && t.Sys.FS.Remove(t.Abs(s), false, t.Cred()) == nil {
					continue
				}
			}
			if t.style == GNU {
				t.errf("cannot stat '%s': %s", s, vfs.ErrnoOf(err).Strerror())
			} else {
				t.perrorf(err, "can't rename '%s'", s)
			}
			status = 1
		}
	}
	return status
}

func lnMain(t *tool) int {
	opts, args := splitOpts(t.Argv[1:], "")
	if len(args) < 1 {
		return 1
	}
	target := args[0]
	name := path.Base(target)
	if len(args) > 1 {
		name = args[1]
	}
	p := t.Abs(name)
	if n, err := t.Sys.FS.Stat(p); err == nil && n.IsDir() {
		p = path.Join(p, path.Base(target))
	}
	if has(opts, 'f') {
		_ = t.Sys.FS.Remove(p, false, t.Cred())
	}
	var err error
	if has(opts, 's') {
		err = t.Sys.FS.Symlink(target, p, t.Cred())
	} else {
		err = t.Sys.FS.Link(t.Abs(target), p, t.Cred())
	}
	if err != nil {
		if t.style == GNU {
			t.errf("failed to create link '%s': %s", name, vfs.ErrnoOf(err).Strerror())
		} else {
			t.perrorf(err, "%s", name)
		}
		return 1
	}
	return 0
}

func chmodMain(t *tool) int {
	_, args := splitOpts(t.Argv[1:], "")
	if len(args) < 2 {
		return 1
	}
	status := 0
	for _, f := range args[1:] {
		p := t.Abs(f)
		n, err := t.Sys.FS.Stat(p)
		if err != nil {
			t.perrorf(err, "%s", f)
			status = 1
			continue
		}
		mode, ok := parseMode(args[0], n.Mode.Perm())
		if !ok {
			t.errf("invalid mode '%s'", args[0])
			return 1
		}
		if err := t.Sys.FS.Chmod(p, mode, t.Cred()); err != nil {
			t.perrorf(err, "%s", f)
			status = 1
		}
	}
	return status
}

// parseMode parses an octal or symbolic (u+x, go-w, a=r) mode.
func parseMode(s string, cur fs.FileMode) (fs.FileMode, bool) {
	if v, err := strconv.ParseUint(s, 8, 32); err == nil {
		return fs.FileMode(v) & 0o7777, true
	}
	m := cur
	for _, clause := range strings.Split(s, ",") {
		i := 0
		who := fs.FileMode(0)
		for i < len(clause) && strings.IndexByte("ugoa", clause[i]) >= 0 {
			who |= map[byte]fs.FileMode{'u': 0o700, 'g': 0o070, 'o': 0o007, 'a': 0o777}[clause[i]]
			i++
		}
		if who == 0 {
			who = 0o777
		}
		if i >= len(clause) {
			return 0, false
		}
		op := clause[i]
		i++
		bits := fs.FileMode(0)
		for ; i < len(clause); i++ {
			switch clause[i] {
			case 'r':
				bits |= 0o444
			case 'w':
				bits |= 0o222
			case 'x':
				bits |= 0o111
			default:
				return 0, false
			}
		}
		bits &= who
		switch op {
		case '+':
			m |= bits
		case '-':
			m &^= bits
		case '=':
			m = m&^who | bits
		default:
			return 0, false
		}
	}
	return m, true
}

// --- head, tail, wc, tee --------------------------------------------------------------------

func headMain(t *tool) int {
	n := 10
	var files []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-n" && i+1 < len(args):
			i++
			n, _ = strconv.Atoi(args[i])
		case strings.HasPrefix(a, "-n"):
			n, _ = strconv.Atoi(a[2:])
		case len(a) > 1 && a[0] == '-' && isDigits(a[1:]):
			n, _ = strconv.Atoi(a[1:])
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	status := 0
	for i, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			t.cantOpen(f, err)
			status = 1
			continue
		}
		if len(files) > 1 {
			if i > 0 {
				io.WriteString(t.Stdout, "\n")
			}
			fmt.Fprintf(t.Stdout, "==> %s <==\n", f)
		}
		lines := bytes.SplitAfter(data, []byte("\n"))
		for j := 0; j < n && j < len(lines); j++ {
			t.Stdout.Write(lines[j])
		}
	}
	return status
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// tailMain implements tail [-n N|+N] [-f|-F] FILE: with -f/-F it keeps following the file on
// the virtual clock (busybox tail polls every second).
func tailMain(t *tool) int {
	n, fromStart, follow := 10, false, false
	var files []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := ""
		switch {
		case a == "-f" || a == "-F":
			follow = true
			continue
		case a == "-n" && i+1 < len(args):
			i++
			val = args[i]
		case strings.HasPrefix(a, "-n"):
			val = a[2:]
		case len(a) > 1 && a[0] == '-' && isDigits(a[1:]):
			val = a[1:]
		case len(a) > 1 && a[0] == '-' && strings.Trim(a[1:], "fF") == "":
			follow = true
			continue
		default:
			files = append(files, a)
			continue
		}
		if strings.HasPrefix(val, "+") {
			fromStart = true
			val = val[1:]
		}
		n, _ = strconv.Atoi(val)
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	emit := func(data []byte) {
		lines := bytes.SplitAfter(data, []byte("\n"))
		if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
			lines = lines[:len(lines)-1]
		}
		start := len(lines) - n
		if fromStart {
			start = n - 1
		}
		if start < 0 {
			start = 0
		}
		for j := start; j < len(lines); j++ {
			t.Stdout.Write(lines[j])
		}
	}
	if !follow {
		status := 0
		for _, f := range files {
			data, err := t.readInput(f)
			if err != nil {
				t.cantOpen(f, err)
				status = 1
				continue
			}
			emit(data)
		}
		return status
	}
	f := files[0]
	p := t.Abs(f)
	var offset int
	if data, err := t.Sys.FS.ReadFile(p); err == nil {
		emit(data)
		offset = len(data)
	} else if t.style == GNU {
		t.errf("cannot open '%s' for reading: %s", f, vfs.ErrnoOf(err).Strerror())
	} else {
		t.cantOpen(f, err)
	}
	for {
		if !t.Sleep(time.Second) {
			return 128 + 9
		}
		data, err := t.Sys.FS.ReadFile(p)
		if err != nil {
			continue
		}
		if len(data) < offset {
			offset = 0
		}
		if len(data) > offset {
			t.Stdout.Write(data[offset:])
			offset = len(data)
		}
	}
}

func wcMain(t *tool) int {
	opts, files := splitOpts(t.Argv[1:], "")
	show := []bool{has(opts, 'l'), has(opts, 'w'), has(opts, 'c') || has(opts, 'm')}
	if !show[0] && !show[1] && !show[2] {
		show = []bool{true, true, true}
	}
	nshow := 0
	for _, s := range show {
		if s {
			nshow++
		}
	}
	stdin := len(files) == 0
	if stdin {
		files = []string{"-"}
	}
	status := 0
	var totals [3]int
	type res struct {
		c    [3]int
		name string
	}
	var results []res
	for _, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			t.cantOpen(f, err)
			status = 1
			continue
		}
		c := [3]int{bytes.Count(data, []byte("\n")), len(strings.Fields(string(data))), len(data)}
		for i := range c {
			totals[i] += c[i]
		}
		results = append(results, res{c, f})
	}
	if len(files) > 1 {
		results = append(results, res{totals, "total"})
	}
	for _, r := range results {
		var b strings.Builder
		if t.style == BusyBox {
			// busybox coreutils/wc.c: "%9u" then " %9u"; unpadded when exactly one count
			// and at most one file; " %s\n" or "\n" for stdin.
			first := true
			for i, s := range show {
				if !s {
					continue
				}
				switch {
				case nshow == 1 && len(files) <= 1:
					fmt.Fprintf(&b, "%d", r.c[i])
				case first:
					fmt.Fprintf(&b, "%9d", r.c[i])
				default:
					fmt.Fprintf(&b, " %9d", r.c[i])
				}
				first = false
			}
		} else {
			width := len(strconv.Itoa(totals[2]))
			if nshow == 1 && len(files) <= 1 {
				width = 0
			}
			if stdin && nshow > 1 {
				width = 7
			}
			first := true
			for i, s := range show {
				if !s {
					continue
				}
				if !first {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%*d", width, r.c[i])
				first = false
			}
		}
		if stdin {
			b.WriteString("\n")
		} else {
			b.WriteString(" " + r.name + "\n")
		}
		io.WriteString(t.Stdout, b.String())
	}
	return status
}

func teeMain(t *tool) int {
	opts, files := splitOpts(t.Argv[1:], "")
	flags := vfs.OWrite | vfs.OCreate | vfs.OTrunc
	if has(opts, 'a') {
		flags = vfs.OWrite | vfs.OCreate | vfs.OAppend
	}
	var hs []*vfs.Handle
	status := 0
	for _, f := range files {
		h, err := t.Sys.FS.Open(t.Abs(f), flags, 0o644, t.Cred())
		if err != nil {
			t.cantOpen(f, err)
			status = 1
			continue
		}
		hs = append(hs, h)
	}
	buf := make([]byte, 4096)
	for {
		n, err := orEmpty(t.Stdin).Read(buf)
		if n > 0 {
			t.Stdout.Write(buf[:n])
			for _, h := range hs {
				h.Write(buf[:n])
			}
		}
		if err != nil {
			break
		}
	}
	return status
}

func readlinkMain(t *tool) int {
	opts, args := splitOpts(t.Argv[1:], "")
	if len(args) == 0 {
		return 1
	}
	p := t.Abs(args[0])
	if has(opts, 'f') {
		r, err := t.Sys.FS.Realpath(p)
		if err != nil {
			return 1
		}
		fmt.Fprintln(t.Stdout, r)
		return 0
	}
	n, err := t.Sys.FS.Lstat(p)
	if err != nil || n.Mode&fs.ModeSymlink == 0 {
		return 1
	}
	fmt.Fprintln(t.Stdout, n.Target())
	return 0
}

func realpathMain(t *tool) int {
	_, args := splitOpts(t.Argv[1:], "")
	status := 0
	for _, a := range args {
		r, err := t.Sys.FS.Realpath(t.Abs(a))
		if err != nil {
			t.perrorf(err, "%s", a)
			status = 1
			continue
		}
		fmt.Fprintln(t.Stdout, r)
	}
	return status
}

func mountMain(t *tool) int {
	t.NotSimulated("mount table")
	for _, m := range t.Sys.FS.Mounts() {
		mt := t.Sys.FS.MountAt(m)
		fmt.Fprintf(t.Stdout, "%s on %s type %s (rw)\n", mt.Source, m, mt.Type)
	}
	return 0
}
