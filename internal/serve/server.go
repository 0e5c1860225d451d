package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/internal/serve/watch"
	"github.com/docbuild/docbuild/internal/site"
	"github.com/docbuild/docbuild/theme"
)

// Options configure a Server.
type Options struct {
	// Dir is the site directory (holding docbuild.yaml or _config.yml).
	Dir string
	// Listener is where the server accepts connections (see Listen). Required.
	Listener net.Listener
	// Drafts and Future show drafts (and unpublished posts) and posts dated in the future;
	// `docbuild serve` turns both on unless told otherwise.
	Drafts, Future bool
	// Checker, when set, checks the files shown in a browser and the files that change,
	// after each build (nil: no check).
	Checker Checker
	// CheckWorkers is how many files are checked at once (default 1, so that a check never
	// takes the cores a rebuild needs).
	CheckWorkers int
	// CheckTimeout bounds the check of one file (default one minute); a check that takes
	// longer is abandoned with a warning on the page.
	CheckTimeout time.Duration
	// CacheDir keeps the code highlighter's cache between builds; "" makes a temporary
	// directory, removed when Run returns.
	CacheDir string
	// Log receives what the server has to say (URL, rebuilds, errors, check results); nil
	// discards it.
	Log io.Writer
	// Poll, when positive, makes the watcher poll at this interval instead of using
	// fsnotify (the watcher polls by itself when fsnotify is unavailable).
	Poll time.Duration
	// Quiet is how long the files must be quiet before a rebuild (default 20 ms).
	Quiet time.Duration
	// Now decides which posts are in the future; nil means time.Now at each build.
	Now func() time.Time
}

// Server is a running preview of one site.
type Server struct {
	opts  Options
	id    string
	seed  maphash.Seed
	hub   *hub
	snap  atomic.Pointer[snapshot]
	check *checkRunner
	ready chan struct{}
	// local reports a loopback listener: requests must then name a local host.
	local bool
	base  string // "http://127.0.0.1:4000"

	logMu sync.Mutex

	// Build state, owned by the build loop.
	cfg      *page.Config
	theme    *theme.Theme
	n        uint64
	cacheDir string
	stamps   map[string]stamp
	stampMu  sync.Mutex

	// afterSwap, set by tests, sees every published snapshot.
	afterSwap func(old, next *snapshot, changed []string)
}

// stamp identifies a version of a source file cheaply (for hashing only changed files).
type stamp struct {
	size int64
	mod  time.Time
	hash uint64
}

// New prepares a server for the site in opts.Dir; nothing is built until Run.
func New(opts Options) (*Server, error) {
	if opts.Listener == nil {
		return nil, errors.New("serve: no listener")
	}
	if opts.Dir == "" {
		opts.Dir = "."
	}
	cfg, err := page.LoadConfig(opts.Dir)
	if err != nil {
		return nil, err
	}
	var id [4]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	s := &Server{
		opts:   opts,
		id:     hex.EncodeToString(id[:]),
		seed:   maphash.MakeSeed(),
		hub:    newHub(),
		ready:  make(chan struct{}),
		cfg:    cfg,
		stamps: map[string]stamp{},
	}
	addr, _ := opts.Listener.Addr().(*net.TCPAddr)
	host := "127.0.0.1"
	port := 0
	if addr != nil {
		port = addr.Port
		s.local = addr.IP.IsLoopback()
		if !addr.IP.IsUnspecified() {
			host = addr.IP.String()
		}
	}
	s.base = "http://" + net.JoinHostPort(host, strconv.Itoa(port))
	if opts.Checker != nil {
		s.check = newCheckRunner(opts.Checker, opts.CheckTimeout, s.readSource, s.checked)
	}
	return s, nil
}

// Listen opens the TCP listener of a preview: bind (default 127.0.0.1) and port; when the
// port is taken and tryNext is set, the next ports are tried (up to 20), as `hexo server`
// users expect of port 4000.
func Listen(bind string, port int, tryNext bool) (net.Listener, error) {
	if bind == "" {
		bind = "127.0.0.1"
	}
	var last error
	for i := 0; i < 20; i++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port+i)))
		if err == nil {
			return ln, nil
		}
		last = err
		if !tryNext || port == 0 || !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	return nil, last
}

// URL is the address of the site's home page.
func (s *Server) URL() string {
	root := "/"
	if sn := s.snap.Load(); sn != nil && sn.root != "" {
		root = sn.root
	}
	return s.base + root
}

// Ready is closed once the first build is served.
func (s *Server) Ready() <-chan struct{} { return s.ready }

func (s *Server) logf(format string, args ...any) {
	if s.opts.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

// Run builds the site, serves it and rebuilds it on every change until ctx ends; then it
// stops the watcher, the checks and the HTTP server (closing the event streams) and
// returns. The error is nil after a cancellation.
func (s *Server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.cacheDir = s.opts.CacheDir
	if s.cacheDir == "" {
		dir, err := os.MkdirTemp("", "docbuild-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		s.cacheDir = dir
	}

	// Watch first: a save during the first build (seconds on a big site) is the first batch.
	w, roots := s.watch(ctx)
	s.rebuild(ctx, watch.Batch{Rescan: true})
	if ctx.Err() != nil {
		w.Close()
		s.opts.Listener.Close()
		return nil
	}

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	var wg sync.WaitGroup
	serveErr := make(chan error, 1)
	wg.Go(func() {
		if err := srv.Serve(s.opts.Listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			serveErr <- err
		}
	})
	if s.check != nil {
		wg.Go(func() { s.check.run(ctx, s.opts.CheckWorkers) })
	}
	close(s.ready)
	where := "on this computer only"
	if !s.local {
		where = "reachable from the network at " + s.opts.Listener.Addr().String() + ": anyone who can reach this machine can read the preview"
	}
	s.logf("Serving %s (%s; watching with %s; Ctrl-C to stop)", s.URL(), where, w.Mode())

	var err error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err = <-serveErr:
			break loop
		case b, ok := <-w.Batches():
			if !ok {
				break loop
			}
			s.rebuild(ctx, b)
			if r := s.roots(); !slices.Equal(r, roots) {
				w.Close()
				w, roots = s.watch(ctx)
			}
		}
	}
	cancel()
	s.hub.close()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if e := srv.Shutdown(sctx); e != nil && err == nil {
		err = e
	}
	w.Close()
	wg.Wait()
	return err
}

// roots are the watched trees and files: the source directory, the theme directory and the
// configuration files.
func (s *Server) roots() []string {
	dir := s.opts.Dir
	out := []string{"tree:" + filepath.Join(dir, s.cfg.SourceDir)}
	if s.cfg.ThemeDir != "" {
		out = append(out, "tree:"+filepath.Join(dir, s.cfg.ThemeDir))
	}
	for _, f := range page.ConfigFiles() {
		out = append(out, "file:"+filepath.Join(dir, f))
	}
	return out
}

func (s *Server) watch(ctx context.Context) (*watch.Watcher, []string) {
	roots := s.roots()
	o := watch.Options{Quiet: s.opts.Quiet, Log: func(f string, a ...any) { s.logf(f, a...) }}
	if s.opts.Poll > 0 {
		o.ForcePoll, o.Poll = true, s.opts.Poll
	}
	public := filepath.Clean(filepath.Join(s.opts.Dir, s.cfg.PublicDir))
	o.Ignore = func(p string) bool { return p == public || strings.HasPrefix(p, public+string(filepath.Separator)) }
	for _, r := range roots {
		if t, ok := strings.CutPrefix(r, "tree:"); ok {
			o.Trees = append(o.Trees, t)
		} else {
			o.Files = append(o.Files, strings.TrimPrefix(r, "file:"))
		}
	}
	w, _ := watch.New(ctx, o) // never fails: it polls when it cannot watch
	return w, roots
}

// touches reports whether a batch concerns the configuration or the theme.
func (s *Server) touches(b watch.Batch) (config, th bool) {
	if b.Rescan {
		return true, true
	}
	cfgFiles := map[string]bool{}
	for _, f := range page.ConfigFiles() {
		cfgFiles[filepath.Clean(filepath.Join(s.opts.Dir, f))] = true
	}
	themeDir := ""
	if s.cfg.ThemeDir != "" {
		themeDir = filepath.Clean(filepath.Join(s.opts.Dir, s.cfg.ThemeDir))
	}
	for _, p := range b.Paths {
		p = filepath.Clean(p)
		if cfgFiles[p] {
			config = true
		}
		if themeDir != "" && (p == themeDir || strings.HasPrefix(p, themeDir+string(filepath.Separator))) {
			th = true
		}
	}
	return config, th || config
}

// rebuild builds the whole site in memory, publishes it and tells the open pages.
func (s *Server) rebuild(ctx context.Context, b watch.Batch) {
	start := time.Now()
	if s.check != nil {
		s.check.setBuilding(true)
		defer s.check.setBuilding(false)
	}
	s.n++
	gen := s.id + "." + strconv.FormatUint(s.n, 10)
	var res *site.Result
	var err error
	reconf, retheme := s.touches(b)
	if reconf {
		if cfg, cerr := page.LoadConfig(s.opts.Dir); cerr != nil {
			err = cerr
		} else {
			s.cfg = cfg
		}
	}
	if err == nil && (retheme || s.theme == nil) {
		s.theme = nil
		if th, terr := site.LoadTheme(s.cfg); terr != nil {
			err = terr
		} else {
			s.theme = th
		}
	}
	if err == nil {
		now := time.Now()
		if s.opts.Now != nil {
			now = s.opts.Now()
		}
		res, err = build(ctx, s.cfg, site.Options{
			Drafts: s.opts.Drafts, Future: s.opts.Future, Now: now,
			Theme: s.theme, CacheDir: s.cacheDir,
			URL: s.base + strings.TrimRight(s.cfg.Root, "/"),
		})
	}
	if ctx.Err() != nil {
		return
	}
	old := s.snap.Load()
	next := assemble(old, s.n, gen, s.cfg.Root, res, err)
	next.hashes = s.hashSources(next)
	changed := changes(old, next)
	s.snap.Store(next)
	if s.afterSwap != nil {
		s.afterSwap(old, next, changed)
	}
	s.report(old, next, changed, time.Since(start))
	s.notify(old, next, changed)
	s.enqueueChecks(old, next)
}

// build runs site.Build; a panic of the build's own goroutine becomes a build error, so
// that a bug shows in the overlay over the last good site instead of ending the preview.
func build(ctx context.Context, cfg *page.Config, opts site.Options) (res *site.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("internal error in the build (please report it): %v", p)
		}
	}()
	return site.Build(ctx, cfg, opts)
}

// report prints a rebuild's outcome.
func (s *Server) report(old, next *snapshot, changed []string, took time.Duration) {
	ms := took.Round(time.Millisecond)
	if old == nil {
		s.logf("Built %d files in %v", len(next.files), ms)
	} else {
		pages := 0
		for _, p := range changed {
			if isHTML(p) {
				pages++
			}
		}
		var urls []string
		for _, p := range changed {
			if isHTML(p) && len(urls) < 3 {
				urls = append(urls, next.root+strings.TrimSuffix(p, "index.html"))
			}
		}
		detail := ""
		if len(urls) > 0 {
			detail = ": " + strings.Join(urls, ", ")
			if pages > len(urls) {
				detail += ", …"
			}
		}
		s.logf("Rebuilt in %v: %d files changed (%d pages%s)", ms, len(changed), pages, detail)
	}
	for _, p := range next.problems {
		s.logf("  error: %s", p.text())
	}
	if old == nil || !sameProblems(old.warnings, next.warnings) {
		for _, p := range next.warnings {
			s.logf("  warning: %s", p.text())
		}
	}
}

func (p Problem) text() string {
	if p.Pos == "" {
		return p.Msg
	}
	return p.Pos + ": " + p.Msg
}

func sameProblems(a, b []Problem) bool { return slices.Equal(a, b) }

// readSource reads a source file for the checker and hashes it.
func (s *Server) readSource(file string) ([]byte, uint64, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, 0, err
	}
	return src, maphash.Bytes(s.seed, src), nil
}

// hashSources hashes the snapshot's source files, reading only those whose size or
// modification time changed since the last build.
func (s *Server) hashSources(sn *snapshot) map[string]uint64 {
	out := make(map[string]uint64, len(sn.outputs))
	s.stampMu.Lock()
	defer s.stampMu.Unlock()
	for f := range sn.outputs {
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		st, ok := s.stamps[f]
		if !ok || st.size != fi.Size() || !st.mod.Equal(fi.ModTime()) {
			_, h, err := s.readSource(f)
			if err != nil {
				continue
			}
			st = stamp{size: fi.Size(), mod: fi.ModTime(), hash: h}
			s.stamps[f] = st
		}
		out[f] = st.hash
	}
	return out
}

// enqueueChecks asks for checks of the sources that changed and of the files open in a
// browser whose report is not of their current bytes.
func (s *Server) enqueueChecks(old, next *snapshot) {
	if s.check == nil {
		return
	}
	var changed []string
	for f, h := range next.hashes {
		if old != nil {
			if oh, ok := old.hashes[f]; ok && oh != h {
				changed = append(changed, f)
			}
		}
	}
	sort.Strings(changed)
	viewed := map[string]bool{}
	for _, c := range s.hub.list() {
		if f := next.sources[c.path]; f != "" {
			viewed[f] = true
		}
	}
	for _, f := range changed {
		if !viewed[f] {
			s.check.enqueue(f, false)
		}
	}
	for f := range viewed {
		if r := s.check.result(f); r == nil || r.hash != next.hashes[f] {
			s.check.enqueue(f, true)
		}
	}
}

// checked is called by the check runner with a new report.
func (s *Server) checked(file string, res *checkResult) {
	counts := map[Badge]int{}
	for _, b := range res.report.Blocks {
		counts[b.Badge]++
	}
	s.logf("Checked %s: %d accurate, %d stale, %d unverified blocks", file, counts[Accurate], counts[Stale], counts[Unverified])
	for _, p := range res.report.Problems {
		s.logf("  %s: %s: %s", p.Severity, p.Pos, p.Msg)
	}
	sn := s.snap.Load()
	if sn == nil {
		return
	}
	for _, c := range s.hub.list() {
		if sn.sources[c.path] == file {
			s.hub.send(c, s.statusMessage(sn, c.path))
		}
	}
}

// notify pushes the new snapshot to the open pages: a reload to the pages whose bytes
// changed (all of them when a script, an image or another asset changed), a stylesheet
// refresh when only CSS changed, and the status (overlay, badges) to every page.
func (s *Server) notify(old, next *snapshot, changed []string) {
	if old == nil {
		return
	}
	html := map[string]bool{}
	var css []string
	all := false
	for _, p := range changed {
		switch ext := strings.ToLower(path.Ext(p)); ext {
		case ".html", ".htm":
			html[p] = true
		case ".css":
			css = append(css, next.root+p)
		case ".xml", ".json", ".txt", ".map":
			// feeds, sitemap, search index, robots.txt: not part of a shown page
		default:
			all = true
		}
	}
	cssMsg := message{event: "css", data: jsonBytes(css)}
	for _, c := range s.hub.list() {
		shown := c.path
		if next.files[shown] == nil {
			shown = "404.html"
		}
		switch {
		case all || html[c.path] || html[shown]:
			s.hub.send(c, message{event: "reload", data: []byte(`"` + next.gen + `"`)})
			continue
		case len(css) > 0:
			s.hub.send(c, cssMsg)
		}
		s.hub.send(c, s.statusMessage(next, c.path))
	}
}

// pageGen is the version a page shows: its entry's gen, or the 404 page's with a "missing:"
// prefix when the path does not exist.
func pageGen(sn *snapshot, p string) string {
	if e := sn.files[p]; e != nil {
		return e.gen
	}
	if e := sn.files["404.html"]; e != nil {
		return "missing:" + e.gen
	}
	return "missing:"
}
