package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/docbuild/docbuild/internal/page"
)

func newNewCmd() *cobra.Command {
	var (
		source, lang string
		draft        bool
	)
	cmd := &cobra.Command{
		Use:   `new [--lang LANG] [--draft] "Title"`,
		Short: "Create a post",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usage(errors.New(`new: want one argument, the title (quote it: docbuild new "My post")`))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := page.LoadConfig(source)
			if err != nil {
				return failed(err)
			}
			file, err := newPost(cfg, args[0], lang, draft, time.Now())
			if err != nil {
				return failed(err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), file)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&source, "source", ".", "site directory")
	f.StringVar(&lang, "lang", "", "language of the post (front matter lang:)")
	f.BoolVar(&draft, "draft", false, "create the post in _drafts/")
	return cmd
}

// newPost writes the scaffold of a post and returns its path. The file name follows
// new_post_name as Hexo's new_post_path filter does (tokens :title :year :month :i_month
// :day :i_day, the title slugized with filename_case); an existing file gets "-1", "-2"….
func newPost(cfg *page.Config, title, lang string, draft bool, now time.Time) (string, error) {
	now = now.In(cfg.Location)
	slug := page.Slugize(title, cfg.FilenameCase)
	if slug == "" {
		return "", fmt.Errorf("new: the title %q gives an empty file name", title)
	}
	dir := "_posts"
	name := slug
	if draft {
		dir = "_drafts"
	} else {
		name = page.ParseRule(cfg.NewPostName).Expand(map[string]string{
			"title": slug, "year": now.Format("2006"), "month": now.Format("01"), "i_month": strconv.Itoa(int(now.Month())),
			"day": now.Format("02"), "i_day": strconv.Itoa(now.Day()),
		})
	}
	if path.Ext(name) == "" {
		ext := path.Ext(cfg.NewPostName)
		if ext == "" {
			ext = ".md"
		}
		name += ext
	}
	target := filepath.Join(cfg.Dir, cfg.SourceDir, dir, filepath.FromSlash(name))
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(title))
	fmt.Fprintf(&b, "date: %s\n", now.Format("2006-01-02 15:04:05"))
	if lang != "" {
		fmt.Fprintf(&b, "lang: %s\n", yamlString(lang))
	}
	b.WriteString("categories:\ntags:\n---\n\n")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", err
	}
	ext := filepath.Ext(target)
	stem := strings.TrimSuffix(target, ext)
	for i := 0; ; i++ {
		try := target
		if i > 0 {
			try = stem + "-" + strconv.Itoa(i) + ext
		}
		f, err := os.OpenFile(try, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.WriteString(b.String()); err != nil {
			f.Close()
			return "", err
		}
		return try, f.Close()
	}
}

// yamlString quotes a value when YAML would not read it back as the same string.
func yamlString(s string) string {
	plain := s != "" && !strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`~ ") &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && strings.TrimSpace(s) == s
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		plain = false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		plain = false
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}
