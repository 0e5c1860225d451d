package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/docbuild/docbuild/internal/markdown/highlight"
	"github.com/docbuild/docbuild/shortcodes"
)

// TestConcurrentRender parses and renders many posts from many goroutines
// with one Markdown (one highlight cache, on disk too): the HTML equals
// the HTML of a serial run. Run with -race.
func TestConcurrentRender(t *testing.T) {
	var posts [][]byte
	for i := range 24 {
		posts = append(posts, fmt.Appendf(nil, "## 第 %d 节\n\n```yaml\nname: pod-%d\n```\n\n```bash\n$ kubectl get pod pod-%d\nNAME\n```\n\n{%% note info %%}\n注意 %d\n{%% endnote %%}\n", i, i%5, i%3, i))
	}
	render := func(m *Markdown, src []byte) string {
		doc, err := m.Parse(src, WithFirstLine(3))
		if err != nil {
			t.Error(err)
			return ""
		}
		var b bytes.Buffer
		if err := m.Render(&b, doc); err != nil {
			t.Error(err)
		}
		return b.String()
	}
	serial := New(Options{Shortcodes: &shortcodes.Options{}, Highlight: highlight.Options{MaxMemory: -1}})
	want := make([]string, len(posts))
	for i, p := range posts {
		want[i] = render(serial, p)
	}
	m := New(Options{Shortcodes: &shortcodes.Options{}, Highlight: highlight.Options{CacheDir: t.TempDir()}})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range posts {
				i := (k + 5*g) % len(posts)
				if got := render(m, posts[i]); got != want[i] {
					t.Errorf("post %d differs when rendered concurrently", i)
					return
				}
			}
		}()
	}
	wg.Wait()
	if st := m.Highlighter().Stats(); st.MemoryHits == 0 {
		t.Errorf("no cache hits: %+v", st)
	}
}

func TestBadgeAndLines(t *testing.T) {
	m := New(Options{Shortcodes: &shortcodes.Options{}})
	src := []byte("text\n\n```yaml\na: 1\n```\n\n{% codeblock lang:bash %}\nls\n{% endcodeblock %}\n")
	doc, err := m.Parse(src, WithFirstLine(11))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var b bytes.Buffer
	err = m.Render(&b, doc, WithBadge(func(line int) string {
		lines = append(lines, line)
		return fmt.Sprintf(`<span class="badge">%d</span>`, line)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(lines) != "[13 17]" {
		t.Errorf("badge lines %v, want [13 17] (the fence and the tag, as file lines)", lines)
	}
	for _, s := range []string{`data-line="13"`, `<span class="badge">13</span><pre`, `data-line="17"`, `<span class="badge">17</span><pre`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("output lacks %s:\n%s", s, b.String())
		}
	}
	cbs := m.CodeBlocks(doc)
	if len(cbs) != 2 || cbs[0].Line != 13 || cbs[1].Line != 17 || cbs[1].Lang != "bash" || string(cbs[1].Code) != "ls" {
		t.Errorf("CodeBlocks = %+v", cbs)
	}
}

func TestTagErrors(t *testing.T) {
	m := New(Options{Shortcodes: &shortcodes.Options{}})
	doc, err := m.Parse([]byte("ok\n\n{% nosuchtag %}\n\n{% note info %}\nunclosed\n"), WithFirstLine(20))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Errors {
		got = append(got, fmt.Sprintf("%d", e.Line))
	}
	if strings.Join(got, ",") != "22,24" {
		t.Errorf("error lines %v (%v), want 22,24", got, doc.Errors)
	}
	// Without Options.Shortcodes the caller collects tag errors itself.
	plain := New(Options{})
	doc, _ = plain.Parse([]byte("{% nosuchtag %}\n"))
	if len(doc.Errors) != 0 {
		t.Errorf("errors without shortcodes: %v", doc.Errors)
	}
}

func TestRenderCode(t *testing.T) {
	m := New(Options{CopyButton: true})
	var b bytes.Buffer
	w := newBufWriter(&b)
	if err := m.RenderCode(w, CodeBlock{Lang: "yaml", Code: []byte("# svc.yaml\nkind: Service\n"), Line: 4}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	for _, s := range []string{`<figure class="highlight yaml" data-lang="yaml" data-line="4" data-file="svc.yaml">`, `<figcaption><span>svc.yaml</span></figcaption>`, `class="copy-code"`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("RenderCode output lacks %s:\n%s", s, b.String())
		}
	}
}

func newBufWriter(b *bytes.Buffer) *bufio.Writer { return bufio.NewWriter(b) }
