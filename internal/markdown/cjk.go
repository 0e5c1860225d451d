package markdown

import (
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// cjkEmphasisParser replaces goldmark's emphasis parser (parser/emphasis.go)
// with the CJK-friendly amendment of CommonMark's flanking rules
// (github.com/tats-u/markdown-cjk-friendly, specification.md, §6.2):
//
//	left-flanking:  not followed by whitespace, and either not followed by a
//	                non-CJK punctuation character, or preceded by whitespace,
//	                a non-CJK punctuation character, a CJK character or an
//	                ideographic variation selector;
//	right-flanking: not preceded by whitespace, and either not preceded by a
//	                non-CJK punctuation character, or followed by whitespace,
//	                a non-CJK punctuation character or a CJK character.
//
// So "**说明：**后面" and "**加粗。**后面" are bold, as their authors meant,
// where CommonMark (and marked, so Hexo) print the asterisks. Text without
// CJK characters parses exactly as in CommonMark. Variation-selector
// sequences are not looked through (the spec's "sequence" cases).
type cjkEmphasisParser struct{}

func (cjkEmphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (cjkEmphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	c := line[0]
	n := 1
	for n < len(line) && line[n] == c {
		n++
	}
	after := rune(' ')
	if n < len(line) {
		after = util.ToRune(line, n)
	}
	left, right := flanking(before, after)
	canOpen, canClose := left, right
	if c == '_' {
		canOpen = left && (!right || util.IsPunctRune(before))
		canClose = right && (!left || util.IsPunctRune(after))
	}
	d := parser.NewDelimiter(canOpen, canClose, n, c, emphasisDelimiters{})
	d.Segment = segment.WithStop(segment.Start + n)
	block.Advance(n)
	pc.PushDelimiter(d)
	return d
}

// flanking applies the amended definitions to a delimiter run between
// before and after (line ends count as whitespace: goldmark passes '\n'
// and this parser ' ').
func flanking(before, after rune) (left, right bool) {
	bSpace, aSpace := util.IsSpaceRune(before), util.IsSpaceRune(after)
	bPunct := util.IsPunctRune(before) && !isCJK(before)
	aPunct := util.IsPunctRune(after) && !isCJK(after)
	left = !aSpace && (!aPunct || bSpace || bPunct || isCJK(before) || isIVS(before))
	right = !bSpace && (!bPunct || aSpace || aPunct || isCJK(after))
	return left, right
}

// isCJK reports a CJK character: East Asian Width F, W or H and not an
// emoji shown as such by default, or Hangul.
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	if unicode.Is(unicode.Hangul, r) {
		return true
	}
	switch util.EastAsianWidth(r) {
	case "F", "W", "H":
		return !isEmojiPresentation(r)
	}
	return false
}

// isEmojiPresentation approximates Unicode's Emoji_Presentation property
// for wide characters: the emoji planes and the wide emoji of the BMP.
func isEmojiPresentation(r rune) bool {
	if r >= 0x1F000 && r <= 0x1FAFF {
		return true
	}
	switch r {
	case 0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE,
		0x2614, 0x2615, 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4,
		0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
		0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795,
		0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55:
		return true
	}
	return r >= 0x2648 && r <= 0x2653
}

// isIVS reports an ideographic variation selector.
func isIVS(r rune) bool { return r >= 0xE0100 && r <= 0xE01EF }

// emphasisDelimiters is goldmark's emphasisDelimiterProcessor.
type emphasisDelimiters struct{}

func (emphasisDelimiters) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (emphasisDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (emphasisDelimiters) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }
