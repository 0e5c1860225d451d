package servers

import (
	"net/netip"

	"github.com/docbuild/docbuild/kube/shell"
)

type toolish struct{ c *shell.Ctx }

func (t *toolish) resolve(host string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(host); err == nil {
		return a, true
	}
	if t.c.Sys.Resolve == nil {
		return netip.Addr{}, false
	}
	addrs, _, ok := t.c.Sys.Resolve(host)
	if !ok || len(addrs) == 0 {
		return netip.Addr{}, false
	}
	return addrs[0], true
}

func netipAddrPort(a netip.Addr, port int) netip.AddrPort { return netip.AddrPortFrom(a, uint16(port)) }
