package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/internal/page"
)

const testSite = `-- docbuild.yaml --
title: Test
timezone: Asia/Shanghai
-- content/_posts/a.md --
---
title: A
date: 2025-08-15 15:37:00
---
Hello.
-- content/_posts/b.md --
---
title: B
date: 2025-08-16
---
World.
`

func extract(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func docbuild(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func ino(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

func TestBuild(t *testing.T) {
	dir := extract(t, testSite)
	code, out, errs := docbuild(t, "build", "--source", dir, "--cache-dir", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "2 posts, 0 pages: ") {
		t.Errorf("stdout = %q", out)
	}
	pub := filepath.Join(dir, "public")
	post := filepath.Join(pub, "2025/08/15/a/index.html")
	if _, err := os.Stat(post); err != nil {
		t.Fatal(err)
	}
	before := ino(t, post)

	// A broken post: exit 1, every error with file:line, the old output untouched.
	bad := filepath.Join(dir, "content/_posts/b.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: B\ndate: [2025\n---\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/_posts/c.md"), []byte("---\ntitle: C\ndate: 2025-08-17\npublished: perhaps\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = docbuild(t, "build", "--source", dir, "--cache-dir", "")
	if code != 1 {
		t.Errorf("exit %d with broken posts, want 1", code)
	}
	for _, want := range []string{bad + ":3: invalid YAML", filepath.Join(dir, "content/_posts/c.md") + ":4: published:", "the previous output is unchanged"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if ino(t, post) != before {
		t.Error("a failed build replaced the output")
	}

	// --dest writes elsewhere.
	other := filepath.Join(t.TempDir(), "out")
	if err := os.Remove(filepath.Join(dir, "content/_posts/c.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("---\ntitle: B\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := docbuild(t, "build", "--source", dir, "--dest", other, "--cache-dir", ""); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	} else if !strings.Contains(errs, "warning: "+bad+": no date") {
		t.Errorf("no warning for the missing date: %q", errs)
	}
	if _, err := os.Stat(filepath.Join(other, "index.html")); err != nil {
		t.Error(err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"build", "--no-such-flag"},
		{"build", "extra-argument"},
		{"frobnicate"},
		{"new"},
		{"new", "a", "b"},
		{"version", "x"},
	} {
		code, _, errs := docbuild(t, args...)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errs)
		}
		if !strings.Contains(errs, "docbuild -h") {
			t.Errorf("%q: stderr %q does not point to the help", args, errs)
		}
	}
	if code, _, _ := docbuild(t, "build", "--source", t.TempDir()); code != 1 {
		t.Errorf("build of a directory that is not a site: exit %d, want 1", code)
	}
}

func TestHelpIsTheManual(t *testing.T) {
	code, out, _ := docbuild(t, "-h")
	if code != 0 || !strings.Contains(out, "docbuild build [--source DIR] [--dest DIR] [--drafts] [--future]") {
		t.Errorf("exit %d, help:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := docbuild(t, "version")
	if code != 0 || !strings.HasPrefix(out, "docbuild ") || !strings.Contains(out, "Kubernetes v1.37.2") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestNew(t *testing.T) {
	dir := extract(t, testSite)
	code, out, errs := docbuild(t, "new", "--source", dir, "--lang", "zh-CN", "K8S 深入学习: Pod")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	file := strings.TrimSpace(out)
	if file != filepath.Join(dir, "content/_posts/K8S-深入学习-Pod.md") {
		t.Errorf("file = %q", file)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := page.LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := page.Parse(file, src, cfg)
	if err != nil {
		t.Fatalf("the scaffold does not parse: %v\n%s", err, src)
	}
	if p.Title != "K8S 深入学习: Pod" || p.Lang != "zh-CN" || !p.HasDate || p.Date.Location().String() != "Asia/Shanghai" {
		t.Errorf("scaffold front matter: %+v", p)
	}
	// A second post of the same title does not overwrite the first.
	_, out, _ = docbuild(t, "new", "--source", dir, "K8S 深入学习: Pod")
	if strings.TrimSpace(out) != filepath.Join(dir, "content/_posts/K8S-深入学习-Pod-1.md") {
		t.Errorf("second file = %q", out)
	}
	_, out, _ = docbuild(t, "new", "--source", dir, "--draft", "Later")
	if strings.TrimSpace(out) != filepath.Join(dir, "content/_drafts/Later.md") {
		t.Errorf("draft file = %q", out)
	}
}

func TestNewPostName(t *testing.T) {
	cfg, err := page.ParseConfig(t.TempDir(), "_config.yml", []byte("new_post_name: :year-:month-:day-:title.md\nfilename_case: 1\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	file, err := newPost(cfg, "Hello World", "", false, time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(cfg.Dir, "source/_posts/2025-03-04-hello-world.md"); file != want {
		t.Errorf("file = %q, want %q", file, want)
	}
	for _, title := range []string{"yes", "1.37", "a: b", "- x", "#tag", " padded "} {
		file, err := newPost(cfg, title, "", true, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		src, _ := os.ReadFile(file)
		p, err := page.Parse(file, src, cfg)
		if err != nil || p.Title != title {
			t.Errorf("title %q written as %q (%v)", title, p.Title, err)
		}
	}
}
