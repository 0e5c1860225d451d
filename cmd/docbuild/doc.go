/*
Docbuild publishes Hexo-style blog posts as a static site and checks the
Kubernetes tutorials they contain.

Usage:

	docbuild <command> [flags]

The commands are:

	build     render the site into public/
	serve     preview the site, rebuilding on save and showing check findings
	check     replay the posts' manifests and transcripts and report stale outputs
	replay    print a post's transcript as the simulator runs it
	new       create a post
	version   print docbuild's version and the Kubernetes version it models

Run "docbuild <command> -h" for the flags of a command.

# build

	docbuild build [--source DIR] [--dest DIR] [--drafts] [--future] [--cache-dir DIR]

Build reads the site in DIR (default: the current directory): its configuration
(docbuild.yaml, else Hexo's _config.yml), the posts in content/_posts/ (source/_posts/
in a Hexo tree), the drafts in _drafts/ (with --drafts), the other Markdown files as
standalone pages and every other file as an asset. It writes the site to --dest
(default: the configuration's public_dir, public/), atomically: the new site is built
beside the old one, files whose bytes did not change are hard-linked rather than
rewritten, and the directories are swapped at the end. When any post fails, every
error is printed as file:line: message, the other posts are still rendered, the old
output is left untouched, and build exits with status 1.

--future also renders posts dated in the future (a Hexo tree does by default: its
future setting is true). --cache-dir DIR keeps highlighted code in DIR between builds
(by default nothing is kept).

# serve

	docbuild serve [--source DIR] [--port N] [--bind ADDR] [--drafts] [--future] [--no-check] [--poll]

Serve builds the site in memory and serves it on http://127.0.0.1:4000/ (the next free
port when 4000 is taken). It watches the content, the configuration and the theme,
rebuilds after each batch of changes, and reloads the open pages whose bytes changed
(stylesheets in place, scroll position kept). Each code block that check verified
carries a badge (accurate, stale, unverified; a stale one shows its diff on click);
build errors and check findings show in an overlay with file:line until fixed, while the
last good version of a broken page stays served. Drafts and future posts are shown;
--bind 0.0.0.0 exposes the preview to the network; --poll replaces file system
notifications by polling. Nothing is written to public/.

# check

	docbuild check [PATH…] [--format human|json|junit|github] [--fix[=patch]] [--strict]
	               [--explain FILE] [--kubernetes 1.37] [-j N] [-v]

Check reads each post (default: the site's posts) as a scenario: the manifests and the
files they are saved as, the commands at prompts, their shown outputs, fragments that
edit a file, sessions inside containers. It replays them on a fresh simulated cluster
per post, on a virtual clock, and reports every shown output that the modelled
Kubernetes release would not print, with file:line and a diff. --fix rewrites the stale
output lines in place (--fix=patch prints a unified diff instead); --explain shows how
every block and line was classified. Directives in HTML comments (skip, file=, no-compare,
wait, setup, strict) and a docbuild: map in the front matter settle what inference
cannot. Exit status: 0 nothing stale, 1 something stale, 2 usage error or unreadable
input.

# replay

	docbuild replay FILE [--kubernetes 1.37]

Replay prints the post's commands with the outputs the simulator gives, at the moments
check judged them: what an author copies into a new post.

# new

	docbuild new [--source DIR] [--lang LANG] [--draft] "Title"

New creates a post from the title: its file name follows new_post_name (":title.md"
by default: the title slugized like Hexo does), its front matter holds the title, the
current date in the site's time zone, empty tags and categories, and lang when given.
An existing file is never overwritten: "-1", "-2", … are appended instead. --draft puts
the post in _drafts/.

# version

	docbuild version

Version prints docbuild's version and the Kubernetes release whose behaviour
"docbuild check" models.

# Exit status

0 on success, 1 when the site has errors, 2 for usage errors.
*/
package main
