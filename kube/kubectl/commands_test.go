package kubectl

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// TestKubeconfig runs the config commands against a kubeconfig the caller keeps (Env.Kubeconfig):
// set-context and use-context rewrite it (messages: k8s.io/kubectl v0.37.2
// pkg/cmd/config/set_context.go, use_context.go), and the current context's namespace becomes
// the namespace of later commands.
func TestKubeconfig(t *testing.T) {
	c := newTestCluster(t)
	kc := &Kubeconfig{Path: "/home/user/.kube/config", Data: MinikubeKubeconfig(MinikubeConfig{
		Home: "/home/user", Server: "https://192.168.49.2:8443", LastUpdate: testStart, Version: "v1.36.0",
	})}
	steps := []struct {
		args, stdout, stderr string
		code                 int
	}{
		{args: "config current-context", stdout: "minikube\n"},
		{args: "get pods", stderr: "No resources found in default namespace.\n"},
		{args: "config set-context --current --namespace=dev", stdout: "Context \"minikube\" modified.\n"},
		{args: "get pods", stderr: "No resources found in dev namespace.\n"},
		{args: "get pods -n kube-system", stderr: "No resources found in kube-system namespace.\n"},
		{args: "config set-context kind-kind --cluster=kind --user=kind", stdout: "Context \"kind-kind\" created.\n"},
		{args: "config get-contexts", stdout: "CURRENT   NAME        CLUSTER    AUTHINFO   NAMESPACE\n          kind-kind   kind       kind       \n*         minikube    minikube   minikube   dev\n"},
		{args: "config use-context kind-kind", stdout: "Switched to context \"kind-kind\".\n"},
		{args: "config current-context", stdout: "kind-kind\n"},
		{args: "get pods", stderr: "No resources found in default namespace.\n"},
		{args: "config use-context nope", stderr: "error: no context exists with the name: \"nope\"\n", code: 1},
		{args: "config set-context a b", stderr: "error: Unexpected args: [a b]\nSee 'kubectl config set-context -h' for help and examples\n", code: 1},
		{args: "config set-context x --current", stderr: "error: you cannot specify both a context name and --current\n", code: 1},
		{args: "config use-context minikube", stdout: "Switched to context \"minikube\".\n"},
		{args: "config view --minify -o jsonpath={.contexts[0].context.namespace}", stdout: "dev"},
		{args: "cluster-info", stdout: "Kubernetes control plane is running at https://192.168.49.2:8443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"},
	}
	for _, s := range steps {
		var out, errOut bytes.Buffer
		env := &Env{API: c.api, Clock: c.clk, Stdout: &out, Stderr: &errOut, Kubeconfig: kc}
		code := Run(env, strings.Fields(s.args))
		if out.String() != s.stdout || errOut.String() != s.stderr || code != s.code || env.NotSimulated != "" {
			t.Errorf("kubectl %s\n--- stdout\n%q\n--- want\n%q\n--- stderr\n%q\n--- want\n%q\n--- code %d, want %d; not simulated: %q",
				s.args, out.String(), s.stdout, errOut.String(), s.stderr, code, s.code, env.NotSimulated)
		}
	}
	if !bytes.Contains(kc.Data, []byte("namespace: dev")) || !bytes.Contains(kc.Data, []byte("current-context: minikube")) {
		t.Errorf("kubeconfig not rewritten:\n%s", kc.Data)
	}
}

// tarRuntime is a node whose containers hold a file system and run test -d, tar -xmf - [-C
// dir] and tar cf - path as busybox does, for kubectl cp.
type tarRuntime struct {
	fakeRuntime
	files map[string][]byte // container path → content ("dir/" entries are directories)
}

func (f *tarRuntime) Exec(ns, pod, container string, argv []string, stdio ExecIO) (int, error) {
	f.calls = append(f.calls, fmt.Sprintf("exec %s/%s/%s %q", ns, pod, container, argv))
	switch {
	case len(argv) == 3 && argv[0] == "test" && argv[1] == "-d":
		if _, ok := f.files[strings.TrimSuffix(argv[2], "/")+"/"]; ok {
			return 0, nil
		}
		return 1, nil
	case len(argv) >= 3 && argv[0] == "tar" && argv[1] == "-xmf" && argv[2] == "-":
		dir := "/"
		if len(argv) == 5 && argv[3] == "-C" {
			dir = argv[4]
		}
		tr := tar.NewReader(stdio.Stdin)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				return 0, nil
			}
			if err != nil {
				return 2, err
			}
			data, _ := io.ReadAll(tr)
			name := path.Join(dir, h.Name)
			if h.Typeflag == tar.TypeDir {
				f.files[name+"/"] = nil
				continue
			}
			f.files[name] = data
		}
	case len(argv) == 4 && argv[0] == "tar" && argv[1] == "cf" && argv[2] == "-":
		p := argv[3]
		if strings.HasPrefix(p, "/") {
			fmt.Fprintln(stdio.Stderr, "tar: removing leading '/' from member names")
		}
		tw := tar.NewWriter(stdio.Stdout)
		var names []string
		for n := range f.files {
			if n == p || strings.HasPrefix(n, p+"/") {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			fmt.Fprintf(stdio.Stderr, "tar: %s: No such file or directory\n", p)
			return 1, nil
		}
		sort.Strings(names)
		for _, n := range names {
			h := &tar.Header{Name: strings.TrimPrefix(n, "/"), Mode: 0o644, Size: int64(len(f.files[n])), Typeflag: tar.TypeReg}
			if strings.HasSuffix(n, "/") {
				h = &tar.Header{Name: strings.TrimPrefix(n, "/"), Mode: 0o755, Typeflag: tar.TypeDir}
			}
			tw.WriteHeader(h)
			tw.Write(f.files[n])
		}
		tw.Close()
		return 0, nil
	}
	return 127, nil
}

// writableFiles is a host file system kubectl cp may write.
type writableFiles struct{ mapFiles }

func (w writableFiles) MkdirAll(name string, perm fs.FileMode) error {
	w.fs[clean(name)] = &fstest.MapFile{Mode: fs.ModeDir | perm}
	return nil
}

func (w writableFiles) WriteFile(name string, data []byte, perm fs.FileMode) error {
	w.fs[clean(name)] = &fstest.MapFile{Data: data, Mode: perm}
	return nil
}

// TestCp copies to and from a container through exec of tar, as k8s.io/kubectl v0.37.2
// pkg/cmd/cp/cp.go does, and checks its messages.
func TestCp(t *testing.T) {
	c := newTestCluster(t)
	c.readyNode(t)
	c.files["solo.yaml"] = &fstest.MapFile{Data: []byte(oneContainer)}
	if _, stderr, code := c.run([]string{"apply", "-f", "solo.yaml"}, ""); code != 0 {
		t.Fatal(stderr)
	}
	c.setPodState(t, "solo", v1.PodRunning, nil)
	rt := &tarRuntime{files: map[string][]byte{"/tmp/": nil, "/etc/hostname": []byte("solo\n"), "/data/": nil, "/data/a.txt": []byte("a\n"), "/data/sub/": nil, "/data/sub/b.txt": []byte("b\n")}}
	c.rt = rt
	c.files["notes.txt"] = &fstest.MapFile{Data: []byte("hello\n"), Mode: 0o644, ModTime: time.Unix(0, 0)}
	c.files["conf/app.ini"] = &fstest.MapFile{Data: []byte("x=1\n"), Mode: 0o644}

	run := func(args string) (string, string, int) {
		var out, errOut bytes.Buffer
		env := &Env{API: c.api, Clock: c.clk, Runtime: c.rt, Files: writableFiles{mapFiles{c.files}}, Stdout: &out, Stderr: &errOut}
		code := Run(env, strings.Fields(args))
		if env.NotSimulated != "" {
			t.Errorf("kubectl %s: not simulated: %s", args, env.NotSimulated)
		}
		return out.String(), errOut.String(), code
	}
	// Upload of a file into a directory, then under a new name, then a directory.
	for _, tc := range []struct{ args, path, want string }{
		{"cp notes.txt solo:/tmp", "/tmp/notes.txt", "hello\n"},
		{"cp notes.txt solo:/tmp/renamed.txt", "/tmp/renamed.txt", "hello\n"},
		{"cp conf default/solo:/srv/conf", "/srv/conf/app.ini", "x=1\n"},
	} {
		if out, errOut, code := run(tc.args); out != "" || errOut != "" || code != 0 {
			t.Errorf("kubectl %s: %q %q %d", tc.args, out, errOut, code)
		}
		if got := string(rt.files[tc.path]); got != tc.want {
			t.Errorf("kubectl %s: %s holds %q, want %q (files %v)", tc.args, tc.path, got, tc.want, rt.files)
		}
	}
	// Download: tar's stderr goes to kubectl's stdout (cp.go TarPipe).
	out, errOut, code := run("cp solo:/data out")
	if out != "tar: removing leading '/' from member names\n" || errOut != "" || code != 0 {
		t.Errorf("cp solo:/data out: %q %q %d", out, errOut, code)
	}
	for name, want := range map[string]string{"out/a.txt": "a\n", "out/sub/b.txt": "b\n"} {
		if f, ok := c.files[name]; !ok || string(f.Data) != want {
			t.Errorf("cp solo:/data out: host %s = %v, want %q", name, f, want)
		}
	}
	// Messages (cp.go Validate, Run, extractFileSpec, copyToPod; exec's errors).
	for _, tc := range []struct{ args, stderr string }{
		{"cp a", "error: source and destination are required\n"},
		{"cp a b", "error: one of src or dest must be a remote file specification\n"},
		{"cp solo:/a solo:/b", "error: one of src or dest must be a local file specification\n"},
		{"cp :a b", "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n"},
		{"cp a/b/c:d e", "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n"},
		{"cp solo: b", "error: filepath can not be empty\n"},
		{"cp missing.txt solo:/tmp", "error: missing.txt doesn't exist in local filesystem\n"},
		{"cp notes.txt nopod:/tmp", "Error from server (NotFound): pods \"nopod\" not found\n"},
		// tar's own error goes to stdout; the exit status is kubectl's (utilexec.ExitError).
		{"cp solo:/nothing here", "command terminated with exit code 1\n"},
	} {
		_, errOut, code := run(tc.args)
		if errOut != tc.stderr || code == 0 {
			t.Errorf("kubectl %s: stderr %q (exit %d), want %q", tc.args, errOut, code, tc.stderr)
		}
	}
}

// TestEmbeddedAPIData checks discovery.json and openapi.json.gz against each other and against
// the simulated API server: every resource the server serves is in the default server's
// discovery with the same kind, scope and names, and every resource of that discovery can be
// explained (its group-version has a document whose paths name its kind, and the kind's
// schema is there).
func TestEmbeddedAPIData(t *testing.T) {
	c := newTestCluster(t)
	var ref referenceDiscovery
	if err := json.Unmarshal([]byte(discoveryJSON), &ref); err != nil {
		t.Fatal(err)
	}
	type key struct{ gv, name string }
	refRes := map[key]int{}
	for i, l := range ref.Resources {
		for j, r := range l.APIResources {
			refRes[key{l.GroupVersion, r.Name}] = i*1000 + j
		}
	}
	for _, in := range c.api.Resources() {
		gv := schema.GroupVersion{Group: in.Group, Version: in.Version}.String()
		idx, ok := refRes[key{gv, in.Name}]
		if !ok {
			t.Errorf("%s %s: served but not in a default v1.37.2 server's discovery", gv, in.Name)
			continue
		}
		r := ref.Resources[idx/1000].APIResources[idx%1000]
		if r.Kind != in.Kind || r.Namespaced != in.Namespaced || r.SingularName != in.SingularName ||
			strings.Join(r.ShortNames, ",") != strings.Join(in.ShortNames, ",") || strings.Join(r.Categories, ",") != strings.Join(in.Categories, ",") {
			t.Errorf("%s %s: served as %+v, discovery has %+v", gv, in.Name, in, r)
		}
	}
	data, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(data.Source, "k8s.io/kubernetes@v1.37.2") {
		t.Errorf("openapi.json.gz source %q", data.Source)
	}
	explained := 0
	for _, l := range ref.Resources {
		gv, _ := schema.ParseGroupVersion(l.GroupVersion)
		p := "api/" + gv.Version
		if gv.Group != "" {
			p = "apis/" + gv.Group + "/" + gv.Version
		}
		if _, ok := data.document(p); !ok {
			t.Errorf("%s: no OpenAPI document", p)
			continue
		}
		for _, r := range l.APIResources {
			// With --api-version kubectl maps the first path element alone
			// (SplitAndParseResourceRequest): "deployments.apps" would read "apps" as a field.
			arg := r.Name
			out, errOut, code, notSim := c.runEnv([]string{"explain", arg, "--api-version=" + l.GroupVersion}, "")
			want := "KIND:       " + r.Kind + "\n"
			if code != 0 || notSim != "" || !strings.Contains(out, want) {
				t.Errorf("kubectl explain %s: exit %d, not simulated %q, stderr %q, stdout starts %q", arg, code, notSim, errOut, out[:min(len(out), 80)])
				continue
			}
			explained++
		}
	}
	if explained < 60 {
		t.Errorf("only %d resources explained", explained)
	}
}
