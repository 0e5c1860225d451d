package site

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/shortcodes"
)

// tagOptions returns the options of the Hexo tags (package shortcodes) for a site: links
// resolve through the site's linker, include_code reads the source directory's
// downloads/code (Hexo's code_dir), and URLs start with the site's root.
func tagOptions(cfg *page.Config, links *linker) shortcodes.Options {
	return shortcodes.Options{
		Resolver: links,
		Code:     dirFS(filepath.Join(cfg.Dir, cfg.SourceDir, "downloads", "code")),
		CodeDir:  "downloads/code",
		Root:     cfg.Root,
	}
}

// dirFS is os.DirFS of dir when it is a directory, nil otherwise (include_code then
// reports that it has no code directory).
func dirFS(dir string) fs.FS {
	if !isDir(dir) {
		return nil
	}
	return os.DirFS(dir)
}
