package page

import (
	"bytes"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name               string
		src                string
		data, body         string
		noData             bool
		json, prefixed     bool
		unclosed           bool
		dataLine, bodyLine int
	}{
		{name: "yaml", src: "---\ntitle: a\n---\nbody\n", data: "title: a\n", body: "body\n", prefixed: true, dataLine: 2, bodyLine: 4},
		{name: "longer separator", src: "-----\ntitle: a\n-----\nbody", data: "title: a\n", body: "body", prefixed: true, dataLine: 2, bodyLine: 4},
		{name: "json", src: ";;;\n\"title\": \"a\"\n;;;\nbody", data: "\"title\": \"a\"\n", body: "body", json: true, prefixed: true, dataLine: 2, bodyLine: 4},
		{name: "crlf", src: "---\r\ntitle: a\r\n---\r\nbody\r\n", data: "title: a\r\n", body: "body\r\n", prefixed: true, dataLine: 2, bodyLine: 4},
		{name: "bom", src: "\ufeff---\ntitle: a\n---\nb", data: "title: a\n", body: "b", prefixed: true, dataLine: 2, bodyLine: 4},
		{name: "empty front matter", src: "---\n---\nbody", data: "", body: "body", prefixed: true, dataLine: 2, bodyLine: 3},
		{name: "closing at end of file", src: "---\na: 1\n---", data: "a: 1\n", body: "", prefixed: true, dataLine: 2, bodyLine: 3},
		{name: "closing must be a whole line", src: "---\na: 1\n--- x\n---\nb", data: "a: 1\n--- x\n", body: "b", prefixed: true, dataLine: 2, bodyLine: 5},
		{name: "separators must match", src: "---\na: 1\n;;;\n---\nb", data: "a: 1\n;;;\n", body: "b", prefixed: true, dataLine: 2, bodyLine: 5},
		{name: "unclosed", src: "---\ntitle: a\nbody\n", noData: true, body: "---\ntitle: a\nbody\n", prefixed: true, unclosed: true, bodyLine: 1},
		{name: "only separator", src: "---", noData: true, body: "---", prefixed: true, unclosed: true, bodyLine: 1},
		{name: "hexo form without prefix", src: "title: a\ndate: 2020-01-01\n---\nbody", data: "title: a\ndate: 2020-01-01\n", body: "body", dataLine: 1, bodyLine: 4},
		{name: "none", src: "# Hello\n\ntext\n", noData: true, body: "# Hello\n\ntext\n", bodyLine: 1},
		{name: "empty", src: "", noData: true, body: "", bodyLine: 1},
		{name: "two dashes are not a separator", src: "--\na\n--\n", noData: true, body: "--\na\n--\n", bodyLine: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm := Split([]byte(tt.src))
			if tt.noData != (fm.Data == nil) {
				t.Fatalf("Data = %q, want nil: %v", fm.Data, tt.noData)
			}
			if !tt.noData && string(fm.Data) != tt.data {
				t.Errorf("Data = %q, want %q", fm.Data, tt.data)
			}
			if string(fm.Body) != tt.body {
				t.Errorf("Body = %q, want %q", fm.Body, tt.body)
			}
			if fm.JSON != tt.json || fm.Prefixed != tt.prefixed || fm.Unclosed != tt.unclosed {
				t.Errorf("JSON, Prefixed, Unclosed = %v %v %v, want %v %v %v", fm.JSON, fm.Prefixed, fm.Unclosed, tt.json, tt.prefixed, tt.unclosed)
			}
			if fm.DataLine != tt.dataLine || fm.BodyLine != tt.bodyLine {
				t.Errorf("DataLine, BodyLine = %d %d, want %d %d", fm.DataLine, fm.BodyLine, tt.dataLine, tt.bodyLine)
			}
		})
	}
}

// FuzzSplit checks Split's invariants on any input: the body is a suffix of the input,
// BodyLine is the line where it starts, and the data (if any) lies before the body.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"---\na: 1\n---\nb", ";;;\n\"a\": 1\n;;;\n", "a: 1\n---\nb", "---\n", "\ufeff---\r\n---\r\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm := Split(src)
		in := bytes.TrimPrefix(src, []byte("\ufeff"))
		if !bytes.HasSuffix(in, fm.Body) {
			t.Fatalf("body %q is not a suffix of %q", fm.Body, in)
		}
		start := len(in) - len(fm.Body)
		if want := 1 + bytes.Count(in[:start], []byte("\n")); fm.BodyLine != want {
			t.Fatalf("BodyLine = %d, want %d", fm.BodyLine, want)
		}
		if fm.Data != nil {
			// Data is a sub-slice of the input: its offset follows from the capacities.
			i := cap(in) - cap(fm.Data)
			if i < 0 || i+len(fm.Data) > start {
				t.Fatalf("data %q not before body in %q", fm.Data, in)
			}
			if want := 1 + bytes.Count(in[:i], []byte("\n")); len(fm.Data) > 0 && fm.DataLine != want {
				t.Fatalf("DataLine = %d, want %d", fm.DataLine, want)
			}
		} else if start != 0 {
			t.Fatalf("no data but body starts at %d", start)
		}
	})
}
