package images

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Reference is a parsed, normalised image reference.
//
// The grammar and the normalisation are those of github.com/distribution/reference v0.6.0
// (regexp.go, reference.go Parse, normalize.go ParseNormalizedNamed and splitDockerDomain),
// which the kubelet (k8s.io/kubernetes v1.37.2 pkg/util/parsers ParseImageName) and
// containerd use. This is an independent implementation of that grammar.
type Reference struct {
	// Domain is the registry ("docker.io", "registry.k8s.io", "localhost:5000").
	Domain string
	// Path is the repository path ("library/nginx", "e2e-test-images/agnhost").
	Path string
	// Tag is the tag as written ("" when none).
	Tag string
	// Digest is "algorithm:hex" as written ("" when none).
	Digest string
}

// Grammar pieces (distribution/reference regexp.go).
const (
	refAlphanumeric = `[a-z0-9]+`
	refSeparator    = `(?:[._]|__|[-]+)`
	refDomainComp   = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
	refOptionalPort = `(?::[0-9]+)?`
	refTag          = `[\w][\w.-]{0,127}`
	refDigest       = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
	refIPv6         = `\[(?:[a-fA-F0-9:]+)\]`
	refDomainName   = refDomainComp + `(?:\.` + refDomainComp + `)*`
	refHost         = `(?:` + refDomainName + `|` + refIPv6 + `)`
	refDomainPort   = refHost + refOptionalPort
	refPathComp     = refAlphanumeric + `(?:` + refSeparator + refAlphanumeric + `)*`
	refRemoteName   = refPathComp + `(?:/` + refPathComp + `)*`
	refName         = `(?:` + refDomainPort + `/)?` + refRemoteName
)

// grammar holds the compiled expressions.
type grammar struct {
	reference, name, identifier *regexp.Regexp
}

// refGrammar is compiled once, on first use (not at process start); a *regexp.Regexp is
// immutable and safe for concurrent use.
var refGrammar = sync.OnceValue(func() grammar {
	return grammar{
		reference:  regexp.MustCompile(`^(` + refName + `)(?::(` + refTag + `))?(?:@(` + refDigest + `))?$`),
		name:       regexp.MustCompile(`^(?:(` + refDomainPort + `)/)?(` + refRemoteName + `)$`),
		identifier: regexp.MustCompile(`^[a-f0-9]{64}$`),
	}
})

func newGrammar() grammar { return refGrammar() }

// Error texts (distribution/reference reference.go; opencontainers/go-digest digest.go).
var (
	errReferenceInvalidFormat = errors.New("invalid reference format")
	errNameContainsUppercase  = errors.New("repository name must be lowercase")
	errNameEmpty              = errors.New("repository name must have at least one component")
	errNameTooLong            = errors.New("repository name must not be more than 255 characters")
	errDigestInvalidFormat    = errors.New("invalid checksum digest format")
	errDigestInvalidLength    = errors.New("invalid checksum digest length")
	errDigestUnsupported      = errors.New("unsupported digest algorithm")
)

// ParseReference parses s like distribution/reference ParseNormalizedNamed: a familiar name
// ("nginx", "nginx:1.27", "user/app") is qualified with docker.io (and library/ for a single
// component). Errors carry the library's exact texts, e.g. "invalid reference format" or
// "invalid reference format: repository name (library/Nginx) must be lowercase".
func ParseReference(s string) (Reference, error) {
	g := newGrammar()
	if g.identifier.MatchString(s) {
		return Reference{}, fmt.Errorf("invalid repository name (%s), cannot specify 64-byte hexadecimal strings", s)
	}
	domain, remainder := splitDockerDomain(s)
	remote := remainder
	if i := strings.IndexByte(remainder, ':'); i >= 0 {
		remote = remainder[:i]
	}
	if strings.ToLower(remote) != remote {
		return Reference{}, fmt.Errorf("invalid reference format: repository name (%s) must be lowercase", remote)
	}
	return g.parse(domain + "/" + remainder)
}

// parse is distribution/reference Parse for a string that has a name.
func (g grammar) parse(s string) (Reference, error) {
	if s == "" {
		return Reference{}, errNameEmpty
	}
	m := g.reference.FindStringSubmatch(s)
	if m == nil {
		if low := strings.ToLower(s); low != s && g.reference.MatchString(low) {
			return Reference{}, errNameContainsUppercase
		}
		return Reference{}, errReferenceInvalidFormat
	}
	var ref Reference
	if nm := g.name.FindStringSubmatch(m[1]); nm != nil {
		ref.Domain, ref.Path = nm[1], nm[2]
	} else {
		ref.Path = m[1]
	}
	if len(ref.Path) > 255 {
		return Reference{}, errNameTooLong
	}
	ref.Tag = m[2]
	if m[3] != "" {
		if err := validateDigest(m[3]); err != nil {
			return Reference{}, err
		}
		ref.Digest = m[3]
	}
	return ref, nil
}

// validateDigest is go-digest v1.0.0 Digest.Validate with the algorithms the kubelet links
// (sha256; sha384 and sha512 through crypto/sha512).
func validateDigest(d string) error {
	i := strings.IndexByte(d, ':')
	if i <= 0 || i+1 == len(d) {
		return errDigestInvalidFormat
	}
	alg, enc := d[:i], d[i+1:]
	size := map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}[alg]
	if size == 0 {
		return errDigestUnsupported
	}
	if len(enc) != size {
		return errDigestInvalidLength
	}
	for _, c := range enc {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return errDigestInvalidFormat
		}
	}
	return nil
}

// splitDockerDomain is distribution/reference normalize.go splitDockerDomain.
func splitDockerDomain(name string) (domain, remote string) {
	first, rest, ok := strings.Cut(name, "/")
	if !ok {
		return "docker.io", "library/" + name
	}
	switch {
	case first == "localhost":
		domain, remote = first, rest
	case first == "index.docker.io":
		domain, remote = "docker.io", rest
	case strings.ContainsAny(first, ".:"):
		domain, remote = first, rest
	case strings.ToLower(first) != first:
		domain, remote = first, rest
	default:
		domain, remote = "docker.io", name
	}
	if domain == "docker.io" && !strings.Contains(remote, "/") {
		remote = "library/" + remote
	}
	return domain, remote
}

// Name is the repository's full name ("docker.io/library/nginx").
func (r Reference) Name() string {
	if r.Domain == "" {
		return r.Path
	}
	return r.Domain + "/" + r.Path
}

// TagOrLatest is the tag, or "latest" when the reference has neither tag nor digest (the
// kubelet's ParseImageName default).
func (r Reference) TagOrLatest() string {
	if r.Tag == "" && r.Digest == "" {
		return "latest"
	}
	return r.Tag
}

// String is the fully qualified reference, with "latest" added when it has no tag or digest
// ("docker.io/library/nginx:latest", "docker.io/library/nginx@sha256:…").
func (r Reference) String() string {
	s := r.Name()
	if t := r.TagOrLatest(); t != "" {
		s += ":" + t
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// Familiar is the short form Docker prints ("nginx:latest", "user/app:1",
// "registry.k8s.io/pause:3.10").
func (r Reference) Familiar() string {
	s := r.Path
	if r.Domain != "docker.io" {
		s = r.Name()
	} else if rest, ok := strings.CutPrefix(r.Path, "library/"); ok && !strings.Contains(rest, "/") {
		s = rest
	}
	if t := r.TagOrLatest(); t != "" {
		s += ":" + t
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// KubeletImageError is the message the kubelet gives a reference it cannot parse
// (k8s.io/kubernetes v1.37.2 pkg/kubelet/images/image_manager.go EnsureImageExists →
// applyDefaultImageTag → pkg/util/parsers ParseImageName): reason InvalidImageName,
// message `Failed to apply default image tag "<image>": couldn't parse image name "<image>": <err>`.
func KubeletImageError(image string, err error) string {
	return fmt.Sprintf("Failed to apply default image tag %q: couldn't parse image name %q: %v", image, image, err)
}
