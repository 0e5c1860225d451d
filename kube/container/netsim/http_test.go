package netsim

import (
	"bufio"
	"bytes"
	"testing"
)

func TestReadRequestResponse(t *testing.T) {
	req, err := ReadRequest(bufio.NewReader(bytes.NewBufferString("GET /x?y=1 HTTP/1.1\r\nHost: a\r\nUser-Agent: Wget\r\nConnection: close\r\n\r\n")))
	if err != nil || req.Method != "GET" || req.Target != "/x?y=1" || req.Get("user-agent") != "Wget" || req.Get("Connection") != "close" {
		t.Fatalf("%+v %v", req, err)
	}
	tests := []struct {
		in     string
		head   bool
		status int
		body   string
	}{
		{"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", false, 200, "abc"},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", false, 200, "abcde"},
		{"HTTP/1.0 404 Not Found\r\n\r\nbody until close", false, 404, "body until close"},
		{"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", true, 200, ""},
		{"HTTP/1.1 204 No Content\r\n\r\n", false, 204, ""},
	}
	for _, tt := range tests {
		r, err := ReadResponse(bufio.NewReader(bytes.NewBufferString(tt.in)), tt.head)
		if err != nil || r.Status != tt.status || string(r.Body) != tt.body {
			t.Errorf("%q: %+v %v", tt.in, r, err)
		}
	}
	if _, err := ReadResponse(bufio.NewReader(bytes.NewBufferString("SSH-2.0\r\n")), false); err != ErrMalformed {
		t.Errorf("non-HTTP: %v", err)
	}
}

// FuzzHTTP: the request and response parsers never panic.
func FuzzHTTP(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadRequest(bufio.NewReader(bytes.NewReader(data)))
		ReadResponse(bufio.NewReader(bytes.NewReader(data)), false)
		ReadResponse(bufio.NewReader(bytes.NewReader(data)), true)
	})
}
