package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Output receives the files of a build as they are rendered, from several goroutines at
// once. Build keeps the files in Result.Files when Options.Output is nil.
type Output interface {
	WriteFile(path string, data []byte) error
}

// WriteStats says what a DirOutput did.
type WriteStats struct {
	// Written counts files whose bytes are new or changed; Unchanged files were hard-linked
	// from the previous output (their inode, and so their modification time, is kept).
	Written, Unchanged int
}

// DirOutput writes a site into a directory atomically. Files go to a temporary sibling
// directory: a file whose bytes equal the old directory's file at the same path is
// hard-linked to it, any other is written. Commit then swaps the directories by renames;
// Abort (or any failure before Commit) leaves the old directory exactly as it was. Files of
// the old directory that the new site lacks disappear with it. It is safe for concurrent
// use.
type DirOutput struct {
	dir, tmp string

	mu    sync.Mutex
	dirs  map[string]bool // directories made in tmp
	stats WriteStats
	done  bool
}

// NewDirOutput prepares the temporary directory beside dir.
func NewDirOutput(dir string) (*DirOutput, error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &DirOutput{dir: dir, tmp: tmp, dirs: map[string]bool{".": true}}, nil
}

// WriteFile puts one file (a slash path relative to the output directory).
func (d *DirOutput) WriteFile(p string, data []byte) error {
	if err := checkPath(p); err != nil {
		return err
	}
	if err := d.mkdirs(path.Dir(p)); err != nil {
		return err
	}
	linked, err := place(filepath.Join(d.dir, filepath.FromSlash(p)), filepath.Join(d.tmp, filepath.FromSlash(p)), data)
	if err != nil {
		return err
	}
	d.mu.Lock()
	if linked {
		d.stats.Unchanged++
	} else {
		d.stats.Written++
	}
	d.mu.Unlock()
	return nil
}

// mkdirs makes a directory and its parents in the temporary tree, once each.
func (d *DirOutput) mkdirs(dir string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return errors.New("output already committed or aborted")
	}
	var missing []string
	for x := dir; !d.dirs[x]; x = path.Dir(x) {
		missing = append(missing, x)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		err := os.Mkdir(filepath.Join(d.tmp, filepath.FromSlash(missing[i])), 0o755)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		d.dirs[missing[i]] = true
	}
	return nil
}

// Commit replaces the output directory by the new tree.
func (d *DirOutput) Commit() (WriteStats, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return d.stats, errors.New("output already committed or aborted")
	}
	d.done = true
	if err := swap(d.dir, d.tmp); err != nil {
		os.RemoveAll(d.tmp)
		return WriteStats{}, err
	}
	return d.stats, nil
}

// Abort removes the new tree and leaves the output directory as it was.
func (d *DirOutput) Abort() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return nil
	}
	d.done = true
	return os.RemoveAll(d.tmp)
}

// Write puts files (output path → bytes) into dir atomically, as a DirOutput does.
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

// place links old to dst when old holds exactly data, else writes data to dst.
func place(old, dst string, data []byte) (linked bool, err error) {
	if fi, err := os.Lstat(old); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if cur, err := os.ReadFile(old); err == nil && bytes.Equal(cur, data) {
			if os.Link(old, dst) == nil {
				return true, nil
			}
		}
	}
	return false, os.WriteFile(dst, data, 0o644)
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
