package apiserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/docbuild/docbuild/kube/clock"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// t0 is the creation time of the pod in real/A.md #16.
var t0 = time.Date(2026, 11, 24, 23, 54, 44, 0, time.UTC)

func newServer(t testing.TB) (*Server, *clock.Clock) {
	t.Helper()
	clk := clock.New(t0)
	return New(clk, Options{Seed: 1}), clk
}

// kubectlBody turns a manifest into the JSON body kubectl sends: YAML → map → JSON (keys
// sorted, as unstructured encoding does).
func kubectlBody(t testing.TB, manifest []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// kubectlError renders err as kubectl v0.37.2 prints it to stderr: a copy of
// pkg/cmd/util/helpers.go checkErr (Invalid branch with statusCausesToAggrError and
// MultilineError) and StandardErrorMessage (facts.md §1.3).
func kubectlError(err error) string {
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		return "error: " + err.Error() + "\n"
	}
	status := se.ErrStatus
	if status.Reason != metav1.StatusReasonInvalid {
		if status.Reason != "" {
			return fmt.Sprintf("Error from server (%s): %s\n", status.Reason, se.Error())
		}
		return fmt.Sprintf("Error from server: %s\n", se.Error())
	}
	details := status.Details
	s := "The request is invalid"
	if details == nil {
		if len(status.Message) > 0 {
			s += ": " + status.Message
		}
		return s + "\n"
	}
	if len(details.Kind) != 0 || len(details.Name) != 0 {
		s = fmt.Sprintf("The %s %q is invalid", details.Kind, details.Name)
	} else if len(status.Message) > 0 && len(details.Causes) == 0 {
		s += ": " + status.Message
	}
	if len(details.Causes) == 0 {
		return s + "\n"
	}
	var msgs []string
	seen := map[string]bool{}
	for _, c := range details.Causes {
		m := fmt.Sprintf("%s: %s", c.Field, c.Message)
		if !seen[m] {
			seen[m] = true
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 1 {
		return s + ": " + msgs[0] + "\n"
	}
	var buf bytes.Buffer
	fmt.Fprintln(&buf, s+": ")
	for _, m := range msgs {
		fmt.Fprintf(&buf, "* %v\n", m)
	}
	return buf.String()
}

// webPod is the live pod of facts.md §1.2: nginx:1.27 with port 80, defaulted, admitted and
// scheduled to minikube.
func webPod(t testing.TB, s *Server) *corev1.Pod {
	t.Helper()
	body := []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"image":"nginx:1.27","name":"web","ports":[{"containerPort":80}]}]}}`)
	if _, _, err := s.Create("pods", "default", body, CreateOptions{FieldValidation: FieldValidationStrict}); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("default", "web", "minikube"); err != nil {
		t.Fatal(err)
	}
	obj, err := s.Get("pods", "default", "web")
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*corev1.Pod)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// section returns the lines of text between the header line starting with start and the next
// line starting with one of the prefixes in ends.
func section(text, start string, ends ...string) (string, bool) {
	i := strings.Index(text, start)
	if i < 0 {
		return "", false
	}
	rest := text[i:]
	nl := strings.IndexByte(rest, '\n')
	rest = rest[nl+1:]
	end := len(rest)
	for _, e := range ends {
		if j := strings.Index(rest, "\n"+e); j >= 0 && j+1 < end {
			end = j + 1
		}
	}
	return rest[:end], true
}
