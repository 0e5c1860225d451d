package shortcodes

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// tabInfo is what the renderer needs of one tab of a tabs tag.
type tabInfo struct {
	href    string
	caption string // HTML
	active  bool
}

// The tab markers of hexo-theme-next scripts/tags/tabs.js.
var (
	rTabStart = regexp.MustCompile(`^<!--\s*tab (.*?)\s*-->$`)
	rTabEnd   = regexp.MustCompile(`^<!--\s*endtab\s*-->$`)
)

// tabsName reads the arguments of tabs: {% tabs name[, active] %}.
func tabsName(args []string) (name string, active int) {
	parts := strings.Split(strings.Join(args, " "), ",")
	if len(parts) > 1 {
		if n, ok := jsNumber(parts[1]); ok {
			active = int(n)
		}
	}
	return parts[0], active
}

// tabID is NexT's id of a tab or tabs: lower case, spaces as dashes.
func tabID(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "-") }

// groupTabs turns the children of a closed tabs block into one Block named
// "tab" per `<!-- tab caption@icon -->` … `<!-- endtab -->` pair, as NexT
// cuts its body (hexo-theme-next scripts/tags/tabs.js). Like NexT it drops
// what lies outside the pairs.
func groupTabs(b *Block, source []byte, pc parser.Context) {
	name, activeTab := tabsName(b.Args)
	var cur *Block
	id := 0
	for c := b.FirstChild(); c != nil; {
		next := c.NextSibling()
		if h, ok := c.(*ast.HTMLBlock); ok {
			v := strings.TrimSpace(string(h.Lines().Value(source)))
			if m := rTabStart.FindStringSubmatch(v); m != nil {
				id++
				caption, icon, _ := strings.Cut(m[1], "@")
				if icon = strings.TrimSpace(icon); icon != "" {
					if !strings.HasPrefix(icon, "fa") {
						icon = "fa fa-" + icon
					}
					icon = `<i class="` + icon + `"></i>`
				}
				caption = icon + strings.TrimSpace(caption)
				abbr := name + " " + strconv.Itoa(id)
				if caption == "" {
					caption = abbr
				}
				line := 0
				if h.Lines().Len() > 0 {
					line = lineOf(pc, source, h.Lines().At(0).Start)
				}
				cur = &Block{Name: "tab", Tag: "tab", Args: []string{m[1]}, Line: line, body: markdownBody, ended: true,
					tab: tabInfo{href: tabID(abbr), caption: caption, active: activeTab > 0 && activeTab == id || activeTab == 0 && id == 1}}
				b.ReplaceChild(b, c, cur)
				c = next
				continue
			}
			if rTabEnd.MatchString(v) {
				cur = nil
				b.RemoveChild(b, c)
				c = next
				continue
			}
		}
		if cur != nil {
			cur.AppendChild(cur, c)
		} else {
			b.RemoveChild(b, c)
		}
		c = next
	}
}

// tabsOpen writes the start of a tabs block: its navigation, from the
// tabs below it, and the start of its content.
func tabsOpen(n ast.Node, args []string) string {
	name, _ := tabsName(args)
	var s strings.Builder
	s.WriteString(`<div class="tabs" id="` + tabID(name) + `"><ul class="nav-tabs">`)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*Block); ok && t.Name == "tab" {
			s.WriteString(`<li class="tab` + active(t.tab.active) + `"><a href="#` + t.tab.href + `">` + t.tab.caption + `</a></li>`)
		}
	}
	s.WriteString(`</ul><div class="tab-content">`)
	return s.String()
}
