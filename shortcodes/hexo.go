package shortcodes

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// This file ports the small hexo-util helpers whose output the tags
// depend on: escapeHTML, encodeURL, url_for and htmlTag.

// escapeHTML is hexo-util lib/escape_html.ts: it escapes <>"'`/= and an
// ampersand that does not start an entity.
func escapeHTML(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&quot;"
		case '\'':
			rep = "&#39;"
		case '`':
			rep = "&#96;"
		case '/':
			rep = "&#x2F;"
		case '=':
			rep = "&#x3D;"
		case '&':
			if startsEntity(s[i+1:]) {
				continue
			}
			rep = "&amp;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// startsEntity reports whether s (what follows an ampersand) matches
// #\d{1,7}; or #[Xx][0-9a-fA-F]{1,6}; or \w+; as in escape_html.ts.
func startsEntity(s string) bool {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	isHex := func(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
	isWord := func(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') || c == '_' }
	run := func(s string, ok func(byte) bool, max int) int {
		n := 0
		for n < len(s) && ok(s[n]) {
			n++
		}
		if n > max {
			return 0
		}
		return n
	}
	if strings.HasPrefix(s, "#x") || strings.HasPrefix(s, "#X") {
		n := run(s[2:], isHex, 6)
		return n > 0 && len(s) > 2+n && s[2+n] == ';'
	}
	if strings.HasPrefix(s, "#") {
		n := run(s[1:], isDigit, 7)
		return n > 0 && len(s) > 1+n && s[1+n] == ';'
	}
	n := run(s, isWord, len(s))
	return n > 0 && len(s) > n && s[n] == ';'
}

// encodeURI is JavaScript's encodeURI.
func encodeURI(s string) string {
	const keep = ";,/?:@&=+$-_.!~*'()#"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		percent(&b, c)
	}
	return b.String()
}

// percent writes c as %XX.
func percent(b *strings.Builder, c byte) {
	const hex = "0123456789ABCDEF"
	b.WriteByte('%')
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&15])
}

// unescape decodes the valid %XX sequences of s and keeps the rest, as
// Node's querystring.unescape does when decodeURIComponent fails; keep
// lists characters whose escapes stay encoded (decodeURI keeps those of
// the reserved characters).
func unescape(s, keep string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	unhex := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			return c | 0x20 - 'a' + 10, true
		}
		return 0, false
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if c := h<<4 | l; ok1 && ok2 && strings.IndexByte(keep, c) < 0 {
				b = append(b, c)
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// specialScheme is the WHATWG URL standard's list of schemes whose URLs
// have an origin (file: aside), the ones encodeURL normalises.
func specialScheme(s string) bool {
	switch s {
	case "http", "https", "ws", "wss", "ftp":
		return true
	}
	return false
}

// encodeURL is hexo-util lib/encode_url.ts: an absolute http(s) URL gets
// its path re-encoded and its query normalised (URLSearchParams); a URL of
// another scheme is kept; anything else goes through encodeURI.
func encodeURL(s string) string {
	if scheme, ok := urlScheme(s); ok {
		if !specialScheme(strings.ToLower(scheme)) {
			return s
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return s
		}
		var b strings.Builder
		b.WriteString(strings.ToLower(u.Scheme))
		b.WriteString("://")
		if u.User != nil {
			b.WriteString(u.User.String())
			b.WriteByte('@')
		}
		host := strings.ToLower(u.Host)
		if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
			host = strings.TrimSuffix(host, ":"+p)
		}
		b.WriteString(host)
		path := encodeURI(unescape(u.EscapedPath(), ";/?:@&=+$,#"))
		if path == "" {
			path = "/"
		}
		b.WriteString(path)
		if q := searchParams(u.RawQuery); q != "" {
			b.WriteByte('?')
			b.WriteString(q)
		}
		if i := strings.IndexByte(s, '#'); i >= 0 {
			b.WriteByte('#')
			b.WriteString(fragment(s[i+1:]))
		}
		return b.String()
	}
	return encodeURI(unescape(s, ""))
}

// urlScheme returns the scheme of s as Node's legacy url.parse finds it.
func urlScheme(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z', c >= '0' && c <= '9', c == '+', c == '-', c == '.':
		case c == ':' && i > 0:
			return s[:i], true
		default:
			return "", false
		}
	}
	return "", false
}

// searchParams is `new URLSearchParams(q).toString()`.
func searchParams(q string) string {
	var out []string
	for pair := range strings.SplitSeq(q, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		dec := func(s string) string { return unescape(strings.ReplaceAll(s, "+", " "), "") }
		out = append(out, formEncode(dec(name))+"="+formEncode(dec(value)))
	}
	return strings.Join(out, "&")
}

// formEncode is the application/x-www-form-urlencoded serializer.
func formEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z' && c < 0x80, c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			percent(&b, c)
		}
	}
	return b.String()
}

// fragment percent-encodes what the WHATWG fragment percent-encode set holds.
func fragment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>`", c) >= 0 {
			percent(&b, c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// urlFor is hexo-util lib/url_for.ts with Hexo's defaults (relative_link
// off, pretty_urls keeping index.html): a path on the site gets the root in
// front; a URL with a scheme, a protocol-relative URL or a fragment is kept.
func urlFor(root, path string) string {
	if path == "" {
		path = "/"
	}
	if strings.HasPrefix(path, "#") || strings.HasPrefix(path, "//") {
		return path
	}
	if _, ok := urlScheme(path); ok {
		return path
	}
	p := root + path
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return encodeURL(b.String())
}

// attr is one attribute for htmlTag. An attribute that is not set is left
// out (JavaScript's undefined); flag prints the bare name (true).
type attr struct {
	name  string
	value string
	set   bool
	flag  bool
}

func val(name, value string) attr { return attr{name: name, value: value, set: true} }

func opt(name string, value *string) attr {
	if value == nil {
		return attr{name: name}
	}
	return val(name, *value)
}

// htmlTag is hexo-util lib/html_tag.ts: URL attributes are encoded with
// encodeURL, others escaped; text is escaped when escape is set; a nil
// text makes a void element.
func htmlTag(tag string, attrs []attr, text *string, escape bool) string {
	var b strings.Builder
	b.WriteString("<" + tag)
	for _, a := range attrs {
		switch {
		case !a.set && !a.flag:
		case isURLAttr(a.name):
			b.WriteString(" " + a.name + `="` + encodeURL(a.value) + `"`)
		case a.flag || a.value == a.name:
			b.WriteString(" " + a.name)
		default:
			b.WriteString(" " + a.name + `="` + escapeHTML(a.value) + `"`)
		}
	}
	if text == nil {
		b.WriteString(">")
		return b.String()
	}
	t := *text
	if escape && t != "" {
		t = escapeHTML(t)
	}
	b.WriteString(">" + t + "</" + tag + ">")
	return b.String()
}

func isURLAttr(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"cite", "download", "href", "src", "url"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

func ptr(s string) *string { return &s }

// jsNumber is JavaScript's Number(s) for the strings tags pass to it; ok
// is false for NaN.
func jsNumber(s string) (float64, bool) {
	lo, hi := trimJSSpace([]byte(s))
	s = s[lo:hi]
	if s == "" {
		return 0, true
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] | 0x20 {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
		if base != 0 {
			n, err := strconv.ParseUint(s[2:], base, 64)
			return float64(n), err == nil
		}
	}
	switch s {
	case "Infinity", "+Infinity", "-Infinity":
		return 0, false // not a usable number for a line
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// jsSlice is Array.prototype.slice on the indexes of a slice of length n.
func jsSlice(n, start, end int) (int, int) {
	clamp := func(i int) int {
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		}
		if i > n {
			i = n
		}
		return i
	}
	start, end = clamp(start), clamp(end)
	if end < start {
		end = start
	}
	return start, end
}

// rURL is the URL test of hexo lib/plugins/tag/img.ts and link.ts. Those
// patterns go on after the host with an optional path part, which cannot
// change whether an unanchored test matches, so it is left out here.
var rURL = regexp.MustCompile(`[A-Za-z]{3,9}:(?://)?(?:[-;:&=+$,\w]+@)?[A-Za-z0-9.-]+|(?:www.|[-;:&=+$,\w]+@)[A-Za-z0-9.-]+`)
