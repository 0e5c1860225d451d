package shortcodes

import (
	"regexp"
	"slices"
	"strings"
)

// This file renders the single tags, each a port of the Hexo or NexT
// function named in its comment. They take the arguments as Hexo splits
// them and return HTML.

// img is hexo lib/plugins/tag/img.ts:
// {% img [class names] /path/to/image [width] [height] [title text [alt text]] %}.
// args[resolved], when resolved is not -1, is the source as a URL from the
// Resolver (asset_img), used as it is rather than passed to url_for.
func img(root string, args []string, resolved int) string {
	args = slices.Clone(args)
	var classes []string
	var src, width, height, title, alt *string
	for k := 0; len(args) > 0; k++ {
		item := args[0]
		args = args[1:]
		if k == resolved {
			src = ptr(item)
			break
		}
		if rURL.MatchString(item) || strings.HasPrefix(item, "/") {
			src = ptr(urlFor(root, item))
			break
		}
		classes = append(classes, item)
	}
	if len(args) > 0 {
		if !hasNonDigit(args[0]) {
			width, args = ptr(args[0]), args[1:]
			if len(args) > 0 && !hasNonDigit(args[0]) {
				height, args = ptr(args[0]), args[1:]
			}
		}
		meta := strings.Join(args, " ")
		t, a := 0, 0
		if strings.HasPrefix(meta, `"`) {
			t = 1
		}
		if strings.HasSuffix(meta, `"`) {
			a = 1
		}
		if m := rMeta[t][a].FindStringSubmatchIndex(meta); m != nil {
			if m[2] >= 0 {
				title = ptr(meta[m[2]:m[3]])
			}
			if m[4] >= 0 {
				alt = ptr(meta[m[4]:m[5]])
			}
		}
	}
	return htmlTag("img", []attr{
		opt("src", src), val("class", strings.Join(classes, " ")),
		opt("width", width), opt("height", height), opt("title", title), opt("alt", alt),
	}, nil, true)
}

// rMeta[t][a] is img.ts's title and alt pattern, with double quotes for
// the title when t is 1 and for the alt text when a is 1.
var rMeta = [2][2]*regexp.Regexp{
	{regexp.MustCompile(`'?([^']+)?'?\s*'?([^']+)?'?`), regexp.MustCompile(`'?([^']+)?'?\s*"?([^"]+)?"?`)},
	{regexp.MustCompile(`"?([^"]+)?"?\s*'?([^']+)?'?`), regexp.MustCompile(`"?([^"]+)?"?\s*"?([^"]+)?"?`)},
}

// hasNonDigit is img.ts's /\D+/.test(s).
func hasNonDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return true
		}
	}
	return false
}

// link is hexo lib/plugins/tag/link.ts: {% link text url [external] [title] %}.
func link(args []string) string {
	var href string
	var text []string
	i := 0
	for ; i < len(args); i++ {
		if rURL.MatchString(args[i]) {
			href = args[i]
			break
		}
		text = append(text, args[i])
	}
	rest := args[min(i+1, len(args)):]
	external, title := false, ""
	if len(rest) > 0 {
		if rest[0] == "true" || rest[0] == "false" {
			external = rest[0] == "true"
			rest = rest[1:]
		}
		title = strings.Join(rest, " ")
	}
	target := ""
	if external {
		target = "_blank"
	}
	return htmlTag("a", []attr{val("href", href), val("title", title), val("target", target)},
		ptr(strings.Join(text, " ")), true)
}

// iframe is hexo lib/plugins/tag/iframe.ts: {% iframe url [width] [height] %}.
func iframe(args []string) string {
	var src *string
	if len(args) > 0 {
		src = ptr(args[0])
	}
	width, height := "100%", "300"
	if len(args) > 1 && args[1] != "" && args[1] != "default" {
		width = args[1]
	}
	if len(args) > 2 && args[2] != "" && args[2] != "default" {
		height = args[2]
	}
	return htmlTag("iframe", []attr{
		opt("src", src), val("width", width), val("height", height),
		val("frameborder", "0"), val("loading", "lazy"), {name: "allowfullscreen", flag: true},
	}, ptr(""), true)
}

// youtube is hexo-tag-embed lib/tags/youtube.ts:
// {% youtube id [video|playlist] [cookie] %}. The plugin is typed for a
// boolean cookie argument but gets the string "false", which JavaScript
// finds true; here "false" turns cookies off, as the plugin means.
func youtube(args []string) string {
	id, kind, cookie := "", "video", true
	if len(args) > 0 {
		id = args[0]
	}
	rest := args[min(1, len(args)):]
	if len(rest) > 0 && (rest[0] == "true" || rest[0] == "false") {
		cookie = rest[0] == "true"
	} else if len(rest) > 0 {
		kind = rest[0]
		if len(rest) > 1 {
			cookie = rest[1] != "false"
		}
	}
	host := "https://www.youtube.com"
	if !cookie {
		host = "https://www.youtube-nocookie.com"
	}
	embed := "/embed/"
	if kind != "video" {
		embed = "/embed/videoseries?list="
	}
	frame := htmlTag("iframe", []attr{
		val("src", host+embed+id), val("frameborder", "0"), val("loading", "lazy"),
		{name: "allowfullscreen", flag: true},
	}, ptr(""), true)
	return htmlTag("div", []attr{val("class", "video-container")}, &frame, false)
}

// label is hexo-theme-next scripts/tags/label.js: {% label [class]@text %}.
func label(args []string) string {
	parts := strings.Split(strings.Join(args, " "), "@")
	class, text := parts[0], ""
	if len(parts) > 1 {
		text = parts[1]
	}
	return `<mark class="label ` + strings.TrimSpace(class) + `">` + text + `</mark>`
}

// button is hexo-theme-next scripts/tags/button.js:
// {% button url, text, icon, title %}.
func button(args []string) string {
	parts := strings.Split(strings.Join(args, " "), ",")
	at := func(i int) string {
		if i < len(parts) {
			return strings.TrimSpace(parts[i])
		}
		return ""
	}
	href, text, icon, title := parts[0], at(1), at(2), at(3)
	if icon != "" {
		if !strings.HasPrefix(icon, "fa") {
			icon = "fa fa-" + icon
		}
		icon = `<i class="` + icon + `"></i>`
	}
	if title != "" {
		title = ` title="` + title + `"`
	}
	return `<a class="btn" href="` + href + `"` + title + `>` + icon + text + `</a>`
}

// video is hexo-theme-next scripts/tags/video.js: {% video url [poster] %}.
func video(args []string) string {
	src, poster := "", ""
	if len(args) > 0 {
		src = args[0]
	}
	if len(args) > 1 {
		poster = args[1]
	}
	return `<video src="` + src + `" preload="metadata" controlslist="nodownload" controls playsinline poster="` + poster + `"></video>`
}

// postLink is hexo lib/plugins/tag/post_link.ts, once the post is found:
// {% post_link slug[#hash] [title] [escape] %}.
func postLink(args []string, url, postTitle string) string {
	args = args[1:]
	if n := len(args); n > 0 && (args[n-1] == "true" || args[n-1] == "false") {
		escape := args[n-1] == "true"
		args = args[:n-1]
		return postLinkHTML(args, url, postTitle, escape)
	}
	return postLinkHTML(args, url, postTitle, true)
}

func postLinkHTML(args []string, url, postTitle string, escape bool) string {
	title := postTitle
	if len(args) > 0 {
		title = strings.Join(args, " ")
	}
	if escape {
		title = escapeHTML(title)
	}
	return `<a href="` + url + `" title="` + escapeHTML(postTitle) + `">` + title + `</a>`
}

// slugAndHash splits post_link's first argument at '#' as post_link.ts
// does (only when there is exactly one '#').
func slugAndHash(s string) (slug, hash string) {
	if parts := strings.Split(s, "#"); len(parts) == 2 {
		return parts[0], parts[1]
	}
	return s, ""
}

// assetLink is hexo lib/plugins/tag/asset_link.ts, once the asset is
// found: {% asset_link slug [title] [escape] %}.
func assetLink(args []string, url string) string {
	slug := args[0]
	args = args[1:]
	escape := true
	if n := len(args); n > 0 && (args[n-1] == "true" || args[n-1] == "false") {
		escape = args[n-1] == "true"
		args = args[:n-1]
	}
	title := slug
	if len(args) > 0 {
		title = strings.Join(args, " ")
	}
	attrTitle := escapeHTML(title)
	if escape {
		title = attrTitle
	}
	return `<a href="` + url + `" title="` + attrTitle + `">` + title + `</a>`
}
