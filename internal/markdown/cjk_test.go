package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
	"golang.org/x/tools/txtar"
)

// TestEmphasisCommonMark runs the CommonMark spec's emphasis examples
// through goldmark with cjkEmphasisParser in place of goldmark's own: text
// without CJK characters must parse exactly as CommonMark says.
func TestEmphasisCommonMark(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/commonmark-emphasis.txtar")
	if err != nil {
		t.Fatal(err)
	}
	gm := goldmark.New(
		goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(cjkEmphasisParser{}, 499))),
		goldmark.WithRendererOptions(html.WithUnsafe(), html.WithXHTML()),
	)
	n := 0
	for i := 0; i+1 < len(ar.Files); i += 2 {
		md, want := ar.Files[i], ar.Files[i+1]
		var buf bytes.Buffer
		if err := gm.Convert(md.Data, &buf); err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(want.Data) {
			t.Errorf("example %s: %q\n got %q\nwant %q", strings.TrimSuffix(md.Name, ".md"), md.Data, buf.String(), want.Data)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d examples", n)
	}
}

func TestFlankingCJK(t *testing.T) {
	for _, c := range []struct {
		before, after rune
		left, right   bool
	}{
		{'a', 'b', true, true},
		{' ', 'b', true, false},
		{'a', ' ', false, true},
		{':', '后', true, true},  // **说明:**后面: closes
		{'。', '后', true, true},  // **加粗。**后面
		{'：', '请', true, true},  // **注意：**请
		{'前', '「', true, true},  // 前**「引用」**
		{'a', '(', false, true}, // a**(b: CommonMark, not left-flanking
		{')', 'a', true, false}, // )**a: CommonMark
	} {
		l, r := flanking(c.before, c.after)
		if l != c.left || r != c.right {
			t.Errorf("flanking(%q, %q) = %v, %v; want %v, %v", c.before, c.after, l, r, c.left, c.right)
		}
	}
}
