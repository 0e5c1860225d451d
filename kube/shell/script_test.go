package shell_test

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/kube/container/vfs"
)

var update = flag.Bool("update", false, "rewrite the expected sections of testdata/scripts/*.txtar")

// TestScripts runs testdata/scripts/*.txtar. Sections:
//
//	image    the image whose root file system and tools are used (default busybox:1.36)
//	argv     the command line, one word per line (default: sh -c <script>)
//	script   the shell script for `sh -c`
//	stdin    standard input
//	file:P   a file created at P before the run
//	advance  how much virtual time may pass (default 1m)
//	stdout, stderr, exit, time   expected: output, exit status (-1: still running), virtual
//	                             time elapsed
//	notes    expected not-simulated notes, one per line
//
// Run with -update to rewrite the expectations (then review the diff against the tools'
// sources cited in each file's comment).
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := map[string]string{}
			for _, f := range ar.Files {
				sec[f.Name] = string(f.Data)
			}
			image := strings.TrimSpace(sec["image"])
			if image == "" {
				image = "busybox:1.36"
			}
			e := newEnv(t, image)
			for name, data := range sec {
				if p, ok := strings.CutPrefix(name, "file:"); ok {
					e.sys.FS.MkdirAll(filepath.Dir(p), 0o755, 0, 0)
					if err := e.sys.FS.WriteFile(p, []byte(data), 0o644, vfs.Root()); err != nil {
						t.Fatalf("setup %s: %v", p, err)
					}
				}
			}
			argv := []string{"sh", "-c", strings.TrimSuffix(sec["script"], "\n")}
			if a, ok := sec["argv"]; ok {
				argv = strings.Split(strings.TrimSuffix(a, "\n"), "\n")
			}
			adv := time.Minute
			if s := strings.TrimSpace(sec["advance"]); s != "" {
				adv, err = time.ParseDuration(s)
				if err != nil {
					t.Fatal(err)
				}
			}
			start := e.clk.Now()
			stdout, stderr, code := e.run(argv, sec["stdin"], adv)
			notes := append([]string(nil), e.notes...)
			sort.Strings(notes)
			got := map[string]string{
				"stdout": stdout,
				"stderr": stderr,
				"exit":   strconv.Itoa(code) + "\n",
				"time":   e.clk.Now().Sub(start).String() + "\n",
				"notes":  strings.Join(notes, "\n"),
			}
			if got["notes"] != "" {
				got["notes"] += "\n"
			}
			if *update {
				for _, k := range []string{"stdout", "stderr", "exit", "time", "notes"} {
					set(ar, k, got[k])
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, k := range []string{"stdout", "stderr", "exit", "time", "notes"} {
				if want := sec[k]; got[k] != want {
					t.Errorf("%s:\n got: %q\nwant: %q", k, got[k], want)
				}
			}
		})
	}
}

func set(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
