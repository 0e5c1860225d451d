package proc

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/clock"
)

var epoch = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

func TestSchedulerOrderAndSleep(t *testing.T) {
	clk := clock.New(epoch)
	s := NewScheduler(clk)
	tb := NewTable()
	var log []string
	for _, name := range []string{"a", "b"} {
		name := name
		p := tb.NewProcess(nil, []string{name}, clk.Now())
		s.Go(p, func(th *Thread) {
			for i := 0; i < 3; i++ {
				log = append(log, name+th.Now().Sub(epoch).String())
				if err := th.Sleep(time.Second); err != nil {
					return
				}
			}
			p.Exit(0)
		})
	}
	s.Run()
	clk.Advance(10 * time.Second)
	if got := strings.Join(log, " "); got != "a0s b0s a1s b1s a2s b2s" {
		t.Errorf("interleaving %q", got)
	}
	if len(tb.Processes()) != 0 {
		t.Errorf("processes left: %d", len(tb.Processes()))
	}
}

func TestPipeBlocksAndEOF(t *testing.T) {
	clk := clock.New(epoch)
	s := NewScheduler(clk)
	tb := NewTable()
	p := s.NewPipe()
	var got string
	reader := tb.NewProcess(nil, []string{"cat"}, epoch)
	s.Go(reader, func(th *Thread) {
		data, _ := io.ReadAll(p.Reader())
		got = string(data)
	})
	writer := tb.NewProcess(nil, []string{"echo"}, epoch)
	s.Go(writer, func(th *Thread) {
		big := strings.Repeat("x", PipeBuf+10)
		p.Writer().Write([]byte(big))
		th.Sleep(time.Second)
		p.Writer().Write([]byte("end"))
		p.Writer().Close()
	})
	s.Run()
	if got != "" {
		t.Fatalf("reader finished before EOF: %d bytes", len(got))
	}
	clk.Advance(time.Second)
	if len(got) != PipeBuf+13 || !strings.HasSuffix(got, "end") {
		t.Errorf("read %d bytes", len(got))
	}
}

// A PID namespace's init ignores signals it has no handler for (kernel/signal.c
// SIGNAL_UNKILLABLE); other processes take the default action; SIGKILL always kills.
func TestSignals(t *testing.T) {
	clk := clock.New(epoch)
	s := NewScheduler(clk)
	tb := NewTable()
	init := tb.NewProcess(nil, []string{"sh"}, epoch)
	child := tb.NewProcess(init, []string{"sleep"}, epoch)
	for _, p := range []*Process{init, child} {
		p := p
		s.Go(p, func(th *Thread) {
			if err := th.Park(); errors.Is(err, ErrKilled) {
				return
			}
		})
	}
	s.Run()
	init.Signal(SIGTERM)
	child.Signal(SIGTERM)
	s.Run()
	if init.Exited() || !child.Exited() || child.ExitCode() != 143 {
		t.Fatalf("init exited %v, child exited %v code %d", init.Exited(), child.Exited(), child.ExitCode())
	}
	init.Signal(SIGKILL)
	s.Run()
	if !init.Exited() || init.ExitCode() != 137 {
		t.Errorf("init after SIGKILL: exited %v code %d", init.Exited(), init.ExitCode())
	}
	if n, ok := SignalNumber("SIGQUIT"); !ok || n != 3 || SignalName(28) != "WINCH" {
		t.Errorf("signal names")
	}
}

func TestBudget(t *testing.T) {
	var msg string
	b := &Budget{MaxSteps: 3, OnExceed: func(m string) { msg = m }}
	for i := 0; i < 3; i++ {
		if !b.Step(epoch, "sh") {
			t.Fatal("exceeded early")
		}
	}
	if b.Step(epoch, "sh") || !strings.Contains(msg, "busy loop: sh ran more than 3 steps") {
		t.Errorf("msg %q", msg)
	}
	b2 := &Budget{MaxSteps: 2}
	b2.Step(epoch, "x")
	b2.Step(epoch, "x")
	if !b2.Step(epoch.Add(time.Second), "x") {
		t.Error("steps must reset when the clock advances")
	}
}
