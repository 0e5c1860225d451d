package servers

import (
	"bufio"
	"bytes"
	"testing"
)

func TestRedisCommands(t *testing.T) {
	store := map[string]string{}
	tests := []struct{ in, want string }{
		{"*1\r\n$4\r\nPING\r\n", "+PONG\r\n"},
		{"PING\r\n", "+PONG\r\n"},
		{"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", "+OK\r\n"},
		{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "$1\r\nv\r\n"},
		{"GET nope\r\n", "$-1\r\n"},
		{"INCR n\r\n", ":1\r\n"},
		{"GET\r\n", "-ERR wrong number of arguments for 'get' command\r\n"},
		{"FOO a b\r\n", "-ERR unknown command 'FOO', with args beginning with: 'a' 'b'\r\n"},
	}
	for _, tt := range tests {
		args, err := readRESP(bufio.NewReader(bytes.NewBufferString(tt.in)))
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if got := redisCommand(args, store); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzRESP: the RESP reader and command dispatcher never panic.
func FuzzRESP(f *testing.F) {
	f.Add([]byte("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"))
	f.Add([]byte("*1\r\n$-5\r\n"))
	f.Add([]byte("*9999999\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReader(bytes.NewReader(data))
		for i := 0; i < 10; i++ {
			args, err := readRESP(br)
			if err != nil {
				return
			}
			if len(args) > 0 {
				redisCommand(args, map[string]string{})
			}
		}
	})
}
