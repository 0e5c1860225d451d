package shortcodes

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Node kinds of this package. A renderer of another package may register
// its own function for one of them.
var (
	KindBlock   = ast.NewNodeKind("ShortcodeBlock")
	KindInline  = ast.NewNodeKind("ShortcodeInline")
	KindSummary = ast.NewNodeKind("ShortcodeSummary")
	kindEnd     = ast.NewNodeKind("ShortcodeEnd")
)

// Block is a tag that stands as a block: a block tag such as
// `{% note info %}…{% endnote %}`, or a single tag such as
// `{% asset_img a.png %}` alone on its line (Hexo turns such a line into an
// HTML block, so it is not wrapped in a paragraph).
//
// The children of a tag with a Markdown body (note, blockquote, pullquote,
// centerquote, tabs) are ordinary Markdown nodes; a fenced code block in a
// note is an *ast.FencedCodeBlock. A note with a summary has a *Summary as
// its first child; tabs have one Block named "tab" per tab. A tag with a
// verbatim body (raw, codeblock, mermaid) has no children: its body is in
// Lines(), one segment per source line, as for a fenced code block.
type Block struct {
	ast.BaseBlock
	// Name is the canonical name of the tag: "note" for subnote,
	// "blockquote" for quote, "codeblock" for code, "img" for image…
	Name string
	// Tag is the name as written in the source.
	Tag string
	// Args are the arguments, split as Hexo splits them.
	Args []string
	// Line is the 1-based line of the opening tag in the parsed source.
	Line int
	// Post identifies the post being parsed (see WithPost), for the tags
	// that the Resolver resolves relative to it.
	Post string
	// Code is the code of a codeblock or include_code tag; nil for other
	// tags (and for an include_code whose file could not be read).
	Code *Code

	body  body
	ended bool // the end tag was found
	// nextLine is set when a verbatim body starts on the line after the
	// opening tag: Hexo's body then starts with that line's newline.
	nextLine bool
	tab      tabInfo
}

// Kind implements ast.Node.
func (b *Block) Kind() ast.NodeKind { return KindBlock }

// IsRaw implements ast.Node: the body of a verbatim tag is not Markdown.
func (b *Block) IsRaw() bool { return b.body == verbatimBody }

// hexoBody returns the verbatim body as Hexo hands it to a tag function,
// before its trimming: everything between the tags.
func (b *Block) hexoBody(source []byte) []byte {
	v := b.Lines().Value(source)
	if b.nextLine {
		v = append([]byte("\n"), v...)
	}
	return v
}

// Single reports whether b is a single tag (no body and no end tag).
func (b *Block) Single() bool { return b.body == noBody }

// Dump implements ast.Node.
func (b *Block) Dump(source []byte, level int) {
	ast.DumpHelper(b, source, level, dumpKV(b.Name, b.Tag, b.Args, b.Line), nil)
}

// Inline is a tag inside a paragraph (or heading, table cell…):
// `see {% post_link hello %}`. A block tag written inline,
// `{% raw %}{{ x }}{% endraw %}` or `{% label info@new %}`, is an Inline too;
// the children of an inline note are inline nodes.
type Inline struct {
	ast.BaseInline
	// Name, Tag, Args, Line, Post and Code are as in Block.
	Name string
	Tag  string
	Args []string
	Line int
	Post string
	Code *Code

	body    body
	role    role
	tag     text.Segment   // the tag itself, for the literal fallback
	content []text.Segment // the body of a verbatim tag
}

// role tells an opening or end tag of an inline block tag, waiting to be
// paired at the end of the paragraph, from a complete Inline.
type role uint8

const (
	complete role = iota
	opening
	closing
)

// Kind implements ast.Node.
func (n *Inline) Kind() ast.NodeKind { return KindInline }

// Dump implements ast.Node.
func (n *Inline) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, dumpKV(n.Name, n.Tag, n.Args, n.Line), nil)
}

// Text returns the body of an inline verbatim tag (raw, codeblock,
// mermaid) as written.
func (n *Inline) Text(source []byte) []byte {
	var b []byte
	for _, s := range n.content {
		b = append(b, s.Value(source)...)
	}
	return b
}

// Summary is the first child of a note with a summary,
// `{% note warning Click to open %}`: NexT renders the note as
// <details> and the summary, as Markdown, in its <summary>.
type Summary struct {
	ast.BaseBlock
	// quoted holds, for a summary with quoted arguments, the source
	// pieces of each argument; such a summary is text, not Markdown.
	quoted [][]text.Segment
}

// Kind implements ast.Node.
func (s *Summary) Kind() ast.NodeKind { return KindSummary }

// Dump implements ast.Node.
func (s *Summary) Dump(source []byte, level int) {
	ast.DumpHelper(s, source, level, nil, nil)
}

// endMarker stands for an end tag that closes a block tag from inside a
// nested container (see blockParser.Open); it removes itself when closed.
type endMarker struct {
	ast.BaseBlock
}

func (e *endMarker) Kind() ast.NodeKind { return kindEnd }

func (e *endMarker) Dump(source []byte, level int) {
	ast.DumpHelper(e, source, level, nil, nil)
}

// Code is the code of a codeblock or include_code tag, for a Highlighter.
type Code struct {
	// Lang is the language: lang:… of codeblock, lang:… or the file's
	// extension for include_code; empty when not given.
	Lang string
	// Text is the code: for codeblock the body with Hexo's trimming (the
	// common indentation and the first and last newline removed), for
	// include_code the selected lines of the file.
	Text []byte
	// Highlight is false for `highlight:false`: Hexo then prints the code
	// escaped in a bare <pre><code>.
	Highlight bool
	// Options are the other arguments.
	Options CodeOptions
}

// CodeOptions are the arguments of a codeblock or include_code tag other
// than the language, in Hexo's terms (hexo lib/plugins/tag/code.ts).
type CodeOptions struct {
	// Caption is the title shown above the code (plain text, not HTML).
	Caption string
	// URL and LinkText make the link after the caption: for codeblock the
	// URL argument and its link text ("link" when none is given), for
	// include_code the file's URL and "view raw".
	URL      string
	LinkText string
	// LineNumbers is line_number:true or line_number:false; nil when not
	// given (the site's default applies).
	LineNumbers *bool
	// FirstLine is the number of the first line (first_line:, default 1).
	FirstLine int
	// Mark lists the lines to highlight (mark:1,4-7), 1-based.
	Mark []int
	// Line is the 1-based line of the tag in the parsed source.
	Line int
}

func dumpKV(name, tag string, args []string, line int) map[string]string {
	kv := map[string]string{"Name": name, "Line": strconv.Itoa(line)}
	if tag != name {
		kv["Tag"] = tag
	}
	if len(args) > 0 {
		q := make([]string, len(args))
		for i, a := range args {
			q[i] = strconv.Quote(a)
		}
		kv["Args"] = strings.Join(q, " ")
	}
	return kv
}
