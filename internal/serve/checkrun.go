package serve

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// checkResult is the report of a file for the bytes whose hash it holds.
type checkResult struct {
	hash   uint64
	report *Report
}

// checkRunner runs the checker off the reload path: one queue of files (the files shown in
// a browser go first), a few workers that wait while a build runs (a build never waits for
// a check), and the last report of every file with the hash of the bytes it judged.
type checkRunner struct {
	checker Checker
	// timeout bounds one check: a checker that hangs (a bug) is abandoned, the file gets a
	// warning, and the queue moves on.
	timeout time.Duration
	read    func(file string) ([]byte, uint64, error)
	done    func(file string, res *checkResult)

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []string
	queued   map[string]bool
	running  map[string]bool
	results  map[string]*checkResult
	building int
	closed   bool
}

func newCheckRunner(c Checker, timeout time.Duration, read func(string) ([]byte, uint64, error), done func(string, *checkResult)) *checkRunner {
	if timeout <= 0 {
		timeout = time.Minute
	}
	r := &checkRunner{
		checker: c, timeout: timeout, read: read, done: done,
		queued: map[string]bool{}, running: map[string]bool{}, results: map[string]*checkResult{},
	}
	r.cond = sync.NewCond(&r.mu)
	return r
}

// run works with n workers until ctx ends or close is called.
func (r *checkRunner) run(ctx context.Context, n int) {
	stop := context.AfterFunc(ctx, r.close)
	defer stop()
	var wg sync.WaitGroup
	for range max(n, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx)
		}()
	}
	wg.Wait()
}

func (r *checkRunner) close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cond.Broadcast()
}

// enqueue asks for a check of file; urgent puts it first (a file open in a browser).
func (r *checkRunner) enqueue(file string, urgent bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	if r.queued[file] {
		if !urgent {
			return
		}
		for i, f := range r.queue {
			if f == file {
				r.queue = append(r.queue[:i], r.queue[i+1:]...)
				break
			}
		}
	}
	r.queued[file] = true
	if urgent {
		r.queue = append([]string{file}, r.queue...)
	} else {
		r.queue = append(r.queue, file)
	}
	r.cond.Signal()
}

// result returns the last report of file (nil when none).
func (r *checkRunner) result(file string) *checkResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.results[file]
}

// busy reports a file queued or being checked.
func (r *checkRunner) busy(file string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.queued[file] || r.running[file]
}

// building marks a build in progress (b) or finished (!b); checks start only between
// builds.
func (r *checkRunner) setBuilding(b bool) {
	r.mu.Lock()
	if b {
		r.building++
	} else {
		r.building--
	}
	r.mu.Unlock()
	r.cond.Broadcast()
}

func (r *checkRunner) work(ctx context.Context) {
	for {
		r.mu.Lock()
		for !r.closed && (len(r.queue) == 0 || r.building > 0) {
			r.cond.Wait()
		}
		if r.closed {
			r.mu.Unlock()
			return
		}
		file := r.queue[0]
		r.queue = r.queue[1:]
		delete(r.queued, file)
		if r.running[file] {
			// Another worker is on it; it will see the newest bytes next time.
			r.queue = append(r.queue, file)
			r.queued[file] = true
			r.mu.Unlock()
			continue
		}
		r.running[file] = true
		prev := r.results[file]
		r.mu.Unlock()

		res := r.check(ctx, file, prev)

		r.mu.Lock()
		delete(r.running, file)
		if res != nil {
			r.results[file] = res
		}
		r.mu.Unlock()
		if res != nil && res != prev {
			r.done(file, res)
		}
	}
}

func (r *checkRunner) check(ctx context.Context, file string, prev *checkResult) *checkResult {
	src, h, err := r.read(file)
	if err != nil {
		rep := &Report{File: file, Blocks: []BlockResult{}, Problems: []Problem{newProblem(file, 0, "error", "check", err.Error())}}
		return &checkResult{hash: h, report: rep}
	}
	if prev != nil && prev.hash == h {
		return prev
	}
	done := make(chan *Report, 1)
	cctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	go func() { done <- r.checker.Check(cctx, file, src) }()
	var rep *Report
	select {
	case rep = <-done:
	case <-cctx.Done():
		if ctx.Err() != nil {
			return nil // shutting down
		}
		msg := fmt.Sprintf("the check did not finish within %v (a bug in the checker); no badges for this version", r.timeout)
		rep = &Report{File: file, Problems: []Problem{newProblem(file, 0, "warning", "check", msg)}}
	}
	if rep == nil {
		rep = &Report{File: file}
	}
	if rep.Blocks == nil {
		rep.Blocks = []BlockResult{}
	}
	if rep.Problems == nil {
		rep.Problems = []Problem{}
	}
	return &checkResult{hash: h, report: rep}
}
