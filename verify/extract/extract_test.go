package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docbuild/docbuild/internal/page"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// dump is a reviewable picture of a scenario.
func dump(sc *Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "node %q\n", sc.Node)
	for _, bl := range sc.Blocks {
		fmt.Fprintf(&b, "block %d %s %s: %s\n", bl.Line, bl.Lang, bl.Class, bl.Why)
	}
	for i, st := range sc.Steps {
		switch st.Kind {
		case File:
			fmt.Fprintf(&b, "%d: %d file %q from %q [block %d]\n", i, st.Line, st.Name, st.NameFrom, st.Block)
		case Edit:
			fmt.Fprintf(&b, "%d: %d edit %q of %q [block %d]\n", i, st.Line, st.Content, st.Name, st.Block)
		case Wait:
			fmt.Fprintf(&b, "%d: %d wait %s\n", i, st.Line, st.Duration)
		case Run:
			fmt.Fprintf(&b, "%d: %d run %s %q", i, st.Line, st.Source, st.Command)
			if st.Session >= 0 {
				fmt.Fprintf(&b, " in session %d", st.Session)
			}
			if st.Opens {
				b.WriteString(" opens")
			}
			if st.Shown != nil {
				fmt.Fprintf(&b, " shown %d-%d (%s)", st.Shown[0].Line, st.Shown[len(st.Shown)-1].Line, st.OutputFrom)
			}
			if st.Skip {
				fmt.Fprintf(&b, " skip %q", st.SkipReason)
			}
			if st.NoCompare {
				b.WriteString(" no-compare")
			}
			if st.Setup {
				b.WriteString(" setup")
			}
			if st.Continues >= 0 {
				fmt.Fprintf(&b, " continues %d", st.Continues)
			}
			fmt.Fprintf(&b, " [block %d out %d]", st.Block, st.OutputBlock)
			b.WriteByte('\n')
		}
	}
	for _, f := range sc.Findings {
		fmt.Fprintf(&b, "finding %d %s %s\n", f.Line, f.Severity, f.Msg)
	}
	return b.String()
}

// TestGolden reads the seed and every corpus post and compares how they were read with the
// goldens in testdata/golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("../testdata/seed/*.md")
	corpus, _ := filepath.Glob("../testdata/corpus/*.md")
	files = append(files, corpus...)
	if len(files) < 37 {
		t.Fatalf("found %d posts in ../testdata, want the seed and 36 corpus files", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(Extract(filepath.Base(f), src))
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(filepath.Base(f), ".md")+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", f, golden, got)
			}
		})
	}
}

// TestSeed pins what the seed post must give (check.md §8).
func TestSeed(t *testing.T) {
	src, err := os.ReadFile("../testdata/seed/000_b96f6f29b8d6a1b6.md")
	if err != nil {
		t.Fatal(err)
	}
	sc := Extract("seed.md", src)
	if sc.Node != "debian" {
		t.Errorf("node = %q, want debian (from root@debian)", sc.Node)
	}
	var sawFile, sawEdit, sawError, sawUnbound bool
	for _, st := range sc.Steps {
		switch {
		case st.Kind == File && st.Name == "network-demo.yaml" && st.Line == 47:
			sawFile = true
		case st.Kind == Edit && strings.HasPrefix(st.Content, "command: [\"/bin/sh\"") && st.Line == 121:
			sawEdit = true
		case st.Kind == Run && st.Line == 125 && st.Command == "kubectl apply -f network-demo.yaml" && len(st.Shown) == 1 && st.Shown[0].Line == 129:
			sawError = true
		case st.Kind == Run && st.Command == "kubectl apply -f your-pod.yaml":
			sawUnbound = true
		}
	}
	if !sawFile || !sawEdit || !sawError || !sawUnbound {
		t.Errorf("file %v edit %v error output %v your-pod %v:\n%s", sawFile, sawEdit, sawError, sawUnbound, dump(sc))
	}
}

func TestInference(t *testing.T) {
	const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
	tests := []struct {
		name, post string
		want       []string // lines the dump must contain
	}{
		{"heredoc is a command", "```console\n$ cat <<EOF > pod.yaml\n" + pod + "EOF\n```\n",
			[]string{"run transcript \"cat <<EOF > pod.yaml\\n" + strings.ReplaceAll(pod, "\n", "\\n") + "EOF\""}},
		{"fence attribute", "```yaml title=\"pod.yaml\"\n" + pod + "```\n", []string{`file "pod.yaml" from "fence attribute"`}},
		{"file= attribute", "```yaml {file=x.yaml}\n" + pod + "```\n", []string{`file "x.yaml" from "fence attribute"`}},
		{"hexo codeblock", "{% codeblock pod.yaml lang:yaml %}\n" + pod + "{% endcodeblock %}\n", []string{`file "pod.yaml" from "fence attribute"`}},
		{"directive", "<!-- docbuild: file=d.yaml -->\n```yaml\n" + pod + "```\n", []string{`file "d.yaml" from "directive"`}},
		{"first-line comment", "```yaml\n# File: c.yaml\n" + pod + "```\n", []string{`file "c.yaml" from "first-line comment"`}},
		{"prose mention", "Save this as `m.yaml`:\n\n```yaml\n" + pod + "```\n", []string{`file "m.yaml" from "mention on line 1"`}},
		{"list item mention", "- `kubectl apply -f l.yaml`\n\n  ```yaml\n  " + strings.ReplaceAll(strings.TrimSuffix(pod, "\n"), "\n", "\n  ") + "\n  ```\n",
			[]string{`file "l.yaml" from "mention on line 1"`, `run inline "kubectl apply -f l.yaml"`}},
		{"evidence afterwards", "```yaml\n" + pod + "```\n\nThen:\n\n```console\n$ kubectl apply -f e.yaml\npod/web created\n```\n",
			[]string{`file "e.yaml" from "evidence afterwards (line 11)"`}},
		{"unnamed", "```yaml\n" + pod + "```\n", []string{`file "" from ""`, "manifest block with no file name (Pod)"}},
		{"evidence: the apply output names the objects", "```yaml\n" + pod + "```\n\n```yaml\n" + strings.Replace(pod, "web", "db", 1) + "```\n\n" +
			"```console\n$ kubectl apply -f db.yaml\npod/db created\n$ kubectl apply -f web.yaml\npod/web created\n```\n",
			[]string{`0: 2 file "web.yaml" from "evidence afterwards (line 18)"`, `1: 9 file "db.yaml" from "evidence afterwards (line 16)"`}},
		{"evidence: cat shows an earlier manifest", "```yaml\n" + pod + "```\n\n```console\n$ cat web.yaml\n" + pod + "$ kubectl apply -f web.yaml\n```\n",
			[]string{`0: 2 file "web.yaml" from "the output of cat on line 9"`}},
		{"evidence: cat output is the file", "```console\n$ cat web.yaml\n" + pod + "$ kubectl apply -f web.yaml\npod/web created\n```\n",
			[]string{`0: 3 file "web.yaml" from "the output of cat on line 2" [block -1]`, `1: 2 run transcript "cat web.yaml" shown 3-6`, `2: 7 run transcript "kubectl apply -f web.yaml"`}},
		{"fragment edit", "`kubectl apply -f p.yaml`\n```yaml\n" + pod + "```\n\nChange the image:\n\n```yaml\nimage: nginx:1.27\n```\n",
			[]string{`edit "image: nginx:1.27"`}},
		{"chinese cue", "- `kubectl apply -f p.yaml`\n\n报错如下\n```shell\nerror: boom\n```\n", []string{`run inline "kubectl apply -f p.yaml" shown 5-5 (output-block)`}},
		{"english cue", "Run `kubectl get pods`:\n\n- `kubectl get pods`\n\nThe output is similar to:\n\n```\nNAME   READY\n```\n", []string{`run inline "kubectl get pods" shown 8-8 (output-block)`}},
		{"inline runs once", "- `kubectl get pods`\n\n  ```console\n  $ kubectl get pods\n  No resources found in default namespace.\n  ```\n",
			[]string{`0: 4 run transcript "kubectl get pods" shown 5-5 (transcript)`}},
		{"script block", "```bash\nkubectl apply -f x.yaml\nkubectl get pods\n```\n", []string{`run transcript "kubectl apply -f x.yaml"`, `run transcript "kubectl get pods"`}},
		{"nested session", "```console\n$ kubectl exec -it web -- sh\n/ # ls /tmp\nx\n/ # exit\n```\n",
			[]string{`0: 2 run transcript "kubectl exec -it web -- sh" opens`, `1: 3 run transcript "ls /tmp" in session 0 shown 4-4 (transcript)`}},
		{"skip directive", "<!-- docbuild: skip reason=\"flaky\" -->\n```console\n$ kubectl get pods\nx\n```\n", []string{`skip "flaky"`}},
		{"no-compare directive", "<!-- docbuild: no-compare -->\n```console\n$ kubectl get pods\nx\n```\n", []string{`no-compare`}},
		{"wait directive", "<!-- docbuild: wait 10m -->\n", []string{"wait 10m0s"}},
		{"hidden setup", "<!-- docbuild: setup\nkubectl apply -f x.yaml\n-->\n", []string{`run setup "kubectl apply -f x.yaml" no-compare setup`}},
		{"unknown directive", "<!-- docbuild: frobnicate -->\n", []string{`unknown docbuild directive "frobnicate"`}},
		{"bad wait", "<!-- docbuild: wait soon -->\n", []string{`wait: bad duration "soon"`}},
		{"placeholder not a command", "- `kubectl describe pod <pod 名称>`\n", []string{}},
		{"comment at a prompt", "```console\n$ # start it\n$ kubectl get pods\n```\n", []string{`0: 3 run transcript "kubectl get pods"`}},
		{"alias inferred", "```console\n$ kk get pods\n```\n", []string{`"kk" is read as an alias of kubectl`}},
		{"note shortcode", "{% note info %}\n```console\n$ kubectl get pods\nNo resources found in default namespace.\n```\n{% endnote %}\n", []string{`run transcript "kubectl get pods" shown 4-4`}},
		{"unterminated fence", "```console\n$ kubectl get pods\nx\n", []string{"code fence opened here is never closed"}},
		{"unclosed comment", "<!-- docbuild: skip\n\ntext\n", []string{}},
		{"invalid utf-8", "```console\n$ echo \xff\n```\n", []string{"invalid UTF-8"}},
		{"session continued in the next block", "```console\n$ kubectl exec -it web -- sh\n```\n\nThen, in the shell:\n\n```console\n/ # ls /tmp\nx\n```\n",
			[]string{`0: 2 run transcript "kubectl exec -it web -- sh" opens [block 0 out -1]`, `1: 8 run transcript "ls /tmp" in session 0 shown 9-9 (transcript) [block 1 out 1]`}},
		{"session continued over two blocks", "```console\n$ kubectl exec -it redis -- /bin/bash\nroot@redis:/data# cd /data/redis\n```\n\n```console\nroot@redis:/data/redis# ls\ntest-file\n```\n\n```console\nroot@redis:/data/redis# exit\n$ kubectl get pods\n```\n",
			[]string{`2: 7 run transcript "ls" in session 0 shown 8-8 (transcript) [block 1 out 1]`, `3: 12 run transcript "exit" in session 0 [block 2 out -1]`, `4: 13 run transcript "kubectl get pods" [block 2 out -1]`}},
		{"host prompt ends the session", "```console\n$ kubectl exec -it web -- sh\n/ # ls\n```\n\n```console\n$ kubectl get pods\n```\n",
			[]string{`2: 7 run transcript "kubectl get pods" [block 1 out -1]`}},
		{"exited session is not continued", "```console\n$ kubectl exec -it web -- sh\n/ # exit\n```\n\n```console\n/ # ls\n```\n",
			[]string{`2: 7 run transcript "ls" [block 1 out -1]`}},
		{"watch continued in its terminal", "```console\n$ kubectl get pods -w\nNAME   READY   STATUS\nweb    0/1     Pending\n```\n\n```console\n$ kubectl delete pod web\npod \"web\" deleted\n```\n\nIn the original terminal:\n\n```\nNAME   READY   STATUS\nweb    0/1     Pending\nweb    0/1     Terminating\n```\n",
			[]string{`2: 15 run watch "kubectl get pods -w" shown 15-17 (output-block) continues 0 [block -1 out 2]`, "block 14  output: what the watch started on line 2 printed by then"}},
		{"a get's own table is no watch continuation", "```console\n$ kubectl get pods -w\nNAME   READY\nweb    1/1\n```\n\n- `kubectl get pods`\n\n```\nNAME   READY\nweb    1/1\n```\n",
			[]string{`1: 7 run inline "kubectl get pods" shown 10-11 (output-block) [block -1 out 1]`}},
		{"output block index", "```bash\nkubectl get pods\n```\n\nThe output is similar to:\n\n```\nNo resources found in default namespace.\n```\n",
			[]string{`0: 2 run transcript "kubectl get pods" shown 8-8 (output-block) [block 0 out 1]`}},
		{"setup block", "<!-- docbuild: setup -->\n```bash\nkubectl apply -f x.yaml\n```\n", []string{"block 2 bash setup: setup directive (script", `run transcript "kubectl apply -f x.yaml" no-compare setup`}},
		{"other kinds", "`kubectl apply -f d.yaml`\n```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n```\n", []string{`file "d.yaml"`, "whole object (Deployment, Service)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dump(Extract("p.md", []byte(tt.post)))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("dump lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestBinary(t *testing.T) {
	sc := Extract("x.md", []byte("\x00\x01\x02ELF"))
	if len(sc.Findings) != 1 || sc.Findings[0].Class != "unreadable" {
		t.Errorf("findings = %v", sc.Findings)
	}
}

// FuzzExtract: any input gives a scenario (never a panic) whose lines are inside the file.
func FuzzExtract(f *testing.F) {
	seed, _ := os.ReadFile("../testdata/seed/000_b96f6f29b8d6a1b6.md")
	f.Add(string(seed))
	f.Add("```console\n$ kubectl get pods\nNAME\n```\n")
	f.Add("- `kubectl apply -f a.yaml`\n\n  ```yaml\n  apiVersion: v1\n  kind: Pod\n  ```\n")
	f.Add("{% note %}\n```\n$ x <<EOF\n")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<14 {
			return
		}
		sc := Extract("f.md", []byte(src))
		n := strings.Count(src, "\n") + 1
		for _, st := range sc.Steps {
			if st.Line < 1 || st.Line > n {
				t.Fatalf("step line %d outside 1..%d", st.Line, n)
			}
			for _, l := range st.Shown {
				if l.Line < 1 || l.Line > n || l.Start > l.End || l.End > len(src) {
					t.Fatalf("shown line %+v outside the file", l)
				}
			}
		}
	})
}

func TestFileArgs(t *testing.T) {
	tests := map[string]string{
		"kubectl apply -f a.yaml":              "a.yaml",
		"kubectl apply -f=a.yaml -f b.yaml":    "a.yaml,b.yaml",
		"kubectl create --filename=c.yaml":     "c.yaml",
		"kubectl delete -fd.yaml":              "d.yaml",
		"kubectl apply -f - ":                  "",
		"kubectl logs -f web":                  "",
		"kubectl -n x logs web -f":             "",
		"kubectl get -f pod.yaml -o wide":      "pod.yaml",
		"kubectl exec web -- cat -f x.yaml":    "",
		"helm install -f values.yaml x chart/": "",
	}
	for in, want := range tests {
		args := strings.Fields(in)
		if got := strings.Join(FileArgs(args), ","); got != want {
			t.Errorf("FileArgs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFenceClosed: a fence closed inside a container (a blockquote's `>`, a list item's
// indentation) is closed; one left open is reported once, on its opening line.
func TestFenceClosed(t *testing.T) {
	tests := []struct {
		name, post string
		open       int // line of the "never closed" finding, 0 for none
	}{
		{"top level", "```text\nkind: Pod\n```\n", 0},
		{"blockquote", "> Quotes hold code:\n>\n> ```text\n> kind: Pod\n> ```\n\nAfter.\n", 0},
		{"nested blockquote", "> > ```text\n> > kind: Pod\n> > ```\n", 0},
		{"list item", "- step:\n\n  ```console\n  $ kubectl get pods\n  ```\n", 0},
		{"longer closing fence", "````text\nx\n``````\n", 0},
		{"tilde", "~~~\nx\n~~~\n", 0},
		{"empty block", "```\n```\n", 0},
		{"crlf", "> ```text\r\n> x\r\n> ```\r\n", 0},
		{"never closed", "```text\nx\n", 1},
		{"blockquote ends first", "> ```text\n> x\n\nprose\n", 1},
		{"shorter fence does not close", "````text\nx\n```\n", 1},
		{"other character does not close", "```text\nx\n~~~\n", 1},
		{"text after the fence does not close", "```text\nx\n``` y\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Extract("p.md", []byte(tt.post))
			got := 0
			for _, f := range sc.Findings {
				if strings.Contains(f.Msg, "never closed") {
					if got != 0 {
						t.Errorf("reported twice: %v", sc.Findings)
					}
					got = f.Line
				}
			}
			if got != tt.open {
				t.Errorf("never-closed finding on line %d, want %d (0: none); findings %v", got, tt.open, sc.Findings)
			}
		})
	}
}

// TestSiteCodeDir: include_code reads the site's code directory (Hexo's code_dir under the
// source directory) as the build does; a post read on its own has none.
func TestSiteCodeDir(t *testing.T) {
	post := []byte("---\ntitle: t\n---\n{% include_code pod lang:yaml k8s/pod.yaml %}\n")
	const manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
	tests := []struct {
		name, config, dir string
		missing           bool
	}{
		{"default code_dir", "title: x\n", "content/downloads/code/k8s", false},
		{"code_dir of the configuration", "title: x\ncode_dir: snippets/\n", "content/snippets/k8s", false},
		{"hexo source directory", "", "source/downloads/code/k8s", false},
		{"no code directory", "title: x\n", "content/other", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfgFile := "docbuild.yaml"
			if tt.config == "" {
				cfgFile = "_config.yml"
			}
			must(t, os.WriteFile(filepath.Join(dir, cfgFile), []byte(tt.config), 0o644))
			must(t, os.MkdirAll(filepath.Join(dir, tt.dir), 0o755))
			must(t, os.WriteFile(filepath.Join(dir, tt.dir, "pod.yaml"), []byte(manifest), 0o644))
			cfg, err := page.LoadConfig(dir)
			if err != nil {
				t.Fatal(err)
			}
			sc := NewReader(Options{Site: cfg}).Extract(filepath.Join(dir, cfg.SourceDir, "_posts", "p.md"), post)
			missing := false
			for _, f := range sc.Findings {
				missing = missing || strings.Contains(f.Msg, "no code directory") || strings.Contains(f.Msg, "include_code")
			}
			if missing != tt.missing {
				t.Errorf("include_code finding %v, want %v: %v", missing, tt.missing, sc.Findings)
			}
		})
	}
	// A post on its own: the tag is reported, nothing else breaks.
	sc := Extract("p.md", post)
	if len(sc.Findings) != 1 || !strings.Contains(sc.Findings[0].Msg, "no code directory") || sc.Findings[0].Line != 4 {
		t.Errorf("findings of a post on its own: %v", sc.Findings)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
