package site

import (
	"bytes"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// codeStylesheet writes the code highlighting CSS for the default theme's colour schemes:
// chroma's "github" style, and "github-dark" both under prefers-color-scheme: dark (unless
// the reader chose light) and under the toggle's data-theme="dark".
//
// This is a local adapter: internal/markdown/highlight documents a WriteCSS that does not
// exist yet; once it does, the theme's selectors are what it must scope dark rules to.
func codeStylesheet() []byte {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var light, dark bytes.Buffer
	if err := f.WriteCSS(&light, styles.Get("github")); err != nil {
		return nil
	}
	if err := f.WriteCSS(&dark, styles.Get("github-dark")); err != nil {
		return nil
	}
	var out bytes.Buffer
	out.WriteString("/* Code highlighting: chroma styles github (light) and github-dark (dark). */\n")
	out.Write(light.Bytes())
	// The dark style does not restate every token the light one colours: reset them first,
	// with a selector as specific as the dark rules that follow.
	const reset = ".chroma [class] { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit; }\n"
	out.WriteString("@media screen and (prefers-color-scheme: dark) {\n")
	out.WriteString(`:root:not([data-theme="light"]) ` + reset)
	out.WriteString(scopeCSS(dark.String(), `:root:not([data-theme="light"]) `))
	out.WriteString("}\n@media screen {\n")
	out.WriteString(`:root[data-theme="dark"] ` + reset)
	out.WriteString(scopeCSS(dark.String(), `:root[data-theme="dark"] `))
	out.WriteString("}\n")
	return out.Bytes()
}

// scopeCSS prefixes every selector of chroma's one-rule-per-line CSS.
func scopeCSS(css, prefix string) string {
	var b strings.Builder
	for _, line := range strings.Split(css, "\n") {
		i := strings.Index(line, "{")
		if i < 0 {
			if strings.TrimSpace(line) != "" {
				b.WriteString(line + "\n")
			}
			continue
		}
		sel := line[:i]
		comment := ""
		if j := strings.Index(sel, "*/"); j >= 0 {
			comment, sel = sel[:j+2], sel[j+2:]
		}
		parts := strings.Split(sel, ",")
		for k, p := range parts {
			parts[k] = prefix + strings.TrimSpace(p)
		}
		b.WriteString(comment + " " + strings.Join(parts, ", ") + " " + line[i:] + "\n")
	}
	return b.String()
}
