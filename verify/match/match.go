// Package match owns the comparison of an output shown in a post with the output the simulator
// printed: by structure chosen from the command (get tables by header, row key and cell; -o
// yaml/json and describe by the lines shown, unshown server fields ignored, describe Events
// unordered; free text line by line), with volatile values (durations, timestamps, IPs, uids,
// resourceVersions, container and image IDs, pull sizes, generated name suffixes) compared by
// shape and generated names bound on first sight, elisions (`...`, `…`, `[...]`, `<snip>` lines,
// `[..]` inside a line) and abridged outputs. It also computes the fixed text of a stale output
// for --fix, keeping the author's bytes where they match.
//
// It imports only the standard library.
package match

import (
	"regexp"
	"strings"
)

// Kind is the structure used to compare an output.
type Kind int

const (
	// Text compares line by line.
	Text Kind = iota
	// Table compares a `kubectl get` table by header, row key and cell.
	Table
	// Fields compares lines as a subsequence of the simulated output (-o yaml|json, describe:
	// unshown lines are ignored); describe's Events rows are unordered.
	Fields
)

func (k Kind) String() string { return [...]string{"text", "table", "fields"}[k] }

// KindFor chooses the structure from a command's words.
func KindFor(args []string) Kind {
	if len(args) < 2 {
		return Text
	}
	prog := args[0]
	if prog != "kubectl" && prog != "k" && prog != "oc" {
		return Text
	}
	verb := ""
	output := ""
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-w" || a == "--watch" || a == "--watch-only":
			return Text // a stream the author stopped at some point: its first lines
		case a == "-o" || a == "--output":
			if i+1 < len(args) {
				output = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "-o="), strings.HasPrefix(a, "--output="):
			output = a[strings.IndexByte(a, '=')+1:]
		case strings.HasPrefix(a, "-o") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			output = a[2:]
		case a == "-n" || a == "--namespace" || a == "-l" || a == "-c" || a == "--selector" || a == "--context":
			i++
		case !strings.HasPrefix(a, "-") && verb == "":
			verb = a
		}
	}
	switch verb {
	case "get", "top":
		switch output {
		case "", "wide":
			return Table
		case "yaml", "json":
			return Fields
		}
		return Text
	case "describe":
		return Fields
	}
	return Text
}

// Bindings holds generated names bound on first sight (shown name → simulated name) and the
// node name the simulated cluster uses. A Bindings is used by one scenario, in order.
type Bindings struct {
	Names map[string]string
	// Node is the simulated node's name: a shown node name is bound to it on first sight.
	Node string
	// memo keeps prepared lines (masks are costly and outputs repeat across probes).
	memo map[string]*prep
}

// prep prepares a line, through the memo when there is one.
func (b *Bindings) prep(l string) *prep {
	if b == nil {
		return newPrep(l)
	}
	if b.memo == nil {
		b.memo = map[string]*prep{}
	}
	if p, ok := b.memo[l]; ok {
		return p
	}
	p := newPrep(l)
	if len(b.memo) < 1<<16 {
		b.memo[l] = p
	}
	return p
}

// NewBindings returns empty bindings for a cluster whose node is node.
func NewBindings(node string) *Bindings {
	return &Bindings{Names: map[string]string{}, Node: node}
}

// Apply rewrites the shown names in s with their bound simulated names (for later commands).
func (b *Bindings) Apply(s string) string {
	if b == nil || len(b.Names) == 0 {
		return s
	}
	return genNameRe.ReplaceAllStringFunc(s, func(n string) string {
		if v, ok := b.Names[n]; ok {
			return v
		}
		return n
	})
}

// Clone returns a copy whose bindings can change without changing b's.
func (b *Bindings) Clone() *Bindings { return b.clone() }

func (b *Bindings) clone() *Bindings {
	if b.memo == nil {
		b.memo = map[string]*prep{}
	}
	c := &Bindings{Names: make(map[string]string, len(b.Names)), Node: b.Node, memo: b.memo}
	for k, v := range b.Names {
		c.Names[k] = v
	}
	return c
}

// Volatile patterns, most specific first. Each is replaced by a class marker before lines are
// compared, so that two values of the same shape compare equal.
var volatile = []struct {
	class string
	re    *regexp.Regexp
	// need is a substring every match contains, pre a test every matching line passes: cheap
	// tests before the regexp (most lines have none of these values).
	need string
	pre  func(string) bool
	// find, when set, finds the regexp's matches without it (same matches, faster); the
	// regexp stays the definition (TestMaskCheapTests, FuzzMaskCheapTests).
	find func(string) [][2]int
}{
	{"TS", regexp.MustCompile(`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?`), "-", shape("dddd-dd-dd"), nil},
	{"TS", regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}`), ", ", clock, nil},
	{"TS", regexp.MustCompile(`\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}`), "/", clock, nil},
	{"TS", regexp.MustCompile(`\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}`), "/", shape("dddd/dd/dd"), nil},
	{"TS", regexp.MustCompile(`\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2}(\.\d+)?`), ":", clock, nil},
	{"TS", regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} [A-Z]{2,5} \d{4}`), ":", clock, nil},
	{"TS", regexp.MustCompile(`\b\d{2}:\d{2}:\d{2}(\.\d+)?\b`), ":", clock, nil},
	{"TS", regexp.MustCompile(`\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+`), "..", nil, nil},
	{"UID", regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`), "-", shape("xxxxxxxx-xxxx-"), nil},
	{"CID", regexp.MustCompile(`\b(containerd|docker|cri-o|docker-pullable)://[0-9a-f]{6,64}\b`), "://", nil, nil},
	{"DIGEST", regexp.MustCompile(`sha256:[0-9a-f]{6,64}\b`), "sha256:", nil, nil},
	{"IP", regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`), ".", shape("d.d"), findIPs},
	{"SIZE", regexp.MustCompile(`Image size: \d+ bytes`), "Image size: ", nil, nil},
	{"RV", regexp.MustCompile(`resourceVersion: "\d+"`), "resourceVersion", nil, nil},
	{"COUNT", regexp.MustCompile(`\(x\d+ over `), "(x", nil, nil},
	{"DUR", regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|us|ms|s|m|h|d|y)(\d+(\.\d+)?(ms|s|m|h|d))*\b|<invalid>|<unknown>`), "", duration, findDurations},
}

// clock reports a time of day (two digits, colon, two digits, colon, two digits).
var clock = shape("dd:dd:dd")

// shape returns a test for a run of bytes somewhere in a line: 'd' stands for a decimal
// digit, 'x' for a lower-case hexadecimal digit, any other byte for itself.
func shape(p string) func(string) bool {
	return func(s string) bool {
	next:
		for i := 0; i+len(p) <= len(s); i++ {
			for k := 0; k < len(p); k++ {
				c := s[i+k]
				switch p[k] {
				case 'd':
					if c < '0' || c > '9' {
						continue next
					}
				case 'x':
					if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
						continue next
					}
				default:
					if c != p[k] {
						continue next
					}
				}
			}
			return true
		}
		return false
	}
}

// duration reports a digit followed by a unit letter (or µ), or kubectl's <invalid> and
// <unknown>.
func duration(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			switch s[i+1] {
			case 'n', 'u', 'm', 's', 'h', 'd', 'y', 0xc2: // 0xc2: the first byte of µ
				return true
			}
		}
	}
	return strings.Contains(s, "<invalid>") || strings.Contains(s, "<unknown>")
}

// genName reports a '-' followed by five letters of the generated-name alphabet that end a
// word: what every generated name ends with.
func genName(s string) bool {
	for i := strings.IndexByte(s, '-'); i >= 0 && i+6 <= len(s); {
		ok := true
		for k := 1; k <= 5; k++ {
			if !strings.ContainsRune("bcdfghjklmnpqrstvwxz2456789", rune(s[i+k])) {
				ok = false
				break
			}
		}
		if ok && (i+6 == len(s) || !isWordByte(s[i+6])) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '-')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// boundary is the regexp \b at i: a word character on one side only.
func boundary(s string, i int) bool {
	before := i > 0 && isWordByte(s[i-1])
	after := i < len(s) && isWordByte(s[i])
	return before != after
}

// digitsEnd returns the end of the run of decimal digits at i.
func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// findDurations finds what
// \b\d+(\.\d+)?(ns|µs|us|ms|s|m|h|d|y)(\d+(\.\d+)?(ms|s|m|h|d))*\b|<invalid>|<unknown> matches,
// leftmost first and trying the alternatives in order as the regexp does.
func findDurations(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		end := -1
		switch {
		case s[i] >= '0' && s[i] <= '9' && boundary(s, i):
			end = durationAt(s, i)
		case s[i] == '<' && (strings.HasPrefix(s[i:], "<invalid>") || strings.HasPrefix(s[i:], "<unknown>")):
			end = i + len("<invalid>")
		}
		if end > i {
			out = append(out, [2]int{i, end})
			i = end
			continue
		}
		i++
	}
	return out
}

var (
	firstUnits = []string{"ns", "µs", "us", "ms", "s", "m", "h", "d", "y"}
	laterUnits = []string{"ms", "s", "m", "h", "d"}
)

// durationAt matches \d+(\.\d+)?UNIT(\d+(\.\d+)?UNIT)*\b at i (-1: no match). A digit run
// and a fraction are taken whole: a shorter one is followed by a digit, which no unit
// starts with, and a number without its fraction is followed by '.'.
func durationAt(s string, i int) int {
	j := number(s, i)
	if j < 0 {
		return -1
	}
	for _, u := range firstUnits {
		if strings.HasPrefix(s[j:], u) {
			if e := laterParts(s, j+len(u)); e >= 0 {
				return e
			}
		}
	}
	return -1
}

// number matches \d+(\.\d+)? at i; -1 when no digit is there.
func number(s string, i int) int {
	j := digitsEnd(s, i)
	if j == i {
		return -1
	}
	if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
		j = digitsEnd(s, j+1)
	}
	return j
}

// laterParts matches (\d+(\.\d+)?(ms|s|m|h|d))*\b at k, greedily with backtracking.
func laterParts(s string, k int) int {
	if j := number(s, k); j >= 0 {
		for _, u := range laterUnits {
			if strings.HasPrefix(s[j:], u) {
				if e := laterParts(s, j+len(u)); e >= 0 {
					return e
				}
			}
		}
	}
	if boundary(s, k) {
		return k
	}
	return -1
}

// findIPs finds what \b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b matches: four runs of one to
// three digits joined by dots, at word boundaries (a longer run cannot match in part: the
// boundary before it or the dot after it fails).
func findIPs(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		if s[i] >= '0' && s[i] <= '9' && boundary(s, i) {
			j, ok := i, true
			for part := 0; part < 4 && ok; part++ {
				if part > 0 {
					if j >= len(s) || s[j] != '.' {
						ok = false
						break
					}
					j++
				}
				e := digitsEnd(s, j)
				if e == j || e-j > 3 {
					ok = false
				}
				j = e
			}
			if ok && boundary(s, j) {
				out = append(out, [2]int{i, j})
				i = j
				continue
			}
		}
		i++
	}
	return out
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// genNameRe matches names with a generated suffix (the apiserver's and controllers' alphabet,
// k8s.io/apimachinery/pkg/util/rand: "bcdfghjklmnpqrstvwxz2456789").
var genNameRe = regexp.MustCompile(`\b[a-z0-9]([-a-z0-9]*[a-z0-9])?(-[bcdfghjklmnpqrstvwxz2456789]{8,10})?-[bcdfghjklmnpqrstvwxz2456789]{5}\b`)

var hashRe = regexp.MustCompile(`^[bcdfghjklmnpqrstvwxz2456789]{8,10}$`)

var ansiRe = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]|\x1b\\][^\x07]*\x07")

// Clean strips ANSI escapes and a trailing CR.
func Clean(s string) string {
	s = strings.TrimSuffix(s, "\r")
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = ansiRe.ReplaceAllString(s, "")
	}
	return s
}

// mask replaces volatile values by class markers and collapses white space.
func mask(s string) string {
	s = Clean(s)
	digits := strings.ContainsAny(s, "0123456789")
	for _, v := range volatile {
		if v.need != "" && !strings.Contains(s, v.need) {
			continue
		}
		if !(digits || v.class == "DUR" && strings.Contains(s, "<invalid>")) || v.pre != nil && !v.pre(s) {
			continue
		}
		if v.find != nil {
			if m := v.find(s); m != nil {
				var b strings.Builder
				last := 0
				for _, ix := range m {
					b.WriteString(s[last:ix[0]])
					b.WriteString("\x00" + v.class + "\x00")
					last = ix[1]
				}
				b.WriteString(s[last:])
				s = b.String()
			}
			continue
		}
		if v.re.MatchString(s) {
			s = v.re.ReplaceAllString(s, "\x00"+v.class+"\x00")
		}
	}
	if !strings.Contains(s, "-") || !genName(s) {
		return strings.Join(strings.Fields(s), " ")
	}
	s = genNameRe.ReplaceAllStringFunc(s, func(n string) string {
		base := n[:strings.LastIndexByte(n, '-')]
		if h := strings.LastIndexByte(base, '-'); h > 0 && hashRe.MatchString(base[h+1:]) {
			base = base[:h]
		}
		return base + "-\x00GEN\x00"
	})
	return strings.Join(strings.Fields(s), " ")
}

// squash collapses white space (column padding never matters).
func squash(s string) string { return strings.Join(strings.Fields(Clean(s)), " ") }

// IsElision reports a line that stands for any number of omitted lines.
func IsElision(s string) bool {
	switch strings.TrimSpace(Clean(s)) {
	case "...", "…", "[...]", "<snip>", "[snip]", "......", "# ...", "(...)", "…………", "[…]":
		return true
	}
	return false
}

// prep is a line prepared for comparison. Preps are shared (the memo) and read by one
// scenario at a time; the lazily made fields are caches.
type prep struct {
	raw, sq, mk string
	first, last string         // first and last words, lower-cased
	wild        *regexp.Regexp // the line with `[..]` as a wildcard, nil without one
	// elided are the line's beginnings before a trailing elision ("containerID: ...").
	elided []string
	// fields are mk's words (made on first use); nodeMk is mk with the bound node name
	// nodeFor replaced by the simulated node's (made on first use).
	fields          []string
	nodeFor, nodeMk string
}

func newPrep(l string) *prep {
	p := &prep{raw: l, sq: squash(l), mk: mask(l)}
	for _, e := range []string{"...", "…", "[...]"} {
		if b := strings.TrimSuffix(p.sq, e); b != p.sq && strings.TrimSpace(b) != "" {
			p.elided = append(p.elided, b)
		}
	}
	if f := strings.Fields(p.sq); len(f) > 0 {
		p.first, p.last = strings.ToLower(f[0]), strings.ToLower(f[len(f)-1])
	}
	if strings.Contains(l, "[..]") || strings.Contains(p.sq, " ... ") || strings.Contains(p.sq, " … ") {
		// `[..]` (and, tried after the literal line, " ... ") skip any characters.
		sq := strings.NewReplacer(" ... ", " [..] ", " … ", " [..] ").Replace(p.sq)
		parts := strings.Split(sq, "[..]")
		for i, s := range parts {
			parts[i] = regexp.QuoteMeta(s)
		}
		p.wild, _ = regexp.Compile("^" + strings.Join(parts, ".*") + "$")
	}
	return p
}

func (p *prep) words() []string {
	if p.fields == nil {
		p.fields = strings.Fields(p.mk)
	}
	return p.fields
}

func prepareWith(b *Bindings, ls []string) []*prep {
	out := make([]*prep, len(ls))
	for i, l := range ls {
		out[i] = b.prep(l)
	}
	return out
}

// lineEq compares a shown line with a simulated line: literally (padding aside), then by
// shape, then with `[..]` wildcards; a generated name or node name that differs is bound
// (in b, when commit) on first sight.
func lineEq(shown, sim string, b *Bindings) bool {
	return prepEq(b.prep(shown), b.prep(sim), b, true)
}

func prepEq(s, a *prep, b *Bindings, commit bool) bool {
	if s.sq == a.sq {
		return true
	}
	if s.mk == a.mk {
		return bindNames(s.raw, a.raw, b, commit)
	}
	if b != nil && b.Node != "" && strings.Contains(a.raw, b.Node) {
		// The shown node name, bound to the simulated node.
		if bound, ok := b.Names["\x00node"]; ok {
			if s.nodeFor != bound || s.nodeMk == "" {
				s.nodeFor, s.nodeMk = bound, mask(strings.ReplaceAll(s.raw, bound, b.Node))
			}
			if s.nodeMk == a.mk {
				return true
			}
		} else if n := nodeCandidate(s.words(), a.words(), b.Node); n != "" {
			if commit {
				b.Names["\x00node"] = n
			}
			return true
		}
	}
	if s.wild != nil && (s.wild.MatchString(a.sq) || s.wild.MatchString(a.mk)) {
		return true
	}
	// A value elided at the end of a line ("containerID: ...").
	for _, p := range s.elided {
		if strings.HasPrefix(a.sq, p) {
			return true
		}
	}
	return false
}

// nodeCandidate finds the word of the shown masked line standing where the node name stands
// in the simulated one.
func nodeCandidate(fs, fa []string, node string) string {
	if len(fs) != len(fa) {
		return ""
	}
	cand := ""
	for i := range fs {
		if fs[i] == fa[i] {
			continue
		}
		if !strings.Contains(fa[i], node) {
			return ""
		}
		pre, post, _ := strings.Cut(fa[i], node)
		if !strings.HasPrefix(fs[i], pre) || !strings.HasSuffix(fs[i], post) || len(fs[i]) <= len(pre)+len(post) {
			return ""
		}
		c := fs[i][len(pre) : len(fs[i])-len(post)]
		c = strings.TrimSuffix(c, ",")
		if cand != "" && cand != c {
			return ""
		}
		cand = c
	}
	return cand
}

// bindNames pairs the generated names of two lines that are equal by shape; it fails when a
// shown name is already bound to another simulated name.
func bindNames(shown, sim string, b *Bindings, commit bool) bool {
	if b == nil {
		return true
	}
	ns, na := genNameRe.FindAllString(Clean(shown), -1), genNameRe.FindAllString(Clean(sim), -1)
	if len(ns) != len(na) {
		return true
	}
	for i := range ns {
		if ns[i] == na[i] {
			continue
		}
		if v, ok := b.Names[ns[i]]; ok && v != na[i] {
			return false
		}
	}
	for i := range ns {
		if ns[i] != na[i] && commit {
			b.Names[ns[i]] = na[i]
		}
	}
	return true
}

// Diff is one shown line that differs, with the simulated line it stands for.
type Diff struct {
	// Shown is the index of the shown line (-1 when the simulated line is missing from the
	// shown output; then At is the index of the shown line it would precede).
	Shown int
	At    int
	// Sim is the simulated line ("" with Extra=true when the shown line has no counterpart).
	Sim   string
	Extra bool
}

// Result is the outcome of a comparison.
type Result struct {
	// OK: every shown line matches.
	OK bool
	// Abridged: the shown output leaves out simulated lines at its start or end (an excerpt
	// or the first lines of an error).
	Abridged bool
	// Elided: the shown output uses an elision.
	Elided bool
	Diffs  []Diff
	// First is the index of the first shown line that differs (-1 when none; len(shown) when
	// the difference is a missing line after the shown ones).
	First int
	// Fixed is the shown output rewritten to match: shown lines that match keep the author's
	// text, the others take the simulated text (a table row keeps the author's volatile cells
	// and is re-aligned); elisions and abridgement are kept.
	Fixed []string
}

// Compare compares shown (the lines as the post shows them) with the simulated output sim.
// b (may be nil) carries generated-name bindings across a scenario; it is updated only when
// the comparison succeeds.
func Compare(kind Kind, shown []string, sim string, b *Bindings) Result {
	simLines := splitOut(sim)
	var work *Bindings
	if b != nil {
		work = b.clone()
	}
	var r Result
	switch kind {
	case Table:
		var ok bool
		r, ok = compareTable(shown, simLines, work)
		if !ok {
			r = compareLines(shown, simLines, work, false)
		}
	case Fields:
		r = compareFields(shown, simLines, work)
	default:
		r = compareLines(shown, simLines, work, false)
	}
	if r.OK && b != nil {
		b.Names = work.Names
	}
	return r
}

func splitOut(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	ls := strings.Split(s, "\n")
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}
