package fix

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/verify"
)

// scripted is a test double of the simulator: each kubectl command line has one fixed output.
type scripted map[string]verify.Output

type scriptedCluster struct {
	s   scripted
	now time.Time
}

func (s scripted) factory(verify.ClusterOptions) (verify.Cluster, error) {
	return &scriptedCluster{s: s, now: time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)}, nil
}

func (c *scriptedCluster) Now() time.Time               { return c.now }
func (c *scriptedCluster) AdvanceTo(t time.Time)        { c.now = t }
func (c *scriptedCluster) NextEvent() (time.Time, bool) { return time.Time{}, false }
func (c *scriptedCluster) HTTP(string, string) (int, string, error) {
	return 0, "", verify.NotSimulatedError("no network")
}
func (c *scriptedCluster) Explain(ns, pod, ctr, shown, sim string) string { return "" }
func (c *scriptedCluster) Interactive([]string, verify.Files) (verify.Session, verify.Output) {
	return nil, verify.Output{Stderr: "error: not in this test\n", Exit: 1}
}
func (c *scriptedCluster) Kubectl(args []string, stdin []byte, files verify.Files, tty bool) verify.Output {
	if o, ok := c.s[strings.Join(args[1:], " ")]; ok {
		return o
	}
	if len(args) > 2 && args[1] == "get" && args[2] == "nodes" {
		return verify.Output{Stdout: "minikube"}
	}
	return verify.Output{Stderr: "error: unexpected in this test: " + strings.Join(args, " ") + "\n", Exit: 1}
}

var cluster = scripted{
	"get pods":            {Stdout: "NAME                 READY   STATUS             RESTARTS      AGE\nnetwork-demo         1/2     CrashLoopBackOff   6 (4m ago)    10m\nweb-7c5ddbdf54-bkc2d 1/1     Running            0             10m\n"},
	"delete pod web":      {Stdout: "pod \"web\" deleted from default namespace\n"},
	"apply -f bad.yaml":   {Stderr: "The Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields\n@@ -1,1 +1,1 @@\n-a\n+b\n\n", Exit: 1},
	"logs web":            {Stdout: "line 1\nline two\nline 3\n"},
	"get pod web -o wide": {Stdout: "NAME   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\nweb    1/1     Running   0          5s    10.244.0.5   minikube   <none>           <none>\n"},
}

const badYAML = "```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n```\n"

// post is a post with stale outputs of every fixable shape.
const post = "---\ntitle: t\n---\n" +
	"`kubectl apply -f bad.yaml`\n" + badYAML + "\n" +
	"- Delete it:\n\n  ```console\n  $ kubectl delete pod web\n  pod \"web\" deleted\n  ```\n\n" +
	"```console\n$ kubectl apply -f bad.yaml\nthe Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields\n```\n\n" +
	"```console\n$ kubectl get pods\nNAME           READY   STATUS             RESTARTS        AGE\nnetwork-demo   1/2     Running            6 (3m50s ago)   10m\n...\n```\n\n" +
	"```console\n$ kubectl logs web\nline 1\nline 2\nline 3\n$ kubectl get pod web -o wide\nNAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\nweb    1/1     Running   0          9s    10.0.0.7     node01   <none>           <none>\n```\n"

func check(t *testing.T, src []byte) *verify.FileResult {
	t.Helper()
	c := verify.New(verify.Options{Cluster: cluster.factory})
	r := c.Check("post.md", src)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func stale(r *verify.FileResult) []string {
	var out []string
	for _, s := range r.Steps {
		if Fixable(s.Status) || s.Status.Stale(false) {
			out = append(out, s.Command+": "+string(s.Status))
		}
	}
	return out
}

func TestFixGuarantees(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		name := "LF"
		src := []byte(post)
		if crlf {
			name = "CRLF"
			src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		}
		t.Run(name, func(t *testing.T) {
			r := check(t, src)
			if got := stale(r); len(got) != 4 {
				t.Fatalf("stale steps before the fix = %q, want 4", got)
			}
			fixed, n := Apply(r)
			if n != 4 {
				t.Fatalf("Apply rewrote %d outputs, want 4", n)
			}
			// check passes right after.
			r2 := check(t, fixed)
			if got := stale(r2); len(got) != 0 {
				t.Errorf("stale after the fix: %q\n%s", got, fixed)
			}
			// idempotent.
			again, n2 := Apply(r2)
			if n2 != 0 || !bytes.Equal(again, fixed) {
				t.Errorf("second fix changed %d outputs", n2)
			}
			// no byte changes outside output lines; CRLF kept.
			allowed := map[int]bool{}
			for _, s := range r.Steps {
				if Fixable(s.Status) {
					for _, l := range s.ShownLines {
						allowed[l.Line] = true
					}
				}
			}
			ol, fl := bytes.Split(src, []byte("\n")), bytes.Split(fixed, []byte("\n"))
			if len(ol) != len(fl) {
				t.Fatalf("line count changed %d → %d (no fix here adds or removes lines)", len(ol), len(fl))
			}
			for i := range ol {
				if !bytes.Equal(ol[i], fl[i]) && !allowed[i+1] {
					t.Errorf("line %d changed outside an output: %q → %q", i+1, ol[i], fl[i])
				}
				if crlf && i < len(fl)-1 && !bytes.HasSuffix(fl[i], []byte("\r")) {
					t.Errorf("line %d lost its CR: %q", i+1, fl[i])
				}
			}
			text := strings.ReplaceAll(string(fixed), "\r\n", "\n")
			for _, want := range []string{
				// list indentation kept
				"  $ kubectl delete pod web\n  pod \"web\" deleted from default namespace\n  ```",
				// abridged stays abridged (no diff lines added), the first line fixed
				"$ kubectl apply -f bad.yaml\nThe Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields\n```",
				// the author's volatile cells kept (AGE, ago), the stale cell fixed, elision kept
				"network-demo   1/2     CrashLoopBackOff   6 (3m50s ago)   10m\n...",
				// only the stale log line changes
				"line 1\nline two\nline 3\n",
				// matching rows keep the author's bytes (IP, node name, age)
				"web    1/1     Running   0          9s    10.0.0.7     node01   <none>           <none>",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("fixed post lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestRealign(t *testing.T) {
	src := "```console\n$ kubectl get pods\nNAME           READY   STATUS    RESTARTS   AGE\nnetwork-demo   1/2     Error     6          10m\n```\n"
	r := check(t, []byte(src))
	fixed, n := Apply(r)
	if n != 1 {
		t.Fatalf("rewrote %d", n)
	}
	// CrashLoopBackOff does not fit the author's STATUS column and a row is missing: the
	// table is re-aligned like kubectl (each column as wide as its widest cell + 3 spaces).
	want := "NAME                   READY   STATUS             RESTARTS     AGE\n" +
		"network-demo           1/2     CrashLoopBackOff   6 (4m ago)   10m\n" +
		"web-7c5ddbdf54-bkc2d   1/1     Running            0            10m\n"
	if !strings.Contains(string(fixed), want) {
		t.Errorf("got:\n%s\nwant:\n%s", fixed, want)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "post.md")
	if err := os.WriteFile(p, []byte(post), 0o640); err != nil {
		t.Fatal(err)
	}
	c := verify.New(verify.Options{Cluster: cluster.factory})
	r := c.ReadFile(p)
	n, err := WriteFile(r)
	if err != nil || n != 4 {
		t.Fatalf("WriteFile = %d, %v", n, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the directory: %v", entries)
	}
	info, _ := os.Stat(p)
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", info.Mode().Perm())
	}
	got, _ := os.ReadFile(p)
	want, _ := Apply(r)
	if !bytes.Equal(got, want) {
		t.Errorf("written bytes differ from Apply's")
	}
	patch, err := Patch(c.ReadFile(p))
	if err != nil || patch != "" {
		t.Errorf("patch after the fix = %q, %v", patch, err)
	}
}

func TestPatch(t *testing.T) {
	r := check(t, []byte(post))
	p, err := Patch(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--- a/post.md", "+++ b/post.md", "-  pod \"web\" deleted", "+  pod \"web\" deleted from default namespace", "-line 2", "+line two"} {
		if !strings.Contains(p, want) {
			t.Errorf("patch lacks %q:\n%s", want, p)
		}
	}
}
