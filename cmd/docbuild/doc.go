/*
Docbuild publishes Hexo-style blog posts as a static site and checks the
Kubernetes tutorials they contain.

Usage:

	docbuild <command> [flags]

The commands are:

	build     render the site into public/
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
