package kubectl

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/kube/controllers"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden runs the scripts of testdata/script/*.txtar: each archive holds the manifests a
// session needs and a file "session" whose lines are kubectl command lines ("kubectl " + args,
// with '…' quoting one argument), "advance <duration>" (virtual time), "kwok" (a KWOK-like
// node that runs every pod), "controllers" (the workload controllers of kube/controllers)
// or "# comments". A command kubectl reports as not simulated is marked so. The transcript of the session, with stdout,
// stderr and exit codes, is compared with the archive's "golden" file (-update rewrites it).
// The goldens were checked by hand against the kubectl v0.37.2 sources the printers come from.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "script", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c := newTestCluster(t)
			var session, golden string
			goldenIdx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "session":
					session = string(f.Data)
				case "golden":
					golden, goldenIdx = string(f.Data), i
				default:
					c.files[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			var b strings.Builder
			for _, line := range strings.Split(session, "\n") {
				line = strings.TrimSpace(line)
				switch {
				case line == "" || strings.HasPrefix(line, "#"):
					continue
				case line == "kwok":
					kwok(c)
					continue
				case line == "controllers":
					controllers.New(c.clk, c.api, controllers.Options{}).Start()
					continue
				case strings.HasPrefix(line, "advance "):
					d, err := time.ParseDuration(strings.TrimPrefix(line, "advance "))
					if err != nil {
						t.Fatal(err)
					}
					c.clk.AdvanceTo(c.clk.Now().Add(d))
					continue
				}
				args := splitQuoted(strings.TrimPrefix(line, "kubectl "))
				out, errOut, code, notSim := c.runEnv(args, "")
				fmt.Fprintf(&b, "$ %s\n%s", line, out)
				if errOut != "" {
					fmt.Fprintf(&b, "[stderr]\n%s", errOut)
				}
				if code != 0 {
					fmt.Fprintf(&b, "[exit %d]\n", code)
				}
				if notSim != "" {
					fmt.Fprintf(&b, "[not simulated: %s]\n", notSim)
				}
			}
			got := b.String()
			if *update {
				if goldenIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "golden"})
					goldenIdx = len(ar.Files) - 1
				}
				ar.Files[goldenIdx].Data = []byte(got)
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != golden {
				t.Errorf("session differs from golden (run with -update to accept)\n--- got\n%s--- want\n%s", got, golden)
			}
		})
	}
}

// splitQuoted splits a command line on spaces, keeping '…' together (without the quotes).
func splitQuoted(s string) []string {
	var out []string
	var cur strings.Builder
	inQuote, has := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			inQuote = !inQuote
			has = true
		case r == ' ' && !inQuote:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}
