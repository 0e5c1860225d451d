package verify

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/docbuild/docbuild/internal/transcript"
	"github.com/docbuild/docbuild/verify/extract"
	"github.com/docbuild/docbuild/verify/match"
)

// maxProbes bounds the moments probed for one shown output in one window: the first
// denseProbes at every scheduled event, the others at doubling intervals.
const (
	maxProbes   = 24
	denseProbes = 12
)

// maxUnshownWait bounds how long a command whose output the post does not show waits for
// containers to start (image pulls and starts take seconds to a minute or two).
const maxUnshownWait = 3 * time.Minute

// maxRestarts bounds the deterministic re-runs of a scenario (one per stale step that probed
// past its best moment).
const maxRestarts = 12

// runner runs one scenario, re-running it from scratch when a step must be pinned to a moment
// the cluster has already passed.
type runner struct {
	c      *Checker
	sc     *extract.Scenario
	res    *FileResult
	pinned map[int]time.Time
	// triggered are the steps that made the scenario re-run (once each).
	triggered map[int]bool
	// ctx abandons the scenario when done.
	ctx context.Context
}

func (r *runner) run() {
	r.pinned, r.triggered = map[int]time.Time{}, map[int]bool{}
	for attempt := 0; ; attempt++ {
		if err := r.ctx.Err(); err != nil {
			r.res.Err = fmt.Errorf("%s: check abandoned: %w", r.sc.Path, err)
			return
		}
		st, err := r.newState()
		if err != nil {
			r.res.Err = fmt.Errorf("%s: %v", r.sc.Path, err)
			return
		}
		pin, at := st.execAndClose(attempt < maxRestarts)
		r.res.Runs++
		r.res.Probes += st.probes
		r.res.Reused += st.skipped
		if err := r.ctx.Err(); err != nil {
			// Abandoned: the steps judged so far, and the reason.
			r.res.Steps = st.finish()
			r.res.Err = fmt.Errorf("%s: check abandoned: %w", r.sc.Path, err)
			return
		}
		if pin < 0 {
			r.res.Steps = st.finish()
			return
		}
		// Pin every step before it to the moment it ran, and it to its best moment.
		for i, t := range st.times {
			if i < pin && !t.IsZero() {
				r.pinned[i] = t
			}
		}
		r.pinned[pin] = at
	}
}

func (r *runner) newState() (*state, error) {
	version := r.c.opts.Kubernetes
	if v := r.sc.Check.Kubernetes; v != "" {
		version = v // the post's front matter: docbuild: {kubernetes: "1.37"}
	}
	cl, err := r.c.opts.Cluster(ClusterOptions{Node: r.sc.Node, Kubernetes: version})
	if err != nil {
		return nil, err
	}
	node := r.sc.Node
	st := &state{
		r:           r,
		ctx:         r.ctx,
		watches:     map[int]*bgWatch{},
		cl:          cl,
		start:       cl.Now(),
		fs:          newFileSystem(),
		bind:        match.NewBindings(node),
		tainted:     map[string]int{},
		unsimulated: map[string]int{},
		times:       make([]time.Time, len(r.sc.Steps)),
		opener:      -1,
	}
	st.host = newHost(st)
	if node == "" {
		// The simulator's default node: ask it (outputs name it; placeholders take it).
		if n, ok := cl.(interface{ NodeName() string }); ok {
			st.bind.Node = n.NodeName()
		} else if o := cl.Kubectl([]string{"kubectl", "get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"}, nil, st.fs, false); o.Exit == 0 {
			st.bind.Node = strings.TrimSpace(o.Stdout)
		}
	}
	return st, nil
}

// state is one run of a scenario.
type state struct {
	r       *runner
	ctx     context.Context
	cl      Cluster
	start   time.Time
	fs      *fileSystem
	host    *host
	bind    *match.Bindings
	results []StepResult
	times   []time.Time
	// lastFile is the file most recently shown or used (the target of an edit).
	lastFile string
	// tainted files depend on an ambiguous edit (file → its line).
	tainted map[string]int
	// sess is the open container session and opener the step that opened it; ended is the
	// line where its shell exited (0 while open).
	sess       Session
	opener     int
	openerFail string
	ended      int
	// fixed is set while a pinned step runs.
	fixed bool
	// probes counts the command runs of moment searches; skipped the moments judged without
	// running the command (the API unchanged since the last run).
	probes, skipped int
	// steady reports that the step being run was tried at several moments and judged the
	// same way at each (so an earlier moment would most likely judge it the same way too).
	steady bool
	// watches are the watches left running in another terminal, by the step that started
	// them (nil: it could not be followed in the background; see bgWatch.why).
	watches map[int]*bgWatch
	// installed is the line of a package installation typed in the open session (0: none).
	installed int
	// unsimulated maps names of objects that a not-simulated command may have changed to
	// that command's line: later outputs about them are not judged.
	unsimulated map[string]int
}

// execAndClose runs the steps (exec), then stops the background watches and closes the
// cluster, even when a step panics.
func (s *state) execAndClose(canPin bool) (int, time.Time) {
	defer func() {
		s.stopWatches()
		if c, ok := s.cl.(Closer); ok {
			c.Close()
		}
	}()
	return s.exec(canPin)
}

// exec runs the steps. When a stale step was judged after probing past its best moment and
// pinning is allowed, it returns that step and moment (the caller re-runs from scratch);
// otherwise -1.
func (s *state) exec(canPin bool) (int, time.Time) {
	// A step judged at a moment the cluster has passed is pinned there only if it matters: a
	// later step that is not accurate might have been accurate at an earlier moment, so the
	// run is then redone from scratch with the step pinned at its moment. When every later
	// step is accurate anyway, the results stand and no re-run is needed.
	pendingStep := -1
	var pendingAt time.Time
	for i := range s.r.sc.Steps {
		if !s.live() {
			break
		}
		step := &s.r.sc.Steps[i]
		t, pinned := s.r.pinned[i]
		if pinned && t.After(s.cl.Now()) {
			s.advance(t)
		}
		s.fixed = pinned // a pinned step runs once, at its moment: no search, no waiting
		s.times[i] = s.cl.Now()
		switch step.Kind {
		case extract.File:
			if step.Name != "" {
				s.fs.Set(step.Name, step.Content, step.Line)
				s.lastFile = step.Name
				delete(s.tainted, step.Name)
			} else if res, bad := s.validate(step); bad {
				res.Step = i
				s.results = append(s.results, res)
			}
		case extract.Edit:
			s.edit(step)
		case extract.Wait:
			// Time passes; an open container session stays open.
			s.advance(s.cl.Now().Add(step.Duration))
		case extract.Run:
			s.host.ranAt = time.Time{}
			s.steady = false
			res, best := s.safeRunStep(i, step)
			wantsPin := !best.IsZero() && canPin && !pinned && best.Before(s.cl.Now())
			// A step that is not accurate may be at an earlier moment: the run is redone
			// with the pending step pinned, unless that cannot help (the step was judged
			// the same way at every moment it was tried, and no moment it wants has
			// passed), or it already made the scenario re-run once.
			if pendingStep >= 0 && (wantsPin || (res.Status.Stale(true) || res.Status == NotSimulated) && !s.steady) && !s.r.triggered[i] {
				s.r.triggered[i] = true
				return pendingStep, pendingAt
			}
			if wantsPin && pendingStep < 0 {
				pendingStep, pendingAt = i, best
			}
			if res.Status != "" {
				res.Strict, res.Step = step.Strict, i
				s.results = append(s.results, res)
			}
			// A re-run starts the step when its last command started this time (a command
			// may itself move the clock: kubectl delete waits, sleep sleeps).
			if !s.host.ranAt.IsZero() {
				s.times[i] = s.host.ranAt
			}
		}
	}
	s.closeSession()
	return -1, time.Time{}
}

// safeRunStep runs a step; a failure of the simulator on it (a panic) is reported on the step
// as not simulated, and the scenario goes on.
func (s *state) safeRunStep(i int, step *extract.Step) (res StepResult, best time.Time) {
	defer func() {
		if p := recover(); p != nil {
			res = newResult(step)
			res.Status = NotSimulated
			res.Note = fmt.Sprintf("the simulator failed on this command (a bug to report): %v", p)
			best = time.Time{}
			if step.Opens {
				s.sess, s.opener, s.openerFail = nil, i, "the simulator failed"
			}
		}
	}()
	return s.runStep(i, step)
}

func (s *state) stepIndex(step *extract.Step) int {
	for i := range s.r.sc.Steps {
		if &s.r.sc.Steps[i] == step {
			return i
		}
	}
	return -1
}

func (s *state) closeSession() {
	if s.sess != nil {
		s.sess.Close()
		s.sess = nil
	}
	s.opener = -1
}

// validate checks an unnamed manifest with a server-side dry run (nothing is created).
func (s *state) validate(step *extract.Step) (StepResult, bool) {
	out := s.cl.Kubectl([]string{"kubectl", "create", "--dry-run=server", "-f", "-"}, []byte(step.Content), s.fs, false)
	if out.Exit == 0 || out.NotSimulated != "" || !rejection(out.Text()) {
		return StepResult{}, false
	}
	return StepResult{Line: step.Line, Status: ManifestRejected, Simulated: out.Text(), SimLines: splitLines(out.Text()),
		Note: "the API server rejects this manifest (a server-side dry run): " + errLine(out)}, true
}

// edit applies a fragment to the newest version of its file.
func (s *state) edit(step *extract.Step) {
	n := len(s.results)
	defer func() {
		for j := n; j < len(s.results); j++ {
			s.results[j].Step = s.stepIndex(step)
		}
	}()
	target := step.Name
	if target == "" {
		target = s.lastFile
	}
	content, ok := s.fs.Get(target)
	if !ok {
		s.results = append(s.results, StepResult{Line: step.Line, Status: AmbiguousEdit,
			Note: "an edit with no file to apply it to (no manifest shown or used before it)", Shown: step.Content})
		return
	}
	out, places, err := applyEdit(content, step.Content)
	if err != nil {
		s.tainted[target] = step.Line
		s.results = append(s.results, StepResult{Line: step.Line, Status: AmbiguousEdit, Shown: step.Content,
			Note: fmt.Sprintf("edit of %s: %v; steps that use %s are not verified", target, err, target)})
		_ = places
		return
	}
	s.fs.Set(target, out, step.Line)
	s.lastFile = target
}

// stepResult starts the result of a run step.
func newResult(step *extract.Step) StepResult {
	r := StepResult{Line: step.Line, Command: step.Command, ShownLines: step.Shown}
	if step.Shown != nil {
		r.Shown = joinSrc(step.Shown)
	}
	return r
}

func joinSrc(ls []extract.SrcLine) string {
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	}
	return b.String()
}

// runStep runs one command step and judges it. best is the moment it should be judged at
// when that moment has passed (zero otherwise).
func (s *state) runStep(i int, step *extract.Step) (StepResult, time.Time) {
	res := newResult(step)
	if step.Skip {
		res.Status, res.Note = Skipped, "skip directive"
		if step.SkipReason != "" {
			res.Note += ": " + step.SkipReason
		}
		return res, time.Time{}
	}
	if step.Incomplete {
		res.Status, res.Note = Skipped, "the command is never completed (an open quote or heredoc)"
		return res, time.Time{}
	}
	if step.Session >= 0 {
		return s.containerStep(step, res), time.Time{}
	}
	if step.Continues >= 0 {
		// The watch still running in its terminal: nothing typed here, and a container
		// session open in another terminal stays open.
		return s.continuation(step, res)
	}
	s.leaveSession(i)
	cmd := step.Command
	if ph := placeholder(cmd); ph != "" {
		if !strings.Contains(strings.ToLower(ph), "node") || s.bind.Node == "" {
			res.Status, res.Note = Skipped, "the command holds the placeholder "+ph+" that the reader fills in"
			return res, time.Time{}
		}
		cmd = strings.ReplaceAll(cmd, ph, s.bind.Node)
		if p := placeholder(cmd); p != "" {
			res.Status, res.Note = Skipped, "the command holds the placeholder "+p+" that the reader fills in"
			return res, time.Time{}
		}
	}
	cmd = s.expandAliases(cmd)
	cmd = s.bind.Apply(cmd)
	args, simple := transcript.Args(cmd)
	if simple {
		for _, f := range extract.FileArgs(args) {
			if line, ok := s.tainted[f]; ok {
				res.Status, res.Note = Skipped, fmt.Sprintf("not verified: %s depends on the ambiguous edit on line %d", f, line)
				return res, time.Time{}
			}
			if strings.HasSuffix(f, "/") || s.fs.Has(f) {
				continue
			}
			if s.fs.Resolve(f) != "" {
				continue // a URL or path whose base name a block is named after
			}
			res.Status = UnboundFile
			res.Note = fmt.Sprintf("%s is not shown in the post (no block is named after it); the command was not run", f)
			return res, time.Time{}
		}
		if len(args) > 0 && (args[0] == "kubectl" || args[0] == "k") {
			args[0] = "kubectl"
		}
	}
	if step.Opens && simple {
		return s.openSession(i, step, args, res)
	}
	if simple && s.continued(i) {
		if w, ok := s.cl.(Watcher); ok {
			return s.watchStep(i, step, w, args, res)
		}
	}
	return s.hostStep(step, cmd, args, simple, res)
}

func (s *state) expandAliases(cmd string) string {
	for name, val := range s.r.sc.Aliases {
		if cmd == name || strings.HasPrefix(cmd, name+" ") {
			return val + cmd[len(name):]
		}
	}
	if cmd == "k" || strings.HasPrefix(cmd, "k ") {
		return "kubectl" + cmd[1:]
	}
	return cmd
}

// openSession runs a command that opens an interactive container session.
func (s *state) openSession(i int, step *extract.Step, args []string, res StepResult) (StepResult, time.Time) {
	s.closeSession() // one session at a time
	deadline := s.cl.Now().Add(s.r.c.opts.Horizon)
	if step.Shown == nil {
		deadline = s.cl.Now().Add(min(s.r.c.opts.Horizon, maxUnshownWait))
	}
	var sess Session
	var out Output
	first := s.cl.Now()
	for {
		sess, out = s.cl.Interactive(args, s.fs)
		if sess != nil || s.fixed || !notReadyYet(out.Text()) || step.Shown != nil && s.compare(step, args, out).OK || !s.live() {
			break
		}
		// The container may not be running yet: the author waited.
		next, ok := s.cl.NextEvent()
		if !ok || next.After(deadline) {
			break
		}
		s.cl.AdvanceTo(next)
	}
	res.At = s.cl.Now().Sub(s.start)
	s.installed = 0
	s.ended = 0
	if sess != nil {
		s.sess, s.opener, s.openerFail = sess, i, ""
	} else {
		s.openerFail = firstLine(out.Text())
		s.opener = i
	}
	res = s.judge(step, args, out, res)
	if sess == nil && out.Exit != 0 && res.Status == OK && s.typedInto(i) {
		// The post goes on typing into a shell that never opened.
		res.Status = BehaviourChange
		res.Note = "the post types commands into the session this opens, but the command fails: " + errLine(out)
	}
	if sess == nil && s.cl.Now().After(first) {
		return res, first // waited in vain: judge it when it was typed
	}
	return res, time.Time{}
}

// installs reports a package installation (apt-get install, apk add, pip install, …).
func installs(cmd string) bool {
	ps, _ := programs(cmd)
	for _, p := range ps {
		if len(p) < 2 {
			continue
		}
		switch p[0] {
		case "apt-get", "apt", "yum", "dnf", "microdnf", "zypper", "pip", "pip3", "npm", "gem":
			for _, a := range p[1:] {
				if a == "install" || a == "update" {
					return true
				}
			}
		case "apk":
			return p[1] == "add" || p[1] == "update"
		}
	}
	return false
}

// typedInto reports that the post shows commands typed into the session step i opens.
func (s *state) typedInto(i int) bool {
	for _, st := range s.r.sc.Steps[i+1:] {
		if st.Session == i {
			return true
		}
	}
	return false
}

// notReadyYet reports an error that goes away by itself as the cluster moves on (a container
// not started yet, a Pod not scheduled yet).
func notReadyYet(out string) bool {
	for _, s := range []string{"container not found", "is waiting to start", "ContainerCreating", "PodInitializing",
		"does not have a host assigned", "\" is not available", "pod is not running", "current phase is Pending"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

// containerStep runs a command typed in a container session.
func (s *state) containerStep(step *extract.Step, res StepResult) StepResult {
	if s.opener != step.Session || s.sess == nil {
		res.Status = Skipped
		switch {
		case s.opener == step.Session && s.ended > 0:
			res.Note = fmt.Sprintf("typed after the session ended (its shell exited on line %d)", s.ended)
		default:
			res.Note = "typed in a container session that did not open"
			if s.openerFail != "" {
				res.Note += ": " + s.openerFail
			}
		}
		return res
	}
	line := step.Command
	if ph := placeholder(line); ph != "" {
		v := s.placeholderValue(step, ph)
		if v == "" {
			res.Status, res.Note = Skipped, "the command holds the placeholder "+ph+" that the reader fills in"
			return res
		}
		line = strings.ReplaceAll(line, ph, v)
	}
	out, exited := s.sess.Line(line)
	res.At = s.cl.Now().Sub(s.start)
	if exited {
		s.sess.Close()
		s.sess, s.ended = nil, step.Line
	}
	if installs(step.Command) {
		// Packages come from the internet: what they install is not in the simulated image.
		s.installed = step.Line
		res.Status, res.Note = NotSimulated, "installing packages (from the network) is not simulated"
		res.Simulated = out
		return res
	}
	o := Output{Terminal: out, Stdout: out}
	if s.installed > 0 && strings.Contains(out, "not found") {
		o.NotSimulated = fmt.Sprintf("the program may come from the packages installed on line %d, which is not simulated", s.installed)
	}
	return s.judge(step, nil, o, res)
}

// hostStep runs a host command line, searching for the moment that shows its output.
func (s *state) hostStep(step *extract.Step, cmd string, args []string, simple bool, res StepResult) (StepResult, time.Time) {
	readOnly := s.readOnly(cmd)
	return s.search(step, args, search{
		run:       func() Output { return s.host.Run(cmd) },
		readOnly:  readOnly,
		retryable: readOnly || simple && waitsForContainers(args),
		waits:     simple && waitsForContainers(args),
		streams:   streams(cmd),
		apiOnly:   readOnly && apiOnly(cmd),
		windows:   s.windows(step, args),
	}, res)
}

// search says how to run a step and search for its moment.
type search struct {
	// run runs the command once, now.
	run func() Output
	// readOnly: the command changes nothing, so it may run at several moments.
	readOnly bool
	// retryable, waits: the command fails until containers run (the author waited).
	retryable, waits bool
	// streams: the command moves the clock itself (a watch, a followed log, a sleep).
	streams bool
	// apiOnly: the output depends only on the API server's objects and the clock (get,
	// describe): while no write is committed it is the same up to durations.
	apiOnly bool
	// windows are the spans of moments to search, most likely first.
	windows []window
}

// search runs a step, searching for the moment that shows its output.
func (s *state) search(step *extract.Step, args []string, sp search, res StepResult) (StepResult, time.Time) {
	if step.Shown == nil || step.NoCompare {
		out := sp.run()
		first := s.cl.Now()
		// Nothing shown says how long the author waited: as long as a container takes to
		// start, not the whole horizon.
		deadline := first.Add(min(s.r.c.opts.Horizon, maxUnshownWait))
		for out.Exit != 0 && !s.fixed && sp.retryable && sp.waits && notReadyYet(out.Text()) && s.live() {
			next, ok := s.cl.NextEvent()
			if !ok || next.After(deadline) {
				break
			}
			s.cl.AdvanceTo(next)
			out = sp.run()
		}
		res.At = s.cl.Now().Sub(s.start)
		res = s.judge(step, args, out, res)
		if out.Exit != 0 && s.cl.Now().After(first) {
			return res, first
		}
		return res, time.Time{}
	}
	windows := sp.windows
	type probe struct {
		at    time.Time
		out   Output
		diffs int
	}
	var best *probe
	lastText, lastOK := "\x00", false
	// The API server's revision at the last run, when the output only reads the API: while
	// it stays the same, so does the judgement (ages aside), and the command is not re-run
	// unless that could change the result.
	rev, hasRev := s.cl.(Revisioner)
	var lastRev uint64
	var last Output
	ran := false
	inWindow := -1 // ≥ 0 when the first window comes from the shown ages
	score := func(r match.Result, out Output) int {
		// A shown line with no counterpart weighs more than one that differs: the moment
		// whose output has every shown line is closer.
		d := 0
		for _, df := range r.Diffs {
			d += 2
			if df.Extra {
				d++
			}
		}
		if looksLikeError(joinSrc(step.Shown)) != (out.Exit != 0) {
			d += 1000 // prefer a moment where the command succeeds or fails as shown
		}
		if inWindow >= 0 && (s.cl.Now().Before(windows[0].from) || !windows[0].to.IsZero() && !s.cl.Now().Before(windows[0].to)) {
			d++ // then a moment the shown ages allow
		}
		return d
	}
	var lastResult match.Result
	// The judgements seen: one kind only (and more than one moment) makes the step steady.
	sigs, tries := map[string]bool{}, 0
	defer func() { s.steady = tries > 1 && len(sigs) == 1 }()
	note := func(r match.Result) {
		var b strings.Builder
		fmt.Fprint(&b, r.OK)
		for _, d := range r.Diffs {
			fmt.Fprintf(&b, " %d/%d/%v", d.Shown, d.At, d.Extra)
		}
		sigs[b.String()] = true
	}
	// skip reports that running the command at t cannot change the outcome: the API is as it
	// was at the last run, and the last judgement, moved to t, neither matches where it
	// would be accepted nor beats the best moment.
	var wideAt time.Time
	exact := windows[0]
	inExact := func(t time.Time) bool {
		return !t.Before(exact.from) && (exact.to.IsZero() || t.Before(exact.to))
	}
	skip := func(t time.Time) bool {
		if !sp.apiOnly || !hasRev || !ran || rev.Revision() != lastRev || best == nil && !lastOK {
			return false
		}
		if lastOK {
			return !inExact(t) && len(windows) > 1 && !wideAt.IsZero()
		}
		return score(lastResult, last) >= best.diffs
	}
	try := func(t time.Time) (Output, bool) {
		if t.After(s.cl.Now()) {
			s.cl.AdvanceTo(t)
		}
		if skip(s.cl.Now()) {
			s.skipped++
			tries++
			return last, lastOK
		}
		at := s.cl.Now()
		out := sp.run()
		s.probes++
		ran, last = true, out
		if hasRev {
			lastRev = rev.Revision()
		}
		tries++
		if out.Text() == lastText && best != nil {
			// Same output as the moment before: same judgement.
			if !lastOK {
				if d := score(lastResult, out); d < best.diffs {
					best = &probe{at, out, d}
				}
			}
			return out, lastOK
		}
		r := s.compare(step, args, out)
		note(r)
		lastText, lastOK, lastResult = out.Text(), r.OK, r
		if r.OK {
			return out, true
		}
		if d := score(r, out); best == nil || d < best.diffs {
			best = &probe{at, out, d}
		}
		return out, false
	}
	if !sp.readOnly {
		// A command that changes the cluster runs once, now; while it fails only because
		// containers are not ready yet, the author waited.
		first := s.cl.Now()
		out, ok := try(first)
		deadline := first.Add(s.r.c.opts.Horizon)
		for !ok && !s.fixed && out.Exit != 0 && sp.waits && notReadyYet(out.Text()) && s.live() {
			next, more := s.cl.NextEvent()
			if !more || next.After(deadline) {
				break
			}
			out, ok = try(next)
		}
		if ok {
			res.At = s.cl.Now().Sub(s.start)
			return s.judge(step, args, out, res), time.Time{}
		}
		res.At = best.at.Sub(s.start)
		return s.judge(step, args, best.out, res), best.at
	}
	if s.fixed {
		windows = []window{{from: s.cl.Now(), to: s.cl.Now().Add(time.Nanosecond)}}
		exact = windows[0]
	} else if len(windows) > 1 {
		inWindow = 0
	}
	// One pass in time order over the widest window: a match inside the exact window (the
	// shown ages) wins at once; else the first match elsewhere in the widened window.
	scan := windows[len(windows)-1]
	var wideOut Output
	// The durations that grow with time in the shown output (Events ages, "(3m50s ago)")
	// point to a moment too: a match whose durations read younger than shown is kept as a
	// fallback while the search moves on to the moment they point to (ageAt).
	var ageAt time.Time
	shownText := make([]string, len(step.Shown))
	for k, l := range step.Shown {
		shownText[k] = l.Text
	}
	accept := func(t time.Time, out Output) (bool, StepResult, time.Time) {
		if !s.fixed && !sp.streams {
			// The middle of the shifts that fit: the printed durations are truncated, so
			// the true ones lie anywhere in their last unit.
			if lo, hi, ok := ageShift(shownText, out.Text()); ok && lo > 0 && t.Add(lo+(hi-lo)/2).Before(scan.to) {
				if wideAt.IsZero() {
					wideAt, wideOut = t, out
				}
				ageAt = t.Add(lo + (hi-lo)/2)
				return false, res, time.Time{}
			}
		}
		if inExact(t) || len(windows) == 1 {
			res.At = t.Sub(s.start)
			return true, s.judge(step, args, out, res), time.Time{}
		}
		if wideAt.IsZero() {
			wideAt, wideOut = t, out
		}
		return false, res, time.Time{}
	}
	from := scan.from
	if sp.streams {
		// The command itself moves the clock (get -w, logs -f, sleep): one probe, at the
		// moment the shown ages point to.
		scan, from = exact, exact.from
		if len(windows) == 1 {
			from = s.cl.Now()
		}
	}
	if from.Before(s.cl.Now()) {
		from = s.cl.Now()
	}
	if scan.to.IsZero() || from.Before(scan.to) {
		at := s.cl.Now()
		if from.After(at) {
			at = from
		}
		if out, ok := try(from); ok {
			if done, r, b := accept(at, out); done {
				return r, b
			}
		}
		// Every event at first (states change there), then further and further apart.
		gap := time.Second
		for n := 0; n < maxProbes && s.live(); n++ {
			next, more := s.cl.NextEvent()
			if !more || n >= denseProbes || !inExact(next) && next.Before(exact.from) && n > denseProbes/2 {
				// Nothing scheduled (only ages change), or enough events: further apart.
				next, more = s.cl.Now().Add(gap), true
				gap *= 2
			}
			if !next.Before(exact.from) && s.cl.Now().Before(exact.from) && next.After(exact.from) {
				next = exact.from // never jump over the start of the exact window
			}
			if !ageAt.IsZero() && s.cl.Now().Before(ageAt) && next.After(ageAt) {
				next = ageAt // nor over the moment the shown durations point to
			}
			if !wideAt.IsZero() && !next.Before(exact.to) && (ageAt.IsZero() || !s.cl.Now().Before(ageAt)) {
				break // a widened match, and the exact window is over
			}
			if !more || !scan.to.IsZero() && !next.Before(scan.to) {
				break
			}
			if out, ok := try(next); ok {
				if done, r, b := accept(next, out); done {
					return r, b
				}
			}
		}
	}
	if sp.streams && best != nil {
		res.At = best.at.Sub(s.start)
		return s.judge(step, args, best.out, res), time.Time{}
	}
	if !wideAt.IsZero() {
		res.At = wideAt.Sub(s.start)
		r := s.judge(step, args, wideOut, res)
		if wideAt.Before(s.cl.Now()) {
			return r, wideAt
		}
		return r, time.Time{}
	}
	if best == nil {
		out, _ := try(s.cl.Now())
		res.At = s.cl.Now().Sub(s.start)
		return s.judge(step, args, out, res), time.Time{}
	}
	res.At = best.at.Sub(s.start)
	return s.judge(step, args, best.out, res), best.at
}

// apiOnly reports a read-only command line whose output depends only on the API server's
// objects and the clock: kubectl get/describe/explain…, the text tools and cat of the
// scenario's files.
func apiOnly(cmd string) bool {
	progs, ok := programs(cmd)
	if !ok {
		return false
	}
	for _, p := range progs {
		switch p[0] {
		case "kubectl", "k":
			switch kubectlVerb(p) {
			case "get", "describe", "explain", "api-resources", "api-versions", "events", "version", "cluster-info":
			default:
				return false
			}
			for _, a := range p {
				if a == "-w" || a == "--watch" || a == "--watch-only" {
					return false
				}
			}
		case "cat", "echo", "printf", "grep", "egrep", "head", "tail", "wc", "sort", "uniq", "cut", "tr",
			"awk", "base64", "true", "false", "jq", "column":
		default:
			return false
		}
	}
	return true
}

// placeholderRe finds a placeholder such as <your-node-name> or <pod 名称> in a command.
var placeholderRe = regexp.MustCompile(`(^|[^<])(<[A-Za-z\p{Han}][\w\p{Han}.-]*(?: [\w\p{Han}.-]+)*>)`)

// placeholder returns the first placeholder of a command line ("" when none).
func placeholder(cmd string) string {
	if m := placeholderRe.FindStringSubmatch(cmd); m != nil {
		return m[2]
	}
	return ""
}

// window is a span of moments [from, to) (to zero: unbounded up to the horizon); created is
// the creation time of the object whose AGE gave it.
type window struct{ from, to, created time.Time }

// windows returns the spans of moments to search for a step's shown output, most likely
// first: the AGE window of a get table (exact, then widened), else from now to the horizon.
func (s *state) windows(step *extract.Step, args []string) []window {
	now := s.cl.Now()
	horizon := window{from: now, to: now.Add(s.r.c.opts.Horizon)}
	if w, ok := s.ageWindow(step, args); ok {
		// The exact window first, then one widened by a fifth of the age (at least 20s):
		// image pulls and container starts take their own time on a real node.
		lo, hi := w.from.Sub(w.created), w.to.Sub(w.created)
		wide := window{w.created.Add(max(0, lo-max(20*time.Second, lo/5))), w.created.Add(hi + max(20*time.Second, hi/5)), w.created}
		return []window{w, wide}
	}
	return []window{horizon}
}

// judge compares a command's output with the shown one and classifies the step.
func (s *state) judge(step *extract.Step, args []string, out Output, res StepResult) StepResult {
	sim := out.Text()
	res.Simulated = sim
	res.SimLines = splitLines(sim)
	verb := kubectlVerb(args)
	if out.NotSimulated != "" {
		res.Status, res.Note = NotSimulated, out.NotSimulated
		switch {
		case verb == "expose":
			// It only creates a Service (named by --name, else after the object exposed).
			for i, a := range args {
				if a == "--name" && i+1 < len(args) {
					s.unsimulated[args[i+1]] = step.Line
				} else if strings.HasPrefix(a, "--name=") {
					s.unsimulated[a[len("--name="):]] = step.Line
				}
			}
		case verb != "" && !s.readOnly(step.Command):
			for _, n := range positional(args) {
				s.unsimulated[n] = step.Line
			}
		case !s.readOnly(step.Command) || mutatingFetch(step.Command):
			// A command in a container or on the host that may change what the Pods do
			// (`curl -X POST …/shutdown`): the Pods that exist now may differ from here on.
			o := s.cl.Kubectl([]string{"kubectl", "get", "pods", "-A", "-o", "jsonpath={.items[*].metadata.name}"}, nil, s.fs, false)
			for _, n := range strings.Fields(o.Stdout) {
				s.unsimulated[n] = step.Line
			}
		}
		return res
	}
	if verb != "" && !s.readOnly(step.Command) && out.Exit == 0 {
		// Deleted, re-created or changed by a simulated command: known again.
		for _, n := range positional(args) {
			delete(s.unsimulated, n)
		}
		if args2, ok := transcript.Args(step.Command); ok {
			for _, f := range extract.FileArgs(args2) {
				if c, ok := s.fs.Get(f); ok {
					for _, n := range objectNames(c) {
						delete(s.unsimulated, n)
					}
				}
			}
		}
	}
	if step.Shown == nil || step.NoCompare {
		res.Status = OK
		switch {
		case step.NoCompare:
			res.Note = "run, not compared (no-compare)"
		case out.Exit != 0 && (verb == "apply" || verb == "create" || verb == "replace") && rejection(sim):
			res.Status, res.Note = ManifestRejected, "the API server rejects the manifest: "+errLine(out)
		case out.Exit != 0:
			res.Note = "no output shown; the simulated command fails: " + errLine(out)
		default:
			res.Note = "no output shown"
		}
		return res
	}
	r := s.compare(step, args, out)
	// Commit the bindings of an accepted comparison.
	if r.OK {
		s.compareCommit(step, args, out)
	}
	res.Diffs = r.Diffs
	shownErr := looksLikeError(res.Shown)
	simErr := out.Exit != 0
	switch {
	case r.OK && r.Abridged:
		res.Status = Abridged
		res.Note = fmt.Sprintf("the post shows %d of the %d lines printed", len(step.Shown), len(res.SimLines))
	case r.OK:
		res.Status = OK
	case simErr && !shownErr && (verb == "apply" || verb == "create" || verb == "replace") && rejection(sim):
		res.Status = ManifestRejected
		res.Note = "the API server rejects the manifest: " + errLine(out)
	case shownErr != simErr:
		res.Status = BehaviourChange
		if simErr {
			res.Note = "the post shows success; the command fails: " + errLine(out)
		} else {
			res.Note = "the post shows an error; the command succeeds"
		}
	case simErr:
		res.Status = StaleError
		res.Note = "the command still fails but prints something else"
		if r.Abridged {
			res.Note += " (the post shows only the first lines of the error)"
		}
	default:
		res.Status = StaleOutput
	}
	if !r.OK {
		if line, name := s.dependsOnUnsimulated(step); line > 0 && (step.Session >= 0 || s.readOnly(step.Command)) {
			res.Status = NotSimulated
			res.Note = fmt.Sprintf("%s was changed on line %d by a command that is not simulated", name, line)
			return res
		}
		res.Fixed = r.Fixed
		if r.First >= 0 && r.First < len(step.Shown) {
			res.FirstDiffLine = step.Shown[r.First].Line
		} else if len(step.Shown) > 0 {
			res.FirstDiffLine = step.Shown[len(step.Shown)-1].Line + 1
		}
		if ex := s.explain(step, args, res.Shown, sim); ex != "" {
			res.Explanation = ex
		}
	}
	return res
}

// positional returns the names a kubectl command line acts on (its arguments after the verb
// that are not flags or resource types).
func positional(args []string) []string {
	var out []string
	seenVerb := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && (a == "-n" || a == "-c" || a == "-f" || a == "--namespace" || a == "--image" || a == "--container" || a == "--target" || a == "--profile" || a == "--copy-to") {
				i++
			}
			continue
		}
		if !seenVerb {
			seenVerb = true
			continue
		}
		if i := strings.LastIndexByte(a, '/'); i >= 0 {
			a = a[i+1:]
		}
		switch a {
		case "pod", "pods", "po", "deployment", "deploy", "deployments", "svc", "service", "services", "node", "nodes", "ns", "namespace":
			continue
		}
		out = append(out, a)
	}
	return out
}

func (s *state) dependsOnUnsimulated(step *extract.Step) (int, string) {
	text := step.Command + "\n" + joinSrc(step.Shown)
	bestLine, bestName := 0, ""
	for name, line := range s.unsimulated {
		if strings.Contains(text, name) && (bestLine == 0 || line < bestLine || line == bestLine && name < bestName) {
			bestLine, bestName = line, name
		}
	}
	return bestLine, bestName
}

// mutatingFetch reports a curl/wget that changes something (a method other than GET, data).
func mutatingFetch(cmd string) bool {
	ps, _ := programs(cmd)
	for _, p := range ps {
		if p[0] != "curl" && p[0] != "wget" {
			continue
		}
		for i, a := range p {
			if (a == "-X" || a == "--request") && i+1 < len(p) && p[i+1] != "GET" || a == "-d" || a == "--data" || strings.HasPrefix(a, "--post") || strings.HasPrefix(a, "-XP") {
				return true
			}
		}
	}
	return false
}

// objectNames returns the metadata.name of every document of a manifest.
func objectNames(content string) []string {
	var out []string
	for _, l := range strings.Split(content, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(l, "  name:") && !strings.HasPrefix(l, "   ") {
			out = append(out, strings.Trim(strings.TrimSpace(strings.TrimPrefix(t, "name:")), `"'`))
		}
	}
	return out
}

// compare compares without committing bindings.
func (s *state) compare(step *extract.Step, args []string, out Output) match.Result {
	shown := make([]string, len(step.Shown))
	for i, l := range step.Shown {
		shown[i] = l.Text
	}
	return match.Compare(s.kindOf(step, args), shown, out.Text(), s.bind.Clone())
}

func (s *state) compareCommit(step *extract.Step, args []string, out Output) {
	shown := make([]string, len(step.Shown))
	for i, l := range step.Shown {
		shown[i] = l.Text
	}
	match.Compare(s.kindOf(step, args), shown, out.Text(), s.bind)
}

func (s *state) kindOf(step *extract.Step, args []string) match.Kind {
	if step.Session >= 0 || args == nil {
		return match.Text
	}
	return match.KindFor(args)
}

// readOnly reports a command line that changes nothing (so it may be probed at several
// moments): every program in it only reads.
func (s *state) readOnly(cmd string) bool {
	progs, ok := programs(cmd)
	if !ok {
		return false
	}
	for _, p := range progs {
		switch p[0] {
		case "kubectl", "k":
			switch kubectlVerb(p) {
			case "get", "describe", "logs", "top", "explain", "version", "api-resources", "api-versions",
				"cluster-info", "events", "auth", "diff":
			case "exec":
				// Probed only while it fails (a container not running yet runs nothing).
			default:
				return false
			}
			for _, a := range p {
				if a == "-w" || a == "--watch" || a == "-f" && kubectlVerb(p) == "logs" {
					continue
				}
			}
		case "cat", "echo", "printf", "grep", "egrep", "head", "tail", "wc", "sort", "uniq", "cut", "tr",
			"awk", "base64", "curl", "wget", "watch", "true", "false", "ls", "pwd", "jq", "column", "date",
			// Programs typed in containers that only look.
			"ps", "id", "whoami", "hostname", "env", "printenv", "df", "du", "free", "uname", "nslookup",
			"dig", "host", "ping", "ip", "ifconfig", "netstat", "ss", "stat", "find", "file", "which", "type",
			"test", "[", "history", "nproc", "lscpu", "getent", "md5sum", "sha256sum", "tac", "rev", "less", "more":
		default:
			return false
		}
	}
	return true
}

// streams reports a command line that moves the clock while it runs: a watch, a followed
// log, a sleep.
func streams(cmd string) bool {
	ps, _ := programs(cmd)
	for _, p := range ps {
		switch p[0] {
		case "sleep":
			return true
		case "kubectl", "k":
			for _, a := range p {
				if a == "-w" || a == "--watch" || a == "--watch-only" || (a == "-f" || a == "--follow") && kubectlVerb(p) == "logs" {
					return true
				}
			}
		}
	}
	return false
}

// waitsForContainers reports kubectl commands that fail until a container runs (the author
// waited before typing them).
func waitsForContainers(args []string) bool {
	switch kubectlVerb(args) {
	case "exec", "logs", "attach", "port-forward", "cp", "wait":
		return true
	}
	return false
}

// kubectlVerb returns the subcommand of a kubectl command line ("" otherwise).
func kubectlVerb(args []string) string {
	if len(args) < 2 || (args[0] != "kubectl" && args[0] != "k") {
		return ""
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "-n" || a == "--namespace" || a == "--context" || a == "--kubeconfig" {
			i++
			continue
		}
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// rejection reports an API error that rejects a manifest (validation or decoding).
func rejection(out string) bool {
	return strings.Contains(out, " is invalid") || strings.Contains(out, "cannot be handled as a") ||
		strings.Contains(out, "strict decoding error") || strings.Contains(out, "error validating") ||
		strings.Contains(out, "error parsing") || strings.Contains(out, "no matches for kind")
}

// looksLikeError reports a shown output that is an error message.
func looksLikeError(s string) bool {
	l := strings.TrimSpace(firstLine(strings.TrimSpace(s)))
	ll := strings.ToLower(l)
	for _, p := range []string{"error", "the request is invalid", "unable to", "fatal"} {
		if strings.HasPrefix(ll, p) {
			return true
		}
	}
	if strings.HasPrefix(ll, "the ") && strings.Contains(l, " is invalid") {
		return true
	}
	return strings.Contains(ll, "command terminated with exit code") || strings.HasPrefix(ll, "error from server")
}

// errLine is the first line of a failed command's error.
func errLine(o Output) string {
	if strings.TrimSpace(o.Stderr) != "" {
		return firstLine(o.Stderr)
	}
	return firstLine(o.Text())
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimLeft(s, "\n"), "\n")
	return l
}

func splitLines(s string) []string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// fileSystem is the scenario's versioned files: a command sees the newest version shown
// before it.
type fileSystem struct {
	files map[string]fileVersion
}

type fileVersion struct {
	content string
	line    int
}

func newFileSystem() *fileSystem { return &fileSystem{files: map[string]fileVersion{}} }

func (f *fileSystem) Set(name, content string, line int) {
	f.files[clean(name)] = fileVersion{content, line}
}

func (f *fileSystem) Get(name string) (string, bool) {
	v, ok := f.files[clean(name)]
	return v.content, ok
}

func (f *fileSystem) Has(name string) bool {
	_, ok := f.files[clean(name)]
	return ok
}

func (f *fileSystem) Remove(name string) { delete(f.files, clean(name)) }

// Resolve finds a file by the base name of a URL or path when the exact name is not known
// (`-f https://k8s.io/examples/pods/x.yaml` vs a block named x.yaml).
func (f *fileSystem) Resolve(name string) string {
	base := path.Base(name)
	for k := range f.files {
		if path.Base(k) == base {
			return k
		}
	}
	return ""
}

// ReadFile implements Files.
func (f *fileSystem) ReadFile(name string) ([]byte, bool) {
	c, ok := f.Get(name)
	if !ok {
		if r := f.Resolve(name); r != "" {
			c, ok = f.Get(r)
		}
	}
	return []byte(c), ok
}

func clean(name string) string {
	if strings.Contains(name, "://") {
		return name
	}
	name = strings.TrimPrefix(name, "./")
	return name
}

// live reports that the scenario may go on (its context is not done).
func (s *state) live() bool { return s.ctx.Err() == nil }

// advance moves the clock to t event by event, stopping early when the context is done.
func (s *state) advance(t time.Time) {
	for s.live() {
		next, ok := s.cl.NextEvent()
		if !ok || next.After(t) {
			s.cl.AdvanceTo(t)
			return
		}
		s.cl.AdvanceTo(next)
	}
}

// finish returns the results with the blocks of their steps.
func (s *state) finish() []StepResult {
	for k := range s.results {
		if i := s.results[k].Step; i >= 0 && i < len(s.r.sc.Steps) {
			s.results[k].Block, s.results[k].OutputBlock = s.r.sc.Steps[i].Block, s.r.sc.Steps[i].OutputBlock
		}
	}
	return s.results
}

// leaveSession closes the open container session when a host command is typed, unless a
// later step types into it again (it runs in another terminal).
func (s *state) leaveSession(i int) {
	if s.sess == nil {
		s.opener = -1
		return
	}
	for _, st := range s.r.sc.Steps[i+1:] {
		if st.Session == s.opener {
			return
		}
	}
	s.closeSession()
}

// bgWatch is a watch left running in another terminal: its first listing and the rows the
// cluster prints after it.
type bgWatch struct {
	w       BackgroundWatch
	listing string
}

// continued reports that a later step shows more of step i's output (a watch).
func (s *state) continued(i int) bool {
	for _, st := range s.r.sc.Steps[i+1:] {
		if st.Continues == i {
			return true
		}
	}
	return false
}

func (s *state) stopWatches() {
	for _, w := range s.watches {
		if w != nil && w.w != nil {
			w.w.Stop()
		}
	}
}

// watchStep runs a `kubectl get -w` whose output a later block continues: its shown output
// is the first listing (judged like the same get without -w, at the moment its ages give);
// then the watch goes on in the background while the post moves on.
func (s *state) watchStep(i int, step *extract.Step, w Watcher, args []string, res StepResult) (StepResult, time.Time) {
	var list []string
	for _, a := range args {
		switch a {
		case "-w", "--watch", "--watch=true":
			continue
		}
		list = append(list, a)
	}
	r, best := s.hostStep(step, shellJoin(list), list, true, res)
	bw, ok := w.Watch(args)
	if !ok {
		s.watches[i] = nil
		return r, best
	}
	listing := r.Simulated
	if strings.HasPrefix(strings.TrimSpace(listing), "No resources found") {
		listing = "" // a watch prints nothing for an empty list
	}
	s.watches[i] = &bgWatch{w: bw, listing: listing}
	return r, best
}

// continuation judges an output block that shows what a watch started earlier printed by
// then: the moment is searched from now on, as for any read-only command.
func (s *state) continuation(step *extract.Step, res StepResult) (StepResult, time.Time) {
	bw := s.watches[step.Continues]
	started := s.r.sc.Steps[step.Continues].Line
	if bw == nil {
		res.Status = NotSimulated
		res.Note = fmt.Sprintf("the watch started on line %d cannot be followed in the background by the simulator", started)
		return res, time.Time{}
	}
	args, ok := transcript.Args(step.Command)
	if !ok {
		res.Status, res.Note = NotSimulated, "the watch's command line is not a simple command"
		return res, time.Time{}
	}
	args[0] = "kubectl"
	now := s.cl.Now()
	return s.search(step, args, search{
		run:      func() Output { return Output{Stdout: bw.listing + bw.w.Output()} },
		readOnly: true,
		windows:  []window{{from: now, to: now.Add(s.r.c.opts.Horizon)}},
	}, res)
}

// shellJoin quotes words for the host shell.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a != "" && !strings.ContainsAny(a, " \t\n'\"\\$`|&;<>()*?[]{}~#!") {
			out[i] = a
			continue
		}
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(out, " ")
}

// placeholderValue fills in a placeholder typed in a container session as the reader would:
// `<pid>` is the process id of the one program of the `ps` listing shown earlier in the
// session that is neither a shell nor ps itself. "" when it cannot be told.
func (s *state) placeholderValue(step *extract.Step, ph string) string {
	if !strings.Contains(strings.ToLower(ph), "pid") {
		return ""
	}
	idx := s.stepIndex(step)
	for j := idx - 1; j >= 0; j-- {
		st := s.r.sc.Steps[j]
		if st.Session != step.Session {
			continue
		}
		if name, _ := transcript.Program(st.Command); name != "ps" || len(st.Shown) < 2 {
			continue
		}
		hdr := strings.Fields(st.Shown[0].Text)
		pidCol := -1
		for k, h := range hdr {
			if h == "PID" {
				pidCol = k
			}
		}
		if pidCol < 0 {
			return ""
		}
		var pids []string
		for _, l := range st.Shown[1:] {
			f := strings.Fields(l.Text)
			if len(f) < len(hdr) || pidCol >= len(f) {
				continue
			}
			prog := f[len(hdr)-1] // the command column comes last, possibly with spaces
			prog = strings.TrimPrefix(prog[strings.LastIndexByte(prog, '/')+1:], "-")
			switch prog {
			case "sh", "bash", "ash", "dash", "zsh", "ps", "top":
				continue
			}
			pids = append(pids, f[pidCol])
		}
		if len(pids) == 1 {
			return pids[0]
		}
		return ""
	}
	return ""
}
