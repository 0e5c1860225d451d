// Package servers owns the behaviour models of the tutorial images' main programs: nginx and
// its docker entrypoint, httpd, redis (server and redis-cli), the pause container, agnhost
// (liveness, netexec, serve-hostname, pause), the liveness image, polinux/stress, and the
// opaque program that stands for an image the catalogue does not know. Each model answers on
// its ports through the Pod network, writes its logs like the real program (sources named
// beside each text; lines that are not verified are marked so), and reacts to signals as the
// real one does. It imports kube/shell (the program interface), kube/container/netsim,
// kube/container/proc and kube/container/vfs.
package servers

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/shell"
)

// LineMarker is implemented by log writers that can mark the next line they receive as
// unverified (its text was not checked against the real program).
type LineMarker interface {
	MarkUnverified()
}

// unverified writes a line that is marked unverified when the writer supports it.
func unverified(w io.Writer, line string) {
	if m, ok := w.(LineMarker); ok {
		m.MarkUnverified()
	}
	io.WriteString(w, line)
}

// Programs returns the server programs by name (the names images' files use).
func Programs() map[string]shell.Program {
	return map[string]shell.Program{
		"nginx":                 Nginx,
		"nginx-entrypoint":      NginxEntrypoint,
		"nginx-entrypoint-part": entrypointPart,
		"httpd":                 Httpd,
		"httpd-foreground":      HttpdForeground,
		"redis-server":          RedisServer,
		"redis-cli":             RedisCLI,
		"redis-entrypoint":      RedisEntrypoint,
		"pause":                 Pause,
		"agnhost":               Agnhost,
		"liveness":              Liveness,
		"stress":                Stress,
		"opaque":                Opaque,
	}
}

// serve accepts connections on l and handles each on its own thread of process p until the
// process ends.
func serve(c *shell.Ctx, l *netsim.Listener, handle func(t *proc.Thread, conn *netsim.Conn)) error {
	for {
		conn, err := l.Accept(c.T)
		if err != nil {
			return err
		}
		c.Sys.Sched.Go(c.P, func(t *proc.Thread) {
			handle(t, conn)
			conn.Close()
		})
	}
}

// httpExchange reads requests from conn and answers them with respond until the client closes
// or asks to close.
func httpExchange(conn *netsim.Conn, respond func(req *netsim.Request) (status int, header [][2]string, body []byte, closeAfter bool)) {
	br := bufio.NewReader(conn)
	for {
		req, err := netsim.ReadRequest(br)
		if err != nil {
			return
		}
		status, header, body, closeAfter := respond(req)
		var b strings.Builder
		fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, reasonPhrase(status))
		for _, kv := range header {
			fmt.Fprintf(&b, "%s: %s\r\n", kv[0], kv[1])
		}
		b.WriteString("\r\n")
		if _, err := io.WriteString(conn, b.String()); err != nil {
			return
		}
		if req.Method != "HEAD" && len(body) > 0 {
			conn.Write(body)
		}
		if closeAfter || strings.EqualFold(req.Get("Connection"), "close") || req.Proto == "HTTP/1.0" && !strings.EqualFold(req.Get("Connection"), "keep-alive") {
			return
		}
	}
}

func reasonPhrase(code int) string {
	switch code {
	case 200:
		return "OK"
	case 201:
		return "Created"
	case 204:
		return "No Content"
	case 301:
		return "Moved Permanently"
	case 302:
		return "Found"
	case 304:
		return "Not Modified"
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Not Allowed"
	case 500:
		return "Internal Server Error"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Temporarily Unavailable"
	}
	return "Unknown"
}

// httpDate is the Date header format (RFC 7231 IMF-fixdate).
func httpDate(t time.Time) string { return t.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT") }

// waitForSignal blocks until a handled signal arrives and returns it (0 when killed).
func waitForSignal(c *shell.Ctx) int {
	for {
		if err := c.P.WaitSignal(c.T); err != nil {
			return 0
		}
		if sigs := c.P.Pending(); len(sigs) > 0 {
			return sigs[0]
		}
	}
}

// --- pause ------------------------------------------------------------------------------------

// Pause is the pause container (kubernetes build/pause/linux/pause.c): it waits for signals;
// SIGINT and SIGTERM make it print "Shutting down, got signal: <name>" (psignal) and exit 0.
func Pause(c *shell.Ctx) int {
	c.P.Handler = func(sig int) proc.Action {
		switch sig {
		case proc.SIGINT, proc.SIGTERM:
			return proc.Handled
		case proc.SIGCHLD:
			return proc.Ignore
		}
		return proc.Default
	}
	sig := waitForSignal(c)
	if sig == 0 {
		return 137
	}
	name := map[int]string{proc.SIGINT: "Interrupt", proc.SIGTERM: "Terminated"}[sig]
	fmt.Fprintf(c.Stderr, "Shutting down, got signal: %s\n", name)
	return 0
}

// --- opaque -----------------------------------------------------------------------------------

// Opaque stands for the main program of an image the catalogue does not know: it runs until
// signalled, listens on the container's declared ports (answering nothing the simulator can
// vouch for), and exits 143 on SIGTERM (the default action) and 137 on SIGKILL.
func Opaque(c *shell.Ctx) int {
	c.NotSimulated("the image's program is not simulated")
	if ports, ok := c.Getenv("__DOCBUILD_PORTS"); ok && ports != "" {
		for _, p := range strings.Split(ports, ",") {
			var n int
			fmt.Sscan(p, &n)
			if l, err := c.Sys.Net.Listen(n, c.P); err == nil {
				c.Sys.Sched.Go(c.P, func(t *proc.Thread) {
					cc := *c
					cc.T = t
					serve(&cc, l, func(t *proc.Thread, conn *netsim.Conn) {
						httpExchange(conn, func(req *netsim.Request) (int, [][2]string, []byte, bool) {
							return 200, [][2]string{{"Content-Length", "0"}}, nil, false
						})
					})
				})
			}
		}
	}
	c.P.Handler = func(sig int) proc.Action {
		if sig == proc.SIGTERM || sig == proc.SIGINT || sig == proc.SIGQUIT || sig == proc.SIGHUP {
			return proc.Handled
		}
		return proc.Default
	}
	sig := waitForSignal(c)
	if sig == 0 {
		return 137
	}
	return 128 + sig
}
