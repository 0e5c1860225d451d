package serve

import (
	"bytes"
	"errors"
	"mime"
	"path"
	"sort"
	"strings"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/internal/site"
)

// snapshot is one built site as the server shows it. A snapshot is never modified once it
// is published (the server swaps a pointer), so a request reads one build's bytes from start
// to end, whatever happens meanwhile.
type snapshot struct {
	// n counts builds; gen is the instance id and n ("k3x9.12").
	n   uint64
	gen string
	// root is the site's root path ("/" or "/blog/").
	root  string
	files map[string]*entry
	// sources maps an output path to the source file it is rendered from (posts and pages);
	// outputs is the inverse.
	sources map[string]string
	outputs map[string]string
	// hashes are the source files' content hashes at build time (for check results).
	hashes map[string]uint64
	// problems are the build's errors; warnings what did not stop it.
	problems []Problem
	warnings []Problem
	// fatal reports a build that produced nothing usable (configuration or theme error):
	// the files are the last good build's.
	fatal bool
}

// entry is one served file.
type entry struct {
	raw []byte
	// at is where the client script goes in an HTML file (before </body>), -1 for none.
	at    int
	ctype string
	// gen is the build that made these bytes (an unchanged file keeps its entry, and so its
	// gen, from build to build): the ETag, and what a page's script reports.
	gen string
	// kept marks the last good bytes of a page whose source is broken now.
	kept bool
}

func newEntry(p string, raw []byte, gen string) *entry {
	e := &entry{raw: raw, at: -1, ctype: contentType(p, raw), gen: gen}
	if isHTML(p) {
		e.at = bodyEnd(raw)
	}
	return e
}

func isHTML(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// bodyEnd is the offset of the last </body> (any case), or the end of the file.
func bodyEnd(raw []byte) int {
	for i := len(raw) - len("</body>"); i >= 0; i-- {
		if raw[i] == '<' && i+7 <= len(raw) && bytes.EqualFold(raw[i:i+7], []byte("</body>")) {
			return i
		}
	}
	return len(raw)
}

// contentType is the Content-Type of a served file.
func contentType(p string, raw []byte) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt", ".md", ".yaml", ".yml":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	if len(raw) > 512 {
		raw = raw[:512]
	}
	return httpDetect(raw)
}

// problemsOf turns a build error into overlay problems, in the order the build reports
// them.
func problemsOf(err error, severity string) []Problem {
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []Problem
	for _, e := range errs {
		var pe *page.Error
		if errors.As(e, &pe) {
			out = append(out, newProblem(pe.File, pe.Line, severity, "build", pe.Msg))
			continue
		}
		p := newProblem("", 0, severity, "build", e.Error())
		p.Pos = ""
		out = append(out, p)
	}
	return out
}

// assemble makes the snapshot of build n from a build's result. While sources are broken,
// the last good bytes of their pages stay: a page whose source has an error keeps the
// previous snapshot's entry, and so does a file the build could not produce.
func assemble(old *snapshot, n uint64, gen, root string, res *site.Result, err error) *snapshot {
	next := &snapshot{
		n: n, gen: gen, root: root,
		files: map[string]*entry{}, sources: map[string]string{}, outputs: map[string]string{},
		problems: problemsOf(err, "error"),
	}
	if res != nil {
		for _, w := range res.Warnings {
			next.warnings = append(next.warnings, problemsOf(w, "warning")...)
		}
	}
	if old == nil {
		old = &snapshot{files: map[string]*entry{}, sources: map[string]string{}, outputs: map[string]string{}}
	}
	if res == nil || res.Site == nil {
		// Nothing was built (configuration, theme, source directory): keep everything.
		next.fatal = true
		next.files, next.sources, next.outputs = old.files, old.sources, old.outputs
		if len(next.problems) == 0 {
			next.problems = []Problem{newProblem("", 0, "error", "build", "the build produced nothing")}
		}
		return next
	}
	for p, raw := range res.Files {
		if e := old.files[p]; e != nil && !e.kept && bytes.Equal(e.raw, raw) {
			next.files[p] = e
			continue
		}
		if e := old.files[p]; e != nil && e.kept && bytes.Equal(e.raw, raw) {
			// The source is fixed and renders as its last good version: same bytes, but
			// no longer kept.
			c := *e
			c.kept = false
			next.files[p] = &c
			continue
		}
		next.files[p] = newEntry(p, raw, gen)
	}
	for _, list := range [][]*site.Post{res.Site.Posts, res.Site.Pages} {
		for _, p := range list {
			if p.Source == nil {
				continue
			}
			next.sources[p.OutFile] = p.Source.File
			next.outputs[p.Source.File] = p.OutFile
		}
	}
	if err == nil {
		return next
	}
	broken := map[string]bool{}
	unlocated := false
	for _, p := range next.problems {
		if p.File != "" {
			broken[p.File] = true
		} else {
			unlocated = true
		}
	}
	keep := func(p string) {
		e := old.files[p]
		if e == nil {
			return
		}
		if !e.kept {
			c := *e
			c.kept = true
			e = &c
		}
		next.files[p] = e
		if src, ok := old.sources[p]; ok {
			next.sources[p] = src
			if _, taken := next.outputs[src]; !taken {
				next.outputs[src] = p
			}
		}
	}
	for f := range broken {
		if p, ok := old.outputs[f]; ok {
			keep(p)
		}
	}
	for p := range old.files {
		if _, ok := next.files[p]; ok {
			continue
		}
		if unlocated || broken[old.sources[p]] {
			keep(p)
		}
	}
	return next
}

// changes lists the paths whose bytes differ between two snapshots (added and removed
// ones included), sorted.
func changes(old, next *snapshot) []string {
	var out []string
	if old == nil {
		for p := range next.files {
			out = append(out, p)
		}
		sort.Strings(out)
		return out
	}
	for p, e := range next.files {
		if o := old.files[p]; o != e && (o == nil || !bytes.Equal(o.raw, e.raw)) {
			out = append(out, p)
		}
	}
	for p := range old.files {
		if _, ok := next.files[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
