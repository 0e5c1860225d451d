package highlight

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// Version is mixed into every cache key. Bump it whenever the HTML produced
// for the same input changes (tokenizer fixes, markup changes, chroma
// upgrades), so that stale entries of an on-disk cache are never served.
const Version = "docbuild-highlight-3 chroma-v2.27.0"

// Options configures a Highlighter.
type Options struct {
	// CacheDir, when not empty, is a directory where highlighted blocks are
	// kept between builds (created on first write). Entries are written
	// atomically; unreadable or corrupt entries are ignored and rewritten.
	CacheDir string
	// MaxMemory bounds the in-memory cache, in bytes of HTML
	// (default 64 MiB; negative disables the in-memory cache).
	MaxMemory int64
	// ChromaOnly disables the hand-written tokenizers, so every language
	// goes through chroma's lexers (for comparisons and benchmarks).
	ChromaOnly bool
	// ChromaFormatter writes the HTML with chroma's own formatter instead
	// of formatHTML, its byte-for-byte faster copy (for comparisons and
	// benchmarks).
	ChromaFormatter bool
}

// Block is one piece of code to highlight.
type Block struct {
	// Lang is the language as the author wrote it (an info string's first
	// word, a codeblock's lang: argument); empty when untagged.
	Lang string
	// Code is the code, each line ending with "\n" (a missing final
	// newline is tolerated).
	Code []byte
	// LineNumbers shows a line number in front of every line.
	LineNumbers bool
	// FirstLine is the number of the first line when LineNumbers is set
	// (0 means 1).
	FirstLine int
	// Marked lists line ranges (1-based, inclusive, relative to the block)
	// drawn highlighted.
	Marked [][2]int
}

// Result is a highlighted block.
type Result struct {
	// HTML is the <pre class="chroma"> element; see the package doc.
	HTML string
	// Lang is the canonical language name used in the markup
	// ("yaml", "console", "bash", "go", "plaintext", …).
	Lang string
}

// Stats counts cache activity since the Highlighter was made.
type Stats struct {
	MemoryHits, DiskHits, Misses int64
	// DiskErrors counts cache files that could not be written, or were
	// found corrupt and ignored.
	DiskErrors int64
}

// Highlighter turns code into HTML with chroma's CSS classes. It is safe for
// concurrent use; its cache is shared by all callers.
type Highlighter struct {
	opts  Options
	cache *cache
	plain *chromahtml.Formatter // no line numbers
	lined *chromahtml.Formatter // with line numbers
	style *chroma.Style
	// scratch holds *scratch values reused across calls.
	scratch sync.Pool
}

// New returns a Highlighter.
func New(opts Options) *Highlighter {
	if opts.MaxMemory == 0 {
		opts.MaxMemory = 64 << 20
	}
	return &Highlighter{
		opts:  opts,
		cache: newCache(opts.MaxMemory, opts.CacheDir),
		plain: newFormatter(false, 1, nil),
		lined: newFormatter(true, 1, nil),
		// With classes, chroma's formatter only needs a style to look up
		// inline styles it never writes; any registered style will do.
		style: styles.Get("github"),
	}
}

// Stats reports the cache counters.
func (h *Highlighter) Stats() Stats { return h.cache.stats() }

// noPre makes chroma's formatter write only the lines: the <pre> and <code>
// elements are written by Highlight, which knows the language.
type noPre struct{}

func (noPre) Start(code bool, styleAttr string) string { return "" }
func (noPre) End(code bool) string                     { return "" }

// sortedRanges returns the ranges sorted as chroma's HighlightLines sorts
// them (by start), without touching the caller's slice.
func sortedRanges(r [][2]int) [][2]int {
	if len(r) < 2 {
		return r
	}
	c := slices.Clone(r)
	slices.SortStableFunc(c, func(a, b [2]int) int { return a[0] - b[0] })
	return c
}

func newFormatter(lineNumbers bool, base int, marked [][2]int) *chromahtml.Formatter {
	o := []chromahtml.Option{
		chromahtml.WithClasses(true),
		chromahtml.WithPreWrapper(noPre{}),
		chromahtml.WithLineNumbers(lineNumbers),
		chromahtml.BaseLineNumber(base),
	}
	if len(marked) > 0 {
		o = append(o, chromahtml.HighlightLines(marked))
	}
	return chromahtml.New(o...)
}

// Highlight returns the HTML for b, from the cache when the same language,
// code and options were highlighted before (in this process, or in an
// earlier build when Options.CacheDir is set).
func (h *Highlighter) Highlight(b Block) (Result, error) {
	lang := canonical(b.Lang, b.Code, h.opts.ChromaOnly)
	key := h.key(lang, b)
	if html, ok := h.cache.get(key); ok {
		return Result{HTML: html, Lang: lang.name}, nil
	}
	sc, _ := h.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	sc.buf.Reset()
	sc.buf.Grow(len(b.Code)*8 + 256)
	err := h.render(sc, lang, b)
	html := sc.buf.String()
	if cap(sc.toks) <= 1<<16 {
		clear(sc.toks[:cap(sc.toks)]) // drop references to the code
		h.scratch.Put(sc)
	}
	if err != nil {
		return Result{}, err
	}
	h.cache.put(key, html)
	return Result{HTML: html, Lang: lang.name}, nil
}

func (h *Highlighter) key(lang language, b Block) [32]byte {
	d := sha256.New()
	var hdr [8]byte
	io.WriteString(d, Version)
	d.Write([]byte{0})
	io.WriteString(d, lang.name)
	d.Write([]byte{0, byte(lang.kind)})
	if b.LineNumbers {
		binary.LittleEndian.PutUint64(hdr[:], uint64(max(b.FirstLine, 1)))
		d.Write(hdr[:])
	}
	d.Write([]byte{byte(len(b.Marked))})
	for _, r := range b.Marked {
		binary.LittleEndian.PutUint32(hdr[:4], uint32(r[0]))
		binary.LittleEndian.PutUint32(hdr[4:], uint32(r[1]))
		d.Write(hdr[:])
	}
	d.Write(b.Code)
	var k [32]byte
	d.Sum(k[:0])
	return k
}

// scratch is the reusable memory of one Highlight call.
type scratch struct {
	buf  bytes.Buffer
	toks []chroma.Token
}

func (h *Highlighter) render(sc *scratch, lang language, b Block) error {
	code := string(b.Code)
	if code != "" && !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	toks := tokenize(sc.toks[:0], lang, code)
	sc.toks = toks
	buf := &sc.buf

	buf.WriteString(`<pre class="chroma" tabindex="0"><code class="language-`)
	buf.WriteString(lang.name)
	buf.WriteString(`" data-lang="`)
	buf.WriteString(lang.name)
	buf.WriteString(`">`)
	if h.opts.ChromaFormatter {
		f := h.plain
		switch {
		case len(b.Marked) > 0 || (b.LineNumbers && b.FirstLine > 1):
			f = newFormatter(b.LineNumbers, max(b.FirstLine, 1), sortedRanges(b.Marked))
		case b.LineNumbers:
			f = h.lined
		}
		if err := f.Format(buf, h.style, chroma.Literator(toks...)); err != nil {
			return err
		}
	} else {
		formatHTML(buf, toks, b.LineNumbers, max(b.FirstLine, 1), sortedRanges(b.Marked))
	}
	buf.WriteString("</code></pre>")
	return nil
}

// kind says which tokenizer handles a language.
type kind uint8

const (
	kindPlain   kind = iota // no highlighting, escaped text
	kindYAML                // fast YAML tokenizer
	kindShell               // fast shell tokenizer, script mode
	kindConsole             // fast shell tokenizer, transcript mode
	kindChroma              // chroma's lexer for name
)

type language struct {
	name  string // canonical name in the markup
	kind  kind
	lexer chroma.Lexer
}

// shellNames are the info strings of shell code and shell transcripts.
var shellNames = map[string]bool{
	"sh": true, "bash": true, "shell": true, "zsh": true, "ksh": true,
	"console": true, "shell-session": true, "shellsession": true,
	"bash-session": true, "sh-session": true, "terminal": true, "shellscript": true,
}

// sessionNames always mean a transcript, prompts or not.
var sessionNames = map[string]bool{
	"console": true, "shell-session": true, "shellsession": true,
	"bash-session": true, "sh-session": true, "terminal": true,
}

var plainNames = map[string]bool{
	"": true, "text": true, "txt": true, "plain": true, "plaintext": true,
	"none": true, "nohighlight": true, "output": true, "log": true,
}

// canonical resolves the author's language name. Shell blocks are
// transcripts when a line starts with a prompt; untagged and text blocks
// too (they are highlighted only when they are transcripts).
func canonical(lang string, code []byte, chromaOnly bool) language {
	l := strings.ToLower(strings.TrimSpace(lang))
	switch {
	case plainNames[l]:
		if !chromaOnly && isTranscript(code) {
			return language{name: "console", kind: kindConsole}
		}
		return language{name: "plaintext", kind: kindPlain}
	case chromaOnly:
		// fall through to chroma below
	case l == "yaml" || l == "yml":
		return language{name: "yaml", kind: kindYAML}
	case shellNames[l]:
		if sessionNames[l] || hasPrompt(code) || !looksLikeScript(code) {
			return language{name: "console", kind: kindConsole}
		}
		return language{name: "bash", kind: kindShell}
	}
	lx := lexers.Get(l)
	if lx == nil {
		return language{name: "plaintext", kind: kindPlain}
	}
	name := strings.ToLower(lx.Config().Name)
	if a := lx.Config().Aliases; len(a) > 0 {
		name = a[0]
	}
	switch name {
	case "bash-session":
		name = "console"
	case "text":
		name = "plaintext"
	}
	return language{name: sanitizeClass(name), kind: kindChroma, lexer: chroma.Coalesce(lx)}
}

// sanitizeClass keeps a language name safe inside a class attribute.
func sanitizeClass(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '+' || c == '.' || c == '#') {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

func tokenize(dst []chroma.Token, lang language, code string) []chroma.Token {
	switch lang.kind {
	case kindYAML:
		return TokenizeYAML(dst, code)
	case kindShell:
		return TokenizeShell(dst, code)
	case kindConsole:
		return TokenizeConsole(dst, code)
	case kindChroma:
		it, err := lang.lexer.Tokenise(nil, code)
		if err != nil {
			break
		}
		return it.Tokens()
	}
	return append(dst, chroma.Token{Type: chroma.Text, Value: code})
}

// ChromaTokens tokenizes code with chroma's own lexer for lang (nil when
// chroma has none); tests compare the fast tokenizers with it.
func ChromaTokens(lang, code string) []chroma.Token {
	lx := lexers.Get(lang)
	if lx == nil {
		return nil
	}
	it, err := chroma.Coalesce(lx).Tokenise(nil, code)
	if err != nil {
		return nil
	}
	return it.Tokens()
}
