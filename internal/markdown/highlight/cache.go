package highlight

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// cache maps a content key (see Highlighter.key) to highlighted HTML.
//
// In memory it keeps two generations: lookups hit the current one, then the
// previous one (promoting the entry); when the current generation holds
// more than half the byte budget it becomes the previous one and the old
// previous generation is dropped. That bounds memory for a long `serve`
// session while keeping every block of the latest build.
//
// On disk (when dir is set) each entry is one file dir/ab/abcdef….html
// holding a header line "docbuild-highlight <sha256 of body>\n" and the
// body. Files are written to a temporary name and renamed, so a reader
// never sees half an entry; an entry whose checksum does not match is
// ignored (and overwritten by the next put).
type cache struct {
	mu       sync.Mutex
	cur, old map[[32]byte]string
	curBytes int64
	max      int64 // <0: no memory cache
	dir      string

	memHits, diskHits, misses, diskErrors atomic.Int64
}

func newCache(max int64, dir string) *cache {
	return &cache{cur: map[[32]byte]string{}, old: map[[32]byte]string{}, max: max, dir: dir}
}

func (c *cache) stats() Stats {
	return Stats{
		MemoryHits: c.memHits.Load(),
		DiskHits:   c.diskHits.Load(),
		Misses:     c.misses.Load(),
		DiskErrors: c.diskErrors.Load(),
	}
}

func (c *cache) get(k [32]byte) (string, bool) {
	if c.max >= 0 {
		c.mu.Lock()
		v, ok := c.cur[k]
		if !ok {
			if v, ok = c.old[k]; ok {
				c.addLocked(k, v)
			}
		}
		c.mu.Unlock()
		if ok {
			c.memHits.Add(1)
			return v, true
		}
	}
	if c.dir != "" {
		if v, ok := c.readFile(k); ok {
			c.diskHits.Add(1)
			c.putMemory(k, v)
			return v, true
		}
	}
	c.misses.Add(1)
	return "", false
}

func (c *cache) put(k [32]byte, v string) {
	c.putMemory(k, v)
	if c.dir != "" {
		if err := c.writeFile(k, v); err != nil {
			c.diskErrors.Add(1)
		}
	}
}

func (c *cache) putMemory(k [32]byte, v string) {
	if c.max < 0 {
		return
	}
	c.mu.Lock()
	c.addLocked(k, v)
	c.mu.Unlock()
}

func (c *cache) addLocked(k [32]byte, v string) {
	if _, ok := c.cur[k]; ok {
		return
	}
	size := int64(len(v)) + 64
	if c.curBytes+size > c.max/2 && len(c.cur) > 0 {
		c.old, c.cur, c.curBytes = c.cur, map[[32]byte]string{}, 0
	}
	c.cur[k] = v
	c.curBytes += size
}

const diskMagic = "docbuild-highlight "

func (c *cache) path(k [32]byte) string {
	h := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, h[:2], h+".html")
}

func (c *cache) readFile(k [32]byte) (string, bool) {
	data, err := os.ReadFile(c.path(k))
	if err != nil {
		return "", false
	}
	body, ok := decodeEntry(data)
	if !ok {
		c.diskErrors.Add(1)
		return "", false
	}
	return string(body), true
}

// decodeEntry checks an entry file and returns its body.
func decodeEntry(data []byte) ([]byte, bool) {
	const hdr = len(diskMagic) + 64 + 1
	if len(data) < hdr || !bytes.HasPrefix(data, []byte(diskMagic)) || data[hdr-1] != '\n' {
		return nil, false
	}
	var want [32]byte
	if _, err := hex.Decode(want[:], data[len(diskMagic):hdr-1]); err != nil {
		return nil, false
	}
	body := data[hdr:]
	if sha256.Sum256(body) != want {
		return nil, false
	}
	return body, true
}

func encodeEntry(v string) []byte {
	sum := sha256.Sum256([]byte(v))
	out := make([]byte, 0, len(diskMagic)+65+len(v))
	out = append(out, diskMagic...)
	out = hex.AppendEncode(out, sum[:])
	out = append(out, '\n')
	return append(out, v...)
}

func (c *cache) writeFile(k [32]byte, v string) error {
	p := c.path(k)
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(encodeEntry(v))
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp)
		if werr != nil {
			return werr
		}
		return cerr
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
