package page

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a front-matter date in the forms Hexo accepts (js-yaml timestamps, then
// whatever JavaScript's Date parses): "2025-08-15 15:37:00", "2025-08-15T15:37:00+08:00",
// "2025-08-15", "2025/8/15 15:37", "2025-08-15 15:37", RFC 1123 and a few English forms.
// A date without an offset is a wall-clock time in loc (the site's zone), as in Hexo.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	if loc == nil {
		loc = time.UTC
	}
	// A number is milliseconds since the epoch (new Date(number)).
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) > 8 {
		return time.UnixMilli(ms).In(loc), nil
	}
	norm := s
	// "2025-08-15T15:37:00" → "2025-08-15 15:37:00"; js-yaml also accepts runs of blanks.
	if len(norm) > 10 && (norm[10] == 'T' || norm[10] == 't') && strings.Count(norm[:10], "-") == 2 {
		norm = norm[:10] + " " + norm[11:]
	}
	norm = strings.Join(strings.Fields(norm), " ")
	if strings.HasSuffix(norm, "z") {
		norm = norm[:len(norm)-1] + "Z"
	}
	for _, layout := range [...]string{
		"2006-1-2 15:04:05Z07:00",
		"2006-1-2 15:04:05 Z07:00",
		"2006-1-2 15:04:05Z0700",
		"2006-1-2 15:04:05 Z0700",
		"2006-1-2 15:04:05Z07",
		"2006-1-2 15:04:05 Z07",
		"2006-1-2 15:04Z07:00",
		"2006-1-2 15:04:05",
		"2006-1-2 15:04",
		"2006-1-2",
		"2006/1/2 15:04:05",
		"2006/1/2 15:04",
		"2006/1/2",
		"2006.1.2 15:04:05",
		"2006.1.2",
		time.RFC1123Z,
		time.RFC1123,
		"Mon Jan 2 2006 15:04:05 GMT-0700",
		"Jan 2 2006 15:04:05",
		"Jan 2, 2006 15:04:05",
		"Jan 2 2006",
		"Jan 2, 2006",
		"January 2 2006",
		"January 2, 2006",
		"2 Jan 2006",
		"2 January 2006",
	} {
		if t, err := time.ParseInLocation(layout, norm, loc); err == nil {
			return t.In(loc), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date (use 2006-01-02 15:04:05, 2006-01-02 or RFC 3339)", s)
}

// FormatMoment formats t with a moment.js format string, the language of Hexo's
// date_format and time_format and of NexT's templates. Supported tokens: YYYY YY Q MMMM MMM
// MM M Do DDDD DDD DD D dddd ddd dd d E HH H hh h kk k mm m ss s SSS SS S A a ZZ Z X x; text
// in [brackets] is literal.
func FormatMoment(t time.Time, format string) string {
	var b strings.Builder
	pad := func(n, w int) { fmt.Fprintf(&b, "%0*d", w, n) }
	for i := 0; i < len(format); {
		if format[i] == '[' {
			if j := strings.IndexByte(format[i:], ']'); j > 0 {
				b.WriteString(format[i+1 : i+j])
				i += j + 1
				continue
			}
		}
		tok := momentToken(format[i:])
		switch tok {
		case "YYYY":
			pad(t.Year(), 4)
		case "YY":
			pad(t.Year()%100, 2)
		case "Q":
			b.WriteString(strconv.Itoa((int(t.Month())-1)/3 + 1))
		case "MMMM":
			b.WriteString(t.Month().String())
		case "MMM":
			b.WriteString(t.Month().String()[:3])
		case "MM":
			pad(int(t.Month()), 2)
		case "M":
			b.WriteString(strconv.Itoa(int(t.Month())))
		case "Do":
			b.WriteString(ordinal(t.Day()))
		case "DDDD":
			pad(t.YearDay(), 3)
		case "DDD":
			b.WriteString(strconv.Itoa(t.YearDay()))
		case "DD":
			pad(t.Day(), 2)
		case "D":
			b.WriteString(strconv.Itoa(t.Day()))
		case "dddd":
			b.WriteString(t.Weekday().String())
		case "ddd":
			b.WriteString(t.Weekday().String()[:3])
		case "dd":
			b.WriteString(t.Weekday().String()[:2])
		case "d":
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case "E":
			b.WriteString(strconv.Itoa((int(t.Weekday())+6)%7 + 1))
		case "HH":
			pad(t.Hour(), 2)
		case "H":
			b.WriteString(strconv.Itoa(t.Hour()))
		case "hh":
			pad(hour12(t), 2)
		case "h":
			b.WriteString(strconv.Itoa(hour12(t)))
		case "kk":
			pad(hour24(t), 2)
		case "k":
			b.WriteString(strconv.Itoa(hour24(t)))
		case "mm":
			pad(t.Minute(), 2)
		case "m":
			b.WriteString(strconv.Itoa(t.Minute()))
		case "ss":
			pad(t.Second(), 2)
		case "s":
			b.WriteString(strconv.Itoa(t.Second()))
		case "SSS":
			pad(t.Nanosecond()/1e6, 3)
		case "SS":
			pad(t.Nanosecond()/1e7, 2)
		case "S":
			b.WriteString(strconv.Itoa(t.Nanosecond() / 1e8))
		case "A":
			b.WriteString(ampm(t, "AM", "PM"))
		case "a":
			b.WriteString(ampm(t, "am", "pm"))
		case "ZZ":
			b.WriteString(t.Format("-0700"))
		case "Z":
			b.WriteString(t.Format("-07:00"))
		case "X":
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case "x":
			b.WriteString(strconv.FormatInt(t.UnixMilli(), 10))
		default:
			b.WriteString(tok)
		}
		i += len(tok)
	}
	return b.String()
}

// momentToken returns the longest moment token at the start of s, or its first character
// (a whole UTF-8 sequence) when none starts there.
func momentToken(s string) string {
	for _, tok := range [...]string{
		"YYYY", "MMMM", "DDDD", "dddd",
		"SSS", "MMM", "DDD", "ddd",
		"YY", "MM", "Do", "DD", "dd", "HH", "hh", "kk", "mm", "ss", "SS", "ZZ",
		"Q", "M", "D", "d", "E", "H", "h", "k", "m", "s", "S", "A", "a", "Z", "X", "x",
	} {
		if strings.HasPrefix(s, tok) {
			return tok
		}
	}
	n := 1
	for n < len(s) && s[n]&0xc0 == 0x80 {
		n++
	}
	return s[:n]
}

func hour12(t time.Time) int {
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	return h
}

func hour24(t time.Time) int {
	if t.Hour() == 0 {
		return 24
	}
	return t.Hour()
}

func ampm(t time.Time, am, pm string) string {
	if t.Hour() < 12 {
		return am
	}
	return pm
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
