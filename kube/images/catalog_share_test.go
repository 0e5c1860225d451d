package images

import (
	"bytes"
	"testing"
)

// TestSharedCatalogIsNotMutable: Default parses the catalogue once and every caller gets the
// same Catalog, so nothing it hands out may alias its data: changing a looked-up image, its
// files or a base must not change what the next lookup returns.
func TestSharedCatalogIsNotMutable(t *testing.T) {
	if Default() != Default() {
		t.Fatal("Default parses the catalogue again")
	}
	look := func() *Image {
		l, err := Default().Lookup("nginx:1.27")
		if err != nil || l.Image == nil {
			t.Fatal(l, err)
		}
		return l.Image
	}
	a := look()
	if len(a.Config.Cmd) == 0 || len(a.Files) == 0 || len(a.Sources) == 0 {
		t.Fatalf("test needs an image with a cmd, files and sources: %+v", a)
	}
	want := *look()
	wantData := map[string]string{}
	for _, f := range want.Files {
		wantData[f.Path] = string(f.Data)
	}
	a.Config.Cmd[0] = "changed"
	if len(a.Config.Entrypoint) > 0 {
		a.Config.Entrypoint[0] = "changed"
	}
	a.Config.Env = append(a.Config.Env[:0], "X=1")
	a.Sources[0] = "changed"
	for i := range a.Files {
		for j := range a.Files[i].Data {
			a.Files[i].Data[j] = 'X'
		}
	}
	b := look()
	if b.Config.Cmd[0] == "changed" || (len(b.Config.Entrypoint) > 0 && b.Config.Entrypoint[0] == "changed") ||
		b.Sources[0] == "changed" || len(b.Config.Env) > 0 && b.Config.Env[0] == "X=1" {
		t.Errorf("a change to a looked-up image leaked into the catalogue: %+v", b)
	}
	for _, f := range b.Files {
		if string(f.Data) != wantData[f.Path] {
			t.Errorf("file %s: %q, want %q", f.Path, f.Data, wantData[f.Path])
		}
	}
	base := Default().Base(b)
	if base == nil || len(base.Files) == 0 {
		t.Fatal("no base")
	}
	for i := range base.Files {
		for j := range base.Files[i].Data {
			base.Files[i].Data[j] = 'X'
		}
		base.Files[i].Path = "changed"
	}
	for _, f := range Default().Base(b).Files {
		if f.Path == "changed" || bytes.Contains(f.Data, []byte("XXXX")) {
			t.Fatalf("a change to a base leaked: %+v", f)
		}
	}
}
