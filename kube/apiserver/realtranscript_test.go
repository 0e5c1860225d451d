package apiserver

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/yaml"
)

// transcriptStep is one "#### NN. `command`" block of a recorded transcript.
type transcriptStep struct {
	cmd            string
	exit           string
	stdout, stderr string
}

var stepHeader = regexp.MustCompile("(?m)^#### (\\d+)\\. `([^`]*)`")

func parseTranscript(t *testing.T, name string) map[string]transcriptStep {
	text := string(readFile(t, name))
	locs := stepHeader.FindAllStringSubmatchIndex(text, -1)
	steps := map[string]transcriptStep{}
	for i, l := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := text[l[1]:end]
		st := transcriptStep{cmd: text[l[4]:l[5]]}
		if m := regexp.MustCompile(`exit code: \*\*(\d+)\*\*`).FindStringSubmatch(body); m != nil {
			st.exit = m[1]
		}
		fence := func(label string) string {
			i := strings.Index(body, label+":\n```\n")
			if i < 0 {
				return ""
			}
			rest := body[i+len(label)+6:]
			j := strings.Index(rest, "```\n")
			if j < 0 {
				j = strings.Index(rest, "```")
			}
			return rest[:j]
		}
		st.stdout, st.stderr = fence("stdout"), fence("stderr")
		steps[text[l[2]:l[3]]] = st
	}
	return steps
}

// applier is the part of kubectl apply (client-side) the API-side checks need: the
// last-applied annotation and the three-way strategic merge patch
// (k8s.io/kubectl v0.37.2 pkg/cmd/apply/patcher.go).
type applier struct {
	t *testing.T
	s *Server
}

const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// modified returns the manifest as kubectl sends it: with the last-applied annotation holding
// the manifest itself (with "annotations":{} and the namespace, as in real/A.md #16).
func (a applier) modified(manifest []byte) (map[string]any, []byte) {
	var m map[string]any
	if err := yaml.Unmarshal(manifest, &m); err != nil {
		a.t.Fatal(err)
	}
	md := m["metadata"].(map[string]any)
	md["namespace"] = "default"
	md["annotations"] = map[string]any{}
	orig, _ := json.Marshal(m)
	md["annotations"] = map[string]any{lastApplied: string(orig) + "\n"}
	return m, orig
}

func (a applier) apply(manifest []byte) (string, error) {
	m, orig := a.modified(manifest)
	name := m["metadata"].(map[string]any)["name"].(string)
	live, err := a.s.Get("pods", "default", name)
	if apierrors.IsNotFound(err) {
		_, _, err = a.s.Create("pods", "default", mustJSON(a.t, m), CreateOptions{FieldValidation: FieldValidationStrict})
		if err != nil {
			return "", err
		}
		return "created", nil
	}
	if err != nil {
		return "", err
	}
	current := mustJSON(a.t, live)
	original := []byte(live.(*corev1.Pod).Annotations[lastApplied])
	modified := mustJSON(a.t, m)
	meta, err := strategicpatch.NewPatchMetaFromStruct(&corev1.Pod{})
	if err != nil {
		a.t.Fatal(err)
	}
	patch, err := strategicpatch.CreateThreeWayMergePatch(original, modified, current, meta, true)
	if err != nil {
		a.t.Fatal(err)
	}
	_ = orig
	if string(patch) == "{}" {
		return "unchanged", nil
	}
	if _, _, err := a.s.Patch("pods", "default", name, types.StrategicMergePatchType, patch, PatchOptions{FieldValidation: FieldValidationStrict}); err != nil {
		return "", err
	}
	return "configured", nil
}

// TestRealTranscriptA replays the API-side steps of real/A.md (a v1.37.2 control plane without
// nodes) and compares the objects and the errors.
func TestRealTranscriptA(t *testing.T) {
	steps := parseTranscript(t, "testdata/real/A.md")
	s, _ := newServer(t)
	a := applier{t, s}

	// #02 kubectl get ns
	list, err := s.List("namespaces", "", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ns := range list.(*corev1.NamespaceList).Items {
		names = append(names, ns.Name+" "+string(ns.Status.Phase))
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(steps["02"].stdout), "\n")[1:] {
		f := strings.Fields(l)
		want = append(want, f[0]+" "+f[1])
	}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("#02 namespaces: got %v want %v", names, want)
	}

	// #03 kubectl get nodes: no node.
	if nodes, _ := s.List("nodes", "", ListOptions{}); len(nodes.(*corev1.NodeList).Items) != 0 {
		t.Errorf("#03: nodes exist")
	}

	// #04, #05 apply, apply again.
	manifest := readFile(t, "testdata/real/network-demo.yaml")
	for _, step := range []string{"04", "05"} {
		got, err := a.apply(manifest)
		if err != nil {
			t.Fatalf("#%s: %v", step, err)
		}
		if wantOut := "pod/network-demo " + got + "\n"; wantOut != steps[step].stdout {
			t.Errorf("#%s: got %q want %q", step, wantOut, steps[step].stdout)
		}
	}

	// #16 kubectl get pod network-demo -o yaml, modulo volatile fields and the scheduler's
	// PodScheduled condition (no scheduler runs here).
	obj, err := s.Get("pods", "default", "network-demo")
	if err != nil {
		t.Fatal(err)
	}
	got := normalizePodYAML(t, mustJSON(t, obj))
	wantY := normalizePodYAML(t, []byte(steps["16"].stdout))
	if got != wantY {
		t.Errorf("#16 get -o yaml differs:\n--- got\n%s\n--- want\n%s", got, wantY)
	}

	// #18 apply of the changed manifest: the seed's Forbidden error, byte for byte.
	_, err = a.apply(readFile(t, "testdata/real/network-demo-changed.yaml"))
	if got := kubectlError(err); got != steps["18"].stderr {
		t.Errorf("#18:\n got %q\nwant %q", got, steps["18"].stderr)
	}

	// #19 kubectl create of an existing pod: kubectl prefixes `error when creating "file": `.
	_, _, err = s.Create("pods", "default", kubectlBody(t, manifest), CreateOptions{FieldValidation: FieldValidationStrict})
	if got := strings.Replace(kubectlError(err), "): ", `): error when creating "network-demo.yaml": `, 1); got != steps["19"].stderr {
		t.Errorf("#19:\n got %q\nwant %q", got, steps["19"].stderr)
	}

	// #21 apply with the image changed: allowed.
	changed := strings.Replace(string(manifest), "image: nginx\n", "image: nginx:1.27\n", 1)
	if got, err := a.apply([]byte(changed)); err != nil || got != "configured" {
		t.Errorf("#21: %q %v", got, err)
	}
	if p, _ := s.Get("pods", "default", "network-demo"); p.(*corev1.Pod).Spec.Containers[0].Image != "nginx:1.27" || p.(*corev1.Pod).Generation != 2 {
		t.Errorf("#21: image %q generation %d", p.(*corev1.Pod).Spec.Containers[0].Image, p.(*corev1.Pod).Generation)
	}

	// #23/#24 typo (apply of a new object creates it; create): strict decoding error.
	for _, step := range []string{"23", "24"} {
		_, _, err := s.Create("pods", "default", kubectlBody(t, readFile(t, "testdata/real/typo.yaml")), CreateOptions{FieldValidation: FieldValidationStrict})
		if got := strings.Replace(kubectlError(err), "): ", `): error when creating "typo.yaml": `, 1); got != steps[step].stderr {
			t.Errorf("#%s:\n got %q\nwant %q", step, got, steps[step].stderr)
		}
	}

	// #26, #28, #30: validation errors on create.
	for step, file := range map[string]string{"26": "badname.yaml", "28": "nocontainers.yaml", "30": "nocontainers-missing.yaml"} {
		_, _, err := s.Create("pods", "default", kubectlBody(t, readFile(t, "testdata/real/"+file)), CreateOptions{FieldValidation: FieldValidationStrict})
		if got := kubectlError(err); got != steps[step].stderr {
			t.Errorf("#%s:\n got %q\nwant %q", step, got, steps[step].stderr)
		}
	}

	// #31 delete (no node: at once), #32 nothing left.
	if _, err := s.Delete("pods", "default", "network-demo", DeleteOptions{}); err != nil {
		t.Fatalf("#31: %v", err)
	}
	if l, _ := s.List("pods", "default", ListOptions{}); len(l.(*corev1.PodList).Items) != 0 {
		t.Errorf("#32: pods left")
	}

	// #33 #35 #36 #38: NotFound for get/describe/delete/exec of a missing pod.
	for _, step := range []string{"33", "34", "35", "36", "38"} {
		var err error
		if step == "36" {
			_, err = s.Delete("pods", "default", "missing", DeleteOptions{})
		} else {
			_, err = s.Get("pods", "default", "missing")
		}
		if got := kubectlError(err); got != steps[step].stderr {
			t.Errorf("#%s:\n got %q\nwant %q", step, got, steps[step].stderr)
		}
	}
}

// normalizePodYAML renders a pod as `kubectl get -o yaml` does (sigs.k8s.io/yaml, keys sorted)
// after blanking the fields that vary between runs: uid, resourceVersion, the
// kube-api-access-xxxxx suffix, and status.conditions (written by the scheduler).
func normalizePodYAML(t *testing.T, doc []byte) string {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	md := m["metadata"].(map[string]any)
	md["uid"] = "UID"
	md["resourceVersion"] = "RV"
	delete(m["status"].(map[string]any), "conditions")
	out, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}`).ReplaceAllString(string(out), "kube-api-access-XXXXX")
}
