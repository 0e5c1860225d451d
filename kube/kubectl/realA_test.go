package kubectl

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// transcriptStep is one recorded command of a real/*.md transcript.
type transcriptStep struct {
	num            int
	cmd            string
	tty            bool
	code           int
	stdout, stderr string
}

var stepHeader = regexp.MustCompile("^#### (\\d+)\\. `([^`]*)`(.*)$")

// parseTranscript reads the format of ../shared/spec/k8s/real/*.md.
func parseTranscript(t testing.TB, data string) []transcriptStep {
	t.Helper()
	var steps []transcriptStep
	lines := strings.Split(data, "\n")
	for i := 0; i < len(lines); i++ {
		m := stepHeader.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		st := transcriptStep{num: n, cmd: m[2], tty: strings.Contains(m[3], "pty")}
		block := func(label string) (string, int) {
			for j := i + 1; j < len(lines); j++ {
				if strings.HasPrefix(lines[j], "#### ") {
					return "", j
				}
				if lines[j] == label {
					var b strings.Builder
					for k := j + 2; k < len(lines); k++ {
						if lines[k] == "```" {
							return b.String(), k
						}
						b.WriteString(lines[k] + "\n")
					}
				}
			}
			return "", i
		}
		for j := i + 1; j < len(lines) && !strings.HasPrefix(lines[j], "#### "); j++ {
			if strings.HasPrefix(lines[j], "exit code: **") {
				st.code, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(lines[j], "exit code: **"), "**"))
			}
		}
		if st.tty {
			st.stdout, _ = block("terminal output:")
		} else {
			st.stdout, _ = block("stdout:")
			st.stderr, _ = block("stderr:")
		}
		steps = append(steps, st)
	}
	return steps
}

// volatile masks what differs between two runs of the same transcript (real/README.md): ages
// and durations, timestamps, uids, resourceVersions, name suffixes, and the column padding
// that depends on their widths.
func volatile(s string) string {
	for _, r := range []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`), "<time>"},
		{regexp.MustCompile(`[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}`), "<time>"},
		{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "<uid>"},
		{regexp.MustCompile(`resourceVersion: "\d+"`), `resourceVersion: "<rv>"`},
		{regexp.MustCompile(`kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}`), "kube-api-access-<xxxxx>"},
		{regexp.MustCompile(`\b\d+[smhdy](\d+[smh])?\b`), "<age>"},
		{regexp.MustCompile(`[ \t]+`), " "},
	} {
		s = r.re.ReplaceAllString(s, r.with)
	}
	return s
}

// splitArgs splits a transcript command line (no quoting beyond what real/*.md uses).
func splitArgs(cmd string) []string { return strings.Fields(cmd) }

// TestRealA replays every kubectl command of real/A.md (a v1.37.2 control plane without nodes)
// with the same manifests and compares stdout, stderr and the exit code modulo volatile fields.
func TestRealA(t *testing.T) {
	dir := filepath.Join("testdata", "realA")
	data, err := os.ReadFile(filepath.Join(dir, "A.md"))
	if err != nil {
		t.Fatal(err)
	}
	c := newTestCluster(t)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			c.files[e.Name()] = &fstest.MapFile{Data: b}
		}
	}
	for _, st := range parseTranscript(t, string(data)) {
		// The recording ran its commands about half a second apart.
		c.clk.AdvanceTo(c.clk.Now().Add(500 * time.Millisecond))
		args := splitArgs(st.cmd)
		switch args[0] {
		case "cat":
			// The file shown is the version the next commands read (#17 shows the edited
			// network-demo.yaml).
			c.files[args[1]] = &fstest.MapFile{Data: []byte(st.stdout)}
			continue
		case "kubectl":
		default:
			continue
		}
		t.Run(strconv.Itoa(st.num)+" "+st.cmd, func(t *testing.T) {
			var out, errOut string
			var code int
			if st.tty {
				out, errOut, code = c.runTTY(args[1:])
				out += errOut
				errOut = ""
			} else {
				out, errOut, code = c.run(args[1:], "")
			}
			if code != st.code {
				t.Errorf("exit code %d, want %d", code, st.code)
			}
			if volatile(out) != volatile(st.stdout) {
				t.Errorf("stdout differs\n--- got\n%s--- want\n%s", out, st.stdout)
			}
			if volatile(errOut) != volatile(st.stderr) {
				t.Errorf("stderr differs\n--- got\n%s--- want\n%s", errOut, st.stderr)
			}
		})
	}
}
