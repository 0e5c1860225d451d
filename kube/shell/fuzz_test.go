package shell_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// hostFIFOs lists files interp would create on the host for process substitutions or its
// FIFO shortcut; the sandbox must never make any.
func hostFIFOs() []string {
	m, _ := filepath.Glob(filepath.Join(os.TempDir(), "sh-interp-*"))
	return m
}

// FuzzShell runs random scripts through busybox sh: it must never panic, never hang (the
// virtual clock is bounded and busy loops hit the budget), and never touch the host.
func FuzzShell(f *testing.F) {
	for _, s := range []string{
		"echo hi", "while true; do :; done", "yes | head -n 2", ":(){ :|:& };:",
		"cat <(ls)", "x=$(seq 3); echo $x", "read a b <<EOF\n1 2\nEOF\necho $a", "printf '%*d|%-3s\\n' 4 7 ab",
		"[ 1 -lt 2 -a ! -e /nope ] && echo ok", "echo a:b | cut -d: -f2 | tr a-z A-Z", "sed -e 's/a/b/g;p' /etc/passwd",
		"cd /tmp && echo > f && ls -la", "kill -9 $$", "exec sleep 1", "trap 'echo bye' EXIT; exit 3", "eval 'echo $((2**10))'",
		"sleep 5 & wait $!", "echo x > /tmp/sh-interp-1; cat /dev/zero | head -c 10", "ls /proc/self/", "wget -qO- http://127.0.0.1:1/",
		"nc -l -p 9000 & echo hi | nc 127.0.0.1 9000", "set -e; false; echo no", "f() { f; }; f", "echo $RANDOM $$ $PPID $!",
	} {
		f.Add(s)
	}
	before := hostFIFOs()
	f.Fuzz(func(t *testing.T, script string) {
		if len(script) > 2000 {
			return
		}
		e := newEnv(t, "busybox:1.36")
		done := make(chan struct{})
		go func() {
			defer close(done)
			e.run([]string{"sh", "-c", script}, "some\nstdin\n", 10*time.Second)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("script did not finish within 20s of real time: %q", script)
		}
		if after := hostFIFOs(); len(after) != len(before) {
			t.Fatalf("script %q created host files: %v", script, after)
		}
	})
}
