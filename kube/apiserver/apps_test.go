package apiserver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"
)

// nginxDeployment is the manifest of corpus 019 (kubernetes/website
// content/en/examples/application/nginx-with-request.yaml @ 7a090ad7), in block YAML.
const nginxDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      app: nginx
  replicas: 2
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        resources:
          limits:
            memory: "128Mi"
            cpu: "500m"
        ports:
        - containerPort: 80
`

// piJob is kubernetes/website content/en/examples/controllers/job.yaml.
const piJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`

func createManifest(t *testing.T, s *Server, resource, manifest string) (runtime.Object, []string) {
	t.Helper()
	obj, warnings, err := s.Create(resource, "default", kubectlBody(t, []byte(manifest)), CreateOptions{FieldValidation: FieldValidationStrict})
	if err != nil {
		t.Fatalf("create %s: %v", resource, err)
	}
	return obj, warnings
}

// TestWorkloadDefaults: the stored objects after the v1.37.2 defaulting and the registry's
// PrepareForCreate, as `kubectl get -o json` returns them (golden files, -update to rewrite).
func TestWorkloadDefaults(t *testing.T) {
	cases := []struct {
		name, resource, manifest string
	}{
		{"deployment-nginx", "deployments", nginxDeployment},
		{"job-pi", "jobs", piJob},
		{"statefulset-web", "statefulsets", `{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},"spec":{"serviceName":"nginx","replicas":2,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx","image":"registry.k8s.io/nginx-slim:0.24","ports":[{"containerPort":80,"name":"web"}]}]}},"volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}`},
		{"daemonset-fluentd", "daemonsets", `{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"fluentd-elasticsearch","namespace":"default"},"spec":{"selector":{"matchLabels":{"name":"fluentd-elasticsearch"}},"template":{"metadata":{"labels":{"name":"fluentd-elasticsearch"}},"spec":{"containers":[{"name":"fluentd-elasticsearch","image":"quay.io/fluentd_elasticsearch/fluentd:v5.0.1"}]}}}}`},
		{"cronjob-hello", "cronjobs", `{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"hello"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"hello","image":"busybox:1.28","imagePullPolicy":"IfNotPresent","command":["/bin/sh","-c","date; echo Hello from the Kubernetes cluster"]}],"restartPolicy":"OnFailure"}}}}}}`},
		{"replicaset-frontend", "replicasets", `{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"frontend","labels":{"app":"guestbook","tier":"frontend"}},"spec":{"replicas":3,"selector":{"matchLabels":{"tier":"frontend"}},"template":{"metadata":{"labels":{"tier":"frontend"}},"spec":{"containers":[{"name":"php-redis","image":"us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5"}]}}}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newServer(t)
			obj, _ := createManifest(t, s, c.resource, c.manifest)
			got, err := yaml.Marshal(obj)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", "workloads", c.name+".yaml")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readFile(t, path)
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update to accept):\n%s", c.name, path, got)
			}
		})
	}
}

// TestWorkloadDefaultFacts pins the defaults whose values the v1.37.2 sources state, so that a
// golden file accepted by mistake cannot hide them.
func TestWorkloadDefaultFacts(t *testing.T) {
	s, _ := newServer(t)
	obj, _ := createManifest(t, s, "deployments", strings.Replace(nginxDeployment, "  replicas: 2\n", "", 1))
	d := obj.(*appsv1.Deployment)
	checks := []struct {
		what      string
		got, want any
	}{
		{"replicas", *d.Spec.Replicas, int32(1)},
		{"strategy", d.Spec.Strategy.Type, appsv1.RollingUpdateDeploymentStrategyType},
		{"maxUnavailable", d.Spec.Strategy.RollingUpdate.MaxUnavailable.String(), "25%"},
		{"maxSurge", d.Spec.Strategy.RollingUpdate.MaxSurge.String(), "25%"},
		{"revisionHistoryLimit", *d.Spec.RevisionHistoryLimit, int32(10)},
		{"progressDeadlineSeconds", *d.Spec.ProgressDeadlineSeconds, int32(600)},
		{"generation", d.Generation, int64(1)},
		{"template restartPolicy", d.Spec.Template.Spec.RestartPolicy, corev1.RestartPolicyAlways},
		{"template dnsPolicy", d.Spec.Template.Spec.DNSPolicy, corev1.DNSClusterFirst},
		{"template grace", *d.Spec.Template.Spec.TerminationGracePeriodSeconds, int64(30)},
		{"template pull policy", d.Spec.Template.Spec.Containers[0].ImagePullPolicy, corev1.PullAlways},
		// SetDefaults_Pod is not run on templates: requests stay unset, enableServiceLinks nil.
		{"template requests", len(d.Spec.Template.Spec.Containers[0].Resources.Requests), 0},
		{"template enableServiceLinks", d.Spec.Template.Spec.EnableServiceLinks == nil, true},
		{"template serviceAccount", d.Spec.Template.Spec.ServiceAccountName, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}

	job, _ := createManifest(t, s, "jobs", piJob)
	j := job.(*batchv1.Job)
	uid := string(j.UID)
	wantLabels := map[string]string{
		"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
		"controller-uid": uid, "job-name": "pi",
	}
	for k, v := range wantLabels {
		if j.Spec.Template.Labels[k] != v || j.Labels[k] != v {
			t.Errorf("label %s: template %q, job %q, want %q", k, j.Spec.Template.Labels[k], j.Labels[k], v)
		}
	}
	if sel := j.Spec.Selector.MatchLabels; len(sel) != 1 || sel["batch.kubernetes.io/controller-uid"] != uid {
		t.Errorf("selector %v", sel)
	}
	if *j.Spec.Completions != 1 || *j.Spec.Parallelism != 1 || *j.Spec.BackoffLimit != 4 || *j.Spec.CompletionMode != batchv1.NonIndexedCompletion ||
		*j.Spec.Suspend || *j.Spec.PodReplacementPolicy != batchv1.TerminatingOrFailed || *j.Spec.ManualSelector {
		t.Errorf("job spec defaults: %+v", j.Spec)
	}
}

// TestWorkloadValidation: the Invalid errors kubectl prints for broken workloads (messages of
// pkg/apis/apps/validation and pkg/apis/batch/validation v1.37.2; values print as JSON, the
// apimachinery v0.37.2 field.Error rendering).
func TestWorkloadValidation(t *testing.T) {
	cases := []struct {
		name, resource, manifest, want string
	}{
		{"selector does not match", "deployments",
			strings.Replace(nginxDeployment, "      app: nginx\n  replicas", "      app: web\n  replicas", 1),
			"The Deployment \"nginx-deployment\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not match template `labels`\n"},
		{"no selector", "deployments",
			strings.Replace(nginxDeployment, "  selector:\n    matchLabels:\n      app: nginx\n", "", 1),
			"The Deployment \"nginx-deployment\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not match template `labels`\n"},
		{"restartPolicy Never", "deployments",
			strings.Replace(nginxDeployment, "      containers:\n", "      restartPolicy: Never\n      containers:\n", 1),
			"The Deployment \"nginx-deployment\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"\n"},
		{"negative replicas", "deployments",
			strings.Replace(nginxDeployment, "replicas: 2", "replicas: -1", 1),
			"The Deployment \"nginx-deployment\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"},
		{"both zero", "deployments",
			strings.Replace(nginxDeployment, "  replicas: 2\n", "  replicas: 2\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n", 1),
			"The Deployment \"nginx-deployment\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0\n"},
		{"bad strategy", "deployments",
			strings.Replace(nginxDeployment, "  replicas: 2\n", "  replicas: 2\n  strategy:\n    type: Blue\n", 1),
			"The Deployment \"nginx-deployment\" is invalid: spec.strategy: Unsupported value: {\"Type\":\"Blue\",\"RollingUpdate\":null}: supported values: \"Recreate\", \"RollingUpdate\"\n"},
		{"job without restartPolicy", "jobs",
			strings.Replace(piJob, "      restartPolicy: Never\n", "", 1),
			"The Job \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n"},
		{"statefulset bad service name", "statefulsets",
			`{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},"spec":{"serviceName":"Nginx","selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}`,
			"The StatefulSet \"web\" is invalid: spec.serviceName: Invalid value: \"Nginx\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"},
		{"daemonset empty selector", "daemonsets",
			`{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds"},"spec":{"selector":{},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}`,
			"The DaemonSet \"ds\" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for daemonset\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newServer(t)
			_, _, err := s.Create(c.resource, "default", kubectlBody(t, []byte(c.manifest)), CreateOptions{FieldValidation: FieldValidationStrict})
			if err == nil {
				t.Fatal("created")
			}
			if got := kubectlError(err); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestWorkloadGeneration: generation and the status subresource follow the registry strategies.
func TestWorkloadGeneration(t *testing.T) {
	s, _ := newServer(t)
	obj, _ := createManifest(t, s, "deployments", nginxDeployment)
	d := obj.(*appsv1.Deployment)
	steps := []struct {
		name  string
		patch string
		gen   int64
	}{
		{"label only", `{"metadata":{"labels":{"x":"y"}}}`, 1},
		{"annotation", `{"metadata":{"annotations":{"a":"b"}}}`, 2},
		{"scale", `{"spec":{"replicas":3}}`, 3},
		{"same scale", `{"spec":{"replicas":3}}`, 3},
		{"status in a patch is ignored", `{"status":{"replicas":7}}`, 3},
	}
	for _, st := range steps {
		out, _, err := s.Patch("deployments", "default", d.Name, types.StrategicMergePatchType, []byte(st.patch), PatchOptions{})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := out.(*appsv1.Deployment)
		if got.Generation != st.gen || got.Status.Replicas != 0 {
			t.Errorf("%s: generation %d status.replicas %d, want %d and 0", st.name, got.Generation, got.Status.Replicas, st.gen)
		}
	}
	cur, _ := s.Get("deployments", "default", d.Name)
	w := cur.(*appsv1.Deployment).DeepCopy()
	w.Status.Replicas, w.Status.ObservedGeneration = 3, 3
	w.Spec.Replicas = new(int32) // ignored by the status strategy
	out, err := s.UpdateStatus(w)
	if err != nil {
		t.Fatal(err)
	}
	got := out.(*appsv1.Deployment)
	if got.Status.Replicas != 3 || *got.Spec.Replicas != 3 || got.Generation != 3 {
		t.Errorf("status write: %+v / replicas %d / generation %d", got.Status, *got.Spec.Replicas, got.Generation)
	}
	w = got.DeepCopy()
	w.Status.AvailableReplicas = 2
	if _, err := s.UpdateStatus(w); err == nil || !strings.Contains(err.Error(), "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas") {
		t.Errorf("status validation: %v", err)
	}
}

// TestWorkloadDiscovery: the resources are served under their groups with the real short names
// and categories, and `all` expands in the order `kubectl get all` prints.
func TestWorkloadDiscovery(t *testing.T) {
	s, _ := newServer(t)
	var all []string
	for _, r := range s.Resources() {
		for _, c := range r.Categories {
			if c == "all" {
				all = append(all, r.Name+"."+r.Group)
			}
		}
	}
	if got, want := strings.Join(all, " "), "pods. services. daemonsets.apps deployments.apps replicasets.apps statefulsets.apps cronjobs.batch jobs.batch"; got != want {
		t.Errorf("all = %s, want %s", got, want)
	}
	for name, kind := range map[string]string{"deploy": "Deployment", "rs": "ReplicaSet", "sts": "StatefulSet", "ds": "DaemonSet", "job": "Job", "cj": "CronJob"} {
		if in, ok := s.Resource(name); !ok || in.Kind != kind {
			t.Errorf("%s → %+v", name, in)
		}
	}
	m, err := s.RESTMapper().RESTMapping(appsv1.SchemeGroupVersion.WithKind("Deployment").GroupKind())
	if err != nil || m.Resource.Resource != "deployments" {
		t.Errorf("RESTMapping: %v %v", m, err)
	}
	list, err := s.List("deployments", "default", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if gvk := list.GetObjectKind().GroupVersionKind(); gvk.Group != "apps" || gvk.Kind != "DeploymentList" {
		t.Errorf("list kind %v", gvk)
	}
	// ReplicaSets and Jobs have their extra field selector.
	if _, err := s.List("replicasets", "", ListOptions{FieldSelector: "status.replicas=0"}); err != nil {
		t.Error(err)
	}
	if _, err := s.List("jobs", "", ListOptions{FieldSelector: "status.successful=1"}); err != nil {
		t.Error(err)
	}
	if _, err := s.List("deployments", "", ListOptions{FieldSelector: "status.replicas=0"}); err == nil {
		t.Error("deployments accepted status.replicas")
	}
}
