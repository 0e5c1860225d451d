package extract

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"sigs.k8s.io/yaml"

	"github.com/docbuild/docbuild/internal/markdown"
	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/internal/transcript"
	"github.com/docbuild/docbuild/shortcodes"
)

// Options configure how posts are read.
type Options struct {
	// Site is the configuration of the site the posts belong to (internal/page.LoadConfig):
	// the front matter is read with it, and {% include_code %} reads the site's code
	// directory (Hexo's code_dir under the source directory) as the build does. nil reads a
	// post on its own, with the default configuration and no code directory.
	Site *page.Config
	// Markdown are the Markdown options of the site's build (internal/site.MarkdownOptions),
	// so that check parses a post as the build does; the Hexo tags (Shortcodes) are set
	// from Site.
	Markdown markdown.Options
}

// Reader reads posts as scenarios. It is safe for concurrent use.
type Reader struct {
	site *page.Config
	md   *markdown.Markdown
}

// NewReader returns a Reader configured by o.
func NewReader(o Options) *Reader {
	mo := o.Markdown
	sc := shortcodes.Options{AllowUnknown: true}
	if o.Site != nil {
		sc.Code, sc.CodeDir = CodeDir(o.Site)
		sc.Root = o.Site.Root
	}
	mo.Shortcodes = &sc
	return &Reader{site: o.Site, md: markdown.New(mo)}
}

// CodeDir returns the code directory of a site as the build reads it: Hexo's code_dir
// (default downloads/code) under the source directory, and its URL path. fsys is nil when the
// directory does not exist.
func CodeDir(cfg *page.Config) (fsys fs.FS, dir string) {
	dir = "downloads/code"
	if v, ok := cfg.Params["code_dir"].(string); ok && strings.Trim(v, "/") != "" {
		dir = strings.Trim(v, "/")
	}
	full := filepath.Join(cfg.Dir, cfg.SourceDir, filepath.FromSlash(dir))
	if info, err := os.Stat(full); err != nil || !info.IsDir() {
		return nil, dir
	}
	return os.DirFS(full), dir
}

// Extract reads a post (the whole file: front matter and body) as a scenario with the default
// options (a post on its own). See Reader.Extract.
func Extract(file string, src []byte) *Scenario {
	return NewReader(Options{}).Extract(file, src)
}

// Extract reads a post (the whole file: front matter and body) as a scenario. It never fails:
// what cannot be read becomes a Finding with its line. A binary file gives one error finding.
func (r *Reader) Extract(file string, src []byte) *Scenario {
	sc := &Scenario{Path: file, Aliases: map[string]string{}}
	if isBinary(src) {
		sc.Findings = append(sc.Findings, Finding{Line: 1, Severity: "error", Class: "unreadable", Msg: "binary file (NUL bytes), not a post"})
		return sc
	}
	sc.Lines, _ = transcript.SplitLines(string(src))
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:firstInvalid(src)], []byte{'\n'})
		sc.Findings = append(sc.Findings, Finding{Line: line, Severity: "warning", Msg: "invalid UTF-8; invalid bytes are read as U+FFFD"})
	}
	pg, err := page.Parse(file, src, r.site)
	if err != nil {
		for _, e := range splitErrors(err) {
			f := Finding{Line: 1, Severity: "warning", Msg: e.Error()}
			if pe, ok := e.(*page.Error); ok {
				f.Line, f.Msg = pe.Line, pe.Msg
			}
			sc.Findings = append(sc.Findings, f)
		}
	}
	body, bodyLine := src, 1
	if pg != nil {
		sc.Check = pg.Check
		if pg.Body != nil || pg.BodyLine > 1 {
			body, bodyLine = pg.Body, pg.BodyLine
		}
	}
	x := &extractor{sc: sc, md: r.md, src: body, base: len(src) - len(body), bodyLine: bodyLine, pendingIdx: -1}
	x.starts = lineStarts(body)
	x.run()
	sc.Node = sc.Check.Node
	if sc.Node == "" {
		sc.Node = x.promptHost
	}
	x.dropRepeatedInline()
	x.bindAfterwards()
	sort.SliceStable(sc.Findings, func(i, j int) bool { return sc.Findings[i].Line < sc.Findings[j].Line })
	return sc
}

func splitErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func isBinary(src []byte) bool {
	head := src
	if len(head) > 8000 {
		head = head[:8000]
	}
	return bytes.IndexByte(head, 0) >= 0
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

type extractor struct {
	sc       *Scenario
	md       *markdown.Markdown
	src      []byte
	base     int // offset of src in the file
	bodyLine int
	starts   []int

	section    int
	promptHost string
	strict     bool

	// prose is the text of the last paragraph and whether a block came after it.
	prose      string
	proseSpans []string
	proseLine  int
	proseFresh bool // no block between the prose and now

	// pending is an inline command waiting to be emitted (it may be repeated by the next
	// transcript, then it runs once, there).
	pending    *Step
	pendingIdx int // list item depth marker (unused when -1)
	// lastRun is the index of the last Run step (for output blocks).
	lastRun int
	// cur is the index in Scenario.Blocks of the block being read (-1 outside blocks).
	cur int
	// sess is the step that opened the container session still open at the end of the last
	// shell block (-1: none), sessPrompt the prompt seen in it and sessHost the host prompt it
	// was opened at: a following block whose lines carry another prompt continues it.
	sess                 int
	sessPrompt, sessHost string
	// watch is the last `kubectl get -w` step (-1: none): a later output block that shows its
	// table again (typically "in your original terminal") continues its output.
	watch int
	// directives waiting for the next block.
	dir directives
	// files named so far (for mentions and binding).
	named map[string]bool
	// mention is a file name mentioned just before a block (list item or prose).
	mention     string
	mentionLine int
	lastLine    int
}

type directives struct {
	skip, noCompare, setup bool
	reason, file           string
	line                   int
}

func (x *extractor) fileLine(off int) int {
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
	return x.bodyLine + i - 1
}

func (x *extractor) run() {
	x.lastRun, x.cur, x.sess, x.watch = -1, -1, -1, -1
	x.named = map[string]bool{}
	doc, err := x.md.Parse(x.src, markdown.WithFirstLine(x.bodyLine))
	if err != nil {
		x.sc.Findings = append(x.sc.Findings, Finding{Line: x.bodyLine, Severity: "error", Msg: err.Error()})
		return
	}
	for _, e := range doc.Errors {
		x.sc.Findings = append(x.sc.Findings, Finding{Line: e.Line, Severity: "warning", Msg: e.Msg})
	}
	x.walk(doc.Root)
	x.flushPending()
}

func (x *extractor) walk(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Heading:
			x.flushPending()
			x.section++
			x.prose, x.proseSpans, x.proseFresh = "", nil, false
			x.mention = ""
			x.lastRun = -1
			x.sess = -1
		case *ast.Paragraph, *ast.TextBlock:
			x.paragraph(c)
		case *ast.FencedCodeBlock:
			x.codeBlock(c, string(v.Language(x.src)), infoString(v, x.src))
		case *ast.CodeBlock:
			x.codeBlock(c, "", "")
		case *ast.HTMLBlock:
			x.html(string(blockText(v, x.src)), x.fileLine(segStart(v)))
		case *shortcodes.Block:
			if v.Name == "codeblock" && v.Code != nil {
				info := ""
				if c := v.Code.Options.Caption; fileNameRe.MatchString(c) {
					info = "title=" + c
				}
				x.codeBlock(c, v.Code.Lang, info)
				continue
			}
			x.walk(c)
		case *ast.ListItem:
			x.walk(c)
			// An inline command of this item that no block consumed runs now.
		default:
			x.walk(c)
		}
	}
}

func segStart(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return 0
}

func blockText(n *ast.HTMLBlock, src []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		b.Write(s.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	return b.Bytes()
}

func infoString(n *ast.FencedCodeBlock, src []byte) string {
	if n.Info == nil {
		return ""
	}
	return string(n.Info.Segment.Value(src))
}

// inlineText returns the paragraph's plain text and its code spans, and raw HTML comments.
func (x *extractor) inlineText(n ast.Node) (txt string, spans []string, spanNodes []*ast.CodeSpan) {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.CodeSpan:
			var s strings.Builder
			for t := v.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					s.Write(tt.Segment.Value(x.src))
				}
			}
			b.WriteString("`" + s.String() + "`")
			spans = append(spans, s.String())
			spanNodes = append(spanNodes, v)
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(v.Segment.Value(x.src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.RawHTML:
			for i := 0; i < v.Segments.Len(); i++ {
				seg := v.Segments.At(i)
				b.Write(seg.Value(x.src))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String(), spans, spanNodes
}

var fileNameRe = regexp.MustCompile(`^[\w./~:@%+-]+\.(ya?ml|json)$`)

func (x *extractor) paragraph(n ast.Node) {
	txt, spans, spanNodes := x.inlineText(n)
	line := x.fileLine(segStart(n))
	// Directives written inline (a comment inside a paragraph).
	if i := strings.Index(txt, "<!--"); i >= 0 && strings.Contains(txt, "docbuild:") {
		x.html(txt[i:], line)
	}
	inList := false
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.ListItem); ok {
			inList = true
			break
		}
	}
	trimmed := strings.TrimSpace(txt)
	// Inline instructions: a code span that starts the paragraph (or is all of it) and parses
	// as a known command, or a fragment to apply as an edit.
	for i, s := range spans {
		lead := strings.TrimSpace(trimmed[:max(0, strings.Index(trimmed, "`"+s+"`"))])
		alone := trimmed == "`"+s+"`" || strings.TrimRight(trimmed, ":：。.") == "`"+s+"`"
		if i > 0 || !(alone || inList && lead == "") {
			break
		}
		sl := x.spanLine(spanNodes[i], line)
		if x.isCommand(s) {
			x.flushPending()
			st := Step{Kind: Run, Line: sl, Source: "inline", Command: s, Session: -1, Block: -1, OutputBlock: -1, Continues: -1,
				CommandLines: []SrcLine{{Text: s, Line: sl}}, Opens: transcript.OpensSession(s)}
			if args, ok := transcript.Args(s); ok {
				if f := fileArg(args); f != "" {
					x.mention, x.mentionLine = f, sl
				}
			}
			x.applyDirectives(&st)
			x.pending = &st
			x.prose, x.proseSpans, x.proseLine, x.proseFresh = txt, spans, line, true
			return
		}
		if frag, ok := fragment(s); ok && (changeCue(x.prose) || changeCue(txt)) {
			x.flushPending()
			x.emit(Step{Kind: Edit, Line: sl, Source: "fragment", Content: frag, Session: -1, Block: -1, OutputBlock: -1, Continues: -1})
			x.prose, x.proseSpans, x.proseLine, x.proseFresh = txt, spans, line, true
			return
		}
	}
	// A mention of a file name, for the next block.
	for _, s := range spans {
		if fileNameRe.MatchString(s) {
			x.mention, x.mentionLine = s, line
		} else if !strings.Contains(s, "-f") && !strings.Contains(s, "--filename") {
			continue
		} else if args, ok := transcript.Args(s); ok {
			if f := fileArg(args); f != "" {
				x.mention, x.mentionLine = f, line
			}
		}
	}
	x.prose, x.proseSpans, x.proseLine, x.proseFresh = txt, spans, line, true
}

func (x *extractor) spanLine(n *ast.CodeSpan, def int) int {
	if t, ok := n.FirstChild().(*ast.Text); ok {
		return x.fileLine(t.Segment.Start)
	}
	return def
}

func (x *extractor) isCommand(s string) bool {
	if strings.ContainsAny(s, "\n") {
		return false
	}
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if _, isAlias := x.sc.Aliases[first]; !isAlias {
		switch first {
		case "kubectl", "k", "minikube", "kind", "cat", "curl", "wget", "sleep", "watch", "echo", "alias", "export", "helm", "sudo":
		default:
			return false
		}
	}
	name, ok := transcript.Program(s)
	if !ok {
		return false
	}
	if _, isAlias := x.sc.Aliases[name]; isAlias {
		return true
	}
	switch name {
	case "kubectl", "k", "minikube", "kind", "cat", "curl", "wget", "sleep", "watch", "echo", "alias", "export", "helm":
	default:
		return false
	}
	// Must parse completely (placeholders like <pod-name> do not).
	_, err := transcript.Args(s)
	if !err {
		tr := transcript.Script(s)
		return len(tr.Commands) == 1 && tr.Commands[0].ParseErr == nil && !tr.Commands[0].Incomplete
	}
	return true
}

// fileArg returns the first -f/--filename value of a kubectl command.
func fileArg(args []string) string {
	fs := FileArgs(args)
	if len(fs) == 0 {
		return ""
	}
	return fs[0]
}

// FileArgs returns the -f/--filename values of a kubectl command line ("-" excluded).
func FileArgs(args []string) []string {
	if len(args) == 0 || (args[0] != "kubectl" && args[0] != "k") {
		return nil
	}
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		switch a {
		case "logs", "exec", "attach", "port-forward", "cp", "run", "debug", "top", "proxy":
			return nil // -f is --follow (logs) or means nothing here
		}
		break
	}
	var out []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		var v string
		switch {
		case a == "--":
			return out
		case a == "-f" || a == "--filename":
			if i+1 < len(args) {
				v = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--filename="):
			v = a[len("--filename="):]
		case strings.HasPrefix(a, "-f="):
			v = a[3:]
		case strings.HasPrefix(a, "-f") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			v = a[2:]
		}
		if v != "" && v != "-" {
			out = append(out, v)
		}
	}
	return out
}

// changeCue reports prose that asks to change a file.
func changeCue(s string) bool {
	l := strings.ToLower(s)
	for _, k := range []string{"change", "modify", "edit", "update", "replace", "set the", "add ", "修改", "改为", "改成", "更改", "替换", "添加", "编辑", "更新", "变更"} {
		if strings.Contains(l, k) {
			return true
		}
	}
	return false
}

// outputCue reports prose that introduces the output of a command.
func outputCue(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	for _, k := range []string{"output", "similar to", "should see", "will see", "'ll see", "looks like", "result", "如下", "输出", "结果", "报错"} {
		if strings.Contains(l, k) {
			return true
		}
	}
	return strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")
}

// fragment reports a YAML fragment (a mapping without apiVersion/kind) and returns it.
func fragment(s string) (string, bool) {
	s = strings.TrimRight(s, "\n")
	if !strings.Contains(s, ":") {
		return "", false
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(s), &m); err != nil || len(m) == 0 {
		return "", false
	}
	if _, ok := m["apiVersion"]; ok {
		return "", false
	}
	if _, ok := m["kind"]; ok {
		return "", false
	}
	for k := range m {
		if strings.ContainsAny(k, " \t") {
			return "", false
		}
	}
	return s, true
}

func (x *extractor) emit(st Step) int {
	x.sc.Steps = append(x.sc.Steps, st)
	return len(x.sc.Steps) - 1
}

func (x *extractor) flushPending() {
	if x.pending == nil {
		return
	}
	p := *x.pending
	x.pending = nil
	x.lastRun = x.emit(p)
}

func (x *extractor) applyDirectives(st *Step) {
	if x.dir.skip {
		st.Skip, st.SkipReason = true, x.dir.reason
	}
	if x.dir.noCompare {
		st.NoCompare = true
	}
	if x.dir.setup {
		st.Setup, st.NoCompare = true, true
	}
	st.Strict = x.strict
}

// html handles an HTML block or comment: docbuild directives.
func (x *extractor) html(s string, line int) {
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			return
		}
		j := strings.Index(s[i:], "-->")
		body := s[i+4:]
		if j >= 0 {
			body = s[i+4 : i+j]
			s = s[i+j+3:]
		} else {
			x.sc.Findings = append(x.sc.Findings, Finding{Line: line, Severity: "warning", Msg: "HTML comment never closed"})
			s = ""
		}
		b := strings.TrimSpace(body)
		if !strings.HasPrefix(b, "docbuild:") {
			if j < 0 {
				return
			}
			continue
		}
		x.directive(strings.TrimSpace(strings.TrimPrefix(b, "docbuild:")), line)
		if j < 0 {
			return
		}
	}
}

func (x *extractor) directive(d string, line int) {
	first, rest, _ := strings.Cut(d, "\n")
	words, ok := transcript.Args(first)
	if !ok {
		words = strings.Fields(first)
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "skip":
			x.dir.skip, x.dir.line = true, line
		case strings.HasPrefix(w, "reason="):
			x.dir.reason = strings.TrimPrefix(w, "reason=")
		case strings.HasPrefix(w, "file="):
			x.dir.file, x.dir.line = strings.TrimPrefix(w, "file="), line
		case w == "no-compare":
			x.dir.noCompare, x.dir.line = true, line
		case w == "strict":
			x.strict = true
		case w == "setup":
			if strings.TrimSpace(rest) != "" {
				// The setup commands are in the comment itself, hidden from readers.
				x.flushPending()
				tr := transcript.Options{Script: true, Known: x.knownAlias}.Lex(rest)
				for _, c := range tr.Commands {
					x.lastRun = x.emit(Step{Kind: Run, Line: line + 1 + c.First, Source: "setup", Command: c.Text, Block: -1, OutputBlock: -1, Continues: -1,
						Session: -1, Setup: true, NoCompare: true})
				}
				return
			}
			x.dir.setup, x.dir.line = true, line
		case w == "wait":
			if i+1 < len(words) {
				dur, err := time.ParseDuration(words[i+1])
				i++
				if err != nil || dur < 0 {
					x.sc.Findings = append(x.sc.Findings, Finding{Line: line, Severity: "error", Class: "directive", Msg: fmt.Sprintf("wait: bad duration %q", words[i])})
					continue
				}
				x.flushPending()
				x.emit(Step{Kind: Wait, Line: line, Source: "directive", Duration: dur, Session: -1, Block: -1, OutputBlock: -1, Continues: -1})
			}
		default:
			x.sc.Findings = append(x.sc.Findings, Finding{Line: line, Severity: "error", Class: "directive", Msg: fmt.Sprintf("unknown docbuild directive %q", w)})
		}
	}
}

func (x *extractor) knownAlias(name string) bool {
	_, ok := x.sc.Aliases[name]
	return ok
}

// blockLines returns a code block's lines with their file positions.
func (x *extractor) blockLines(n ast.Node) []SrcLine {
	segs := n.Lines()
	out := make([]SrcLine, 0, segs.Len())
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		v := s.Value(x.src)
		end := s.Stop
		cr := false
		if bytes.HasSuffix(v, []byte("\n")) {
			v = v[:len(v)-1]
			end--
		}
		if bytes.HasSuffix(v, []byte("\r")) {
			v = v[:len(v)-1]
			end--
			cr = true
		}
		t := string(v)
		if s.Padding > 0 {
			t = strings.Repeat(" ", s.Padding) + t
		}
		out = append(out, SrcLine{Text: t, Line: x.fileLine(s.Start), Start: x.base + s.Start, End: x.base + end, CR: cr})
	}
	return out
}

func joinLines(ls []SrcLine) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func (x *extractor) codeBlock(n ast.Node, lang, info string) {
	lines := x.blockLines(n)
	fenceLine := x.fileLine(segStart(n))
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		fenceLine = x.fileLine(lineStartBefore(x.src, segStart(n)))
		if f.Info != nil {
			fenceLine = x.fileLine(f.Info.Segment.Start)
		} else if p := n.Pos(); p >= 0 && p < len(x.src) {
			fenceLine = x.fileLine(p)
		}
	}
	if b, ok := n.(*shortcodes.Block); ok {
		fenceLine = x.bodyLine + b.Line - 1
	}
	blk := Block{Line: fenceLine, Lang: lang, Lines: lines, Fence: x.closingFence(n, lines)}
	if _, fenced := n.(*ast.FencedCodeBlock); fenced && blk.Fence == 0 {
		x.sc.Findings = append(x.sc.Findings, Finding{Line: fenceLine, Severity: "warning", Msg: "code fence opened here is never closed"})
	}
	d := x.dir
	x.dir = directives{}
	x.cur = len(x.sc.Blocks)
	defer func() {
		if d.setup && blk.Class != "skipped" {
			// Run, hidden from readers: no badge, nothing to show.
			blk.Class, blk.Why = "setup", "setup directive ("+blk.Class+": "+blk.Why+")"
		}
		x.sc.Blocks = append(x.sc.Blocks, blk)
		x.proseFresh = false
		x.mention = ""
		x.cur = -1
	}()
	body := joinLines(lines)
	if d.skip {
		x.flushPending()
		blk.Class, blk.Why = "skipped", "skip directive"
		if d.reason != "" {
			blk.Why += ": " + d.reason
		}
		first := fenceLine
		if len(lines) > 0 {
			first = lines[0].Line
		}
		x.emit(Step{Kind: Run, Line: first, Source: "directive", Skip: true, SkipReason: d.reason, Session: -1, Command: strings.TrimSpace(firstLineOf(body)),
			Block: x.cur, OutputBlock: -1, Continues: -1})
		return
	}
	l := strings.ToLower(lang)
	if strings.TrimSpace(body) == "" {
		blk.Class, blk.Why = "unchecked", "empty block"
		return
	}
	// Manifests.
	if docs, ok := manifest(body, lines); ok && !x.outputOfGet(l) {
		name, from := x.fileName(info, d, lines)
		st := Step{Kind: File, Line: lines[0].Line, Source: "block", Name: name, NameFrom: from, Content: body, Docs: docs, BlockLines: lines, Session: -1,
			Block: x.cur, OutputBlock: -1, Continues: -1}
		if name != "" {
			x.named[name] = true
		}
		x.emit(st)
		blk.Class = "file"
		blk.Why = "whole object (" + kinds(docs) + ")"
		if name != "" {
			blk.Why += " named " + name + " by " + from
		} else {
			blk.Why += ", unnamed"
		}
		return
	}
	switch l {
	case "yaml", "yml", "json":
		if frag, ok := fragment(body); ok && (changeCue(x.prose) && x.proseFresh || d.file != "") {
			x.flushPending()
			st := Step{Kind: Edit, Line: lines[0].Line, Source: "fragment", Content: frag, BlockLines: lines, Name: d.file, Session: -1,
				Block: x.cur, OutputBlock: -1, Continues: -1}
			x.emit(st)
			blk.Class, blk.Why = "fragment", "partial map after prose asking for a change"
			return
		}
		if x.attachOutput(lines, d) {
			blk.Class, blk.Why = "output", "shown output of the command before it"
			return
		}
		blk.Class, blk.Why = "unchecked", "YAML that is neither a whole object, an edit nor an output"
		return
	}
	if !isShellLang(l) {
		blk.Class, blk.Why = "unchecked", "language "+lang
		return
	}
	tr := x.lexShell(body)
	prompted := false
	for _, c := range tr.Commands {
		if c.Prompt.Style != transcript.NoPrompt {
			prompted = true
			break
		}
	}
	if prompted {
		blk.Class, blk.Why = "transcript", "lines with prompts"
		x.transcriptSteps(tr, lines, d)
		return
	}
	if x.isScript(body) {
		blk.Class, blk.Why = "script", "every line is a command"
		x.transcriptSteps(transcript.Options{Script: true, Known: x.knownAlias}.Lex(body), lines, d)
		return
	}
	if w := x.watchContinuation(lines); w >= 0 {
		x.flushPending()
		st := x.sc.Steps[w]
		idx := x.emit(Step{Kind: Run, Line: lines[0].Line, Source: "watch", Command: st.Command, Prompt: st.Prompt,
			Session: -1, Block: -1, OutputBlock: x.cur, Continues: w, Shown: trimShown(lines), ShownStart: lines[0].Line,
			OutputFrom: "output-block", NoCompare: d.noCompare, Strict: x.strict})
		x.lastRun = idx
		blk.Class = "output"
		blk.Why = fmt.Sprintf("what the watch started on line %d printed by then", st.Line)
		return
	}
	if x.attachOutput(lines, d) {
		blk.Class, blk.Why = "output", "shown output of the command before it"
		return
	}
	blk.Class, blk.Why = "unchecked", "no prompt, not commands, no command before it"
}

func firstLineOf(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func lineStartBefore(src []byte, off int) int {
	if off <= 0 {
		return 0
	}
	i := bytes.LastIndexByte(src[:off-1], '\n')
	return i + 1
}

// closingFence returns the file line of a fenced block's closing fence, 0 when it has none.
// The fence may sit in a container: a list item's indentation or a blockquote's `>` markers
// (`> ```text` … `> ````) come before it on its line.
func (x *extractor) closingFence(n ast.Node, lines []SrcLine) int {
	if _, ok := n.(*ast.FencedCodeBlock); !ok {
		return 0
	}
	pos := n.Pos()
	if pos < 0 || pos >= len(x.src) {
		return 0
	}
	// The opening fence: its character and its length (CommonMark: the closing fence uses
	// the same character, at least as many times, and nothing but spaces after it).
	ch := x.src[pos]
	if ch != '`' && ch != '~' {
		return 0
	}
	width := 0
	for pos+width < len(x.src) && x.src[pos+width] == ch {
		width++
	}
	// The line after the last line of code (after the opening line when there is none).
	after := pos
	if len(lines) > 0 {
		after = lines[len(lines)-1].End - x.base
	}
	if after < 0 || after > len(x.src) {
		return 0
	}
	i := bytes.IndexByte(x.src[after:], '\n')
	if i < 0 {
		return 0
	}
	next := after + i + 1
	rest := x.src[next:]
	if end := bytes.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	if isClosingFence(string(rest), ch, width) {
		return x.fileLine(next)
	}
	return 0
}

// isClosingFence reports a line that closes a fence of width ch characters, once the markers
// of its containers (indentation, blockquote `>`) are skipped.
func isClosingFence(line string, ch byte, width int) bool {
	t := strings.TrimRight(strings.TrimLeft(line, " \t>"), " \t\r")
	n := 0
	for n < len(t) && t[n] == ch {
		n++
	}
	return n >= width && n == len(t)
}

func isShellLang(l string) bool {
	switch l {
	case "", "bash", "sh", "shell", "console", "shell-session", "shellsession", "text", "txt", "plain", "plaintext",
		"zsh", "terminal", "powershell", "ps", "ps1", "cmd", "bat", "session", "output", "log", "none":
		return true
	}
	return false
}

// isScript reports a block whose every non-blank, non-comment line starts a known command.
func (x *extractor) isScript(body string) bool {
	tr := transcript.Options{Script: true, Known: x.knownAlias}.Lex(body)
	if len(tr.Commands) == 0 {
		return false
	}
	for _, c := range tr.Commands {
		if c.Session != -1 {
			continue
		}
		name, ok := transcript.Program(c.Text)
		if !ok || c.ParseErr != nil {
			return false
		}
		if !transcript.KnownProgram(name) && !x.knownAlias(name) {
			return false
		}
	}
	return true
}

// outputOfGet reports that the command just before is a `get -o yaml|json` or `cat`, so a
// whole-object block after it is its output, not a file.
func (x *extractor) outputOfGet(lang string) bool {
	var cmd string
	if x.pending != nil {
		cmd = x.pending.Command
	} else if x.lastRun >= 0 && !x.proseFresh && x.lastRun == len(x.sc.Steps)-1 && x.sc.Steps[x.lastRun].Shown == nil {
		cmd = x.sc.Steps[x.lastRun].Command
	}
	if cmd == "" {
		return false
	}
	args, ok := transcript.Args(cmd)
	if !ok || len(args) < 2 {
		return false
	}
	if args[0] == "cat" {
		return true
	}
	if args[0] != "kubectl" && args[0] != "k" {
		return false
	}
	for i, a := range args {
		if a == "-o" && i+1 < len(args) && (args[i+1] == "yaml" || args[i+1] == "json") || a == "-oyaml" || a == "-ojson" || a == "--output=yaml" || a == "--output=json" || a == "-o=yaml" || a == "-o=json" {
			return true
		}
	}
	return false
}

// attachOutput makes lines the shown output of the command before it, when the prose cue or
// the layout says so.
func (x *extractor) attachOutput(lines []SrcLine, d directives) bool {
	cue := x.proseFresh && outputCue(x.prose)
	var target *Step
	switch {
	case x.pending != nil && (cue || !x.proseFresh || x.proseLine <= x.pending.Line):
		target = x.pending
	case x.lastRun >= 0 && x.lastRun == len(x.sc.Steps)-1 && x.sc.Steps[x.lastRun].Shown == nil && (cue || !x.proseFresh):
		target = &x.sc.Steps[x.lastRun]
	}
	if target == nil {
		return false
	}
	if looksLikeGetTable(lines) && !isGet(target.Command) {
		// A `get` table after a command that prints none (e.g. the later lines of a watch
		// started earlier): not this command's output.
		return false
	}
	target.Shown = trimShown(lines)
	target.ShownStart = lines[0].Line
	target.OutputFrom = "output-block"
	target.OutputBlock = x.cur
	if d.noCompare {
		target.NoCompare = true
	}
	if x.pending == target {
		x.flushPending()
	}
	return true
}

func looksLikeGetTable(lines []SrcLine) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		return strings.HasPrefix(t, "NAME ") || strings.HasPrefix(t, "NAMESPACE ")
	}
	return false
}

func isGet(cmd string) bool {
	args, ok := transcript.Args(cmd)
	return ok && len(args) > 2 && (args[0] == "kubectl" || args[0] == "k") && (args[1] == "get" || args[1] == "top")
}

func trimShown(ls []SrcLine) []SrcLine {
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1].Text) == "" {
		ls = ls[:len(ls)-1]
	}
	if ls == nil {
		ls = []SrcLine{}
	}
	return ls
}

// transcriptSteps turns a lexed block into Run steps.
func (x *extractor) transcriptSteps(tr *transcript.Transcript, lines []SrcLine, d directives) {
	if len(tr.Commands) > 0 && x.pending != nil {
		if normalize(tr.Commands[0].Text) == normalize(x.pending.Command) {
			x.pending = nil // the transcript runs it
		}
	}
	x.flushPending()
	openers := map[int]int{-2: x.sess} // transcript command index → step index
	for ci, c := range tr.Commands {
		st := Step{Kind: Run, Line: lines[c.First].Line, Source: "transcript", Command: c.Text, Prompt: c.Prompt,
			Session: -1, Opens: c.Opens, Incomplete: c.Incomplete, Block: x.cur, OutputBlock: -1, Continues: -1}
		if c.Session != -1 {
			if o, ok := openers[c.Session]; ok && o >= 0 {
				st.Session = o
			}
		}
		for i := c.First; i <= c.Last; i++ {
			st.CommandLines = append(st.CommandLines, lines[i])
		}
		if c.OutputEnd > c.OutputStart {
			st.Shown = trimShown(lines[c.OutputStart:c.OutputEnd])
			if len(st.Shown) == 0 {
				st.Shown = nil
			} else {
				st.ShownStart = st.Shown[0].Line
				st.OutputFrom = "transcript"
				st.OutputBlock = x.cur
			}
		}
		if strings.TrimSpace(c.Text) == "" || commentOnly(c.Text) {
			continue // a bare prompt, or a comment typed at the prompt
		}
		switch c.Prompt.Style {
		case transcript.UserHost, transcript.Bracket, transcript.HostOnly:
			if c.Session == -1 && x.promptHost == "" {
				x.promptHost = c.Prompt.Host
			}
		}
		x.lastLine = st.Line
		x.learnAlias(c.Text)
		if d.noCompare {
			st.NoCompare = true
		}
		if d.setup {
			st.Setup, st.NoCompare = true, true
		}
		st.Strict = x.strict
		idx := x.emit(st)
		if c.Opens {
			openers[ci] = idx
		}
		if st.Session == -1 && isWatch(st.Command) {
			x.watch = idx
		}
		x.lastRun = idx
	}
	// A session left open continues in the next block that types into it.
	x.sess = -1
	if o, ok := openers[tr.Open]; ok && o >= 0 && tr.Open != -1 {
		x.sess, x.sessPrompt, x.sessHost = o, tr.ContainerPrompt, tr.HostPrompt
	}
}

// lexShell lexes a shell block, as a continuation of the container session left open by the
// block before when its first command carries a prompt that is not the host's.
func (x *extractor) lexShell(body string) *transcript.Transcript {
	if x.sess >= 0 {
		tr := transcript.Options{Known: x.knownAlias, Nested: true, NestedPrompt: x.sessPrompt, HostPrompt: x.sessHost}.Lex(body)
		if len(tr.Commands) > 0 && tr.Commands[0].Session == -2 && tr.Commands[0].Prompt.Style != transcript.NoPrompt {
			return tr
		}
	}
	return transcript.Options{Known: x.knownAlias}.Lex(body)
}

// isWatch reports a `kubectl get … -w|--watch` command.
func isWatch(cmd string) bool {
	args, ok := transcript.Args(cmd)
	if !ok || len(args) < 3 || (args[0] != "kubectl" && args[0] != "k") || !isGet(cmd) {
		return false
	}
	for _, a := range args {
		if a == "-w" || a == "--watch" || a == "--watch=true" {
			return true
		}
	}
	return false
}

// watchCue reports prose that points at the terminal where a watch runs.
func watchCue(s string) bool {
	l := strings.ToLower(s)
	for _, k := range []string{"original terminal", "first terminal", "other terminal", "another terminal", "watch",
		"原来的终端", "原终端", "第一个终端", "另一个终端", "其他终端"} {
		if strings.Contains(l, k) {
			return true
		}
	}
	return false
}

// watchContinuation returns the watch step whose output an output block continues (-1: none):
// the block shows the watch's table again (same header) after other commands, and either the
// prose points at the watch's terminal or the command before is no get that prints it.
func (x *extractor) watchContinuation(lines []SrcLine) int {
	if x.watch < 0 {
		return -1
	}
	w := &x.sc.Steps[x.watch]
	if x.pending != nil || x.lastRun == x.watch || w.Shown == nil || len(w.Shown) == 0 || len(lines) == 0 {
		return -1 // the watch's own output block, or an inline command waiting for its output
	}
	first := ""
	for _, l := range lines {
		if strings.TrimSpace(l.Text) != "" {
			first = l.Text
			break
		}
	}
	if normalize(first) != normalize(w.Shown[0].Text) || !looksLikeGetTable(lines) {
		return -1
	}
	cue := x.proseFresh && watchCue(x.prose)
	if !cue && x.lastRun >= 0 {
		if l := x.sc.Steps[x.lastRun]; l.Shown == nil && isGet(l.Command) {
			return -1 // the output of the get just before
		}
	}
	return x.watch
}

var aliasRe = regexp.MustCompile(`^alias\s+([\w-]+)=['"]?([^'"]+)['"]?\s*$`)

func (x *extractor) learnAlias(cmd string) {
	if m := aliasRe.FindStringSubmatch(strings.TrimSpace(cmd)); m != nil {
		x.sc.Aliases[m[1]] = m[2]
		return
	}
	// An alias the post uses without defining it (`kk get pods`): a word that is no known
	// program, followed by a kubectl subcommand.
	if args, ok := transcript.Args(cmd); ok && len(args) >= 2 {
		name := args[0]
		if _, known := x.sc.Aliases[name]; !known && !transcript.KnownProgram(name) && isKubectlVerb(args[1]) &&
			len(name) <= 4 && !strings.ContainsAny(name, "/.") {
			x.sc.Aliases[name] = "kubectl"
			x.sc.Findings = append(x.sc.Findings, Finding{Line: x.lastLine, Severity: "info",
				Msg: fmt.Sprintf("%q is read as an alias of kubectl (%s %s …)", name, name, args[1])})
		}
	}
}

func isKubectlVerb(v string) bool {
	switch v {
	case "apply", "get", "describe", "delete", "create", "logs", "exec", "run", "patch", "edit", "label",
		"annotate", "expose", "scale", "rollout", "set", "top", "explain", "attach", "port-forward", "cp",
		"debug", "wait", "replace", "config", "cluster-info", "version", "api-resources":
		return true
	}
	return false
}

// commentOnly reports a command line that is only a shell comment.
func commentOnly(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "#")
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// fileName infers a manifest block's name, strongest first.
func (x *extractor) fileName(info string, d directives, lines []SrcLine) (name, from string) {
	if v := infoAttr(info, "title", "file", "filename", "name"); v != "" {
		return v, "fence attribute"
	}
	if d.file != "" {
		return d.file, "directive"
	}
	if len(lines) > 0 {
		l := strings.TrimSpace(lines[0].Text)
		for _, p := range []string{"#", "//"} {
			if strings.HasPrefix(l, p) {
				c := strings.TrimSpace(strings.TrimPrefix(l, p))
				for _, pre := range []string{"File:", "file:", "Filename:", "filename:", "文件:", "文件："} {
					c = strings.TrimSpace(strings.TrimPrefix(c, pre))
				}
				if fileNameRe.MatchString(c) {
					return c, "first-line comment"
				}
			}
		}
	}
	if x.mention != "" {
		return x.mention, fmt.Sprintf("mention on line %d", x.mentionLine)
	}
	return "", ""
}

func infoAttr(info string, keys ...string) string {
	for _, f := range strings.Fields(strings.NewReplacer("{", " ", "}", " ", ",", " ").Replace(info)) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		for _, want := range keys {
			if k == want {
				return strings.Trim(v, `"'`)
			}
		}
	}
	return ""
}

// manifest parses a block as whole objects (every document has apiVersion and kind).
func manifest(body string, lines []SrcLine) ([]Object, bool) {
	docs := splitDocs(body)
	var objs []Object
	for _, dd := range docs {
		if strings.TrimSpace(stripComments(dd.text)) == "" {
			continue
		}
		var m map[string]any
		if err := yaml.Unmarshal([]byte(dd.text), &m); err != nil {
			return nil, false
		}
		av, _ := m["apiVersion"].(string)
		k, _ := m["kind"].(string)
		if av == "" || k == "" {
			return nil, false
		}
		o := Object{APIVersion: av, Kind: k}
		if md, ok := m["metadata"].(map[string]any); ok {
			o.Name, _ = md["name"].(string)
			o.Namespace, _ = md["namespace"].(string)
		}
		if dd.line < len(lines) {
			o.Line = lines[dd.line].Line
		}
		objs = append(objs, o)
	}
	return objs, len(objs) > 0
}

type docPart struct {
	text string
	line int // index of the first line in the block
}

func splitDocs(body string) []docPart {
	var out []docPart
	var cur strings.Builder
	start := 0
	ls := strings.Split(body, "\n")
	for i, l := range ls {
		if strings.HasPrefix(l, "---") && strings.TrimSpace(strings.TrimLeft(l, "-")) == "" {
			out = append(out, docPart{cur.String(), start})
			cur.Reset()
			start = i + 1
			continue
		}
		cur.WriteString(l)
		cur.WriteByte('\n')
	}
	out = append(out, docPart{cur.String(), start})
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func kinds(objs []Object) string {
	var ks []string
	for _, o := range objs {
		ks = append(ks, o.Kind)
	}
	return strings.Join(ks, ", ")
}

// dropRepeatedInline removes an inline `kubectl apply -f X` (a file's introduction, as
// tutorials write it) when a later transcript or script runs the same command before another
// version of X is shown: the command runs once, there.
func (x *extractor) dropRepeatedInline() {
	steps := x.sc.Steps
	var keepIdx []int
	for i, st := range steps {
		if st.Kind == Run && st.Source == "inline" && st.Shown == nil {
			if args, ok := transcript.Args(st.Command); ok {
				if f := fileArg(args); f != "" && x.repeatedLater(steps, i, f) {
					continue
				}
			}
		}
		keepIdx = append(keepIdx, i)
	}
	if len(keepIdx) == len(steps) {
		return
	}
	// Session indexes point into Steps: renumber them.
	remap := map[int]int{}
	keep := make([]Step, 0, len(keepIdx))
	for j, i := range keepIdx {
		remap[i] = j
		keep = append(keep, steps[i])
	}
	for k := range keep {
		if keep[k].Session >= 0 {
			keep[k].Session = remap[keep[k].Session]
		}
		if keep[k].Continues >= 0 {
			keep[k].Continues = remap[keep[k].Continues]
		}
	}
	x.sc.Steps = keep
}

func (x *extractor) repeatedLater(steps []Step, i int, file string) bool {
	versions := 0
	for _, st := range steps[i+1:] {
		switch st.Kind {
		case Edit:
			return false // a new version of some file before the repeat
		case File:
			if st.Name == file {
				versions++
				if versions > 1 || st.Line < steps[i].Line {
					return false
				}
			}
		case Run:
			if st.Source == "inline" {
				continue
			}
			if normalize(st.Command) == normalize(steps[i].Command) {
				return true
			}
			if args, ok := transcript.Args(st.Command); ok && len(args) > 1 && args[1] == "delete" {
				continue // the previous version cleared away before the repeat
			}
			if strings.Contains(st.Command, file) || mentionsObjects(st.Command, steps, file) {
				return false // used before the repeat: the inline command made it
			}
		}
	}
	return false
}

// mentionsObjects reports a command that names an object of the file's newest version.
func mentionsObjects(cmd string, steps []Step, file string) bool {
	for _, st := range steps {
		if st.Kind != File || st.Name != file {
			continue
		}
		for _, o := range st.Docs {
			if o.Name != "" && strings.Contains(" "+cmd+" ", " "+o.Name+" ") {
				return true
			}
		}
	}
	return false
}

// bindAfterwards names unnamed manifests from evidence after them. The first command that
// uses a file no block is named after takes an unnamed manifest before it: the one whose
// objects the command's shown output names (`pod/web created`), else the nearest. `cat F`
// whose shown output holds the objects of an unnamed manifest names it F; when no manifest
// is shown before, the output is F's content (the reader sees it).
func (x *extractor) bindAfterwards() {
	named := map[string]bool{}
	var defined []Step // File steps made from cat outputs, inserted before their cat
	var at []int
	for i := range x.sc.Steps {
		st := &x.sc.Steps[i]
		switch st.Kind {
		case File:
			if st.Name != "" {
				named[st.Name] = true
			}
		case Run:
			args, ok := transcript.Args(st.Command)
			if !ok {
				continue
			}
			if len(args) == 2 && args[0] == "cat" && st.Session == -1 && st.Shown != nil && !named[args[1]] && !named[path.Base(args[1])] {
				f := args[1]
				body := joinLines(st.Shown)
				docs, isManifest := manifest(body, st.Shown)
				if !isManifest {
					continue
				}
				if j := x.unnamedBefore(i, docs, ""); j >= 0 {
					x.name(&x.sc.Steps[j], f, fmt.Sprintf("the output of cat on line %d", st.Line))
				} else {
					defined = append(defined, Step{Kind: File, Line: st.Shown[0].Line, Source: "cat output", Name: f,
						NameFrom: fmt.Sprintf("the output of cat on line %d", st.Line), Content: body, Docs: docs,
						BlockLines: st.Shown, Session: -1, Block: -1, OutputBlock: -1, Continues: -1})
					at = append(at, i)
				}
				named[f] = true
				continue
			}
			for _, f := range FileArgs(args) {
				if named[f] || named[path.Base(f)] {
					continue
				}
				if j := x.unnamedBefore(i, nil, joinSrcText(st.Shown)); j >= 0 {
					x.name(&x.sc.Steps[j], f, fmt.Sprintf("evidence afterwards (line %d)", st.Line))
					named[f] = true
				}
			}
		}
	}
	x.insertBefore(defined, at)
	for _, st := range x.sc.Steps {
		if st.Kind == File && st.Name == "" {
			x.sc.Findings = append(x.sc.Findings, Finding{Line: st.Line, Severity: "info", Msg: "manifest block with no file name (" + kinds(st.Docs) + "); validated only"})
		}
	}
}

// unnamedBefore returns the unnamed manifest before step i that the evidence points to: with
// docs, one holding the same objects; with an output, the nearest whose objects it names,
// else the nearest. -1 when none fits.
func (x *extractor) unnamedBefore(i int, docs []Object, output string) int {
	nearest := -1
	for j := i - 1; j >= 0; j-- {
		fs := &x.sc.Steps[j]
		if fs.Kind != File || fs.Name != "" {
			continue
		}
		if docs != nil {
			if sameObjects(fs.Docs, docs) {
				return j
			}
			continue
		}
		if nearest < 0 {
			nearest = j
		}
		if output != "" && namesObjects(output, fs.Docs) {
			return j
		}
	}
	return nearest
}

// sameObjects reports two manifests holding the same kinds and names, in order.
func sameObjects(a, b []Object) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k].Kind != b[k].Kind || a[k].Name != b[k].Name {
			return false
		}
	}
	return true
}

// namesObjects reports an output that names every object of a manifest as kubectl does
// (`pod/web created`, `deployment.apps/web configured`).
func namesObjects(out string, docs []Object) bool {
	if len(docs) == 0 {
		return false
	}
	for _, o := range docs {
		if o.Name == "" || !strings.Contains(out, strings.ToLower(o.Kind)) || !strings.Contains(out, "/"+o.Name+" ") {
			return false
		}
	}
	return true
}

func joinSrcText(ls []SrcLine) string {
	if ls == nil {
		return ""
	}
	return strings.ReplaceAll(joinLines(ls), "\n", " \n")
}

func (x *extractor) name(fs *Step, f, from string) {
	fs.Name, fs.NameFrom = f, from
	x.renameBlock(fs)
}

// insertBefore inserts steps[k] before the step at[k] (indexes in the current steps, in
// increasing order), renumbering the indexes steps hold.
func (x *extractor) insertBefore(steps []Step, at []int) {
	if len(steps) == 0 {
		return
	}
	old := x.sc.Steps
	out := make([]Step, 0, len(old)+len(steps))
	remap := make([]int, len(old))
	k := 0
	for i, st := range old {
		for k < len(at) && at[k] == i {
			out = append(out, steps[k])
			k++
		}
		remap[i] = len(out)
		out = append(out, st)
	}
	for i := range out {
		if out[i].Session >= 0 {
			out[i].Session = remap[out[i].Session]
		}
		if out[i].Continues >= 0 {
			out[i].Continues = remap[out[i].Continues]
		}
	}
	x.sc.Steps = out
}

func (x *extractor) renameBlock(fs *Step) {
	for i := range x.sc.Blocks {
		b := &x.sc.Blocks[i]
		if len(b.Lines) > 0 && b.Lines[0].Line == fs.Line && b.Class == "file" {
			b.Why = "whole object (" + kinds(fs.Docs) + ") named " + fs.Name + " by " + fs.NameFrom
		}
	}
}
