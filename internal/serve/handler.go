package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

//go:embed client/client.js
var clientJS string

//go:embed client/client.css
var clientCSS string

// prefix is where the server's own files and endpoints live, above the site.
const prefix = "/__docbuild/"

func httpDetect(b []byte) string { return http.DetectContentType(b) }

// ServeHTTP serves the current snapshot, the client script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if !s.hostAllowed(r.Host) {
		// A page on another site cannot reach the preview through a name that resolves to
		// 127.0.0.1 (DNS rebinding).
		http.Error(w, "docbuild serve: host not allowed", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, prefix); ok {
		s.serveOwn(w, r, rest)
		return
	}
	sn := s.snap.Load()
	if sn == nil {
		http.Error(w, "docbuild serve: building…", http.StatusServiceUnavailable)
		return
	}
	p, status := resolve(sn, r.URL)
	switch status {
	case http.StatusOK:
	case http.StatusMovedPermanently:
		target := p
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	case http.StatusNotFound:
		s.serveEntry(w, r, sn, "404.html", sn.files["404.html"], http.StatusNotFound)
		return
	default:
		http.Error(w, http.StatusText(status), status)
		return
	}
	s.serveEntry(w, r, sn, p, sn.files[p], http.StatusOK)
}

// hostAllowed accepts any Host when the server listens beyond loopback, else only local
// names.
func (s *Server) hostAllowed(host string) bool {
	if !s.local {
		return true
	}
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// resolve maps a request URL to an output path of the snapshot. It never touches the file
// system: only the built files exist. It returns 400 for a path that tries to leave the
// site (.. or . segments, encoded or not, backslashes, NUL, empty segments), 404 when the
// file does not exist, 301 (with the path to go to) for a directory without its slash.
func resolve(sn *snapshot, u *url.URL) (string, int) {
	raw := u.EscapedPath()
	lower := strings.ToLower(raw)
	if strings.Contains(raw, "\\") || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00") {
		return "", http.StatusBadRequest
	}
	p := u.Path
	if p == "" || p[0] != '/' || strings.ContainsAny(p, "\\\x00") {
		return "", http.StatusBadRequest
	}
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		if seg == "." || seg == ".." {
			return "", http.StatusBadRequest
		}
		if seg == "" && i != len(segs)-1 {
			return "", http.StatusBadRequest // "//etc/passwd", "a//b"
		}
		// A segment that decodes to more slashes or dots than it shows was encoded twice.
		if dec, err := url.PathUnescape(seg); err == nil && dec != seg && (strings.Contains(dec, "/") || dec == ".." || dec == ".") {
			return "", http.StatusBadRequest
		}
	}
	root := sn.root
	if root == "" {
		root = "/"
	}
	if p+"/" == root {
		return root, http.StatusMovedPermanently
	}
	rel, ok := strings.CutPrefix(p, root)
	if !ok {
		return "", http.StatusNotFound
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if sn.files[rel] != nil {
		return rel, http.StatusOK
	}
	if sn.files[rel+"/index.html"] != nil {
		return (&url.URL{Path: p + "/"}).EscapedPath(), http.StatusMovedPermanently
	}
	return rel, http.StatusNotFound
}

// serveEntry writes one file; HTML gets the client script before </body>.
func (s *Server) serveEntry(w http.ResponseWriter, r *http.Request, sn *snapshot, p string, e *entry, code int) {
	h := w.Header()
	if e == nil {
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		if r.Method != http.MethodHead {
			fmt.Fprintf(w, "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>%s", s.tag("missing:"))
		}
		return
	}
	h.Set("Content-Type", e.ctype)
	h.Set("Cache-Control", "no-cache")
	if e.at < 0 {
		if code == http.StatusOK {
			h.Set("ETag", `"`+e.gen+`"`)
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.raw))
			return
		}
		w.WriteHeader(code)
		if r.Method != http.MethodHead {
			w.Write(e.raw)
		}
		return
	}
	gen := e.gen
	if code == http.StatusNotFound {
		gen = "missing:" + e.gen
	} else {
		h.Set("ETag", `"`+gen+`"`)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, `"`+gen+`"`) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	tag := s.tag(gen)
	h.Set("Content-Length", fmt.Sprint(len(e.raw)+len(tag)))
	w.WriteHeader(code)
	if r.Method == http.MethodHead {
		return
	}
	w.Write(e.raw[:e.at])
	w.Write(tag)
	w.Write(e.raw[e.at:])
}

// tag is the script element added to every HTML page.
func (s *Server) tag(gen string) []byte {
	return []byte(`<script src="` + prefix + `client.js?v=` + s.id + `" data-gen="` + gen + `" defer></script>` + "\n")
}

// serveOwn serves the server's files and endpoints under /__docbuild/.
func (s *Server) serveOwn(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "client.js":
		s.serveAsset(w, r, "text/javascript; charset=utf-8", clientJS)
	case "client.css":
		s.serveAsset(w, r, "text/css; charset=utf-8", clientCSS)
	case "events":
		s.serveEvents(w, r)
	case "status":
		sn := s.snap.Load()
		if sn == nil {
			http.Error(w, "building", http.StatusServiceUnavailable)
			return
		}
		p := s.pagePath(sn, r.URL.Query().Get("path"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(s.status(sn, p))
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, ctype, body string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", `"`+s.id+`"`)
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(body))
}

// pagePath maps a page's URL path (location.pathname) to the output path clients are
// keyed by: the file when it exists, else the requested path itself.
func (s *Server) pagePath(sn *snapshot, urlPath string) string {
	u, err := url.Parse(urlPath)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	p, code := resolve(sn, u)
	if code == http.StatusOK || code == http.StatusNotFound {
		return p
	}
	return ""
}

// serveEvents is the event stream of one page: "reload" when its bytes changed, "css" with
// the stylesheets to refresh, "status" with the overlay and badge data.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	sn := s.snap.Load()
	if sn == nil {
		http.Error(w, "building", http.StatusServiceUnavailable)
		return
	}
	q := r.URL.Query()
	p := s.pagePath(sn, q.Get("path"))
	c := s.hub.join(p, q.Get("gen"))
	if c == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.leave(c)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 300\n\n")
	// A build may have happened between the page's load and this connection.
	if c.gen != "" && c.gen != pageGen(sn, p) {
		writeEvent(w, message{event: "reload", data: []byte(`"` + sn.gen + `"`)})
		fl.Flush()
		return
	}
	writeEvent(w, s.statusMessage(sn, p))
	fl.Flush()
	if s.check != nil {
		if f := sn.sources[p]; f != "" {
			if res := s.check.result(f); res == nil || res.hash != sn.hashes[f] {
				s.check.enqueue(f, true)
			}
		}
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.gone:
			return
		case m := <-c.ch:
			writeEvent(w, m)
			// Drain what is queued, so that one flush carries it.
			for more := true; more; {
				select {
				case m := <-c.ch:
					writeEvent(w, m)
				default:
					more = false
				}
			}
			fl.Flush()
			if m.event == "reload" {
				return
			}
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, m message) {
	fmt.Fprintf(w, "event: %s\n", m.event)
	for _, line := range bytes.Split(m.data, []byte("\n")) {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}

// pageStatus is what a page's overlay and badges show.
type pageStatus struct {
	Gen string `json:"gen"`
	// Problems are the build's errors (every file: a broken build concerns every page).
	Problems []Problem `json:"problems"`
	// Warnings counts the build's warnings.
	Warnings []Problem `json:"warnings"`
	// Kept is set when the page shows the last good build of its broken source.
	Kept bool `json:"kept"`
	// Fatal: nothing could be built; every page is the last good build.
	Fatal bool `json:"fatal"`
	// File is the page's source file ("" for generated pages).
	File  string       `json:"file"`
	Check *checkStatus `json:"check"`
}

// checkStatus is the check state of a page's source.
type checkStatus struct {
	// State is "off" (no checker), "pending" (a check of the current bytes is queued or
	// running) or "done".
	State    string        `json:"state"`
	Blocks   []BlockResult `json:"blocks"`
	Problems []Problem     `json:"problems"`
}

// status is the JSON status of the page at output path p.
func (s *Server) status(sn *snapshot, p string) []byte {
	st := pageStatus{Gen: sn.gen, Problems: sn.problems, Warnings: sn.warnings, Fatal: sn.fatal}
	if st.Problems == nil {
		st.Problems = []Problem{}
	}
	if st.Warnings == nil {
		st.Warnings = []Problem{}
	}
	if e := sn.files[p]; e != nil {
		st.Kept = e.kept
	}
	st.File = sn.sources[p]
	if st.File != "" {
		cs := &checkStatus{State: "off", Blocks: []BlockResult{}, Problems: []Problem{}}
		if s.check != nil {
			cs.State = "pending"
			if res := s.check.result(st.File); res != nil && res.hash == sn.hashes[st.File] {
				cs.State = "done"
				cs.Blocks, cs.Problems = res.report.Blocks, res.report.Problems
				if st.Kept {
					// The report is of the broken source; the page is an older version whose
					// lines differ: no badges, the problems (file:line) stay.
					cs.Blocks = []BlockResult{}
				}
			}
		}
		st.Check = cs
	}
	return jsonBytes(st)
}

func (s *Server) statusMessage(sn *snapshot, p string) message {
	return message{event: "status", data: s.status(sn, p)}
}

func jsonBytes(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("null")
	}
	return b
}
