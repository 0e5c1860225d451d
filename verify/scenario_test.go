package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// stepAt is what a test expects of the step on a line.
type stepAt struct {
	line   int
	status Status
	// note, when set, is a part of the note; minAt a lower bound of the moment judged.
	note  string
	minAt time.Duration
}

// TestScenarios replays short posts on the simulator, each for a rule of check.md that needs
// more than one block: a watch that goes on in another terminal, a container session that
// goes on in the next block, the wait directive, `$?`, a placeholder the reader fills in.
func TestScenarios(t *testing.T) {
	const web = "`kubectl apply -f web.yaml`\n```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n```\n\n"
	tests := []struct {
		name, post string
		want       []stepAt
	}{
		{"watch continued in its terminal", web + "```console\n$ kubectl apply -f web.yaml\npod/web created\n$ kubectl get pods -w\n" +
			"NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          20s\n```\n\nIn another terminal:\n\n" +
			"```console\n$ kubectl delete pod web\npod \"web\" deleted from default namespace\n```\n\nIn the original terminal:\n\n" +
			"```\nNAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          20s\nweb    1/1     Terminating   0          21s\n```\n",
			[]stepAt{{line: 16, status: OK, minAt: 20 * time.Second}, {line: 24, status: OK}, {line: 31, status: Abridged}}},
		{"watch continuation that kubectl no longer prints", web + "```console\n$ kubectl apply -f web.yaml\n$ kubectl get pods -w\n" +
			"NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          20s\n```\n\n```console\n$ kubectl delete pod web\n```\n\nIn the original terminal:\n\n" +
			"```\nNAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          20s\nweb    1/1     Stopping   0          21s\n```\n",
			[]stepAt{{line: 15, status: OK}, {line: 27, status: StaleOutput}}},
		{"session continued in the next blocks, across a wait", "```console\n$ kubectl run box --image=busybox:1.36 -- sleep 3600\npod/box created\n$ kubectl exec -it box -- sh\n```\n\n" +
			"Inside the container:\n\n```console\n/ # cat /etc/hostname\nbox\n```\n\n<!-- docbuild: wait 10m -->\n\nStill there:\n\n" +
			"```console\n/ # echo hello > /tmp/x\n/ # cat /tmp/x\nhello\n/ # cat /etc/hostname\nweb\n/ # exit\n```\n",
			[]stepAt{{line: 4, status: OK}, {line: 10, status: OK}, {line: 19, status: OK, minAt: 10 * time.Minute}, {line: 20, status: OK},
				{line: 22, status: StaleOutput}, {line: 24, status: OK}}},
		{"wait directive", "```console\n$ kubectl run t --image=busybox:1.36 --restart=Never -- sleep 300\npod/t created\n```\n\n<!-- docbuild: wait 10m -->\n\n" +
			"```console\n$ kubectl exec t -- echo hi\nhi\n```\n",
			[]stepAt{{line: 2, status: OK}, {line: 9, status: BehaviourChange, note: "completed pod", minAt: 10 * time.Minute}}},
		{"no wait", "```console\n$ kubectl run t --image=busybox:1.36 --restart=Never -- sleep 300\npod/t created\n```\n\n" +
			"```console\n$ kubectl exec t -- echo hi\nhi\n```\n",
			[]stepAt{{line: 2, status: OK}, {line: 7, status: OK}}},
		{"Events ages point to the moment", "```console\n$ kubectl run web --image=nginx:1.27\npod/web created\n$ kubectl describe pod web\nEvents:\n" +
			"  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n" +
			"  Normal  Scheduled  2m    default-scheduler  Successfully assigned default/web to minikube\n" +
			"  Normal  Pulling    2m    kubelet            spec.containers{web}: Pulling image \"nginx:1.27\"\n```\n",
			[]stepAt{{line: 4, status: OK, minAt: 2 * time.Minute}}},
		{"exit status of the line before", "```console\n$ kubectl get pod nope\nError from server (NotFound): pods \"nope\" not found\n$ echo $?\n1\n$ echo $?\n0\n```\n",
			[]stepAt{{line: 2, status: OK}, {line: 4, status: OK}, {line: 6, status: OK}}},
		{"pid placeholder from the ps listing shown", "```console\n$ kubectl run redis --image=redis:7.2\npod/redis created\n$ kubectl exec -it redis -- bash\n" +
			"root@redis:/data# ps aux\nUSER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n" +
			"redis        1  0.1  0.1  33308  3828 ?        Ssl  00:46   0:00 redis-server *:6379\n" +
			"root        12  0.0  0.0  20228  3020 ?        Ss   00:47   0:00 bash\nroot        15  0.0  0.0  17500  2072 ?        R+   00:48   0:00 ps aux\n" +
			"root@redis:/data# kill <pid>\n```\n\n```console\n$ kubectl get pod redis\nNAME    READY   STATUS    RESTARTS     AGE\nredis   1/1     Running   1 (5s ago)   30s\n```\n",
			[]stepAt{{line: 5, status: StaleOutput}, {line: 10, status: OK}, {line: 14, status: OK}}},
		{"the shell exits with its container", "```console\n$ kubectl run redis --image=redis:7.2\n$ kubectl exec -it redis -- bash\n" +
			"root@redis:/data# kill 1\nroot@redis:/data# exit\n```\n",
			[]stepAt{{line: 4, status: OK}, {line: 5, status: Skipped, note: "after the session ended (its shell exited on line 4)"}}},
		{"other placeholders are the reader's", "```console\n$ kubectl run box --image=busybox:1.36 -- sleep 3600\n$ kubectl exec -it box -- sh\n/ # cat <file>\n```\n",
			[]stepAt{{line: 3, status: OK}, {line: 4, status: Skipped, note: "placeholder <file>"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New(Options{Cluster: Simulator()}).Check("p.md", []byte(tt.post))
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			by := map[int]StepResult{}
			for _, s := range r.Steps {
				by[s.Line] = s
			}
			for _, w := range tt.want {
				s, ok := by[w.line]
				switch {
				case !ok:
					t.Errorf("line %d: no result; %v", w.line, summary(r))
				case s.Status != w.status:
					t.Errorf("line %d %q: %s (%s), want %s\n%s", w.line, s.Command, s.Status, s.Note, w.status, s.Simulated)
				case !strings.Contains(s.Note, w.note):
					t.Errorf("line %d: note %q lacks %q", w.line, s.Note, w.note)
				case s.At < w.minAt:
					t.Errorf("line %d: judged at %v, want at least %v", w.line, s.At, w.minAt)
				}
			}
		})
	}
}

// TestStepBlocks: every result names the blocks of its step, as the scenario does.
func TestStepBlocks(t *testing.T) {
	post := "- `kubectl run web --image=nginx:1.27`\n\nThe output is similar to:\n\n```\npod/web created\n```\n\n```console\n$ kubectl get pod web -o name\npod/web\n```\n"
	r := New(Options{Cluster: Simulator()}).Check("p.md", []byte(post))
	if len(r.Steps) != 2 {
		t.Fatalf("steps %v", summary(r))
	}
	for i, want := range [][2]int{{-1, 0}, {1, 1}} {
		if s := r.Steps[i]; s.Block != want[0] || s.OutputBlock != want[1] {
			t.Errorf("step %d (%s): blocks %d/%d, want %d/%d", i, s.Command, s.Block, s.OutputBlock, want[0], want[1])
		}
	}
}

// TestCheckContext: a check whose context ends is abandoned promptly, with what was judged.
func TestCheckContext(t *testing.T) {
	// An init container that loops every 2 seconds, and a post that makes hours pass.
	post := "`kubectl apply -f p.yaml`\n```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: wait\n" +
		"    image: busybox:1.36\n    command: ['sh', '-c', 'until nslookup nothing; do sleep 2; done']\n  containers:\n  - name: app\n    image: busybox:1.36\n```\n\n" +
		"```console\n$ kubectl apply -f p.yaml\npod/p created\n```\n\n" + strings.Repeat("<!-- docbuild: wait 1h -->\n\n```console\n$ kubectl get pod p\nNAME\n```\n\n", 20)
	c := New(Options{Cluster: Simulator()})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := c.CheckContext(ctx, "p.md", []byte(post)); !errors.Is(r.Err, context.Canceled) || len(r.Steps) != 0 {
		t.Errorf("cancelled before: err %v, %d steps", r.Err, len(r.Steps))
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	r := c.CheckContext(ctx, "p.md", []byte(post))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("abandoned after %v", d)
	}
	if !errors.Is(r.Err, context.DeadlineExceeded) || !strings.Contains(r.Err.Error(), "abandoned") {
		t.Errorf("err = %v", r.Err)
	}
	if len(r.Steps) >= 21 {
		t.Errorf("every step judged (%d) although the context ended", len(r.Steps))
	}
}

func TestAgeShift(t *testing.T) {
	events := func(ages ...string) string {
		out := "Events:\n  Type    Reason     Age   From      Message\n  ----    ------     ----  ----      -------\n"
		for i, a := range ages {
			out += fmt.Sprintf("  Normal  R%d         %s    kubelet   m\n", i, a)
		}
		return out
	}
	tests := []struct {
		name       string
		shown, sim string
		lo, hi     time.Duration
		ok         bool
	}{
		{"events ten seconds later", events("12s", "10s"), events("2s", "0s"), 9*time.Second + 1, 11 * time.Second, true},
		{"already there", events("5s"), events("5s"), -time.Second + 1, time.Second, true},
		{"no single shift", events("10s", "10s"), events("0s", "5s"), 0, 0, false},
		{"ago", "web   1/1   Running   6 (3m50s ago)   10m\n", "web   1/1   Running   6 (50s ago)   7m\n", 3*time.Minute - time.Second + 1, 3*time.Minute + time.Second, true},
		{"nothing that grows", "NAME\nweb\n", "NAME\nweb\n", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, ok := ageShift(strings.Split(strings.TrimSuffix(tt.shown, "\n"), "\n"), tt.sim)
			if ok != tt.ok || ok && (lo != tt.lo || hi != tt.hi) {
				t.Errorf("ageShift = [%v, %v) %v, want [%v, %v) %v", lo, hi, ok, tt.lo, tt.hi, tt.ok)
			}
		})
	}
}
