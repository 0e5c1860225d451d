// Package highlight owns code highlighting for docbuild: it turns a block of
// code into chroma's HTML (CSS classes, never inline styles), fast. It
// imports chroma/v2 (lexers, HTML formatter, styles) and nothing of
// docbuild's.
//
// Two things make it fast. A content-keyed cache: the key is a SHA-256 of
// Version, the language, the options and the code, so an unchanged block
// is never highlighted twice — in memory for `serve`, and on disk between
// builds when Options.CacheDir is set. And hand-written tokenizers for the
// languages Kubernetes tutorials are made of: TokenizeYAML, TokenizeShell
// (scripts) and TokenizeConsole (transcripts: prompt, command, output).
// chroma's regexp lexers cost about 1 µs per byte of YAML or shell; these
// single-pass tokenizers emit the same chroma token types into chroma's own
// HTML formatter, so the output keeps chroma's classes and styles. Every
// other language goes to chroma's lexers (Options.ChromaOnly sends all of
// them there, for comparisons).
//
// WriteCSS writes the light and dark stylesheets from chroma styles.
package highlight
