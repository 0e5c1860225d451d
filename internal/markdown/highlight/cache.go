package highlight

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// cache maps a content key (see Highlighter.key) to highlighted HTML.
//
// In memory it keeps two generations: lookups hit the current one, then the
// previous one (promoting the entry); when the current generation holds
// more than half the byte budget it becomes the previous one and the old
// previous generation is dropped. That bounds memory for a long `serve`
// session while keeping every block of the latest build.
//
// On disk (when dir is set) the cache is a few pack files, dir/*.pack. A
// pack holds the HTML of its entries one after the other, then an index
// (key, offset, length and CRC-32C of each entry), then a footer giving
// the index's place; see pack.go. The first lookup opens every pack and
// reads only its index into memory; a hit reads one entry with one pread
// and checks its CRC (a corrupt entry is a miss, counted as a disk error).
// The entries highlighted by a build are appended to one new temporary
// pack as they are made, and Flush (at the end of a build) writes its
// index and renames it into place: one file per build instead of one per
// block, and no fsync (a cache may lose its last build in a crash; it can
// never serve a wrong entry). When the packs hold much that the build did
// not use, or there are many of them, Flush copies the entries used into
// the new pack and removes the old ones.
type cache struct {
	mu       sync.Mutex
	cur, old map[[32]byte]string
	curBytes int64
	max      int64 // <0: no memory cache
	dir      string

	disk     sync.Once
	packs    []*packReader
	index    map[[32]byte]packEntry // entries of packs, once disk has run
	used     map[[32]byte]bool      // entries of packs this process read
	out      *packWriter            // the new pack, opened by the first put
	outErr   bool                   // the new pack could not be made
	outIndex map[[32]byte]bool      // entries in out

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
		if v, ok := c.readDisk(k); ok {
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
		c.writeDisk(k, v)
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

// openDisk reads the indexes of the packs in dir, once.
func (c *cache) openDisk() {
	c.disk.Do(func() {
		c.index, c.used, c.outIndex = map[[32]byte]packEntry{}, map[[32]byte]bool{}, map[[32]byte]bool{}
		names, _ := filepath.Glob(filepath.Join(c.dir, "*"+packExt))
		// Oldest first: when packs share a key (an entry written again after it was
		// found corrupt), the newest one's entry wins.
		mod := map[string]time.Time{}
		for _, name := range names {
			if fi, err := os.Stat(name); err == nil {
				mod[name] = fi.ModTime()
			}
		}
		sort.Slice(names, func(i, j int) bool {
			a, b := mod[names[i]], mod[names[j]]
			if !a.Equal(b) {
				return a.Before(b)
			}
			return names[i] < names[j]
		})
		for _, name := range names {
			p, err := openPack(name)
			if err != nil {
				c.diskErrors.Add(1)
				continue
			}
			i := len(c.packs)
			c.packs = append(c.packs, p)
			for _, e := range p.entries {
				e.pack = i
				c.index[e.key] = e
			}
		}
		removeStaleTemps(c.dir)
	})
}

func (c *cache) readDisk(k [32]byte) (string, bool) {
	c.openDisk()
	c.mu.Lock()
	e, ok := c.index[k]
	c.mu.Unlock()
	if !ok {
		return "", false
	}
	v, err := c.packs[e.pack].read(e)
	if err != nil {
		c.diskErrors.Add(1)
		return "", false
	}
	c.mu.Lock()
	c.used[k] = true
	c.mu.Unlock()
	return v, true
}

func (c *cache) writeDisk(k [32]byte, v string) {
	c.openDisk()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.outErr || c.outIndex[k] {
		return
	}
	if c.out == nil {
		w, err := createPack(c.dir)
		if err != nil {
			c.outErr = true
			c.diskErrors.Add(1)
			return
		}
		c.out = w
	}
	if err := c.out.add(k, v); err != nil {
		c.outErr = true
		c.diskErrors.Add(1)
		c.out.abort()
		c.out = nil
		return
	}
	c.outIndex[k] = true
}

// flush completes the new pack and, when the old packs are mostly unused or
// many, folds the entries used into it and removes them.
func (c *cache) flush() error {
	if c.dir == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out == nil || c.outErr {
		if c.out != nil {
			c.out.abort()
			c.out = nil
		}
		return nil
	}
	compact := len(c.packs) >= maxPacks || len(c.index) > 2*(len(c.used)+64)
	if compact {
		keys := make([][32]byte, 0, len(c.used))
		for k := range c.used {
			if !c.outIndex[k] {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
		for _, k := range keys {
			e := c.index[k]
			v, err := c.packs[e.pack].read(e)
			if err != nil {
				continue
			}
			if err := c.out.add(k, v); err != nil {
				c.diskErrors.Add(1)
				c.out.abort()
				c.out = nil
				return err
			}
			c.outIndex[k] = true
		}
	}
	err := c.out.finish()
	c.out = nil
	if err != nil {
		c.diskErrors.Add(1)
		return err
	}
	if compact {
		for _, p := range c.packs {
			os.Remove(p.name)
		}
	}
	return nil
}

// maxPacks is the number of packs that makes the next flush compact them.
const maxPacks = 8

// removeStaleTemps removes new packs that were never finished (a build that
// was killed) and are old enough not to belong to a build still running.
func removeStaleTemps(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, "*"+packExt+".tmp"))
	for _, name := range names {
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(name)
		}
	}
}

// packEntry locates one entry of a pack.
type packEntry struct {
	key  [32]byte
	off  int64
	size uint32
	crc  uint32
	pack int // index in cache.packs
}

const (
	packExt   = ".pack"
	packMagic = "docbuild-highlight-pack-1\n"
	// A footer: index offset (8 bytes), entry count (4), CRC-32C of the index (4), magic.
	footerSize = 16 + len(packMagic)
	// An index entry: key (32), offset (8), size (4), CRC-32C (4).
	indexEntrySize = 48
)

// castagnoli is the CRC-32C table (computed once by hash/crc32).
func castagnoli() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }

// packReader is an open pack.
type packReader struct {
	name    string
	f       *os.File
	entries []packEntry
}

// openPack opens a pack and reads its index.
func openPack(name string) (*packReader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	size := fi.Size()
	bad := func() (*packReader, error) {
		f.Close()
		return nil, errors.New("highlight cache: " + name + " is not a pack")
	}
	if size < int64(len(packMagic)+footerSize) {
		return bad()
	}
	foot := make([]byte, footerSize)
	if _, err := f.ReadAt(foot, size-int64(footerSize)); err != nil || string(foot[16:]) != packMagic {
		return bad()
	}
	at := int64(binary.LittleEndian.Uint64(foot[0:8]))
	n := int64(binary.LittleEndian.Uint32(foot[8:12]))
	if at < int64(len(packMagic)) || at+n*indexEntrySize != size-int64(footerSize) {
		return bad()
	}
	idx := make([]byte, n*indexEntrySize)
	if _, err := f.ReadAt(idx, at); err != nil || crc32.Checksum(idx, castagnoli()) != binary.LittleEndian.Uint32(foot[12:16]) {
		return bad()
	}
	p := &packReader{name: name, f: f, entries: make([]packEntry, n)}
	for i := range p.entries {
		b := idx[i*indexEntrySize:]
		e := &p.entries[i]
		copy(e.key[:], b[:32])
		e.off = int64(binary.LittleEndian.Uint64(b[32:40]))
		e.size = binary.LittleEndian.Uint32(b[40:44])
		e.crc = binary.LittleEndian.Uint32(b[44:48])
		if e.off < int64(len(packMagic)) || e.off+int64(e.size) > at {
			return bad()
		}
	}
	return p, nil
}

// read returns an entry's HTML after checking its CRC.
func (p *packReader) read(e packEntry) (string, error) {
	b := make([]byte, e.size)
	if _, err := p.f.ReadAt(b, e.off); err != nil {
		return "", err
	}
	if crc32.Checksum(b, castagnoli()) != e.crc {
		return "", errors.New("highlight cache: corrupt entry in " + p.name)
	}
	return string(b), nil
}

// packWriter makes a new pack: entries are appended to a temporary file as
// they come; finish writes the index and footer and renames it.
type packWriter struct {
	f     *os.File
	w     *bufio.Writer
	off   int64
	index []byte
	n     uint32
}

func createPack(dir string) (*packWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "*"+packExt+".tmp")
	if err != nil {
		return nil, err
	}
	w := &packWriter{f: f, w: bufio.NewWriterSize(f, 256<<10)}
	if _, err := w.w.WriteString(packMagic); err != nil {
		w.abort()
		return nil, err
	}
	w.off = int64(len(packMagic))
	return w, nil
}

func (w *packWriter) add(k [32]byte, v string) error {
	if _, err := w.w.WriteString(v); err != nil {
		return err
	}
	var e [indexEntrySize]byte
	copy(e[:32], k[:])
	binary.LittleEndian.PutUint64(e[32:40], uint64(w.off))
	binary.LittleEndian.PutUint32(e[40:44], uint32(len(v)))
	binary.LittleEndian.PutUint32(e[44:48], crc32.Update(0, castagnoli(), []byte(v)))
	w.index = append(w.index, e[:]...)
	w.off += int64(len(v))
	w.n++
	return nil
}

func (w *packWriter) finish() error {
	var foot [footerSize]byte
	binary.LittleEndian.PutUint64(foot[0:8], uint64(w.off))
	binary.LittleEndian.PutUint32(foot[8:12], w.n)
	binary.LittleEndian.PutUint32(foot[12:16], crc32.Checksum(w.index, castagnoli()))
	copy(foot[16:], packMagic)
	_, err := w.w.Write(w.index)
	if err == nil {
		_, err = w.w.Write(foot[:])
	}
	if err == nil {
		err = w.w.Flush()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	tmp := w.f.Name()
	if err == nil {
		err = os.Rename(tmp, strings.TrimSuffix(tmp, ".tmp"))
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func (w *packWriter) abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}
