package apiserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

var apiAccess = regexp.MustCompile(`kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}`)

// TestPodSpecDefaults compares the spec of the defaulted, admitted and scheduled nginx:1.27 pod
// with pod-spec-defaults.yaml (executed v1.37.2 defaulting, facts.md §7.3).
func TestPodSpecDefaults(t *testing.T) {
	s, _ := newServer(t)
	pod := webPod(t, s)
	var want map[string]any
	if err := yaml.Unmarshal(readFile(t, "testdata/pod-spec-defaults.yaml"), &want); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(mustJSON(t, pod), &got); err != nil {
		t.Fatal(err)
	}
	gy, _ := yaml.Marshal(got["spec"])
	wy, _ := yaml.Marshal(want["spec"])
	g := apiAccess.ReplaceAllString(string(gy), "kube-api-access-XXXXX")
	w := apiAccess.ReplaceAllString(string(wy), "kube-api-access-XXXXX")
	if g != w {
		t.Errorf("spec differs:\n--- got\n%s--- want\n%s", g, w)
	}
	if !strings.Contains(string(gy), "kube-api-access-") {
		t.Fatal("no service account volume")
	}
}

// TestGoldenObjects checks the stored form of one object of every kind after decoding,
// defaulting, admission and the registry's preparation. Rewrite with -update.
func TestGoldenObjects(t *testing.T) {
	cases := []struct {
		name, resource, namespace, body string
	}{
		{"pod-network-demo", "pods", "default", string(kubectlBody(t, readFile(t, "testdata/real/network-demo.yaml")))},
		{"pod-full", "pods", "default", `{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"full-","labels":{"app":"full"}},"spec":{
			"initContainers":[{"name":"init","image":"busybox:1.37","command":["sh","-c","echo hi"]}],
			"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10","resources":{"limits":{"cpu":"500m","memory":"128Mi"}},
				"livenessProbe":{"httpGet":{"port":8080}},"readinessProbe":{"exec":{"command":["true"]}},
				"env":[{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
				"volumeMounts":[{"name":"cfg","mountPath":"/etc/cfg"},{"name":"data","mountPath":"/data"}]}],
			"volumes":[{"name":"cfg","configMap":{"name":"app-config"}},{"name":"data"},{"name":"sec","secret":{"secretName":"s"}}]}}`},
		{"service-web", "services", "default", `{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}`},
		{"service-nodeport", "services", "default", `{"apiVersion":"v1","kind":"Service","metadata":{"name":"np"},"spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}`},
		{"namespace-demo", "namespaces", "", `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"}}`},
		{"configmap", "configmaps", "default", `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-config"},"data":{"k":"v"}}`},
		{"secret", "secrets", "default", `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"}}`},
		{"node", "nodes", "", string(kubectlBody(t, readFile(t, "testdata/real/node.yaml")))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newServer(t)
			obj, _, err := s.Create(c.resource, c.namespace, []byte(c.body), CreateOptions{FieldValidation: FieldValidationStrict})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(obj, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", c.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readFile(t, path)
			if string(got) != string(want) {
				t.Errorf("%s differs from the golden file (run with -update to accept):\n%s", c.name, got)
			}
		})
	}
}

// TestDefaultsDetails pins defaults whose source lines are easy to get wrong.
func TestDefaultsDetails(t *testing.T) {
	s, _ := newServer(t)
	create := func(spec string) *corev1.Pod {
		t.Helper()
		obj, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"p-"},"spec":`+spec+`}`), CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return obj.(*corev1.Pod)
	}
	for _, tc := range []struct {
		image  string
		policy corev1.PullPolicy
	}{
		{"nginx", corev1.PullAlways},
		{"nginx:latest", corev1.PullAlways},
		{"nginx:1.27", corev1.PullIfNotPresent},
		{"nginx@sha256:" + strings.Repeat("a", 64), corev1.PullIfNotPresent},
		{"nginx:latest@sha256:" + strings.Repeat("a", 64), corev1.PullAlways},
		{"localhost:5000/app", corev1.PullAlways},
		{"localhost:5000/app:v1", corev1.PullIfNotPresent},
		{"NGINX", corev1.PullIfNotPresent}, // invalid reference: tag "" → IfNotPresent
		{"nginx:Latest", corev1.PullIfNotPresent},
	} {
		p := create(`{"containers":[{"name":"a","image":"` + tc.image + `"}]}`)
		if got := p.Spec.Containers[0].ImagePullPolicy; got != tc.policy {
			t.Errorf("%s: imagePullPolicy %s, want %s", tc.image, got, tc.policy)
		}
	}
	p := create(`{"containers":[{"name":"a","image":"x","resources":{"limits":{"memory":"1Gi"}},"readinessProbe":{"tcpSocket":{"port":80}}}],"initContainers":[{"name":"i","image":"x"}]}`)
	if got := p.Spec.Containers[0].Resources.Requests.Memory().String(); got != "1Gi" {
		t.Errorf("requests from limits: %s", got)
	}
	if pr := p.Spec.Containers[0].ReadinessProbe; pr.TimeoutSeconds != 1 || pr.PeriodSeconds != 10 || pr.SuccessThreshold != 1 || pr.FailureThreshold != 3 {
		t.Errorf("probe defaults: %+v", pr)
	}
	if len(p.Spec.InitContainers[0].VolumeMounts) != 1 || p.Spec.InitContainers[0].VolumeMounts[0].MountPath != defaultAPITokenMountPath {
		t.Errorf("init container without the token mount: %+v", p.Spec.InitContainers[0].VolumeMounts)
	}
	if p.Status.QOSClass != corev1.PodQOSBurstable {
		t.Errorf("qos %s", p.Status.QOSClass)
	}
	// automountServiceAccountToken: false → no volume.
	p = create(`{"automountServiceAccountToken":false,"containers":[{"name":"a","image":"x"}]}`)
	if len(p.Spec.Volumes) != 0 || len(p.Spec.Containers[0].VolumeMounts) != 0 {
		t.Errorf("token mounted despite automount false")
	}
	// Guaranteed QoS.
	p = create(`{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}`)
	if p.Status.QOSClass != corev1.PodQOSGuaranteed {
		t.Errorf("qos %s", p.Status.QOSClass)
	}
	// A toleration for every NoExecute taint suppresses the default tolerations.
	p = create(`{"tolerations":[{"operator":"Exists"}],"containers":[{"name":"a","image":"x"}]}`)
	if len(p.Spec.Tolerations) != 1 {
		t.Errorf("tolerations %+v", p.Spec.Tolerations)
	}
}
