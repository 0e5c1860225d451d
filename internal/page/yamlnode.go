package page

import (
	"fmt"
	"strconv"
	"strings"

	yaml "sigs.k8s.io/yaml/goyaml.v3"
)

// parseYAMLMap parses src as one YAML document whose root must be a mapping and returns the
// mapping node (nil for an empty document). lineBase is the file line of src's first line;
// errors are located in the file.
func parseYAMLMap(file string, lineBase int, src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(file, lineBase, src, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, Errorf(file, lineBase+root.Line-1, "front matter must be a mapping of keys to values, found %s", kindName(root))
	}
	return root, nil
}

// yamlError turns a YAML parser error ("yaml: line 3: …") into a located error.
// A line past the last non-blank line of src (the parser reached the end of the text) is
// reported as that last line.
func yamlError(file string, lineBase int, src []byte, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line = n
				msg = rest[i+2:]
				// go-yaml v3 prints the 0-based line for parser errors (its scanner errors
				// are 1-based): "did not find expected key", "… ',' or ']'", ….
				if strings.HasPrefix(msg, "did not find expected ") &&
					!strings.Contains(msg, "alphabetic or numeric") && !strings.Contains(msg, "hexdecimal") {
					line++
				}
			}
		}
	}
	if line == 0 {
		return Errorf(file, lineBase, "invalid YAML: %s", msg)
	}
	if last := lastTextLine(src); line > last && last > 0 {
		line = last
	}
	// An unclosed flow collection is noticed where the text stops making sense; the line
	// that opened it is the one to fix.
	for _, pair := range [][2]string{{"']'", "["}, {"'}'", "{"}} {
		if strings.Contains(msg, pair[0]) {
			if open := openingLine(src, line, pair[1]); open > 0 {
				line = open
			}
		}
	}
	return Errorf(file, lineBase+line-1, "invalid YAML: %s", msg)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "a document"
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// nodeValue converts a node to plain Go values: string, bool, int64, float64, nil,
// []any and map[string]any (timestamps stay strings, as the text the author wrote).
func nodeValue(n *yaml.Node) any {
	n = resolve(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return i
			}
		case "!!float":
			var f float64
			if n.Decode(&f) == nil {
				return f
			}
		}
		return n.Value
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, nodeValue(c))
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[resolve(n.Content[i]).Value] = nodeValue(n.Content[i+1])
		}
		return out
	}
	return nil
}

// field is one key of a mapping with the file line of the key.
type field struct {
	key  string
	line int
	val  *yaml.Node
}

// fields lists a mapping's keys in source order.
func fields(m *yaml.Node, lineBase int) []field {
	if m == nil {
		return nil
	}
	out := make([]field, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := resolve(m.Content[i])
		out = append(out, field{key: k.Value, line: lineBase + k.Line - 1, val: m.Content[i+1]})
	}
	return out
}

// decoder converts node values and remembers the first error with its line.
type decoder struct {
	file string
	base int // file line of the YAML text's first line
	errs []error
}

func (d *decoder) line(n *yaml.Node) int { return d.base + n.Line - 1 }

func (d *decoder) fail(f field, format string, args ...any) {
	d.errs = append(d.errs, Errorf(d.file, f.line, "%s: %s", f.key, fmt.Sprintf(format, args...)))
}

// scalar returns the text of a scalar (numbers and booleans as written).
func (d *decoder) scalar(f field) (string, bool) {
	n := resolve(f.val)
	if isNull(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.fail(f, "want a single value, found %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) str(f field, dst *string) {
	if s, ok := d.scalar(f); ok {
		*dst = s
	} else if isNull(f.val) {
		*dst = ""
	}
}

func (d *decoder) boolean(f field, dst *bool) {
	n := resolve(f.val)
	if isNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on":
			*dst = true
			return
		case "false", "no", "off":
			*dst = false
			return
		}
	}
	d.fail(f, "want true or false, found %s", kindName(n))
}

func (d *decoder) integer(f field, dst *int) {
	n := resolve(f.val)
	if isNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode {
		if i, err := strconv.Atoi(strings.TrimSpace(n.Value)); err == nil {
			*dst = i
			return
		}
	}
	d.fail(f, "want a whole number, found %s", kindName(n))
}

// strList accepts a list of scalars or a single scalar; null and empty items are dropped.
func (d *decoder) strList(f field) []string {
	n := resolve(f.val)
	if isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" {
			return nil
		}
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(f, "want a list, found %s", kindName(n))
		return nil
	}
	var out []string
	for _, c := range n.Content {
		c = resolve(c)
		if isNull(c) {
			continue
		}
		if c.Kind != yaml.ScalarNode {
			d.errs = append(d.errs, Errorf(d.file, d.line(c), "%s: want a list of names, found %s", f.key, kindName(c)))
			continue
		}
		if c.Value != "" {
			out = append(out, c.Value)
		}
	}
	return out
}

// strMap accepts a mapping of scalars to scalars.
func (d *decoder) strMap(f field) map[string]string {
	n := resolve(f.val)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.fail(f, "want a mapping, found %s", kindName(n))
		return nil
	}
	out := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if v.Kind != yaml.ScalarNode {
			d.fail(f, "value of %q: want a single value, found %s", k.Value, kindName(v))
			continue
		}
		out[k.Value] = v.Value
	}
	return out
}

// lastTextLine returns the 1-based number of the last line of src holding more than blanks.
func lastTextLine(src []byte) int {
	last := 0
	for n, l := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(l) != "" {
			last = n + 1
		}
	}
	return last
}

// openingLine returns the last line at or before line (1-based) whose text, outside quotes,
// opens more brackets than it closes; 0 when none does.
func openingLine(src []byte, line int, open string) int {
	close := map[string]string{"[": "]", "{": "}"}[open]
	lines := strings.Split(string(src), "\n")
	for n := min(line, len(lines)); n >= 1; n-- {
		l := lines[n-1]
		if i := strings.Index(l, " #"); i >= 0 {
			l = l[:i]
		}
		if strings.Count(l, open) > strings.Count(l, close) {
			return n
		}
	}
	return 0
}
