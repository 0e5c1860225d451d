package printers

import (
	"bufio"
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

var update = flag.Bool("update", false, "rewrite golden files")

// decodeAll decodes a multi-document YAML stream into typed objects.
func decodeAll(t testing.TB, data []byte) []runtime.Object {
	t.Helper()
	var out []runtime.Object
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		doc, err := r.Read()
		if err != nil {
			break
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		obj, _, err := scheme.Codecs.UniversalDeserializer().Decode(doc, nil, nil)
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, doc)
		}
		out = append(out, obj)
	}
	return out
}

func readArchive(t testing.TB, name string) (*txtar.Archive, map[string][]byte) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	return ar, files
}

func parseNow(t testing.TB, b []byte) time.Time {
	t.Helper()
	now, err := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return now
}

// TestScenarios reproduces, byte for byte, every output of ../shared/spec/k8s/scenarios-out.txt
// (copied into testdata/scenarios.txtar) from equivalent objects.
func TestScenarios(t *testing.T) {
	_, files := readArchive(t, "scenarios.txtar")
	now := parseNow(t, files["now"])
	objs := decodeAll(t, files["objects.yaml"])
	pods := &corev1.PodList{}
	for _, o := range objs {
		if p, ok := o.(*corev1.Pod); ok {
			pods.Items = append(pods.Items, *p)
		}
	}
	tests := []struct {
		golden string
		run    func() (string, error)
	}{
		{"get.golden", func() (string, error) {
			var b bytes.Buffer
			err := PrintTable(&b, pods, now, PrintOptions{})
			return b.String(), err
		}},
		{"get-wide.golden", func() (string, error) {
			var b bytes.Buffer
			err := PrintTable(&b, pods, now, PrintOptions{Wide: true})
			return b.String(), err
		}},
		{"describe-web.golden", func() (string, error) {
			return Describe(schema.GroupKind{Kind: "Pod"}, "default", "web", now, objs, true)
		}},
		{"describe-network-demo.golden", func() (string, error) {
			return Describe(schema.GroupKind{Kind: "Pod"}, "default", "network-demo", now, objs, true)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			got, err := tc.run()
			if err != nil {
				t.Fatal(err)
			}
			if want := string(files[tc.golden]); got != want {
				t.Errorf("output differs from scenarios-out.txt\n--- got\n%s\n--- want\n%s", got, want)
			}
		})
	}
}
