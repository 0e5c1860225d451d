package verify

import (
	"fmt"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"
)

// applyEdit applies a fragment (a partial YAML map) to a file: each top-level key of the
// fragment replaces the one place in the file where that key stands (its line and the lines
// of its value). Zero or several places make the edit ambiguous: the error lists them, and
// nothing is guessed. It returns the new content and the 1-based lines of the places changed.
func applyEdit(content, fragment string) (string, []int, error) {
	keys := topKeys(fragment)
	if len(keys) == 0 {
		return "", nil, fmt.Errorf("the fragment has no key")
	}
	lines := strings.Split(strings.TrimSuffix(content, "\n"), "\n")
	var changed []int
	for _, k := range keys {
		re := regexp.MustCompile(`^(\s*)(- )?"?` + regexp.QuoteMeta(k.name) + `"?\s*:(\s|$)`)
		var places []int
		for i, l := range lines {
			if re.MatchString(l) {
				places = append(places, i)
			}
		}
		switch len(places) {
		case 0:
			return "", nil, fmt.Errorf("no place in the file has the key %q", k.name)
		case 1:
		default:
			var at []string
			for _, p := range places {
				at = append(at, fmt.Sprintf("line %d of the file", p+1))
			}
			return "", nil, fmt.Errorf("the key %q fits %d places (%s)", k.name, len(places), strings.Join(at, ", "))
		}
		p := places[0]
		m := re.FindStringSubmatch(lines[p])
		indent := len(m[1]) + len(m[2])
		// The value's lines: deeper than the key (or a sequence at the key's column).
		end := p + 1
		for end < len(lines) {
			l := lines[end]
			t := strings.TrimLeft(l, " ")
			ind := len(l) - len(t)
			if t == "" || ind > indent || ind == indent && strings.HasPrefix(t, "- ") && m[2] == "" {
				end++
				continue
			}
			break
		}
		for end > p+1 && strings.TrimSpace(lines[end-1]) == "" {
			end--
		}
		var repl []string
		for j, fl := range k.lines {
			pre := strings.Repeat(" ", indent)
			if j == 0 {
				pre = m[1] + m[2]
			}
			repl = append(repl, pre+fl)
		}
		lines = append(lines[:p], append(repl, lines[end:]...)...)
		changed = append(changed, p+1)
	}
	out := strings.Join(lines, "\n") + "\n"
	var check map[string]any
	if err := yaml.Unmarshal([]byte(out), &check); err != nil {
		return "", nil, fmt.Errorf("the edited file is not valid YAML: %v", err)
	}
	return out, changed, nil
}

type fragKey struct {
	name  string
	lines []string // the key's lines, indentation relative to the key
}

// topKeys splits a fragment into its top-level keys.
func topKeys(frag string) []fragKey {
	var out []fragKey
	ls := strings.Split(strings.TrimRight(frag, "\n"), "\n")
	base := -1
	for _, l := range ls {
		t := strings.TrimLeft(l, " ")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		ind := len(l) - len(t)
		if base < 0 {
			base = ind
		}
		if ind == base && !strings.HasPrefix(t, "- ") {
			name, _, ok := strings.Cut(t, ":")
			if !ok {
				return nil
			}
			out = append(out, fragKey{name: strings.Trim(name, `"'`)})
		}
		if len(out) == 0 {
			return nil
		}
		k := &out[len(out)-1]
		k.lines = append(k.lines, l[min(base, ind):])
	}
	return out
}
