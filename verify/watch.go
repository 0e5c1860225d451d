package verify

import (
	"bytes"
	"strings"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/printers"
)

// BackgroundWatch is a `kubectl get -w` left running in another terminal while the post goes
// on ("in your original terminal"): every change of a watched object prints one row.
type BackgroundWatch interface {
	// Output is what the watch printed after its first listing, up to now.
	Output() string
	// Stop ends the watch (Ctrl-C).
	Stop()
}

// Watcher is implemented by clusters that can follow a watch in the background.
type Watcher interface {
	// Watch starts args (`kubectl get … -w`) in the background. It prints nothing now: the
	// caller runs the first listing (the same get without -w). ok is false when the command
	// is not a watch the cluster can follow in the background.
	Watch(args []string) (w BackgroundWatch, ok bool)
}

// Revisioner is implemented by clusters that count the writes committed to their API
// server: while the count stays the same, a command that only reads the API (get,
// describe) prints the same thing up to ages and other durations.
type Revisioner interface {
	Revision() uint64
}

// watchSpec is what a `kubectl get … -w` follows.
type watchSpec struct {
	resource, name, namespace string
	allNamespaces, wide       bool
	selector                  []selectorTerm
}

// selectorTerm is one equality-based label selector requirement (k8s.io/apimachinery
// v0.37.2 pkg/labels: `k=v`, `k==v`, `k!=v`, `k`, `!k`).
type selectorTerm struct {
	key, value string
	op         string // "=", "!=", "exists", "!exists"
}

func (t selectorTerm) matches(ls map[string]string) bool {
	v, ok := ls[t.key]
	switch t.op {
	case "=":
		return ok && v == t.value
	case "!=":
		return !ok || v != t.value
	case "exists":
		return ok
	case "!exists":
		return !ok
	}
	return false
}

func parseSelector(s string) ([]selectorTerm, bool) {
	var out []selectorTerm
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
			return nil, false
		case strings.ContainsAny(part, "()") || strings.Contains(part, " in ") || strings.Contains(part, " notin "):
			return nil, false // set-based: not followed in the background
		case strings.Contains(part, "!="):
			k, v, _ := strings.Cut(part, "!=")
			out = append(out, selectorTerm{strings.TrimSpace(k), strings.TrimSpace(v), "!="})
		case strings.Contains(part, "=="):
			k, v, _ := strings.Cut(part, "==")
			out = append(out, selectorTerm{strings.TrimSpace(k), strings.TrimSpace(v), "="})
		case strings.Contains(part, "="):
			k, v, _ := strings.Cut(part, "=")
			out = append(out, selectorTerm{strings.TrimSpace(k), strings.TrimSpace(v), "="})
		case strings.HasPrefix(part, "!"):
			out = append(out, selectorTerm{key: strings.TrimSpace(part[1:]), op: "!exists"})
		default:
			out = append(out, selectorTerm{key: part, op: "exists"})
		}
	}
	return out, true
}

// parseWatch reads `kubectl get TYPE[/NAME] [NAME] [-n NS|-A] [-l SEL] [-o wide] -w`; ok is
// false for anything else (several types, other output formats, --watch-only, unknown flags).
func parseWatch(args []string) (watchSpec, bool) {
	var w watchSpec
	if kubectlVerb(args) != "get" {
		return w, false
	}
	var pos []string
	watch := false
	seenVerb := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		val := func() (string, bool) {
			if k := strings.IndexByte(a, '='); k >= 0 && strings.HasPrefix(a, "--") {
				return a[k+1:], true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		switch {
		case a == "-w" || a == "--watch" || a == "--watch=true":
			watch = true
		case a == "-A" || a == "--all-namespaces" || a == "--all-namespaces=true":
			w.allNamespaces = true
		case a == "-n" || a == "--namespace" || strings.HasPrefix(a, "--namespace="):
			v, ok := val()
			if !ok {
				return w, false
			}
			w.namespace = v
		case strings.HasPrefix(a, "-n") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			w.namespace = a[2:]
		case a == "-l" || a == "--selector" || strings.HasPrefix(a, "--selector="):
			v, ok := val()
			if !ok {
				return w, false
			}
			sel, ok := parseSelector(v)
			if !ok {
				return w, false
			}
			w.selector = sel
		case a == "-o" || a == "--output" || strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "-o"):
			var v string
			if a == "-o" || a == "--output" || strings.HasPrefix(a, "--output=") {
				var ok bool
				if v, ok = val(); !ok {
					return w, false
				}
			} else {
				v = strings.TrimPrefix(a[2:], "=")
			}
			if v != "wide" {
				return w, false
			}
			w.wide = true
		case strings.HasPrefix(a, "-"):
			return w, false
		case !seenVerb:
			seenVerb = true // "get"
		default:
			pos = append(pos, a)
		}
	}
	if !watch || len(pos) == 0 || len(pos) > 2 {
		return w, false
	}
	res := pos[0]
	if r, n, ok := strings.Cut(res, "/"); ok {
		if len(pos) > 1 {
			return w, false
		}
		res, w.name = r, n
	} else if len(pos) == 2 {
		w.name = pos[1]
	}
	if strings.Contains(res, ",") || res == "all" {
		return w, false
	}
	w.resource = res
	if w.namespace == "" && !w.allNamespaces {
		w.namespace = "default"
	}
	return w, true
}

// simWatch follows a watch on the simulated API server.
type simWatch struct {
	stop func()
	out  bytes.Buffer
}

func (w *simWatch) Output() string { return w.out.String() }
func (w *simWatch) Stop() {
	if w.stop != nil {
		w.stop()
		w.stop = nil
	}
}

// metaObject is what the typed API objects' ObjectMeta gives.
type metaObject interface {
	GetName() string
	GetNamespace() string
	GetLabels() map[string]string
}

// Watch implements Watcher: kubectl's get -w (k8s.io/kubectl v0.37.2 pkg/cmd/get/get.go
// watch) prints one table row per watch event of a selected object, with the age at that
// moment and no header; each row is flushed on its own (so rows are not realigned).
func (s *sim) Watch(args []string) (BackgroundWatch, bool) {
	spec, ok := parseWatch(args)
	if !ok {
		return nil, false
	}
	info, found := s.c.API.Resource(strings.Split(spec.resource, ".")[0])
	if !found {
		return nil, false
	}
	if !info.Namespaced {
		spec.namespace, spec.allNamespaces = "", true
	}
	w := &simWatch{}
	w.stop = s.c.API.WatchShared(func(ev apiserver.WatchEvent) {
		if ev.Resource != info.Name {
			return
		}
		m, ok := ev.Object.(metaObject)
		if !ok {
			return
		}
		if spec.name != "" && m.GetName() != spec.name || !spec.allNamespaces && m.GetNamespace() != spec.namespace {
			return
		}
		for _, t := range spec.selector {
			if !t.matches(m.GetLabels()) {
				return
			}
		}
		// The objects are the server's own (read-only): printing only reads them.
		if err := printers.PrintTable(&w.out, ev.Object, s.c.Now(), printers.PrintOptions{
			NoHeaders: true, Wide: spec.wide, WithNamespace: spec.allNamespaces && info.Namespaced}); err != nil {
			w.out.WriteString("error: " + err.Error() + "\n")
		}
	})
	return w, true
}

// Revision implements Revisioner with a watch that counts the committed writes.
func (s *sim) Revision() uint64 { return s.writes.Load() }
