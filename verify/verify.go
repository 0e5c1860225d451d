package verify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/docbuild/docbuild/internal/markdown"
	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/verify/extract"
	"github.com/docbuild/docbuild/verify/match"
)

// Status is the result class of a step (check.md §5).
type Status string

// The result classes.
const (
	OK               Status = "ok"
	Abridged         Status = "abridged"
	StaleOutput      Status = "stale-output"
	StaleError       Status = "stale-error"
	BehaviourChange  Status = "behaviour-change"
	ManifestRejected Status = "manifest-rejected"
	UnboundFile      Status = "unbound-file"
	AmbiguousEdit    Status = "ambiguous-edit"
	NotSimulated     Status = "not-simulated"
	Skipped          Status = "skipped"
)

// Statuses lists every class in report order.
func Statuses() []Status {
	return []Status{OK, Abridged, StaleOutput, StaleError, BehaviourChange, ManifestRejected,
		UnboundFile, AmbiguousEdit, NotSimulated, Skipped}
}

// Stale reports the classes that fail a check: the post shows something the modelled release
// does not print. With strict, abridged outputs, unbound files and ambiguous edits fail too.
func (s Status) Stale(strict bool) bool {
	switch s {
	case StaleOutput, StaleError, BehaviourChange, ManifestRejected:
		return true
	case Abridged, UnboundFile, AmbiguousEdit:
		return strict
	}
	return false
}

// Severity is how a report shows the class: "error", "warning" or "info".
func (s Status) Severity(strict bool) string {
	switch {
	case s.Stale(strict):
		return "error"
	case s == UnboundFile || s == AmbiguousEdit || s == NotSimulated:
		return "warning"
	}
	return "info"
}

// StepResult is the judgement of one step.
type StepResult struct {
	// Line is the 1-based file line of the command (or of the block for files and edits).
	Line int
	// Command is the command as typed ("" for file and edit steps).
	Command string
	Status  Status
	// FirstDiffLine is the file line of the first differing shown line (0 when none).
	FirstDiffLine int
	// Shown is the shown output; Simulated what the simulator printed.
	Shown, Simulated string
	// Note explains the status in one sentence; Explanation says why the output changed when
	// the simulator knows.
	Note, Explanation string
	// At is the virtual time (since the scenario started) the step was judged at.
	At time.Duration

	// ShownLines are the shown output's lines with their file positions (for reports and fix).
	ShownLines []extract.SrcLine
	// SimLines is the simulated output split in lines.
	SimLines []string
	// Diffs are the differing lines (indexes into ShownLines).
	Diffs []match.Diff
	// Fixed is the shown output rewritten to what the simulator prints (nil: nothing to fix).
	Fixed []string
	// Strict reports a strict directive in force for this step.
	Strict bool
	// Step is the index of the step in the scenario.
	Step int
	// Block is the index in Scenario.Blocks of the code block that holds the step's command,
	// file or fragment, OutputBlock of the block that holds its shown output; -1 when none
	// (an inline command, a directive, no output shown). See extract.Step.
	Block, OutputBlock int
}

// FileResult is the judgement of one post.
type FileResult struct {
	Path       string
	Kubernetes string
	Steps      []StepResult
	Findings   []extract.Finding
	// Err is set when the file could not be read at all (exit code 2).
	Err error
	// Scenario is what was read from the post (for --explain and replay).
	Scenario *extract.Scenario
	// Src is the file's bytes (for --fix).
	Src []byte
	// Skipped is set when the front matter skips the whole post.
	Skipped string
	// Runs counts the runs of the scenario (1 + the re-runs that pinned a step to a moment
	// already passed); Probes the commands run to search for moments; Reused the moments
	// judged without running the command again (nothing written to the API since the last
	// run of a command that only reads it).
	Runs, Probes, Reused int
}

// Summary counts the steps of each class.
func (f *FileResult) Summary() map[Status]int {
	m := map[Status]int{}
	for _, s := range f.Steps {
		m[s.Status]++
	}
	return m
}

// Stale reports whether a step of the file fails the check.
func (f *FileResult) Stale(strict bool) bool {
	for _, s := range f.Steps {
		if s.Status.Stale(strict || s.Strict) {
			return true
		}
	}
	return false
}

// GCPercent is the collector setting `docbuild check` runs with (debug.SetGCPercent) unless
// GOGC is set: checking allocates fast (every command of every post builds its output and
// compares it) over a small live heap (the clusters of the posts being checked, each
// dropped when its run ends, and the results). Collecting at 4x the live heap instead of 2x
// took BenchmarkCorpusLike1000 from 12.4-13.0 to 8.9-9.5 CPU seconds; 1,000 posts then peak
// near 500 MB, which MemoryLimit bounds.
const GCPercent = 300

// MemoryLimit is the soft memory limit `docbuild check` runs under (debug.SetMemoryLimit)
// unless GOMEMLIMIT is set: the collector works harder only when it is reached.
const MemoryLimit = 512 << 20

// Options configure a Checker.
type Options struct {
	// Cluster makes the simulated cluster of each post (required).
	Cluster NewCluster
	// Kubernetes is the modelled minor; "" for the simulator's default ("1.37").
	Kubernetes string
	// Strict makes abridged outputs, unbound files and ambiguous edits failures.
	Strict bool
	// Horizon is how far past the previous step a shown output is searched for when nothing
	// in it constrains the moment (default 15 minutes of virtual time).
	Horizon time.Duration
	// Site is the configuration of the site the posts belong to (internal/page.LoadConfig),
	// Markdown the Markdown options its build uses (internal/site.MarkdownOptions): posts are
	// read as the build reads them ({% include_code %} from the site's code directory, the
	// front matter in its time zone). nil: each post is read on its own.
	Site     *page.Config
	Markdown markdown.Options
}

// Checker checks posts. It is safe for concurrent use (each post gets its own cluster).
type Checker struct {
	opts   Options
	reader *extract.Reader
}

// New returns a Checker.
func New(opts Options) *Checker {
	if opts.Kubernetes == "" {
		opts.Kubernetes = "1.37"
	}
	if opts.Horizon == 0 {
		opts.Horizon = 15 * time.Minute
	}
	return &Checker{opts: opts, reader: extract.NewReader(extract.Options{Site: opts.Site, Markdown: opts.Markdown})}
}

// Kubernetes is the modelled release.
func (c *Checker) Kubernetes() string { return c.opts.Kubernetes }

// ReadFile reads and checks one post. An unreadable file gives a FileResult with Err set.
func (c *Checker) ReadFile(path string) *FileResult {
	src, err := os.ReadFile(path)
	if err != nil {
		return &FileResult{Path: path, Kubernetes: c.opts.Kubernetes, Err: err}
	}
	return c.Check(path, src)
}

// Check checks one post given its bytes.
func (c *Checker) Check(path string, src []byte) *FileResult {
	return c.CheckContext(context.Background(), path, src)
}

// CheckContext checks one post given its bytes. When ctx is done the scenario is abandoned
// promptly (between two simulator calls) and the result has Err set to an error wrapping
// ctx.Err(), with the steps judged so far.
func (c *Checker) CheckContext(ctx context.Context, path string, src []byte) (res *FileResult) {
	res = &FileResult{Path: path, Kubernetes: c.opts.Kubernetes, Src: src}
	defer func() {
		// A bug in a step must never take the whole check down: report it on the post.
		if p := recover(); p != nil {
			res.Err = fmt.Errorf("%s: internal error while checking: %v", path, p)
		}
	}()
	if err := ctx.Err(); err != nil {
		res.Err = fmt.Errorf("%s: check abandoned: %w", path, err)
		return res
	}
	sc := c.reader.Extract(path, src)
	res.Scenario = sc
	res.Findings = sc.Findings
	for _, f := range sc.Findings {
		if f.Class == "unreadable" {
			res.Err = errors.New(path + ":" + fmt.Sprint(f.Line) + ": " + f.Msg)
			return res
		}
	}
	if sc.Check.Skip {
		res.Skipped = sc.Check.SkipReason
		if res.Skipped == "" {
			res.Skipped = "front matter docbuild.skip"
		}
		for i, st := range sc.Steps {
			if st.Kind == extract.Run {
				res.Steps = append(res.Steps, StepResult{Line: st.Line, Command: st.Command, Status: Skipped, Note: res.Skipped,
					Step: i, Block: st.Block, OutputBlock: st.OutputBlock})
			}
		}
		return res
	}
	if c.opts.Cluster == nil {
		res.Err = errors.New("verify: no simulator configured")
		return res
	}
	r := &runner{c: c, sc: sc, res: res, ctx: ctx}
	r.run()
	return res
}

// CheckAll checks paths in parallel (parallel ≤ 0: one worker per CPU) and returns the results
// in the order of paths.
func (c *Checker) CheckAll(paths []string, parallel int) []*FileResult {
	if parallel <= 0 {
		parallel = runtime.GOMAXPROCS(0)
	}
	out := make([]*FileResult, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = c.ReadFile(paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// Totals adds up the summaries of several files (every class present, zero included).
func Totals(rs []*FileResult) map[Status]int {
	m := map[Status]int{}
	for _, s := range Statuses() {
		m[s] = 0
	}
	for _, r := range rs {
		for k, v := range r.Summary() {
			m[k] += v
		}
	}
	return m
}

// SortedStatuses returns the keys of a summary in report order.
func SortedStatuses(m map[Status]int) []Status {
	var out []Status
	for _, s := range Statuses() {
		if _, ok := m[s]; ok {
			out = append(out, s)
		}
	}
	var extra []string
	for k := range m {
		known := false
		for _, s := range Statuses() {
			known = known || s == k
		}
		if !known {
			extra = append(extra, string(k))
		}
	}
	sort.Strings(extra)
	for _, e := range extra {
		out = append(out, Status(e))
	}
	return out
}
