package match

import (
	"strings"
)

// maxCells bounds the alignment table; larger outputs are compared line by line in order.
const maxCells = 4 << 20

type op uint8

const (
	opMatch op = iota // shown[i] == sim[j]
	opSub             // shown[i] stands for sim[j] but differs
	opDel             // shown[i] has no counterpart
	opIns             // sim[j] is missing from the shown output
	opSkip            // sim[j] is covered by an elision or left out of an excerpt
	opElide           // shown[i] is an elision
)

type step struct {
	op   op
	i, j int
}

// align aligns shown with sim. free: simulated lines may be left out anywhere (Fields mode);
// otherwise only at the start and end (an excerpt) or under an elision.
func align(shown, sim []string, b *Bindings, free bool) []step {
	n, m := len(shown), len(sim)
	if (n+1)*(m+1) > maxCells {
		return alignLinear(shown, sim, b)
	}
	ps, pa := prepareWith(b, shown), prepareWith(b, sim)
	eq := func(i, j int) bool { return prepEq(ps[i], pa[j], b, false) }
	el := make([]bool, n)
	for i := range shown {
		el[i] = IsElision(shown[i])
	}
	// cost[i][j]: best cost aligning shown[i:] with sim[j:]. Costs are in tenths.
	const inf = 1 << 30
	w := m + 1
	cost := make([]int32, (n+1)*w)
	choice := make([]op, (n+1)*w)
	for i := n; i >= 0; i-- {
		for j := m; j >= 0; j-- {
			k := i*w + j
			if i == n && j == m {
				cost[k], choice[k] = 0, opMatch
				continue
			}
			best, bo := int32(inf), opMatch
			try := func(c int32, o op) {
				if c < best {
					best, bo = c, o
				}
			}
			if i < n && j < m && !el[i] && eq(i, j) {
				try(cost[k+w+1], opMatch)
			}
			if i < n && el[i] {
				// An elision first matches literally (kubectl prints "..." itself).
				if j < m && ps[i].sq == pa[j].sq {
					try(cost[k+w+1], opMatch)
				}
				try(cost[k+w], opElide) // covers nothing more
				if j < m {
					try(cost[k+1], opSkip) // covers sim[j], stays open
				}
			}
			if j < m {
				if i > 0 && el[i-1] {
					try(cost[k+1], opSkip) // still under the elision before
				} else {
					c := int32(10)
					// Leaving out simulated lines is free before the first shown line, after
					// the last one, and anywhere in free mode.
					if free || i == n || i == 0 {
						c = 0
					}
					try(cost[k+1]+c, opIns)
				}
			}
			if i < n && !el[i] {
				try(cost[k+w]+20, opDel) // dearer than pairing two different lines
				if j < m {
					try(cost[k+w+1]+subCost(ps[i], pa[j]), opSub)
				}
			}
			cost[k], choice[k] = best, bo
		}
	}
	var out []step
	for i, j := 0, 0; i < n || j < m; {
		o := choice[i*w+j]
		out = append(out, step{o, i, j})
		switch o {
		case opMatch, opSub:
			i, j = i+1, j+1
		case opDel, opElide:
			i++
		case opIns, opSkip:
			j++
		}
	}
	return out
}

// subCost prefers pairing lines that look alike (same first word, e.g. the same describe key)
// over dropping one and inserting the other.
func subCost(a, b *prep) int32 {
	if a.first != "" && (a.first == b.first || a.last == b.last) {
		return 8
	}
	return 15
}

func alignLinear(shown, sim []string, b *Bindings) []step {
	var out []step
	n := max(len(shown), len(sim))
	for k := 0; k < n; k++ {
		switch {
		case k < len(shown) && k < len(sim):
			if lineEq(shown[k], sim[k], nil) { // no bindings: a huge output
				out = append(out, step{opMatch, k, k})
			} else {
				out = append(out, step{opSub, k, k})
			}
		case k < len(shown):
			out = append(out, step{opDel, k, len(sim)})
		default:
			out = append(out, step{opIns, len(shown), k})
		}
	}
	return out
}

// compareLines compares line by line (free: unshown simulated lines anywhere are ignored).
func compareLines(shown, sim []string, b *Bindings, free bool) Result {
	steps := align(shown, sim, b, free)
	return result(shown, sim, steps, b, free)
}

func result(shown, sim []string, steps []step, b *Bindings, free bool) Result {
	r := Result{First: -1}
	matchedAny := false
	lastShown := -1
	for _, s := range steps {
		if s.op == opMatch || s.op == opSub {
			matchedAny = true
			lastShown = s.i
		}
	}
	seenShown := false
	for _, s := range steps {
		switch s.op {
		case opMatch:
			seenShown = true
			if !lineEq(shown[s.i], sim[s.j], b) {
				// A binding conflict: the same shown name stands for two simulated names.
				r.Diffs = append(r.Diffs, Diff{Shown: s.i, At: s.i, Sim: sim[s.j]})
			}
			r.Fixed = append(r.Fixed, shown[s.i])
		case opSub:
			seenShown = true
			r.Diffs = append(r.Diffs, Diff{Shown: s.i, At: s.i, Sim: sim[s.j]})
			r.Fixed = append(r.Fixed, fixLine(shown[s.i], sim[s.j]))
		case opDel:
			seenShown = true
			r.Diffs = append(r.Diffs, Diff{Shown: s.i, At: s.i, Extra: true})
		case opElide:
			seenShown = true
			r.Elided = true
			r.Fixed = append(r.Fixed, shown[s.i])
		case opSkip:
			r.Elided = true
		case opIns:
			if free || !seenShown || s.i > lastShown && matchedAny {
				if len(shown) > 0 {
					r.Abridged = r.Abridged || !free
				}
				if len(shown) == 0 && !free {
					r.Diffs = append(r.Diffs, Diff{Shown: -1, At: 0, Sim: sim[s.j]})
					r.Fixed = append(r.Fixed, sim[s.j])
				}
				continue
			}
			r.Diffs = append(r.Diffs, Diff{Shown: -1, At: s.i, Sim: sim[s.j]})
			r.Fixed = append(r.Fixed, sim[s.j])
		}
	}
	if len(shown) > 0 && !matchedAny && len(sim) > 0 {
		// Nothing in common: not an excerpt.
		r.Abridged = false
	}
	if len(shown) > 0 && len(sim) == 0 {
		r.Abridged = false
	}
	r.OK = len(r.Diffs) == 0
	for _, d := range r.Diffs {
		at := d.At
		if d.Shown >= 0 {
			at = d.Shown
		}
		if r.First < 0 || at < r.First {
			r.First = at
		}
	}
	return r
}

// fixLine keeps the author's volatile values where the simulated line has a value of the
// same shape at the same place; otherwise the simulated line.
func fixLine(shown, sim string) string {
	fs, fa := strings.Fields(shown), strings.Fields(sim)
	if len(fs) != len(fa) {
		return sim
	}
	out := sim
	for i := range fa {
		if fs[i] != fa[i] && mask(fs[i]) == mask(fa[i]) {
			out = strings.Replace(out, fa[i], fs[i], 1)
		}
	}
	return out
}

// compareFields compares -o yaml|json and describe output: the shown lines must appear in the
// simulated output in order (unshown lines ignored); describe's Events rows are unordered.
func compareFields(shown, sim []string, b *Bindings) Result {
	se, ae := eventsStart(shown), eventsStart(sim)
	if se < 0 || ae < 0 {
		return compareLines(shown, sim, b, true)
	}
	head := Result{First: -1}
	if se > 0 {
		head = compareLines(shown[:se], sim[:ae], b, true)
	}
	tail := compareEvents(shown[se:], sim[ae:], b)
	for _, d := range tail.Diffs {
		d.Shown, d.At = shift(d.Shown, se), d.At+se
		head.Diffs = append(head.Diffs, d)
	}
	head.Fixed = append(head.Fixed, tail.Fixed...)
	head.OK = len(head.Diffs) == 0
	head.First = -1
	for _, d := range head.Diffs {
		at := d.At
		if d.Shown >= 0 {
			at = d.Shown
		}
		if head.First < 0 || at < head.First {
			head.First = at
		}
	}
	head.Elided = head.Elided || tail.Elided
	return head
}

func shift(i, by int) int {
	if i < 0 {
		return i
	}
	return i + by
}

// eventsStart finds describe's "Events:" line, or the Events table's header when the post
// shows only the table.
func eventsStart(ls []string) int {
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "Events:") {
			return i
		}
		if f := strings.Fields(t); len(f) >= 5 && f[0] == "Type" && f[1] == "Reason" && f[2] == "Age" {
			return i
		}
	}
	return -1
}

// compareEvents compares Events rows as a multiset (their order depends on timing).
func compareEvents(shown, sim []string, b *Bindings) Result {
	r := Result{First: -1}
	used := make([]bool, len(sim))
	pa := prepareWith(b, sim)
	for i, l := range shown {
		if IsElision(l) {
			r.Elided = true
			r.Fixed = append(r.Fixed, l)
			continue
		}
		found := -1
		ps := b.prep(l)
		for j := range sim {
			if !used[j] && prepEq(ps, pa[j], b, true) {
				found = j
				break
			}
		}
		if found < 0 && isEventsHeaderish(l) {
			// "Events:" alone vs "Events:  <none>", or a header written differently.
			for j := range sim {
				if !used[j] && strings.HasPrefix(strings.TrimSpace(sim[j]), strings.Fields(l)[0]) {
					found = j
					break
				}
			}
			if found >= 0 && !lineEq(l, sim[found], b) {
				r.Diffs = append(r.Diffs, Diff{Shown: i, At: i, Sim: sim[found]})
				r.Fixed = append(r.Fixed, sim[found])
				used[found] = true
				continue
			}
		}
		if found >= 0 {
			used[found] = true
			r.Fixed = append(r.Fixed, l)
			continue
		}
		// The closest unused row with the same reason.
		best := -1
		for j := range sim {
			if !used[j] && sameReason(l, sim[j]) {
				best = j
				break
			}
		}
		if best >= 0 {
			used[best] = true
			r.Diffs = append(r.Diffs, Diff{Shown: i, At: i, Sim: sim[best]})
			r.Fixed = append(r.Fixed, fixLine(l, sim[best]))
		} else {
			r.Diffs = append(r.Diffs, Diff{Shown: i, At: i, Extra: true})
		}
	}
	r.OK = len(r.Diffs) == 0
	return r
}

func isEventsHeaderish(l string) bool {
	f := strings.Fields(l)
	return len(f) > 0 && (f[0] == "Events:" || f[0] == "Type" || strings.Trim(f[0], "-") == "")
}

func sameReason(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	return len(fa) >= 2 && len(fb) >= 2 && fa[0] == fb[0] && fa[1] == fb[1]
}
