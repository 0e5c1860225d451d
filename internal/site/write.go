package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// WriteStats says what Write did.
type WriteStats struct {
	// Written counts files whose bytes are new or changed; Unchanged files were hard-linked
	// from the previous output (their inode, and so their modification time, is kept).
	Written, Unchanged int
}

// Write puts files (output path → bytes) into dir atomically. The new tree is built in a
// temporary sibling directory: a file whose bytes equal the old dir's file at the same path
// is hard-linked to it, any other is written; then the directories are swapped by renames.
// When anything fails before the swap, dir is left exactly as it was. Files of the old dir
// that the new output lacks disappear with it.
func Write(dir string, files map[string][]byte) (WriteStats, error) {
	var st WriteStats
	dir = filepath.Clean(dir)
	paths := make([]string, 0, len(files))
	for p := range files {
		if err := checkPath(p); err != nil {
			return st, err
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return st, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return st, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return st, err
	}
	// Directories first (sorted paths give parents before children), then the files in
	// parallel: the work is I/O.
	made := map[string]bool{".": true}
	for _, p := range paths {
		for d := path.Dir(p); !made[d]; d = path.Dir(d) {
			made[d] = true
		}
	}
	dirs := make([]string, 0, len(made))
	for d := range made {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if d == "." {
			continue
		}
		if err := os.Mkdir(filepath.Join(tmp, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return st, err
		}
	}
	var mu sync.Mutex
	var errs []error
	workers := min(runtime.GOMAXPROCS(0)*2, 8)
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				linked, err := place(filepath.Join(dir, filepath.FromSlash(p)), filepath.Join(tmp, filepath.FromSlash(p)), files[p])
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else if linked {
					st.Unchanged++
				} else {
					st.Written++
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return WriteStats{}, errors.Join(errs...)
	}
	if err := swap(dir, tmp); err != nil {
		return WriteStats{}, err
	}
	ok = true
	return st, nil
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
	// MkdirTemp reserved the name; Rename needs it free (or an empty directory on Unix).
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
