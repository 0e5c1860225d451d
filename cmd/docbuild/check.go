package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/internal/site"
	"github.com/docbuild/docbuild/verify"
	vextract "github.com/docbuild/docbuild/verify/extract"
	"github.com/docbuild/docbuild/verify/fix"
	checkreport "github.com/docbuild/docbuild/verify/report"
)

func newCheckCmd() *cobra.Command {
	var (
		format, fixMode, explain, source, kubernetes string
		strict, verbose                              bool
		jobs                                         int
	)
	cmd := &cobra.Command{
		Use:   "check [PATH…]",
		Short: "Replay the Kubernetes examples of posts on the simulator and report stale outputs",
		Long: `check reads each post (default: the site's posts) with no markup needed: manifests and the
files they are saved as, commands at prompts, their shown outputs, edits, container sessions.
It replays them on a fresh simulated cluster per post and reports every shown output that the
modelled Kubernetes release would not print. Exit status: 0 nothing stale, 1 something stale,
2 usage error or unreadable input.

Directives (HTML comments, invisible on the page):
  <!-- docbuild: skip reason="…" -->   skip the next block
  <!-- docbuild: file=NAME -->         the next block is the file NAME
  <!-- docbuild: no-compare -->        run the next block, do not compare its output
  <!-- docbuild: wait 10m -->          let 10 minutes pass
  <!-- docbuild: setup
  kubectl apply -f x.yaml -->          run hidden commands
  <!-- docbuild: strict -->            abridged outputs fail from here on
Front matter: docbuild: {kubernetes: "1.37", node: debian, skip: true}`,
		RunE: func(cmd *cobra.Command, args []string) error {
			stdout := cmd.OutOrStdout()
			if os.Getenv("GOGC") == "" {
				defer debug.SetGCPercent(debug.SetGCPercent(verify.GCPercent))
			}
			if os.Getenv("GOMEMLIMIT") == "" {
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(verify.MemoryLimit))
			}
			switch checkreport.Format(format) {
			case checkreport.Human, checkreport.JSON, checkreport.JUnit, checkreport.GitHub:
			default:
				return usage(fmt.Errorf("--format %q: want human, json, junit or github", format))
			}
			if cmd.Flags().Changed("fix") && fixMode != "inplace" && fixMode != "patch" {
				return usage(fmt.Errorf("--fix=%q: want --fix or --fix=patch", fixMode))
			}
			sourceSet := cmd.Flags().Changed("source")
			checkers := siteCheckers{opts: verify.Options{Cluster: verify.Simulator(), Kubernetes: kubernetes, Strict: strict}}
			if explain != "" {
				checker, err := checkers.of(explain, source, sourceSet)
				if err != nil {
					return usage(err)
				}
				r := checker.ReadFile(explain)
				if r.Err != nil && r.Scenario == nil {
					return usage(r.Err)
				}
				writeExplain(stdout, r)
				return nil
			}
			paths, err := checkPaths(args, source)
			if err != nil {
				return usage(err)
			}
			if len(paths) == 0 {
				return usage(errors.New("no posts to check"))
			}
			results, err := checkers.checkAll(paths, source, sourceSet || len(args) == 0, jobs)
			if err != nil {
				return usage(err)
			}
			color := format == "human" && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
			opts := checkreport.Options{Color: color, Strict: strict, Verbose: verbose}
			unreadable := false
			for _, r := range results {
				unreadable = unreadable || r.Err != nil
			}
			if cmd.Flags().Changed("fix") {
				if err := runFix(cmd, results, fixMode); err != nil {
					return failed(err)
				}
				if fixMode == "patch" {
					return exitFor(results, strict, unreadable)
				}
			}
			if err := checkreport.Write(stdout, checkreport.Format(format), checkers.kubernetes(), results, opts); err != nil {
				return failed(err)
			}
			return exitFor(results, strict, unreadable)
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "human", "report format: human, json, junit or github")
	f.StringVar(&fixMode, "fix", "inplace", "rewrite stale outputs in place (--fix) or print a unified diff (--fix=patch)")
	f.Lookup("fix").NoOptDefVal = "inplace"
	f.BoolVar(&strict, "strict", false, "abridged outputs, unbound files and ambiguous edits fail the check")
	f.StringVar(&explain, "explain", "", "print how every block and line of `FILE` was classified and tied, and the result of each step")
	f.StringVarP(&source, "source", "s", ".", "site directory (its posts are checked when no PATH is given)")
	f.StringVar(&kubernetes, "kubernetes", "", "Kubernetes minor to model (default: the newest, 1.37)")
	f.BoolVarP(&verbose, "verbose", "v", false, "list every step, ok ones included")
	f.IntVarP(&jobs, "jobs", "j", 0, "posts checked in parallel (default: one per CPU)")
	return cmd
}

// siteCheckers makes one checker per site: a post is read with the configuration of the site
// it belongs to, as the build reads it (the Markdown options, the code directory of
// include_code, the time zone of its dates).
type siteCheckers struct {
	opts   verify.Options
	bySite map[string]*verify.Checker
}

// of returns the checker of the site post belongs to: the --source site when given, else
// the nearest directory above the post with a site configuration, else none (the post is read
// on its own).
func (s *siteCheckers) of(post, source string, useSource bool) (*verify.Checker, error) {
	dir := source
	if !useSource {
		dir = siteDir(post)
	}
	if s.bySite == nil {
		s.bySite = map[string]*verify.Checker{}
	}
	if c, ok := s.bySite[dir]; ok {
		return c, nil
	}
	o := s.opts
	if dir != "" {
		cfg, err := page.LoadConfig(dir)
		if err != nil {
			return nil, err
		}
		o.Site, o.Markdown = cfg, site.MarkdownOptions(cfg, "")
	}
	c := verify.New(o)
	s.bySite[dir] = c
	return c, nil
}

func (s *siteCheckers) kubernetes() string {
	return verify.New(s.opts).Kubernetes()
}

// checkAll checks paths in parallel, each with its site's checker, and returns the results
// in the order of paths.
func (s *siteCheckers) checkAll(paths []string, source string, useSource bool, jobs int) ([]*verify.FileResult, error) {
	type group struct {
		c   *verify.Checker
		idx []int
	}
	var groups []*group
	byChecker := map[*verify.Checker]*group{}
	for i, p := range paths {
		c, err := s.of(p, source, useSource)
		if err != nil {
			return nil, err
		}
		g, ok := byChecker[c]
		if !ok {
			g = &group{c: c}
			byChecker[c] = g
			groups = append(groups, g)
		}
		g.idx = append(g.idx, i)
	}
	out := make([]*verify.FileResult, len(paths))
	for _, g := range groups {
		ps := make([]string, len(g.idx))
		for k, i := range g.idx {
			ps[k] = paths[i]
		}
		for k, r := range g.c.CheckAll(ps, jobs) {
			out[g.idx[k]] = r
		}
	}
	return out, nil
}

// siteDir is the nearest directory above path that holds a site configuration ("" when
// there is none).
func siteDir(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		for _, name := range page.ConfigFiles() {
			if info, err := os.Stat(filepath.Join(dir, name)); err == nil && !info.IsDir() {
				return dir
			}
		}
		if parent := filepath.Dir(dir); parent == dir {
			return ""
		}
	}
}

func exitFor(results []*verify.FileResult, strict, unreadable bool) error {
	if unreadable {
		return &exitError{code: 2, err: errors.New("")}
	}
	for _, r := range results {
		if r.Stale(strict) {
			return failed(errors.New(""))
		}
	}
	return nil
}

func runFix(cmd *cobra.Command, results []*verify.FileResult, mode string) error {
	for _, r := range results {
		if r.Err != nil {
			continue
		}
		if mode == "patch" {
			p, err := fix.Patch(r)
			if err != nil {
				return err
			}
			io.WriteString(cmd.OutOrStdout(), p)
			continue
		}
		n, err := fix.WriteFile(r)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: rewrote %d stale output(s)\n", r.Path, n)
		}
	}
	return nil
}

// checkPaths expands the arguments (files, and directories walked for .md files); with none,
// the site's posts.
func checkPaths(args []string, source string) ([]string, error) {
	if len(args) == 0 {
		cfg, err := page.LoadConfig(source)
		if err != nil {
			return nil, err
		}
		args = []string{filepath.Join(cfg.Dir, cfg.SourceDir, "_posts")}
	}
	var out []string
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != a {
				return filepath.SkipDir
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeExplain prints how a post was read: every block's class, every step and how its file
// or output was tied, and each step's result.
func writeExplain(w io.Writer, r *verify.FileResult) {
	sc := r.Scenario
	fmt.Fprintf(w, "%s: node %q, Kubernetes %s\n", r.Path, sc.Node, r.Kubernetes)
	fmt.Fprintln(w, "\nblocks:")
	for _, b := range sc.Blocks {
		last := b.Line
		if n := len(b.Lines); n > 0 {
			last = b.Lines[n-1].Line
		}
		lang := b.Lang
		if lang == "" {
			lang = "(none)"
		}
		fmt.Fprintf(w, "  %s:%d-%d %-10s %-10s %s\n", r.Path, b.Line, last, lang, b.Class, b.Why)
	}
	fmt.Fprintln(w, "\nsteps:")
	for _, st := range sc.Steps {
		switch st.Kind {
		case vextract.File:
			name := st.Name
			if name == "" {
				name = "(unnamed)"
			}
			fmt.Fprintf(w, "  %s:%d file %s", r.Path, st.Line, name)
			if st.NameFrom != "" {
				fmt.Fprintf(w, " (named by %s)", st.NameFrom)
			}
			fmt.Fprintln(w)
		case vextract.Edit:
			fmt.Fprintf(w, "  %s:%d edit %q\n", r.Path, st.Line, firstLineOf(st.Content))
		case vextract.Wait:
			fmt.Fprintf(w, "  %s:%d wait %s\n", r.Path, st.Line, st.Duration)
		case vextract.Run:
			where := "host"
			switch {
			case st.Session >= 0:
				where = fmt.Sprintf("in the session opened on line %d", sc.Steps[st.Session].Line)
			case st.Continues >= 0:
				where = fmt.Sprintf("what the watch started on line %d printed by then", sc.Steps[st.Continues].Line)
			}
			fmt.Fprintf(w, "  %s:%d run (%s, %s) $ %s\n", r.Path, st.Line, st.Source, where, st.Command)
			if st.Shown != nil {
				fmt.Fprintf(w, "      output: lines %d-%d (%s)\n", st.Shown[0].Line, st.Shown[len(st.Shown)-1].Line, st.OutputFrom)
			}
		}
	}
	fmt.Fprintln(w, "\nresults:")
	for _, s := range r.Steps {
		fmt.Fprintf(w, "  %s:%d %s", r.Path, s.Line, s.Status)
		if s.Command != "" {
			fmt.Fprintf(w, " $ %s", s.Command)
		}
		if s.At > 0 {
			fmt.Fprintf(w, " (at +%s)", s.At)
		}
		if s.Note != "" {
			fmt.Fprintf(w, ": %s", s.Note)
		}
		fmt.Fprintln(w)
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %s:%d %s: %s\n", r.Path, f.Line, f.Severity, f.Msg)
	}
	if r.Err != nil {
		fmt.Fprintf(w, "  error: %v\n", r.Err)
	}
}

func firstLineOf(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
