package images

import (
	"strings"
	"testing"
)

// Cases follow the behaviour of github.com/distribution/reference v0.6.0
// (normalize_test.go, reference_test.go) and the kubelet's use of it.
func TestParseReference(t *testing.T) {
	tests := []struct {
		in                                string
		name, tag, digest, full, familiar string
		err                               string
	}{
		{in: "nginx", name: "docker.io/library/nginx", full: "docker.io/library/nginx:latest", familiar: "nginx:latest"},
		{in: "nginx:1.27", name: "docker.io/library/nginx", tag: "1.27", full: "docker.io/library/nginx:1.27", familiar: "nginx:1.27"},
		{in: "docker.io/nginx", name: "docker.io/library/nginx", full: "docker.io/library/nginx:latest", familiar: "nginx:latest"},
		{in: "index.docker.io/library/busybox:1.28", name: "docker.io/library/busybox", tag: "1.28", full: "docker.io/library/busybox:1.28", familiar: "busybox:1.28"},
		{in: "polinux/stress", name: "docker.io/polinux/stress", full: "docker.io/polinux/stress:latest", familiar: "polinux/stress:latest"},
		{in: "registry.k8s.io/e2e-test-images/agnhost:2.40", name: "registry.k8s.io/e2e-test-images/agnhost", tag: "2.40", full: "registry.k8s.io/e2e-test-images/agnhost:2.40", familiar: "registry.k8s.io/e2e-test-images/agnhost:2.40"},
		{in: "localhost/app", name: "localhost/app", full: "localhost/app:latest", familiar: "localhost/app:latest"},
		{in: "localhost:5000/app:v1", name: "localhost:5000/app", tag: "v1", full: "localhost:5000/app:v1"},
		{in: "[::1]:5000/app", name: "[::1]:5000/app", full: "[::1]:5000/app:latest"},
		{in: "busybox@sha256:" + strings.Repeat("a", 64), name: "docker.io/library/busybox", digest: "sha256:" + strings.Repeat("a", 64), full: "docker.io/library/busybox@sha256:" + strings.Repeat("a", 64)},
		{in: "busybox:1.36@sha256:" + strings.Repeat("b", 64), name: "docker.io/library/busybox", tag: "1.36", digest: "sha256:" + strings.Repeat("b", 64), full: "docker.io/library/busybox:1.36@sha256:" + strings.Repeat("b", 64)},
		{in: "a__b/c-d/e.f", name: "docker.io/a__b/c-d/e.f", full: "docker.io/a__b/c-d/e.f:latest"},
		// Errors.
		{in: "", err: "invalid reference format"},
		{in: "Nginx", err: "invalid reference format: repository name (library/Nginx) must be lowercase"},
		{in: "docker.io/Library/nginx", err: "invalid reference format: repository name (Library/nginx) must be lowercase"},
		{in: "nginx:", err: "invalid reference format"},
		{in: " nginx", err: "invalid reference format"},
		{in: "nginx:latest ", err: "invalid reference format"},
		{in: "nginx::1", err: "invalid reference format"},
		{in: "-nginx", err: "invalid reference format"},
		{in: "nginx:-1", err: "invalid reference format"},
		{in: "ng--inx", name: "docker.io/library/ng--inx", full: "docker.io/library/ng--inx:latest"},
		{in: "ng___inx", err: "invalid reference format"},
		{in: "nginx@sha256:abc", err: "invalid reference format"},
		{in: "nginx@sha256:" + strings.Repeat("a", 63), err: "invalid checksum digest length"},
		{in: "nginx@sha256:" + strings.Repeat("a", 31), err: "invalid reference format"},
		{in: "nginx@sha256:" + strings.Repeat("a", 65), err: "invalid checksum digest length"},
		{in: "nginx@sha256:" + strings.Repeat("A", 64), err: "invalid checksum digest format"},
		{in: "nginx@md5:" + strings.Repeat("a", 32), err: "unsupported digest algorithm"},
		{in: strings.Repeat("a", 64), err: "invalid repository name (" + strings.Repeat("a", 64) + "), cannot specify 64-byte hexadecimal strings"},
		{in: "a/" + strings.Repeat("b", 254), err: "repository name must not be more than 255 characters"},
		// An upper-case first component is taken as a registry host (normalize.go).
		{in: "Foo/bar", name: "Foo/bar", full: "Foo/bar:latest"},
		{in: "nginx:" + strings.Repeat("t", 129), err: "invalid reference format"},
	}
	for _, tt := range tests {
		ref, err := ParseReference(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseReference(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseReference(%q): %v", tt.in, err)
			continue
		}
		if ref.Name() != tt.name || ref.Tag != tt.tag || ref.Digest != tt.digest || ref.String() != tt.full {
			t.Errorf("ParseReference(%q) = name %q tag %q digest %q full %q, want %q %q %q %q",
				tt.in, ref.Name(), ref.Tag, ref.Digest, ref.String(), tt.name, tt.tag, tt.digest, tt.full)
		}
		if tt.familiar != "" && ref.Familiar() != tt.familiar {
			t.Errorf("Familiar(%q) = %q, want %q", tt.in, ref.Familiar(), tt.familiar)
		}
	}
}

func TestKubeletImageError(t *testing.T) {
	_, err := ParseReference("nginx:")
	got := KubeletImageError("nginx:", err)
	want := `Failed to apply default image tag "nginx:": couldn't parse image name "nginx:": invalid reference format`
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// FuzzParseReference: parsing never panics, and a parsed reference re-parses to itself.
func FuzzParseReference(f *testing.F) {
	for _, s := range []string{"nginx", "nginx:1.27", "a/b/c:d@sha256:" + strings.Repeat("0", 64), "localhost:5000/x", "[::1]/x", "Nginx", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseReference(s)
		if err != nil {
			return
		}
		again, err := ParseReference(ref.String())
		if err != nil {
			t.Fatalf("ParseReference(%q) = %q, which does not re-parse: %v", s, ref.String(), err)
		}
		if again.String() != ref.String() {
			t.Fatalf("re-parse of %q gave %q", ref.String(), again.String())
		}
	})
}
