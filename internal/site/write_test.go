package site

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// tree reads every regular file under dir (slash paths → contents).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestWriteRewritesOnlyChangedFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	v1 := map[string][]byte{
		"index.html":               []byte("home v1"),
		"a/b/index.html":           []byte("post b"),
		"a/c/index.html":           []byte("post c v1"),
		"css/site.css":             []byte("body{}"),
		"gone/index.html":          []byte("removed in v2"),
		"2025/08/15/中文/index.html": []byte("中文"),
	}
	st, err := Write(dir, v1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != len(v1) || st.Unchanged != 0 {
		t.Errorf("first write: %+v", st)
	}
	before := map[string]uint64{}
	for p := range v1 {
		before[p] = inode(t, filepath.Join(dir, p))
	}
	v2 := map[string][]byte{
		"index.html":               []byte("home v2"),
		"a/b/index.html":           []byte("post b"),
		"a/c/index.html":           []byte("post c v2!"),
		"css/site.css":             []byte("body{}"),
		"2025/08/15/中文/index.html": []byte("中文"),
		"new.txt":                  []byte("new"),
	}
	st, err = Write(dir, v2)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 3 || st.Unchanged != 3 {
		t.Errorf("second write: %+v, want 3 written and 3 unchanged", st)
	}
	got := tree(t, dir)
	if len(got) != len(v2) {
		t.Errorf("files after rewrite: %v", got)
	}
	for p, data := range v2 {
		if got[p] != string(data) {
			t.Errorf("%s = %q, want %q", p, got[p], data)
		}
	}
	for _, p := range []string{"a/b/index.html", "css/site.css", "2025/08/15/中文/index.html"} {
		if inode(t, filepath.Join(dir, p)) != before[p] {
			t.Errorf("%s was rewritten though its bytes did not change", p)
		}
	}
	for _, p := range []string{"index.html", "a/c/index.html"} {
		if inode(t, filepath.Join(dir, p)) == before[p] {
			t.Errorf("%s kept its old file though its bytes changed", p)
		}
	}
	if s := siblings(t, dir); len(s) != 1 || s[0] != "public" {
		t.Errorf("temporary directories left beside the output: %v", s)
	}
}

func TestWriteFailureLeavesOldOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	old := map[string][]byte{"index.html": []byte("old"), "a/index.html": []byte("old a")}
	if _, err := Write(dir, old); err != nil {
		t.Fatal(err)
	}
	oldIno := inode(t, filepath.Join(dir, "index.html"))
	for name, files := range map[string]map[string][]byte{
		// "a" is both a file and a directory: writing the file fails after the directory exists.
		"file and directory": {"index.html": []byte("new"), "a": []byte("x"), "a/b.html": []byte("y")},
		"escaping path":      {"index.html": []byte("new"), "../evil": []byte("x")},
		"absolute path":      {"/etc/passwd": []byte("x")},
	} {
		if _, err := Write(dir, files); err == nil {
			t.Errorf("%s: no error", name)
		}
		got := tree(t, dir)
		if len(got) != 2 || got["index.html"] != "old" || got["a/index.html"] != "old a" {
			t.Errorf("%s: old output changed: %v", name, got)
		}
		if inode(t, filepath.Join(dir, "index.html")) != oldIno {
			t.Errorf("%s: old file replaced", name)
		}
		if s := siblings(t, dir); len(s) != 1 {
			t.Errorf("%s: temporary directories left: %v", name, s)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil")); err == nil {
		t.Error("a file was written outside the output directory")
	}
}

func TestWriteCreatesOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "deep", "out")
	if _, err := Write(dir, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("output directory: %v, %v", fi, err)
	}
	if got := tree(t, dir); got["index.html"] != "x" {
		t.Errorf("tree = %v", got)
	}
}

// TestRebuildAfterEdit writes a whole site, then the same site (nothing rewritten), then the
// site with one page changed (one file rewritten).
func TestRebuildAfterEdit(t *testing.T) {
	res := mustBuild(t, "testdata/sites/native.txtar", Options{})
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, res.Files); err != nil {
		t.Fatal(err)
	}
	// Same site again: nothing is rewritten.
	st, err := Write(dir, res.Files)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 0 || st.Unchanged != len(res.Files) {
		t.Errorf("rebuild of an unchanged site: %+v", st)
	}
	// One changed file: exactly one write.
	files := map[string][]byte{}
	for p, b := range res.Files {
		files[p] = b
	}
	files["about/index.html"] = []byte(strings.Replace(string(files["about/index.html"]), "notes", "NOTES", 1))
	st, err = Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 1 {
		t.Errorf("after one edit: %+v, want 1 written", st)
	}
}

// TestWriteReshapesTree replaces a directory by a file and a file by a directory, and drops
// directories the new site no longer has.
func TestWriteReshapesTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	v1 := map[string][]byte{
		"index.html":          []byte("home"),
		"x/index.html":        []byte("x is a directory"),
		"y":                   []byte("y is a file"),
		"old/deep/index.html": []byte("gone in v2"),
		"keep/a.html":         []byte("kept"),
	}
	if _, err := Write(dir, v1); err != nil {
		t.Fatal(err)
	}
	keep := inode(t, filepath.Join(dir, "keep/a.html"))
	v2 := map[string][]byte{
		"index.html":  []byte("home"),
		"x":           []byte("x is a file"),
		"y/b.html":    []byte("y is a directory"),
		"keep/a.html": []byte("kept"),
		"new/c.html":  []byte("new"),
	}
	st, err := Write(dir, v2)
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 3 || st.Unchanged != 2 {
		t.Errorf("stats %+v, want 3 written and 2 unchanged", st)
	}
	got := tree(t, dir)
	if len(got) != len(v2) {
		t.Errorf("files: %v", got)
	}
	for p, data := range v2 {
		if got[p] != string(data) {
			t.Errorf("%s = %q, want %q", p, got[p], data)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Errorf("old/ is still there: %v", err)
	}
	if inode(t, filepath.Join(dir, "keep/a.html")) != keep {
		t.Error("keep/a.html was rewritten")
	}
	if s := siblings(t, dir); len(s) != 1 {
		t.Errorf("temporary directories left: %v", s)
	}
}

// TestDirOutputAbort leaves the old output as it was, whatever was written.
func TestDirOutputAbort(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, map[string][]byte{"index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	out, err := NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string]string{"index.html": "new", "a/b.html": "b"} {
		if err := out.WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dir); len(got) != 1 || got["index.html"] != "old" {
		t.Errorf("after Abort: %v", got)
	}
	if s := siblings(t, dir); len(s) != 1 {
		t.Errorf("temporary directories left: %v", s)
	}
}
