package shell

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/docbuild/docbuild/kube/container/vfs"
)

// Style says whose messages a tool prints.
type Style int

const (
	// BusyBox: `cat: can't open 'x': No such file or directory` (libbb bb_perror_msg).
	BusyBox Style = iota
	// GNU: `cat: x: No such file or directory` (coreutils error()).
	GNU
)

// tool is a running applet: its context, name and message style.
type tool struct {
	*Ctx
	name  string
	style Style
}

func (t *tool) errf(format string, args ...any) {
	fmt.Fprintf(t.Stderr, "%s: %s\n", t.name, fmt.Sprintf(format, args...))
}

// perrorf prints "name: <msg>: <strerror>".
func (t *tool) perrorf(err error, format string, args ...any) {
	fmt.Fprintf(t.Stderr, "%s: %s: %s\n", t.name, fmt.Sprintf(format, args...), vfs.ErrnoOf(err).Strerror())
}

// cantOpen prints the applet's "can't open" message for path.
func (t *tool) cantOpen(p string, err error) {
	if t.style == GNU {
		t.perrorf(err, "%s", p)
		return
	}
	t.perrorf(err, "can't open '%s'", p)
}

type appletFunc func(t *tool) int

// applets maps applet names to implementations (shared by BusyBox and coreutils, which differ
// only in messages and formats, handled inside).
func applets() map[string]appletFunc {
	return map[string]appletFunc{
		"cat": catMain, "ls": lsMain, "mkdir": mkdirMain, "rmdir": rmdirMain, "rm": rmMain,
		"touch": touchMain, "cp": cpMain, "mv": mvMain, "ln": lnMain, "chmod": chmodMain,
		"head": headMain, "tail": tailMain, "wc": wcMain, "tee": teeMain,
		"grep": grepMain, "egrep": grepMain, "fgrep": grepMain, "sort": sortMain, "uniq": uniqMain,
		"cut": cutMain, "tr": trMain, "sed": sedMain, "seq": seqMain, "yes": yesMain,
		"echo": echoApplet, "printf": printfApplet, "test": testApplet, "[": testApplet,
		"sleep": sleepMain, "usleep": usleepMain, "date": dateMain, "env": envMain,
		"printenv": printenvMain, "hostname": hostnameMain, "id": idMain, "whoami": whoamiMain,
		"uname": unameMain, "ps": psMain, "kill": killApplet, "killall": killallMain,
		"pidof": pidofMain, "pgrep": pgrepMain, "pkill": pkillMain, "df": dfMain, "free": freeMain, "nproc": nprocMain,
		"true": func(*tool) int { return 0 }, "false": func(*tool) int { return 1 },
		"pwd": pwdMain, "basename": basenameMain, "dirname": dirnameMain, "which": whichMain,
		"wget": wgetMain, "nc": ncMain, "nslookup": nslookupMain, "timeout": timeoutMain,
		"readlink": readlinkMain, "realpath": realpathMain, "md5sum": nil, "stat": nil,
		"mount": mountMain, "uptime": uptimeMain, "clear": func(t *tool) int { io.WriteString(t.Stdout, "\x1b[H\x1b[J"); return 0 },
		"sync": func(*tool) int { return 0 }, "nohup": nohupMain, "xargs": xargsMain,
		"tac": tacMain, "rev": revMain, "expr": exprMain, "sh": nil,
	}
}

// Busybox is the BusyBox multi-call binary: it runs the applet named by argv[0]'s basename
// (or argv[1] when called as busybox).
func Busybox(c *Ctx) int {
	name := path.Base(c.Argv[0])
	if name == "busybox" {
		if len(c.Argv) < 2 {
			c.NotSimulated("busybox usage text")
			return 1
		}
		c.Argv = c.Argv[1:]
		name = path.Base(c.Argv[0])
	}
	switch name {
	case "sh", "ash":
		return Sh(Ash)(c)
	case "hush":
		c.NotSimulated("busybox hush")
		return Sh(Ash)(c)
	}
	fn := applets()[name]
	if fn == nil {
		c.NotSimulated("busybox applet " + name + " is not simulated")
		return 0
	}
	return fn(&tool{Ctx: c, name: name, style: BusyBox})
}

// Coreutils runs the GNU tool named by argv[0] (coreutils, grep, sed, findutils, hostname,
// util-linux in Debian and Ubuntu images).
func Coreutils(c *Ctx) int {
	name := path.Base(c.Argv[0])
	fn := applets()[name]
	if fn == nil {
		c.NotSimulated("GNU " + name + " is not simulated")
		return 0
	}
	return fn(&tool{Ctx: c, name: name, style: GNU})
}

// NotSimulatedProgram is a program whose behaviour is not modelled: it exits 0 silently and
// flags its output.
func NotSimulatedProgram(what string) Program {
	return func(c *Ctx) int {
		c.NotSimulated(what + " (" + strings.Join(c.Argv, " ") + ") is not simulated")
		return 0
	}
}

// Programs returns the shell-side programs: busybox, dash, bash, the GNU tools, and a few
// package managers that are not simulated.
func Programs() map[string]Program {
	m := map[string]Program{
		"busybox":    Busybox,
		"dash":       Sh(Dash),
		"bash":       Sh(Bash),
		"sh-script":  shScript,
		"coreutils":  Coreutils,
		"grep":       Coreutils,
		"sed":        Coreutils,
		"findutils":  Coreutils,
		"hostname":   Coreutils,
		"util-linux": Coreutils,
		"mawk":       NotSimulatedProgram("awk"),
		"gzip":       NotSimulatedProgram("gzip"),
		"tar":        NotSimulatedProgram("tar"),
		"apt":        NotSimulatedProgram("apt/dpkg"),
		"apk":        NotSimulatedProgram("apk"),
		"curl":       curlMain,
	}
	return m
}

// AppletNames lists the simulated applets (for documentation and tests).
func AppletNames() []string {
	var out []string
	for k, v := range applets() {
		if v != nil {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
