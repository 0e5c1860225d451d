package controllers_test

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/kube/cluster"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts under testdata/")

func TestMain(m *testing.M) {
	// kubectl describe prints absolute times in the local time zone; the goldens are in UTC.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// TestTimelines replays the sessions of testdata/timeline/*.txtar on a whole simulated cluster
// (API server, controllers, scheduler, kubelet): each archive holds the manifests and a
// "session" of kubectl command lines ('…' quotes one argument), "advance <duration>" lines
// and "# comments"; the transcript (stdout, [stderr], [exit n]) is compared with the "golden"
// file (-update rewrites it). The goldens were read line by line against the v1.37.2
// controllers, printers and kubectl describers they come from.
func TestTimelines(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "timeline", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no timelines: %v", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			ar, err := txtar.ParseFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files := fstest.MapFS{}
			var session, golden string
			goldenIdx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "session":
					session = string(f.Data)
				case "golden":
					golden, goldenIdx = string(f.Data), i
				default:
					files[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			got := replay(t, files, session)
			if *update {
				if goldenIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "golden"})
					goldenIdx = len(ar.Files) - 1
				}
				ar.Files[goldenIdx].Data = []byte(got)
				if err := os.WriteFile(p, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != golden {
				t.Errorf("transcript differs from golden (run with -update to accept)\n--- got\n%s--- want\n%s", got, golden)
			}
		})
	}
}

// replay runs a session on a new cluster (seed 1, node minikube) and returns its transcript.
func replay(t testing.TB, files fstest.MapFS, session string) string {
	t.Helper()
	c := cluster.New(cluster.Options{Seed: 1, Files: mapFiles{files}})
	var b strings.Builder
	for _, line := range strings.Split(session, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "advance "):
			d, err := time.ParseDuration(strings.TrimPrefix(line, "advance "))
			if err != nil {
				t.Fatal(err)
			}
			c.Advance(d)
			fmt.Fprintf(&b, "# %s\n", line)
			continue
		}
		r := c.Kubectl(splitQuoted(strings.TrimPrefix(line, "kubectl ")), strings.NewReader(""))
		fmt.Fprintf(&b, "$ %s\n%s", line, r.Stdout)
		if len(r.Stderr) > 0 {
			fmt.Fprintf(&b, "[stderr]\n%s", r.Stderr)
		}
		if r.Exit != 0 {
			fmt.Fprintf(&b, "[exit %d]\n", r.Exit)
		}
	}
	return b.String()
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

// mapFiles adapts an fstest.MapFS to kubectl.Files.
type mapFiles struct{ fs fstest.MapFS }

func clean(name string) string { return strings.TrimPrefix(path.Clean(name), "/") }

func (m mapFiles) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(m.fs, clean(name)) }
func (m mapFiles) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(m.fs, clean(name)) }
func (m mapFiles) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(m.fs, clean(name)) }
