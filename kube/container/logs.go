package container

import (
	"time"

	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/container/proc"
)

// logBuffer is a container instance's log as the CRI logger keeps it: one entry per line per
// stream, with the time the line was completed, partial lines kept until a newline or the end.
type logBuffer struct {
	clk     *clock.Clock
	budget  *proc.Budget
	tty     bool
	lines   []LogEntry
	partial [2][]byte
	pTime   [2]time.Time
	unver   [2]bool
	closed  bool
	// sched is used to park a writer that exceeded the output budget.
	sched *proc.Scheduler
}

func (l *logBuffer) writer(s Stream) *logWriter {
	if l.tty {
		s = Stdout
	}
	return &logWriter{l: l, s: s}
}

// logWriter is one stream of a logBuffer.
type logWriter struct {
	l *logBuffer
	s Stream
}

// MarkUnverified marks the next line written as unverified (servers.LineMarker).
func (w *logWriter) MarkUnverified() { w.l.unver[w.s] = true }

// WritePrompt writes a shell prompt (shell.PromptSink): it is terminal output like any other.
func (w *logWriter) WritePrompt(p string) { w.Write([]byte(p)) }

func (w *logWriter) Write(p []byte) (int, error) {
	l := w.l
	n := len(p)
	if l.closed {
		return n, nil
	}
	now := l.clk.Now()
	if !l.budget.Output(now, len(p)) {
		// Endless output: a real process would go on writing forever. Stop the writer here
		// (it spins until killed); the diagnostic was recorded by the budget.
		if t := l.sched.Current(); t != nil {
			if err := t.Park(); err != nil {
				return 0, err
			}
		}
		return 0, proc.ErrKilled
	}
	s := w.s
	for len(p) > 0 {
		i := indexByte(p, '\n')
		if i < 0 {
			if len(l.partial[s]) == 0 {
				l.pTime[s] = now
			}
			l.partial[s] = append(l.partial[s], p...)
			break
		}
		line := append(l.partial[s], p[:i+1]...)
		l.partial[s] = nil
		l.lines = append(l.lines, LogEntry{Time: now, Stream: s, Data: line, Unverified: l.unver[s]})
		l.unver[s] = false
		p = p[i+1:]
	}
	return n, nil
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// entries returns the log, with pending partial lines as Partial entries.
func (l *logBuffer) entries() []LogEntry {
	out := append([]LogEntry(nil), l.lines...)
	for s := Stdout; s <= Stderr; s++ {
		if len(l.partial[s]) > 0 {
			out = append(out, LogEntry{Time: l.pTime[s], Stream: s, Data: append([]byte(nil), l.partial[s]...), Partial: true, Unverified: l.unver[s]})
		}
	}
	return out
}

// close ends the log: partial lines become final (Partial) entries.
func (l *logBuffer) close() {
	for s := Stdout; s <= Stderr; s++ {
		if len(l.partial[s]) > 0 {
			l.lines = append(l.lines, LogEntry{Time: l.pTime[s], Stream: s, Data: l.partial[s], Partial: true, Unverified: l.unver[s]})
			l.partial[s] = nil
		}
	}
	l.closed = true
}
