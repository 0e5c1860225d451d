// Package markdown owns the one configured goldmark of docbuild: how a
// post's Markdown body becomes an AST (parsed once, then rendered by
// internal/site and walked by verify) and how that AST becomes HTML,
// code blocks included. It imports goldmark and its extensions, chroma
// (through the sub-package highlight) and, through the Extensions option,
// the Hexo tags of package shortcodes.
//
// # Markdown
//
// CommonMark plus GFM (tables, strikethrough, autolinks, task lists),
// footnotes, the CJK extension and raw HTML passed through. Hexo-specific
// behaviour follows hexo-renderer-marked 7.0.1, whose sources were read for
// each rule:
//
//   - Options.HexoBreaks: a single newline inside a paragraph is a <br>
//     (marked `breaks: true`, Hexo's default). Off, soft breaks follow
//     CommonMark, and a break between two East Asian wide characters
//     renders as nothing, so wrapped Chinese text does not get spaces.
//   - Heading ids are Hexo's (see heading.go): "## 一、 Pod 概念" gets
//     id="一、-Pod-概念", repeats get "-1", "-2"…; every heading carries
//     Hexo's empty `<a class="headerlink">` so themes written for Hexo
//     keep working and old anchors keep pointing at the same heading.
//   - Options.Smartypants reproduces marked's smartypants (Hexo's default).
//   - Tables accept the minimal separator |--|--| and cells that start
//     with a tab; fenced code inside list items loses the fence's
//     indentation; ``` yml (info string after a space) works; {{ }} in
//     prose is plain text.
//   - <!-- more --> ends the excerpt (Doc.More, RenderExcerpt).
//
// # Code blocks
//
// Fenced and indented code blocks are rendered by this package's node
// renderer (goldmark's is replaced, nothing is patched afterwards). The
// info string gives the language, then either attributes —
// ```yaml title="pod.yaml" linenos start=5 hl_lines="2-3" (file= and
// filename= too) — or Hexo's ```lang [caption] [url] [link text]. The file
// name also comes from ```yaml:pod.yaml or a first-line comment
// (# pod.yaml, # File: pod.yaml). A block right after
// <!-- docbuild: setup --> is not shown (check runs it). The markup:
//
//	<figure class="highlight yaml" data-lang="yaml" data-line="46" data-file="pod.yaml">
//	<figcaption><span>pod.yaml</span><a href="URL">link text</a></figcaption>
//	BADGE
//	<pre class="chroma" tabindex="0"><code class="language-yaml" data-lang="yaml">
//	<span class="line"><span class="ln">1</span><span class="cl">…tokens…</span></span>…
//	</code></pre>
//	<button type="button" class="copy-code" aria-label="Copy code" hidden>Copy</button>
//	</figure>
//
// In that markup:
//
//   - class "highlight LANG" on the figure is Hexo's and NexT's hook; LANG
//     and data-lang are the canonical language: yaml, console (a shell
//     transcript, or the output of a command), bash (a script), plaintext,
//     or chroma's first alias of the language (go, json, python…).
//   - data-line is the file line of the opening fence (see WithFirstLine):
//     the `check` badge of the block attaches to it; WithBadge inserts a
//     badge at BADGE at render time.
//   - data-file and the figcaption appear only when a file name or caption
//     is known; the link only with Hexo's url form.
//   - Inside <pre>, chroma's own HTML formatter writes one
//     <span class="line"> per line with a <span class="cl"> holding the
//     tokens, each a <span class="CLASS"> with chroma's short class names
//     (nt key, s2 string, m number, c comment, gp prompt, go output…).
//     Line numbers (Options.LineNumbers or linenos) are
//     <span class="ln">N</span> before the "cl" span, marked lines
//     (hl_lines=, mark=) get class "line hl". Never inline styles:
//     WriteCSS writes the stylesheets.
//   - The copy button is written (hidden) when Options.CopyButton is set;
//     the theme's script un-hides it and copies the <code> text.
//
// # Why hand-written tokenizers
//
// Highlighting is the cost of a build: goldmark renders 1,000 seed-like
// posts in about 0.24 s on two cores, but chroma's regexp lexers spend about
// 1 µs per byte of YAML or shell, several seconds for the same posts. The
// sub-package highlight therefore keeps a content-keyed cache (in memory,
// and on disk between builds with Highlight.CacheDir) and tokenizes the two
// languages these posts are made of, YAML and shell transcripts, with
// single-pass tokenizers that emit chroma's token types into chroma's HTML
// formatter: the markup and the styles stay chroma's, every other language
// still goes to chroma's lexers. The transcript tokenizer also tells
// prompts, commands and outputs apart, which chroma's bash lexer cannot.
package markdown
