package apiserver

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apiresource "k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
)

// validationCase is one "===== KIND: title" block of testdata/validation-out.txt.
type validationCase struct {
	kind, title    string
	message, kubec string // Status.Message (UPDATE cases only) and kubectl stderr
}

func parseValidationOut(t *testing.T) []validationCase {
	text := string(readFile(t, "testdata/validation-out.txt"))
	var cases []validationCase
	blocks := strings.Split(text, "===== ")
	for _, b := range blocks[1:] {
		head, body, _ := strings.Cut(b, "\n")
		kind, title, _ := strings.Cut(head, ": ")
		c := validationCase{kind: kind, title: title}
		if m, ok := strings.CutPrefix(body, "--- Status.Message:\n"); ok {
			c.message, body, _ = strings.Cut(m, "--- kubectl stderr:\n")
			c.message = strings.TrimSuffix(c.message, "\n")
		} else {
			body = strings.TrimPrefix(body, "--- kubectl stderr:\n")
		}
		c.kubec = body
		cases = append(cases, c)
	}
	return cases
}

// TestValidationOut reproduces every executed output of validation-out.txt (real v1.37.2
// ValidatePodUpdate/ValidatePodCreate + NewInvalid + kubectl checkErr) through the server's
// update and create paths.
func TestValidationOut(t *testing.T) {
	updates := map[string]func(p *corev1.Pod){
		"change containerPort 80->8080": func(p *corev1.Pod) { p.Spec.Containers[0].Ports[0].ContainerPort = 8080 },
		"add env var": func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "MODE", Value: "prod"}}
		},
		"change image only (allowed)": func(p *corev1.Pod) { p.Spec.Containers[0].Image = "nginx:1.28" },
		"add a container": func(p *corev1.Pod) {
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "sidecar", Image: "busybox"})
		},
		"change resources limits": func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceMemory: apiresource.MustParse("128Mi")}
		},
		"change command": func(p *corev1.Pod) {
			p.Spec.Containers[0].Command = []string{"nginx", "-g", "daemon off;"}
		},
		"change restartPolicy":           func(p *corev1.Pod) { p.Spec.RestartPolicy = corev1.RestartPolicyNever },
		"change label (allowed)":         func(p *corev1.Pod) { p.Labels = map[string]string{"app": "web"} },
		"activeDeadlineSeconds negative": func(p *corev1.Pod) { v := int64(-5); p.Spec.ActiveDeadlineSeconds = &v },
	}
	creates := map[string]string{
		"no containers":                                    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[]}}`,
		"missing image":                                    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"app"}]}}`,
		"missing container name":                           `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"image":"nginx"}]}}`,
		"invalid pod name My_Pod":                          `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"My_Pod"},"spec":{"containers":[{"image":"nginx","name":"app"}]}}`,
		"invalid container name My_App":                    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"image":"nginx","name":"My_App"}]}}`,
		"bad restartPolicy":                                `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"restartPolicy":"Sometimes","containers":[{"image":"nginx","name":"app"}]}}`,
		"duplicate container name":                         `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"image":"nginx","name":"app"},{"image":"busybox","name":"app"}]}}`,
		"bad imagePullPolicy":                              `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"image":"nginx","name":"app","imagePullPolicy":"Sometimes"}]}}`,
		"containerPort 0 / 70000":                          `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"image":"nginx","name":"app","ports":[{"containerPort":70000}]}]}}`,
		"name too long (64 chars label ok? 254 subdomain)": `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"` + strings.Repeat("a", 254) + `"},"spec":{"containers":[{"image":"nginx","name":"app"}]}}`,
	}
	cases := parseValidationOut(t)
	if len(cases) != len(updates)+len(creates) {
		t.Fatalf("%d cases in validation-out.txt, %d in the tables", len(cases), len(updates)+len(creates))
	}
	for _, c := range cases {
		t.Run(c.kind+" "+c.title, func(t *testing.T) {
			s, _ := newServer(t)
			var err error
			switch c.kind {
			case "UPDATE":
				mutate, ok := updates[c.title]
				if !ok {
					t.Fatalf("no mutation for %q", c.title)
				}
				pod := webPod(t, s)
				mutate(pod)
				_, _, err = s.UpdateObject(pod, UpdateOptions{FieldValidation: FieldValidationStrict})
			case "CREATE":
				body, ok := creates[c.title]
				if !ok {
					t.Fatalf("no manifest for %q", c.title)
				}
				_, _, err = s.Create("pods", "default", []byte(body), CreateOptions{FieldValidation: FieldValidationStrict})
			}
			if strings.HasSuffix(c.title, "(allowed)") {
				// The executed program printed NewInvalid of an empty list; the server accepts.
				if err != nil {
					t.Fatalf("update refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if c.message != "" && err.Error() != c.message {
				t.Errorf("Status.Message:\n got %q\nwant %q", err.Error(), c.message)
			}
			if got := kubectlError(err); got != c.kubec {
				t.Errorf("kubectl stderr:\n got %q\nwant %q", got, c.kubec)
			}
			if se, ok := err.(*apierrors.StatusError); !ok || se.ErrStatus.Code != 422 || se.ErrStatus.Details.Kind != "Pod" {
				t.Errorf("not a 422 Invalid Pod status: %#v", err)
			}
		})
	}
}

var _ runtime.Object = &corev1.Pod{}
