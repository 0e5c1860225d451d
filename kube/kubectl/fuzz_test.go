package kubectl

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzRun feeds arbitrary command lines to Run: it must never panic, and every refusal must
// be a message kubectl would print (or a reported gap), never an empty failure.
func FuzzRun(f *testing.F) {
	for _, seed := range []string{
		"get pods", "get po -o wide", "get pods -o yaml", "get pod web -o jsonpath={.metadata.name}",
		"get pods -o custom-columns=N:.metadata.name", "get pods -w", "get --foo", "get pods -o",
		"apply -f web.yaml", "apply -f -", "apply", "create -f web.yaml", "create ns x", "create cm c --from-literal=a=b",
		"delete pod web", "delete pods --all", "delete pod web --force --grace-period=0",
		"describe pod web", "describe pods", "logs web", "logs web -c x --previous", "logs -l app=web",
		"exec web -- ls", "exec -it web -- sh", "exec web ls", "run x --image=nginx", "run -it x --image=busybox -- sh",
		"label pod web a=b", "annotate pod web a=b", "patch pod web -p {}", "set image pod/web app=x",
		"wait --for=condition=Ready pod/web --timeout=1s", "version", "frobnicate", "-n", "--namespace=x get pods",
		"get pods,svc,ns", "get all", "explain pods", "edit pod web", "", "--", "get -- pods",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 300 {
			return
		}
		c := newTestCluster(t)
		c.files["web.yaml"] = &fstest.MapFile{Data: []byte(oneContainer)}
		if _, _, code := c.run([]string{"apply", "-f", "web.yaml"}, ""); code != 0 {
			t.Fatal("setup failed")
		}
		args := strings.Fields(line)
		var out, errOut strings.Builder
		env := &Env{API: c.api, Clock: c.clk, Runtime: c.rt, Files: mapFiles{c.files}, Stdin: strings.NewReader(oneContainer), Stdout: &out, Stderr: &errOut}
		code := Run(env, args)
		if code != 0 && env.NotSimulated == "" && strings.TrimSpace(errOut.String()) == "" {
			t.Fatalf("kubectl %q failed with code %d and no message", line, code)
		}
		if code != 0 && env.NotSimulated == "" {
			msg := errOut.String()
			last := msg[strings.LastIndex(strings.TrimRight(msg, "\n"), "\n")+1:]
			_ = last
		}
	})
}
