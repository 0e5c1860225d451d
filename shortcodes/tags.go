package shortcodes

import "strings"

// body says what lies between a block tag and its end tag.
type body uint8

const (
	// noBody: a single tag, `{% img /a.png %}`.
	noBody body = iota
	// markdownBody: Markdown, parsed into ordinary child nodes (note, blockquote…).
	markdownBody
	// verbatimBody: text kept byte for byte (raw, codeblock, mermaid).
	verbatimBody
)

// lookup maps a tag name as written (aliases included) to its canonical
// name and the kind of body it takes. Names and aliases are the ones Hexo
// registers in hexo lib/plugins/tag/index.ts, NexT in
// hexo-theme-next scripts/tags/index.js, and nunjucks' own raw/verbatim.
func lookup(name string) (canonical string, b body, ok bool) {
	switch name {
	// Hexo core, single tags.
	case "post_link", "post_path", "asset_link", "asset_path", "iframe", "include_code":
		return name, noBody, true
	case "asset_img", "asset_image":
		return "asset_img", noBody, true
	case "img", "image":
		return "img", noBody, true
	case "link", "a", "anchor":
		return "link", noBody, true
	case "youtube": // hexo-tag-embed lib/tags/youtube.ts (in Hexo core before v5)
		return name, noBody, true
	// Hexo core, block tags.
	case "blockquote", "quote":
		return "blockquote", markdownBody, true
	case "pullquote":
		return name, markdownBody, true
	case "codeblock", "code":
		return "codeblock", verbatimBody, true
	case "raw", "verbatim": // nunjucks built-ins
		return "raw", verbatimBody, true
	// NexT.
	case "note", "subnote":
		return "note", markdownBody, true
	case "tabs", "subtabs", "subsubtabs":
		return "tabs", markdownBody, true
	case "centerquote", "cq":
		return "centerquote", markdownBody, true
	case "mermaid":
		return name, verbatimBody, true
	case "label", "video":
		return name, noBody, true
	case "button", "btn":
		return "button", noBody, true
	}
	return "", noBody, false
}

// endOf returns the name a tag's end tag closes ("endnote" → "note"), if
// name is an end tag of a known block tag.
func endOf(name string) (string, bool) {
	open, ok := strings.CutPrefix(name, "end")
	if !ok {
		return "", false
	}
	if _, b, known := lookup(open); known && b != noBody {
		return open, true
	}
	return "", false
}
