package cluster

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"
)

// mapFiles is the host file system of a test (kubectl -f).
type mapFiles struct{ fs fstest.MapFS }

func clean(name string) string { return strings.TrimPrefix(path.Clean(name), "/") }

func (m mapFiles) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(m.fs, clean(name)) }
func (m mapFiles) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(m.fs, clean(name)) }
func (m mapFiles) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(m.fs, clean(name)) }

func loadTxtar(t testing.TB, file string) map[string][]byte {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range ar.Files {
		out[f.Name] = f.Data
	}
	return out
}

func seedCluster(t testing.TB) (*Cluster, map[string][]byte) {
	files := loadTxtar(t, "testdata/seed.txtar")
	c := New(Options{Node: "debian", Files: mapFiles{fstest.MapFS{"network-demo.yaml": {Data: files["network-demo.yaml"]}}}})
	return c, files
}

func run(t testing.TB, c *Cluster, line string) Result {
	t.Helper()
	return c.Kubectl(strings.Fields(line), nil)
}

// TestSeed replays the seed post on the full simulator: apply, then `kubectl get pods` every
// second around AGE 10m shows `1/2 CrashLoopBackOff 6 (… ago) 10m`; the sidecar's previous log
// is the welcome page of the untagged nginx (896 bytes); exec without a command is refused.
func TestSeed(t *testing.T) {
	c, files := seedCluster(t)
	start := c.Now()
	r := run(t, c, "apply -f network-demo.yaml")
	if got := string(r.Stdout); got != "pod/network-demo created\n" || r.Exit != 0 {
		t.Fatalf("apply: %q %q %d", r.Stdout, r.Stderr, r.Exit)
	}
	var rows []string
	found := false
	for s := 9 * 60; s < 11*60; s++ {
		c.AdvanceTo(start.Add(time.Duration(s) * time.Second))
		out := string(run(t, c, "get pods").Stdout)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "NAME ") {
			t.Fatalf("get pods at %ds:\n%s", s, out)
		}
		f := strings.Fields(lines[1])
		row := strings.Join(f, " ")
		if len(rows) == 0 || rows[len(rows)-1] != row {
			rows = append(rows, fmt.Sprintf("%ds %s", s, row))
		}
		if len(f) == 7 && f[1] == "1/2" && f[2] == "CrashLoopBackOff" && f[3] == "6" && f[6] == "10m" {
			found = true
		}
	}
	if !found {
		t.Errorf("no `1/2 CrashLoopBackOff 6 (… ago) 10m` row between 9m and 11m:\n%s", strings.Join(rows, "\n"))
	}
	r = run(t, c, "logs network-demo -c sidecar --previous")
	if want := files["welcome-896.html"]; !bytes.Equal(r.Stdout, want) || r.Exit != 0 {
		t.Errorf("logs --previous: exit %d, %d bytes (want %d), stderr %q\n%s", r.Exit, len(r.Stdout), len(want), r.Stderr, r.Stdout)
	}
	r = run(t, c, "exec -it network-demo")
	if got := string(r.Stderr); got != "error: you must specify at least one command for the container\n" || r.Exit != 1 {
		t.Errorf("exec without command: %q exit %d", got, r.Exit)
	}
}

// The full stack is deterministic: the same commands at the same times print the same bytes.
func TestSeedDeterministic(t *testing.T) {
	transcript := func() string {
		c, _ := seedCluster(t)
		start := c.Now()
		var b strings.Builder
		b.Write(run(t, c, "apply -f network-demo.yaml").Stdout)
		for _, s := range []int{1, 5, 30, 200, 600} {
			c.AdvanceTo(start.Add(time.Duration(s) * time.Second))
			for _, cmd := range []string{"get pods -o wide", "describe pod network-demo", "get pod network-demo -o yaml", "logs network-demo -c app"} {
				r := run(t, c, cmd)
				b.Write(r.Stdout)
				b.Write(r.Stderr)
			}
		}
		return b.String()
	}
	a, b := transcript(), transcript()
	if a != b {
		t.Fatalf("two runs differ:\n%s", firstDiff(a, b))
	}
	if !strings.Contains(a, "Successfully assigned default/network-demo to debian") {
		t.Errorf("no Scheduled event in the transcript")
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range la {
		if i >= len(lb) || la[i] != lb[i] {
			other := ""
			if i < len(lb) {
				other = lb[i]
			}
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, la[i], other)
		}
	}
	return "second run longer"
}
