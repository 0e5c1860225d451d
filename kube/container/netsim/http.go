package netsim

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Request is an HTTP/1.x request as it came over the wire.
type Request struct {
	Method, Target, Proto string
	Header                [][2]string
	Body                  []byte
}

// Get returns the first value of a header (case-insensitive).
func (r *Request) Get(name string) string { return getHeader(r.Header, name) }

// Response is an HTTP/1.x response.
type Response struct {
	Proto  string
	Status int
	Reason string
	Header [][2]string
	Body   []byte
	// StatusLine is the first line as received (without CRLF).
	StatusLine string
}

// Get returns the first value of a header (case-insensitive).
func (r *Response) Get(name string) string { return getHeader(r.Header, name) }

func getHeader(h [][2]string, name string) string {
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			return kv[1]
		}
	}
	return ""
}

// ErrMalformed is a request or response that is not HTTP.
var ErrMalformed = errors.New("malformed HTTP message")

func readLine(br *bufio.Reader) (string, error) {
	line, err := br.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func readHeaders(br *bufio.Reader) ([][2]string, error) {
	var h [][2]string
	for {
		line, err := readLine(br)
		if err != nil {
			return h, err
		}
		if line == "" {
			return h, nil
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		h = append(h, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
}

// ReadRequest reads one request (headers and a Content-Length body).
func ReadRequest(br *bufio.Reader) (*Request, error) {
	line, err := readLine(br)
	if err != nil {
		return nil, err
	}
	f := strings.Fields(line)
	if len(f) < 2 {
		return nil, ErrMalformed
	}
	r := &Request{Method: f[0], Target: f[1], Proto: "HTTP/0.9"}
	if len(f) > 2 {
		r.Proto = f[2]
	}
	if r.Proto == "HTTP/0.9" {
		return r, nil
	}
	r.Header, err = readHeaders(br)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if n, _ := strconv.Atoi(r.Get("Content-Length")); n > 0 {
		r.Body = make([]byte, n)
		if _, err := io.ReadFull(br, r.Body); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// WriteRequest writes a request with the given headers in order.
func WriteRequest(w io.Writer, method, target string, header [][2]string, body []byte) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", method, target)
	for _, kv := range header {
		fmt.Fprintf(&b, "%s: %s\r\n", kv[0], kv[1])
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if len(body) > 0 {
		_, err := w.Write(body)
		return err
	}
	return nil
}

// ReadResponse reads a response; head means the request was HEAD (no body).
func ReadResponse(br *bufio.Reader, head bool) (*Response, error) {
	line, err := readLine(br)
	if err != nil {
		return nil, err
	}
	f := strings.SplitN(line, " ", 3)
	if len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
		return nil, ErrMalformed
	}
	r := &Response{Proto: f[0], StatusLine: line}
	r.Status, _ = strconv.Atoi(f[1])
	if len(f) > 2 {
		r.Reason = f[2]
	}
	r.Header, err = readHeaders(br)
	if err != nil && err != io.EOF {
		return r, err
	}
	if head || r.Status == 204 || r.Status == 304 || r.Status/100 == 1 {
		return r, nil
	}
	switch {
	case strings.EqualFold(r.Get("Transfer-Encoding"), "chunked"):
		for {
			szLine, err := readLine(br)
			if err != nil {
				return r, err
			}
			sz, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(szLine, ";", 2)[0]), 16, 64)
			if err != nil {
				return r, ErrMalformed
			}
			if sz == 0 {
				readHeaders(br)
				return r, nil
			}
			chunk := make([]byte, sz)
			if _, err := io.ReadFull(br, chunk); err != nil {
				return r, err
			}
			r.Body = append(r.Body, chunk...)
			readLine(br)
		}
	case r.Get("Content-Length") != "":
		n, err := strconv.ParseInt(r.Get("Content-Length"), 10, 64)
		if err != nil || n < 0 {
			return r, ErrMalformed
		}
		r.Body = make([]byte, n)
		_, err = io.ReadFull(br, r.Body)
		return r, err
	default:
		r.Body, err = io.ReadAll(br)
		return r, err
	}
}
