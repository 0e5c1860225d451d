package page

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const hexoConfig = `# Hexo Configuration
title: 运维笔记
subtitle: ''
description: 'Kubernetes 学习'
keywords:
author: Li Lei
language: zh-CN
timezone: 'Asia/Shanghai'

url: https://blog.example.org
root: /
permalink: :year/:month/:day/:title/
permalink_defaults:
  lang: zh
pretty_urls:
  trailing_index: true

source_dir: source
public_dir: public
tag_dir: tags
archive_dir: archives
category_dir: categories
new_post_name: :title.md
default_layout: post
titlecase: false
filename_case: 1
render_drafts: false
post_asset_folder: true
future: true
default_category: uncategorized
category_map:
  云原生: cloud-native
tag_map:
  容器: container

date_format: YYYY-MM-DD
time_format: HH:mm:ss
updated_option: 'mtime'
per_page: 8
pagination_dir: page
include:
  - _redirects
exclude:
  - "**/*.psd"
  - "{drafts,tmp}/**"
theme: next
marked:
  gfm: true
  breaks: false
  smartypants: false
  modifyAnchors: 1
highlight:
  line_number: true
menu:
  home: / || fa fa-home
  archives: /archives/ || fa fa-archive
`

func TestParseConfigHexo(t *testing.T) {
	c, err := ParseConfig("blog", "blog/_config.yml", []byte(hexoConfig), true)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("Title", c.Title, "运维笔记")
	check("Description", c.Description, "Kubernetes 学习")
	check("Author", c.Author, "Li Lei")
	check("Language", c.Language, "zh-CN")
	check("Location", c.Location.String(), "Asia/Shanghai")
	check("URL", c.URL, "https://blog.example.org")
	check("Root", c.Root, "/")
	check("PermalinkDefaults", c.PermalinkDefaults, map[string]string{"lang": "zh"})
	check("SourceDir", c.SourceDir, "source")
	check("ThemeDir", c.ThemeDir, "themes/next")
	check("FilenameCase", c.FilenameCase, 1)
	check("Future", c.Future, true)
	check("CategoryMap", c.CategoryMap, map[string]string{"云原生": "cloud-native"})
	check("TagMap", c.TagMap, map[string]string{"容器": "container"})
	check("UpdatedOption", c.UpdatedOption, "mtime")
	check("PerPage", c.PerPage, 8)
	check("Breaks", c.Breaks, false)
	check("Smartypants", c.Smartypants, false)
	check("ModifyAnchors", c.ModifyAnchors, 1)
	check("LineNumbers", c.LineNumbers, true)
	check("Hexo", c.Hexo, true)
	check("Menu", c.Menu, []MenuItem{{"home", "/"}, {"archives", "/archives/"}})
	check("Params[pretty_urls]", c.Params["pretty_urls"], map[string]any{"trailing_index": true})
	check("CategorySlugs", c.CategorySlugs([]string{"云原生", "K8S"}), []string{"cloud-native", "cloud-native/k8s"})
	check("TagSlug", c.TagSlug("容器"), "container")
	for rel, want := range map[string]bool{
		"images/a.png":      false,
		"images/a.psd":      true,
		"deep/x/y.psd":      true,
		"tmp/x.md":          true,
		"drafts/a/b":        true,
		"_redirects":        false,
		"_private/x.md":     true,
		".git/config":       true,
		"about/index.md":    false,
		"about/index.md~":   true,
		"about/.index.swp":  true,
		"about/#index.md#":  false,
		"about/index.md.4%": true,
	} {
		if got := c.Excluded(rel); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	hexo, err := ParseConfig(".", "_config.yml", []byte("title: x\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	native, err := ParseConfig(".", "docbuild.yaml", []byte("title: x\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name         string
		hexo, nat    any
		wantH, wantN any
	}{
		{"Breaks", hexo.Breaks, native.Breaks, true, false},
		{"Smartypants", hexo.Smartypants, native.Smartypants, true, false},
		{"LineNumbers", hexo.LineNumbers, native.LineNumbers, false, false},
		{"SourceDir", hexo.SourceDir, native.SourceDir, "source", "content"},
		{"Future", hexo.Future, native.Future, true, false},
		{"Permalink", hexo.Permalink, native.Permalink, ":year/:month/:day/:title/", ":year/:month/:day/:title/"},
		{"PerPage", hexo.PerPage, native.PerPage, 10, 10},
		{"Location", hexo.Location.String(), native.Location.String(), "UTC", "UTC"},
		{"ThemeDir", hexo.ThemeDir, native.ThemeDir, "", ""},
	} {
		if tt.hexo != tt.wantH || tt.nat != tt.wantN {
			t.Errorf("%s: hexo %v native %v, want %v %v", tt.name, tt.hexo, tt.nat, tt.wantH, tt.wantN)
		}
	}
	c, err := ParseConfig(".", "docbuild.yaml", []byte("root: blog\nurl: https://x.org/blog/\nmarked:\n  breaks: true\ntheme_dir: mytheme\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Root != "/blog/" || c.URL != "https://x.org/blog" || !c.Breaks || c.ThemeDir != "mytheme" {
		t.Errorf("Root, URL, Breaks, ThemeDir = %q %q %v %q", c.Root, c.URL, c.Breaks, c.ThemeDir)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"title: a\nper_page: ten\n", "docbuild.yaml:2: per_page: want a whole number"},
		{"timezone: Mars/Olympus\n", `docbuild.yaml:1: timezone: unknown time zone "Mars/Olympus"`},
		{"title: [a\n", "docbuild.yaml:1: invalid YAML"},
		{"\n\nfuture: maybe\n", "docbuild.yaml:3: future: want true or false"},
		{"category_map: [a]\n", "docbuild.yaml:1: category_map: want a mapping"},
		{"updated_option: never\n", "docbuild.yaml:1: updated_option: want date, mtime or empty"},
		{"- a\n", "docbuild.yaml:1: front matter must be a mapping"},
		{"exclude: ['[a']\n", "docbuild.yaml: exclude: unclosed ["},
	} {
		_, err := ParseConfig(".", "docbuild.yaml", []byte(tt.src), false)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadConfig(dir); err == nil {
		t.Error("empty directory: no error")
	}
	write("source/_posts/a.md", "x")
	c, err := LoadConfig(dir)
	if err != nil || !c.Hexo || c.File != "" {
		t.Errorf("bare Hexo tree: %+v, %v", c, err)
	}
	write("_config.yml", "title: hexo\n")
	if c, err = LoadConfig(dir); err != nil || c.Title != "hexo" || !c.Hexo {
		t.Errorf("_config.yml: %v, %v", c, err)
	}
	write("docbuild.yaml", "title: native\n")
	if c, err = LoadConfig(dir); err != nil || c.Title != "native" || c.Hexo || c.File != filepath.Join(dir, "docbuild.yaml") {
		t.Errorf("docbuild.yaml wins: %v, %v", c, err)
	}
}
