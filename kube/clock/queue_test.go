package clock

import (
	"math/rand"
	"reflect"
	"sort"
	"testing"
	"time"
)

// TestRandomScheduleMatchesReference: events scheduled, stopped and rescheduled at random
// (also from inside events) run in the order a plain sorted list gives, and stopped ones
// leave the queue.
func TestRandomScheduleMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		c := New(t0)
		type refEv struct {
			at      time.Time
			seq     int
			id      int
			stopped bool
		}
		var ref []*refEv
		var got []int
		timers := map[int]*Timer{}
		refs := map[int]*refEv{}
		seq := 0
		var schedule func(id int, at time.Time)
		schedule = func(id int, at time.Time) {
			if at.Before(c.Now()) {
				at = c.Now()
			}
			seq++
			r := &refEv{at: at, seq: seq, id: id}
			ref = append(ref, r)
			refs[id] = r
			timers[id] = c.At(at, func() {
				got = append(got, id)
				if rng.Intn(3) == 0 { // schedule from inside an event
					nid := 1000*round + len(timers) + 1
					schedule(nid, c.Now().Add(time.Duration(rng.Intn(5))*time.Second))
				}
				if rng.Intn(4) == 0 { // stop another one
					for oid, tm := range timers {
						if !refs[oid].stopped && tm.Stop() {
							refs[oid].stopped = true
							break
						}
					}
				}
			})
		}
		for i := 0; i < 50; i++ {
			schedule(i, t0.Add(time.Duration(rng.Intn(20))*time.Second+time.Duration(rng.Intn(3))*time.Nanosecond))
		}
		for i := 0; i < 15; i++ {
			id := rng.Intn(50)
			if timers[id].Stop() {
				refs[id].stopped = true
			}
		}
		c.Advance(time.Minute)
		if len(c.q) != 0 {
			t.Fatalf("round %d: %d events left in the queue", round, len(c.q))
		}
		// The reference: every event not stopped, by (time, scheduling order).
		var want []int
		sort.SliceStable(ref, func(i, j int) bool {
			if !ref[i].at.Equal(ref[j].at) {
				return ref[i].at.Before(ref[j].at)
			}
			return ref[i].seq < ref[j].seq
		})
		ran := map[int]bool{}
		for _, id := range got {
			ran[id] = true
		}
		for _, r := range ref {
			if ran[r.id] {
				want = append(want, r.id)
			}
			if !r.stopped && !ran[r.id] {
				t.Fatalf("round %d: event %d neither stopped nor run", round, r.id)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: ran %v\nwant %v", round, got, want)
		}
	}
}
