package apiserver

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/types"
)

// TestPodSecurity: the warnings and errors of the PodSecurity admission for namespace labels,
// Pods and workloads. The expected texts come from published 1.2x+ outputs of the same code
// (corpus 046, kubernetes/website tutorials/security/ns-level-pss.md; the existing-pods
// warnings of tasks/configure-pod-container/enforce-standards-namespace-labels.md) and from
// the message formats of k8s.io/pod-security-admission v0.37.2 admission/admission.go and its
// policy/check_*.go files.
func TestPodSecurity(t *testing.T) {
	const nginxPod = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx"},"spec":{"containers":[{"image":"nginx","name":"nginx","ports":[{"containerPort":80}]}]}}`
	const restrictedWarning = `would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`
	restrictedPod := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"ok"},"spec":{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},"containers":[{"image":"nginx","name":"nginx","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}]}}`
	privileged := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"priv"},"spec":{"hostNetwork":true,"containers":[{"image":"busybox","name":"shell","securityContext":{"privileged":true}}]}}`
	deployment := `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx","name":"nginx"}]}}}}`
	labels := func(kv ...string) string {
		var b strings.Builder
		for i := 0; i < len(kv); i += 2 {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"pod-security.kubernetes.io/` + kv[i] + `":"` + kv[i+1] + `"`)
		}
		return `{"metadata":{"labels":{` + b.String() + `}}}`
	}
	cases := []struct {
		name      string
		nsLabels  string // merge patch of the namespace "demo" before the request ("" = none)
		resource  string
		body      string
		wantWarn  []string
		wantError string
	}{
		{name: "no labels: privileged", resource: "pods", body: privileged},
		{name: "corpus 046: baseline enforced, restricted warned", nsLabels: labels("enforce", "baseline", "enforce-version", "latest", "warn", "restricted", "warn-version", "latest", "audit", "restricted", "audit-version", "latest"),
			resource: "pods", body: nginxPod, wantWarn: []string{restrictedWarning}},
		{name: "restricted pod passes restricted", nsLabels: labels("enforce", "restricted"), resource: "pods", body: restrictedPod},
		{name: "baseline enforced refuses privileged", nsLabels: labels("enforce", "baseline"), resource: "pods", body: privileged,
			wantError: `pods "priv" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "shell" must not set securityContext.privileged=true)`},
		{name: "a rejected request gets no warning", nsLabels: labels("enforce", "baseline", "warn", "restricted"), resource: "pods", body: privileged,
			wantError: `pods "priv" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "shell" must not set securityContext.privileged=true)`},
		{name: "enforce defaults warn to the same level", nsLabels: labels("enforce", "restricted", "enforce-version", "v1.30"), resource: "pods", body: privileged,
			wantError: `pods "priv" is forbidden: violates PodSecurity "restricted:v1.30": host namespaces (hostNetwork=true), privileged (container "shell" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "shell" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "shell" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "shell" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "shell" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`},
		{name: "workloads are warned, never refused", nsLabels: labels("enforce", "restricted"), resource: "deployments", body: deployment,
			wantWarn: []string{`would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`}},
		{name: "workload in an unlabelled namespace", resource: "deployments", body: deployment},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newServer(t)
			if _, _, err := s.Create("namespaces", "", []byte(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"}}`), CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			if c.nsLabels != "" {
				if _, _, err := s.Patch("namespaces", "", "demo", types.MergePatchType, []byte(c.nsLabels), PatchOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			_, warnings, err := s.Create(c.resource, "demo", []byte(c.body), CreateOptions{FieldValidation: FieldValidationStrict})
			switch {
			case c.wantError == "" && err != nil:
				t.Fatalf("error: %v", err)
			case c.wantError != "" && (err == nil || err.Error() != c.wantError):
				t.Fatalf("error:\n%v\nwant:\n%s", err, c.wantError)
			}
			if strings.Join(warnings, "\n") != strings.Join(c.wantWarn, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(c.wantWarn, "\n"))
			}
		})
	}
}

// TestPodSecurityNamespaceLabels: label validation and the existing-pods warnings of a
// tightened enforce level (one line per distinct violation, the lexically first pod named,
// "(and N other pods)" for the rest, in sorted order).
func TestPodSecurityNamespaceLabels(t *testing.T) {
	s, _ := newServer(t)
	mustCreate := func(resource, ns, body string) {
		t.Helper()
		if _, _, err := s.Create(resource, ns, []byte(body), CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	mustCreate("namespaces", "", `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"}}`)
	for _, name := range []string{"b", "a", "c"} {
		mustCreate("pods", "demo", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"`+name+`"},"spec":{"hostNetwork":true,"containers":[{"image":"busybox","name":"c"}]}}`)
	}
	mustCreate("pods", "demo", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"image":"busybox","name":"c","securityContext":{"privileged":true}}]}}`)
	steps := []struct {
		patch     string
		wantWarn  []string
		wantError string
	}{
		{patch: `{"metadata":{"labels":{"pod-security.kubernetes.io/warn":"restricted"}}}`},
		{patch: `{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"baseline"}}}`, wantWarn: []string{
			`existing pods in namespace "demo" violate the new PodSecurity enforce level "baseline:latest"`,
			`a (and 2 other pods): host namespaces`,
			`p: privileged`,
		}},
		// Relaxing the level at the same version checks nothing.
		{patch: `{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"privileged"}}}`},
		{patch: `{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"strict"}}}`,
			wantError: `Namespace "demo" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted`},
		{patch: `{"metadata":{"labels":{"pod-security.kubernetes.io/enforce-version":"1.30"}}}`,
			wantError: `Namespace "demo" is invalid: metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "1.30": must be "latest" or "v1.x"`},
	}
	for i, st := range steps {
		_, warnings, err := s.Patch("namespaces", "", "demo", types.MergePatchType, []byte(st.patch), PatchOptions{})
		switch {
		case st.wantError == "" && err != nil:
			t.Fatalf("step %d: %v", i, err)
		case st.wantError != "" && (err == nil || err.Error() != st.wantError):
			t.Fatalf("step %d: error %v, want %s", i, err, st.wantError)
		}
		if strings.Join(warnings, "\n") != strings.Join(st.wantWarn, "\n") {
			t.Errorf("step %d warnings:\n%s\nwant:\n%s", i, strings.Join(warnings, "\n"), strings.Join(st.wantWarn, "\n"))
		}
	}
}
