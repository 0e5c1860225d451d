package images

import (
	"path"
	"reflect"
	"strings"
	"testing"
)

// TestBaseMatchesReference: Base built from the files precomputed at load gives, for every
// catalogued repository and version, the files the original construction gave.
func TestBaseMatchesReference(t *testing.T) {
	c := Default()
	n := 0
	for _, r := range c.repos {
		for _, v := range append(r.allVersions(), "latest") {
			l, err := c.Lookup(r.Name + ":" + v)
			if err != nil || l.Image == nil {
				continue
			}
			got := c.Base(l.Image)
			var want *Base
			if bd := c.bases[l.Image.Base]; bd != nil {
				want = &Base{Name: l.Image.Base, Shell: bd.Shell}
				c.addBaseOld(want, bd, l.Image)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s:%s: base differs", r.Name, v)
			}
			n++
		}
	}
	if n < 10 {
		t.Fatalf("only %d images checked", n)
	}
	_, _ = path.Join, strings.Join
}

func (c *Catalog) addBaseOld(b *Base, bd *baseData, img *Image) {
	if bd.Like != "" {
		if parent := c.bases[bd.Like]; parent != nil {
			cp := *parent
			cp.OSRelease = ""
			c.addBaseOld(b, &cp, img)
		}
	}
	for _, l := range sortedKeys(bd.Links) {
		b.Files = append(b.Files, File{Path: l, Link: bd.Links[l]})
	}
	for _, d := range bd.Dirs {
		mode := uint32(0o755)
		if d == "/tmp" || d == "/var/tmp" {
			mode = 0o1777
		}
		if d == "/root" {
			mode = 0o700
		}
		b.Files = append(b.Files, File{Path: d, Dir: true, Mode: mode})
	}
	if len(bd.Passwd) > 0 {
		b.Files = append(b.Files, File{Path: "/etc/passwd", Data: []byte(strings.Join(append(append([]string{}, bd.Passwd...), img.Users...), "\n") + "\n")})
	}
	if len(bd.Group) > 0 {
		b.Files = append(b.Files, File{Path: "/etc/group", Data: []byte(strings.Join(append(append([]string{}, bd.Group...), img.Groups...), "\n") + "\n")})
	}
	if bd.OSRelease != "" {
		minor := img.Version
		if i := strings.LastIndexByte(minor, '.'); strings.Count(minor, ".") >= 2 && i > 0 {
			minor = minor[:i]
		}
		s := strings.NewReplacer("${version}", img.Version, "${minor}", minor, "${codename}", codename(img.Base, img.Version)).Replace(bd.OSRelease)
		b.Files = append(b.Files, File{Path: "/etc/os-release", Data: []byte(s), Unverified: true})
	}
	for _, p := range sortedKeys(bd.Programs) {
		for _, at := range bd.Programs[p] {
			b.Files = append(b.Files, File{Path: at, Program: p})
		}
	}
	for _, a := range bd.Applets {
		b.Files = append(b.Files, File{Path: "/bin/" + a, Program: "busybox"})
	}
	for _, dir := range sortedKeys(bd.AppletDirs) {
		for _, a := range bd.AppletDirs[dir] {
			b.Files = append(b.Files, File{Path: path.Join(dir, a), Program: "busybox"})
		}
	}
}
