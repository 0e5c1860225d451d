package kubectl

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	v1 "k8s.io/api/core/v1"
)

// TestInteractiveExec drives `kubectl exec -it solo -- sh` typed at a terminal: the session is
// handed back through Env.Session, lines run in the container, and a non-zero exit status of
// the shell becomes kubectl's (client-go remotecommand's CodeExitError).
func TestInteractiveExec(t *testing.T) {
	for _, tc := range []struct {
		exit     string
		wantCode int
		wantTail string
	}{
		{"exit", 0, "/ # echo hi\n/ # "},
		{"exit 3", 3, "command terminated with exit code 3\n"},
	} {
		c := newTestCluster(t)
		c.files["solo.yaml"] = &fstest.MapFile{Data: []byte(oneContainer)}
		c.readyNode(t)
		if _, stderr, code := c.run([]string{"apply", "-f", "solo.yaml"}, ""); code != 0 {
			t.Fatal(stderr)
		}
		c.setPodState(t, "solo", v1.PodRunning, nil)
		rt := &fakeRuntime{}
		var screen bytes.Buffer
		env := &Env{API: c.api, Clock: c.clk, Runtime: rt, Stdout: &screen, Stderr: &screen, TTY: true}
		if code := Run(env, []string{"exec", "-it", "solo", "--", "sh"}); code != 0 {
			t.Fatalf("exec: code %d: %s", code, screen.String())
		}
		if env.Session == nil {
			t.Fatal("no session left open")
		}
		if got := env.Session.Prompt(); got != "/ # " {
			t.Errorf("prompt %q", got)
		}
		if env.Session.Line("echo hi") {
			t.Fatal("shell exited early")
		}
		if !env.Session.Line(tc.exit) {
			t.Fatal("shell did not exit")
		}
		if code := env.Session.End(); code != tc.wantCode {
			t.Errorf("%s: kubectl exit %d, want %d", tc.exit, code, tc.wantCode)
		}
		before := screen.Len()
		if code := env.Session.End(); code != tc.wantCode || screen.Len() != before {
			t.Errorf("%s: a second End returned %d and printed %q", tc.exit, code, screen.String()[before:])
		}
		if !strings.HasSuffix(screen.String(), tc.wantTail) {
			t.Errorf("%s: screen %q does not end with %q", tc.exit, screen.String(), tc.wantTail)
		}
		if want := `attach default/solo/app ["sh"] tty=true`; len(rt.calls) != 1 || rt.calls[0] != want {
			t.Errorf("runtime calls %q, want %q", rt.calls, want)
		}
	}
}

// TestExecWithoutTerminal: -it with stdin that is not a terminal warns and runs the command
// without a TTY (exec.go SetupTTY), as real/A.md #11 shows for the error path.
func TestExecWithoutTerminal(t *testing.T) {
	c := newTestCluster(t)
	c.files["solo.yaml"] = &fstest.MapFile{Data: []byte(oneContainer)}
	c.readyNode(t)
	if _, stderr, code := c.run([]string{"apply", "-f", "solo.yaml"}, ""); code != 0 {
		t.Fatal(stderr)
	}
	c.setPodState(t, "solo", v1.PodRunning, nil)
	c.rt = &fakeRuntime{execOut: "bin\netc\n"}
	out, errOut, code := c.run([]string{"exec", "-it", "solo", "--", "ls"}, "")
	if code != 0 || out != "bin\netc\n" || errOut != "Unable to use a TTY - input is not a terminal or the right kind of file\n" {
		t.Errorf("got %q %q %d", out, errOut, code)
	}
}

// TestRunInteractive is `kubectl run -it --rm box --image=busybox -- sh` at a terminal: the pod
// is created with stdin and a TTY, kubectl attaches once it runs, and after `exit` prints the
// session-ended line and deletes the pod (run.go, attach.go).
func TestRunInteractive(t *testing.T) {
	c := newTestCluster(t)
	kwok(c)
	c.files["node.yaml"] = &fstest.MapFile{Data: []byte(nodeYAML)}
	if _, stderr, code := c.run([]string{"apply", "-f", "node.yaml"}, ""); code != 0 {
		t.Fatal(stderr)
	}
	c.clk.AdvanceTo(c.clk.Now().Add(1e9))
	rt := &fakeRuntime{}
	var screen bytes.Buffer
	env := &Env{API: c.api, Clock: c.clk, Runtime: rt, Stdout: &screen, Stderr: &screen, TTY: true}
	if code := Run(env, []string{"run", "-it", "--rm", "box", "--image=busybox", "--", "sh"}); code != 0 {
		t.Fatalf("run: code %d: %s", code, screen.String())
	}
	if env.Session == nil {
		t.Fatalf("no session: %s", screen.String())
	}
	env.Session.Line("exit")
	if code := env.Session.End(); code != 0 {
		t.Errorf("exit code %d", code)
	}
	want := "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\n" +
		"If you don't see a command prompt, try pressing enter.\n" +
		"/ # " +
		"Session ended, resume using 'kubectl attach box -c box -n default -i -t' command\n" +
		"pod \"box\" deleted from default namespace\n"
	if screen.String() != want {
		t.Errorf("screen\n%q\nwant\n%q", screen.String(), want)
	}
	obj, err := c.api.Get("pods", "default", "box")
	if err == nil {
		p := obj.(*v1.Pod)
		if p.DeletionTimestamp == nil {
			t.Error("pod not deleted")
		}
	}
}
