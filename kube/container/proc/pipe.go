package proc

import (
	"errors"
	"io"
)

// PipeBuf is Linux's default pipe capacity (16 pages).
const PipeBuf = 65536

// ErrClosedPipe is returned by writes to a pipe whose read end is closed (EPIPE; the writer
// also gets SIGPIPE).
var ErrClosedPipe = errors.New("broken pipe")

// Pipe is a unidirectional byte channel between threads with Linux pipe semantics: reads
// block while it is empty and the write end is open, writes block while it is full.
type Pipe struct {
	s       *Scheduler
	buf     []byte
	cap     int
	wclosed bool
	rclosed bool
	readers WaitQueue
	writers WaitQueue
	// OnData, if set, is called after each write (network sockets use it to wake pollers).
	OnData func()
}

// NewPipe returns an empty pipe.
func (s *Scheduler) NewPipe() *Pipe { return &Pipe{s: s, cap: PipeBuf} }

// Reader is the pipe's read end.
func (p *Pipe) Reader() *PipeReader { return &PipeReader{p} }

// Writer is the pipe's write end.
func (p *Pipe) Writer() *PipeWriter { return &PipeWriter{p} }

// Buffered is the number of bytes waiting to be read.
func (p *Pipe) Buffered() int { return len(p.buf) }

// WriteClosed reports whether the write end is closed.
func (p *Pipe) WriteClosed() bool { return p.wclosed }

// PipeReader reads from a Pipe. Read must be called from a thread (it blocks).
type PipeReader struct{ p *Pipe }

// Read reads what is buffered, blocking while the pipe is empty and open. Outside a thread
// it never blocks (an empty pipe reads as EOF).
func (r *PipeReader) Read(b []byte) (int, error) {
	p := r.p
	for len(p.buf) == 0 {
		if p.wclosed {
			return 0, io.EOF
		}
		t := p.s.current
		if t == nil {
			return 0, io.EOF
		}
		if err := p.readers.Wait(t); err != nil {
			return 0, err
		}
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	p.writers.WakeAll()
	return n, nil
}

// TryRead reads what is buffered without blocking; eof reports a closed, drained pipe.
func (r *PipeReader) TryRead() (data []byte, eof bool) {
	p := r.p
	data = append([]byte(nil), p.buf...)
	p.buf = nil
	p.writers.WakeAll()
	return data, p.wclosed
}

// Close closes the read end: further writes fail with EPIPE.
func (r *PipeReader) Close() error {
	r.p.rclosed = true
	r.p.writers.WakeAll()
	return nil
}

// Pipe is the underlying pipe.
func (r *PipeReader) Pipe() *Pipe { return r.p }

// PipeWriter writes to a Pipe.
type PipeWriter struct{ p *Pipe }

// Write writes all of b, blocking while the pipe is full. Writing to a pipe without reader
// fails with ErrClosedPipe (and sends SIGPIPE to the writer's process). Outside a thread
// the buffer grows without limit.
func (w *PipeWriter) Write(b []byte) (int, error) {
	p := w.p
	total := 0
	for len(b) > 0 {
		if p.rclosed {
			if t := p.s.current; t != nil && t.P != nil {
				t.P.Signal(SIGPIPE)
			}
			return total, ErrClosedPipe
		}
		if p.wclosed {
			return total, ErrClosedPipe
		}
		room := p.cap - len(p.buf)
		t := p.s.current
		if room <= 0 && t != nil {
			if err := p.writers.Wait(t); err != nil {
				return total, err
			}
			continue
		}
		if t == nil || room > len(b) {
			room = len(b)
		}
		p.buf = append(p.buf, b[:room]...)
		b = b[room:]
		total += room
		p.readers.WakeAll()
		if p.OnData != nil {
			p.OnData()
		}
	}
	return total, nil
}

// Close closes the write end: readers see EOF once the buffer is drained.
func (w *PipeWriter) Close() error {
	w.p.wclosed = true
	w.p.readers.WakeAll()
	if w.p.OnData != nil {
		w.p.OnData()
	}
	return nil
}

// Pipe is the underlying pipe.
func (w *PipeWriter) Pipe() *Pipe { return w.p }
