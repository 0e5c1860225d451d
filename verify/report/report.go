// Package report owns the output formats of `docbuild check`: human text (with colour when
// asked), JSON, JUnit XML and GitHub workflow annotations. Every entry carries file:line, the
// command and, for a stale step, a line-numbered diff of the shown output against the
// simulated one. It imports verify and the standard library.
package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/docbuild/docbuild/verify"
	"github.com/docbuild/docbuild/verify/match"
)

// Options tune the reports.
type Options struct {
	// Color uses ANSI colours (human format only).
	Color bool
	// Strict counts abridged outputs, unbound files and ambiguous edits as failures.
	Strict bool
	// Verbose lists ok steps too (human format).
	Verbose bool
}

// Format names an output format.
type Format string

// The formats.
const (
	Human  Format = "human"
	JSON   Format = "json"
	JUnit  Format = "junit"
	GitHub Format = "github"
)

// Write writes results in format f.
func Write(w io.Writer, f Format, kubernetes string, rs []*verify.FileResult, o Options) error {
	switch f {
	case Human, "":
		return WriteHuman(w, rs, o)
	case JSON:
		return WriteJSON(w, kubernetes, rs)
	case JUnit:
		return WriteJUnit(w, rs, o)
	case GitHub:
		return WriteGitHub(w, rs, o)
	}
	return fmt.Errorf("unknown format %q (human, json, junit, github)", f)
}

// jsonStep is one step in the JSON report (issue 5's shape).
type jsonStep struct {
	Line          int    `json:"line"`
	Command       string `json:"command"`
	Status        string `json:"status"`
	FirstDiffLine *int   `json:"first_diff_line"`
	Shown         string `json:"shown"`
	Simulated     string `json:"simulated"`
	Note          string `json:"note"`
	Explanation   string `json:"explanation,omitempty"`
}

type jsonFinding struct {
	Line     int    `json:"line"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

type jsonFile struct {
	Path     string        `json:"path"`
	Steps    []jsonStep    `json:"steps"`
	Findings []jsonFinding `json:"findings,omitempty"`
	Error    string        `json:"error,omitempty"`
}

type jsonReport struct {
	Kubernetes string         `json:"kubernetes"`
	Files      []jsonFile     `json:"files"`
	Summary    map[string]int `json:"summary"`
}

// WriteJSON writes the JSON report.
func WriteJSON(w io.Writer, kubernetes string, rs []*verify.FileResult) error {
	rep := jsonReport{Kubernetes: kubernetes, Files: []jsonFile{}, Summary: map[string]int{}}
	for k, v := range verify.Totals(rs) {
		rep.Summary[string(k)] = v
	}
	for _, r := range rs {
		f := jsonFile{Path: r.Path, Steps: []jsonStep{}}
		if r.Err != nil {
			f.Error = r.Err.Error()
		}
		for _, s := range r.Steps {
			js := jsonStep{Line: s.Line, Command: s.Command, Status: string(s.Status), Shown: s.Shown,
				Simulated: s.Simulated, Note: s.Note, Explanation: s.Explanation}
			if s.FirstDiffLine > 0 {
				n := s.FirstDiffLine
				js.FirstDiffLine = &n
			}
			f.Steps = append(f.Steps, js)
		}
		for _, fd := range r.Findings {
			f.Findings = append(f.Findings, jsonFinding{fd.Line, fd.Severity, fd.Msg})
		}
		rep.Files = append(rep.Files, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	dim    = "\x1b[2m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

func (o Options) paint(c, s string) string {
	if !o.Color {
		return s
	}
	return c + s + reset
}

func (o Options) statusColor(s verify.Status, strict bool) string {
	switch s.Severity(strict) {
	case "error":
		return red
	case "warning":
		return yellow
	}
	if s == verify.OK {
		return green
	}
	return cyan
}

// WriteHuman writes the human report: one entry per step that is not plainly ok (every step
// with Verbose), each with file:line, the command, the note and a line-numbered diff.
func WriteHuman(w io.Writer, rs []*verify.FileResult, o Options) error {
	for _, r := range rs {
		if r.Err != nil {
			fmt.Fprintf(w, "%s\n", o.paint(red, "error: "+r.Err.Error()))
			continue
		}
		for _, f := range r.Findings {
			if f.Severity == "info" && !o.Verbose {
				continue
			}
			fmt.Fprintf(w, "%s:%d: %s: %s\n", r.Path, f.Line, f.Severity, f.Msg)
		}
		for _, s := range r.Steps {
			strict := o.Strict || s.Strict
			if s.Status == verify.OK && !o.Verbose {
				continue
			}
			line := s.Line
			fmt.Fprintf(w, "%s:%d: %s", r.Path, line, o.paint(o.statusColor(s.Status, strict), string(s.Status)))
			if s.Command != "" {
				fmt.Fprintf(w, "  %s", o.paint(bold, "$ "+s.Command))
			}
			fmt.Fprintln(w)
			if s.Note != "" {
				fmt.Fprintf(w, "    %s\n", s.Note)
			}
			if s.FirstDiffLine > 0 {
				fmt.Fprintf(w, "    first difference: %s:%d\n", r.Path, s.FirstDiffLine)
			}
			if len(s.Diffs) > 0 && s.Status != verify.Abridged {
				writeDiff(w, s, o)
			}
			if s.Explanation != "" {
				fmt.Fprintf(w, "    why: %s\n", s.Explanation)
			}
		}
		sum := r.Summary()
		var parts []string
		for _, k := range verify.SortedStatuses(sum) {
			parts = append(parts, fmt.Sprintf("%d %s", sum[k], k))
		}
		if r.Skipped != "" {
			parts = append(parts, "post skipped: "+r.Skipped)
		}
		fmt.Fprintf(w, "%s: %s\n", r.Path, strings.Join(parts, ", "))
	}
	tot := verify.Totals(rs)
	var parts []string
	for _, k := range verify.SortedStatuses(tot) {
		parts = append(parts, fmt.Sprintf("%s %d", k, tot[k]))
	}
	files := "files"
	if len(rs) == 1 {
		files = "file"
	}
	fmt.Fprintf(w, "%d %s checked: %s\n", len(rs), files, strings.Join(parts, ", "))
	return nil
}

// DiffLine is one line of a step's diff.
type DiffLine struct {
	// Op is "-" for a line shown in the post (Line is its file line) or "+" for what the
	// modelled release prints in its place (Line is 0).
	Op   string `json:"op"`
	Line int    `json:"line,omitempty"`
	Text string `json:"text"`
}

// DiffLines lists a step's differences in the order of the human report: each differing
// shown line ("-", with its file line) followed by what the modelled release prints in its
// place ("+", nothing for a shown line the release does not print), and the simulated lines
// the post leaves out ("+") where they would go. A step with no line-level differences
// (a behaviour change, an output of another structure) lists every shown line, then every
// simulated line; an ok step gives nil.
func DiffLines(s verify.StepResult) []DiffLine {
	if len(s.Diffs) == 0 {
		if s.Status == verify.OK || s.Status == verify.Abridged {
			return nil
		}
		var out []DiffLine
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
	var out []DiffLine
	mi := 0
	flushMissing := func(before int) {
		for mi < len(missing) && missing[mi].At <= before {
			out = append(out, DiffLine{Op: "+", Text: missing[mi].Sim})
			mi++
		}
	}
	for i, l := range s.ShownLines {
		flushMissing(i)
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
	flushMissing(len(s.ShownLines) + 1)
	return out
}

// writeDiff prints the differing lines: "- " shown (with its file line), "+ " simulated.
func writeDiff(w io.Writer, s verify.StepResult, o Options) {
	if len(s.Diffs) == 0 {
		return // the note says what differs (a behaviour change, another structure)
	}
	width := 1
	if n := len(s.ShownLines); n > 0 {
		width = len(fmt.Sprint(s.ShownLines[n-1].Line + 1))
	}
	for _, d := range DiffLines(s) {
		if d.Op == "-" {
			fmt.Fprintf(w, "    %*d %s\n", width, d.Line, o.paint(red, "- "+d.Text))
		} else {
			fmt.Fprintf(w, "    %*s %s\n", width, "", o.paint(green, "+ "+d.Text))
		}
	}
}

// WriteGitHub writes GitHub Actions workflow commands (annotations on the post's lines).
func WriteGitHub(w io.Writer, rs []*verify.FileResult, o Options) error {
	for _, r := range rs {
		if r.Err != nil {
			fmt.Fprintf(w, "::error file=%s::%s\n", ghProp(r.Path), ghMsg(r.Err.Error()))
			continue
		}
		for _, s := range r.Steps {
			strict := o.Strict || s.Strict
			level := map[string]string{"error": "error", "warning": "warning", "info": "notice"}[s.Status.Severity(strict)]
			if s.Status == verify.OK {
				continue
			}
			line := s.Line
			if s.FirstDiffLine > 0 {
				line = s.FirstDiffLine
			}
			msg := string(s.Status)
			if s.Command != "" {
				msg += ": $ " + s.Command
			}
			if s.Note != "" {
				msg += "\n" + s.Note
			}
			if d := diffText(s); d != "" {
				msg += "\n" + d
			}
			if s.Explanation != "" {
				msg += "\nwhy: " + s.Explanation
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d,title=%s::%s\n", level, ghProp(r.Path), line, ghProp("docbuild check: "+string(s.Status)), ghMsg(msg))
		}
	}
	return nil
}

func diffText(s verify.StepResult) string {
	var b strings.Builder
	writeDiff(&b, s, Options{})
	return strings.TrimRight(b.String(), "\n")
}

func ghMsg(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// JUnit XML.

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Errors  int          `xml:"errors,attr"`
	Skipped int          `xml:"skipped,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name    string      `xml:"name,attr"`
	Tests   int         `xml:"tests,attr"`
	Fails   int         `xml:"failures,attr"`
	Errors  int         `xml:"errors,attr"`
	Skipped int         `xml:"skipped,attr"`
	Cases   []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// WriteJUnit writes a JUnit XML report: one suite per post, one case per step.
func WriteJUnit(w io.Writer, rs []*verify.FileResult, o Options) error {
	var all junitSuites
	for _, r := range rs {
		s := junitSuite{Name: r.Path}
		if r.Err != nil {
			s.Tests, s.Errors = 1, 1
			s.Cases = append(s.Cases, junitCase{Name: "read", Classname: r.Path, Error: &junitMessage{Message: r.Err.Error()}})
		}
		for _, st := range r.Steps {
			c := junitCase{Name: fmt.Sprintf("%s:%d %s", r.Path, st.Line, st.Command), Classname: r.Path}
			if st.Command == "" {
				c.Name = fmt.Sprintf("%s:%d %s", r.Path, st.Line, st.Status)
			}
			s.Tests++
			switch {
			case st.Status.Stale(o.Strict || st.Strict):
				s.Fails++
				body := st.Note
				if d := diffText(st); d != "" {
					body += "\n" + d
				}
				if st.Explanation != "" {
					body += "\nwhy: " + st.Explanation
				}
				c.Failure = &junitMessage{Message: fmt.Sprintf("%s at %s:%d", st.Status, r.Path, max(st.FirstDiffLine, st.Line)), Type: string(st.Status), Body: body}
			case st.Status == verify.Skipped:
				s.Skipped++
				c.Skipped = &junitMessage{Message: st.Note}
			case st.Status != verify.OK:
				c.SystemOut = string(st.Status) + ": " + st.Note
			}
			s.Cases = append(s.Cases, c)
		}
		all.Tests += s.Tests
		all.Fails += s.Fails
		all.Errors += s.Errors
		all.Skipped += s.Skipped
		all.Suites = append(all.Suites, s)
	}
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
