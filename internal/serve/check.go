package serve

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/docbuild/docbuild/verify"
	"github.com/docbuild/docbuild/verify/extract"
	"github.com/docbuild/docbuild/verify/match"
)

// Checker checks one source file; the server calls it after a build, off the reload path,
// for the files open in a browser and the files that changed. Implementations must be safe
// for concurrent use.
type Checker interface {
	Check(ctx context.Context, file string, src []byte) *Report
}

// Badge is the check result of one code block as the page shows it.
type Badge string

// The badges.
const (
	// Accurate: every shown output of the block is what the modelled release prints (an
	// abridged one included); a manifest that was applied.
	Accurate Badge = "accurate"
	// Stale: some output of the block is not what the modelled release prints, or the
	// manifest is rejected.
	Stale Badge = "stale"
	// Unverified: the block was read but nothing in it could be compared (not simulated,
	// skipped, a manifest nothing applies…).
	Unverified Badge = "unverified"
)

// Report is the check result of one file, by code block.
type Report struct {
	// File names the file as the build does (the path in messages).
	File string `json:"file"`
	// Blocks are the checked code blocks, by line.
	Blocks []BlockResult `json:"blocks"`
	// Problems are located findings: each stale step (severity "error") and what the
	// checker could not read or tie (usually "warning").
	Problems []Problem `json:"problems"`
}

// BlockResult is the result of one code block.
type BlockResult struct {
	// Line is the file line of the block's opening fence: the data-line attribute of its
	// <figure>.
	Line  int   `json:"line"`
	Badge Badge `json:"badge"`
	// Title says why, in one line ("2 commands: 1 ok, 1 stale-output").
	Title string `json:"title"`
	// Diff shows a stale block's differences (empty otherwise).
	Diff []DiffLine `json:"diff,omitempty"`
}

// DiffLine is a line of a block's diff.
type DiffLine struct {
	// Op is "$" (the command the following lines belong to), "-" (shown in the post, with
	// its file Line) or "+" (what the modelled release prints).
	Op   string `json:"op"`
	Line int    `json:"line,omitempty"`
	Text string `json:"text"`
}

// Problem is a located message of the overlay: a build error or a check finding.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	// Severity is "error" or "warning".
	Severity string `json:"severity"`
	// Source is "build" or "check".
	Source string `json:"source"`
	// Status is the check's result class ("stale-output"…), "" for build errors.
	Status  string `json:"status,omitempty"`
	Command string `json:"command,omitempty"`
	Msg     string `json:"msg"`
	// Pos is "file:line" (or "file" when the line is unknown): what editors jump to.
	Pos string `json:"pos"`
}

func newProblem(file string, line int, severity, source, msg string) Problem {
	p := Problem{File: file, Line: line, Severity: severity, Source: source, Msg: msg, Pos: file}
	if line > 0 {
		p.Pos = fmt.Sprintf("%s:%d", file, line)
	}
	return p
}

// VerifyChecker adapts the checker of `docbuild check` (package verify). With strict,
// abridged outputs, unbound files and ambiguous edits are stale too.
func VerifyChecker(c *verify.Checker, strict bool) Checker {
	return verifyChecker{c: c, strict: strict}
}

type verifyChecker struct {
	c      *verify.Checker
	strict bool
}

func (v verifyChecker) Check(_ context.Context, file string, src []byte) *Report {
	return FromVerify(v.c.Check(file, src), v.strict)
}

// FromVerify turns verify's result of a file into badges by block and overlay problems.
// A step belongs to every block one of its lines is in (its command, its shown output);
// a manifest block takes the result of the commands that apply its file.
func FromVerify(r *verify.FileResult, strict bool) *Report {
	rep := &Report{File: r.Path, Blocks: []BlockResult{}, Problems: []Problem{}}
	if r.Err != nil {
		msg := strings.TrimPrefix(r.Err.Error(), r.Path+": ")
		rep.Problems = append(rep.Problems, newProblem(r.Path, 0, "error", "check", msg))
		// "file:line: msg" errors (unreadable scenario) keep their line.
		if rest, ok := strings.CutPrefix(r.Err.Error(), r.Path+":"); ok {
			var line int
			if n, _ := fmt.Sscanf(rest, "%d:", &line); n == 1 && line > 0 {
				msg = strings.TrimSpace(rest[strings.Index(rest, ":")+1:])
				rep.Problems[0] = newProblem(r.Path, line, "error", "check", msg)
			}
		}
	}
	for _, f := range r.Findings {
		if f.Severity == "info" {
			continue
		}
		sev := "warning"
		if f.Severity == "error" {
			sev = "error"
		}
		p := newProblem(r.Path, f.Line, sev, "check", f.Msg)
		p.Status = f.Class
		rep.Problems = append(rep.Problems, p)
	}
	for _, s := range r.Steps {
		st := s.Status
		sev := st.Severity(strict || s.Strict)
		if sev == "info" {
			continue
		}
		line := s.Line
		if s.FirstDiffLine > 0 {
			line = s.FirstDiffLine
		}
		msg := string(st)
		if s.Note != "" {
			msg += ": " + s.Note
		}
		if s.Explanation != "" {
			msg += " (" + s.Explanation + ")"
		}
		p := newProblem(r.Path, line, sev, "check", msg)
		p.Status, p.Command = string(st), s.Command
		rep.Problems = append(rep.Problems, p)
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	if r.Scenario == nil {
		return rep
	}
	sc := r.Scenario
	for _, b := range sc.Blocks {
		switch b.Class {
		case "setup", "unchecked":
			continue // not shown, or not something check reads
		}
		end := blockEnd(b)
		var steps []verify.StepResult
		if b.Class == "file" || b.Class == "fragment" {
			steps = fileSteps(r, b, end)
		} else {
			for _, s := range r.Steps {
				if stepIn(sc, s, b.Line, end) {
					steps = append(steps, s)
				}
			}
		}
		rep.Blocks = append(rep.Blocks, blockResult(b, steps, strict))
	}
	return rep
}

// blockEnd is the last line of a block (its closing fence, or its last line).
func blockEnd(b extract.Block) int {
	if b.Fence > 0 {
		return b.Fence
	}
	end := b.Line
	for _, l := range b.Lines {
		end = max(end, l.Line)
	}
	return end + 1
}

// stepIn reports whether one of a step's lines is between first and last.
func stepIn(sc *extract.Scenario, s verify.StepResult, first, last int) bool {
	in := func(l int) bool { return l >= first && l <= last }
	if in(s.Line) || (s.FirstDiffLine > 0 && in(s.FirstDiffLine)) {
		return true
	}
	for _, l := range s.ShownLines {
		if in(l.Line) {
			return true
		}
	}
	if s.Step >= 0 && s.Step < len(sc.Steps) {
		st := sc.Steps[s.Step]
		for _, l := range st.CommandLines {
			if in(l.Line) {
				return true
			}
		}
		if st.ShownStart > 0 && in(st.ShownStart) {
			return true
		}
	}
	return false
}

// fileSteps returns the results of the commands that apply the file a manifest block
// defines (or edits), after it.
func fileSteps(r *verify.FileResult, b extract.Block, end int) []verify.StepResult {
	sc := r.Scenario
	var names []string
	first := -1
	for i, st := range sc.Steps {
		if st.Kind != extract.File && st.Kind != extract.Edit {
			continue
		}
		for _, l := range st.BlockLines {
			if l.Line >= b.Line && l.Line <= end && st.Name != "" {
				names = append(names, st.Name)
				if first < 0 {
					first = i
				}
				break
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	var out []verify.StepResult
	for _, s := range r.Steps {
		if s.Step < first || s.Step >= len(sc.Steps) {
			continue
		}
		st := sc.Steps[s.Step]
		if st.Kind != extract.Run {
			continue
		}
		for _, a := range extract.FileArgs(strings.Fields(st.Command)) {
			if sameFile(a, names) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func sameFile(arg string, names []string) bool {
	a := path.Clean(filepath.ToSlash(arg))
	for _, n := range names {
		n = path.Clean(filepath.ToSlash(n))
		if a == n || path.Base(a) == n || path.Base(n) == a {
			return true
		}
	}
	return false
}

// blockResult decides a block's badge from its steps.
func blockResult(b extract.Block, steps []verify.StepResult, strict bool) BlockResult {
	br := BlockResult{Line: b.Line, Badge: Unverified}
	manifest := b.Class == "file" || b.Class == "fragment"
	if b.Class == "skipped" {
		br.Title = "skipped by a directive"
		if b.Why != "" {
			br.Title = "skipped: " + b.Why
		}
		return br
	}
	if len(steps) == 0 {
		br.Title = "nothing in this block could be compared"
		if manifest {
			br.Title = "no command applies this file"
		}
		return br
	}
	counts := map[verify.Status]int{}
	stale, ok := false, false
	for _, s := range steps {
		counts[s.Status]++
		isStale := s.Status.Stale(strict || s.Strict)
		if manifest {
			// A manifest is stale only when it is rejected; a later command's output is
			// that command's block's business.
			isStale = s.Status == verify.ManifestRejected
		}
		switch {
		case isStale:
			stale = true
			br.Diff = append(br.Diff, stepDiff(s)...)
		case s.Status == verify.OK || s.Status == verify.Abridged:
			ok = true
		case manifest && s.Status != verify.NotSimulated && s.Status != verify.Skipped && s.Status != verify.UnboundFile:
			ok = true // applied; the command's output is judged on its own block
		}
	}
	var parts []string
	for _, st := range verify.SortedStatuses(counts) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
	}
	what := "command"
	if len(steps) > 1 {
		what = "commands"
	}
	if manifest {
		what = "applied by " + what
	}
	br.Title = fmt.Sprintf("%d %s: %s", len(steps), what, strings.Join(parts, ", "))
	switch {
	case stale:
		br.Badge = Stale
	case ok:
		br.Badge = Accurate
	}
	return br
}

// stepDiff lists a stale step's differing lines: "-" shown (with its file line), "+" what
// the modelled release prints (the order of verify/report's human diff).
func stepDiff(s verify.StepResult) []DiffLine {
	out := []DiffLine{{Op: "$", Line: s.Line, Text: s.Command}}
	if s.Note != "" {
		out[0].Text = strings.TrimSpace(s.Command + "  # " + s.Note)
	}
	if len(s.Diffs) == 0 {
		for _, l := range s.ShownLines {
			out = append(out, DiffLine{Op: "-", Line: l.Line, Text: l.Text})
		}
		for _, l := range s.SimLines {
			out = append(out, DiffLine{Op: "+", Text: l})
		}
		return out
	}
	byShown := map[int][]match.Diff{}
	var missing []match.Diff
	for _, d := range s.Diffs {
		if d.Shown >= 0 {
			byShown[d.Shown] = append(byShown[d.Shown], d)
		} else {
			missing = append(missing, d)
		}
	}
	sort.SliceStable(missing, func(i, j int) bool { return missing[i].At < missing[j].At })
	mi := 0
	flush := func(before int) {
		for mi < len(missing) && missing[mi].At <= before {
			out = append(out, DiffLine{Op: "+", Text: missing[mi].Sim})
			mi++
		}
	}
	for i, l := range s.ShownLines {
		flush(i)
		ds, ok := byShown[i]
		if !ok {
			continue
		}
		out = append(out, DiffLine{Op: "-", Line: l.Line, Text: l.Text})
		for _, d := range ds {
			if !d.Extra {
				out = append(out, DiffLine{Op: "+", Text: d.Sim})
			}
		}
	}
	flush(len(s.ShownLines) + 1)
	return out
}
