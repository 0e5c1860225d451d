package serve

import (
	"sync"
)

// message is one server-sent event.
type message struct {
	event string
	data  []byte
}

// client is a page open in a browser, connected to the event stream.
type client struct {
	// path is the page's output path ("2025/08/15/pod/index.html"), or the requested path
	// of a page that does not exist yet (its 404 reloads when it appears).
	path string
	// gen is the version of the page the browser shows (the data-gen of its script tag).
	gen string
	ch  chan message
	// gone is closed when the hub drops the client (shutdown, or a client too slow to
	// read its events: the browser reconnects and catches up).
	gone chan struct{}
}

// hub holds the connected clients of one server; it is a field of the Server, never a
// package variable.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	closed  bool
}

func newHub() *hub { return &hub{clients: map[*client]bool{}} }

// join adds a client; it returns nil when the hub is closed.
func (h *hub) join(path, gen string) *client {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := &client{path: path, gen: gen, ch: make(chan message, 16), gone: make(chan struct{})}
	h.clients[c] = true
	return c
}

// leave removes a client.
func (h *hub) leave(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(c)
}

func (h *hub) drop(c *client) {
	if h.clients[c] {
		delete(h.clients, c)
		close(c.gone)
	}
}

// list returns the connected clients.
func (h *hub) list() []*client {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		out = append(out, c)
	}
	return out
}

// send queues an event for a client without blocking; a client whose queue is full is
// dropped (its browser reconnects with the version it shows and is brought up to date).
func (h *hub) send(c *client, m message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.clients[c] {
		return
	}
	select {
	case c.ch <- m:
	default:
		h.drop(c)
	}
}

// count is the number of connected clients.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close drops every client and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		h.drop(c)
	}
}
