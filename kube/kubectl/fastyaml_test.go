package kubectl

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/tools/txtar"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/yaml"
)

// slowDocuments is what decodeSource's decoder path gives for a stream: each non-empty
// document's JSON, or an error.
func slowDocuments(data []byte) ([][]byte, error) {
	reader := transform.NewReader(bytes.NewReader(data), unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	d := yaml.NewYAMLOrJSONDecoder(reader, 4096)
	var out [][]byte
	for {
		ext := runtime.RawExtension{}
		if err := d.Decode(&ext); err != nil {
			if err == io.EOF {
				return out, nil
			}
			return nil, err
		}
		ext.Raw = bytes.TrimSpace(ext.Raw)
		if len(ext.Raw) == 0 || bytes.Equal(ext.Raw, []byte("null")) {
			continue
		}
		out = append(out, ext.Raw)
	}
}

// checkFastYAML fails when the fast path accepts a stream and gives other documents than the
// decoder; it reports whether the fast path accepted it.
func checkFastYAML(t *testing.T, name string, data []byte) bool {
	t.Helper()
	fast, ok := fastYAMLDocuments(data)
	if !ok {
		return false
	}
	slow, err := slowDocuments(data)
	if err != nil {
		t.Errorf("%s: the fast path accepts a stream the decoder rejects (%v):\n%s", name, err, data)
		return true
	}
	if len(fast) != len(slow) {
		t.Errorf("%s: %d documents, the decoder gives %d:\n%s", name, len(fast), len(slow), data)
		return true
	}
	for i := range fast {
		if !bytes.Equal(fast[i], slow[i]) {
			t.Errorf("%s: document %d differs:\nfast %s\nslow %s\n%s", name, i, fast[i], slow[i], data)
		}
	}
	return true
}

// TestFastYAML checks the fast path against the real decoder: on the cases below (whether
// each is inside the subset is part of the expectation) and on every manifest of the test
// data.
func TestFastYAML(t *testing.T) {
	cases := []struct {
		name, yaml string
		fast       bool
	}{
		{"pod", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.14.2\n    ports:\n    - containerPort: 80\n", true},
		{"flow command", "kind: Pod\nspec:\n  containers:\n  - name: c\n    command: [\"sh\", \"-c\", \"echo <hi> & bye\"]\n    args: []\n", true},
		{"comments and separators", "# header\n---\nkind: A # trailing\nb: 'single quoted'\n---\n# only a comment\n---\nkind: B\n", true},
		{"crlf", "kind: Pod\r\nmetadata:\r\n  name: x\r\n", true},
		{"sequence at key column", "a:\n- x\n- 1\n- -2\nb: c\n", true},
		{"nested sequence items", "a:\n  - name: x\n    v: 1\n  - name: z\nb: {}\n", true},
		{"y is a boolean", "a:\n  - name: y\n", false},
		{"unicode", "kind: Pod\nmetadata:\n  annotations:\n    note: \"héllo\"\n", true},
		{"json", "{\"kind\": \"Pod\"}", false},
		{"boolean", "a: yes\n", false},
		{"null", "a: ~\n", false},
		{"empty value", "a:\nb: c\n", false},
		{"float", "a: 1.5\n", false},
		{"octal-looking", "a: 0777\n", false},
		{"quoted with escape", "a: \"x\\ny\"\n", false},
		{"block scalar", "a: |\n  line\n", false},
		{"anchor", "a: &x b\nc: *x\n", false},
		{"tab", "a:\n\tb: c\n", false},
		{"duplicate key", "a: b\na: c\n", false},
		{"multi-line plain", "a: one\n  two\n", false},
		{"on key", "on: push\n", false},
		{"bad separator", "a: b\n--- x\nc: d\n", false},
		{"top-level sequence", "- a\n- b\n", false},
		{"timestamp", "a: 2001-12-14\n", false},
		{"single quote escape", "a: 'it''s'\n", false},
	}
	for _, c := range cases {
		if got := checkFastYAML(t, c.name, []byte(c.yaml)); got != c.fast {
			t.Errorf("%s: fast path taken = %v, want %v", c.name, got, c.fast)
		}
	}
	// The manifests of the test data (txtar archives and files).
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	accepted := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if strings.HasSuffix(f, ".txtar") {
			ar := txtar.Parse(data)
			for _, af := range ar.Files {
				if strings.HasSuffix(af.Name, ".yaml") || strings.HasSuffix(af.Name, ".yml") {
					if checkFastYAML(t, f+"/"+af.Name, af.Data) {
						accepted++
					}
				}
			}
			continue
		}
		if strings.HasSuffix(f, ".yaml") && checkFastYAML(t, f, data) {
			accepted++
		}
	}
	if accepted == 0 {
		t.Error("the fast path took none of the test data's manifests")
	}
}

// FuzzFastYAML: whatever the fast path accepts decodes as the decoder decodes it.
func FuzzFastYAML(f *testing.F) {
	f.Add("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx\n")
	f.Add("a:\n- x\n- y: 1\n  z: [\"a\", b]\n---\nb: 'c'\n")
	f.Add("a: b # c\nd:\n  e: -12\n")
	f.Fuzz(func(t *testing.T, s string) {
		checkFastYAML(t, "fuzz", []byte(s))
	})
}

// TestFastYAMLGenerated compares the fast path with the decoder on documents generated from a
// grammar of block mappings and sequences over tricky scalars (seeded: reproducible).
func TestFastYAMLGenerated(t *testing.T) {
	scalars := []string{"nginx", "nginx:1.14.2", "80", "-1", "0", "007", "1.5", "yes", "y", "Y", "on", "off", "~",
		"null", "\"quoted\"", "'single'", "a b", "a #c", "/usr/share/nginx", "app.kubernetes.io/name", "x: y", "[a, b]",
		"[\"sh\", \"-c\", \"echo hi\"]", "{}", "[]", "\"é <b>&\"", "true", "1e3", "0x1F", ".5", "_x", "2001-12-14",
		"a:b", "-x", "key:", "\"\"", "''", "[ ]", "[\"a\",]", "NaN", ".inf", "1_000", "+1", "-0", "\"a'b\"", "'a\"b'", "<<"}
	keys := []string{"name", "image", "app", "a b", "on", "y", "x:y", "app.kubernetes.io/name", "1", "\"q\"", "_k", "k #", "dup"}
	rng := rand.New(rand.NewSource(1))
	var gen func(b *strings.Builder, indent int, depth int)
	gen = func(b *strings.Builder, indent, depth int) {
		n := 1 + rng.Intn(3)
		pad := strings.Repeat(" ", indent)
		for i := 0; i < n; i++ {
			k := keys[rng.Intn(len(keys))]
			switch r := rng.Intn(6); {
			case depth < 3 && r == 0:
				fmt.Fprintf(b, "%s%s:\n", pad, k)
				gen(b, indent+2, depth+1)
			case depth < 3 && r == 1:
				fmt.Fprintf(b, "%s%s:\n", pad, k)
				seqIndent := indent + 2*rng.Intn(2)
				for j := 0; j < 1+rng.Intn(3); j++ {
					if rng.Intn(2) == 0 {
						fmt.Fprintf(b, "%s- %s\n", strings.Repeat(" ", seqIndent), scalars[rng.Intn(len(scalars))])
					} else {
						var inner strings.Builder
						gen(&inner, seqIndent+2, depth+1)
						s := inner.String()
						fmt.Fprintf(b, "%s- %s", strings.Repeat(" ", seqIndent), strings.TrimLeft(s, " "))
					}
				}
			default:
				fmt.Fprintf(b, "%s%s: %s\n", pad, k, scalars[rng.Intn(len(scalars))])
			}
			if rng.Intn(10) == 0 {
				fmt.Fprintf(b, "%s# comment\n", pad)
			}
		}
	}
	accepted := 0
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		gen(&b, 0, 0)
		if rng.Intn(4) == 0 {
			b.WriteString("---\n")
			gen(&b, 0, 0)
		}
		if checkFastYAML(t, fmt.Sprintf("generated %d", i), []byte(b.String())) {
			accepted++
		}
	}
	if accepted < 100 {
		t.Errorf("the fast path took only %d of 3000 generated documents", accepted)
	}
	t.Logf("fast path taken for %d of 3000 generated documents", accepted)
}
