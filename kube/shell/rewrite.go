package shell

import (
	"bytes"
	"strconv"

	"mvdan.cc/sh/v3/syntax"
)

// The interpreter (mvdan.cc/sh/v3/interp) runs pipelines and background jobs on goroutines of
// its own, reads `$$` from the host's getpid, makes host FIFOs for process substitutions and
// asks the host's user database for `[[ -O f ]]`. None of that may happen in the simulator:
// every simulated thread must be one the scheduler runs, and nothing may touch the host. So
// every program is rewritten before it runs:
//
//	a | b | c      →  __pipe N        (stages run as scheduler threads, one process each)
//	cmd &          →  __bg N          (a scheduler thread; `wait` → __wait)
//	read ARGS      →  eval "$(__read ARGS)"   (reads the thread's stdin; assigns via eval)
//	$$, $PPID      →  the shell's PID and parent PID as literals
//	$!             →  $(__lastbg)
//	$RANDOM        →  seeded: the program starts with RANDOM=<pid>
//	<(…) >(…)      →  a syntax error, as in ash and dash; bash: not simulated
//	[[ -O f ]]     →  __unsupported
//
// The rewritten statements keep their positions, so line numbers in messages stay right.

func lit(s string) *syntax.Word { return &syntax.Word{Parts: []syntax.WordPart{&syntax.Lit{Value: s}}} }

func call(pos syntax.Pos, args ...string) *syntax.CallExpr {
	ce := &syntax.CallExpr{}
	for _, a := range args {
		w := lit(a)
		if pos.IsValid() {
			w.Parts[0].(*syntax.Lit).ValuePos = pos
			w.Parts[0].(*syntax.Lit).ValueEnd = pos
		}
		ce.Args = append(ce.Args, w)
	}
	return ce
}

// rewriteErr is a construct the simulated shell rejects.
type rewriteErr struct {
	pos  syntax.Pos
	text string
}

func (e *rewriteErr) Error() string { return e.text }

func (sh *shell) rewrite(root syntax.Node) error {
	var err error
	syntax.Walk(root, func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.Stmt:
			if e := sh.rewriteStmt(n); e != nil {
				err = e
				return false
			}
		case *syntax.ProcSubst:
			if sh.flavor == Bash {
				err = &rewriteErr{n.Pos(), "process substitution is not simulated"}
			} else {
				err = syntax.ParseError{Pos: n.Pos(), Text: "unexpected \"(\""}
			}
			return false
		case *syntax.Word:
			sh.rewriteWord(n)
		case *syntax.UnaryTest:
			if n.Op == syntax.TsUsrOwn || n.Op == syntax.TsGrpOwn {
				err = &rewriteErr{n.Pos(), "[[ -O ]] and [[ -G ]] are not simulated"}
				return false
			}
		}
		return true
	})
	return err
}

func (sh *shell) rewriteStmt(st *syntax.Stmt) error {
	if st.Background {
		inner := *st
		inner.Background = false
		if err := sh.rewriteStmt(&inner); err != nil {
			return err
		}
		// Rewrite the inner statement's children now: it leaves the tree.
		if err := sh.rewriteChildren(&inner); err != nil {
			return err
		}
		sh.bgs = append(sh.bgs, &inner)
		*st = syntax.Stmt{Position: st.Position, Cmd: call(st.Pos(), "__bg", strconv.Itoa(len(sh.bgs)-1))}
		return nil
	}
	if bc, ok := st.Cmd.(*syntax.BinaryCmd); ok && (bc.Op == syntax.Pipe || bc.Op == syntax.PipeAll) {
		var stages []*syntax.Stmt
		var flatten func(s *syntax.Stmt, all bool)
		flatten = func(s *syntax.Stmt, all bool) {
			if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) && !s.Negated && len(s.Redirs) == 0 {
				flatten(b.X, b.Op == syntax.PipeAll)
				flatten(b.Y, false)
				return
			}
			if all {
				// |& : stderr goes down the pipe too.
				s.Redirs = append(s.Redirs, &syntax.Redirect{Op: syntax.DplOut, N: &syntax.Lit{Value: "2"}, Word: lit("1")})
			}
			stages = append(stages, s)
		}
		flatten(bc.X, bc.Op == syntax.PipeAll)
		flatten(bc.Y, false)
		for _, s := range stages {
			if err := sh.rewriteStmt(s); err != nil {
				return err
			}
			if err := sh.rewriteChildren(s); err != nil {
				return err
			}
		}
		sh.pipes = append(sh.pipes, stages)
		st.Cmd = call(st.Pos(), "__pipe", strconv.Itoa(len(sh.pipes)-1))
		return nil
	}
	if ce, ok := st.Cmd.(*syntax.CallExpr); ok && len(ce.Args) > 0 {
		if name := ce.Args[0].Lit(); name == "read" {
			inner := &syntax.CallExpr{Assigns: ce.Assigns, Args: append([]*syntax.Word{lit("__read")}, ce.Args[1:]...)}
			subst := &syntax.CmdSubst{Stmts: []*syntax.Stmt{{Position: st.Pos(), Cmd: inner}}}
			word := &syntax.Word{Parts: []syntax.WordPart{&syntax.DblQuoted{Parts: []syntax.WordPart{subst}}}}
			st.Cmd = &syntax.CallExpr{Args: []*syntax.Word{lit("eval"), word}}
		}
	}
	if sh.flavor == Dash {
		if tc, ok := st.Cmd.(*syntax.TestClause); ok {
			st.Cmd = call(tc.Pos(), "__notfound", "[[")
		}
	}
	return nil
}

// rewriteChildren rewrites a statement that is being moved out of the tree (the walk will
// not reach it any more).
func (sh *shell) rewriteChildren(st *syntax.Stmt) error {
	var err error
	syntax.Walk(st, func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.Stmt:
			if n == st {
				return true
			}
			if e := sh.rewriteStmt(n); e != nil {
				err = e
				return false
			}
		case *syntax.Word:
			sh.rewriteWord(n)
		case *syntax.ProcSubst:
			err = syntax.ParseError{Pos: n.Pos(), Text: "unexpected \"(\""}
			return false
		}
		return true
	})
	return err
}

// rewriteWord replaces $$, $PPID and $! inside a word.
func (sh *shell) rewriteWord(w *syntax.Word) {
	rewriteParts(w.Parts, sh)
}

func rewriteParts(parts []syntax.WordPart, sh *shell) {
	for i, p := range parts {
		switch p := p.(type) {
		case *syntax.ParamExp:
			if p.Param == nil || p.Exp != nil || p.Repl != nil || p.Slice != nil || p.Index != nil || p.Length || p.Excl {
				continue
			}
			switch p.Param.Value {
			case "$":
				parts[i] = &syntax.Lit{ValuePos: p.Pos(), ValueEnd: p.End(), Value: strconv.Itoa(sh.c.P.PID)}
			case "PPID":
				parts[i] = &syntax.Lit{ValuePos: p.Pos(), ValueEnd: p.End(), Value: strconv.Itoa(ppid(sh.c.P))}
			case "!":
				parts[i] = &syntax.CmdSubst{Stmts: []*syntax.Stmt{{Cmd: call(p.Pos(), "__lastbg")}}}
			}
		case *syntax.DblQuoted:
			rewriteParts(p.Parts, sh)
		}
	}
}

// rewriteSource parses, rewrites and prints code for eval, source and trap, so that it runs
// through the same machinery.
func (sh *shell) rewriteSource(src string) (string, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader([]byte(src)), "")
	if err != nil {
		return "", err
	}
	if err := sh.rewrite(f); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := syntax.NewPrinter().Print(&buf, f); err != nil {
		return "", err
	}
	return buf.String(), nil
}
