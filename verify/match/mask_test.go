package match

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maskLines are typical simulated lines (describe, get, logs).
var maskLines = []string{
	"  Normal   Pulled     44s               kubelet            spec.containers{liveness}: Successfully pulled image \"registry.k8s.io/busybox:1.27.2\" in 650ms (650ms including waiting). Image size: 1315000 bytes.",
	"Start Time:       Tue, 24 Nov 2026 23:00:00 +0000",
	"nginx-deployment-67d4bdd6f5-w6kd7   1/1     Running   0          13s   10.244.0.2   minikube   <none>           <none>",
	"    Container ID:   containerd://e67a446811b76404156ac58e6fbd666738440d5ffd5fdb8b6f4f6b608679b2a2",
	"  Warning  Unhealthy  0s (x3 over 10s)  kubelet            spec.containers{liveness}: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
	"      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-xxn59 (ro)",
	"Conditions:",
	"10.240.63.110 - - [14/Jul/2015:01:09:01 +0000] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/7.26.0\" \"-\"",
}

func BenchmarkMask(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, l := range maskLines {
			mask(l)
		}
	}
}

// maskRegexpOnly is mask without the cheap tests: the oracle the cheap tests must agree with.
func maskRegexpOnly(s string) string {
	s = Clean(s)
	digits := strings.ContainsAny(s, "0123456789")
	for _, v := range volatile {
		if (digits || v.class == "DUR" && strings.Contains(s, "<invalid>")) && v.re.MatchString(s) {
			s = v.re.ReplaceAllString(s, "\x00"+v.class+"\x00")
		}
	}
	s = genNameRe.ReplaceAllStringFunc(s, func(n string) string {
		base := n[:strings.LastIndexByte(n, '-')]
		if h := strings.LastIndexByte(base, '-'); h > 0 && hashRe.MatchString(base[h+1:]) {
			base = base[:h]
		}
		return base + "-\x00GEN\x00"
	})
	return strings.Join(strings.Fields(s), " ")
}

// TestMaskCheapTests: the cheap tests before each regexp never change what mask gives, on
// every line of the corpus and seed posts and on lines made to sit at the tests' edges.
func TestMaskCheapTests(t *testing.T) {
	lines := append([]string{}, maskLines...)
	lines = append(lines, "5µs", "1m2s", "x5ms", "<unknown>", "<invalid> 1", "web-7c5ddbdf54-x2k9q", "web-x2k9q_",
		"2026-11-24T23:00:00Z", "2026/11/24 23:00:00", "24 Nov 2026 23:00:00.5", "Tue Nov 24 23:00:00 UTC 2026",
		"10.244.0.2", "1.2.3", "0123abcd-0123-4567-89ab-0123456789ab", "..2026_11_24_23_00_00.123", "a-bcdfg-", "-bcdfg")
	files, _ := filepath.Glob("../testdata/*/*.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	if len(lines) < 1000 {
		t.Fatalf("only %d lines", len(lines))
	}
	// Lines made of the pieces the hand-written matchers look at.
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"1", "23", "456", "7", "0", ".", ":", "-", "_", " ", "s", "m", "h", "d", "y", "ms", "ns", "µs", "us",
		"x", "<invalid>", "<unknown>", "<", "a", "Z", "(", "/", "2026", "bcdfg"}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		lines = append(lines, b.String())
	}
	for _, l := range lines {
		if got, want := mask(l), maskRegexpOnly(l); got != want {
			t.Errorf("mask(%q) = %q, want %q", l, got, want)
		}
	}
}

// FuzzMaskCheapTests: the same on any line.
func FuzzMaskCheapTests(f *testing.F) {
	for _, l := range maskLines {
		f.Add(l)
	}
	for _, l := range []string{"1m2s ago", "5.5ms", "3d4h5m", "x5ms 7y", "1.2.3.4", "999.1.1.1", "1.2.3.4.5", "a1.2.3.4",
		"10.0.0.1:80", "<unknown> <invalid>", "2h3.5m", "4µs", "1y2d", "0.5s.", "12s_", "5ns5s"} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, l string) {
		if got, want := mask(l), maskRegexpOnly(l); got != want {
			t.Errorf("mask(%q) = %q, want %q", l, got, want)
		}
	})
}
