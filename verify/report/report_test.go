package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/docbuild/docbuild/verify"
	"github.com/docbuild/docbuild/verify/extract"
	"github.com/docbuild/docbuild/verify/match"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", path, got)
	}
}

// checkSeed checks the seed post (../testdata/seed, a byte copy of ../shared/seed) as the
// seed test of issue 5 asks: with no markup added.
func checkSeed(t *testing.T) *verify.FileResult {
	t.Helper()
	src, err := os.ReadFile("../testdata/seed/000_b96f6f29b8d6a1b6.md")
	if err != nil {
		t.Fatal(err)
	}
	c := verify.New(verify.Options{Cluster: verify.Simulator()})
	r := c.Check("seed/000_b96f6f29b8d6a1b6.md", src)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

// TestSeed pins what the seed must give (issue 5 item 4, check.md §8), then the reports.
func TestSeed(t *testing.T) {
	r := checkSeed(t)
	by := map[int]verify.StepResult{}
	for _, s := range r.Steps {
		by[s.Line] = s
	}
	want := []struct {
		line   int
		status verify.Status
		check  func(s verify.StepResult) string
	}{
		{44, verify.OK, nil},
		// get pods at AGE 10m: the sixth restart falls in the window.
		{64, verify.OK, nil},
		// logs --previous: untagged nginx serves the 896-byte page today.
		{77, verify.StaleOutput, func(s verify.StepResult) string {
			if !strings.Contains(s.Explanation, "nginx") || !strings.Contains(s.Explanation, "1.29.6") || !strings.Contains(s.Explanation, "latest") {
				return "explanation lacks the tag and the nginx version: " + s.Explanation
			}
			if s.FirstDiffLine != 90 {
				return fmt.Sprintf("first differing line %d, want 90", s.FirstDiffLine)
			}
			return ""
		}},
		// exec -it without a command: kubectl's error, accurate.
		{109, verify.OK, nil},
		// The Forbidden error: kubectl prints "The Pod", and the post shows only its first line.
		{125, verify.StaleError, func(s verify.StepResult) string {
			if s.FirstDiffLine != 129 || !strings.Contains(s.Note, "first lines") {
				return fmt.Sprintf("first diff %d, note %q", s.FirstDiffLine, s.Note)
			}
			if len(s.Fixed) != 1 || !strings.HasPrefix(s.Fixed[0], "The Pod \"network-demo\" is invalid: spec: Forbidden:") {
				return fmt.Sprintf("fix %q must stay one line with The", s.Fixed)
			}
			return ""
		}},
		{154, verify.UnboundFile, nil},
	}
	for _, w := range want {
		s, ok := by[w.line]
		if !ok {
			t.Errorf("line %d: no result", w.line)
			continue
		}
		if s.Status != w.status {
			t.Errorf("line %d %q: %s (%s), want %s", w.line, s.Command, s.Status, s.Note, w.status)
			continue
		}
		if w.check != nil {
			if msg := w.check(s); msg != "" {
				t.Errorf("line %d: %s", w.line, msg)
			}
		}
	}
	var js, human bytes.Buffer
	if err := WriteJSON(&js, "1.37", []*verify.FileResult{r}); err != nil {
		t.Fatal(err)
	}
	golden(t, "seed.json", js.Bytes())
	if err := WriteHuman(&human, []*verify.FileResult{r}, Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "seed.txt", human.Bytes())
}

// TestJSONShape checks the JSON report has exactly issue 5's shape.
func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, "1.37", []*verify.FileResult{sample()}); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Kubernetes string `json:"kubernetes"`
		Files      []struct {
			Path  string                       `json:"path"`
			Steps []map[string]json.RawMessage `json:"steps"`
		} `json:"files"`
		Summary map[string]int `json:"summary"`
	}
	dec := json.NewDecoder(&buf)
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	if v.Kubernetes != "1.37" || len(v.Files) != 1 || len(v.Files[0].Steps) != 3 {
		t.Fatalf("report = %+v", v)
	}
	for _, st := range v.Files[0].Steps {
		for _, k := range []string{"line", "command", "status", "first_diff_line", "shown", "simulated", "note"} {
			if _, ok := st[k]; !ok {
				t.Errorf("step lacks %q: %v", k, st)
			}
		}
	}
	if string(v.Files[0].Steps[0]["first_diff_line"]) != "null" || string(v.Files[0].Steps[1]["first_diff_line"]) != "12" {
		t.Errorf("first_diff_line = %s, %s; want null, 12", v.Files[0].Steps[0]["first_diff_line"], v.Files[0].Steps[1]["first_diff_line"])
	}
	for _, s := range verify.Statuses() {
		if _, ok := v.Summary[string(s)]; !ok {
			t.Errorf("summary lacks %s (every class is counted, skipped included)", s)
		}
	}
	if v.Summary["stale-output"] != 1 || v.Summary["skipped"] != 1 || v.Summary["ok"] != 1 {
		t.Errorf("summary = %v", v.Summary)
	}
}

// sample is a hand-made result: one ok step, one stale output, one skipped step.
func sample() *verify.FileResult {
	return &verify.FileResult{Path: "posts/p.md", Kubernetes: "1.37", Steps: []verify.StepResult{
		{Line: 3, Command: "kubectl apply -f p.yaml", Status: verify.OK, Shown: "pod/web created", Simulated: "pod/web created\n"},
		{Line: 10, Command: "kubectl delete pod web", Status: verify.StaleOutput, FirstDiffLine: 12,
			Shown: "a\npod \"web\" deleted", Simulated: "a\npod \"web\" deleted from default namespace\n",
			ShownLines: []extract.SrcLine{{Text: "a", Line: 11}, {Text: "pod \"web\" deleted", Line: 12}},
			Diffs:      []match.Diff{{Shown: 1, At: 1, Sim: "pod \"web\" deleted from default namespace"}},
			Note:       "a note, with: punctuation"},
		{Line: 20, Command: "kubectl get pods", Status: verify.Skipped, Note: "skip directive: flaky"},
	}}
}

func TestHuman(t *testing.T) {
	var plain, color bytes.Buffer
	WriteHuman(&plain, []*verify.FileResult{sample()}, Options{})
	WriteHuman(&color, []*verify.FileResult{sample()}, Options{Color: true})
	want := "posts/p.md:10: stale-output  $ kubectl delete pod web\n" +
		"    a note, with: punctuation\n" +
		"    first difference: posts/p.md:12\n" +
		"    12 - pod \"web\" deleted\n" +
		"       + pod \"web\" deleted from default namespace\n" +
		"posts/p.md:20: skipped  $ kubectl get pods\n" +
		"    skip directive: flaky\n" +
		"posts/p.md: 1 ok, 1 stale-output, 1 skipped\n" +
		"1 file checked: ok 1, abridged 0, stale-output 1, stale-error 0, behaviour-change 0, manifest-rejected 0, unbound-file 0, ambiguous-edit 0, not-simulated 0, skipped 1\n"
	if plain.String() != want {
		t.Errorf("human report:\n%s\nwant:\n%s", plain.String(), want)
	}
	if strings.Contains(plain.String(), "\x1b[") || !strings.Contains(color.String(), "\x1b[31mstale-output\x1b[0m") {
		t.Errorf("colour only when asked")
	}
	if got := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(color.String(), ""); got != want {
		t.Errorf("coloured report differs from the plain one once colours are removed:\n%s", got)
	}
}

func TestGitHub(t *testing.T) {
	var buf bytes.Buffer
	WriteGitHub(&buf, []*verify.FileResult{sample()}, Options{})
	got := buf.String()
	want := "::error file=posts/p.md,line=12,title=docbuild check%3A stale-output::stale-output: $ kubectl delete pod web%0Aa note, with: punctuation%0A    12 - pod \"web\" deleted%0A       + pod \"web\" deleted from default namespace\n" +
		"::notice file=posts/p.md,line=20,title=docbuild check%3A skipped::skipped: $ kubectl get pods%0Askip directive: flaky\n"
	if got != want {
		t.Errorf("github:\n%s\nwant:\n%s", got, want)
	}
}

func TestJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, []*verify.FileResult{sample()}, Options{}); err != nil {
		t.Fatal(err)
	}
	var v junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if v.Tests != 3 || v.Fails != 1 || v.Skipped != 1 || len(v.Suites) != 1 || v.Suites[0].Cases[1].Failure == nil {
		t.Errorf("junit = %+v", v)
	}
	if !strings.Contains(v.Suites[0].Cases[1].Failure.Body, "+ pod \"web\" deleted from default namespace") {
		t.Errorf("failure body lacks the diff: %q", v.Suites[0].Cases[1].Failure.Body)
	}
}

// simulatorGaps are the steps of accurate corpus posts that are stale only because the
// simulator lacks a feature (reported to the lead, to be closed in the simulator). The test
// fails when such a step stops being stale, so the list cannot go stale itself.
// (Corpus 046's Pod Security warning, the last one, was closed by kube/apiserver's Pod Security
// admission, commit 119242c.)
var simulatorGaps = map[string]string{}

// TestCorpus checks every corpus post (../testdata/corpus, byte copies of ../shared/corpus),
// keeps the report as testdata/corpus.txt so that changes show in review, and requires that
// no post whose verdict is "accurate" has a stale step.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("../testdata/corpus/*.md")
	if len(files) != 36 {
		t.Fatalf("%d corpus files, want 36", len(files))
	}
	sort.Strings(files)
	c := verify.New(verify.Options{Cluster: verify.Simulator()})
	var rs []*verify.FileResult
	verdict := regexp.MustCompile(`(?m)^verdict: (\w+)`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Check("corpus/"+filepath.Base(f), src)
		rs = append(rs, r)
		m := verdict.FindSubmatch(src)
		if m == nil {
			t.Errorf("%s: no verdict", f)
			continue
		}
		if string(m[1]) == "accurate" {
			for _, s := range r.Steps {
				at := fmt.Sprintf("%s:%d", r.Path, s.Line)
				gap, known := simulatorGaps[at]
				switch {
				case s.Status.Stale(false) && known:
					t.Logf("%s: %s, a known simulator gap: %s", at, s.Status, gap)
				case s.Status.Stale(false):
					t.Errorf("%s: %s on an accurate post: %s\n%s", at, s.Status, s.Note, s.Simulated)
				case known:
					t.Errorf("%s: the simulator gap %q is closed: remove it from simulatorGaps", at, gap)
				}
			}
		}
	}
	var human bytes.Buffer
	WriteHuman(&human, rs, Options{Verbose: true})
	// The step classes must match the committed report (review sees every change); the
	// notes and diffs may move with the simulator's texts, which is only logged.
	path := filepath.Join("testdata", "corpus.txt")
	if *update {
		if err := os.WriteFile(path, human.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got, old := statusLines(human.String()), statusLines(string(want)); got != old {
		t.Errorf("step classes differ from %s (go test ./verify/report -update rewrites it):\n%s", path, lineDiff(old, got))
	} else if human.String() != string(want) {
		t.Logf("%s: same classes, other texts (go test ./verify/report -update refreshes it)", path)
	}
}

var statusLine = regexp.MustCompile(`(?m)^corpus/[^ :]+:[0-9]+: [a-z-]+ .*$`)

func statusLines(s string) string {
	return strings.Join(statusLine.FindAllString(s, -1), "\n")
}

func lineDiff(a, b string) string {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	in := map[string]bool{}
	for _, l := range as {
		in[l] = true
	}
	out := map[string]bool{}
	for _, l := range bs {
		out[l] = true
	}
	var d []string
	for _, l := range as {
		if !out[l] {
			d = append(d, "- "+l)
		}
	}
	for _, l := range bs {
		if !in[l] {
			d = append(d, "+ "+l)
		}
	}
	return strings.Join(d, "\n")
}

// TestDiffLines: the diff serve shows on a block is the human report's, line for line.
func TestDiffLines(t *testing.T) {
	shown := []extract.SrcLine{{Text: "NAME   READY", Line: 10}, {Text: "web    1/1", Line: 11}, {Text: "old    1/1", Line: 12}}
	tests := []struct {
		name string
		s    verify.StepResult
		want []DiffLine
	}{
		{"ok", verify.StepResult{Status: verify.OK, ShownLines: shown}, nil},
		{"changed, extra and missing lines", verify.StepResult{Status: verify.StaleOutput, ShownLines: shown, Diffs: []match.Diff{
			{Shown: 1, At: 1, Sim: "web    0/1"}, {Shown: 2, At: 2, Extra: true}, {Shown: -1, At: 3, Sim: "new    1/1"}}},
			[]DiffLine{{"-", 11, "web    1/1"}, {"+", 0, "web    0/1"}, {"-", 12, "old    1/1"}, {"+", 0, "new    1/1"}}},
		{"missing line first", verify.StepResult{Status: verify.StaleOutput, ShownLines: shown[:2], Diffs: []match.Diff{{Shown: -1, At: 0, Sim: "Warning: x"}}},
			[]DiffLine{{"+", 0, "Warning: x"}}},
		{"no line differences: everything", verify.StepResult{Status: verify.BehaviourChange, ShownLines: shown[:1], SimLines: []string{"Error from server (NotFound)"}},
			[]DiffLine{{"-", 10, "NAME   READY"}, {"+", 0, "Error from server (NotFound)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiffLines(tt.s)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("DiffLines = %v, want %v", got, tt.want)
			}
			// The human report prints the same lines.
			var b bytes.Buffer
			writeDiff(&b, tt.s, Options{})
			var lines []string
			for _, d := range got {
				lines = append(lines, d.Op+" "+d.Text)
			}
			if len(tt.s.Diffs) > 0 {
				for _, l := range lines {
					if !strings.Contains(b.String(), l) {
						t.Errorf("human diff lacks %q:\n%s", l, b.String())
					}
				}
			} else if b.Len() != 0 {
				t.Errorf("human diff of a step without line differences: %q", b.String())
			}
		})
	}
}
