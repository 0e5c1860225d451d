package verify

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/cluster"
	"github.com/docbuild/docbuild/kube/container"
	"github.com/docbuild/docbuild/kube/images"
	"github.com/docbuild/docbuild/kube/kubectl"
)

// Simulator returns the production cluster factory: one kube/cluster per scenario.
func Simulator() NewCluster {
	return func(o ClusterOptions) (Cluster, error) {
		c := cluster.New(cluster.Options{Node: o.Node, Version: o.Kubernetes})
		s := &sim{c: c}
		// Count the committed writes (Revisioner). The events carry the server's own
		// objects; the counter never looks at them.
		c.API.WatchShared(func(apiserver.WatchEvent) { s.writes.Add(1) })
		return s, nil
	}
}

// sim adapts kube/cluster to Cluster. It is used from one goroutine at a time (the
// scenario's); the API server calls its watches synchronously, in commit order.
type sim struct {
	c *cluster.Cluster
	// writes counts the writes committed to the API server.
	writes atomic.Uint64
}

func (s *sim) Now() time.Time   { return s.c.Now() }
func (s *sim) NodeName() string { return s.c.Options().Node }
func (s *sim) CreationTime(resource, namespace, name string) (time.Time, bool) {
	if namespace == "" {
		namespace = "default"
	}
	return s.c.CreationTime(resource, namespace, name)
}
func (s *sim) AdvanceTo(t time.Time) { s.c.AdvanceTo(t) }

// Close implements Closer: the container runtime kills its processes and releases the
// goroutines that run them (else every checked post would keep its cluster alive).
func (s *sim) Close() {
	if s.c.Runtime != nil {
		s.c.Runtime.Close()
	}
}
func (s *sim) NextEvent() (time.Time, bool) { return s.c.NextEvent() }

// terminal collects stdout and stderr apart and in the order a terminal shows them.
type terminal struct {
	mu             sync.Mutex
	out, err, term bytes.Buffer
}

type stream struct {
	t   *terminal
	buf *bytes.Buffer
}

func (w stream) Write(p []byte) (int, error) {
	w.t.mu.Lock()
	defer w.t.mu.Unlock()
	w.buf.Write(p)
	w.t.term.Write(p)
	return len(p), nil
}

func (s *sim) env(t *terminal, files Files, stdin []byte, tty bool) *kubectl.Env {
	env := &kubectl.Env{
		API:    s.c.API,
		Clock:  s.c.Clock,
		Files:  kubeFiles{files},
		Stdin:  bytes.NewReader(stdin),
		Stdout: stream{t, &t.out},
		Stderr: stream{t, &t.err},
		TTY:    tty,
	}
	if s.c.Kubelet != nil {
		env.Runtime = s.c
	}
	return env
}

func (t *terminal) output(code int, notSim string) Output {
	t.mu.Lock()
	defer t.mu.Unlock()
	if notSim == "" && code != 0 && strings.Contains(t.err.String(), "not simulated") {
		notSim = strings.TrimPrefix(firstLine(t.err.String()), "error: ")
	}
	return Output{Stdout: t.out.String(), Stderr: t.err.String(), Terminal: t.term.String(), Exit: code, NotSimulated: notSim}
}

func (s *sim) Kubectl(args []string, stdin []byte, files Files, tty bool) Output {
	if len(args) > 1 && args[1] == "edit" {
		return Output{NotSimulated: "kubectl edit opens an editor: what the author changed in it is not shown", Exit: 0}
	}
	t := &terminal{}
	env := s.env(t, files, stdin, tty)
	code := kubectl.Run(env, args[1:])
	s.c.AdvanceTo(s.c.Now())
	if env.Session != nil {
		// Opened by a command typed without a session in mind: the terminal closes.
		code = env.Session.End()
	}
	return t.output(code, env.NotSimulated)
}

func (s *sim) Interactive(args []string, files Files) (Session, Output) {
	t := &terminal{}
	env := s.env(t, files, nil, true)
	code := kubectl.Run(env, args[1:])
	s.c.AdvanceTo(s.c.Now())
	out := t.output(code, env.NotSimulated)
	if env.Session == nil {
		return nil, out
	}
	t.mu.Lock()
	t.out.Reset()
	t.err.Reset()
	t.term.Reset()
	t.mu.Unlock()
	return &simSession{s: s, i: env.Session, t: t}, out
}

type simSession struct {
	s *sim
	i *kubectl.Interactive
	t *terminal
}

func (ss *simSession) Prompt() string { return ss.i.Prompt() }

func (ss *simSession) Line(line string) (string, bool) {
	exited := ss.i.Line(line)
	ss.s.c.AdvanceTo(ss.s.c.Now())
	ss.t.mu.Lock()
	out := ss.t.term.String()
	ss.t.out.Reset()
	ss.t.err.Reset()
	ss.t.term.Reset()
	ss.t.mu.Unlock()
	if exited {
		ss.i.End()
	}
	return out, exited
}

func (ss *simSession) Close() {
	if !ss.i.Exited() {
		ss.i.End()
	} else {
		ss.i.End()
	}
}

// HTTP is curl/wget on the node: Pod IPs and Service IPs answer through the simulated network;
// anything else is outside the simulated cluster.
func (s *sim) HTTP(method, raw string) (int, string, error) {
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return 0, "", fmt.Errorf("curl: (3) URL rejected: Malformed input to a URL function")
	}
	ip, err := netip.ParseAddr(u.Hostname())
	if err != nil || s.c.Runtime == nil {
		return 0, "", NotSimulatedError("no network: " + u.Host + " is outside the simulated cluster")
	}
	if method != "GET" && method != "" {
		return 0, "", NotSimulatedError("HTTP " + method + " from the node is not simulated")
	}
	port := 80
	if p := u.Port(); p != "" {
		port, _ = strconv.Atoi(p)
	}
	path := u.RequestURI()
	r := s.c.Runtime.HTTPGet(ip, container.HTTPRequest{Scheme: strings.ToUpper(u.Scheme), Port: port, Path: path, UserAgent: "curl/8.5.0"})
	if r.NotSimulated != "" {
		return 0, "", NotSimulatedError(r.NotSimulated)
	}
	if r.Err != nil {
		return 0, "", fmt.Errorf("curl: (7) Failed to connect to %s port %d: %v", ip, port, r.Err)
	}
	return r.StatusCode, string(r.Body), nil
}

// Explain tells why a container's output is not what the post shows, when a file of its image
// explains it: the output contains a file of the image whose content differs in the image
// version the post's text matches (nginx's welcome page changed in 1.29.6).
func (s *sim) Explain(namespace, pod, ctr, shown, simulated string) string {
	if namespace == "" {
		namespace = "default"
	}
	p := s.c.Pod(namespace, pod)
	if p == nil {
		return ""
	}
	cat := images.Default()
	// The containers the output can come from: the one named, else every one.
	var imgs []string
	for _, c := range p.Spec.Containers {
		if ctr == "" || c.Name == ctr {
			imgs = append(imgs, c.Image)
		}
	}
	// A server in another container of the Pod may have produced it (the seed's sidecar
	// fetches the app container's page): look at every container's image.
	for _, c := range p.Spec.Containers {
		if c.Name != ctr {
			imgs = append(imgs, c.Image)
		}
	}
	for _, image := range imgs {
		if ex := explainImage(cat, image, shown, simulated); ex != "" {
			return ex
		}
	}
	return ""
}

func explainImage(cat *images.Catalog, image, shown, simulated string) string {
	l, err := cat.Lookup(image)
	if err != nil || !l.Exists || l.Image == nil || !l.Image.Simulated {
		return ""
	}
	img := l.Image
	for _, f := range img.Files {
		if len(f.Data) < 16 || !strings.Contains(norm(simulated), norm(string(f.Data))) {
			continue
		}
		// Find the newest version whose file differs, and whether the post shows that one.
		for _, v := range olderVersions(img.Version) {
			ol, err := cat.Lookup(img.Repository + ":" + v)
			if err != nil || !ol.Exists || ol.Image == nil || !ol.Image.Simulated || ol.Image.Version != v {
				continue
			}
			od := fileData(ol.Image, f.Path)
			if od == nil || bytes.Equal(od, f.Data) {
				continue
			}
			tag := l.Ref.TagOrLatest()
			written := image
			if l.Ref.Tag == "" {
				written = image + " (untagged, so :latest)"
			}
			name := short(img.Repository)
			msg := fmt.Sprintf("%s runs %s %s, whose %s is %d bytes; it changed in %s %s: %s %s serves the %d-byte version",
				written, name, img.Version, f.Path, len(f.Data), name, nextAfter(v, img.Version), name, v, len(od))
			if similar(shown, string(od)) {
				msg += ", which the post shows"
			}
			msg += fmt.Sprintf(" (a pinned tag such as %s:%s keeps the old output)", name, v)
			_ = tag
			return msg
		}
	}
	return ""
}

func short(repo string) string {
	repo = strings.TrimPrefix(repo, "docker.io/")
	return strings.TrimPrefix(repo, "library/")
}

func fileData(img *images.Image, path string) []byte {
	for _, f := range img.Files {
		if f.Path == path {
			return f.Data
		}
	}
	return nil
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstLines(s string, n int) string {
	ls := strings.SplitN(s, "\n", n+1)
	if len(ls) > n {
		ls = ls[:n]
	}
	return strings.Join(ls, "\n")
}

// similar reports that most lines of a are lines of b.
func similar(a, b string) bool {
	set := map[string]bool{}
	for _, l := range strings.Split(b, "\n") {
		set[strings.TrimSpace(l)] = true
	}
	n, hit := 0, 0
	for _, l := range strings.Split(a, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			n++
			if set[t] {
				hit++
			}
		}
	}
	return n > 0 && hit*3 >= n*2
}

// olderVersions lists candidate versions below v, newest first: the patch releases of its
// minor, then of the previous minors (the catalogue answers only for versions it knows).
func olderVersions(v string) []string {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return nil
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		nums[i] = n
	}
	var out []string
	major, minor := nums[0], nums[1]
	patch := 0
	if len(nums) > 2 {
		patch = nums[2]
	}
	for m := minor; m >= 0 && m > minor-12; m-- {
		top := 30
		if m == minor {
			top = patch - 1
			if len(nums) == 2 {
				continue
			}
		}
		for p := top; p >= 0; p-- {
			out = append(out, fmt.Sprintf("%d.%d.%d", major, m, p))
		}
	}
	return out
}

// nextAfter is the version after old on the way to cur ("1.29.5" → "1.29.6").
func nextAfter(old, cur string) string {
	op, cp := strings.Split(old, "."), strings.Split(cur, ".")
	if len(op) == 3 && len(cp) == 3 && op[0] == cp[0] && op[1] == cp[1] {
		n, _ := strconv.Atoi(op[2])
		return fmt.Sprintf("%s.%s.%d", op[0], op[1], n+1)
	}
	return "a later release (≤ " + cur + ")"
}

// kubeFiles gives kubectl -f read access to the scenario's files.
type kubeFiles struct{ f Files }

type fileInfo struct {
	name string
	size int64
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return 0o644 }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

func (k kubeFiles) Stat(name string) (fs.FileInfo, error) {
	if k.f == nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	b, ok := k.f.ReadFile(name)
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fileInfo{name, int64(len(b))}, nil
}

func (k kubeFiles) ReadFile(name string) ([]byte, error) {
	if k.f != nil {
		if b, ok := k.f.ReadFile(name); ok {
			return b, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (k kubeFiles) ReadDir(name string) ([]fs.DirEntry, error) {
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
}

var (
	_ = io.EOF
	_ = sort.Strings
)
