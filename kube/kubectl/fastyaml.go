package kubectl

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file is a fast path for the YAML manifests tutorials use: the JSON that
// k8s.io/apimachinery v0.37.2 pkg/util/yaml YAMLOrJSONDecoder gives for each document of a
// YAML stream (sigs.k8s.io/yaml: go-yaml v2 into interface{}, then encoding/json, so keys
// sorted and strings HTML-escaped), for a strict subset of YAML: block mappings and block
// sequences indented with spaces, plain scalars that can only be strings or decimal integers,
// single- and double-quoted scalars without escapes, one-line flow sequences of such scalars,
// empty flow collections, comments and "---" separators. Anything else (tabs, anchors, tags,
// block scalars, multi-line scalars, escapes, numbers other than plain decimal integers,
// booleans, nulls, duplicate keys, …) makes it give up, and the stream goes through the real
// decoder: the result is the same JSON either way (see TestFastYAML), only cheaper.

// fastYAMLDocuments splits a YAML stream into its documents' JSON, or reports that the stream
// is outside the subset. Empty documents are left out, as decodeSource leaves them out.
func fastYAMLDocuments(data []byte) ([][]byte, bool) {
	if hasBOM(data) || !utf8.Valid(data) {
		// The decoder's BOM override decodes UTF-16 and replaces invalid UTF-8.
		return nil, false
	}
	if !printable(data) {
		return nil, false
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] == '{' || trimmed[0] == '[' {
		// JSON streams (and empty ones) take the decoder's own path.
		return nil, false
	}
	var docs [][]byte
	var lines []fyLine
	flush := func() bool {
		if len(lines) == 0 {
			return true
		}
		js, ok := fastYAMLDocument(lines)
		if !ok {
			return false
		}
		docs = append(docs, js)
		lines = lines[:0]
		return true
	}
	for _, raw := range bytes.Split(data, []byte("\n")) {
		line := string(bytes.TrimSuffix(raw, []byte("\r")))
		if strings.HasPrefix(line, "---") {
			// YAMLReader: only a comment may follow the separator; a separator that follows
			// another one is part of the next document's text, where go-yaml reads "---#x" as
			// a scalar: only "---" alone or followed by a space is taken.
			if rest := line[3:]; rest != "" && (rest[0] != ' ' || (strings.TrimSpace(rest) != "" && strings.TrimSpace(rest)[0] != '#')) {
				return nil, false
			}
			if !flush() {
				return nil, false
			}
			continue
		}
		if strings.HasPrefix(line, "...") || strings.HasPrefix(line, "%") || strings.ContainsAny(line, "\t\r") {
			return nil, false
		}
		content := strings.TrimLeft(line, " ")
		if content == "" || content[0] == '#' {
			continue
		}
		lines = append(lines, fyLine{indent: len(line) - len(content), text: strings.TrimRight(content, " ")})
	}
	if !flush() {
		return nil, false
	}
	return docs, true
}

// printable reports that data has only characters go-yaml accepts without a "control
// characters are not allowed" error (go-yaml v2 is_printable), conservatively: line breaks,
// ASCII graphic characters and spaces, and non-ASCII runes from U+00A0 except U+FEFF, U+FFFE
// and U+FFFF.
func printable(data []byte) bool {
	for _, r := range string(data) {
		switch {
		case r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E):
		case r >= 0xA0 && r != 0xFEFF && r != 0xFFFE && r != 0xFFFF:
		default:
			return false
		}
	}
	return true
}

type fyLine struct {
	indent int
	text   string
}

// fyParser parses one document's lines.
type fyParser struct {
	lines []fyLine
	pos   int
}

func fastYAMLDocument(lines []fyLine) ([]byte, bool) {
	p := &fyParser{lines: lines}
	if isSeqItem(lines[0].text) {
		// A top-level sequence is no Kubernetes object.
		return nil, false
	}
	v, ok := p.mapping(lines[0].indent)
	if !ok || p.pos != len(lines) {
		return nil, false
	}
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.Bytes(), true
}

func isSeqItem(text string) bool { return text == "-" || strings.HasPrefix(text, "- ") }

// node is a parsed value: map[string]any (keys sorted when written), []any, string or
// json.Number.
type node = any

// mapping parses a block mapping whose keys sit at column indent.
func (p *fyParser) mapping(indent int) (map[string]node, bool) {
	m := map[string]node{}
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent || isSeqItem(l.text) {
			return nil, false
		}
		key, rest, ok := splitKey(l.text)
		if !ok {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		p.pos++
		v, ok := p.value(rest, indent, true)
		if !ok {
			return nil, false
		}
		m[key] = v
	}
	return m, true
}

// value parses what follows "key:" or "- " (rest, trimmed) for an entry at column indent: an
// inline scalar or flow sequence, or the block on the following lines. In a mapping
// (inMapping) a sequence may sit at the key's own column.
func (p *fyParser) value(rest string, indent int, inMapping bool) (node, bool) {
	if rest != "" {
		return inlineValue(rest)
	}
	if p.pos >= len(p.lines) {
		return nil, false // null
	}
	next := p.lines[p.pos]
	switch {
	case next.indent > indent && isSeqItem(next.text):
		return p.sequence(next.indent)
	case next.indent > indent:
		return p.mapping(next.indent)
	case next.indent == indent && inMapping && isSeqItem(next.text):
		return p.sequence(indent)
	}
	return nil, false // null
}

// sequence parses a block sequence whose dashes sit at column indent.
func (p *fyParser) sequence(indent int) ([]node, bool) {
	s := []node{}
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		if l.indent < indent || (l.indent == indent && !isSeqItem(l.text)) {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		item := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		if item == "" {
			p.pos++
			v, ok := p.value("", indent, false)
			if !ok {
				return nil, false
			}
			s = append(s, v)
			continue
		}
		if isSeqItem(item) {
			return nil, false // "- - x"
		}
		col := indent + (len(l.text) - len(item))
		if _, _, ok := splitKey(item); ok {
			// "- key: value": a mapping whose keys sit at col; its first entry is on this
			// line.
			p.lines[p.pos] = fyLine{indent: col, text: item}
			v, ok := p.mapping(col)
			if !ok {
				return nil, false
			}
			s = append(s, v)
			continue
		}
		p.pos++
		v, ok := inlineValue(item)
		if !ok {
			return nil, false
		}
		s = append(s, v)
	}
	return s, true
}

// splitKey splits "key: value" or "key:" with a plain, safe key.
func splitKey(text string) (key, rest string, ok bool) {
	i := strings.Index(text, ":")
	for i >= 0 && i+1 < len(text) && text[i+1] != ' ' {
		j := strings.Index(text[i+1:], ":")
		if j < 0 {
			return "", "", false
		}
		i += 1 + j
	}
	if i <= 0 {
		return "", "", false
	}
	key = text[:i]
	// go-yaml limits implicit keys to 1024 characters.
	if len(key) > 1000 || !safePlain(key) || strings.Contains(key, " #") || strings.HasSuffix(key, " ") {
		return "", "", false
	}
	rest = strings.TrimLeft(text[i+1:], " ")
	if strings.HasPrefix(rest, "#") {
		rest = ""
	}
	return key, rest, true
}

// inlineValue is a scalar or a one-line flow sequence.
func inlineValue(s string) (node, bool) {
	switch {
	case s == "[]":
		return []node{}, true
	case s == "{}":
		return map[string]node{}, true
	case strings.HasPrefix(s, "["):
		end := strings.LastIndex(s, "]")
		if end < 0 || !trailingComment(s[end+1:]) {
			return nil, false
		}
		body := strings.TrimSpace(s[1:end])
		out := []node{}
		if body == "" {
			return out, true
		}
		for _, el := range splitFlow(body) {
			v, ok := scalar(strings.TrimSpace(el), true)
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	}
	return scalar(s, false)
}

// splitFlow splits a flow sequence's body on commas outside quotes; ok is false for nested
// collections (the caller's scalar check rejects them).
func splitFlow(body string) []string {
	var out []string
	var quote byte
	start := 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ',':
			out = append(out, body[start:i])
			start = i + 1
		}
	}
	return append(out, body[start:])
}

// trailingComment reports whether s is empty or a comment after at least one space.
func trailingComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || (t[0] == '#' && len(t) < len(s))
}

// scalar is a quoted scalar without escapes, a decimal integer or a safe plain string
// (inFlow: in a flow sequence, where ",[]{}" end a plain scalar).
func scalar(s string, inFlow bool) (node, bool) {
	if s == "" {
		return nil, false
	}
	switch s[0] {
	case '"':
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || strings.ContainsRune(s[1:end+1], '\\') || !trailingComment(s[end+2:]) {
			return nil, false
		}
		return s[1 : end+1], true
	case '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 || !trailingComment(s[end+2:]) {
			return nil, false
		}
		if end+2 < len(s) && s[end+2] == '\'' {
			return nil, false // '' escape
		}
		return s[1 : end+1], true
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimRight(s[:i], " ")
	}
	if inFlow && strings.ContainsAny(s, ",[]{}") {
		return nil, false
	}
	if isDecimal(s) {
		return json.Number(s), true
	}
	if !safePlain(s) {
		return nil, false
	}
	return s, true
}

// isDecimal reports a plain scalar go-yaml v2 reads as an int that JSON writes back as is.
func isDecimal(s string) bool {
	d := strings.TrimPrefix(s, "-")
	if d == "" || len(d) > 18 || (len(d) > 1 && d[0] == '0') {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return d != "0" || s == "0"
}

// safePlain reports a plain scalar go-yaml v2 resolves to this very string: it starts with a
// letter or '/', is not one of YAML 1.1's booleans or nulls (go-yaml v2 resolve.go), and has
// none of the characters that end or change a plain scalar.
func safePlain(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '_') {
		return false
	}
	if strings.ContainsAny(s, "#\"'`{}[]&*!|>%@\\") || strings.Contains(s, ": ") || strings.HasSuffix(s, ":") {
		return false
	}
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL":
		return false
	}
	return true
}

// writeJSON writes v as encoding/json writes the equivalent interface{} value: map keys
// sorted, strings escaped with HTML escaping.
func writeJSON(b *bytes.Buffer, v node) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeJSONString(b, t)
	case json.Number:
		b.WriteString(string(t))
	case []node:
		b.WriteByte('[')
		for i, el := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, el)
		}
		b.WriteByte(']')
	case map[string]node:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, t[k])
		}
		b.WriteByte('}')
	}
}

// writeJSONString is encoding/json's string encoding with escapeHTML.
func writeJSONString(b *bytes.Buffer, s string) {
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= 0x80 {
			simple = false
			break
		}
	}
	if simple {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	js, _ := json.Marshal(s)
	b.Write(js)
}
