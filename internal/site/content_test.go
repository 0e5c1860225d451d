package site

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/docbuild/docbuild/internal/page"
)

// TestBundledSite builds the repository's sample site (content/) and checks that it uses
// every feature it is meant to show, without errors or warnings.
func TestBundledSite(t *testing.T) {
	cfg, err := page.LoadConfig("../..")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), cfg, Options{Now: now})
	if err != nil {
		t.Fatalf("the sample site has errors:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	posts := res.Site.Posts
	if len(posts) < 5 {
		t.Fatalf("%d posts, want at least 5", len(posts))
	}
	langs := map[string]int{}
	var all strings.Builder
	for _, p := range posts {
		langs[p.Lang]++
		all.WriteString(string(p.Content))
		if !p.More {
			t.Errorf("%s has no <!-- more --> excerpt", p.Source.File)
		}
	}
	if langs["zh-CN"] == 0 || langs["en"] == 0 {
		t.Errorf("languages of the posts: %v, want Chinese and English", langs)
	}
	html := all.String()
	for _, feature := range []struct{ name, re string }{
		{"note without class", `<div class="note">`},
		{"note default", `<div class="note default">`},
		{"note primary", `<div class="note primary">`},
		{"note info", `<div class="note info">`},
		{"note success", `<div class="note success">`},
		{"note warning", `<div class="note warning">`},
		{"note danger", `<div class="note danger">`},
		{"note no-icon", `class="note [a-z]+ no-icon"`},
		{"note with a summary", `<details class="note [^"]*"><summary>`},
		{"codeblock tag with marked lines", `<span class="line hl">`},
		{"include_code", `<a href="/downloads/code/k8s/two-containers.yaml">view raw</a>`},
		{"blockquote tag", `<footer><strong>`},
		{"pullquote", `<blockquote class="pullquote`},
		{"centerquote", `blockquote-center`},
		{"raw", `<p class="helm">{{ .Release.Name }}`},
		{"post_link", `<a href="/2025/09/02/k8s-pod-basics/" title=`},
		{"post_path", `它的地址是 /2025/09/02/k8s-pod-basics/`},
		{"asset_img", `<img src="/2025/08/20/hexo-tags/architecture.svg"[^>]* alt="`},
		{"asset_link", `<a href="/2025/08/20/hexo-tags/checklist.txt"`},
		{"img", `<img src="/images/logo.svg"[^>]* alt="docbuild 标志"`},
		{"link", `<a href="https://kubernetes.io/zh-cn/docs/home/"`},
		{"iframe", `<iframe src="https://www.openstreetmap.org/`},
		{"youtube", `<iframe src="https://www.youtube.com/embed/`},
		{"tabs", `<div class="tabs"`},
		{"label", `<mark class="label success">`},
		{"button", `<a class="btn"`},
		{"mermaid", `<code class="mermaid">`},
		{"GFM table", `<table>`},
		{"tab-led cell", `<td>namespaced</td>`},
		{"footnote", `class="footnote-ref"`},
		{"task list", `<input checked="" disabled="" type="checkbox"`},
		{"strikethrough", `<del>strikethrough</del>`},
		{"autolink", `<a href="https://kubernetes.io/docs/concepts/workloads/pods/">`},
		{"code in a list item", `(?s)<li>\s*<p>Apply it, then watch it:</p>\s*<figure class="highlight json"`},
		{"file name caption", `<figcaption><span>main.go</span>`},
		{"literal braces", `the chart sets\s+{{ .Values.replicaCount }} replicas`},
		{"raw HTML", `<kbd>Ctrl</kbd>`},
		{"YAML highlighted", `<figure class="highlight yaml"`},
		{"transcript highlighted", `<span class="gp">root@debian:~/k8s/pod#</span>`},
		{"Chinese heading id", `<h2 id="一、-准备清单">`},
	} {
		if !regexp.MustCompile(feature.re).MatchString(html) {
			t.Errorf("no %s in the sample posts (want %s)", feature.name, feature.re)
		}
	}
	// Nested categories, several categories per post, a draft left out, the About page and
	// the asset folders.
	for _, p := range []string{
		"categories/Kubernetes/入门/index.html",
		"categories/docbuild/写作指南/index.html",
		"categories/Hexo/index.html",
		"about/index.html",
		"2025/08/28/markdown-tour/pipeline.svg",
		"2025/08/20/hexo-tags/architecture.svg",
	} {
		if _, ok := res.Files[p]; !ok {
			t.Errorf("%s not built", p)
		}
	}
	for p := range res.Files {
		if strings.Contains(p, "services-intro") {
			t.Errorf("the draft was built without --drafts: %s", p)
		}
	}
	drafts, err := Build(context.Background(), cfg, Options{Now: now, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts.Site.Posts) != len(posts)+1 {
		t.Errorf("with drafts: %d posts, want %d", len(drafts.Site.Posts), len(posts)+1)
	}
}
