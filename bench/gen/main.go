// Command gen writes the same N generated posts as three site trees — one each for docbuild,
// Hugo and Hexo — so bench/run.sh can build them in the same run and compare.
//
// Every post is the user's sample post (seed.md, a copy of ../shared/seed/000_b96f6f29b8d6a1b6.txt)
// with its names, ports, images and dates varied per post, so no two code blocks are identical and
// a highlight cache cannot turn N posts into one. Hugo gets the same Markdown with `{% note %}`
// rewritten to its `{{% note %}}` shortcode; Hexo gets the tree verbatim plus a `note` tag script
// and a minimal EJS theme equivalent to docbuild's and Hugo's layouts.
//
// Usage: go run ./bench/gen -n 1000 -out bench/out/1000
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

//go:embed seed.md
var seed string

func main() {
	n := flag.Int("n", 100, "number of posts")
	out := flag.String("out", "bench/out/100", "output directory (replaced)")
	flag.Parse()
	if err := os.RemoveAll(*out); err != nil {
		log.Fatal(err)
	}
	for i := 0; i < *n; i++ {
		post := variant(i)
		name := fmt.Sprintf("post-%05d.md", i)
		write(filepath.Join(*out, "docbuild/source/_posts", name), post)
		write(filepath.Join(*out, "hexo/source/_posts", name), post)
		write(filepath.Join(*out, "hugo/content/posts", name), hugoPost(post))
	}
	for path, body := range siteFiles {
		write(filepath.Join(*out, path), body)
	}
}

var (
	fmRe       = regexp.MustCompile(`(?s)\A---\n(.*?)\n---\n`)
	noteOpenRe = regexp.MustCompile(`\{% note ([^%]*?) %\}`)
)

// variant returns post i: the seed with per-post names, numbers and dates.
func variant(i int) string {
	// Seven hours apart, going back from the seed's date: every post is in the past (Hugo
	// leaves future posts out by default; Hexo and docbuild render them), even at 10,000.
	date := time.Date(2025, 8, 15, 8, 0, 0, 0, time.UTC).Add(-time.Duration(i) * 7 * time.Hour)
	r := strings.NewReplacer(
		"title: K8S 深入学习 (一) --- POD 篇", fmt.Sprintf("title: K8S 深入学习 (%d) --- POD 篇", i),
		"date: 2025-08-15 15:37:00", "date: "+date.Format("2006-01-02 15:04:05"),
		"- [K8S]", fmt.Sprintf("- [K8S]\n- [Topic%d]", i%20),
		"- pod", fmt.Sprintf("- pod\n- tag%d", i%50),
		"network-demo", fmt.Sprintf("network-demo-%d", i),
		"containerPort: 80", fmt.Sprintf("containerPort: %d", 8000+i%1000),
		"http://localhost:80", fmt.Sprintf("http://localhost:%d", 8000+i%1000),
		"image: nginx", fmt.Sprintf("image: nginx:1.%d", 20+i%10),
		"3m50s ago", fmt.Sprintf("%dm%ds ago", 1+i%9, 10+i%50),
		"alessandras-pod", fmt.Sprintf("pod-%d", i),
	)
	return r.Replace(seed)
}

// hugoPost turns a Hexo post into the same content for Hugo: front matter kept (Hugo reads
// the same YAML; list-of-list categories flattened) and the note tag mapped to a shortcode.
func hugoPost(p string) string {
	m := fmRe.FindStringSubmatch(p)
	fm := strings.NewReplacer("- [", "- ", "]", "").Replace(m[1])
	body := p[len(m[0]):]
	body = noteOpenRe.ReplaceAllString(body, `{{% note "$1" %}}`)
	body = strings.ReplaceAll(body, "{% endnote %}", "{{% /note %}}")
	return "---\n" + fm + "\n---\n" + body
}

func write(path, body string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		log.Fatal(err)
	}
}

// siteFiles are the configuration and layouts of the three trees. The Hugo and Hexo layouts
// produce the same pages docbuild's default theme does: paginated index with excerpts, post
// pages, archives, category and tag pages.
var siteFiles = map[string]string{
	"docbuild/_config.yml": `title: Bench
url: http://example.com
per_page: 10
`,
	"hexo/_config.yml": `title: Bench
url: http://example.com
per_page: 10
theme: minimal
syntax_highlighter: highlight.js
highlight:
  line_number: false
  auto_detect: false
  wrap: false
index_generator:
  per_page: 10
archive_generator:
  per_page: 10
  yearly: true
  monthly: true
`,
	"hexo/package.json": `{"name":"bench","version":"0.0.0","private":true,"hexo":{"version":"8.1.2"},
"dependencies":{"hexo":"8.1.2","hexo-renderer-marked":"7.0.1","hexo-renderer-ejs":"2.0.0","hexo-generator-index":"4.0.0",
"hexo-generator-archive":"2.0.0","hexo-generator-category":"2.0.0","hexo-generator-tag":"2.0.0"}}
`,
	"hexo/scripts/note.js": `// NexT-style note tag, the same markup docbuild emits.
hexo.extend.tag.register('note', function (args, content) {
  const cls = args.slice(0, 2).join(' ');
  return '<div class="note ' + cls + '">' +
    hexo.render.renderSync({text: content, engine: 'markdown'}) + '</div>';
}, {ends: true});
`,
	"hexo/themes/minimal/layout/layout.ejs": `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title><%= page.title || config.title %></title>
<link rel="stylesheet" href="<%- url_for('/css/style.css') %>"></head>
<body><header><a href="<%- url_for('/') %>"><%= config.title %></a></header>
<main><%- body %></main></body></html>
`,
	"hexo/themes/minimal/layout/index.ejs": `<% page.posts.each(function(post){ %>
<article><h2><a href="<%- url_for(post.path) %>"><%= post.title %></a></h2>
<time><%= date(post.date, 'YYYY-MM-DD') %></time><%- post.excerpt || post.content %></article>
<% }) %><%- paginator() %>
`,
	"hexo/themes/minimal/layout/post.ejs": `<article><h1><%= page.title %></h1>
<time><%= date(page.date, 'YYYY-MM-DD') %></time>
<%- toc(page.content) %>
<%- page.content %>
<%- list_categories(page.categories) %><%- list_tags(page.tags) %>
<% if (page.prev) { %><a href="<%- url_for(page.prev.path) %>">prev</a><% } %>
<% if (page.next) { %><a href="<%- url_for(page.next.path) %>">next</a><% } %>
</article>
`,
	"hexo/themes/minimal/layout/archive.ejs": `<% page.posts.each(function(post){ %>
<li><time><%= date(post.date, 'YYYY-MM-DD') %></time> <a href="<%- url_for(post.path) %>"><%= post.title %></a></li>
<% }) %><%- paginator() %>
`,
	"hexo/themes/minimal/layout/category.ejs": `<h1><%= page.category %></h1><% page.posts.each(function(post){ %>
<li><a href="<%- url_for(post.path) %>"><%= post.title %></a></li><% }) %><%- paginator() %>
`,
	"hexo/themes/minimal/layout/tag.ejs": `<h1><%= page.tag %></h1><% page.posts.each(function(post){ %>
<li><a href="<%- url_for(post.path) %>"><%= post.title %></a></li><% }) %><%- paginator() %>
`,
	"hexo/themes/minimal/source/css/style.css": "body{max-width:48em;margin:auto}\n",
	"hugo/config.toml": `baseURL = "http://example.com/"
title = "Bench"
paginate = 10
buildFuture = true
# One feed (the home page's), like docbuild's atom.xml: no RSS per section and term.
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
[taxonomies]
category = "categories"
tag = "tags"
[markup.highlight]
noClasses = false
[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.parser]
autoHeadingIDType = "github"
[markup.tableOfContents]
startLevel = 2
endLevel = 4
`,
	"hugo/layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="/css/style.css"></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
	"hugo/layouts/_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2006-01-02" }}</time>{{ .TableOfContents }}{{ .Content }}
{{ range .Params.categories }}<a href="/categories/{{ . | urlize }}/">{{ . }}</a>{{ end }}
{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a>{{ end }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">prev</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">next</a>{{ end }}
</article>{{ end }}
`,
	"hugo/layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}
<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
`,
	"hugo/layouts/index.html": `{{ define "main" }}{{ range (.Paginate (where site.RegularPages "Type" "posts")).Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><time>{{ .Date.Format "2006-01-02" }}</time>
{{ .Summary }}</article>{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}
`,
	"hugo/layouts/shortcodes/note.html": `<div class="note {{ .Get 0 }}">{{ .Inner }}</div>
`,
	"hugo/static/css/style.css": "body{max-width:48em;margin:auto}\n",
}
