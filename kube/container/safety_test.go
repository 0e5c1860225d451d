package container

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// forbiddenImports are packages no simulator package may import: the simulator never runs a
// host program, never opens a network connection and never uses the system-call layer.
// net/netip (addresses) and net/url (parsing) are pure values and allowed; net/http is allowed
// for its types only (the brief's exception; the container packages use none of it).
var forbiddenImports = map[string]string{
	"os/exec":               "runs host programs",
	"net":                   "opens network connections",
	"syscall":               "talks to the host kernel",
	"plugin":                "loads host code",
	"golang.org/x/sys/unix": "talks to the host kernel",
}

// TestNoHostAccessImports walks every package under kube/ (module-local imports, as go list
// -deps would list them, read with go/build so that no host program runs) and fails on a
// forbidden import.
func TestNoHostAccessImports(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(p, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			// A package mid-edit by another worker may not parse; report it but go on.
			t.Logf("%s: %v", p, err)
			return nil
		}
		checked++
		for _, imp := range pkg.Imports {
			if why, bad := forbiddenImports[imp]; bad {
				rel, _ := filepath.Rel(root, p)
				t.Errorf("kube/%s imports %s, which %s", rel, imp, why)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 5 {
		t.Fatalf("checked only %d packages under %s", checked, root)
	}
}

// The shell's interpreter (mvdan.cc/sh/v3/interp) links os/exec for its default exec
// handler; the simulator always installs its own handlers. This test pins that no kube
// package calls interp's host-touching defaults.
func TestNoInterpHostDefaults(t *testing.T) {
	root, _ := filepath.Abs("..")
	bad := []string{"interp.DefaultExecHandler", "interp.DefaultOpenHandler", "interp.DefaultStatHandler",
		"interp.DefaultReadDirHandler", "interp.DefaultAccessHandler", "interp.Dir(", "interp.Env(nil"}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, b := range bad {
			if strings.Contains(string(data), b) {
				t.Errorf("%s uses %s", p, b)
			}
		}
		return nil
	})
}
