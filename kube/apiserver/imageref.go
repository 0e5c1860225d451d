package apiserver

// Image reference parsing for imagePullPolicy defaulting: a port of
// k8s.io/kubernetes v1.37.2 pkg/util/parsers/parsers.go ParseImageName on top of
// github.com/distribution/reference v0.6.0 (regexp.go, normalize.go ParseNormalizedNamed,
// reference.go Parse) and github.com/opencontainers/go-digest (Parse: algorithm and length).

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// The reference grammar of github.com/distribution/reference v0.6.0 regexp.go. Compiled once,
// never modified.
var (
	refAlphanumeric        = `[a-z0-9]+`
	refSeparator           = `(?:[._]|__|[-]+)`
	refDomainNameComponent = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
	refOptionalPort        = `(?::[0-9]+)?`
	refTag                 = `[\w][\w.-]{0,127}`
	refDigest              = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
	refIdentifier          = `([a-f0-9]{64})`
	refIPv6                = `\[(?:[a-fA-F0-9:]+)\]`
	refDomainName          = refDomainNameComponent + `(?:\.` + refDomainNameComponent + `)*`
	refHost                = `(?:` + refDomainName + `|` + refIPv6 + `)`
	refDomainAndPort       = refHost + refOptionalPort
	refPathComponent       = refAlphanumeric + `(?:` + refSeparator + refAlphanumeric + `)*`
	refRemoteName          = refPathComponent + `(?:/` + refPathComponent + `)*`
	refNamePat             = `(?:` + refDomainAndPort + `/)?` + refRemoteName

	referenceRegexp          = lazyRegexp(`^(` + refNamePat + `)(?::(` + refTag + `))?(?:@(` + refDigest + `))?$`)
	anchoredNameRegexp       = lazyRegexp(`^(?:(` + refDomainAndPort + `)/)?(` + refRemoteName + `)$`)
	anchoredIdentifierRegexp = lazyRegexp(`^` + refIdentifier + `$`)
)

// Errors of github.com/distribution/reference v0.6.0 reference.go.
var (
	errReferenceInvalidFormat = errors.New("invalid reference format")
	errNameContainsUppercase  = errors.New("repository name must be lowercase")
	errNameEmpty              = errors.New("repository name must have at least one component")
	errNameTooLong            = fmt.Errorf("repository name must not be more than %v characters", 255)
)

// parseImageName returns the repository to pull, the tag ("latest" when neither tag nor
// digest is given) and the digest of image.
func parseImageName(image string) (repo, tag, digest string, err error) {
	domain, path, tag, digest, err := parseNormalizedNamed(image)
	if err != nil {
		return "", "", "", fmt.Errorf("couldn't parse image name %q: %v", image, err)
	}
	repo = path
	if domain != "" {
		repo = domain + "/" + path
	}
	if tag == "" && digest == "" {
		tag = "latest"
	}
	return repo, tag, digest, nil
}

func parseNormalizedNamed(s string) (domain, path, tag, digest string, err error) {
	if anchoredIdentifierRegexp().MatchString(s) {
		return "", "", "", "", fmt.Errorf("invalid repository name (%s), cannot specify 64-byte hexadecimal strings", s)
	}
	d, remainder := splitDockerDomain(s)
	remote := remainder
	if i := strings.IndexRune(remainder, ':'); i > -1 {
		remote = remainder[:i]
	}
	if strings.ToLower(remote) != remote {
		return "", "", "", "", fmt.Errorf("invalid reference format: repository name (%s) must be lowercase", remote)
	}
	full := d + "/" + remainder
	m := referenceRegexp().FindStringSubmatch(full)
	if m == nil {
		if full == "" {
			return "", "", "", "", errNameEmpty
		}
		if referenceRegexp().FindStringSubmatch(strings.ToLower(full)) != nil {
			return "", "", "", "", errNameContainsUppercase
		}
		return "", "", "", "", errReferenceInvalidFormat
	}
	if nm := anchoredNameRegexp().FindStringSubmatch(m[1]); len(nm) == 3 {
		domain, path = nm[1], nm[2]
	} else {
		path = m[1]
	}
	if len(path) > 255 {
		return "", "", "", "", errNameTooLong
	}
	if m[3] != "" {
		if err := validateDigest(m[3]); err != nil {
			return "", "", "", "", err
		}
	}
	return domain, path, m[2], m[3], nil
}

// splitDockerDomain is github.com/distribution/reference v0.6.0 normalize.go splitDockerDomain.
func splitDockerDomain(name string) (domain, remoteName string) {
	const defaultDomain, legacyDefaultDomain, officialRepoPrefix = "docker.io", "index.docker.io", "library/"
	maybeDomain, maybeRemoteName, ok := strings.Cut(name, "/")
	if !ok {
		return defaultDomain, officialRepoPrefix + name
	}
	switch {
	case maybeDomain == "localhost":
		domain, remoteName = maybeDomain, maybeRemoteName
	case maybeDomain == legacyDefaultDomain:
		domain, remoteName = defaultDomain, maybeRemoteName
	case strings.ContainsAny(maybeDomain, ".:"):
		domain, remoteName = maybeDomain, maybeRemoteName
	case strings.ToLower(maybeDomain) != maybeDomain:
		domain, remoteName = maybeDomain, maybeRemoteName
	default:
		domain, remoteName = defaultDomain, name
	}
	if domain == defaultDomain && !strings.ContainsRune(remoteName, '/') {
		remoteName = officialRepoPrefix + remoteName
	}
	return domain, remoteName
}

// validateDigest mirrors github.com/opencontainers/go-digest Digest.Validate for the
// algorithms it registers by default (sha256, sha384, sha512).
func validateDigest(d string) error {
	alg, hex, ok := strings.Cut(d, ":")
	if !ok || hex == "" {
		return errors.New("invalid checksum digest format")
	}
	size := map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}[alg]
	if size == 0 {
		return errors.New("unsupported digest algorithm")
	}
	if len(hex) != size {
		return errors.New("invalid checksum digest length")
	}
	if strings.ToLower(hex) != hex {
		return errors.New("invalid checksum digest format")
	}
	return nil
}

// lazyRegexp compiles expr on first use, not at process start (the expressions are
// immutable once compiled: lazily built read-only data).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
