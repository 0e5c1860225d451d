package shortcodes

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/util"
)

// JavaScript's \s and \S, which know more spaces than RE2's.
const (
	jsSpace    = `[\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`
	jsNonSpace = `[^\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`
	jsDot      = `[^\n\r\x{2028}\x{2029}]`
)

// jsRegexp compiles a JavaScript pattern written with \s, \S and '.'.
func jsRegexp(pattern string) *regexp.Regexp {
	r := strings.NewReplacer(`[\S\s]`, `(?s:.)`, `\s`, jsSpace, `\S`, jsNonSpace, `\.`, `\.`, `.`, jsDot)
	return regexp.MustCompile(r.Replace(pattern))
}

// The caption patterns of hexo lib/plugins/tag/code.ts.
var (
	rCaptionURLTitle = jsRegexp(`(?i)^(\S[\S\s]*)\s+(https?://\S+)\s+(.+)`)
	rCaptionURL      = jsRegexp(`(?i)^(\S[\S\s]*)\s+(https?://\S+)`)
	rCaption         = jsRegexp(`\S[\S\s]*`)
)

// codeblock is hexo lib/plugins/tag/code.ts (codeTag and parseArgs):
// {% codeblock [title] [lang:language] [url] [link text] [line_number:(true|false)]
// [highlight:(true|false)] [first_line:number] [mark:#,#-#] %}.
func codeblock(args []string, text []byte, line int) *Code {
	c := &Code{Highlight: true, Text: text, Options: CodeOptions{FirstLine: 1, Line: line}}
	args = slices.Clone(args)
	if i := slices.IndexFunc(args, func(a string) bool { return strings.HasPrefix(a, "highlight:") }); i >= 0 {
		c.Highlight = args[i][len("highlight:"):] == "true"
		args = slices.Delete(args, i, i+1)
	}
	var rest []string
	for _, a := range args {
		key, value, ok := strings.Cut(a, ":")
		if !ok {
			rest = append(rest, a)
			continue
		}
		switch key {
		case "lang":
			c.Lang = value
		case "line_number":
			b := value == "true"
			c.Options.LineNumbers = &b
		case "first_line":
			if n, ok := jsNumber(value); ok {
				c.Options.FirstLine = int(n)
			}
		case "mark":
			c.Options.Mark = parseMark(value)
		case "line_threshold", "wrap", "language_attr":
			// Options of highlight.js's table layout; taken out of the
			// caption as Hexo does, with nothing to do here.
		default:
			rest = append(rest, a)
		}
	}
	caption := strings.Join(rest, " ")
	if m := rCaptionURLTitle.FindStringSubmatch(caption); m != nil {
		c.Options.Caption, c.Options.URL, c.Options.LinkText = m[1], m[2], m[3]
	} else if m := rCaptionURL.FindStringSubmatch(caption); m != nil {
		c.Options.Caption, c.Options.URL, c.Options.LinkText = m[1], m[2], "link"
	} else if m := rCaption.FindString(caption); m != "" {
		c.Options.Caption = m
	}
	return c
}

// parseMark reads mark:1,4-7,10 as code.ts does.
func parseMark(value string) []int {
	var mark []int
	for cur := range strings.SplitSeq(value, ",") {
		if a, b, ok := strings.Cut(cur, "-"); ok {
			x, ok1 := jsNumber(a)
			y, ok2 := jsNumber(b)
			if !ok1 || !ok2 {
				continue
			}
			if y < x {
				x, y = y, x
			}
			for ; x <= y && len(mark) < 10000; x++ {
				mark = append(mark, int(x))
			}
		}
		if n, ok := jsNumber(cur); ok {
			mark = append(mark, int(n))
		}
	}
	return mark
}

// The patterns of hexo lib/plugins/tag/include_code.ts.
var (
	rIncludeLang = jsRegexp(`(?i)\s*lang:(\w+)`)
	rIncludeFrom = jsRegexp(`(?i)\s*from:(\d+)`)
	rIncludeTo   = jsRegexp(`(?i)\s*to:(\d+)`)
	rIncludeFile = jsRegexp(`^(.*)?(?:\s+|^)(/*\S+)`)
)

// includeCode is hexo lib/plugins/tag/include_code.ts:
// {% include_code [title] [lang:language] [from:line] [to:line] path/to/file %},
// the file read from the site's code directory. One difference: Hexo trims
// the selected lines with String.prototype.trim, which also eats the
// indentation of the first line; here only blank lines and trailing
// spaces go.
func (x *extender) includeCode(args []string, line int) (*Code, error) {
	arg := strings.Join(args, " ")
	cut := func(r *regexp.Regexp) string {
		m := r.FindStringSubmatchIndex(arg)
		if m == nil {
			return ""
		}
		v := arg[m[2]:m[3]]
		arg = arg[:m[0]] + arg[m[1]:]
		return v
	}
	lang := cut(rIncludeLang)
	from, to := 0, math.MaxInt
	if v := cut(rIncludeFrom); v != "" {
		n, _ := strconv.Atoi(v)
		from = n - 1
	}
	if v := cut(rIncludeTo); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			to = n
		}
	}
	m := rIncludeFile.FindStringSubmatch(arg)
	if m == nil {
		return nil, fmt.Errorf("include_code: no file given")
	}
	title, file := m[1], m[2]
	if lang == "" {
		lang = strings.TrimPrefix(extname(file), ".")
	}
	name := strings.TrimLeft(file, "/")
	if !fs.ValidPath(name) {
		return nil, fmt.Errorf("include_code: %q is not a path inside the code directory", file)
	}
	if x.opts.Code == nil {
		return nil, fmt.Errorf("include_code: the site has no code directory (%s)", x.opts.CodeDir)
	}
	data, err := fs.ReadFile(x.opts.Code, name)
	if err != nil {
		return nil, fmt.Errorf("include_code: %v", err)
	}
	lines := strings.Split(string(data), "\n")
	s, e := jsSlice(len(lines), from, to)
	code := trimBlankLines(strings.Join(lines[s:e], "\n"))
	if title == "" {
		title = path.Base(file)
	}
	return &Code{
		Lang:      lang,
		Text:      []byte(code),
		Highlight: true,
		Options: CodeOptions{
			Caption:   title,
			URL:       urlFor(x.opts.Root, x.opts.CodeDir+"/"+name),
			LinkText:  "view raw",
			FirstLine: 1,
			Line:      line,
		},
	}, nil
}

// extname is Node's path.extname: the extension of the last element, but
// none for a dotfile such as .bashrc.
func extname(p string) string {
	base := path.Base(p)
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || strings.Trim(base[:i], ".") == "" {
		return ""
	}
	return base[i:]
}

// trimBlankLines removes blank lines at both ends and trailing spaces.
func trimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	blank := func(l string) bool { return strings.TrimSpace(l) == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return strings.TrimRight(strings.Join(lines, "\n"), " \t\r")
}

// trimBody is hexo lib/extend/tag.ts trimBody: strip-indent (the smallest
// indentation of the lines that are not blank is removed from every line),
// then one newline off each end.
func trimBody(b []byte) []byte {
	indent := -1
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		n := 0
		for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
			n++
		}
		if n < len(line) && !isBlankBytes(line[n:]) && (indent < 0 || n < indent) {
			indent = n
		}
	}
	var out []byte
	if indent > 0 {
		out = make([]byte, 0, len(b))
		for i, line := range bytes.Split(b, []byte("\n")) {
			if i > 0 {
				out = append(out, '\n')
			}
			n := 0
			for n < indent && n < len(line) && (line[n] == ' ' || line[n] == '\t') {
				n++
			}
			if n == indent {
				line = line[n:]
			}
			out = append(out, line...)
		}
	} else {
		out = slices.Clone(b)
	}
	out = bytes.TrimPrefix(out, []byte("\n"))
	if bytes.HasSuffix(out, []byte("\r\n")) {
		out = out[:len(out)-2]
	} else {
		out = bytes.TrimSuffix(out, []byte("\n"))
	}
	return out
}

func isBlankBytes(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}

// writeCode renders c with the Highlighter, or, without one, as Hexo's
// figure around the escaped code. highlight:false is always Hexo's bare
// <pre><code>.
func writeCode(w util.BufWriter, h Highlighter, c *Code) error {
	if !c.Highlight {
		_, err := w.WriteString("<pre><code>" + escapeHTML(string(c.Text)) + "</code></pre>")
		return err
	}
	if h != nil {
		return h.Highlight(w, c.Text, c.Lang, c.Options)
	}
	class := "highlight"
	if c.Lang != "" {
		class += " " + c.Lang
	}
	w.WriteString(`<figure class="` + escapeHTML(class) + `">`)
	if cap := captionHTML(c.Options); cap != "" {
		w.WriteString("<figcaption>" + cap + "</figcaption>")
	}
	_, err := w.WriteString("<pre><code>" + escapeHTML(string(c.Text)) + "</code></pre></figure>")
	return err
}

// captionHTML is the caption Hexo builds for codeblock and include_code:
// <span>title</span><a href="url">link text</a>.
func captionHTML(o CodeOptions) string {
	var s string
	if o.Caption != "" {
		s = htmlTag("span", nil, ptr(o.Caption), true)
	}
	if o.URL != "" {
		s += htmlTag("a", []attr{val("href", o.URL)}, ptr(o.LinkText), true)
	}
	return s
}

// The patterns of hexo lib/plugins/tag/blockquote.ts.
var (
	rFullCiteWithTitle = jsRegexp(`(?i)(\S.*)\s+(https?://\S+)\s+(.+)`)
	rFullCite          = jsRegexp(`(?i)(\S.*)\s+(https?://\S+)`)
	rAuthorTitle       = regexp.MustCompile(`([^,]+),\s*([^,]+)`)
	rCiteLink          = regexp.MustCompile(`^https?://|/(index.html?)?$`)
)

// blockquoteFooter is parseFooter of hexo lib/plugins/tag/blockquote.ts
// (with Hexo's default titlecase: false):
// {% blockquote [author[, source]] [link] [source_link_title] %}. Like Hexo
// it puts the author and title in the HTML as written.
func blockquoteFooter(args []string) string {
	str := strings.Join(args, " ")
	if str == "" {
		return ""
	}
	var author, source, title string
	if m := rFullCiteWithTitle.FindStringSubmatch(str); m != nil {
		author, source, title = m[1], m[2], m[3]
	} else if m := rFullCite.FindStringSubmatch(str); m != nil {
		author, source = m[1], m[2]
	} else if m := rAuthorTitle.FindStringSubmatch(str); m != nil {
		author, title = m[1], m[2]
	} else {
		author = str
	}
	var footer string
	if author != "" {
		footer += "<strong>" + author + "</strong>"
	}
	if source != "" {
		text := title
		if text == "" {
			text = rCiteLink.ReplaceAllString(source, "")
		}
		footer += `<cite><a href="` + source + `">` + text + `</a></cite>`
	} else if title != "" {
		footer += "<cite>" + title + "</cite>"
	}
	return footer
}
