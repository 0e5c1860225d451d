package shell

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"

	"github.com/docbuild/docbuild/kube/container/proc"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func parseSimple(src string) (*syntax.File, error) {
	return syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
}

// builtin runs a shell builtin that has to speak with the simulated shell's words.
func (sh *shell) builtin(ts *tstate, c *Ctx, args []string) int {
	switch args[0] {
	case "__fail":
		code, _ := strconv.Atoi(args[1])
		fmt.Fprintln(c.Stderr, args[2])
		return code
	case "__syntaxerr":
		fmt.Fprintf(c.Stderr, "%ssyntax error: %s\n", sh.errPrefix(), args[1])
		c.NotSimulated("syntax error in eval/source")
		return 2
	case "__sourcefail":
		switch sh.flavor {
		case Bash:
			fmt.Fprintf(c.Stderr, "%s%s: %s\n", sh.errPrefix(), args[1], args[2])
			return 1
		case Dash:
			fmt.Fprintf(c.Stderr, "%s.: cannot open %s: No such file\n", sh.errPrefix(), args[1])
			return 2
		}
		fmt.Fprintf(c.Stderr, "%s.: can't open '%s': %s\n", sh.ashPrefix(), args[1], args[2])
		return 2
	case "echo":
		switch sh.flavor {
		case Dash:
			return echoDash(c)
		case Bash:
			return echoBash(c)
		}
		return echoBusybox(c)
	case "printf":
		c.Argv = args
		return printfMain(c, sh.builtinPrefix("printf"), sh.flavor)
	case "test", "[":
		c.Argv = args
		return testMain(c, sh.builtinPrefix(args[0]), sh.flavor)
	case "kill":
		c.Argv = args
		return killMain(c, sh.builtinPrefix("kill"), sh.jobs, sh.flavor)
	case "pwd":
		return sh.pwd(ts, c, args[1:])
	case "command", "type", "hash":
		return sh.typeCmd(c, args)
	case "ulimit":
		if len(args) > 1 && (args[1] == "-n") && len(args) == 2 {
			fmt.Fprintln(c.Stdout, "1048576")
			return 0
		}
		fmt.Fprintln(c.Stdout, "unlimited")
		return 0
	case "umask":
		if len(args) == 1 {
			fmt.Fprintln(c.Stdout, "0022")
		}
		return 0
	case "jobs":
		return 0
	case "times":
		fmt.Fprintln(c.Stdout, "0m0.000s 0m0.000s")
		fmt.Fprintln(c.Stdout, "0m0.000s 0m0.000s")
		return 0
	}
	return 127
}

// builtinPrefix is how a builtin prefixes its errors: ash "sh: printf: ", dash "sh: 1:
// printf: ", bash "bash: line 1: printf: ".
func (sh *shell) builtinPrefix(name string) string {
	if sh.flavor == Ash {
		// ash's echo/printf/test/kill builtins are libbb code: bb_error_msg prefixes the
		// applet name the busybox binary was run as ("sh"), nothing else.
		return sh.applet + ": "
	}
	return sh.errPrefix() + name + ": "
}

func (sh *shell) pwd(ts *tstate, c *Ctx, args []string) int {
	physical := false
	for _, a := range args {
		switch a {
		case "-P":
			physical = true
		case "-L":
			physical = false
		default:
			fmt.Fprintf(c.Stderr, "%sillegal option %s\n", sh.builtinPrefix("pwd"), a)
			return 2
		}
	}
	dir := c.Dir
	if physical {
		if p, err := c.Sys.FS.Realpath(dir); err == nil {
			dir = p
		}
	}
	fmt.Fprintln(c.Stdout, dir)
	return 0
}

// typeCmd implements command -v/-V, type and hash.
func (sh *shell) typeCmd(c *Ctx, args []string) int {
	verbose := args[0] == "type"
	names := args[1:]
	if args[0] == "command" {
		verbose = names[0] == "-V"
		names = names[1:]
	}
	if args[0] == "hash" {
		return 0
	}
	status := 0
	for _, name := range names {
		switch {
		case isShellKeyword(name):
			if verbose {
				fmt.Fprintf(c.Stdout, "%s is a shell keyword\n", name)
			} else {
				fmt.Fprintln(c.Stdout, name)
			}
		case sh.runner != nil && sh.runner.Funcs[name] != nil:
			if verbose {
				fmt.Fprintf(c.Stdout, "%s is a function\n", name)
			} else {
				fmt.Fprintln(c.Stdout, name)
			}
		case interp.IsBuiltin(name) || isShellBuiltin(name):
			if verbose {
				fmt.Fprintf(c.Stdout, "%s is a shell builtin\n", name)
			} else {
				fmt.Fprintln(c.Stdout, name)
			}
		default:
			p, _, err := c.LookPath(name)
			if err != nil {
				status = 1
				if verbose {
					if sh.flavor == Bash {
						fmt.Fprintf(c.Stderr, "%stype: %s: not found\n", sh.errPrefix(), name)
					} else {
						fmt.Fprintf(c.Stdout, "%s: not found\n", name)
					}
				}
				continue
			}
			if verbose {
				fmt.Fprintf(c.Stdout, "%s is %s\n", name, p)
			} else {
				fmt.Fprintln(c.Stdout, p)
			}
		}
	}
	return status
}

func isShellKeyword(s string) bool {
	switch s {
	case "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "!", "{", "}", "in":
		return true
	}
	return false
}

// jobsSorted is the background jobs in PID order (for kill %N).
func jobsSorted(jobs []*proc.Process) []*proc.Process {
	out := append([]*proc.Process(nil), jobs...)
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}
