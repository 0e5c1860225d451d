// Command cmd regenerates kube/images/data/*.json from data/*.yaml (go generate ./kube/images).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/docbuild/docbuild/kube/images/internal/gendata"
)

func main() {
	dir := "data"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	for _, name := range []string{"catalog", "bases"} {
		src, err := os.ReadFile(filepath.Join(dir, name+".yaml"))
		if err != nil {
			fail(err)
		}
		out, err := gendata.Convert(src)
		if err != nil {
			fail(fmt.Errorf("%s.yaml: %w", name, err))
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), out, 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gendata:", err)
	os.Exit(1)
}
