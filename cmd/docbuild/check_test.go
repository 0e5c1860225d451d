package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// checkCLI runs `docbuild check|replay …` with the two commands of this file set, mapping
// errors to exit statuses as run does.
func checkCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	root := &cobra.Command{Use: "docbuild", SilenceUsage: true, SilenceErrors: true}
	root.SetArgs(args)
	root.SetOut(&o)
	root.SetErr(&e)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage(err) })
	root.AddCommand(newCheckCmd(), newReplayCmd())
	err := root.Execute()
	var ee *exitError
	switch {
	case err == nil:
		code = 0
	case errors.As(err, &ee):
		code = ee.code
		if ee.err != nil && ee.err.Error() != "" {
			e.WriteString(ee.err.Error() + "\n")
		}
	default:
		code = 2
		e.WriteString(err.Error() + "\n")
	}
	return code, o.String(), e.String()
}

// A site whose one post has a stale output (kubectl ≥ 1.34 adds "from default namespace").
const checkSite = `-- docbuild.yaml --
title: Test
-- content/_posts/stale.md --
---
title: Stale
---
- ` + "`kubectl run web --image=nginx:1.27`" + `

  ` + "```console" + `
  $ kubectl delete pod web
  pod "web" deleted
  ` + "```" + `
-- content/_posts/fine.md --
---
title: Fine
---
` + "```console" + `
$ kubectl get pods
No resources found in default namespace.
` + "```" + `
`

func TestCheckCommand(t *testing.T) {
	dir := extract(t, checkSite)
	stale := filepath.Join(dir, "content/_posts/stale.md")
	fine := filepath.Join(dir, "content/_posts/fine.md")

	code, out, errOut := checkCLI(t, "check", fine)
	if code != 0 || !strings.Contains(out, "1 file checked: ok 1") {
		t.Errorf("check fine.md: exit %d\n%s%s", code, out, errOut)
	}

	code, out, _ = checkCLI(t, "check", "--source", dir)
	if code != 1 || !strings.Contains(out, "stale.md:7: stale-output  $ kubectl delete pod web") ||
		!strings.Contains(out, "      + pod \"web\" deleted from default namespace") || !strings.Contains(out, "2 files checked") {
		t.Errorf("check of the site's posts: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour written to a file")
	}

	code, out, _ = checkCLI(t, "check", "--format", "json", stale)
	var rep struct {
		Kubernetes string
		Files      []struct {
			Path  string
			Steps []struct {
				Line          int
				Status        string
				FirstDiffLine *int `json:"first_diff_line"`
			}
		}
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if rep.Kubernetes != "1.37" || len(rep.Files) != 1 || rep.Summary["stale-output"] != 1 {
		t.Errorf("json report = %+v", rep)
	}
	for _, s := range rep.Files[0].Steps {
		if s.Status == "stale-output" && (s.Line != 7 || s.FirstDiffLine == nil || *s.FirstDiffLine != 8) {
			t.Errorf("stale step %+v", s)
		}
	}

	code, out, _ = checkCLI(t, "check", "--format", "github", stale)
	if code != 1 || !strings.Contains(out, "::error file="+stale+",line=8,") {
		t.Errorf("github: exit %d\n%s", code, out)
	}
	code, out, _ = checkCLI(t, "check", "--format", "junit", stale)
	if code != 1 || !strings.Contains(out, "<testsuites") || !strings.Contains(out, "<failure") {
		t.Errorf("junit: exit %d\n%s", code, out)
	}

	before, _ := os.ReadFile(stale)
	code, out, _ = checkCLI(t, "check", "--fix=patch", stale)
	after, _ := os.ReadFile(stale)
	if code != 1 || !strings.Contains(out, "+  pod \"web\" deleted from default namespace") || !bytes.Equal(before, after) {
		t.Errorf("--fix=patch: exit %d, file changed %v\n%s", code, !bytes.Equal(before, after), out)
	}
	code, _, errOut = checkCLI(t, "check", "--fix", stale)
	after, _ = os.ReadFile(stale)
	if !strings.Contains(errOut, "rewrote 1 stale output") || !strings.Contains(string(after), "  pod \"web\" deleted from default namespace\n") {
		t.Errorf("--fix: exit %d, %s\n%s", code, errOut, after)
	}
	if code, out, _ = checkCLI(t, "check", stale); code != 0 {
		t.Errorf("check after --fix: exit %d\n%s", code, out)
	}
}

func TestCheckUsage(t *testing.T) {
	dir := extract(t, checkSite)
	for _, args := range [][]string{
		{"check", "--format", "xml", dir},
		{"check", filepath.Join(dir, "missing.md")},
		{"check", "--fix=sideways", dir},
		{"check", "--no-such-flag"},
		{"replay"},
	} {
		if code, out, errOut := checkCLI(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s%s", args, code, out, errOut)
		}
	}
	bin := filepath.Join(dir, "content/_posts/bin.md")
	os.WriteFile(bin, []byte("\x00\x01\x02"), 0o644)
	if code, out, _ := checkCLI(t, "check", bin); code != 2 || !strings.Contains(out, "binary") {
		t.Errorf("binary post: exit %d\n%s", code, out)
	}
}

func TestExplainAndReplay(t *testing.T) {
	dir := extract(t, checkSite)
	stale := filepath.Join(dir, "content/_posts/stale.md")
	code, out, _ := checkCLI(t, "check", "--explain", stale)
	for _, want := range []string{"blocks:", "console    transcript", "run (inline, host) $ kubectl run web --image=nginx:1.27",
		"run (transcript, host) $ kubectl delete pod web", "output: lines 8-8 (transcript)", "stale-output $ kubectl delete pod web"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("explain: exit %d", code)
	}
	code, out, _ = checkCLI(t, "replay", stale)
	if code != 0 || !strings.Contains(out, "$ kubectl run web --image=nginx:1.27\npod/web created\n") ||
		!strings.Contains(out, "$ kubectl delete pod web\npod \"web\" deleted from default namespace\n") {
		t.Errorf("replay: exit %d\n%s", code, out)
	}
}

// A site whose posts use a fence inside a blockquote and an include_code tag: the build reads
// both without complaint, and so must check (regressions of the bundled site's false
// findings: markdown-tour.md's quoted fence, hexo-tags.md's include_code).
const siteConfigSite = `-- docbuild.yaml --
title: Test
code_dir: snippets
-- content/snippets/k8s/pod.yaml --
apiVersion: v1
kind: Pod
metadata:
  name: web
-- content/_posts/quote.md --
---
title: Quote
---
> Quotes can hold code:
>
> ` + "```text" + `
> kind: Pod
> ` + "```" + `

After the quote.
-- content/_posts/include.md --
---
title: Include
---
{% include_code the manifest lang:yaml k8s/pod.yaml %}
-- content/_posts/missing.md --
---
title: Missing
---
{% include_code the manifest lang:yaml k8s/none.yaml %}
`

func TestCheckReadsTheSite(t *testing.T) {
	dir := extract(t, siteConfigSite)
	posts := filepath.Join(dir, "content/_posts")
	quote, include, missing := filepath.Join(posts, "quote.md"), filepath.Join(posts, "include.md"), filepath.Join(posts, "missing.md")
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"the site's posts", []string{"check", "--source", dir}},
		{"files found in their site", []string{"check", quote, include, missing}},
		{"explain", []string{"check", "--explain", include}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, out, errOut := checkCLI(t, tt.args...)
			if strings.Contains(out, "never closed") || strings.Contains(out, "no code directory") {
				t.Errorf("false finding:\n%s%s", out, errOut)
			}
		})
	}
	// A file the code directory lacks is still reported, on its line.
	if _, out, _ := checkCLI(t, "check", missing); !strings.Contains(out, "missing.md:4: warning: include_code") {
		t.Errorf("missing include_code file not reported:\n%s", out)
	}
	// Outside any site, a post has no code directory: said once, on the tag's line.
	alone := filepath.Join(t.TempDir(), "alone.md")
	src, _ := os.ReadFile(include)
	os.WriteFile(alone, src, 0o644)
	if _, out, _ := checkCLI(t, "check", alone); !strings.Contains(out, "alone.md:4: warning: include_code: the site has no code directory") {
		t.Errorf("post on its own:\n%s", out)
	}
}

// TestExplainWatchAndSession: --explain says which block continues a watch and which lines
// are typed in a session opened in an earlier block.
func TestExplainWatchAndSession(t *testing.T) {
	dir := t.TempDir()
	post := filepath.Join(dir, "p.md")
	src := "```console\n$ kubectl run box --image=busybox:1.36 -- sleep 3600\n$ kubectl get pods -w\nNAME   READY   STATUS    RESTARTS   AGE\nbox    1/1     Running   0          10s\n```\n\n" +
		"```console\n$ kubectl exec -it box -- sh\n```\n\n```console\n/ # hostname\nbox\n```\n\nIn the original terminal:\n\n" +
		"```\nNAME   READY   STATUS    RESTARTS   AGE\nbox    1/1     Running   0          10s\n```\n"
	if err := os.WriteFile(post, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, _ := checkCLI(t, "check", "--explain", post)
	for _, want := range []string{"run (transcript, in the session opened on line 9) $ hostname",
		"run (watch, what the watch started on line 3 printed by then) $ kubectl get pods -w"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
}
