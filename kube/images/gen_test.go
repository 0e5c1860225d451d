package images

import (
	"bytes"
	"os"
	"testing"

	"github.com/docbuild/docbuild/kube/images/internal/gendata"
)

// TestGeneratedDataUpToDate fails when data/*.json no longer matches data/*.yaml (run
// go generate ./kube/images).
func TestGeneratedDataUpToDate(t *testing.T) {
	for _, name := range []string{"catalog", "bases"} {
		src, err := os.ReadFile("data/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		want, err := gendata.Convert(src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile("data/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/%s.json is stale: run go generate ./kube/images", name)
		}
	}
}

func BenchmarkDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Default()
	}
}
