package validation

import "errors"

// splitHostPort is the standard library's net.SplitHostPort (Go 1.26 src/net/ipsock.go), copied
// so that the simulator does not import package net (kube/container's safety test forbids it).
// Only whether it fails matters to validateQuobyteVolumeSource.
func splitHostPort(hostport string) (host, port string, err error) {
	errMissingPort := errors.New("missing port in address")
	errTooManyColons := errors.New("too many colons in address")
	errMissingBracket := errors.New("missing ']' in address")
	errUnexpected := errors.New("unexpected '[' or ']' in address")
	j, k := 0, 0
	i := last(hostport, ':')
	if i < 0 {
		return "", "", errMissingPort
	}
	if hostport[0] == '[' {
		end := byteIndex(hostport, ']')
		if end < 0 {
			return "", "", errMissingBracket
		}
		switch end + 1 {
		case len(hostport):
			return "", "", errMissingPort
		case i:
		default:
			if hostport[end+1] == ':' {
				return "", "", errTooManyColons
			}
			return "", "", errMissingPort
		}
		host = hostport[1:end]
		j, k = 1, end+1
	} else {
		host = hostport[:i]
		if byteIndex(host, ':') >= 0 {
			return "", "", errTooManyColons
		}
	}
	if byteIndex(hostport[j:], '[') >= 0 || byteIndex(hostport[k:], ']') >= 0 {
		return "", "", errUnexpected
	}
	return host, hostport[i+1:], nil
}

func last(s string, b byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == b {
			return i
		}
	}
	return -1
}

func byteIndex(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}
