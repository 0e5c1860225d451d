// Package highlight owns code highlighting for docbuild: it turns a block of
// code into chroma's HTML (CSS classes, never inline styles), fast. It
// imports chroma/v2 (lexers, HTML formatter, styles) and internal/transcript.
//
// Three things make it fast without losing chroma's styles or languages:
//
//   - A content-keyed cache. The key is a SHA-256 of Version, the language
//     as written, the options and the code, so an unchanged block is never
//     highlighted twice: in memory (two generations under a byte budget,
//     for a long `serve`), and on disk between builds when
//     Options.CacheDir is set (a few pack files: each build appends its new
//     entries to one, whose index is read once; entries are checksummed,
//     corrupt ones are ignored and written again; see cache.go).
//   - Hand-written tokenizers for the languages Kubernetes tutorials are
//     made of: TokenizeYAML, TokenizeShell (scripts) and TokenizeConsole
//     (transcripts, whose lines internal/transcript classifies as prompt +
//     command, continuation, heredoc or output — the reading `check` uses).
//     chroma's regexp lexers cost about 1 µs per byte of YAML or shell;
//     these single-pass tokenizers cost a few nanoseconds per byte and emit
//     the token types chroma's YAML, Bash and Bash Session lexers emit.
//   - formatHTML, a byte-for-byte copy of what chroma's HTML formatter
//     writes with classes (tested against it on every corpus and fuzzed),
//     without its fmt.Sprintf per token.
//
// Every other language goes to chroma's lexers. Options.ChromaOnly and
// Options.ChromaFormatter switch the fast paths off, for comparisons.
//
// WriteCSS writes the light and dark stylesheets from chroma styles.
package highlight
