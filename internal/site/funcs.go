package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"path/filepath"
	"strings"
	"time"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/theme"
)

// Funcs returns the template functions of docbuild's layouts. They are pure; everything
// that depends on the site is a method of Site (URLFor, AbsURL, FormatDate, FormatTime,
// Moment, T).
func Funcs() template.FuncMap {
	return template.FuncMap{
		"iso": func(t time.Time) string { return t.Format(time.RFC3339) },
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err //nolint:gosec // json.Marshal escapes <, > and &
		},
		"join": strings.Join,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
	}
}

// LoadTheme parses the theme a site uses: its theme directory (theme_dir, or themes/<theme>
// when that directory exists) over the embedded theme.
func LoadTheme(cfg *page.Config) (*theme.Theme, error) {
	dir := ""
	if cfg.ThemeDir != "" {
		dir = filepath.Join(cfg.Dir, cfg.ThemeDir)
		if !isDir(dir) {
			if cfg.Hexo {
				// themes/next of a Hexo tree holds Nunjucks layouts docbuild cannot use;
				// a missing or foreign theme leaves the embedded one.
				dir = ""
			} else {
				return nil, fmt.Errorf("theme_dir %s: not a directory", dir)
			}
		}
	}
	return theme.New(dir, Funcs())
}

// URLFor returns the link to a path below the site's root.
func (s *Site) URLFor(p string) string { return s.Config.URLFor(p) }

// AbsURL returns the absolute address of a path below the site's root.
func (s *Site) AbsURL(p string) string { return s.Config.AbsURL(p) }

// FormatDate formats a time with the site's date_format.
func (s *Site) FormatDate(t time.Time) string { return s.Config.FormatDate(t) }

// FormatTime formats a time with the site's time_format.
func (s *Site) FormatTime(t time.Time) string { return s.Config.FormatTime(t) }

// Moment formats a time with a moment.js format string.
func (s *Site) Moment(t time.Time, format string) string {
	return page.FormatMoment(t.In(s.Config.Location), format)
}

// T returns the interface string key in the site's language, formatted with args when it
// holds verbs ("%d min"); the key itself when the theme has no such string.
func (s *Site) T(key string, args ...any) string {
	v, ok := s.Strings[key]
	if !ok {
		v = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(v, args...)
	}
	return v
}
