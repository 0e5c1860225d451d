package page

import "testing"

func TestSlugize(t *testing.T) {
	// Expected values follow hexo-util's slugize.
	for _, tt := range []struct {
		in        string
		transform int
		want      string
	}{
		{"Hello World", 0, "Hello-World"},
		{"Hello World", 1, "hello-world"},
		{"Hello World", 2, "HELLO-WORLD"},
		{"  --foo__bar!!baz--  ", 0, "foo-bar-baz"},
		{"Café Crème", 0, "Cafe-Creme"},
		{"Ærøskøbing Straße", 0, "AEroskobing-Strase"},
		{"K8S 深入学习 (一) --- POD 篇", 0, "K8S-深入学习-一-POD-篇"},
		{"中文　全角空格", 0, "中文-全角空格"},
		{"Ｆｕｌｌ", 0, "Full"},
		{"한국어 글", 0, "한국어-글"},
		{"a/b.c", 0, "a-b-c"},
		{"tab\tand\u0001control", 0, "tabandcontrol"}, // control characters (tab included) go first
		{"C++ & C#", 1, "c-c"},
		{"", 0, ""},
	} {
		if got := Slugize(tt.in, tt.transform); got != tt.want {
			t.Errorf("Slugize(%q, %d) = %q, want %q", tt.in, tt.transform, got, tt.want)
		}
	}
}

func TestEncodeURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/a b/", "/a%20b/"},
		{"/中文/", "/%E4%B8%AD%E6%96%87/"},
		{"/%E4%B8%AD/", "/%E4%B8%AD/"},
		{"/c%23/%3F", "/c%23/%3F"},
		{"/%7Euser", "/~user"},
		{"/a?b=c&d#e", "/a?b=c&d#e"},
		{"/100%/", "/100%25/"},
		{"https://例子.com/路径", "https://例子.com/%E8%B7%AF%E5%BE%84"},
		{"data:image/png;base64,xx yy", "data:image/png;base64,xx yy"},
	} {
		if got := EncodeURL(tt.in); got != tt.want {
			t.Errorf("EncodeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
