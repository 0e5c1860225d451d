package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"

	"github.com/docbuild/docbuild/internal/transcript"
)

// TokenizeConsole appends to dst the chroma tokens of a shell transcript,
// lexed by internal/transcript (the same reading of prompts, continuation
// lines, heredocs and container sessions that `check` uses): prompts are
// GenericPrompt, the commands after them are tokenized as shell, every
// other line is GenericOutput — the token types of chroma's Bash Session
// lexer, which itself only knows bare `$ ` and `[user@host]$ ` prompts.
// The token values concatenated are exactly code.
func TokenizeConsole(dst []chroma.Token, code string) []chroma.Token {
	return tokenizeTranscript(dst, code, transcript.Lex(code))
}

// tokenizeTranscript tokenizes code given its lexed transcript.
func tokenizeTranscript(dst []chroma.Token, code string, tr *transcript.Transcript) []chroma.Token {
	t := &tokens{src: code, out: dst}
	sh := newShellLexer(t)
	sh.first = false
	i := 0
	forLines(code, func(s, e int) {
		var l transcript.Line
		if i < len(tr.Lines) {
			l = tr.Lines[i]
		}
		i++
		nl := chroma.Text
		switch l.Kind {
		case transcript.KindCommand, transcript.KindContainerCommand, transcript.KindContinuation:
			if l.Kind != transcript.KindContinuation {
				sh.reset()
			}
			s = emitPrompt(t, s, e, l.Prompt)
			sh.line(s, e)
		case transcript.KindHeredoc:
			if sh.inBody() {
				sh.line(s, e)
			} else {
				t.emit(chroma.LiteralStringHeredoc, s, e)
			}
		default:
			t.emit(chroma.GenericOutput, s, e)
			nl = chroma.GenericOutput
		}
		if e < len(code) {
			t.emit(nl, e, e+1)
		}
	})
	return t.out
}

// emitPrompt emits the prompt of a line that starts at s (indentation Text,
// the prompt GenericPrompt, the blank after it Text, as chroma's Bash
// Session lexer splits "$ ") and returns where the command starts.
func emitPrompt(t *tokens, s, e int, p transcript.Prompt) int {
	if p.Style == transcript.NoPrompt || p.End <= p.Start || s+p.End > e {
		return s
	}
	end := s + p.End
	pe := end
	for pe > s+p.Start && (t.src[pe-1] == ' ' || t.src[pe-1] == '\t') {
		pe--
	}
	t.emit(chroma.Text, s, s+p.Start)
	t.emit(chroma.GenericPrompt, s+p.Start, pe)
	t.emit(chroma.Text, pe, end)
	return end
}

// hasCommand reports whether a lexed block shows commands typed at a
// prompt.
func hasCommand(tr *transcript.Transcript) bool {
	for _, l := range tr.Lines {
		if l.Kind == transcript.KindCommand || l.Kind == transcript.KindContainerCommand {
			return true
		}
	}
	return false
}

// looksLikeScript reports whether a shell block without prompts is a script
// (its first line is a comment, or starts with a known program, a shell
// keyword or builtin, an assignment or a path) rather than the output of a
// command shown elsewhere — the output blocks of check.md §2.
func looksLikeScript(code []byte) bool {
	s := string(code)
	for s != "" {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if line[0] == '#' {
			return true
		}
		w := line
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			w = line[:i]
		}
		if transcript.KnownProgram(w) || shellKeyword(w) || shellBuiltin(w) ||
			strings.HasPrefix(w, "./") || strings.HasPrefix(w, "/") && strings.Count(w, "/") > 1 {
			return true
		}
		if i := strings.IndexByte(w, '='); i > 0 && isName(w[:i]) {
			return true
		}
		return false
	}
	return true
}
