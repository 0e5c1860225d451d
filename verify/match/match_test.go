package match

import (
	"strings"
	"testing"
)

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		kind     Kind
		shown    string
		sim      string
		ok       bool
		abridged bool
		first    int
		fixed    string // "" = not checked
	}{
		{"table padding and volatile cells", Table,
			"NAME           READY   STATUS             RESTARTS        AGE\nnetwork-demo   1/2     CrashLoopBackOff   6 (3m50s ago)   10m",
			"NAME           READY   STATUS             RESTARTS      AGE\nnetwork-demo   1/2     CrashLoopBackOff   6 (4m2s ago)   10m\n",
			true, false, -1, ""},
		{"table old padding", Table,
			"NAME      READY     STATUS    RESTARTS   AGE\nredis     1/1       Running   0          13s",
			"NAME    READY   STATUS    RESTARTS   AGE\nredis   1/1     Running   0          5s\n",
			true, false, -1, ""},
		{"table stale cell keeps author's age", Table,
			"NAME        READY   STATUS    RESTARTS   AGE\nnginx-pod   1/1     Running   1          102s",
			"NAME        READY   STATUS    RESTARTS   AGE\nnginx-pod   1/1     Running   0          2m\n",
			false, false, 1, "NAME        READY   STATUS    RESTARTS   AGE\nnginx-pod   1/1     Running   0          102s"},
		{"table missing row", Table,
			"NAME   READY\na      1/1",
			"NAME   READY\na      1/1\nb      0/1\n",
			false, false, 2, ""},
		{"table extra rows allowed with elision", Table,
			"NAME   READY\na      1/1\n...",
			"NAME   READY\na      1/1\nb      0/1\n",
			true, false, -1, ""},
		{"generated name bound", Table,
			"NAME                     READY   STATUS    RESTARTS   AGE\nweb-7c5ddbdf54-x2k9q     1/1     Running   0          1m",
			"NAME                    READY   STATUS    RESTARTS   AGE\nweb-5d8f9c7b5b-bkc2d    1/1     Running   0          1m\n",
			true, false, -1, ""},
		{"text equal", Text, "pod/web created", "pod/web created\n", true, false, -1, ""},
		{"text stale", Text, "pod \"web\" deleted", "pod \"web\" deleted from default namespace\n", false, false, 0,
			"pod \"web\" deleted from default namespace"},
		{"abridged error", Text, "The Pod \"x\" is invalid: spec: Forbidden: a",
			"The Pod \"x\" is invalid: spec: Forbidden: a\n@@ -1,1 +1,1 @@\n-a\n+b\n\n", true, true, -1, ""},
		{"abridged stale error", Text, "the Pod \"x\" is invalid: spec: Forbidden: a",
			"The Pod \"x\" is invalid: spec: Forbidden: a\n@@ -1,1 +1,1 @@\n-a\n+b\n", false, true, 0,
			"The Pod \"x\" is invalid: spec: Forbidden: a"},
		{"elision line", Text, "a\n...\nz", "a\nb\nc\nz\n", true, false, -1, ""},
		{"literal dots first", Text, "a\n...", "a\n...\n", true, false, -1, ""},
		{"inline wildcard", Text, "Successfully pulled image \"nginx\" [..]", "Successfully pulled image \"nginx\" in 1.2s (1.2s including waiting). Image size: 5 bytes.\n", true, false, -1, ""},
		{"volatile timestamps and ips", Text,
			"10.244.0.7 - - [24/Nov/2026:23:40:01 +0000] \"GET / HTTP/1.1\" 200 615",
			"10.244.0.9 - - [01/Jan/2027:00:00:00 +0000] \"GET / HTTP/1.1\" 200 615\n", true, false, -1, ""},
		{"ansi and crlf", Text, "\x1b[32mok\x1b[0m\r", "ok\n", true, false, -1, ""},
		{"missing middle line", Text, "a\nc", "a\nb\nc\n", false, false, 1, "a\nb\nc"},
		{"yaml subset", Fields, "spec:\n  containers:\n  - image: nginx", "metadata:\n  name: x\nspec:\n  containers:\n  - image: nginx\n    name: x\n", true, false, -1, ""},
		{"yaml stale value", Fields, "spec:\n  restartPolicy: Never", "spec:\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\n", false, false, 1, ""},
		{"describe events unordered", Fields,
			"Events:\n  Type    Reason   Age  From     Message\n  ----    ------   ---- ----     -------\n  Normal  Started  5s   kubelet  Container started\n  Normal  Created  5s   kubelet  Container created",
			"Name: x\nEvents:\n  Type    Reason   Age  From     Message\n  ----    ------   ----  ----     -------\n  Normal  Created  2s   kubelet  Container created\n  Normal  Started  2s   kubelet  Container started\n",
			true, false, -1, ""},
		{"describe stale event", Fields,
			"Events:\n  Normal  Started  5s   kubelet, node01  Started container x",
			"Events:\n  Normal  Started  2s   kubelet  Container started\n",
			false, false, 1, ""},
		{"empty shown vs output", Text, "", "x\n", false, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var shown []string
			if tt.shown != "" {
				shown = lines(tt.shown)
			}
			r := Compare(tt.kind, shown, tt.sim, NewBindings("minikube"))
			if r.OK != tt.ok || r.Abridged != tt.abridged || r.First != tt.first {
				t.Errorf("OK=%v Abridged=%v First=%d, want %v %v %d; diffs %+v", r.OK, r.Abridged, r.First, tt.ok, tt.abridged, tt.first, r.Diffs)
			}
			if tt.fixed != "" && strings.Join(r.Fixed, "\n") != tt.fixed {
				t.Errorf("Fixed:\n%s\nwant:\n%s", strings.Join(r.Fixed, "\n"), tt.fixed)
			}
		})
	}
}

func TestBindingsCarry(t *testing.T) {
	b := NewBindings("minikube")
	r := Compare(Table, lines("NAME                READY\nweb-7c5d8f9c7b-x2k9q   1/1"), "NAME                   READY\nweb-5d8f9c7b5b-bkc2d   1/1\n", b)
	if !r.OK || b.Names["web-7c5d8f9c7b-x2k9q"] != "web-5d8f9c7b5b-bkc2d" {
		t.Fatalf("binding not made: %+v %v", r, b.Names)
	}
	if got := b.Apply("kubectl logs web-7c5d8f9c7b-x2k9q"); got != "kubectl logs web-5d8f9c7b5b-bkc2d" {
		t.Errorf("Apply = %q", got)
	}
	// The same shown name cannot stand for another simulated name later.
	r = Compare(Text, lines("web-7c5d8f9c7b-x2k9q"), "web-5d8f9c7b5b-zzzzz\n", b)
	if r.OK {
		t.Errorf("conflicting binding accepted")
	}
}

func TestNodeBinding(t *testing.T) {
	b := NewBindings("debian")
	r := Compare(Text, lines("Successfully assigned default/web to node01"), "Successfully assigned default/web to debian\n", b)
	if !r.OK {
		t.Fatalf("node name not bound: %+v", r)
	}
	r = Compare(Text, lines("Successfully assigned default/web to node02"), "Successfully assigned default/web to debian\n", b)
	if r.OK {
		t.Errorf("second node name accepted")
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("NAME  READY\na  1/1\n...", "NAME  READY\na  1/1\nb  0/1\n", 1)
	f.Add("a\n[...]\nz", "a\nb\nz\n", 0)
	f.Add("Events:\n  Normal  x", "Events:\n  Normal  y\n", 2)
	f.Fuzz(func(t *testing.T, shown, sim string, k int) {
		if len(shown) > 2000 || len(sim) > 2000 {
			return
		}
		kind := Kind(((k % 3) + 3) % 3)
		var sl []string
		if shown != "" {
			sl = strings.Split(shown, "\n")
		}
		r := Compare(kind, sl, sim, NewBindings("node"))
		if r.OK != (len(r.Diffs) == 0) {
			t.Fatalf("OK=%v with %d diffs", r.OK, len(r.Diffs))
		}
		if r.OK && r.First != -1 {
			t.Fatalf("OK with First=%d", r.First)
		}
		// Comparing an output with itself always matches.
		if self := Compare(kind, splitOut(sim), sim, NewBindings("node")); !self.OK && len(splitOut(sim)) > 0 {
			t.Fatalf("output differs from itself: %+v", self.Diffs)
		}
	})
}
