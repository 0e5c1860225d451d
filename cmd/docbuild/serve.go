package main

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/docbuild/docbuild/internal/serve"
	"github.com/docbuild/docbuild/verify"
)

func newServeCmd() *cobra.Command {
	var (
		source, bind, kubernetes string
		port                     int
		drafts, future, noCheck  bool
		strict, poll             bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Preview the site: rebuild on save, reload the browser, show check results in the page",
		Long: `serve builds the site into memory and serves it on 127.0.0.1 (--bind to widen). It watches
the content, the configuration and the theme; every save rebuilds the whole site and reloads
the open pages whose bytes changed (stylesheets are refreshed in place; the scroll position is
kept). Build errors and the check results of the page's post show in the page: a badge on each
code block (accurate, stale, unverified; a click on "stale" shows the diff) and an overlay with
file:line that goes away once fixed. A broken post keeps its last good page. Drafts and future
posts are shown unless --drafts=false / --future=false. Nothing is written to public/.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			parent := cmd.Context()
			if parent == nil {
				parent = context.Background()
			}
			ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
			defer stop()
			ln, err := serve.Listen(bind, port, !cmd.Flags().Changed("port"))
			if err != nil {
				return failed(err)
			}
			opts := serve.Options{
				Dir: source, Listener: ln, Drafts: drafts, Future: future,
				CacheDir: serveCacheDir(), Log: cmd.OutOrStdout(),
			}
			if poll {
				opts.Poll = 300 * time.Millisecond
			}
			if !noCheck {
				checker := verify.New(verify.Options{Cluster: verify.Simulator(), Kubernetes: kubernetes, Strict: strict})
				opts.Checker = serve.VerifyChecker(checker, strict)
			}
			s, err := serve.New(opts)
			if err != nil {
				ln.Close()
				return failed(err)
			}
			if err := s.Run(ctx); err != nil && ctx.Err() == nil {
				return failed(err)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&source, "source", "s", ".", "site directory (holding docbuild.yaml or _config.yml)")
	f.IntVarP(&port, "port", "p", 4000, "port (when 4000 is taken and --port is not given, the next free one)")
	f.StringVar(&bind, "bind", "127.0.0.1", "address to listen on (0.0.0.0 makes the preview reachable from the network)")
	f.BoolVar(&drafts, "drafts", true, "show drafts and unpublished posts")
	f.BoolVar(&future, "future", true, "show posts dated in the future")
	f.BoolVar(&noCheck, "no-check", false, "do not check the posts' examples")
	f.BoolVar(&strict, "strict", false, "abridged outputs, unbound files and ambiguous edits count as stale")
	f.StringVar(&kubernetes, "kubernetes", "", "Kubernetes minor to model (default: the newest)")
	f.BoolVar(&poll, "poll", false, "poll the files instead of using file system notifications")
	return cmd
}

// serveCacheDir is the highlight cache `docbuild build` uses too ("" when the system has no
// cache directory: the server then keeps one for its own run).
func serveCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "docbuild", "highlight")
}
