package verify

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/docbuild/docbuild/verify/extract"
)

// WriteReplay prints a checked post as the simulator ran it: each file as it was named, each
// command at its prompt with the output the simulator gave at the moment it was judged, and
// the virtual time that passed in between.
func WriteReplay(w io.Writer, r *FileResult) {
	sc := r.Scenario
	byStep := map[int][]StepResult{}
	for _, s := range r.Steps {
		byStep[s.Step] = append(byStep[s.Step], s)
	}
	var last time.Duration
	prompt := "$ "
	if sc.Node != "" {
		prompt = "root@" + sc.Node + ":~# "
	}
	for i, st := range sc.Steps {
		switch st.Kind {
		case extract.File:
			name := st.Name
			if name == "" {
				name = "(unnamed manifest)"
			}
			fmt.Fprintf(w, "# %s:%d: file %s\n", r.Path, st.Line, name)
			continue
		case extract.Edit:
			fmt.Fprintf(w, "# %s:%d: edit: %s\n", r.Path, st.Line, firstLine(st.Content))
		case extract.Wait:
			fmt.Fprintf(w, "# %s:%d: wait %s\n", r.Path, st.Line, st.Duration)
			continue
		}
		for _, res := range byStep[i] {
			if res.At > last {
				fmt.Fprintf(w, "# +%s\n", (res.At - last).String())
				last = res.At
			}
			if st.Kind == extract.Run {
				p := prompt
				if st.Session >= 0 {
					p = "/ # "
				}
				fmt.Fprintf(w, "%s%s\n", p, st.Command)
			}
			if res.Simulated != "" {
				io.WriteString(w, strings.TrimRight(res.Simulated, "\n")+"\n")
			}
			if res.Status != OK {
				fmt.Fprintf(w, "# %s:%d: %s", r.Path, res.Line, res.Status)
				if res.Note != "" {
					fmt.Fprintf(w, ": %s", res.Note)
				}
				fmt.Fprintln(w)
			}
		}
	}
}
