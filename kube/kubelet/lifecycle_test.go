package kubelet

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
	v1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestLifecycleTraces replays each testdata/lifecycle/*.txtar scenario (pod.yaml + script)
// on the kubelet with a scripted runtime and compares the timeline of status writes and
// events with the archive's "trace" file (-update rewrites it).
//
// Script lines:
//
//	run <container> [runs=5s,1s|-1] [codes=1,0] [oom] [ignoreterm] [term=2s] [starterr=msg]
//	    [exec=0,1] [execout=text] [http=200,404] [file=text] [logs=text]
//	missing <image> <pull error text>
//	preload <image>
//	delete <at>
//	until <t>
func TestLifecycleTraces(t *testing.T) {
	files, err := filepath.Glob("testdata/lifecycle/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var podYAML, script []byte
			traceIdx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "pod.yaml":
					podYAML = f.Data
				case "script":
					script = f.Data
				case "trace":
					traceIdx = i
				}
			}
			got := runScenario(t, podYAML, script)
			if *update {
				if traceIdx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "trace"})
					traceIdx = len(ar.Files) - 1
				}
				ar.Files[traceIdx].Data = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if traceIdx < 0 {
				t.Fatalf("%s has no trace; run with -update", file)
			}
			if want := ar.Files[traceIdx].Data; !bytes.Equal(got, want) {
				t.Errorf("trace differs (-update to accept):\n%s", lineDiff(string(want), string(got)))
			}
		})
	}
}

func parseDurations(s string) []time.Duration {
	var out []time.Duration
	for _, p := range strings.Split(s, ",") {
		if p == "-1" {
			out = append(out, -1)
			continue
		}
		d, err := time.ParseDuration(p)
		if err != nil {
			panic(err)
		}
		out = append(out, d)
	}
	return out
}

func parseInts(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(p)
		if err != nil {
			panic(err)
		}
		out = append(out, n)
	}
	return out
}

func runScenario(t *testing.T, podYAML, script []byte) []byte {
	t.Helper()
	var pod v1.Pod
	if err := yaml.UnmarshalStrict(podYAML, &pod); err != nil {
		t.Fatalf("pod.yaml: %v", err)
	}
	var preload []string
	type action struct {
		at time.Duration
		fn func(h *harness)
	}
	var actions []action
	until := 5 * time.Minute
	scripts := map[string]*behaviour{}
	missing := map[string]string{}
	for _, line := range strings.Split(string(script), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "run":
			b := &behaviour{runs: []time.Duration{-1}}
			for _, kv := range f[2:] {
				k, v, _ := strings.Cut(kv, "=")
				v = strings.ReplaceAll(v, "_", " ")
				switch k {
				case "runs":
					b.runs = parseDurations(v)
				case "codes":
					b.codes = parseInts(v)
				case "oom":
					b.oom = true
				case "ignoreterm":
					b.ignoreTerm = true
				case "term":
					b.termLatency = parseDurations(v)[0]
				case "starterr":
					b.startErr = v
				case "exec":
					b.exec = parseInts(v)
				case "execout":
					b.execOut = strings.ReplaceAll(v, `\n`, "\n")
				case "http":
					b.http = parseInts(v)
				case "file":
					b.file = v
				case "logs":
					b.logs = strings.ReplaceAll(v, `\n`, "\n")
				default:
					t.Fatalf("script: unknown key %q", k)
				}
			}
			scripts[f[1]] = b
		case "missing":
			missing[f[1]] = strings.Join(f[2:], " ")
		case "preload":
			preload = append(preload, f[1])
		case "delete":
			at := parseDurations(f[1])[0]
			actions = append(actions, action{at, func(h *harness) { h.api.delete(pod.Name) }})
		case "until":
			until = parseDurations(f[1])[0]
		default:
			t.Fatalf("script: unknown line %q", line)
		}
	}
	h := newHarness(preload...)
	h.rt.scripts = scripts
	h.rt.missing = missing
	h.api.create(&pod)
	for _, a := range actions {
		a := a
		h.clk.At(t0.Add(a.at), func() { a.fn(h) })
	}
	h.clk.AdvanceTo(t0.Add(until))
	var b strings.Builder
	for _, l := range h.api.log {
		b.WriteString(strings.TrimRight(l, " "))
		b.WriteByte('\n')
	}
	b.WriteString("# final\n")
	if p := h.pod(pod.Name); p != nil {
		for _, cs := range append(append([]v1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
			fmt.Fprintf(&b, "%s: restarts=%d ready=%v started=%v state=%s last=%s\n", cs.Name, cs.RestartCount, cs.Ready, cs.Started != nil && *cs.Started, stateString(cs.State), stateString(cs.LastTerminationState))
		}
		fmt.Fprintf(&b, "phase=%s qos=%s\n", p.Status.Phase, p.Status.QOSClass)
	} else {
		b.WriteString("pod deleted\n")
	}
	return []byte(b.String())
}

func stateString(s v1.ContainerState) string {
	switch {
	case s.Running != nil:
		return "running(" + s.Running.StartedAt.Sub(t0).String() + ")"
	case s.Waiting != nil:
		if s.Waiting.Message != "" {
			return fmt.Sprintf("waiting(%s: %s)", s.Waiting.Reason, s.Waiting.Message)
		}
		return "waiting(" + s.Waiting.Reason + ")"
	case s.Terminated != nil:
		t := s.Terminated
		msg := ""
		if t.Message != "" {
			msg = fmt.Sprintf(" %q", t.Message)
		}
		return fmt.Sprintf("terminated(%s %d %s..%s%s)", t.Reason, t.ExitCode, t.StartedAt.Sub(t0), t.FinishedAt.Sub(t0), msg)
	}
	return "-"
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, a, b)
		}
	}
	return ""
}
