package verify

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// fakeCluster is a test double of the simulator: one pod "web" that is ContainerCreating for
// 10 seconds after it is applied, then Running; events every 10 seconds.
type fakeCluster struct {
	t0, now time.Time
	created time.Time
	applied bool
	calls   []string
}

func newFake(ClusterOptions) (Cluster, error) {
	t0 := time.Date(2026, 11, 24, 23, 40, 0, 0, time.UTC)
	return &fakeCluster{t0: t0, now: t0}, nil
}

func (f *fakeCluster) Now() time.Time { return f.now }
func (f *fakeCluster) AdvanceTo(t time.Time) {
	if t.After(f.now) {
		f.now = t
	}
}
func (f *fakeCluster) NextEvent() (time.Time, bool) {
	el := f.now.Sub(f.t0)
	next := f.t0.Add((el/(10*time.Second) + 1) * 10 * time.Second)
	return next, true
}

func human(d time.Duration) string {
	s := int(d.Seconds())
	switch {
	case s < 120:
		return fmt.Sprintf("%ds", s)
	case d < 10*time.Minute:
		if s%60 == 0 {
			return fmt.Sprintf("%dm", s/60)
		}
		return fmt.Sprintf("%dm%ds", s/60, s%60)
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}

func (f *fakeCluster) Kubectl(args []string, stdin []byte, files Files, tty bool) Output {
	f.calls = append(f.calls, strings.Join(args, " "))
	line := strings.Join(args[1:], " ")
	switch {
	case strings.HasPrefix(line, "apply -f"):
		name := args[3]
		if name == "-" {
			if !strings.Contains(string(stdin), "kind: Pod") {
				return Output{Stderr: "error: no objects passed to apply\n", Exit: 1}
			}
		} else if c, ok := files.ReadFile(name); !ok || !strings.Contains(string(c), "kind: Pod") {
			return Output{Stderr: fmt.Sprintf("error: the path %q does not exist\n", name), Exit: 1}
		} else if strings.Contains(string(c), "restartPolicy: Sometimes") {
			return Output{Stderr: "The Pod \"web\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"\n", Exit: 1}
		}
		if f.applied {
			return Output{Stdout: "pod/web unchanged\n"}
		}
		f.applied, f.created = true, f.now
		return Output{Stdout: "pod/web created\n"}
	case line == "get pods" || line == "get pod web":
		if !f.applied {
			return Output{Stderr: "No resources found in default namespace.\n"}
		}
		status, ready := "ContainerCreating", "0/1"
		if f.now.Sub(f.created) >= 10*time.Second {
			status, ready = "Running", "1/1"
		}
		return Output{Stdout: fmt.Sprintf("NAME   READY   STATUS%s   RESTARTS   AGE\nweb    %s     %-*s   0          %s\n",
			strings.Repeat(" ", len(status)-6), ready, len(status), status, human(f.now.Sub(f.created)))}
	case strings.HasPrefix(line, "get pods web -o jsonpath") || strings.HasPrefix(line, "get pod web -o jsonpath"):
		return Output{Stdout: f.created.Format(time.RFC3339)}
	case line == "logs web":
		if f.now.Sub(f.created) < 10*time.Second {
			return Output{Stderr: "Error from server (BadRequest): container \"web\" in pod \"web\" is waiting to start: ContainerCreating\n", Exit: 1}
		}
		return Output{Stdout: "hello\n"}
	case line == "delete pod web":
		f.applied = false
		return Output{Stdout: "pod \"web\" deleted from default namespace\n"}
	}
	return Output{Stderr: "error: unknown command for the fake: " + line + "\n", Exit: 1}
}

func (f *fakeCluster) Interactive(args []string, files Files) (Session, Output) {
	if f.now.Sub(f.created) < 10*time.Second {
		return nil, Output{Stderr: "error: unable to upgrade connection: container not found (\"web\")\n", Exit: 1}
	}
	return &fakeSession{}, Output{}
}

func (f *fakeCluster) HTTP(method, url string) (int, string, error) {
	if strings.Contains(url, "10.244.0.") {
		return 200, "hello from web\n", nil
	}
	return 0, "", NotSimulatedError("no network: " + url + " is outside the simulated cluster")
}

func (f *fakeCluster) Explain(ns, pod, container, shown, sim string) string {
	return "the fake explains " + pod
}

type fakeSession struct{ closed bool }

func (s *fakeSession) Prompt() string { return "/ # " }
func (s *fakeSession) Line(l string) (string, bool) {
	switch l {
	case "exit":
		return "", true
	case "cat /tmp/x":
		return "x\n", false
	}
	return "sh: " + l + ": not found\n", false
}
func (s *fakeSession) Close() { s.closed = true }

func checkPost(t *testing.T, post string) *FileResult {
	t.Helper()
	c := New(Options{Cluster: newFake})
	r := c.Check("post.md", []byte(post))
	if r.Err != nil {
		t.Fatalf("check: %v", r.Err)
	}
	return r
}

func statuses(r *FileResult) string {
	var s []string
	for _, st := range r.Steps {
		s = append(s, fmt.Sprintf("%d:%s", st.Line, st.Status))
	}
	return strings.Join(s, " ")
}

const podYAML = "```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n```\n"

func TestRunner(t *testing.T) {
	tests := []struct {
		name, post, want string
	}{
		{"age window picks the moment", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          2m\n```\n",
			"1:ok 14:ok"},
		{"early moment", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl get pods\nNAME   READY   STATUS              RESTARTS   AGE\nweb    0/1     ContainerCreating   0          3s\n```\n",
			"1:ok 14:ok"},
		{"impossible in the window is stale", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl get pods\nNAME   READY   STATUS              RESTARTS   AGE\nweb    0/1     ContainerCreating   0          5m\n```\n",
			"1:ok 14:stale-output"},
		{"logs waits for the container", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl logs web\nhello\n```\n",
			"1:ok 14:ok"},
		{"logs stale", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl logs web\nhello world\n```\n",
			"1:ok 14:stale-output"},
		{"unbound file", "```console\n$ kubectl apply -f missing.yaml\npod/web created\n```\n", "2:unbound-file"},
		{"behaviour change", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl logs nosuch\nhello\n```\n", "1:ok 14:behaviour-change"},
		{"stale error", "```console\n$ kubectl apply -f pod.yaml\nerror: the path \"pod.yml\" does not exist\n```\n", "2:unbound-file"},
		{"skip directive", "<!-- docbuild: skip reason=\"needs a real cluster\" -->\n```console\n$ kubectl get pods\nfoo\n```\n", "3:skipped"},
		{"heredoc defines the file", "```console\n$ cat <<EOF > pod.yaml\n> apiVersion: v1\n> kind: Pod\n> EOF\n$ kubectl apply -f pod.yaml\npod/web created\n$ kubectl apply -f pod.yaml\npod/web unchanged\n```\n",
			"2:ok 6:ok 8:ok"},
		{"apply from stdin heredoc", "```console\n$ kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nEOF\npod/web created\n```\n", "2:ok"},
		{"manifest rejected", "`kubectl apply -f pod.yaml`\n" + strings.Replace(podYAML, "spec:\n", "spec:\n  restartPolicy: Sometimes\n", 1) + "\n```console\n$ kubectl apply -f pod.yaml\npod/web created\n```\n",
			"15:manifest-rejected"},
		{"edit fragment", "`kubectl apply -f pod.yaml`\n" + podYAML + "\nChange the image:\n\n```yaml\nimage: nginx:1.27\n```\n\n```console\n$ kubectl apply -f pod.yaml\npod/web unchanged\n```\n",
			"1:ok 20:ok"},
		{"ambiguous edit", "`kubectl apply -f pod.yaml`\n" + podYAML + "\nChange the labels:\n\n```yaml\nlabels:\n  app: web\n```\n\n```console\n$ kubectl apply -f pod.yaml\npod/web unchanged\n```\n",
			"1:ok 16:ambiguous-edit 21:skipped"},
		{"output block after a cue", "`kubectl apply -f pod.yaml`\n" + podYAML + "\nThe output is similar to:\n\n```\npod/web created\n```\n", "1:ok"},
		{"session", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl exec -it web -- sh\n/ # cat /tmp/x\nx\n/ # exit\n```\n", "1:ok 14:ok 15:ok 17:ok"},
		{"alias", "```console\n$ alias kk=kubectl\n$ kk get pods\nNo resources found in default namespace.\n```\n", "2:ok 3:ok"},
		{"sleep advances the clock", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ sleep 60; kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          60s\n```\n", "1:ok 14:ok"},
		{"pipe to grep", "`kubectl apply -f pod.yaml`\n" + podYAML + "\n```console\n$ kubectl get pods | grep web | wc -l\n1\n```\n", "1:ok 14:ok"},
		{"unknown host program", "```console\n$ jq .\n{}\n```\n", "2:not-simulated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := checkPost(t, tt.post)
			if got := statuses(r); got != tt.want {
				t.Errorf("statuses = %s, want %s", got, tt.want)
				for _, s := range r.Steps {
					t.Logf("%d %s %q note=%q sim=%q", s.Line, s.Status, s.Command, s.Note, s.Simulated)
				}
			}
		})
	}
}

// TestSandbox: whatever a post contains, nothing runs on the host and every line ends.
func TestSandbox(t *testing.T) {
	tests := []struct {
		name, cmd, want string
	}{
		{"rm -rf /", "rm -rf / --no-preserve-root", ""},
		{"fork bomb", ":(){ :|:& };:", "fork bomb"},
		{"fork bomb named", "bomb(){ bomb|bomb& }; bomb", "fork bomb"},
		{"deep recursion", "f(){ f; }; f", "more than"},
		{"endless loop", "while true; do :; done", "more than"},
		{"endless sleep loop", "while true; do sleep 1; done", "more than"},
		{"curl to the internet", "curl -s https://example.com/", "outside the simulated cluster"},
		{"host binary", "/usr/bin/id", "not simulated"},
		{"process substitution", "diff <(echo a) <(echo b)", "process substitution"},
		{"write outside", "echo x > /etc/passwd", ""},
		{"sleep infinity", "sleep infinity", "virtual sleep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl, _ := newFake(ClusterOptions{})
			st := &state{r: &runner{c: New(Options{Cluster: newFake}), sc: &extractScenario, ctx: context.Background()}, ctx: context.Background(), cl: cl, fs: newFileSystem()}
			st.host = newHost(st)
			start := time.Now()
			out := st.host.Run(tt.cmd)
			if time.Since(start) > 5*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			if tt.want != "" && !strings.Contains(out.NotSimulated, tt.want) {
				t.Errorf("NotSimulated = %q, want %q", out.NotSimulated, tt.want)
			}
		})
	}
}

var extractScenario = emptyScenario()
