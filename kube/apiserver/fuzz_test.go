package apiserver

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
)

// FuzzCreate feeds arbitrary bodies to the create path of every kind: the server must not
// panic, and every rejection must be a StatusError (what kubectl formats).
func FuzzCreate(f *testing.F) {
	files, _ := filepath.Glob("testdata/real/*.yaml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(kubectlBody(f, b), uint8(0))
	}
	for _, s := range []string{
		`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"nginx","ports":[{"containerPort":"80"}]}]}}`,
		`{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}`,
		`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"a":"b"}}`,
		`{"apiVersion":"v1","kind":"Namespace","metadata":{"generateName":"ns-"}}`,
		`{"kind":"Pod","metadata":{"name":"x","name":"y"}}`,
		`{`, ``, `null`, `[]`, `{"apiVersion":7}`,
	} {
		f.Add([]byte(s), uint8(2))
	}
	resources := []string{"pods", "services", "secrets", "configmaps", "namespaces", "nodes", "events", "serviceaccounts", "endpoints", "endpointslices"}
	directives := []string{"", FieldValidationStrict, FieldValidationWarn, FieldValidationIgnore}
	f.Fuzz(func(t *testing.T, body []byte, sel uint8) {
		s, _ := newServer(t)
		res := resources[int(sel)%len(resources)]
		_, _, err := s.Create(res, "default", body, CreateOptions{FieldValidation: directives[int(sel/8)%len(directives)]})
		checkStatusError(t, err)
		// The same body as an update of an existing object and as a patch of a pod.
		webPod(t, s)
		_, _, err = s.Update("pods", "default", "web", body, UpdateOptions{})
		checkStatusError(t, err)
		for _, pt := range []types.PatchType{types.StrategicMergePatchType, types.MergePatchType, types.JSONPatchType} {
			_, _, err = s.Patch("pods", "default", "web", pt, body, PatchOptions{FieldValidation: FieldValidationStrict})
			checkStatusError(t, err)
		}
	})
}

func checkStatusError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("rejection is not a StatusError: %T %v", err, err)
	}
}
