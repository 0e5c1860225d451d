// Package watch owns the file watching of `docbuild serve`: it reports batches of changed
// paths under a few directory trees and files, with fsnotify (inotify, kqueue, …) where the
// system allows it and a polling scanner where it does not (no inotify, or the watch limit
// reached). It imports github.com/fsnotify/fsnotify and the standard library.
//
// Events are batched: a batch is sent once the trees have been quiet for Options.Quiet (a
// save by an editor is several events: a temporary file, renames, a backup removed), or at
// the latest Options.MaxDelay after its first event, so that a file written continuously
// still gets rebuilt. Editor temporary, swap and backup files never start a batch (see
// Ignored). Directories created after the start are watched as they appear, with their
// contents.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configure a Watcher.
type Options struct {
	// Trees are directories watched with everything below them (hidden directories such as
	// .git excepted). A tree that does not exist yet is watched once it appears, as long as
	// its parent is watched (a tree or a Files parent).
	Trees []string
	// Files are single files watched by name; their directories are watched without their
	// subdirectories, and only events on these names (and on the Trees) are reported.
	Files []string
	// Quiet is how long the trees must be quiet before a batch is sent (default 20 ms).
	Quiet time.Duration
	// MaxDelay bounds the wait after a batch's first event (default 250 ms).
	MaxDelay time.Duration
	// Poll is the polling scanner's interval (default 300 ms).
	Poll time.Duration
	// ForcePoll uses the polling scanner even where fsnotify works.
	ForcePoll bool
	// Ignore, when set, drops more paths (on top of Ignored).
	Ignore func(path string) bool
	// Log, when set, receives one line per notable event (fallback to polling, overflow).
	Log func(format string, args ...any)

	// beforeAdd, set by tests, runs before each fsnotify watch is added; its error stands
	// for the system's (a watch limit).
	beforeAdd func(dir string) error
}

// Batch is a set of changed paths, sorted, without duplicates.
type Batch struct {
	Paths []string
	// Rescan reports that events were lost (a queue overflow): anything may have changed.
	Rescan bool
}

// Watcher watches trees and files until its context ends or Close is called.
type Watcher struct {
	opts    Options
	batches chan Batch
	events  chan string // changed paths, from the backend to the batcher
	rescan  chan struct{}
	cancel  context.CancelFunc
	done    chan struct{}

	mu      sync.Mutex
	mode    string
	fsw     *fsnotify.Watcher
	watched map[string]bool // directories under fsnotify watches
	trees   []string
	files   map[string]bool
	parents map[string]bool // directories of Files (watched without subdirectories)
}

// New starts watching. It never fails because fsnotify is unavailable: the watcher then
// polls (Mode says which).
func New(ctx context.Context, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 20 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 250 * time.Millisecond
	}
	if opts.Poll <= 0 {
		opts.Poll = 300 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{
		opts:    opts,
		batches: make(chan Batch),
		events:  make(chan string, 256),
		rescan:  make(chan struct{}, 1),
		cancel:  cancel,
		done:    make(chan struct{}),
		watched: map[string]bool{},
		files:   map[string]bool{},
		parents: map[string]bool{},
	}
	for _, t := range opts.Trees {
		w.trees = append(w.trees, filepath.Clean(t))
	}
	for _, f := range opts.Files {
		f = filepath.Clean(f)
		w.files[f] = true
		w.parents[filepath.Dir(f)] = true
	}
	var wg sync.WaitGroup
	started := false
	if !opts.ForcePoll {
		if err := w.startNotify(); err != nil {
			opts.Log("file watching: %v; polling every %v instead", err, opts.Poll)
		} else {
			started = true
			wg.Add(1)
			go func() { defer wg.Done(); w.notifyLoop(ctx) }()
		}
	}
	if !started {
		w.setMode("poll")
		snap := w.scan()
		wg.Add(1)
		go func() { defer wg.Done(); w.pollLoop(ctx, snap) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); w.batchLoop(ctx) }()
	go func() {
		wg.Wait()
		w.mu.Lock()
		if w.fsw != nil {
			w.fsw.Close()
		}
		w.mu.Unlock()
		close(w.batches)
		close(w.done)
	}()
	return w, nil
}

// Batches delivers the batches; it is closed when the watcher stops.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Mode is "fsnotify" or "poll".
func (w *Watcher) Mode() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.mode
}

// Close stops the watcher and waits until its goroutines have ended and the fsnotify
// watcher is closed.
func (w *Watcher) Close() error {
	w.cancel()
	<-w.done
	return nil
}

func (w *Watcher) setMode(m string) {
	w.mu.Lock()
	w.mode = m
	w.mu.Unlock()
}

// Ignored reports the files editors write next to the ones they edit, and other files no
// site is made of: vim's swap files (.x.swp, .swo, .swx…), its write test file 4913 and
// backups (x~); emacs's auto-save (#x#) and lock files (.#x); JetBrains' safe-write files
// (x___jb_tmp___, x___jb_old___); Kate's .kate-swp, gedit's .goutputstream-*, Chrome's
// .crswap, and macOS's .DS_Store.
func Ignored(path string) bool {
	base := filepath.Base(path)
	switch {
	case base == "4913", base == ".DS_Store", base == "Thumbs.db":
		return true
	case strings.HasSuffix(base, "~"):
		return true
	case strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#") && len(base) > 1:
		return true
	case strings.HasPrefix(base, ".#"):
		return true
	case strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"):
		return true
	case strings.HasSuffix(base, ".kate-swp"), strings.HasPrefix(base, ".goutputstream-"),
		strings.HasSuffix(base, ".crswap"):
		return true
	}
	// vim's swap files are hidden: .name.swp, then .swo, … .swa, .svz…, and .swx when it
	// probes a directory (a visible x.swf is a Flash file).
	ext := filepath.Ext(base)
	if strings.HasPrefix(base, ".") && len(ext) == 4 && (ext[:3] == ".sw" || ext[:3] == ".sv") && ext[3] >= 'a' && ext[3] <= 'z' {
		return true
	}
	return ext == ".swpx"
}

// relevant reports whether a change of path matters.
func (w *Watcher) relevant(path string) bool {
	if Ignored(path) || (w.opts.Ignore != nil && w.opts.Ignore(path)) {
		return false
	}
	if w.files[path] {
		return true
	}
	for _, t := range w.trees {
		if path == t || strings.HasPrefix(path, t+string(filepath.Separator)) {
			return !hiddenBelow(t, path)
		}
	}
	return false
}

// hiddenBelow reports a path below tree that goes through a hidden directory (.git).
func hiddenBelow(tree, path string) bool {
	rel, err := filepath.Rel(tree, path)
	if err != nil {
		return false
	}
	parts := strings.Split(rel, string(filepath.Separator))
	for _, p := range parts[:len(parts)-1] {
		if strings.HasPrefix(p, ".") && p != "." && p != ".." {
			return true
		}
	}
	return false
}

// inTree reports whether dir is one of the trees or below one.
func (w *Watcher) inTree(dir string) bool {
	for _, t := range w.trees {
		if dir == t || strings.HasPrefix(dir, t+string(filepath.Separator)) {
			return !hiddenBelow(t, dir+string(filepath.Separator)+"x")
		}
	}
	return false
}

// errLimit marks the errors after which the watcher polls.
func isLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.ENOTSUP)
}

// startNotify creates the fsnotify watcher and adds every directory.
func (w *Watcher) startNotify() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.fsw = fsw
	w.mode = "fsnotify"
	w.mu.Unlock()
	dirs := map[string]bool{}
	for p := range w.parents {
		dirs[p] = true
	}
	for _, t := range w.trees {
		// A missing tree is picked up by its parent's watch when it is created.
		dirs[filepath.Dir(t)] = true
	}
	for d := range dirs {
		if err := w.addDir(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fsw.Close()
			return err
		}
	}
	for _, t := range w.trees {
		if _, err := w.addTree(t); err != nil {
			fsw.Close()
			return err
		}
	}
	return nil
}

func (w *Watcher) addDir(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watched[dir] {
		return nil
	}
	err := error(nil)
	if w.opts.beforeAdd != nil {
		err = w.opts.beforeAdd(dir)
	}
	if err == nil {
		err = w.fsw.Add(dir)
	}
	if err != nil {
		if isLimit(err) {
			return fmt.Errorf("watching %s: %w (raise fs.inotify.max_user_watches)", dir, err)
		}
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every directory below it; it returns the regular files found, so
// that files created in a new directory before its watch was added are not missed.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if err := w.addDir(p); err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return filepath.SkipDir
				}
				return err
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files, err
}

// notifyLoop forwards fsnotify's events; on a watch limit it hands over to polling.
func (w *Watcher) notifyLoop(ctx context.Context) {
	w.mu.Lock()
	fsw := w.fsw
	w.mu.Unlock()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-fsw.Events:
			if !ok {
				return
			}
			path := filepath.Clean(ev.Name)
			if ev.Has(fsnotify.Create) && w.inTree(path) {
				if fi, err := os.Lstat(path); err == nil && fi.IsDir() && !strings.HasPrefix(fi.Name(), ".") {
					files, err := w.addTree(path)
					if err != nil && isLimit(err) {
						w.fallback(ctx, err, path)
						return
					}
					for _, f := range files {
						w.send(ctx, f)
					}
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				w.mu.Lock()
				delete(w.watched, path)
				w.mu.Unlock()
			}
			w.send(ctx, path)
		case err, ok := <-fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.opts.Log("file watching: %v; rebuilding everything", err)
				select {
				case w.rescan <- struct{}{}:
				default:
				}
				continue
			}
			w.opts.Log("file watching: %v", err)
		}
	}
}

// fallback closes fsnotify and polls from now on; the files of dir (the new directory
// that could not be watched) are reported, since they may have been written before the
// polling scanner's first look.
func (w *Watcher) fallback(ctx context.Context, err error, dir string) {
	w.opts.Log("file watching: %v; polling every %v instead", err, w.opts.Poll)
	w.mu.Lock()
	w.fsw.Close()
	w.fsw = nil
	w.watched = map[string]bool{}
	w.mode = "poll"
	w.mu.Unlock()
	select {
	case w.rescan <- struct{}{}:
	default:
	}
	snap := w.scan()
	var below []string
	for p := range snap {
		if strings.HasPrefix(p, dir+string(filepath.Separator)) {
			below = append(below, p)
		}
	}
	sort.Strings(below)
	for _, p := range below {
		w.send(ctx, p)
	}
	w.pollLoop(ctx, snap)
}

func (w *Watcher) send(ctx context.Context, path string) {
	if !w.relevant(path) {
		return
	}
	select {
	case w.events <- path:
	case <-ctx.Done():
	}
}

// stamp is what polling compares.
type stamp struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

// scan lists every relevant path with its stamp.
func (w *Watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	for f := range w.files {
		if fi, err := os.Lstat(f); err == nil {
			out[f] = stamp{fi.Size(), fi.ModTime(), fi.Mode()}
		}
	}
	for _, t := range w.trees {
		_ = filepath.WalkDir(t, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != t && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if fi, err := d.Info(); err == nil {
				out[p] = stamp{fi.Size(), fi.ModTime(), fi.Mode()}
			}
			return nil
		})
	}
	return out
}

func (w *Watcher) pollLoop(ctx context.Context, prev map[string]stamp) {
	t := time.NewTicker(w.opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := w.scan()
		var changed []string
		for p, s := range cur {
			if o, ok := prev[p]; !ok || o != s {
				changed = append(changed, p)
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				changed = append(changed, p)
			}
		}
		sort.Strings(changed)
		for _, p := range changed {
			w.send(ctx, p)
		}
		prev = cur
	}
}

// batchLoop gathers paths into batches. A batch that is ready while the consumer is busy
// (rebuilding) keeps absorbing the next quiet periods' paths until it is taken, so that the
// backends are never blocked and a busy consumer gets one batch, not a queue of them.
func (w *Watcher) batchLoop(ctx context.Context) {
	pending := map[string]bool{}
	rescan := false
	var ready *Batch
	var readySet map[string]bool
	quietT := time.NewTimer(time.Hour)
	quietT.Stop()
	deadlineT := time.NewTimer(time.Hour)
	deadlineT.Stop()
	defer quietT.Stop()
	defer deadlineT.Stop()
	armed := false
	arm := func() {
		quietT.Reset(w.opts.Quiet)
		if !armed {
			deadlineT.Reset(w.opts.MaxDelay)
			armed = true
		}
	}
	flush := func() {
		quietT.Stop()
		deadlineT.Stop()
		armed = false
		if len(pending) == 0 && !rescan {
			return
		}
		if ready == nil {
			ready, readySet = &Batch{}, map[string]bool{}
		}
		for p := range pending {
			if !readySet[p] {
				readySet[p] = true
				ready.Paths = append(ready.Paths, p)
			}
		}
		ready.Rescan = ready.Rescan || rescan
		sort.Strings(ready.Paths)
		pending, rescan = map[string]bool{}, false
	}
	for {
		var out chan Batch
		var b Batch
		if ready != nil {
			out, b = w.batches, *ready
		}
		select {
		case <-ctx.Done():
			return
		case p := <-w.events:
			pending[p] = true
			arm()
		case <-w.rescan:
			rescan = true
			arm()
		case <-quietT.C:
			flush()
		case <-deadlineT.C:
			flush()
		case out <- b:
			ready, readySet = nil, nil
		}
	}
}
