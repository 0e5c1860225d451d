package shortcodes

import (
	"slices"
	"testing"
)

// The expectations are what hexo-util 3.3.0 returns (node -e with
// require('hexo-util')).
func TestEncodeURL(t *testing.T) {
	for in, want := range map[string]string{
		"/a.png":                          "/a.png",
		"/图片/猫.png":                       "/%E5%9B%BE%E7%89%87/%E7%8C%AB.png",
		"/%E5%9B%BE.png":                  "/%E5%9B%BE.png",
		"/a b.png":                        "/a%20b.png",
		"/a%20b.png":                      "/a%20b.png",
		"https://hexo.io":                 "https://hexo.io/",
		"https://Example.com/a b?q=x y#h": "https://example.com/a%20b?q=x+y#h",
		"https://example.com/?a":          "https://example.com/?a=",
		"http://example.com:80/x":         "http://example.com/x",
		"https://example.com/中文?k=值":      "https://example.com/%E4%B8%AD%E6%96%87?k=%E5%80%BC",
		"mailto:a@b.c":                    "mailto:a@b.c",
		"data:image/png;base64,xx":        "data:image/png;base64,xx",
		"//cdn.example.com/a.png":         "//cdn.example.com/a.png",
		"/100%":                           "/100%25",
	} {
		if got := encodeURL(in); got != want {
			t.Errorf("encodeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// Hexo's url_for with root /blog/ gives the same (the root "/" rows too).
func TestURLFor(t *testing.T) {
	for _, tc := range []struct{ root, in, want string }{
		{"/", "/a.png", "/a.png"},
		{"/", "a.png", "/a.png"},
		{"/blog/", "/a.png", "/blog/a.png"},
		{"/blog/", "#top", "#top"},
		{"/blog/", "https://x.com/a", "https://x.com/a"},
		{"/blog/", "//x.com/a", "//x.com/a"},
		{"/blog/", "mailto:a@b.c", "mailto:a@b.c"},
		{"/", "", "/"},
	} {
		if got := urlFor(tc.root, tc.in); got != tc.want {
			t.Errorf("urlFor(%q, %q) = %q, want %q", tc.root, tc.in, got, tc.want)
		}
	}
}

func TestEscapeHTML(t *testing.T) {
	for in, want := range map[string]string{
		`<a href="x">'b'</a>`:       `&lt;a href&#x3D;&quot;x&quot;&gt;&#39;b&#39;&lt;&#x2F;a&gt;`,
		"a & b":                     "a &amp; b",
		"&amp; &#39; &#x2F; &copy;": "&amp; &#39; &#x2F; &copy;",
		"&#12345678;":               "&amp;#12345678;",
		"`x`":                       "&#96;x&#96;",
		"plain 中文":                  "plain 中文",
	} {
		if got := escapeHTML(in); got != want {
			t.Errorf("escapeHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

// trimBody is strip-indent plus one newline off each end (hexo
// lib/extend/tag.ts); the expectations are Hexo's but for the last two
// (a CRLF source, where Hexo would keep the \r, and nothing).
func TestTrimBody(t *testing.T) {
	for in, want := range map[string]string{
		"\n  x\n    y\n": "x\n  y", // hexo: {% dumpb %} above
		"\n\nx\n\n":      "\nx\n",
		"\tx\n\t\ty\n":   "x\n\ty",
		"  x\n\n  y\n":   "x\n\ny",
		"  x\n \n  y":    "x\n \ny",
		"x\r\n":          "x",
		"":               "",
	} {
		if got := string(trimBody([]byte(in))); got != want {
			t.Errorf("trimBody(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseMark(t *testing.T) {
	for in, want := range map[string][]int{
		"1,4-7,10": {1, 4, 5, 6, 7, 10},
		"3-1":      {1, 2, 3},
		"a,2":      {2},
		"1-x,5":    {5},
	} {
		if got := parseMark(in); !slices.Equal(got, want) {
			t.Errorf("parseMark(%q) = %v, want %v", in, got, want)
		}
	}
}
