package servers

import (
	"bufio"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/shell"
)

// --- httpd --------------------------------------------------------------------------------------

// HttpdForeground is docker-library/httpd's httpd-foreground: `rm -f
// /usr/local/apache2/logs/httpd.pid; exec httpd -DFOREGROUND "$@"`.
func HttpdForeground(c *shell.Ctx) int {
	c.Sys.FS.Remove("/usr/local/apache2/logs/httpd.pid", false, vfs.Root())
	p, n, err := c.LookPath("httpd")
	if err != nil {
		fmt.Fprintf(c.Stderr, "/usr/local/bin/httpd-foreground: 7: exec: httpd: not found\n")
		return 127
	}
	c.Argv = append([]string{"httpd", "-DFOREGROUND"}, c.Argv[1:]...)
	return c.RunInode(p, n)
}

// Httpd is Apache httpd 2.4 with the image's default configuration: DocumentRoot
// /usr/local/apache2/htdocs, CustomLog "common" to stdout, ErrorLog to stderr; SIGWINCH is a
// graceful stop (the image's STOPSIGNAL), SIGTERM a stop.
func Httpd(c *shell.Ctx) int {
	version, _ := c.Getenv("HTTPD_VERSION")
	if version == "" {
		version = "2.4"
		c.NotSimulated("httpd version")
	}
	l, err := c.Sys.Net.Listen(80, c.P)
	if err != nil {
		unverified(c.Stderr, "(98)Address in use: AH00072: make_sock: could not bind to address 0.0.0.0:80\n")
		return 1
	}
	ts := func() string { return c.Now().UTC().Format("Mon Jan 02 15:04:05.000000 2006") }
	ip := c.Sys.Net.IP.String()
	// AH00558 is printed twice at start (configuration is read twice).
	for i := 0; i < 2; i++ {
		unverified(c.Stderr, fmt.Sprintf("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using %s. Set the 'ServerName' directive globally to suppress this message\n", ip))
	}
	unverified(c.Stderr, fmt.Sprintf("[%s] [mpm_event:notice] [pid %d:tid %d] AH00489: Apache/%s (Unix) configured -- resuming normal operations\n", ts(), c.P.PID, c.P.PID, version))
	unverified(c.Stderr, fmt.Sprintf("[%s] [core:notice] [pid %d:tid %d] AH00094: Command line: 'httpd -D FOREGROUND'\n", ts(), c.P.PID, c.P.PID))
	c.P.Argv = []string{"httpd", "-DFOREGROUND"}
	c.Sys.Sched.Go(c.P, func(t *proc.Thread) {
		wc := *c
		wc.T = t
		serve(&wc, l, func(t *proc.Thread, conn *netsim.Conn) {
			httpExchange(conn, func(req *netsim.Request) (int, [][2]string, []byte, bool) {
				now := t.Now()
				p, _ := url.PathUnescape(strings.SplitN(req.Target, "?", 2)[0])
				fsPath := path.Join("/usr/local/apache2/htdocs", path.Clean("/"+p))
				if strings.HasSuffix(p, "/") {
					fsPath = path.Join(fsPath, "index.html")
				}
				status := 200
				data, err := c.Sys.FS.ReadFile(fsPath)
				hdr := [][2]string{{"Date", httpDate(now)}, {"Server", "Apache/" + version + " (Unix)"}}
				if err != nil {
					status = 404
					data = []byte("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n")
					hdr = append(hdr, [2]string{"Content-Length", strconv.Itoa(len(data))}, [2]string{"Content-Type", "text/html; charset=iso-8859-1"})
				} else {
					n, _ := c.Sys.FS.Stat(fsPath)
					hdr = append(hdr,
						[2]string{"Last-Modified", httpDate(n.ModTime)},
						[2]string{"ETag", fmt.Sprintf(`"%x-%x"`, len(data), n.ModTime.UnixMicro())},
						[2]string{"Accept-Ranges", "bytes"},
						[2]string{"Content-Length", strconv.Itoa(len(data))},
						[2]string{"Content-Type", "text/html"})
				}
				size := strconv.Itoa(len(data))
				if req.Method == "HEAD" {
					size = "-"
				}
				// LogFormat "%h %l %u %t \"%r\" %>s %b" common.
				fmt.Fprintf(c.Stdout, "%s - - [%s] \"%s %s %s\" %d %s\n", conn.Remote.Addr(), now.UTC().Format("02/Jan/2006:15:04:05 -0700"), req.Method, req.Target, req.Proto, status, size)
				return status, hdr, data, false
			})
		})
	})
	c.P.Handler = func(sig int) proc.Action {
		switch sig {
		case proc.SIGWINCH, proc.SIGTERM, proc.SIGHUP, proc.SIGUSR1, proc.SIGINT:
			return proc.Handled
		}
		return proc.Default
	}
	for {
		sig := waitForSignal(c)
		switch sig {
		case 0:
			return 137
		case proc.SIGWINCH:
			unverified(c.Stderr, fmt.Sprintf("[%s] [mpm_event:notice] [pid %d:tid %d] AH00492: caught SIGWINCH, shutting down gracefully\n", ts(), c.P.PID, c.P.PID))
			l.Close()
			return 0
		case proc.SIGTERM, proc.SIGINT:
			unverified(c.Stderr, fmt.Sprintf("[%s] [mpm_event:notice] [pid %d:tid %d] AH00491: caught SIGTERM, shutting down\n", ts(), c.P.PID, c.P.PID))
			l.Close()
			return 0
		default:
			unverified(c.Stderr, fmt.Sprintf("[%s] [mpm_event:notice] [pid %d:tid %d] AH00493: SIGUSR1 received.  Doing graceful restart\n", ts(), c.P.PID, c.P.PID))
		}
	}
}

// --- redis ----------------------------------------------------------------------------------------

// RedisEntrypoint is docker-library/redis docker-entrypoint.sh: for redis-server run as root
// it fixes ownership of . and re-execs itself as the redis user (gosu), then execs the
// command.
func RedisEntrypoint(c *shell.Ctx) int {
	args := c.Argv[1:]
	if len(args) > 0 && (strings.HasPrefix(args[0], "-") || strings.HasSuffix(args[0], ".conf")) {
		args = append([]string{"redis-server"}, args...)
	}
	if len(args) == 0 {
		return 0
	}
	if args[0] == "redis-server" && c.P.UID == 0 {
		c.P.UID, c.P.GID = 999, 999
	}
	p, n, err := c.LookPath(args[0])
	if err != nil {
		fmt.Fprintf(c.Stderr, "/usr/local/bin/docker-entrypoint.sh: line 16: exec: %s: not found\n", args[0])
		return 127
	}
	c.Argv = args
	return c.RunInode(p, n)
}

// RedisServer is redis-server with no config file: port 6379, the RESP protocol (PING, ECHO,
// SET, GET, DEL, EXISTS, INCR, KEYS, DBSIZE, FLUSHALL, QUIT, INFO is not simulated), and a
// SIGTERM/SIGINT shutdown that exits 0.
func RedisServer(c *shell.Ctx) int {
	version, _ := c.Getenv("REDIS_VERSION")
	ts := func(role string) string {
		return fmt.Sprintf("%d:%s %s", c.P.PID, role, c.Now().UTC().Format("02 Jan 2006 15:04:05.000"))
	}
	port := 6379
	args := c.Argv[1:]
	for i := 0; i < len(args); i++ {
		if args[i] == "--port" && i+1 < len(args) {
			port, _ = strconv.Atoi(args[i+1])
		}
	}
	l, err := c.Sys.Net.Listen(port, c.P)
	if err != nil {
		unverified(c.Stdout, ts("M")+" # Warning: Could not create server TCP listening socket *:"+strconv.Itoa(port)+": bind: Address in use\n")
		return 1
	}
	c.P.Argv = []string{fmt.Sprintf("redis-server *:%d", port)}
	unverified(c.Stdout, ts("C")+" * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n")
	unverified(c.Stdout, fmt.Sprintf("%s * Redis version=%s, bits=64, commit=00000000, modified=0, pid=%d, just started\n", ts("C"), version, c.P.PID))
	unverified(c.Stdout, ts("C")+" # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf\n")
	unverified(c.Stdout, ts("M")+" * monotonic clock: POSIX clock_gettime\n")
	unverified(c.Stdout, fmt.Sprintf("%s * Running mode=standalone, port=%d.\n", ts("M"), port))
	unverified(c.Stdout, ts("M")+" * Server initialized\n")
	// facts.md §8: serverLog(LL_NOTICE, "Ready to accept connections %s", "tcp") (Redis 7+).
	ready := ts("M") + " * Ready to accept connections"
	if !versionLess(version, "7") {
		ready += " tcp"
	}
	unverified(c.Stdout, ready+"\n")
	store := map[string]string{}
	c.Sys.Sched.Go(c.P, func(t *proc.Thread) {
		wc := *c
		wc.T = t
		serve(&wc, l, func(t *proc.Thread, conn *netsim.Conn) { redisConn(conn, store) })
	})
	c.P.Handler = func(sig int) proc.Action {
		if sig == proc.SIGTERM || sig == proc.SIGINT {
			return proc.Handled
		}
		return proc.Default
	}
	sig := waitForSignal(c)
	if sig == 0 {
		return 137
	}
	name := map[int]string{proc.SIGTERM: "SIGTERM", proc.SIGINT: "SIGINT"}[sig]
	unverified(c.Stdout, fmt.Sprintf("%d:signal-handler (%d) Received %s scheduling shutdown...\n", c.P.PID, c.Now().Unix(), name))
	unverified(c.Stdout, ts("M")+" # User requested shutdown...\n")
	unverified(c.Stdout, ts("M")+" * Saving the final RDB snapshot before exiting.\n")
	unverified(c.Stdout, ts("M")+" * DB saved on disk\n")
	unverified(c.Stdout, ts("M")+" # Redis is now ready to exit, bye bye...\n")
	l.Close()
	c.Sys.FS.WriteFile("/data/dump.rdb", []byte("REDIS0011"), 0o644, vfs.Cred{UID: 999, GID: 999})
	return 0
}

// redisConn speaks RESP (inline and multibulk commands).
func redisConn(conn *netsim.Conn, store map[string]string) {
	br := bufio.NewReader(conn)
	for {
		args, err := readRESP(br)
		if err != nil {
			return
		}
		if len(args) == 0 {
			continue
		}
		reply := redisCommand(args, store)
		if _, err := conn.Write([]byte(reply)); err != nil {
			return
		}
		if strings.EqualFold(args[0], "QUIT") {
			return
		}
	}
}

func readRESP(br *bufio.Reader) ([]string, error) {
	line, err := br.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "*") {
		return strings.Fields(line), nil
	}
	n, err := strconv.Atoi(line[1:])
	if err != nil || n < 0 || n > 1024*1024 {
		return nil, errProtocol
	}
	var args []string
	for i := 0; i < n; i++ {
		hdr, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		hdr = strings.TrimRight(hdr, "\r\n")
		if !strings.HasPrefix(hdr, "$") {
			return nil, errProtocol
		}
		size, err := strconv.Atoi(hdr[1:])
		if err != nil || size < 0 || size > 512<<20 {
			return nil, errProtocol
		}
		buf := make([]byte, size+2)
		if _, err := ioReadFull(br, buf); err != nil {
			return nil, err
		}
		args = append(args, string(buf[:size]))
	}
	return args, nil
}

// errProtocol is a malformed multibulk request (redis answers "-ERR Protocol error: …" and
// closes the connection).
var errProtocol = fmt.Errorf("Protocol error")

func ioReadFull(br *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := br.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func bulk(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }

func redisCommand(args []string, store map[string]string) string {
	cmd := strings.ToUpper(args[0])
	wrong := fmt.Sprintf("-ERR wrong number of arguments for '%s' command\r\n", strings.ToLower(args[0]))
	switch cmd {
	case "PING":
		if len(args) > 1 {
			return bulk(args[1])
		}
		return "+PONG\r\n"
	case "ECHO":
		if len(args) != 2 {
			return wrong
		}
		return bulk(args[1])
	case "SET":
		if len(args) < 3 {
			return wrong
		}
		store[args[1]] = args[2]
		return "+OK\r\n"
	case "GET":
		if len(args) != 2 {
			return wrong
		}
		v, ok := store[args[1]]
		if !ok {
			return "$-1\r\n"
		}
		return bulk(v)
	case "DEL", "EXISTS":
		n := 0
		for _, k := range args[1:] {
			if _, ok := store[k]; ok {
				n++
				if cmd == "DEL" {
					delete(store, k)
				}
			}
		}
		return fmt.Sprintf(":%d\r\n", n)
	case "INCR":
		if len(args) != 2 {
			return wrong
		}
		v, _ := strconv.Atoi(store[args[1]])
		v++
		store[args[1]] = strconv.Itoa(v)
		return fmt.Sprintf(":%d\r\n", v)
	case "DBSIZE":
		return fmt.Sprintf(":%d\r\n", len(store))
	case "FLUSHALL", "FLUSHDB":
		clear(store)
		return "+OK\r\n"
	case "QUIT":
		return "+OK\r\n"
	}
	var quoted []string
	for _, a := range args[1:] {
		quoted = append(quoted, "'"+a+"'")
	}
	return fmt.Sprintf("-ERR unknown command '%s', with args beginning with: %s\r\n", args[0], strings.Join(quoted, " "))
}

// RedisCLI is redis-cli for one command (`redis-cli [-h H] [-p P] CMD ARGS`) or an
// interactive session; replies are printed as redis-cli does without a TTY.
func RedisCLI(c *shell.Ctx) int {
	host, port := "127.0.0.1", 6379
	args := c.Argv[1:]
	for len(args) > 1 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-h":
			host = args[1]
		case "-p":
			port, _ = strconv.Atoi(args[1])
		}
		args = args[2:]
	}
	if len(args) == 0 {
		c.NotSimulated("interactive redis-cli")
		return 0
	}
	t := &toolish{c}
	addr, ok := t.resolve(host)
	if !ok {
		fmt.Fprintf(c.Stderr, "Could not connect to Redis at %s:%d: Name or service not known\n", host, port)
		return 1
	}
	conn, err := c.Sys.Net.Dial(c.T, netipAddrPort(addr, port), 0)
	if err != nil {
		fmt.Fprintf(c.Stdout, "Could not connect to Redis at %s:%d: Connection refused\n", host, port)
		return 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		b.WriteString(bulk(a))
	}
	conn.Write([]byte(b.String()))
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	conn.Close()
	if err != nil {
		return 1
	}
	line = strings.TrimRight(line, "\r\n")
	switch line[0] {
	case '+':
		fmt.Fprintln(c.Stdout, line[1:])
	case '-':
		fmt.Fprintf(c.Stdout, "(error) %s\n", line[1:])
	case ':':
		fmt.Fprintln(c.Stdout, line[1:])
	case '$':
		if line == "$-1" {
			fmt.Fprintln(c.Stdout)
		} else {
			v, _ := br.ReadString('\n')
			fmt.Fprintln(c.Stdout, strings.TrimRight(v, "\r\n"))
		}
	}
	return 0
}

// --- agnhost and liveness --------------------------------------------------------------------------

// Agnhost is registry.k8s.io/e2e-test-images/agnhost: the subcommands tutorials use.
func Agnhost(c *shell.Ctx) int {
	if len(c.Argv) < 2 {
		c.NotSimulated("agnhost usage")
		return 0
	}
	switch c.Argv[1] {
	case "liveness":
		return livenessServer(c, 8080)
	case "serve-hostname":
		port := 9376
		for _, a := range c.Argv[2:] {
			if strings.HasPrefix(a, "--port=") {
				port, _ = strconv.Atoi(strings.TrimPrefix(a, "--port="))
			}
		}
		return goHTTPServer(c, port, func(now time.Time, req *netsim.Request) (int, string) { return 200, c.Sys.Hostname })
	case "netexec":
		port := 8080
		for _, a := range c.Argv[2:] {
			if strings.HasPrefix(a, "--http-port=") {
				port, _ = strconv.Atoi(strings.TrimPrefix(a, "--http-port="))
			}
		}
		return goHTTPServer(c, port, func(now time.Time, req *netsim.Request) (int, string) {
			u, _ := url.Parse(req.Target)
			switch u.Path {
			case "/hostname":
				return 200, c.Sys.Hostname
			case "/echo":
				return 200, u.Query().Get("msg")
			case "/healthz", "/":
				c.NotSimulated("agnhost netexec " + u.Path)
				return 200, ""
			}
			c.NotSimulated("agnhost netexec " + u.Path)
			return 404, "404 page not found\n"
		})
	case "pause":
		fmt.Fprintln(c.Stdout, "Paused")
		return Pause(c)
	}
	c.NotSimulated("agnhost " + c.Argv[1])
	return Opaque(c)
}

// Liveness is the liveness image's /server (kubernetes test/images/agnhost/liveness/server.go):
// /healthz answers 200 "ok" for the first 10 seconds, then 500 "error: <seconds>".
func Liveness(c *shell.Ctx) int { return livenessServer(c, 8080) }

func livenessServer(c *shell.Ctx, port int) int {
	started := c.Now()
	return goHTTPServer(c, port, func(now time.Time, req *netsim.Request) (int, string) {
		u, _ := url.Parse(req.Target)
		switch u.Path {
		case "/healthz":
			d := now.Sub(started)
			if d.Seconds() > 10 {
				return 500, fmt.Sprintf("error: %v", d.Seconds())
			}
			return 200, "ok"
		case "/redirect":
			return 302, ""
		}
		return 404, "404 page not found\n"
	})
}

// goHTTPServer is a Go net/http server: it writes Date, Content-Length, Content-Type
// (text/plain; charset=utf-8) headers.
func goHTTPServer(c *shell.Ctx, port int, handle func(now time.Time, req *netsim.Request) (int, string)) int {
	l, err := c.Sys.Net.Listen(port, c.P)
	if err != nil {
		fmt.Fprintf(c.Stderr, "listen tcp :%d: bind: address already in use\n", port)
		return 1
	}
	c.Sys.Sched.Go(c.P, func(t *proc.Thread) {
		wc := *c
		wc.T = t
		serve(&wc, l, func(t *proc.Thread, conn *netsim.Conn) {
			httpExchange(conn, func(req *netsim.Request) (int, [][2]string, []byte, bool) {
				status, body := handle(t.Now(), req)
				hdr := [][2]string{{"Date", httpDate(t.Now())}, {"Content-Length", strconv.Itoa(len(body))}, {"Content-Type", "text/plain; charset=utf-8"}}
				return status, hdr, []byte(body), false
			})
		})
	})
	c.P.Handler = func(sig int) proc.Action {
		if sig == proc.SIGTERM || sig == proc.SIGINT {
			return proc.Default
		}
		return proc.Default
	}
	if err := c.T.Park(); err != nil {
		return 128 + proc.SIGKILL
	}
	return 0
}

// --- stress (polinux/stress: stress 1.0.4) -----------------------------------------------------------

// Stress is `stress [--cpu N] [--io N] [--vm N [--vm-bytes B] [--vm-hang S]] [--hdd N]
// [-t SECS]`: it prints its info line, forks the workers, and the vm workers allocate their
// bytes (the runtime OOM-kills the container when that passes the memory limit).
func Stress(c *shell.Ctx) int {
	var cpu, io, vm, hdd int
	vmBytes := int64(256 << 20)
	timeout := time.Duration(0)
	args := c.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := ""
		if i+1 < len(args) {
			val = args[i+1]
		}
		switch a {
		case "--cpu", "-c":
			cpu, _ = strconv.Atoi(val)
			i++
		case "--io", "-i":
			io, _ = strconv.Atoi(val)
			i++
		case "--vm", "-m":
			vm, _ = strconv.Atoi(val)
			i++
		case "--hdd", "-d":
			hdd, _ = strconv.Atoi(val)
			i++
		case "--vm-bytes":
			vmBytes = parseBytes(val)
			i++
		case "--timeout", "-t":
			s := strings.TrimSuffix(val, "s")
			n, _ := strconv.Atoi(s)
			timeout = time.Duration(n) * time.Second
			i++
		case "--vm-hang", "--vm-stride", "--hdd-bytes", "--backoff":
			i++
		case "-v", "--verbose", "-q", "--quiet", "--vm-keep":
		default:
			c.NotSimulated("stress option " + a)
		}
	}
	// stress.c: out(... "dispatching hogs: %lld cpu, %lld io, %lld vm, %lld hdd")
	fmt.Fprintf(c.Stdout, "stress: info: [%d] dispatching hogs: %d cpu, %d io, %d vm, %d hdd\n", c.P.PID, cpu, io, vm, hdd)
	var workers []*proc.Process
	for i := 0; i < cpu+io+vm+hdd; i++ {
		w := c.Sys.Procs.NewProcess(c.P, c.P.Argv, c.Now())
		workers = append(workers, w)
		isVM := i >= cpu+io && i < cpu+io+vm
		c.Sys.Sched.Go(w, func(t *proc.Thread) {
			if isVM && c.Sys.Alloc != nil {
				if !c.Sys.Alloc(w, vmBytes) {
					return
				}
			}
			t.Park()
		})
	}
	if timeout > 0 {
		if !c.Sleep(timeout) {
			return 137
		}
		for _, w := range workers {
			w.Kill(proc.SIGKILL)
		}
		fmt.Fprintf(c.Stdout, "stress: info: [%d] successful run completed in %ds\n", c.P.PID, int(timeout.Seconds()))
		return 0
	}
	for _, w := range workers {
		if err := w.Wait(c.T); err != nil {
			return 137
		}
	}
	return 0
}

// parseBytes parses stress sizes: a number with an optional B, K, M, G suffix (powers of 1024).
func parseBytes(s string) int64 {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "G"), strings.HasSuffix(s, "g"):
		mult, s = 1<<30, s[:len(s)-1]
	case strings.HasSuffix(s, "M"), strings.HasSuffix(s, "m"):
		mult, s = 1<<20, s[:len(s)-1]
	case strings.HasSuffix(s, "K"), strings.HasSuffix(s, "k"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(s, "B"), strings.HasSuffix(s, "b"):
		s = s[:len(s)-1]
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n * mult
}
