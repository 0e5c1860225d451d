// Package fix owns `docbuild check --fix`: it rewrites the stale shown outputs of a post with
// what the modelled release prints, and nothing else. Lines that already match keep the
// author's bytes (their ages, IPs, generated names); a fixed table row keeps the author's
// volatile cells and is aligned like kubectl aligns it; elisions and abridged errors stay as
// they are; commands, manifests and prose are never touched; CRLF line endings, the
// indentation of code blocks inside list items and the fence markers are kept. Files are
// written atomically (a temporary file in the same directory, renamed over the original).
//
// It imports verify, verify/extract, github.com/pmezard/go-difflib (for --fix=patch) and the
// standard library.
package fix

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/docbuild/docbuild/verify"
)

// Fixable reports the classes whose shown output --fix rewrites: the command does the same
// thing and prints something else. A behaviour change (success ↔ failure) or a rejected
// manifest needs the author: the prose around it is wrong too.
func Fixable(s verify.Status) bool {
	return s == verify.StaleOutput || s == verify.StaleError
}

// Apply returns the file's bytes with every fixable step's shown output replaced.
func Apply(r *verify.FileResult) ([]byte, int) {
	src := r.Src
	type edit struct {
		start, end int
		text       []byte
	}
	var edits []edit
	for _, s := range r.Steps {
		if !Fixable(s.Status) || s.Fixed == nil || len(s.ShownLines) == 0 {
			continue
		}
		first, last := s.ShownLines[0], s.ShownLines[len(s.ShownLines)-1]
		if first.End == 0 && first.Start == 0 {
			continue // lines without file positions
		}
		prefix := src[lineStart(src, first.Start):first.Start]
		if !onlySpace(prefix) {
			prefix = nil
		}
		eol := "\n"
		if first.CR {
			eol = "\r\n"
		}
		var b bytes.Buffer
		for i, l := range s.Fixed {
			if i > 0 {
				b.WriteString(eol)
				b.Write(prefix)
			}
			b.WriteString(l)
		}
		edits = append(edits, edit{first.Start, last.End, b.Bytes()})
	}
	if len(edits) == 0 {
		return src, 0
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), src...)
	prevStart := len(out) + 1
	n := 0
	for _, e := range edits {
		if e.end > prevStart || e.start > e.end || e.end > len(out) {
			continue // overlapping or out of range: leave it
		}
		out = append(out[:e.start], append(append([]byte(nil), e.text...), out[e.end:]...)...)
		prevStart = e.start
		n++
	}
	return out, n
}

func lineStart(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '>' {
			return false
		}
	}
	return true
}

// WriteFile fixes r's file in place, atomically. It reports how many outputs were rewritten.
func WriteFile(r *verify.FileResult) (int, error) {
	out, n := Apply(r)
	if n == 0 {
		return 0, nil
	}
	dir := filepath.Dir(r.Path)
	info, err := os.Stat(r.Path)
	if err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(r.Path)+".docbuild-*")
	if err != nil {
		return 0, err
	}
	name := tmp.Name()
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		os.Remove(name)
		return 0, err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		os.Remove(name)
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return 0, err
	}
	if err := os.Rename(name, r.Path); err != nil {
		os.Remove(name)
		return 0, err
	}
	return n, nil
}

// Patch returns a unified diff of the fix (empty when nothing changes).
func Patch(r *verify.FileResult) (string, error) {
	out, n := Apply(r)
	if n == 0 {
		return "", nil
	}
	d := difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(r.Src)),
		B:        difflib.SplitLines(string(out)),
		FromFile: "a/" + filepath.ToSlash(r.Path),
		ToFile:   "b/" + filepath.ToSlash(r.Path),
		Context:  3,
	}
	s, err := difflib.GetUnifiedDiffString(d)
	if err != nil {
		return "", fmt.Errorf("%s: %v", r.Path, err)
	}
	return s, nil
}
