package kubectl

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// fakeRuntime answers logs/exec/attach from tables, recording the calls.
type fakeRuntime struct {
	logs     map[string]string // "pod/container" → log
	logErr   map[string]string // "pod/container" → kubelet error text
	execOut  string
	execCode int
	execErr  error
	calls    []string
}

func (f *fakeRuntime) Logs(ns, pod, container string, opts LogOptions) ([]byte, error) {
	f.calls = append(f.calls, fmt.Sprintf("logs %s/%s/%s previous=%v", ns, pod, container, opts.Previous))
	if e, ok := f.logErr[pod+"/"+container]; ok {
		return nil, errors.New(e)
	}
	return []byte(f.logs[pod+"/"+container]), nil
}

func (f *fakeRuntime) Exec(ns, pod, container string, argv []string, io ExecIO) (int, error) {
	f.calls = append(f.calls, fmt.Sprintf("exec %s/%s/%s %q", ns, pod, container, argv))
	if f.execErr != nil {
		return 0, f.execErr
	}
	io.Stdout.Write([]byte(f.execOut))
	return f.execCode, nil
}

func (f *fakeRuntime) Attach(ns, pod, container string, argv []string, tty bool) (Session, error) {
	f.calls = append(f.calls, fmt.Sprintf("attach %s/%s/%s %q tty=%v", ns, pod, container, argv, tty))
	return &fakeSession{}, nil
}

// fakeSession is a shell that echoes lines and exits on "exit N".
type fakeSession struct {
	code   int
	exited bool
}

func (s *fakeSession) Start() ([]byte, bool) { return []byte("/ # "), false }
func (s *fakeSession) Prompt() string        { return "/ # " }
func (s *fakeSession) Line(line string) ([]byte, bool) {
	if strings.HasPrefix(line, "exit") {
		fmt.Sscanf(strings.TrimPrefix(line, "exit"), "%d", &s.code)
		s.exited = true
		return nil, true
	}
	return []byte(line + "\n/ # "), false
}
func (s *fakeSession) ExitCode() int { return s.code }
func (s *fakeSession) Close() int    { s.exited = true; return 0 }

const twoContainers = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx
  - name: sidecar
    image: busybox
`

const oneContainer = `apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  containers:
  - name: app
    image: nginx:1.27
`

const nodeYAML = `apiVersion: v1
kind: Node
metadata:
  name: minikube
`

// runningOnNode makes the cluster's pods look as a kubelet on "minikube" would report them:
// the node is Ready, the pods are bound and their containers run (or have the given state).
func (c *testCluster) setPodState(t testing.TB, name string, phase v1.PodPhase, states map[string]v1.ContainerState) {
	t.Helper()
	c.clk.AdvanceTo(c.clk.Now().Add(2e9))
	obj, err := c.api.Get("pods", "default", name)
	if err != nil {
		t.Fatal(err)
	}
	p := obj.(*v1.Pod)
	if p.Spec.NodeName == "" {
		t.Fatalf("pod %s was not scheduled", name)
	}
	p.Status.Phase = phase
	p.Status.ContainerStatuses = nil
	for _, ctr := range p.Spec.Containers {
		st, ok := states[ctr.Name]
		if !ok {
			st = v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: metav1.NewTime(c.clk.Now())}}
		}
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, v1.ContainerStatus{Name: ctr.Name, Image: ctr.Image, State: st, Ready: st.Running != nil})
	}
	if _, err := c.api.UpdatePodStatus(p); err != nil {
		t.Fatal(err)
	}
}

func (c *testCluster) readyNode(t testing.TB) {
	t.Helper()
	c.files["node.yaml"] = &fstest.MapFile{Data: []byte(nodeYAML)}
	if _, stderr, code := c.run([]string{"apply", "-f", "node.yaml"}, ""); code != 0 {
		t.Fatal(stderr)
	}
	obj, _ := c.api.Get("nodes", "", "minikube")
	n := obj.(*v1.Node)
	n.Status.Conditions = []v1.NodeCondition{{Type: v1.NodeReady, Status: v1.ConditionTrue}}
	n.Status.Allocatable = v1.ResourceList{v1.ResourceCPU: resource.MustParse("2"), v1.ResourceMemory: resource.MustParse("4Gi"), v1.ResourcePods: resource.MustParse("110")}
	n.Status.Capacity = n.Status.Allocatable
	n.Status.Addresses = []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: "192.168.49.2"}}
	if _, err := c.api.UpdateStatus(n); err != nil {
		t.Fatal(err)
	}
}

// TestMessages checks kubectl's own messages (facts §5 and the kubectl v0.37.2 sources named in
// each case) for one command after a setup.
func TestMessages(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		node   bool                               // a Ready node named minikube
		setup  [][]string                         // commands run first
		state  func(c *testCluster, t testing.TB) // after setup
		rt     *fakeRuntime                       // nil: no runtime
		args   string                             // the command (fields)
		stdout string
		stderr string
		code   int
	}{
		// Flags (pkg/util/templates/templater.go FlagErrorFunc; pflag errors).
		{name: "unknown flag", args: "get pods --foo",
			stderr: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", code: 1},
		{name: "unknown shorthand", args: "get pods -z",
			stderr: "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n", code: 1},
		{name: "flag needs argument", args: "get pods -o",
			stderr: "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n", code: 1},
		{name: "unknown command", args: "frobnicate",
			stderr: "error: unknown command \"frobnicate\" for \"kubectl\"\n", code: 1},
		{name: "unknown resource type", args: "get foos",
			stderr: "error: the server doesn't have a resource type \"foos\"\n", code: 1},
		{name: "get without type", args: "get",
			stderr: "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n", code: 1},
		{name: "no resources all namespaces", args: "get pods -A", stderr: "No resources found\n"},
		{name: "no resources named namespace", args: "get pods -n kube-system", stderr: "No resources found in kube-system namespace.\n"},

		// Files (cli-runtime v0.37.2 builder.go, visitor.go).
		{name: "missing file", args: "apply -f nope.yaml", stderr: "error: the path \"nope.yaml\" does not exist\n", code: 1},
		{name: "apply without -f", args: "apply", stderr: "error: must specify one of -f and -k\n", code: 1},
		{name: "broken yaml", files: map[string]string{"bad.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   labels: {}\n"},
			args: "apply -f bad.yaml", stderr: "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n", code: 1},
		{name: "missing kind", files: map[string]string{"nokind.yaml": "apiVersion: v1\nmetadata:\n  name: x\n"},
			args: "apply -f nokind.yaml", stderr: "error: error validating \"nokind.yaml\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n", code: 1},
		{name: "unknown kind", files: map[string]string{"w.yaml": "apiVersion: v1\nkind: Widget\nmetadata:\n  name: x\n"},
			args: "apply -f w.yaml", stderr: "error: resource mapping not found for name: \"x\" namespace: \"\" from \"w.yaml\": no matches for kind \"Widget\" in version \"v1\"\nensure CRDs are installed first\n", code: 1},
		{name: "multi-document apply", files: map[string]string{"two.yaml": oneContainer + "---\n" + strings.ReplaceAll(oneContainer, "solo", "duo")},
			args: "apply -f two.yaml", stdout: "pod/solo created\npod/duo created\n"},
		{name: "apply from stdin", args: "apply -f -", stdout: "pod/solo created\n"},
		{name: "apply a directory", files: map[string]string{"dir/a.yaml": oneContainer, "dir/notes.txt": "x", "dir/b.yml": strings.ReplaceAll(oneContainer, "solo", "bee")},
			args: "apply -f dir", stdout: "pod/solo created\npod/bee created\n"},

		// apply (pkg/cmd/apply/apply.go).
		{name: "apply unchanged", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "apply -f solo.yaml", stdout: "pod/solo unchanged\n"},
		{name: "apply configured", files: map[string]string{"solo.yaml": oneContainer, "solo2.yaml": strings.ReplaceAll(oneContainer, "nginx:1.27", "nginx:1.28")},
			setup: [][]string{{"apply", "-f", "solo.yaml"}}, args: "apply -f solo2.yaml", stdout: "pod/solo configured\n"},
		{name: "apply missing annotation", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"create", "-f", "solo.yaml"}},
			args: "apply -f solo.yaml", stdout: "pod/solo configured\n",
			stderr: "Warning: resource pods/solo is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n"},
		{name: "create save-config then apply", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"create", "-f", "solo.yaml", "--save-config"}},
			args: "apply -f solo.yaml", stdout: "pod/solo unchanged\n"},
		{name: "apply dry run", files: map[string]string{"solo.yaml": oneContainer}, args: "apply -f solo.yaml --dry-run=client", stdout: "pod/solo created (dry run)\n"},
		{name: "deprecated flag", files: map[string]string{"solo.yaml": oneContainer}, args: "apply -f solo.yaml --record",
			stdout: "pod/solo created\n", stderr: "Flag --record has been deprecated, --record will be removed in the future\n"},
		{name: "help is not simulated", args: "get pods --help"},
		{name: "apply -o name", files: map[string]string{"solo.yaml": oneContainer}, args: "apply -f solo.yaml -o name", stdout: "pod/solo\n"},

		// create generators (pkg/cmd/create).
		{name: "create namespace", args: "create namespace demo", stdout: "namespace/demo created\n"},
		{name: "create ns exists", setup: [][]string{{"create", "ns", "demo"}}, args: "create ns demo",
			stderr: "Error from server (AlreadyExists): namespaces \"demo\" already exists\n", code: 1},
		{name: "create configmap", args: "create configmap cfg --from-literal=a=1 --from-literal=b=2", stdout: "configmap/cfg created\n"},
		{name: "create configmap exists", setup: [][]string{{"create", "cm", "cfg"}}, args: "create cm cfg",
			stderr: "error: failed to create configmap: configmaps \"cfg\" already exists\n", code: 1},
		{name: "create secret generic", args: "create secret generic s --from-literal=password=x", stdout: "secret/s created\n"},
		{name: "create namespace without name", args: "create namespace",
			stderr: "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples\n", code: 1},

		// delete (pkg/cmd/delete/delete.go).
		{name: "delete unscheduled pod", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "delete pod solo", stdout: "pod \"solo\" deleted from default namespace\n"},
		{name: "delete force", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "delete pod solo --force --grace-period=0", stdout: "pod \"solo\" force deleted from default namespace\n",
			stderr: "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n"},
		{name: "delete -o name", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "delete pod/solo -o name", stdout: "pod/solo\n"},
		{name: "delete -f", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "delete -f solo.yaml", stdout: "pod \"solo\" deleted from default namespace\n"},
		{name: "delete --all none", args: "delete pods --all", stdout: "No resources found\n"},
		{name: "delete label selector", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}, {"label", "pod", "solo", "app=x"}},
			args: "delete pods -l app=x", stdout: "pod \"solo\" deleted from default namespace\n"},
		{name: "delete force with grace", args: "delete pod x --force --grace-period=5",
			stderr: "error: --force and --grace-period greater than 0 cannot be specified together\n", code: 1},
		{name: "delete namespace", setup: [][]string{{"create", "ns", "demo"}}, args: "delete namespace demo", stdout: "namespace \"demo\" deleted\n"},

		// label / annotate / patch / set image.
		{name: "label", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "label pod solo tier=web", stdout: "pod/solo labeled\n"},
		{name: "label overwrite refused", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}, {"label", "pod", "solo", "tier=web"}},
			args: "label pod solo tier=db", stderr: "error: 'tier' already has a value (web), and --overwrite is false\n", code: 1},
		{name: "unlabel", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}, {"label", "pod", "solo", "tier=web"}},
			args: "label pod solo tier-", stdout: "pod/solo unlabeled\n"},
		{name: "annotate", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "annotate pod solo note=hi", stdout: "pod/solo annotated\n"},
		{name: "patch", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: `patch pod solo -p {"metadata":{"labels":{"a":"b"}}}`, stdout: "pod/solo patched\n"},
		{name: "patch no change", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}, {"label", "pod", "solo", "a=b"}},
			args: `patch pod solo -p {"metadata":{"labels":{"a":"b"}}}`, stdout: "pod/solo patched (no change)\n"},
		{name: "patch bad type", args: "patch pod solo -p {} --type=foo",
			stderr: "error: --type must be one of [json merge strategic], not \"foo\"\n", code: 1},
		{name: "set image", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "set image pod/solo app=nginx:1.28", stdout: "pod/solo image updated\n"},
		{name: "set image unknown container", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "set image pod/solo web=nginx:1.28", stderr: "error: unable to find container named \"web\"\n", code: 1},

		// run (pkg/cmd/run/run.go).
		{name: "run", args: "run nginx --image=nginx", stdout: "pod/nginx created\n"},
		{name: "run without image", args: "run nginx", stderr: "error: required flag(s) \"image\" not set\n", code: 1},
		{name: "run bad restart", args: "run nginx --image=nginx --restart=Sometimes",
			stderr: "error: invalid restart policy: Sometimes, valid values are: Always, OnFailure, Never\n", code: 1},
		{name: "run rm without attach", args: "run nginx --image=nginx --rm", stderr: "error: --rm should only be used for attached containers\n", code: 1},

		// exec (pkg/cmd/exec/exec.go; facts §5.1).
		{name: "exec no pod", args: "exec", stderr: "error: pod, type/name or --filename must be specified\n", code: 1},
		{name: "exec deprecated form", args: "exec web ls", stderr: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n", code: 1},
		{name: "exec exit code", files: map[string]string{"solo.yaml": oneContainer}, node: true, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "solo", v1.PodRunning, nil) },
			rt:    &fakeRuntime{execOut: "out\n", execCode: 3}, args: "exec solo -- false",
			stdout: "out\n", stderr: "command terminated with exit code 3\n", code: 3},
		{name: "exec defaulted container", files: map[string]string{"web.yaml": twoContainers}, node: true, setup: [][]string{{"apply", "-f", "web.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "web", v1.PodRunning, nil) },
			rt:    &fakeRuntime{execOut: "web\n"}, args: "exec web -- hostname",
			stdout: "web\n", stderr: "Defaulted container \"app\" out of: app, sidecar\n"},
		{name: "exec bad container", files: map[string]string{"web.yaml": twoContainers}, node: true, setup: [][]string{{"apply", "-f", "web.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "web", v1.PodRunning, nil) },
			rt:    &fakeRuntime{}, args: "exec web -c bogus -- ls",
			stderr: "error: container bogus is not valid for pod web out of: app, sidecar\n", code: 1},
		{name: "exec completed pod", files: map[string]string{"solo.yaml": oneContainer}, node: true, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			state: func(c *testCluster, t testing.TB) {
				c.setPodState(t, "solo", v1.PodSucceeded, map[string]v1.ContainerState{"app": {Terminated: &v1.ContainerStateTerminated{Reason: "Completed"}}})
			},
			rt: &fakeRuntime{}, args: "exec solo -- ls",
			stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded\n", code: 1},
		{name: "exec container not running", files: map[string]string{"solo.yaml": oneContainer}, node: true, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			state: func(c *testCluster, t testing.TB) {
				c.setPodState(t, "solo", v1.PodPending, map[string]v1.ContainerState{"app": {Waiting: &v1.ContainerStateWaiting{Reason: "ContainerCreating"}}})
			},
			rt: &fakeRuntime{execErr: errors.New(`container not found ("app")`)}, args: "exec solo -- ls",
			stderr: "error: Internal error occurred: unable to upgrade connection: container not found (\"app\")\n", code: 1},

		// attach (pkg/cmd/attach/attach.go).
		{name: "attach no args", args: "attach", stderr: "error: at least 1 argument is required for attach\n", code: 1},
		{name: "attach type name", args: "attach -it image-volume bash", stderr: "error: the server doesn't have a resource type \"image-volume\"\n", code: 1},
		{name: "attach unscheduled", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "attach -it solo", stderr: "error: Unable to use a TTY - container app did not allocate one\nerror: unable to upgrade connection: pod solo does not have a host assigned\n", code: 1},

		// logs (pkg/cmd/logs/logs.go, polymorphichelpers/logsforobject.go; facts §5.3).
		{name: "logs defaulted", files: map[string]string{"web.yaml": twoContainers}, node: true, setup: [][]string{{"apply", "-f", "web.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "web", v1.PodRunning, nil) },
			rt:    &fakeRuntime{logs: map[string]string{"web/app": "hello\n"}}, args: "logs web",
			stdout: "hello\n", stderr: "Defaulted container \"app\" out of: app, sidecar\n"},
		{name: "logs positional container", files: map[string]string{"web.yaml": twoContainers}, node: true, setup: [][]string{{"apply", "-f", "web.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "web", v1.PodRunning, nil) },
			rt:    &fakeRuntime{logs: map[string]string{"web/sidecar": "side\n"}}, args: "logs web sidecar", stdout: "side\n"},
		{name: "logs bad container", files: map[string]string{"web.yaml": twoContainers}, node: true, setup: [][]string{{"apply", "-f", "web.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "web", v1.PodRunning, nil) },
			rt:    &fakeRuntime{}, args: "logs web -c bogus",
			stderr: "error: container bogus is not valid for pod web out of: app, sidecar\n", code: 1},
		{name: "logs kubelet error", files: map[string]string{"solo.yaml": oneContainer}, node: true, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			state: func(c *testCluster, t testing.TB) {
				c.setPodState(t, "solo", v1.PodPending, map[string]v1.ContainerState{"app": {Waiting: &v1.ContainerStateWaiting{Reason: "ContainerCreating"}}})
			},
			rt:     &fakeRuntime{logErr: map[string]string{"solo/app": `container "app" in pod "solo" is waiting to start: ContainerCreating`}},
			args:   "logs solo",
			stderr: "Error from server (BadRequest): container \"app\" in pod \"solo\" is waiting to start: ContainerCreating\n", code: 1},
		{name: "logs previous missing", files: map[string]string{"solo.yaml": oneContainer}, node: true, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			state:  func(c *testCluster, t testing.TB) { c.setPodState(t, "solo", v1.PodRunning, nil) },
			rt:     &fakeRuntime{logErr: map[string]string{"solo/app": `previous terminated container "app" in pod "solo" not found`}},
			args:   "logs solo --previous",
			stderr: "Error from server (BadRequest): previous terminated container \"app\" in pod \"solo\" not found\n", code: 1},
		{name: "logs selector none", args: "logs -l app=none", stderr: "No resources found in default namespace.\n"},
		{name: "logs usage", args: "logs", stderr: "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n", code: 1},
		{name: "logs all containers", files: map[string]string{"web.yaml": twoContainers}, node: true, setup: [][]string{{"apply", "-f", "web.yaml"}},
			state: func(c *testCluster, t testing.TB) { c.setPodState(t, "web", v1.PodRunning, nil) },
			rt:    &fakeRuntime{logs: map[string]string{"web/app": "a\n", "web/sidecar": "s\n"}}, args: "logs web --all-containers", stdout: "a\ns\n"},

		// describe prefix matching (pkg/cmd/describe/describe.go DescribeMatchingResources).
		{name: "describe no match", args: "describe pod nothing", stderr: "Error from server (NotFound): pods \"nothing\" not found\n", code: 1},

		// wait (pkg/cmd/wait).
		{name: "wait timeout", files: map[string]string{"solo.yaml": oneContainer}, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			args: "wait --for=condition=Ready pod/solo --timeout=5s", stderr: "error: timed out waiting for the condition on pods/solo\n", code: 1},
		{name: "wait ready", files: map[string]string{"solo.yaml": oneContainer}, node: true, setup: [][]string{{"apply", "-f", "solo.yaml"}},
			state: func(c *testCluster, t testing.TB) {
				c.setPodState(t, "solo", v1.PodRunning, nil)
				obj, _ := c.api.Get("pods", "default", "solo")
				p := obj.(*v1.Pod)
				p.Status.Conditions = append(p.Status.Conditions, v1.PodCondition{Type: v1.PodReady, Status: v1.ConditionTrue, ObservedGeneration: p.Generation})
				if _, err := c.api.UpdatePodStatus(p); err != nil {
					t.Fatal(err)
				}
			},
			args: "wait --for=condition=Ready pod/solo", stdout: "pod/solo condition met\n"},
		{name: "wait bad condition", args: "wait --for=ready pod/solo", stderr: "error: unrecognized condition: \"ready\"\n", code: 1},
		{name: "wait delete gone", args: "wait --for=delete pod/solo"},

		// version (real/A.md #01).
		{name: "version client", args: "version --client", stdout: "Client Version: v1.37.2\nKustomize Version: v5.8.1\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCluster(t)
			for n, d := range tc.files {
				c.files[n] = &fstest.MapFile{Data: []byte(d)}
			}
			if tc.node {
				c.readyNode(t)
			}
			for _, s := range tc.setup {
				if _, stderr, code := c.run(s, ""); code != 0 {
					t.Fatalf("setup %v: %s", s, stderr)
				}
			}
			if tc.state != nil {
				tc.state(c, t)
			}
			if tc.rt != nil {
				c.rt = tc.rt
			}
			stdin := ""
			if strings.Contains(tc.args, "-f -") {
				stdin = oneContainer
			}
			out, errOut, code := c.run(strings.Fields(tc.args), stdin)
			if out != tc.stdout || errOut != tc.stderr || code != tc.code {
				t.Errorf("kubectl %s\n--- stdout\n%s--- want\n%s--- stderr\n%s--- want\n%s--- code %d, want %d", tc.args, out, tc.stdout, errOut, tc.stderr, code, tc.code)
			}
		})
	}
}

var _ = apiserver.ListOptions{}
