// Package markdown owns the one configured goldmark of docbuild: how a
// post's Markdown body becomes an AST (parsed once, then rendered by
// internal/site and walked by verify) and how that AST becomes HTML, code
// blocks included. It imports goldmark and its extensions, package
// shortcodes (the Hexo tags), and, through its sub-package highlight,
// chroma and internal/transcript.
//
// # Use
//
//	m := markdown.New(markdown.Options{HexoBreaks: true, Shortcodes: &shortcodes.Options{…}})
//	doc, err := m.Parse(body, markdown.WithFirstLine(p.BodyLine), markdown.WithPost(p.Rel))
//	// doc.TOC, doc.More, doc.Errors, m.CodeBlocks(doc)
//	err = m.Render(w, doc, markdown.WithBadge(badgeFor))
//	err = m.RenderExcerpt(w, doc)
//	err = markdown.WriteCSS(cssFile, "github", "github-dark")
//
// A Markdown is safe for concurrent use; a Doc is read-only once parsed.
//
// # Markdown
//
// CommonMark plus GFM (tables, strikethrough, autolinks, task lists),
// footnotes, the CJK extension's escaped space, and raw HTML passed
// through. Hexo-specific behaviour follows hexo-renderer-marked 7.0.1 (and
// hexo-util 3.3.0), whose sources were read for each rule:
//
//   - Options.HexoBreaks: a single newline inside a paragraph is a <br>
//     (marked `breaks: true`, Hexo's default). Off, soft breaks follow
//     CommonMark, except that a break between two East Asian full-width or
//     wide characters renders as nothing (CSS Text 3's segment break rule),
//     so wrapped Chinese text gets no stray spaces.
//   - Heading ids are Hexo's (heading.go): "## 一、 Pod 概念" gets
//     id="一、-Pod-概念", repeats get "-1", "-2"…, so old anchors keep
//     working; testdata/heading-ids.txtar holds ids produced by Hexo itself.
//     Each heading carries Hexo's empty <a class="headerlink"> for themes.
//   - Options.Smartypants reproduces marked's smartypants (Hexo's default).
//   - Emphasis follows the CJK-friendly amendment of CommonMark (cjk.go):
//     **说明：**后面 is bold, where CommonMark, marked and so Hexo print the
//     asterisks. Text without CJK characters parses exactly as CommonMark
//     says; Options.StrictEmphasis turns the amendment off.
//   - Tables accept the minimal separator |--|--| and cells that start
//     with a tab; alignment is an align attribute, as marked writes it.
//     Fenced code inside list items loses the fence's indentation;
//     ``` yml (info string after a space) works; {{ }} in prose is text.
//   - <!-- more --> ends the excerpt (Doc.More, RenderExcerpt).
//   - With Options.Shortcodes, Hexo and NexT tags are AST nodes (package
//     shortcodes); their errors are in Doc.Errors with file lines.
//
// # Code blocks
//
// Fenced and indented code blocks, and the code of {% codeblock %} and
// {% include_code %}, are rendered by this package's node renderer
// (goldmark's is replaced; nothing is patched afterwards). The info string
// gives the language, then either attributes —
// ```yaml title="pod.yaml" linenos start=5 hl_lines="2-3" (file= and
// filename= too, optionally in braces) — or Hexo's ```lang [caption] [url]
// [link text]. The file name also comes from ```yaml:pod.yaml or a
// first-line comment (# pod.yaml, # File: pod.yaml). A block right after
// <!-- docbuild: setup --> is not shown (check runs it). CodeBlocks lists
// all of them with their file lines, for `check`. The markup:
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
//     transcript, or the output of a command shown elsewhere), bash (a
//     script), plaintext, or chroma's first alias of the language (go,
//     json, python, docker…).
//   - data-line is the file line of the opening fence or tag (see
//     WithFirstLine): the `check` badge of the block attaches to it;
//     WithBadge inserts a badge at BADGE at render time.
//   - data-file and the figcaption appear only when a file name or caption
//     is known; the link only with Hexo's url form.
//   - Inside <pre>, one <span class="line"> per line holds a
//     <span class="cl"> with the tokens, each a <span class="CLASS"> with
//     chroma's short class names (nt key, s2 string, m number, c comment,
//     gp prompt, go output…): exactly what chroma's HTML formatter writes
//     with classes. Line numbers (Options.LineNumbers or linenos) are
//     <span class="ln">N</span> before the "cl" span; marked lines
//     (hl_lines=, mark=) get class "line hl". Never inline styles:
//     WriteCSS writes the stylesheets.
//   - The copy button is written, hidden, when Options.CopyButton is set;
//     the theme's script un-hides it and copies the text of the "cl" spans
//     (so line numbers are not copied).
//
// # Why hand-written tokenizers
//
// Highlighting is the cost of a build: goldmark renders 1,000 seed-like
// posts in about 0.24 s on two cores, but chroma's regexp lexers spend about
// 1 µs per byte of YAML or shell — several seconds for the same posts, and
// chroma's HTML formatter another 0.15 µs per byte. The sub-package
// highlight therefore keeps a content-keyed cache (in memory, and on disk
// between builds with Highlight.CacheDir), tokenizes the two languages
// these posts are made of, YAML and shell transcripts, with single-pass
// tokenizers that emit chroma's token types (the transcript lines told apart
// by internal/transcript, as `check` reads them), and writes the HTML with a
// byte-for-byte copy of chroma's formatter. The markup and the styles stay
// chroma's; every other language still goes to chroma's lexers.
package markdown
