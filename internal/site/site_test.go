package site

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the mini-sites' time zones

	"golang.org/x/tools/txtar"

	"github.com/docbuild/docbuild/internal/page"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// now is the build time of every test: after every post except the future ones.
var now = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// extract writes a txtar archive's files into a new directory and returns it.
func extract(t testing.TB, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildArchive builds the site of a txtar file.
func buildArchive(t testing.TB, file string, opts Options) (*Result, error) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return buildDir(t, extract(t, ar), opts)
}

func buildDir(t testing.TB, dir string, opts Options) (*Result, error) {
	t.Helper()
	cfg, err := page.LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Now.IsZero() {
		opts.Now = now
	}
	return Build(context.Background(), cfg, opts)
}

// golden compares the built files (without the theme's static files) with a txtar golden
// file, or rewrites it with -update.
func golden(t *testing.T, res *Result, file string) {
	t.Helper()
	ar := &txtar.Archive{Comment: []byte("Output of the site in " + strings.TrimSuffix(filepath.Base(file), ".golden") + ".txtar (rewrite with go test -update).\n")}
	for _, p := range res.Paths() {
		if strings.HasPrefix(p, "css/") || strings.HasPrefix(p, "js/") {
			continue
		}
		ar.Files = append(ar.Files, txtar.File{Name: p, Data: res.Files[p]})
	}
	got := txtar.Format(ar)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		wa := txtar.Parse(want)
		wantFiles := map[string][]byte{}
		for _, f := range wa.Files {
			wantFiles[f.Name] = f.Data
		}
		for _, f := range ar.Files {
			w, ok := wantFiles[f.Name]
			switch {
			case !ok:
				t.Errorf("%s: not in the golden file", f.Name)
			case !bytes.Equal(w, f.Data):
				t.Errorf("%s differs from the golden file:\n%s", f.Name, firstDiff(w, f.Data))
			}
			delete(wantFiles, f.Name)
		}
		for name := range wantFiles {
			t.Errorf("%s: in the golden file, not built", name)
		}
		t.Log("run go test -update to accept the new output")
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			// Show the lines from a little before their first difference.
			c := 0
			for c < len(w) && c < len(g) && w[c] == g[c] {
				c++
			}
			from := max(0, c-60)
			clip := func(s string) string {
				s = s[min(from, len(s)):]
				if len(s) > 160 {
					s = s[:160] + "…"
				}
				return strings.ToValidUTF8(s, "")
			}
			return "line " + itoa(i+1) + ", byte " + itoa(c+1) + ":\n  want: " + clip(w) + "\n  got:  " + clip(g)
		}
	}
	return ""
}

func TestGoldenSites(t *testing.T) {
	files, err := filepath.Glob("testdata/sites/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no mini-sites: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			res, err := buildArchive(t, file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, res, strings.TrimSuffix(file, ".txtar")+".golden")
		})
	}
}

func mustBuild(t *testing.T, file string, opts Options) *Result {
	t.Helper()
	res, err := buildArchive(t, file, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func file(t *testing.T, res *Result, p string) string {
	t.Helper()
	b, ok := res.Files[p]
	if !ok {
		t.Fatalf("%s not built; have %q", p, res.Paths())
	}
	return string(b)
}

// TestSeed is the acceptance test of the user's sample post.
func TestSeed(t *testing.T) {
	res := mustBuild(t, "testdata/sites/hexo-seed.txtar", Options{})
	html := file(t, res, "2025/08/15/k8s-pod/index.html")
	body := html[strings.Index(html, `<div class="post-body">`):]
	body = body[:strings.Index(body, `<footer class="post-footer">`)]

	// Its two NexT notes, class "note info", with their Markdown rendered.
	if n := strings.Count(body, `<div class="note info">`); n != 2 {
		t.Errorf("%d notes of class \"note info\", want 2", n)
	}
	if strings.Contains(body, "{% note") || strings.Contains(body, "{% endnote") {
		t.Error("a note tag is left in the output")
	}
	if !strings.Contains(body, "<strong>说明:</strong>") {
		t.Error("the Markdown inside the notes is not rendered")
	}

	// The tables: the first has 4 body rows whose tab-led cells are cells.
	tables := regexp.MustCompile(`(?s)<table>.*?</table>`).FindAllString(body, -1)
	if len(tables) != 2 {
		t.Fatalf("%d tables, want 2", len(tables))
	}
	tbody := tables[0][strings.Index(tables[0], "<tbody>"):]
	if n := strings.Count(tbody, "<tr>"); n != 4 {
		t.Errorf("first table: %d body rows, want 4", n)
	}
	for _, cell := range []string{"<td>网络共享</td>", "<td>Pod 内的所有容器共享一个网络命名空间（同 IP、同端口空间），用 localhost 就能互相通信</td>", "<td>调度与伸缩</td>"} {
		if !strings.Contains(tbody, cell) {
			t.Errorf("first table lacks %s", cell)
		}
	}
	if strings.Contains(tables[0], "<pre") || strings.Contains(tables[0], "<code") {
		t.Error("a tab-led cell became code")
	}
	if n := strings.Count(tables[1][strings.Index(tables[1], "<tbody>"):], "<tr>"); n != 5 {
		t.Errorf("second table: %d body rows, want 5", n)
	}

	// Fenced code inside list items: highlighted, as YAML and as shell.
	figures := regexp.MustCompile(`<figure class="highlight ([a-z]+)"[^>]*data-line="(\d+)"`).FindAllStringSubmatch(body, -1)
	langs := map[string]int{}
	for _, f := range figures {
		langs[f[1]]++
	}
	if langs["yaml"] != 1 {
		t.Errorf("%d YAML blocks, want 1 (blocks: %v)", langs["yaml"], figures)
	}
	if langs["console"]+langs["bash"] < 4 {
		t.Errorf("%d shell blocks, want at least 4 (blocks: %v)", langs["console"]+langs["bash"], figures)
	}
	// data-line is the line of the opening fence in the post's file: "  ``` yml" is line 46.
	if len(figures) > 0 && figures[0][2] != "46" {
		t.Errorf("first code block data-line=%s, want 46 (the line of its fence in the post)", figures[0][2])
	}
	yaml := body[strings.Index(body, `<figure class="highlight yaml"`):]
	yaml = yaml[:strings.Index(yaml, "</figure>")]
	if !strings.Contains(yaml, `<span class="nt">apiVersion</span>`) {
		t.Errorf("YAML block not highlighted: %.300s", yaml)
	}
	if strings.Contains(yaml, "\n  apiVersion") {
		t.Error("the code of the list item keeps its indentation")
	}

	// Chinese heading ids, as Hexo makes them.
	for _, id := range []string{`id="一、-Pod-概念"`, `id="2-1-网络共享"`, `id="3-2-容器状态"`} {
		if !strings.Contains(body, id) {
			t.Errorf("no heading with %s", id)
		}
	}

	// Hexo's single newline → <br> in a Hexo tree.
	if !strings.Contains(body, "将Pod分配到特定节点的过程成为") || !strings.Contains(body, "<br>\n一旦 Pod 被调度并绑定到节点") {
		t.Error("the quote's single newline is not a <br>")
	}

	// Taxonomies and URLs.
	for _, p := range []string{"categories/K8S/index.html", "tags/K8S/index.html", "tags/pod/index.html", "archives/2025/08/index.html"} {
		if _, ok := res.Files[p]; !ok {
			t.Errorf("%s not built", p)
		}
	}
	if !strings.Contains(html, `<a href="/categories/K8S/">K8S</a>`) {
		t.Error("post page does not link its category")
	}
}

func TestDeterministic(t *testing.T) {
	for _, file := range []string{"testdata/sites/native.txtar", "testdata/sites/hexo-seed.txtar"} {
		a := mustBuild(t, file, Options{Workers: 1})
		b := mustBuild(t, file, Options{Workers: 4})
		if len(a.Files) != len(b.Files) {
			t.Fatalf("%s: %d files, then %d", file, len(a.Files), len(b.Files))
		}
		for p, data := range a.Files {
			if !bytes.Equal(data, b.Files[p]) {
				t.Errorf("%s: %s differs between two builds:\n%s", file, p, firstDiff(data, b.Files[p]))
			}
		}
	}
}

func TestNativeSite(t *testing.T) {
	res := mustBuild(t, "testdata/sites/native.txtar", Options{})
	has := func(p string, want bool) {
		t.Helper()
		if _, ok := res.Files[p]; ok != want {
			t.Errorf("built %s: %v, want %v", p, ok, want)
		}
	}
	// Permalinks in the site's zone (Europe/Paris): 2024-12-24T18:30Z is the 24th.
	has("2025/01/10/one/index.html", true)
	has("2025/02/01/two/index.html", true)
	has("special/three/index.html", true)
	has("special/three/diagram.svg", true)
	has("2024/06/01/untitled-post/index.html", true)
	has("about/index.html", true)
	has("images/logo.txt", true)
	// Left out: unpublished, future, draft, underscore directories.
	has("2025/01/01/hidden/index.html", false)
	has("2031/01/01/later/index.html", false)
	has("_hidden/secret.txt", false)
	for p := range res.Files {
		if strings.Contains(p, "wip") {
			t.Errorf("draft built: %s", p)
		}
	}
	// Categories: a plain list is one hierarchy, a list of lists several; category_map.
	has("categories/Cloud/index.html", true)
	has("categories/Cloud/K8S/index.html", true)
	has("categories/cloud-native/index.html", true)
	has("categories/cloud-native/Basics/index.html", true)
	has("categories/K8S/index.html", false)
	cloud := file(t, res, "categories/Cloud/index.html")
	if !strings.Contains(cloud, ">One</a>") || !strings.Contains(cloud, ">Two</a>") {
		t.Error("category Cloud lists its sub-category's post and its own")
	}
	// tag_map.
	has("tags/containers/index.html", true)
	has("tags/pods/index.html", true)
	// Pagination (per_page 2) of the index: four posts, the sticky one first.
	has("index.html", true)
	has("page/2/index.html", true)
	has("page/3/index.html", false)
	index := file(t, res, "index.html")
	if i, j := strings.Index(index, "Three &amp; Four &lt;b&gt;"), strings.Index(index, ">Two</a>"); i < 0 || j < 0 || i > j {
		t.Error("the sticky post is not first on the index")
	}
	if !strings.Contains(index, `<a class="pager-next" rel="next" href="/blog/page/2/">`) {
		t.Error("the index has no link to page 2")
	}
	// Excerpt at <!-- more -->.
	page2 := file(t, res, "page/2/index.html")
	if !strings.Contains(page2, "First post, in <strong>Cloud › K8S</strong>.") || strings.Contains(page2, "The rest of one.") {
		t.Error("the excerpt of One is not cut at <!-- more -->")
	}
	// Root and absolute URLs.
	one := file(t, res, "2025/01/10/one/index.html")
	if !strings.Contains(one, `<link rel="canonical" href="https://notes.example.com/blog/2025/01/10/one/">`) {
		t.Error("canonical URL")
	}
	if !strings.Contains(one, `href="/blog/categories/Cloud/K8S/">K8S</a>`) {
		t.Error("nested category link")
	}
	if !strings.Contains(file(t, res, "robots.txt"), "Sitemap: https://notes.example.com/blog/sitemap.xml") {
		t.Error("robots.txt")
	}
	// The menu lists the top-level page.
	if !strings.Contains(index, `<li><a href="/blog/about/">About</a></li>`) {
		t.Error("About is not in the menu")
	}
	// search.json holds every post and page.
	if s := file(t, res, "search.json"); strings.Count(s, `"url":`) != 5 {
		t.Errorf("search.json has %d entries, want 5", strings.Count(s, `"url":`))
	}
}

func TestDraftsAndFuture(t *testing.T) {
	res := mustBuild(t, "testdata/sites/native.txtar", Options{Drafts: true, Future: true})
	for _, p := range []string{"2031/01/01/later/index.html", "2025/01/01/hidden/index.html"} {
		if _, ok := res.Files[p]; !ok {
			t.Errorf("%s not built with --drafts --future", p)
		}
	}
	found := false
	for p := range res.Files {
		if strings.HasSuffix(p, "/wip/index.html") {
			found = true
		}
	}
	if !found {
		t.Error("draft not built with --drafts")
	}
}

func TestErrorsReportedTogether(t *testing.T) {
	ar := txtar.Parse([]byte(`-- docbuild.yaml --
title: t
-- content/_posts/good.md --
---
title: Good
date: 2025-01-01
---
fine
-- content/_posts/bad-yaml.md --
---
title: [unclosed
date: 2025-01-01
---
x
-- content/_posts/bad-date.md --
---
title: Bad date

date: someday
---
x
-- content/_posts/dup1.md --
---
title: d1
date: 2025-01-02
permalink: same/
---
-- content/_posts/dup2.md --
---
title: d2
date: 2025-01-03
permalink: same/
---
-- content/_posts/escape.md --
---
title: e
date: 2025-01-03
permalink: ../../etc/
---
-- content/_posts/tags.md --
---
title: tags
date: 2025-01-04
---
text

See {% post_link nope %}.

{% nosuchtag a b %}

{% note info %}
never closed
`))
	res, err := buildDir(t, extract(t, ar), Options{})
	if err == nil {
		t.Fatal("no error")
	}
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		got = append(got, e.Error())
		var pe *page.Error
		if !errors.As(e, &pe) {
			t.Errorf("%q is not a *page.Error", e)
		}
	}
	want := []string{
		"content/_posts/bad-date.md:4: date: cannot read",
		"content/_posts/bad-yaml.md:2: invalid YAML",
		"content/_posts/dup1.md: writes same/index.html, which " + "", // the newer post keeps the path
		"content/_posts/escape.md: permalink: output path",
		"content/_posts/tags.md:7: post_link: post \"nope\" not found",
		"content/_posts/tags.md:9: ",
		"content/_posts/tags.md:11: ",
	}
	if len(got) != len(want) {
		t.Fatalf("errors:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("error %d = %q, want it to contain %q", i, got[i], want[i])
		}
	}
	if _, ok := res.Files["2025/01/01/good/index.html"]; !ok {
		t.Error("the good post is not rendered when others fail")
	}
}

func TestWarnings(t *testing.T) {
	ar := txtar.Parse([]byte("-- docbuild.yaml --\ntitle: t\n-- content/_posts/nodate.md --\n---\ntitle: x\n---\nbody\n"))
	dir := extract(t, ar)
	when := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "content/_posts/nodate.md"), when, when); err != nil {
		t.Fatal(err)
	}
	res, err := buildDir(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0].Error(), filepath.Join(dir, "content/_posts/nodate.md")+": no date") {
		t.Errorf("warnings = %v", res.Warnings)
	}
	if _, ok := res.Files["2024/03/04/nodate/index.html"]; !ok {
		t.Errorf("the post is not dated with its file's time: %v", res.Paths())
	}
}

func TestPaths(t *testing.T) {
	res := mustBuild(t, "testdata/sites/native.txtar", Options{})
	paths := res.Paths()
	if !sort.StringsAreSorted(paths) {
		t.Error("Paths is not sorted")
	}
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			t.Error(err)
		}
	}
}

func TestBadgeAndBodyEnd(t *testing.T) {
	var lines []string
	res := mustBuild(t, "testdata/sites/hexo-seed.txtar", Options{
		BodyEnd: `<script src="/__reload.js"></script>`,
		Badge: func(p *page.Page, line int) string {
			lines = append(lines, itoa(line))
			return `<span class="check-badge">ok ` + itoa(line) + `</span>`
		},
		Workers: 1,
	})
	html := file(t, res, "2025/08/15/k8s-pod/index.html")
	if !strings.Contains(html, `<span class="check-badge">ok 46</span>`) {
		t.Errorf("no badge for the block at line 46 (asked for lines %v)", lines)
	}
	if !strings.Contains(html, "<script src=\"/__reload.js\"></script>\n</body>") {
		t.Error("BodyEnd is not at the end of the body")
	}
}
