package verify

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/docbuild/docbuild/verify/extract"
)

var colSplit = regexp.MustCompile(`\s{2,}|\t+`)

// ageWindow derives the moments a get table can have been printed at from its AGE cells:
// each row's object was created at a known moment, and `10m` means an age in [10m, 11m).
func (s *state) ageWindow(step *extract.Step, args []string) (window, bool) {
	if kubectlVerb(args) != "get" || len(step.Shown) < 2 {
		return window{}, false
	}
	hdr := colSplit.Split(strings.TrimSpace(step.Shown[0].Text), -1)
	ageCol, nameCol, nsCol := -1, -1, -1
	for i, h := range hdr {
		switch h {
		case "AGE":
			ageCol = i
		case "NAME":
			nameCol = i
		case "NAMESPACE":
			nsCol = i
		}
	}
	if ageCol < 0 || nameCol < 0 {
		return window{}, false
	}
	resource := getResource(args)
	if resource == "" {
		return window{}, false
	}
	var w window
	found := false
	for _, l := range step.Shown[1:] {
		cells := colSplit.Split(strings.TrimSpace(l.Text), -1)
		if len(cells) != len(hdr) {
			continue
		}
		lo, hi, ok := ParseAge(cells[ageCol])
		if !ok {
			continue
		}
		name := s.bind.Apply(cells[nameCol])
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		ns := namespaceFlag(args)
		if nsCol >= 0 {
			ns = cells[nsCol]
		}
		created, ok := s.creationTime(resource, ns, name)
		if !ok {
			continue
		}
		rw := window{from: created.Add(lo), to: created.Add(hi), created: created}
		if !found {
			w, found = rw, true
			continue
		}
		if rw.from.After(w.from) {
			w.from, w.created = rw.from, rw.created
		}
		if rw.to.Before(w.to) {
			w.to = rw.to
		}
	}
	if !found || !w.from.Before(w.to) {
		return window{}, false
	}
	return w, true
}

// creationTime is an object's creationTimestamp, from the simulator directly when it can say.
func (s *state) creationTime(resource, ns, name string) (time.Time, bool) {
	if c, ok := s.cl.(interface {
		CreationTime(resource, namespace, name string) (time.Time, bool)
	}); ok {
		plural := map[string]string{"pod": "pods", "po": "pods", "svc": "services", "service": "services",
			"deploy": "deployments", "deployment": "deployments", "rs": "replicasets", "replicaset": "replicasets",
			"ns": "namespaces", "namespace": "namespaces", "no": "nodes", "node": "nodes", "cm": "configmaps",
			"configmap": "configmaps", "secret": "secrets"}[resource]
		if plural == "" {
			plural = resource
		}
		if t, ok := c.CreationTime(plural, ns, name); ok {
			return t, true
		}
	}
	q := []string{"kubectl", "get", resource, name, "-o", "jsonpath={.metadata.creationTimestamp}"}
	if ns != "" {
		q = append(q, "-n", ns)
	}
	out := s.cl.Kubectl(q, nil, s.fs, false)
	if out.Exit != 0 {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(out.Stdout))
	return t, err == nil
}

// getResource returns the resource a get command lists ("pods" for `get pods`, `get pod x`,
// `get pods/x`), "" when it lists several kinds.
func getResource(args []string) string {
	seen := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "-n" || a == "--namespace" || a == "-l" || a == "--selector" || a == "-o" || a == "--output" || a == "-f" {
			i++
			continue
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		if !seen {
			seen = a == "get"
			continue
		}
		r, _, _ := strings.Cut(a, "/")
		if strings.Contains(r, ",") || r == "all" {
			return ""
		}
		return r
	}
	return ""
}

func namespaceFlag(args []string) string {
	for i, a := range args {
		if (a == "-n" || a == "--namespace") && i+1 < len(args) {
			return args[i+1]
		}
		if strings.HasPrefix(a, "--namespace=") {
			return a[len("--namespace="):]
		}
		if strings.HasPrefix(a, "-n") && len(a) > 2 && !strings.HasPrefix(a, "--") {
			return a[2:]
		}
	}
	return ""
}

var ageRe = regexp.MustCompile(`^(\d+y)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?$`)

// ParseAge inverts k8s.io/apimachinery/pkg/util/duration.HumanDuration (v0.37.2): the
// durations [lo, hi) that print as s. The precision follows the magnitude: "5m12s" is one
// second wide, "10m" one minute, "12h" one hour, "10d" one day.
func ParseAge(s string) (lo, hi time.Duration, ok bool) {
	if s == "" || s == "<unknown>" || s == "<invalid>" {
		return 0, 0, false
	}
	m := ageRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	num := func(p string) time.Duration {
		if p == "" {
			return 0
		}
		n, _ := strconv.Atoi(p[:len(p)-1])
		return time.Duration(n)
	}
	y, d, h, mi, sec := num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5])
	day := 24 * time.Hour
	lo = y*365*day + d*day + h*time.Hour + mi*time.Minute + sec*time.Second
	var width time.Duration
	switch {
	case m[5] != "":
		width = time.Second
	case m[4] != "":
		if mi < 10 && m[3] == "" {
			width = time.Second // "2m" only for exactly 2m0s below 10 minutes
		} else {
			width = time.Minute
		}
	case m[3] != "":
		if h < 8 && m[2] == "" {
			width = time.Minute
		} else {
			width = time.Hour
		}
	case m[2] != "":
		if d < 8 && m[1] == "" {
			width = time.Hour
		} else {
			width = day
		}
	default:
		width = day
	}
	if lo == 0 && m[5] == "" {
		return 0, 0, false
	}
	return lo, lo + width, true
}

// ageShift says how far the clock must move from the moment sim was printed for the
// durations that grow with time in a shown output to read as shown: describe's Events ages
// and `(3m50s ago)` (a get table's AGE column gives a window of its own, see ageWindow).
// The shifts that fit every pair of durations are [lo, hi); ok is false when the output has
// no such pair or no one shift fits them all.
func ageShift(shown []string, sim string) (lo, hi time.Duration, ok bool) {
	simLines := splitLines(sim)
	first := true
	fit := func(s, a string) {
		slo, shi, ok1 := ParseAge(s)
		alo, ahi, ok2 := ParseAge(a)
		if !ok1 || !ok2 {
			return
		}
		// The simulated duration is in [alo, ahi) now; shifted by d it is in
		// [alo+d, ahi+d), which must meet the shown [slo, shi).
		l, h := slo-ahi+1, shi-alo
		if first {
			lo, hi, first = l, h, false
			return
		}
		lo, hi = max(lo, l), min(hi, h)
	}
	// `(3m50s ago)`: lines paired by their first word (a table's NAME, a describe key).
	used := make([]bool, len(simLines))
	for _, l := range shown {
		sa := agoValues(l)
		if len(sa) == 0 {
			continue
		}
		key := firstField(l)
		for j, a := range simLines {
			if used[j] || firstField(a) != key {
				continue
			}
			if aa := agoValues(a); len(aa) == len(sa) {
				used[j] = true
				for k := range sa {
					fit(sa[k], aa[k])
				}
				break
			}
		}
	}
	// Events rows, paired by type, reason and source.
	se, ae := eventRows(shown), eventRows(simLines)
	taken := make([]bool, len(ae))
	for _, r := range se {
		for j, a := range ae {
			if !taken[j] && a.key == r.key {
				taken[j] = true
				fit(r.age, a.age)
				break
			}
		}
	}
	return lo, hi, !first && lo < hi
}

var agoRe = regexp.MustCompile(`\((\S+) ago\)`)

func agoValues(l string) []string {
	if !strings.Contains(l, " ago)") {
		return nil
	}
	var out []string
	for _, m := range agoRe.FindAllStringSubmatch(l, -1) {
		out = append(out, m[1])
	}
	return out
}

func firstField(l string) string {
	f, _, _ := strings.Cut(strings.TrimSpace(l), " ")
	return f
}

type eventRow struct{ key, age string }

// eventRows reads the rows of describe's Events table: Type, Reason, Age, From, Message.
func eventRows(lines []string) []eventRow {
	var out []eventRow
	in := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		cells := colSplit.Split(t, -1)
		if len(cells) >= 5 && cells[0] == "Type" && cells[1] == "Reason" && cells[2] == "Age" {
			in = true
			continue
		}
		if !in || strings.HasPrefix(t, "----") {
			continue
		}
		if len(cells) < 4 || t == "" {
			in = t != "" && in
			continue
		}
		age, _, _ := strings.Cut(cells[2], " ")
		out = append(out, eventRow{key: cells[0] + "\x00" + cells[1] + "\x00" + cells[3], age: age})
	}
	return out
}
