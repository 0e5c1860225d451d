package shell_test

import (
	"testing"
	"time"
)

func TestSmoke2(t *testing.T) {
	for _, s := range []string{
		`i=0; while [ $i -lt 3 ]; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done`,
		`echo a b c | while read x y; do echo "x=$x y=$y"; done; echo done`,
		`(sleep 2; echo bg) & echo fg; wait; echo after`,
		`seq 1 5 | sort -r | head -n 2`,
		`while true; do :; done`,
		`yes | head -n 3`,
		`echo $$ $PPID; sleep infinity`,
		`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`,
		`printf '%s-%d\n' a 1 b 2; echo -en 'x\ny\n'`,
		`cd /nonexistent; echo $?`,
		`echo hi > /nonexistent/f; echo $?`,
		`[ -e /etc/passwd ] && echo yes; [[ -e /etc/nope ]] || echo no`,
	} {
		e := newEnv(t, "busybox:1.36")
		out, errs, code := e.run([]string{"sh", "-c", s}, "", 5*time.Second)
		t.Logf("%s\n  out=%q err=%q code=%d notes=%v now=%v", s, out, errs, code, e.notes, e.clk.Now().Sub(epoch))
	}
}
