package shortcodes

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// blockParser opens a Block for a line that starts with a known tag:
//
//   - a single tag alone on its line;
//   - a block tag with a Markdown body: the following lines are parsed as
//     its children until its end tag alone on a line; text after the
//     opening tag on its line is the first child; the whole block on one
//     line, `{% note %}text{% endnote %}`, works too;
//   - a block tag with a verbatim body: lines are kept until the end tag,
//     which may follow text on its line (Hexo ends such a body at the end
//     tag wherever it is); text after the end tag starts a new block.
//
// Other lines starting with `{%` are left to the paragraph and the inline
// parser, which reports unknown tags.
type blockParser struct {
	x *extender
}

func (p *blockParser) Trigger() []byte { return []byte{'{'} }

func (p *blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos+1 >= len(line) || line[pos] != '{' || line[pos+1] != '%' {
		return nil, parser.NoChildren
	}
	t, ok := scanTag(line, pos)
	if !ok {
		return nil, parser.NoChildren
	}
	source := reader.Source()
	base := seg.Start - seg.Padding // offset in source of line[0]
	rest := line[t.end:]
	if open, ok := endOf(t.name); ok {
		// An end tag that Continue did not see: its block is open inside a
		// container (a list item, a block quote) that this line ends, or
		// the tag is indented like that container's content. It closes the
		// innermost open block of that name, as Hexo, which reads tags
		// before Markdown, would.
		if !isBlankBytes(rest) {
			return nil, parser.NoChildren
		}
		opened := pc.OpenedBlocks()
		for i := len(opened) - 1; i >= 0; i-- {
			if b, ok := opened[i].Node.(*Block); ok && b.Tag == open && b.body == markdownBody && !b.ended {
				b.ended = true
				reader.AdvanceToEOL()
				return &endMarker{}, parser.NoChildren
			}
		}
		return nil, parser.NoChildren
	}
	name, kind, known := lookup(t.name)
	if !known {
		return nil, parser.NoChildren
	}
	b := &Block{Name: name, Tag: t.name, Args: argTexts(t.args), Line: lineOf(pc, source, base+pos), body: kind}
	switch kind {
	case noBody:
		if !isBlankBytes(rest) {
			return nil, parser.NoChildren
		}
		b.Post, b.Code = p.x.prepare(pc, b.Name, b.Args, b.Line)
		reader.AdvanceToEOL()
		return b, parser.NoChildren
	case verbatimBody:
		if e, ok := findEnd(line, t.end, t.name, false); ok {
			if !isBlankBytes(line[e.end:]) {
				return nil, parser.NoChildren // inline, followed by text
			}
			if !isBlankBytes(line[t.end:e.start]) {
				b.Lines().Append(text.NewSegment(base+t.end, base+e.start))
			}
			b.ended = true
			p.finish(b, source)
		} else if !isBlankBytes(rest) {
			s := text.NewSegment(base+t.end, seg.Stop)
			s.ForceNewline = true
			b.Lines().Append(s)
		} else {
			b.nextLine = true
		}
		reader.AdvanceToEOL()
		return b, parser.NoChildren
	}
	if b.Name == "note" {
		addSummary(b, line, base, t.args)
	}
	if e, ok := findEnd(line, t.end, t.name, true); ok && isBlankBytes(line[e.end:]) {
		// The whole block on one line: its text is one paragraph.
		s := text.NewSegment(base+t.end, base+e.start)
		s = s.TrimLeftSpace(source)
		s = s.TrimRightSpace(source)
		if !s.IsEmpty() {
			para := ast.NewParagraph()
			para.Lines().Append(s)
			b.AppendChild(b, para)
		}
		b.ended = true
		reader.AdvanceToEOL()
		return b, parser.NoChildren
	}
	reader.Advance(t.end)
	return b, parser.HasChildren
}

func (p *blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	b, ok := node.(*Block)
	if !ok || b.ended || b.body == noBody {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if b.body == verbatimBody {
		base := seg.Start - seg.Padding
		if e, ok := findEnd(line, 0, b.Tag, false); ok {
			if !isBlankBytes(line[:e.start]) {
				b.Lines().Append(text.NewSegmentPadding(seg.Start, base+e.start, seg.Padding))
			}
			b.ended = true
			p.finish(b, reader.Source())
			reader.Advance(e.end)
			return parser.Close
		}
		s := seg
		s.ForceNewline = true
		b.Lines().Append(s)
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w < 4 && pos+1 < len(line) && line[pos] == '{' && line[pos+1] == '%' {
		if t, ok := scanTag(line, pos); ok && t.name == "end"+b.Tag && isBlankBytes(line[t.end:]) && !innerOwnsLine(pc, b) {
			b.ended = true
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

// innerOwnsLine reports whether a block open inside b takes the line
// before b could see its end tag: a fenced code block or a verbatim tag
// (whose text is literal), or a nested block tag of the same name (which
// the end tag closes first).
func innerOwnsLine(pc parser.Context, b *Block) bool {
	inside := false
	for _, o := range pc.OpenedBlocks() {
		if o.Node == b {
			inside = true
			continue
		}
		if !inside {
			continue
		}
		switch n := o.Node.(type) {
		case *ast.FencedCodeBlock:
			return true
		case *Block:
			if !n.ended && (n.body == verbatimBody || n.body == markdownBody && n.Tag == b.Tag) {
				return true
			}
		}
	}
	return false
}

func (p *blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	switch n := node.(type) {
	case *endMarker:
		if parent := n.Parent(); parent != nil {
			parent.RemoveChild(parent, n)
		}
	case *Block:
		if n.body != noBody && !n.ended {
			if line, _ := reader.PeekLine(); line == nil {
				addError(pc, n.Line, "{%% %s %%} is not closed: missing {%% end%s %%}", n.Tag, n.Tag)
			} else {
				addError(pc, n.Line, "{%% %s %%} is not closed: its container (list item, block quote or tag) ends before {%% end%s %%}", n.Tag, n.Tag)
			}
			p.finish(n, reader.Source())
		}
		if n.Name == "tabs" {
			groupTabs(n, reader.Source(), pc)
		}
	}
}

// finish computes the Code of a codeblock once its body is complete.
func (p *blockParser) finish(b *Block, source []byte) {
	if b.Name == "codeblock" && b.Code == nil {
		b.Code = codeblock(b.Args, trimBody(b.hexoBody(source)), b.Line)
	}
}

func (p *blockParser) CanInterruptParagraph() bool { return true }

func (p *blockParser) CanAcceptIndentedLine() bool { return false }

// findEnd finds in line[from:] the end tag of the tag written name (as
// written: subnote ends with endsubnote): the first one, or the last one
// when last is set.
func findEnd(line []byte, from int, name string, last bool) (tagToken, bool) {
	var found tagToken
	ok := false
	for from < len(line) {
		i := bytes.Index(line[from:], []byte("{%"))
		if i < 0 {
			break
		}
		t, is := scanTag(line, from+i)
		if !is {
			from += i + 2
			continue
		}
		if t.name == "end"+name {
			if !last {
				return t, true
			}
			found, ok = t, true
		}
		from = t.end
	}
	return found, ok
}

func argTexts(args []arg) []string {
	if len(args) == 0 {
		return nil
	}
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = a.text
	}
	return s
}

// noteClasses splits the arguments of a note as hexo-theme-next
// scripts/tags/note.js does: at most two leading keywords are classes,
// the rest is the summary.
func noteClasses(args []string) (classes, summary []string) {
	for len(classes) < 2 && len(args) > 0 {
		switch args[0] {
		case "default", "primary", "info", "success", "warning", "danger", "no-icon":
			classes, args = append(classes, args[0]), args[1:]
			continue
		}
		break
	}
	return classes, args
}

// addSummary gives a note with a summary its Summary child, whose lines
// are the summary's place in the source, so that it is parsed as Markdown.
func addSummary(b *Block, line []byte, base int, args []arg) {
	classes, rest := noteClasses(b.Args)
	if len(rest) == 0 {
		return
	}
	args = args[len(classes):]
	s := &Summary{}
	first, last := args[0].pieces[0], args[len(args)-1].pieces[len(args[len(args)-1].pieces)-1]
	raw := line[first.start:last.end]
	if strings.Join(strings.Fields(string(raw)), " ") == strings.Join(rest, " ") {
		// Plain words: the summary is that part of the line.
		s.Lines().Append(text.NewSegment(base+first.start, base+last.end))
	} else {
		// Quotes or escapes: the pieces of each argument, kept as text.
		// They are not parsed as Markdown: goldmark's inline parser reads
		// segments as lines and needs each to end with a newline.
		for _, a := range args {
			var arg []text.Segment
			for _, pc := range a.pieces {
				arg = append(arg, text.NewSegment(base+pc.start, base+pc.end))
			}
			s.quoted = append(s.quoted, arg)
		}
	}
	b.AppendChild(b, s)
}
