// Package clock owns the simulator's virtual time: a clock that only moves when told to, and a
// deterministic queue of events scheduled on it. Every component of the simulated cluster (API
// server timestamps, scheduler, kubelet, container processes) reads time from one Clock and
// schedules its future work on it, so the same inputs always give the same history.
//
// A Clock is not safe for concurrent use: the simulation runs one thing at a time (container
// processes that run as goroutines hand control back before the clock moves).
//
// It imports only the standard library.
package clock

import (
	"container/heap"
	"time"
)

// Clock is a virtual clock with an event queue.
type Clock struct {
	now time.Time
	seq uint64
	q   queue
}

// Timer is a handle on a scheduled event.
type Timer struct {
	ev *event
	c  *Clock
}

// Stop cancels the event. It reports whether the event was still pending. A stopped event
// leaves the queue at once (a queue full of cancelled timers makes every step slower).
func (t *Timer) Stop() bool {
	if t == nil || t.ev == nil || t.ev.done {
		return false
	}
	t.ev.done = true
	if t.c != nil && t.ev.idx >= 0 && t.ev.idx < len(t.c.q) && t.c.q[t.ev.idx] == t.ev {
		heap.Remove(&t.c.q, t.ev.idx)
	}
	return true
}

// When is the time the event is (or was) due.
func (t *Timer) When() time.Time { return t.ev.at }

type event struct {
	at time.Time
	// sec and nsec are at as Unix seconds and nanoseconds: the queue compares them rather
	// than time.Time values (same order, cheaper).
	sec  int64
	nsec int32
	seq  uint64
	fn   func()
	done bool
	idx  int
}

// New returns a clock standing at start.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now is the current virtual time.
func (c *Clock) Now() time.Time { return c.now }

// At schedules fn to run when the clock reaches t. Events due at the same instant run in the
// order they were scheduled. A time in the past means "as soon as the clock is next advanced".
func (c *Clock) At(t time.Time, fn func()) *Timer {
	if t.Before(c.now) {
		t = c.now
	}
	c.seq++
	ev := &event{at: t, sec: t.Unix(), nsec: int32(t.Nanosecond()), seq: c.seq, fn: fn}
	heap.Push(&c.q, ev)
	return &Timer{ev: ev, c: c}
}

// After schedules fn to run d after the current time.
func (c *Clock) After(d time.Duration, fn func()) *Timer { return c.At(c.now.Add(d), fn) }

// Next reports the time of the earliest pending event.
func (c *Clock) Next() (time.Time, bool) {
	c.dropCancelled()
	if len(c.q) == 0 {
		return time.Time{}, false
	}
	return c.q[0].at, true
}

// AdvanceTo runs, in order, every event due at or before t (the clock reads each event's time
// while it runs; events may schedule more events, which run too if due by t), then leaves the
// clock at t. A t before Now only runs the events already due.
func (c *Clock) AdvanceTo(t time.Time) {
	for c.step(t) {
	}
	if t.After(c.now) {
		c.now = t
	}
}

// Advance is AdvanceTo(Now()+d).
func (c *Clock) Advance(d time.Duration) { c.AdvanceTo(c.now.Add(d)) }

// RunUntil advances event by event until cond holds or the clock would pass deadline. It
// reports whether cond held; on success the clock stands at the moment cond became true, on
// failure at deadline. cond is evaluated before the first event too.
func (c *Clock) RunUntil(deadline time.Time, cond func() bool) bool {
	for {
		c.AdvanceTo(c.now) // run whatever is due now
		if cond() {
			return true
		}
		next, ok := c.Next()
		if !ok || next.After(deadline) {
			c.AdvanceTo(deadline)
			return cond()
		}
		c.AdvanceTo(next)
	}
}

// step runs the earliest event if it is due by t.
func (c *Clock) step(t time.Time) bool {
	c.dropCancelled()
	if len(c.q) == 0 || c.q[0].at.After(t) {
		return false
	}
	ev := heap.Pop(&c.q).(*event)
	ev.done = true
	if ev.at.After(c.now) {
		c.now = ev.at
	}
	ev.fn()
	return true
}

func (c *Clock) dropCancelled() {
	for len(c.q) > 0 && c.q[0].done {
		heap.Pop(&c.q)
	}
}

type queue []*event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	a, b := q[i], q[j]
	if a.sec != b.sec {
		return a.sec < b.sec
	}
	if a.nsec != b.nsec {
		return a.nsec < b.nsec
	}
	return a.seq < b.seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i]; q[i].idx = i; q[j].idx = j }
func (q *queue) Push(x any)   { ev := x.(*event); ev.idx = len(*q); *q = append(*q, ev) }
func (q *queue) Pop() any {
	old := *q
	n := len(old)
	ev := old[n-1]
	old[n-1] = nil
	ev.idx = -1
	*q = old[:n-1]
	return ev
}
