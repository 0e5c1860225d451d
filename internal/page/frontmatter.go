package page

import "bytes"

// FrontMatter is a source file split into its front matter and its body by Split.
type FrontMatter struct {
	// Data is the text between the separators, nil when the file has no front matter.
	Data []byte
	// Body is everything after the closing separator (the whole file when Data is nil).
	Body []byte
	// JSON reports Hexo's ";;;" separator: Data holds JSON object members (braces optional).
	JSON bool
	// Prefixed reports the usual form that opens with a separator line. Without it the file
	// uses Hexo's older form "data\n---\nbody", which is front matter only when Data parses
	// as a mapping (Parse checks that, like hexo-front-matter does).
	Prefixed bool
	// Unclosed reports a file that opens with a separator line that is never closed.
	Unclosed bool
	// DataLine and BodyLine are the 1-based lines where Data and Body start in the file.
	DataLine, BodyLine int
}

// Split separates front matter from body following hexo-front-matter's split (v4): a first
// line of three or more "-" (or ";") opens the front matter, the next line equal to it closes
// it; without an opening separator, the text before the first separator line is a candidate
// (Hexo's form without prefix). Unlike Hexo, a closing separator must be a whole line, an
// empty front matter ("---\n---") is accepted, CRLF line ends and a UTF-8 byte order mark are
// understood, and an opening separator that is never closed is reported (Unclosed) instead of
// silently becoming part of the body.
func Split(src []byte) FrontMatter {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, ok := cutLine(src)
	if sep := separator(first); sep != "" {
		if !ok {
			return FrontMatter{Body: src, BodyLine: 1, Unclosed: true, Prefixed: true}
		}
		line := 2
		for off := len(src) - len(rest); ; line++ {
			l, next, more := cutLine(src[off:])
			if string(trimLineEnd(l)) == sep {
				data := src[len(src)-len(rest) : off]
				return FrontMatter{
					Data:     nonNil(data),
					Body:     next,
					JSON:     sep[0] == ';',
					Prefixed: true,
					DataLine: 2,
					BodyLine: line + boolInt(more),
				}
			}
			if !more {
				return FrontMatter{Body: src, BodyLine: 1, Unclosed: true, Prefixed: true}
			}
			off = len(src) - len(next)
		}
	}
	// Hexo's form without prefix: "data\n---\nbody". Data needs at least one line.
	line := 1
	for off := 0; off < len(src); line++ {
		l, next, more := cutLine(src[off:])
		if line > 1 {
			if sep := separator(l); sep != "" {
				return FrontMatter{
					Data:     src[:off],
					Body:     next,
					JSON:     sep[0] == ';',
					DataLine: 1,
					BodyLine: line + boolInt(more),
				}
			}
		}
		if !more {
			break
		}
		off = len(src) - len(next)
	}
	return FrontMatter{Body: src, BodyLine: 1}
}

// cutLine returns the first line of b (without its "\n") and what follows it; ok is false
// when b holds no "\n".
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, b[len(b):], false
	}
	return b[:i], b[i+1:], true
}

// separator returns the trimmed line when it is three or more "-" or three or more ";".
func separator(line []byte) string {
	line = trimLineEnd(line)
	if len(line) < 3 || (line[0] != '-' && line[0] != ';') {
		return ""
	}
	for _, c := range line {
		if c != line[0] {
			return ""
		}
	}
	return string(line)
}

func trimLineEnd(b []byte) []byte {
	return bytes.TrimRight(b, " \t\r")
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
