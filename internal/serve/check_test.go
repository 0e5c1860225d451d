package serve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/verify"
	"github.com/docbuild/docbuild/verify/extract"
	"github.com/docbuild/docbuild/verify/match"
)

func srcLines(from, to int, text string) []extract.SrcLine {
	var out []extract.SrcLine
	for l := from; l <= to; l++ {
		out = append(out, extract.SrcLine{Line: l, Text: text})
	}
	return out
}

// scenario is a post of four shown blocks and two hidden ones:
//
//	10-15 transcript: step 0 (line 11) and step 1 (line 13, output 14)
//	20-30 manifest pod.yaml, applied by step 3 (line 32, inline)
//	36-39 output block of step 4 (inline command at line 34)
//	44-46 skipped; 50-52 setup; 56-58 unchecked
func scenario() *extract.Scenario {
	return &extract.Scenario{
		Path: "p.md",
		Blocks: []extract.Block{
			{Line: 10, Fence: 15, Class: "transcript", Lines: srcLines(11, 14, "x")},
			{Line: 20, Fence: 30, Class: "file", Lines: srcLines(21, 29, "y")},
			{Line: 36, Fence: 39, Class: "output", Lines: srcLines(37, 38, "z")},
			{Line: 44, Fence: 46, Class: "skipped", Why: "needs a real cloud"},
			{Line: 50, Fence: 52, Class: "setup"},
			{Line: 56, Fence: 58, Class: "unchecked"},
		},
		Steps: []extract.Step{
			{Kind: extract.Run, Line: 11, Command: "kubectl create namespace demo", CommandLines: srcLines(11, 11, "$ kubectl create namespace demo")},
			{Kind: extract.Run, Line: 13, Command: "kubectl get pods -n demo", CommandLines: srcLines(13, 13, "$ kubectl get pods -n demo"), Shown: srcLines(14, 14, "No resources found in prod namespace.")},
			{Kind: extract.File, Line: 20, Name: "pod.yaml", BlockLines: srcLines(21, 29, "y")},
			{Kind: extract.Run, Line: 32, Command: "kubectl apply -f pod.yaml"},
			{Kind: extract.Run, Line: 34, Command: "kubectl get pods", ShownStart: 37, Shown: srcLines(37, 38, "z")},
		},
	}
}

func TestFromVerify(t *testing.T) {
	type want struct {
		badges   map[int]Badge
		problems []string // "pos severity status"
	}
	tests := []struct {
		name  string
		steps []verify.StepResult
		want  want
	}{
		{
			name: "all accurate",
			steps: []verify.StepResult{
				{Step: 0, Line: 11, Command: "kubectl create namespace demo", Status: verify.OK},
				{Step: 1, Line: 13, Command: "kubectl get pods -n demo", Status: verify.OK, ShownLines: srcLines(14, 14, "")},
				{Step: 3, Line: 32, Command: "kubectl apply -f pod.yaml", Status: verify.OK},
				{Step: 4, Line: 34, Command: "kubectl get pods", Status: verify.Abridged, ShownLines: srcLines(37, 38, "")},
			},
			want: want{badges: map[int]Badge{10: Accurate, 20: Accurate, 36: Accurate, 44: Unverified}},
		},
		{
			name: "stale output and rejected manifest",
			steps: []verify.StepResult{
				{Step: 0, Line: 11, Command: "kubectl create namespace demo", Status: verify.OK},
				{Step: 1, Line: 13, Command: "kubectl get pods -n demo", Status: verify.StaleOutput, FirstDiffLine: 14,
					ShownLines: srcLines(14, 14, "No resources found in prod namespace."),
					Diffs:      []match.Diff{{Shown: 0, Sim: "No resources found in demo namespace."}}},
				{Step: 3, Line: 32, Command: "kubectl apply -f pod.yaml", Status: verify.ManifestRejected, Note: "the Pod is invalid"},
				{Step: 4, Line: 34, Command: "kubectl get pods", Status: verify.OK, ShownLines: srcLines(37, 38, "")},
			},
			want: want{
				badges:   map[int]Badge{10: Stale, 20: Stale, 36: Accurate, 44: Unverified},
				problems: []string{"p.md:14 error stale-output", "p.md:32 error manifest-rejected"},
			},
		},
		{
			name: "nothing comparable",
			steps: []verify.StepResult{
				{Step: 0, Line: 11, Command: "kubectl create namespace demo", Status: verify.NotSimulated},
				{Step: 4, Line: 34, Command: "kubectl get pods", Status: verify.UnboundFile, ShownLines: srcLines(37, 38, "")},
			},
			want: want{
				badges:   map[int]Badge{10: Unverified, 20: Unverified, 36: Unverified, 44: Unverified},
				problems: []string{"p.md:11 warning not-simulated", "p.md:34 warning unbound-file"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := FromVerify(&verify.FileResult{Path: "p.md", Scenario: scenario(), Steps: tt.steps}, false)
			got := map[int]Badge{}
			for _, b := range rep.Blocks {
				got[b.Line] = b.Badge
				if b.Title == "" {
					t.Errorf("block %d: no title", b.Line)
				}
			}
			if len(got) != len(tt.want.badges) {
				t.Errorf("badges %v, want %v", got, tt.want.badges)
			}
			for l, w := range tt.want.badges {
				if got[l] != w {
					t.Errorf("block %d: %s, want %s", l, got[l], w)
				}
			}
			var probs []string
			for _, p := range rep.Problems {
				probs = append(probs, p.Pos+" "+p.Severity+" "+p.Status)
			}
			if strings.Join(probs, "|") != strings.Join(tt.want.problems, "|") {
				t.Errorf("problems %q, want %q", probs, tt.want.problems)
			}
		})
	}
}

func TestStaleDiff(t *testing.T) {
	s := verify.StepResult{
		Line: 13, Command: "kubectl get pods", Status: verify.StaleOutput,
		ShownLines: []extract.SrcLine{{Line: 14, Text: "NAME  READY"}, {Line: 15, Text: "web   1/2"}, {Line: 16, Text: "db    1/1"}},
		Diffs: []match.Diff{
			{Shown: 1, Sim: "web   0/2"},
			{Shown: -1, At: 3, Sim: "cache 1/1"},
			{Shown: 2, Extra: true},
		},
	}
	got := stepDiff(s)
	want := []DiffLine{
		{Op: "$", Line: 13, Text: "kubectl get pods"},
		{Op: "-", Line: 15, Text: "web   1/2"},
		{Op: "+", Text: "web   0/2"},
		{Op: "-", Line: 16, Text: "db    1/1"},
		{Op: "+", Text: "cache 1/1"},
	}
	if a, b := jsonBytes(got), jsonBytes(want); string(a) != string(b) {
		t.Errorf("diff\n%s\nwant\n%s", a, b)
	}
}

// TestVerifyNamespacePost runs the real checker on the small post of the test site, then
// on a copy whose output no longer matches.
func TestVerifyNamespacePost(t *testing.T) {
	src := readFile(t, writeSite(t, "site.txtar"), nsFile)
	c := realChecker()
	tests := []struct {
		name   string
		src    string
		badge  Badge
		errPos string
		diff   []string
	}{
		{name: "accurate", src: src, badge: Accurate},
		{
			name:   "stale",
			src:    strings.Replace(src, "namespace/demo created", "namespace/demo configured", 1),
			badge:  Stale,
			errPos: "namespace.md:12",
			diff:   []string{"$ kubectl create namespace demo", "- namespace/demo configured", "+ namespace/demo created"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := c.Check(context.Background(), "namespace.md", []byte(tt.src))
			if len(rep.Blocks) != 1 || rep.Blocks[0].Line != 10 || rep.Blocks[0].Badge != tt.badge {
				t.Fatalf("blocks %s", jsonBytes(rep.Blocks))
			}
			var errs []string
			for _, p := range rep.Problems {
				if p.Severity == "error" {
					errs = append(errs, p.Pos)
				}
			}
			if tt.errPos == "" && len(errs) > 0 || tt.errPos != "" && (len(errs) != 1 || errs[0] != tt.errPos) {
				t.Errorf("errors at %v, want %q", errs, tt.errPos)
			}
			var diff []string
			for _, d := range rep.Blocks[0].Diff {
				diff = append(diff, strings.Fields(d.Op + " " + d.Text)[0]+" "+strings.SplitN(d.Text, "  #", 2)[0])
			}
			if strings.Join(diff, "|") != strings.Join(tt.diff, "|") {
				t.Errorf("diff %q, want %q", diff, tt.diff)
			}
		})
	}
}

// TestCheckInPage: the status of a page carries its source's badges once checked; an
// edit that breaks the output turns the badge stale with the problem's file:line, and the
// fix turns it back.
func TestCheckInPage(t *testing.T) {
	dir := writeSite(t, "site.txtar")
	r := start(t, dir, Options{Checker: realChecker()})
	ev := r.subscribe(t, nsPage, "")
	done := func() pageStatus {
		for {
			st := decodeStatus(t, ev.next(t, "status"))
			if st.Check != nil && st.Check.State == "done" {
				return st
			}
		}
	}
	st := done()
	if !strings.HasSuffix(st.File, "namespace.md") || len(st.Check.Blocks) != 1 || st.Check.Blocks[0].Badge != Accurate {
		t.Fatalf("accurate post: %s", jsonBytes(st))
	}
	src := readFile(t, dir, nsFile)
	writeFile(t, dir, nsFile, strings.Replace(src, "namespace/demo created", "namespace/demo configured", 1))
	ev.next(t, "reload")
	ev = r.subscribe(t, nsPage, "")
	st = done()
	if st.Check.Blocks[0].Badge != Stale || len(st.Check.Blocks[0].Diff) == 0 {
		t.Fatalf("broken output: %s", jsonBytes(st.Check))
	}
	var pos []string
	for _, p := range st.Check.Problems {
		pos = append(pos, p.Pos)
	}
	if len(pos) != 1 || !strings.HasSuffix(pos[0], "namespace.md:12") {
		t.Errorf("problems at %v", pos)
	}
	writeFile(t, dir, nsFile, src)
	ev.next(t, "reload")
	ev = r.subscribe(t, nsPage, "")
	if st = done(); st.Check.Blocks[0].Badge != Accurate || len(st.Check.Problems) != 0 {
		t.Errorf("after the fix: %s", jsonBytes(st.Check))
	}
	if !strings.Contains(r.log.String(), "Checked ") {
		t.Errorf("log: %s", r.log.String())
	}
}

// hangingChecker never returns on its own (a checker bug).
type hangingChecker struct{ release chan struct{} }

func (h hangingChecker) Check(context.Context, string, []byte) *Report {
	<-h.release
	return nil
}

// TestCheckTimeout: a check that hangs is abandoned; the page says so and the queue goes
// on.
func TestCheckTimeout(t *testing.T) {
	h := hangingChecker{release: make(chan struct{})}
	defer close(h.release)
	r := start(t, writeSite(t, "site.txtar"), Options{Checker: h, CheckTimeout: 50 * time.Millisecond})
	for _, p := range []string{nsPage, seedPage} {
		ev := r.subscribe(t, p, "")
		for {
			st := decodeStatus(t, ev.next(t, "status"))
			if st.Check.State != "done" {
				continue
			}
			if len(st.Check.Problems) != 1 || !strings.Contains(st.Check.Problems[0].Msg, "did not finish") {
				t.Errorf("%s: %s", p, jsonBytes(st.Check))
			}
			break
		}
	}
}

func TestStatusJSON(t *testing.T) {
	r := start(t, writeSite(t, "site.txtar"), Options{})
	for _, tt := range []struct {
		path, file string
		check      bool
	}{
		{nsPage, "namespace.md", true},
		{"/", "", false},
	} {
		_, body := r.get(t, prefix+"status?path="+tt.path)
		var st pageStatus
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(st.File, tt.file) || (st.Check != nil) != tt.check || (st.Check != nil && st.Check.State != "off") {
			t.Errorf("%s: %s", tt.path, body)
		}
	}
}
