package shell

import (
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/proc"
)

// --- sleep ----------------------------------------------------------------------------------

// parseDuration parses sleep's operands: decimal seconds with an optional s/m/h/d suffix, and
// "inf"/"infinity" (busybox coreutils/sleep.c: strncasecmp(arg, "inf", 3); GNU sleep accepts
// "infinity" through strtod).
func parseDuration(s string) (time.Duration, bool, bool) {
	if len(s) >= 3 && strings.EqualFold(s[:3], "inf") {
		return 0, true, true
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "s"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "m"):
		mult, s = 60, s[:len(s)-1]
	case strings.HasSuffix(s, "h"):
		mult, s = 3600, s[:len(s)-1]
	case strings.HasSuffix(s, "d"):
		mult, s = 86400, s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) {
		return 0, false, false
	}
	return time.Duration(f * mult * float64(time.Second)), false, true
}

func sleepMain(t *tool) int {
	args := t.Argv[1:]
	if len(args) == 0 {
		if t.style == GNU {
			t.errf("missing operand")
			fmt.Fprintf(t.Stderr, "Try '%s --help' for more information.\n", t.name)
			return 1
		}
		t.NotSimulated("busybox sleep usage text")
		return 1
	}
	var total time.Duration
	forever := false
	for _, a := range args {
		d, inf, ok := parseDuration(a)
		if !ok {
			if t.style == GNU {
				t.errf("invalid time interval '%s'", a)
				fmt.Fprintf(t.Stderr, "Try '%s --help' for more information.\n", t.name)
			} else {
				t.errf("invalid number '%s'", a)
			}
			return 1
		}
		if inf {
			forever = true
		}
		total += d
	}
	if forever {
		if err := t.T.Park(); err != nil {
			return 128 + proc.SIGKILL
		}
		return 0
	}
	if !t.Sleep(total) {
		return 128 + proc.SIGKILL
	}
	return 0
}

func usleepMain(t *tool) int {
	if len(t.Argv) < 2 {
		return 1
	}
	n, err := strconv.Atoi(t.Argv[1])
	if err != nil {
		t.errf("invalid number '%s'", t.Argv[1])
		return 1
	}
	if !t.Sleep(time.Duration(n) * time.Microsecond) {
		return 137
	}
	return 0
}

// --- date -----------------------------------------------------------------------------------

// zone returns the location for TZ: unset or UTC/GMT → UTC; a POSIX TZ like "CST-8" → a
// fixed offset. Named zones need tzdata the simulator does not read (not simulated: UTC).
func (t *tool) zone() *time.Location {
	tz, ok := t.Getenv("TZ")
	if !ok || tz == "" || tz == "UTC" || tz == "UTC0" || tz == "GMT" || tz == ":UTC" || tz == "Etc/UTC" {
		return time.UTC
	}
	i := 0
	for i < len(tz) && (tz[i] >= 'A' && tz[i] <= 'Z' || tz[i] >= 'a' && tz[i] <= 'z') {
		i++
	}
	name, rest := tz[:i], tz[i:]
	if name != "" && rest != "" {
		sign := 1
		if rest[0] == '-' {
			sign, rest = -1, rest[1:]
		} else if rest[0] == '+' {
			rest = rest[1:]
		}
		if h, err := strconv.Atoi(rest); err == nil {
			return time.FixedZone(name, -sign*h*3600)
		}
	}
	t.NotSimulated("time zone " + tz)
	return time.UTC
}

// strftime formats tm like C strftime.
func strftime(f string, tm time.Time) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'a':
			b.WriteString(tm.Format("Mon"))
		case 'A':
			b.WriteString(tm.Format("Monday"))
		case 'b', 'h':
			b.WriteString(tm.Format("Jan"))
		case 'B':
			b.WriteString(tm.Format("January"))
		case 'c':
			b.WriteString(tm.Format("Mon Jan _2 15:04:05 2006"))
		case 'C':
			fmt.Fprintf(&b, "%02d", tm.Year()/100)
		case 'd':
			fmt.Fprintf(&b, "%02d", tm.Day())
		case 'D':
			b.WriteString(tm.Format("01/02/06"))
		case 'e':
			fmt.Fprintf(&b, "%2d", tm.Day())
		case 'F':
			b.WriteString(tm.Format("2006-01-02"))
		case 'H':
			fmt.Fprintf(&b, "%02d", tm.Hour())
		case 'I':
			h := tm.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%02d", h)
		case 'j':
			fmt.Fprintf(&b, "%03d", tm.YearDay())
		case 'k':
			fmt.Fprintf(&b, "%2d", tm.Hour())
		case 'l':
			h := tm.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%2d", h)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(tm.Month()))
		case 'M':
			fmt.Fprintf(&b, "%02d", tm.Minute())
		case 'n':
			b.WriteByte('\n')
		case 'N':
			fmt.Fprintf(&b, "%09d", tm.Nanosecond())
		case 'p':
			b.WriteString(tm.Format("PM"))
		case 'r':
			b.WriteString(tm.Format("03:04:05 PM"))
		case 'R':
			b.WriteString(tm.Format("15:04"))
		case 's':
			fmt.Fprintf(&b, "%d", tm.Unix())
		case 'S':
			fmt.Fprintf(&b, "%02d", tm.Second())
		case 't':
			b.WriteByte('\t')
		case 'T':
			b.WriteString(tm.Format("15:04:05"))
		case 'u':
			wd := int(tm.Weekday())
			if wd == 0 {
				wd = 7
			}
			fmt.Fprintf(&b, "%d", wd)
		case 'w':
			fmt.Fprintf(&b, "%d", int(tm.Weekday()))
		case 'y':
			fmt.Fprintf(&b, "%02d", tm.Year()%100)
		case 'Y':
			fmt.Fprintf(&b, "%d", tm.Year())
		case 'z':
			b.WriteString(tm.Format("-0700"))
		case 'Z':
			b.WriteString(tm.Format("MST"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

// dateMain prints the virtual time. Default format "%a %b %e %H:%M:%S %Z %Y" (busybox
// coreutils/date.c; GNU date prints the same in the C locale).
func dateMain(t *tool) int {
	loc := t.zone()
	utc := false
	format := "%a %b %e %H:%M:%S %Z %Y"
	for _, a := range t.Argv[1:] {
		switch {
		case a == "-u" || a == "--utc":
			utc = true
		case strings.HasPrefix(a, "+"):
			format = a[1:]
		case a == "-R":
			format = "%a, %d %b %Y %H:%M:%S %z"
		case a == "-I":
			format = "%Y-%m-%d"
		default:
			t.NotSimulated("date " + a)
		}
	}
	now := t.Now()
	if utc {
		loc = time.UTC
	}
	fmt.Fprintln(t.Stdout, strftime(format, now.In(loc)))
	return 0
}

// --- environment, identity -------------------------------------------------------------------

func envMain(t *tool) int {
	args := t.Argv[1:]
	env := append([]string(nil), t.Env...)
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "-i" || a == "-" || a == "--ignore-environment":
			env = nil
		case a == "-u" && len(args) > 1:
			args = args[1:]
			env = unsetEnv(env, args[0])
		case strings.Contains(a, "=") && !strings.HasPrefix(a, "="):
			k, _, _ := strings.Cut(a, "=")
			env = append(unsetEnvKeep(env, k), a)
		default:
			goto run
		}
		args = args[1:]
	}
run:
	if len(args) == 0 {
		if t.FromShell {
			t.NotSimulated("environment listed through a shell (its variable order and additions such as SHLVL and PWD)")
		}
		for _, e := range env {
			fmt.Fprintln(t.Stdout, e)
		}
		return 0
	}
	c := *t.Ctx
	c.Env = env
	code, err := c.Exec(args, t.Stdin, t.Stdout, t.Stderr)
	if err != nil {
		if t.style == GNU {
			t.errf("'%s': %s", args[0], "No such file or directory")
		} else {
			t.perrorf(err, "can't execute '%s'", args[0])
		}
	}
	return code
}

func unsetEnv(env []string, k string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, k+"=") {
			out = append(out, e)
		}
	}
	return out
}

// unsetEnvKeep replaces k in place when present (setenv keeps the position).
func unsetEnvKeep(env []string, k string) []string { return unsetEnv(env, k) }

func printenvMain(t *tool) int {
	args := t.Argv[1:]
	if len(args) == 0 {
		if t.FromShell {
			t.NotSimulated("environment listed through a shell (its variable order and additions such as SHLVL and PWD)")
		}
		for _, e := range t.Env {
			fmt.Fprintln(t.Stdout, e)
		}
		return 0
	}
	status := 0
	for _, a := range args {
		if v, ok := t.Getenv(a); ok {
			fmt.Fprintln(t.Stdout, v)
		} else {
			status = 1
		}
	}
	return status
}

func hostnameMain(t *tool) int {
	args := t.Argv[1:]
	if len(args) > 0 {
		switch args[0] {
		case "-i":
			if t.Sys.Net != nil {
				fmt.Fprintln(t.Stdout, t.Sys.Net.IP.String())
			}
			return 0
		case "-s":
			h := t.Sys.Hostname
			if i := strings.IndexByte(h, '.'); i >= 0 {
				h = h[:i]
			}
			fmt.Fprintln(t.Stdout, h)
			return 0
		default:
			if t.P.UID != 0 {
				t.errf("sethostname: Operation not permitted")
				return 1
			}
			t.NotSimulated("hostname " + args[0])
			return 1
		}
	}
	fmt.Fprintln(t.Stdout, t.Sys.Hostname)
	return 0
}

// groupsOf returns the supplementary groups of a user name from /etc/group (containerd adds
// them to the process: WithAdditionalGIDs).
func (t *tool) groupsOf(user string, gid int) []int {
	gids := []int{gid}
	data, err := t.Sys.FS.ReadFile("/etc/group")
	if err != nil {
		return gids
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) < 4 || f[3] == "" {
			continue
		}
		for _, m := range strings.Split(f[3], ",") {
			if m == user {
				if g, err := strconv.Atoi(f[2]); err == nil && g != gid {
					gids = append(gids, g)
				}
			}
		}
	}
	return gids
}

func idMain(t *tool) int {
	uid, gid := t.P.UID, t.P.GID
	user := t.UserName(uid)
	group := t.GroupName(gid)
	args := t.Argv[1:]
	named := func(id int, name string) string {
		if name == "" {
			return strconv.Itoa(id)
		}
		return fmt.Sprintf("%d(%s)", id, name)
	}
	if len(args) > 0 {
		switch args[0] {
		case "-u":
			fmt.Fprintln(t.Stdout, uid)
		case "-g":
			fmt.Fprintln(t.Stdout, gid)
		case "-un", "-nu":
			fmt.Fprintln(t.Stdout, user)
		case "-gn", "-ng":
			fmt.Fprintln(t.Stdout, group)
		default:
			t.NotSimulated("id " + args[0])
		}
		return 0
	}
	var groups []string
	for _, g := range t.groupsOf(user, gid) {
		groups = append(groups, named(g, t.GroupName(g)))
	}
	fmt.Fprintf(t.Stdout, "uid=%s gid=%s groups=%s\n", named(uid, user), named(gid, group), strings.Join(groups, ","))
	return 0
}

func whoamiMain(t *tool) int {
	u := t.UserName(t.P.UID)
	if u == "" {
		if t.style == GNU {
			t.errf("cannot find name for user ID %d", t.P.UID)
		} else {
			t.errf("unknown uid %d", t.P.UID)
		}
		return 1
	}
	fmt.Fprintln(t.Stdout, u)
	return 0
}

func unameMain(t *tool) int {
	s := t.Sys
	opts, _ := splitOpts(t.Argv[1:], "")
	if len(opts) == 0 {
		fmt.Fprintln(t.Stdout, "Linux")
		return 0
	}
	var parts []string
	all := has(opts, 'a')
	if all || has(opts, 's') {
		parts = append(parts, "Linux")
	}
	if all || has(opts, 'n') {
		parts = append(parts, s.Hostname)
	}
	if all || has(opts, 'r') {
		parts = append(parts, s.KernelRelease)
		t.NotSimulated("kernel release (node-specific)")
	}
	if all || has(opts, 'v') {
		parts = append(parts, s.KernelVersion)
		t.NotSimulated("kernel version (node-specific)")
	}
	if all || has(opts, 'm') {
		parts = append(parts, s.Machine)
	}
	if all || has(opts, 'o') {
		parts = append(parts, "GNU/Linux")
	}
	fmt.Fprintln(t.Stdout, strings.Join(parts, " "))
	return 0
}

// --- processes ------------------------------------------------------------------------------

// psMain is busybox procps/ps.c without -o: "PID   USER     TIME  COMMAND" and
// "%5u %-8.8s %5s %s" rows (user name from this container's /etc/passwd, else the uid).
func psMain(t *tool) int {
	if t.style == GNU {
		t.NotSimulated("procps ps")
	}
	var b strings.Builder
	b.WriteString("PID   USER     TIME  COMMAND\n")
	for _, p := range t.Sys.Procs.Processes() {
		user := t.UserName(p.UID)
		if user == "" {
			user = strconv.Itoa(p.UID)
		}
		cmd := strings.Join(p.Argv, " ")
		if len(p.Argv) == 0 {
			cmd = "[kthread]"
		}
		line := fmt.Sprintf("%5d %-8.8s %5s %s", p.PID, user, "0:00", cmd)
		if t.TTY && len(line) > 79 {
			line = line[:79]
		}
		b.WriteString(line + "\n")
	}
	io.WriteString(t.Stdout, b.String())
	return 0
}

func procName(p *proc.Process) string {
	if len(p.Argv) == 0 {
		return ""
	}
	return path.Base(strings.Fields(p.Argv[0] + " ")[0])
}

func matchProcs(t *tool, name string) []*proc.Process {
	var out []*proc.Process
	for _, p := range t.Sys.Procs.Processes() {
		if procName(p) == name || len(p.Argv) > 0 && strings.HasPrefix(p.Argv[0], name+":") {
			out = append(out, p)
		}
	}
	return out
}

func killallMain(t *tool) int {
	sig := proc.SIGTERM
	args := t.Argv[1:]
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		n, ok := proc.SignalNumber(strings.ToUpper(args[0][1:]))
		if !ok {
			t.errf("bad signal name '%s'", args[0][1:])
			return 1
		}
		sig, args = n, args[1:]
	}
	status := 0
	for _, name := range args {
		ps := matchProcs(t, name)
		if len(ps) == 0 {
			t.errf("%s: no process killed", name)
			status = 1
			continue
		}
		for _, p := range ps {
			if sig != 0 {
				p.Signal(sig)
			}
		}
	}
	return status
}

func pidofMain(t *tool) int {
	var pids []string
	for _, name := range t.Argv[1:] {
		ps := matchProcs(t, name)
		for i := len(ps) - 1; i >= 0; i-- {
			pids = append(pids, strconv.Itoa(ps[i].PID))
		}
	}
	if len(pids) == 0 {
		return 1
	}
	fmt.Fprintln(t.Stdout, strings.Join(pids, " "))
	return 0
}

func pgrepMain(t *tool) int {
	_, args := splitOpts(t.Argv[1:], "")
	found := 1
	for _, p := range t.Sys.Procs.Processes() {
		for _, a := range args {
			if strings.Contains(procName(p), a) {
				fmt.Fprintln(t.Stdout, p.PID)
				found = 0
			}
		}
	}
	return found
}

func pkillMain(t *tool) int {
	_, args := splitOpts(t.Argv[1:], "")
	found := 1
	for _, p := range t.Sys.Procs.Processes() {
		for _, a := range args {
			if strings.Contains(procName(p), a) && p != t.P {
				p.Signal(proc.SIGTERM)
				found = 0
			}
		}
	}
	return found
}

func dfMain(t *tool) int {
	t.NotSimulated("df sizes are node-specific")
	fmt.Fprintln(t.Stdout, "Filesystem           1K-blocks      Used Available Use% Mounted on")
	fmt.Fprintln(t.Stdout, "overlay               98831908  12345678  81418920  13% /")
	return 0
}

func freeMain(t *tool) int {
	t.NotSimulated("free figures are node-specific")
	total := t.Sys.MemTotal / 1024
	fmt.Fprintln(t.Stdout, "              total        used        free      shared  buff/cache   available")
	fmt.Fprintf(t.Stdout, "Mem:     %10d  %10d  %10d  %10d  %10d  %10d\n", total, total/4, total/2, 0, total/4, total*3/4)
	fmt.Fprintf(t.Stdout, "Swap:    %10d  %10d  %10d\n", 0, 0, 0)
	return 0
}

func nprocMain(t *tool) int {
	fmt.Fprintln(t.Stdout, t.Sys.CPUs)
	return 0
}

func uptimeMain(t *tool) int {
	t.NotSimulated("uptime and load average")
	up := t.Now().Sub(t.Sys.Boot)
	fmt.Fprintf(t.Stdout, " %s up %d min,  0 users,  load average: 0.00, 0.00, 0.00\n", t.Now().UTC().Format("15:04:05"), int(up.Minutes()))
	return 0
}

// --- small path tools ------------------------------------------------------------------------

func pwdMain(t *tool) int {
	fmt.Fprintln(t.Stdout, t.Dir)
	return 0
}

func basenameMain(t *tool) int {
	args := t.Argv[1:]
	if len(args) == 0 {
		return 1
	}
	b := path.Base(args[0])
	if len(args) > 1 {
		b = strings.TrimSuffix(b, args[1])
	}
	fmt.Fprintln(t.Stdout, b)
	return 0
}

func dirnameMain(t *tool) int {
	if len(t.Argv) < 2 {
		return 1
	}
	fmt.Fprintln(t.Stdout, path.Dir(t.Argv[1]))
	return 0
}

func whichMain(t *tool) int {
	status := 0
	for _, a := range t.Argv[1:] {
		p, _, err := t.LookPath(a)
		if err != nil {
			status = 1
			continue
		}
		fmt.Fprintln(t.Stdout, p)
	}
	return status
}

// timeoutMain runs a command and signals it after a delay on the virtual clock.
func timeoutMain(t *tool) int {
	args := t.Argv[1:]
	sig := proc.SIGTERM
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		if args[0] == "-s" && len(args) > 1 {
			n, ok := proc.SignalNumber(strings.ToUpper(args[1]))
			if ok {
				sig = n
			}
			args = args[2:]
			continue
		}
		args = args[1:]
	}
	if len(args) < 2 {
		t.NotSimulated("timeout usage")
		return 125
	}
	d, inf, ok := parseDuration(args[0])
	if !ok {
		t.errf("invalid time interval '%s'", args[0])
		return 125
	}
	p, n, err := t.LookPath(args[1])
	if err != nil {
		t.perrorf(err, "can't execute '%s'", args[1])
		return 127
	}
	child := t.Sys.Procs.NewProcess(t.P, args[1:], t.Now())
	timedOut := false
	if !inf {
		sched := t.Sys.Sched
		timer := sched.Clock().After(d, func() {
			if !child.Exited() {
				timedOut = true
				child.Signal(sig)
				sched.Run()
			}
		})
		defer timer.Stop()
	}
	cc := *t.Ctx
	cc.Argv = args[1:]
	code := t.T.RunAs(child, func() int {
		cc.P = child
		return cc.RunInode(p, n)
	})
	if timedOut && t.style == GNU {
		return 124
	}
	return code
}

func nohupMain(t *tool) int {
	if len(t.Argv) < 2 {
		return 125
	}
	c := *t.Ctx
	code, err := c.Exec(t.Argv[1:], t.Stdin, t.Stdout, t.Stderr)
	if err != nil {
		t.perrorf(err, "can't execute '%s'", t.Argv[1])
	}
	return code
}

func xargsMain(t *tool) int {
	args := t.Argv[1:]
	if len(args) == 0 {
		args = []string{"echo"}
	}
	data, _ := io.ReadAll(orEmpty(t.Stdin))
	words := strings.Fields(string(data))
	if len(words) == 0 && args[0] != "echo" {
		return 0
	}
	c := *t.Ctx
	code, err := c.Exec(append(append([]string(nil), args...), words...), nil, t.Stdout, t.Stderr)
	if err != nil {
		t.perrorf(err, "%s", args[0])
		return 127
	}
	if code != 0 {
		return 123
	}
	return 0
}
