package shortcodes

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// inlineParser reads the tags inside paragraphs, headings and table cells.
// A single tag becomes a complete Inline. A tag with a verbatim body (raw,
// codeblock, mermaid) takes everything up to its end tag, across lines of
// the paragraph. The opening and end tags of a tag with a Markdown body
// (an inline note) become markers that CloseBlock pairs once the
// paragraph is parsed, moving what lies between them into the tag.
// An unknown tag is reported and stays as text.
type inlineParser struct {
	x *extender
}

func (p *inlineParser) Trigger() []byte { return []byte{'{'} }

func (p *inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[1] != '%' {
		return nil
	}
	t, ok := scanTag(line, 0)
	if !ok {
		return nil
	}
	source := block.Source()
	base := seg.Start - seg.Padding
	tag := text.NewSegment(base+t.start, base+t.end)
	ln := lineOf(pc, source, base)
	block.Advance(t.end)
	if open, ok := endOf(t.name); ok {
		pc.Set(markersKey, true)
		name, _, _ := lookup(open)
		return &Inline{Name: name, Tag: open, Line: ln, role: closing, tag: tag}
	}
	name, kind, known := lookup(t.name)
	if !known {
		if !p.x.opts.AllowUnknown {
			addError(pc, ln, "unknown tag {%% %s %%}", t.name)
		}
		return ast.NewTextSegment(tag)
	}
	n := &Inline{Name: name, Tag: t.name, Args: argTexts(t.args), Line: ln, body: kind, tag: tag}
	switch kind {
	case noBody:
		n.Post, n.Code = p.x.prepare(pc, n.Name, n.Args, n.Line)
	case markdownBody:
		n.role = opening
		pc.Set(markersKey, true)
	case verbatimBody:
		if !readVerbatim(n, block) {
			addError(pc, ln, "{%% %s %%} is not closed: missing {%% end%s %%} in the same paragraph", n.Tag, n.Tag)
			return ast.NewTextSegment(tag)
		}
		if n.Name == "codeblock" {
			n.Code = codeblock(n.Args, trimBody(n.Text(source)), n.Line)
		}
	}
	return n
}

// readVerbatim moves block past the end tag of n, keeping what lies
// before it as n's content, or leaves block alone when there is none.
func readVerbatim(n *Inline, block text.Reader) bool {
	l, pos := block.Position()
	for {
		line, seg := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			n.content = nil
			return false
		}
		if e, ok := findEnd(line, 0, n.Tag, false); ok {
			if e.start > 0 {
				n.content = append(n.content, text.NewSegment(seg.Start, seg.Start-seg.Padding+e.start))
			}
			block.Advance(e.end)
			return true
		}
		n.content = append(n.content, seg)
		block.AdvanceLine()
	}
}

// CloseBlock implements parser.CloseBlocker: it pairs inline opening and
// end tags and takes Hexo's
// {% raw %} markers out of code spans.
func (p *inlineParser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	source := block.Source()
	if v, _ := pc.Get(markersKey).(bool); v {
		pc.Set(markersKey, false)
		pairTags(parent, pc)
	}
	lines := parent.Lines()
	for i := range lines.Len() {
		s := lines.At(i)
		if bytes.Contains(source[s.Start:s.Stop], []byte("{%")) {
			stripRawInCode(parent, source)
			break
		}
	}
}

// pairTags moves the nodes between an inline opening tag and its end tag
// into the opening tag, in parent and, separately, in each inline
// container (emphasis, link) below it. Tags left unpaired are errors and
// become text again.
func pairTags(parent ast.Node, pc parser.Context) {
	var open []*Inline
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		in, ok := c.(*Inline)
		switch {
		case ok && in.role == opening:
			open = append(open, in)
		case ok && in.role == closing:
			k := len(open) - 1
			for k >= 0 && open[k].Tag != in.Tag {
				k--
			}
			if k < 0 {
				strayEnd(pc, parent, in)
				toText(in)
				break
			}
			for _, o := range open[k+1:] {
				unclosedInline(pc, o)
				toText(o)
			}
			o := open[k]
			for n := o.NextSibling(); n != in; {
				nn := n.NextSibling()
				o.AppendChild(o, n)
				n = nn
			}
			parent.RemoveChild(parent, in)
			o.role = complete
			open = open[:k]
		case c.HasChildren():
			pairTags(c, pc)
		}
		c = next
	}
	for _, o := range open {
		unclosedInline(pc, o)
		toText(o)
	}
}

func unclosedInline(pc parser.Context, o *Inline) {
	addError(pc, o.Line, "{%% %s %%} is not closed: missing {%% end%s %%} in the same paragraph", o.Tag, o.Tag)
}

// strayEnd reports an end tag without its opening tag, with a hint when a
// block of that name is open around the paragraph: the end tag did not
// close it because it does not stand alone on its line.
func strayEnd(pc parser.Context, parent ast.Node, in *Inline) {
	for a := parent.Parent(); a != nil; a = a.Parent() {
		if b, ok := a.(*Block); ok && b.Tag == in.Tag && !b.ended {
			addError(pc, in.Line, "{%% end%s %%} must stand alone on its line to close the {%% %s %%} of line %d", in.Tag, in.Tag, b.Line)
			return
		}
	}
	addError(pc, in.Line, "{%% end%s %%} without {%% %s %%}", in.Tag, in.Tag)
}

// toText replaces a tag by its source text.
func toText(in *Inline) {
	t := ast.NewTextSegment(in.tag)
	if parent := in.Parent(); parent != nil {
		parent.ReplaceChild(parent, in, t)
	}
}

// rRawMarker is the pattern of hexo lib/hexo/post.ts for the raw tags it
// looks for inside inline code.
var rRawMarker = regexp.MustCompile(`\{% *(end)?raw *%\}`)

// stripRawInCode takes `{% raw %}` and `{% endraw %}` out of the code
// spans under parent. Hexo lets raw through in inline code (hexo
// lib/hexo/post.ts escapeAllSwigTags) so that `{% raw %}{{ x }}{% endraw %}`
// shows {{ x }}; posts written for Hexo rely on it.
func stripRawInCode(parent ast.Node, source []byte) {
	var spans []*ast.CodeSpan
	_ = ast.Walk(parent, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*ast.CodeSpan); ok && entering {
			spans = append(spans, c)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, span := range spans {
		type marker struct {
			text       *ast.Text
			start, end int // offsets in source
			isEnd      bool
		}
		var markers []marker
		for c := span.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*ast.Text)
			if !ok {
				continue
			}
			v := source[t.Segment.Start:t.Segment.Stop]
			for _, m := range rRawMarker.FindAllSubmatchIndex(v, -1) {
				markers = append(markers, marker{t, t.Segment.Start + m[0], t.Segment.Start + m[1], m[2] >= 0})
			}
		}
		// Keep the pairs: a raw followed by an endraw.
		cut := map[*ast.Text][]marker{}
		for i := 0; i+1 < len(markers); i++ {
			if !markers[i].isEnd && markers[i+1].isEnd {
				cut[markers[i].text] = append(cut[markers[i].text], markers[i])
				cut[markers[i+1].text] = append(cut[markers[i+1].text], markers[i+1])
				i++
			}
		}
		for t, ms := range cut {
			at := t.Segment.Start
			var last ast.Node = t
			for _, m := range ms {
				if m.start > at {
					n := ast.NewTextSegment(text.NewSegment(at, m.start))
					span.InsertBefore(span, t, n)
					last = n
				}
				at = m.end
			}
			if at < t.Segment.Stop {
				t.Segment = text.NewSegment(at, t.Segment.Stop)
			} else {
				if n, ok := last.(*ast.Text); ok && n != t {
					n.SetSoftLineBreak(t.SoftLineBreak())
				}
				span.RemoveChild(span, t)
			}
		}
	}
}
