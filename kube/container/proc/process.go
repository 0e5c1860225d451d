package proc

import (
	"sort"
	"time"
)

// Signal numbers used here (x86-64 Linux).
const (
	SIGHUP   = 1
	SIGINT   = 2
	SIGQUIT  = 3
	SIGKILL  = 9
	SIGUSR1  = 10
	SIGUSR2  = 12
	SIGPIPE  = 13
	SIGALRM  = 14
	SIGTERM  = 15
	SIGCHLD  = 17
	SIGCONT  = 18
	SIGSTOP  = 19
	SIGTSTP  = 20
	SIGURG   = 23
	SIGWINCH = 28
)

// signalNames maps names (without SIG) to numbers, for kill -s and STOPSIGNAL.
func signalNames() map[string]int {
	return map[string]int{
		"HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9,
		"USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16,
		"CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23,
		"XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "POLL": 29, "PWR": 30, "SYS": 31,
	}
}

// SignalNumber returns the number of a signal name ("TERM", "SIGTERM", "15").
func SignalNumber(name string) (int, bool) {
	if len(name) > 3 && name[:3] == "SIG" {
		name = name[3:]
	}
	if n, ok := signalNames()[name]; ok {
		return n, true
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if name == "" || n > 64 {
		return 0, false
	}
	return n, true
}

// SignalName returns the name without SIG ("TERM"), or "" for an unknown number.
func SignalName(n int) string {
	for k, v := range signalNames() {
		if v == n && k != "POLL" {
			return k
		}
	}
	return ""
}

// Action is what a process does with a signal.
type Action int

const (
	// Default applies the kernel's default action (terminate, ignore, stop).
	Default Action = iota
	// Ignore drops the signal.
	Ignore
	// Handled means the program's handler took it (the program decides what to do).
	Handled
)

// defaultIgnored are the signals whose default action is to ignore them.
func defaultIgnored(sig int) bool {
	switch sig {
	case SIGCHLD, SIGCONT, SIGURG, SIGWINCH:
		return true
	}
	return false
}

// Table is a PID namespace's process table.
type Table struct {
	next  int
	procs map[int]*Process
}

// NewTable returns an empty PID namespace whose first process gets PID 1.
func NewTable() *Table { return &Table{next: 1, procs: map[int]*Process{}} }

// Processes lists the live (not yet reaped) processes in PID order.
func (tb *Table) Processes() []*Process {
	var out []*Process
	for _, p := range tb.procs {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}

// Get returns the process with the given PID.
func (tb *Table) Get(pid int) *Process { return tb.procs[pid] }

// Reserve skips PIDs (processes that ran and exited before, e.g. the entrypoint's helpers).
func (tb *Table) Reserve(n int) { tb.next += n }

// Process is one simulated process.
type Process struct {
	Table *Table
	PID   int
	// Parent is nil for the namespace init.
	Parent *Process
	// Argv is the command line (ps COMMAND, /proc/<pid>/cmdline).
	Argv     []string
	UID, GID int
	Start    time.Time
	// Owner is the container (or other object) the process belongs to.
	Owner any
	// Budget is charged for the process's work (may be shared by a container's processes).
	Budget *Budget
	// Handler decides what the program does with a signal; nil means every signal has the
	// default action.
	Handler func(sig int) Action
	// Mem is the memory the process uses (bytes).
	Mem int64

	threads  []*Thread
	killed   bool
	exited   bool
	code     int
	signaled int
	exitQ    WaitQueue
	onExit   []func(*Process)
	pending  []int
	sigQ     WaitQueue
}

// NewProcess allocates a PID in tb. The process has no thread yet (start one with
// Scheduler.Go).
func (tb *Table) NewProcess(parent *Process, argv []string, now time.Time) *Process {
	p := &Process{Table: tb, PID: tb.next, Parent: parent, Argv: argv, Start: now}
	if parent != nil {
		p.UID, p.GID, p.Owner, p.Budget = parent.UID, parent.GID, parent.Owner, parent.Budget
	}
	tb.next++
	tb.procs[p.PID] = p
	return p
}

// IsInit reports whether the process is its namespace's PID 1.
func (p *Process) IsInit() bool { return p.PID == 1 }

// Exited reports whether the process has ended.
func (p *Process) Exited() bool { return p.exited }

// ExitCode is the exit status (128+N when killed by signal N).
func (p *Process) ExitCode() int { return p.code }

// Signaled is the signal that killed the process (0 if it exited).
func (p *Process) Signaled() int { return p.signaled }

// Killed reports whether the process is being killed.
func (p *Process) Killed() bool { return p.killed }

// OnExit registers fn to run (on the exiting thread) when the process ends.
func (p *Process) OnExit(fn func(*Process)) {
	if p.exited {
		fn(p)
		return
	}
	p.onExit = append(p.onExit, fn)
}

// Exit records the exit status; the process ends when its last thread returns. Threads other
// than the caller are interrupted.
func (p *Process) Exit(code int) {
	if p.exited || p.killed {
		return
	}
	p.code = code
	p.killed = true
	for _, t := range p.threads {
		if t.s.current != t {
			t.interrupt()
		}
	}
}

// Exiting reports whether Exit or a kill has been requested.
func (p *Process) Exiting() bool { return p.killed }

// Kill terminates the process as signal sig does (exit status 128+sig).
func (p *Process) Kill(sig int) {
	if p.exited {
		return
	}
	if !p.killed {
		p.code = 128 + sig
		p.signaled = sig
	}
	p.killed = true
	for _, t := range p.threads {
		t.interrupt()
	}
}

// Signal delivers sig with Linux semantics: SIGKILL always kills; a handled signal is queued
// for the program (see Pending/WaitSignal); an ignored one is dropped; otherwise the default
// action applies — except for a PID namespace's init, which the kernel never terminates with
// a default action (kernel/signal.c sig_task_ignored: SIGNAL_UNKILLABLE).
func (p *Process) Signal(sig int) {
	if p.exited || sig == 0 {
		return
	}
	if sig == SIGKILL {
		p.Kill(sig)
		return
	}
	act := Default
	if p.Handler != nil {
		act = p.Handler(sig)
	}
	switch act {
	case Ignore:
		return
	case Handled:
		p.pending = append(p.pending, sig)
		p.sigQ.WakeAll()
		return
	}
	if defaultIgnored(sig) || sig == SIGSTOP || sig == SIGTSTP {
		return
	}
	if p.IsInit() {
		return
	}
	p.Kill(sig)
}

// Pending removes and returns the queued handled signals.
func (p *Process) Pending() []int {
	s := p.pending
	p.pending = nil
	return s
}

// WaitSignal blocks t until a handled signal is pending (or the process is killed).
func (p *Process) WaitSignal(t *Thread) error {
	for len(p.pending) == 0 {
		if err := p.sigQ.Wait(t); err != nil {
			return err
		}
	}
	return nil
}

// SignalQueue is woken when handled signals arrive, for programs that wait on several things.
func (p *Process) SignalQueue() *WaitQueue { return &p.sigQ }

// Wait blocks t until p has exited.
func (p *Process) Wait(t *Thread) error {
	for !p.exited {
		if err := p.exitQ.Wait(t); err != nil {
			return err
		}
	}
	return nil
}

// Threads is the number of live threads.
func (p *Process) Threads() int { return len(p.threads) }

func (p *Process) threadDone(t *Thread) {
	for i, x := range p.threads {
		if x == t {
			p.threads = append(p.threads[:i], p.threads[i+1:]...)
			break
		}
	}
	if len(p.threads) == 0 && !p.exited {
		p.exited = true
		delete(p.Table.procs, p.PID)
		for _, fn := range p.onExit {
			fn(p)
		}
		p.onExit = nil
		p.exitQ.WakeAll()
	}
}

// Budget limits work per virtual instant.
type Budget struct {
	MaxSteps, MaxOutput int
	at                  time.Time
	steps, output       int
	// Exceeded is set (with a message) once a limit was passed; it stays set.
	Exceeded string
	// OnExceed is called once when a limit is first passed.
	OnExceed func(msg string)
}

// Step charges one step at time now and reports whether the budget is still within limits.
func (b *Budget) Step(now time.Time, what string) bool {
	if b == nil {
		return true
	}
	if b.Exceeded != "" {
		return false
	}
	if !now.Equal(b.at) {
		b.at, b.steps, b.output = now, 0, 0
	}
	b.steps++
	if b.MaxSteps > 0 && b.steps > b.MaxSteps {
		b.exceed("busy loop: " + what + " ran more than " + itoa(b.MaxSteps) + " steps without the virtual clock advancing; simulated as spinning forever")
		return false
	}
	return true
}

// Output charges n bytes of output at time now and reports whether they may be written.
func (b *Budget) Output(now time.Time, n int) bool {
	if b == nil {
		return true
	}
	if b.Exceeded != "" {
		return false
	}
	if !now.Equal(b.at) {
		b.at, b.steps, b.output = now, 0, 0
	}
	b.output += n
	if b.MaxOutput > 0 && b.output > b.MaxOutput {
		b.exceed("endless output: more than " + itoa(b.MaxOutput) + " bytes written without the virtual clock advancing; output after that is dropped and the process simulated as spinning forever")
		return false
	}
	return true
}

func (b *Budget) exceed(msg string) {
	b.Exceeded = msg
	if b.OnExceed != nil {
		b.OnExceed(msg)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// Remove drops a process that never ran from the table.
func (tb *Table) Remove(pid int) { delete(tb.procs, pid) }
