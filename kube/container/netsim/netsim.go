// Package netsim owns the simulated Pod network: one network namespace per Pod (its IP and
// localhost, shared by the Pod's containers), one for the node, TCP listeners and connections
// made of scheduler pipes, Service virtual IPs through a router (kube-proxy), and the errors a
// real client sees (connection refused, timeouts). It never opens a host socket. It imports
// kube/container/proc and the standard library.
package netsim

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/docbuild/docbuild/kube/container/proc"
)

// Errors a dial can give, with the kernel's strerror texts (what busybox and curl print).
var (
	ErrRefused     = errors.New("Connection refused")
	ErrTimedOut    = errors.New("Connection timed out")
	ErrUnreachable = errors.New("No route to host")
	ErrAddrInUse   = errors.New("Address in use")
)

// ConnectTimeout is how long a connect() to an address nobody answers takes to fail: the
// kernel's SYN retries (net.ipv4.tcp_syn_retries = 6: 1+2+4+8+16+32+64 s).
const ConnectTimeout = 127 * time.Second

// Network is the cluster network seen from one node.
type Network struct {
	s     *proc.Scheduler
	hosts map[netip.Addr]*Namespace
	// Router maps Service virtual IPs to endpoints (nil: none). A Service without endpoints
	// returns ok with an invalid endpoint: the connection is refused.
	Router func(dst netip.AddrPort) (netip.AddrPort, bool)
	// Resolver resolves DNS names (already qualified).
	Resolver func(name string) ([]netip.Addr, bool)
}

// New returns an empty network.
func New(s *proc.Scheduler) *Network {
	return &Network{s: s, hosts: map[netip.Addr]*Namespace{}}
}

// Namespace is a network namespace.
type Namespace struct {
	n         *Network
	IP        netip.Addr
	Hostname  string
	listeners map[int]*Listener
	nextPort  int
	gone      bool
}

// NewNamespace creates a namespace with address ip (registered on the network).
func (n *Network) NewNamespace(ip netip.Addr, hostname string) *Namespace {
	ns := &Namespace{n: n, IP: ip, Hostname: hostname, listeners: map[int]*Listener{}, nextPort: 32768}
	if ip.IsValid() {
		n.hosts[ip] = ns
	}
	return ns
}

// Remove takes the namespace off the network (sandbox torn down): its listeners close.
func (ns *Namespace) Remove() {
	ns.gone = true
	if ns.n.hosts[ns.IP] == ns {
		delete(ns.n.hosts, ns.IP)
	}
	for _, l := range ns.listeners {
		l.Close()
	}
}

// Network is the namespace's network.
func (ns *Namespace) Network() *Network { return ns.n }

// Lookup returns the namespace with address ip.
func (n *Network) Lookup(ip netip.Addr) *Namespace { return n.hosts[ip] }

// Listener is a listening TCP socket (bound to all addresses of its namespace).
type Listener struct {
	ns     *Namespace
	Port   int
	queue  []*Conn
	accept proc.WaitQueue
	closed bool
	// Owner is the process that listens.
	Owner *proc.Process
	// Pollers are woken on new connections (select/poll-style waiters).
	Pollers *proc.WaitQueue
}

// Listen binds port (0.0.0.0 and ::).
func (ns *Namespace) Listen(port int, owner *proc.Process) (*Listener, error) {
	if l := ns.listeners[port]; l != nil && !l.closed {
		return nil, ErrAddrInUse
	}
	l := &Listener{ns: ns, Port: port, Owner: owner}
	ns.listeners[port] = l
	if owner != nil {
		owner.OnExit(func(*proc.Process) { l.Close() })
	}
	return l, nil
}

// Listening returns the listener on port, if any.
func (ns *Namespace) Listening(port int) *Listener {
	if l := ns.listeners[port]; l != nil && !l.closed {
		return l
	}
	return nil
}

// Accept blocks t until a connection arrives.
func (l *Listener) Accept(t *proc.Thread) (*Conn, error) {
	for len(l.queue) == 0 {
		if l.closed {
			return nil, errors.New("listener closed")
		}
		if err := l.accept.Wait(t); err != nil {
			return nil, err
		}
	}
	c := l.queue[0]
	l.queue = l.queue[1:]
	return c, nil
}

// Pending is the number of connections waiting to be accepted.
func (l *Listener) Pending() int { return len(l.queue) }

// Close stops listening; queued connections are reset.
func (l *Listener) Close() {
	if l.closed {
		return
	}
	l.closed = true
	for _, c := range l.queue {
		c.peer.Close()
		c.Close()
	}
	l.queue = nil
	l.accept.WakeAll()
	if l.ns.listeners[l.Port] == l {
		delete(l.ns.listeners, l.Port)
	}
}

// Conn is one end of a TCP connection.
type Conn struct {
	Local, Remote netip.AddrPort
	in            *proc.Pipe
	out           *proc.Pipe
	peer          *Conn
	closed        bool
}

// Read reads from the connection (blocking in a thread).
func (c *Conn) Read(b []byte) (int, error) { return c.in.Reader().Read(b) }

// Write writes to the connection.
func (c *Conn) Write(b []byte) (int, error) {
	if c.closed {
		return 0, proc.ErrClosedPipe
	}
	return c.out.Writer().Write(b)
}

// CloseWrite half-closes: the peer reads EOF.
func (c *Conn) CloseWrite() error { return c.out.Writer().Close() }

// Close closes both directions.
func (c *Conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	c.out.Writer().Close()
	c.in.Reader().Close()
	return nil
}

// TryRead returns what has arrived without blocking (eof: the peer closed and all was read).
func (c *Conn) TryRead() ([]byte, bool) { return c.in.Reader().TryRead() }

// InPipe is the pipe the connection reads from (to hook wake-ups).
func (c *Conn) InPipe() *proc.Pipe { return c.in }

// DialError is a failed connect, with the destination.
type DialError struct {
	Dst netip.AddrPort
	Err error
}

func (e *DialError) Error() string { return fmt.Sprintf("connect %s: %v", e.Dst, e.Err) }
func (e *DialError) Unwrap() error { return e.Err }

// Dial connects from ns to dst. Loopback and the namespace's own address reach its own
// listeners; Pod IPs reach their namespace; Service IPs go through the Router. A destination
// nobody owns times out: t (if not nil) is blocked for ConnectTimeout (or timeout when
// shorter and positive) first.
func (ns *Namespace) Dial(t *proc.Thread, dst netip.AddrPort, timeout time.Duration) (*Conn, error) {
	target := ns.route(dst)
	if target == nil {
		if ep, ok := ns.routeService(dst); ok {
			if !ep.IsValid() {
				return nil, &DialError{dst, ErrRefused}
			}
			target = ns.route(ep)
			dst = ep
		}
	}
	if target == nil || target.gone {
		wait := ConnectTimeout
		if timeout > 0 && timeout < wait {
			wait = timeout
		}
		if t != nil {
			if err := t.Sleep(wait); err != nil {
				return nil, err
			}
		}
		return nil, &DialError{dst, ErrTimedOut}
	}
	l := target.listeners[int(dst.Port())]
	if l == nil || l.closed {
		return nil, &DialError{dst, ErrRefused}
	}
	src := ns.IP
	if dst.Addr().IsLoopback() {
		src = dst.Addr()
	}
	ns.nextPort++
	local := netip.AddrPortFrom(src, uint16(ns.nextPort))
	a2b, b2a := ns.n.s.NewPipe(), ns.n.s.NewPipe()
	client := &Conn{Local: local, Remote: dst, in: b2a, out: a2b}
	server := &Conn{Local: dst, Remote: local, in: a2b, out: b2a}
	client.peer, server.peer = server, client
	l.queue = append(l.queue, server)
	l.accept.WakeAll()
	if l.Pollers != nil {
		l.Pollers.WakeAll()
	}
	return client, nil
}

func (ns *Namespace) route(dst netip.AddrPort) *Namespace {
	a := dst.Addr()
	if a.IsLoopback() || a == ns.IP || a.IsUnspecified() {
		return ns
	}
	return ns.n.hosts[a]
}

func (ns *Namespace) routeService(dst netip.AddrPort) (netip.AddrPort, bool) {
	if ns.n.Router == nil {
		return netip.AddrPort{}, false
	}
	return ns.n.Router(dst)
}
