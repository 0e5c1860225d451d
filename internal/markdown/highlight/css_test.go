package highlight

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestWriteCSS compares the github/github-dark stylesheet with its golden
// copy (go test -update rewrites it) and checks its shape: every light rule
// has dark counterparts in both dark scopes, and dark rules reset what only
// the light style sets.
func TestWriteCSS(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSS(&buf, "github", "github-dark"); err != nil {
		t.Fatal(err)
	}
	css := buf.String()
	golden := "testdata/css/github.css"
	if *update {
		if err := os.MkdirAll("testdata/css", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if css != string(want) {
		t.Errorf("stylesheet differs from %s (go test -update rewrites it)", golden)
	}
	light := regexp.MustCompile(`(?m)^\.chroma \.([a-z0-9]+) \{`).FindAllStringSubmatch(css, -1)
	if len(light) < 20 {
		t.Fatalf("only %d light token rules", len(light))
	}
	for _, m := range light {
		if m[1] == "line" && strings.Contains(structuralCSS, ".chroma .line {") {
			continue // layout only, the same in both modes
		}
		for _, scope := range []string{"  :root:not([data-theme=\"light\"]) .chroma ." + m[1] + " {", "  [data-theme=\"dark\"] .chroma ." + m[1] + " {"} {
			if !strings.Contains(css, scope) {
				t.Errorf("no dark rule %q for the light rule .chroma .%s", scope, m[1])
			}
		}
	}
	for _, s := range []string{
		".chroma .nt { color: #0550ae }",                                                // github's key colour
		"  [data-theme=\"dark\"] .chroma { color: #e6edf3; background-color: #0d1117 }", // github-dark's background
		"@media screen and (prefers-color-scheme: dark) {",
		"@media screen {",
	} {
		if !strings.Contains(css, s) {
			t.Errorf("stylesheet lacks %q", s)
		}
	}
	if strings.Contains(css, "style=") {
		t.Error("stylesheet mentions inline styles")
	}
	if err := WriteCSS(&buf, "no-such-style", "github-dark"); err == nil {
		t.Error("WriteCSS accepted an unknown style")
	}
}

var update = flag.Bool("update", false, "rewrite golden files")
