package page

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai without the system's zone files
)

func shanghai(t *testing.T) *Config {
	t.Helper()
	c, err := ParseConfig("site", "site/_config.yml", []byte("timezone: Asia/Shanghai\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseCategories(t *testing.T) {
	cfg := DefaultConfig(".", false)
	tests := []struct {
		name string
		yaml string
		want [][]string
	}{
		{"plain list is one hierarchy", "categories:\n- A\n- B\n", [][]string{{"A", "B"}}},
		{"flow list is one hierarchy", "categories: [A, B]\n", [][]string{{"A", "B"}}},
		{"list of lists is several categories", "categories:\n- [A]\n- [B]\n", [][]string{{"A"}, {"B"}}},
		{"seed form", "categories: \n- [K8S]\n", [][]string{{"K8S"}}},
		{"mixed: scalars become hierarchies of one", "categories:\n- [A, B]\n- C\n", [][]string{{"A", "B"}, {"C"}}},
		{"single scalar", "categories: Notes\n", [][]string{{"Notes"}}},
		{"singular key", "category: Notes\n", [][]string{{"Notes"}}},
		{"categories wins over category", "category: X\ncategories: Y\n", [][]string{{"Y"}}},
		{"empty and null items dropped", "categories:\n- A\n- ''\n- ~\n- B\n", [][]string{{"A", "B"}}},
		{"empty list", "categories: []\n", nil},
		{"null", "categories:\n", nil},
		{"numbers are names", "categories: [2025, K8S]\n", [][]string{{"2025", "K8S"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("content/_posts/x.md", []byte("---\n"+tt.yaml+"---\nbody\n"), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Categories, tt.want) {
				t.Errorf("Categories = %q, want %q", p.Categories, tt.want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	sh := func(y int, m time.Month, d, h, mi, s int) time.Time {
		loc, _ := time.LoadLocation("Asia/Shanghai")
		return time.Date(y, m, d, h, mi, s, 0, loc)
	}
	tests := []struct {
		name, file, src string
		check           func(t *testing.T, p *Page)
	}{
		{"seed front matter", "content/_posts/pod.md",
			"---\ntitle: K8S 深入学习 (一) --- POD 篇\ndate: 2025-08-15 15:37:00\ncategories: \n- [K8S]\ntags: \n- K8S\n- pod\n---\n\n\n## 一、 Pod 概念\n",
			func(t *testing.T, p *Page) {
				if p.Title != "K8S 深入学习 (一) --- POD 篇" || p.TitleFromFile {
					t.Errorf("Title = %q", p.Title)
				}
				if !p.Date.Equal(sh(2025, 8, 15, 15, 37, 0)) || !p.HasDate {
					t.Errorf("Date = %v", p.Date)
				}
				if !reflect.DeepEqual(p.Tags, []string{"K8S", "pod"}) {
					t.Errorf("Tags = %q", p.Tags)
				}
				if p.BodyLine != 10 || !strings.HasPrefix(string(p.Body), "\n\n## 一") {
					t.Errorf("BodyLine = %d, Body = %.20q", p.BodyLine, p.Body)
				}
				if p.Kind != Post || p.Slug != "pod" || p.Rel != "_posts/pod.md" {
					t.Errorf("Kind, Slug, Rel = %v %q %q", p.Kind, p.Slug, p.Rel)
				}
			}},
		{"iso date with offset keeps its instant", "content/_posts/a.md", "---\ndate: 2025-08-15T07:37:00Z\n---\n",
			func(t *testing.T, p *Page) {
				if !p.Date.Equal(sh(2025, 8, 15, 15, 37, 0)) || p.Date.Location().String() != "Asia/Shanghai" {
					t.Errorf("Date = %v", p.Date)
				}
			}},
		{"date only is midnight in the site zone", "content/_posts/a.md", "---\ndate: 2025-08-15\nupdated: 2025/8/16 9:05\n---\n",
			func(t *testing.T, p *Page) {
				if !p.Date.Equal(sh(2025, 8, 15, 0, 0, 0)) {
					t.Errorf("Date = %v", p.Date)
				}
				if !p.Updated.Equal(sh(2025, 8, 16, 9, 5, 0)) || !p.HasUpdated {
					t.Errorf("Updated = %v", p.Updated)
				}
			}},
		{"missing title comes from the file name", "content/_posts/2025/pod-basics.md", "---\ndate: 2025-01-01\n---\n",
			func(t *testing.T, p *Page) {
				if p.Title != "pod basics" || !p.TitleFromFile || p.Slug != "2025/pod-basics" {
					t.Errorf("Title, Slug = %q %q", p.Title, p.Slug)
				}
			}},
		{"slug front matter is ignored", "content/_posts/real.md", "---\nslug: other\n---\n",
			func(t *testing.T, p *Page) {
				if p.Slug != "real" {
					t.Errorf("Slug = %q", p.Slug)
				}
			}},
		{"no date", "content/_posts/a.md", "---\ntitle: x\n---\n",
			func(t *testing.T, p *Page) {
				if p.HasDate {
					t.Errorf("HasDate with %v", p.Date)
				}
			}},
		{"json form", "content/_posts/a.md", ";;;\n\"title\": \"Hello\",\n\"tags\": [\"a\", \"b\"],\n\"date\": \"2013/7/13 20:46:25\"\n;;;\nbody",
			func(t *testing.T, p *Page) {
				if p.Title != "Hello" || !reflect.DeepEqual(p.Tags, []string{"a", "b"}) || !p.Date.Equal(sh(2013, 7, 13, 20, 46, 25)) {
					t.Errorf("Title, Tags, Date = %q %q %v", p.Title, p.Tags, p.Date)
				}
				if string(p.Body) != "body" || p.BodyLine != 6 {
					t.Errorf("Body = %q at %d", p.Body, p.BodyLine)
				}
			}},
		{"hexo form without prefix", "content/_posts/a.md", "title: Old style\ntags: x\n---\nbody",
			func(t *testing.T, p *Page) {
				if p.Title != "Old style" || string(p.Body) != "body" || p.BodyLine != 4 {
					t.Errorf("Title, Body = %q %q", p.Title, p.Body)
				}
			}},
		{"text before a rule is not front matter", "content/_posts/a.md", "Just a paragraph.\n---\nmore",
			func(t *testing.T, p *Page) {
				if string(p.Body) != "Just a paragraph.\n---\nmore" || p.BodyLine != 1 || !p.TitleFromFile {
					t.Errorf("Body = %q at %d", p.Body, p.BodyLine)
				}
			}},
		{"tab indentation is accepted like Hexo", "content/_posts/a.md", "---\ntags:\n\t- a\n\t- b\n---\n",
			func(t *testing.T, p *Page) {
				if !reflect.DeepEqual(p.Tags, []string{"a", "b"}) {
					t.Errorf("Tags = %q", p.Tags)
				}
			}},
		{"other fields", "content/_posts/a.md", "---\npermalink: /k8s/pod/\nexcerpt: short\ndescription: desc\nlayout: post\npublished: false\ncomments: false\nlang: zh-CN\ntoc: false\nsticky: 5\nextra: [1, 2]\n---\n",
			func(t *testing.T, p *Page) {
				if p.Permalink != "/k8s/pod/" || p.Excerpt != "short" || p.Description != "desc" || p.Layout != "post" ||
					p.Published || p.Comments || p.Lang != "zh-CN" || p.TOC || p.Sticky != 5 {
					t.Errorf("page = %+v", p)
				}
				if !reflect.DeepEqual(p.Params["extra"], []any{int64(1), int64(2)}) {
					t.Errorf("Params[extra] = %#v", p.Params["extra"])
				}
			}},
		{"docbuild check settings", "content/_posts/a.md", "---\ntitle: t\ndocbuild:\n  kubernetes: 1.30\n  node: debian\n  skip: true\n---\n",
			func(t *testing.T, p *Page) {
				want := Check{Kubernetes: "1.30", Node: "debian", Skip: true, Line: 3,
					Params: map[string]any{"kubernetes": 1.3, "node": "debian", "skip": true}}
				if !reflect.DeepEqual(p.Check, want) {
					t.Errorf("Check = %+v, want %+v", p.Check, want)
				}
			}},
		{"docbuild skip with a reason", "content/_posts/a.md", "---\ndocbuild: {skip: needs a real cluster}\n---\n",
			func(t *testing.T, p *Page) {
				if !p.Check.Skip || p.Check.SkipReason != "needs a real cluster" {
					t.Errorf("Check = %+v", p.Check)
				}
			}},
		{"draft", "content/_drafts/wip.md", "---\ntitle: wip\n---\n",
			func(t *testing.T, p *Page) {
				if p.Kind != Draft || p.Slug != "wip" {
					t.Errorf("Kind, Slug = %v %q", p.Kind, p.Slug)
				}
			}},
		{"standalone page", "source/about/index.md", "---\ntitle: About\n---\n",
			func(t *testing.T, p *Page) {
				if p.Kind != Standalone || p.Rel != "about/index.md" || p.Slug != "about/index" {
					t.Errorf("Kind, Rel, Slug = %v %q %q", p.Kind, p.Rel, p.Slug)
				}
			}},
		{"untitled standalone index page", "source/about/index.md", "",
			func(t *testing.T, p *Page) {
				if p.Title != "about" {
					t.Errorf("Title = %q", p.Title)
				}
			}},
	}
	cfg := shanghai(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.file, []byte(tt.src), cfg)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, p)
		})
	}
}

func TestParseFileNameRule(t *testing.T) {
	cfg := shanghai(t)
	c := *cfg
	c.NewPostName = ":year-:month-:day-:title.md"
	p, err := Parse("source/_posts/2025-08-15-pod.md", []byte("---\ntitle: t\n---\n"), &c)
	if err != nil {
		t.Fatal(err)
	}
	if p.Slug != "pod" || !p.HasDate || p.Date.Format(time.DateTime) != "2025-08-15 00:00:00" {
		t.Errorf("Slug, Date = %q %v", p.Slug, p.Date)
	}
	p, _ = Parse("source/_posts/Not Dated.md", []byte("---\ntitle: t\n---\n"), &c)
	if p.Slug != "Not-Dated" || p.HasDate {
		t.Errorf("unmatched name: Slug, HasDate = %q %v", p.Slug, p.HasDate)
	}
}

func TestParseErrors(t *testing.T) {
	cfg := DefaultConfig(".", false)
	tests := []struct {
		name, src string
		want      []string
	}{
		{"bad yaml", "---\ntitle: a\ntags: [a, b\ndate: 2020-01-01\n---\n", []string{"p.md:3: invalid YAML: did not find expected ',' or ']'"}},
		{"mapping value in title", "---\ntitle: a: b\n---\n", []string{"p.md:2: invalid YAML: mapping values are not allowed in this context"}},
		{"unreadable date", "---\ntitle: x\ndate: next tuesday\n---\n", []string{`p.md:3: date: cannot read "next tuesday" as a date`}},
		{"title is a list", "---\n\ntitle: [a]\n---\n", []string{"p.md:3: title: want a single value, found a list"}},
		{"several errors, in line order", "---\ntags: {a: 1}\ndate: soon\npublished: maybe\n---\n", []string{
			"p.md:2: tags: want a list, found a mapping",
			`p.md:3: date: cannot read "soon"`,
			`p.md:4: published: want true or false, found the value "maybe"`}},
		{"category mapping", "---\ncategories:\n- A\n- {b: c}\n---\n", []string{"p.md:4: categories: want category names, found a mapping"}},
		{"unclosed", "---\ntitle: x\n\nbody\n", []string{`p.md:1: front matter opened here is never closed`}},
		{"not a mapping", "---\n- a\n- b\n---\n", []string{"p.md:2: front matter must be a mapping"}},
		{"json", ";;;\n\"title\": \"a\",,\n;;;\n", []string{"p.md:2: invalid YAML"}},
		{"docbuild not a map", "---\ndocbuild: yes\n---\n", []string{"p.md:2: docbuild: want a mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.md", []byte(tt.src), cfg)
			if err == nil {
				t.Fatal("no error")
			}
			var got []string
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range j.Unwrap() {
					got = append(got, e.Error())
				}
			} else {
				got = []string{err.Error()}
				var pe *Error
				if !errors.As(err, &pe) {
					t.Errorf("%T is not a *page.Error", err)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("errors = %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("error %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestYAMLErrorLines(t *testing.T) {
	// Each case has its offending line marked with "#!" (the front matter starts at line 2).
	for _, src := range []string{
		"title: a\ntags: [a, b #!\ndate: 2020-01-01\n",
		"title: a\nb: c: d #!\n",
		"a: 1\nb:\n  - x\n - y #!\n",
		"a: 1\nb: {x #!\n",
		"a: 1\n@b: 2 #!\n",
	} {
		want := 0
		for i, l := range strings.Split(src, "\n") {
			if strings.HasSuffix(l, "#!") {
				want = i + 2
			}
		}
		_, err := Parse("p.md", []byte("---\n"+src+"---\n"), DefaultConfig(".", false))
		var pe *Error
		if !errors.As(err, &pe) || pe.Line != want {
			t.Errorf("%q: error %v, want line %d", src, err, want)
		}
	}
}

// FuzzParse checks that Parse never panics, that its errors are located in the file (a
// *Error whose line exists), and that the body it returns is the end of the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: a\ndate: 2025-08-15 15:37:00\ncategories:\n- [K8S]\ntags: [a]\n---\nbody",
		";;;\n\"title\": \"x\"\n;;;\n",
		"---\ndate: [\n---\n",
		"title: x\n---\n",
		"---\ndocbuild: {skip: why}\ntoc: {enable: false}\nsticky: true\n---\n",
		"---\ncategories:\n- A\n- {b: c}\n---\n",
	} {
		f.Add([]byte(s))
	}
	cfg := DefaultConfig(".", true)
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("content/_posts/f.md", src, cfg)
		if p == nil {
			t.Fatal("nil page")
		}
		lines := strings.Count(string(src), "\n") + 1
		var errs []error
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		} else if err != nil {
			errs = []error{err}
		}
		for _, e := range errs {
			pe, ok := e.(*Error)
			if !ok {
				t.Fatalf("%T %v is not a *Error", e, e)
			}
			if pe.File != "content/_posts/f.md" || pe.Line < 0 || pe.Line > lines {
				t.Fatalf("error %v outside the file (%d lines)", pe, lines)
			}
		}
		in := strings.TrimPrefix(string(src), "\ufeff")
		if !strings.HasSuffix(in, string(p.Body)) {
			t.Fatalf("body %q is not the end of the input", p.Body)
		}
	})
}
