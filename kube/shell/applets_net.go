package shell

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/docbuild/docbuild/kube/container/netsim"
	"github.com/docbuild/docbuild/kube/container/proc"
	"github.com/docbuild/docbuild/kube/container/vfs"
)

// url is a parsed http:// URL.
type url struct {
	scheme, host, hostPort, path string
	port                         int
}

func parseURL(s string) (url, bool) {
	u := url{scheme: "http", port: 80}
	if i := strings.Index(s, "://"); i >= 0 {
		u.scheme = strings.ToLower(s[:i])
		s = s[i+3:]
	}
	if u.scheme == "https" {
		u.port = 443
	}
	hp, p, _ := strings.Cut(s, "/")
	u.path = "/" + p
	if i := strings.LastIndexByte(hp, '@'); i >= 0 {
		hp = hp[i+1:]
	}
	u.hostPort = hp
	u.host = hp
	if h, port, ok := strings.Cut(hp, ":"); ok && !strings.Contains(port, ":") {
		n, err := strconv.Atoi(port)
		if err != nil {
			return u, false
		}
		u.host, u.port = h, n
	}
	if u.host == "" {
		return u, false
	}
	return u, true
}

// resolve turns a host into an address with the container's resolver (/etc/hosts first).
func (t *tool) resolve(host string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return a, true
	}
	if t.Sys.Resolve == nil {
		return netip.Addr{}, false
	}
	addrs, _, ok := t.Sys.Resolve(host)
	if !ok || len(addrs) == 0 {
		return netip.Addr{}, false
	}
	return addrs[0], true
}

func (t *tool) dial(a netip.Addr, port int, timeout time.Duration) (*netsim.Conn, error) {
	if t.Sys.Net == nil {
		return nil, netsim.ErrUnreachable
	}
	return t.Sys.Net.Dial(t.T, netip.AddrPortFrom(a, uint16(port)), timeout)
}

// --- wget (busybox networking/wget.c) -------------------------------------------------------

func wgetMain(t *tool) int {
	var quiet, spider, serverResp bool
	outName := ""
	haveOut := false
	timeout := 0 * time.Second
	agent := "Wget"
	var headers [][2]string
	var urls []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch {
		case a == "--spider":
			spider = true
		case a == "--quiet":
			quiet = true
		case a == "--server-response":
			serverResp = true
		case strings.HasPrefix(a, "--output-document="):
			outName, haveOut = strings.TrimPrefix(a, "--output-document="), true
		case a == "--output-document":
			outName, haveOut = val(), true
		case strings.HasPrefix(a, "--timeout="):
			n, _ := strconv.Atoi(strings.TrimPrefix(a, "--timeout="))
			timeout = time.Duration(n) * time.Second
		case a == "--header":
			k, v, _ := strings.Cut(val(), ":")
			headers = append(headers, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		case strings.HasPrefix(a, "--user-agent="):
			agent = strings.TrimPrefix(a, "--user-agent=")
		case strings.HasPrefix(a, "--"):
			t.NotSimulated("wget option " + a)
		case len(a) > 1 && a[0] == '-':
			for k := 1; k < len(a); k++ {
				switch a[k] {
				case 'q':
					quiet = true
				case 'S':
					serverResp = true
				case 'c', 's':
				case 'O', 'T', 'U', 'P', 'Y', 't':
					v := a[k+1:]
					if v == "" {
						v = val()
					}
					switch a[k] {
					case 'O':
						outName, haveOut = v, true
					case 'T':
						n, _ := strconv.Atoi(v)
						timeout = time.Duration(n) * time.Second
					case 'U':
						agent = v
					}
					k = len(a)
				default:
					t.NotSimulated("wget option -" + string(a[k]))
				}
			}
		default:
			urls = append(urls, a)
		}
	}
	if len(urls) == 0 {
		t.NotSimulated("wget usage text")
		return 1
	}
	for _, raw := range urls {
		if code := t.wgetOne(raw, quiet, spider, serverResp, outName, haveOut, timeout, agent, headers); code != 0 {
			return code
		}
	}
	return 0
}

func (t *tool) wgetOne(raw string, quiet, spider, serverResp bool, outName string, haveOut bool, timeout time.Duration, agent string, headers [][2]string) int {
	u, ok := parseURL(raw)
	if !ok {
		t.errf("bad address '%s'", raw)
		return 1
	}
	if u.scheme != "http" {
		t.NotSimulated("wget " + u.scheme + "://")
		return 1
	}
	for redirects := 0; redirects < 5; redirects++ {
		addr, ok := t.resolve(u.host)
		if !ok {
			// libbb xhost2sockaddr → str2sockaddr: bb_error_msg_and_die("bad address '%s'", host).
			t.errf("bad address '%s'", u.host)
			return 1
		}
		if !quiet {
			fmt.Fprintf(t.Stderr, "Connecting to %s (%s)\n", u.hostPort, netip.AddrPortFrom(addr, uint16(u.port)))
		}
		conn, err := t.dial(addr, u.port, timeout)
		if err != nil {
			if errors.Is(err, proc.ErrKilled) {
				return 137
			}
			if errors.Is(err, netsim.ErrTimedOut) && timeout > 0 {
				t.errf("download timed out")
				return 1
			}
			// libbb xconnect: bb_perror_msg_and_die("%s (%s)", "can't connect to remote host", ip).
			var de *netsim.DialError
			msg := err.Error()
			if errors.As(err, &de) {
				msg = de.Err.Error()
			}
			t.errf("can't connect to remote host (%s): %s", addr, msg)
			return 1
		}
		hdr := [][2]string{{"Host", u.hostPort}, {"User-Agent", agent}, {"Connection", "close"}}
		hdr = append(hdr, headers...)
		netsim.WriteRequest(conn, "GET", u.path, hdr, nil)
		br := bufio.NewReader(conn)
		resp, err := netsim.ReadResponse(br, false)
		conn.Close()
		if err != nil && resp == nil {
			if errors.Is(err, proc.ErrKilled) {
				return 137
			}
			t.errf("error getting response: Connection reset by peer")
			t.NotSimulated("wget on a connection that closed early")
			return 1
		}
		if serverResp {
			fmt.Fprintf(t.Stderr, "  %s\n", resp.StatusLine)
			for _, kv := range resp.Header {
				fmt.Fprintf(t.Stderr, "  %s: %s\n", kv[0], kv[1])
			}
		}
		switch {
		case resp.Status >= 200 && resp.Status <= 204:
		case resp.Status >= 300 && resp.Status <= 303 && resp.Get("Location") != "":
			loc := resp.Get("Location")
			if strings.HasPrefix(loc, "/") {
				u.path = loc
			} else if nu, ok := parseURL(loc); ok {
				u = nu
			}
			continue
		default:
			t.errf("server returned error: %s", resp.StatusLine)
			return 1
		}
		if spider {
			return 0
		}
		toStdout := haveOut && outName == "-"
		name := outName
		if !haveOut {
			name = path.Base(u.path)
			if name == "/" || name == "." || name == "" || strings.HasSuffix(u.path, "/") {
				name = "index.html"
			}
		}
		if !quiet {
			if toStdout {
				fmt.Fprintf(t.Stderr, "writing to stdout\n")
			} else {
				fmt.Fprintf(t.Stderr, "saving to '%s'\n", name)
			}
			t.NotSimulated("wget progress bar")
		}
		if toStdout {
			t.Stdout.Write(resp.Body)
		} else {
			flags := vfs.OWrite | vfs.OCreate | vfs.OTrunc
			if !haveOut {
				flags |= vfs.OExcl
			}
			h, err := t.Sys.FS.Open(t.Abs(name), flags, 0o644, t.Cred())
			if err != nil {
				t.cantOpen(name, err)
				return 1
			}
			h.Write(resp.Body)
		}
		if !quiet {
			if toStdout {
				fmt.Fprintf(t.Stderr, "written to stdout\n")
			} else {
				fmt.Fprintf(t.Stderr, "'%s' saved\n", name)
			}
		}
		return 0
	}
	t.errf("too many redirections")
	return 1
}

// --- nc (busybox networking/nc.c) -----------------------------------------------------------

func ncMain(t *tool) int {
	var listen, zero, verbose bool
	port := ""
	wait := time.Duration(0)
	var rest []string
	args := t.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) > 1 && a[0] == '-' {
			for k := 1; k < len(a); k++ {
				switch a[k] {
				case 'l':
					listen = true
				case 'z':
					zero = true
				case 'v':
					verbose = true
				case 'k', 'n', 'N':
				case 'p', 'w', 'i', 'q', 'e':
					v := a[k+1:]
					if v == "" && i+1 < len(args) {
						i++
						v = args[i]
					}
					switch a[k] {
					case 'p':
						port = v
					case 'w':
						n, _ := strconv.Atoi(v)
						wait = time.Duration(n) * time.Second
					case 'e':
						t.NotSimulated("nc -e")
					}
					k = len(a)
				default:
					t.NotSimulated("nc option -" + string(a[k]))
				}
			}
			continue
		}
		rest = append(rest, a)
	}
	in := orEmpty(t.Stdin)
	if listen {
		if port == "" && len(rest) > 0 {
			port = rest[len(rest)-1]
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			t.NotSimulated("nc -l without port")
			return 1
		}
		l, err := t.Sys.Net.Listen(p, t.P)
		if err != nil {
			t.errf("bind: Address in use")
			return 1
		}
		conn, err := l.Accept(t.T)
		l.Close()
		if err != nil {
			return 137
		}
		return t.pump(conn, in)
	}
	if len(rest) < 2 {
		t.NotSimulated("nc usage text")
		return 1
	}
	addr, ok := t.resolve(rest[0])
	if !ok {
		t.errf("bad address '%s'", rest[0])
		return 1
	}
	p, err := strconv.Atoi(rest[1])
	if err != nil {
		t.errf("bad port '%s'", rest[1])
		return 1
	}
	conn, err := t.dial(addr, p, wait)
	if err != nil {
		if errors.Is(err, proc.ErrKilled) {
			return 137
		}
		var de *netsim.DialError
		msg := err.Error()
		if errors.As(err, &de) {
			msg = de.Err.Error()
		}
		if zero && !verbose {
			return 1
		}
		t.errf("can't connect to remote host (%s): %s", addr, msg)
		return 1
	}
	if zero {
		if verbose {
			fmt.Fprintf(t.Stderr, "%s (%s:%d) open\n", rest[0], addr, p)
			t.NotSimulated("nc -zv output")
		}
		conn.Close()
		return 0
	}
	return t.pump(conn, in)
}

// pump copies stdin to the connection (then half-closes) and the connection to stdout.
func (t *tool) pump(conn *netsim.Conn, in io.Reader) int {
	data, _ := io.ReadAll(in)
	if len(data) > 0 {
		conn.Write(data)
	}
	conn.CloseWrite()
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			t.Stdout.Write(buf[:n])
		}
		if err != nil {
			if errors.Is(err, proc.ErrKilled) {
				return 137
			}
			break
		}
	}
	conn.Close()
	return 0
}

// --- curl ------------------------------------------------------------------------------------

func curlMain(c *Ctx) int {
	t := &tool{Ctx: c, name: "curl", style: GNU}
	var silent, showErr, fail, head, include, location, verbose bool
	outName := ""
	method := "GET"
	var data []byte
	var headers [][2]string
	agent := "curl/" + curlVersion(c)
	var urls []string
	args := c.Argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		val := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch a {
		case "-s", "--silent":
			silent = true
		case "-S", "--show-error":
			showErr = true
		case "-f", "--fail":
			fail = true
		case "-I", "--head":
			head, method = true, "HEAD"
		case "-i", "--include":
			include = true
		case "-L", "--location":
			location = true
		case "-v", "--verbose":
			verbose = true
		case "-o", "--output":
			outName = val()
		case "-X", "--request":
			method = val()
		case "-d", "--data":
			data = []byte(val())
			if method == "GET" {
				method = "POST"
			}
		case "-H", "--header":
			k, v, _ := strings.Cut(val(), ":")
			headers = append(headers, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		case "-A", "--user-agent":
			agent = val()
		case "-m", "--max-time", "--connect-timeout":
			val()
		case "-k", "--insecure", "-sS", "-fsSL", "-fsS", "-sSL", "-sL":
			if strings.Contains(a, "s") && a != "-k" {
				silent = true
			}
			if strings.Contains(a, "S") {
				showErr = true
			}
			if strings.Contains(a, "f") {
				fail = true
			}
			if strings.Contains(a, "L") {
				location = true
			}
		default:
			if strings.HasPrefix(a, "-") {
				t.NotSimulated("curl option " + a)
				continue
			}
			urls = append(urls, a)
		}
	}
	if verbose {
		t.NotSimulated("curl -v")
	}
	if len(urls) == 0 {
		fmt.Fprintln(c.Stderr, "curl: try 'curl --help' or 'curl --manual' for more information")
		return 2
	}
	if !silent && !c.TTY {
		t.NotSimulated("curl progress meter (timings)")
	}
	curlErr := func(code int, msg string) int {
		if !silent || showErr {
			fmt.Fprintf(c.Stderr, "curl: (%d) %s\n", code, msg)
		}
		return code
	}
	u, ok := parseURL(urls[0])
	if !ok {
		return curlErr(3, "URL rejected: Malformed input to a URL function")
	}
	if u.scheme != "http" {
		t.NotSimulated("curl " + u.scheme + "://")
		return 0
	}
	for hops := 0; hops < 50; hops++ {
		addr, ok := t.resolve(u.host)
		if !ok {
			return curlErr(6, "Could not resolve host: "+u.host)
		}
		conn, err := t.dial(addr, u.port, 0)
		if err != nil {
			if errors.Is(err, proc.ErrKilled) {
				return 137
			}
			t.NotSimulated("curl connect error wording (curl version)")
			reason := "Could not connect to server"
			if errors.Is(err, netsim.ErrTimedOut) {
				return curlErr(28, fmt.Sprintf("Failed to connect to %s port %d after %d ms: Timeout was reached", u.host, u.port, netsim.ConnectTimeout.Milliseconds()))
			}
			return curlErr(7, fmt.Sprintf("Failed to connect to %s port %d after 0 ms: %s", u.host, u.port, reason))
		}
		hdr := [][2]string{{"Host", u.hostPort}, {"User-Agent", agent}, {"Accept", "*/*"}}
		if len(data) > 0 {
			hdr = append(hdr, [2]string{"Content-Length", strconv.Itoa(len(data))}, [2]string{"Content-Type", "application/x-www-form-urlencoded"})
		}
		hdr = append(hdr, headers...)
		netsim.WriteRequest(conn, method, u.path, hdr, data)
		resp, err := netsim.ReadResponse(bufio.NewReader(conn), head)
		conn.Close()
		if resp == nil {
			return curlErr(52, "Empty reply from server")
		}
		if location && resp.Status >= 300 && resp.Status < 400 && resp.Get("Location") != "" {
			loc := resp.Get("Location")
			if strings.HasPrefix(loc, "/") {
				u.path = loc
			} else if nu, ok := parseURL(loc); ok {
				u = nu
			}
			continue
		}
		if fail && resp.Status >= 400 {
			return curlErr(22, fmt.Sprintf("The requested URL returned error: %d", resp.Status))
		}
		var out strings.Builder
		if include || head {
			out.WriteString(resp.StatusLine + "\r\n")
			for _, kv := range resp.Header {
				out.WriteString(kv[0] + ": " + kv[1] + "\r\n")
			}
			out.WriteString("\r\n")
		}
		out.Write(resp.Body)
		if outName != "" && outName != "-" {
			if err := c.Sys.FS.WriteFile(c.Abs(outName), []byte(out.String()), 0o644, c.Cred()); err != nil {
				return curlErr(23, "Failure writing output to destination")
			}
			return 0
		}
		io.WriteString(c.Stdout, out.String())
		return 0
	}
	return curlErr(47, "Maximum (50) redirects followed")
}

func curlVersion(c *Ctx) string {
	if v := c.Sys.Versions["curl"]; v != "" {
		return v
	}
	c.NotSimulated("curl version (User-Agent)")
	return "8.14.1"
}

// --- nslookup (busybox networking/nslookup.c) -----------------------------------------------

func nslookupMain(t *tool) int {
	args := t.Argv[1:]
	var names []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			names = append(names, a)
		}
	}
	if len(names) == 0 {
		t.NotSimulated("nslookup usage")
		return 1
	}
	name := names[0]
	server := t.Sys.DNSServer
	oldStyle := busyboxBefore(t.Sys.Versions["busybox"], "1.29")
	if t.style == GNU {
		t.NotSimulated("bind nslookup")
		oldStyle = false
	}
	addrs, fqdn, ok := []netip.Addr(nil), "", false
	if a, err := netip.ParseAddr(name); err == nil {
		addrs, fqdn, ok = []netip.Addr{a}, name, true
	} else if t.Sys.Resolve != nil {
		addrs, fqdn, ok = t.Sys.Resolve(name)
	}
	var b strings.Builder
	if oldStyle {
		// busybox ≤ 1.28 nslookup (getaddrinfo based): "Server:    %s" / "Address 1: %s %s".
		srvName := ""
		if t.Sys.ReverseResolve != nil {
			srvName, _ = t.Sys.ReverseResolve(server)
		}
		fmt.Fprintf(&b, "Server:    %s\n", server)
		if srvName != "" {
			fmt.Fprintf(&b, "Address 1: %s %s\n\n", server, srvName)
		} else {
			fmt.Fprintf(&b, "Address 1: %s\n\n", server)
		}
		io.WriteString(t.Stdout, b.String())
		if !ok {
			t.errf("can't resolve '%s'", name)
			return 1
		}
		b.Reset()
		fmt.Fprintf(&b, "Name:      %s\n", name)
		for i, a := range addrs {
			rn := fqdn
			if t.Sys.ReverseResolve != nil {
				if n, ok := t.Sys.ReverseResolve(a); ok {
					rn = n
				}
			}
			fmt.Fprintf(&b, "Address %d: %s %s\n", i+1, a, rn)
		}
		io.WriteString(t.Stdout, b.String())
		return 0
	}
	t.NotSimulated("busybox ≥ 1.29 nslookup output layout and search-domain behaviour")
	fmt.Fprintf(&b, "Server:\t\t%s\n", server)
	fmt.Fprintf(&b, "Address:\t%s:53\n\n", server)
	if !ok {
		fmt.Fprintf(&b, "** server can't find %s: NXDOMAIN\n\n", name)
		io.WriteString(t.Stdout, b.String())
		return 1
	}
	for _, a := range addrs {
		fmt.Fprintf(&b, "Name:\t%s\nAddress: %s\n\n", fqdn, a)
	}
	io.WriteString(t.Stdout, b.String())
	return 0
}

// busyboxBefore reports whether version v (e.g. "1.28.4") is older than "1.29".
func busyboxBefore(v, than string) bool {
	if v == "" {
		return false
	}
	pv, pt := strings.Split(v, "."), strings.Split(than, ".")
	for i := 0; i < len(pt); i++ {
		a, b := 0, 0
		if i < len(pv) {
			a, _ = strconv.Atoi(pv[i])
		}
		b, _ = strconv.Atoi(pt[i])
		if a != b {
			return a < b
		}
	}
	return false
}
