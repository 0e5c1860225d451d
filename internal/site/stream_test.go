package site

import (
	"bytes"
	"sync"
	"testing"
)

// memOutput is an Output that keeps copies of the files.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(p string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[p]; ok {
		panic("written twice: " + p)
	}
	m.files[p] = bytes.Clone(data)
	return nil
}

// TestStreamingMatchesMemory checks that a build streamed to an Output (each post's page
// written as soon as its body is rendered) makes exactly the files of a build in memory.
func TestStreamingMatchesMemory(t *testing.T) {
	for _, site := range []string{"testdata/sites/native.txtar", "testdata/sites/hexo-seed.txtar"} {
		mem := mustBuild(t, site, Options{})
		out := &memOutput{files: map[string][]byte{}}
		if _, err := buildArchive(t, site, Options{Output: out}); err != nil {
			t.Fatal(err)
		}
		if len(out.files) != len(mem.Files) {
			t.Errorf("%s: %d files streamed, %d in memory", site, len(out.files), len(mem.Files))
		}
		for p, want := range mem.Files {
			if got, ok := out.files[p]; !ok {
				t.Errorf("%s: %s not streamed", site, p)
			} else if !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs:\n%s", site, p, firstDiff(want, got))
			}
		}
	}
}
