package clock

import (
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 24, 23, 40, 0, 0, time.UTC)

func TestOrder(t *testing.T) {
	tests := []struct {
		name     string
		schedule func(c *Clock, log *[]string)
		advance  time.Duration
		want     []string
		wantNow  time.Duration
	}{
		{"by time", func(c *Clock, log *[]string) {
			c.After(2*time.Second, func() { *log = append(*log, "b") })
			c.After(1*time.Second, func() { *log = append(*log, "a") })
		}, 5 * time.Second, []string{"a", "b"}, 5 * time.Second},
		{"same instant keeps insertion order", func(c *Clock, log *[]string) {
			for _, s := range []string{"x", "y", "z"} {
				c.After(time.Second, func() { *log = append(*log, s) })
			}
		}, time.Second, []string{"x", "y", "z"}, time.Second},
		{"not yet due", func(c *Clock, log *[]string) {
			c.After(10*time.Second, func() { *log = append(*log, "late") })
		}, 9 * time.Second, nil, 9 * time.Second},
		{"chained events run if due", func(c *Clock, log *[]string) {
			c.After(time.Second, func() {
				*log = append(*log, "first@"+c.Now().Sub(t0).String())
				c.After(time.Second, func() { *log = append(*log, "second@"+c.Now().Sub(t0).String()) })
			})
		}, 3 * time.Second, []string{"first@1s", "second@2s"}, 3 * time.Second},
		{"stopped timer does not run", func(c *Clock, log *[]string) {
			tm := c.After(time.Second, func() { *log = append(*log, "no") })
			if !tm.Stop() {
				panic("Stop of a pending timer must report true")
			}
		}, 2 * time.Second, nil, 2 * time.Second},
		{"past time runs at once", func(c *Clock, log *[]string) {
			c.At(t0.Add(-time.Hour), func() { *log = append(*log, "past@"+c.Now().Sub(t0).String()) })
		}, 0, []string{"past@0s"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(t0)
			var log []string
			tt.schedule(c, &log)
			c.Advance(tt.advance)
			if !reflect.DeepEqual(log, tt.want) {
				t.Errorf("ran %q, want %q", log, tt.want)
			}
			if got := c.Now().Sub(t0); got != tt.wantNow {
				t.Errorf("now = %v, want %v", got, tt.wantNow)
			}
		})
	}
}

func TestRunUntil(t *testing.T) {
	c := New(t0)
	ready := false
	c.After(7*time.Second, func() { ready = true })
	if !c.RunUntil(t0.Add(time.Minute), func() bool { return ready }) {
		t.Fatal("condition never held")
	}
	if got := c.Now().Sub(t0); got != 7*time.Second {
		t.Errorf("stopped at %v, want 7s", got)
	}
	if c.RunUntil(t0.Add(time.Minute), func() bool { return false }) {
		t.Fatal("false condition reported true")
	}
	if got := c.Now().Sub(t0); got != time.Minute {
		t.Errorf("timeout left clock at %v, want 1m", got)
	}
}

func TestNext(t *testing.T) {
	c := New(t0)
	if _, ok := c.Next(); ok {
		t.Fatal("empty clock has a next event")
	}
	tm := c.After(3*time.Second, func() {})
	c.After(5*time.Second, func() {})
	tm.Stop()
	if next, ok := c.Next(); !ok || !next.Equal(t0.Add(5*time.Second)) {
		t.Errorf("Next = %v %v, want t0+5s", next, ok)
	}
}
