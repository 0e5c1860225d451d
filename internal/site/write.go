package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Output receives the files of a build as they are rendered, from several goroutines at
// once. Build keeps the files in Result.Files when Options.Output is nil. WriteFile's data
// is only valid during the call (the build reuses the memory): an Output that keeps it
// must copy it.
type Output interface {
	WriteFile(path string, data []byte) error
}

// WriteStats says what a DirOutput did.
type WriteStats struct {
	// Written counts files whose bytes are new or changed; Unchanged files were left as
	// they were in the previous output (their inode, and so their modification time, is
	// kept).
	Written, Unchanged int
}

// DirOutput writes a site into a directory, so that a build that fails (Abort, or any error
// before Commit) leaves the old directory exactly as it was, and a build that succeeds
// rewrites only the files whose bytes changed. It is safe for concurrent use.
//
// When the directory is missing or empty, files are written into a temporary sibling
// directory that Commit renames into place. Otherwise each file is compared with the old
// one at its path: an equal file is left alone (its inode, and so its modification time, is
// kept); any other is written into a flat temporary sibling directory. Commit then checks
// that no path is both a file and a directory, removes the old files the new site lacks,
// and renames the new and changed files into place. That replaces what a whole-tree swap
// did (a new directory per post, every file linked or written, then the old tree deleted)
// at a fraction of the file-system work: mkdir and unlink are the expensive calls. The
// price is that Commit is not one rename: during its few milliseconds a reader may see old
// and new pages side by side, and a crash in the middle of it leaves a mix that the next
// build repairs.
type DirOutput struct {
	dir, tmp string
	fresh    bool // dir was missing or empty: tmp is the new tree

	mu     sync.Mutex
	dirs   map[string]bool   // fresh: directories made in tmp
	kept   map[string]bool   // update: paths whose old file is already right
	staged map[string]string // update: path → its new file's name in tmp
	n      int               // update: names of staged files
	stats  WriteStats
	done   bool

	old  chan oldTree // update: the listing of dir, made while the site renders
	bufs sync.Pool    // *[]byte for reading old files
}

// oldTree lists an existing output directory (slash paths below it).
type oldTree struct {
	files, dirs []string // every entry that is not a directory; every directory
	err         error
}

// NewDirOutput prepares the temporary directory beside dir.
func NewDirOutput(dir string) (*DirOutput, error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	fresh := true
	if fi, err := os.Stat(dir); err == nil { // a symbolic link to a directory is updated through
		if !fi.IsDir() {
			return nil, fmt.Errorf("output %s is not a directory", dir)
		}
		f, err := os.Open(dir)
		if err != nil {
			return nil, err
		}
		names, _ := f.Readdirnames(1)
		f.Close()
		fresh = len(names) == 0
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	d := &DirOutput{dir: dir, tmp: tmp, fresh: fresh}
	if fresh {
		d.dirs = map[string]bool{".": true}
		return d, nil
	}
	d.kept, d.staged = map[string]bool{}, map[string]string{}
	d.old = make(chan oldTree, 1)
	go func() { d.old <- listTree(dir) }()
	return d, nil
}

// listTree lists the files and directories below dir.
func listTree(dir string) oldTree {
	var t oldTree
	t.err = filepath.WalkDir(dir, func(abs string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if abs == dir {
			return nil
		}
		rel := filepath.ToSlash(abs[len(dir)+1:])
		if e.IsDir() {
			t.dirs = append(t.dirs, rel)
		} else {
			t.files = append(t.files, rel)
		}
		return nil
	})
	return t
}

// WriteFile puts one file (a slash path relative to the output directory).
func (d *DirOutput) WriteFile(p string, data []byte) error {
	if err := checkPath(p); err != nil {
		return err
	}
	if d.fresh {
		if err := d.mkdirs(path.Dir(p)); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d.tmp, filepath.FromSlash(p)), data, 0o644); err != nil {
			return err
		}
		d.mu.Lock()
		d.stats.Written++
		d.mu.Unlock()
		return nil
	}
	if d.same(filepath.Join(d.dir, filepath.FromSlash(p)), data) {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.done {
			return errors.New("output already committed or aborted")
		}
		if name, ok := d.staged[p]; ok { // written twice: the last one wins
			delete(d.staged, p)
			os.Remove(filepath.Join(d.tmp, name))
			d.stats.Written--
		}
		if !d.kept[p] {
			d.kept[p] = true
			d.stats.Unchanged++
		}
		return nil
	}
	d.mu.Lock()
	if d.done {
		d.mu.Unlock()
		return errors.New("output already committed or aborted")
	}
	name := strconv.Itoa(d.n)
	d.n++
	d.mu.Unlock()
	if err := os.WriteFile(filepath.Join(d.tmp, name), data, 0o644); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if prev, ok := d.staged[p]; ok {
		os.Remove(filepath.Join(d.tmp, prev))
		d.stats.Written--
	}
	if d.kept[p] {
		delete(d.kept, p)
		d.stats.Unchanged--
	}
	d.staged[p] = name
	d.stats.Written++
	return nil
}

// same reports whether the regular file old holds exactly data. It reads the file in
// chunks: a buffer of the file's size would be another copy of the largest file
// (search.json) in memory.
func (d *DirOutput) same(old string, data []byte) bool {
	fi, err := os.Lstat(old)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	f, err := os.Open(old)
	if err != nil {
		return false
	}
	defer f.Close()
	bp, _ := d.bufs.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, 64<<10)
		bp = &b
	}
	defer d.bufs.Put(bp)
	buf := *bp
	for {
		n, err := io.ReadFull(f, buf)
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return len(data) == 0 // also false when the file shrank since Lstat
		default:
			return false
		}
	}
}

// mkdirs makes a directory and its parents in the temporary tree, once each (the system
// calls run outside the lock: two workers may race to make one directory, which is fine).
func (d *DirOutput) mkdirs(dir string) error {
	d.mu.Lock()
	if d.done {
		d.mu.Unlock()
		return errors.New("output already committed or aborted")
	}
	var missing []string
	for x := dir; !d.dirs[x]; x = path.Dir(x) {
		missing = append(missing, x)
	}
	d.mu.Unlock()
	for i := len(missing) - 1; i >= 0; i-- {
		err := os.Mkdir(filepath.Join(d.tmp, filepath.FromSlash(missing[i])), 0o755)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		d.mu.Lock()
		d.dirs[missing[i]] = true
		d.mu.Unlock()
	}
	return nil
}

// Commit puts the new site in place of the old one.
func (d *DirOutput) Commit() (WriteStats, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return d.stats, errors.New("output already committed or aborted")
	}
	d.done = true
	var err error
	if d.fresh {
		err = swap(d.dir, d.tmp)
	} else {
		err = d.update()
	}
	if err != nil {
		os.RemoveAll(d.tmp)
		return WriteStats{}, err
	}
	return d.stats, nil
}

// update applies the staged files to the old directory: see DirOutput.
func (d *DirOutput) update() error {
	old := <-d.old
	if old.err != nil {
		return old.err
	}
	// Every directory the new site needs, and no path both a file and a directory.
	need := map[string]bool{}
	var conflicts []string
	for _, set := range []func(func(string)){d.eachKept, d.eachStaged} {
		set(func(p string) {
			for x := path.Dir(p); x != "." && !need[x]; x = path.Dir(x) {
				need[x] = true
			}
		})
	}
	for _, set := range []func(func(string)){d.eachKept, d.eachStaged} {
		set(func(p string) {
			if need[p] {
				conflicts = append(conflicts, p)
			}
		})
	}
	if len(conflicts) > 0 {
		sort.Strings(conflicts)
		return fmt.Errorf("output path %q is both a file and a directory", conflicts[0])
	}
	// Remove what the new site lacks: old files at paths it does not write, and old
	// directories it does not need (deepest first, so each is empty when removed).
	for _, f := range old.files {
		if !d.kept[f] && d.staged[f] == "" {
			if err := os.Remove(filepath.Join(d.dir, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	sort.Slice(old.dirs, func(i, j int) bool { return old.dirs[i] > old.dirs[j] })
	have := map[string]bool{".": true}
	for _, x := range old.dirs {
		if need[x] {
			have[x] = true
			continue
		}
		if err := os.RemoveAll(filepath.Join(d.dir, filepath.FromSlash(x))); err != nil {
			return err
		}
	}
	// Put the new and changed files in place, in path order.
	paths := make([]string, 0, len(d.staged))
	for p := range d.staged {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		var missing []string
		for x := path.Dir(p); !have[x]; x = path.Dir(x) {
			missing = append(missing, x)
		}
		for i := len(missing) - 1; i >= 0; i-- {
			err := os.Mkdir(filepath.Join(d.dir, filepath.FromSlash(missing[i])), 0o755)
			if err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			have[missing[i]] = true
		}
		if err := os.Rename(filepath.Join(d.tmp, d.staged[p]), filepath.Join(d.dir, filepath.FromSlash(p))); err != nil {
			return err
		}
	}
	return os.RemoveAll(d.tmp)
}

func (d *DirOutput) eachKept(f func(string)) {
	for p := range d.kept {
		f(p)
	}
}

func (d *DirOutput) eachStaged(f func(string)) {
	for p := range d.staged {
		f(p)
	}
}

// Abort removes the new files and leaves the output directory as it was.
func (d *DirOutput) Abort() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return nil
	}
	d.done = true
	return os.RemoveAll(d.tmp)
}

// Write puts files (output path → bytes) into dir as a DirOutput does.
func Write(dir string, files map[string][]byte) (WriteStats, error) {
	paths := make([]string, 0, len(files))
	for p := range files {
		if err := checkPath(p); err != nil {
			return WriteStats{}, err
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	out, err := NewDirOutput(dir)
	if err != nil {
		return WriteStats{}, err
	}
	var mu sync.Mutex
	var errs []error
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				if err := out.WriteFile(p, files[p]); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		out.Abort()
		return WriteStats{}, errors.Join(errs...)
	}
	return out.Commit()
}

// checkPath refuses output paths that would leave the output directory.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("output path %q is not a clean relative path", p)
	}
	return nil
}

// swap replaces dir by tmp: dir is moved aside, tmp takes its name, the old tree is removed.
// If tmp cannot take the name, dir is moved back.
func swap(dir, tmp string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	aside, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-")
	if err != nil {
		return err
	}
	// MkdirTemp reserved the name; Rename needs it free.
	if err := os.Remove(aside); err != nil {
		return err
	}
	if err := os.Rename(dir, aside); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(aside, dir); rerr != nil {
			return fmt.Errorf("%v; and restoring %s failed: %v (the old output is in %s)", err, dir, rerr, aside)
		}
		return err
	}
	return os.RemoveAll(aside)
}
