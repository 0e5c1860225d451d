package verify

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/docbuild/docbuild/verify/extract"
)

// programs returns the words of every simple command of a command line (words that are not
// literal are kept as written).
func programs(cmd string) ([][]string, bool) {
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd+"\n"), "")
	if err != nil {
		return nil, false
	}
	var out [][]string
	ok := true
	syntax.Walk(f, func(n syntax.Node) bool {
		switch c := n.(type) {
		case *syntax.CallExpr:
			var words []string
			for _, w := range c.Args {
				if l := w.Lit(); l != "" {
					words = append(words, l)
				} else {
					words = append(words, unquote(w))
				}
			}
			if len(words) > 0 {
				out = append(out, words)
			}
		case *syntax.FuncDecl, *syntax.ProcSubst, *syntax.CoprocClause:
			ok = false
		}
		return true
	})
	return out, ok && len(out) > 0
}

func unquote(w *syntax.Word) string {
	var b strings.Builder
	for _, p := range w.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(x.Value)
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				if l, ok := q.(*syntax.Lit); ok {
					b.WriteString(l.Value)
				} else {
					b.WriteString("$")
				}
			}
		default:
			b.WriteString("$")
		}
	}
	return b.String()
}

// explain asks the simulator why a container's output differs (the image version that
// changed a file the output shows, …).
func (s *state) explain(step *extract.Step, args []string, shown, sim string) string {
	if step.Session >= 0 {
		if op := s.r.sc.Steps[step.Session]; op.Kind == extract.Run {
			return s.explainPod(kubectlTarget(splitArgs(op.Command)), shown, sim)
		}
		return ""
	}
	switch kubectlVerb(args) {
	case "logs", "exec", "attach":
		return s.explainPod(kubectlTarget(args), shown, sim)
	}
	return ""
}

func splitArgs(cmd string) []string {
	ps, _ := programs(cmd)
	if len(ps) == 0 {
		return nil
	}
	return ps[0]
}

type target struct{ namespace, pod, container string }

func (s *state) explainPod(t target, shown, sim string) string {
	if t.pod == "" {
		return ""
	}
	return s.cl.Explain(t.namespace, t.pod, t.container, shown, sim)
}

// kubectlTarget finds the pod, container and namespace a logs/exec/attach command names.
func kubectlTarget(args []string) target {
	var t target
	verb := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return t
		case a == "-c" || a == "--container":
			if i+1 < len(args) {
				t.container = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--container="):
			t.container = a[len("--container="):]
		case strings.HasPrefix(a, "-c") && len(a) > 2 && !strings.HasPrefix(a, "--"):
			t.container = a[2:]
		case a == "-n" || a == "--namespace":
			if i+1 < len(args) {
				t.namespace = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--namespace="):
			t.namespace = a[len("--namespace="):]
		case strings.HasPrefix(a, "-"):
		case !verb:
			verb = true
		case t.pod == "":
			p := a
			for _, pre := range []string{"pod/", "pods/", "po/"} {
				p = strings.TrimPrefix(p, pre)
			}
			t.pod = p
		}
	}
	return t
}
