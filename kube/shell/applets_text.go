package shell

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// --- echo ---------------------------------------------------------------------------------

// echoBusybox is busybox coreutils/echo.c (FEATURE_FANCY_ECHO): leading arguments made only of
// n, e, E letters are options; escapes only with -e.
func echoBusybox(c *Ctx) int { return echoOpts(c, false) }

// echoBash is bash's echo builtin (same options; xpg_echo off).
func echoBash(c *Ctx) int { return echoOpts(c, false) }

func echoOpts(c *Ctx, escapesDefault bool) int {
	args := c.Argv[1:]
	newline, escapes := true, escapesDefault
	for len(args) > 0 {
		a := args[0]
		if len(a) < 2 || a[0] != '-' || strings.Trim(a[1:], "neE") != "" {
			break
		}
		for _, ch := range a[1:] {
			switch ch {
			case 'n':
				newline = false
			case 'e':
				escapes = true
			case 'E':
				escapes = false
			}
		}
		args = args[1:]
	}
	var b bytes.Buffer
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if escapes {
			s, stop := expandEscapes(a, false)
			b.WriteString(s)
			if stop {
				newline = false
				c.Stdout.Write(b.Bytes())
				return 0
			}
		} else {
			b.WriteString(a)
		}
	}
	if newline {
		b.WriteByte('\n')
	}
	c.Stdout.Write(b.Bytes())
	return 0
}

// echoDash is dash's echo: only "-n" as the first argument is an option, and escapes are
// always interpreted (dash src/bltin/printf.c echocmd).
func echoDash(c *Ctx) int {
	args := c.Argv[1:]
	newline := true
	if len(args) > 0 && args[0] == "-n" {
		newline = false
		args = args[1:]
	}
	var b bytes.Buffer
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		s, stop := expandEscapes(a, true)
		b.WriteString(s)
		if stop {
			c.Stdout.Write(b.Bytes())
			return 0
		}
	}
	if newline {
		b.WriteByte('\n')
	}
	c.Stdout.Write(b.Bytes())
	return 0
}

func echoApplet(t *tool) int {
	if t.style == GNU {
		return echoOpts(t.Ctx, false)
	}
	return echoBusybox(t.Ctx)
}

// expandEscapes interprets backslash escapes as echo -e does. octalNeedsZero selects dash's
// rule (\0NNN) versus \NNN being accepted too. stop reports \c.
func expandEscapes(s string, octalNeedsZero bool) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch != '\\' || i+1 == len(s) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch s[i] {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'c':
			return b.String(), true
		case 'e':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\':
			b.WriteByte('\\')
		case 'x':
			j, v := i+1, 0
			for ; j < len(s) && j < i+3 && isHex(s[j]); j++ {
				v = v*16 + hexVal(s[j])
			}
			if j == i+1 {
				b.WriteString("\\x")
				continue
			}
			b.WriteByte(byte(v))
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			if octalNeedsZero && s[i] != '0' {
				b.WriteByte('\\')
				b.WriteByte(s[i])
				continue
			}
			j, v := i, 0
			max := i + 3
			if s[i] == '0' {
				j, max = i+1, i+4
			}
			for ; j < len(s) && j < max && s[j] >= '0' && s[j] <= '7'; j++ {
				v = v*8 + int(s[j]-'0')
			}
			b.WriteByte(byte(v))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String(), false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// --- printf -------------------------------------------------------------------------------

func printfApplet(t *tool) int {
	if t.style == GNU {
		return printfMain(t.Ctx, t.name+": ", Bash)
	}
	return printfMain(t.Ctx, t.name+": ", Ash)
}

// printfMain is POSIX printf: the format is reused until the arguments are consumed. Invalid
// numbers: busybox coreutils/printf.c multiconvert bb_error_msg("invalid number '%s'"); bash
// "printf: %s: invalid number"; dash "printf: %s: expected numeric value".
func printfMain(c *Ctx, prefix string, flavor Flavor) int {
	args := c.Argv[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintf(c.Stderr, "%susage: printf format [arguments]\n", prefix)
		c.NotSimulated("printf usage text")
		return 2
	}
	format, args := args[0], args[1:]
	var out bytes.Buffer
	status := 0
	for {
		used, stop, st := printfOnce(&out, format, args, prefix, c.Stderr, flavor)
		if st != 0 {
			status = st
		}
		args = args[used:]
		if stop || used == 0 || len(args) == 0 {
			break
		}
	}
	c.Stdout.Write(out.Bytes())
	return status
}

func badNumber(errw io.Writer, prefix, arg string, flavor Flavor) {
	switch flavor {
	case Ash:
		fmt.Fprintf(errw, "%sinvalid number '%s'\n", prefix, arg)
	case Dash:
		fmt.Fprintf(errw, "%s%s: expected numeric value\n", prefix, arg)
	default:
		fmt.Fprintf(errw, "%s%s: invalid number\n", prefix, arg)
	}
}

func printfOnce(out *bytes.Buffer, format string, args []string, prefix string, errw io.Writer, flavor Flavor) (used int, stop bool, status int) {
	next := func() (string, bool) {
		if used < len(args) {
			used++
			return args[used-1], true
		}
		return "", false
	}
	for i := 0; i < len(format); i++ {
		ch := format[i]
		if ch == '\\' {
			j := i + 1
			for j < len(format) && j < i+5 && (format[j] >= '0' && format[j] <= '7' || j == i+1) {
				if j > i+1 && !(format[j] >= '0' && format[j] <= '7') {
					break
				}
				if j == i+1 && !(format[j] >= '0' && format[j] <= '7') {
					j++
					break
				}
				j++
			}
			s, st := expandEscapes(format[i:j], false)
			out.WriteString(s)
			if st {
				return used, true, status
			}
			i = j - 1
			continue
		}
		if ch != '%' {
			out.WriteByte(ch)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			out.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("-+ #0", format[j]) >= 0 {
			j++
		}
		spec := format[i:j]
		for j < len(format) && (format[j] >= '0' && format[j] <= '9' || format[j] == '*') {
			if format[j] == '*' {
				a, _ := next()
				n, _ := strconv.Atoi(a)
				spec += strconv.Itoa(n)
			} else {
				spec += string(format[j])
			}
			j++
		}
		if j < len(format) && format[j] == '.' {
			spec += "."
			j++
			for j < len(format) && (format[j] >= '0' && format[j] <= '9' || format[j] == '*') {
				if format[j] == '*' {
					a, _ := next()
					n, _ := strconv.Atoi(a)
					spec += strconv.Itoa(n)
				} else {
					spec += string(format[j])
				}
				j++
			}
		}
		for j < len(format) && strings.IndexByte("hlLqjzt", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			out.WriteString(format[i:])
			return used, false, status
		}
		conv := format[j]
		i = j
		arg, _ := next()
		switch conv {
		case 's':
			fmt.Fprintf(out, spec+"s", arg)
		case 'b':
			s, st := expandEscapes(arg, true)
			fmt.Fprintf(out, spec+"s", s)
			if st {
				return used, true, status
			}
		case 'c':
			if arg != "" {
				fmt.Fprintf(out, spec+"c", rune(arg[0]))
			}
		case 'd', 'i', 'u', 'x', 'X', 'o':
			n, ok := parseIntArg(arg)
			if !ok {
				badNumber(errw, prefix, arg, flavor)
				status = 1
			}
			verb := string(conv)
			if verb == "i" || verb == "u" {
				verb = "d"
			}
			if conv == 'o' || conv == 'x' || conv == 'X' || conv == 'u' {
				fmt.Fprintf(out, spec+verb, uint64(n))
			} else {
				fmt.Fprintf(out, spec+verb, n)
			}
		case 'f', 'e', 'E', 'g', 'G', 'F':
			f, err := strconv.ParseFloat(strings.TrimSpace(arg), 64)
			if err != nil && arg != "" {
				badNumber(errw, prefix, arg, flavor)
				status = 1
			}
			verb := string(conv)
			if verb == "F" {
				verb = "f"
			}
			fmt.Fprintf(out, spec+verb, f)
		default:
			out.WriteString(format[i-len(spec)+1 : j+1])
		}
	}
	return used, false, status
}

func parseIntArg(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if s[0] == '\'' || s[0] == '"' {
		if len(s) > 1 {
			return int64(s[1]), true
		}
		return 0, true
	}
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// --- grep ---------------------------------------------------------------------------------

// breToRE2 translates a POSIX basic regular expression to Go's syntax.
func breToRE2(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch == '\\' && i+1 < len(p) {
			i++
			switch p[i] {
			case '(', ')', '{', '}', '|', '+', '?':
				b.WriteByte(p[i])
			default:
				b.WriteByte('\\')
				b.WriteByte(p[i])
			}
			continue
		}
		switch ch {
		case '(', ')', '{', '}', '|', '+', '?':
			b.WriteByte('\\')
			b.WriteByte(ch)
		case '*':
			if b.Len() == 0 || strings.HasSuffix(b.String(), "^") {
				b.WriteString(`\*`)
			} else {
				b.WriteByte('*')
			}
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func grepMain(t *tool) int {
	var ignoreCase, invert, count, number, listFiles, quiet, silent, word, line, ext, fixed, only, recursive, noName, withName bool
	var patterns []string
	args := t.Argv[1:]
	switch t.name {
	case "egrep":
		ext = true
	case "fgrep":
		fixed = true
	}
	var files []string
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			args = args[1:]
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		args = args[1:]
		if strings.HasPrefix(a, "--") {
			switch a {
			case "--ignore-case":
				ignoreCase = true
			case "--invert-match":
				invert = true
			case "--count":
				count = true
			case "--quiet", "--silent":
				quiet = true
			default:
				t.NotSimulated("grep option " + a)
			}
			continue
		}
		for k := 1; k < len(a); k++ {
			switch a[k] {
			case 'i', 'y':
				ignoreCase = true
			case 'v':
				invert = true
			case 'c':
				count = true
			case 'n':
				number = true
			case 'l':
				listFiles = true
			case 'q':
				quiet = true
			case 's':
				silent = true
			case 'w':
				word = true
			case 'x':
				line = true
			case 'E':
				ext = true
			case 'F':
				fixed = true
			case 'o':
				only = true
			case 'r', 'R':
				recursive = true
			case 'h':
				noName = true
			case 'H':
				withName = true
			case 'e':
				if k+1 < len(a) {
					patterns = append(patterns, a[k+1:])
				} else if len(args) > 0 {
					patterns = append(patterns, args[0])
					args = args[1:]
				}
				k = len(a)
			default:
				t.NotSimulated("grep option -" + string(a[k]))
			}
		}
	}
	if len(patterns) == 0 {
		if len(args) == 0 {
			t.NotSimulated("grep usage text")
			return 2
		}
		patterns = append(patterns, args[0])
		args = args[1:]
	}
	files = args
	_ = recursive
	var res []*regexp.Regexp
	for _, p := range patterns {
		for _, pp := range strings.Split(p, "\n") {
			expr := pp
			switch {
			case fixed:
				expr = regexp.QuoteMeta(pp)
			case !ext:
				expr = breToRE2(pp)
			}
			if word {
				expr = `(?:^|\W)(` + expr + `)(?:$|\W)`
			}
			if line {
				expr = `^(?:` + expr + `)$`
			}
			if ignoreCase {
				expr = "(?i)" + expr
			}
			re, err := regexp.Compile(expr)
			if err != nil {
				t.errf("bad regex '%s': %v", pp, err)
				t.NotSimulated("grep regex error text")
				return 2
			}
			res = append(res, re)
		}
	}
	showName := (len(files) > 1 || withName) && !noName
	if len(files) == 0 {
		files = []string{"-"}
	}
	matchedAny := false
	status := 1
	for _, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			if !silent {
				if t.style == GNU {
					t.perrorf(err, "%s", f)
				} else {
					t.perrorf(err, "%s", f)
				}
			}
			status = 2
			continue
		}
		name := f
		if f == "-" {
			name = "(standard input)"
		}
		n := 0
		for i, ln := range splitLines(data) {
			if !t.Step("grep") {
				return 0
			}
			m := false
			var loc []int
			for _, re := range res {
				if l := re.FindStringIndex(ln); l != nil {
					m, loc = true, l
					break
				}
			}
			if m == invert {
				continue
			}
			n++
			matchedAny = true
			if quiet {
				return 0
			}
			if count || listFiles {
				continue
			}
			var b strings.Builder
			if showName {
				b.WriteString(name + ":")
			}
			if number {
				b.WriteString(strconv.Itoa(i+1) + ":")
			}
			if only && loc != nil && !invert {
				b.WriteString(ln[loc[0]:loc[1]])
			} else {
				b.WriteString(ln)
			}
			b.WriteByte('\n')
			io.WriteString(t.Stdout, b.String())
		}
		if count {
			if showName {
				fmt.Fprintf(t.Stdout, "%s:%d\n", name, n)
			} else {
				fmt.Fprintf(t.Stdout, "%d\n", n)
			}
		}
		if listFiles && n > 0 {
			fmt.Fprintln(t.Stdout, name)
		}
	}
	if matchedAny && status != 2 {
		return 0
	}
	if matchedAny {
		return 0
	}
	return status
}

// splitLines splits data into lines without their newlines (a final unterminated line
// counts).
func splitLines(data []byte) []string {
	s := string(data)
	if s == "" {
		return nil
	}
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}

// --- sort, uniq, cut, tr, seq, yes, tac, rev ------------------------------------------------

func sortMain(t *tool) int {
	var numeric, reverse, unique bool
	key := 0
	sep := ""
	var files []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) > 1 && a[0] == '-' {
			for k := 1; k < len(a); k++ {
				switch a[k] {
				case 'n':
					numeric = true
				case 'r':
					reverse = true
				case 'u':
					unique = true
				case 'k':
					v := a[k+1:]
					if v == "" && i+1 < len(args) {
						i++
						v = args[i]
					}
					key, _ = strconv.Atoi(strings.SplitN(v, ",", 2)[0])
					k = len(a)
				case 't':
					v := a[k+1:]
					if v == "" && i+1 < len(args) {
						i++
						v = args[i]
					}
					sep = v
					k = len(a)
				}
			}
			continue
		}
		files = append(files, a)
	}
	var lines []string
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			t.cantOpen(f, err)
			return 2
		}
		lines = append(lines, splitLines(data)...)
	}
	field := func(s string) string {
		if key <= 0 {
			return s
		}
		var fs []string
		if sep != "" {
			fs = strings.Split(s, sep)
		} else {
			fs = strings.Fields(s)
		}
		if key-1 < len(fs) {
			return strings.Join(fs[key-1:], " ")
		}
		return ""
	}
	less := func(a, b string) bool {
		fa, fb := field(a), field(b)
		if numeric {
			na, _ := strconv.ParseFloat(leadingNumber(fa), 64)
			nb, _ := strconv.ParseFloat(leadingNumber(fb), 64)
			if na != nb {
				return na < nb
			}
			return a < b
		}
		if fa != fb {
			return fa < fb
		}
		return a < b
	}
	sort.SliceStable(lines, func(i, j int) bool {
		if reverse {
			return less(lines[j], lines[i])
		}
		return less(lines[i], lines[j])
	})
	var out strings.Builder
	prev := "\x00"
	for _, l := range lines {
		if unique && l == prev {
			continue
		}
		prev = l
		out.WriteString(l + "\n")
	}
	io.WriteString(t.Stdout, out.String())
	return 0
}

func leadingNumber(s string) string {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || end == 0 && s[end] == '-') {
		end++
	}
	if end == 0 {
		return "0"
	}
	return s[:end]
}

func uniqMain(t *tool) int {
	var cnt, dup, uniqOnly bool
	var files []string
	for _, a := range t.Argv[1:] {
		switch a {
		case "-c":
			cnt = true
		case "-d":
			dup = true
		case "-u":
			uniqOnly = true
		default:
			files = append(files, a)
		}
	}
	f := "-"
	if len(files) > 0 {
		f = files[0]
	}
	data, err := t.readInput(f)
	if err != nil {
		t.cantOpen(f, err)
		return 1
	}
	lines := splitLines(data)
	var out strings.Builder
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && lines[j] == lines[i] {
			j++
		}
		n := j - i
		if (!dup || n > 1) && (!uniqOnly || n == 1) {
			if cnt {
				fmt.Fprintf(&out, "%7d %s\n", n, lines[i])
			} else {
				out.WriteString(lines[i] + "\n")
			}
		}
		i = j
	}
	io.WriteString(t.Stdout, out.String())
	return 0
}

func cutMain(t *tool) int {
	delim := "\t"
	var fields, chars string
	var files []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() string {
			if len(a) > 2 {
				return a[2:]
			}
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch {
		case strings.HasPrefix(a, "-d"):
			delim = val()
		case strings.HasPrefix(a, "-f"):
			fields = val()
		case strings.HasPrefix(a, "-c"), strings.HasPrefix(a, "-b"):
			chars = val()
		default:
			files = append(files, a)
		}
	}
	ranges := parseRanges(fields + chars)
	if ranges == nil {
		t.errf("expected a list of bytes, characters, or fields")
		t.NotSimulated("cut usage")
		return 1
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	var out strings.Builder
	for _, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			t.cantOpen(f, err)
			continue
		}
		for _, ln := range splitLines(data) {
			var parts []string
			if fields != "" {
				if !strings.Contains(ln, delim) {
					out.WriteString(ln + "\n")
					continue
				}
				parts = strings.Split(ln, delim)
			} else {
				for _, r := range ln {
					parts = append(parts, string(r))
				}
			}
			var sel []string
			for i, p := range parts {
				if inRanges(ranges, i+1) {
					sel = append(sel, p)
				}
			}
			if fields != "" {
				out.WriteString(strings.Join(sel, delim) + "\n")
			} else {
				out.WriteString(strings.Join(sel, "") + "\n")
			}
		}
	}
	io.WriteString(t.Stdout, out.String())
	return 0
}

func parseRanges(s string) [][2]int {
	if s == "" {
		return nil
	}
	var out [][2]int
	for _, part := range strings.Split(s, ",") {
		lo, hi := 1, 1<<30
		if a, b, ok := strings.Cut(part, "-"); ok {
			if a != "" {
				lo, _ = strconv.Atoi(a)
			}
			if b != "" {
				hi, _ = strconv.Atoi(b)
			}
		} else {
			n, err := strconv.Atoi(part)
			if err != nil {
				return nil
			}
			lo, hi = n, n
		}
		out = append(out, [2]int{lo, hi})
	}
	return out
}

func inRanges(r [][2]int, n int) bool {
	for _, x := range r {
		if n >= x[0] && n <= x[1] {
			return true
		}
	}
	return false
}

// trSet expands a tr set: ranges a-z, escapes, and [:class:].
func trSet(s string) []rune {
	s, _ = expandEscapes(s, false)
	classes := map[string]func(rune) bool{
		"[:upper:]": unicode.IsUpper, "[:lower:]": unicode.IsLower, "[:digit:]": unicode.IsDigit,
		"[:alpha:]": unicode.IsLetter, "[:space:]": unicode.IsSpace, "[:alnum:]": func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) },
		"[:punct:]": unicode.IsPunct,
	}
	var out []rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		matched := false
		for name, fn := range classes {
			if strings.HasPrefix(string(rs[i:]), name) {
				for r := rune(0); r < 128; r++ {
					if fn(r) {
						out = append(out, r)
					}
				}
				i += len(name) - 1
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if i+2 < len(rs) && rs[i+1] == '-' {
			for r := rs[i]; r <= rs[i+2]; r++ {
				out = append(out, r)
			}
			i += 2
			continue
		}
		out = append(out, rs[i])
	}
	return out
}

func trMain(t *tool) int {
	var del, squeeze bool
	var sets []string
	for _, a := range t.Argv[1:] {
		switch a {
		case "-d":
			del = true
		case "-s":
			squeeze = true
		case "-ds", "-sd":
			del, squeeze = true, true
		default:
			sets = append(sets, a)
		}
	}
	if len(sets) == 0 {
		t.NotSimulated("tr usage")
		return 1
	}
	data, _ := io.ReadAll(orEmpty(t.Stdin))
	s1 := trSet(sets[0])
	var s2 []rune
	if len(sets) > 1 {
		s2 = trSet(sets[1])
	}
	in1 := map[rune]int{}
	for i, r := range s1 {
		if _, ok := in1[r]; !ok {
			in1[r] = i
		}
	}
	var out []rune
	var last rune = -1
	for _, r := range string(data) {
		idx, ok := in1[r]
		if ok && del {
			continue
		}
		if ok && !del && len(s2) > 0 {
			if idx >= len(s2) {
				idx = len(s2) - 1
			}
			r = s2[idx]
		}
		if squeeze && r == last {
			sq := s1
			if len(s2) > 0 && !del {
				sq = s2
			}
			if containsRune(sq, r) {
				continue
			}
		}
		out = append(out, r)
		last = r
	}
	io.WriteString(t.Stdout, string(out))
	return 0
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func seqMain(t *tool) int {
	sep := "\n"
	width := false
	var nums []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-s" && i+1 < len(args):
			i++
			sep = args[i]
		case a == "-w":
			width = true
		default:
			nums = append(nums, a)
		}
	}
	first, incr, last := 1.0, 1.0, 0.0
	parse := func(s string) (float64, bool) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			if t.style == GNU {
				t.errf("invalid floating point argument: '%s'", s)
			} else {
				t.errf("invalid number '%s'", s)
			}
			return 0, false
		}
		return f, true
	}
	var ok bool
	switch len(nums) {
	case 1:
		if last, ok = parse(nums[0]); !ok {
			return 1
		}
	case 2:
		if first, ok = parse(nums[0]); !ok {
			return 1
		}
		if last, ok = parse(nums[1]); !ok {
			return 1
		}
	case 3:
		if first, ok = parse(nums[0]); !ok {
			return 1
		}
		if incr, ok = parse(nums[1]); !ok {
			return 1
		}
		if last, ok = parse(nums[2]); !ok {
			return 1
		}
	default:
		t.NotSimulated("seq usage")
		return 1
	}
	prec := 0
	for _, n := range nums {
		if i := strings.IndexByte(n, '.'); i >= 0 {
			prec = max(prec, len(n)-i-1)
		}
	}
	w := 0
	if width {
		w = len(strconv.FormatFloat(last, 'f', prec, 64))
	}
	var b strings.Builder
	n := 0
	for v := first; incr > 0 && v <= last || incr < 0 && v >= last; v += incr {
		if !t.Step("seq") {
			break
		}
		if n > 0 {
			b.WriteString(sep)
		}
		s := strconv.FormatFloat(v, 'f', prec, 64)
		for len(s) < w {
			s = "0" + s
		}
		b.WriteString(s)
		n++
		if b.Len() > 1<<16 {
			io.WriteString(t.Stdout, b.String())
			b.Reset()
		}
		if incr == 0 {
			break
		}
	}
	if n > 0 {
		b.WriteString("\n")
	}
	io.WriteString(t.Stdout, b.String())
	return 0
}

func yesMain(t *tool) int {
	s := "y"
	if len(t.Argv) > 1 {
		s = strings.Join(t.Argv[1:], " ")
	}
	line := strings.Repeat(s+"\n", max(1, 4096/(len(s)+1)))
	for {
		if !t.Step("yes") {
			return 0
		}
		if _, err := io.WriteString(t.Stdout, line); err != nil {
			return 1
		}
		if t.Killed() {
			return 1
		}
	}
}

func tacMain(t *tool) int {
	files := t.Argv[1:]
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			t.cantOpen(f, err)
			return 1
		}
		lines := splitLines(data)
		for i := len(lines) - 1; i >= 0; i-- {
			io.WriteString(t.Stdout, lines[i]+"\n")
		}
	}
	return 0
}

func revMain(t *tool) int {
	data, _ := io.ReadAll(orEmpty(t.Stdin))
	for _, l := range splitLines(data) {
		r := []rune(l)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		io.WriteString(t.Stdout, string(r)+"\n")
	}
	return 0
}

func exprMain(t *tool) int {
	args := t.Argv[1:]
	if len(args) == 3 {
		a, errA := strconv.ParseInt(args[0], 10, 64)
		b, errB := strconv.ParseInt(args[2], 10, 64)
		if errA == nil && errB == nil {
			var v int64
			switch args[1] {
			case "+":
				v = a + b
			case "-":
				v = a - b
			case "*":
				v = a * b
			case "/":
				if b == 0 {
					t.errf("division by zero")
					return 2
				}
				v = a / b
			case "%":
				if b == 0 {
					t.errf("division by zero")
					return 2
				}
				v = a % b
			default:
				t.NotSimulated("expr " + args[1])
				return 0
			}
			fmt.Fprintln(t.Stdout, v)
			if v == 0 {
				return 1
			}
			return 0
		}
	}
	t.NotSimulated("expr " + strings.Join(args, " "))
	return 0
}

// --- sed (s///, d, p, q with simple addresses) ---------------------------------------------

type sedCmd struct {
	addr   *regexp.Regexp
	line   int // 0 = none, -1 = $
	cmd    byte
	re     *regexp.Regexp
	repl   string
	global bool
	print  bool
	nth    int
}

func sedMain(t *tool) int {
	quietN, inPlace := false, false
	var scripts, files []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-n":
			quietN = true
		case a == "-i" || strings.HasPrefix(a, "-i"):
			inPlace = true
		case a == "-e" && i+1 < len(args):
			i++
			scripts = append(scripts, args[i])
		case a == "-E" || a == "-r":
		default:
			if len(scripts) == 0 {
				scripts = append(scripts, a)
			} else {
				files = append(files, a)
			}
		}
	}
	var cmds []sedCmd
	for _, s := range scripts {
		for _, part := range splitSed(s) {
			cmd, ok := parseSed(part)
			if !ok {
				t.NotSimulated("sed script " + part)
				return 0
			}
			cmds = append(cmds, cmd)
		}
	}
	run := func(data []byte) string {
		var out strings.Builder
		lines := splitLines(data)
		for i, ln := range lines {
			deleted := false
			quit := false
			for _, c := range cmds {
				if c.line > 0 && c.line != i+1 || c.line == -1 && i != len(lines)-1 || c.addr != nil && !c.addr.MatchString(ln) {
					continue
				}
				switch c.cmd {
				case 's':
					n := 0
					replaced := false
					ln = c.re.ReplaceAllStringFunc(ln, func(m string) string {
						n++
						if replaced && !c.global || c.nth > 0 && n != c.nth {
							return m
						}
						replaced = true
						return expandSedRepl(c.re, m, c.repl)
					})
					if replaced && c.print {
						out.WriteString(ln + "\n")
					}
				case 'd':
					deleted = true
				case 'p':
					out.WriteString(ln + "\n")
				case 'q':
					quit = true
				}
				if deleted {
					break
				}
			}
			if !deleted && !quietN {
				out.WriteString(ln + "\n")
			}
			if quit {
				break
			}
		}
		return out.String()
	}
	if len(files) == 0 {
		data, _ := io.ReadAll(orEmpty(t.Stdin))
		io.WriteString(t.Stdout, run(data))
		return 0
	}
	status := 0
	for _, f := range files {
		data, err := t.readInput(f)
		if err != nil {
			t.cantOpen(f, err)
			status = 2
			continue
		}
		if inPlace {
			if err := t.Sys.FS.WriteFile(t.Abs(f), []byte(run(data)), 0o644, t.Cred()); err != nil {
				t.cantOpen(f, err)
				status = 4
			}
			continue
		}
		io.WriteString(t.Stdout, run(data))
	}
	return status
}

func splitSed(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		// split on ';' outside s/// delimiters (simple heuristic: only when not inside s).
		var cur strings.Builder
		inS, delim, seps := false, byte(0), 0
		for i := 0; i < len(l); i++ {
			ch := l[i]
			if !inS && ch == 's' && i+1 < len(l) && cur.Len() == len(strings.TrimSpace(cur.String())) && !isAlnum(l[i+1]) {
				inS, delim, seps = true, l[i+1], 0
				cur.WriteByte(ch)
				continue
			}
			if inS && ch == delim && (i == 0 || l[i-1] != '\\') {
				seps++
				if seps == 3 {
					inS = false
				}
			}
			if !inS && ch == ';' {
				if strings.TrimSpace(cur.String()) != "" {
					out = append(out, strings.TrimSpace(cur.String()))
				}
				cur.Reset()
				continue
			}
			cur.WriteByte(ch)
		}
		if strings.TrimSpace(cur.String()) != "" {
			out = append(out, strings.TrimSpace(cur.String()))
		}
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func parseSed(s string) (sedCmd, bool) {
	var c sedCmd
	switch {
	case s == "":
		return c, false
	case s[0] == '$':
		c.line, s = -1, s[1:]
	case s[0] >= '0' && s[0] <= '9':
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		c.line, _ = strconv.Atoi(s[:i])
		s = s[i:]
	case s[0] == '/':
		end := strings.IndexByte(s[1:], '/')
		if end < 0 {
			return c, false
		}
		re, err := regexp.Compile(breToRE2(s[1 : end+1]))
		if err != nil {
			return c, false
		}
		c.addr, s = re, s[end+2:]
	}
	if s == "" {
		return c, false
	}
	c.cmd = s[0]
	switch c.cmd {
	case 'd', 'p', 'q':
		return c, len(strings.TrimSpace(s[1:])) == 0
	case 's':
		if len(s) < 4 {
			return c, false
		}
		d := s[1]
		parts := splitDelim(s[2:], d)
		if len(parts) != 3 {
			return c, false
		}
		flags := parts[2]
		expr := breToRE2(parts[0])
		for _, f := range flags {
			switch {
			case f == 'g':
				c.global = true
			case f == 'p':
				c.print = true
			case f == 'I' || f == 'i':
				expr = "(?i)" + expr
			case f >= '1' && f <= '9':
				c.nth = int(f - '0')
			default:
				return c, false
			}
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return c, false
		}
		c.re, c.repl = re, parts[1]
		return c, true
	}
	return c, false
}

func splitDelim(s string, d byte) []string {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == d {
			cur.WriteByte(d)
			i++
			continue
		}
		if s[i] == d {
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(s[i])
	}
	parts = append(parts, cur.String())
	return parts
}

func expandSedRepl(re *regexp.Regexp, m, repl string) string {
	sub := re.FindStringSubmatch(m)
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		switch {
		case repl[i] == '&':
			b.WriteString(m)
		case repl[i] == '\\' && i+1 < len(repl):
			i++
			if repl[i] >= '0' && repl[i] <= '9' {
				k := int(repl[i] - '0')
				if k < len(sub) {
					b.WriteString(sub[k])
				}
			} else if repl[i] == 'n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(repl[i])
			}
		default:
			b.WriteByte(repl[i])
		}
	}
	return b.String()
}

// readInput reads a file operand ("-" is stdin).
func (t *tool) readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(orEmpty(t.Stdin))
	}
	p := t.Abs(name)
	n, err := t.Sys.FS.Stat(p)
	if err != nil {
		return nil, err
	}
	if n.IsDir() {
		return nil, errIsDir
	}
	if n.Unverified {
		t.NotSimulated("read of " + p + ", whose content is not verified")
	}
	return t.Sys.FS.ReadFile(p)
}

func orEmpty(r io.Reader) io.Reader {
	if r == nil {
		return bytes.NewReader(nil)
	}
	return r
}
