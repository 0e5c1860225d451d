package match

import (
	"regexp"
	"strings"
)

var colSep = regexp.MustCompile(`\s{2,}|\t+`)

// header returns a table header's column names and their start offsets.
func header(line string) (names []string, starts []int) {
	line = strings.TrimRight(Clean(line), " ")
	idx := colSep.FindAllStringIndex(line, -1)
	prev := len(line) - len(strings.TrimLeft(line, " "))
	for _, m := range idx {
		if m[0] > prev {
			names = append(names, line[prev:m[0]])
			starts = append(starts, prev)
		}
		prev = m[1]
	}
	if prev < len(line) {
		names = append(names, line[prev:])
		starts = append(starts, prev)
	}
	return names, starts
}

// cellsAt cuts a row at the header's column starts (how kubectl's tabwriter lays it out).
func cellsAt(line string, starts []int) []string {
	line = Clean(line)
	out := make([]string, len(starts))
	for i, s := range starts {
		if s >= len(line) {
			break
		}
		e := len(line)
		if i+1 < len(starts) && starts[i+1] < len(line) {
			e = starts[i+1]
		}
		out[i] = strings.TrimSpace(line[s:e])
	}
	return out
}

// cellsShown splits a shown row: by runs of two or more spaces when that gives the header's
// column count, else at the shown header's positions.
func cellsShown(line string, starts []int) []string {
	t := strings.TrimSpace(Clean(line))
	parts := colSep.Split(t, -1)
	if len(parts) == len(starts) {
		return parts
	}
	return cellsAt(line, starts)
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func isTableHeader(names []string) bool {
	if len(names) < 2 || names[0] != strings.ToUpper(names[0]) || strings.ToLower(names[0]) == names[0] {
		return false
	}
	for _, n := range names {
		if n != strings.ToUpper(n) {
			return false
		}
	}
	return true
}

// compareTable compares a `get` table. ok is false when the shown output is not a table with
// the simulated table's header (then the caller compares text).
func compareTable(shown, sim []string, b *Bindings) (Result, bool) {
	hs := -1
	for i, l := range shown {
		if !IsElision(l) && strings.TrimSpace(l) != "" {
			hs = i
			break
		}
	}
	if hs < 0 || len(sim) == 0 {
		return Result{}, false
	}
	sn, sstarts := header(shown[hs])
	an, astarts := header(sim[0])
	if !isTableHeader(an) || !sameNames(sn, an) {
		return Result{}, false
	}
	key := []int{0}
	for i, n := range an {
		if n == "NAME" {
			key = []int{i}
			if i > 0 && an[0] == "NAMESPACE" {
				key = []int{0, i}
			}
		}
	}
	type row struct {
		cells []string
		used  bool
	}
	rows := make([]row, 0, len(sim)-1)
	simIdx := []int{}
	for i, l := range sim[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		rows = append(rows, row{cells: cellsShown(l, astarts)})
		simIdx = append(simIdx, i+1)
	}
	keyOf := func(c []string) string {
		var k []string
		for _, i := range key {
			if i < len(c) {
				k = append(k, c[i])
			}
		}
		return strings.Join(k, "/")
	}
	r := Result{First: -1}
	elided := false
	lastRow := hs
	var fixedRows = map[int][]string{}
	for i := hs + 1; i < len(shown); i++ {
		l := shown[i]
		if IsElision(l) {
			elided = true
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		lastRow = i
		cs := cellsShown(l, sstarts)
		k := keyOf(cs)
		found := -1
		for j := range rows {
			if !rows[j].used && keyOf(rows[j].cells) == k {
				found = j
				break
			}
		}
		if found < 0 {
			// A generated name: same shape, bound on first sight.
			if v, ok := b.lookup(k); ok {
				for j := range rows {
					if !rows[j].used && keyOf(rows[j].cells) == v {
						found = j
						break
					}
				}
			} else {
				for j := range rows {
					if !rows[j].used && mask(keyOf(rows[j].cells)) == mask(k) && mask(k) != squash(k) {
						found = j
						if b != nil {
							b.Names[k] = keyOf(rows[j].cells)
						}
						break
					}
				}
			}
		}
		if found < 0 {
			r.Diffs = append(r.Diffs, Diff{Shown: i, At: i, Extra: true})
			continue
		}
		rows[found].used = true
		ac := rows[found].cells
		diff := false
		fixed := make([]string, len(ac))
		for c := range ac {
			var sc string
			if c < len(cs) {
				sc = cs[c]
			}
			if sc == ac[c] || squash(sc) == squash(ac[c]) || prepEq(newPrep(sc), newPrep(ac[c]), b, true) {
				fixed[c] = sc
				continue
			}
			diff = true
			fixed[c] = ac[c]
		}
		if diff {
			r.Diffs = append(r.Diffs, Diff{Shown: i, At: i, Sim: sim[simIdx[found]]})
			fixedRows[i] = fixed
		}
	}
	for j, rw := range rows {
		if !rw.used && !elided {
			r.Diffs = append(r.Diffs, Diff{Shown: -1, At: lastRow + 1, Sim: sim[simIdx[j]]})
		}
	}
	r.Elided = elided
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
	r.Fixed = fixTable(shown, hs, sstarts, fixedRows, r.Diffs, sim)
	return r, true
}

func (b *Bindings) lookup(k string) (string, bool) {
	if b == nil {
		return "", false
	}
	v, ok := b.Names[k]
	return v, ok
}

// fixTable rewrites the rows that differ, keeping the author's matching cells, at the shown
// header's column positions when every cell fits, else re-aligned like kubectl (each column
// as wide as its widest cell plus 3 spaces; cli-runtime tabwriter padding 3).
func fixTable(shown []string, hs int, starts []int, fixed map[int][]string, diffs []Diff, sim []string) []string {
	out := make([]string, 0, len(shown))
	fits := true
	for _, cells := range fixed {
		for c, v := range cells {
			if c+1 < len(starts) && starts[c]+len(v)+1 > starts[c+1] {
				fits = false
			}
		}
	}
	extra := map[int]bool{}
	missingAt := map[int][]string{}
	for _, d := range diffs {
		if d.Extra {
			extra[d.Shown] = true
		}
		if d.Shown < 0 {
			missingAt[d.At] = append(missingAt[d.At], d.Sim)
		}
	}
	if fits {
		for i, l := range shown {
			for _, m := range missingAt[i] {
				out = append(out, m)
			}
			if extra[i] {
				continue
			}
			if cells, ok := fixed[i]; ok {
				out = append(out, layout(cells, starts))
				continue
			}
			out = append(out, l)
		}
		for _, m := range missingAt[len(shown)] {
			out = append(out, m)
		}
		return out
	}
	// Re-align the whole table like kubectl.
	var table [][]string
	var pos []int // index into out for table rows, -1 for literal lines
	var lits []string
	for i, l := range shown {
		for _, m := range missingAt[i] {
			h, st := header(sim[0])
			_ = h
			table = append(table, cellsAt(m, st))
			pos = append(pos, len(table)-1)
			lits = append(lits, "")
		}
		if extra[i] {
			continue
		}
		switch {
		case i == hs:
			n, _ := header(l)
			table = append(table, n)
			pos, lits = append(pos, len(table)-1), append(lits, "")
		case i > hs && !IsElision(l) && strings.TrimSpace(l) != "":
			cells, ok := fixed[i]
			if !ok {
				cells = cellsShown(l, starts)
			}
			table = append(table, cells)
			pos, lits = append(pos, len(table)-1), append(lits, "")
		default:
			pos, lits = append(pos, -1), append(lits, l)
		}
	}
	for _, m := range missingAt[len(shown)] {
		_, st := header(sim[0])
		table = append(table, cellsAt(m, st))
		pos, lits = append(pos, len(table)-1), append(lits, "")
	}
	widths := map[int]int{}
	for _, row := range table {
		for c, v := range row {
			widths[c] = max(widths[c], len(v))
		}
	}
	for k, p := range pos {
		if p < 0 {
			out = append(out, lits[k])
			continue
		}
		row := table[p]
		var sb strings.Builder
		for c, v := range row {
			sb.WriteString(v)
			if c < len(row)-1 {
				sb.WriteString(strings.Repeat(" ", widths[c]-len(v)+3))
			}
		}
		out = append(out, strings.TrimRight(sb.String(), " "))
	}
	return out
}

func layout(cells []string, starts []int) string {
	var sb strings.Builder
	for c, v := range cells {
		if c < len(starts) && sb.Len() < starts[c] {
			sb.WriteString(strings.Repeat(" ", starts[c]-sb.Len()))
		} else if c > 0 {
			sb.WriteString("   ")
		}
		sb.WriteString(v)
	}
	return strings.TrimRight(sb.String(), " ")
}
