package highlight

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

func TestLanguages(t *testing.T) {
	transcript := "root@debian:~/k8s/pod# kubectl get pods\nNAME   READY\n"
	for _, c := range []struct {
		lang, code, want string
	}{
		{"yml", "a: 1\n", "yaml"},
		{"YAML", "a: 1\n", "yaml"},
		{" yaml ", "a: 1\n", "yaml"},
		{"bash", transcript, "console"},
		{"sh", "kubectl apply -f pod.yaml\n", "bash"},
		{"shell", "# install\ncurl -LO x\n", "bash"},
		{"shell", "the Pod \"web\" is invalid\n", "console"}, // output shown after a command
		{"bash", "NAMESPACE   NAME   READY\n", "console"},
		{"console", "no prompt at all\n", "console"},
		{"shell-session", "$ ls\n", "console"},
		{"", transcript, "console"},
		{"", "just text\n", "plaintext"},
		{"text", "$ echo hi\nhi\n", "console"},
		{"text", "plain\n", "plaintext"},
		{"go", "package main\n", "go"},
		{"golang", "package main\n", "go"},
		{"json", "{}\n", "json"},
		{"dockerfile", "FROM nginx\n", "docker"},
		{"no-such-language", "x\n", "plaintext"},
		{"c++", "int x;\n", "cpp"},
	} {
		got := canonical(strings.ToLower(strings.TrimSpace(c.lang)), []byte(c.code), false).name
		if got != c.want {
			t.Errorf("language %q of %q = %q, want %q", c.lang, c.code, got, c.want)
		}
	}
}

// typesOf maps the text of each token, line by line, to its type (the
// first occurrence wins).
func typesOf(toks []chroma.Token) map[string]chroma.TokenType {
	m := map[string]chroma.TokenType{}
	for _, tk := range toks {
		for _, v := range strings.Split(tk.Value, "\n") {
			if _, seen := m[v]; !seen && v != "" {
				m[v] = tk.Type
			}
		}
	}
	return m
}

func TestTokenTypes(t *testing.T) {
	for _, c := range []struct {
		name string
		fn   func([]chroma.Token, string) []chroma.Token
		code string
		want map[string]chroma.TokenType
	}{
		{"console", TokenizeConsole, "root@debian:~/k8s/pod# kubectl get pods\nNAME   READY   STATUS\nnetwork-demo   1/2   Running\n", map[string]chroma.TokenType{
			"root@debian:~/k8s/pod#":       chroma.GenericPrompt,
			"NAME   READY   STATUS":        chroma.GenericOutput,
			"network-demo   1/2   Running": chroma.GenericOutput,
		}},
		{"console-heredoc", TokenizeConsole, "$ cat <<EOF > pod.yaml\napiVersion: v1\nkind: Pod\nEOF\n$ kubectl apply -f pod.yaml\npod/web created\n", map[string]chroma.TokenType{
			"$":               chroma.GenericPrompt,
			"<<":              chroma.Operator,
			"EOF":             chroma.LiteralStringHeredoc,
			"apiVersion":      chroma.NameTag,
			"Pod":             chroma.Literal,
			"pod/web created": chroma.GenericOutput,
		}},
		{"console-continuation", TokenizeConsole, "$ kubectl run web \\\n> --image=nginx\npod/web created\n", map[string]chroma.TokenType{
			">":               chroma.GenericPrompt,
			"\\":              chroma.LiteralStringEscape,
			"pod/web created": chroma.GenericOutput,
		}},
		{"console-session", TokenizeConsole, "$ kubectl exec -it web -- sh\n/ # ls /\nbin   etc\n/ # exit\n", map[string]chroma.TokenType{
			"/ #":       chroma.GenericPrompt,
			"bin   etc": chroma.GenericOutput,
			"exit":      chroma.NameBuiltin,
		}},
		{"shell", TokenizeShell, "#!/bin/sh\n# comment\nexport A=\"x $HOME\" # tail\nif [ -f a ]; then echo 'ok'; fi\nB=1 env | grep -c 2>/dev/null\n", map[string]chroma.TokenType{
			"#!/bin/sh":  chroma.CommentPreproc,
			"# comment":  chroma.CommentSingle,
			"export":     chroma.NameBuiltin,
			"$HOME":      chroma.NameVariable,
			"\"x ":       chroma.LiteralStringDouble,
			"# tail":     chroma.CommentSingle,
			"if":         chroma.Keyword,
			"'ok'":       chroma.LiteralStringSingle,
			"echo":       chroma.NameBuiltin,
			"B":          chroma.NameVariable,
			"|":          chroma.Punctuation,
			" grep -c 2": chroma.Text,
			">":          chroma.Operator,
		}},
	} {
		toks := c.fn(nil, c.code)
		if got := joinTokens(toks); got != c.code {
			t.Fatalf("%s: tokens do not reconstruct the code: %q", c.name, got)
		}
		got := typesOf(toks)
		for text, tt := range c.want {
			if g, ok := got[text]; !ok {
				t.Errorf("%s: no token %q in %v", c.name, text, toks)
			} else if g != tt {
				t.Errorf("%s: %q is %s, want %s", c.name, text, g, tt)
			}
		}
	}
}

// TestHighlightMarkup checks the <pre> element, chroma's classes and the
// absence of inline styles.
func TestHighlightMarkup(t *testing.T) {
	h := New(Options{MaxMemory: -1})
	r, err := h.Highlight(Block{Lang: "yml", Code: []byte("name: web # a <comment>\n"), LineNumbers: true, FirstLine: 9, Marked: [][2]int{{9, 9}}})
	if err != nil {
		t.Fatal(err)
	}
	want := `<pre class="chroma" tabindex="0"><code class="language-yaml" data-lang="yaml"><span class="line hl"><span class="ln">9</span><span class="cl">` +
		`<span class="nt">name</span><span class="p">:</span><span class="w"> </span><span class="l">web</span><span class="w"> </span><span class="c"># a &lt;comment&gt;</span><span class="w">` + "\n" +
		`</span></span></span></code></pre>`
	if r.HTML != want || r.Lang != "yaml" {
		t.Errorf("got %s %q\nwant %q", r.Lang, r.HTML, want)
	}
	for _, lang := range []string{"go", "python", "json", "console", "yaml", ""} {
		r, err := h.Highlight(Block{Lang: lang, Code: []byte("x = {\"a\": 1}\n")})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(r.HTML, "style=") {
			t.Errorf("%s: inline style in %s", lang, r.HTML)
		}
	}
}
