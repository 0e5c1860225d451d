package servers

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
	"github.com/docbuild/docbuild/kube/shell"
)

// nginxVersion is the image's NGINX_VERSION (docker-nginx Dockerfile ENV).
func nginxVersion(c *shell.Ctx) string {
	if v, ok := c.Getenv("NGINX_VERSION"); ok && v != "" {
		return v
	}
	if v := c.Sys.Versions["nginx"]; v != "" {
		return v
	}
	c.NotSimulated("nginx version unknown")
	return "1.29.8"
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		x, y := 0, 0
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

// NginxEntrypoint is docker-nginx's /docker-entrypoint.sh (entrypoint/docker-entrypoint.sh,
// 10-listen-on-ipv6-by-default.sh, 15-local-resolvers.envsh, 20-envsubst-on-templates.sh,
// 30-tune-worker-processes.sh): when the command is nginx or nginx-debug it runs the
// /docker-entrypoint.d scripts, printing the lines facts.md §8 lists, then execs the command.
func NginxEntrypoint(c *shell.Ctx) int {
	args := c.Argv[1:]
	if len(args) == 0 {
		return 0
	}
	out := c.Stdout
	if _, quiet := c.Getenv("NGINX_ENTRYPOINT_QUIET_LOGS"); !quiet && (args[0] == "nginx" || args[0] == "nginx-debug") {
		version := nginxVersion(c)
		if versionLess(version, "1.25.1") {
			c.NotSimulated("docker-nginx entrypoint output before 1.25.1 (script set differs)")
		}
		me := c.Argv[0]
		names, _ := c.Sys.FS.ReadDir("/docker-entrypoint.d")
		if len(names) == 0 {
			fmt.Fprintf(out, "%s: No files found in /docker-entrypoint.d/, skipping configuration\n", me)
		} else {
			fmt.Fprintf(out, "%s: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n", me)
			fmt.Fprintf(out, "%s: Looking for shell scripts in /docker-entrypoint.d/\n", me)
			for _, n := range names {
				f := "/docker-entrypoint.d/" + n
				switch {
				case strings.HasSuffix(n, ".envsh"):
					fmt.Fprintf(out, "%s: Sourcing %s\n", me, f)
				case strings.HasSuffix(n, ".sh"):
					fmt.Fprintf(out, "%s: Launching %s\n", me, f)
					if n == "10-listen-on-ipv6-by-default.sh" {
						ipv6Script(c, n)
					}
				default:
					fmt.Fprintf(out, "%s: Ignoring %s\n", me, f)
				}
			}
			fmt.Fprintf(out, "%s: Configuration complete; ready for start up\n", me)
		}
		// The scripts ran find, sort, sed, … as child processes: the next PIDs are taken.
		c.Sys.Procs.Reserve(27)
	}
	p, n, err := c.LookPath(args[0])
	if err != nil {
		fmt.Fprintf(c.Stderr, "%s: exec: line 47: %s: not found\n", c.Argv[0], args[0])
		return 127
	}
	c.Argv = args
	return c.RunInode(p, n)
}

// ipv6Script is 10-listen-on-ipv6-by-default.sh: with /proc/net/if_inet6 present and the
// packaged default.conf unmodified, it adds "listen  [::]:80;" after "listen       80;".
func ipv6Script(c *shell.Ctx, me string) {
	const conf = "/etc/nginx/conf.d/default.conf"
	if _, err := c.Sys.FS.Stat("/proc/net/if_inet6"); err != nil {
		fmt.Fprintf(c.Stdout, "%s: info: ipv6 not available\n", me)
		return
	}
	data, err := c.Sys.FS.ReadFile(conf)
	if err != nil {
		fmt.Fprintf(c.Stdout, "%s: info: /%s is not a file or does not exist\n", me, conf[1:])
		return
	}
	if strings.Contains(string(data), "listen  [::]:80;") {
		fmt.Fprintf(c.Stdout, "%s: info: IPv6 listen already enabled\n", me)
		return
	}
	fmt.Fprintf(c.Stdout, "%s: info: Getting the checksum of /%s\n", me, conf[1:])
	if !strings.Contains(string(data), "listen       80;\n    server_name  localhost;") {
		fmt.Fprintf(c.Stdout, "%s: info: /%s differs from the packaged version\n", me, conf[1:])
		return
	}
	mod := strings.Replace(string(data), "listen       80;", "listen       80;\n    listen  [::]:80;", 1)
	c.Sys.FS.WriteFile(conf, []byte(mod), 0o644, vfs.Root())
	fmt.Fprintf(c.Stdout, "%s: info: Enabled listen on IPv6 in /%s\n", me, conf[1:])
}

func entrypointPart(c *shell.Ctx) int {
	c.NotSimulated("running a docker-entrypoint.d script by hand")
	return 0
}

// nginxConf is what the model reads from the configuration.
type nginxConf struct {
	ports   []int
	root    string
	index   []string
	server  string
	workers int
}

func readNginxConf(c *shell.Ctx) nginxConf {
	cf := nginxConf{root: "/usr/share/nginx/html", index: []string{"index.html", "index.htm"}, server: "localhost", workers: c.Sys.CPUs}
	var text string
	if b, err := c.Sys.FS.ReadFile("/etc/nginx/nginx.conf"); err == nil {
		text += string(b)
	}
	names, _ := c.Sys.FS.ReadDir("/etc/nginx/conf.d")
	for _, n := range names {
		if strings.HasSuffix(n, ".conf") {
			if b, err := c.Sys.FS.ReadFile("/etc/nginx/conf.d/" + n); err == nil {
				text += "\n" + string(b)
			}
		}
	}
	seen := map[int]bool{}
	rootSet := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(strings.TrimSuffix(line, ";"))
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "listen":
			p := f[1]
			if i := strings.LastIndexByte(p, ':'); i >= 0 {
				p = p[i+1:]
			}
			if n, err := strconv.Atoi(p); err == nil && !seen[n] {
				seen[n] = true
				cf.ports = append(cf.ports, n)
			}
		case "root":
			if !rootSet {
				cf.root, rootSet = f[1], true
			}
		case "index":
			cf.index = f[1:]
		case "server_name":
			cf.server = f[1]
		case "worker_processes":
			if n, err := strconv.Atoi(f[1]); err == nil {
				cf.workers = n
			}
		}
	}
	if len(cf.ports) == 0 {
		cf.ports = []int{80}
	}
	if cf.workers < 1 {
		cf.workers = 1
	}
	return cf
}

// nginx is one running nginx master.
type nginx struct {
	c       *shell.Ctx
	version string
	conf    nginxConf
	workers []*proc.Process
	conns   int
	stderr  io.Writer
}

func (n *nginx) errlog(pid int, level, msg string, verified bool) {
	line := fmt.Sprintf("%s [%s] %d#%d: %s\n", n.c.Now().UTC().Format("2006/01/02 15:04:05"), level, pid, pid, msg)
	if verified {
		io.WriteString(n.stderr, line)
	} else {
		unverified(n.stderr, line)
	}
}

// Nginx is the nginx binary: `nginx [-g directives]` runs the server (master + workers); `-s
// quit|stop|reload|reopen` signals the running master; `-v`, `-V`, `-t` print and exit.
func Nginx(c *shell.Ctx) int {
	args := c.Argv[1:]
	version := nginxVersion(c)
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-v":
			fmt.Fprintf(c.Stderr, "nginx version: nginx/%s\n", version)
			return 0
		case "-V":
			fmt.Fprintf(c.Stderr, "nginx version: nginx/%s\n", version)
			c.NotSimulated("nginx -V build details")
			return 0
		case "-t", "-T":
			fmt.Fprintf(c.Stderr, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n")
			return 0
		case "-s":
			if i+1 < len(args) {
				return nginxSignal(c, args[i+1])
			}
		}
	}
	n := &nginx{c: c, version: version, conf: readNginxConf(c), stderr: c.Stderr}
	var listeners []*netsim.Listener
	for _, p := range n.conf.ports {
		l, err := c.Sys.Net.Listen(p, c.P)
		if err != nil {
			n.errlog(1, "emerg", fmt.Sprintf("bind() to 0.0.0.0:%d failed (98: Address in use)", p), false)
			fmt.Fprintf(c.Stderr, "nginx: [emerg] bind() to 0.0.0.0:%d failed (98: Address in use)\n", p)
			return 1
		}
		listeners = append(listeners, l)
	}
	c.P.Argv = []string{"nginx: master process " + strings.Join(c.Argv, " ")}
	c.Sys.FS.WriteFile("/var/run/nginx.pid", []byte(strconv.Itoa(c.P.PID)+"\n"), 0o644, vfs.Root())
	pid := c.P.PID
	n.errlog(pid, "notice", `using the "epoll" event method`, true)
	n.errlog(pid, "notice", "nginx/"+version, true)
	n.errlog(pid, "notice", "built by gcc 14.2.0 (Debian 14.2.0-19) ", false)
	n.errlog(pid, "notice", "OS: Linux "+c.Sys.KernelRelease, false)
	n.errlog(pid, "notice", "getrlimit(RLIMIT_NOFILE): 1048576:1048576", false)
	n.errlog(pid, "notice", "start worker processes", true)
	n.startWorkers(listeners)
	c.P.Handler = func(sig int) proc.Action {
		switch sig {
		case proc.SIGQUIT, proc.SIGTERM, proc.SIGINT, proc.SIGHUP, proc.SIGUSR1, proc.SIGWINCH:
			return proc.Handled
		case proc.SIGCHLD, proc.SIGPIPE:
			return proc.Ignore
		}
		return proc.Default
	}
	for {
		sig := waitForSignal(c)
		if sig == 0 {
			return 137
		}
		name := proc.SignalName(sig)
		switch sig {
		case proc.SIGHUP:
			n.errlog(pid, "notice", fmt.Sprintf("signal %d (SIG%s) received from %d, reconfiguring", sig, name, 0), false)
			n.errlog(pid, "notice", "reconfiguring", false)
			old := n.workers
			n.workers = nil
			n.errlog(pid, "notice", "start worker processes", false)
			n.startWorkers(listeners)
			for _, w := range old {
				n.errlog(w.PID, "notice", "gracefully shutting down", false)
				w.Kill(0)
			}
		case proc.SIGUSR1:
			n.errlog(pid, "notice", fmt.Sprintf("signal %d (SIGUSR1) received from %d, reopening logs", sig, 0), false)
		default:
			// QUIT: graceful; TERM/INT: fast. Both end with exit code 0
			// (src/os/unix/ngx_process_cycle.c ngx_master_process_exit).
			how := "shutting down"
			if sig != proc.SIGQUIT {
				how = "exiting"
			}
			n.errlog(pid, "notice", fmt.Sprintf("signal %d (SIG%s) received, %s", sig, name, how), false)
			for _, w := range n.workers {
				if sig == proc.SIGQUIT {
					n.errlog(w.PID, "notice", "gracefully shutting down", false)
				}
				n.errlog(w.PID, "notice", "exiting", false)
				n.errlog(w.PID, "notice", "exit", false)
				n.errlog(pid, "notice", fmt.Sprintf("signal 17 (SIGCHLD) received from %d", w.PID), false)
				n.errlog(pid, "notice", fmt.Sprintf("worker process %d exited with code 0", w.PID), false)
				w.Kill(0)
			}
			n.errlog(pid, "notice", "exit", false)
			for _, l := range listeners {
				l.Close()
			}
			c.Sys.FS.Remove("/var/run/nginx.pid", false, vfs.Root())
			return 0
		}
	}
}

func (n *nginx) startWorkers(listeners []*netsim.Listener) {
	c := n.c
	for i := 0; i < n.conf.workers; i++ {
		w := c.Sys.Procs.NewProcess(c.P, []string{"nginx: worker process"}, c.Now())
		w.UID, w.GID = 101, 101
		n.workers = append(n.workers, w)
		n.errlog(c.P.PID, "notice", fmt.Sprintf("start worker process %d", w.PID), true)
		c.Sys.Sched.Go(w, func(t *proc.Thread) { t.Park() })
	}
	first := n.workers[0]
	for _, l := range listeners {
		l := l
		c.Sys.Sched.Go(first, func(t *proc.Thread) {
			wc := *c
			wc.T, wc.P = t, first
			serve(&wc, l, func(t *proc.Thread, conn *netsim.Conn) {
				n.conns++
				connNo := n.conns
				httpExchange(conn, func(req *netsim.Request) (int, [][2]string, []byte, bool) {
					return n.respond(t, first, connNo, conn, req)
				})
			})
		})
	}
}

// nginxErrorPage is ngx_http_special_response.c's built-in page for status code.
func nginxErrorPage(code int, version string) []byte {
	title := fmt.Sprintf("%d %s", code, reasonPhrase(code))
	return []byte("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx/" + version + "</center>\r\n</body>\r\n</html>\r\n")
}

// mimeType is the type pkg-oss's /etc/nginx/mime.types gives an extension.
func mimeType(ext string) string {
	return map[string]string{
		".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".css": "text/css",
		".xml": "text/xml", ".gif": "image/gif", ".jpeg": "image/jpeg", ".jpg": "image/jpeg",
		".js": "application/javascript", ".txt": "text/plain", ".png": "image/png",
		".svg": "image/svg+xml", ".ico": "image/x-icon", ".json": "application/json",
		".pdf": "application/pdf", ".zip": "application/zip",
	}[ext]
}

func (n *nginx) respond(t *proc.Thread, worker *proc.Process, connNo int, conn *netsim.Conn, req *netsim.Request) (int, [][2]string, []byte, bool) {
	c := n.c
	now := t.Now()
	closing := strings.EqualFold(req.Get("Connection"), "close") || req.Proto == "HTTP/1.0"
	connHdr := "keep-alive"
	if closing {
		connHdr = "close"
	}
	rawPath, _, _ := strings.Cut(req.Target, "?")
	p, err := url.PathUnescape(rawPath)
	status := 200
	var body []byte
	hdr := [][2]string{{"Server", "nginx/" + n.version}, {"Date", httpDate(now)}}
	var file *vfs.Inode
	var fsPath string
	switch {
	case err != nil || !strings.HasPrefix(p, "/"):
		status = 400
		closing = true
	case req.Method != "GET" && req.Method != "HEAD":
		status = 405
	default:
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		fsPath = path.Join(n.conf.root, clean)
		if strings.HasSuffix(clean, "/") {
			found := false
			for _, idx := range n.conf.index {
				if f, err := c.Sys.FS.Stat(path.Join(fsPath, idx)); err == nil && !f.IsDir() {
					fsPath, file, found = path.Join(fsPath, idx), f, true
					break
				}
			}
			if !found {
				if d, err := c.Sys.FS.Stat(fsPath); err == nil && d.IsDir() {
					status = 403
					n.errlog(worker.PID, "error", fmt.Sprintf(`*%d directory index of "%s/" is forbidden, client: %s, server: %s, request: "%s %s %s", host: "%s"`,
						connNo, strings.TrimSuffix(fsPath, "/"), conn.Remote.Addr(), n.conf.server, req.Method, req.Target, req.Proto, req.Get("Host")), false)
				} else {
					status = 404
					n.errlog(worker.PID, "error", fmt.Sprintf(`*%d "%s" is not found (2: No such file or directory), client: %s, server: %s, request: "%s %s %s", host: "%s"`,
						connNo, fsPath+"/"+n.conf.index[0], conn.Remote.Addr(), n.conf.server, req.Method, req.Target, req.Proto, req.Get("Host")), false)
				}
			}
		} else if f, err := c.Sys.FS.Stat(fsPath); err == nil {
			if f.IsDir() {
				status = 301
				hdr = append(hdr, [2]string{"Location", "http://" + req.Get("Host") + p + "/"})
			} else {
				file = f
			}
		} else {
			status = 404
			errno := vfs.ErrnoOf(err)
			n.errlog(worker.PID, "error", fmt.Sprintf(`*%d open() "%s" failed (%d: %s), client: %s, server: %s, request: "%s %s %s", host: "%s"`,
				connNo, fsPath, int(errno), errno.Strerror(), conn.Remote.Addr(), n.conf.server, req.Method, req.Target, req.Proto, req.Get("Host")), false)
		}
	}
	if status == 200 && file != nil {
		if file.Unverified {
			c.NotSimulated("served " + fsPath + ", whose content is not verified")
		}
		data, rerr := c.Sys.FS.ReadFile(fsPath)
		if rerr != nil {
			status = 403
		} else {
			body = data
			ct := mimeType(path.Ext(fsPath))
			if ct == "" {
				ct = "application/octet-stream"
			}
			hdr = append(hdr,
				[2]string{"Content-Type", ct},
				[2]string{"Content-Length", strconv.Itoa(len(body))},
				[2]string{"Last-Modified", httpDate(file.ModTime)},
				[2]string{"Connection", connHdr},
				[2]string{"ETag", fmt.Sprintf(`"%x-%x"`, file.ModTime.Unix(), len(body))},
				[2]string{"Accept-Ranges", "bytes"})
		}
	}
	if status != 200 {
		body = nginxErrorPage(status, n.version)
		hdr = append(hdr,
			[2]string{"Content-Type", "text/html"},
			[2]string{"Content-Length", strconv.Itoa(len(body))},
			[2]string{"Connection", connHdr})
		if status == 301 {
			// Location was added above; move it after Connection like nginx does.
			for i, kv := range hdr {
				if kv[0] == "Location" {
					hdr = append(append(hdr[:i:i], hdr[i+1:]...), kv)
					break
				}
			}
		}
	}
	sent := len(body)
	if req.Method == "HEAD" {
		sent = 0
	}
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	// pkg-oss nginx.conf log_format main.
	fmt.Fprintf(c.Stdout, "%s - - [%s] \"%s %s %s\" %d %d \"%s\" \"%s\" \"%s\"\n",
		conn.Remote.Addr(), now.UTC().Format("02/Jan/2006:15:04:05 -0700"), req.Method, req.Target, req.Proto,
		status, sent, dash(req.Get("Referer")), dash(req.Get("User-Agent")), dash(req.Get("X-Forwarded-For")))
	return status, hdr, body, closing
}

// nginxSignal is `nginx -s SIGNAL`: it reads the master's PID from /var/run/nginx.pid and
// signals it (src/core/ngx_cycle.c ngx_signal_process).
func nginxSignal(c *shell.Ctx, name string) int {
	sig := map[string]int{"stop": proc.SIGTERM, "quit": proc.SIGQUIT, "reopen": proc.SIGUSR1, "reload": proc.SIGHUP}[name]
	if sig == 0 {
		fmt.Fprintf(c.Stderr, "nginx: invalid option: \"-s %s\"\n", name)
		return 1
	}
	unverified(c.Stderr, fmt.Sprintf("%s [notice] %d#%d: signal process started\n", c.Now().UTC().Format("2006/01/02 15:04:05"), c.P.PID, c.P.PID))
	data, err := c.Sys.FS.ReadFile("/var/run/nginx.pid")
	if err != nil {
		fmt.Fprintf(c.Stderr, "%s [error] %d#%d: open() \"/var/run/nginx.pid\" failed (2: No such file or directory)\n", c.Now().UTC().Format("2006/01/02 15:04:05"), c.P.PID, c.P.PID)
		return 1
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	if p := c.Sys.Procs.Get(pid); p != nil {
		p.Signal(sig)
	}
	return 0
}
