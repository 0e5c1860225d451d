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

	"github.com/docbuild/docbuild/internal/transcript"
)

// Version is mixed into every cache key. Bump it whenever the HTML produced
// for the same input changes (tokenizer fixes, markup changes, chroma
// upgrades), so that stale entries of an on-disk cache are never served.
const Version = "docbuild-highlight-4 chroma-v2.27.0"

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

// Flush writes the blocks highlighted since the last Flush to the disk
// cache (Options.CacheDir) as one pack file; call it at the end of a build.
// Without it they are not kept. It is a no-op without a CacheDir.
func (h *Highlighter) Flush() error { return h.cache.flush() }

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
	l := strings.ToLower(strings.TrimSpace(b.Lang))
	key := h.key(l, b)
	if v, ok := h.cache.get(key); ok {
		lang, html, _ := strings.Cut(v, "\n")
		return Result{HTML: html, Lang: lang}, nil
	}
	lang := canonical(l, b.Code, h.opts.ChromaOnly)
	sc, _ := h.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	sc.buf.Reset()
	sc.buf.Grow(len(b.Code)*8 + 256)
	// The cached value is the language, a newline, then the HTML.
	sc.buf.WriteString(lang.name)
	sc.buf.WriteByte('\n')
	err := h.render(sc, lang, b)
	v := sc.buf.String()
	if cap(sc.toks) <= 1<<16 {
		clear(sc.toks[:cap(sc.toks)]) // drop references to the code
		h.scratch.Put(sc)
	}
	if err != nil {
		return Result{}, err
	}
	h.cache.put(key, v)
	return Result{HTML: v[len(lang.name)+1:], Lang: lang.name}, nil
}

// key is the cache key of a block: everything the HTML depends on. The
// language is the author's (lower-cased): the canonical one is derived
// from it and the code, so it need not be computed for a cache hit.
func (h *Highlighter) key(lang string, b Block) [32]byte {
	d := sha256.New()
	var hdr [8]byte
	io.WriteString(d, Version)
	d.Write([]byte{0})
	io.WriteString(d, lang)
	var flags byte
	if h.opts.ChromaOnly {
		flags |= 1
	}
	if h.opts.ChromaFormatter {
		flags |= 2
	}
	if b.LineNumbers {
		flags |= 4
	}
	d.Write([]byte{0, flags})
	if b.LineNumbers {
		binary.LittleEndian.PutUint64(hdr[:], uint64(max(b.FirstLine, 1)))
		d.Write(hdr[:])
	}
	binary.LittleEndian.PutUint32(hdr[:4], uint32(len(b.Marked)))
	d.Write(hdr[:4])
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
	lexer chroma.Lexer           // kindChroma
	tr    *transcript.Transcript // kindConsole
}

// shellName reports the info strings of shell code and transcripts.
func shellName(l string) bool {
	switch l {
	case "sh", "bash", "shell", "zsh", "ksh", "shellscript":
		return true
	}
	return sessionName(l)
}

// sessionName reports the info strings that always mean a transcript.
func sessionName(l string) bool {
	switch l {
	case "console", "shell-session", "shellsession", "bash-session", "sh-session", "terminal":
		return true
	}
	return false
}

// plainName reports the info strings of text that is not highlighted
// (unless it is a transcript).
func plainName(l string) bool {
	switch l {
	case "", "text", "txt", "plain", "plaintext", "none", "nohighlight", "output", "log":
		return true
	}
	return false
}

// canonical resolves the author's language name (lower-cased). Shell
// blocks are transcripts when internal/transcript finds a command typed at
// a prompt, outputs when their first line is not a command, scripts
// otherwise; untagged and text blocks are highlighted only when they are
// transcripts.
func canonical(l string, code []byte, chromaOnly bool) language {
	switch {
	case plainName(l):
		if !chromaOnly {
			if tr := transcript.Lex(string(code)); hasCommand(tr) {
				return language{name: "console", kind: kindConsole, tr: tr}
			}
		}
		return language{name: "plaintext", kind: kindPlain}
	case chromaOnly:
		// chroma's lexer below
	case l == "yaml" || l == "yml":
		return language{name: "yaml", kind: kindYAML}
	case shellName(l):
		tr := transcript.Lex(string(code))
		if sessionName(l) || hasCommand(tr) || !looksLikeScript(code) {
			return language{name: "console", kind: kindConsole, tr: tr}
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
		if lang.tr == nil {
			return TokenizeConsole(dst, code)
		}
		return tokenizeTranscript(dst, code, lang.tr)
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
