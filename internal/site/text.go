package site

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isCJK reports characters read one by one: Han, kana, Hangul.
func isCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: Latin, Greek, Cyrillic…
		return false
	}
	if 0x4E00 <= r && r <= 0x9FFF { // CJK Unified Ideographs: all Han
		return true
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// countWords counts each CJK character as one word and every other run of letters or
// digits as one.
func countWords(s []byte) int {
	n := 0
	inWord := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
				if !inWord {
					n++
				}
				inWord = true
			case c == '\'' || c == '-' || c == '_' || c == '.':
				// inside a word (don't, kube-proxy, v1.37)
			default:
				inWord = false
			}
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		i += size
		switch {
		case isCJK(r):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return n
}

// readingMinutes assumes 300 words (or CJK characters) a minute; at least one minute.
func readingMinutes(words int) int {
	m := (words + 299) / 300
	if m < 1 {
		m = 1
	}
	return m
}

// truncateText collapses white space and cuts s to at most n characters at a word or
// CJK boundary, adding "…" when cut.
func truncateText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	lastBreak := 0
	count := 0
	for i, r := range s {
		if count == n {
			cut = i
			break
		}
		if r == ' ' || isCJK(r) || unicode.IsPunct(r) {
			lastBreak = i
		}
		count++
	}
	if lastBreak > cut/2 {
		cut = lastBreak
	}
	return strings.TrimRight(s[:cut], " ,.;:，。；：、") + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
