package page

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slugize makes a URL segment from a name the way hexo-util's slugize does: Latin letters
// lose their diacritics, control characters are removed, runs of white space and ASCII
// punctuation become one "-", leading and trailing "-" are dropped; transform 1 lowers and
// 2 upper-cases the result (Hexo's filename_case). Other scripts (Chinese, Japanese, …) are
// kept as they are.
func Slugize(s string, transform int) string {
	s = escapeDiacritic(s)
	var b strings.Builder
	b.Grow(len(s))
	pendingSep := false
	for _, r := range s {
		switch {
		case r < 0x20:
			continue
		case isJSSpace(r) || (r < 0x80 && strings.ContainsRune("~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/", r)):
			pendingSep = true
			continue
		}
		if pendingSep && b.Len() > 0 {
			b.WriteByte('-')
		}
		pendingSep = false
		b.WriteRune(r)
	}
	out := b.String()
	switch transform {
	case 1:
		return strings.ToLower(out)
	case 2:
		return strings.ToUpper(out)
	}
	return out
}

// isJSSpace reports JavaScript's \s.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// escapeDiacritic maps accented Latin letters (and full-width and circled Latin letters) to
// their base letters, as hexo-util's escapeDiacritic table does; letters of other scripts
// are untouched (a Korean syllable must not be split into jamo).
func escapeDiacritic(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if base, ok := latinBase(r); ok {
			b.WriteString(base)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func latinBase(r rune) (string, bool) {
	switch {
	case r >= 0xff21 && r <= 0xff3a: // full-width A-Z
		return string(rune('A' + r - 0xff21)), true
	case r >= 0xff41 && r <= 0xff5a:
		return string(rune('a' + r - 0xff41)), true
	case r >= 0x24b6 && r <= 0x24cf: // circled A-Z
		return string(rune('A' + r - 0x24b6)), true
	case r >= 0x24d0 && r <= 0x24e9:
		return string(rune('a' + r - 0x24d0)), true
	}
	switch r {
	case 'Æ', 'Ǽ', 'Ǣ':
		return "AE", true
	case 'æ', 'ǽ', 'ǣ':
		return "ae", true
	case 'Œ':
		return "OE", true
	case 'œ':
		return "oe", true
	case 'ß':
		return "s", true
	case 'Ø', 'Ǿ':
		return "O", true
	case 'ø', 'ǿ':
		return "o", true
	case 'Ł', 'Ŀ':
		return "L", true
	case 'ł', 'ŀ', 'ſ':
		return "l", true
	case 'Đ', 'Ɖ':
		return "D", true
	case 'đ':
		return "d", true
	case 'Ħ':
		return "H", true
	case 'ħ':
		return "h", true
	case 'ı':
		return "i", true
	case 'Ŧ':
		return "T", true
	case 'ŧ':
		return "t", true
	}
	if !unicode.Is(unicode.Latin, r) {
		return "", false
	}
	d := norm.NFD.String(string(r))
	first, size := utf8.DecodeRuneInString(d)
	if size == len(d) || first >= 0x80 {
		return "", false
	}
	for _, m := range d[size:] {
		if !unicode.Is(unicode.Mn, m) {
			return "", false
		}
	}
	return string(first), true
}

// EncodeURL percent-encodes a URL or path like hexo-util's encodeURL (JavaScript's encodeURI
// after decoding existing escapes, so that an encoded URL is not encoded twice): ASCII
// letters, digits and ;,/?:@&=+$-_.!~*'()# stay, everything else becomes %XX of its UTF-8
// bytes. URLs with a scheme keep scheme and host as they are.
func EncodeURL(s string) string {
	prefix := ""
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		j := strings.IndexByte(s[i+3:], '/')
		if j < 0 {
			return s
		}
		prefix, s = s[:i+3+j], s[i+3+j:]
	} else if strings.HasPrefix(s, "data:") || strings.HasPrefix(s, "mailto:") {
		return s
	}
	s = unescapePercent(s)
	var b strings.Builder
	b.Grow(len(prefix) + len(s))
	b.WriteString(prefix)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (isAlnum(c) || strings.IndexByte(";,/?:@&=+$-_.!~*'()#", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteString(s[i : i+3]) // an escape unescapePercent kept
			i += 2
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return s != ""
}

// unescapePercent decodes %XX escapes of non-ASCII bytes and of unreserved characters, so
// that encoding again gives the same text; escapes of reserved characters (%23 for "#",
// %3F, %2F, %25, …) stay, unlike Hexo, whose links then break.
func unescapePercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	buf := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c := unhex(s[i+1])<<4 | unhex(s[i+2])
			if c >= 0x80 || isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' {
				buf = append(buf, c)
				i += 2
				continue
			}
		}
		buf = append(buf, s[i])
	}
	if !utf8.Valid(buf) {
		return s
	}
	return string(buf)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
