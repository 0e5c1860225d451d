// Package shortcodes owns Hexo's and NexT's tag plugins ({% note %},
// {% codeblock %}, {% post_link %}…) as a goldmark extension; it imports
// goldmark only.
//
// # Parsing
//
// New returns a goldmark.Extender that adds a block parser, an inline
// parser and an HTML renderer. Tags are parsed as Markdown-level nodes, not
// substituted into the text or the HTML:
//
//   - A block tag, {% name args %}…{% endname %}, becomes a *Block. The
//     body of note, blockquote, pullquote, centerquote and tabs is parsed
//     as Markdown into ordinary child nodes, so a fenced code block inside
//     a note is an *ast.FencedCodeBlock with its source segments, found by
//     walking the tree. The body of raw, codeblock and mermaid is kept
//     verbatim in the Block's Lines(). The end tag of a Markdown body must
//     stand alone on its line (as a closing code fence does); a whole block
//     on one line, {% note %}text{% endnote %}, works too.
//   - A single tag alone on its line becomes a *Block without children: Hexo
//     makes such a line an HTML block, not a paragraph.
//   - Any tag inside a paragraph, heading or table cell becomes an *Inline.
//
// Block.Line and Inline.Line are the 1-based line of the tag in the parsed
// source. Tags inside code spans, fenced and indented code and HTML stay
// literal; so does {{ … }}, which Hexo 8 fails on (Helm templates in
// prose render as written), and {# … #}, which Hexo drops.
//
// Arguments are split as Hexo splits them (see SplitArgs), except where
// Hexo mangles the text: a quote without its closing quote, r/…/ and }}
// are ordinary characters, and an apostrophe in a note's summary does not
// break the tag.
//
// # Errors
//
// An unknown tag, a block tag without its end tag and an end tag without
// its block tag are collected in the parser context with the line of the
// (opening) tag; Errors returns them. The rest of the document is parsed
// normally: an unknown tag is text, an unclosed block runs to the end of
// its container. Options.AllowUnknown lets unknown tags through as text
// without an error, for sites with their own Hexo plugins.
//
// # Links and assets
//
// post_link, post_path, asset_img, asset_link and asset_path are resolved
// when rendering, through Options.Resolver. Assets are relative to the
// post being rendered: the caller names it in the parser context with
// WithPost before parsing, the nodes keep it (Block.Post, Inline.Post), and
// the renderer passes it to Resolver.Asset. A missing target renders as
// Hexo renders it (nothing; the link text for post_link, where Hexo stops
// the build) and Missing lists them all with their lines.
//
// # Code
//
// codeblock and include_code (read from Options.Code when parsing) carry a
// *Code: the language, the text and Hexo's options (caption, URL, link
// text, line numbers, first line, marked lines). The renderer hands it to
// Options.Highlighter, an interface the markdown package implements with
// the same chroma renderer and cache as fenced code, so both look alike and
// the check command can find the code in the tree. Without a Highlighter
// the code is printed escaped inside Hexo's <figure class="highlight">.
//
// # Output
//
// The HTML is what Hexo 8 and NexT 8 print, ported from the functions
// named in the comments (hexo lib/plugins/tag/*.ts, hexo-theme-next
// scripts/tags/*.js), so NexT's stylesheets apply: note is
// <div class="note info"><p>…</p>\n</div>, or with a summary
// <details class="note warning no-icon"><summary><p>…</p>\n</summary>\n…\n</details>.
package shortcodes
