// Package page owns everything docbuild knows about a site's source before any Markdown is
// rendered: the site configuration (docbuild.yaml or Hexo's _config.yml), the split of a post
// into front matter and body, the front-matter fields with Hexo's semantics (dates in the site
// time zone, category hierarchies, tags), slugs, URLs and permalinks. It imports only the
// standard library, golang.org/x/text (Unicode normalisation for slugs) and the YAML parser
// of sigs.k8s.io/yaml.
package page

import (
	"errors"
	"fmt"
	"sort"
)

// Error is an error located in a source file. It prints as "file:line: msg" (or "file: msg"
// when the line is unknown), the form editors and CI annotations understand.
type Error struct {
	File string
	Line int // 1-based; 0 when the error concerns the whole file
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errorf returns a located error.
func Errorf(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// SortErrors orders located errors by file, then line, then message, so that a build reports
// its errors in the same order whatever the scheduling of its goroutines. Errors that are not
// *Error sort after located ones, by text.
func SortErrors(errs []error) {
	sort.SliceStable(errs, func(i, j int) bool {
		var a, b *Error
		ai, bi := errors.As(errs[i], &a), errors.As(errs[j], &b)
		switch {
		case ai && bi:
			if a.File != b.File {
				return a.File < b.File
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Msg < b.Msg
		case ai != bi:
			return ai
		}
		return errs[i].Error() < errs[j].Error()
	})
}
