// Package proc owns the simulated processes: a deterministic green-thread scheduler on the
// virtual clock, PID namespaces and their process tables, signals with Linux semantics
// (including the PID-namespace-init rule), pipes with Linux's 64 KiB buffer, and the
// run-away budgets. It imports kube/clock and the standard library.
//
// # Scheduling
//
// Every simulated thread is a goroutine, but only one of them runs at a time: the one the
// Scheduler handed control to. It runs until it blocks (Sleep, a pipe or socket read with no
// data, Wait, Park) or ends, then control returns to the Scheduler, which runs the next
// runnable thread in FIFO order. Run returns when no thread is runnable ("quiescence"). Threads
// are woken by other threads (pipe writes, signals) or by clock events (timers), so the same
// inputs always give the same interleaving.
//
// Scheduler methods other than those documented as callable from threads must be called from
// the simulation's goroutine, never from a thread.
package proc

import (
	"errors"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
)

// ErrKilled is returned by blocking calls of a thread whose process is being killed; the
// thread must unwind and end.
var ErrKilled = errors.New("process killed")

type threadState int

const (
	stRunnable threadState = iota
	stRunning
	stBlocked
	stDone
)

// Scheduler runs green threads on a clock.
type Scheduler struct {
	clk     *clock.Clock
	runq    []*Thread
	back    chan struct{}
	current *Thread
	inRun   bool
	all     map[*Thread]struct{}
}

// NewScheduler returns a scheduler on clk.
func NewScheduler(clk *clock.Clock) *Scheduler {
	return &Scheduler{clk: clk, back: make(chan struct{}), all: map[*Thread]struct{}{}}
}

// Clock is the scheduler's clock.
func (s *Scheduler) Clock() *clock.Clock { return s.clk }

// Thread is a green thread.
type Thread struct {
	s     *Scheduler
	wake  chan struct{}
	state threadState
	// P is the process the thread belongs to.
	P *Process
	// interrupted is set when the thread must unwind (Shutdown).
	interrupted bool
	// stack is the chain of processes the thread runs: its own, then the children it runs
	// inline (a shell running a command waits for it; the simulation runs the command on
	// the shell's thread).
	stack []*Process
	// wakeup records why Block returned (for Sleep cancellation).
	timer *clock.Timer
	// Data is free for the code running on the thread (the shell keeps its state here).
	Data any
}

// Go creates a thread running fn for process p. The thread is runnable; it starts when the
// scheduler next runs (callable from threads and from the simulation goroutine).
func (s *Scheduler) Go(p *Process, fn func(t *Thread)) *Thread { return s.goThread(p, fn, true) }

// GoLight is Go for a thread that only waits (a sandbox's pause process): its stack is not
// grown up front for an interpreter (see growStack), so an idle thread stays small.
func (s *Scheduler) GoLight(p *Process, fn func(t *Thread)) *Thread { return s.goThread(p, fn, false) }

func (s *Scheduler) goThread(p *Process, fn func(t *Thread), grow bool) *Thread {
	t := &Thread{s: s, wake: make(chan struct{}), state: stRunnable, P: p}
	if p != nil {
		p.threads = append(p.threads, t)
		t.stack = []*Process{p}
	}
	s.all[t] = struct{}{}
	s.runq = append(s.runq, t)
	go func() {
		if grow {
			growStack()
		}
		<-t.wake
		defer func() {
			t.state = stDone
			delete(s.all, t)
			if p != nil {
				p.threadDone(t)
			}
			s.back <- struct{}{}
		}()
		if t.Interrupted() {
			return
		}
		fn(t)
	}()
	return t
}

// Run runs threads until none is runnable. Calls from inside Run (a clock event fired by a
// thread's code, which cannot happen, or a nested runtime call) return at once: the outer Run
// picks up whatever was made runnable.
func (s *Scheduler) Run() {
	if s.inRun {
		return
	}
	s.inRun = true
	defer func() { s.inRun = false }()
	for len(s.runq) > 0 {
		t := s.runq[0]
		s.runq = s.runq[1:]
		if t.state == stDone {
			continue
		}
		t.state = stRunning
		s.current = t
		t.wake <- struct{}{}
		<-s.back
		s.current = nil
	}
}

// Current is the running thread (nil outside threads).
func (s *Scheduler) Current() *Thread { return s.current }

// Runnable reports whether some thread waits to run.
func (s *Scheduler) Runnable() bool { return len(s.runq) > 0 }

// Wake makes a blocked thread runnable (callable from threads and from clock events).
func (s *Scheduler) Wake(t *Thread) {
	if t == nil || t.state != stBlocked {
		return
	}
	t.state = stRunnable
	s.runq = append(s.runq, t)
}

// WakeAndRun wakes t and runs the scheduler (for clock events).
func (s *Scheduler) WakeAndRun(t *Thread) {
	s.Wake(t)
	s.Run()
}

// Block parks the running thread until Wake. It returns ErrKilled if the thread was
// interrupted (its process is being killed).
func (t *Thread) Block() error {
	if t.Interrupted() {
		return ErrKilled
	}
	t.state = stBlocked
	t.s.back <- struct{}{}
	<-t.wake
	t.state = stRunning
	if t.Interrupted() {
		return ErrKilled
	}
	return nil
}

// Sleep blocks the thread for d of virtual time. A zero or negative d yields nothing (the
// thread keeps running).
func (t *Thread) Sleep(d time.Duration) error {
	if t.Interrupted() {
		return ErrKilled
	}
	if d <= 0 {
		return nil
	}
	s := t.s
	t.timer = s.clk.After(d, func() { s.WakeAndRun(t) })
	err := t.Block()
	if err != nil && t.timer != nil {
		t.timer.Stop()
	}
	t.timer = nil
	return err
}

// Yield lets every other runnable thread run before the calling thread continues (a forked
// child gets going before its parent's next command).
func (t *Thread) Yield() error {
	if t.Interrupted() {
		return ErrKilled
	}
	if len(t.s.runq) == 0 {
		return nil
	}
	t.state = stRunnable
	t.s.runq = append(t.s.runq, t)
	t.s.back <- struct{}{}
	<-t.wake
	t.state = stRunning
	if t.Interrupted() {
		return ErrKilled
	}
	return nil
}

// Park blocks the thread until it is interrupted (sleep infinity, a spinning busy loop).
func (t *Thread) Park() error {
	for {
		if err := t.Block(); err != nil {
			return err
		}
	}
}

// Interrupted reports whether the thread must unwind: one of the processes it runs is being
// killed.
func (t *Thread) Interrupted() bool {
	if t.interrupted {
		return true
	}
	for _, p := range t.stack {
		if p.killed {
			return true
		}
	}
	return false
}

// interrupt wakes the thread if it is blocked (its Interrupted now reports true).
func (t *Thread) interrupt() {
	if t.timer != nil {
		t.timer.Stop()
	}
	t.s.Wake(t)
}

// RunAs runs fn on t as process child (fork+exec+wait where the child runs on the parent's
// thread). When fn returns the child has exited with code (or with 128+N if it was killed by
// signal N meanwhile); the result is the child's exit status.
func (t *Thread) RunAs(child *Process, fn func() int) int {
	t.stack = append(t.stack, child)
	child.threads = append(child.threads, t)
	prev := t.P
	t.P = child
	code := fn()
	t.P = prev
	t.stack = t.stack[:len(t.stack)-1]
	if !child.killed {
		for _, p := range t.stack {
			if p.killed {
				child.Kill(SIGKILL)
				break
			}
		}
	}
	if !child.killed {
		child.code = code
		child.killed = true
	}
	for _, o := range child.threads {
		if o != t {
			o.interrupt()
		}
	}
	child.threadDone(t)
	return child.code
}

// Scheduler is the thread's scheduler.
func (t *Thread) Scheduler() *Scheduler { return t.s }

// Now is the virtual time.
func (t *Thread) Now() time.Time { return t.s.clk.Now() }

// Shutdown interrupts every thread and runs them until they have all ended (used to release
// goroutines when a simulation is thrown away).
func (s *Scheduler) Shutdown() {
	for i := 0; i < 100 && len(s.all) > 0; i++ {
		for t := range s.all {
			t.interrupted = true
			if t.state == stBlocked {
				t.interrupt()
			}
		}
		s.Run()
	}
}

// WaitQueue is a list of threads blocked on one condition.
type WaitQueue struct{ ts []*Thread }

// Wait blocks the running thread t on q.
func (q *WaitQueue) Wait(t *Thread) error {
	q.ts = append(q.ts, t)
	err := t.Block()
	if err != nil {
		q.remove(t)
	}
	return err
}

func (q *WaitQueue) remove(t *Thread) {
	for i, x := range q.ts {
		if x == t {
			q.ts = append(q.ts[:i], q.ts[i+1:]...)
			return
		}
	}
}

// WakeAll makes every waiting thread runnable.
func (q *WaitQueue) WakeAll() {
	ts := q.ts
	q.ts = nil
	for _, t := range ts {
		t.s.Wake(t)
	}
}

// Len is the number of waiting threads.
func (q *WaitQueue) Len() int { return len(q.ts) }

// growStack grows the new goroutine's stack once, while it is still empty, to the size the
// shell interpreter needs: growing it step by step from the 8 KiB default later, under the
// interpreter's deep frames, copies and re-walks those frames each time (a fifth of the cost
// of a short `sh -c`).
//
//go:noinline
func growStack() {
	var pad [stackPad]byte
	sink(pad[:])
}

const stackPad = 16 << 10

//go:noinline
func sink(b []byte) {
	if len(b) > 0 && b[0] == 1 {
		panic("unreachable")
	}
}
