package validation

import (
	"net"
	"testing"
)

// TestSplitHostPortMatchesNet compares the copy with the standard library on the forms that
// matter (the test may import net: only the simulator's own code must not).
func TestSplitHostPortMatchesNet(t *testing.T) {
	for _, in := range []string{"a:1", "a", "[::1]:80", "[::1]", "::1:80", "[a]b:1", "a]:1", "[a:1", "h:", ":80", "[::1]:80]", ""} {
		h1, p1, e1 := splitHostPort(in)
		h2, p2, e2 := net.SplitHostPort(in)
		if h1 != h2 || p1 != p2 || (e1 == nil) != (e2 == nil) {
			t.Errorf("%q: got %q %q %v, net says %q %q %v", in, h1, p1, e1, h2, p2, e2)
		}
	}
}
