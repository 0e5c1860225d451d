// Package shell owns the simulated containers' shells and command-line tools: BusyBox ash,
// dash and bash through mvdan.cc/sh/v3's interpreter, and the applets (BusyBox and GNU
// flavours) they run — echo, printf, cat, ls, mkdir, touch, rm, cp, mv, sleep, date, env,
// printenv, hostname, id, whoami, ps, kill, wget, nc, curl, nslookup, test, grep, head, tail,
// wc, tee, seq, sort, uniq, cut, tr, sed (s///, d, p, q), uname, df, free, yes, timeout, …
// Every message is the real tool's, with its source named beside it.
//
// It imports kube/container/vfs, kube/container/proc and kube/container/netsim (the file
// system, processes and network it works on), mvdan.cc/sh/v3 and the standard library. It
// never runs a host program, never opens a host file and never opens a network connection:
// the interpreter gets handlers for exec, open, stat, readdir and access that work on the
// container's virtual file system, and every program is rewritten before it runs so that the
// interpreter's own goroutines, host PIDs and host FIFOs are never used (see rewrite.go).
//
// API:
//
//	System, Ctx, Program          what a container offers its processes; a program's view
//	Programs() map[string]Program the shell-side programs by name ("busybox", "dash", "bash",
//	                              "coreutils", "curl", …) for the container runtime's registry
//	Sh(Flavor) Program            ash/dash/bash: sh -c CMD [NAME [ARGS]], sh FILE, interactive
//	Busybox, Coreutils            the multi-call dispatchers
//	(*Ctx).Exec, (*Ctx).RunInode  run a program as a child or in place (exec)
//	AppletNames()                 the simulated applets
package shell
