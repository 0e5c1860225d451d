package page

import (
	"testing"
	"time"
)

func TestPostPath(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	base := func() *Page {
		return &Page{
			Rel: "_posts/k8s/pod.md", Slug: "k8s/pod", Title: "K8S 深入学习 (一) Pod 篇",
			Date:       time.Date(2025, 8, 5, 9, 7, 3, 0, loc),
			Categories: [][]string{{"Cloud", "K8S"}},
			Params:     map[string]any{"lang": "zh-cn"},
		}
	}
	tests := []struct {
		rule string
		page func(*Page)
		cfg  func(*Config)
		want string
	}{
		{rule: ":year/:month/:day/:title/", want: "2025/08/05/k8s/pod/"},
		{rule: ":year/:i_month/:i_day/:name.html", want: "2025/8/5/pod.html"},
		{rule: ":hour/:minute/:second/", want: "09/07/03/"},
		{rule: "posts/:post_title/", want: "posts/k8s-深入学习-一-pod-篇/"},
		{rule: ":category/:name/", want: "Cloud/K8S/pod/"},
		{rule: ":category/:name/", page: func(p *Page) { p.Categories = nil }, want: "uncategorized/pod/"},
		{rule: ":category/:name/", page: func(p *Page) { p.Categories = [][]string{{"A"}, {"B", "C"}} }, want: "B/C/pod/"},
		{rule: ":category/:name/", cfg: func(c *Config) { c.CategoryMap = map[string]string{"Cloud": "yun"} }, want: "yun/K8S/pod/"},
		{rule: ":category/", cfg: func(c *Config) { c.FilenameCase = 1 }, want: "cloud/k8s/"},
		{rule: ":hash/", want: "3baf37f26b35/"},
		{rule: ":lang/:name/", want: "zh-cn/pod/"},
		{rule: ":year_:month/:name/", want: "2025_08/pod/"},
		{rule: ":nosuch/:name/", want: "pod/"},
		{rule: ":author/:name/", cfg: func(c *Config) { c.PermalinkDefaults = map[string]string{"author": "me"} }, want: "me/pod/"},
		{rule: ":year/:title/", page: func(p *Page) { p.Permalink = "/custom/path/" }, want: "custom/path/"},
		{rule: ":id/", page: func(p *Page) { p.Params["id"] = int64(42) }, want: "42/"},
	}
	for _, tt := range tests {
		c := DefaultConfig(".", false)
		c.Location = loc
		c.Permalink = tt.rule
		if tt.cfg != nil {
			tt.cfg(c)
		}
		p := base()
		if tt.page != nil {
			tt.page(p)
		}
		if got := c.PostPath(p); got != tt.want {
			t.Errorf("%s: PostPath = %q, want %q", tt.rule, got, tt.want)
		}
	}
}

func TestHashToken(t *testing.T) {
	// Hexo: sha1(slug + date.unix()).slice(0, 12); sha1("k8s/pod1754356023") = 3baf37f26b35….
	c := DefaultConfig(".", false)
	c.Permalink = ":hash"
	p := &Page{Slug: "k8s/pod", Date: time.Unix(1754356023, 0), Params: map[string]any{}}
	if got := c.PostPath(p); got != "3baf37f26b35" {
		t.Errorf("hash = %q", got)
	}
}

func TestPagePath(t *testing.T) {
	c := DefaultConfig(".", false)
	for _, tt := range []struct{ rel, permalink, want string }{
		{"about/index.md", "", "about/index.html"},
		{"about.md", "", "about.html"},
		{"about.md", "/me/", "me/"},
		{"about.md", "me", "me.html"},
		{"about.md", "me.htm", "me.htm"},
	} {
		if got := c.PagePath(&Page{Rel: tt.rel, Permalink: tt.permalink}); got != tt.want {
			t.Errorf("PagePath(%q, %q) = %q, want %q", tt.rel, tt.permalink, got, tt.want)
		}
	}
}

func TestParseRule(t *testing.T) {
	r := ParseRule(":year-:month_:title_:9:")
	got := r.Tokens()
	want := []string{"year", "month", "title", "9"}
	if len(got) != len(want) {
		t.Fatalf("Tokens = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("Tokens = %q, want %q", got, want)
		}
	}
	if s := r.Expand(map[string]string{"year": "Y", "month": "M", "title": "T", "9": "N"}); s != "Y-M_T_N:" {
		t.Errorf("Expand = %q", s)
	}
}

func TestParseFileName(t *testing.T) {
	for _, tt := range []struct {
		rule, rel string
		want      FileInfo
	}{
		{":title.md", "k8s/Pod Basics.md", FileInfo{"title": "k8s/Pod Basics"}},
		{":year-:month-:day-:title.md", "2025-08-15-pod.md", FileInfo{"year": "2025", "month": "08", "day": "15", "title": "pod"}},
		{":year-:month-:day-:title.md", "pod notes.md", FileInfo{"title": "pod-notes"}},
		{":year/:i_month/:title.md", "2025/8/x.md", FileInfo{"year": "2025", "i_month": "8", "title": "x"}},
		{":year-:month-:day.md", "2025-08-15.md", FileInfo{"year": "2025", "month": "08", "day": "15", "title": "2025-08-15"}},
	} {
		got := ParseFileName(tt.rule, tt.rel)
		if len(got) != len(tt.want) {
			t.Errorf("ParseFileName(%q, %q) = %q, want %q", tt.rule, tt.rel, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("ParseFileName(%q, %q) = %q, want %q", tt.rule, tt.rel, got, tt.want)
			}
		}
	}
}

func TestURLs(t *testing.T) {
	c := DefaultConfig(".", false)
	c.URL, c.Root = "https://blog.example.org/sub", "/sub/"
	for _, tt := range []struct{ in, url, abs string }{
		{"", "/sub/", "https://blog.example.org/sub/"},
		{"index.html", "/sub/", "https://blog.example.org/sub/"},
		{"2025/08/15/K8S 深入/index.html", "/sub/2025/08/15/K8S%20%E6%B7%B1%E5%85%A5/", "https://blog.example.org/sub/2025/08/15/K8S%20%E6%B7%B1%E5%85%A5/"},
		{"/tags/c%23/", "/sub/tags/c%23/", "https://blog.example.org/sub/tags/c%23/"},
		{"css/a.css", "/sub/css/a.css", "https://blog.example.org/sub/css/a.css"},
		{"https://k8s.io/x y", "https://k8s.io/x y", "https://k8s.io/x y"},
	} {
		if got := c.URLFor(tt.in); got != tt.url {
			t.Errorf("URLFor(%q) = %q, want %q", tt.in, got, tt.url)
		}
		if got := c.AbsURL(tt.in); got != tt.abs {
			t.Errorf("AbsURL(%q) = %q, want %q", tt.in, got, tt.abs)
		}
	}
	if got := OutputFile("a/b/"); got != "a/b/index.html" {
		t.Errorf("OutputFile = %q", got)
	}
	if got := OutputFile(""); got != "index.html" {
		t.Errorf("OutputFile = %q", got)
	}
}
